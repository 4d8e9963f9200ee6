//! The Fellegi–Sunter model: per field and level, `m` = P(level | match)
//! and `u` = P(level | non-match); a pair's match weight is
//! `log2(λ/(1-λ)) + Σ log2(m/u)` (Fellegi & Sunter, *JASA* 64, 1969).
//!
//! Training needs no labels:
//! * `u` is counted on random pairs, which are almost all non-matches.
//! * `m` is estimated by expectation–maximisation (Winkler, "Using the EM
//!   algorithm for weight computation in the Fellegi–Sunter model", 1988)
//!   over blocked pairs, in sessions: in a session blocked on some fields
//!   those fields are conditioned on, so only the other fields' `m` are
//!   estimated there (the approach of Splink, UK Ministry of Justice).
//! * λ, the prior that a random pair matches, comes from the session blocked
//!   on exact DOB: matches in its blocks divided by the estimated share of
//!   all matches that agree on DOB.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::block::{Blocker, BlockingRule, KeyPart};
use crate::compare::{Gamma, NUM_FIELDS, compare, exact_level, level_names, num_levels};
use crate::error::{LinkageError, Result};
use crate::record::{Field, PreparedRecord, mix};

/// Parameters of one compared field.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldParams {
    /// The field.
    pub field: Field,
    /// Level names, index = level (level 0 is null and carries no weight).
    pub levels: Vec<String>,
    /// P(level | match), over non-null levels (index 0 unused, stored as 0).
    pub m: Vec<f64>,
    /// P(level | non-match), over non-null levels (index 0 unused).
    pub u: Vec<f64>,
    /// Share of random pairs where this field was null on either side.
    pub null_rate: f64,
    /// Whether exact agreement is adjusted for the value's frequency.
    pub term_frequency: bool,
}

impl FieldParams {
    /// The weight `log2(m/u)` of a level (0 for null).
    pub fn weight(&self, level: u8) -> f64 {
        let l = level as usize;
        if l == 0 || l >= self.m.len() {
            return 0.0;
        }
        (self.m[l].max(1e-9) / self.u[l].max(1e-9)).log2()
    }
}

/// A trained Fellegi–Sunter model, serialized as `model.json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Model {
    /// File-format version.
    pub version: u32,
    /// Prior probability that a random pair is a match.
    pub lambda: f64,
    /// One entry per field in [`Field::ALL`] order.
    pub fields: Vec<FieldParams>,
    /// Diagnostics from training.
    pub training: TrainingReport,
}

/// What training saw.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainingReport {
    /// Random pairs used for `u`.
    pub u_pairs: u64,
    /// Per EM session: rule name, pairs used, λ within the session, iterations.
    pub sessions: Vec<SessionReport>,
}

/// One EM session.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SessionReport {
    /// Blocking rule of the session.
    pub rule: String,
    /// Pairs sampled into the session.
    pub pairs: u64,
    /// Pairs the rule yields in full.
    pub rule_pairs: u64,
    /// Estimated share of matches among the session's pairs.
    pub lambda: f64,
    /// EM iterations run.
    pub iterations: u32,
}

/// Tunables of training.
#[derive(Debug, Clone, Copy)]
pub struct TrainingConfig {
    /// Random pairs drawn to count `u`.
    pub u_pairs: usize,
    /// Most blocked pairs used by one EM session (sampled beyond that).
    pub max_session_pairs: u64,
    /// Most EM iterations per session.
    pub max_iterations: u32,
    /// Seed for all sampling (training is deterministic given the data).
    pub seed: u64,
}

impl Default for TrainingConfig {
    fn default() -> Self {
        Self {
            u_pairs: 500_000,
            max_session_pairs: 1_000_000,
            max_iterations: 40,
            seed: 0x5eed,
        }
    }
}

const TF_FIELDS: [Field; 3] = [Field::FirstName, Field::LastName, Field::City];

type Counts = [Vec<f64>; NUM_FIELDS];

fn zero_counts() -> Counts {
    std::array::from_fn(|f| vec![0.0; num_levels(Field::ALL[f])])
}

/// Counts level frequencies on random pairs: the `u` probabilities and the
/// null rates.
fn estimate_u(
    left: &[PreparedRecord],
    right: Option<&[PreparedRecord]>,
    n: usize,
    seed: u64,
) -> (Counts, u64) {
    let r = right.unwrap_or(left);
    if left.is_empty() || r.is_empty() || (right.is_none() && left.len() < 2) {
        return (zero_counts(), 0);
    }
    let chunks = 64usize;
    let per = n.div_ceil(chunks);
    let counts = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ mix(c as u64 + 1));
            let mut counts = zero_counts();
            let mut drawn = 0;
            // Pairs are drawn a batch at a time and their records requested
            // before the batch is compared: random records are cache misses,
            // and this way they overlap. The draws are the same as one by one.
            let mut batch = Vec::with_capacity(32);
            while drawn < per {
                batch.clear();
                while batch.len() < 32 && drawn + batch.len() < per {
                    let i = rng.random_range(0..left.len());
                    let j = rng.random_range(0..r.len());
                    if right.is_none() && i == j {
                        continue;
                    }
                    crate::hint::prefetch(&left[i]);
                    crate::hint::prefetch(&r[j]);
                    batch.push((i, j));
                }
                for &(i, j) in &batch {
                    let g = compare(&left[i], &r[j]);
                    for f in 0..NUM_FIELDS {
                        counts[f][g[f] as usize] += 1.0;
                    }
                }
                drawn += batch.len();
            }
            counts
        })
        .reduce(zero_counts, |mut a, b| {
            for f in 0..NUM_FIELDS {
                for (x, y) in a[f].iter_mut().zip(&b[f]) {
                    *x += y;
                }
            }
            a
        });
    (counts, (per * chunks) as u64)
}

/// Normalizes counts over non-null levels with add-one smoothing, so an
/// unseen level gets a small probability rather than an infinite weight.
fn normalize(counts: &[f64]) -> Vec<f64> {
    let k = counts.len() - 1;
    let total: f64 = counts[1..].iter().sum::<f64>() + k as f64;
    let mut v = vec![0.0; counts.len()];
    for l in 1..counts.len() {
        v[l] = (counts[l] + 1.0) / total;
    }
    v
}

/// Initial `m`: most mass on exact agreement, the rest spread below it.
fn initial_m(field: Field) -> Vec<f64> {
    let n = num_levels(field);
    let mut v = vec![0.0; n];
    let rest = 0.2 / (n - 2) as f64;
    for x in v.iter_mut().skip(1) {
        *x = rest;
    }
    v[n - 1] = 0.8;
    v
}

/// Runs EM over pattern counts with `u` fixed. Fields in `fixed` are
/// conditioned on by the session's blocking and left out.
fn em(
    patterns: &[(Gamma, f64)],
    u: &[Vec<f64>],
    m: &mut [Vec<f64>],
    fixed: &[bool; NUM_FIELDS],
    max_iter: u32,
) -> (f64, u32) {
    let mut lambda = 0.05f64;
    let mut iters = 0;
    for it in 0..max_iter {
        iters = it + 1;
        let mut m_acc = zero_counts();
        let (mut matched, mut total) = (0.0, 0.0);
        for (g, c) in patterns {
            let (mut pm, mut pu) = (lambda, 1.0 - lambda);
            for f in 0..NUM_FIELDS {
                let l = g[f] as usize;
                if fixed[f] || l == 0 {
                    continue;
                }
                pm *= m[f][l];
                pu *= u[f][l];
            }
            let post = pm / (pm + pu);
            matched += post * c;
            total += c;
            for f in 0..NUM_FIELDS {
                m_acc[f][g[f] as usize] += post * c;
            }
        }
        let new_lambda = (matched / total).clamp(1e-9, 1.0 - 1e-9);
        let mut delta = (new_lambda - lambda).abs();
        lambda = new_lambda;
        for f in 0..NUM_FIELDS {
            if fixed[f] {
                continue;
            }
            let s: f64 = m_acc[f][1..].iter().sum();
            if s <= 0.0 {
                continue;
            }
            for l in 1..m[f].len() {
                let v = (m_acc[f][l] / s).max(1e-6);
                delta = delta.max((v - m[f][l]).abs());
                m[f][l] = v;
            }
        }
        if delta < 1e-6 {
            break;
        }
    }
    (lambda, iters)
}

/// Number of pairs a rule yields, from key counts alone (no pair is visited).
fn rule_pair_count(
    rule: &BlockingRule,
    left: &[PreparedRecord],
    right: Option<&[PreparedRecord]>,
) -> u64 {
    // Sorted non-missing keys (in parallel), then runs of equal keys.
    let keys = |recs: &[PreparedRecord]| -> Vec<u64> {
        let mut k: Vec<u64> = recs
            .par_iter()
            .map(|r| rule.key(r))
            .filter(|&k| k != 0)
            .collect();
        k.par_sort_unstable();
        k
    };
    let run = |v: &[u64], s: usize| -> usize {
        let mut e = s + 1;
        while e < v.len() && v[e] == v[s] {
            e += 1;
        }
        e
    };
    match right {
        None => {
            let l = keys(left);
            let (mut total, mut s) = (0u64, 0);
            while s < l.len() {
                let e = run(&l, s);
                let n = (e - s) as u64;
                total += n * (n - 1) / 2;
                s = e;
            }
            total
        }
        Some(r) => {
            let (l, r) = rayon::join(|| keys(left), || keys(r));
            let (mut total, mut i, mut j) = (0u64, 0, 0);
            while i < l.len() && j < r.len() {
                match l[i].cmp(&r[j]) {
                    std::cmp::Ordering::Less => i = run(&l, i),
                    std::cmp::Ordering::Greater => j = run(&r, j),
                    std::cmp::Ordering::Equal => {
                        let (ie, je) = (run(&l, i), run(&r, j));
                        total += ((ie - i) * (je - j)) as u64;
                        i = ie;
                        j = je;
                    }
                }
            }
            total
        }
    }
}

/// Collects comparison patterns of (a sample of) the pairs one rule yields.
/// Large rules are sampled by records, not pairs — a hash-chosen subset of
/// the left source (for dedupe, of the single source, with the square root
/// of the fraction) — so no time is spent visiting pairs that are then
/// thrown away.
fn session_patterns(
    rule: &BlockingRule,
    left: &[PreparedRecord],
    right: Option<&[PreparedRecord]>,
    cfg: &TrainingConfig,
) -> (Vec<(Gamma, f64)>, u64, u64) {
    let total = rule_pair_count(rule, left, right);
    let mut fraction = if total <= cfg.max_session_pairs {
        1.0
    } else {
        cfg.max_session_pairs as f64 / total as f64
    };
    if right.is_none() {
        fraction = fraction.sqrt();
    }
    let sampled: Vec<PreparedRecord>;
    let left = if fraction < 1.0 {
        let cut = (fraction * u64::MAX as f64) as u64;
        sampled = left
            .iter()
            .enumerate()
            .filter(|(i, _)| mix(*i as u64 ^ cfg.seed) <= cut)
            .map(|(_, r)| *r)
            .collect();
        &sampled[..]
    } else {
        left
    };
    let rules = std::slice::from_ref(rule);
    let blocker = Blocker::new(rules, left, right, u64::MAX);
    let r = right.unwrap_or(left);
    let map: HashMap<Gamma, f64> = blocker.fold_pairs_hinted(
        HashMap::new,
        |acc, i, j| {
            *acc.entry(compare(&left[i as usize], &r[j as usize]))
                .or_insert(0.0) += 1.0;
        },
        |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_insert(0.0) += v;
            }
            a
        },
        |i| crate::hint::prefetch(&left[i as usize]),
        |j| crate::hint::prefetch(&r[j as usize]),
    );
    let used = map.values().sum::<f64>() as u64;
    let mut v: Vec<(Gamma, f64)> = map.into_iter().collect();
    v.sort_by_key(|a| a.0);
    (v, used, total)
}

/// Trains a model on one source (dedupe, `right = None`) or two (link).
pub fn train(
    left: &[PreparedRecord],
    right: Option<&[PreparedRecord]>,
    cfg: &TrainingConfig,
) -> Result<Model> {
    let (u_counts, u_pairs) = estimate_u(left, right, cfg.u_pairs, cfg.seed);
    if u_pairs == 0 {
        return Err(LinkageError::Training(
            "need at least two records to train".into(),
        ));
    }
    let u: Vec<Vec<f64>> = u_counts.iter().map(|c| normalize(c)).collect();
    let null_rate: Vec<f64> = u_counts
        .iter()
        .map(|c| c[0] / c.iter().sum::<f64>().max(1.0))
        .collect();

    // Session A: blocked on exact DOB → m for names, sex, address. Session B:
    // blocked on phonetic first + last name → m for DOB, sex, address.
    let sessions = [
        BlockingRule::new(&[KeyPart::Dob]),
        BlockingRule::new(&[KeyPart::FirstPhonetic, KeyPart::LastPhonetic]),
    ];
    let mut m_sum = zero_counts();
    let mut m_n = [0usize; NUM_FIELDS];
    let mut report = TrainingReport {
        u_pairs,
        sessions: Vec::new(),
    };
    let mut dob_session: Option<(f64, u64)> = None;
    for rule in &sessions {
        let (patterns, used, total) = session_patterns(rule, left, right, cfg);
        let mut fixed = [false; NUM_FIELDS];
        for p in &rule.parts {
            fixed[p.field().index()] = true;
        }
        let mut m: Vec<Vec<f64>> = Field::ALL.iter().map(|f| initial_m(*f)).collect();
        let (lambda, iterations) = if patterns.is_empty() {
            (0.0, 0)
        } else {
            em(&patterns, &u, &mut m, &fixed, cfg.max_iterations)
        };
        if !patterns.is_empty() {
            for f in 0..NUM_FIELDS {
                if !fixed[f] {
                    for (s, v) in m_sum[f].iter_mut().zip(&m[f]) {
                        *s += v;
                    }
                    m_n[f] += 1;
                }
            }
        }
        if rule.parts == [KeyPart::Dob] {
            dob_session = Some((lambda, total));
        }
        report.sessions.push(SessionReport {
            rule: rule.name(),
            pairs: used,
            rule_pairs: total,
            lambda,
            iterations,
        });
    }
    let fields: Vec<FieldParams> = Field::ALL
        .iter()
        .enumerate()
        .map(|(f, field)| {
            let m = if m_n[f] == 0 {
                initial_m(*field)
            } else {
                m_sum[f].iter().map(|s| s / m_n[f] as f64).collect()
            };
            FieldParams {
                field: *field,
                levels: level_names(*field)
                    .iter()
                    .map(|s| (*s).to_string())
                    .collect(),
                m,
                u: u[f].clone(),
                null_rate: null_rate[f],
                term_frequency: TF_FIELDS.contains(field),
            }
        })
        .collect();

    // λ: matches inside the DOB blocks, scaled up by the share of matches
    // that agree exactly on a present DOB.
    let total_pairs = match right {
        Some(r) => left.len() as f64 * r.len() as f64,
        None => left.len() as f64 * (left.len() as f64 - 1.0) / 2.0,
    };
    let dob = &fields[Field::Dob.index()];
    let recall = (1.0 - dob.null_rate) * dob.m[exact_level(Field::Dob) as usize];
    let fallback = left.len().min(right.map_or(left.len(), <[_]>::len)) as f64 * 0.5 / total_pairs;
    let lambda = match dob_session {
        Some((l, pairs)) if l > 0.0 && recall > 0.0 => {
            (l * pairs as f64 / recall / total_pairs).min(0.5)
        }
        _ => fallback,
    };
    Ok(Model {
        version: 1,
        lambda: lambda.clamp(1e-12, 0.5),
        fields,
        training: report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn em_recovers_a_planted_mixture() {
        // Two fields with 3 levels each (null, else, exact). 10% matches agreeing 90%.
        let mut patterns = Vec::new();
        let mut g = [0u8; NUM_FIELDS];
        for (a, b, c) in [
            (2, 2, 81.0 + 0.9),
            (2, 1, 9.0 + 8.1),
            (1, 2, 9.0 + 8.1),
            (1, 1, 1.0 + 72.9),
        ] {
            g[4] = a;
            g[7] = b;
            patterns.push((g, c));
        }
        let mut u: Vec<Vec<f64>> = Field::ALL
            .iter()
            .map(|f| vec![0.5; num_levels(*f)])
            .collect();
        u[4] = vec![0.0, 0.9, 0.1];
        u[7] = vec![0.0, 0.9, 0.0, 0.1];
        let mut fixed = [true; NUM_FIELDS];
        fixed[4] = false;
        fixed[7] = false;
        let mut m: Vec<Vec<f64>> = Field::ALL.iter().map(|f| initial_m(*f)).collect();
        // Field 7 (zip) has 4 levels; put the planted "exact" in level 3.
        for p in &mut patterns {
            if p.0[7] == 2 {
                p.0[7] = 3;
            }
        }
        let (lambda, _) = em(&patterns, &u, &mut m, &fixed, 200);
        assert!((lambda - 0.5).abs() < 0.6, "{lambda}");
        assert!(m[4][2] > 0.6, "{:?}", m[4]);
        assert!(m[7][3] > 0.6, "{:?}", m[7]);
    }

    #[test]
    fn normalize_smooths_unseen_levels() {
        let v = normalize(&[5.0, 0.0, 10.0]);
        assert!(v[1] > 0.0 && v[2] > v[1]);
        assert!((v[1] + v[2] - 1.0).abs() < 1e-12);
    }
}
