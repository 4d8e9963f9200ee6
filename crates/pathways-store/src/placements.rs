//! Work-based learning placements: training agreements and their sign-offs,
//! hours, rubric templates and supervisor evaluations, site coordinates and
//! the students' WBL records for the participant data contract.

use std::collections::BTreeMap;

use pathways_domain::FieldError;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{
    EvaluationInput, EvaluationPoint, HoursInput, Party, PlacementSource, PlacementStatus,
    RubricTemplateInput, SkillArea, default_rubric, missing_signatures, school_year,
};
use pathways_domain::wbl::{WblActivity, WblStage};
use pathways_domain::{Problems, Validate};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, get_bool, now, parse_col};
use crate::wbl::float;

/// One party's sign-off of a training agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Signature {
    /// The party signed for.
    pub party: Party,
    /// The account that signed.
    pub user_id: Id,
    /// Their name at the time.
    pub signer_name: String,
    /// When (RFC 3339).
    pub signed_at: String,
}

/// A placement with its agreement and hour totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Placement {
    /// Id.
    pub id: Id,
    /// Version (bumped by every status change).
    pub version: i64,
    /// The opportunity.
    pub opportunity_id: Id,
    /// Its title.
    pub opportunity_title: String,
    /// The host employer.
    pub employer_id: Id,
    /// Activity.
    pub activity: WblActivity,
    /// Continuum stage.
    pub stage: WblStage,
    /// The student.
    pub student_ref: String,
    /// The student's name.
    pub student_name: String,
    /// The student's school.
    pub school_id: Id,
    /// The round that matched it, if any.
    pub round_id: Option<Id>,
    /// Round or direct placement.
    pub source: PlacementSource,
    /// Lifecycle status.
    pub status: PlacementStatus,
    /// First day (YYYY-MM-DD); the student's age on it decides guardian sign-off.
    pub starts_on: String,
    /// The student is a minor on the first day: a guardian must sign.
    pub guardian_required: bool,
    /// Parties who must sign.
    pub required: Vec<Party>,
    /// Sign-offs so far.
    pub signatures: Vec<Signature>,
    /// Required parties who have not signed.
    pub missing: Vec<Party>,
    /// Hours logged.
    pub hours_logged: f64,
    /// Hours the employer approved.
    pub hours_approved: f64,
    /// Created.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
}

/// Which placements a listing covers.
#[derive(Debug, Clone)]
pub enum PlacementScope {
    /// Every placement (convener).
    All,
    /// One employer's.
    Employer(Id),
    /// Students of a school or district.
    School(Id),
    /// One student's.
    Student(String),
}

/// A placement to create.
#[derive(Debug, Clone)]
pub struct NewPlacement {
    /// Opportunity.
    pub opportunity_id: Id,
    /// Student.
    pub student_ref: String,
    /// Round, for round placements.
    pub round_id: Option<Id>,
    /// How it came about.
    pub source: PlacementSource,
    /// First day.
    pub starts_on: String,
    /// Guardian sign-off required.
    pub guardian_required: bool,
    /// Who created it.
    pub created_by: Option<Id>,
}

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

/// A stored rubric template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RubricTemplate {
    /// Id.
    pub id: Id,
    /// Version (for If-Match).
    pub version: i64,
    /// Created.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// The template.
    #[serde(flatten)]
    pub fields: RubricTemplateInput,
}

/// A rating as recorded, with the criterion's wording at that time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RatedCriterion {
    /// Criterion key.
    pub criterion: String,
    /// Skill area.
    pub area: SkillArea,
    /// Criterion name.
    pub name: String,
    /// Rating.
    pub rating: i64,
    /// Comment.
    pub comment: String,
}

/// A supervisor's evaluation as stored: the template's wording is copied, so
/// later edits of a template do not change what a supervisor rated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Evaluation {
    /// Id.
    pub id: Id,
    /// Placement.
    pub placement_id: Id,
    /// Template used.
    pub template_id: Id,
    /// Its name.
    pub template_name: String,
    /// Its highest rating.
    pub scale_max: i64,
    /// Midpoint or final.
    pub point: EvaluationPoint,
    /// The ratings.
    pub ratings: Vec<RatedCriterion>,
    /// Overall comment.
    pub comment: String,
    /// The supervisor's account.
    pub evaluator_user_id: Id,
    /// Their name.
    pub evaluator_name: String,
    /// When.
    pub created_at: String,
}

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

const PLACEMENT_SELECT: &str = "SELECT p.*, o.title AS opportunity_title, o.employer_id, o.activity, \
     s.display_name AS student_name, s.school_id, \
     (SELECT COALESCE(SUM(h.hours), 0.0) FROM wbl_hours h WHERE h.placement_id = p.id) AS hours_logged, \
     (SELECT COALESCE(SUM(h.hours), 0.0) FROM wbl_hours h WHERE h.placement_id = p.id AND h.approved_by IS NOT NULL) AS hours_approved \
     FROM wbl_placements p JOIN wbl_opportunities o ON o.id = p.opportunity_id \
     JOIN students s ON s.student_ref = p.student_ref WHERE 1 = 1";

fn push_scope(sql: &mut Sql, scope: &PlacementScope) {
    match scope {
        PlacementScope::All => {}
        PlacementScope::Employer(e) => {
            sql.push(" AND o.employer_id = ").bind(*e);
        }
        PlacementScope::School(org) => {
            sql.push(" AND (s.school_id = ")
                .bind(*org)
                .push(" OR s.school_id IN (SELECT id FROM organizations WHERE parent_id = ")
                .bind(*org)
                .push("))");
        }
        PlacementScope::Student(r) => {
            sql.push(" AND p.student_ref = ").bind(r.as_str());
        }
    }
}

fn float_col(r: &AnyRow, col: &str) -> Result<f64> {
    match r.try_get::<f64, _>(col) {
        Ok(v) => Ok(v),
        Err(_) => Ok(r.try_get::<i64, _>(col)? as f64),
    }
}

fn placement_from(r: &AnyRow, signatures: Vec<Signature>) -> Result<Placement> {
    let activity = parse_col(r, "wbl_opportunities", "activity", WblActivity::parse)?;
    let guardian_required = get_bool(r, "guardian_required")?;
    let mut required = vec![Party::Employer, Party::School, Party::Student];
    if guardian_required {
        required.push(Party::Guardian);
    }
    let signed: Vec<Party> = signatures.iter().map(|s| s.party).collect();
    Ok(Placement {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        opportunity_id: r.try_get("opportunity_id")?,
        opportunity_title: r.try_get("opportunity_title")?,
        employer_id: r.try_get("employer_id")?,
        activity,
        stage: activity.stage(),
        student_ref: r.try_get("student_ref")?,
        student_name: r.try_get("student_name")?,
        school_id: r.try_get("school_id")?,
        round_id: r.try_get("round_id")?,
        source: parse_col(r, "wbl_placements", "source", PlacementSource::parse)?,
        status: parse_col(r, "wbl_placements", "status", PlacementStatus::parse)?,
        starts_on: r.try_get("starts_on")?,
        guardian_required,
        missing: missing_signatures(&required, &signed),
        required,
        signatures,
        hours_logged: float_col(r, "hours_logged")?,
        hours_approved: float_col(r, "hours_approved")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
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

fn corrupt(table: &'static str, column: &'static str, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        message: e.to_string(),
    }
}

fn template_from(r: &AnyRow) -> Result<RubricTemplate> {
    let criteria: String = r.try_get("criteria")?;
    Ok(RubricTemplate {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        fields: RubricTemplateInput {
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            scale_max: r.try_get("scale_max")?,
            criteria: serde_json::from_str(&criteria)
                .map_err(|e| corrupt("wbl_rubric_templates", "criteria", e))?,
        },
    })
}

#[derive(Serialize, Deserialize)]
struct TemplateSnapshot {
    name: String,
    scale_max: i64,
}

fn evaluation_from(r: &AnyRow) -> Result<Evaluation> {
    let t: String = r.try_get("template")?;
    let t: TemplateSnapshot =
        serde_json::from_str(&t).map_err(|e| corrupt("wbl_evaluations", "template", e))?;
    let ratings: String = r.try_get("ratings")?;
    Ok(Evaluation {
        id: r.try_get("id")?,
        placement_id: r.try_get("placement_id")?,
        template_id: r.try_get("template_id")?,
        template_name: t.name,
        scale_max: t.scale_max,
        point: parse_col(r, "wbl_evaluations", "point", EvaluationPoint::parse)?,
        ratings: serde_json::from_str(&ratings)
            .map_err(|e| corrupt("wbl_evaluations", "ratings", e))?,
        comment: r.try_get("comment")?,
        evaluator_user_id: r.try_get("evaluator_user_id")?,
        evaluator_name: r.try_get("evaluator_name")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Creates placements in one transaction, skipping any (opportunity,
    /// student) pair already placed; returns the new ids and how many were skipped.
    pub async fn create_placements(&self, new: &[NewPlacement]) -> Result<(Vec<Id>, usize)> {
        let mut tx = self.begin().await?;
        let mut created = Vec::new();
        let mut skipped = 0;
        for n in new {
            let mut exists = Sql::new("SELECT id FROM wbl_placements WHERE opportunity_id = ");
            exists
                .bind(n.opportunity_id)
                .push(" AND student_ref = ")
                .bind(n.student_ref.as_str());
            if exists.query().fetch_optional(&mut *tx).await?.is_some() {
                skipped += 1;
                continue;
            }
            let ts = now();
            let mut sql = Sql::new(
                "INSERT INTO wbl_placements (opportunity_id, student_ref, round_id, source, status, starts_on, \
                 guardian_required, created_by, created_at, updated_at) VALUES (",
            );
            sql.bind(n.opportunity_id)
                .push(", ")
                .bind(n.student_ref.as_str())
                .push(", ")
                .bind(n.round_id)
                .push(", ")
                .bind(n.source.as_str())
                .push(", ")
                .bind(PlacementStatus::Draft.as_str())
                .push(", ")
                .bind(n.starts_on.as_str())
                .push(", ")
                .bind(n.guardian_required)
                .push(", ")
                .bind(n.created_by)
                .push(", ")
                .bind(ts.as_str())
                .push(", ")
                .bind(ts.as_str())
                .push(") RETURNING id");
            let row = sql
                .query()
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| StoreError::from_write(e, "placement"))?;
            created.push(row.try_get("id")?);
        }
        tx.commit().await?;
        Ok((created, skipped))
    }

    async fn signatures_for(&self, ids: &[Id]) -> Result<BTreeMap<Id, Vec<Signature>>> {
        let mut out: BTreeMap<Id, Vec<Signature>> = BTreeMap::new();
        for chunk in ids.chunks(500) {
            let mut sql = Sql::new("SELECT * FROM wbl_signoffs WHERE placement_id IN (");
            sql.bind_list(chunk).push(") ORDER BY signed_at, party");
            for r in sql.query().fetch_all(self.pool()).await? {
                out.entry(r.try_get("placement_id")?)
                    .or_default()
                    .push(Signature {
                        party: parse_col(&r, "wbl_signoffs", "party", Party::parse)?,
                        user_id: r.try_get("user_id")?,
                        signer_name: r.try_get("signer_name")?,
                        signed_at: r.try_get("signed_at")?,
                    });
            }
        }
        Ok(out)
    }

    /// Placements in a scope (optionally one opportunity's), by id.
    pub async fn placements(
        &self,
        scope: &PlacementScope,
        opportunity_id: Option<Id>,
    ) -> Result<Vec<Placement>> {
        let mut sql = Sql::new(PLACEMENT_SELECT);
        push_scope(&mut sql, scope);
        if let Some(o) = opportunity_id {
            sql.push(" AND p.opportunity_id = ").bind(o);
        }
        sql.push(" ORDER BY p.id");
        let rows = sql.query().fetch_all(self.pool()).await?;
        let ids: Vec<Id> = rows
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        let mut sigs = self.signatures_for(&ids).await?;
        rows.iter()
            .zip(ids)
            .map(|(r, id)| placement_from(r, sigs.remove(&id).unwrap_or_default()))
            .collect()
    }

    /// One placement.
    pub async fn placement(&self, id: Id) -> Result<Placement> {
        let mut sql = Sql::new(PLACEMENT_SELECT);
        sql.push(" AND p.id = ").bind(id);
        let row = sql
            .query()
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "placement",
                id: id.to_string(),
            })?;
        let mut sigs = self.signatures_for(&[id]).await?;
        placement_from(&row, sigs.remove(&id).unwrap_or_default())
    }

    /// Records `party`'s sign-off; a draft moves to awaiting signatures. Refused
    /// once work has started, and when the party already signed.
    pub async fn sign_placement(
        &self,
        id: Id,
        party: Party,
        user_id: Id,
        signer_name: &str,
    ) -> Result<Placement> {
        let mut tx = self.begin().await?;
        let mut status = Sql::new("SELECT status FROM wbl_placements WHERE id = ");
        status.bind(id);
        let row = status
            .query()
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "placement",
                id: id.to_string(),
            })?;
        let current = parse_col(&row, "wbl_placements", "status", PlacementStatus::parse)?;
        if !pathways_domain::placement::may_sign(current) {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "party",
                format!("a {current} placement can no longer be signed"),
            )]));
        }
        let mut ins = Sql::new(
            "INSERT INTO wbl_signoffs (placement_id, party, user_id, signer_name, signed_at) VALUES (",
        );
        ins.bind(id)
            .push(", ")
            .bind(party.as_str())
            .push(", ")
            .bind(user_id)
            .push(", ")
            .bind(signer_name)
            .push(", ")
            .bind(now())
            .push(")");
        ins.query().execute(&mut *tx).await.map_err(|e| {
            match StoreError::from_write(e, "signature") {
                StoreError::Duplicate { .. } => StoreError::Duplicate {
                    field: "party".into(),
                    message: format!("the {} already signed this agreement", party.title()),
                },
                other => other,
            }
        })?;
        let mut up = Sql::new("UPDATE wbl_placements SET status = ");
        up.bind(PlacementStatus::AwaitingSignatures.as_str())
            .push(", version = version + 1, updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id)
            .push(" AND status = ")
            .bind(PlacementStatus::Draft.as_str());
        up.query().execute(&mut *tx).await?;
        tx.commit().await?;
        self.placement(id).await
    }

    /// Moves a placement from `from` to `to` (the caller checked the rule);
    /// fails as stale when someone moved it first.
    pub async fn set_placement_status(
        &self,
        id: Id,
        from: &Placement,
        to: PlacementStatus,
    ) -> Result<Placement> {
        let mut sql = Sql::new("UPDATE wbl_placements SET status = ");
        sql.bind(to.as_str())
            .push(", version = version + 1, updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id)
            .push(" AND version = ")
            .bind(from.version);
        let mut tx = self.begin().await?;
        let n = sql.query().execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        if n == 0 {
            let current = self.placement(id).await?;
            return Err(StoreError::Stale {
                entity: "placement",
                id,
                sent: from.version,
                current: current.version,
            });
        }
        self.placement(id).await
    }

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
        let row = sql
            .query()
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "hours entry",
                id: id.to_string(),
            })?;
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

    /// Rubric templates in the order added; the shipped default is the first.
    pub async fn rubric_templates(&self) -> Result<Vec<RubricTemplate>> {
        self.ensure_default_rubric().await?;
        Sql::new("SELECT * FROM wbl_rubric_templates ORDER BY id")
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(template_from)
            .collect()
    }

    /// Adds the shipped rubric while no template exists (lazily, so a fresh
    /// database stays empty for restores).
    async fn ensure_default_rubric(&self) -> Result<()> {
        let n: i64 = Sql::new("SELECT COUNT(*) AS n FROM wbl_rubric_templates")
            .query()
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        if n > 0 {
            return Ok(());
        }
        match self.insert_rubric_template(&default_rubric()).await {
            Ok(_) | Err(StoreError::Duplicate { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// One template.
    pub async fn rubric_template(&self, id: Id) -> Result<RubricTemplate> {
        let mut sql = Sql::new("SELECT * FROM wbl_rubric_templates WHERE id = ");
        sql.bind(id);
        let row = sql
            .query()
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "rubric template",
                id: id.to_string(),
            })?;
        template_from(&row)
    }

    /// Adds a template (after the shipped default, which comes first).
    pub async fn create_rubric_template(&self, t: &RubricTemplateInput) -> Result<RubricTemplate> {
        t.validate().map_err(StoreError::Invalid)?;
        self.ensure_default_rubric().await?;
        self.insert_rubric_template(t).await
    }

    async fn insert_rubric_template(&self, t: &RubricTemplateInput) -> Result<RubricTemplate> {
        let ts = now();
        let mut sql = Sql::new(
            "INSERT INTO wbl_rubric_templates (name, description, scale_max, criteria, created_at, updated_at) VALUES (",
        );
        sql.bind(t.name.trim())
            .push(", ")
            .bind(t.description.as_str())
            .push(", ")
            .bind(t.scale_max)
            .push(", ")
            .bind(serde_json::to_string(&t.criteria).unwrap_or_default())
            .push(", ")
            .bind(ts.as_str())
            .push(", ")
            .bind(ts.as_str())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row =
            sql.query().fetch_one(&mut *tx).await.map_err(|e| {
                match StoreError::from_write(e, "rubric template") {
                    StoreError::Duplicate { .. } => StoreError::Duplicate {
                        field: "name".into(),
                        message: format!("a rubric template named {} already exists", t.name),
                    },
                    other => other,
                }
            })?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        self.rubric_template(id).await
    }

    /// Replaces a template if `version` is current.
    pub async fn update_rubric_template(
        &self,
        id: Id,
        version: i64,
        t: &RubricTemplateInput,
    ) -> Result<RubricTemplate> {
        t.validate().map_err(StoreError::Invalid)?;
        let mut sql = Sql::new("UPDATE wbl_rubric_templates SET name = ");
        sql.bind(t.name.trim())
            .push(", description = ")
            .bind(t.description.as_str())
            .push(", scale_max = ")
            .bind(t.scale_max)
            .push(", criteria = ")
            .bind(serde_json::to_string(&t.criteria).unwrap_or_default())
            .push(", version = version + 1, updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id)
            .push(" AND version = ")
            .bind(version);
        let mut tx = self.begin().await?;
        let n = sql
            .query()
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "rubric template"))?
            .rows_affected();
        tx.commit().await?;
        if n == 0 {
            let current = self.rubric_template(id).await?;
            return Err(StoreError::Stale {
                entity: "rubric template",
                id,
                sent: version,
                current: current.version,
            });
        }
        self.rubric_template(id).await
    }

    /// Records an evaluation after checking it against its template.
    pub async fn create_evaluation(
        &self,
        placement_id: Id,
        e: &EvaluationInput,
        evaluator_user_id: Id,
        evaluator_name: &str,
    ) -> Result<Evaluation> {
        let t = self.rubric_template(e.template_id).await?;
        let problems: Problems = pathways_domain::placement::evaluation_problems(e, &t.fields);
        problems.finish().map_err(StoreError::Invalid)?;
        let ratings: Vec<RatedCriterion> = t
            .fields
            .criteria
            .iter()
            .filter_map(|c| {
                e.ratings
                    .iter()
                    .find(|r| r.criterion == c.key)
                    .map(|r| RatedCriterion {
                        criterion: c.key.clone(),
                        area: c.area,
                        name: c.name.clone(),
                        rating: r.rating,
                        comment: r.comment.trim().to_owned(),
                    })
            })
            .collect();
        let snapshot = TemplateSnapshot {
            name: t.fields.name.clone(),
            scale_max: t.fields.scale_max,
        };
        let mut sql = Sql::new(
            "INSERT INTO wbl_evaluations (placement_id, template_id, template, point, ratings, comment, \
             evaluator_user_id, evaluator_name, created_at) VALUES (",
        );
        sql.bind(placement_id)
            .push(", ")
            .bind(t.id)
            .push(", ")
            .bind(serde_json::to_string(&snapshot).unwrap_or_default())
            .push(", ")
            .bind(e.point.as_str())
            .push(", ")
            .bind(serde_json::to_string(&ratings).unwrap_or_default())
            .push(", ")
            .bind(e.comment.trim())
            .push(", ")
            .bind(evaluator_user_id)
            .push(", ")
            .bind(evaluator_name)
            .push(", ")
            .bind(now())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row = sql
            .query()
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "evaluation"))?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        let mut one = Sql::new("SELECT * FROM wbl_evaluations WHERE id = ");
        one.bind(id);
        evaluation_from(&one.query().fetch_one(self.pool()).await?)
    }

    /// A placement's evaluations, oldest first.
    pub async fn evaluations(&self, placement_id: Id) -> Result<Vec<Evaluation>> {
        let mut sql = Sql::new("SELECT * FROM wbl_evaluations WHERE placement_id = ");
        sql.bind(placement_id).push(" ORDER BY id");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(evaluation_from)
            .collect()
    }

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
        let Some(r) = sql.query().fetch_optional(self.pool()).await? else {
            return Err(StoreError::NotFound {
                entity: "organization",
                id: id.to_string(),
            });
        };
        let get = |c: &str| r.try_get::<Option<f64>, _>(c);
        Ok(
            match (get("lat")?, get("lon")?, get("dlat")?, get("dlon")?) {
                (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        )
    }
}
