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

/// A cookie session for `email` (a browser without JavaScript) and its CSRF token.
async fn browser(app: &App, email: &str) -> (reqwest::Client, String) {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("next", "/partnership"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = c
        .get(app.url("/partnership"))
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
    (c, token)
}

async fn text(c: &reqwest::Client, app: &App, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn form(
    c: &reqwest::Client,
    app: &App,
    path: &str,
    f: &[(&str, &str)],
) -> (u16, String, String) {
    let r = c.post(app.url(path)).form(f).send().await.unwrap();
    let loc = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (r.status().as_u16(), loc, r.text().await.unwrap())
}

async fn stored(app: &App, token: &str, path: &str) -> (u16, serde_json::Value) {
    json(app.get(path).bearer_auth(token).send().await.unwrap()).await
}

#[tokio::test]
async fn the_convener_edits_and_deletes_records_with_forms() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let admin = app.admin().await;
    let api = "/api/v1/partnership";
    let (d, c) = (s.district.to_string(), s.college.to_string());
    let agreement = created(&app, &admin, &format!("{api}/agreements"), json!({"region_id": s.region, "kind": "data_sharing", "title": "Roster sharing", "status": "active", "party_ids": [s.district, s.college], "supplier_id": s.district, "data_elements": ["student_roster"], "purposes": ["advising"], "effective_on": day(-10), "expires_on": day(300)})).await;
    let goal = created(&app, &admin, &format!("{api}/goals"), json!({"region_id": s.region, "title": "More credentials", "metric_id": "credential_attainment", "baseline": 20.0, "baseline_year": 2022, "target": 40.0, "target_year": 2030})).await;
    let member = created(&app, &admin, &format!("{api}/team-members"), json!({"region_id": s.region, "organization_id": s.college, "person_name": "Dean Lee", "team_role": "member"})).await;
    let stream = created(
        &app,
        &admin,
        &format!("{api}/funding-streams"),
        json!({"region_id": s.region, "name": "Perkins V", "source": "perkins", "recurring": true}),
    )
    .await;
    let allocation = created(
        &app,
        &admin,
        &format!("{api}/funding-allocations"),
        json!({"stream_id": stream, "year": 2026, "amount": 50000.0, "funds": "pathway"}),
    )
    .await;
    let (b, csrf) = browser(&app, "admin@region.org").await;
    let t = csrf.as_str();

    // The list links to the edit page, which starts from the record.
    let (_, list) = text(&b, &app, "/partnership/agreements").await;
    assert!(list.contains(&format!("/partnership/agreements/{agreement}/edit")));
    let (st, page) = text(
        &b,
        &app,
        &format!("/partnership/agreements/{agreement}/edit"),
    )
    .await;
    assert_eq!(st, 200);
    assert!(
        page.contains("value=\"Roster sharing\"") && page.contains("name=\"version\" value=\"1\""),
        "{page}"
    );
    // A data-sharing agreement without data elements is refused: the problem sits
    // next to its field, what was typed stays, and nothing is saved.
    let base = [
        ("csrf_token", t),
        ("version", "1"),
        ("kind", "data_sharing"),
        ("status", "active"),
        ("party_ids", d.as_str()),
        ("party_ids", c.as_str()),
        ("supplier_id", d.as_str()),
        ("purposes", "advising"),
        ("effective_on", "2026-01-01"),
        ("expires_on", "2027-06-30"),
    ];
    let mut bad = base.to_vec();
    bad.push(("title", "Roster and grades"));
    let (st, _, page) = form(
        &b,
        &app,
        &format!("/partnership/agreements/{agreement}"),
        &bad,
    )
    .await;
    assert_eq!(st, 422, "{page}");
    assert!(page.contains("id=\"data_elements-error\""), "{page}");
    assert!(page.contains("aria-describedby=\"data_elements-error\""));
    assert!(
        page.contains("value=\"Roster and grades\""),
        "typed values are kept"
    );
    let (_, a) = stored(&app, &admin, &format!("{api}/agreements/{agreement}")).await;
    assert_eq!(a["title"], "Roster sharing");
    let mut good = bad.clone();
    good.push(("data_elements", "student_roster"));
    good.push(("data_elements", "course_records"));
    let (st, loc, _) = form(
        &b,
        &app,
        &format!("/partnership/agreements/{agreement}"),
        &good,
    )
    .await;
    assert_eq!(st, 303);
    assert_eq!(
        loc,
        format!("/partnership/agreements?notice=saved#agreement-{agreement}")
    );
    let (_, a) = stored(&app, &admin, &format!("{api}/agreements/{agreement}")).await;
    assert_eq!(a["title"], "Roster and grades");
    assert_eq!(
        a["data_elements"],
        json!(["student_roster", "course_records"])
    );
    assert_eq!(a["expires_on"], "2027-06-30");
    let (_, list) = text(&b, &app, "/partnership/agreements?notice=saved").await;
    assert!(list.contains("role=\"status\"") && list.contains("Saved."));
    // The same form again is stale (version 1) and refused.
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/agreements/{agreement}"),
        &good,
    )
    .await;
    assert_eq!(st, 409);

    // Progress toward a goal from the goals table; a bad number is named.
    let (_, goals) = text(&b, &app, "/partnership/goals").await;
    assert!(goals.contains(&format!("/partnership/goals/{goal}/progress")));
    let (st, _, page) = form(
        &b,
        &app,
        &format!("/partnership/goals/{goal}/progress"),
        &[
            ("csrf_token", t),
            ("version", "1"),
            ("current", "lots"),
            ("current_year", "2026"),
        ],
    )
    .await;
    assert_eq!(st, 422);
    assert!(page.contains("id=\"current-error\""), "{page}");
    let (st, loc, _) = form(
        &b,
        &app,
        &format!("/partnership/goals/{goal}/progress"),
        &[
            ("csrf_token", t),
            ("version", "1"),
            ("current", "31"),
            ("current_year", "2026"),
        ],
    )
    .await;
    assert_eq!(st, 303);
    assert!(loc.contains("notice=progress"));
    let (_, g) = stored(&app, &admin, &format!("{api}/goals/{goal}")).await;
    assert_eq!(
        (
            g["current"].as_f64(),
            g["current_year"].as_i64(),
            g["title"].as_str()
        ),
        (Some(31.0), Some(2026), Some("More credentials"))
    );
    // The full goal form checks the domain rules too.
    let (st, _, page) = form(
        &b,
        &app,
        &format!("/partnership/goals/{goal}"),
        &[
            ("csrf_token", t),
            ("version", "2"),
            ("title", "More credentials"),
            ("metric_id", "credential_attainment"),
            ("baseline", "20"),
            ("baseline_year", "2022"),
            ("target", "45"),
            ("target_year", "2020"),
        ],
    )
    .await;
    assert_eq!(st, 422);
    assert!(page.contains("id=\"target_year-error\""), "{page}");

    // A team member is marked inactive (the unticked box).
    let (st, page) = text(&b, &app, &format!("/partnership/team/{member}/edit")).await;
    assert_eq!(st, 200);
    assert!(page.contains("Dean Lee"));
    let (st, loc, _) = form(
        &b,
        &app,
        &format!("/partnership/team/{member}"),
        &[
            ("csrf_token", t),
            ("version", "1"),
            ("person_name", "Dean Lee"),
            ("title", "Dean of Health"),
            ("organization_id", c.as_str()),
            ("team_role", "chair"),
        ],
    )
    .await;
    assert_eq!(st, 303, "{loc}");
    let (_, m) = stored(&app, &admin, &format!("{api}/team-members/{member}")).await;
    assert_eq!(
        (
            m["active"].as_bool(),
            m["team_role"].as_str(),
            m["title"].as_str()
        ),
        (Some(false), Some("chair"), Some("Dean of Health"))
    );

    // Deleting asks first: without the box ticked nothing goes.
    let (st, page) = text(
        &b,
        &app,
        &format!("/partnership/funding/streams/{stream}/delete"),
    )
    .await;
    assert_eq!(st, 200);
    assert!(page.contains("Perkins V") && page.contains("allocations are deleted"));
    let (st, _, page) = form(
        &b,
        &app,
        &format!("/partnership/funding/streams/{stream}/delete"),
        &[("csrf_token", t), ("version", "1")],
    )
    .await;
    assert_eq!(st, 422);
    assert!(page.contains("id=\"confirm-error\""));
    let (st, _) = stored(&app, &admin, &format!("{api}/funding-streams/{stream}")).await;
    assert_eq!(st, 200);
    let (st, loc, _) = form(
        &b,
        &app,
        &format!("/partnership/funding/streams/{stream}/delete"),
        &[("csrf_token", t), ("version", "1"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(st, 303);
    assert_eq!(loc, "/partnership/funding?notice=deleted");
    assert_eq!(
        stored(&app, &admin, &format!("{api}/funding-streams/{stream}"))
            .await
            .0,
        404
    );
    assert_eq!(
        stored(
            &app,
            &admin,
            &format!("{api}/funding-allocations/{allocation}")
        )
        .await
        .0,
        404
    );
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/goals/{goal}/delete"),
        &[("csrf_token", t), ("version", "2"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(st, 303);
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/agreements/{agreement}/delete"),
        &[("csrf_token", t), ("version", "2"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(st, 303);
    let (_, list) = text(&b, &app, "/partnership/agreements?notice=deleted").await;
    assert!(list.contains("Deleted.") && !list.contains("Roster and grades"));
    // Without the CSRF token a delete is refused.
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/team/{member}/delete"),
        &[("version", "2"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(st, 403);
}

#[tokio::test]
async fn partner_staff_update_only_what_their_organization_owns() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let admin = app.admin().await;
    let api = "/api/v1/partnership";
    let goal = created(&app, &admin, &format!("{api}/goals"), json!({"region_id": s.region, "title": "More credentials", "metric_id": "credential_attainment", "baseline": 20.0, "baseline_year": 2022, "target": 40.0, "target_year": 2030})).await;
    let m = created(
        &app,
        &admin,
        &format!("{api}/meetings"),
        json!({"region_id": s.region, "held_on": day(-3), "attendee_ids": [s.district, s.college]}),
    )
    .await;
    let ours = created(&app, &admin, &format!("{api}/action-items"), json!({"meeting_id": m, "description": "Send the syllabus", "owner_id": s.college, "due_on": day(10)})).await;
    let theirs = created(&app, &admin, &format!("{api}/action-items"), json!({"meeting_id": m, "description": "Send the roster", "owner_id": s.district, "due_on": day(10)})).await;
    let resp = created(&app, &admin, &format!("{api}/responsibilities"), json!({"region_id": s.region, "stakeholder": "postsecondary", "component": "transitions", "description": "Offer dual-credit sections", "organization_id": s.college})).await;
    let other = created(&app, &admin, &format!("{api}/responsibilities"), json!({"region_id": s.region, "stakeholder": "k12", "component": "transitions", "description": "Schedule dual-credit periods", "organization_id": s.district})).await;
    app.user("staff@acc.edu", Role::PartnerStaff, Some(s.college), None)
        .await;
    app.user("c@aisd.org", Role::Counselor, Some(s.district), None)
        .await;
    let (b, csrf) = browser(&app, "staff@acc.edu").await;
    let t = csrf.as_str();

    // Their own organization's action item and responsibility get a status form.
    let (_, page) = text(&b, &app, "/partnership/meetings").await;
    assert!(page.contains(&format!("/partnership/action-items/{ours}/status")));
    assert!(!page.contains(&format!("/partnership/action-items/{theirs}/status")));
    let (st, loc, _) = form(
        &b,
        &app,
        &format!("/partnership/action-items/{ours}/status"),
        &[("csrf_token", t), ("status", "done")],
    )
    .await;
    assert_eq!(st, 303);
    assert!(loc.contains("notice=saved"));
    assert_eq!(
        stored(&app, &admin, &format!("{api}/action-items/{ours}"))
            .await
            .1["status"],
        "done"
    );
    let (st, _, page) = form(
        &b,
        &app,
        &format!("/partnership/action-items/{theirs}/status"),
        &[("csrf_token", t), ("status", "done")],
    )
    .await;
    assert_eq!(st, 403, "{page}");
    assert_eq!(
        stored(&app, &admin, &format!("{api}/action-items/{theirs}"))
            .await
            .1["status"],
        "open"
    );
    let (_, page) = text(&b, &app, "/partnership/responsibilities").await;
    assert!(page.contains(&format!("/partnership/responsibilities/{resp}/status")));
    assert!(!page.contains(&format!("/partnership/responsibilities/{other}/status")));
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/responsibilities/{resp}/status"),
        &[
            ("csrf_token", t),
            ("status", "in_progress"),
            ("evidence", "Two sections in fall"),
        ],
    )
    .await;
    assert_eq!(st, 303);
    let r = stored(&app, &admin, &format!("{api}/responsibilities/{resp}"))
        .await
        .1;
    assert_eq!(
        (r["status"].as_str(), r["evidence"].as_str()),
        (Some("in_progress"), Some("Two sections in fall"))
    );
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/responsibilities/{other}/status"),
        &[("csrf_token", t), ("status", "done")],
    )
    .await;
    assert_eq!(st, 403);
    // The convener's edit and delete pages are not theirs.
    let (_, goals) = text(&b, &app, "/partnership/goals").await;
    assert!(!goals.contains(&format!("/partnership/goals/{goal}/edit")));
    assert_eq!(
        text(&b, &app, &format!("/partnership/goals/{goal}/edit"))
            .await
            .0,
        403
    );
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/goals/{goal}/delete"),
        &[("csrf_token", t), ("version", "1"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(st, 403);
    let (st, _, _) = form(
        &b,
        &app,
        &format!("/partnership/goals/{goal}/progress"),
        &[
            ("csrf_token", t),
            ("version", "1"),
            ("current", "30"),
            ("current_year", "2026"),
        ],
    )
    .await;
    assert_eq!(st, 403);
    // Counselors are not partnership staff at all.
    let (cb, ct) = browser_any(&app, "c@aisd.org").await;
    let (st, _, _) = form(
        &cb,
        &app,
        &format!("/partnership/action-items/{theirs}/status"),
        &[("csrf_token", ct.as_str()), ("status", "done")],
    )
    .await;
    assert_eq!(st, 403);
    assert_eq!(
        text(&cb, &app, &format!("/partnership/agreements/{goal}/edit"))
            .await
            .0,
        403
    );
    assert_eq!(
        stored(&app, &admin, &format!("{api}/goals/{goal}")).await.1["version"],
        1,
        "nothing was written"
    );
}

/// A cookie session for a user who cannot open the partnership pages: the
/// CSRF token comes from the home page instead.
async fn browser_any(app: &App, email: &str) -> (reqwest::Client, String) {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .unwrap_or_default();
    (c, token)
}
