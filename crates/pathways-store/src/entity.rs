//! Generic create/read/update/delete/list for catalog entities.
//!
//! Every catalog entity is a row in one table plus ordered child lists
//! (prerequisites, occupations, stacks). Describing each entity once — its
//! columns, its lists, the rows it refers to — lets one tested code path do
//! the writing: validation first, one transaction per write, optimistic
//! versions, and clear errors for dangling references and cycles.

use pathways_domain::catalog::{Id, Meta, Stored};
use pathways_domain::{FieldError, Validate};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::error::{Result, StoreError};
use crate::sql::{Sql, Value, now};

/// The type of the values in a child list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Ids of other rows.
    Id,
    /// Codes (SOC, OEWS area).
    Text,
}

/// An ordered child list stored in its own table.
#[derive(Debug)]
pub struct Relation {
    /// The JSON/CSV field name of the list.
    pub field: &'static str,
    /// Child table.
    pub table: &'static str,
    /// Column naming the owner row.
    pub owner: &'static str,
    /// Column holding the item.
    pub item: &'static str,
    /// Item type.
    pub kind: ItemKind,
    /// Table the items refer to, for id lists (checked before writing).
    pub refers_to: Option<(&'static str, &'static str)>,
    /// The relation points back into the same table and must stay acyclic.
    pub acyclic: bool,
}

/// A single-valued reference from a column to another table.
#[derive(Debug)]
pub struct Reference {
    /// The field/column.
    pub field: &'static str,
    /// Table referred to.
    pub table: &'static str,
    /// Entity name referred to, for messages.
    pub entity: &'static str,
}

/// Filters a list request may carry; each entity uses those that apply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    /// Case-insensitive text search in names, titles and codes.
    pub q: Option<String>,
    /// Organization sector, or pathway industry sector.
    pub sector: Option<String>,
    /// Program, credential or organization kind.
    pub kind: Option<String>,
    /// Region id.
    pub region_id: Option<Id>,
    /// Provider organization id.
    pub provider_id: Option<Id>,
    /// SOC code (exact or major-group prefix "29").
    pub soc: Option<String>,
    /// CIP code (exact, or 2-digit series "51").
    pub cip: Option<String>,
    /// Course level.
    pub level: Option<String>,
}

/// One page of a keyset-paginated list.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page<T> {
    /// The rows, in id order.
    pub items: Vec<T>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_cursor: Option<Id>,
}

impl<T> Page<T> {
    /// A page from rows fetched with `LIMIT limit + 1`: the extra row, if
    /// any, only says that another page follows.
    pub fn from_overfetch(mut items: Vec<T>, limit: u32, id: impl Fn(&T) -> Id) -> Self {
        let more = items.len() > limit as usize;
        items.truncate(limit as usize);
        let next_cursor = if more { items.last().map(id) } else { None };
        Page { items, next_cursor }
    }
}

/// Describes how a catalog entity is stored.
pub trait Entity: Validate + Clone + PartialEq + Send + Sync + Sized + 'static {
    /// Singular name for messages ("program").
    const NAME: &'static str;
    /// Table.
    const TABLE: &'static str;
    /// Scalar columns, in the order of [`Entity::values`].
    const COLUMNS: &'static [&'static str];
    /// Child lists, in the order of [`Entity::items`].
    const RELATIONS: &'static [Relation] = &[];
    /// Scalar references, checked before writing.
    const REFERENCES: &'static [Reference] = &[];
    /// Column whose text search applies (`q`).
    const SEARCH: &'static [&'static str];
    /// Natural key columns (a subset of `COLUMNS`), used by idempotent imports.
    const KEY: &'static [&'static str];

    /// Scalar values, in `COLUMNS` order.
    fn values(&self) -> Vec<Value>;
    /// Child list items, one vector per relation.
    fn items(&self) -> Vec<Vec<Value>>;
    /// Values of `REFERENCES` columns (None = not set).
    fn referenced_ids(&self) -> Vec<Option<Id>>;
    /// Rebuilds the input from a row and its lists.
    fn from_row(row: &AnyRow, lists: Lists) -> Result<Self>;
    /// Adds the entity's filter conditions (each starting with " AND ").
    fn filter(f: &ListFilter, sql: &mut Sql);
}

/// Child lists read back for one row.
#[derive(Debug, Default)]
pub struct Lists(Vec<Vec<Value>>);

impl Lists {
    /// Ids of relation `i`.
    pub fn ids(&self, i: usize) -> Vec<Id> {
        self.0
            .get(i)
            .map(|v| {
                v.iter()
                    .filter_map(|x| match x {
                        Value::Int(Some(n)) => Some(*n),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Texts of relation `i`, parsed.
    pub fn parsed<T, E: std::fmt::Display>(
        &self,
        i: usize,
        table: &'static str,
        parse: impl Fn(&str) -> std::result::Result<T, E>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for x in self.0.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if let Value::Text(Some(s)) = x {
                out.push(parse(s).map_err(|e| StoreError::Corrupt {
                    table,
                    column: "item",
                    message: e.to_string(),
                })?);
            }
        }
        Ok(out)
    }
}

fn meta(row: &AnyRow) -> Result<Meta> {
    Ok(Meta {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn select_list<E: Entity>() -> String {
    format!(
        "SELECT id, version, created_at, updated_at, {} FROM {} t",
        E::COLUMNS.join(", "),
        E::TABLE
    )
}

async fn load_lists<E: Entity>(conn: &mut AnyConnection, ids: &[Id]) -> Result<Vec<Lists>> {
    let mut out: Vec<Lists> = ids
        .iter()
        .map(|_| Lists(vec![Vec::new(); E::RELATIONS.len()]))
        .collect();
    if ids.is_empty() || E::RELATIONS.is_empty() {
        return Ok(out);
    }
    let index: std::collections::HashMap<Id, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    for (ri, rel) in E::RELATIONS.iter().enumerate() {
        let mut sql = Sql::new(&format!(
            "SELECT {owner} AS owner, {item} AS item FROM {table} WHERE {owner} IN (",
            owner = rel.owner,
            item = rel.item,
            table = rel.table
        ));
        sql.bind_list(ids)
            .push(&format!(") ORDER BY {}, position", rel.owner));
        let rows = sql.query().fetch_all(&mut *conn).await?;
        for r in rows {
            let owner: Id = r.try_get("owner")?;
            let v = match rel.kind {
                ItemKind::Id => Value::Int(Some(r.try_get("item")?)),
                ItemKind::Text => Value::Text(Some(r.try_get("item")?)),
            };
            if let Some(&i) = index.get(&owner) {
                out[i].0[ri].push(v);
            }
        }
    }
    Ok(out)
}

async fn rows_to_stored<E: Entity>(
    conn: &mut AnyConnection,
    rows: Vec<AnyRow>,
) -> Result<Vec<Stored<E>>> {
    let ids: Vec<Id> = rows
        .iter()
        .map(|r| r.try_get::<Id, _>("id"))
        .collect::<std::result::Result<_, _>>()?;
    let lists = load_lists::<E>(conn, &ids).await?;
    rows.iter()
        .zip(lists)
        .map(|(r, l)| {
            Ok(Stored {
                meta: meta(r)?,
                fields: E::from_row(r, l)?,
            })
        })
        .collect()
}

/// Reads one entity.
pub async fn get<E: Entity>(conn: &mut AnyConnection, id: Id) -> Result<Stored<E>> {
    let mut sql = Sql::new(&select_list::<E>());
    sql.push(" WHERE id = ").bind(id);
    let row = sql.fetch_found(&mut *conn, E::NAME, id).await?;
    let mut v = rows_to_stored::<E>(conn, vec![row]).await?;
    v.pop().ok_or_else(|| StoreError::NotFound {
        entity: E::NAME,
        id: id.to_string(),
    })
}

/// Lists entities in id order after `after`, at most `limit`.
pub async fn list<E: Entity>(
    conn: &mut AnyConnection,
    filter: &ListFilter,
    after: Option<Id>,
    limit: u32,
) -> Result<Page<Stored<E>>> {
    let mut sql = Sql::new(&select_list::<E>());
    sql.push(" WHERE 1 = 1");
    if let Some(a) = after {
        sql.push(" AND t.id > ").bind(a);
    }
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let pattern = format!("%{}%", q.trim().to_lowercase());
        sql.push(" AND (");
        for (i, col) in E::SEARCH.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            sql.push(&format!("lower(t.{col}) LIKE "))
                .bind(pattern.as_str());
        }
        sql.push(")");
    }
    E::filter(filter, &mut sql);
    sql.push(" ORDER BY t.id LIMIT ").bind(i64::from(limit) + 1);
    let mut rows = sql.query().fetch_all(&mut *conn).await?;
    // Child lists are loaded for this page's rows only, not the extra one.
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let items = rows_to_stored::<E>(conn, rows).await?;
    let next_cursor = if more {
        items.last().map(|s| s.meta.id)
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

/// Finds the row whose natural key equals the input's.
pub async fn find_by_key<E: Entity>(
    conn: &mut AnyConnection,
    input: &E,
) -> Result<Option<Stored<E>>> {
    let values = input.values();
    let mut sql = Sql::new(&select_list::<E>());
    sql.push(" WHERE 1 = 1");
    for k in E::KEY {
        let i = E::COLUMNS.iter().position(|c| c == k).unwrap_or(0);
        sql.push(&format!(" AND t.{k} = ")).bind(values[i].clone());
    }
    let Some(row) = sql.query().fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    Ok(rows_to_stored::<E>(conn, vec![row]).await?.pop())
}

async fn check_references<E: Entity>(conn: &mut AnyConnection, input: &E) -> Result<()> {
    let mut problems: Vec<FieldError> = Vec::new();
    for (r, id) in E::REFERENCES.iter().zip(input.referenced_ids()) {
        let Some(id) = id else { continue };
        let mut sql = Sql::new(&format!("SELECT id FROM {} WHERE id = ", r.table));
        sql.bind(id);
        if sql.query().fetch_optional(&mut *conn).await?.is_none() {
            problems.push(FieldError::new(
                r.field,
                format!("{} {id} does not exist", r.entity),
            ));
        }
    }
    for (rel, items) in E::RELATIONS.iter().zip(input.items()) {
        let Some((table, entity)) = rel.refers_to else {
            continue;
        };
        let ids: Vec<Id> = items
            .iter()
            .filter_map(|v| match v {
                Value::Int(Some(n)) => Some(*n),
                _ => None,
            })
            .collect();
        if ids.is_empty() {
            continue;
        }
        let mut sql = Sql::new(&format!("SELECT id FROM {table} WHERE id IN ("));
        sql.bind_list(&ids).push(")");
        let found: std::collections::HashSet<Id> = sql
            .query()
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get::<Id, _>("id"))
            .collect::<std::result::Result<_, _>>()?;
        for id in ids.iter().filter(|i| !found.contains(i)) {
            problems.push(FieldError::new(
                rel.field,
                format!("{entity} {id} does not exist"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems))
    }
}

/// Field rules and references together, so a user sees every problem at once.
async fn check_all<E: Entity>(conn: &mut AnyConnection, input: &E) -> Result<()> {
    let mut problems = input.validate().err().unwrap_or_default();
    match check_references(conn, input).await {
        Ok(()) => {}
        Err(StoreError::Invalid(more)) => problems.extend(more),
        Err(other) => return Err(other),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems))
    }
}

async fn write_lists<E: Entity>(conn: &mut AnyConnection, id: Id, input: &E) -> Result<()> {
    for (rel, items) in E::RELATIONS.iter().zip(input.items()) {
        let mut del = Sql::new(&format!("DELETE FROM {} WHERE {} = ", rel.table, rel.owner));
        del.bind(id);
        del.query().execute(&mut *conn).await?;
        for (pos, item) in items.into_iter().enumerate() {
            let mut ins = Sql::new(&format!(
                "INSERT INTO {} ({}, position, {}) VALUES (",
                rel.table, rel.owner, rel.item
            ));
            ins.bind(id)
                .push(", ")
                .bind(pos as i64)
                .push(", ")
                .bind(item)
                .push(")");
            ins.query()
                .execute(&mut *conn)
                .await
                .map_err(|e| StoreError::from_write(e, E::NAME))?;
        }
        if rel.acyclic {
            // Only rows reachable from this one can close a cycle through it,
            // so a recursive walk from here costs what the chain costs, not
            // what the whole table costs (imports write 50,000 courses).
            let mut walk = Sql::new(&format!(
                "WITH RECURSIVE reach(node) AS (SELECT {item} FROM {table} WHERE {owner} = ",
                item = rel.item,
                table = rel.table,
                owner = rel.owner
            ));
            walk.bind(id).push(&format!(
                " UNION SELECT r.{item} FROM {table} r JOIN reach ON r.{owner} = reach.node) \
                 SELECT node FROM reach WHERE node = ",
                item = rel.item,
                table = rel.table,
                owner = rel.owner
            ));
            walk.bind(id).push(" LIMIT 1");
            if walk.query().fetch_optional(&mut *conn).await?.is_some() {
                return Err(StoreError::Invalid(vec![FieldError::new(
                    rel.field,
                    format!(
                        "would create a cycle: {} {id} would depend on itself through these {}",
                        E::NAME,
                        rel.field
                    ),
                )]));
            }
        }
    }
    Ok(())
}

/// Creates an entity; the caller owns the transaction.
pub async fn create<E: Entity>(conn: &mut AnyConnection, input: &E) -> Result<Stored<E>> {
    let id = insert(conn, input).await?;
    get(conn, id).await
}

/// Checks and inserts an entity with its lists, returning only its id: the
/// import path writes tens of thousands of rows and needs no read-back.
pub(crate) async fn insert<E: Entity>(conn: &mut AnyConnection, input: &E) -> Result<Id> {
    check_all(conn, input).await?;
    let ts = now();
    let mut sql = Sql::new(&format!(
        "INSERT INTO {} ({}, created_at, updated_at) VALUES (",
        E::TABLE,
        E::COLUMNS.join(", ")
    ));
    for v in input.values() {
        sql.bind(v).push(", ");
    }
    sql.bind(ts.as_str())
        .push(", ")
        .bind(ts.as_str())
        .push(") RETURNING id");
    let row = sql
        .query()
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| StoreError::from_write(e, E::NAME))?;
    let id: Id = row.try_get("id")?;
    write_lists(conn, id, input).await?;
    Ok(id)
}

/// Replaces an entity's fields if `version` is still current.
pub async fn update<E: Entity>(
    conn: &mut AnyConnection,
    id: Id,
    version: i64,
    input: &E,
) -> Result<Stored<E>> {
    check_all(conn, input).await?;
    let mut sql = Sql::new(&format!("UPDATE {} SET ", E::TABLE));
    for (c, v) in E::COLUMNS.iter().zip(input.values()) {
        sql.push(&format!("{c} = ")).bind(v).push(", ");
    }
    sql.push("version = version + 1, updated_at = ")
        .bind(now())
        .push(" WHERE id = ")
        .bind(id)
        .push(" AND version = ")
        .bind(version);
    let done = sql
        .query()
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::from_write(e, E::NAME))?;
    if done.rows_affected() == 0 {
        let current = get::<E>(conn, id).await?;
        return Err(StoreError::Stale {
            entity: E::NAME,
            id,
            sent: version,
            current: current.meta.version,
        });
    }
    write_lists(conn, id, input).await?;
    get(conn, id).await
}

/// Deletes an entity; with `version`, only if it is still current.
pub async fn delete<E: Entity>(
    conn: &mut AnyConnection,
    id: Id,
    version: Option<i64>,
) -> Result<()> {
    let current = get::<E>(conn, id).await?;
    if let Some(v) = version
        && v != current.meta.version
    {
        return Err(StoreError::Stale {
            entity: E::NAME,
            id,
            sent: v,
            current: current.meta.version,
        });
    }
    let mut sql = Sql::new(&format!("DELETE FROM {} WHERE id = ", E::TABLE));
    sql.bind(id);
    sql.query().execute(&mut *conn).await.map_err(|e| match e {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::ForeignKeyViolation => {
            StoreError::InUse {
                entity: E::NAME,
                id,
                detail: "other catalog records refer to it".into(),
            }
        }
        other => StoreError::Database(other),
    })?;
    Ok(())
}

/// What an idempotent upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new row.
    Created(Id),
    /// An existing row whose fields changed.
    Updated(Id),
    /// An existing row already equal to the input.
    Unchanged(Id),
}

/// Creates or updates by natural key; writes nothing when the row is unchanged.
pub async fn upsert<E: Entity>(conn: &mut AnyConnection, input: &E) -> Result<Upserted> {
    match find_by_key(conn, input).await? {
        None => Ok(Upserted::Created(insert(conn, input).await?)),
        Some(existing) if existing.fields == *input => Ok(Upserted::Unchanged(existing.meta.id)),
        Some(existing) => {
            update(conn, existing.meta.id, existing.meta.version, input).await?;
            Ok(Upserted::Updated(existing.meta.id))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn overfetched_rows_say_whether_a_page_follows() {
        let p = Page::from_overfetch(vec![1i64, 2, 3], 2, |x| *x);
        assert_eq!((p.items, p.next_cursor), (vec![1, 2], Some(2)));
        let last = Page::from_overfetch(vec![1i64, 2], 2, |x| *x);
        assert_eq!((last.items, last.next_cursor), (vec![1, 2], None));
    }
}
