//! Outcomes: the public equity pages with suppressed cells marked, and the
//! staff dashboard's audited explain view (issue 7).

use fantoccini::Locator;
use pathways_e2e::{Browser, Seeds};

#[tokio::test(flavor = "multi_thread")]
async fn public_outcomes_mark_suppressed_cells_and_staff_explain_a_cohort() {
    let b = Browser::start_with("outcomes", Seeds::WithOutcomes)
        .await
        .unwrap();
    b.open("/").await.unwrap();
    b.click("nav a[href='/outcomes']").await.unwrap();
    let index = b.text().await.unwrap();
    assert!(index.contains("Groups of fewer than"), "{index}");
    b.shot("01-outcomes-public").await.unwrap();

    // Some grouping of some metric has a group too small to publish.
    let metrics: Vec<String> = {
        let mut v = Vec::new();
        for a in b
            .client
            .find_all(Locator::Css("main a[href^='/outcomes/']"))
            .await
            .unwrap()
        {
            v.push(a.attr("href").await.unwrap().unwrap());
        }
        v
    };
    assert!(metrics.len() >= 5, "{metrics:?}");
    let mut marked = None;
    'search: for m in &metrics {
        for by in ["school", "race_ethnicity", "sex", "district"] {
            let page = format!("{m}?by={by}");
            b.open(&page).await.unwrap();
            if !b
                .client
                .find_all(Locator::Css("tr.suppressed"))
                .await
                .unwrap()
                .is_empty()
            {
                marked = Some(page);
                break 'search;
            }
        }
    }
    let marked = marked.expect("a suppressed cell somewhere in the demo's outcomes");
    let page = b.text().await.unwrap();
    assert!(page.contains("suppressed"), "{marked}: {page}");
    let chart = b
        .client
        .find(Locator::Css("svg[role=img]"))
        .await
        .unwrap()
        .html(false)
        .await
        .unwrap();
    assert!(
        chart.contains("<title") && chart.contains("<desc"),
        "{chart}"
    );
    b.shot("02-outcome-suppressed").await.unwrap();

    // Staff see the same metric unsuppressed and explain a district's cohort.
    b.sign_in("convener@demo.pathways.test").await.unwrap();
    b.open("/metrics").await.unwrap();
    assert!(b.text().await.unwrap().contains("Equity dashboard"));
    b.shot("03-equity-dashboard").await.unwrap();
    let metric = marked
        .trim_start_matches("/outcomes/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    b.open(&format!("/metrics/{metric}")).await.unwrap();
    let dashboard = b.text().await.unwrap();
    assert!(dashboard.contains("public: hidden"), "{dashboard}");
    b.shot("04-metric-staff").await.unwrap();
    b.click(&format!("a[href^='/metrics/{metric}/explain?district=']"))
        .await
        .unwrap();
    let explain = b.text().await.unwrap();
    assert!(
        explain.contains("count in the numerator") && explain.contains("audit log"),
        "{explain}"
    );
    b.shot("05-explain").await.unwrap();
    b.close().await.unwrap();
}
