//! The demo's autumn matching round, already run: a region in late November
//! has placed students in fall job shadows and industry tours, their
//! agreements signed, the hours worked and approved, and the fall listings
//! closed — while spring's applications wait for the next round.

use std::collections::HashMap;

use pathways_domain::catalog::{Id, PathwayInput, Stored};
use pathways_domain::placement::{HoursInput, Party, PlacementSource, PlacementStatus};
use pathways_domain::wbl::{OpportunityInput, OpportunityStatus, StudentInput, WblActivity};
use pathways_store::Store;
use pathways_store::placements::NewPlacement;
use pathways_web::api::wbl::{RoundRequest, run_round};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::catalog::{EMPLOYERS, PATHWAYS};
use crate::{DemoError, DemoRegion};

/// The round's name, as students and staff see it.
pub const FALL_ROUND: &str = "Fall 2026 job shadows and industry tours";

/// Fall listings: every fourth employer hosts one.
const EVERY_NTH_EMPLOYER: usize = 4;

/// Seeds the fall listings, applications, the round, its placements with
/// signed agreements and approved hours; then closes the listings and
/// withdraws their applications (the round keeps its results). `recorder`
/// is the staff account that recorded the paper agreements and hours.
pub async fn seed_fall_round(
    store: &Store,
    region: &DemoRegion,
    roster: &[StudentInput],
    pathways: &[Stored<PathwayInput>],
    recorder: Id,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<(&'static str, usize)>, DemoError> {
    let mut listings = Vec::new();
    for (i, (name, sector, _, city)) in EMPLOYERS.iter().enumerate() {
        if i % EVERY_NTH_EMPLOYER != 1 {
            continue;
        }
        let Some(&employer_id) = region.organizations.get(*name) else {
            continue;
        };
        let Some((k, pathway)) = pathways
            .iter()
            .enumerate()
            .find(|(k, _)| PATHWAYS.get(*k).is_some_and(|p| p.sector == *sector))
        else {
            continue;
        };
        let activity = if i % 8 == 1 {
            WblActivity::IndustryTour
        } else {
            WblActivity::JobShadow
        };
        let day = 6 + (i % 20);
        let o = OpportunityInput {
            employer_id,
            title: format!("{} — {} (fall)", activity.title(), PATHWAYS[k].name),
            description: format!(
                "A morning at {name}: meet the {} team, see the work, and ask what it takes to get hired.",
                PATHWAYS[k].name.to_lowercase()
            ),
            activity,
            pathway_id: Some(pathway.meta.id),
            soc: pathways_domain::SocCode::parse(PATHWAYS[k].targets[0]).ok(),
            location: (*city).to_owned(),
            schedule: format!("October {day}, 8:30 am–12:30 pm"),
            paid: false,
            capacity: rng.random_range(4..=8),
            min_age: None,
            min_grade: None,
            required_course_ids: vec![],
            transportation_provided: i % 2 == 1,
            supervisor: "Site coordinator".into(),
            starts_on: Some(format!("2026-10-{day:02}")),
            latitude: None,
            longitude: None,
        };
        listings.push(
            store
                .create_opportunity(&o, OpportunityStatus::Published)
                .await?,
        );
    }
    // Mostly grade 9 and 10 students explore, a few juniors too: about 250
    // in all, some three applicants a seat.
    let lower = roster.iter().filter(|s| s.grade <= 10).count().max(1);
    let scale = (250.0 / lower as f64).min(1.0);
    let mut applied: Vec<(String, Id)> = Vec::new();
    let mut applicants = 0;
    for s in roster {
        let p = scale
            * match s.grade {
                9 | 10 => 0.9,
                11 => 0.2,
                _ => 0.0,
            };
        if p == 0.0 || !rng.random_bool(p) {
            continue;
        }
        let mut choices: Vec<&pathways_store::wbl::Opportunity> = listings
            .iter()
            .filter(|o| o.fields.pathway_id == s.pathway_id || rng.random_bool(0.15))
            .collect();
        if choices.is_empty() {
            continue;
        }
        choices.sort_by_key(|o| o.meta.id);
        for (rank, o) in choices.iter().take(3).enumerate() {
            store
                .apply(&s.student_ref, o.meta.id, rank as i64 + 1)
                .await?;
            applied.push((s.student_ref.clone(), o.meta.id));
        }
        applicants += 1;
    }
    let round = run_round(
        store,
        &RoundRequest {
            name: FALL_ROUND.into(),
            seed: 20_261_001,
            equity_first: true,
        },
        Some(recorder),
    )
    .await
    .map_err(|e| DemoError::Round(e.problem().detail))?;
    let results = store.round_results(round.id, None).await?;
    let by_ref: HashMap<&str, &StudentInput> =
        roster.iter().map(|s| (s.student_ref.as_str(), s)).collect();
    let mut new = Vec::new();
    for r in &results {
        let (Some(oid), Some(s)) = (r.opportunity_id, by_ref.get(r.student_ref.as_str())) else {
            continue;
        };
        let Some(o) = listings.iter().find(|o| o.meta.id == oid) else {
            continue;
        };
        let starts_on = o.fields.starts_on.clone().unwrap_or_default();
        new.push(NewPlacement {
            opportunity_id: oid,
            student_ref: s.student_ref.clone(),
            round_id: Some(round.id),
            source: PlacementSource::Round,
            guardian_required: pathways_domain::placement::required_parties(
                &s.birth_date,
                &starts_on,
            )
            .contains(&Party::Guardian),
            starts_on,
            created_by: Some(recorder),
        });
    }
    let (ids, _) = store.create_placements(&new).await?;
    for (id, n) in ids.iter().zip(&new) {
        let name = by_ref
            .get(n.student_ref.as_str())
            .map(|s| s.display_name.as_str())
            .unwrap_or_default();
        complete(store, *id, n, name, recorder).await?;
    }
    for o in &listings {
        store
            .set_opportunity_status(o.meta.id, OpportunityStatus::Closed)
            .await?;
    }
    for (student_ref, opportunity_id) in &applied {
        store.withdraw(student_ref, *opportunity_id).await?;
    }
    Ok(vec![
        ("fall round applicants", applicants),
        ("fall placements completed", ids.len()),
    ])
}

/// Signs a fall placement for every party, marks it worked and approves
/// the morning's hours.
async fn complete(
    store: &Store,
    id: Id,
    n: &NewPlacement,
    student: &str,
    recorder: Id,
) -> Result<(), DemoError> {
    let mut parties = vec![
        (Party::Employer, "Site coordinator".to_owned()),
        (
            Party::School,
            "Career and technical education office".to_owned(),
        ),
        (Party::Student, student.to_owned()),
    ];
    if n.guardian_required {
        parties.push((Party::Guardian, format!("Parent or guardian of {student}")));
    }
    for (party, name) in &parties {
        store.sign_placement(id, *party, recorder, name).await?;
    }
    let p = store.placement(id).await?;
    let p = store
        .set_placement_status(id, &p, PlacementStatus::Active)
        .await?;
    store
        .log_hours(
            id,
            &HoursInput {
                worked_on: n.starts_on.clone(),
                hours: 4.0,
                activity: "Shadowed staff on the floor; asked about training and first jobs."
                    .into(),
            },
            recorder,
            "convener_admin",
            Some(recorder),
        )
        .await?;
    store
        .set_placement_status(id, &p, PlacementStatus::Completed)
        .await?;
    Ok(())
}
