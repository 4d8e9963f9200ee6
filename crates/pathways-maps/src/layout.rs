//! A layered layout: stages as columns left to right, components as boxes.
//!
//! This is the Sugiyama scheme (Sugiyama, Tagawa & Toda 1981) with the layer
//! given rather than computed: a pathway's stages already say which column a
//! component belongs in, so only the order within each column is chosen. The
//! order uses the barycenter heuristic for a few alternating sweeps, which
//! removes most crossings on graphs of this size at linear cost per sweep.
//! Box sizes depend on their text, so the layout wraps the text too; the
//! renderer then only draws.

use std::collections::BTreeMap;

use crate::model::{ComponentKind, Pathway};
use crate::wages::{WageLookup, dollars};

/// Box width in SVG user units.
pub const BOX_WIDTH: f64 = 224.0;
/// Horizontal space between columns, room for the arrows.
pub const COLUMN_GAP: f64 = 64.0;
/// Outer margin.
pub const MARGIN: f64 = 24.0;
/// Space above the first box for the stage headings.
pub const HEADER: f64 = 56.0;
/// Vertical space between boxes in a column.
pub const BOX_GAP: f64 = 16.0;
const PAD: f64 = 8.0;
const TITLE_CHARS: usize = 22;
const SMALL_CHARS: usize = 28;
const SWEEPS: usize = 4;
/// Height of one legend row.
pub const LEGEND_ROW: f64 = 24.0;
/// Width of one legend entry.
pub const LEGEND_ENTRY: f64 = 210.0;

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Width of the drawing (the SVG `viewBox` width).
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// The columns, one per stage (plus "Other stage" when a component names
    /// a stage the map does not have).
    pub columns: Vec<Column>,
    /// One box per component, in the pathway's component order.
    pub boxes: Vec<Placed>,
    /// Component indices per column, top to bottom.
    pub order: Vec<Vec<usize>>,
    /// Legend entries: the kinds present, with their top-left corner.
    pub legend: Vec<(ComponentKind, f64, f64)>,
    /// Top of the legend area.
    pub legend_top: f64,
}

/// One stage column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The heading.
    pub label: String,
    /// Left edge.
    pub x: f64,
}

/// A component's box.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Index into `Pathway::components`.
    pub component: usize,
    /// Index into [`Layout::columns`].
    pub column: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The text lines, top to bottom.
    pub lines: Vec<Line>,
}

/// A line of text in a box.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text.
    pub text: String,
    /// Which style it takes.
    pub style: LineStyle,
}

/// The style of a [`Line`]; each has its own size and class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyle {
    /// The component kind, small.
    Kind,
    /// The title, larger and bold.
    Title,
    /// Credit hours, course code, provider.
    Meta,
    /// An occupation with its wage.
    Wage,
}

impl LineStyle {
    /// Line height in user units.
    pub fn height(self) -> f64 {
        match self {
            Self::Title => 18.0,
            _ => 16.0,
        }
    }
}

impl Placed {
    /// True if the two boxes share any area.
    pub fn overlaps(&self, other: &Placed) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

/// Lays out `pathway`; `wages` supplies the exit labels ("$81,220 median").
pub fn layout(pathway: &Pathway, wages: &dyn WageLookup) -> Layout {
    let n = pathway.components.len();
    let mut columns: Vec<Column> = pathway
        .stages
        .iter()
        .map(|s| Column {
            label: s.label.clone(),
            x: 0.0,
        })
        .collect();
    let other = columns.len();
    let column_of: Vec<usize> = pathway
        .components
        .iter()
        .map(|c| pathway.stage_index(&c.stage).unwrap_or(other))
        .collect();
    if column_of.contains(&other) {
        columns.push(Column {
            label: "Other stage".to_owned(),
            x: 0.0,
        });
    }
    for (i, col) in columns.iter_mut().enumerate() {
        col.x = MARGIN + i as f64 * (BOX_WIDTH + COLUMN_GAP);
    }
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    for (i, &c) in column_of.iter().enumerate() {
        order[c].push(i);
    }
    let neighbors = neighbors(pathway);
    reduce_crossings(&mut order, &column_of, &neighbors);

    let mut boxes: Vec<Option<Placed>> = vec![None; n];
    let mut bottom = HEADER;
    for (c, ids) in order.iter().enumerate() {
        let mut y = HEADER;
        for &i in ids {
            let lines = lines(pathway, i, wages);
            let height = 2.0 * PAD + lines.iter().map(|l| l.style.height()).sum::<f64>();
            boxes[i] = Some(Placed {
                component: i,
                column: c,
                x: columns[c].x,
                y,
                width: BOX_WIDTH,
                height,
                lines,
            });
            y += height + BOX_GAP;
        }
        bottom = bottom.max(y);
    }
    let width = (2.0 * MARGIN + columns.len() as f64 * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP)
        .max(2.0 * MARGIN + LEGEND_ENTRY);
    let legend_top = bottom + 16.0;
    let mut kinds: Vec<ComponentKind> = pathway.components.iter().map(|c| c.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let per_row = (((width - 2.0 * MARGIN) / LEGEND_ENTRY).floor() as usize).max(1);
    let legend: Vec<_> = kinds
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            let x = MARGIN + (i % per_row) as f64 * LEGEND_ENTRY;
            let y = legend_top + 28.0 + (i / per_row) as f64 * LEGEND_ROW;
            (k, x, y)
        })
        .collect();
    // One more row (at least) for the edge styles.
    let rows = legend.len().div_ceil(per_row) + 1;
    let height = legend_top + 28.0 + rows as f64 * LEGEND_ROW + MARGIN;
    Layout {
        width,
        height,
        columns,
        boxes: boxes.into_iter().flatten().collect(),
        order,
        legend,
        legend_top,
    }
}

/// Undirected neighbors by index: edges and articulations both pull boxes together.
fn neighbors(p: &Pathway) -> Vec<Vec<usize>> {
    let idx: BTreeMap<&str, usize> = p
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut adj = vec![Vec::new(); p.components.len()];
    let pairs = p
        .edges
        .iter()
        .map(|e| (&e.from, &e.to))
        .chain(p.articulations.iter().map(|a| (&a.from, &a.to)));
    for (a, b) in pairs {
        if let (Some(&x), Some(&y)) = (idx.get(a.as_str()), idx.get(b.as_str()))
            && x != y
        {
            adj[x].push(y);
            adj[y].push(x);
        }
    }
    adj
}

/// Alternating down and up sweeps; in each, a column is sorted by the mean
/// position of its neighbors in the columns already placed on that side.
/// Components with no such neighbor keep their place (their current index
/// serves as their barycenter), and the sort is stable, so the result is
/// deterministic.
fn reduce_crossings(order: &mut [Vec<usize>], column_of: &[usize], adj: &[Vec<usize>]) {
    let mut pos = vec![0.0f64; column_of.len()];
    let set_pos = |order: &[Vec<usize>], pos: &mut [f64]| {
        for col in order {
            for (k, &i) in col.iter().enumerate() {
                pos[i] = k as f64;
            }
        }
    };
    set_pos(order, &mut pos);
    let cols = order.len();
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let seq: Vec<usize> = if down {
            (1..cols).collect()
        } else {
            (0..cols.saturating_sub(1)).rev().collect()
        };
        for c in seq {
            let mut keyed: Vec<(f64, usize)> = order[c]
                .iter()
                .map(|&i| {
                    let side = |j: &usize| {
                        if down {
                            column_of[*j] < c
                        } else {
                            column_of[*j] > c
                        }
                    };
                    let (sum, count) = adj[i]
                        .iter()
                        .filter(|j| side(j))
                        .fold((0.0, 0usize), |(s, n), &j| (s + pos[j], n + 1));
                    let bary = if count == 0 {
                        pos[i]
                    } else {
                        sum / count as f64
                    };
                    (bary, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            order[c] = keyed.into_iter().map(|(_, i)| i).collect();
            for (k, &i) in order[c].iter().enumerate() {
                pos[i] = k as f64;
            }
        }
    }
}

fn lines(p: &Pathway, i: usize, wages: &dyn WageLookup) -> Vec<Line> {
    let c = &p.components[i];
    let mut out = vec![Line {
        text: c.kind.label().to_owned(),
        style: LineStyle::Kind,
    }];
    out.extend(wrap(&c.title, TITLE_CHARS).into_iter().map(|text| Line {
        text,
        style: LineStyle::Title,
    }));
    let mut meta = Vec::new();
    if let Some(h) = c.credit_hours {
        meta.push(format!("{h} SCH"));
    }
    if let Some(code) = &c.course_code {
        meta.push(code.clone());
    }
    if !meta.is_empty() {
        out.push(Line {
            text: meta.join(" · "),
            style: LineStyle::Meta,
        });
    }
    if let Some(provider) = &c.provider {
        out.extend(wrap(provider, SMALL_CHARS).into_iter().map(|text| Line {
            text,
            style: LineStyle::Meta,
        }));
    }
    if c.on_ramp {
        out.push(Line {
            text: "On-ramp: start here".to_owned(),
            style: LineStyle::Meta,
        });
    }
    for o in &c.occupations {
        let text = match wages.wage(&o.soc) {
            Some(w) => format!("{} · {} median", o.soc, dollars(w.median)),
            None => format!("{} · wage not available", o.soc),
        };
        out.push(Line {
            text,
            style: LineStyle::Wage,
        });
    }
    out
}

/// Greedy word wrap at `max` characters; a longer word is split.
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > max {
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            out.push(word.drain(..max).collect());
        }
        let word: String = word.into_iter().collect();
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > max {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, EdgeKind};
    use crate::wages::NoWages;
    use proptest::prelude::*;

    #[test]
    fn wrap_keeps_lines_short() {
        assert_eq!(
            wrap("Principles of Health Science", 22),
            vec!["Principles of Health", "Science"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn barycenter_uncrosses_a_simple_pair() {
        // a→y and b→x drawn in input order would cross; the sweep swaps x and y.
        let p = Pathway::builder("p", "P")
            .stage("1", "One", true)
            .stage("2", "Two", false)
            .component(Component::new("a", ComponentKind::Milestone, "A", "1"))
            .component(Component::new("b", ComponentKind::Milestone, "B", "1"))
            .component(Component::new("x", ComponentKind::Milestone, "X", "2"))
            .component(Component::new("y", ComponentKind::Milestone, "Y", "2"))
            .edge("a", EdgeKind::Precedes, "y")
            .edge("b", EdgeKind::Precedes, "x")
            .build()
            .unwrap();
        let l = layout(&p, &NoWages);
        assert_eq!(l.order[1], vec![3, 2]);
    }

    fn arb_pathway() -> impl Strategy<Value = Pathway> {
        (1usize..6, 1usize..40).prop_flat_map(|(stages, n)| {
            (
                Just(stages),
                proptest::collection::vec((0..stages, "[a-zA-Z ]{1,60}", any::<bool>()), n),
                proptest::collection::vec((0..n, 0..n), 0..n * 2),
            )
                .prop_map(|(stages, comps, edges)| {
                    let mut b = Pathway::builder("p", "P");
                    for s in 0..stages {
                        b = b.stage(format!("s{s}"), format!("Stage {s}"), s < 2);
                    }
                    for (i, (s, title, ramp)) in comps.iter().enumerate() {
                        let mut c = Component::new(
                            format!("c{i}"),
                            ComponentKind::ALL[i % 15],
                            title.clone(),
                            format!("s{s}"),
                        );
                        c.on_ramp = *ramp;
                        b = b.component(c);
                    }
                    for (f, t) in edges {
                        b = b.edge(format!("c{f}"), EdgeKind::Precedes, format!("c{t}"));
                    }
                    b.build().unwrap()
                })
        })
    }

    proptest! {
        #[test]
        fn every_box_sits_in_its_stage_column_and_none_overlap(p in arb_pathway()) {
            let l = layout(&p, &NoWages);
            prop_assert_eq!(l.boxes.len(), p.components.len());
            for b in &l.boxes {
                let stage = p.stage_index(&p.components[b.component].stage).unwrap();
                prop_assert_eq!(b.column, stage);
                prop_assert_eq!(b.x, l.columns[stage].x);
                prop_assert!(b.x + b.width <= l.width);
                prop_assert!(b.y + b.height <= l.legend_top);
            }
            for (i, a) in l.boxes.iter().enumerate() {
                for b in &l.boxes[i + 1..] {
                    prop_assert!(!a.overlaps(b), "{:?} overlaps {:?}", a, b);
                }
            }
        }
    }
}
