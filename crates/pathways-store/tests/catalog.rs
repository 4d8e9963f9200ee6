//! Catalog behaviour on whichever backend PATHWAYS_TEST_DATABASE_URL selects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_domain::{CipCode, SocCode};
use pathways_store::testing::fresh_store;
use pathways_store::{ListFilter, StoreError, Upserted, entity};

fn college() -> OrganizationInput {
    OrganizationInput {
        name: "Austin Community College".into(),
        sector: Sector::Postsecondary,
        kind: OrganizationKind::CommunityCollege,
        region_id: None,
        parent_id: None,
        city: Some("Austin".into()),
        naics: None,
        website: None,
    }
}

fn course(code: &str, provider_id: i64, prereqs: Vec<i64>) -> CourseInput {
    CourseInput {
        code: code.into(),
        title: format!("Course {code}"),
        credit_hours: 3.0,
        provider_id,
        level: CourseLevel::College,
        dual_credit: true,
        advanced_academic: false,
        subject: Some("cte".into()),
        prerequisite_ids: prereqs,
    }
}

#[tokio::test]
async fn crud_round_trip_with_versions() {
    let t = fresh_store().await.unwrap();
    let s = &t.store;
    let org = s.create(&college()).await.unwrap();
    assert_eq!(org.meta.version, 1);
    assert_eq!(org.fields, college());

    let c1 = s
        .create(&course("HPRS 1201", org.meta.id, vec![]))
        .await
        .unwrap();
    let c2 = s
        .create(&course("HPRS 2301", org.meta.id, vec![c1.meta.id]))
        .await
        .unwrap();
    assert!(c2.fields.dual_credit, "booleans survive the round trip");
    assert_eq!(c2.fields.prerequisite_ids, vec![c1.meta.id]);

    let mut edit = c2.fields.clone();
    edit.title = "Pathophysiology".into();
    let c2b = s.update(c2.meta.id, 1, &edit).await.unwrap();
    assert_eq!(c2b.meta.version, 2);
    assert_eq!(c2b.fields.title, "Pathophysiology");

    // A stale update is refused, never silently applied.
    let stale = s.update(c2.meta.id, 1, &c2.fields).await.unwrap_err();
    assert!(
        matches!(
            stale,
            StoreError::Stale {
                sent: 1,
                current: 2,
                ..
            }
        ),
        "{stale}"
    );

    // Cycles in prerequisites are refused and nothing is written.
    let mut cyc = c1.fields.clone();
    cyc.prerequisite_ids = vec![c2.meta.id];
    let err = s.update(c1.meta.id, 1, &cyc).await.unwrap_err();
    assert!(err.to_string().contains("cycle"), "{err}");
    let c1_after = s.get::<CourseInput>(c1.meta.id).await.unwrap();
    assert!(c1_after.fields.prerequisite_ids.is_empty());
    assert_eq!(c1_after.meta.version, 1);

    // A referenced course cannot be deleted.
    let err = s.delete::<CourseInput>(c1.meta.id, None).await.unwrap_err();
    assert!(matches!(err, StoreError::InUse { .. }), "{err}");
    s.delete::<CourseInput>(c2.meta.id, Some(2)).await.unwrap();
    s.delete::<CourseInput>(c1.meta.id, Some(1)).await.unwrap();
    assert!(matches!(
        s.get::<CourseInput>(c1.meta.id).await.unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

#[tokio::test]
async fn dangling_references_name_their_field() {
    let t = fresh_store().await.unwrap();
    let p = ProgramInput {
        name: "Nursing ADN".into(),
        kind: ProgramKind::Associate,
        cip: CipCode::parse("51.3801").unwrap(),
        provider_id: 999,
        seats: 40,
        annual_completers: 35,
        description: None,
    };
    match t.store.create(&p).await.unwrap_err() {
        StoreError::Invalid(errs) => {
            assert_eq!(errs[0].field, "provider_id");
            assert!(errs[0].message.contains("999"));
        }
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn lists_filter_and_paginate() {
    let t = fresh_store().await.unwrap();
    let s = &t.store;
    let region = s
        .create(&RegionInput {
            name: "Capital Area".into(),
            area_codes: vec![AreaCode::parse("0012420").unwrap()],
        })
        .await
        .unwrap();
    assert_eq!(region.fields.area_codes[0].as_str(), "0012420");
    for i in 0..7 {
        let mut o = college();
        o.name = format!("Employer {i}");
        o.sector = Sector::Employer;
        o.kind = OrganizationKind::Other;
        o.region_id = Some(region.meta.id);
        s.create(&o).await.unwrap();
    }
    s.create(&college()).await.unwrap();
    let f = ListFilter {
        sector: Some("employer".into()),
        ..Default::default()
    };
    let p1 = s.list::<OrganizationInput>(&f, None, 5).await.unwrap();
    assert_eq!(p1.items.len(), 5);
    let p2 = s
        .list::<OrganizationInput>(&f, p1.next_cursor, 5)
        .await
        .unwrap();
    assert_eq!(p2.items.len(), 2);
    assert_eq!(p2.next_cursor, None);
    let q = ListFilter {
        q: Some("COMMUNITY".into()),
        ..Default::default()
    };
    let found = s.list::<OrganizationInput>(&q, None, 50).await.unwrap();
    assert_eq!(
        found.items.len(),
        1,
        "text search is case-insensitive on both backends"
    );

    let cred = CredentialInput {
        name: "Registered Nurse license".into(),
        kind: CredentialKind::License,
        issuer: "Texas Board of Nursing".into(),
        issuer_id: None,
        occupations: vec![SocCode::parse("29-1141").unwrap()],
        stacks_into_ids: vec![],
    };
    s.create(&cred).await.unwrap();
    let by_soc = ListFilter {
        soc: Some("29".into()),
        ..Default::default()
    };
    assert_eq!(
        s.list::<CredentialInput>(&by_soc, None, 10)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let other = ListFilter {
        soc: Some("15-1252".into()),
        ..Default::default()
    };
    assert!(
        s.list::<CredentialInput>(&other, None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn upsert_is_idempotent() {
    let t = fresh_store().await.unwrap();
    let mut conn = t.store.begin().await.unwrap();
    let a = entity::upsert(&mut conn, &college()).await.unwrap();
    assert!(matches!(a, Upserted::Created(_)));
    let b = entity::upsert(&mut conn, &college()).await.unwrap();
    assert!(matches!(b, Upserted::Unchanged(_)));
    let mut changed = college();
    changed.city = Some("Round Rock".into());
    let c = entity::upsert(&mut conn, &changed).await.unwrap();
    assert!(matches!(c, Upserted::Updated(_)));
    conn.commit().await.unwrap();
}
