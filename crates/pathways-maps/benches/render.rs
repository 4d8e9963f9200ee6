//! Layout and render of a generated 200-component pathway (target < 50 ms).
//!
//! Run with `cargo bench -p pathways-maps --bench render`.

use pathways_domain::SocCode;
use pathways_maps::{
    Component, ComponentKind, EdgeKind, Occupation, Pathway, WageFacts, layout, render_svg,
    render_text_alternative,
};

fn main() {
    divan::main();
}

/// Eight stages of 25 components; each links to two in the next stage and
/// every fifth is an off-ramp, so the graph has the crossings and labels of
/// a large regional map.
fn generated(n: usize) -> Pathway {
    let stages = 8;
    let per = n / stages;
    let mut b = Pathway::builder("bench", "Generated pathway");
    for s in 0..stages {
        b = b.stage(format!("s{s}"), format!("Stage {s}"), s < 2);
    }
    let soc = SocCode::parse("29-1141").ok();
    for i in 0..n {
        let kind = ComponentKind::ALL[i % ComponentKind::ALL.len()];
        let mut c = Component::new(
            format!("c{i}"),
            kind,
            format!("Component number {i} with a longer title"),
            format!("s{}", i / per),
        );
        if i % 5 == 0 {
            c = c.off_ramp(soc.map(|s| Occupation::new(s, "Registered Nurses")));
        }
        b = b.component(c);
        if i / per + 1 < stages {
            let next = (i / per + 1) * per;
            b = b.edge(
                format!("c{i}"),
                EdgeKind::Precedes,
                format!("c{}", next + (i * 7) % per),
            );
            b = b.edge(
                format!("c{i}"),
                EdgeKind::PrerequisiteOf,
                format!("c{}", next + (i * 13 + 3) % per),
            );
        }
    }
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

fn wages(_: &SocCode) -> Option<WageFacts> {
    Some(WageFacts {
        median: 81_220,
        annual_openings: 1_930,
        high_wage: true,
        in_demand: true,
    })
}

#[divan::bench]
fn layout_and_render_200(bencher: divan::Bencher) {
    let p = generated(200);
    bencher.bench(|| {
        let l = layout(divan::black_box(&p), &wages);
        let svg = render_svg(&p, &l, &wages);
        let html = render_text_alternative(&p, &l, &wages);
        (svg.len(), html.len())
    });
}
