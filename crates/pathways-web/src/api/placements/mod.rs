//! Placements: the training agreement between employer, school and student
//! (and a guardian for a minor), hours logged and approved, supervisor
//! evaluations against rubric templates, and the students' WBL records.
//!
//! Access follows the parties: an employer sees the placements it hosts, a
//! counselor those of their school's students, a student their own and a
//! family member their student's; the convener sees all. A placement outside
//! a principal's reach answers 404, so its existence is not disclosed. Every
//! read of a placement, its hours or evaluations is written to the audit log.
//!
//! One submodule per job; this one holds who may see what.

mod agreements;
mod evaluations;
mod hours;
mod records;

pub use agreements::{
    DirectPlacementRequest, RoundPlacements, SignRequest, StatusRequest, change_status,
    place_directly, place_round, sign,
};
pub use evaluations::evaluate;
pub use hours::{approve, log_hours};
pub use records::{LocationRequest, MAX_MILES, near_school, records_csv};

use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use pathways_domain::placement::{EvaluationInput, HoursInput, Party, RubricTemplateInput};
use pathways_store::placements::{
    Evaluation, HoursEntry, Placement, PlacementScope, RubricTemplate,
};
use utoipa::openapi::schema::{ComponentsBuilder, Type};

use crate::access::Routes;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{OpDoc, ParamLocation, with_deps};
use crate::sharing::{Reach, StudentScope, audit_reads, student_scope};
use crate::state::AppState;
use pathways_domain::partnership::{DataElement, Purpose};

/// How a principal stands to a placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The convener.
    Convener,
    /// A party to the agreement.
    Party(Party),
    /// Another organization reading the placement under this data-sharing
    /// agreement with the student's school: it sees, it does not sign or act.
    Shared(Id),
}

/// What a placement is: student-level work-based learning data.
pub(super) const ELEMENT: DataElement = DataElement::WblApplications;
pub(super) const PURPOSE: Purpose = Purpose::WorkBasedLearning;

/// How `p` stands to `pl`, and the agreement the read happens under; 404
/// when not at all.
pub async fn standing(
    state: &AppState,
    p: &Principal,
    pl: &Placement,
) -> ApiResult<(Standing, Option<Id>)> {
    let own_student = p.student_ref.as_deref() == Some(pl.student_ref.as_str());
    let s = match p.role {
        Role::ConvenerAdmin => Some((Standing::Convener, None)),
        Role::Employer if p.organization_id == Some(pl.employer_id) => {
            Some((Standing::Party(Party::Employer), None))
        }
        Role::Student if own_student => Some((Standing::Party(Party::Student), None)),
        Role::Family if own_student => Some((Standing::Party(Party::Guardian), None)),
        Role::Counselor | Role::PartnerStaff | Role::Employer => {
            let scope = student_scope(state, p, ELEMENT, PURPOSE).await?;
            match scope.reach(state, &pl.student_ref, pl.school_id).await? {
                Some(Reach::Direct) => Some((Standing::Party(Party::School), None)),
                Some(Reach::Agreement(a)) => Some((Standing::Shared(a), Some(a))),
                None => None,
            }
        }
        _ => None,
    };
    s.ok_or_else(|| ApiError::NotFound(format!("placement {} does not exist", pl.id)))
}

/// A placement `p` may see, with the read audited.
pub async fn visible_placement(
    state: &AppState,
    p: &Principal,
    id: Id,
) -> ApiResult<(Placement, Standing)> {
    let pl = state.store().placement(id).await?;
    let (s, agreement) = standing(state, p, &pl).await?;
    let refs = [(pl.student_ref.clone(), agreement)];
    audit_reads(state, p, "wbl_placement", PURPOSE, &refs).await?;
    Ok((pl, s))
}

/// The placements `p` may see (reads are audited): an employer those it
/// hosts, everyone else by the data-sharing rule.
pub async fn scoped_placements(
    state: &AppState,
    p: &Principal,
    opportunity_id: Option<Id>,
) -> ApiResult<Vec<Placement>> {
    let scopes: Vec<(PlacementScope, Option<Id>)> = if p.role == Role::Employer {
        vec![(
            PlacementScope::Employer(p.organization_id.unwrap_or(-1)),
            None,
        )]
    } else {
        match student_scope(state, p, ELEMENT, PURPOSE).await? {
            StudentScope::All => vec![(PlacementScope::All, None)],
            StudentScope::Student(r) => vec![(PlacementScope::Student(r), None)],
            StudentScope::Suppliers(list) => list
                .iter()
                .map(|s| (PlacementScope::School(s.supplier_id), s.agreement_id))
                .collect(),
            StudentScope::Nothing => vec![],
        }
    };
    let mut list: Vec<Placement> = Vec::new();
    let mut refs: Vec<(String, Option<Id>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (scope, agreement) in scopes {
        for pl in state.store().placements(&scope, opportunity_id).await? {
            if seen.insert(pl.id) {
                refs.push((pl.student_ref.clone(), agreement));
                list.push(pl);
            }
        }
    }
    list.sort_by_key(|x| x.id);
    audit_reads(state, p, "wbl_placement", PURPOSE, &refs).await?;
    Ok(list)
}

fn bad_param(k: &str, why: &str) -> ApiError {
    ApiError::BadRequest {
        detail: format!("invalid parameter {k}"),
        params: vec![FieldError::new(k, why)],
    }
}

/// The OpenAPI tag of every placement route.
const TAG: &str = "Work-based learning placements";

/// Documents the `{id}` path parameter.
fn id_param(d: OpDoc) -> OpDoc {
    d.param("id", ParamLocation::Path, true, Type::Integer, "Identifier")
}

/// The schema most placement routes answer with.
fn placement_response() -> Option<String> {
    Some("Placement".to_owned())
}

/// Registers the placement routes, job by job.
pub fn register(t: &mut Routes) {
    agreements::register(t);
    hours::register(t);
    evaluations::register(t);
    records::register(t);
}

/// Adds the placement schemas.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = with_deps::<Placement>(c);
    let c = with_deps::<DirectPlacementRequest>(c);
    let c = with_deps::<SignRequest>(c);
    let c = with_deps::<StatusRequest>(c);
    let c = with_deps::<HoursInput>(c);
    let c = with_deps::<HoursEntry>(c);
    let c = with_deps::<EvaluationInput>(c);
    let c = with_deps::<Evaluation>(c);
    let c = with_deps::<RubricTemplateInput>(c);
    let c = with_deps::<RubricTemplate>(c);
    with_deps::<LocationRequest>(c)
}
