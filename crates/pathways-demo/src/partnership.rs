//! The demo region's partnership: a leadership team from every sector, a
//! year of monthly meetings with the most recent one missed, agreements
//! (one data-sharing agreement expiring within 60 days), the
//! responsibilities matrix mostly owned, goals (one off track), funding from
//! six streams and two years of self-assessment.
//!
//! Dates count back from `today`, so the alerts a newcomer sees are live.

use pathways_domain::catalog::Id;
use pathways_domain::partnership::*;
use pathways_store::{ListFilter, Store};

use crate::catalog::{APPRENTICESHIP, COLLEGE, CONVENER, DISTRICTS, EMPLOYERS, UNIVERSITY};
use crate::{DemoError, DemoRegion};

fn org(region: &DemoRegion, name: &str) -> Result<Id, DemoError> {
    region.organizations.get(name).copied().ok_or_else(|| {
        DemoError::Account(
            name.to_owned(),
            "organization missing from the demo catalog".into(),
        )
    })
}

/// Seeds the partnership as of `today`; returns counts for the summary.
pub async fn seed_partnership(
    store: &Store,
    region: &DemoRegion,
    today: Date,
) -> Result<Vec<(&'static str, usize)>, DemoError> {
    let r = region.region_id;
    let convener = org(region, CONVENER)?;
    let college = org(region, COLLEGE)?;
    let university = org(region, UNIVERSITY)?;
    let apprenticeship = org(region, APPRENTICESHIP)?;
    let city_isd = org(region, DISTRICTS[0].0)?;
    let river_isd = org(region, DISTRICTS[1].0)?;
    let hill_isd = org(region, DISTRICTS[2].0)?;
    let hospital = org(region, EMPLOYERS[0].0)?;
    let employer2 = org(region, EMPLOYERS[1].0)?;
    let chamber = org(region, "Capital Area Chamber of Commerce")?;
    let year = today.year();

    store
        .save_partnership_settings(&PartnershipSettingsInput {
            region_id: r,
            meeting_cadence: Cadence::Monthly,
            expiry_warning_days: EXPIRY_WARNING_DAYS,
        })
        .await?;

    let team = [
        (convener, "Renee Okafor", "Executive Director", "chair"),
        (city_isd, "Marcus Bell", "CTE Director", "co_chair"),
        (
            river_isd,
            "Lucia Ortega",
            "College and Career Readiness Coordinator",
            "member",
        ),
        (
            hill_isd,
            "Tom Whitfield",
            "Assistant Superintendent",
            "member",
        ),
        (
            college,
            "Dr. Priya Raman",
            "Dean of Workforce Education",
            "member",
        ),
        (university, "Dr. Alan Chu", "Associate Provost", "member"),
        (hospital, "Janelle Moss", "Chief Nursing Officer", "member"),
        (employer2, "Victor Salas", "Plant Manager", "member"),
        (chamber, "Dana Price", "Vice President, Talent", "member"),
        (
            apprenticeship,
            "Earl Jenkins",
            "Training Director",
            "member",
        ),
    ];
    for (organization_id, name, title, role) in team {
        store
            .create(&TeamMemberInput {
                region_id: r,
                organization_id,
                person_name: name.into(),
                title: Some(title.into()),
                team_role: role.into(),
                active: true,
            })
            .await?;
    }

    // Monthly for a year, then last month's meeting did not happen.
    let agendas = [
        (
            "Annual targeting rule review",
            "Adopted the demand and wage thresholds for the year.",
        ),
        (
            "Dual-credit expansion",
            "Capital Community College will add two nursing sections in spring.",
        ),
        (
            "Work-based learning recruitment",
            "Chamber to recruit ten new host employers.",
        ),
        (
            "Data-sharing renewal",
            "Districts to review the DSA renewal draft.",
        ),
        (
            "Self-assessment results",
            "Improvement actions assigned for criteria S4 and S6.",
        ),
        (
            "Advising and pathway maps",
            "Counselors to use the regional maps in spring planning.",
        ),
    ];
    let all = [
        convener, city_isd, river_isd, hill_isd, college, university, hospital, employer2, chamber,
    ];
    let mut meetings = Vec::new();
    for k in (2..=13).rev() {
        let held_on = today.plus_days(-30 * k - 3);
        let (agenda, decisions) = agendas[(k as usize) % agendas.len()];
        let attendee_ids: Vec<Id> = all.iter().copied().filter(|o| (o + k) % 4 != 0).collect();
        let m = store
            .create(&MeetingInput {
                region_id: r,
                held_on,
                attendee_ids,
                agenda: agenda.into(),
                decisions: decisions.into(),
            })
            .await?;
        meetings.push((m.meta.id, held_on));
    }
    let (last_id, last_on) = meetings[meetings.len() - 1];
    let (prev_id, prev_on) = meetings[meetings.len() - 2];
    let items = [
        (
            prev_id,
            "Circulate the dual-credit sequence to counselors",
            college,
            prev_on.plus_days(21),
            ActionStatus::Done,
        ),
        (
            last_id,
            "Return DSA renewal comments",
            city_isd,
            last_on.plus_days(21),
            ActionStatus::Open,
        ),
        (
            last_id,
            "Recruit ten host employers for spring internships",
            chamber,
            last_on.plus_days(75),
            ActionStatus::Open,
        ),
        (
            last_id,
            "Post the funding sustainability summary",
            convener,
            last_on.plus_days(30),
            ActionStatus::Open,
        ),
    ];
    for (meeting_id, description, owner_id, due_on, status) in items {
        store
            .create(&ActionItemInput {
                meeting_id,
                description: description.into(),
                owner_id,
                due_on,
                status,
            })
            .await?;
    }

    let agreement = |kind, title: &str, parties: Vec<Id>, from: i64, to: i64| AgreementInput {
        region_id: r,
        kind,
        title: title.into(),
        status: AgreementStatus::Active,
        party_ids: parties,
        supplier_id: None,
        data_elements: vec![],
        purposes: vec![],
        effective_on: Some(today.plus_days(from)),
        expires_on: Some(today.plus_days(to)),
        notes: String::new(),
    };
    let dsa = |supplier: Id, title: &str, to: i64| AgreementInput {
        supplier_id: Some(supplier),
        data_elements: vec![DataElement::StudentRoster, DataElement::WblApplications],
        purposes: vec![Purpose::WorkBasedLearning],
        notes: "FERPA studies/evaluation exception; signed copies at the convener.".into(),
        ..agreement(
            AgreementKind::DataSharing,
            title,
            vec![supplier, college, convener],
            -320,
            to,
        )
    };
    let agreements = [
        agreement(
            AgreementKind::Mou,
            "Capital Area Pathways Partnership MOU",
            all.to_vec(),
            -400,
            700,
        ),
        dsa(
            city_isd,
            "Capital City ISD – Capital Community College WBL data sharing",
            45,
        ),
        dsa(
            river_isd,
            "Riverside ISD – Capital Community College WBL data sharing",
            400,
        ),
        agreement(
            AgreementKind::Articulation,
            "Health science articulation (ISDs – CCC)",
            vec![city_isd, river_isd, hill_isd, college],
            -200,
            900,
        ),
        agreement(
            AgreementKind::DualCredit,
            "Dual-credit agreement 2026–27",
            vec![city_isd, river_isd, college],
            -120,
            240,
        ),
        agreement(
            AgreementKind::WblTraining,
            "St. Brigid clinical internship training agreement",
            vec![hospital, city_isd],
            -90,
            270,
        ),
    ];
    for a in &agreements {
        store.create(a).await?;
    }

    store.seed_partnership_defaults(r).await?;
    let owner = |s: Stakeholder| match s {
        Stakeholder::Employers => hospital,
        Stakeholder::K12 => city_isd,
        Stakeholder::Postsecondary => college,
        Stakeholder::Workforce | Stakeholder::Convener | Stakeholder::Facilitator => convener,
    };
    let rs = store
        .list_all::<ResponsibilityInput>(&ListFilter {
            region_id: Some(r),
            ..Default::default()
        })
        .await?;
    for (i, s) in rs.iter().enumerate() {
        // Four cells stay unowned so the coverage view has something to show.
        if [5, 12, 26, 40].contains(&i) {
            continue;
        }
        let mut f = s.fields.clone();
        f.organization_id = Some(owner(f.stakeholder));
        f.status = if i % 3 == 0 {
            ResponsibilityStatus::InProgress
        } else {
            ResponsibilityStatus::NotStarted
        };
        store.update(s.meta.id, s.meta.version, &f).await?;
    }

    let goals = [
        (
            "Graduates earning a credential of value",
            "credential_attainment",
            18.0,
            30.0,
            24.5,
        ),
        (
            "Students completing dual credit in a pathway",
            "dual_credit_completion",
            22.0,
            35.0,
            29.0,
        ),
        (
            "Students with a work-based learning experience",
            "wbl_participation",
            30.0,
            60.0,
            33.0,
        ),
        (
            "Completers employed in a targeted occupation",
            "targeted_employment",
            41.0,
            55.0,
            48.0,
        ),
    ];
    for (title, metric, baseline, target, current) in goals {
        store
            .create(&GoalInput {
                region_id: r,
                title: title.into(),
                metric_id: metric.into(),
                baseline,
                baseline_year: year - 2,
                target,
                target_year: year + 2,
                current: Some(current),
                current_year: Some(year),
            })
            .await?;
    }

    let initiatives = [
        (
            "Summer health-careers bridge",
            "Four-week college-readiness and CNA-prep program for rising seniors.",
            college,
            Component::Transitions,
        ),
        (
            "Industry mentor network",
            "Chamber-recruited mentors paired with juniors in each pathway.",
            chamber,
            Component::Advising,
        ),
        (
            "Regional externships for teachers",
            "Teachers spend a week at host employers each June.",
            convener,
            Component::Integration,
        ),
    ];
    for (name, description, lead, component) in initiatives {
        store
            .create(&InitiativeInput {
                region_id: r,
                name: name.into(),
                description: description.into(),
                lead_id: Some(lead),
                pathway_id: None,
                component,
            })
            .await?;
    }

    let streams = [
        (
            "Perkins V local allocation",
            FundingSource::Perkins,
            Some(city_isd),
            true,
            None,
        ),
        (
            "WIOA youth program",
            FundingSource::Wioa,
            Some(convener),
            true,
            None,
        ),
        (
            "State CTE weighted funding",
            FundingSource::State,
            Some(river_isd),
            true,
            None,
        ),
        (
            "Federal pathways innovation grant",
            FundingSource::Grant,
            Some(convener),
            false,
            Some(year + 1),
        ),
        (
            "Employer internship wages",
            FundingSource::Employer,
            Some(hospital),
            true,
            None,
        ),
        (
            "Community foundation advising grant",
            FundingSource::Philanthropy,
            None,
            false,
            Some(year),
        ),
    ];
    let mut stream_ids = Vec::new();
    for (name, source, organization_id, recurring, ends_year) in streams {
        stream_ids.push(
            store
                .create(&FundingStreamInput {
                    region_id: r,
                    name: name.into(),
                    source,
                    organization_id,
                    recurring,
                    ends_year,
                })
                .await?
                .meta
                .id,
        );
    }
    let pathways = &region.pathways;
    let mut n_alloc = 0;
    for y in [year - 1, year] {
        for (pi, p) in pathways.iter().take(4).enumerate() {
            let scale = 1.0 + pi as f64 * 0.25;
            for (si, funds, amount) in [
                (0, FundingUse::Pathway, 42_000.0),
                (2, FundingUse::Pathway, 18_000.0),
                (
                    3,
                    FundingUse::Pathway,
                    if pi == 0 { 95_000.0 } else { 20_000.0 },
                ),
                (4, FundingUse::Wbl, 12_000.0),
            ] {
                store
                    .create(&FundingAllocationInput {
                        stream_id: stream_ids[si],
                        year: y,
                        amount: amount * scale,
                        funds,
                        pathway_id: Some(*p),
                    })
                    .await?;
                n_alloc += 1;
            }
        }
        for (si, funds, amount) in [
            (1, FundingUse::Wbl, 150_000.0),
            (1, FundingUse::Staff, 85_000.0),
            (5, FundingUse::Advising, 60_000.0),
        ] {
            store
                .create(&FundingAllocationInput {
                    stream_id: stream_ids[si],
                    year: y,
                    amount,
                    funds,
                    pathway_id: None,
                })
                .await?;
            n_alloc += 1;
        }
    }

    let criteria = store
        .list_all::<CriterionInput>(&ListFilter {
            region_id: Some(r),
            ..Default::default()
        })
        .await?;
    let mut n_ratings = 0;
    for (i, c) in criteria.iter().enumerate() {
        for (y, bump) in [(year - 1, 0), (year, 1)] {
            let rating = (((i * 7) % 3) as i64 + 1 + bump).min(4);
            let improvement_action = if rating < 3 {
                format!(
                    "Owner to propose a plan for {} at the next meeting.",
                    c.fields.code
                )
            } else {
                String::new()
            };
            store
                .create(&RatingInput {
                    criterion_id: c.meta.id,
                    year: y,
                    subject_id: None,
                    rating,
                    evidence: format!("{} review of {} by the leadership team.", y, c.fields.code),
                    improvement_action,
                })
                .await?;
            n_ratings += 1;
        }
    }
    Ok(vec![
        ("leadership team members", team.len()),
        ("partnership meetings", meetings.len()),
        ("agreements", agreements.len()),
        ("funding allocations", n_alloc),
        ("self-assessment ratings", n_ratings),
    ])
}
