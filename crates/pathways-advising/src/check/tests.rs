use std::collections::HashMap;

use pathways_domain::catalog::Id;
use pathways_domain::wbl::WblActivity;

use super::*;
use crate::plan::{PlanInput, PlannedCourse, PlannedCredential, PlannedWbl, Term};
use proptest::prelude::*;

const SCHOOL: Id = 10;
const DISTRICT: Id = 1;
const OTHER: Id = 2;
const COLLEGE: Id = 3;

fn course(code: &str, provider: Id, college: bool, subject: &str, pre: Vec<Id>) -> CourseFacts {
    CourseFacts {
        code: code.into(),
        title: format!("Course {code}"),
        provider_id: provider,
        college,
        dual_credit: college,
        credit_hours: if college { 3.0 } else { 1.0 },
        subject: Some(subject.into()),
        prerequisites: pre,
    }
}

/// 100 HLTH 1 (district), 101 HLTH 2 (district, needs 100), 102 NURA (college
/// dual credit, needs 101), 103 HLTH 1 at another district, 104 WELD at another district.
fn catalog() -> CheckCatalog {
    let courses = HashMap::from([
        (100, course("HLTH 1", DISTRICT, false, "cte", vec![])),
        (101, course("HLTH 2", DISTRICT, false, "cte", vec![100])),
        (102, course("NURA 1301", COLLEGE, true, "cte", vec![101])),
        (103, course("HLTH 1", OTHER, false, "cte", vec![])),
        (104, course("WELD 1", OTHER, false, "cte", vec![])),
    ]);
    let pathways = HashMap::from([(
        7,
        PathwayFacts {
            name: "Nursing".into(),
            course_ids: vec![100, 101, 102, 103],
            target_occupations: vec!["29-1141".into()],
        },
    )]);
    let credentials = HashMap::from([
        (
            50,
            CredentialFacts {
                name: "CNA".into(),
                occupations: vec!["31-1131".into()],
                stacks_into: vec![51],
            },
        ),
        (
            51,
            CredentialFacts {
                name: "RN".into(),
                occupations: vec!["29-1141".into()],
                stacks_into: vec![],
            },
        ),
        (
            52,
            CredentialFacts {
                name: "AWS welder".into(),
                occupations: vec!["51-4121".into()],
                stacks_into: vec![],
            },
        ),
    ]);
    let opps = vec![OpportunityFacts {
        id: 900,
        title: "Hospital job shadow".into(),
        activity: WblActivity::JobShadow,
        pathway_id: Some(7),
        soc: None,
        min_grade: None,
    }];
    CheckCatalog::new(
        courses,
        pathways,
        credentials,
        HashMap::from([(SCHOOL, DISTRICT)]),
        opps,
        vec![GraduationRule {
            subject: "cte".into(),
            credits: 2.0,
        }],
    )
}

fn student() -> StudentFacts {
    StudentFacts {
        school_id: SCHOOL,
        grade: 9,
        completed_course_ids: vec![],
    }
}

fn pc(id: Id, grade: i64, term: Term) -> PlannedCourse {
    PlannedCourse {
        course_id: id,
        grade,
        term,
        completed: false,
    }
}

fn good_plan() -> PlanInput {
    PlanInput {
        goal_soc: pathways_domain::SocCode::parse("29-1141").ok(),
        pathway_id: Some(7),
        courses: vec![
            pc(100, 9, Term::Year),
            pc(101, 10, Term::Year),
            pc(102, 11, Term::Fall),
        ],
        credentials: vec![PlannedCredential {
            credential_id: 50,
            grade: 12,
        }],
        wbl: vec![PlannedWbl {
            activity: WblActivity::JobShadow,
            grade: 10,
            opportunity_id: None,
            completed: false,
        }],
        ..Default::default()
    }
}

fn kinds(r: &Report) -> Vec<FindingKind> {
    r.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn a_good_plan_is_on_track_and_a_concentrator() {
    let r = check_plan(&catalog(), &student(), &good_plan());
    assert!(r.on_track, "{:?}", r.findings);
    assert!(r.concentrator);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    // 1 + 1 + 3/3 = 3 CTE credits.
    assert_eq!(r.credits, vec![("cte".into(), 3.0), ("total".into(), 3.0)]);
}

#[test]
fn a_course_the_school_does_not_offer_names_the_local_one() {
    let mut p = good_plan();
    p.courses[0].course_id = 103;
    let r = check_plan(&catalog(), &student(), &p);
    assert!(!r.on_track);
    let f = r
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::NotOffered)
        .unwrap();
    assert!(f.fix.contains("course 100"), "{}", f.fix);
    assert_eq!(f.course_id, Some(103));
}

#[test]
fn prerequisites_out_of_order_or_missing_are_errors() {
    let mut p = good_plan();
    p.courses[1].grade = 9; // HLTH 2 in the same year as HLTH 1
    let r = check_plan(&catalog(), &student(), &p);
    assert!(kinds(&r).contains(&FindingKind::PrerequisiteOrder));
    let mut p = good_plan();
    p.courses.remove(0);
    let r = check_plan(&catalog(), &student(), &p);
    assert!(kinds(&r).contains(&FindingKind::PrerequisiteMissing));
    // Completed on the record: satisfied.
    let mut s = student();
    s.completed_course_ids = vec![100];
    let r = check_plan(&catalog(), &s, &p);
    assert!(!kinds(&r).contains(&FindingKind::PrerequisiteMissing));
}

#[test]
fn fall_then_spring_in_one_grade_is_in_order() {
    let mut p = good_plan();
    p.courses[0] = pc(100, 10, Term::Fall);
    p.courses[1] = pc(101, 10, Term::Spring);
    let r = check_plan(&catalog(), &student(), &p);
    assert!(!kinds(&r).contains(&FindingKind::PrerequisiteOrder));
}

#[test]
fn one_pathway_course_is_not_a_concentrator() {
    let mut p = good_plan();
    p.courses.truncate(1);
    let r = check_plan(&catalog(), &student(), &p);
    assert!(!r.concentrator);
    assert!(kinds(&r).contains(&FindingKind::NotConcentrator));
    assert!(kinds(&r).contains(&FindingKind::GraduationCredits));
    // The next pathway course is suggested, at the student's school.
    assert!(
        r.suggestions
            .iter()
            .any(|s| s.kind == "course" && s.id == 101)
    );
}

#[test]
fn credentials_off_goal_or_too_early_are_flagged() {
    let mut p = good_plan();
    p.credentials = vec![
        PlannedCredential {
            credential_id: 52,
            grade: 12,
        },
        PlannedCredential {
            credential_id: 51,
            grade: 9,
        },
        PlannedCredential {
            credential_id: 999,
            grade: 12,
        },
    ];
    p.courses[0].grade = 10;
    p.courses[1].grade = 11;
    p.courses[2].grade = 12;
    let k = kinds(&check_plan(&catalog(), &student(), &p));
    assert!(k.contains(&FindingKind::CredentialOffGoal));
    assert!(k.contains(&FindingKind::CredentialUnreachable));
    assert!(k.contains(&FindingKind::UnknownCredential));
}

#[test]
fn wbl_is_suggested_at_a_missing_stage() {
    let mut p = good_plan();
    p.wbl.clear();
    let r = check_plan(&catalog(), &student(), &p);
    assert!(kinds(&r).contains(&FindingKind::NoWorkBasedLearning));
    assert!(r.suggestions.iter().any(|s| s.kind == "wbl" && s.id == 900));
}

#[test]
fn check_many_keeps_order() {
    let cat = catalog();
    let mut items = Vec::new();
    for i in 0..3000 {
        let mut p = good_plan();
        if i % 3 == 0 {
            p.courses[0].course_id = 104;
        }
        items.push((student(), p));
    }
    let r = check_many(&cat, &items);
    assert_eq!(r.len(), 3000);
    for (i, rep) in r.iter().enumerate() {
        assert_eq!(rep.on_track, i % 3 != 0, "plan {i}");
    }
}

proptest! {
    /// A chain of courses planned in prerequisite order never gets an order
    /// finding; reversing any adjacent pair always does.
    #[test]
    fn chains_in_order_pass_and_swaps_fail(n in 2usize..8, swap in 0usize..7) {
        let mut courses = HashMap::new();
        for i in 0..n as i64 {
            let pre = if i == 0 { vec![] } else { vec![i - 1] };
            courses.insert(i, course(&format!("C{i}"), DISTRICT, false, "cte", pre));
        }
        let cat = CheckCatalog::new(courses, HashMap::new(), HashMap::new(),
            HashMap::from([(SCHOOL, DISTRICT)]), vec![], vec![]);
        let terms = [Term::Fall, Term::Spring];
        let mut plan = PlanInput::default();
        for i in 0..n as i64 {
            plan.courses.push(pc(i, 9 + i / 2, terms[(i % 2) as usize]));
        }
        let r = check_plan(&cat, &student(), &plan);
        prop_assert!(!kinds(&r).contains(&FindingKind::PrerequisiteOrder));
        let k = swap % (n - 1);
        let (a, b) = (plan.courses[k].clone(), plan.courses[k + 1].clone());
        plan.courses[k].grade = b.grade; plan.courses[k].term = b.term;
        plan.courses[k + 1].grade = a.grade; plan.courses[k + 1].term = a.term;
        let r = check_plan(&cat, &student(), &plan);
        prop_assert!(kinds(&r).contains(&FindingKind::PrerequisiteOrder));
    }
}
