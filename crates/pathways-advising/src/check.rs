//! Plan checks: prerequisites in order, courses offered to the student,
//! pathway concentration, credentials reachable, the region's graduation
//! credits. Every finding says what to change; suggestions name the next
//! pathway courses and work-based learning that fit the goal.
//!
//! The catalog is flattened once into a [`CheckCatalog`] so a bulk check is
//! hash lookups only (100,000 plans in well under a second per core; see
//! `bench/advising`).

use std::collections::HashMap;

use pathways_domain::catalog::Id;
use pathways_domain::wbl::{WblActivity, WblStage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::plan::{PlanInput, grade_label};

/// What the checks need of a course.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseFacts {
    /// Code ("HLTH 1301"); districts teaching the same course share it.
    pub code: String,
    /// Title.
    pub title: String,
    /// The school, district or college that teaches it.
    pub provider_id: Id,
    /// A college course.
    pub college: bool,
    /// Earns dual credit (a partner college teaches it to high-school students).
    pub dual_credit: bool,
    /// Credit hours (high-school credits, or college semester hours).
    pub credit_hours: f64,
    /// Subject for graduation requirements.
    pub subject: Option<String>,
    /// Courses to complete first.
    pub prerequisites: Vec<Id>,
}

/// What the checks need of a pathway.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathwayFacts {
    /// Name.
    pub name: String,
    /// Its courses (its program of study).
    pub course_ids: Vec<Id>,
    /// Target occupations (SOC).
    pub target_occupations: Vec<String>,
}

/// What the checks need of a credential.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CredentialFacts {
    /// Name.
    pub name: String,
    /// Occupations it leads to (SOC).
    pub occupations: Vec<String>,
    /// Credentials it stacks into.
    pub stacks_into: Vec<Id>,
}

/// A board opportunity, for suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityFacts {
    /// Id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Activity.
    pub activity: WblActivity,
    /// Pathway.
    pub pathway_id: Option<Id>,
    /// Occupation shown.
    pub soc: Option<String>,
    /// Minimum grade.
    pub min_grade: Option<i64>,
}

/// A graduation requirement: credits in a subject (or `total`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GraduationRule {
    /// Subject as courses name it ("math", "science", "english", "cte"), or "total".
    pub subject: String,
    /// High-school credits required.
    pub credits: f64,
}

/// A common default: four credits each of English and math, three of
/// science, two of CTE, 22 in all (Texas's Foundation High School Program
/// with an endorsement asks 26; regions set their own).
pub fn default_graduation() -> Vec<GraduationRule> {
    [
        ("english", 4.0),
        ("math", 4.0),
        ("science", 3.0),
        ("cte", 2.0),
        ("total", 22.0),
    ]
    .into_iter()
    .map(|(s, c)| GraduationRule {
        subject: s.into(),
        credits: c,
    })
    .collect()
}

/// The catalog as the checks see it.
#[derive(Debug, Clone, Default)]
pub struct CheckCatalog {
    /// Courses by id.
    pub courses: HashMap<Id, CourseFacts>,
    /// Pathways by id.
    pub pathways: HashMap<Id, PathwayFacts>,
    /// Credentials by id.
    pub credentials: HashMap<Id, CredentialFacts>,
    /// A school's district.
    pub parent: HashMap<Id, Id>,
    /// Published opportunities.
    pub opportunities: Vec<OpportunityFacts>,
    /// The region's graduation requirements.
    pub graduation: Vec<GraduationRule>,
    by_code: HashMap<String, Vec<Id>>,
    /// Each course's code as a small integer (courses sharing a code share it).
    code_of: HashMap<Id, u32>,
    /// Each pathway's course codes, sorted.
    pathway_codes: HashMap<Id, Vec<u32>>,
}

impl CheckCatalog {
    /// Indexes the catalog (call once, then check many plans).
    pub fn new(
        courses: HashMap<Id, CourseFacts>,
        pathways: HashMap<Id, PathwayFacts>,
        credentials: HashMap<Id, CredentialFacts>,
        parent: HashMap<Id, Id>,
        opportunities: Vec<OpportunityFacts>,
        graduation: Vec<GraduationRule>,
    ) -> Self {
        let mut by_code: HashMap<String, Vec<Id>> = HashMap::new();
        for (id, c) in &courses {
            by_code.entry(c.code.clone()).or_default().push(*id);
        }
        let mut code_of = HashMap::with_capacity(courses.len());
        let mut codes: Vec<&String> = by_code.keys().collect();
        codes.sort();
        for (ix, code) in codes.into_iter().enumerate() {
            for id in &by_code[code] {
                code_of.insert(*id, ix as u32);
            }
        }
        for v in by_code.values_mut() {
            v.sort_unstable();
        }
        let pathway_codes = pathways
            .iter()
            .map(|(id, p)| {
                let mut v: Vec<u32> = p
                    .course_ids
                    .iter()
                    .filter_map(|c| code_of.get(c).copied())
                    .collect();
                v.sort_unstable();
                v.dedup();
                (*id, v)
            })
            .collect();
        Self {
            courses,
            pathways,
            credentials,
            parent,
            opportunities,
            graduation,
            by_code,
            code_of,
            pathway_codes,
        }
    }

    /// Whether a student at `school` in `grade` can take `course`: taught
    /// by the school or its district, a partner's dual-credit course, or a
    /// college course in the postsecondary years.
    pub fn offered(&self, course: &CourseFacts, school: Id, grade: i64) -> bool {
        course.provider_id == school
            || self.parent.get(&school) == Some(&course.provider_id)
            || (course.college && (course.dual_credit || grade >= 13))
    }

    /// The same course (by code) as taught at the student's school, if any.
    fn local_equivalent(&self, code: &str, school: Id, grade: i64) -> Option<Id> {
        self.by_code.get(code)?.iter().copied().find(|id| {
            self.courses
                .get(id)
                .is_some_and(|c| self.offered(c, school, grade))
        })
    }

    fn course(&self, id: Id) -> Option<(&CourseFacts, u32)> {
        Some((self.courses.get(&id)?, *self.code_of.get(&id)?))
    }

    fn leads_to(&self, credential: Id, socs: &[&str]) -> bool {
        // Stacks are short: a vector beats a hash set.
        let mut seen: Vec<Id> = Vec::new();
        let mut stack = vec![credential];
        while let Some(c) = stack.pop() {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            if let Some(f) = self.credentials.get(&c) {
                if f.occupations.iter().any(|o| socs.contains(&o.as_str())) {
                    return true;
                }
                stack.extend(f.stacks_into.iter().copied());
            }
        }
        false
    }
}

/// What the checks need of the student.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentFacts {
    /// School.
    pub school_id: Id,
    /// Current grade.
    pub grade: i64,
    /// Completed courses (the school's record).
    pub completed_course_ids: Vec<Id>,
}

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Off track until fixed.
    Error,
    /// Worth fixing.
    Warning,
    /// For information.
    Info,
}

/// Which check found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A course id the catalog does not have.
    UnknownCourse,
    /// A course the student's school does not offer (and no partner offers through dual credit).
    NotOffered,
    /// A course planned before (or in the same term as) its prerequisite.
    PrerequisiteOrder,
    /// A prerequisite not in the plan and not completed.
    PrerequisiteMissing,
    /// The same course twice.
    DuplicateCourse,
    /// Fewer than two courses of the pathway (Perkins V concentrator).
    NotConcentrator,
    /// A credential id the catalog does not have.
    UnknownCredential,
    /// A credential that does not lead to the goal or the pathway's occupations.
    CredentialOffGoal,
    /// A credential planned before any pathway course prepares for it.
    CredentialUnreachable,
    /// Fewer credits in a subject than graduation requires.
    GraduationCredits,
    /// No goal occupation.
    NoGoal,
    /// No pathway.
    NoPathway,
    /// The pathway id does not exist.
    UnknownPathway,
    /// No work-based learning in the plan.
    NoWorkBasedLearning,
}

/// One finding, with what to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Finding {
    /// Which check.
    pub kind: FindingKind,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to change.
    pub fix: String,
    /// The course concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_id: Option<Id>,
}

/// A suggested next step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Suggestion {
    /// "course" or "wbl".
    pub kind: String,
    /// The course or opportunity id.
    pub id: Id,
    /// What it is.
    pub title: String,
    /// The grade to plan it in.
    pub grade: i64,
    /// Why it fits.
    pub why: String,
}

/// The result of checking one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// No errors.
    pub on_track: bool,
    /// Two or more pathway courses planned or done (Perkins V concentrator).
    pub concentrator: bool,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
    /// High-school credits planned by subject (grades 9–12).
    pub credits: Vec<(String, f64)>,
    /// Next courses and WBL that fit the goal.
    pub suggestions: Vec<Suggestion>,
}

fn err(kind: FindingKind, message: String, fix: String, course_id: Option<Id>) -> Finding {
    Finding {
        kind,
        severity: Severity::Error,
        message,
        fix,
        course_id,
    }
}

fn warn(kind: FindingKind, message: String, fix: String) -> Finding {
    Finding {
        kind,
        severity: Severity::Warning,
        message,
        fix,
        course_id: None,
    }
}

/// A point in the plan's calendar: (grade, term position).
type When = (i64, u8);

/// When each course code is finished. A plan holds a few dozen courses, so
/// a linear scan of a vector beats hashing.
#[derive(Default)]
struct DoneBy(Vec<(u32, When)>);

impl DoneBy {
    fn get(&self, code: u32) -> Option<When> {
        self.0.iter().find(|(c, _)| *c == code).map(|(_, w)| *w)
    }
    fn record(&mut self, code: u32, w: When) {
        match self.0.iter_mut().find(|(c, _)| *c == code) {
            Some((_, e)) => *e = (*e).min(w),
            None => self.0.push((code, w)),
        }
    }
}

fn insert_new(v: &mut Vec<u32>, x: u32) -> bool {
    if v.contains(&x) {
        false
    } else {
        v.push(x);
        true
    }
}

/// Checks one plan.
pub fn check_plan(cat: &CheckCatalog, student: &StudentFacts, plan: &PlanInput) -> Report {
    let mut f: Vec<Finding> = Vec::new();
    // When each course code is finished: completed ones at the start of time.
    let mut done_by = DoneBy::default();
    for id in &student.completed_course_ids {
        if let Some((_, code)) = cat.course(*id) {
            done_by.record(code, (0, 0));
        }
    }
    let mut seen_codes: Vec<u32> = Vec::with_capacity(plan.courses.len());
    for pc in &plan.courses {
        let Some((_, code)) = cat.course(pc.course_id) else {
            continue;
        };
        let end = if pc.completed {
            (0, 0)
        } else {
            (pc.grade, pc.term.end())
        };
        done_by.record(code, end);
    }
    for pc in &plan.courses {
        let Some((c, code)) = cat.course(pc.course_id) else {
            f.push(err(
                FindingKind::UnknownCourse,
                format!("Course {} is not in the catalog.", pc.course_id),
                "Remove it, or pick the course from the catalog list.".into(),
                Some(pc.course_id),
            ));
            continue;
        };
        if !insert_new(&mut seen_codes, code) && !pc.completed {
            f.push(Finding {
                course_id: Some(pc.course_id),
                ..warn(
                    FindingKind::DuplicateCourse,
                    format!("{} {} is in the plan twice.", c.code, c.title),
                    "Remove one of them.".into(),
                )
            });
        }
        if !pc.completed && !cat.offered(c, student.school_id, pc.grade) {
            let fix = match cat.local_equivalent(&c.code, student.school_id, pc.grade) {
                Some(alt) => format!(
                    "Your school teaches the same course as course {alt}: pick that one instead."
                ),
                None => "Pick a course your school teaches, or a partner college's dual-credit course, or ask your counselor about taking it elsewhere.".into(),
            };
            f.push(err(
                FindingKind::NotOffered,
                format!(
                    "{} {} is not offered at your school in {}.",
                    c.code,
                    c.title,
                    grade_label(pc.grade).to_lowercase()
                ),
                fix,
                Some(pc.course_id),
            ));
        }
        if pc.completed {
            continue;
        }
        let start = (pc.grade, pc.term.start());
        for pre in &c.prerequisites {
            let Some((p, pcode)) = cat.course(*pre) else {
                continue;
            };
            match done_by.get(pcode) {
                Some((0, 0)) => {}
                Some((g, t)) if (g, t) < start => {}
                Some((g, _)) => f.push(err(
                    FindingKind::PrerequisiteOrder,
                    format!(
                        "{} {} comes before its prerequisite {} {} is finished ({}).",
                        c.code,
                        c.title,
                        p.code,
                        p.title,
                        grade_label(g).to_lowercase()
                    ),
                    format!(
                        "Move {} to a later term, or take {} earlier.",
                        c.code, p.code
                    ),
                    Some(pc.course_id),
                )),
                None => f.push(err(
                    FindingKind::PrerequisiteMissing,
                    format!(
                        "{} {} needs {} {} first, and it is not in the plan.",
                        c.code, c.title, p.code, p.title
                    ),
                    format!(
                        "Add {} before {}.",
                        p.code,
                        grade_label(pc.grade).to_lowercase()
                    ),
                    Some(pc.course_id),
                )),
            }
        }
    }

    let pathway = plan.pathway_id.and_then(|id| cat.pathways.get(&id));
    let mut concentrator = false;
    // Earliest grade of a pathway course planned or done.
    let mut first_pathway_grade: Option<i64> = None;
    match (plan.pathway_id, pathway) {
        (None, _) => f.push(warn(
            FindingKind::NoPathway,
            "The plan names no pathway.".into(),
            "Pick the pathway that leads to your goal.".into(),
        )),
        (Some(id), None) => f.push(err(
            FindingKind::UnknownPathway,
            format!("Pathway {id} does not exist."),
            "Pick a pathway from the list.".into(),
            None,
        )),
        (Some(id), Some(p)) => {
            let codes: &[u32] = cat.pathway_codes.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            let mut taken: Vec<u32> = Vec::new();
            for id in &student.completed_course_ids {
                if let Some((_, code)) = cat.course(*id)
                    && codes.binary_search(&code).is_ok()
                {
                    insert_new(&mut taken, code);
                    first_pathway_grade = Some(0);
                }
            }
            for pc in &plan.courses {
                if let Some((_, code)) = cat.course(pc.course_id)
                    && codes.binary_search(&code).is_ok()
                {
                    if pc.grade <= 12 {
                        insert_new(&mut taken, code);
                    }
                    let g = if pc.completed { 0 } else { pc.grade };
                    first_pathway_grade = Some(first_pathway_grade.map_or(g, |x| x.min(g)));
                }
            }
            concentrator = taken.len() >= 2;
            if !concentrator {
                f.push(err(
                    FindingKind::NotConcentrator,
                    format!(
                        "The plan has {} course{} of the {} pathway by grade 12; a concentrator takes at least two.",
                        taken.len(),
                        if taken.len() == 1 { "" } else { "s" },
                        p.name
                    ),
                    "Add pathway courses in grades 9–12 (see the suggestions).".into(),
                    None,
                ));
            }
        }
    }
    if plan.goal_soc.is_none() {
        f.push(warn(
            FindingKind::NoGoal,
            "The plan names no career goal.".into(),
            "Take the interest inventory and pick a goal occupation.".into(),
        ));
    }

    let goal = plan.goal_soc.map(|s| s.to_string());
    let mut socs: Vec<&str> = pathway
        .map(|p| p.target_occupations.iter().map(String::as_str).collect())
        .unwrap_or_default();
    if let Some(g) = &goal {
        socs.push(g.as_str());
    }
    for pc in &plan.credentials {
        let Some(cr) = cat.credentials.get(&pc.credential_id) else {
            f.push(err(
                FindingKind::UnknownCredential,
                format!("Credential {} is not in the catalog.", pc.credential_id),
                "Remove it, or pick the credential from the list.".into(),
                None,
            ));
            continue;
        };
        if !socs.is_empty() && !cat.leads_to(pc.credential_id, &socs) {
            f.push(warn(
                FindingKind::CredentialOffGoal,
                format!(
                    "{} does not lead to your goal or your pathway's jobs.",
                    cr.name
                ),
                "Pick a credential on your pathway, or change the goal.".into(),
            ));
        }
        if pathway.is_some() && first_pathway_grade.is_none_or(|g| g > pc.grade) {
            f.push(err(
                FindingKind::CredentialUnreachable,
                format!(
                    "{} is planned for {} but no pathway course prepares for it by then.",
                    cr.name,
                    grade_label(pc.grade).to_lowercase()
                ),
                format!(
                    "Plan a pathway course by {}, or move the credential later.",
                    grade_label(pc.grade).to_lowercase()
                ),
                None,
            ));
        }
    }

    if plan.wbl.is_empty() {
        f.push(warn(
            FindingKind::NoWorkBasedLearning,
            "The plan has no work-based learning.".into(),
            "Add a job shadow by grade 10 and an internship by grade 12.".into(),
        ));
    }

    // Graduation credits: high-school grades only; 3 college hours = 1 credit.
    let mut credits: Vec<(&str, f64)> = vec![("total", 0.0)];
    let mut counted: Vec<u32> = Vec::with_capacity(plan.courses.len());
    let completed = student
        .completed_course_ids
        .iter()
        .filter_map(|id| cat.course(*id));
    let planned = plan
        .courses
        .iter()
        .filter(|pc| pc.grade <= 12)
        .filter_map(|pc| cat.course(pc.course_id));
    for (c, code) in completed.chain(planned) {
        if !insert_new(&mut counted, code) {
            continue;
        }
        let hs = if c.college {
            c.credit_hours / 3.0
        } else {
            c.credit_hours
        };
        credits[0].1 += hs;
        if let Some(s) = &c.subject {
            match credits.iter_mut().find(|(k, _)| *k == s.as_str()) {
                Some((_, v)) => *v += hs,
                None => credits.push((s.as_str(), hs)),
            }
        }
    }
    for r in &cat.graduation {
        let have = credits
            .iter()
            .find(|(k, _)| *k == r.subject.as_str())
            .map_or(0.0, |(_, v)| *v);
        if have + 1e-9 < r.credits {
            let what = if r.subject == "total" {
                "credits in all".to_owned()
            } else {
                format!("{} credits", r.subject)
            };
            f.push(err(
                FindingKind::GraduationCredits,
                format!(
                    "The plan has {have:.1} {what} by grade 12; graduation requires {:.1}.",
                    r.credits
                ),
                format!("Add {:.1} more {what} in grades 9–12.", r.credits - have),
                None,
            ));
        }
    }
    f.sort_by_key(|x| x.severity);
    let mut credit_list: Vec<(String, f64)> = credits
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    credit_list.sort_by(|a, b| a.0.cmp(&b.0));
    Report {
        on_track: !f.iter().any(|x| x.severity == Severity::Error),
        concentrator,
        suggestions: suggest(cat, student, plan, &done_by, &socs),
        findings: f,
        credits: credit_list,
    }
}

fn suggest(
    cat: &CheckCatalog,
    student: &StudentFacts,
    plan: &PlanInput,
    done_by: &DoneBy,
    socs: &[&str],
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let first = student.grade.max(9);
    if let Some(p) = plan.pathway_id.and_then(|id| cat.pathways.get(&id)) {
        let mut codes: Vec<u32> = Vec::new();
        for id in &p.course_ids {
            let Some((c, code)) = cat.course(*id) else {
                continue;
            };
            if done_by.get(code).is_some() || !insert_new(&mut codes, code) {
                continue;
            }
            // The earliest grade after every prerequisite is finished.
            let mut grade = first;
            let mut ready = true;
            for pre in &c.prerequisites {
                match cat.course(*pre).and_then(|(_, x)| done_by.get(x)) {
                    Some((g, _)) => grade = grade.max(g + 1),
                    None => ready = false,
                }
            }
            if !ready || grade > 14 {
                continue;
            }
            let pick = if cat.offered(c, student.school_id, grade) {
                Some(*id)
            } else {
                cat.local_equivalent(&c.code, student.school_id, grade)
            };
            if let Some(pick) = pick {
                out.push(Suggestion {
                    kind: "course".into(),
                    id: pick,
                    title: format!("{} {}", c.code, c.title),
                    grade,
                    why: format!(
                        "The next course of the {} pathway{}.",
                        p.name,
                        if c.dual_credit {
                            ", and it earns college credit"
                        } else {
                            ""
                        }
                    ),
                });
            }
            if out.len() >= 3 {
                break;
            }
        }
    }
    let planned_opps: Vec<Id> = plan.wbl.iter().filter_map(|w| w.opportunity_id).collect();
    let has_stage = |s: WblStage| plan.wbl.iter().any(|w| w.stage() == s);
    let mut wbl = 0;
    for o in &cat.opportunities {
        if wbl >= 3 || planned_opps.contains(&o.id) {
            continue;
        }
        let fits = (plan.pathway_id.is_some() && o.pathway_id == plan.pathway_id)
            || o.soc.as_deref().is_some_and(|s| socs.contains(&s));
        if !fits || has_stage(o.activity.stage()) {
            continue;
        }
        let grade = o.min_grade.unwrap_or(first).max(first);
        if grade > 12 {
            continue;
        }
        out.push(Suggestion {
            kind: "wbl".into(),
            id: o.id,
            title: o.title.clone(),
            grade,
            why: format!(
                "{} ({}) on your pathway; your plan has none at this stage yet.",
                o.activity.title(),
                o.activity.stage().title().to_lowercase()
            ),
        });
        wbl += 1;
    }
    out
}

/// Checks many plans on every core (plans and students paired by index).
pub fn check_many(cat: &CheckCatalog, items: &[(StudentFacts, PlanInput)]) -> Vec<Report> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(16);
    if threads <= 1 || items.len() < 1000 {
        return items.iter().map(|(s, p)| check_plan(cat, s, p)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(s, p)| check_plan(cat, s, p))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests;
