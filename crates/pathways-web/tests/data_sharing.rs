//! Data-sharing agreements decide who sees whose student records, and every
//! read names the agreement it happened under.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, json, seed};
use pathways_domain::access::Role;
use pathways_domain::catalog::OrganizationInput;
use pathways_domain::vocab::{OrganizationKind, Sector};
use pathways_domain::wbl::{OpportunityInput, OpportunityStatus, StudentInput, WblActivity};
use pathways_store::audit::AuditQuery;
use serde_json::{Value, json};

fn day(offset: i64) -> String {
    pathways_web::sharing::today().plus_days(offset).to_string()
}

fn update(patch: Value, dsa: &mut Value) {
    for (k, v) in patch.as_object().unwrap() {
        dsa[k] = v.clone();
    }
}

async fn refs(app: &App, token: &str, path: &str) -> Vec<String> {
    let (status, body) = json(app.get(path).bearer_auth(token).send().await.unwrap()).await;
    assert_eq!(status, 200, "{path}: {body}");
    let list = if body.is_array() {
        body
    } else {
        body["items"].clone()
    };
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["student_ref"].as_str().unwrap().to_owned())
        .collect()
}

/// A district with one school, one student (S-100) who applied to one published opportunity.
struct Fixture {
    s: common::Seed,
    school: i64,
    opportunity: i64,
}

async fn fixture(app: &App) -> Fixture {
    let s = seed(&app.store).await;
    let school = app
        .store
        .create(&OrganizationInput {
            name: "Travis Early College High School".into(),
            sector: Sector::Secondary,
            kind: OrganizationKind::School,
            region_id: Some(s.region),
            parent_id: Some(s.district),
            city: None,
            naics: None,
            website: None,
        })
        .await
        .unwrap()
        .meta
        .id;
    app.store
        .create_student(&StudentInput {
            student_ref: "S-100".into(),
            display_name: "Student One".into(),
            school_id: school,
            grade: 11,
            birth_date: "2009-03-01".into(),
            pathway_id: None,
            concentrator: false,
            equity_priority: false,
            completed_course_ids: vec![],
        })
        .await
        .unwrap();
    let opp = app
        .store
        .create_opportunity(
            &OpportunityInput {
                employer_id: s.employer,
                title: "Hospital job shadow".into(),
                description: String::new(),
                activity: WblActivity::GuestSpeaker,
                pathway_id: None,
                soc: None,
                location: String::new(),
                latitude: None,
                longitude: None,
                schedule: String::new(),
                paid: false,
                capacity: 5,
                min_age: None,
                min_grade: None,
                required_course_ids: vec![],
                transportation_provided: false,
                supervisor: String::new(),
                starts_on: None,
            },
            OpportunityStatus::Published,
        )
        .await
        .unwrap();
    app.store.apply("S-100", opp.meta.id, 1).await.unwrap();
    Fixture {
        s,
        school,
        opportunity: opp.meta.id,
    }
}

#[tokio::test]
async fn agreements_open_other_partners_students_for_their_element_and_purpose_only() {
    let app = App::start().await;
    let Fixture { s, .. } = fixture(&app).await;
    let admin = app.admin().await;
    let district = app
        .user("cte@aisd.org", Role::PartnerStaff, Some(s.district), None)
        .await;
    let college = app
        .user("wbl@acc.edu", Role::PartnerStaff, Some(s.college), None)
        .await;
    let students = "/api/v1/students";
    let apps = "/api/v1/wbl/applications";

    // The supplier sees its own students; the college sees none without an agreement.
    assert_eq!(refs(&app, &district, students).await, ["S-100"]);
    assert!(refs(&app, &college, students).await.is_empty());
    assert!(refs(&app, &college, apps).await.is_empty());

    // An active agreement covering the roster for work-based learning opens the roster only.
    let mut dsa = json!({
        "region_id": s.region,
        "kind": "data_sharing",
        "title": "AISD–ACC work-based learning data sharing",
        "status": "active",
        "party_ids": [s.district, s.college],
        "supplier_id": s.district,
        "data_elements": ["student_roster"],
        "purposes": ["work_based_learning"],
        "effective_on": day(-30),
        "expires_on": day(300),
    });
    let (id, mut version) = agree(&app, &admin, &dsa).await;
    assert_eq!(refs(&app, &college, students).await, ["S-100"]);
    assert!(
        refs(&app, &college, apps).await.is_empty(),
        "applications are another data element"
    );
    let log = app
        .store
        .audit_entries(&AuditQuery {
            entity: Some("student".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let last = &log[0];
    assert_eq!(last.actor_role, "partner_staff");
    assert_eq!(last.record_ids, "S-100");
    assert_eq!(last.agreement_id, Some(id), "the read names its agreement");
    assert_eq!(last.purpose.as_deref(), Some("work_based_learning"));
    // The supplier's own read happened under no agreement.
    assert!(
        log.iter()
            .any(|e| e.agreement_id.is_none() && e.record_ids == "S-100")
    );

    // Covering applications too opens them, audited under the agreement.
    update(
        json!({"data_elements": ["student_roster", "wbl_applications"]}),
        &mut dsa,
    );
    let (st, body) = json(
        app.put(
            &format!("/api/v1/partnership/agreements/{id}"),
            &admin,
            version,
            &dsa,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    version = body["version"].as_i64().unwrap();
    assert_eq!(refs(&app, &college, apps).await, ["S-100"]);
    let log = app
        .store
        .audit_entries(&AuditQuery {
            entity: Some("wbl_application".into()),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log[0].agreement_id, Some(id));

    // Another purpose does not open the records.
    update(json!({"purposes": ["program_evaluation"]}), &mut dsa);
    let (st, body) = json(
        app.put(
            &format!("/api/v1/partnership/agreements/{id}"),
            &admin,
            version,
            &dsa,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    version = body["version"].as_i64().unwrap();
    assert!(refs(&app, &college, students).await.is_empty());
    assert!(refs(&app, &college, apps).await.is_empty());

    // Once expired, the agreement opens nothing.
    update(
        json!({"purposes": ["work_based_learning"], "effective_on": day(-400), "expires_on": day(-1)}),
        &mut dsa,
    );
    let (st, body) = json(
        app.put(
            &format!("/api/v1/partnership/agreements/{id}"),
            &admin,
            version,
            &dsa,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    version = body["version"].as_i64().unwrap();
    assert!(refs(&app, &college, students).await.is_empty());
    assert!(refs(&app, &college, apps).await.is_empty());

    // A draft is not in force either, even within its dates.
    update(
        json!({"status": "draft", "effective_on": day(-30), "expires_on": day(300)}),
        &mut dsa,
    );
    let (st, _) = json(
        app.put(
            &format!("/api/v1/partnership/agreements/{id}"),
            &admin,
            version,
            &dsa,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 200);
    assert!(refs(&app, &college, students).await.is_empty());
    // The district still sees its own students throughout.
    assert_eq!(refs(&app, &district, students).await, ["S-100"]);
}

/// The audit entries of `entity`, newest first.
async fn audit_of(app: &App, entity: &str) -> Vec<pathways_store::audit::AuditEntry> {
    app.store
        .audit_entries(&AuditQuery {
            entity: Some(entity.into()),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// Reads `path` as `token`, and checks the read wrote exactly one new audit
/// row for `entity`, naming `agreement`.
async fn audited_read(
    app: &App,
    token: &str,
    path: &str,
    entity: &str,
    agreement: Option<i64>,
) -> Value {
    audited_read_for(app, token, path, entity, agreement, "work_based_learning").await
}

/// [`audited_read`] for reads of another purpose.
async fn audited_read_for(
    app: &App,
    token: &str,
    path: &str,
    entity: &str,
    agreement: Option<i64>,
    purpose: &str,
) -> Value {
    let before = audit_of(app, entity).await.len();
    let res = app.get(path).bearer_auth(token).send().await.unwrap();
    let st = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(st, 200, "{path}: {text}");
    let log = audit_of(app, entity).await;
    assert_eq!(log.len(), before + 1, "{path} writes one audit row");
    assert_eq!(log[0].record_ids, "S-100", "{path}");
    assert_eq!(log[0].agreement_id, agreement, "{path} names its agreement");
    assert_eq!(log[0].purpose.as_deref(), Some(purpose), "{path}");
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

/// Replaces agreement `id` at `version` with `dsa`, returning the new version.
async fn replace(app: &App, admin: &str, id: i64, version: i64, dsa: &Value) -> i64 {
    let (st, body) = json(
        app.put(
            &format!("/api/v1/partnership/agreements/{id}"),
            admin,
            version,
            dsa,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    body["version"].as_i64().unwrap()
}

/// Creates agreement `dsa`, returning its id and version.
async fn agree(app: &App, admin: &str, dsa: &Value) -> (i64, i64) {
    let (st, created) = json(
        app.post("/api/v1/partnership/agreements", admin, dsa)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{created}");
    (
        created["id"].as_i64().unwrap(),
        created["version"].as_i64().unwrap(),
    )
}

/// The status of a read of `path` as `token`.
async fn status_of(app: &App, token: &str, path: &str) -> u16 {
    app.get(path)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn round_results_placements_and_roster_writes_follow_the_agreement_rule() {
    let app = App::start().await;
    let f = fixture(&app).await;
    let s = &f.s;
    let admin = app.admin().await;
    let district = app
        .user("cte@aisd.org", Role::PartnerStaff, Some(s.district), None)
        .await;
    let college = app
        .user("wbl@acc.edu", Role::PartnerStaff, Some(s.college), None)
        .await;

    // A round places S-100, and the placement is drawn up from it.
    let (st, round) = json(
        app.post(
            "/api/v1/wbl/rounds",
            &admin,
            &json!({"name": "Spring", "seed": 7}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{round}");
    let rid = round["id"].as_i64().unwrap();
    let (st, made) = json(
        app.post(
            &format!("/api/v1/wbl/rounds/{rid}/placements"),
            &admin,
            &json!({}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{made}");
    let pid = made["created"][0].as_i64().unwrap();
    let results = format!("/api/v1/wbl/rounds/{rid}/results");
    let placement = format!("/api/v1/wbl/placements/{pid}");
    let placements = "/api/v1/wbl/placements";

    // The supplier reads directly, audited under no agreement.
    let body = audited_read(&app, &district, &results, "wbl_round_result", None).await;
    assert_eq!(body[0]["opportunity_id"], f.opportunity);
    audited_read(&app, &district, &placement, "wbl_placement", None).await;

    // Without an agreement the college sees no result, no placement, and may not add students.
    assert!(refs(&app, &college, &results).await.is_empty());
    assert!(refs(&app, &college, placements).await.is_empty());
    let st = app
        .get(&placement)
        .bearer_auth(&college)
        .send()
        .await
        .unwrap();
    assert_eq!(
        st.status(),
        404,
        "another partner's placement is not disclosed"
    );
    let student = json!({
        "student_ref": "S-200", "display_name": "Student Two", "school_id": f.school,
        "grade": 10, "birth_date": "2010-01-01", "concentrator": false, "equity_priority": false,
    });
    let st = app
        .post("/api/v1/students", &college, &student)
        .send()
        .await
        .unwrap();
    assert_eq!(st.status(), 403);

    // An active agreement covering WBL applications and placements opens them, audited under it.
    let mut dsa = json!({
        "region_id": s.region,
        "kind": "data_sharing",
        "title": "AISD–ACC work-based learning data sharing",
        "status": "active",
        "party_ids": [s.district, s.college],
        "supplier_id": s.district,
        "data_elements": ["wbl_applications"],
        "purposes": ["work_based_learning"],
        "effective_on": day(-30),
        "expires_on": day(300),
    });
    let (id, version) = agree(&app, &admin, &dsa).await;
    let body = audited_read(&app, &college, &results, "wbl_round_result", Some(id)).await;
    assert_eq!(body.as_array().unwrap().len(), 1);
    let body = audited_read(&app, &college, placements, "wbl_placement", Some(id)).await;
    assert_eq!(body[0]["id"], pid);
    audited_read(&app, &college, &placement, "wbl_placement", Some(id)).await;

    // An agreement opens reading, not acting: no status change, no new students.
    let st = app
        .post(
            &format!("{placement}/status"),
            &college,
            &json!({"status": "withdrawn"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(st.status(), 403);
    let st = app
        .post("/api/v1/students", &college, &student)
        .send()
        .await
        .unwrap();
    assert_eq!(st.status(), 403);
    // The district adds its own student, and the record sent back is audited.
    let (st, body) = json(
        app.post("/api/v1/students", &district, &student)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    let log = audit_of(&app, "student").await;
    assert_eq!(log[0].record_ids, "S-200");

    // Once expired, the agreement opens nothing again.
    dsa["effective_on"] = json!(day(-400));
    dsa["expires_on"] = json!(day(-1));
    let (st, body) = json(
        app.put(
            &format!("/api/v1/partnership/agreements/{id}"),
            &admin,
            version,
            &dsa,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert!(refs(&app, &college, &results).await.is_empty());
    assert!(refs(&app, &college, placements).await.is_empty());
    let st = app
        .get(&placement)
        .bearer_auth(&college)
        .send()
        .await
        .unwrap();
    assert_eq!(st.status(), 404);
}

/// The advising reads of one student: (path, audit entity).
const ADVISING_READS: [(&str, &str); 5] = [
    ("/api/v1/plans/S-100", "advising_plan"),
    ("/api/v1/plans/S-100/versions", "advising_plan_version"),
    ("/api/v1/milestones/students/S-100", "advising_plan"),
    ("/api/v1/inventory?student_ref=S-100", "advising_inventory"),
    ("/advising/plan?student_ref=S-100", "advising_plan"),
];

/// The caseload rows' student refs.
async fn caseload_refs(app: &App, token: &str) -> Vec<String> {
    let (st, body) = json(
        app.get("/api/v1/plans")
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["student_ref"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn advising_records_follow_the_agreement_rule() {
    let app = App::start().await;
    let f = fixture(&app).await;
    let s = &f.s;
    let admin = app.admin().await;
    let district = app
        .user(
            "counselor@aisd.org",
            Role::Counselor,
            Some(s.district),
            None,
        )
        .await;
    let college = app
        .user("advising@acc.edu", Role::Counselor, Some(s.college), None)
        .await;
    let student = app
        .user("s100@aisd.org", Role::Student, None, Some("S-100"))
        .await;
    let family = app
        .user("parent@example.org", Role::Family, None, Some("S-100"))
        .await;

    // The supplier writes a plan and the student takes the inventory.
    let plan = json!({"notes": "Interested in nursing"});
    let (st, body) = json(
        app.http
            .put(app.url("/api/v1/plans/S-100"))
            .bearer_auth(&district)
            .json(&plan)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    let answers: Vec<u8> = (0..pathways_advising::inventory::ITEMS.len())
        .map(|i| (i % 5 + 1) as u8)
        .collect();
    let (st, body) = json(
        app.post("/api/v1/inventory", &student, &json!({"answers": answers}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{body}");

    // The supplier, the student and the family read directly.
    for (path, entity) in ADVISING_READS {
        audited_read_for(&app, &district, path, entity, None, "advising").await;
    }
    for token in [&student, &family] {
        audited_read_for(
            &app,
            token,
            "/api/v1/plans/S-100",
            "advising_plan",
            None,
            "advising",
        )
        .await;
        audited_read_for(
            &app,
            token,
            "/api/v1/inventory",
            "advising_inventory",
            None,
            "advising",
        )
        .await;
    }
    assert_eq!(caseload_refs(&app, &district).await, ["S-100"]);

    // No agreement: another organization reads nothing, and its caseload is empty.
    let denied = |why: &'static str| {
        let (app, college) = (&app, &college);
        async move {
            for (path, _) in ADVISING_READS {
                assert_eq!(status_of(app, college, path).await, 403, "{path}: {why}");
            }
            assert!(caseload_refs(app, college).await.is_empty(), "{why}");
        }
    };
    denied("no agreement").await;

    // An active agreement for advising that covers another element opens nothing.
    let mut dsa = json!({
        "region_id": s.region,
        "kind": "data_sharing",
        "title": "AISD–ACC advising data sharing",
        "status": "active",
        "party_ids": [s.district, s.college],
        "supplier_id": s.district,
        "data_elements": ["student_roster"],
        "purposes": ["advising"],
        "effective_on": day(-30),
        "expires_on": day(300),
    });
    let (id, mut version) = agree(&app, &admin, &dsa).await;
    denied("the agreement covers the roster, not advising records").await;

    // Covering advising records for advising opens each read, audited under the agreement.
    dsa["data_elements"] = json!(["student_roster", "advising_records"]);
    version = replace(&app, &admin, id, version, &dsa).await;
    for (path, entity) in ADVISING_READS {
        let body = audited_read_for(&app, &college, path, entity, Some(id), "advising").await;
        if path == "/advising/plan?student_ref=S-100" {
            let page = body.as_str().unwrap();
            assert!(page.contains("Student One"), "{page}");
            assert!(
                !page.contains("Edit the plan"),
                "a shared plan is for reading only"
            );
        }
    }
    let before = audit_of(&app, "advising_caseload").await.len();
    assert_eq!(caseload_refs(&app, &college).await, ["S-100"]);
    let log = audit_of(&app, "advising_caseload").await;
    assert_eq!(log.len(), before + 1);
    assert_eq!(
        (log[0].record_ids.as_str(), log[0].agreement_id),
        ("S-100", Some(id))
    );
    let (st, c) = json(
        app.get(&format!("/api/v1/plans?school_id={}", f.school))
            .bearer_auth(&college)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((st, c["total"].as_u64()), (200, Some(1)), "{c}");

    // The agreement opens reading only: no plan changes, no milestones, no inventory.
    let st = app
        .put("/api/v1/plans/S-100", &college, 1, &plan)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(st, 403);
    let st = app
        .post(
            "/api/v1/inventory",
            &college,
            &json!({"student_ref": "S-100", "answers": answers}),
        )
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(st, 403);

    // Once expired, the agreement opens nothing again.
    dsa["effective_on"] = json!(day(-400));
    dsa["expires_on"] = json!(day(-1));
    replace(&app, &admin, id, version, &dsa).await;
    denied("the agreement has expired").await;
    // The supplier still reads its own.
    audited_read_for(
        &app,
        &district,
        "/api/v1/plans/S-100",
        "advising_plan",
        None,
        "advising",
    )
    .await;
}

#[tokio::test]
async fn metric_explanations_follow_the_agreement_rule() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let district_key = s.district.to_string();
    // The small participant fixture, with its district D1 named by the
    // catalog id of the seeded district (as real loads name it).
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pathways-analytics/tests/fixtures/small");
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace(",D1,", &format!(",{district_key},"))
            .replace("\nD1,", &format!("\n{district_key},"));
        std::fs::write(copy.path().join(path.file_name().unwrap()), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let files = pathways_analytics::load::source_files(copy.path()).unwrap();
    pathways_analytics::load::validate_and_convert(&files, out.path()).unwrap();
    app.store
        .register_data_load("abc", &out.path().to_string_lossy(), "fixture", "[]")
        .await
        .unwrap();
    let specs = pathways_analytics::spec::load(None).unwrap();
    app.store
        .store_metric_results(None, "test", &serde_json::to_string(&specs).unwrap(), &[])
        .await
        .unwrap();

    let admin = app.admin().await;
    let district = app
        .user("cte@aisd.org", Role::PartnerStaff, Some(s.district), None)
        .await;
    let college = app
        .user("ir@acc.edu", Role::PartnerStaff, Some(s.college), None)
        .await;
    let path = format!("/api/v1/metrics/1S1/explain?district={district_key}");
    let entity = "participant";

    // The district explains its own cohort, audited under no agreement.
    let (st, v) = json(app.get(&path).bearer_auth(&district).send().await.unwrap()).await;
    assert_eq!((st, v["denominator"].as_u64()), (200, Some(3)), "{v}");
    let log = audit_of(&app, entity).await;
    assert_eq!(
        (log[0].record_ids.as_str(), log[0].agreement_id),
        ("s1,s2,s3", None)
    );

    // No agreement: the college may not explain the district's cohort.
    assert_eq!(status_of(&app, &college, &path).await, 403);
    // An agreement for program evaluation covering another element: still no.
    let mut dsa = json!({
        "region_id": s.region,
        "kind": "data_sharing",
        "title": "AISD–ACC outcomes data sharing",
        "status": "active",
        "party_ids": [s.district, s.college],
        "supplier_id": s.district,
        "data_elements": ["student_roster"],
        "purposes": ["program_evaluation"],
        "effective_on": day(-30),
        "expires_on": day(300),
    });
    let (id, mut version) = agree(&app, &admin, &dsa).await;
    assert_eq!(status_of(&app, &college, &path).await, 403);

    // Covering outcomes opens the explanation, audited under the agreement.
    dsa["data_elements"] = json!(["outcomes"]);
    version = replace(&app, &admin, id, version, &dsa).await;
    let before = audit_of(&app, entity).await.len();
    let (st, v) = json(app.get(&path).bearer_auth(&college).send().await.unwrap()).await;
    assert_eq!((st, v["numerator"].as_u64()), (200, Some(2)), "{v}");
    let log = audit_of(&app, entity).await;
    assert_eq!(log.len(), before + 1);
    assert_eq!(
        (log[0].record_ids.as_str(), log[0].agreement_id),
        ("s1,s2,s3", Some(id))
    );
    let page = format!("/metrics/1S1/explain?district={district_key}");
    let res = app.get(&page).bearer_auth(&college).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(audit_of(&app, entity).await[0].agreement_id, Some(id));
    // The college's own cohort (none) needs no agreement.
    let (st, v) = json(
        app.get("/api/v1/metrics/1S1/explain")
            .bearer_auth(&college)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((st, v["denominator"].as_u64()), (200, Some(0)), "{v}");

    // Another purpose, or once expired: no again.
    dsa["purposes"] = json!(["advising"]);
    version = replace(&app, &admin, id, version, &dsa).await;
    assert_eq!(status_of(&app, &college, &path).await, 403);
    dsa["purposes"] = json!(["program_evaluation"]);
    dsa["effective_on"] = json!(day(-400));
    dsa["expires_on"] = json!(day(-1));
    replace(&app, &admin, id, version, &dsa).await;
    assert_eq!(status_of(&app, &college, &path).await, 403);
    assert_eq!(status_of(&app, &college, &page).await, 403);
}
