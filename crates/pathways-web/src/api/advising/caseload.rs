//! The counselor's caseload: who is on track, who is not and why, who is
//! missing milestones; filters by school, grade, pathway and subgroup.
//!
//! A student is on track when they have a plan, its checks find no errors,
//! and no milestone of an earlier grade is left undone.

use std::collections::HashMap;

use pathways_advising::milestones::Standing;
use pathways_advising::plan::PlanStatus;
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use pathways_store::advising::PlanScope;
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

/// The caseload a principal may see, filtered (reads are audited).
pub async fn caseload(state: &AppState, p: &Principal, f: &CaseloadFilter) -> ApiResult<Caseload> {
    let store = state.store();
    let (students, school) = match p.role {
        Role::Student | Role::Family => {
            let s = super::scoped_student(state, p, None).await?;
            (vec![s], Some(-1))
        }
        _ => {
            let school = match scope_of(state, p, f.school_id).await? {
                PlanScope::All => None,
                PlanScope::School(s) => Some(s),
            };
            let items = store.students(school, None, 1_000_000).await?.items;
            (items, school)
        }
    };
    let single = students.first().map(|s| s.fields.student_ref.clone());
    let (plans, inventories, recorded) = if school == Some(-1) {
        let r = single.as_deref().unwrap_or("");
        (
            store.plan(r).await?.into_iter().collect::<Vec<_>>(),
            store.inventories(Some(r), None).await?,
            store.milestone_statuses(Some(r), None).await?,
        )
    } else {
        let scope = school.map_or(PlanScope::All, PlanScope::School);
        (
            store.plans(scope).await?,
            store.inventories(None, school).await?,
            store.milestone_statuses(None, school).await?,
        )
    };
    let plans: HashMap<&str, _> = plans.iter().map(|p| (p.student_ref.as_str(), p)).collect();
    let defs = store.milestone_definitions().await?;
    let courses = pathway_courses(state).await?;
    let mut rows = Vec::new();
    for s in &students {
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
        let plan = plans.get(s.student_ref.as_str());
        let pathway_id = plan.and_then(|p| p.plan.pathway_id).or(s.pathway_id);
        if f.pathway_id.is_some() && f.pathway_id != pathway_id {
            continue;
        }
        let states = milestone_states(
            &defs,
            s,
            plan.map(|p| &p.plan),
            &courses,
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
