//! Milestone definitions and statuses, inventory results and the region's
//! graduation requirements.

use std::collections::HashMap;

use pathways_advising::check::{GraduationRule, default_graduation};
use pathways_advising::milestones::{
    MilestoneDefinition, MilestoneKind, MilestoneStatus, Recorded, default_milestones,
};
use pathways_domain::catalog::Id;
use pathways_domain::{FieldError, Validate};
use sqlx::Row;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, now};

/// A stored inventory result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct InventoryResult {
    /// Id.
    pub id: Id,
    /// The student.
    pub student_ref: String,
    /// Answers 1–5, in item order.
    pub answers: Vec<u8>,
    /// Profile on O*NET's 1–7 scale (R, I, A, S, E, C).
    pub profile: [f64; 6],
    /// Three-letter Holland code.
    pub code: String,
    /// When (RFC 3339).
    pub taken_at: String,
}

fn corrupt(table: &'static str, column: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        message: e.to_string(),
    }
}

/// The scope of a bulk read: a school (or district), or everyone.
fn school_clause(sql: &mut Sql, school: Option<Id>) {
    if let Some(s) = school {
        sql.push(" AND student_ref IN (SELECT student_ref FROM students WHERE school_id = ")
            .bind(s)
            .push(" OR school_id IN (SELECT id FROM organizations WHERE parent_id = ")
            .bind(s)
            .push("))");
    }
}

impl Store {
    /// Every milestone definition: the region's (the defaults until the
    /// region sets its own) and each pathway's.
    pub async fn milestone_definitions(&self) -> Result<Vec<MilestoneDefinition>> {
        let rows = Sql::new("SELECT * FROM advising_milestones ORDER BY grade, key")
            .query()
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let kind: String = r.try_get("kind")?;
            out.push(MilestoneDefinition {
                key: r.try_get("key")?,
                title: r.try_get("title")?,
                grade: r.try_get("grade")?,
                kind: MilestoneKind::parse(&kind)
                    .ok_or_else(|| corrupt("advising_milestones", "kind", &kind))?,
                pathway_id: r.try_get("pathway_id")?,
            });
        }
        if !out.iter().any(|d| d.pathway_id.is_none()) {
            out.extend(default_milestones());
        }
        Ok(out)
    }

    /// Replaces the milestones of one pathway (or, with None, the region's).
    pub async fn set_milestones(
        &self,
        pathway_id: Option<Id>,
        defs: &[MilestoneDefinition],
    ) -> Result<Vec<MilestoneDefinition>> {
        let mut problems = Vec::new();
        let mut keys = std::collections::HashSet::new();
        for (i, d) in defs.iter().enumerate() {
            if let Err(errs) = d.validate() {
                problems.extend(
                    errs.into_iter()
                        .map(|e| FieldError::new(format!("[{i}].{}", e.field), e.message)),
                );
            }
            if !keys.insert(d.key.as_str()) {
                problems.push(FieldError::new(format!("[{i}].key"), "is listed twice"));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let ts = now();
        let mut tx = self.begin().await?;
        let mut del = Sql::new("DELETE FROM advising_milestones WHERE ");
        match pathway_id {
            Some(p) => del.push("pathway_id = ").bind(p),
            None => del.push("pathway_id IS NULL"),
        };
        del.query().execute(&mut *tx).await?;
        for d in defs {
            let mut sql = Sql::new(
                "INSERT INTO advising_milestones (pathway_id, key, title, grade, kind, updated_at) VALUES (",
            );
            sql.bind(pathway_id)
                .push(", ")
                .bind(d.key.as_str())
                .push(", ")
                .bind(d.title.as_str())
                .push(", ")
                .bind(d.grade)
                .push(", ")
                .bind(d.kind.as_str())
                .push(", ")
                .bind(ts.as_str())
                .push(")");
            sql.query().execute(&mut *tx).await.map_err(|e| {
                match StoreError::from_write(e, "milestone") {
                    StoreError::Invalid(_) => StoreError::Invalid(vec![FieldError::new(
                        "pathway_id",
                        "pathway does not exist",
                    )]),
                    other => other,
                }
            })?;
        }
        tx.commit().await?;
        Ok(self
            .milestone_definitions()
            .await?
            .into_iter()
            .filter(|d| d.pathway_id == pathway_id)
            .collect())
    }

    /// Recorded statuses by student, then by milestone key.
    pub async fn milestone_statuses(
        &self,
        student_ref: Option<&str>,
        school: Option<Id>,
    ) -> Result<HashMap<String, HashMap<String, Recorded>>> {
        let mut sql = Sql::new("SELECT * FROM advising_milestone_status WHERE 1 = 1");
        if let Some(s) = student_ref {
            sql.push(" AND student_ref = ").bind(s);
        }
        school_clause(&mut sql, school);
        let mut out: HashMap<String, HashMap<String, Recorded>> = HashMap::new();
        for r in sql.query().fetch_all(self.pool()).await? {
            let status: String = r.try_get("status")?;
            out.entry(r.try_get("student_ref")?).or_default().insert(
                r.try_get("key")?,
                Recorded {
                    status: MilestoneStatus::parse(&status)
                        .ok_or_else(|| corrupt("advising_milestone_status", "status", &status))?,
                    evidence: r.try_get("evidence")?,
                },
            );
        }
        Ok(out)
    }

    /// Records a student's status on a milestone, with evidence.
    pub async fn set_milestone_status(
        &self,
        student_ref: &str,
        key: &str,
        rec: &Recorded,
        by: Option<Id>,
    ) -> Result<()> {
        if rec.evidence.chars().count() > 2000 {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "evidence",
                "must be at most 2,000 characters",
            )]));
        }
        let ts = now();
        let mut tx = self.begin().await?;
        let mut del = Sql::new("DELETE FROM advising_milestone_status WHERE student_ref = ");
        del.bind(student_ref).push(" AND key = ").bind(key);
        del.query().execute(&mut *tx).await?;
        let mut sql = Sql::new(
            "INSERT INTO advising_milestone_status (student_ref, key, status, evidence, updated_by, updated_at) VALUES (",
        );
        sql.bind(student_ref)
            .push(", ")
            .bind(key)
            .push(", ")
            .bind(rec.status.as_str())
            .push(", ")
            .bind(rec.evidence.as_str())
            .push(", ")
            .bind(by)
            .push(", ")
            .bind(ts.as_str())
            .push(")");
        sql.query().execute(&mut *tx).await.map_err(|e| {
            match StoreError::from_write(e, "milestone status") {
                StoreError::Invalid(_) => StoreError::NotFound {
                    entity: "student",
                    id: student_ref.to_owned(),
                },
                other => other,
            }
        })?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores an inventory result.
    pub async fn save_inventory(
        &self,
        student_ref: &str,
        answers: &[u8],
        profile: [f64; 6],
        code: &str,
        by: Option<Id>,
    ) -> Result<InventoryResult> {
        let ts = now();
        let answers_text = serde_json::to_string(answers)
            .map_err(|e| corrupt("advising_inventory", "answers", e))?;
        let profile_text = serde_json::to_string(&profile)
            .map_err(|e| corrupt("advising_inventory", "profile", e))?;
        let mut sql = Sql::new(
            "INSERT INTO advising_inventory (student_ref, answers, profile, code, taken_at, taken_by) VALUES (",
        );
        sql.bind(student_ref)
            .push(", ")
            .bind(answers_text)
            .push(", ")
            .bind(profile_text)
            .push(", ")
            .bind(code)
            .push(", ")
            .bind(ts.as_str())
            .push(", ")
            .bind(by)
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row =
            sql.query().fetch_one(&mut *tx).await.map_err(|e| {
                match StoreError::from_write(e, "inventory") {
                    StoreError::Invalid(_) => StoreError::NotFound {
                        entity: "student",
                        id: student_ref.to_owned(),
                    },
                    other => other,
                }
            })?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        Ok(InventoryResult {
            id,
            student_ref: student_ref.to_owned(),
            answers: answers.to_vec(),
            profile,
            code: code.to_owned(),
            taken_at: ts,
        })
    }

    /// Latest inventory result of each student in scope (or of one student).
    pub async fn inventories(
        &self,
        student_ref: Option<&str>,
        school: Option<Id>,
    ) -> Result<HashMap<String, InventoryResult>> {
        let mut sql = Sql::new("SELECT * FROM advising_inventory WHERE 1 = 1");
        if let Some(s) = student_ref {
            sql.push(" AND student_ref = ").bind(s);
        }
        school_clause(&mut sql, school);
        sql.push(" ORDER BY id");
        let mut out = HashMap::new();
        for r in sql.query().fetch_all(self.pool()).await? {
            let answers: String = r.try_get("answers")?;
            let profile: String = r.try_get("profile")?;
            let res = InventoryResult {
                id: r.try_get("id")?,
                student_ref: r.try_get("student_ref")?,
                answers: serde_json::from_str(&answers)
                    .map_err(|e| corrupt("advising_inventory", "answers", e))?,
                profile: serde_json::from_str(&profile)
                    .map_err(|e| corrupt("advising_inventory", "profile", e))?,
                code: r.try_get("code")?,
                taken_at: r.try_get("taken_at")?,
            };
            out.insert(res.student_ref.clone(), res);
        }
        Ok(out)
    }

    /// The region's graduation requirements (a common default until set).
    pub async fn graduation_rules(&self) -> Result<Vec<GraduationRule>> {
        let row = Sql::new("SELECT value FROM advising_settings WHERE name = 'graduation'")
            .query()
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => {
                let v: String = r.try_get("value")?;
                serde_json::from_str(&v).map_err(|e| corrupt("advising_settings", "value", e))
            }
            None => Ok(default_graduation()),
        }
    }

    /// Sets the graduation requirements.
    pub async fn set_graduation_rules(&self, rules: &[GraduationRule]) -> Result<()> {
        let mut problems = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.subject.trim().is_empty() || r.subject.len() > 40 {
                problems.push(FieldError::new(
                    format!("[{i}].subject"),
                    "must be 1–40 characters",
                ));
            }
            if !r.credits.is_finite() || !(0.0..=60.0).contains(&r.credits) {
                problems.push(FieldError::new(
                    format!("[{i}].credits"),
                    "must be a number from 0 to 60",
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let value =
            serde_json::to_string(rules).map_err(|e| corrupt("advising_settings", "value", e))?;
        let mut tx = self.begin().await?;
        Sql::new("DELETE FROM advising_settings WHERE name = 'graduation'")
            .query()
            .execute(&mut *tx)
            .await?;
        let mut sql = Sql::new(
            "INSERT INTO advising_settings (name, value, updated_at) VALUES ('graduation', ",
        );
        sql.bind(value).push(", ").bind(now()).push(")");
        sql.query().execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
