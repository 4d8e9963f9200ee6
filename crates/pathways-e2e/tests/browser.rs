//! The main flows in headless Chromium, as a person would walk them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod flows;

use fantoccini::Locator;
use pathways_e2e::Browser;

#[tokio::test(flavor = "multi_thread")]
async fn visitor_browses_pathways_and_convener_signs_in_and_out() {
    let b = Browser::start("visitor_and_convener").await.unwrap();
    b.open("/").await.unwrap();
    let home = b.text().await.unwrap();
    assert!(home.contains("Capital Area"), "{home}");
    assert!(home.contains("Nursing") && home.contains("Cybersecurity"));
    b.shot("01-home-public").await.unwrap();

    b.click("nav a[href='/catalog/programs']").await.unwrap();
    b.client
        .find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("nursing")
        .await
        .unwrap();
    b.click("form.filters button").await.unwrap();
    let programs = b.text().await.unwrap();
    assert!(programs.contains("Nursing (ADN)"), "{programs}");
    assert!(
        !programs.contains("Welding"),
        "the search filtered the list"
    );
    b.shot("02-programs-search").await.unwrap();

    b.sign_in("convener@demo.pathways.test").await.unwrap();
    let signed_in = b.text().await.unwrap();
    assert!(signed_in.contains("Casey Convener"), "{signed_in}");
    assert!(
        signed_in.contains("Needs your attention"),
        "the convener's home puts alerts first"
    );
    assert!(signed_in.contains("wait for review"), "{signed_in}");
    b.shot("03-home-convener").await.unwrap();
    b.click("form[action='/logout'] button").await.unwrap();
    assert!(b.text().await.unwrap().contains("Sign in"));
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_is_explained_and_pages_fit_a_phone() {
    let b = Browser::start("phone").await.unwrap();
    b.open("/login").await.unwrap();
    b.client
        .find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("counselor@demo.pathways.test")
        .await
        .unwrap();
    b.client
        .find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys("not the password")
        .await
        .unwrap();
    b.click("form[action='/login'] button").await.unwrap();
    assert!(b.text().await.unwrap().contains("do not match"));
    b.client.set_window_size(390, 844).await.unwrap();
    b.open("/catalog/pathways").await.unwrap();
    // Nothing overflows the phone's width.
    let overflow = b
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(overflow, serde_json::Value::Bool(false));
    b.shot("01-pathways-phone").await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn employer_posts_counselor_publishes_student_applies_convener_matches_and_places() {
    let b = Browser::start("wbl_flow").await.unwrap();
    // The employer posts an opportunity; it goes to review.
    b.sign_in("employer@demo.pathways.test").await.unwrap();
    b.open("/wbl/new").await.unwrap();
    b.client
        .find(Locator::Id("title"))
        .await
        .unwrap()
        .send_keys("Sterile processing job shadow")
        .await
        .unwrap();
    b.client
        .find(Locator::Css("#activity option[value='job_shadow']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .find(Locator::Css("#pathway_id option:nth-child(2)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .find(Locator::Id("capacity"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    b.client
        .find(Locator::Id("capacity"))
        .await
        .unwrap()
        .send_keys("3")
        .await
        .unwrap();
    b.shot("01-employer-posts").await.unwrap();
    b.click("form[action='/wbl/new'] button[type=submit]")
        .await
        .unwrap();
    let board = b.text().await.unwrap();
    assert!(
        board.contains("Sterile processing job shadow") && board.contains("Submitted for review"),
        "{board}"
    );
    b.sign_out().await.unwrap();

    // The counselor reviews and publishes it.
    b.sign_in("counselor@demo.pathways.test").await.unwrap();
    b.open("/wbl?q=sterile").await.unwrap();
    b.shot("02-counselor-reviews").await.unwrap();
    b.click("form[action$='/publish'] button").await.unwrap();
    b.open("/wbl?q=sterile").await.unwrap();
    assert!(!b.text().await.unwrap().contains("Submitted for review"));
    b.sign_out().await.unwrap();

    // The student applies as first choice.
    b.sign_in("student@demo.pathways.test").await.unwrap();
    b.open("/wbl?q=sterile").await.unwrap();
    b.shot("03-student-board").await.unwrap();
    b.click("form[action='/wbl/apply'] button").await.unwrap();
    let mine = b.text().await.unwrap();
    assert!(mine.contains("Sterile processing job shadow"), "{mine}");
    b.shot("04-student-applications").await.unwrap();
    b.sign_out().await.unwrap();

    // The convener runs the round; the student sees the result and why.
    b.sign_in("convener@demo.pathways.test").await.unwrap();
    b.open("/wbl/rounds").await.unwrap();
    b.click("form[action='/wbl/rounds'] button").await.unwrap();
    let round = b.text().await.unwrap();
    assert!(round.contains("students placed"), "{round}");
    b.shot("05-convener-round").await.unwrap();
    let round_page = b.path().await.unwrap();
    b.sign_out().await.unwrap();
    b.sign_in("student@demo.pathways.test").await.unwrap();
    b.open("/wbl/mine").await.unwrap();
    let result = b.text().await.unwrap();
    assert!(result.contains("Results of Spring placements"), "{result}");
    assert!(result.contains("S-000001"));
    b.shot("06-student-result").await.unwrap();
    b.sign_out().await.unwrap();

    // The match becomes a placement with a training agreement.
    b.sign_in("convener@demo.pathways.test").await.unwrap();
    b.open(&round_page).await.unwrap();
    flows::placements::agreement_hours_and_evaluation(&b).await;
    b.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn convener_reviews_the_gap_analysis() {
    let b = Browser::start("gap_analysis").await.unwrap();
    b.sign_in("convener@demo.pathways.test").await.unwrap();
    b.click("nav a[href='/lmi']").await.unwrap();
    let targeted = b.text().await.unwrap();
    assert!(targeted.contains("meet the region's rule"), "{targeted}");
    assert!(targeted.contains("Source: U.S. Bureau of Labor Statistics"));
    b.shot("01-targeted-occupations").await.unwrap();
    b.click("a[href='/lmi/gaps']").await.unwrap();
    let gaps = b.text().await.unwrap();
    assert!(gaps.contains("with no regional program"), "{gaps}");
    let chart = b
        .client
        .find(Locator::Css("svg[role=img] title"))
        .await
        .unwrap();
    assert!(chart.html(true).await.unwrap().contains("Annual openings"));
    b.shot("02-gap-analysis").await.unwrap();
    b.click("td a[href^='/lmi/occupations/']").await.unwrap();
    let profile = b.text().await.unwrap();
    assert!(
        profile.contains("Median wage") && profile.contains("Getting in"),
        "{profile}"
    );
    b.shot("03-occupation-profile").await.unwrap();
    b.close().await.unwrap();
}

// Advising (issue 8)
#[tokio::test(flavor = "multi_thread")]
async fn counselor_fixes_an_off_track_plan() {
    let b = Browser::start("advising_counselor").await.unwrap();
    b.sign_in("counselor@demo.pathways.test").await.unwrap();
    let home = b.text().await.unwrap();
    assert!(home.contains("are off track"), "{home}");
    b.open("/advising/caseload?track=off").await.unwrap();
    let caseload = b.text().await.unwrap();
    assert!(caseload.contains("Iris Alvarez"), "{caseload}");
    assert!(caseload.contains("Missing milestones"));
    b.shot("01-caseload-off-track").await.unwrap();

    b.click("a[href='/advising/plan?student_ref=M-00001']")
        .await
        .unwrap();
    let plan = b.text().await.unwrap();
    assert!(plan.contains("before its prerequisite"), "{plan}");
    assert!(plan.contains("Off track"));
    b.shot("02-plan-needs-a-change").await.unwrap();

    // Move the second pathway course a year later.
    b.click("a[href='/advising/plan/edit?student_ref=M-00001']")
        .await
        .unwrap();
    b.client
        .find(Locator::Id("grade_1"))
        .await
        .unwrap()
        .select_by_value("10")
        .await
        .unwrap();
    b.shot("03-editor").await.unwrap();
    b.click("form[action='/advising/plan/edit'] button[type=submit]")
        .await
        .unwrap();
    let fixed = b.text().await.unwrap();
    assert!(!fixed.contains("before its prerequisite"), "{fixed}");
    assert!(
        fixed.contains("On track") && fixed.contains("Waiting for counselor approval"),
        "{fixed}"
    );

    b.click("form[action='/advising/plan/approve'] button")
        .await
        .unwrap();
    let approved = b.text().await.unwrap();
    assert!(approved.contains("Approved"), "{approved}");
    b.shot("04-plan-approved").await.unwrap();
    b.close().await.unwrap();
}
