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
    let (st, created) = json(
        app.post("/api/v1/partnership/agreements", &admin, &dsa)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let mut version = created["version"].as_i64().unwrap();
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
    let before = audit_of(app, entity).await.len();
    let (st, body) = json(app.get(path).bearer_auth(token).send().await.unwrap()).await;
    assert_eq!(st, 200, "{path}: {body}");
    let log = audit_of(app, entity).await;
    assert_eq!(log.len(), before + 1, "{path} writes one audit row");
    assert_eq!(log[0].record_ids, "S-100", "{path}");
    assert_eq!(log[0].agreement_id, agreement, "{path} names its agreement");
    assert_eq!(log[0].purpose.as_deref(), Some("work_based_learning"));
    body
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
    let (st, created) = json(
        app.post("/api/v1/partnership/agreements", &admin, &dsa)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
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
            created["version"].as_i64().unwrap(),
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
