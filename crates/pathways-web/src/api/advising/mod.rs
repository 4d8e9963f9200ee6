//! Advising: interest inventory and goals, individualized plans with
//! versions and checks, milestones, and the counselor's caseload.
//!
//! Scope follows the data-sharing rule of [`crate::sharing`]: a student sees
//! their own plan, a family member their student's (read-only), staff of the
//! supplying school (or its district) their students, another organization
//! only under an active agreement covering advising records for advising,
//! the convener everyone. Writes stay with the student, the supplier's staff
//! and the convener: an agreement opens reading only. Every read of a
//! student's advising record is written to the audit log with the agreement
//! it happened under (FERPA, 34 CFR 99.32).

pub mod caseload;
pub mod inventory;
pub mod milestones;
pub mod plans;

use std::collections::HashMap;

use pathways_advising::check::StudentFacts;
use pathways_advising::milestones::{
    MilestoneDefinition, MilestoneState, Recorded, StudentRecord, evaluate,
};
use pathways_advising::plan::PlanInput;
use pathways_domain::Validate;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{Id, Stored};
use pathways_domain::partnership::{DataElement, Purpose};
use pathways_domain::wbl::StudentInput;
use pathways_store::advising::{Actor, InventoryResult, StoredPlan};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::ComponentsBuilder;

use crate::access::Routes;
use crate::error::{ApiError, ApiResult};
use crate::openapi::with_deps;
use crate::sharing::{self, Reach};
use crate::state::AppState;

/// The data element an agreement must cover for advising records to be read.
pub const ELEMENT: DataElement = DataElement::AdvisingRecords;
/// The purpose of every advising read.
pub const PURPOSE: Purpose = Purpose::Advising;

/// Who may read advising records: everyone but employers (scope is then
/// checked per student).
pub const ADVISING: crate::access::Access = crate::access::Access::Roles(&[
    Role::ConvenerAdmin,
    Role::PartnerStaff,
    Role::Counselor,
    Role::Student,
    Role::Family,
]);

/// Writes the audit log for reads of advising records: each record key with
/// the agreement it was read under (None: read directly).
pub(crate) async fn audit(
    state: &AppState,
    p: &Principal,
    entity: &str,
    refs: &[(String, Option<Id>)],
) -> ApiResult<()> {
    sharing::audit_reads(state, p, entity, PURPOSE, refs).await
}

/// The organization whose students a staff principal may see.
pub(crate) fn staff_org(p: &Principal) -> ApiResult<Option<Id>> {
    match p.role {
        Role::ConvenerAdmin => Ok(None),
        Role::Counselor | Role::PartnerStaff => p
            .organization_id
            .map(Some)
            .ok_or_else(|| ApiError::OutOfScope("your account names no school".into())),
        _ => Err(ApiError::OutOfScope(
            "advising records are visible to the student, their family, their school and the convener"
                .into(),
        )),
    }
}

/// True when `school` is `org` or one of its schools (the one definition
/// lives with the data-sharing rule).
pub(crate) async fn school_in(state: &AppState, org: Id, school: Id) -> ApiResult<bool> {
    crate::sharing::supplies(state, org, school).await
}

/// The student a request names, as the principal may name them: students
/// and families only their own (the default); staff must name one;
/// employers none.
async fn named_student(
    state: &AppState,
    p: &Principal,
    requested: Option<&str>,
) -> ApiResult<Stored<StudentInput>> {
    let student_ref = match p.role {
        Role::Student | Role::Family => {
            let own = p
                .student_ref
                .clone()
                .ok_or_else(|| ApiError::OutOfScope("your account names no student".into()))?;
            if requested.is_some_and(|r| r != own) {
                return Err(ApiError::OutOfScope(
                    "you may only see your own student's plan".into(),
                ));
            }
            own
        }
        Role::Employer => return Err(staff_org(p).err().unwrap_or(ApiError::Unauthorized)),
        _ => requested.map(str::to_owned).ok_or_else(|| {
            ApiError::Invalid(vec![pathways_domain::FieldError::new(
                "student_ref",
                "name the student",
            )])
        })?,
    };
    state
        .store()
        .student(&student_ref)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no student {student_ref}")))
}

/// The student a read is about, with how the principal reaches their
/// advising records: directly (their own, their school's, the convener) or
/// under a data-sharing agreement that covers advising records for advising.
pub(crate) async fn readable_student(
    state: &AppState,
    p: &Principal,
    requested: Option<&str>,
) -> ApiResult<(Stored<StudentInput>, Reach)> {
    let s = named_student(state, p, requested).await?;
    let scope = sharing::student_scope(state, p, ELEMENT, PURPOSE).await?;
    match scope
        .reach(state, &s.fields.student_ref, s.fields.school_id)
        .await?
    {
        Some(reach) => Ok((s, reach)),
        None => Err(ApiError::OutOfScope(
            "that student is not at your school, and no data-sharing agreement in force shares their advising records with you"
                .into(),
        )),
    }
}

/// The student a change is about, checked against who may write: the
/// student themself, the supplying school's (or district's) staff, the
/// convener. Routes keep families to reading; an agreement never opens
/// writes ([`sharing::may_write`]).
pub(crate) async fn scoped_student(
    state: &AppState,
    p: &Principal,
    requested: Option<&str>,
) -> ApiResult<Stored<StudentInput>> {
    let s = named_student(state, p, requested).await?;
    let own = matches!(p.role, Role::Student | Role::Family);
    if own || sharing::may_write(state, p, s.fields.school_id).await? {
        Ok(s)
    } else {
        Err(ApiError::OutOfScope(
            "that student is not at your school".into(),
        ))
    }
}

/// Who is making a change.
pub(crate) fn actor(p: &Principal) -> Actor {
    Actor {
        user_id: Some(p.user_id),
        role: p.role.as_str().to_owned(),
        name: p.display_name.clone(),
    }
}

/// What the checks need of a student.
pub(crate) fn facts(s: &StudentInput) -> StudentFacts {
    StudentFacts {
        school_id: s.school_id,
        grade: s.grade,
        completed_course_ids: s.completed_course_ids.clone(),
    }
}

/// A student, as advising pages show them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StudentSummary {
    /// The school's id for the student.
    pub student_ref: String,
    /// Name.
    pub display_name: String,
    /// School.
    pub school_id: Id,
    /// Grade.
    pub grade: i64,
    /// Pathway on the roster.
    pub pathway_id: Option<Id>,
}

impl From<&StudentInput> for StudentSummary {
    fn from(s: &StudentInput) -> Self {
        Self {
            student_ref: s.student_ref.clone(),
            display_name: s.display_name.clone(),
            school_id: s.school_id,
            grade: s.grade,
            pathway_id: s.pathway_id,
        }
    }
}

/// A student's plan with a fresh check, milestones and inventory.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanView {
    /// The student.
    pub student: StudentSummary,
    /// The plan (its `report` is re-checked against today's catalog).
    pub plan: Option<StoredPlan>,
    /// Milestones and where the student stands.
    pub milestones: Vec<MilestoneState>,
    /// The latest inventory result.
    pub inventory: Option<InventoryResult>,
}

/// Evaluates a student's milestones.
pub(crate) fn milestone_states(
    defs: &[MilestoneDefinition],
    s: &StudentInput,
    plan: Option<&PlanInput>,
    pathway_courses: &HashMap<Id, Vec<Id>>,
    inventory: Option<&InventoryResult>,
    recorded: Option<&HashMap<String, Recorded>>,
) -> Vec<MilestoneState> {
    let pathway_id = plan.and_then(|p| p.pathway_id).or(s.pathway_id);
    let empty = HashMap::new();
    let record = StudentRecord {
        grade: s.grade,
        pathway_id,
        completed_course_ids: &s.completed_course_ids,
        pathway_course_ids: pathway_id
            .and_then(|p| pathway_courses.get(&p))
            .map(Vec::as_slice)
            .unwrap_or(&[]),
        inventory_taken_at: inventory.map(|i| i.taken_at.as_str()),
        plan,
    };
    evaluate(defs, &record, recorded.unwrap_or(&empty))
}

/// Pathway id → its course ids.
pub(crate) async fn pathway_courses(state: &AppState) -> ApiResult<HashMap<Id, Vec<Id>>> {
    Ok(state
        .store()
        .list_all::<pathways_domain::catalog::PathwayInput>(&Default::default())
        .await?
        .into_iter()
        .map(|p| (p.meta.id, p.fields.course_ids))
        .collect())
}

/// The plan view of one student, audited under `agreement` (None: read
/// directly).
pub(crate) async fn load_view(
    state: &AppState,
    p: &Principal,
    s: &Stored<StudentInput>,
    agreement: Option<Id>,
) -> ApiResult<PlanView> {
    let store = state.store();
    let r = s.fields.student_ref.as_str();
    let mut plan = store.plan(r).await?;
    if let Some(sp) = plan.as_mut() {
        let cat = state.check_catalog().await?;
        sp.report = pathways_advising::check_plan(&cat, &facts(&s.fields), &sp.plan);
        sp.on_track = sp.report.on_track;
    }
    let inventory = store.inventories(Some(r), None).await?.remove(r);
    let recorded = store.milestone_statuses(Some(r), None).await?;
    let defs = store.milestone_definitions().await?;
    let milestones = milestone_states(
        &defs,
        &s.fields,
        plan.as_ref().map(|x| &x.plan),
        &pathway_courses(state).await?,
        inventory.as_ref(),
        recorded.get(r),
    );
    audit(state, p, "advising_plan", &[(r.to_owned(), agreement)]).await?;
    Ok(PlanView {
        student: (&s.fields).into(),
        plan,
        milestones,
        inventory,
    })
}

/// Validates, checks and saves a plan as a new version. A plan with errors
/// (a course the school does not offer, a course before its prerequisite)
/// is saved as a draft with its findings; only malformed input is refused.
pub(crate) async fn save(
    state: &AppState,
    p: &Principal,
    s: &Stored<StudentInput>,
    version: Option<i64>,
    plan: &PlanInput,
    change: &str,
) -> ApiResult<StoredPlan> {
    plan.validate().map_err(ApiError::Invalid)?;
    let cat = state.store().check_catalog().await?;
    let report = pathways_advising::check_plan(&cat, &facts(&s.fields), plan);
    Ok(state
        .store()
        .save_plan(
            &s.fields.student_ref,
            version,
            plan,
            &report,
            &actor(p),
            change,
        )
        .await?)
}

/// Registers every advising route.
pub fn register(t: &mut Routes) {
    plans::register(t);
    milestones::register(t);
    inventory::register(t);
}

/// Adds the advising schemas.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = with_deps::<PlanInput>(c);
    let c = with_deps::<StoredPlan>(c);
    let c = with_deps::<PlanView>(c);
    let c = with_deps::<pathways_store::advising::PlanVersion>(c);
    let c = with_deps::<caseload::Caseload>(c);
    let c = with_deps::<pathways_store::advising::BulkCheck>(c);
    let c = with_deps::<MilestoneDefinition>(c);
    let c = with_deps::<milestones::StatusRequest>(c);
    let c = with_deps::<pathways_advising::check::GraduationRule>(c);
    let c = with_deps::<inventory::InventoryRequest>(c);
    with_deps::<inventory::InventoryView>(c)
}
