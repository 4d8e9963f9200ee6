//! Hours worked on a placement: logging, listing and approving them.

use pathways_domain::Validate;
use pathways_domain::catalog::Id;
use pathways_domain::placement::HoursInput;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, now};

use super::float_col;

/// Hours logged on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HoursEntry {
    /// Id.
    pub id: Id,
    /// Placement.
    pub placement_id: Id,
    /// Day.
    pub worked_on: String,
    /// Hours.
    pub hours: f64,
    /// What was done.
    pub activity: String,
    /// Who logged it.
    pub logged_by: Id,
    /// Their role.
    pub logged_role: String,
    /// Who approved it (the employer), if approved.
    pub approved_by: Option<Id>,
    /// When it was approved.
    pub approved_at: Option<String>,
    /// When it was logged.
    pub created_at: String,
}

fn hours_from(r: &AnyRow) -> Result<HoursEntry> {
    Ok(HoursEntry {
        id: r.try_get("id")?,
        placement_id: r.try_get("placement_id")?,
        worked_on: r.try_get("worked_on")?,
        hours: float_col(r, "hours")?,
        activity: r.try_get("activity")?,
        logged_by: r.try_get("logged_by")?,
        logged_role: r.try_get("logged_role")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get("approved_at")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Logs hours; `approved_by` set when the employer logs them itself.
    pub async fn log_hours(
        &self,
        placement_id: Id,
        h: &HoursInput,
        logged_by: Id,
        logged_role: &str,
        approved_by: Option<Id>,
    ) -> Result<HoursEntry> {
        h.validate().map_err(StoreError::Invalid)?;
        let ts = now();
        let mut sql = Sql::new(
            "INSERT INTO wbl_hours (placement_id, worked_on, hours, activity, logged_by, logged_role, approved_by, \
             approved_at, created_at) VALUES (",
        );
        sql.bind(placement_id)
            .push(", ")
            .bind(h.worked_on.as_str())
            .push(", ")
            .bind(h.hours)
            .push(", ")
            .bind(h.activity.trim())
            .push(", ")
            .bind(logged_by)
            .push(", ")
            .bind(logged_role)
            .push(", ")
            .bind(approved_by)
            .push(", ")
            .bind(approved_by.map(|_| ts.clone()))
            .push(", ")
            .bind(ts.as_str())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row = sql
            .query()
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "hours"))?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        self.hours_entry(id).await
    }

    /// One hours entry.
    pub async fn hours_entry(&self, id: Id) -> Result<HoursEntry> {
        let mut sql = Sql::new("SELECT * FROM wbl_hours WHERE id = ");
        sql.bind(id);
        let row = sql.fetch_found(self.pool(), "hours entry", id).await?;
        hours_from(&row)
    }

    /// A placement's hours, by day.
    pub async fn hours(&self, placement_id: Id) -> Result<Vec<HoursEntry>> {
        let mut sql = Sql::new("SELECT * FROM wbl_hours WHERE placement_id = ");
        sql.bind(placement_id).push(" ORDER BY worked_on, id");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(hours_from)
            .collect()
    }

    /// Approves an entry once; approving again is refused.
    pub async fn approve_hours(&self, id: Id, approved_by: Id) -> Result<HoursEntry> {
        let mut sql = Sql::new("UPDATE wbl_hours SET approved_by = ");
        sql.bind(approved_by)
            .push(", approved_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id)
            .push(" AND approved_by IS NULL");
        let mut tx = self.begin().await?;
        let n = sql.query().execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        let entry = self.hours_entry(id).await?;
        if n == 0 {
            return Err(StoreError::Duplicate {
                field: "id".into(),
                message: format!("hours entry {id} is already approved"),
            });
        }
        Ok(entry)
    }
}
