//! The convener runs the partnership: alerts first, a meeting recorded, the
//! responsibilities matrix and the strategic plan (issue 9).

use fantoccini::Locator;
use pathways_e2e::Browser;

#[tokio::test(flavor = "multi_thread")]
async fn convener_sees_alerts_first_and_records_a_meeting() {
    let b = Browser::start("partnership").await.unwrap();
    b.sign_in("convener@demo.pathways.test").await.unwrap();
    b.click("nav a[href='/partnership']").await.unwrap();
    let overview = b.text().await.unwrap();
    let alerts = overview.find("Needs attention").expect("an alerts section");
    let cards = overview
        .find("Leadership team")
        .expect("the overview cards");
    assert!(alerts < cards, "alerts come first: {overview}");
    assert!(overview.contains("expires"), "{overview}");
    b.shot("01-overview").await.unwrap();

    // The demo's most recent meeting was missed: record today's.
    b.click("a[href='/partnership/meetings']").await.unwrap();
    let before = b.text().await.unwrap();
    assert!(before.contains("The team last met"), "{before}");
    b.shot("02-meetings-overdue").await.unwrap();
    let today = b
        .client
        .execute(
            "const d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);",
            vec![],
        )
        .await
        .unwrap();
    b.set_date("#held_on", today.as_str().unwrap())
        .await
        .unwrap();
    for option in b
        .client
        .find_all(Locator::Css("#attendee_ids option"))
        .await
        .unwrap()
        .into_iter()
        .take(4)
    {
        option.click().await.unwrap();
    }
    b.fill(
        "#agenda",
        "Spring placements; the expiring data-sharing agreement",
    )
    .await
    .unwrap();
    b.fill("#decisions", "Renew the agreement with Capital City ISD")
        .await
        .unwrap();
    b.click("form[action='/partnership/meetings'] button[type=submit]")
        .await
        .unwrap();
    let after = b.text().await.unwrap();
    assert!(after.contains("Meetings are on cadence"), "{after}");
    assert!(after.contains("Renew the agreement with Capital City ISD"));
    b.shot("03-meeting-recorded").await.unwrap();

    b.open("/partnership/responsibilities").await.unwrap();
    let matrix = b.text().await.unwrap();
    assert!(matrix.contains("Coverage: who owns each cell"), "{matrix}");
    b.shot("04-responsibilities").await.unwrap();
    b.open("/partnership/goals").await.unwrap();
    let goals = b.text().await.unwrap();
    assert!(goals.contains("Off track"), "{goals}");
    b.shot("05-goals").await.unwrap();
    b.close().await.unwrap();
}
