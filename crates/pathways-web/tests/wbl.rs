//! Work-based learning end to end: post, publish, apply, run a round, see why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, json, seed};
use pathways_domain::access::Role;
use serde_json::json;

#[tokio::test]
async fn employer_posts_school_publishes_students_apply_convener_matches() {
    let app = App::start().await;
    let admin = app.admin().await;
    let s = seed(&app.store).await;
    let employer = app
        .user("hr@stdavids.org", Role::Employer, Some(s.employer), None)
        .await;
    let counselor = app
        .user(
            "counselor@aisd.org",
            Role::Counselor,
            Some(s.district),
            None,
        )
        .await;

    // Students on the district's roster: Ana and Ben concentrate in nursing; Cai does not.
    for (r, concentrator, equity, birth) in [
        ("ana", true, false, "2009-01-10"),
        ("ben", true, true, "2009-05-02"),
        ("cai", false, true, "2009-07-19"),
        ("dee", false, false, "2012-02-02"),
    ] {
        let (st, body) = json(app.post("/api/v1/students", &counselor, &json!({
            "student_ref": r, "display_name": r.to_uppercase(), "school_id": s.district, "grade": 11,
            "birth_date": birth, "pathway_id": s.pathway, "concentrator": concentrator, "equity_priority": equity,
            "completed_course_ids": [s.course_a]
        })).send().await.unwrap()).await;
        assert_eq!(st, 201, "{body}");
    }
    let student = |r: &'static str| {
        app.user(
            Box::leak(format!("{r}@students.org").into_boxed_str()),
            Role::Student,
            None,
            Some(r),
        )
    };
    let ana = student("ana").await;
    let ben = student("ben").await;
    let cai = student("cai").await;
    let dee = student("dee").await;

    let post = |title: &str, capacity: i64| {
        json!({
            "employer_id": s.employer, "title": title, "activity": "clinical", "pathway_id": s.pathway, "soc": "31-1131",
            "location": "Austin", "schedule": "Tue/Thu afternoons", "paid": true, "capacity": capacity, "min_age": 16,
            "min_grade": 11, "required_course_ids": [s.course_a], "supervisor": "R. Nurse", "starts_on": "2027-02-01"
        })
    };
    let (st, icu) = json(
        app.post(
            "/api/v1/wbl/opportunities",
            &employer,
            &post("ICU clinical", 1),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{icu}");
    assert_eq!(icu["status"], "draft");
    assert_eq!(icu["stage"], "career_preparation");
    let icu = icu["id"].as_i64().unwrap();
    let (_, er) = json(
        app.post(
            "/api/v1/wbl/opportunities",
            &employer,
            &post("ER clinical", 1),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    let er = er["id"].as_i64().unwrap();

    // Students do not see drafts; employers cannot publish; the school can.
    let (_, board) = json(
        app.get("/api/v1/wbl/opportunities")
            .bearer_auth(&ana)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(board["items"].as_array().unwrap().is_empty());
    assert_eq!(
        app.post(
            &format!("/api/v1/wbl/opportunities/{icu}/publish"),
            &employer,
            &json!({})
        )
        .send()
        .await
        .unwrap()
        .status()
        .as_u16(),
        403
    );
    for id in [icu, er] {
        assert_eq!(
            app.post(
                &format!("/api/v1/wbl/opportunities/{id}/submit"),
                &employer,
                &json!({})
            )
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
            200
        );
        assert_eq!(
            app.post(
                &format!("/api/v1/wbl/opportunities/{id}/publish"),
                &counselor,
                &json!({})
            )
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
            200
        );
    }
    let (_, board) = json(
        app.get("/api/v1/wbl/opportunities?stage=career_preparation&paid=true")
            .bearer_auth(&ana)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(board["items"].as_array().unwrap().len(), 2);

    // Everyone ranks ICU first; Dee (too young) is refused with the reason.
    for t in [&ana, &ben, &cai] {
        assert_eq!(
            app.post(
                "/api/v1/wbl/applications",
                t,
                &json!({"opportunity_id": icu, "rank": 1})
            )
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
            201
        );
        assert_eq!(
            app.post(
                "/api/v1/wbl/applications",
                t,
                &json!({"opportunity_id": er, "rank": 2})
            )
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
            201
        );
    }
    let (st, p) = json(
        app.post(
            "/api/v1/wbl/applications",
            &dee,
            &json!({"opportunity_id": icu, "rank": 1}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 422);
    assert!(p["detail"].as_str().unwrap().contains("TooYoung"), "{p}");
    // A student cannot apply as someone else: the student_ref is theirs.
    let (_, mine) = json(
        app.get("/api/v1/wbl/applications")
            .bearer_auth(&cai)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|a| a["student_ref"] == "cai")
    );

    let (st, round) = json(
        app.post(
            "/api/v1/wbl/rounds",
            &admin,
            &json!({"name": "Spring clinicals", "seed": 42}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{round}");
    assert_eq!(round["students"], 3);
    assert_eq!(round["matched"], 2);
    assert_eq!(round["stable"], true);
    let rid = round["id"].as_i64().unwrap();

    // Ben (concentrator + equity) gets ICU; Ana (concentrator) the ER; Cai waits, and is told why.
    let (_, ben_r) = json(
        app.get(&format!("/api/v1/wbl/rounds/{rid}/results"))
            .bearer_auth(&ben)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(ben_r[0]["opportunity_id"], icu);
    let (_, ana_r) = json(
        app.get(&format!("/api/v1/wbl/rounds/{rid}/results"))
            .bearer_auth(&ana)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        ana_r.as_array().unwrap().len(),
        1,
        "a student sees only their own result"
    );
    assert_eq!(ana_r[0]["opportunity_id"], er);
    // Ana ranked ICU first and holds her second choice: one explanation,
    // naming her first choice by its rank and id.
    assert_eq!(ana_r[0]["choice"], 2, "{ana_r}");
    assert_eq!(ana_r[0]["explanation"].as_array().unwrap().len(), 1);
    assert_eq!(ana_r[0]["explanation"][0]["rank"], 1, "{ana_r}");
    assert_eq!(ana_r[0]["explanation"][0]["opportunity_id"], icu, "{ana_r}");
    assert!(
        ana_r[0]["explanation"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("higher priority"),
        "{ana_r}"
    );
    let (_, cai_r) = json(
        app.get(&format!("/api/v1/wbl/rounds/{rid}/results"))
            .bearer_auth(&cai)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(cai_r[0]["opportunity_id"].is_null());
    assert_eq!(cai_r[0]["explanation"].as_array().unwrap().len(), 2);

    // The same seed reproduces the round.
    let (_, again) = json(
        app.post(
            "/api/v1/wbl/rounds",
            &admin,
            &json!({"name": "re-run", "seed": 42}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    let (_, all1) = json(
        app.get(&format!("/api/v1/wbl/rounds/{rid}/results"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let (_, all2) = json(
        app.get(&format!("/api/v1/wbl/rounds/{}/results", again["id"]))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(all1, all2);

    // Reads of student records are in the audit log.
    let (_, log) = json(
        app.get("/api/v1/audit?entity=wbl_round_result")
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["record_ids"] == "ben" && e["actor_role"] == "student"),
        "{log}"
    );
}

#[tokio::test]
async fn rosters_are_scoped_to_the_school() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let counselor = app
        .user("c@aisd.org", Role::Counselor, Some(s.district), None)
        .await;
    let other = app
        .user("c@college.org", Role::Counselor, Some(s.college), None)
        .await;
    let body = json!({"student_ref": "z", "display_name": "Z", "school_id": s.district, "grade": 10, "birth_date": "2010-01-01"});
    assert_eq!(
        app.post("/api/v1/students", &other, &body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        app.post("/api/v1/students", &counselor, &body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        201
    );
    let (_, mine) = json(
        app.get("/api/v1/students")
            .bearer_auth(&counselor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let (_, theirs) = json(
        app.get("/api/v1/students")
            .bearer_auth(&other)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        theirs["items"].as_array().unwrap().is_empty(),
        "another school's students stay hidden"
    );
    let (st, p) = json(app.post("/api/v1/students", &counselor, &json!({"student_ref": "y", "display_name": "Y", "school_id": s.district, "grade": 3, "birth_date": "May 1"})).send().await.unwrap()).await;
    assert_eq!(st, 422);
    assert_eq!(p["invalid-params"].as_array().unwrap().len(), 2);
}
