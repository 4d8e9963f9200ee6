//! The demo region matches issue #11 and its participant records are
//! generated in the demo's own catalog ids.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use pathways_demo::participants::{demo_params, region_description};
use pathways_store::Store;
use pathways_synth::{Format, Params, Table};

#[tokio::test]
async fn the_demo_region_is_the_one_the_issue_asks_for_and_feeds_the_generator() {
    let tmp = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", tmp.path().join("demo.db").display());
    let store = Store::connect(&db).await.unwrap();
    let demo = pathways_demo::seed_catalog(&store, "0012420", &|| {})
        .await
        .unwrap();
    let region = region_description(&store, &demo).await.unwrap();
    region.check().unwrap();

    // 3 districts with high schools, a college and a university, 40 employers,
    // 12 pathways across 4 sectors, a program of study per pathway and district.
    assert_eq!(region.districts.len(), 3);
    assert!(region.districts.iter().all(|d| !d.high_schools.is_empty()));
    assert_eq!(region.institutions.len(), 2);
    assert_eq!(region.employers.len(), 40);
    assert_eq!(region.pathways.len(), 12);
    let sectors: HashSet<&str> = region.pathways.iter().map(|p| p.sector.as_str()).collect();
    assert_eq!(sectors.len(), 4);
    assert_eq!(region.programs_of_study.len(), 36);
    assert!(
        demo.organizations
            .contains_key(pathways_demo::catalog::CONVENER)
    );
    // Every pathway has dual credit and credentials; all but the apprenticeship
    // pathways continue at the college or university.
    for p in &region.pathways {
        assert!(!p.credentials.is_empty(), "{}", p.name);
    }
    let continuing = region
        .pathways
        .iter()
        .filter(|p| !p.postsecondary.is_empty())
        .count();
    assert!(
        continuing >= 10,
        "{continuing} pathways continue in postsecondary"
    );
    assert!(
        region
            .programs_of_study
            .iter()
            .all(|pos| pos.courses.iter().any(|c| c.dual_credit))
    );

    // Ids in the files are the catalog's: schools, programs and employers.
    let out = tmp.path().join("participants");
    let params = Params {
        students: 400,
        ..demo_params()
    };
    let summary =
        pathways_synth::generate(&out, &params, &region, Format::Csv, true, &mut |_| {}).unwrap();
    assert_eq!(summary.rows_of(Table::Students), 400);
    let schools: HashSet<String> = demo.organizations.values().map(|i| i.to_string()).collect();
    let mut k12 = csv::Reader::from_path(out.join("k12_enrollment.csv")).unwrap();
    for r in k12.records() {
        let r = r.unwrap();
        let grade: i32 = r[4].parse().unwrap();
        if grade >= 9 {
            assert!(
                schools.contains(&r[3]),
                "high school {} is not in the catalog",
                &r[3]
            );
        }
        assert!(
            schools.contains(&r[2]),
            "district {} is not in the catalog",
            &r[2]
        );
    }
    let pos: HashSet<&str> = region
        .programs_of_study
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let mut courses = csv::Reader::from_path(out.join("cte_courses.csv")).unwrap();
    let mut n = 0;
    for r in courses.records() {
        let r = r.unwrap();
        assert!(
            pos.contains(&r[3]),
            "program {} is not in the catalog",
            &r[3]
        );
        n += 1;
    }
    assert!(n > 100, "only {n} course records");
    // Regenerating replaces the earlier demo's files.
    pathways_synth::generate(&out, &params, &region, Format::Csv, true, &mut |_| {}).unwrap();
}
