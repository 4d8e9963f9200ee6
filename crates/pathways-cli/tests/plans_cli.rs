//! `pathways plans check / import / export` through the binary, on either backend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_domain::wbl::StudentInput;
use pathways_store::Store;
use pathways_store::testing::fresh_url;

fn pathways(db: &str, dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("pathways").unwrap();
    c.arg("--db")
        .arg(db)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("DATABASE_URL");
    c
}

/// A district with a school, two chained courses, a pathway and two students.
async fn seed(store: &Store) -> (i64, i64, i64) {
    let region = store
        .create(&RegionInput {
            name: "Capital Area".into(),
            area_codes: vec![],
        })
        .await
        .unwrap()
        .meta
        .id;
    let org = |name: &str, kind, parent| OrganizationInput {
        name: name.into(),
        sector: Sector::Secondary,
        kind,
        region_id: Some(region),
        parent_id: parent,
        city: None,
        naics: None,
        website: None,
    };
    let district = store
        .create(&org("Austin ISD", OrganizationKind::District, None))
        .await
        .unwrap()
        .meta
        .id;
    let school = store
        .create(&org("Travis HS", OrganizationKind::School, Some(district)))
        .await
        .unwrap()
        .meta
        .id;
    let course = |code: &str, pre: Vec<i64>| CourseInput {
        code: code.into(),
        title: format!("Course {code}"),
        credit_hours: 1.0,
        provider_id: district,
        level: CourseLevel::HighSchool,
        dual_credit: false,
        advanced_academic: false,
        subject: Some("cte".into()),
        prerequisite_ids: pre,
    };
    let a = store
        .create(&course("HLTH 1", vec![]))
        .await
        .unwrap()
        .meta
        .id;
    let b = store
        .create(&course("HLTH 2", vec![a]))
        .await
        .unwrap()
        .meta
        .id;
    let p = store
        .create(&PathwayInput {
            name: "Health Science".into(),
            sector: IndustrySector::HealthCare,
            region_id: region,
            target_occupations: vec![],
            program_ids: vec![],
            course_ids: vec![a, b],
            description: None,
        })
        .await
        .unwrap()
        .meta
        .id;
    for r in ["S-1", "S-2"] {
        store
            .create_student(&StudentInput {
                student_ref: r.into(),
                display_name: r.into(),
                school_id: school,
                grade: 9,
                birth_date: "2011-01-01".into(),
                pathway_id: Some(p),
                concentrator: false,
                equity_priority: false,
                completed_course_ids: vec![],
            })
            .await
            .unwrap();
    }
    (a, b, p)
}

#[tokio::test]
async fn import_check_export_round_trip_and_exit_codes() {
    let (db, _dir) = fresh_url().await.unwrap();
    let store = Store::connect(&db).await.unwrap();
    let (a, b, p) = seed(&store).await;
    store.set_graduation_rules(&[]).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // S-1 in order, S-2 with the second course before its prerequisite.
    let csv = format!(
        "student_ref,goal_soc,pathway_id,kind,ref,grade,term,completed,route\n\
         S-1,29-1141,{p},course,{a},9,year,false,two_year_college\n\
         S-1,29-1141,{p},course,{b},10,year,false,two_year_college\n\
         S-1,29-1141,{p},wbl,job_shadow,10,,false,two_year_college\n\
         S-2,,{p},course,{b},9,fall,false,\n\
         S-2,,{p},course,{a},9,spring,false,\n"
    );
    let file = d.join("plans.csv");
    std::fs::write(&file, &csv).unwrap();
    let out = pathways(&db, d)
        .args(["plans", "import"])
        .arg(&file)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("imported 2 plans"));
    // One plan is off track: exit 1, and the report names it and what to change.
    let out = pathways(&db, d).args(["plans", "check"]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("S-2") && text.contains("Move HLTH 2"),
        "{text}"
    );
    assert!(text.contains("1 on track, 1 off track"), "{text}");
    let out = pathways(&db, d)
        .args(["plans", "check", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["summary"]["off_track"], 1);
    assert_eq!(v["off_track"][0]["student_ref"], "S-2");
    // Export JSON, fix S-2 and import it back: every plan on track, exit 0.
    let json_file = d.join("plans.json");
    pathways(&db, d)
        .args(["plans", "export", "--out"])
        .arg(&json_file)
        .assert()
        .success();
    let mut plans: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(plans.as_array().unwrap().len(), 2);
    let s2 = plans
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|x| x["student_ref"] == "S-2")
        .unwrap();
    s2["plan"]["courses"][0]["grade"] = serde_json::json!(10);
    std::fs::write(&json_file, serde_json::to_string(&plans).unwrap()).unwrap();
    pathways(&db, d)
        .args(["plans", "import"])
        .arg(&json_file)
        .assert()
        .success();
    pathways(&db, d).args(["plans", "check"]).assert().success();
    // The import is a new version.
    assert_eq!(store.plan("S-2").await.unwrap().unwrap().version, 2);
    // CSV export has one row per item.
    let out = pathways(&db, d)
        .args(["plans", "export", "--format", "csv"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .lines()
            .count(),
        1 + 5
    );
}

#[tokio::test]
async fn bad_files_name_line_and_field_and_import_nothing() {
    let (db, _dir) = fresh_url().await.unwrap();
    let store = Store::connect(&db).await.unwrap();
    let (a, _, p) = seed(&store).await;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let file = d.join("bad.csv");
    std::fs::write(
        &file,
        format!(
            "student_ref,goal_soc,pathway_id,kind,ref,grade,term,completed,route\n\
             S-1,,{p},course,{a},9,year,false,\n\
             S-1,,{p},course,{a},ninth,year,false,\n"
        ),
    )
    .unwrap();
    let out = pathways(&db, d)
        .args(["plans", "import"])
        .arg(&file)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("line 3") && err.contains("grade"), "{err}");
    // A grade out of range and an unknown student: every problem, nothing saved.
    std::fs::write(
        &file,
        format!(
            "student_ref,goal_soc,pathway_id,kind,ref,grade,term,completed,route\n\
             S-1,,{p},course,{a},19,year,false,\n\
             S-404,,{p},course,{a},9,year,false,\n"
        ),
    )
    .unwrap();
    let out = pathways(&db, d)
        .args(["plans", "import"])
        .arg(&file)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("courses[0].grade") && err.contains("S-404"),
        "{err}"
    );
    assert!(store.plan("S-1").await.unwrap().is_none());
}
