//! `pathways partnership …` through the binary, on either backend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
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

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

#[tokio::test]
async fn team_meetings_agreements_and_alerts_from_the_command_line() {
    let (db, _dir) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("regions.csv"),
        "name,area_codes\nCapital Area,0012420\n",
    )
    .unwrap();
    std::fs::write(
        d.join("orgs.csv"),
        "name,sector,kind,region,parent,city,naics,website\nAustin ISD,secondary,district,Capital Area,,Austin,,\nAustin Community College,postsecondary,community_college,Capital Area,,Austin,,\n",
    )
    .unwrap();
    pathways(&db, d)
        .args(["import", "regions"])
        .arg(d.join("regions.csv"))
        .assert()
        .success();
    pathways(&db, d)
        .args(["import", "organizations"])
        .arg(d.join("orgs.csv"))
        .assert()
        .success();
    let orgs: serde_json::Value = {
        let store = pathways_store::Store::connect(&db).await.unwrap();
        let list = store
            .list_all::<pathways_domain::catalog::OrganizationInput>(&Default::default())
            .await
            .unwrap();
        serde_json::json!(list.iter().map(|o| o.meta.id).collect::<Vec<_>>())
    };
    let (isd, acc) = (orgs[0].to_string(), orgs[1].to_string());

    pathways(&db, d)
        .args([
            "partnership",
            "team",
            "add",
            "--org",
            &isd,
            "--name",
            "Ana Ruiz",
            "--role",
            "chair",
        ])
        .assert()
        .success();
    let a = pathways(&db, d)
        .args(["partnership", "team", "list", "--format", "json"])
        .assert()
        .success();
    let team: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(team[0]["person_name"], "Ana Ruiz");

    // A bad date is exit 1 naming the option; nothing is written.
    let a = pathways(&db, d)
        .args(["partnership", "meetings", "add", "--date", "2026-13-01"])
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("--date"));
    let today = pathways_web::sharing::today();
    let long_ago = today.plus_days(-100).to_string();
    pathways(&db, d)
        .args([
            "partnership",
            "meetings",
            "add",
            "--date",
            &long_ago,
            "--attendee",
            &isd,
            "--agenda",
            "Kick-off",
        ])
        .assert()
        .success();
    let a = pathways(&db, d)
        .args(["partnership", "meetings", "list"])
        .assert()
        .success();
    assert!(stdout(&a).contains("Kick-off"));

    // A data-sharing agreement that lacks a purpose is refused, naming the field.
    let expires = today.plus_days(20).to_string();
    let effective = today.plus_days(-200).to_string();
    let base = [
        "partnership",
        "agreements",
        "add",
        "--kind",
        "data_sharing",
        "--title",
        "ISD–ACC DSA",
        "--status",
        "active",
        "--party",
        &isd,
        "--party",
        &acc,
        "--supplier",
        &isd,
        "--element",
        "student_roster",
        "--effective",
        &effective,
        "--expires",
        &expires,
    ];
    let a = pathways(&db, d).args(base).assert().code(1);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("purposes"));
    pathways(&db, d)
        .args(base)
        .args(["--purpose", "work_based_learning"])
        .assert()
        .success();
    let a = pathways(&db, d)
        .args(["partnership", "agreements", "list", "--format", "json"])
        .assert()
        .success();
    let list: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["lifecycle"], "expiring");

    let a = pathways(&db, d)
        .args(["partnership", "alerts", "--format", "json"])
        .assert()
        .success();
    let alerts: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let kinds: Vec<&str> = alerts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "meeting_overdue",
            "agreement_expiring",
            "unowned_responsibilities",
            "missing_sectors"
        ]
    );
    let a = pathways(&db, d)
        .args(["partnership", "status"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains(
            "missing sectors: Postsecondary, Employers and industry, Workforce development"
        )
    );
}
