//! Small-cell suppression for public release (pure; no I/O).
//!
//! Follows NCES SLDS Technical Brief 3 (NCES 2011-603): cells whose
//! denominator is below the minimum n are suppressed (primary suppression);
//! complementary suppression then hides more cells so no suppressed value can
//! be recovered by subtracting released cells from a released total; and
//! rates near 0 % or 100 % over small denominators are top/bottom coded
//! ("> 95 %", "< 5 %"), their numerators hidden.
//!
//! The cells of one metric form *families*: all the cells with the same
//! `group_by` partition the metric's cohort (the `all` cell is the family
//! total), since every group includes an `unknown` value. Within a family a
//! hidden value is recoverable exactly when it is the only hidden one and the
//! total is known, so each family ends with zero or at least two hidden
//! denominators, and zero or at least two hidden numerators.

use std::collections::BTreeMap;

/// One metric's cells: the index of its whole-cohort row, and each grouping's member rows.
type Family<'a> = (Option<usize>, BTreeMap<&'a str, Vec<usize>>);

/// One computed cell before release.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cell {
    /// Metric id.
    pub metric_id: String,
    /// The grouping (`all` for the whole cohort).
    pub group_by: String,
    /// The group (`all` for the whole cohort).
    pub group_value: String,
    /// Numerator count.
    pub numerator: u64,
    /// Denominator count.
    pub denominator: u64,
    /// The rate (a median in dollars for median metrics).
    pub rate: Option<f64>,
    /// Whether `rate` is a median rather than numerator ÷ denominator.
    #[serde(default)]
    pub median: bool,
}

/// What release did to a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Released as computed.
    Released,
    /// Hidden: the denominator is below the minimum.
    SmallCell,
    /// Hidden so another hidden cell cannot be recovered from the totals.
    Complementary,
    /// Rate shown only as "> 95 %"; numerator hidden.
    TopCoded,
    /// Rate shown only as "< 5 %"; numerator hidden.
    BottomCoded,
}

impl Status {
    /// The value written in the `suppressed` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Released => "false",
            Status::SmallCell => "small_cell",
            Status::Complementary => "complementary",
            Status::TopCoded => "top_coded",
            Status::BottomCoded => "bottom_coded",
        }
    }
    /// Whether the denominator is hidden.
    pub fn hides_denominator(self) -> bool {
        matches!(self, Status::SmallCell | Status::Complementary)
    }
    /// Whether the numerator is hidden.
    pub fn hides_numerator(self) -> bool {
        self != Status::Released
    }
}

/// The release rules; defaults follow common state practice.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rules {
    /// Minimum denominator for a released cell (default 10).
    pub min_cell: u64,
    /// Rates over denominators below this are top/bottom coded when extreme (default 100).
    pub coding_below: u64,
    /// Rates at or above this are top coded (default 0.95).
    pub top: f64,
    /// Rates at or below this are bottom coded (default 0.05).
    pub bottom: f64,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            min_cell: 10,
            coding_below: 100,
            top: 0.95,
            bottom: 0.05,
        }
    }
}

/// A cell as the public may see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PublicCell {
    /// Metric id.
    pub metric_id: String,
    /// Grouping.
    pub group_by: String,
    /// Group.
    pub group_value: String,
    /// Numerator, unless hidden.
    pub numerator: Option<u64>,
    /// Denominator, unless hidden.
    pub denominator: Option<u64>,
    /// Exact rate, unless hidden or coded.
    pub rate: Option<f64>,
    /// The rate as shown ("83.3 %", "> 95 %", "suppressed", or dollars for medians).
    pub rate_label: String,
    /// What release did.
    pub suppressed: Status,
    /// Whether the rate is a median.
    pub median: bool,
}

/// Decides each cell's status (same order as `cells`).
pub fn statuses(cells: &[Cell], rules: &Rules) -> Vec<Status> {
    let mut status: Vec<Status> = cells
        .iter()
        .map(|c| {
            if c.denominator < rules.min_cell {
                Status::SmallCell
            } else if !c.median && c.denominator < rules.coding_below {
                let r = c.numerator as f64 / c.denominator as f64;
                if r >= rules.top {
                    Status::TopCoded
                } else if r <= rules.bottom {
                    Status::BottomCoded
                } else {
                    Status::Released
                }
            } else {
                Status::Released
            }
        })
        .collect();
    // metric -> (total index, group_by -> member indices)
    let mut metrics: BTreeMap<&str, Family<'_>> = BTreeMap::new();
    for (i, c) in cells.iter().enumerate() {
        let m = metrics.entry(c.metric_id.as_str()).or_default();
        if c.group_by == "all" {
            m.0 = Some(i);
        } else {
            m.1.entry(c.group_by.as_str()).or_default().push(i);
        }
    }
    for (total, families) in metrics.values() {
        loop {
            let mut changed = false;
            for members in families.values() {
                for hides in [
                    Status::hides_denominator as fn(Status) -> bool,
                    Status::hides_numerator,
                ] {
                    let hidden = members.iter().filter(|&&i| hides(status[i])).count();
                    if hidden != 1 {
                        continue;
                    }
                    // Hide the smallest other cell whose value is still shown.
                    let pick = members
                        .iter()
                        .copied()
                        .filter(|&i| !hides(status[i]))
                        .min_by_key(|&i| (cells[i].denominator, i));
                    match pick {
                        Some(i) => status[i] = Status::Complementary,
                        None => match total {
                            Some(t) if !hides(status[*t]) => status[*t] = Status::Complementary,
                            _ => continue,
                        },
                    }
                    changed = true;
                }
            }
            // A hidden total is only hidden if no family reveals it by its sum.
            if let Some(t) = total
                && status[*t].hides_numerator()
            {
                for members in families.values() {
                    let open: Vec<usize> = members
                        .iter()
                        .copied()
                        .filter(|&i| !status[i].hides_numerator())
                        .collect();
                    if !members.is_empty()
                        && open.len() == members.len()
                        && let Some(&i) = open.iter().min_by_key(|&&i| (cells[i].denominator, i))
                    {
                        status[i] = Status::Complementary;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }
    status
}

/// Formats a rate for display.
pub fn rate_label(c: &Cell, s: Status, rules: &Rules) -> String {
    match s {
        Status::SmallCell | Status::Complementary => "suppressed".into(),
        Status::TopCoded => format!("> {} %", (rules.top * 100.0).round()),
        Status::BottomCoded => format!("< {} %", (rules.bottom * 100.0).round()),
        Status::Released => match c.rate {
            None => "—".into(),
            Some(r) if c.median => format!("${r:.0}"),
            Some(r) => format!("{:.1} %", r * 100.0),
        },
    }
}

/// The cells as the public may see them: the only way results leave for a public page or endpoint.
pub fn publish(cells: &[Cell], rules: &Rules) -> Vec<PublicCell> {
    let status = statuses(cells, rules);
    cells
        .iter()
        .zip(status)
        .map(|(c, s)| PublicCell {
            metric_id: c.metric_id.clone(),
            group_by: c.group_by.clone(),
            group_value: c.group_value.clone(),
            numerator: (!s.hides_numerator()).then_some(c.numerator),
            denominator: (!s.hides_denominator()).then_some(c.denominator),
            rate: if s == Status::Released { c.rate } else { None },
            rate_label: rate_label(c, s, rules),
            suppressed: s,
            median: c.median,
        })
        .collect()
}

/// Whether any hidden value in `public` can be recovered exactly by subtraction
/// within a family, given the original `cells` (for tests and audits).
pub fn recoverable(cells: &[Cell], public: &[PublicCell]) -> Option<String> {
    let mut metrics: BTreeMap<&str, Family<'_>> = BTreeMap::new();
    for (i, c) in cells.iter().enumerate() {
        let m = metrics.entry(c.metric_id.as_str()).or_default();
        if c.group_by == "all" {
            m.0 = Some(i);
        } else {
            m.1.entry(c.group_by.as_str()).or_default().push(i);
        }
    }
    for (metric, (total, families)) in &metrics {
        for part in ["numerator", "denominator"] {
            let shown = |i: usize| match part {
                "numerator" => public[i].numerator,
                _ => public[i].denominator,
            };
            // The total is known if released or if some family shows all its members.
            let total_known = total.is_some_and(|t| shown(t).is_some())
                || families
                    .values()
                    .any(|m| m.iter().all(|&i| shown(i).is_some()));
            if total.is_some_and(|t| shown(t).is_none()) && total_known {
                return Some(format!(
                    "{metric}: hidden total {part} is the sum of a family"
                ));
            }
            for (g, members) in families {
                let hidden = members.iter().filter(|&&i| shown(i).is_none()).count();
                if hidden == 1 && total_known {
                    return Some(format!(
                        "{metric} by {g}: the one hidden {part} is recoverable"
                    ));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell(g: &str, v: &str, n: u64, d: u64) -> Cell {
        Cell {
            metric_id: "m".into(),
            group_by: g.into(),
            group_value: v.into(),
            numerator: n,
            denominator: d,
            rate: (d > 0).then(|| n as f64 / d as f64),
            median: false,
        }
    }

    /// A metric's cells: a total and families that partition it.
    fn metric_cells() -> impl Strategy<Value = Vec<Cell>> {
        prop::collection::vec(prop::collection::vec((0u64..40, 1u64..60), 1..6), 1..4).prop_map(
            |fams| {
                // Every family must sum to one total: scale each family to the first family's sums
                // by building all families as re-partitions of one list of people.
                let people: Vec<(u64, u64)> = fams[0].clone();
                let (mut tn, mut td) = (0, 0);
                let mut out = Vec::new();
                for (n, d) in &people {
                    let n = (*n).min(*d);
                    tn += n;
                    td += d;
                }
                out.push(cell("all", "all", tn, td));
                for (k, f) in fams.iter().enumerate() {
                    // Split the people into f.len() groups round-robin, offset by k.
                    let groups = f.len();
                    let mut sums = vec![(0u64, 0u64); groups];
                    for (j, (n, d)) in people.iter().enumerate() {
                        let n = (*n).min(*d);
                        let s = &mut sums[(j + k) % groups];
                        s.0 += n;
                        s.1 += d;
                    }
                    for (j, (n, d)) in sums.into_iter().enumerate() {
                        if d > 0 {
                            out.push(cell(&format!("g{k}"), &format!("v{j}"), n, d));
                        }
                    }
                }
                out
            },
        )
    }

    #[test]
    fn one_small_cell_gets_a_partner() {
        let cells = vec![
            cell("all", "all", 50, 100),
            cell("sex", "F", 2, 4),
            cell("sex", "M", 30, 60),
            cell("sex", "X", 18, 36),
        ];
        let s = statuses(&cells, &Rules::default());
        assert_eq!(s[1], Status::SmallCell);
        assert_eq!(
            s[3],
            Status::Complementary,
            "the smallest other cell is hidden too"
        );
        assert_eq!(s[2], Status::Released);
        assert!(recoverable(&cells, &publish(&cells, &Rules::default())).is_none());
    }

    #[test]
    fn extreme_small_rates_are_coded() {
        let cells = vec![cell("all", "all", 48, 50), cell("all2", "x", 1, 50)];
        let p = publish(&cells, &Rules::default());
        assert_eq!(p[0].suppressed, Status::TopCoded);
        assert_eq!(p[0].rate_label, "> 95 %");
        assert_eq!(p[0].numerator, None);
        assert_eq!(p[1].suppressed, Status::BottomCoded);
    }

    proptest! {
        #[test]
        fn never_reveals_a_small_cell(cells in metric_cells(), min in 1u64..20) {
            let rules = Rules { min_cell: min, ..Rules::default() };
            let public = publish(&cells, &rules);
            for (c, p) in cells.iter().zip(&public) {
                if c.denominator < min {
                    prop_assert!(p.numerator.is_none() && p.denominator.is_none() && p.rate.is_none());
                }
                if p.suppressed != Status::Released {
                    prop_assert!(p.rate.is_none());
                }
            }
            prop_assert_eq!(recoverable(&cells, &public), None);
        }
    }
}
