//! Stored, editable pathway maps.
//!
//! A map is one aggregate: its stages, components, conditions, edges and
//! credit equivalences only make sense together (a checked edit to one
//! component can touch edges and conditions that name it), so the store keeps
//! the whole [`pathways_maps::Pathway`] in one row and every edit is one
//! versioned read-modify-write, like the catalog's (a stale version is
//! [`StoreError::Stale`], which the API answers with 409).
//!
//! The row holds the map as its CTDL JSON-LD document, the serialization
//! `pathways-maps` proves lossless (its round-trip property test), so
//! properties an imported file carried that the model does not understand
//! survive every edit and come back out on export. Every write re-reads the
//! document it is about to store and refuses one that would not read back
//! identically, so a stored map can always be opened again.

use std::collections::BTreeSet;

use pathways_domain::FieldError;
use pathways_domain::catalog::{Id, Meta};
use pathways_maps::{Pathway, export_ctdl, import_ctdl};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, get_bool, now};

/// Who owns a map, where its wages come from, and whether the public sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MapSettings {
    /// The owning organization; partner staff of it may edit the map
    /// (none: only the convener edits it).
    #[serde(default)]
    pub organization_id: Option<Id>,
    /// The region whose labor-market data gives exits their wages.
    #[serde(default)]
    pub region_id: Option<Id>,
    /// The catalog pathway the map was derived from, if any.
    #[serde(default)]
    pub source_pathway_id: Option<Id>,
    /// Published maps are readable by everyone; drafts only by staff.
    #[serde(default)]
    pub published: bool,
}

/// A stored map: its row's metadata and settings, and the model itself.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMap {
    /// Id, version, timestamps.
    pub meta: Meta,
    /// Owner, region, source, publication.
    pub settings: MapSettings,
    /// The map.
    pub pathway: Pathway,
}

/// One line of the map list.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MapSummary {
    /// Id, version, timestamps.
    #[serde(flatten)]
    pub meta: Meta,
    /// The map's name.
    pub name: String,
    /// How many components it has.
    pub component_count: i64,
    /// Owner, region, source, publication.
    #[serde(flatten)]
    pub settings: MapSettings,
}

fn meta(r: &AnyRow) -> Result<Meta> {
    Ok(Meta {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn settings(r: &AnyRow) -> Result<MapSettings> {
    Ok(MapSettings {
        organization_id: r.try_get("organization_id")?,
        region_id: r.try_get("region_id")?,
        source_pathway_id: r.try_get("source_pathway_id")?,
        published: get_bool(r, "published")?,
    })
}

fn corrupt(message: String) -> StoreError {
    StoreError::Corrupt {
        table: "maps",
        column: "document",
        message,
    }
}

fn stored(r: &AnyRow) -> Result<StoredMap> {
    let text: String = r.try_get("document")?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
    let (pathway, _) = import_ctdl(&doc).map_err(|e| corrupt(e.to_string()))?;
    Ok(StoredMap {
        meta: meta(r)?,
        settings: settings(r)?,
        pathway,
    })
}

/// The rules every stored map keeps: unique ids, components in known stages,
/// and edges, conditions and equivalences that name components on the map.
/// Each problem names the field at fault.
pub fn validate(p: &Pathway) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if p.name.trim().is_empty() {
        errs.push(FieldError::new("name", "must not be empty"));
    }
    let mut stages = BTreeSet::new();
    for (i, s) in p.stages.iter().enumerate() {
        if s.id.trim().is_empty() || !stages.insert(s.id.as_str()) {
            errs.push(FieldError::new(
                format!("stages[{i}].id"),
                format!("stage id {:?} is empty or used twice", s.id),
            ));
        }
    }
    let mut ids = BTreeSet::new();
    for (i, c) in p.components.iter().enumerate() {
        if c.id.trim().is_empty() || !ids.insert(c.id.as_str()) {
            errs.push(FieldError::new(
                format!("components[{i}].id"),
                format!("component id {:?} is empty or used twice", c.id),
            ));
        }
        if !stages.contains(c.stage.as_str()) {
            errs.push(FieldError::new(
                format!("components[{i}].stage"),
                format!("stage {:?} is not on the map", c.stage),
            ));
        }
        if c.title.trim().is_empty() {
            errs.push(FieldError::new(
                format!("components[{i}].title"),
                "must not be empty",
            ));
        }
        for (j, cond) in c.conditions.iter().enumerate() {
            for t in &cond.targets {
                if !p.components.iter().any(|x| &x.id == t) {
                    errs.push(FieldError::new(
                        format!("components[{i}].conditions[{j}].targets"),
                        format!("component {t:?} is not on the map"),
                    ));
                }
            }
            if cond.required_number == 0 || cond.required_number as usize > cond.targets.len() {
                errs.push(FieldError::new(
                    format!("components[{i}].conditions[{j}].required_number"),
                    format!("must be between 1 and {}", cond.targets.len()),
                ));
            }
        }
    }
    let known = |id: &str| p.components.iter().any(|c| c.id == id);
    for e in &p.edges {
        for end in [&e.from, &e.to] {
            if !known(end) {
                errs.push(FieldError::new(
                    "edges",
                    format!("component {end:?} is not on the map"),
                ));
            }
        }
        if e.from == e.to {
            errs.push(FieldError::new(
                "edges",
                format!("{:?} cannot lead to itself", e.from),
            ));
        }
    }
    for a in &p.articulations {
        for end in [&a.from, &a.to] {
            if !known(end) {
                errs.push(FieldError::new(
                    "equivalences",
                    format!("component {end:?} is not on the map"),
                ));
            }
        }
    }
    errs
}

/// The document to store, refusing a map that is invalid or would not read
/// back identically.
fn document(p: &Pathway) -> Result<String> {
    let errs = validate(p);
    if !errs.is_empty() {
        return Err(StoreError::Invalid(errs));
    }
    let doc = export_ctdl(p);
    let back = import_ctdl(&doc).map_err(|e| {
        StoreError::Invalid(vec![FieldError::new(
            "map",
            format!("cannot be stored: {e}"),
        )])
    })?;
    if &back.0 != p {
        return Err(StoreError::Invalid(vec![FieldError::new(
            "map",
            "cannot be stored losslessly as CTDL (a kept property collides with a modelled one)",
        )]));
    }
    Ok(doc.to_string())
}

const COLUMNS: &str = "id, name, organization_id, region_id, source_pathway_id, published, \
                       component_count, document, version, created_at, updated_at";

impl Store {
    /// Stores a new map. A map without an id gets `map-<row id>`, which its
    /// CTIDs derive from.
    pub async fn create_map(
        &self,
        settings: &MapSettings,
        mut pathway: Pathway,
    ) -> Result<StoredMap> {
        let mut tx = self.begin().await?;
        let ts = now();
        let placeholder = pathway.id.trim().is_empty();
        if placeholder {
            pathway.id = "map-new".into();
        }
        let doc = document(&pathway)?;
        let mut sql = Sql::new(
            "INSERT INTO maps (name, organization_id, region_id, source_pathway_id, published, \
             component_count, document, version, created_at, updated_at) VALUES (",
        );
        sql.bind(pathway.name.as_str())
            .push(", ")
            .bind(settings.organization_id)
            .push(", ")
            .bind(settings.region_id)
            .push(", ")
            .bind(settings.source_pathway_id)
            .push(", ")
            .bind(settings.published)
            .push(", ")
            .bind(pathway.components.len() as i64)
            .push(", ")
            .bind(doc)
            .push(", 1, ")
            .bind(ts.as_str())
            .push(", ")
            .bind(ts.as_str())
            .push(") RETURNING id");
        let id: i64 = sql
            .query()
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "map"))?
            .try_get("id")?;
        if placeholder {
            pathway.id = format!("map-{id}");
            let mut sql = Sql::new("UPDATE maps SET document = ");
            sql.bind(document(&pathway)?).push(" WHERE id = ").bind(id);
            sql.query().execute(&mut *tx).await?;
        }
        let out = Self::map_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn map_in(conn: &mut sqlx::AnyConnection, id: Id) -> Result<StoredMap> {
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM maps WHERE id = "));
        sql.bind(id);
        let row = sql.fetch_found(&mut *conn, "map", id).await?;
        stored(&row)
    }

    /// Reads a map.
    pub async fn map(&self, id: Id) -> Result<StoredMap> {
        Self::map_in(&mut *self.conn().await?, id).await
    }

    /// Every map, oldest first; only published ones when `published_only`.
    pub async fn maps(&self, published_only: bool) -> Result<Vec<MapSummary>> {
        let mut sql = Sql::new(
            "SELECT id, name, organization_id, region_id, source_pathway_id, published, \
             component_count, version, created_at, updated_at FROM maps",
        );
        if published_only {
            sql.push(" WHERE published = ").bind(true);
        }
        sql.push(" ORDER BY id");
        let rows = sql.query().fetch_all(&mut *self.conn().await?).await?;
        rows.iter()
            .map(|r| {
                Ok(MapSummary {
                    meta: meta(r)?,
                    name: r.try_get("name")?,
                    component_count: r.try_get("component_count")?,
                    settings: settings(r)?,
                })
            })
            .collect()
    }

    /// Applies `edit` to the map if `version` is current, validates the
    /// result and stores it as the next version, all in one transaction.
    /// An error from `edit` leaves the map as it was.
    pub async fn edit_map<F>(&self, id: Id, version: i64, edit: F) -> Result<StoredMap>
    where
        F: FnOnce(&mut MapSettings, &mut Pathway) -> Result<()>,
    {
        let mut tx = self.begin().await?;
        let mut current = Self::map_in(&mut tx, id).await?;
        if current.meta.version != version {
            return Err(StoreError::Stale {
                entity: "map",
                id,
                sent: version,
                current: current.meta.version,
            });
        }
        edit(&mut current.settings, &mut current.pathway)?;
        let doc = document(&current.pathway)?;
        let s = &current.settings;
        let mut sql = Sql::new("UPDATE maps SET name = ");
        sql.bind(current.pathway.name.as_str())
            .push(", organization_id = ")
            .bind(s.organization_id)
            .push(", region_id = ")
            .bind(s.region_id)
            .push(", source_pathway_id = ")
            .bind(s.source_pathway_id)
            .push(", published = ")
            .bind(s.published)
            .push(", component_count = ")
            .bind(current.pathway.components.len() as i64)
            .push(", document = ")
            .bind(doc)
            .push(", version = version + 1, updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id)
            .push(" AND version = ")
            .bind(version);
        let done = sql
            .query()
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "map"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Stale {
                entity: "map",
                id,
                sent: version,
                current: version + 1,
            });
        }
        let out = Self::map_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Deletes a map; with `version`, only if it is still current.
    pub async fn delete_map(&self, id: Id, version: Option<i64>) -> Result<()> {
        let mut tx = self.begin().await?;
        let current = Self::map_in(&mut tx, id).await?;
        if let Some(v) = version
            && v != current.meta.version
        {
            return Err(StoreError::Stale {
                entity: "map",
                id,
                sent: v,
                current: current.meta.version,
            });
        }
        let mut sql = Sql::new("DELETE FROM maps WHERE id = ");
        sql.bind(id);
        sql.query().execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_names_each_broken_reference() {
        let mut p = pathways_maps::examples::health_science_rn();
        assert!(validate(&p).is_empty());
        p.edges.insert(pathways_maps::Edge {
            from: "cna".into(),
            to: "nowhere".into(),
            kind: pathways_maps::EdgeKind::Precedes,
        });
        p.components[0].stage = "grade-13".into();
        let errs = validate(&p);
        assert!(
            errs.iter()
                .any(|e| e.field == "edges" && e.message.contains("nowhere"))
        );
        assert!(errs.iter().any(|e| e.field == "components[0].stage"));
    }

    #[test]
    fn the_example_is_storable() {
        let p = pathways_maps::examples::health_science_rn();
        let doc = document(&p).unwrap();
        let back = import_ctdl(&serde_json::from_str(&doc).unwrap()).unwrap().0;
        assert_eq!(back, p);
    }
}
