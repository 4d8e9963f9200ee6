//! Demo students and work-based learning: a roster at each high school,
//! opportunities from the region's employers (most published, some waiting
//! for review), and ranked applications ready for a matching round.

use pathways_domain::catalog::{Id, PathwayInput};
use pathways_domain::wbl::{
    OpportunityInput, OpportunityStatus, StudentInput, WblActivity, eligibility,
};
use pathways_store::{ListFilter, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::catalog::{DISTRICTS, EMPLOYERS, PATHWAYS};
use crate::{DemoError, DemoRegion};

const FIRST: &[&str] = &[
    "Sofia", "Mateo", "Aaliyah", "Liam", "Camila", "Noah", "Isabella", "Elijah", "Valeria",
    "James", "Ximena", "Lucas", "Mia", "Santiago", "Amara", "Diego", "Harper", "Jayden", "Luna",
    "Gabriel", "Zoe", "Adrian", "Layla", "Ethan", "Nevaeh", "Carlos", "Aria", "Isaiah", "Maya",
    "Julian", "Jasmine", "Daniel", "Ana", "Xavier", "Chloe", "Marcus",
];
const LAST: &[&str] = &[
    "Garcia",
    "Nguyen",
    "Johnson",
    "Martinez",
    "Williams",
    "Hernandez",
    "Brown",
    "Lopez",
    "Davis",
    "Gonzalez",
    "Patel",
    "Rodriguez",
    "Wilson",
    "Perez",
    "Anderson",
    "Sanchez",
    "Thomas",
    "Ramirez",
    "Jackson",
    "Torres",
    "White",
    "Flores",
    "Harris",
    "Rivera",
    "Kim",
    "Gomez",
    "Lewis",
    "Diaz",
    "Walker",
    "Reyes",
    "Okafor",
    "Cruz",
    "Hall",
    "Morales",
];

/// Students on the demo's high-school rosters (grades 9–12): about the
/// high-school enrollment of the demo's synthetic participant population in
/// its latest school year (some 2,100 a grade across seven high schools).
pub const DEMO_ROSTER: usize = 8_500;

/// The demo's "today" for eligibility, fixed so the demo is deterministic.
pub const DEMO_TODAY: &str = "2026-11-24";

/// Plausible Austin-area coordinates (WGS 84) for the demo's fictional places:
/// Capital Springs sits where central Austin is, Riverside at Round Rock,
/// Cedar Ridge at Cedar Park.
const PLACES: &[(&str, f64, f64)] = &[
    ("Capital Springs", 30.2672, -97.7431),
    ("Riverside", 30.5083, -97.6789),
    ("Cedar Ridge", 30.5052, -97.8203),
    ("Lakeway", 30.3638, -97.9795),
    ("Bastrop", 30.1105, -97.3153),
];

/// Schools and districts on the map.
const SCHOOL_SITES: &[(&str, f64, f64)] = &[
    ("Capital City ISD", 30.2700, -97.7400),
    ("Lamar Early College High School", 30.3199, -97.7424),
    ("Eastside STEM Academy", 30.2836, -97.6959),
    ("Crockett High School", 30.2196, -97.7886),
    ("Riverside ISD", 30.5083, -97.6789),
    ("Riverside High School", 30.5190, -97.6560),
    ("Riverside Collegiate Academy", 30.4950, -97.6970),
    ("Hill Country ISD", 30.5052, -97.8203),
    ("Hill Country High School", 30.5280, -97.8380),
    ("Cedar Ridge High School", 30.4950, -97.8010),
];

/// A site near `city`: the city's point moved up to about two miles, the same
/// every run.
fn site_near(city: &str, salt: usize) -> (Option<f64>, Option<f64>) {
    match PLACES.iter().find(|(c, _, _)| *c == city) {
        Some((_, lat, lon)) => {
            let k = salt as f64;
            (
                Some(lat + ((k * 0.618).fract() - 0.5) * 0.05),
                Some(lon + ((k * 0.382).fract() - 0.5) * 0.05),
            )
        }
        None => (None, None),
    }
}

/// Seeds the roster, the autumn round, spring's opportunities and
/// applications; returns counts. `step` is called after each student, for a
/// progress bar.
pub async fn seed_wbl(
    store: &Store,
    region: &DemoRegion,
    students: usize,
    step: &(dyn Fn() + Sync),
) -> Result<Vec<(&'static str, usize)>, DemoError> {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    for (name, lat, lon) in SCHOOL_SITES {
        if let Some(&id) = region.organizations.get(*name) {
            store
                .set_organization_location(id, Some(*lat), Some(*lon))
                .await?;
        }
    }
    let schools: Vec<Id> = DISTRICTS
        .iter()
        .flat_map(|(_, s)| s.iter())
        .filter_map(|n| region.organizations.get(*n).copied())
        .collect();
    let pathways = store
        .list::<PathwayInput>(&ListFilter::default(), None, 100)
        .await?
        .items;
    let mut roster = Vec::with_capacity(students);
    for i in 0..students {
        let first = i == 0;
        let grade = if first { 11 } else { rng.random_range(9..=12) };
        let year = 2026 - 14 - (grade - 9) - i64::from(rng.random_bool(0.3));
        let pathway = if first {
            Some(&pathways[0])
        } else {
            pathways.get(rng.random_range(0..pathways.len() + 3))
        };
        // Completed courses: the first of the pathway's high-school courses (by grade 10 or later).
        let completed: Vec<Id> = match pathway {
            Some(p) if grade >= 10 => p.fields.course_ids.iter().take(1).copied().collect(),
            _ => vec![],
        };
        let s = StudentInput {
            student_ref: format!("S-{:06}", i + 1),
            display_name: format!(
                "{} {}",
                FIRST[rng.random_range(0..FIRST.len())],
                LAST[rng.random_range(0..LAST.len())]
            ),
            school_id: if first {
                schools[0]
            } else {
                schools[rng.random_range(0..schools.len())]
            },
            grade,
            birth_date: format!(
                "{year}-{:02}-{:02}",
                rng.random_range(1..=12),
                rng.random_range(1..=28)
            ),
            pathway_id: pathway.map(|p| p.meta.id),
            concentrator: first || (grade >= 11 && pathway.is_some() && rng.random_bool(0.6)),
            equity_priority: rng.random_bool(0.45),
            completed_course_ids: completed,
        };
        store.create_student(&s).await?;
        roster.push(s);
        step();
    }
    // The autumn round ran before spring's listings went up.
    let mut counts = vec![("students", roster.len())];
    if let Some(convener) = store.user_by_email("convener@demo.pathways.test").await? {
        counts.extend(
            crate::rounds::seed_fall_round(
                store,
                region,
                &roster,
                &pathways,
                convener.id,
                &mut rng,
            )
            .await?,
        );
    }
    let activities = [
        WblActivity::JobShadow,
        WblActivity::Internship,
        WblActivity::Clinical,
        WblActivity::IndustryProject,
        WblActivity::Mentoring,
        WblActivity::PaidWorkExperience,
        WblActivity::IndustryTour,
        WblActivity::PreApprenticeship,
    ];
    let mut opportunities = Vec::new();
    for (i, (name, sector, _, city)) in EMPLOYERS.iter().enumerate() {
        let Some(&employer_id) = region.organizations.get(*name) else {
            continue;
        };
        let candidates: Vec<(usize, &pathways_domain::catalog::Stored<PathwayInput>)> = pathways
            .iter()
            .enumerate()
            .filter(|(k, _)| PATHWAYS.get(*k).is_some_and(|p| p.sector == *sector))
            .collect();
        for j in 0..(1 + i % 2) {
            let (k, pathway) = candidates[(i + j) % candidates.len()];
            let activity = activities[(i * 3 + j) % activities.len()];
            let spec = &PATHWAYS[k];
            let status = match i % 9 {
                7 => OpportunityStatus::Submitted,
                8 if j == 0 => OpportunityStatus::Draft,
                _ => OpportunityStatus::Published,
            };
            let o = OpportunityInput {
                employer_id,
                title: format!("{} — {}", activity.title(), spec.name),
                description: format!(
                    "{} with {name}'s {} team: see the work up close, practice the skills employers look for, and meet people who hire.",
                    activity.title(),
                    spec.name.to_lowercase()
                ),
                activity,
                pathway_id: Some(pathway.meta.id),
                soc: pathways_domain::SocCode::parse(spec.targets[0]).ok(),
                location: (*city).to_owned(),
                schedule: [
                    "Tue/Thu 3–6 pm, February–May",
                    "Saturdays, 9 am–1 pm",
                    "Summer, 20 hours a week",
                    "One day in March",
                ][(i + j) % 4]
                    .to_owned(),
                paid: matches!(
                    activity,
                    WblActivity::Internship
                        | WblActivity::PaidWorkExperience
                        | WblActivity::PreApprenticeship
                ) || (i + j) % 3 == 0,
                capacity: rng.random_range(1..=5),
                min_age: if matches!(
                    activity,
                    WblActivity::Clinical
                        | WblActivity::PaidWorkExperience
                        | WblActivity::PreApprenticeship
                ) {
                    Some(16)
                } else {
                    None
                },
                min_grade: if activity.stage() >= pathways_domain::wbl::WblStage::CareerPreparation
                {
                    Some(11)
                } else {
                    None
                },
                required_course_ids: vec![],
                transportation_provided: (i + j) % 4 == 0,
                supervisor: format!(
                    "{} {}",
                    FIRST[(i + 5) % FIRST.len()],
                    LAST[(i * 7) % LAST.len()]
                ),
                starts_on: Some("2027-02-01".into()),
                latitude: site_near(city, i * 2 + j).0,
                longitude: site_near(city, i * 2 + j).1,
            };
            let stored = store.create_opportunity(&o, status).await?;
            opportunities.push(stored);
        }
    }
    let published: Vec<_> = opportunities
        .iter()
        .filter(|o| o.status == OpportunityStatus::Published)
        .collect();
    // About 300 students apply in spring, whatever the roster's size: the
    // board has some 60 listings and 180 seats, and a round with about two
    // applicants a seat has real competition.
    let upper = roster.iter().filter(|s| s.grade >= 10).count().max(1);
    let apply = (300.0 / upper as f64).min(0.55);
    let mut applications = 0;
    for s in roster.iter().filter(|s| s.grade >= 10) {
        if s.student_ref != "S-000001" && !rng.random_bool(apply) {
            continue;
        }
        let facts = s.facts();
        let mut eligible: Vec<_> = published
            .iter()
            .filter(|o| eligibility(&facts, &o.fields, DEMO_TODAY).is_empty())
            .filter(|o| o.fields.pathway_id == s.pathway_id || rng.random_bool(0.1))
            .collect();
        // Popular opportunities first, so rounds have real competition.
        eligible.sort_by_key(|o| (o.fields.capacity, o.meta.id));
        for (rank, o) in eligible.iter().take(3).enumerate() {
            store
                .apply(&s.student_ref, o.meta.id, rank as i64 + 1)
                .await?;
            applications += 1;
        }
    }
    // The demo student holds a draft training agreement with the demo
    // employer, ready for every party to sign.
    let mut placements = 0;
    let host = EMPLOYERS
        .first()
        .and_then(|(name, ..)| region.organizations.get(*name).copied());
    if let Some(first) = roster.first()
        && let Some(o) = published.iter().find(|o| {
            Some(o.fields.employer_id) == host
                && eligibility(&first.facts(), &o.fields, DEMO_TODAY).is_empty()
        })
    {
        let starts_on = o
            .fields
            .starts_on
            .clone()
            .unwrap_or_else(|| DEMO_TODAY.into());
        let guardian = pathways_domain::placement::required_parties(&first.birth_date, &starts_on)
            .contains(&pathways_domain::placement::Party::Guardian);
        let (ids, _) = store
            .create_placements(&[pathways_store::placements::NewPlacement {
                opportunity_id: o.meta.id,
                student_ref: first.student_ref.clone(),
                round_id: None,
                source: pathways_domain::placement::PlacementSource::Direct,
                starts_on,
                guardian_required: guardian,
                created_by: None,
            }])
            .await?;
        placements = ids.len();
    }
    counts.extend([
        ("WBL opportunities", opportunities.len()),
        ("applications", applications),
        ("placements", placements),
    ]);
    Ok(counts)
}
