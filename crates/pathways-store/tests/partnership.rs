//! Partnership records and the data-sharing query, on whichever backend
//! PATHWAYS_TEST_DATABASE_URL selects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pathways_domain::catalog::*;
use pathways_domain::partnership::*;
use pathways_domain::vocab::*;
use pathways_store::testing::fresh_store;
use pathways_store::{Store, StoreError};

async fn org(s: &Store, region: Id, name: &str, sector: Sector, kind: OrganizationKind) -> Id {
    s.create(&OrganizationInput {
        name: name.into(),
        sector,
        kind,
        region_id: Some(region),
        parent_id: None,
        city: None,
        naics: None,
        website: None,
    })
    .await
    .unwrap()
    .meta
    .id
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn dsa(region: Id, supplier: Id, viewer: Id, expires: &str) -> AgreementInput {
    AgreementInput {
        region_id: region,
        kind: AgreementKind::DataSharing,
        title: format!("DSA {supplier}->{viewer} until {expires}"),
        status: AgreementStatus::Active,
        party_ids: vec![supplier, viewer],
        supplier_id: Some(supplier),
        data_elements: vec![DataElement::StudentRoster],
        purposes: vec![Purpose::WorkBasedLearning],
        effective_on: Some(d("2026-07-01")),
        expires_on: Some(d(expires)),
        notes: String::new(),
    }
}

#[tokio::test]
async fn sharing_grants_follow_active_agreements_only() {
    let t = fresh_store().await.unwrap();
    let s = &t.store;
    let region = s
        .create(&RegionInput {
            name: "R".into(),
            area_codes: vec![],
        })
        .await
        .unwrap()
        .meta
        .id;
    let district = org(
        s,
        region,
        "ISD",
        Sector::Secondary,
        OrganizationKind::District,
    )
    .await;
    let college = org(
        s,
        region,
        "CC",
        Sector::Postsecondary,
        OrganizationKind::CommunityCollege,
    )
    .await;
    let other = org(
        s,
        region,
        "Other",
        Sector::Employer,
        OrganizationKind::Other,
    )
    .await;
    let a = s
        .create(&dsa(region, district, college, "2027-06-30"))
        .await
        .unwrap();
    s.create(&dsa(region, district, other, "2026-08-01"))
        .await
        .unwrap();
    let today = d("2026-12-01");
    let (el, pu) = (DataElement::StudentRoster, Purpose::WorkBasedLearning);
    let grants = s.sharing_grants(college, el, pu, today).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(
        (grants[0].agreement_id, grants[0].supplier_id),
        (a.meta.id, district)
    );
    assert!(
        s.sharing_grants(other, el, pu, today)
            .await
            .unwrap()
            .is_empty(),
        "expired"
    );
    assert!(
        s.sharing_grants(college, DataElement::Outcomes, pu, today)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.sharing_grants(college, el, Purpose::Advising, today)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.sharing_grants(district, el, pu, today)
            .await
            .unwrap()
            .is_empty(),
        "supplier needs none"
    );
    // Lists round-trip and bad input names its field.
    let back = s.get::<AgreementInput>(a.meta.id).await.unwrap();
    assert_eq!(back.fields, dsa(region, district, college, "2027-06-30"));
    let mut bad = dsa(region, district, college, "2027-06-30");
    bad.party_ids.push(999_999);
    bad.title = "bad".into();
    match s.create(&bad).await {
        Err(StoreError::Invalid(p)) => assert_eq!(p[0].field, "party_ids"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_partnership_reads_back_with_defaults_and_alerts() {
    let t = fresh_store().await.unwrap();
    let s = &t.store;
    let region = s
        .create(&RegionInput {
            name: "R".into(),
            area_codes: vec![],
        })
        .await
        .unwrap()
        .meta
        .id;
    let district = org(
        s,
        region,
        "ISD",
        Sector::Secondary,
        OrganizationKind::District,
    )
    .await;
    assert_eq!(
        s.seed_partnership_defaults(region).await.unwrap(),
        42 + DEFAULT_RUBRIC.len()
    );
    assert_eq!(
        s.seed_partnership_defaults(region).await.unwrap(),
        0,
        "idempotent"
    );
    s.create(&TeamMemberInput {
        region_id: region,
        organization_id: district,
        person_name: "Ana Ruiz".into(),
        title: Some("CTE director".into()),
        team_role: "chair".into(),
        active: true,
    })
    .await
    .unwrap();
    let m = s
        .create(&MeetingInput {
            region_id: region,
            held_on: d("2026-09-01"),
            attendee_ids: vec![district],
            agenda: "Kick-off".into(),
            decisions: String::new(),
        })
        .await
        .unwrap();
    s.create(&ActionItemInput {
        meeting_id: m.meta.id,
        description: "Share the course catalog".into(),
        owner_id: district,
        due_on: d("2026-10-01"),
        status: ActionStatus::Open,
    })
    .await
    .unwrap();
    s.create(&GoalInput {
        region_id: region,
        title: "More credentials".into(),
        metric_id: "credential_attainment".into(),
        baseline: 10.0,
        baseline_year: 2024,
        target: 30.0,
        target_year: 2028,
        current: None,
        current_year: None,
    })
    .await
    .unwrap();
    s.save_partnership_settings(&PartnershipSettingsInput {
        region_id: region,
        meeting_cadence: Cadence::Quarterly,
        expiry_warning_days: 60,
    })
    .await
    .unwrap();
    let p = s.partnership(region).await.unwrap();
    assert_eq!(p.settings.meeting_cadence, Cadence::Quarterly);
    assert_eq!(p.goals[0].fields.current, None);
    let kinds: Vec<&str> = alerts(&p.snapshot(d("2026-12-15")))
        .iter()
        .map(Alert::kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "meeting_overdue",
            "action_item_overdue",
            "unowned_responsibilities",
            "missing_sectors"
        ]
    );
}

#[tokio::test]
async fn migration_0003_applies_after_later_ones() {
    // A database migrated before 0003 existed has 0004–0006 applied; sqlx
    // must still apply 0003 when it appears.
    let t = fresh_store().await.unwrap();
    let mut conn = t.store.conn().await.unwrap();
    for table in [
        "partnership_ratings",
        "partnership_criteria",
        "partnership_funding_allocations",
        "partnership_funding_streams",
        "partnership_initiatives",
        "partnership_goals",
        "partnership_responsibilities",
        "partnership_agreement_purposes",
        "partnership_agreement_elements",
        "partnership_agreement_parties",
        "partnership_agreements",
        "partnership_action_items",
        "partnership_meeting_attendees",
        "partnership_meetings",
        "partnership_team_members",
        "partnership_settings",
    ] {
        sqlx::query(&format!("DROP TABLE {table}"))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 3")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    t.store.close().await;
    let again = Store::connect(&t.url).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partnership_agreements")
        .fetch_one(again.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
}
