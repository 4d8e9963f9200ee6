//! A realistic demo region, seeded and deterministic, so a newcomer's first
//! minute shows a living system: partners from every sector, twelve pathways
//! in four industries with courses, dual credit, stackable credentials and
//! exits, and one sign-in per role.

pub mod advising;
pub mod catalog;
pub mod maps;
pub mod outcomes;
pub mod participants;
pub mod partnership;
pub mod rounds;
pub mod wbl;

use std::collections::HashMap;

use pathways_domain::access::Role;
use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_domain::{CipCode, CodeError, NaicsCode, SocCode};
use pathways_store::{Store, StoreError};
use pathways_web::api::accounts::{NewUserRequest, create_user_checked};

use crate::catalog::{PATHWAYS, Provider};

/// Why the demo could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The store refused a write.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A code in the built-in catalog is malformed (a bug in this crate).
    #[error("built-in demo catalog: {0}")]
    Code(#[from] CodeError),
    /// A vocabulary term in the built-in catalog is unknown (a bug in this crate).
    #[error("built-in demo catalog: {0}")]
    Term(#[from] pathways_domain::vocab::TermError),
    /// Creating a demo account failed.
    #[error("demo account {0}: {1}")]
    Account(String, String),
    /// Generating the demo's participant records failed.
    #[error("demo participant records: {0}")]
    Participants(#[source] pathways_synth::SynthError),
    /// Loading the participant records or computing the metrics failed.
    #[error("demo outcomes: {0}")]
    Analytics(#[from] pathways_analytics::AnalyticsError),
    /// Writing the metric definitions or row counts failed.
    #[error("demo outcomes: {0}")]
    Outcomes(String),
    /// Building a pathway map from the catalog failed.
    #[error("demo pathway maps: {0}")]
    Maps(String),
    /// Running the demo's matching round failed.
    #[error("demo matching round: {0}")]
    Round(String),
}

/// What the demo created, for the summary and for later seeding steps.
#[derive(Debug, Default, Clone)]
pub struct DemoRegion {
    /// Region id.
    pub region_id: Id,
    /// OEWS area the region is built on.
    pub area: String,
    /// Organizations by name.
    pub organizations: HashMap<String, Id>,
    /// Pathway ids in catalog order.
    pub pathways: Vec<Id>,
    /// Counts by kind, for the summary.
    pub counts: Vec<(&'static str, usize)>,
}

/// One demo sign-in.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Role.
    pub role: Role,
    /// E-mail.
    pub email: String,
    /// Password.
    pub password: String,
    /// Whom it acts for.
    pub acts_for: String,
}

/// The demo accounts' shared password (printed by `pathways demo`).
pub const DEMO_PASSWORD: &str = "pathways-demo-2026";

fn org(
    name: &str,
    sector: Sector,
    kind: OrganizationKind,
    region: Id,
    parent: Option<Id>,
    city: &str,
    naics: Option<&str>,
) -> Result<OrganizationInput, DemoError> {
    Ok(OrganizationInput {
        name: name.to_owned(),
        sector,
        kind,
        region_id: Some(region),
        parent_id: parent,
        city: Some(city.to_owned()),
        naics: naics.map(NaicsCode::parse).transpose()?,
        website: None,
    })
}

/// Creates the region's catalog in `store` (expected empty). `step` is called
/// after each pathway, for a progress bar.
pub async fn seed_catalog(
    store: &Store,
    area: &str,
    step: &(dyn Fn() + Sync),
) -> Result<DemoRegion, DemoError> {
    let mut out = DemoRegion {
        area: area.to_owned(),
        ..Default::default()
    };
    let region = store
        .create(&RegionInput {
            name: catalog::REGION.into(),
            area_codes: vec![AreaCode::parse(area)?],
        })
        .await?;
    out.region_id = region.meta.id;
    let r = region.meta.id;
    let mut add = async |input: OrganizationInput| -> Result<Id, DemoError> {
        let id = store.create(&input).await?.meta.id;
        out.organizations.insert(input.name.clone(), id);
        Ok(id)
    };
    add(org(
        catalog::CONVENER,
        Sector::WorkforceBoard,
        OrganizationKind::Other,
        r,
        None,
        "Capital Springs",
        Some("926110"),
    )?)
    .await?;
    let college = add(org(
        catalog::COLLEGE,
        Sector::Postsecondary,
        OrganizationKind::CommunityCollege,
        r,
        None,
        "Capital Springs",
        Some("611210"),
    )?)
    .await?;
    let university = add(org(
        catalog::UNIVERSITY,
        Sector::Postsecondary,
        OrganizationKind::University,
        r,
        None,
        "Riverside",
        Some("611310"),
    )?)
    .await?;
    let apprenticeship = add(org(
        catalog::APPRENTICESHIP,
        Sector::IndustryAssociation,
        OrganizationKind::Other,
        r,
        None,
        "Capital Springs",
        Some("813910"),
    )?)
    .await?;
    let mut districts = Vec::new();
    for (district, schools) in catalog::DISTRICTS {
        let d = add(org(
            district,
            Sector::Secondary,
            OrganizationKind::District,
            r,
            None,
            "Capital Springs",
            Some("611110"),
        )?)
        .await?;
        for s in *schools {
            add(org(
                s,
                Sector::Secondary,
                OrganizationKind::School,
                r,
                Some(d),
                "Capital Springs",
                Some("611110"),
            )?)
            .await?;
        }
        districts.push((d, *district));
    }
    for (name, sector) in catalog::PARTNERS {
        add(org(
            name,
            Sector::parse(sector)?,
            OrganizationKind::Other,
            r,
            None,
            "Capital Springs",
            None,
        )?)
        .await?;
    }
    for (name, _sector, naics, city) in catalog::EMPLOYERS {
        add(org(
            name,
            Sector::Employer,
            OrganizationKind::Other,
            r,
            None,
            city,
            Some(naics),
        )?)
        .await?;
    }
    let (mut n_courses, mut n_programs, mut n_credentials) = (0, 0, 0);
    for spec in PATHWAYS {
        let mut course_ids = Vec::new();
        let mut program_ids = Vec::new();
        for (d, dname) in &districts {
            let mut prev: Option<Id> = None;
            for (code, title, credits) in spec.hs_courses {
                let c = store
                    .create(&CourseInput {
                        code: (*code).to_owned(),
                        title: (*title).to_owned(),
                        credit_hours: *credits,
                        provider_id: *d,
                        level: CourseLevel::HighSchool,
                        dual_credit: false,
                        advanced_academic: code.contains("AP"),
                        subject: Some("cte".into()),
                        prerequisite_ids: prev.into_iter().collect(),
                    })
                    .await?;
                prev = Some(c.meta.id);
                course_ids.push(c.meta.id);
                n_courses += 1;
            }
            let seats = 60 + 30 * (spec.name.len() as i64 % 4);
            let pos = store
                .create(&ProgramInput {
                    name: format!("{} Program of Study ({dname})", spec.name),
                    kind: ProgramKind::ProgramOfStudy,
                    cip: CipCode::parse(spec.hs_cip)?,
                    provider_id: *d,
                    seats,
                    annual_completers: seats * 2 / 3,
                    description: None,
                })
                .await?;
            program_ids.push(pos.meta.id);
            n_programs += 1;
        }
        let mut prev: Option<Id> = None;
        for (code, title, hours, dual) in spec.college_courses {
            let c = store
                .create(&CourseInput {
                    code: (*code).to_owned(),
                    title: (*title).to_owned(),
                    credit_hours: *hours,
                    provider_id: college,
                    level: CourseLevel::College,
                    dual_credit: *dual,
                    advanced_academic: *dual,
                    subject: Some("cte".into()),
                    prerequisite_ids: prev.filter(|_| !*dual).into_iter().collect(),
                })
                .await?;
            prev = Some(c.meta.id);
            course_ids.push(c.meta.id);
            n_courses += 1;
        }
        for (name, kind, cip, provider, seats, completers) in spec.programs {
            let provider_id = match provider {
                Provider::College => college,
                Provider::University => university,
                Provider::Apprenticeship => apprenticeship,
            };
            let p = store
                .create(&ProgramInput {
                    name: (*name).to_owned(),
                    kind: ProgramKind::parse(kind)?,
                    cip: CipCode::parse(cip)?,
                    provider_id,
                    seats: *seats,
                    annual_completers: *completers,
                    description: None,
                })
                .await?;
            program_ids.push(p.meta.id);
            n_programs += 1;
        }
        // Create from the top of the stack down, so each can name what it stacks into.
        let mut above: Option<Id> = None;
        for (name, kind, issuer, socs) in spec.credentials.iter().rev() {
            let issuer_id = out.organizations.get(*issuer).copied();
            let c = store
                .create(&CredentialInput {
                    name: (*name).to_owned(),
                    kind: CredentialKind::parse(kind)?,
                    issuer: (*issuer).to_owned(),
                    issuer_id,
                    occupations: socs
                        .iter()
                        .map(|s| SocCode::parse(s))
                        .collect::<Result<_, _>>()?,
                    stacks_into_ids: above.into_iter().collect(),
                })
                .await?;
            above = Some(c.meta.id);
            n_credentials += 1;
        }
        let p = store
            .create(&PathwayInput {
                name: spec.name.to_owned(),
                sector: IndustrySector::parse(spec.sector)?,
                region_id: r,
                target_occupations: spec
                    .targets
                    .iter()
                    .map(|s| SocCode::parse(s))
                    .collect::<Result<_, _>>()?,
                program_ids,
                course_ids,
                description: Some(spec.description.to_owned()),
            })
            .await?;
        out.pathways.push(p.meta.id);
        step();
    }
    out.counts = vec![
        ("organizations", out.organizations.len()),
        ("pathways", out.pathways.len()),
        ("programs", n_programs),
        ("courses", n_courses),
        ("credentials", n_credentials),
    ];
    Ok(out)
}

/// Creates one sign-in per role.
pub async fn seed_accounts(
    store: &Store,
    region: &DemoRegion,
) -> Result<Vec<DemoLogin>, DemoError> {
    let org = |n: &str| region.organizations.get(n).copied();
    let school = catalog::DISTRICTS[0].1[0];
    let employer = catalog::EMPLOYERS[0].0;
    // (role, e-mail, name, organization, student, whom it acts for)
    type Person<'a> = (Role, &'a str, &'a str, Option<Id>, Option<&'a str>, &'a str);
    let people: [Person; 6] = [
        (
            Role::ConvenerAdmin,
            "convener@demo.pathways.test",
            "Casey Convener",
            org(catalog::CONVENER),
            None,
            catalog::CONVENER,
        ),
        (
            Role::PartnerStaff,
            "college@demo.pathways.test",
            "Pat Partner",
            org(catalog::COLLEGE),
            None,
            catalog::COLLEGE,
        ),
        (
            Role::Counselor,
            "counselor@demo.pathways.test",
            "Cam Counselor",
            org(school),
            None,
            school,
        ),
        (
            Role::Employer,
            "employer@demo.pathways.test",
            "Emery Employer",
            org(employer),
            None,
            employer,
        ),
        (
            Role::Student,
            "student@demo.pathways.test",
            "Sam Student",
            None,
            Some("S-000001"),
            "student S-000001",
        ),
        (
            Role::Family,
            "family@demo.pathways.test",
            "Frankie Family",
            None,
            Some("S-000001"),
            "the family of student S-000001",
        ),
    ];
    let mut logins = Vec::new();
    for (role, email, name, org_id, student, acts_for) in people {
        create_user_checked(
            store,
            &NewUserRequest {
                email: email.into(),
                display_name: name.into(),
                password: DEMO_PASSWORD.into(),
                role,
                organization_id: org_id,
                student_ref: student.map(str::to_owned),
            },
        )
        .await
        .map_err(|e| DemoError::Account(email.into(), e.problem().detail))?;
        logins.push(DemoLogin {
            role,
            email: email.into(),
            password: DEMO_PASSWORD.into(),
            acts_for: acts_for.into(),
        });
    }
    Ok(logins)
}
