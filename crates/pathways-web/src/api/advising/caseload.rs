//! The counselor's caseload: who is on track, who is not and why, who is
//! missing milestones; filters by school, grade, pathway and subgroup.
//!
//! A student is on track when they have a plan, its checks find no errors,
//! and no milestone of an earlier grade is left undone.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use pathways_advising::milestones::{MilestoneDefinition, Recorded, Standing};
use pathways_advising::plan::PlanStatus;
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{Id, Stored};
use pathways_domain::wbl::StudentInput;
use pathways_store::advising::{InventoryResult, PlanScope, StoredPlan};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ELEMENT, PURPOSE, audit, milestone_states, pathway_courses, school_in, staff_org};
use crate::error::{ApiError, ApiResult};
use crate::sharing::{self, StudentScope};
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
    /// Students matching the filters.
    pub total: usize,
    /// On track.
    pub on_track: usize,
    /// Off track.
    pub off_track: usize,
    /// Without a plan.
    pub no_plan: usize,
    /// With a milestone due or overdue.
    pub missing_milestones: usize,
    /// The students shown (all matching ones through the API).
    pub rows: Vec<CaseloadRow>,
}

/// The students whose plans a principal may act on (the bulk check), as a
/// store scope: the convener's any school, staff their own organization's.
/// Reading is wider (see [`caseload_sources`]): an agreement opens reading
/// only.
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
    /// Every student assessed, computed once per read: a region's caseload
    /// evaluates thousands of students' milestones, and the assessment is
    /// a pure function of the records above.
    assessed: OnceLock<Vec<Assessed>>,
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
            assessed: OnceLock::new(),
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
            assessed: OnceLock::new(),
        })
    }

    /// Every student assessed, off-track students first, then by grade
    /// (highest first) and name.
    fn assessed(&self) -> &[Assessed] {
        self.assessed.get_or_init(|| {
            let mut all: Vec<Assessed> = self
                .students
                .iter()
                .map(|s| self.assess(&s.fields))
                .collect();
            all.sort_by(|a, b| caseload_order(&a.row, &b.row));
            all
        })
    }

    /// One student's row: plan errors and overdue milestones make them off
    /// track; milestones due this year are listed but do not.
    fn assess(&self, s: &StudentInput) -> Assessed {
        let plan = self.plans.get(&s.student_ref);
        let pathway_id = plan.and_then(|p| p.plan.pathway_id).or(s.pathway_id);
        let states = milestone_states(
            &self.defs,
            s,
            plan.map(|p| &p.plan),
            &self.courses,
            self.inventories.get(&s.student_ref),
            self.recorded.get(&s.student_ref),
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
        Assessed {
            concentrator: s.concentrator,
            row: CaseloadRow {
                student_ref: s.student_ref.clone(),
                display_name: s.display_name.clone(),
                school_id: s.school_id,
                grade: s.grade,
                pathway_id,
                equity_priority: s.equity_priority,
                plan_status: plan.map(|p| p.status),
                on_track: reasons.is_empty(),
                reasons,
                missing_milestones: missing,
            },
        }
    }
}

/// One assessed student with what the filters need beside the row.
struct Assessed {
    row: CaseloadRow,
    concentrator: bool,
}

impl CaseloadFilter {
    /// Whether the filters keep this student.
    fn keeps(&self, a: &Assessed) -> bool {
        let r = &a.row;
        let subgroup = match self.subgroup {
            Some(Subgroup::EquityPriority) => r.equity_priority,
            Some(Subgroup::NotEquityPriority) => !r.equity_priority,
            Some(Subgroup::Concentrator) => a.concentrator,
            None => true,
        };
        subgroup
            && self.grade.is_none_or(|g| g == r.grade)
            && (self.pathway_id.is_none() || self.pathway_id == r.pathway_id)
            && self.on_track.is_none_or(|t| t == r.on_track)
    }
}

/// Which of the matching students a caller shows. Only those are returned
/// and written to the audit log: a page of a region's caseload reads 100
/// students' records, not the 8,000 it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Every matching student (the API).
    All,
    /// `len` students from the `first` (0-based), in caseload order.
    Range {
        /// Index of the first student shown.
        first: usize,
        /// How many at most.
        len: usize,
    },
    /// None: the caller shows the counts only (nothing is audited).
    CountsOnly,
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

/// Where a staff caseload's records come from: each school or organization
/// (None: every student) with the agreement it is read under (None: read
/// directly). Staff read their own organization's students, and those of
/// every supplier that shares advising records with them under an
/// agreement in force; `school` narrows to one school within those.
async fn caseload_sources(
    state: &AppState,
    p: &Principal,
    school: Option<Id>,
) -> ApiResult<Vec<(Option<Id>, Option<Id>)>> {
    let scope = sharing::student_scope(state, p, ELEMENT, PURPOSE).await?;
    let StudentScope::Suppliers(list) = scope else {
        return match scope {
            StudentScope::All => Ok(vec![(school, None)]),
            // Students and families read their own record elsewhere.
            _ => Err(staff_org(p).err().unwrap_or(ApiError::OutOfScope(
                "your account is not tied to a school".into(),
            ))),
        };
    };
    let Some(school) = school else {
        return Ok(list
            .iter()
            .map(|s| (Some(s.supplier_id), s.agreement_id))
            .collect());
    };
    // Own organization first: `student_scope` lists it first.
    for s in &list {
        if school_in(state, s.supplier_id, school).await? {
            return Ok(vec![(Some(school), s.agreement_id)]);
        }
    }
    Err(ApiError::OutOfScope("that school is not yours".into()))
}

/// The caseload a principal may see, filtered; the counts cover every
/// matching student, `rows` only those `shown`, and only those are audited,
/// each under the agreement it was read under.
pub async fn caseload(
    state: &AppState,
    p: &Principal,
    f: &CaseloadFilter,
    shown: Shown,
) -> ApiResult<Caseload> {
    let parts = match p.role {
        Role::Student | Role::Family => {
            let (s, reach) = super::readable_student(state, p, None).await?;
            vec![(
                Arc::new(CaseloadRecords::of_student(state, s).await?),
                reach.agreement_id(),
            )]
        }
        _ => {
            let mut parts = Vec::new();
            for (school, agreement) in caseload_sources(state, p, f.school_id).await? {
                parts.push((records(state, school).await?, agreement));
            }
            parts
        }
    };
    // A student reachable from two sources (their own school and an
    // agreement) is shown once, from the first (own organization first).
    let mut seen = HashSet::new();
    let mut matching: Vec<(&Assessed, Option<Id>)> = Vec::new();
    for (recs, agreement) in &parts {
        for a in recs.assessed() {
            if f.keeps(a) && seen.insert(a.row.student_ref.as_str()) {
                matching.push((a, *agreement));
            }
        }
    }
    if parts.len() > 1 {
        // Each source is in caseload order; together they must be too.
        matching.sort_by(|(a, _), (b, _)| caseload_order(&a.row, &b.row));
    }
    let on = matching.iter().filter(|(a, _)| a.row.on_track).count();
    let window = match shown {
        Shown::All => &matching[..],
        Shown::Range { first, len } => {
            let first = first.min(matching.len());
            &matching[first..(first.saturating_add(len)).min(matching.len())]
        }
        Shown::CountsOnly => &[],
    };
    let read: Vec<(String, Option<Id>)> = window
        .iter()
        .map(|(a, agreement)| (a.row.student_ref.clone(), *agreement))
        .collect();
    audit(state, p, "advising_caseload", &read).await?;
    Ok(Caseload {
        total: matching.len(),
        on_track: on,
        off_track: matching.len() - on,
        no_plan: matching
            .iter()
            .filter(|(a, _)| a.row.plan_status.is_none())
            .count(),
        missing_milestones: matching
            .iter()
            .filter(|(a, _)| !a.row.missing_milestones.is_empty())
            .count(),
        rows: window.iter().map(|(a, _)| a.row.clone()).collect(),
    })
}

/// Off-track students first, then by grade (highest first) and name.
fn caseload_order(a: &CaseloadRow, b: &CaseloadRow) -> std::cmp::Ordering {
    a.on_track
        .cmp(&b.on_track)
        .then(b.grade.cmp(&a.grade))
        .then(a.display_name.cmp(&b.display_name))
}
