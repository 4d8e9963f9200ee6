//! Training agreements: creating placements, reading them with their
//! sign-offs and hour totals, signing, and moving them through their statuses.

use std::collections::BTreeMap;

use pathways_domain::FieldError;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{Party, PlacementSource, PlacementStatus, missing_signatures};
use pathways_domain::wbl::{WblActivity, WblStage};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use utoipa::ToSchema;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, get_bool, now, parse_col};

use super::float_col;

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
        let row = sql.fetch_found(self.pool(), "placement", id).await?;
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
        let row = status.fetch_found(&mut *tx, "placement", id).await?;
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
}
