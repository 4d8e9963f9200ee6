//! Scoring candidate pairs, with explanations.
//!
//! The model's log-likelihood ratios are folded into an `f32` table indexed
//! by field and level, so scoring a pair is eight table lookups after the
//! comparison. Exact agreement on first name, last name and city is
//! adjusted for how common the value is (Winkler, "Improved decision rules
//! in the Fellegi–Sunter model", 1989): agreeing on "ZBIGNIEW" says more than
//! agreeing on "JOHN". Following Splink, the adjustment is
//! `log2(u_exact / p_v)` where `p_v` is the value's share of non-null values.

use std::collections::HashMap;

use crate::compare::{Gamma, NUM_FIELDS, compare, compare_field, exact_level};
use crate::model::Model;
use crate::record::{Field, PreparedRecord, hash_bytes};

const MAX_LEVELS: usize = 6;
/// Pseudo-records of prior weight in term-frequency estimates.
const TF_PRIOR: f64 = 200.0;
const TF: [Field; 3] = [Field::FirstName, Field::LastName, Field::City];

/// Per-record term-frequency adjustments for [first, last, city].
pub type TfAdjust = [f32; 3];

/// A model compiled for fast scoring.
#[derive(Debug, Clone)]
pub struct Scorer {
    bias: f32,
    weights: [[f32; MAX_LEVELS]; NUM_FIELDS],
    exact: [u8; NUM_FIELDS],
    u_exact: [f64; 3],
    tf_on: [bool; 3],
    /// Per field, the largest weight of a non-null level below exact: an
    /// upper bound used to skip string comparisons that cannot matter.
    max_inexact: [f32; NUM_FIELDS],
    /// The four string fields of [`Scorer::score_if_above`] (positions in
    /// its list), in the order their comparators run: widest weight range
    /// first, since that comparison is the likeliest to end the pair.
    text_order: [usize; 4],
}

/// How one field contributed to a pair's score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FieldContribution {
    /// The field.
    pub field: Field,
    /// Level name (e.g. `jaro_winkler>=0.92`).
    pub level: String,
    /// `log2(m/u)` of the level.
    pub weight: f64,
    /// Term-frequency adjustment added on exact agreement (0 otherwise).
    pub tf_adjustment: f64,
}

/// A fully explained score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Explanation {
    /// Prior weight `log2(λ/(1-λ))`.
    pub prior_weight: f64,
    /// Per-field contributions in [`Field::ALL`] order.
    pub fields: Vec<FieldContribution>,
    /// Total match weight (prior + fields).
    pub match_weight: f64,
    /// `2^w / (1 + 2^w)`.
    pub match_probability: f64,
    /// True when a deterministic rule (shared identifier) decided the pair.
    pub deterministic: bool,
}

/// Converts a match weight (log2 odds) to a probability.
#[inline]
pub fn probability(weight: f32) -> f32 {
    1.0 / (1.0 + (-weight).exp2())
}

impl Scorer {
    /// Compiles a model.
    pub fn new(model: &Model) -> Self {
        let mut weights = [[0f32; MAX_LEVELS]; NUM_FIELDS];
        let mut exact = [0u8; NUM_FIELDS];
        for (f, p) in model.fields.iter().enumerate().take(NUM_FIELDS) {
            for (l, w) in weights[f]
                .iter_mut()
                .enumerate()
                .take(p.m.len().min(MAX_LEVELS))
                .skip(1)
            {
                *w = p.weight(l as u8) as f32;
            }
            exact[f] = exact_level(p.field);
        }
        let u_exact = TF.map(|f| {
            let p = &model.fields[f.index()];
            p.u.get(exact_level(f) as usize).copied().unwrap_or(1.0)
        });
        let tf_on = TF.map(|f| model.fields[f.index()].term_frequency);
        let l = model.lambda.clamp(1e-15, 1.0 - 1e-15);
        let max_inexact = std::array::from_fn(|f| {
            (1..exact[f] as usize)
                .map(|lv| weights[f][lv])
                .fold(f32::NEG_INFINITY, f32::max)
                .max(0.0)
        });
        // score_if_above's string fields: city, first, last, street.
        let text_fields = [6usize, 0, 2, 5];
        let mut text_order = [0usize, 1, 2, 3];
        let swing = |k: usize| {
            let f = text_fields[k];
            let lowest = (1..exact[f] as usize)
                .map(|lv| weights[f][lv])
                .fold(f32::INFINITY, f32::min);
            max_inexact[f] - lowest.min(0.0)
        };
        // Stable: ties keep the list order.
        text_order.sort_by(|&x, &y| swing(y).total_cmp(&swing(x)));
        Scorer {
            text_order,
            max_inexact,
            bias: (l / (1.0 - l)).log2() as f32,
            weights,
            exact,
            u_exact,
            tf_on,
        }
    }

    /// Term-frequency adjustments for every record of the given sources,
    /// computed from value frequencies over all of them.
    pub fn tf_adjustments(&self, sources: &[&[PreparedRecord]]) -> Vec<Vec<TfAdjust>> {
        self.tf_adjustments_for(sources, sources.len())
    }

    /// [`Scorer::tf_adjustments`] for the first `wanted` sources only (values
    /// are still counted over all of them): scoring reads only the left
    /// record's adjustments. Counting and lookups run in parallel; the
    /// counts, and so the adjustments, are the same as a serial pass's.
    pub fn tf_adjustments_for(
        &self,
        sources: &[&[PreparedRecord]],
        wanted: usize,
    ) -> Vec<Vec<TfAdjust>> {
        use rayon::prelude::*;
        type Counts = HashMap<u64, u32, std::hash::BuildHasherDefault<crate::record::PreHashed>>;
        // Hash of each of [first, last, city]; 0 when empty (hash_bytes is never 0).
        let hashes = |r: &PreparedRecord| -> [u64; 3] {
            [r.first, r.last, r.city].map(|t| {
                if t.is_empty() {
                    0
                } else {
                    hash_bytes(t.as_bytes())
                }
            })
        };
        let empty = || -> ([Counts; 3], [u64; 3]) { Default::default() };
        let (counts, totals) = sources
            .par_iter()
            .flat_map(|src| src.par_iter())
            .fold(empty, |(mut c, mut n), r| {
                for (k, h) in hashes(r).into_iter().enumerate() {
                    if h != 0 {
                        *c[k].entry(h).or_insert(0) += 1;
                        n[k] += 1;
                    }
                }
                (c, n)
            })
            .reduce(empty, |(mut a, mut na), (mut b, nb)| {
                for k in 0..3 {
                    // Merge the smaller map into the larger.
                    if a[k].len() < b[k].len() {
                        std::mem::swap(&mut a[k], &mut b[k]);
                    }
                    for (h, c) in b[k].drain() {
                        *a[k].entry(h).or_insert(0) += c;
                    }
                    na[k] += nb[k];
                }
                (a, na)
            });
        sources
            .iter()
            .take(wanted)
            .map(|src| {
                src.par_iter()
                    .map(|r| {
                        let mut adj = [0f32; 3];
                        for (k, h) in hashes(r).into_iter().enumerate() {
                            if h == 0 || !self.tf_on[k] {
                                continue;
                            }
                            let c = counts[k].get(&h).copied().unwrap_or(1);
                            // Shrink toward the average agreement frequency
                            // (u_exact) so small files get no wild adjustments.
                            let p = (f64::from(c) + TF_PRIOR * self.u_exact[k])
                                / (totals[k] as f64 + TF_PRIOR);
                            adj[k] = (self.u_exact[k] / p).log2() as f32;
                        }
                        adj
                    })
                    .collect()
            })
            .collect()
    }

    /// Match weight of a comparison vector. `tf` is the left record's
    /// adjustments (on exact agreement both records carry the same value).
    #[inline]
    pub fn weight(&self, g: &Gamma, tf: &TfAdjust) -> f32 {
        let mut w = self.bias;
        for (row, level) in self.weights.iter().zip(g) {
            w += row[*level as usize];
        }
        for (k, f) in TF.iter().enumerate() {
            if g[f.index()] == self.exact[f.index()] {
                w += tf[k];
            }
        }
        w
    }

    /// Probability that two records are the same person; 1 when both carry
    /// the same shared identifier (a deterministic rule).
    #[inline]
    pub fn score(&self, a: &PreparedRecord, b: &PreparedRecord, tf: &TfAdjust) -> f32 {
        if a.exact_id != 0 && a.exact_id == b.exact_id {
            return 1.0;
        }
        probability(self.weight(&compare(a, b), tf))
    }

    /// Like [`Scorer::score`], but returns `None` without running the string
    /// comparators when the pair provably cannot reach `min_weight`: cheap
    /// fields and exact string equality are scored first, and every string
    /// field still undecided is credited its best inexact weight. Pairs that
    /// are returned carry exactly the score [`Scorer::score`] gives.
    #[inline]
    pub fn score_if_above(
        &self,
        a: &PreparedRecord,
        b: &PreparedRecord,
        tf: &TfAdjust,
        min_weight: f32,
    ) -> Option<f32> {
        if a.exact_id != 0 && a.exact_id == b.exact_id {
            return Some(1.0);
        }
        use crate::compare::{dob, middle_name, sex, zip};
        let mut w = self.bias
            + self.weights[1][middle_name(a, b) as usize]
            + self.weights[3][dob(a, b) as usize]
            + self.weights[4][sex(a, b) as usize]
            + self.weights[7][zip(a, b) as usize];
        // String fields, cheapest comparator first; exact equality is free.
        let texts = [
            (6usize, &a.city, &b.city, Some(2usize)),
            (0, &a.first, &b.first, Some(0)),
            (2, &a.last, &b.last, Some(1)),
            (5, &a.street, &b.street, None),
        ];
        let mut pending = [false; 4];
        let mut bound = 0f32;
        let zip_agrees = a.zip != 0 && a.zip == b.zip;
        for (k, (f, x, y, tfk)) in texts.iter().enumerate() {
            if x.is_empty() || y.is_empty() || (*f == 6 && zip_agrees) {
                continue;
            }
            if x == y {
                w += self.weights[*f][self.exact[*f] as usize] + tfk.map_or(0.0, |t| tf[t]);
            } else {
                pending[k] = true;
                bound += self.max_inexact[*f];
            }
        }
        if w + bound < min_weight {
            return None;
        }
        // Resolve pending fields one at a time, re-checking the bound. The
        // order changes only how soon a hopeless pair is dropped: a pair is
        // dropped only once its weight provably stays below `min_weight`.
        for &k in &self.text_order {
            let f = &texts[k].0;
            if pending[k] {
                let lvl = compare_field(*f, a, b);
                w += self.weights[*f][lvl as usize];
                bound -= self.max_inexact[*f];
                if w + bound < min_weight {
                    return None;
                }
            }
        }
        Some(probability(self.weight(&compare(a, b), tf)))
    }

    /// Explains the score of a pair field by field.
    pub fn explain(
        &self,
        model: &Model,
        a: &PreparedRecord,
        b: &PreparedRecord,
        tf: &TfAdjust,
    ) -> Explanation {
        let g = compare(a, b);
        let fields: Vec<FieldContribution> = Field::ALL
            .iter()
            .enumerate()
            .map(|(f, field)| {
                let level = g[f] as usize;
                let tf_adjustment = TF
                    .iter()
                    .position(|t| t == field)
                    .filter(|_| g[f] == self.exact[f])
                    .map_or(0.0, |k| f64::from(tf[k]));
                FieldContribution {
                    field: *field,
                    level: model.fields[f]
                        .levels
                        .get(level)
                        .cloned()
                        .unwrap_or_default(),
                    weight: f64::from(self.weights[f][level]),
                    tf_adjustment,
                }
            })
            .collect();
        let match_weight = f64::from(self.weight(&g, tf));
        let deterministic = a.exact_id != 0 && a.exact_id == b.exact_id;
        Explanation {
            prior_weight: f64::from(self.bias),
            fields,
            match_weight,
            match_probability: if deterministic {
                1.0
            } else {
                f64::from(probability(match_weight as f32))
            },
            deterministic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldParams, Model, TrainingReport};
    use crate::record::InputRecord;
    use proptest::prelude::*;

    pub(crate) fn toy_model() -> Model {
        let fields = Field::ALL
            .iter()
            .map(|f| {
                let n = crate::compare::num_levels(*f);
                let mut m = vec![0.0; n];
                let mut u = vec![0.0; n];
                for l in 1..n {
                    m[l] = l as f64 / (n * (n - 1) / 2) as f64;
                    u[l] = (n - l) as f64 / (n * (n - 1) / 2) as f64;
                }
                FieldParams {
                    field: *f,
                    levels: crate::compare::level_names(*f)
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    m,
                    u,
                    null_rate: 0.1,
                    term_frequency: matches!(f, Field::FirstName | Field::LastName | Field::City),
                }
            })
            .collect();
        Model {
            version: 1,
            lambda: 1e-4,
            fields,
            training: TrainingReport::default(),
        }
    }

    fn rec(v: &[String; 8]) -> PreparedRecord {
        PreparedRecord::from_raw(v, None).unwrap()
    }

    fn person() -> impl Strategy<Value = [String; 8]> {
        (
            "(ANN|ANNE|BILL|WILLIAM|JO|)",
            "(A|ALEX|)",
            "(LEE|LEIGH|SMITH|SMITH-JONES|)",
            "(2001-02-03|2001-03-02|2002-02-03|)",
            "(M|F|)",
            "(1 MAIN ST|1 MAIN STREET|2 OAK AVE|)",
            "(SALEM|SALAM|)",
            "(97201|97202|98000|)",
        )
            .prop_map(|(a, b, c, d, e, f, g, h)| [a, b, c, d, e, f, g, h])
    }

    proptest! {
        #[test]
        fn score_is_symmetric(x in person(), y in person()) {
            let model = toy_model();
            let s = Scorer::new(&model);
            let (a, b) = (rec(&x), rec(&y));
            let tf = s.tf_adjustments(&[&[a, b]]);
            prop_assert_eq!(compare(&a, &b), compare(&b, &a));
            let ab = s.score(&a, &b, &tf[0][0]);
            let ba = s.score(&b, &a, &tf[0][1]);
            prop_assert!((ab - ba).abs() < 1e-6, "{} vs {}", ab, ba);
        }

        #[test]
        fn pruned_scoring_agrees_with_full_scoring(x in person(), y in person(), t in 0.01f32..0.99) {
            let model = toy_model();
            let s = Scorer::new(&model);
            let (a, b) = (rec(&x), rec(&y));
            let tf = s.tf_adjustments(&[&[a, b]]);
            let full = s.score(&a, &b, &tf[0][0]);
            let min_w = (t / (1.0 - t)).log2() - 0.01;
            match s.score_if_above(&a, &b, &tf[0][0], min_w) {
                Some(p) => prop_assert_eq!(p, full),
                None => prop_assert!(full < t, "pruned a pair scoring {} ≥ {}", full, t),
            }
        }
    }

    #[test]
    fn explanation_adds_up() {
        let model = toy_model();
        let s = Scorer::new(&model);
        let a = rec(&InputRecord::new(
            "a",
            &[
                (Field::FirstName, "Ann"),
                (Field::LastName, "Lee"),
                (Field::Dob, "2001-02-03"),
            ],
        )
        .values);
        let b = rec(&InputRecord::new(
            "b",
            &[
                (Field::FirstName, "Anne"),
                (Field::LastName, "Lee"),
                (Field::Dob, "2001-03-02"),
            ],
        )
        .values);
        let tf = s.tf_adjustments(&[&[a, b]]);
        let e = s.explain(&model, &a, &b, &tf[0][0]);
        let sum: f64 = e.prior_weight
            + e.fields
                .iter()
                .map(|c| c.weight + c.tf_adjustment)
                .sum::<f64>();
        assert!(
            (sum - e.match_weight).abs() < 1e-3,
            "{sum} vs {}",
            e.match_weight
        );
        assert_eq!(e.fields[3].level, "day_month_swap");
        assert!((e.match_probability - f64::from(s.score(&a, &b, &tf[0][0]))).abs() < 1e-6);
    }
}
