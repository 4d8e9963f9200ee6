//! Partnership API and pages; the convener's home page puts every kind of
//! partnership alert first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, PASSWORD, json, seed};
use pathways_domain::access::Role;
use reqwest::redirect::Policy;
use serde_json::json;

fn day(offset: i64) -> String {
    pathways_web::sharing::today().plus_days(offset).to_string()
}

async fn created(app: &App, token: &str, path: &str, body: serde_json::Value) -> i64 {
    let (st, v) = json(app.post(path, token, &body).send().await.unwrap()).await;
    assert_eq!(st, 201, "{path}: {v}");
    v["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_convener_home_page_shows_every_partnership_alert_first() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let admin = app.admin().await;
    let api = "/api/v1/partnership";
    // Only K-12 at the table: postsecondary, employers and workforce are missing.
    created(&app, &admin, &format!("{api}/team-members"), json!({"region_id": s.region, "organization_id": s.district, "person_name": "Ana Ruiz", "team_role": "chair"})).await;
    // Last met 60 days ago against a monthly cadence.
    let m = created(&app, &admin, &format!("{api}/meetings"), json!({"region_id": s.region, "held_on": day(-60), "attendee_ids": [s.district], "agenda": "Kick-off"})).await;
    created(&app, &admin, &format!("{api}/action-items"), json!({"meeting_id": m, "description": "Send the course catalog", "owner_id": s.district, "due_on": day(-10)})).await;
    created(&app, &admin, &format!("{api}/agreements"), json!({"region_id": s.region, "kind": "dual_credit", "title": "AISD–ACC dual credit", "status": "active", "party_ids": [s.district, s.college], "effective_on": day(-300), "expires_on": day(30)})).await;
    created(&app, &admin, &format!("{api}/agreements"), json!({"region_id": s.region, "kind": "mou", "title": "Old MOU", "status": "active", "party_ids": [s.district, s.college], "effective_on": day(-800), "expires_on": day(-5)})).await;
    created(&app, &admin, &format!("{api}/goals"), json!({"region_id": s.region, "title": "Graduates with a credential of value", "metric_id": "credential_attainment", "baseline": 20.0, "baseline_year": 2022, "target": 40.0, "target_year": 2026, "current": 21.0, "current_year": 2026})).await;
    let (st, v) = json(
        app.post(
            &format!("{api}/regions/{}/defaults", s.region),
            &admin,
            &json!({}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{v}");
    assert!(v["created"].as_i64().unwrap() >= 42);

    let (st, status) = json(
        app.get(&format!("{api}/regions/{}/status", s.region))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200);
    let kinds: Vec<&str> = status["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    let all = [
        "meeting_overdue",
        "agreement_expiring",
        "agreement_expired",
        "action_item_overdue",
        "unowned_responsibilities",
        "goal_off_track",
        "missing_sectors",
    ];
    assert_eq!(kinds, all);

    let home = app
        .get("/")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for k in all {
        assert!(
            home.contains(&format!("data-kind=\"{k}\"")),
            "home page lacks {k}"
        );
    }
    assert!(home.contains("AISD–ACC dual credit expires on"));
    assert!(home.contains("Postsecondary, Employers and industry, Workforce development"));
    let first_alert = home.find("data-kind=").unwrap();
    assert!(
        first_alert < home.find("Work-based learning and labor market").unwrap(),
        "partnership alerts come first"
    );
    assert!(first_alert < home.find("Pathways</h2>").unwrap_or(usize::MAX));

    // The overview page shows them too; partner staff read it but cannot write.
    let staff = app
        .user("staff@acc.edu", Role::PartnerStaff, Some(s.college), None)
        .await;
    let overview = app
        .get("/partnership")
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(overview.status().as_u16(), 200);
    assert!(
        overview
            .text()
            .await
            .unwrap()
            .contains("data-kind=\"meeting_overdue\"")
    );
    let r = app
        .post(&format!("{api}/goals"), &staff, &json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let counselor = app
        .user("c@aisd.org", Role::Counselor, Some(s.district), None)
        .await;
    let r = app
        .get("/api/v1/partnership/agreements")
        .bearer_auth(&counselor)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        403,
        "agreements are for convener and partner staff"
    );

    // Every partnership page renders for the convener.
    for page in [
        "/partnership/team",
        "/partnership/meetings",
        "/partnership/agreements",
        "/partnership/responsibilities",
        "/partnership/goals",
        "/partnership/assets",
        "/partnership/funding",
        "/partnership/assessment",
        "/partnership/settings",
    ] {
        let r = app.get(page).bearer_auth(&admin).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{page}");
    }
    let matrix = app
        .get("/partnership/responsibilities")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(matrix.contains("42 of 42 cells have no owner"));
}

#[tokio::test]
async fn api_input_errors_name_the_field_and_nothing_is_written() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let admin = app.admin().await;
    let (st, v) = json(app.post("/api/v1/partnership/agreements", &admin, &json!({"region_id": s.region, "kind": "data_sharing", "title": "DSA", "status": "active", "party_ids": [s.district, s.college], "supplier_id": s.district, "data_elements": [], "purposes": ["advising"], "effective_on": "2026-01-01"})).send().await.unwrap()).await;
    assert_eq!(st, 422, "{v}");
    let names: Vec<&str> = v["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["data_elements", "expires_on"]);
    let (st, v) = json(
        app.post(
            "/api/v1/partnership/meetings",
            &admin,
            &json!({"region_id": s.region, "held_on": "2026-02-30"}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 400, "{v}");
    assert_eq!(v["invalid-params"][0]["name"], "held_on");
    let (_, list) = json(
        app.get("/api/v1/partnership/agreements")
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(list["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_convener_runs_the_partnership_with_forms() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    app.admin().await;
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", "admin@region.org"),
            ("password", PASSWORD),
            ("next", "/partnership/team"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = c
        .get(app.url("/partnership/team"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let org = s.college.to_string();
    let r = c
        .post(app.url("/partnership/team"))
        .form(&[
            ("person_name", "Dean Lee"),
            ("organization_id", org.as_str()),
            ("team_role", "member"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403, "no CSRF token, no write");
    let r = c
        .post(app.url("/partnership/team"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("person_name", "Dean Lee"),
            ("organization_id", org.as_str()),
            ("team_role", "member"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = c
        .get(app.url("/partnership/team"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Dean Lee"));
    assert!(page.contains("Missing sectors"), "{page}");
    // A meeting with a bad date is refused, naming the field.
    let r = c
        .post(app.url("/partnership/meetings"))
        .form(&[("csrf_token", token.as_str()), ("held_on", "next week")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("held_on"));
    let r = c
        .post(app.url("/partnership/meetings"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("held_on", day(-3).as_str()),
            ("attendee_ids", org.as_str()),
            ("attendee_ids", s.district.to_string().as_str()),
            ("agenda", "Dual credit"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = c
        .get(app.url("/partnership/meetings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Meetings are on cadence"));
    assert!(
        page.contains("Postsecondary") && page.contains("Secondary (K-12)"),
        "sectors present are listed"
    );
    // A data-sharing agreement through the form.
    let r = c
        .post(app.url("/partnership/agreements"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("title", "WBL data sharing"),
            ("kind", "data_sharing"),
            ("status", "active"),
            ("party_ids", s.district.to_string().as_str()),
            ("party_ids", org.as_str()),
            ("supplier_id", s.district.to_string().as_str()),
            ("data_elements", "student_roster"),
            ("purposes", "work_based_learning"),
            ("effective_on", day(-1).as_str()),
            ("expires_on", day(40).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = c
        .get(app.url("/partnership/agreements"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("WBL data sharing") && page.contains("Expiring"),
        "{page}"
    );
}
