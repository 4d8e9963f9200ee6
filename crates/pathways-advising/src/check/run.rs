//! Checking plans: one plan in order (prerequisites, offerings,
//! concentration, credentials, graduation credits), or many on every core.

use super::findings::{err, warn};
use super::suggest::suggest;
use super::{CheckCatalog, Finding, FindingKind, Report, Severity, StudentFacts};
use crate::plan::{PlanInput, grade_label};

/// A point in the plan's calendar: (grade, term position).
pub(super) type When = (i64, u8);

/// When each course code is finished. A plan holds a few dozen courses, so
/// a linear scan of a vector beats hashing.
#[derive(Default)]
pub(super) struct DoneBy(Vec<(u32, When)>);

impl DoneBy {
    pub(super) fn get(&self, code: u32) -> Option<When> {
        self.0.iter().find(|(c, _)| *c == code).map(|(_, w)| *w)
    }
    fn record(&mut self, code: u32, w: When) {
        match self.0.iter_mut().find(|(c, _)| *c == code) {
            Some((_, e)) => *e = (*e).min(w),
            None => self.0.push((code, w)),
        }
    }
}

pub(super) fn insert_new(v: &mut Vec<u32>, x: u32) -> bool {
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
