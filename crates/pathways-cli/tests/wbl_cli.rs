//! `pathways wbl placements list` and `pathways wbl export-records` through
//! the binary, on either backend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use pathways_domain::access::Role;
use pathways_domain::catalog::OrganizationInput;
use pathways_domain::placement::{HoursInput, PlacementSource, PlacementStatus};
use pathways_domain::vocab::{OrganizationKind, Sector};
use pathways_domain::wbl::{OpportunityInput, OpportunityStatus, StudentInput, WblActivity};
use pathways_store::Store;
use pathways_store::placements::NewPlacement;
use pathways_store::testing::fresh_url;
use pathways_web::api::accounts::{NewUserRequest, create_user_checked};

fn pathways(db: &str, dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("pathways").unwrap();
    c.arg("--db")
        .arg(db)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("DATABASE_URL");
    c
}

/// An active internship with 2.5 approved hours and 4 waiting, and a draft.
async fn seed(store: &Store) {
    let org = |name: &str, sector, kind| OrganizationInput {
        name: name.into(),
        sector,
        kind,
        region_id: None,
        parent_id: None,
        city: Some("Austin".into()),
        naics: None,
        website: None,
    };
    let school = store
        .create(&org(
            "Crockett High School",
            Sector::Secondary,
            OrganizationKind::School,
        ))
        .await
        .unwrap()
        .meta
        .id;
    let employer = store
        .create(&org(
            "Capital Metro",
            Sector::Employer,
            OrganizationKind::Other,
        ))
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
                grade: 12,
                birth_date: "2008-05-05".into(),
                pathway_id: None,
                concentrator: false,
                equity_priority: false,
                completed_course_ids: vec![],
            })
            .await
            .unwrap();
    }
    let o = store
        .create_opportunity(
            &OpportunityInput {
                employer_id: employer,
                title: "Transit planning internship".into(),
                description: String::new(),
                activity: WblActivity::Internship,
                pathway_id: None,
                soc: None,
                location: "Austin".into(),
                schedule: String::new(),
                paid: true,
                capacity: 2,
                min_age: None,
                min_grade: None,
                required_course_ids: vec![],
                transportation_provided: false,
                supervisor: String::new(),
                starts_on: Some("2027-01-10".into()),
                latitude: Some(30.26),
                longitude: Some(-97.74),
            },
            OpportunityStatus::Published,
        )
        .await
        .unwrap();
    let supervisor = create_user_checked(
        store,
        &NewUserRequest {
            email: "sup@capmetro.org".into(),
            display_name: "Sup".into(),
            password: "correct horse battery staple".into(),
            role: Role::Employer,
            organization_id: Some(employer),
            student_ref: None,
        },
    )
    .await
    .unwrap();
    let new = |r: &str| NewPlacement {
        opportunity_id: o.meta.id,
        student_ref: r.into(),
        round_id: None,
        source: PlacementSource::Direct,
        starts_on: "2027-01-10".into(),
        guardian_required: false,
        created_by: None,
    };
    let (ids, _) = store
        .create_placements(&[new("S-1"), new("S-2")])
        .await
        .unwrap();
    let p = store.placement(ids[0]).await.unwrap();
    store
        .set_placement_status(ids[0], &p, PlacementStatus::Active)
        .await
        .unwrap();
    let h = |d: &str, hours| HoursInput {
        worked_on: d.into(),
        hours,
        activity: "Ridership counts".into(),
    };
    let approved = store
        .log_hours(
            ids[0],
            &h("2027-01-12", 2.5),
            supervisor.user_id,
            "employer",
            None,
        )
        .await
        .unwrap();
    store
        .approve_hours(approved.id, supervisor.user_id)
        .await
        .unwrap();
    store
        .log_hours(
            ids[0],
            &h("2027-01-13", 4.0),
            supervisor.user_id,
            "student",
            None,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn export_records_writes_the_wbl_table_with_approved_hours() {
    let (db, _dir) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Migrate through the binary first, then seed.
    pathways(&db, d)
        .args(["wbl", "placements", "list"])
        .assert()
        .success();
    let store = Store::connect(&db).await.unwrap();
    seed(&store).await;

    let out = d.join("wbl.csv");
    pathways(&db, d)
        .args(["wbl", "export-records", "--out"])
        .arg(&out)
        .assert()
        .success();
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        csv,
        "person_key,school_year,stage,activity_type,hours\nS-1,2026,career_preparation,internship,2.5\n",
        "only the active placement counts, with its approved hours"
    );

    let list = pathways(&db, d)
        .args(["wbl", "placements", "list", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&list.get_output().stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["hours_logged"], 6.5);
    assert_eq!(arr[0]["hours_approved"], 2.5);
    let drafts = pathways(&db, d)
        .args(["wbl", "placements", "list", "--status", "draft"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&drafts.get_output().stdout).to_string();
    assert!(text.contains("S-2") && !text.contains("S-1"), "{text}");
    pathways(&db, d)
        .args(["wbl", "placements", "list", "--status", "pending"])
        .assert()
        .failure();
}
