//! Times loading the shipped release, occupation search, targeting and gap
//! analysis for a metro area. Run: `cargo run --release -p pathways-lmi --example lmi_timing [AREA]`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::Instant;

use pathways_lmi::gaps::CatalogProgram;
use pathways_lmi::targeting::TargetingRule;

fn main() {
    let area = std::env::args().nth(1).unwrap_or_else(|| "0012420".into());
    let t = Instant::now();
    let m = pathways_lmi::load::load(&pathways_lmi::load::shipped(), "timing").unwrap();
    println!(
        "load shipped release: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut times = Vec::new();
    for q in [
        "nurse",
        "welder",
        "software",
        "registered nurse",
        "electrician",
        "medical assistant",
        "truck driver",
        "teacher",
    ] {
        for _ in 0..50 {
            let t = Instant::now();
            let hits = m.search(q, 20);
            times.push(t.elapsed().as_secs_f64() * 1e3);
            assert!(!hits.is_empty());
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "search p50 {:.3} ms, p99 {:.3} ms ({} queries)",
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        times.len()
    );
    let t = Instant::now();
    let assessed = m.assess(&area, &TargetingRule::default()).unwrap();
    println!(
        "targeting {} occupations in {area}: {:.1} ms ({} targeted)",
        assessed.len(),
        t.elapsed().as_secs_f64() * 1e3,
        assessed.iter().filter(|a| a.targeted).count()
    );
    let programs: Vec<CatalogProgram> = (0..60)
        .map(|i| CatalogProgram {
            id: i,
            name: format!("P{i}"),
            cip: ["51.3801", "48.0508", "11.1003", "47.0201"][i as usize % 4].into(),
            kind: "associate".into(),
            provider: "C".into(),
            seats: 40,
            annual_completers: 30,
        })
        .collect();
    let t = Instant::now();
    let gaps = m.gaps(&area, &TargetingRule::default(), &programs).unwrap();
    println!(
        "gap analysis: {:.1} ms ({} targeted occupations)",
        t.elapsed().as_secs_f64() * 1e3,
        gaps.len()
    );
}
