//! Demo advising: grade-8 students at the demo counselor's school, interest
//! inventory results, plans for most of the roster with a realistic mix of
//! problems (a course before its prerequisite, another district's course,
//! too few pathway courses, no plan at all), milestone statuses with
//! evidence, and approvals.

use std::collections::HashMap;

use pathways_advising::check::{GraduationRule, StudentFacts};
use pathways_advising::inventory::{ITEMS, score};
use pathways_advising::milestones::{MilestoneStatus, Recorded};
use pathways_advising::plan::{
    AfterHighSchool, PlanInput, PlannedCourse, PlannedCredential, PlannedWbl, Term,
};
use pathways_domain::catalog::{
    CourseInput, CredentialInput, Id, OrganizationInput, PathwayInput, Stored,
};
use pathways_domain::vocab::CourseLevel;
use pathways_domain::wbl::{StudentInput, WblActivity};
use pathways_store::advising::Actor;
use pathways_store::{ListFilter, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::{DemoError, DemoRegion};

/// Grade-8 students added at the demo counselor's school.
pub const MIDDLE_SCHOOLERS: usize = 24;

struct Catalog {
    courses: HashMap<Id, CourseInput>,
    credentials: Vec<Stored<CredentialInput>>,
    district_of: HashMap<Id, Id>,
}

/// The plan a student on track would have.
fn good_plan(
    c: &Catalog,
    s: &StudentInput,
    p: &Stored<PathwayInput>,
    rng: &mut ChaCha8Rng,
) -> PlanInput {
    let district = c.district_of.get(&s.school_id).copied();
    let hs: Vec<Id> = p
        .fields
        .course_ids
        .iter()
        .copied()
        .filter(|id| {
            c.courses
                .get(id)
                .is_some_and(|x| x.level != CourseLevel::College && Some(x.provider_id) == district)
        })
        .collect();
    let dual: Option<Id> = p.fields.course_ids.iter().copied().find(|id| {
        c.courses
            .get(id)
            .is_some_and(|x| x.level == CourseLevel::College && x.dual_credit)
    });
    let mut courses = Vec::new();
    for (k, id) in hs.iter().enumerate() {
        let grade = 9 + k as i64;
        courses.push(PlannedCourse {
            course_id: *id,
            grade,
            term: Term::Year,
            completed: grade < s.grade,
        });
    }
    if let Some(d) = dual {
        courses.push(PlannedCourse {
            course_id: d,
            grade: 12,
            term: Term::Fall,
            completed: false,
        });
    }
    let targets = &p.fields.target_occupations;
    let credential = c
        .credentials
        .iter()
        .filter(|x| x.fields.occupations.iter().any(|o| targets.contains(o)))
        .min_by_key(|x| x.fields.stacks_into_ids.is_empty());
    let mut wbl = vec![PlannedWbl {
        activity: WblActivity::JobShadow,
        grade: 10,
        opportunity_id: None,
        completed: s.grade > 10 || (s.grade == 10 && rng.random_bool(0.4)),
    }];
    if s.grade >= 10 {
        wbl.push(PlannedWbl {
            activity: [
                WblActivity::Internship,
                WblActivity::Clinical,
                WblActivity::IndustryProject,
            ][rng.random_range(0..3)],
            grade: 12,
            opportunity_id: None,
            completed: s.grade == 12 && rng.random_bool(0.5),
        });
    }
    PlanInput {
        goal_soc: targets.first().copied(),
        pathway_id: Some(p.meta.id),
        courses,
        credentials: credential
            .map(|x| PlannedCredential {
                credential_id: x.meta.id,
                grade: 12,
            })
            .into_iter()
            .collect(),
        wbl,
        postsecondary: pathways_advising::plan::PostsecondaryPlan {
            route: [
                AfterHighSchool::TwoYearCollege,
                AfterHighSchool::TwoYearCollege,
                AfterHighSchool::FourYearUniversity,
                AfterHighSchool::Apprenticeship,
                AfterHighSchool::Undecided,
            ][rng.random_range(0..5)],
            institution_id: None,
            program_id: None,
        },
        notes: String::new(),
    }
}

/// Inventory answers leaning toward one interest scale.
fn answers(lean: usize, rng: &mut ChaCha8Rng) -> Vec<u8> {
    ITEMS
        .iter()
        .map(|i| {
            if i.scale as usize == lean {
                rng.random_range(4..=5)
            } else if i.scale as usize == (lean + 1) % 6 {
                rng.random_range(2..=4)
            } else {
                rng.random_range(1..=3)
            }
        })
        .collect()
}

/// Seeds advising for the demo roster; returns counts. `step` is called
/// after each student, for a progress bar.
pub async fn seed_advising(
    store: &Store,
    region: &DemoRegion,
    step: &(dyn Fn() + Sync),
) -> Result<Vec<(&'static str, usize)>, DemoError> {
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let all = ListFilter::default();
    let school = region
        .organizations
        .get(crate::catalog::DISTRICTS[0].1[0])
        .copied()
        .unwrap_or_default();
    // The region's graduation rule for the demo catalog: three CTE credits.
    store
        .set_graduation_rules(&[GraduationRule {
            subject: "cte".into(),
            credits: 3.0,
        }])
        .await?;
    for i in 0..MIDDLE_SCHOOLERS {
        store
            .create_student(&StudentInput {
                student_ref: format!("M-{:05}", i + 1),
                display_name: format!(
                    "{} {}",
                    ["Iris", "Omar", "Paz", "Rosa", "Tariq", "Uma", "Vic", "Wen"][i % 8],
                    ["Alvarez", "Bui", "Castillo", "Duarte", "Evans", "Fox"][i % 6]
                ),
                school_id: school,
                grade: 8,
                birth_date: format!("2013-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                pathway_id: None,
                concentrator: false,
                equity_priority: rng.random_bool(0.45),
                completed_course_ids: vec![],
            })
            .await?;
    }
    let cat = Catalog {
        courses: store
            .list_all::<CourseInput>(&all)
            .await?
            .into_iter()
            .map(|c| (c.meta.id, c.fields))
            .collect(),
        credentials: store.list_all::<CredentialInput>(&all).await?,
        district_of: store
            .list_all::<OrganizationInput>(&all)
            .await?
            .into_iter()
            .filter_map(|o| o.fields.parent_id.map(|p| (o.meta.id, p)))
            .collect(),
    };
    let pathways = store.list_all::<PathwayInput>(&all).await?;
    let check = store.check_catalog().await?;
    let students = store.students(None, None, 1_000_000).await?.items;
    let counselor = Actor {
        user_id: None,
        role: "counselor".into(),
        name: "Cam Counselor".into(),
    };
    let (mut plans, mut inventories, mut statuses, mut approved) = (0, 0, 0, 0);
    for (k, st) in students.iter().enumerate() {
        step();
        let s = &st.fields;
        let first = s.student_ref == "S-000001";
        // The counselor's first grade-8 student always has a plan with a
        // course before its prerequisite, for the counselor to fix.
        let fixable = s.student_ref == "M-00001";
        let pathway = s
            .pathway_id
            .and_then(|id| pathways.iter().find(|p| p.meta.id == id))
            .unwrap_or(&pathways[k % pathways.len()]);
        let took_inventory =
            first || fixable || rng.random_bool(if s.grade == 8 { 0.6 } else { 0.85 });
        if took_inventory {
            let a = answers(k % 6, &mut rng);
            if let Ok(profile) = score(&a) {
                store
                    .save_inventory(&s.student_ref, &a, profile.0, &profile.code(), None)
                    .await?;
                inventories += 1;
            }
        }
        // Grade 8: a plan only after the inventory; others mostly have one.
        let has_plan = first
            || fixable
            || if s.grade == 8 {
                took_inventory && rng.random_bool(0.5)
            } else {
                // Texas requires a personal graduation plan of every high
                // school student (TEC §28.02121); those without one are
                // mostly new arrivals.
                rng.random_bool(0.97)
            };
        if !has_plan {
            continue;
        }
        let mut plan = good_plan(&cat, s, pathway, &mut rng);
        let roll: f64 = match (first, fixable) {
            (true, _) => 0.9,
            (_, true) => 0.05,
            _ => rng.random(),
        };
        if roll < 0.10 && plan.courses.len() >= 2 {
            // The second course planned before its prerequisite.
            plan.courses[1].grade = plan.courses[0].grade;
            plan.courses[1].completed = false;
            plan.courses[0].completed = false;
        } else if roll < 0.18 {
            // A course another district teaches.
            let district = cat.district_of.get(&s.school_id).copied();
            // The pathway's own course as another district teaches it (the
            // first such, so the demo is the same every run).
            if let Some(id) = pathway.fields.course_ids.iter().find(|id| {
                cat.courses.get(id).is_some_and(|c| {
                    c.level == CourseLevel::HighSchool && Some(c.provider_id) != district
                })
            }) {
                plan.courses.push(PlannedCourse {
                    course_id: *id,
                    grade: 11,
                    term: Term::Spring,
                    completed: false,
                });
            }
        } else if roll < 0.25 {
            // Not a concentrator yet: only the first pathway course.
            plan.courses.truncate(1);
        }
        let facts = StudentFacts {
            school_id: s.school_id,
            grade: s.grade,
            completed_course_ids: s.completed_course_ids.clone(),
        };
        let report = pathways_advising::check_plan(&check, &facts, &plan);
        let on_track = report.on_track;
        let saved = store
            .save_plan(&s.student_ref, None, &plan, &report, &counselor, "saved")
            .await?;
        plans += 1;
        if on_track && !first && rng.random_bool(0.5) {
            store
                .approve_plan(&s.student_ref, saved.version, &counselor)
                .await?;
            approved += 1;
        }
        if s.grade == 12 {
            for (key, evidence, p) in [
                ("fafsa", "FAFSA submitted; confirmation on file", 0.6),
                (
                    "college_application",
                    "Applied to Capital Area Community College",
                    0.7,
                ),
            ] {
                if rng.random_bool(p) {
                    store
                        .set_milestone_status(
                            &s.student_ref,
                            key,
                            &Recorded {
                                status: MilestoneStatus::Done,
                                evidence: evidence.into(),
                            },
                            None,
                        )
                        .await?;
                    statuses += 1;
                }
            }
        }
    }
    Ok(vec![
        ("inventory results", inventories),
        ("advising plans", plans),
        ("approved plans", approved),
        ("milestone statuses", statuses),
    ])
}
