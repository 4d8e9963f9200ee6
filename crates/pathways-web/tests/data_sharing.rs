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

#[tokio::test]
async fn agreements_open_other_partners_students_for_their_element_and_purpose_only() {
    let app = App::start().await;
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
