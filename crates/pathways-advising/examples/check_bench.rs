//! Times the bulk plan check: N plans (default 100,000) against a synthetic
//! region of 40 schools in 8 districts, 12 pathways and 2,400 courses, with
//! a realistic mix of good and faulty plans. Prints plans/s and the total.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::collections::HashMap;
use std::time::Instant;

use pathways_advising::check::{
    CheckCatalog, CourseFacts, CredentialFacts, GraduationRule, OpportunityFacts, PathwayFacts,
    StudentFacts, check_many,
};
use pathways_advising::plan::{PlanInput, PlannedCourse, PlannedCredential, PlannedWbl, Term};
use pathways_domain::wbl::WblActivity;

/// CPU seconds used by this process so far (Linux /proc; 0 elsewhere), so the
/// figure can be read apart from other load on a shared machine.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some(after) = stat.rsplit_once(')').map(|(_, a)| a) else {
        return 0.0;
    };
    let f: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line (11 and 12 after the name), in ticks of 1/100 s.
    let ticks: f64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|x| x.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let districts: Vec<i64> = (1..=8).collect();
    let college = 100;
    let schools: Vec<(i64, i64)> = (0..40)
        .map(|i| (1000 + i, districts[i as usize % 8]))
        .collect();
    let subjects = [
        "english",
        "math",
        "science",
        "social_studies",
        "cte",
        "arts",
    ];
    let mut courses = HashMap::new();
    let mut id = 1;
    // 8 districts × 300 courses; each district's course k has the same code.
    for d in &districts {
        for k in 0..299 {
            // Chains of four: course k needs k−1 when k ends in 1, 2 or 3.
            let pre = if (1..=3).contains(&(k % 10)) {
                vec![id - 1]
            } else {
                vec![]
            };
            courses.insert(
                id,
                CourseFacts {
                    code: format!("C{k:03}"),
                    title: format!("Course {k}"),
                    provider_id: *d,
                    college: false,
                    dual_credit: false,
                    credit_hours: 1.0,
                    subject: Some(subjects[(k as usize / 3) % 6].into()),
                    prerequisites: pre,
                },
            );
            id += 1;
        }
    }
    for k in 0..100 {
        courses.insert(
            id,
            CourseFacts {
                code: format!("COLL {k}"),
                title: format!("College course {k}"),
                provider_id: college,
                college: true,
                dual_credit: k % 2 == 0,
                credit_hours: 3.0,
                subject: Some("cte".into()),
                prerequisites: vec![],
            },
        );
        id += 1;
    }
    let pathways: HashMap<i64, PathwayFacts> = (0..12)
        .map(|p| {
            (
                p,
                PathwayFacts {
                    name: format!("Pathway {p}"),
                    course_ids: (0..6).map(|k| 1 + p * 20 + k).collect(),
                    target_occupations: vec![format!("29-{:04}", 1000 + p)],
                },
            )
        })
        .collect();
    let credentials: HashMap<i64, CredentialFacts> = (0..24)
        .map(|c| {
            (
                c,
                CredentialFacts {
                    name: format!("Credential {c}"),
                    occupations: vec![format!("29-{:04}", 1000 + c / 2)],
                    stacks_into: if c % 2 == 0 { vec![c + 1] } else { vec![] },
                },
            )
        })
        .collect();
    let opps = (0..300)
        .map(|o| OpportunityFacts {
            id: o,
            title: format!("Opportunity {o}"),
            activity: [WblActivity::JobShadow, WblActivity::Internship][o as usize % 2],
            pathway_id: Some(o % 12),
            soc: None,
            min_grade: Some(10),
        })
        .collect();
    let parent: HashMap<i64, i64> = schools.iter().copied().collect();
    let cat = CheckCatalog::new(
        courses,
        pathways,
        credentials,
        parent,
        opps,
        vec![
            GraduationRule {
                subject: "total".into(),
                credits: 22.0,
            },
            GraduationRule {
                subject: "cte".into(),
                credits: 2.0,
            },
        ],
    );
    // Electives without prerequisites, beyond the pathway courses.
    let electives: Vec<i64> = (150..299)
        .filter(|k| !(1..=3).contains(&(k % 10)))
        .collect();
    let mut items = Vec::with_capacity(n);
    let mut seed: u64 = 7;
    let mut rnd = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for _ in 0..n {
        let (school, district) = schools[rnd(40) as usize];
        let base = (district - 1) * 299 + 1;
        let p = rnd(12) as i64;
        let offset = rnd(electives.len() as u64) as usize;
        let mut plan = PlanInput {
            goal_soc: pathways_domain::SocCode::parse(&format!("29-{:04}", 1000 + p)).ok(),
            pathway_id: Some(p),
            ..Default::default()
        };
        // 24 courses over four years, some pathway ones, some faulty.
        for g in 9..=12 {
            for t in 0..6 {
                // Two pathway courses a year in sequence, then electives:
                // mostly courses without prerequisites, now and then one whose
                // prerequisite is missing.
                let k = if t < 2 {
                    p * 20 + (g - 9) * 2 + t
                } else if rnd(40) == 0 {
                    150 + rnd(149) as i64
                } else {
                    electives[(offset + 11 * ((g - 9) * 4 + t - 2) as usize) % electives.len()]
                };
                let mut cid = base + k;
                if rnd(50) == 0 {
                    cid = 1 + rnd(2392) as i64; // another district's course
                }
                plan.courses.push(PlannedCourse {
                    course_id: cid,
                    grade: g,
                    term: [Term::Fall, Term::Spring][t as usize % 2],
                    completed: g < 10,
                });
            }
        }
        plan.credentials.push(PlannedCredential {
            credential_id: if rnd(10) == 0 { rnd(24) as i64 } else { 2 * p },
            grade: 12,
        });
        plan.wbl.push(PlannedWbl {
            activity: WblActivity::JobShadow,
            grade: 10,
            opportunity_id: None,
            completed: false,
        });
        items.push((
            StudentFacts {
                school_id: school,
                grade: 9 + rnd(4) as i64,
                completed_course_ids: vec![],
            },
            plan,
        ));
    }
    let t = Instant::now();
    let cpu0 = cpu_seconds();
    let reports = check_many(&cat, &items);
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let on = reports.iter().filter(|r| r.on_track).count();
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    let mut by_kind: std::collections::BTreeMap<String, usize> = Default::default();
    for r in &reports {
        for f in &r.findings {
            *by_kind.entry(format!("{:?}", f.kind)).or_default() += 1;
        }
    }
    println!("findings by check: {by_kind:?}");
    println!(
        "checked {} plans in {:.3} s wall, {:.2} s CPU ({:.0} plans/s) on {} threads; {} on track, {} off track, {} findings",
        reports.len(),
        secs,
        cpu,
        reports.len() as f64 / secs,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        on,
        reports.len() - on,
        findings
    );
}
