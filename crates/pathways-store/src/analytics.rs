//! Participant-data loads and metric result sets.
//!
//! The store keeps which participant files were loaded (by checksum, so the
//! same files load once) and where their Parquet tables are, and the metric
//! results computed from them, unsuppressed: public pages and endpoints pass
//! them through suppression before anything leaves.

use sqlx::Row;

use crate::Store;
use crate::error::Result;
use crate::sql::{Sql, get_bool, now};

/// A registered load.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct DataLoad {
    /// Id.
    pub id: i64,
    /// SHA-256 of the source files.
    pub checksum: String,
    /// Folder of the Parquet tables.
    pub path: String,
    /// Where the files came from.
    pub source: String,
    /// Rows per table (JSON).
    pub row_counts: String,
    /// When (RFC 3339).
    pub loaded_at: String,
    /// The load metrics use.
    pub is_current: bool,
}

/// What registering did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// A new load, now current.
    New(i64),
    /// These files were already loaded (nothing changed).
    AlreadyLoaded(DataLoad),
}

/// One stored metric cell.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MetricResult {
    /// Metric id.
    pub metric_id: String,
    /// Grouping (`all` for the whole cohort).
    pub group_by: String,
    /// Group.
    pub group_value: String,
    /// Numerator.
    pub numerator: i64,
    /// Denominator.
    pub denominator: i64,
    /// Rate, or median for median metrics.
    pub rate: Option<f64>,
    /// Whether the rate is a median.
    pub is_median: bool,
}

/// A stored result set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ResultSet {
    /// Id.
    pub id: i64,
    /// The load it was computed from.
    pub load_id: Option<i64>,
    /// Label.
    pub label: String,
    /// The metric definitions used (JSON array of specs).
    pub metrics: String,
    /// When (RFC 3339).
    pub created_at: String,
}

fn load_row(r: &sqlx::any::AnyRow) -> Result<DataLoad> {
    Ok(DataLoad {
        id: r.try_get("id")?,
        checksum: r.try_get("checksum")?,
        path: r.try_get("path")?,
        source: r.try_get("source")?,
        row_counts: r.try_get("row_counts")?,
        loaded_at: r.try_get("loaded_at")?,
        is_current: get_bool(r, "is_current")?,
    })
}

impl Store {
    /// The load with this checksum, if any.
    pub async fn data_load_by_checksum(&self, checksum: &str) -> Result<Option<DataLoad>> {
        let mut q = Sql::new("SELECT * FROM analytics_loads WHERE checksum = ");
        q.bind(checksum);
        q.query()
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(load_row)
            .transpose()
    }

    /// Registers a load (idempotent by checksum) and makes it current.
    pub async fn register_data_load(
        &self,
        checksum: &str,
        path: &str,
        source: &str,
        row_counts: &str,
    ) -> Result<Registered> {
        if let Some(l) = self.data_load_by_checksum(checksum).await? {
            return Ok(Registered::AlreadyLoaded(l));
        }
        let mut tx = self.begin().await?;
        Sql::new("UPDATE analytics_loads SET is_current = ")
            .bind(false)
            .query()
            .execute(&mut *tx)
            .await?;
        let mut ins = Sql::new(
            "INSERT INTO analytics_loads (checksum, path, source, row_counts, loaded_at, is_current) VALUES (",
        );
        ins.bind(checksum)
            .push(", ")
            .bind(path)
            .push(", ")
            .bind(source)
            .push(", ")
            .bind(row_counts)
            .push(", ")
            .bind(now())
            .push(", ")
            .bind(true)
            .push(") RETURNING id");
        let id: i64 = ins.query().fetch_one(&mut *tx).await?.try_get("id")?;
        tx.commit().await?;
        Ok(Registered::New(id))
    }

    /// The current load, if any.
    pub async fn current_data_load(&self) -> Result<Option<DataLoad>> {
        let mut q = Sql::new("SELECT * FROM analytics_loads WHERE is_current = ");
        q.bind(true);
        q.query()
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(load_row)
            .transpose()
    }

    /// Every load, newest first.
    pub async fn data_loads(&self) -> Result<Vec<DataLoad>> {
        Sql::new("SELECT * FROM analytics_loads ORDER BY id DESC")
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(load_row)
            .collect()
    }

    /// Stores a result set in one transaction and makes it current.
    pub async fn store_metric_results(
        &self,
        load_id: Option<i64>,
        label: &str,
        metrics_json: &str,
        cells: &[MetricResult],
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        Sql::new("UPDATE metric_result_sets SET is_current = ")
            .bind(false)
            .query()
            .execute(&mut *tx)
            .await?;
        let mut ins = Sql::new(
            "INSERT INTO metric_result_sets (load_id, label, metrics, created_at, is_current) VALUES (",
        );
        ins.bind(load_id)
            .push(", ")
            .bind(label)
            .push(", ")
            .bind(metrics_json)
            .push(", ")
            .bind(now())
            .push(", ")
            .bind(true)
            .push(") RETURNING id");
        let id: i64 = ins.query().fetch_one(&mut *tx).await?.try_get("id")?;
        for chunk in cells.chunks(100) {
            let mut q = Sql::new(
                "INSERT INTO metric_results (set_id, metric_id, group_by, group_value, numerator, \
                 denominator, rate, is_median) VALUES ",
            );
            for (i, c) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.push("(")
                    .bind(id)
                    .push(", ")
                    .bind(c.metric_id.as_str())
                    .push(", ")
                    .bind(c.group_by.as_str())
                    .push(", ")
                    .bind(c.group_value.as_str())
                    .push(", ")
                    .bind(c.numerator)
                    .push(", ")
                    .bind(c.denominator)
                    .push(", ");
                match c.rate {
                    Some(r) => q.bind(r),
                    None => q.push("NULL"),
                };
                q.push(", ").bind(c.is_median).push(")");
            }
            q.query().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The id of the current result set, if any: one small row, so caches
    /// of the results can tell whether a newer set was stored (by this
    /// process or by `pathways metrics run` elsewhere) before reusing theirs.
    pub async fn current_metric_set_id(&self) -> Result<Option<i64>> {
        let mut q = Sql::new("SELECT id FROM metric_result_sets WHERE is_current = ");
        q.bind(true);
        match q.query().fetch_optional(self.pool()).await? {
            Some(r) => Ok(Some(r.try_get("id")?)),
            None => Ok(None),
        }
    }

    /// The current result set and its cells, if any.
    pub async fn current_metric_results(&self) -> Result<Option<(ResultSet, Vec<MetricResult>)>> {
        let mut q = Sql::new("SELECT * FROM metric_result_sets WHERE is_current = ");
        q.bind(true);
        let Some(r) = q.query().fetch_optional(self.pool()).await? else {
            return Ok(None);
        };
        let set = ResultSet {
            id: r.try_get("id")?,
            load_id: r.try_get("load_id")?,
            label: r.try_get("label")?,
            metrics: r.try_get("metrics")?,
            created_at: r.try_get("created_at")?,
        };
        let mut c = Sql::new("SELECT * FROM metric_results WHERE set_id = ");
        c.bind(set.id)
            .push(" ORDER BY metric_id, group_by, group_value");
        let cells = c
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(MetricResult {
                    metric_id: r.try_get("metric_id")?,
                    group_by: r.try_get("group_by")?,
                    group_value: r.try_get("group_value")?,
                    numerator: r.try_get("numerator")?,
                    denominator: r.try_get("denominator")?,
                    rate: r.try_get("rate")?,
                    is_median: get_bool(r, "is_median")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some((set, cells)))
    }
}
