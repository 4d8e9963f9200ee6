//! The students' WBL records for the participant data contract, and the
//! site coordinates behind placement maps.

use std::collections::BTreeMap;

use pathways_domain::Problems;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{PlacementStatus, school_year};
use pathways_domain::wbl::{WblActivity, WblStage};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::Sql;
use crate::wbl::float;

use super::PlacementScope;

/// One row of the participant data contract's `wbl` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WblRecord {
    /// The student (the school's id, as `person_key`).
    pub person_key: String,
    /// School year (the calendar year it starts in).
    pub school_year: i64,
    /// Continuum stage.
    pub stage: WblStage,
    /// Activity.
    pub activity_type: WblActivity,
    /// Approved hours in that school year.
    pub hours: f64,
}

impl Store {
    /// Every student's WBL record per the participant data contract: one row
    /// per student, school year, stage and activity, with the approved hours.
    /// A placement that went active counts as participation even before any
    /// hours are approved (a 0-hour row in its first day's school year);
    /// draft, unsigned and withdrawn-before-active placements do not count.
    pub async fn wbl_records(&self) -> Result<Vec<WblRecord>> {
        let placements = self
            .placements(&PlacementScope::All, None)
            .await?
            .into_iter()
            .filter(|p| {
                pathways_domain::placement::is_underway(p.status)
                    || (p.status == PlacementStatus::Withdrawn && p.hours_approved > 0.0)
            });
        let mut rows: BTreeMap<(String, i64, &'static str, &'static str), WblRecord> =
            BTreeMap::new();
        for p in placements {
            let mut years: BTreeMap<i64, f64> = BTreeMap::new();
            for h in self.hours(p.id).await? {
                if h.approved_by.is_some()
                    && let Some(y) = school_year(&h.worked_on)
                {
                    *years.entry(y).or_default() += h.hours;
                }
            }
            if years.is_empty()
                && let Some(y) = school_year(&p.starts_on)
            {
                years.insert(y, 0.0);
            }
            for (y, hours) in years {
                let key = (
                    p.student_ref.clone(),
                    y,
                    p.stage.as_str(),
                    p.activity.as_str(),
                );
                rows.entry(key)
                    .or_insert_with(|| WblRecord {
                        person_key: p.student_ref.clone(),
                        school_year: y,
                        stage: p.stage,
                        activity_type: p.activity,
                        hours: 0.0,
                    })
                    .hours += hours;
            }
        }
        Ok(rows.into_values().collect())
    }

    /// Sets (or clears) an organization's coordinates.
    pub async fn set_organization_location(
        &self,
        id: Id,
        latitude: Option<f64>,
        longitude: Option<f64>,
    ) -> Result<()> {
        let mut p = Problems::new();
        pathways_domain::placement::location_problems(&mut p, latitude, longitude);
        p.finish().map_err(StoreError::Invalid)?;
        let mut sql = Sql::new("UPDATE organizations SET latitude = ");
        sql.bind(float(latitude))
            .push(", longitude = ")
            .bind(float(longitude))
            .push(" WHERE id = ")
            .bind(id);
        let mut tx = self.begin().await?;
        let n = sql.query().execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "organization",
                id: id.to_string(),
            });
        }
        Ok(())
    }

    /// An organization's coordinates, if set; a school without them falls
    /// back to its district's.
    pub async fn organization_location(&self, id: Id) -> Result<Option<(f64, f64)>> {
        let mut sql = Sql::new(
            "SELECT o.latitude AS lat, o.longitude AS lon, d.latitude AS dlat, d.longitude AS dlon \
             FROM organizations o LEFT JOIN organizations d ON d.id = o.parent_id WHERE o.id = ",
        );
        sql.bind(id);
        let r = sql.fetch_found(self.pool(), "organization", id).await?;
        let get = |c: &str| r.try_get::<Option<f64>, _>(c);
        Ok(
            match (get("lat")?, get("lon")?, get("dlat")?, get("dlon")?) {
                (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        )
    }
}
