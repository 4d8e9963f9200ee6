//! After a match: the training agreement signed by every party, hours
//! logged by the student and approved by the supervisor, and the
//! supervisor's evaluation (issue 10).

use fantoccini::Locator;
use pathways_e2e::Browser;

const EMPLOYER: &str = "employer@demo.pathways.test";
const COUNSELOR: &str = "counselor@demo.pathways.test";
const STUDENT: &str = "student@demo.pathways.test";
const FAMILY: &str = "family@demo.pathways.test";

/// Signs `who` in, opens the placement and signs it as their party.
async fn sign_as(b: &Browser, who: &str, placement: &str, party: &str) {
    b.sign_in(who).await.unwrap();
    b.open(placement).await.unwrap();
    let before = b.text().await.unwrap();
    assert!(before.contains("Training agreement"), "{before}");
    b.click(&format!("form[action='{placement}/sign'] button"))
        .await
        .unwrap();
    let after = b.text().await.unwrap();
    assert!(
        !after.contains(&format!("Sign as {party}")),
        "{who} signed: {after}"
    );
}

/// Walks a placement the round created for student S-000001 (the convener
/// is signed in on the round's page).
pub async fn agreement_hours_and_evaluation(b: &Browser) {
    b.click("form[action$='/placements'] button").await.unwrap();
    let list = b.text().await.unwrap();
    assert!(
        list.contains("S-000001") && list.contains("Draft"),
        "{list}"
    );
    b.shot("07-convener-placements").await.unwrap();
    b.sign_out().await.unwrap();

    // The employer sends the agreement out for signatures and signs first.
    b.sign_in(EMPLOYER).await.unwrap();
    b.open("/wbl/placements").await.unwrap();
    let placement = b.link_to("S-000001").await.unwrap();
    let placement = placement.trim_start_matches(&b.base).to_owned();
    b.open(&placement).await.unwrap();
    b.choose("#status", "awaiting_signatures").await.unwrap();
    b.click(&format!("form[action='{placement}/status'] button"))
        .await
        .unwrap();
    b.click(&format!("form[action='{placement}/sign'] button"))
        .await
        .unwrap();
    let signed = b.text().await.unwrap();
    assert!(
        signed.contains("Awaiting signatures") && signed.contains("Emery Employer"),
        "{signed}"
    );
    b.shot("08-employer-signed").await.unwrap();
    b.sign_out().await.unwrap();

    // The student is a minor on the first day: a guardian signs too.
    sign_as(b, FAMILY, &placement, "parent or guardian").await;
    b.shot("09-family-signed").await.unwrap();
    b.sign_out().await.unwrap();
    sign_as(b, STUDENT, &placement, "student").await;
    b.sign_out().await.unwrap();

    // The school signs last and starts the placement.
    sign_as(b, COUNSELOR, &placement, "school").await;
    b.choose("#status", "active").await.unwrap();
    b.click(&format!("form[action='{placement}/status'] button"))
        .await
        .unwrap();
    let active = b.text().await.unwrap();
    assert!(active.contains("Active"), "{active}");
    assert!(!active.contains("Not yet"), "every party signed: {active}");
    b.shot("10-school-starts-placement").await.unwrap();
    b.sign_out().await.unwrap();

    // The student logs a shift.
    b.sign_in(STUDENT).await.unwrap();
    b.open(&placement).await.unwrap();
    b.set_date("#worked_on", "2027-01-12").await.unwrap();
    b.fill("#hours", "4.5").await.unwrap();
    b.fill("#activity", "Decontamination and instrument tray assembly")
        .await
        .unwrap();
    b.click(&format!("form[action='{placement}/hours'] button"))
        .await
        .unwrap();
    let logged = b.text().await.unwrap();
    assert!(
        logged.contains("0 hours approved of 4.5 logged"),
        "{logged}"
    );
    assert!(logged.contains("Waiting for the supervisor"));
    b.shot("11-student-logs-hours").await.unwrap();
    b.sign_out().await.unwrap();

    // The supervisor approves the hours and fills the evaluation.
    b.sign_in(EMPLOYER).await.unwrap();
    b.open(&placement).await.unwrap();
    b.click("form[action^='/wbl/hours/'] button").await.unwrap();
    let approved = b.text().await.unwrap();
    assert!(
        approved.contains("4.5 hours approved of 4.5 logged"),
        "{approved}"
    );
    b.choose("#point", "midpoint").await.unwrap();
    let ratings = b
        .client
        .find_all(Locator::Css("select[id^='rating_']"))
        .await
        .unwrap();
    assert!(ratings.len() >= 3, "the rubric has criteria");
    for r in &ratings {
        r.clone().select_by_value("3").await.unwrap();
    }
    b.fill(
        "#comment",
        "Careful and punctual; ready for the sterile core.",
    )
    .await
    .unwrap();
    b.shot("12-supervisor-evaluates").await.unwrap();
    b.click(&format!(
        "form[action='{placement}/evaluations'] button[type=submit]"
    ))
    .await
    .unwrap();
    let evaluated = b.text().await.unwrap();
    assert!(
        evaluated.contains("Midpoint evaluation")
            && evaluated.contains("ready for the sterile core"),
        "{evaluated}"
    );
    b.shot("13-evaluation-saved").await.unwrap();
}
