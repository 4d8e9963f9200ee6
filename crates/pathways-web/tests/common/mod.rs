//! Starts the app on a random port with a fresh store and signed-in clients.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use pathways_domain::access::Role;
use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_store::Store;
use pathways_store::testing::{TestStore, fresh_store};
use pathways_web::WebConfig;
use pathways_web::api::accounts::{NewUserRequest, create_user_checked, issue_token};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct App {
    pub base: String,
    pub store: Store,
    pub http: Client,
    _t: TestStore,
}

impl App {
    pub async fn start() -> App {
        Self::start_with(WebConfig {
            secure_cookies: false,
            ..WebConfig::default()
        })
        .await
    }

    pub async fn start_with(config: WebConfig) -> App {
        let t = fresh_store().await.expect("store");
        let store = t.store.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = pathways_web::app(store.clone(), config);
        tokio::spawn(async move {
            pathways_web::serve(listener, app, std::future::pending())
                .await
                .unwrap();
        });
        App {
            base: format!("http://{addr}"),
            store,
            http: Client::new(),
            _t: t,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Creates a user with a role and returns a write-scoped bearer token.
    pub async fn user(
        &self,
        email: &str,
        role: Role,
        org: Option<i64>,
        student: Option<&str>,
    ) -> String {
        let p = create_user_checked(
            &self.store,
            &NewUserRequest {
                email: email.into(),
                display_name: email.split('@').next().unwrap().into(),
                password: PASSWORD.into(),
                role,
                organization_id: org,
                student_ref: student.map(str::to_owned),
            },
        )
        .await
        .unwrap();
        issue_token(&self.store, p.user_id, "test", "write")
            .await
            .unwrap()
            .token
    }

    pub async fn admin(&self) -> String {
        self.user("admin@region.org", Role::ConvenerAdmin, None, None)
            .await
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.http.get(self.url(path))
    }

    pub fn post(&self, path: &str, token: &str, body: &Value) -> RequestBuilder {
        self.http.post(self.url(path)).bearer_auth(token).json(body)
    }

    pub fn put(&self, path: &str, token: &str, version: i64, body: &Value) -> RequestBuilder {
        self.http
            .put(self.url(path))
            .bearer_auth(token)
            .header("If-Match", format!("\"{version}\""))
            .json(body)
    }
}

pub async fn json(r: Response) -> (u16, Value) {
    let s = r.status().as_u16();
    let v = r.json::<Value>().await.unwrap_or(Value::Null);
    (s, v)
}

/// A small catalog: a region, a college, a district, two courses, a program, credentials, a pathway.
pub struct Seed {
    pub region: i64,
    pub college: i64,
    pub district: i64,
    pub employer: i64,
    pub course_a: i64,
    pub course_b: i64,
    pub program: i64,
    pub cna: i64,
    pub rn: i64,
    pub pathway: i64,
}

pub async fn seed(store: &Store) -> Seed {
    let region = store
        .create(&RegionInput {
            name: "Capital Area".into(),
            area_codes: vec![AreaCode::parse("0012420").unwrap()],
        })
        .await
        .unwrap()
        .meta
        .id;
    let org = |name: &str, sector: Sector, kind: OrganizationKind| OrganizationInput {
        name: name.into(),
        sector,
        kind,
        region_id: Some(region),
        parent_id: None,
        city: Some("Austin".into()),
        naics: None,
        website: None,
    };
    let college = store
        .create(&org(
            "Austin Community College",
            Sector::Postsecondary,
            OrganizationKind::CommunityCollege,
        ))
        .await
        .unwrap()
        .meta
        .id;
    let district = store
        .create(&org(
            "Austin ISD",
            Sector::Secondary,
            OrganizationKind::District,
        ))
        .await
        .unwrap()
        .meta
        .id;
    let employer = store
        .create(&org(
            "St. David's Medical Center",
            Sector::Employer,
            OrganizationKind::Other,
        ))
        .await
        .unwrap()
        .meta
        .id;
    let course = |code: &str, prov: i64, level: CourseLevel, pre: Vec<i64>| CourseInput {
        code: code.into(),
        title: format!("Course {code}"),
        credit_hours: 3.0,
        provider_id: prov,
        level,
        dual_credit: level == CourseLevel::College,
        advanced_academic: false,
        subject: Some("cte".into()),
        prerequisite_ids: pre,
    };
    let course_a = store
        .create(&course(
            "HLTH 1001",
            district,
            CourseLevel::HighSchool,
            vec![],
        ))
        .await
        .unwrap()
        .meta
        .id;
    let course_b = store
        .create(&course(
            "NURA 1301",
            college,
            CourseLevel::College,
            vec![course_a],
        ))
        .await
        .unwrap()
        .meta
        .id;
    let program = store
        .create(&ProgramInput {
            name: "Nursing (ADN)".into(),
            kind: ProgramKind::Associate,
            cip: pathways_domain::CipCode::parse("51.3801").unwrap(),
            provider_id: college,
            seats: 60,
            annual_completers: 48,
            description: None,
        })
        .await
        .unwrap()
        .meta
        .id;
    let rn = store
        .create(&CredentialInput {
            name: "Registered Nurse (RN) license".into(),
            kind: CredentialKind::License,
            issuer: "Texas Board of Nursing".into(),
            issuer_id: None,
            occupations: vec![pathways_domain::SocCode::parse("29-1141").unwrap()],
            stacks_into_ids: vec![],
        })
        .await
        .unwrap()
        .meta
        .id;
    let cna = store
        .create(&CredentialInput {
            name: "Certified Nurse Aide (CNA)".into(),
            kind: CredentialKind::IndustryCertification,
            issuer: "Texas HHSC".into(),
            issuer_id: Some(college),
            occupations: vec![pathways_domain::SocCode::parse("31-1131").unwrap()],
            stacks_into_ids: vec![rn],
        })
        .await
        .unwrap()
        .meta
        .id;
    let pathway = store
        .create(&PathwayInput {
            name: "Nursing".into(),
            sector: IndustrySector::HealthCare,
            region_id: region,
            target_occupations: vec![pathways_domain::SocCode::parse("29-1141").unwrap()],
            program_ids: vec![program],
            course_ids: vec![course_a, course_b],
            description: Some("From health science in high school to a registered nurse.".into()),
        })
        .await
        .unwrap()
        .meta
        .id;
    Seed {
        region,
        college,
        district,
        employer,
        course_a,
        course_b,
        program,
        cna,
        rn,
        pathway,
    }
}
