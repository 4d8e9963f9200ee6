//! Drawing a laid-out map: a standalone, accessible SVG and its HTML text
//! alternative.
//!
//! The SVG follows the W3C "SVG Accessibility API Mappings" pattern for a
//! single meaningful image: `role="img"` with `aria-labelledby` pointing at
//! its `<title>` and `<desc>`. A map is too rich for a description alone, so
//! [`render_text_alternative`] gives the same content as an ordered list
//! (WCAG 2.2 SC 1.1.1, "non-text content"). Colors meet WCAG AA contrast
//! (SC 1.4.3 for text, 1.4.11 for box borders), and no meaning rides on color
//! alone: every box names its kind in words, and edge kinds differ by dash.

use std::fmt::Write;

use crate::layout::{BOX_WIDTH, LEGEND_ENTRY, Layout, LineStyle, MARGIN, Placed};
use crate::model::{ArticulationKind, Component, ComponentKind, EdgeKind, Pathway};
use crate::wages::{WageLookup, dollars, thousands};

/// Text color on every box fill.
pub const TEXT: &str = "#111827";

/// Fill and border for a kind. Fills are light (text contrast ≥ 12:1),
/// borders dark (≥ 3:1 against white).
pub fn palette(kind: ComponentKind) -> (&'static str, &'static str) {
    use crate::model::AdvancedProgram::*;
    match kind {
        ComponentKind::HighSchoolCourse => ("#dbeafe", "#1d4ed8"),
        ComponentKind::AdvancedCourse(AdvancedPlacement) => ("#e0e7ff", "#4338ca"),
        ComponentKind::AdvancedCourse(InternationalBaccalaureate) => ("#ede9fe", "#6d28d9"),
        ComponentKind::AdvancedCourse(DualCredit) => ("#cffafe", "#0e7490"),
        ComponentKind::CollegeCourse => ("#e0f2fe", "#0369a1"),
        ComponentKind::IndustryCertification => ("#dcfce7", "#15803d"),
        ComponentKind::Level1Certificate => ("#ecfccb", "#4d7c0f"),
        ComponentKind::Level2Certificate => ("#d9f99d", "#3f6212"),
        ComponentKind::Associate => ("#fef3c7", "#b45309"),
        ComponentKind::Bachelor => ("#ffedd5", "#c2410c"),
        ComponentKind::License => ("#fce7f3", "#be185d"),
        ComponentKind::Apprenticeship => ("#f3e8ff", "#7e22ce"),
        ComponentKind::WorkBasedLearning => ("#fae8ff", "#a21caf"),
        ComponentKind::Milestone => ("#f1f5f9", "#475569"),
        ComponentKind::Occupation => ("#fee2e2", "#b91c1c"),
    }
}

const EDGE: &str = "#374151";
const ARTICULATION: &str = "#0e7490";

/// Escapes text for XML and HTML content and attributes.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An id fragment safe in XML ids and CSS selectors.
fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A coordinate: whole numbers without a fraction, others to one decimal.
fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// Renders the map as a standalone SVG document (no external resources).
pub fn render_svg(pathway: &Pathway, layout: &Layout, wages: &dyn WageLookup) -> String {
    let id = format!("pm-{}", slug(&pathway.id));
    let mut s = String::with_capacity(2048 + pathway.components.len() * 900);
    let (w, h) = (num(layout.width), num(layout.height));
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" style="max-width:100%;height:auto" role="img" aria-labelledby="{id}-title {id}-desc" class="pathway-map" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">"#
    );
    let _ = write!(
        s,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(&pathway.name),
        esc(&description(pathway, wages))
    );
    s.push('\n');
    s.push_str(STYLE);
    s.push('\n');
    defs(&mut s, &id);
    s.push('\n');
    s.push_str(r##"<rect class="pm-background" width="100%" height="100%" fill="#ffffff"/>"##);
    stages(&mut s, layout);
    edges(&mut s, pathway, layout, &id);
    boxes(&mut s, pathway, layout, &id);
    legend(&mut s, layout, &id);
    s.push_str("</svg>\n");
    s
}

const STYLE: &str = "<style>\
.pathway-map text{fill:#111827}\
.pathway-map .pm-kind{font-size:12px}\
.pathway-map .pm-title{font-size:14px;font-weight:700}\
.pathway-map .pm-meta{font-size:12px}\
.pathway-map .pm-wage{font-size:13px;font-weight:700}\
.pathway-map .pm-stage-label{font-size:15px;font-weight:700}\
@media print{.pathway-map .pm-stage-band,.pathway-map .pm-background{fill:none}\
.pathway-map .pm-box rect{fill:#ffffff}.pathway-map text{fill:#000000}}\
</style>";

fn defs(s: &mut String, id: &str) {
    s.push_str("<defs>");
    for (name, color) in [("edge", EDGE), ("articulation", ARTICULATION)] {
        let _ = write!(
            s,
            r#"<marker id="{id}-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{color}"/></marker>"#
        );
    }
    s.push_str("</defs>");
}

fn description(p: &Pathway, wages: &dyn WageLookup) -> String {
    let ramps = |f: fn(&Component) -> bool| -> String {
        let v: Vec<&str> = p
            .components
            .iter()
            .filter(|c| f(c))
            .map(|c| c.title.as_str())
            .collect();
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join("; ")
        }
    };
    let exits: Vec<String> = p
        .components
        .iter()
        .filter(|c| c.off_ramp)
        .map(|c| {
            let jobs: Vec<String> = c
                .occupations
                .iter()
                .map(|o| match wages.wage(&o.soc) {
                    Some(w) => format!("{} ({} median)", occupation_name(o), dollars(w.median)),
                    None => occupation_name(o),
                })
                .collect();
            format!("{} to {}", c.title, jobs.join(", "))
        })
        .collect();
    format!(
        "Pathway map with {} components in {} stages, read left to right. Start at: {}. Leave for work at: {}. A text version of this map follows it.",
        p.components.len(),
        p.stages.len(),
        ramps(|c| c.on_ramp),
        if exits.is_empty() {
            "none".to_owned()
        } else {
            exits.join("; ")
        }
    )
}

fn occupation_name(o: &crate::model::Occupation) -> String {
    match &o.title {
        Some(t) => format!("{t} ({})", o.soc),
        None => format!("occupation {}", o.soc),
    }
}

fn stages(s: &mut String, l: &Layout) {
    s.push_str(r#"<g class="pm-stages">"#);
    let band_h = num(l.legend_top - 8.0 - 40.0);
    for c in &l.columns {
        let _ = write!(
            s,
            r##"<rect class="pm-stage-band" x="{}" y="40" width="{}" height="{band_h}" rx="8" fill="#f8fafc"/><text class="pm-stage-label" x="{}" y="28" text-anchor="middle">{}</text>"##,
            num(c.x - 8.0),
            num(BOX_WIDTH + 16.0),
            num(c.x + BOX_WIDTH / 2.0),
            esc(&c.label)
        );
    }
    s.push_str("</g>\n");
}

/// A curve from the right side of `a` to the left side of `b` (or between
/// bottom and top when they share a column).
fn route(a: &Placed, b: &Placed) -> String {
    if a.column == b.column {
        let (top, bottom) = if a.y < b.y { (a, b) } else { (b, a) };
        let x1 = a.x + a.width * 0.5;
        let (y1, y2) = if a.y < b.y {
            (top.y + top.height, bottom.y)
        } else {
            (bottom.y, top.y + top.height)
        };
        return format!("M{},{}L{},{}", num(x1), num(y1), num(x1), num(y2));
    }
    let forward = b.column > a.column;
    let (x1, x2) = if forward {
        (a.x + a.width, b.x)
    } else {
        (a.x, b.x + b.width)
    };
    let (y1, y2) = (a.y + a.height / 2.0, b.y + b.height / 2.0);
    let dx = (x2 - x1) / 2.0;
    format!(
        "M{},{}C{},{} {},{} {},{}",
        num(x1),
        num(y1),
        num(x1 + dx),
        num(y1),
        num(x2 - dx),
        num(y2),
        num(x2),
        num(y2)
    )
}

fn edges(s: &mut String, p: &Pathway, l: &Layout, id: &str) {
    let placed = |cid: &str| -> Option<&Placed> {
        let i = p.components.iter().position(|c| c.id == cid)?;
        l.boxes.get(i)
    };
    s.push_str(r#"<g class="pm-edges" fill="none">"#);
    for e in &p.edges {
        let (Some(a), Some(b)) = (placed(&e.from), placed(&e.to)) else {
            continue;
        };
        let (class, dash, width) = match e.kind {
            EdgeKind::Precedes => ("pm-precedes", r#" stroke-dasharray="6 4""#, "1.5"),
            EdgeKind::PrerequisiteOf => ("pm-prerequisite", "", "1.5"),
            EdgeKind::StacksInto => ("pm-stacks", "", "3"),
        };
        let _ = writeln!(
            s,
            r#"<path class="pm-edge {class}" d="{}" stroke="{EDGE}" stroke-width="{width}"{dash} marker-end="url(#{id}-arrow-edge)"/>"#,
            route(a, b)
        );
    }
    for art in &p.articulations {
        let (Some(a), Some(b)) = (placed(&art.from), placed(&art.to)) else {
            continue;
        };
        let _ = write!(
            s,
            r#"<path class="pm-edge pm-articulation pm-{}" d="{}" stroke="{ARTICULATION}" stroke-width="2" stroke-dasharray="2 3" marker-end="url(#{id}-arrow-articulation)"><title>{}</title></path>"#,
            art.kind.token(),
            route(a, b),
            esc(&articulation_sentence(p, art))
        );
    }
    s.push_str("</g>\n");
}

fn boxes(s: &mut String, p: &Pathway, l: &Layout, id: &str) {
    s.push_str(r#"<g class="pm-components">"#);
    for b in &l.boxes {
        let c = &p.components[b.component];
        let (fill, stroke) = palette(c.kind);
        let mut classes = format!("pm-box pm-kind-{}", c.kind.token());
        if c.on_ramp {
            classes.push_str(" pm-on-ramp");
        }
        if c.off_ramp {
            classes.push_str(" pm-off-ramp");
        }
        let tooltip: Vec<&str> = b.lines.iter().map(|l| l.text.as_str()).collect();
        let _ = write!(
            s,
            r#"<g class="{classes}" id="{id}-c-{}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{}"/>"#,
            slug(&c.id),
            esc(&tooltip.join(" — ")),
            num(b.x),
            num(b.y),
            num(b.width),
            num(b.height),
            if c.off_ramp { "3" } else { "1.5" }
        );
        let mut y = b.y + 8.0;
        for line in &b.lines {
            y += line.style.height();
            let class = match line.style {
                LineStyle::Kind => "pm-kind",
                LineStyle::Title => "pm-title",
                LineStyle::Meta => "pm-meta",
                LineStyle::Wage => "pm-wage",
            };
            let _ = write!(
                s,
                r#"<text class="{class}" x="{}" y="{}">{}</text>"#,
                num(b.x + 10.0),
                num(y - 4.0),
                esc(&line.text)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
}

fn legend(s: &mut String, l: &Layout, id: &str) {
    let _ = write!(
        s,
        r#"<g class="pm-legend" id="{id}-legend"><text class="pm-stage-label" x="{}" y="{}">Legend</text>"#,
        num(MARGIN),
        num(l.legend_top + 16.0)
    );
    for &(kind, x, y) in &l.legend {
        let (fill, stroke) = palette(kind);
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="18" height="14" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/><text class="pm-meta" x="{}" y="{}">{}</text>"#,
            num(x),
            num(y),
            num(x + 26.0),
            num(y + 12.0),
            esc(kind.label())
        );
    }
    let y = l.legend.last().map_or(l.legend_top + 28.0, |e| e.2) + 24.0;
    let samples = [
        (
            "Suggested order",
            EDGE,
            r#" stroke-dasharray="6 4""#,
            "1.5",
            "edge",
        ),
        ("Required first", EDGE, "", "1.5", "edge"),
        ("Stacks into", EDGE, "", "3", "edge"),
        (
            "Credit carries over",
            ARTICULATION,
            r#" stroke-dasharray="2 3""#,
            "2",
            "articulation",
        ),
    ];
    let per_row = (((l.width - 2.0 * MARGIN) / LEGEND_ENTRY).floor() as usize).max(1);
    for (i, (label, color, dash, width, marker)) in samples.into_iter().enumerate() {
        let x = MARGIN + (i % per_row) as f64 * LEGEND_ENTRY;
        let yy = y + (i / per_row) as f64 * 24.0;
        let _ = write!(
            s,
            r#"<path d="M{},{}H{}" stroke="{color}" stroke-width="{width}"{dash} fill="none" marker-end="url(#{id}-arrow-{marker})"/><text class="pm-meta" x="{}" y="{}">{}</text>"#,
            num(x),
            num(yy + 7.0),
            num(x + 20.0),
            num(x + 26.0),
            num(yy + 12.0),
            label
        );
    }
    s.push_str("</g>\n");
}

fn articulation_sentence(p: &Pathway, a: &crate::model::Articulation) -> String {
    let title = |id: &str| p.component(id).map_or(id.to_owned(), |c| c.title.clone());
    let mut out = match a.kind {
        ArticulationKind::DualCredit => format!("Dual credit: {} also earns", title(&a.from)),
        ArticulationKind::Articulated => format!("Articulated credit: {} earns", title(&a.from)),
        ArticulationKind::Transfer => format!("Transfer: {} counts toward", title(&a.from)),
    };
    if let Some(h) = a.credit_hours {
        let _ = write!(out, " {h} SCH of");
    }
    let _ = write!(out, " {}", title(&a.to));
    match (&a.from_institution, &a.to_institution) {
        (Some(f), Some(t)) => {
            let _ = write!(out, ", from {f} to {t}");
        }
        (Some(i), None) | (None, Some(i)) => {
            let _ = write!(out, ", {i}");
        }
        (None, None) => {}
    }
    if let Some(agreement) = &a.agreement {
        let _ = write!(out, " ({agreement})");
    }
    out
}

/// The same map as HTML: an ordered list of stages, each an ordered list of
/// its components (in map order), saying what each leads to and what exits pay.
pub fn render_text_alternative(
    pathway: &Pathway,
    layout: &Layout,
    wages: &dyn WageLookup,
) -> String {
    let id = format!("pm-{}", slug(&pathway.id));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<section class="pathway-map-text" aria-labelledby="{id}-text-heading"><h2 id="{id}-text-heading">{}: step by step</h2>"#,
        esc(&pathway.name)
    );
    if !pathway.description.is_empty() {
        let _ = write!(s, "<p>{}</p>", esc(&pathway.description));
    }
    s.push_str("<ol class=\"pm-text-stages\">\n");
    for (col, ids) in layout.columns.iter().zip(&layout.order) {
        let _ = writeln!(s, "<li><h3>{}</h3>", esc(&col.label));
        if ids.is_empty() {
            s.push_str("<p>Nothing on the map in this stage.</p></li>\n");
            continue;
        }
        s.push_str("<ol class=\"pm-text-components\">\n");
        for &i in ids {
            s.push_str("<li>");
            component_text(&mut s, pathway, &pathway.components[i], wages);
            s.push_str("</li>\n");
        }
        s.push_str("</ol></li>\n");
    }
    s.push_str("</ol></section>");
    s
}

fn component_text(s: &mut String, p: &Pathway, c: &Component, wages: &dyn WageLookup) {
    let title = |id: &str| p.component(id).map_or(id.to_owned(), |c| c.title.clone());
    let mut facts = vec![c.kind.label().to_owned()];
    if let Some(h) = c.credit_hours {
        facts.push(format!("{h} semester credit hours"));
    }
    if let Some(code) = &c.course_code {
        facts.push(format!("course {code}"));
    }
    if let Some(provider) = &c.provider {
        facts.push(format!("offered by {provider}"));
    }
    let _ = write!(
        s,
        "<strong>{}</strong> ({}).",
        esc(&c.title),
        esc(&facts.join(", "))
    );
    if let Some(d) = &c.description {
        let _ = write!(s, " {}", esc(d));
    }
    if c.on_ramp {
        s.push_str(" On-ramp: you can start here.");
    }
    for cond in &c.conditions {
        let targets: Vec<String> = cond.targets.iter().map(|t| title(t)).collect();
        let _ = write!(
            s,
            " Requires {} of: {}.",
            cond.required_number,
            esc(&targets.join("; "))
        );
    }
    let next: Vec<String> = p
        .edges
        .iter()
        .filter(|e| e.from == c.id)
        .map(|e| format!("{} {}", e.kind.label(), title(&e.to)))
        .collect();
    if !next.is_empty() {
        let _ = write!(s, " Next: {}.", esc(&next.join("; ")));
    }
    for a in p.articulations.iter().filter(|a| a.from == c.id) {
        let _ = write!(s, " {}.", esc(&articulation_sentence(p, a)));
    }
    if c.off_ramp {
        let jobs: Vec<String> = c
            .occupations
            .iter()
            .map(|o| {
                let mut t = occupation_name(o);
                if let Some(w) = wages.wage(&o.soc) {
                    let _ = write!(
                        t,
                        ": {} median a year, {} openings a year",
                        dollars(w.median),
                        thousands(w.annual_openings)
                    );
                    if w.high_wage {
                        t.push_str(", high wage");
                    }
                    if w.in_demand {
                        t.push_str(", in demand");
                    }
                } else {
                    t.push_str(": wage data not available");
                }
                t
            })
            .collect();
        let _ = write!(s, " Off-ramp to work as {}.", esc(&jobs.join("; ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(&hex[1..], 16).unwrap();
        let ch = |shift: u32| {
            let c = f64::from((v >> shift) & 0xff) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(16) + 0.7152 * ch(8) + 0.0722 * ch(0)
    }

    /// WCAG 2.2 contrast ratio (relative luminance definition).
    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn colors_meet_wcag_aa() {
        for k in ComponentKind::ALL {
            let (fill, stroke) = palette(k);
            assert!(contrast(TEXT, fill) >= 4.5, "{k:?} text on fill");
            assert!(contrast(stroke, "#ffffff") >= 3.0, "{k:?} border");
        }
        assert!(contrast(TEXT, "#f8fafc") >= 4.5);
        assert!(contrast(EDGE, "#ffffff") >= 3.0);
        assert!(contrast(ARTICULATION, "#ffffff") >= 3.0);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(esc(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(slug("a b/c"), "a_b_c");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.25), "2.2");
    }
}
