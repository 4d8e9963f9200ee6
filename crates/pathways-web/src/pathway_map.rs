//! Builds a pathway map from the catalog: the pathway's courses by stage,
//! dual credit, the credentials that lead to its target occupations with
//! their stacking, and exits with regional wages.

use std::collections::{BTreeMap, HashMap, HashSet};

use pathways_domain::SocCode;
use pathways_domain::catalog::{CourseInput, CredentialInput, Id, PathwayInput, Stored};
use pathways_domain::vocab::{CourseLevel, CredentialKind};
use pathways_maps::{
    Articulation, ArticulationKind, Component, ComponentKind, CreditHours, EdgeKind, Occupation,
    Pathway, WageFacts,
};
use pathways_store::{ListFilter, Store};

use crate::error::ApiError;

fn credential_kind(k: CredentialKind) -> (ComponentKind, &'static str) {
    match k {
        CredentialKind::IndustryCertification => (ComponentKind::IndustryCertification, "ps1"),
        CredentialKind::CertificateLevel1 => (ComponentKind::Level1Certificate, "ps1"),
        CredentialKind::CertificateLevel2 => (ComponentKind::Level2Certificate, "ps2"),
        CredentialKind::Associate => (ComponentKind::Associate, "ps2"),
        CredentialKind::License => (ComponentKind::License, "career"),
        CredentialKind::ApprenticeshipCertificate => (ComponentKind::Apprenticeship, "ps2"),
        CredentialKind::Bachelor => (ComponentKind::Bachelor, "university"),
    }
}

/// The map of a catalog pathway, and the wage facts for its exits.
pub async fn build(
    store: &Store,
    pathway: &Stored<PathwayInput>,
    lmi: Option<&pathways_lmi::LaborMarket>,
    area: Option<&str>,
) -> Result<(Pathway, HashMap<SocCode, WageFacts>), ApiError> {
    let p = &pathway.fields;
    let mut courses: Vec<Stored<CourseInput>> = Vec::new();
    for id in &p.course_ids {
        courses.push(store.get::<CourseInput>(*id).await?);
    }
    // Districts teach the same course; show each course code once.
    let mut seen = HashSet::new();
    courses.retain(|c| seen.insert(c.fields.code.clone()));
    let targets: HashSet<SocCode> = p.target_occupations.iter().copied().collect();
    let credentials: Vec<Stored<CredentialInput>> = store
        .list_all::<CredentialInput>(&ListFilter::default())
        .await?
        .into_iter()
        .filter(|c| c.fields.occupations.iter().any(|o| targets.contains(o)))
        .collect();
    let cred_ids: HashSet<Id> = credentials.iter().map(|c| c.meta.id).collect();

    let mut b = Pathway::builder(format!("pathway-{}", pathway.meta.id), p.name.clone())
        .stage("9-10", "Grades 9–10", true)
        .stage("11-12", "Grades 11–12", true)
        .stage("ps1", "College year 1", false)
        .stage("ps2", "College year 2", false)
        .stage("university", "University", false)
        .stage("career", "Career", false);
    if let Some(d) = &p.description {
        b = b.description(d.clone());
    }
    let hs: Vec<&Stored<CourseInput>> = courses
        .iter()
        .filter(|c| c.fields.level != CourseLevel::College)
        .collect();
    let college: Vec<&Stored<CourseInput>> = courses
        .iter()
        .filter(|c| c.fields.level == CourseLevel::College)
        .collect();
    let cid = |c: &Stored<CourseInput>| format!("course-{}", c.meta.id);
    let by_code: HashMap<Id, String> = courses.iter().map(|c| (c.meta.id, cid(c))).collect();
    for (i, c) in hs.iter().enumerate() {
        let stage = if i < hs.len().div_ceil(2) {
            "9-10"
        } else {
            "11-12"
        };
        let mut comp = Component::new(
            cid(c),
            ComponentKind::HighSchoolCourse,
            c.fields.title.clone(),
            stage,
        )
        .course_code(c.fields.code.clone());
        if i == 0 {
            comp = comp.on_ramp();
        }
        b = b.component(comp);
    }
    for c in &college {
        // A dual-credit course is the college's course taken in high school:
        // it sits with the college year and articulates from high school.
        let title = if c.fields.dual_credit {
            format!("{} {} (dual credit)", c.fields.code, c.fields.title)
        } else {
            format!("{} {}", c.fields.code, c.fields.title)
        };
        let mut comp = Component::new(cid(c), ComponentKind::CollegeCourse, title, "ps1")
            .course_code(c.fields.code.clone());
        if let Some(h) = CreditHours::from_f64(c.fields.credit_hours) {
            comp = comp.credit_hours(h);
        }
        b = b.component(comp);
    }
    for c in courses.iter() {
        for pre in &c.fields.prerequisite_ids {
            if let Some(from) = by_code.get(pre) {
                b = b.edge(from.clone(), EdgeKind::PrerequisiteOf, cid(c));
            }
        }
    }
    // High school leads into the college courses; dual-credit ones articulate.
    if let Some(last_hs) = hs.last() {
        for c in college.iter().filter(|c| c.fields.dual_credit) {
            b = b
                .edge(cid(last_hs), EdgeKind::Precedes, cid(c))
                .articulation(Articulation {
                    from: cid(last_hs),
                    to: cid(c),
                    kind: ArticulationKind::DualCredit,
                    credit_hours: CreditHours::from_f64(c.fields.credit_hours),
                    from_institution: None,
                    to_institution: None,
                    agreement: None,
                });
        }
    }
    let title_of = |soc: &SocCode| {
        lmi.and_then(|m| m.title(soc.as_str()))
            .unwrap_or_else(|| soc.to_string())
    };
    // Credentials: lowest first, each leading to its occupations.
    let mut ordered: Vec<&Stored<CredentialInput>> = credentials.iter().collect();
    ordered.sort_by_key(|c| (credential_kind(c.fields.kind).1, c.meta.id));
    for c in &ordered {
        let (kind, stage) = credential_kind(c.fields.kind);
        let occupations: Vec<Occupation> = c
            .fields
            .occupations
            .iter()
            .map(|o| Occupation::new(*o, title_of(o)))
            .collect();
        let mut comp = Component::new(
            format!("credential-{}", c.meta.id),
            kind,
            c.fields.name.clone(),
            stage,
        )
        .provider(c.fields.issuer.clone())
        .off_ramp(occupations);
        if kind == ComponentKind::IndustryCertification {
            comp = comp.on_ramp();
        }
        b = b.component(comp);
        for s in c
            .fields
            .stacks_into_ids
            .iter()
            .filter(|s| cred_ids.contains(s))
        {
            b = b.edge(
                format!("credential-{}", c.meta.id),
                EdgeKind::StacksInto,
                format!("credential-{s}"),
            );
        }
    }
    if let (Some(last), Some(first_cred)) = (college.last().or(hs.last()), ordered.first()) {
        b = b.edge(
            cid(last),
            EdgeKind::Precedes,
            format!("credential-{}", first_cred.meta.id),
        );
    }
    let pathway_map = b.build().map_err(|e| ApiError::Internal(e.to_string()))?;
    let socs: Vec<SocCode> = credentials
        .iter()
        .flat_map(|c| c.fields.occupations.iter().copied())
        .collect();
    let wages = wage_facts(lmi, area, socs);
    Ok((pathway_map, wages))
}

/// Regional wage facts (median, openings, high-wage and in-demand tests under
/// the default targeting rule) for `socs` in OEWS `area`; empty without data.
pub fn wage_facts(
    lmi: Option<&pathways_lmi::LaborMarket>,
    area: Option<&str>,
    socs: impl IntoIterator<Item = SocCode>,
) -> HashMap<SocCode, WageFacts> {
    let mut wages = HashMap::new();
    let (Some(m), Some(area)) = (lmi, area) else {
        return wages;
    };
    let rule = pathways_lmi::targeting::TargetingRule::default();
    let assessed: BTreeMap<String, pathways_lmi::targeting::Assessment> = m
        .assess(area, &rule)
        .map(|v| v.into_iter().map(|a| (a.soc.clone(), a)).collect())
        .unwrap_or_default();
    for soc in socs {
        if let Some(a) = assessed.get(soc.as_str()) {
            wages.insert(
                soc,
                WageFacts {
                    median: a.median_wage.unwrap_or(0.0) as u32,
                    annual_openings: a.regional_openings.unwrap_or(0.0) as u32,
                    high_wage: a.tests.first().is_some_and(|t| t.passed),
                    in_demand: a.tests.get(1).is_some_and(|t| t.passed),
                },
            );
        }
    }
    wages
}

/// The wage facts for every occupation named on a map, in `region_id`'s area.
pub async fn map_wages(
    store: &Store,
    lmi: Option<&pathways_lmi::LaborMarket>,
    region_id: Option<Id>,
    map: &Pathway,
) -> HashMap<SocCode, WageFacts> {
    let area = match region_id {
        Some(r) => crate::api::lmi::region_area(store, r)
            .await
            .ok()
            .map(|(_, a)| a),
        None => None,
    };
    let socs: Vec<SocCode> = map
        .components
        .iter()
        .flat_map(|c| c.occupations.iter().map(|o| o.soc))
        .collect();
    wage_facts(lmi, area.as_deref(), socs)
}
