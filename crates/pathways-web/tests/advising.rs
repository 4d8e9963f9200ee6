//! Advising through HTTP: milestones, the inventory, goals, plans with their
//! checks and versions, approval, the caseload, family and access scope.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, Seed, json, seed};
use pathways_domain::access::Role;
use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_domain::wbl::StudentInput;
use reqwest::redirect::Policy;
use serde_json::{Value, json};

struct World {
    app: App,
    s: Seed,
    school: i64,
    other_course: i64,
    admin: String,
    counselor: String,
    other_counselor: String,
    student: String,
    family: String,
    employer: String,
}

async fn world() -> World {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let org = |name: &str, kind: OrganizationKind, parent: Option<i64>| OrganizationInput {
        name: name.into(),
        sector: Sector::Secondary,
        kind,
        region_id: Some(s.region),
        parent_id: parent,
        city: None,
        naics: None,
        website: None,
    };
    let school = app
        .store
        .create(&org(
            "Travis Early College HS",
            OrganizationKind::School,
            Some(s.district),
        ))
        .await
        .unwrap()
        .meta
        .id;
    let other_district = app
        .store
        .create(&org("Round Rock ISD", OrganizationKind::District, None))
        .await
        .unwrap()
        .meta
        .id;
    let other_school = app
        .store
        .create(&org(
            "Stony Point HS",
            OrganizationKind::School,
            Some(other_district),
        ))
        .await
        .unwrap()
        .meta
        .id;
    let other_course = app
        .store
        .create(&CourseInput {
            code: "WELD 1".into(),
            title: "Welding I".into(),
            credit_hours: 1.0,
            provider_id: other_district,
            level: CourseLevel::HighSchool,
            dual_credit: false,
            advanced_academic: false,
            subject: Some("cte".into()),
            prerequisite_ids: vec![],
        })
        .await
        .unwrap()
        .meta
        .id;
    let student = |r: &str, name: &str, school_id: i64, grade: i64, equity: bool| StudentInput {
        student_ref: r.into(),
        display_name: name.into(),
        school_id,
        grade,
        birth_date: "2012-05-01".into(),
        pathway_id: None,
        concentrator: false,
        equity_priority: equity,
        completed_course_ids: vec![],
    };
    for st in [
        student("S-8", "Ana Grade-Eight", school, 8, false),
        student("S-9", "Ben Ninth", school, 9, true),
        student("S-X", "Cy Elsewhere", other_school, 9, false),
    ] {
        app.store.create_student(&st).await.unwrap();
    }
    let admin = app.admin().await;
    let counselor = app
        .user(
            "counselor@travis.org",
            Role::Counselor,
            Some(s.district),
            None,
        )
        .await;
    let other_counselor = app
        .user(
            "counselor@rrisd.org",
            Role::Counselor,
            Some(other_district),
            None,
        )
        .await;
    let student_t = app
        .user("ana@students.org", Role::Student, None, Some("S-8"))
        .await;
    let family = app
        .user("ana.family@home.org", Role::Family, None, Some("S-8"))
        .await;
    let employer = app
        .user("hr@stdavids.org", Role::Employer, Some(s.employer), None)
        .await;
    World {
        app,
        s,
        school,
        other_course,
        admin,
        counselor,
        other_counselor,
        student: student_t,
        family,
        employer,
    }
}

/// Answers that score Social, then Investigative, highest.
fn social_answers() -> Vec<u8> {
    pathways_advising::inventory::ITEMS
        .iter()
        .map(|i| match i.scale {
            pathways_advising::Scale::Social => 5,
            pathways_advising::Scale::Investigative => 4,
            _ => 1,
        })
        .collect()
}

fn get(w: &World, path: &str, token: &str) -> reqwest::RequestBuilder {
    w.app.get(path).bearer_auth(token)
}

#[tokio::test]
async fn counselor_sets_milestones_student_plans_checks_flag_caseload_shows() {
    let w = world().await;
    let app = &w.app;
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();

    // The counselor sets a milestone for the nursing pathway.
    let r = app
        .http
        .put(app.url(&format!("/api/v1/milestones/pathways/{}", w.s.pathway)))
        .bearer_auth(&w.counselor)
        .json(&json!([{"key": "hospital_visit", "title": "Visit a hospital", "grade": 9, "kind": "job_shadow"}]))
        .send()
        .await
        .unwrap();
    let (status, defs) = json(r).await;
    assert_eq!(status, 200, "{defs}");
    assert_eq!(defs[0]["pathway_id"], w.s.pathway);
    let (_, all) = json(
        get(&w, "/api/v1/milestones", &w.student)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let keys: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"hospital_visit") && keys.contains(&"fafsa"),
        "{keys:?}"
    );
    // A bad definition is refused field by field.
    let r = app
        .http
        .put(app.url(&format!("/api/v1/milestones/pathways/{}", w.s.pathway)))
        .bearer_auth(&w.counselor)
        .json(&json!([{"key": "Bad Key", "title": "", "grade": 30, "kind": "job_shadow"}]))
        .send()
        .await
        .unwrap();
    let (status, p) = json(r).await;
    assert_eq!(status, 422);
    let names: Vec<&str> = p["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"[0].key") && names.contains(&"[0].grade"),
        "{names:?}"
    );

    // The grade-8 student takes the inventory: a profile and jobs that fit, with wages.
    let r = app
        .post(
            "/api/v1/inventory",
            &w.student,
            &json!({"answers": social_answers()}),
        )
        .send()
        .await
        .unwrap();
    let (status, v) = json(r).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["profile"][0]["scale"], "social");
    assert!(v["result"]["code"].as_str().unwrap().starts_with("SI"));
    let matches = v["matches"].as_array().unwrap();
    assert!(matches.len() >= 5, "{v}");
    assert!(matches.iter().all(|m| m["fit"].as_f64().unwrap() > 0.3));
    assert!(matches.iter().any(|m| m["median_wage"].as_f64().is_some()));
    // Too few answers: a field-level error.
    let r = app
        .post("/api/v1/inventory", &w.student, &json!({"answers": [1, 2]}))
        .send()
        .await
        .unwrap();
    let (status, p) = json(r).await;
    assert_eq!(status, 422);
    assert_eq!(p["invalid-params"][0]["name"], "answers");

    // Admin sets graduation credits small enough for this catalog.
    let r = app
        .http
        .put(app.url("/api/v1/plans/graduation-requirements"))
        .bearer_auth(&w.admin)
        .json(&json!([{"subject": "cte", "credits": 2.0}]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // The student picks a goal and builds a plan with two problems: the
    // college course before its prerequisite, and another district's course.
    let bad = json!({
        "goal_soc": "29-1141",
        "pathway_id": w.s.pathway,
        "courses": [
            {"course_id": w.s.course_b, "grade": 9, "term": "fall"},
            {"course_id": w.s.course_a, "grade": 10},
            {"course_id": w.other_course, "grade": 10}
        ],
        "wbl": [{"activity": "job_shadow", "grade": 10}]
    });
    let r = app
        .http
        .put(app.url("/api/v1/plans/S-8"))
        .bearer_auth(&w.student)
        .json(&bad)
        .send()
        .await
        .unwrap();
    let (status, plan) = json(r).await;
    assert_eq!(status, 201, "{plan}");
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["on_track"], false);
    let kinds: Vec<&str> = plan["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"prerequisite_order"), "{kinds:?}");
    assert!(kinds.contains(&"not_offered"), "{kinds:?}");
    let fixes: Vec<&str> = plan["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fix"].as_str().unwrap())
        .collect();
    assert!(fixes.iter().any(|f| f.contains("NURA 1301")), "{fixes:?}");

    // Editing without the version is refused; a stale version conflicts.
    let good = json!({
        "goal_soc": "29-1141",
        "pathway_id": w.s.pathway,
        "courses": [
            {"course_id": w.s.course_a, "grade": 9},
            {"course_id": w.s.course_b, "grade": 10, "term": "fall"}
        ],
        "credentials": [{"credential_id": w.s.cna, "grade": 12}],
        "wbl": [{"activity": "job_shadow", "grade": 10}]
    });
    let r = app
        .http
        .put(app.url("/api/v1/plans/S-8"))
        .bearer_auth(&w.student)
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 428);
    let r = app
        .put("/api/v1/plans/S-8", &w.student, 7, &good)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    // Malformed requests name the field.
    let mut typo = good.clone();
    typo["courses"][0]["grade"] = json!("ninth");
    let (status, p) = json(
        app.put("/api/v1/plans/S-8", &w.student, 1, &typo)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        p["invalid-params"][0]["name"]
            .as_str()
            .unwrap()
            .starts_with("courses[0].grade"),
        "{p}"
    );
    let mut out_of_range = good.clone();
    out_of_range["courses"][1]["grade"] = json!(20);
    let (status, p) = json(
        app.put("/api/v1/plans/S-8", &w.student, 1, &out_of_range)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["invalid-params"][0]["name"], "courses[1].grade");

    // The fixed plan passes and waits for approval.
    let (status, plan) = json(
        app.put("/api/v1/plans/S-8", &w.student, 1, &good)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["status"], "submitted", "{plan}");
    assert_eq!(plan["on_track"], true);
    assert_eq!(plan["report"]["concentrator"], true);
    assert_eq!(plan["version"], 2);

    // Every change is a version, with who made it.
    let (_, versions) = json(
        get(&w, "/api/v1/plans/S-8/versions", &w.counselor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["changed_by"]["role"], "student");
    assert_eq!(versions[1]["plan"]["courses"][0]["course_id"], w.s.course_b);

    // The student may not approve; the counselor does.
    let r = app
        .http
        .post(app.url("/api/v1/plans/S-8/approve"))
        .bearer_auth(&w.student)
        .header("If-Match", "\"2\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = app
        .http
        .post(app.url("/api/v1/plans/S-8/approve"))
        .bearer_auth(&w.counselor)
        .header("If-Match", "\"2\"")
        .send()
        .await
        .unwrap();
    let (status, plan) = json(r).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["status"], "approved");

    // The caseload: S-8 on track, S-9 without a plan; S-X is another district's.
    let (status, c) = json(get(&w, "/api/v1/plans", &w.counselor).send().await.unwrap()).await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["total"], 2, "{c}");
    assert_eq!(c["on_track"], 1);
    assert_eq!(c["off_track"], 1);
    assert_eq!(c["no_plan"], 1);
    let off = &c["rows"][0];
    assert_eq!(off["student_ref"], "S-9");
    assert!(
        off["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "No plan yet")
    );
    // S-9 in grade 9 has not taken the grade-8 inventory: overdue.
    assert!(
        off["missing_milestones"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().contains("overdue")),
        "{off}"
    );
    let (_, only_off) = json(
        get(&w, "/api/v1/plans?track=off", &w.counselor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(only_off["total"], 1);
    let (_, equity) = json(
        get(&w, "/api/v1/plans?subgroup=equity_priority", &w.counselor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(equity["rows"][0]["student_ref"], "S-9");
    assert_eq!(equity["total"], 1);
    let (_, grade8) = json(
        get(
            &w,
            &format!(
                "/api/v1/plans?grade=8&pathway_id={}&school_id={}",
                w.s.pathway, w.school
            ),
            &w.counselor,
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(grade8["total"], 1, "{grade8}");
    let (status, p) = json(
        get(&w, "/api/v1/plans?grade=eight", &w.counselor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(p["invalid-params"][0]["name"], "grade");

    // Bulk check of the counselor's plans.
    let r = app
        .http
        .post(app.url("/api/v1/plans/check"))
        .bearer_auth(&w.counselor)
        .send()
        .await
        .unwrap();
    let (status, b) = json(r).await;
    assert_eq!(status, 200);
    assert_eq!(b["checked"], 1);
    assert_eq!(b["on_track"], 1);
    assert_eq!(b["without_plan"], 1);

    // Milestone status with evidence.
    let r = app
        .http
        .put(app.url("/api/v1/milestones/students/S-8/hospital_visit"))
        .bearer_auth(&w.student)
        .json(&json!({"status": "done", "evidence": "Visited St. David's, March 3"}))
        .send()
        .await
        .unwrap();
    let (status, states) = json(r).await;
    assert_eq!(status, 200, "{states}");
    let visit = states
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == "hospital_visit")
        .unwrap();
    assert_eq!(visit["standing"], "met");
    assert_eq!(visit["evidence"], "Visited St. David's, March 3");

    // Reads are audited.
    let (_, log) = json(
        get(&w, "/api/v1/audit?entity=advising_plan", &w.admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(!log.as_array().unwrap().is_empty(), "{log}");
}

#[tokio::test]
async fn scope_keeps_plans_to_their_school_and_family() {
    let w = world().await;
    let app = &w.app;
    let plan =
        json!({"pathway_id": w.s.pathway, "courses": [{"course_id": w.s.course_a, "grade": 9}]});
    let r = app
        .http
        .put(app.url("/api/v1/plans/S-8"))
        .bearer_auth(&w.counselor)
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // Another district's counselor: out of scope, and not in their caseload.
    let (status, p) = json(
        get(&w, "/api/v1/plans/S-8", &w.other_counselor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(p["type"], "/problems/out-of-scope");
    let (_, c) = json(
        get(&w, "/api/v1/plans", &w.other_counselor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        c["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["student_ref"] != "S-8"),
        "{c}"
    );
    let r = get(
        &w,
        &format!("/api/v1/plans?school_id={}", w.school),
        &w.other_counselor,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 403);
    let r = app
        .http
        .put(app.url("/api/v1/plans/S-8"))
        .bearer_auth(&w.other_counselor)
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A student sees only their own; the family reads but cannot write.
    assert_eq!(
        get(&w, "/api/v1/plans/S-9", &w.student)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        get(&w, "/api/v1/plans/S-8", &w.family)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let r = app
        .put("/api/v1/plans/S-8", &w.family, 1, &plan)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Employers see no advising records.
    assert_eq!(
        get(&w, "/api/v1/plans/S-8", &w.employer)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        get(&w, "/api/v1/plans", &w.employer)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

fn form_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

async fn page(w: &World, path: &str, token: &str) -> (u16, String) {
    let r = get(w, path, token).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn pages_inventory_goal_editor_plan_caseload_family_print() {
    let w = world().await;
    let app = &w.app;
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    let c = form_client();
    // The inventory form: 36 questions, no script.
    let (status, html) = page(&w, "/advising/inventory", &w.student).await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("<fieldset class=\"item\">").count(), 36);
    assert!(!html.contains("<script"));
    let mut form: Vec<(String, String)> = social_answers()
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("q{}", i + 1), a.to_string()))
        .collect();
    let r = c
        .post(app.url("/advising/inventory"))
        .bearer_auth(&w.student)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/advising/goals");
    form.pop();
    let r = c
        .post(app.url("/advising/inventory"))
        .bearer_auth(&w.student)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("q36"));
    // Goals with pay and openings.
    let (status, html) = page(&w, "/advising/goals", &w.student).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Median pay here") && html.contains("Social"),
        "{html}"
    );
    let goal = format!("29-1141|{}", w.s.pathway);
    let r = c
        .post(app.url("/advising/goals"))
        .bearer_auth(&w.student)
        .form(&[("goal", goal.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/advising/plan/edit");
    // The editor saves a plan with the prerequisite out of order: a draft, with what to change.
    let (status, html) = page(&w, "/advising/plan/edit", &w.student).await;
    assert_eq!(status, 200);
    assert!(html.contains("Save the plan"));
    let b = w.s.course_b.to_string();
    let a = w.s.course_a.to_string();
    let r = c
        .post(app.url("/advising/plan/edit"))
        .bearer_auth(&w.student)
        .form(&[
            ("version", "1"),
            ("goal_soc", "29-1141"),
            ("pathway_id", &w.s.pathway.to_string()),
            ("course_0", &b),
            ("grade_0", "9"),
            ("term_0", "fall"),
            ("course_1", &a),
            ("grade_1", "10"),
            ("term_1", "year"),
            ("route", "two_year_college"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (status, html) = page(&w, "/advising/plan", &w.student).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Needs a change") && html.contains("prerequisite"),
        "{html}"
    );
    assert!(html.contains("Off track") && html.contains("Community or technical college"));
    // The counselor's caseload shows who is off track, and who is missing milestones.
    let (status, html) = page(&w, "/advising/caseload", &w.counselor).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Ana Grade-Eight")
            && html.contains("Off track")
            && html.contains("Missing milestones")
    );
    assert!(!html.contains("Cy Elsewhere"));
    let r = c
        .post(app.url("/advising/caseload/check"))
        .bearer_auth(&w.counselor)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .contains("Checked")
    );
    let (status, html) = page(&w, "/advising/milestones", &w.counselor).await;
    assert_eq!(status, 200);
    assert!(html.contains("Take the interest inventory"));
    // The family page is read-only and printable, with the pathway map.
    let (status, html) = page(&w, "/advising/plan", &w.family).await;
    assert_eq!(status, 200);
    assert!(html.contains("read-only") && html.contains("Print"));
    assert!(
        html.contains("<svg"),
        "the plan prints with the pathway map"
    );
    assert!(!html.contains("/advising/plan/edit") && !html.contains("Mark done"));
    assert_eq!(page(&w, "/advising/plan/edit", &w.family).await.0, 403);
    // Home panels: the counselor's caseload and the family's plan.
    let (_, home) = page(&w, "/", &w.counselor).await;
    assert!(home.contains("are off track"), "{home}");
    let (_, home) = page(&w, "/", &w.family).await;
    assert!(home.contains("Your student's plan"));
}

#[tokio::test]
async fn caseload_of_400_students_renders_quickly() {
    let w = world().await;
    let app = &w.app;
    let cat = app.store.check_catalog().await.unwrap();
    let actor = pathways_store::advising::Actor {
        user_id: None,
        role: "import".into(),
        name: "test".into(),
    };
    for i in 0..400 {
        let r = format!("L-{i:04}");
        app.store
            .create_student(&StudentInput {
                student_ref: r.clone(),
                display_name: format!("Student {i}"),
                school_id: w.school,
                grade: 9 + i % 4,
                birth_date: "2010-01-01".into(),
                pathway_id: Some(w.s.pathway),
                concentrator: false,
                equity_priority: i % 3 == 0,
                completed_course_ids: vec![],
            })
            .await
            .unwrap();
        let plan: pathways_advising::PlanInput = serde_json::from_value(json!({
            "pathway_id": w.s.pathway,
            "courses": [{"course_id": w.s.course_a, "grade": 9}, {"course_id": if i % 2 == 0 { w.s.course_b } else { w.other_course }, "grade": 10}]
        }))
        .unwrap();
        let s = app.store.student(&r).await.unwrap().unwrap();
        let facts = pathways_advising::check::StudentFacts {
            school_id: s.fields.school_id,
            grade: s.fields.grade,
            completed_course_ids: vec![],
        };
        let report = pathways_advising::check_plan(&cat, &facts, &plan);
        app.store
            .save_plan(&r, None, &plan, &report, &actor, "imported")
            .await
            .unwrap();
    }
    // Warm once, then time.
    let (status, _) = page(&w, "/advising/caseload", &w.counselor).await;
    assert_eq!(status, 200);
    let t = std::time::Instant::now();
    let (status, html) = page(&w, "/advising/caseload", &w.counselor).await;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(status, 200);
    assert_eq!(html.matches("<tr>").count(), 101, "header + a page of 100");
    assert!(html.contains("Showing 1–100 of 402"), "{html}");
    println!("caseload page, 402 students: {ms:.1} ms");
    // The page reads (and the log names) the 100 students it shows, not all 402.
    let last_caseload_read = || async {
        app.store
            .audit_entries(&pathways_store::audit::AuditQuery {
                entity: Some("advising_caseload".into()),
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap()
            .remove(0)
    };
    let logged = last_caseload_read().await;
    assert_eq!(logged.record_ids.split(',').count(), 100);
    let first_shown = html
        .split("student_ref=")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap();
    assert_eq!(logged.record_ids.split(',').next(), Some(first_shown));
    // The home panel shows counts only: it reads no student's record.
    let before = last_caseload_read().await.id;
    let (_, home) = page(&w, "/", &w.counselor).await;
    assert!(
        home.contains("402 students are on track") || home.contains("of 402 students"),
        "{home}"
    );
    assert_eq!(
        last_caseload_read().await.id,
        before,
        "no audit entry for counts"
    );
    // The API returns every student and logs every one.
    let all: Value = get(&w, "/api/v1/plans", &w.counselor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all["rows"].as_array().unwrap().len(), 402);
    assert_eq!(all["total"], 402);
    assert_eq!(
        last_caseload_read().await.record_ids.split(',').count(),
        402
    );
    // The last page has the rest, and the filters survive paging.
    let (status, html) = page(&w, "/advising/caseload?grade=&page=5", &w.counselor).await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("<tr>").count(), 3, "header + 2 students");
    assert!(html.contains("Page 5 of 5") && html.contains("rel=\"prev\""));
    let (status, _) = page(&w, "/advising/caseload?page=0", &w.counselor).await;
    assert_eq!(status, 400);
    let _ = Value::Null;
}
