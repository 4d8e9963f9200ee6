//! Backup and restore round-trip on the backend under test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_store::ListFilter;
use pathways_store::backup::{TABLES, schema_tables};
use pathways_store::testing::fresh_store;

#[tokio::test]
async fn backup_lists_every_table() {
    let t = fresh_store().await.unwrap();
    let mut expected: Vec<String> = TABLES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(
        schema_tables(&t.store).await.unwrap(),
        expected,
        "a migration added a table: add it to backup::TABLES"
    );
}

#[tokio::test]
async fn backup_restores_into_an_empty_database() {
    let a = fresh_store().await.unwrap();
    let org = a
        .store
        .create(&OrganizationInput {
            name: "Capital Community College".into(),
            sector: Sector::Postsecondary,
            kind: OrganizationKind::CommunityCollege,
            region_id: None,
            parent_id: None,
            city: None,
            naics: None,
            website: None,
        })
        .await
        .unwrap();
    let c1 = a
        .store
        .create(&CourseInput {
            code: "A".into(),
            title: "Course A".into(),
            credit_hours: 3.5,
            provider_id: org.meta.id,
            level: CourseLevel::College,
            dual_credit: true,
            advanced_academic: false,
            subject: None,
            prerequisite_ids: vec![],
        })
        .await
        .unwrap();
    a.store
        .create(&CourseInput {
            code: "B".into(),
            title: "Course B".into(),
            credit_hours: 3.0,
            provider_id: org.meta.id,
            level: CourseLevel::College,
            dual_credit: false,
            advanced_academic: false,
            subject: Some("cte".into()),
            prerequisite_ids: vec![c1.meta.id],
        })
        .await
        .unwrap();
    let mut buf = Vec::new();
    let n = a.store.backup(&mut buf).await.unwrap();
    assert_eq!(n, 4, "organization, two courses and one prerequisite row");

    let b = fresh_store().await.unwrap();
    assert_eq!(b.store.restore(buf.as_slice()).await.unwrap(), 4);
    let before = a
        .store
        .list::<CourseInput>(&ListFilter::default(), None, 10)
        .await
        .unwrap();
    let after = b
        .store
        .list::<CourseInput>(&ListFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(
        before, after,
        "rows, versions, timestamps and booleans survive"
    );
    // New rows continue after the restored ids.
    let next = b
        .store
        .create(&RegionInput {
            name: "R".into(),
            area_codes: vec![],
        })
        .await
        .unwrap();
    assert_eq!(next.meta.id, 1);
    let c3 = b
        .store
        .create(&CourseInput {
            code: "C".into(),
            title: "Course C".into(),
            credit_hours: 1.0,
            provider_id: org.meta.id,
            level: CourseLevel::College,
            dual_credit: false,
            advanced_academic: false,
            subject: None,
            prerequisite_ids: vec![],
        })
        .await
        .unwrap();
    assert!(c3.meta.id > c1.meta.id + 1);

    // Restoring over data is refused and changes nothing.
    let err = b.store.restore(buf.as_slice()).await.unwrap_err();
    assert!(err.to_string().contains("empty database"), "{err}");
    assert!(b.store.restore(&b"not a backup"[..]).await.is_err());
}
