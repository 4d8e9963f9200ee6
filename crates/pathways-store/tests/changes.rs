//! The change counters move with every write to their tables, on the
//! backend under test, and with nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_domain::wbl::StudentInput;
use pathways_store::testing::fresh_store;

#[tokio::test]
async fn counters_follow_writes_to_their_tables() {
    let t = fresh_store().await.unwrap();
    let s = &t.store;
    let start = s.changes().await.unwrap();
    let school = s
        .create(&OrganizationInput {
            name: "Riverside High School".into(),
            sector: Sector::Secondary,
            kind: OrganizationKind::School,
            region_id: None,
            parent_id: None,
            city: None,
            naics: None,
            website: None,
        })
        .await
        .unwrap();
    let after_catalog = s.changes().await.unwrap();
    assert!(after_catalog.catalog > start.catalog, "a catalog write");
    assert_eq!(after_catalog.advising, start.advising);

    s.create_student(&StudentInput {
        student_ref: "S-1".into(),
        display_name: "Ana Cruz".into(),
        school_id: school.meta.id,
        grade: 10,
        birth_date: "2010-05-01".into(),
        pathway_id: None,
        concentrator: false,
        equity_priority: false,
        completed_course_ids: vec![],
    })
    .await
    .unwrap();
    let after_roster = s.changes().await.unwrap();
    assert!(
        after_roster.advising > after_catalog.advising,
        "a roster write"
    );
    assert_eq!(after_roster.catalog, after_catalog.catalog);

    // A failed write changes nothing.
    let mut dup = school.fields.clone();
    dup.parent_id = Some(9_999);
    assert!(s.update(school.meta.id, 1, &dup).await.is_err());
    assert_eq!(s.changes().await.unwrap(), after_roster);
}
