//! Advising records: students' plans with every change kept as a version,
//! the region's milestones and each student's status with evidence, and
//! interest-inventory results.
//!
//! A plan is stored as JSON (the engine's `PlanInput`) beside its latest
//! check report, so a plan that names a course the school does not offer, or
//! a course before its prerequisite, is saved as a draft with its findings
//! rather than refused.

mod catalog;
pub use catalog::BulkCheck;
mod milestones;

use pathways_advising::Report;
use pathways_advising::plan::{PlanInput, PlanStatus};
use pathways_domain::catalog::Id;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, get_bool, now};

pub use milestones::InventoryResult;

/// Who made a change, for the version history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Actor {
    /// The user, when a signed-in person (None: an import or the system).
    pub user_id: Option<Id>,
    /// Their role.
    pub role: String,
    /// Their display name.
    pub name: String,
}

/// A stored plan with its latest check.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct StoredPlan {
    /// Id.
    pub id: Id,
    /// The student.
    pub student_ref: String,
    /// Review status.
    pub status: PlanStatus,
    /// The latest check found no errors.
    pub on_track: bool,
    /// Incremented on every change; send it back as `If-Match`.
    pub version: i64,
    /// The plan.
    pub plan: PlanInput,
    /// The latest check.
    pub report: Report,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
    /// Who last changed it.
    pub updated_by: Option<Id>,
    /// The counselor who approved it.
    pub approved_by: Option<Id>,
    /// When.
    pub approved_at: Option<String>,
}

/// One version of a plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct PlanVersion {
    /// Version number.
    pub version: i64,
    /// Status after the change.
    pub status: PlanStatus,
    /// The plan as it was.
    pub plan: PlanInput,
    /// "saved", "approved" or "imported".
    pub change: String,
    /// Who.
    pub changed_by: Actor,
    /// When (RFC 3339).
    pub changed_at: String,
}

fn corrupt(column: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table: "advising_plans",
        column,
        message: e.to_string(),
    }
}

fn status_of(text: &str) -> Result<PlanStatus> {
    PlanStatus::parse(text).ok_or_else(|| corrupt("status", format!("unknown status {text:?}")))
}

fn plan_from(r: &AnyRow) -> Result<StoredPlan> {
    let plan: String = r.try_get("plan")?;
    let report: String = r.try_get("report")?;
    let status: String = r.try_get("status")?;
    Ok(StoredPlan {
        id: r.try_get("id")?,
        student_ref: r.try_get("student_ref")?,
        status: status_of(&status)?,
        on_track: get_bool(r, "on_track")?,
        version: r.try_get("version")?,
        plan: serde_json::from_str(&plan).map_err(|e| corrupt("plan", e))?,
        report: serde_json::from_str(&report).map_err(|e| corrupt("report", e))?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        updated_by: r.try_get("updated_by")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get("approved_at")?,
    })
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| corrupt("plan", e))
}

async fn add_version(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    p: &StoredPlan,
    change: &str,
    actor: &Actor,
) -> Result<()> {
    let mut sql = Sql::new(
        "INSERT INTO advising_plan_versions (plan_id, version, status, plan, change, changed_by, \
         changed_by_role, changed_by_name, changed_at) VALUES (",
    );
    sql.bind(p.id)
        .push(", ")
        .bind(p.version)
        .push(", ")
        .bind(p.status.as_str())
        .push(", ")
        .bind(json(&p.plan)?)
        .push(", ")
        .bind(change)
        .push(", ")
        .bind(actor.user_id)
        .push(", ")
        .bind(actor.role.as_str())
        .push(", ")
        .bind(actor.name.as_str())
        .push(", ")
        .bind(p.updated_at.as_str())
        .push(")");
    sql.query().execute(&mut **tx).await?;
    Ok(())
}

/// Which plans a listing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanScope {
    /// Every plan (convener).
    All,
    /// Students of a school, or of a district's schools.
    School(Id),
}

impl Store {
    /// A student's plan.
    pub async fn plan(&self, student_ref: &str) -> Result<Option<StoredPlan>> {
        let mut sql = Sql::new("SELECT * FROM advising_plans WHERE student_ref = ");
        sql.bind(student_ref);
        sql.query()
            .fetch_optional(self.pool())
            .await?
            .map(|r| plan_from(&r))
            .transpose()
    }

    /// Plans in a scope.
    pub async fn plans(&self, scope: PlanScope) -> Result<Vec<StoredPlan>> {
        let mut sql = Sql::new("SELECT p.* FROM advising_plans p");
        if let PlanScope::School(s) = scope {
            sql.push(" JOIN students s ON s.student_ref = p.student_ref WHERE (s.school_id = ")
                .bind(s)
                .push(" OR s.school_id IN (SELECT id FROM organizations WHERE parent_id = ")
                .bind(s)
                .push("))");
        }
        sql.push(" ORDER BY p.student_ref");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(plan_from)
            .collect()
    }

    /// Saves a plan and its check as a new version. `version` is the one the
    /// writer read (None: the student has no plan yet); a stale one is refused.
    /// A plan with errors is saved as a draft; one without waits for approval.
    pub async fn save_plan(
        &self,
        student_ref: &str,
        version: Option<i64>,
        plan: &PlanInput,
        report: &Report,
        actor: &Actor,
        change: &str,
    ) -> Result<StoredPlan> {
        let ts = now();
        let status = if report.on_track {
            PlanStatus::Submitted
        } else {
            PlanStatus::Draft
        };
        let mut tx = self.begin().await?;
        let current = {
            let mut q = Sql::new("SELECT * FROM advising_plans WHERE student_ref = ");
            q.bind(student_ref);
            q.query()
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| plan_from(&r))
                .transpose()?
        };
        let saved = match (current, version) {
            (Some(c), Some(v)) if c.version == v => {
                let mut sql = Sql::new("UPDATE advising_plans SET status = ");
                sql.bind(status.as_str())
                    .push(", on_track = ")
                    .bind(report.on_track)
                    .push(", plan = ")
                    .bind(json(plan)?)
                    .push(", report = ")
                    .bind(json(report)?)
                    .push(", version = version + 1, updated_at = ")
                    .bind(ts.as_str())
                    .push(", updated_by = ")
                    .bind(actor.user_id)
                    .push(", approved_by = NULL, approved_at = NULL WHERE id = ")
                    .bind(c.id)
                    .push(" AND version = ")
                    .bind(v);
                sql.query().execute(&mut *tx).await?;
                StoredPlan {
                    status,
                    on_track: report.on_track,
                    version: v + 1,
                    plan: plan.clone(),
                    report: report.clone(),
                    updated_at: ts.clone(),
                    updated_by: actor.user_id,
                    approved_by: None,
                    approved_at: None,
                    ..c
                }
            }
            (Some(c), sent) => {
                return Err(StoreError::Stale {
                    entity: "plan",
                    id: c.id,
                    sent: sent.unwrap_or(0),
                    current: c.version,
                });
            }
            (None, Some(v)) if v != 0 => {
                return Err(StoreError::NotFound {
                    entity: "plan",
                    id: student_ref.to_owned(),
                });
            }
            (None, _) => {
                let mut sql = Sql::new(
                    "INSERT INTO advising_plans (student_ref, status, on_track, plan, report, version, \
                     created_at, updated_at, updated_by) VALUES (",
                );
                sql.bind(student_ref)
                    .push(", ")
                    .bind(status.as_str())
                    .push(", ")
                    .bind(report.on_track)
                    .push(", ")
                    .bind(json(plan)?)
                    .push(", ")
                    .bind(json(report)?)
                    .push(", 1, ")
                    .bind(ts.as_str())
                    .push(", ")
                    .bind(ts.as_str())
                    .push(", ")
                    .bind(actor.user_id)
                    .push(") RETURNING id");
                let row =
                    sql.query().fetch_one(&mut *tx).await.map_err(
                        |e| match StoreError::from_write(e, "plan") {
                            StoreError::Invalid(_) => StoreError::NotFound {
                                entity: "student",
                                id: student_ref.to_owned(),
                            },
                            other => other,
                        },
                    )?;
                StoredPlan {
                    id: row.try_get("id")?,
                    student_ref: student_ref.to_owned(),
                    status,
                    on_track: report.on_track,
                    version: 1,
                    plan: plan.clone(),
                    report: report.clone(),
                    created_at: ts.clone(),
                    updated_at: ts.clone(),
                    updated_by: actor.user_id,
                    approved_by: None,
                    approved_at: None,
                }
            }
        };
        add_version(&mut tx, &saved, change, actor).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// A counselor approves the plan at `version` (it must pass its checks).
    pub async fn approve_plan(
        &self,
        student_ref: &str,
        version: i64,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let mut tx = self.begin().await?;
        let mut q = Sql::new("SELECT * FROM advising_plans WHERE student_ref = ");
        q.bind(student_ref);
        let c = plan_from(&q.fetch_found(&mut *tx, "plan", student_ref).await?)?;
        if c.version != version {
            return Err(StoreError::Stale {
                entity: "plan",
                id: c.id,
                sent: version,
                current: c.version,
            });
        }
        if !c.on_track {
            return Err(StoreError::Invalid(vec![pathways_domain::FieldError::new(
                "plan",
                "the plan has errors to fix before it can be approved",
            )]));
        }
        let ts = now();
        let mut sql = Sql::new("UPDATE advising_plans SET status = ");
        sql.bind(PlanStatus::Approved.as_str())
            .push(", version = version + 1, updated_at = ")
            .bind(ts.as_str())
            .push(", approved_by = ")
            .bind(actor.user_id)
            .push(", approved_at = ")
            .bind(ts.as_str())
            .push(" WHERE id = ")
            .bind(c.id);
        sql.query().execute(&mut *tx).await?;
        let saved = StoredPlan {
            status: PlanStatus::Approved,
            version: c.version + 1,
            updated_at: ts.clone(),
            approved_by: actor.user_id,
            approved_at: Some(ts),
            ..c
        };
        add_version(&mut tx, &saved, "approved", actor).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Stores fresh check reports (a bulk check is not a change of the plan,
    /// so no version is added); all in one transaction.
    pub async fn record_checks(&self, reports: &[(Id, Report)]) -> Result<()> {
        let mut tx = self.begin().await?;
        for (id, r) in reports {
            let mut sql = Sql::new("UPDATE advising_plans SET on_track = ");
            sql.bind(r.on_track)
                .push(", report = ")
                .bind(json(r)?)
                .push(" WHERE id = ")
                .bind(*id);
            sql.query().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every version of a plan, newest first.
    pub async fn plan_versions(&self, plan_id: Id) -> Result<Vec<PlanVersion>> {
        let mut sql = Sql::new("SELECT * FROM advising_plan_versions WHERE plan_id = ");
        sql.bind(plan_id).push(" ORDER BY version DESC");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let plan: String = r.try_get("plan")?;
                let status: String = r.try_get("status")?;
                Ok(PlanVersion {
                    version: r.try_get("version")?,
                    status: status_of(&status)?,
                    plan: serde_json::from_str(&plan).map_err(|e| corrupt("plan", e))?,
                    change: r.try_get("change")?,
                    changed_by: Actor {
                        user_id: r.try_get("changed_by")?,
                        role: r.try_get("changed_by_role")?,
                        name: r.try_get("changed_by_name")?,
                    },
                    changed_at: r.try_get("changed_at")?,
                })
            })
            .collect()
    }
}
