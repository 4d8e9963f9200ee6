//! Consistent, portable backups of the operational store.
//!
//! A backup is every table's rows, read inside one transaction (a snapshot on
//! both backends), written as gzip-compressed JSON. It restores into an empty
//! database of either kind, so a region can move from the embedded SQLite file
//! to PostgreSQL with `pathways backup` and `pathways restore`.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use sqlx::{AnyConnection, Row};

use crate::error::{Result, StoreError};
use crate::sql::{Sql, Value};
use crate::{Backend, Store};

/// Every table, parents before children (restore order). A test checks that
/// this list matches the migrated schema, so a new table cannot be forgotten.
pub const TABLES: &[&str] = &[
    "regions",
    "region_areas",
    "organizations",
    "occupations",
    "industries",
    "programs",
    "courses",
    "course_prerequisites",
    "credentials",
    "credential_occupations",
    "credential_stacks",
    "pathways",
    "pathway_occupations",
    "pathway_programs",
    "pathway_courses",
    "users",
    "sessions",
    "api_tokens",
    "audit_log",
    "students",
    "wbl_opportunities",
    "wbl_applications",
    "wbl_rounds",
    "wbl_round_results",
    "wbl_placements",
    "wbl_signoffs",
    "wbl_hours",
    "wbl_rubric_templates",
    "wbl_evaluations",
    "lmi_releases",
    "lmi_release_files",
    "lmi_rules",
    "employer_inputs",
    // Partnerships and governance (0003).
    "partnership_settings",
    "partnership_team_members",
    "partnership_meetings",
    "partnership_meeting_attendees",
    "partnership_action_items",
    "partnership_agreements",
    "partnership_agreement_parties",
    "partnership_agreement_elements",
    "partnership_agreement_purposes",
    "partnership_responsibilities",
    "partnership_goals",
    "partnership_initiatives",
    "partnership_funding_streams",
    "partnership_funding_allocations",
    "partnership_criteria",
    "partnership_ratings",
    // Advising (issue 8)
    "advising_plans",
    "advising_plan_versions",
    "advising_milestones",
    "advising_milestone_status",
    "advising_inventory",
    "advising_settings",
    "maps",
    "linkage_runs",
    // Participant data loads and metric results (0009).
    "analytics_loads",
    "metric_result_sets",
    "metric_results",
];

/// The backup file's content.
#[derive(Debug, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version of this file.
    pub format: u32,
    /// When it was taken (RFC 3339).
    pub taken_at: String,
    /// Backend it was taken from.
    pub source: String,
    /// Rows of each table, as column → value maps.
    pub tables: BTreeMap<String, TableRows>,
}

/// One table's columns and rows.
#[derive(Debug, Serialize, Deserialize)]
pub struct TableRows {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, values in column order.
    pub rows: Vec<Vec<Json>>,
}

impl TableRows {
    /// The position of column `name`, so callers can read and rewrite
    /// values (file paths, when a backup moves to another data directory).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

impl Snapshot {
    /// Writes the snapshot as gzip-compressed JSON.
    pub fn write(&self, out: impl Write) -> Result<()> {
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::default());
        serde_json::to_writer(&mut gz, self).map_err(|e| corrupt("snapshot", e.to_string()))?;
        gz.finish()
            .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        Ok(())
    }

    /// Reads a snapshot written by [`Snapshot::write`], refusing other formats.
    pub fn read(input: impl Read) -> Result<Snapshot> {
        let snap: Snapshot = serde_json::from_reader(flate2::read::GzDecoder::new(input))
            .map_err(|e| corrupt("snapshot", format!("not a Pathways backup: {e}")))?;
        if snap.format != 1 {
            return Err(corrupt(
                "snapshot",
                format!("unsupported backup format {}", snap.format),
            ));
        }
        Ok(snap)
    }

    /// Rows in all tables.
    pub fn rows(&self) -> usize {
        self.tables.values().map(|t| t.rows.len()).sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColType {
    Int,
    Float,
    Bool,
    Text,
}

async fn column_types(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
) -> Result<Vec<(String, ColType)>> {
    let mut sql = match backend {
        Backend::Sqlite => Sql::new("SELECT name AS n, type AS t FROM pragma_table_info("),
        Backend::Postgres => Sql::new(
            "SELECT CAST(column_name AS TEXT) AS n, CAST(data_type AS TEXT) AS t FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = (",
        ),
    };
    sql.bind(table).push(")");
    if backend == Backend::Postgres {
        sql.push(" ORDER BY ordinal_position");
    }
    let rows = sql.query().fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("n")?;
            let t: String = r.try_get("t")?;
            let t = t.to_ascii_lowercase();
            let kind = if t.contains("bool") {
                ColType::Bool
            } else if t.contains("int") {
                ColType::Int
            } else if t.contains("real")
                || t.contains("double")
                || t.contains("float")
                || t.contains("numeric")
            {
                ColType::Float
            } else {
                ColType::Text
            };
            Ok((name, kind))
        })
        .collect()
}

/// Tables the database actually has (excluding bookkeeping: the migrations
/// and the change counters, which every restored row moves anyway).
pub async fn schema_tables(store: &Store) -> Result<Vec<String>> {
    let sql = match store.backend() {
        Backend::Sqlite => {
            "SELECT name AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT IN ('_sqlx_migrations', 'change_counters')"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS n FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_type = 'BASE TABLE' AND table_name NOT IN ('_sqlx_migrations', 'change_counters')"
        }
    };
    let rows = Sql::new(sql).query().fetch_all(store.pool()).await?;
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("n"))
        .collect::<std::result::Result<_, _>>()?;
    out.sort();
    Ok(out)
}

fn corrupt(table: &str, message: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        table: "backup",
        column: "rows",
        message: format!("{table}: {}", message.into()),
    }
}

impl Store {
    /// Reads every table in one transaction and writes a compressed snapshot.
    pub async fn backup(&self, out: impl Write) -> Result<usize> {
        let snap = self.snapshot().await?;
        snap.write(out)?;
        Ok(snap.rows())
    }

    /// Reads every table in one transaction (a consistent snapshot).
    pub async fn snapshot(&self) -> Result<Snapshot> {
        let mut tx = self.begin().await?;
        if self.backend() == Backend::Postgres {
            // A consistent snapshot across all tables.
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let mut tables = BTreeMap::new();
        for table in TABLES {
            let cols = column_types(&mut tx, self.backend(), table).await?;
            let names: Vec<String> = cols.iter().map(|(n, _)| n.clone()).collect();
            let rows = Sql::new(&format!("SELECT {} FROM {table}", names.join(", ")))
                .query()
                .fetch_all(&mut *tx)
                .await?;
            let mut out_rows = Vec::with_capacity(rows.len());
            for r in &rows {
                let mut vals = Vec::with_capacity(cols.len());
                for (name, t) in &cols {
                    let v = match t {
                        ColType::Int => r.try_get::<Option<i64>, _>(name.as_str())?.map(Json::from),
                        ColType::Float => {
                            r.try_get::<Option<f64>, _>(name.as_str())?.map(Json::from)
                        }
                        ColType::Bool => match r.try_get::<Option<bool>, _>(name.as_str()) {
                            Ok(b) => b.map(Json::from),
                            Err(_) => r
                                .try_get::<Option<i64>, _>(name.as_str())?
                                .map(|i| Json::from(i != 0)),
                        },
                        ColType::Text => r
                            .try_get::<Option<String>, _>(name.as_str())?
                            .map(Json::from),
                    };
                    vals.push(v.unwrap_or(Json::Null));
                }
                out_rows.push(vals);
            }
            tables.insert(
                (*table).to_owned(),
                TableRows {
                    columns: names,
                    rows: out_rows,
                },
            );
        }
        tx.commit().await?;
        Ok(Snapshot {
            format: 1,
            taken_at: crate::sql::now(),
            source: format!("{:?}", self.backend()).to_lowercase(),
            tables,
        })
    }

    /// Restores a snapshot into this (empty) database, in one transaction.
    pub async fn restore(&self, input: impl Read) -> Result<usize> {
        self.restore_snapshot(&Snapshot::read(input)?).await
    }

    /// True when no table holds a row (a database a snapshot may restore into).
    pub async fn is_empty(&self) -> Result<bool> {
        for table in TABLES {
            let n: i64 = Sql::new(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .query()
                .fetch_one(self.pool())
                .await?
                .try_get("n")?;
            if n > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Restores `snap` into this (empty) database, in one transaction.
    pub async fn restore_snapshot(&self, snap: &Snapshot) -> Result<usize> {
        let mut tx = self.begin().await?;
        for table in TABLES {
            let n: i64 = Sql::new(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .query()
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
            if n > 0 {
                return Err(StoreError::Invalid(vec![pathways_domain::FieldError::new(
                    "database",
                    format!("restore needs an empty database, but {table} has {n} rows"),
                )]));
            }
        }
        let mut total = 0;
        for table in TABLES {
            let Some(data) = snap.tables.get(*table) else {
                continue;
            };
            let types: BTreeMap<String, ColType> = column_types(&mut tx, self.backend(), table)
                .await?
                .into_iter()
                .collect();
            for c in &data.columns {
                if !types.contains_key(c) {
                    return Err(corrupt(
                        table,
                        format!("column {c} does not exist in this database"),
                    ));
                }
            }
            for row in &data.rows {
                if row.len() != data.columns.len() {
                    return Err(corrupt(table, "a row has the wrong number of values"));
                }
                let mut sql = Sql::new(&format!(
                    "INSERT INTO {table} ({}) VALUES (",
                    data.columns.join(", ")
                ));
                for (i, (c, v)) in data.columns.iter().zip(row).enumerate() {
                    if i > 0 {
                        sql.push(", ");
                    }
                    let value = match (types[c], v) {
                        (ColType::Int, Json::Null) => Value::Int(None),
                        (ColType::Int, v) => Value::Int(Some(
                            v.as_i64()
                                .ok_or_else(|| corrupt(table, format!("{c} is not an integer")))?,
                        )),
                        // A typed null: PostgreSQL casts a bigint null into a float column.
                        (ColType::Float, Json::Null) => Value::Int(None),
                        (ColType::Float, v) => Value::Float(
                            v.as_f64()
                                .ok_or_else(|| corrupt(table, format!("{c} is not a number")))?,
                        ),
                        (ColType::Bool, v) => Value::Bool(
                            v.as_bool()
                                .or_else(|| v.as_i64().map(|i| i != 0))
                                .unwrap_or(false),
                        ),
                        (ColType::Text, Json::Null) => Value::Text(None),
                        (ColType::Text, v) => Value::Text(Some(
                            v.as_str()
                                .ok_or_else(|| corrupt(table, format!("{c} is not text")))?
                                .to_owned(),
                        )),
                    };
                    sql.bind(value);
                }
                sql.push(")");
                sql.query().execute(&mut *tx).await?;
                total += 1;
            }
            if self.backend() == Backend::Postgres
                && types.contains_key("id")
                && types["id"] == ColType::Int
            {
                // Identity columns continue after the restored ids.
                let setval = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                );
                sqlx::query(&setval).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        self.touch_catalog();
        Ok(total)
    }
}
