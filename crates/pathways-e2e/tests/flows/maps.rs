//! The pathway map editor, walked without JavaScript's help: a map made
//! from a catalog pathway, a component and an edge added through the plain
//! forms, the map and its family version (issue 6).

use fantoccini::Locator;
use pathways_e2e::Browser;

#[tokio::test(flavor = "multi_thread")]
async fn staff_build_a_map_from_a_catalog_pathway() {
    let b = Browser::start("maps").await.unwrap();
    b.sign_in("convener@demo.pathways.test").await.unwrap();
    // The catalog pathway's id, as its page address shows it.
    b.open("/catalog/pathways").await.unwrap();
    let pathway = pathways_demo::catalog::PATHWAYS[0].name;
    let href = b.link_to(pathway).await.unwrap();
    let pathway_id = href.rsplit('/').next().unwrap().to_owned();
    assert!(pathway_id.parse::<i64>().is_ok(), "{href}");

    b.click("nav a[href='/maps']").await.unwrap();
    b.fill("#name", "Nursing route for 2027").await.unwrap();
    b.fill("#from_pathway_id", &pathway_id).await.unwrap();
    b.shot("01-maps-new").await.unwrap();
    b.click("form[action='/maps'] button[type=submit]")
        .await
        .unwrap();
    let edit = b.path().await.unwrap();
    assert!(edit.ends_with("/edit"), "{edit}");
    let map = edit.trim_end_matches("/edit").to_owned();
    let editor = b.text().await.unwrap();
    assert!(editor.contains("Components"), "{editor}");
    b.shot("02-editor").await.unwrap();

    // A summer job shadow, then an edge from it to the first course.
    b.fill("#new-id", "job-shadow").await.unwrap();
    b.fill("#new-title", "Hospital job shadow").await.unwrap();
    b.choose("#new-kind", "workBasedLearning").await.unwrap();
    b.click("form:has(#new-id) button[type=submit]")
        .await
        .unwrap();
    let added = b.text().await.unwrap();
    assert!(added.contains("Hospital job shadow"), "{added}");
    let first_course = b
        .client
        .find(Locator::Css("#edge-to option"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    b.choose("#edge-from", "job-shadow").await.unwrap();
    b.choose("#edge-kind", "precedes").await.unwrap();
    b.choose("#edge-to", &first_course).await.unwrap();
    b.click(&format!("form[action='{map}/edges'] button[type=submit]"))
        .await
        .unwrap();
    assert!(b.path().await.unwrap().ends_with("/edit"));
    b.shot("03-component-and-edge-added").await.unwrap();

    // The map shows it, with an accessible SVG and a text alternative.
    b.open(&map).await.unwrap();
    let shown = b.text().await.unwrap();
    assert!(shown.contains("Hospital job shadow"), "{shown}");
    let svg = b
        .client
        .find(Locator::Css("div.map-scroll svg"))
        .await
        .unwrap()
        .html(false)
        .await
        .unwrap();
    assert!(svg.contains("<title") && svg.contains("<desc"), "{svg}");
    assert!(svg.contains("Hospital job shadow"));
    b.shot("04-map").await.unwrap();

    b.click(&format!("a[href='{map}/family']")).await.unwrap();
    let family = b.text().await.unwrap();
    assert!(
        family.contains("What you take") && family.contains("Hospital job shadow"),
        "{family}"
    );
    b.shot("05-family-view").await.unwrap();
    b.close().await.unwrap();
}
