//! The example pathway through the public surface: snapshots of its CTDL,
//! SVG and text alternative, so a change to any export shows up in review.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::collections::BTreeMap;

use pathways_domain::SocCode;
use pathways_maps::{
    Severity, WageFacts, check, examples::health_science_rn, export_ctdl, layout, render_svg,
    render_text_alternative,
};

/// Illustrative figures for the snapshot (shaped like OEWS annual medians
/// and Employment Projections openings); not a region's published data.
fn wages() -> BTreeMap<SocCode, WageFacts> {
    let f = |median, annual_openings, high_wage, in_demand| WageFacts {
        median,
        annual_openings,
        high_wage,
        in_demand,
    };
    [
        ("31-1131", f(35_760, 2_210, false, true)),
        ("29-2061", f(54_620, 610, false, true)),
        ("29-1141", f(81_220, 1_930, true, true)),
    ]
    .into_iter()
    .map(|(s, w)| (SocCode::parse(s).unwrap(), w))
    .collect()
}

#[test]
fn ctdl_snapshot() {
    let doc = export_ctdl(&health_science_rn());
    insta::assert_snapshot!(serde_json::to_string_pretty(&doc).unwrap());
}

#[test]
fn svg_snapshot() {
    let p = health_science_rn();
    let w = wages();
    let l = layout(&p, &w);
    let svg = render_svg(&p, &l, &w);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.contains("role=\"img\""));
    assert!(
        svg.contains("aria-labelledby=\"pm-health-science-rn-title pm-health-science-rn-desc\"")
    );
    assert!(svg.contains("29-1141 · $81,220 median"));
    assert!(svg.contains("class=\"pm-legend\""));
    insta::assert_snapshot!(svg);
}

#[test]
fn text_alternative_snapshot() {
    let p = health_science_rn();
    let w = wages();
    let html = render_text_alternative(&p, &layout(&p, &w), &w);
    assert!(html.contains("<ol class=\"pm-text-stages\">"));
    assert!(html.contains("Registered Nurses (29-1141): $81,220 median a year"));
    insta::assert_snapshot!(html);
}

#[test]
fn example_passes_every_check_with_wages() {
    let p = health_science_rn();
    let findings = check(&p, &wages());
    assert!(findings.is_empty(), "{findings:#?}");
    let _ = Severity::Error;
}
