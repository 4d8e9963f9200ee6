//! The counselor's caseload: who is on track, who is not and why, who is
//! missing milestones; filters by school, grade, pathway and subgroup.
//!
//! A student is on track when they have a plan, its checks find no errors,
//! and no milestone of an earlier grade is left undone.

use std::collections::HashMap;
use std::sync::Arc;

use pathways_advising::milestones::{MilestoneDefinition, Recorded, Standing};
use pathways_advising::plan::PlanStatus;
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{Id, Stored};
use pathways_domain::wbl::StudentInput;
use pathways_store::advising::{InventoryResult, PlanScope, StoredPlan};
use serde::Serialize;
use utoipa::ToSchema;

use super::{audit, milestone_states, pathway_courses, school_in, staff_org};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A subgroup to filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subgroup {
    /// In the region's equity priority group.
    EquityPriority,
    /// Not in it.
    NotEquityPriority,
    /// Perkins V concentrators on the roster.
    Concentrator,
}

impl Subgroup {
    /// Every subgroup with its spelling and label.
    pub const ALL: [(Subgroup, &'static str, &'static str); 3] = [
        (
            Subgroup::EquityPriority,
            "equity_priority",
            "Equity priority",
        ),
        (
            Subgroup::NotEquityPriority,
            "not_equity_priority",
            "Not equity priority",
        ),
        (Subgroup::Concentrator, "concentrator", "Concentrators"),
    ];

    /// Parses the spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|x| x.1 == s).map(|x| x.0)
    }
}

/// Caseload filters.
#[derive(Debug, Clone, Default)]
pub struct CaseloadFilter {
    /// One school (within the counselor's district).
    pub school_id: Option<Id>,
    /// Grade.
    pub grade: Option<i64>,
    /// Pathway (the plan's, else the roster's).
    pub pathway_id: Option<Id>,
    /// Subgroup.
    pub subgroup: Option<Subgroup>,
    /// Only on-track (true) or off-track (false) students.
    pub on_track: Option<bool>,
}

impl CaseloadFilter {
    /// Parses query parameters, naming every bad one.
    pub fn parse(q: &HashMap<String, String>) -> ApiResult<Self> {
        let mut f = Self::default();
        let mut problems = Vec::new();
        let int = |k: &str, v: &str, problems: &mut Vec<FieldError>| match v.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(FieldError::new(k, "must be an integer"));
                None
            }
        };
        for (k, v) in q {
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "school_id" => f.school_id = int(k, v, &mut problems),
                "grade" => f.grade = int(k, v, &mut problems),
                "pathway_id" => f.pathway_id = int(k, v, &mut problems),
                "subgroup" => match Subgroup::parse(v) {
                    Some(s) => f.subgroup = Some(s),
                    None => problems.push(FieldError::new(
                        k,
                        "must be equity_priority, not_equity_priority or concentrator",
                    )),
                },
                "track" => match v.as_str() {
                    "on" => f.on_track = Some(true),
                    "off" => f.on_track = Some(false),
                    _ => problems.push(FieldError::new(k, "must be on or off")),
                },
                "message" => {}
                _ => problems.push(FieldError::new(
                    k,
                    "unknown parameter; the caseload takes school_id, grade, pathway_id, subgroup, track",
                )),
            }
        }
        if problems.is_empty() {
            Ok(f)
        } else {
            Err(ApiError::BadRequest {
                detail: "invalid caseload filters".into(),
                params: problems,
            })
        }
    }
}

/// One student in the caseload.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadRow {
    /// Student.
    pub student_ref: String,
    /// Name.
    pub display_name: String,
    /// School.
    pub school_id: Id,
    /// Grade.
    pub grade: i64,
    /// Pathway (the plan's, else the roster's).
    pub pathway_id: Option<Id>,
    /// Equity priority group.
    pub equity_priority: bool,
    /// Plan status (None: no plan yet).
    pub plan_status: Option<PlanStatus>,
    /// On track.
    pub on_track: bool,
    /// Why not, in words.
    pub reasons: Vec<String>,
    /// Milestones due this year or overdue, by title.
    pub missing_milestones: Vec<String>,
}

/// The caseload.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Caseload {
    /// Students shown.
    pub total: usize,
    /// On track.
    pub on_track: usize,
    /// Off track.
    pub off_track: usize,
    /// Without a plan.
    pub no_plan: usize,
    /// With a milestone due or overdue.
    pub missing_milestones: usize,
    /// The students.
    pub rows: Vec<CaseloadRow>,
}

/// The students a principal may see, as a store scope.
pub(crate) async fn scope_of(
    state: &AppState,
    p: &Principal,
    school: Option<Id>,
) -> ApiResult<PlanScope> {
    match (staff_org(p)?, school) {
        (None, None) => Ok(PlanScope::All),
        (None, Some(s)) => Ok(PlanScope::School(s)),
        (Some(org), None) => Ok(PlanScope::School(org)),
        (Some(org), Some(s)) if school_in(state, org, s).await? => Ok(PlanScope::School(s)),
        (Some(_), Some(_)) => Err(ApiError::OutOfScope("that school is not yours".into())),
    }
}

/// What a caseload reads for one scope: the roster and each student's
/// advising record, with the milestone definitions and pathway courses.
pub struct CaseloadRecords {
    /// The students in scope.
    pub students: Vec<Stored<StudentInput>>,
    /// Their plans, by student.
    pub plans: HashMap<String, StoredPlan>,
    /// Their latest inventory results, by student.
    pub inventories: HashMap<String, InventoryResult>,
    /// Their recorded milestone statuses, by student and milestone key.
    pub recorded: HashMap<String, HashMap<String, Recorded>>,
    /// Every milestone definition.
    pub defs: Vec<MilestoneDefinition>,
    /// Pathway id → its course ids.
    pub courses: HashMap<Id, Vec<Id>>,
}

impl CaseloadRecords {
    /// Reads the records of one school's (or district's) students, or of
    /// everyone's (`None`).
    async fn read(state: &AppState, school: Option<Id>) -> ApiResult<Self> {
        let store = state.store();
        let scope = school.map_or(PlanScope::All, PlanScope::School);
        Ok(Self {
            students: store.students(school, None, 1_000_000).await?.items,
            plans: by_student(store.plans(scope).await?),
            inventories: store.inventories(None, school).await?,
            recorded: store.milestone_statuses(None, school).await?,
            defs: store.milestone_definitions().await?,
            courses: pathway_courses(state).await?,
        })
    }

    /// Reads one student's records.
    async fn of_student(state: &AppState, s: Stored<StudentInput>) -> ApiResult<Self> {
        let store = state.store();
        let r = s.fields.student_ref.clone();
        Ok(Self {
            plans: by_student(store.plan(&r).await?.into_iter().collect()),
            inventories: store.inventories(Some(&r), None).await?,
            recorded: store.milestone_statuses(Some(&r), None).await?,
            defs: store.milestone_definitions().await?,
            courses: pathway_courses(state).await?,
            students: vec![s],
        })
    }
}

fn by_student(plans: Vec<StoredPlan>) -> HashMap<String, StoredPlan> {
    plans
        .into_iter()
        .map(|p| (p.student_ref.clone(), p))
        .collect()
}

/// The caseload records of a scope, kept between requests.
///
/// A region's caseload reads every student's plan and inventory (thousands
/// of JSON documents) and changes far less often than counselors look at
/// it: the records are kept until the store's advising or catalog change
/// counter moves (any write to those tables, by any process). Reads are
/// audited on every request all the same.
async fn records(state: &AppState, school: Option<Id>) -> ApiResult<Arc<CaseloadRecords>> {
    // The counters first: data read after them is at least that fresh.
    let changes = state.store().changes().await?;
    if let Some(kept) = state.caseload_records(school, changes) {
        return Ok(kept);
    }
    let fresh = Arc::new(CaseloadRecords::read(state, school).await?);
    state.keep_caseload_records(school, changes, fresh.clone());
    Ok(fresh)
}

/// The caseload a principal may see, filtered (reads are audited).
pub async fn caseload(state: &AppState, p: &Principal, f: &CaseloadFilter) -> ApiResult<Caseload> {
    let recs = match p.role {
        Role::Student | Role::Family => {
            let s = super::scoped_student(state, p, None).await?;
            Arc::new(CaseloadRecords::of_student(state, s).await?)
        }
        _ => {
            let school = match scope_of(state, p, f.school_id).await? {
                PlanScope::All => None,
                PlanScope::School(s) => Some(s),
            };
            records(state, school).await?
        }
    };
    let CaseloadRecords {
        students,
        plans,
        inventories,
        recorded,
        defs,
        courses,
    } = &*recs;
    let mut rows = Vec::new();
    for s in students {
        let s = &s.fields;
        if f.grade.is_some_and(|g| g != s.grade) {
            continue;
        }
        match f.subgroup {
            Some(Subgroup::EquityPriority) if !s.equity_priority => continue,
            Some(Subgroup::NotEquityPriority) if s.equity_priority => continue,
            Some(Subgroup::Concentrator) if !s.concentrator => continue,
            _ => {}
        }
        let plan = plans.get(&s.student_ref);
        let pathway_id = plan.and_then(|p| p.plan.pathway_id).or(s.pathway_id);
        if f.pathway_id.is_some() && f.pathway_id != pathway_id {
            continue;
        }
        let states = milestone_states(
            defs,
            s,
            plan.map(|p| &p.plan),
            courses,
            inventories.get(&s.student_ref),
            recorded.get(&s.student_ref),
        );
        let mut reasons = Vec::new();
        match plan {
            None => reasons.push("No plan yet".to_owned()),
            Some(p) => {
                let errors: Vec<&str> = p
                    .report
                    .findings
                    .iter()
                    .filter(|x| x.severity == pathways_advising::Severity::Error)
                    .map(|x| x.message.as_str())
                    .collect();
                if let Some(first) = errors.first() {
                    reasons.push(if errors.len() > 1 {
                        format!("{first} (and {} more)", errors.len() - 1)
                    } else {
                        (*first).to_owned()
                    });
                }
            }
        }
        let mut missing = Vec::new();
        for m in &states {
            match m.standing {
                Standing::Overdue => {
                    reasons.push(format!("Overdue: {}", m.title));
                    missing.push(format!("{} (grade {}, overdue)", m.title, m.grade));
                }
                Standing::Due => missing.push(format!("{} (due in grade {})", m.title, m.grade)),
                _ => {}
            }
        }
        let on_track = reasons.is_empty();
        if f.on_track.is_some_and(|t| t != on_track) {
            continue;
        }
        rows.push(CaseloadRow {
            student_ref: s.student_ref.clone(),
            display_name: s.display_name.clone(),
            school_id: s.school_id,
            grade: s.grade,
            pathway_id,
            equity_priority: s.equity_priority,
            plan_status: plan.map(|p| p.status),
            on_track,
            reasons,
            missing_milestones: missing,
        });
    }
    // Off-track students first, then by grade and name.
    rows.sort_by(|a, b| {
        a.on_track
            .cmp(&b.on_track)
            .then(b.grade.cmp(&a.grade))
            .then(a.display_name.cmp(&b.display_name))
    });
    let refs: Vec<String> = rows.iter().map(|r| r.student_ref.clone()).collect();
    audit(state, p, "advising_caseload", &refs).await?;
    let on = rows.iter().filter(|r| r.on_track).count();
    Ok(Caseload {
        total: rows.len(),
        on_track: on,
        off_track: rows.len() - on,
        no_plan: rows.iter().filter(|r| r.plan_status.is_none()).count(),
        missing_milestones: rows
            .iter()
            .filter(|r| !r.missing_milestones.is_empty())
            .count(),
        rows,
    })
}
