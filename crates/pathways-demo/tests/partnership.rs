//! The demo partnership raises the alerts a convener should see on day one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pathways_domain::partnership::{Alert, Date, alerts};
use pathways_store::testing::fresh_store;

#[tokio::test]
async fn the_demo_partnership_shows_a_missed_meeting_an_expiring_dsa_and_gaps() {
    let t = fresh_store().await.unwrap();
    let region =
        pathways_demo::seed_catalog(&t.store, pathways_demo::catalog::DEFAULT_AREA, &|| {})
            .await
            .unwrap();
    let today = Date::parse("2026-12-01").unwrap();
    let counts = pathways_demo::partnership::seed_partnership(&t.store, &region, today)
        .await
        .unwrap();
    assert!(
        counts
            .iter()
            .any(|(w, n)| *w == "partnership meetings" && *n == 12)
    );
    let p = t.store.partnership(region.region_id).await.unwrap();
    let found = alerts(&p.snapshot(today));
    let kinds: Vec<&str> = found.iter().map(Alert::kind).collect();
    for k in [
        "meeting_overdue",
        "agreement_expiring",
        "unowned_responsibilities",
        "goal_off_track",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    assert!(
        !kinds.contains(&"missing_sectors"),
        "every sector is at the table"
    );
    assert!(found.iter().any(|a| matches!(a, Alert::AgreementExpiring { title, days_left: 45, .. } if title.contains("data sharing"))));
}
