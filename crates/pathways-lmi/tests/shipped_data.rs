//! Figures computed from the shipped data equal the source rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use pathways_lmi::gaps::CatalogProgram;
use pathways_lmi::targeting::TargetingRule;
use pathways_lmi::{DataFiles, LaborMarket};

fn market() -> &'static LaborMarket {
    static M: OnceLock<LaborMarket> = OnceLock::new();
    M.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        pathways_lmi::load::load(&DataFiles::from_dir(&dir).unwrap(), "test").unwrap()
    })
}

const AUSTIN: &str = "0012420";

#[test]
fn austin_registered_nurses_match_the_oews_row() {
    // 0012420,metro,29-1141,18920,1.9,14.627,0.67,46.93,97610,0.5,73440,81540,97890,106450,127510
    let p = market().profile("29-1141", AUSTIN).unwrap();
    let w = p.wages.unwrap();
    assert_eq!(w.employment, Some(18920.0));
    assert_eq!(w.location_quotient, Some(0.67));
    assert_eq!(
        (w.mean, w.p10, w.p25, w.median, w.p75, w.p90),
        (
            Some(97610.0),
            Some(73440.0),
            Some(81540.0),
            Some(97890.0),
            Some(106450.0),
            Some(127510.0)
        )
    );
    let proj = p.projection.unwrap();
    assert_eq!(proj.growth_pct, Some(4.9));
    assert_eq!(proj.annual_openings, Some(189_100.0));
    assert_eq!(proj.entry_education.as_deref(), Some("Bachelor's degree"));
    // Openings scaled by Austin's share of national RN employment (18,920 / 3,379,720).
    let scaled = p.regional_annual_openings.unwrap();
    assert!((scaled - 189_100.0 * 18920.0 / 3_379_720.0).abs() < 1e-6);
    assert_eq!(p.job_zone, Some(4), "O*NET 29-1141.00 job_zone");
    assert!(!p.top_skills.is_empty() && p.interests.is_some());
    assert!(p.programs.iter().any(|(c, _)| c == "51.3801"));
    assert!(p.credits.onet.contains("CC BY 4.0"));
}

#[test]
fn blanks_stay_unknown_and_aggregates_join_through_the_broad_group() {
    let m = market();
    // The all-occupations row of Austin: median 56,950.
    assert_eq!(m.wages(AUSTIN, "00-0000").unwrap().median, Some(56950.0));
    // LVNs (29-2061) and other codes resolve; an unknown code suggests neighbours.
    let err = m.profile("29-1142", AUSTIN).unwrap_err().to_string();
    assert!(err.contains("29-1141"), "{err}");
    let err = m.profile("29-1141", "0012421").unwrap_err().to_string();
    assert!(err.contains("0012420"), "{err}");
}

#[test]
fn search_ranks_titles_before_alternate_titles() {
    let m = market();
    let nurse = m.search("registered nurse", 5);
    assert_eq!(nurse[0].soc, "29-1141", "{nurse:?}");
    let welder = m.search("welder", 5);
    assert_eq!(welder[0].soc, "51-4121", "{welder:?}");
    let software = m.search("software", 5);
    assert!(
        software.iter().take(3).any(|h| h.soc == "15-1252"),
        "{software:?}"
    );
    assert!(m.search("", 5).is_empty());
}

#[test]
fn targeting_explains_every_test_and_gaps_flag_missing_programs() {
    let m = market();
    let all = m.assess(AUSTIN, &TargetingRule::default()).unwrap();
    let rn = all.iter().find(|a| a.soc == "29-1141").unwrap();
    assert!(
        !rn.targeted,
        "a bachelor's entry is above the default ceiling"
    );
    assert!(rn.tests[0].passed && rn.tests[0].because.contains("$97,890"));
    assert!(!rn.tests[2].passed && rn.tests[2].because.contains("Bachelor"));
    let lvn = all.iter().find(|a| a.soc == "29-2061").unwrap();
    assert_eq!(lvn.tests.len(), 3);
    assert!(all.iter().filter(|a| a.targeted).count() > 10);
    assert!(
        all.first().unwrap().targeted,
        "targeted occupations come first"
    );

    let programs = vec![CatalogProgram {
        id: 1,
        name: "Vocational Nursing".into(),
        cip: "51.3901".into(),
        kind: "certificate_level_2".into(),
        provider: "CCC".into(),
        seats: 40,
        annual_completers: 30,
    }];
    let gaps = m
        .gaps(AUSTIN, &TargetingRule::default(), &programs)
        .unwrap();
    assert!(
        gaps.iter()
            .any(|g| g.flags.contains(&"no_regional_program".to_owned()))
    );
    let csv = pathways_lmi::gaps::gaps_csv(&gaps);
    assert!(csv.starts_with("soc,title,annual_openings"));
    let rev = m.reverse_map("29-2061", AUSTIN, &programs, &[]).unwrap();
    assert!(
        rev.cip_programs
            .iter()
            .any(|b| b.postsecondary.iter().any(|p| p.id == 1)),
        "{rev:?}"
    );
}

#[test]
fn vetted_employer_forecasts_can_make_an_occupation_in_demand() {
    use pathways_lmi::targeting::EmployerSignal;
    let m = market();
    // Nothing is in demand by public data alone under this rule.
    let mut rule = TargetingRule {
        min_regional_openings: 1_000_000.0,
        growth_at_least_national: false,
        ..Default::default()
    };
    let before = m.assess(AUSTIN, &rule).unwrap();
    let lvn = before.iter().find(|a| a.soc == "29-2061").unwrap();
    assert!(!lvn.tests[1].passed);
    let mut signals = std::collections::HashMap::new();
    signals.insert(
        "29-2061".to_owned(),
        EmployerSignal {
            employers: 3,
            current_openings: 500_000,
            forecast_12_months: 2_000_000,
            required_credentials: vec!["LVN license".into()],
        },
    );
    let after = m.assess_with(AUSTIN, &rule, &signals).unwrap();
    let lvn = after.iter().find(|a| a.soc == "29-2061").unwrap();
    assert!(lvn.tests[1].passed, "{:?}", lvn.tests[1]);
    assert!(lvn.tests[1].because.contains("3 employers forecast"));
    assert_eq!(
        lvn.employers.as_ref().unwrap().required_credentials,
        ["LVN license"]
    );
    rule.use_employer_forecasts = false;
    let off = m.assess_with(AUSTIN, &rule, &signals).unwrap();
    assert!(!off.iter().find(|a| a.soc == "29-2061").unwrap().tests[1].passed);
}
