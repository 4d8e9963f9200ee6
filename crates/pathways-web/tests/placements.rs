//! Placements end to end: a round's matches become training agreements, each
//! party signs (a guardian only for a minor), hours are logged and approved,
//! the supervisor evaluates, and the WBL record export carries the hours.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, json, seed};
use pathways_domain::access::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn call(
    app: &App,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = app.http.request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    json(req.send().await.unwrap()).await
}

async fn get(app: &App, path: &str, token: &str) -> (u16, Value) {
    call(app, Method::GET, path, token, None).await
}

async fn post(app: &App, path: &str, token: &str, body: Value) -> (u16, Value) {
    call(app, Method::POST, path, token, Some(body)).await
}

struct World {
    admin: String,
    employer: String,
    other_employer: String,
    counselor: String,
    near: i64,
    far: i64,
}

/// A district in central Austin, a clinical site 3 miles away and one in
/// Dallas; students `min` (16 on the first day), `adu` (18) and `dir`.
async fn world(app: &App) -> World {
    let s = seed(&app.store).await;
    let admin = app.admin().await;
    let employer = app
        .user("hr@stdavids.org", Role::Employer, Some(s.employer), None)
        .await;
    let other_employer = app
        .user("hr@college.org", Role::Employer, Some(s.college), None)
        .await;
    let counselor = app
        .user("c@aisd.org", Role::Counselor, Some(s.district), None)
        .await;
    let (st, _) = call(
        app,
        Method::PUT,
        &format!("/api/v1/organizations/{}/location", s.district),
        &admin,
        Some(json!({"latitude": 30.2672, "longitude": -97.7431})),
    )
    .await;
    assert_eq!(st, 204);
    for (r, birth) in [
        ("min", "2010-06-01"),
        ("adu", "2009-01-15"),
        ("dir", "2008-03-03"),
    ] {
        let (st, body) = post(app, "/api/v1/students", &counselor, json!({
            "student_ref": r, "display_name": r.to_uppercase(), "school_id": s.district, "grade": 12,
            "birth_date": birth, "pathway_id": s.pathway, "concentrator": true, "completed_course_ids": [s.course_a]
        }))
        .await;
        assert_eq!(st, 201, "{body}");
    }
    let opp = |title: &str, lat: f64, lon: f64, capacity: i64| {
        json!({
            "employer_id": s.employer, "title": title, "activity": "clinical", "pathway_id": s.pathway,
            "location": "Austin", "paid": true, "capacity": capacity, "min_age": 16, "min_grade": 11,
            "supervisor": "R. Nurse", "starts_on": "2027-02-01", "latitude": lat, "longitude": lon
        })
    };
    let mut ids = Vec::new();
    for (title, lat, lon, cap) in [
        ("Triage clinical", 30.3050, -97.7300, 2),
        ("Dallas clinical", 32.7767, -96.7970, 1),
    ] {
        let (st, o) = post(
            app,
            "/api/v1/wbl/opportunities",
            &employer,
            opp(title, lat, lon, cap),
        )
        .await;
        assert_eq!(st, 201, "{o}");
        let id = o["id"].as_i64().unwrap();
        assert_eq!(
            post(
                app,
                &format!("/api/v1/wbl/opportunities/{id}/submit"),
                &employer,
                json!({})
            )
            .await
            .0,
            200
        );
        assert_eq!(
            post(
                app,
                &format!("/api/v1/wbl/opportunities/{id}/publish"),
                &counselor,
                json!({})
            )
            .await
            .0,
            200
        );
        ids.push(id);
    }
    World {
        admin,
        employer,
        other_employer,
        counselor,
        near: ids[0],
        far: ids[1],
    }
}

fn by_student<'a>(list: &'a Value, r: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|p| p["student_ref"] == r)
        .unwrap()
}

#[tokio::test]
async fn round_to_agreement_to_hours_to_evaluation_to_record() {
    let app = App::start().await;
    let w = world(&app).await;
    let student = |r: &'static str| {
        app.user(
            Box::leak(format!("{r}@students.org").into_boxed_str()),
            Role::Student,
            None,
            Some(r),
        )
    };
    let min = student("min").await;
    let adu = student("adu").await;
    let family = app
        .user("parent@home.org", Role::Family, None, Some("min"))
        .await;
    let adu_family = app
        .user("parent2@home.org", Role::Family, None, Some("adu"))
        .await;

    // The board: within 10 miles of my school is the Austin site only.
    let (st, board) = get(&app, "/api/v1/wbl/opportunities?within_miles=10", &min).await;
    assert_eq!(st, 200, "{board}");
    let titles: Vec<&str> = board["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Triage clinical"]);
    let (_, board) = get(
        &app,
        "/api/v1/wbl/opportunities?within_miles=250&paid=true",
        &min,
    )
    .await;
    assert_eq!(board["items"].as_array().unwrap().len(), 2);
    let (st, p) = get(&app, "/api/v1/wbl/opportunities?within_miles=10", &w.admin).await;
    assert_eq!(st, 422, "the convener has no school of their own: {p}");

    for t in [&min, &adu] {
        assert_eq!(
            post(
                &app,
                "/api/v1/wbl/applications",
                t,
                json!({"opportunity_id": w.near, "rank": 1})
            )
            .await
            .0,
            201
        );
    }
    let (st, round) = post(
        &app,
        "/api/v1/wbl/rounds",
        &w.admin,
        json!({"name": "Spring", "seed": 7}),
    )
    .await;
    assert_eq!(st, 201, "{round}");
    let rid = round["id"].as_i64().unwrap();
    let (st, made) = post(
        &app,
        &format!("/api/v1/wbl/rounds/{rid}/placements"),
        &w.admin,
        json!({}),
    )
    .await;
    assert_eq!(st, 201, "{made}");
    assert_eq!(made["created"].as_array().unwrap().len(), 2);
    let (_, again) = post(
        &app,
        &format!("/api/v1/wbl/rounds/{rid}/placements"),
        &w.admin,
        json!({}),
    )
    .await;
    assert_eq!(
        (
            again["created"].as_array().unwrap().len(),
            again["skipped"].as_u64()
        ),
        (0, Some(2))
    );

    // The employer sees both placed students; the minor's agreement needs a guardian, the adult's does not.
    let (_, list) = get(&app, "/api/v1/wbl/placements", &w.employer).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    let pm = by_student(&list, "min").clone();
    let pa = by_student(&list, "adu").clone();
    assert_eq!(pm["guardian_required"], true);
    assert_eq!(
        pm["required"],
        json!(["employer", "school", "student", "guardian"])
    );
    assert_eq!(pa["required"], json!(["employer", "school", "student"]));
    assert_eq!(pm["status"], "draft");
    let (pm, pa) = (pm["id"].as_i64().unwrap(), pa["id"].as_i64().unwrap());

    for (who, token) in [
        ("employer", &w.employer),
        ("school", &w.counselor),
        ("student", &min),
    ] {
        let (st, body) = post(
            &app,
            &format!("/api/v1/wbl/placements/{pm}/signatures"),
            token,
            json!({}),
        )
        .await;
        assert_eq!(st, 200, "{who}: {body}");
    }
    let (st, again) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/signatures"),
        &min,
        json!({}),
    )
    .await;
    assert_eq!(st, 422, "signing twice is refused: {again}");
    let (st, p) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/status"),
        &w.counselor,
        json!({"status": "active"}),
    )
    .await;
    assert_eq!(st, 409, "no guardian sign-off yet: {p}");
    assert!(
        p["detail"].as_str().unwrap().contains("Parent or guardian"),
        "{p}"
    );
    let (st, signed) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/signatures"),
        &family,
        json!({}),
    )
    .await;
    assert_eq!(st, 200, "{signed}");
    assert_eq!(signed["status"], "awaiting_signatures");
    assert!(signed["missing"].as_array().unwrap().is_empty());
    let guardian = signed["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["party"] == "guardian")
        .unwrap();
    assert_eq!(guardian["signer_name"], "parent");
    assert!(!guardian["signed_at"].as_str().unwrap().is_empty());
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/placements/{pm}/status"),
            &min,
            json!({"status": "active"})
        )
        .await
        .0,
        403
    );
    let (st, active) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/status"),
        &w.counselor,
        json!({"status": "active"}),
    )
    .await;
    assert_eq!((st, active["status"].as_str()), (200, Some("active")));

    // The adult signs alone; a family account has nothing to sign.
    for token in [&w.employer, &w.counselor, &adu] {
        assert_eq!(
            post(
                &app,
                &format!("/api/v1/wbl/placements/{pa}/signatures"),
                token,
                json!({})
            )
            .await
            .0,
            200
        );
    }
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/placements/{pa}/signatures"),
            &adu_family,
            json!({})
        )
        .await
        .0,
        422
    );
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/placements/{pa}/status"),
            &w.employer,
            json!({"status": "active"})
        )
        .await
        .0,
        200
    );

    // Hours: the student logs, the supervisor approves; totals on the placement.
    let (st, h1) = post(&app, &format!("/api/v1/wbl/placements/{pm}/hours"), &min, json!({"worked_on": "2027-02-02", "hours": 3.5, "activity": "Vitals with the charge nurse"})).await;
    assert_eq!(st, 201, "{h1}");
    assert!(h1["approved_by"].is_null());
    let (st, _) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/hours"),
        &min,
        json!({"worked_on": "2027-02-04", "hours": 2.0}),
    )
    .await;
    assert_eq!(st, 201);
    let (st, bad) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/hours"),
        &min,
        json!({"worked_on": "Feb 5", "hours": 30}),
    )
    .await;
    assert_eq!(st, 422);
    assert_eq!(bad["invalid-params"].as_array().unwrap().len(), 2);
    let h1 = h1["id"].as_i64().unwrap();
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/hours/{h1}/approve"),
            &min,
            json!({})
        )
        .await
        .0,
        403
    );
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/hours/{h1}/approve"),
            &w.other_employer,
            json!({})
        )
        .await
        .0,
        404
    );
    let (st, ok) = post(
        &app,
        &format!("/api/v1/wbl/hours/{h1}/approve"),
        &w.employer,
        json!({}),
    )
    .await;
    assert_eq!(st, 200, "{ok}");
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/hours/{h1}/approve"),
            &w.employer,
            json!({})
        )
        .await
        .0,
        409
    );
    // The supervisor's own entry counts as approved.
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/placements/{pm}/hours"),
            &w.employer,
            json!({"worked_on": "2027-07-15", "hours": 1.0})
        )
        .await
        .0,
        201
    );
    let (_, one) = get(&app, &format!("/api/v1/wbl/placements/{pm}"), &family).await;
    assert_eq!(
        (one["hours_logged"].as_f64(), one["hours_approved"].as_f64()),
        (Some(6.5), Some(4.5))
    );

    // Evaluation against the shipped rubric.
    let (_, rubrics) = get(&app, "/api/v1/wbl/rubrics", &w.employer).await;
    let rubric = &rubrics[0];
    let ratings: Vec<Value> = rubric["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!({"criterion": c["key"], "rating": 3, "comment": "steady"}))
        .collect();
    let eval = json!({"template_id": rubric["id"], "point": "midpoint", "ratings": ratings, "comment": "On track"});
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/placements/{pm}/evaluations"),
            &min,
            eval.clone()
        )
        .await
        .0,
        403
    );
    let (st, e) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/evaluations"),
        &w.employer,
        eval.clone(),
    )
    .await;
    assert_eq!(st, 201, "{e}");
    assert_eq!(
        e["ratings"].as_array().unwrap().len(),
        rubric["criteria"].as_array().unwrap().len()
    );
    let mut partial = eval.clone();
    partial["ratings"].as_array_mut().unwrap().truncate(2);
    partial["point"] = json!("final");
    let (st, p) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/evaluations"),
        &w.employer,
        partial,
    )
    .await;
    assert_eq!(st, 422, "{p}");
    let (_, evals) = get(
        &app,
        &format!("/api/v1/wbl/placements/{pm}/evaluations"),
        &min,
    )
    .await;
    assert_eq!(evals.as_array().unwrap().len(), 1);
    assert_eq!(evals[0]["point"], "midpoint");

    // The record export: approved hours per school year (July 2027 starts school year 2027).
    let res = app
        .get("/api/v1/wbl/records")
        .bearer_auth(&w.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "person_key,school_year,stage,activity_type,hours");
    assert!(
        lines.contains(&"min,2026,career_preparation,clinical,3.5"),
        "{csv}"
    );
    assert!(
        lines.contains(&"min,2027,career_preparation,clinical,1"),
        "{csv}"
    );
    assert!(
        lines.contains(&"adu,2026,career_preparation,clinical,0"),
        "{csv}"
    );

    // Every read of a placement was audited, by role.
    let (_, log) = get(&app, "/api/v1/audit?entity=wbl_placement", &w.admin).await;
    let roles: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor_role"].as_str().unwrap())
        .collect();
    for r in ["employer", "counselor", "student", "family"] {
        assert!(roles.contains(&r), "{r} reads not audited: {roles:?}");
    }
}

#[tokio::test]
async fn placements_stay_with_their_parties() {
    let app = App::start().await;
    let w = world(&app).await;
    let dir = app
        .user("dir@students.org", Role::Student, None, Some("dir"))
        .await;
    let min = app
        .user("min@students.org", Role::Student, None, Some("min"))
        .await;

    // A direct placement by the school, with the seat count checked.
    let (st, p) = post(
        &app,
        "/api/v1/wbl/placements",
        &w.counselor,
        json!({"opportunity_id": w.far, "student_ref": "dir"}),
    )
    .await;
    assert_eq!(st, 201, "{p}");
    assert_eq!(
        (p["source"].as_str(), p["guardian_required"].as_bool()),
        (Some("direct"), Some(false))
    );
    let pid = p["id"].as_i64().unwrap();
    let (st, full) = post(
        &app,
        "/api/v1/wbl/placements",
        &w.counselor,
        json!({"opportunity_id": w.far, "student_ref": "min"}),
    )
    .await;
    assert_eq!(st, 409, "one seat, taken: {full}");
    assert_eq!(
        post(
            &app,
            "/api/v1/wbl/placements",
            &w.employer,
            json!({"opportunity_id": w.near, "student_ref": "min"})
        )
        .await
        .0,
        403
    );

    // Another employer, another student: not found, not listed.
    assert_eq!(
        get(
            &app,
            &format!("/api/v1/wbl/placements/{pid}"),
            &w.other_employer
        )
        .await
        .0,
        404
    );
    assert_eq!(
        get(
            &app,
            &format!("/api/v1/wbl/placements/{pid}/hours"),
            &w.other_employer
        )
        .await
        .0,
        404
    );
    assert_eq!(
        post(
            &app,
            &format!("/api/v1/wbl/placements/{pid}/signatures"),
            &w.other_employer,
            json!({})
        )
        .await
        .0,
        404
    );
    let (_, theirs) = get(&app, "/api/v1/wbl/placements", &w.other_employer).await;
    assert!(theirs.as_array().unwrap().is_empty());
    assert_eq!(
        get(&app, &format!("/api/v1/wbl/placements/{pid}"), &min)
            .await
            .0,
        404
    );
    let (_, mine) = get(&app, "/api/v1/wbl/placements", &dir).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // A student signs only as the student.
    let (st, _) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pid}/signatures"),
        &dir,
        json!({"party": "employer"}),
    )
    .await;
    assert_eq!(st, 403);
    // Hours wait until the agreement is active.
    let (st, _) = post(
        &app,
        &format!("/api/v1/wbl/placements/{pid}/hours"),
        &dir,
        json!({"worked_on": "2027-02-02", "hours": 1}),
    )
    .await;
    assert_eq!(st, 409);
    // The convener edits rubrics; nobody else may.
    let rubric = json!({"name": "Clinical rubric", "scale_max": 3, "criteria": [
        {"key": "hand_hygiene", "area": "technical", "name": "Hand hygiene"},
        {"key": "bedside_manner", "area": "employability", "name": "Bedside manner"}]});
    assert_eq!(
        post(&app, "/api/v1/wbl/rubrics", &w.employer, rubric.clone())
            .await
            .0,
        403
    );
    let (st, r) = post(&app, "/api/v1/wbl/rubrics", &w.admin, rubric.clone()).await;
    assert_eq!(st, 201, "{r}");
    let mut edited = rubric.clone();
    edited["scale_max"] = json!(5);
    let res = app
        .put(
            &format!("/api/v1/wbl/rubrics/{}", r["id"]),
            &w.admin,
            r["version"].as_i64().unwrap(),
            &edited,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (_, all) = get(&app, "/api/v1/wbl/rubrics", &dir).await;
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "the default and the new one"
    );
}
