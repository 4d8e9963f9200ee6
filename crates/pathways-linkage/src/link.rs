//! The in-memory engine: standardized sources in, scored pairs out.

use rayon::prelude::*;

use crate::block::{Blocker, BlockingRule, BlockingStats};
use crate::cluster::one_to_one;
use crate::model::Model;
use crate::progress::Progress;
use crate::record::PreparedRecord;
use crate::score::Scorer;

/// A scored pair: left index, right index, probability.
pub type ScoredPair = (u32, u32, f32);

/// Options of a linkage or dedupe pass.
#[derive(Debug, Clone)]
pub struct LinkConfig {
    /// Keep pairs with probability ≥ this.
    pub threshold: f32,
    /// Blocking rules (see [`crate::block::default_rules`]).
    pub rules: Vec<BlockingRule>,
    /// Skip blocks larger than this many pairs (guards against a degenerate key).
    pub max_block_pairs: u64,
    /// Resolve links one-to-one (each record linked at most once).
    pub one_to_one: bool,
}

impl Default for LinkConfig {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            rules: crate::block::default_rules(),
            max_block_pairs: 5_000_000,
            one_to_one: false,
        }
    }
}

/// What a pass did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LinkSummary {
    /// Records on the left (or in the single source).
    pub left_records: u64,
    /// Records on the right (0 for dedupe).
    pub right_records: u64,
    /// Blocking statistics, known before scoring.
    pub blocking: BlockingStats,
    /// Distinct candidate pairs compared.
    pub candidate_pairs: u64,
    /// Pairs written.
    pub links: u64,
}

/// Scores candidate pairs between `left` and `right` (or within `left` when
/// `right` is `None`), returning pairs at or above the threshold sorted by
/// (left, right).
pub fn score_pairs(
    model: &Model,
    left: &[PreparedRecord],
    right: Option<&[PreparedRecord]>,
    cfg: &LinkConfig,
    progress: &dyn Progress,
) -> (Vec<ScoredPair>, LinkSummary) {
    let scorer = Scorer::new(model);
    progress.stage("blocking", None);
    // Rules whose keys are missing on every record (e.g. the shared-id rule
    // without a shared id) cannot produce pairs: leave them out entirely.
    let rules: Vec<BlockingRule> = cfg
        .rules
        .iter()
        .filter(|r| {
            left.iter().any(|x| r.key(x) != 0)
                && right.unwrap_or(left).iter().any(|x| r.key(x) != 0)
        })
        .cloned()
        .collect();
    // Records are scored where they are: the blocker prefetches each
    // block's records while the previous block is scored, which hides the
    // cost of their scattered positions (copies of both sources ordered by
    // the first rule's key, used before, cost more time and memory than they
    // saved).
    let sources: Vec<&[PreparedRecord]> = match right {
        Some(r) => vec![left, r],
        None => vec![left],
    };
    let tf = scorer.tf_adjustments_for(&sources, 1);
    let tf_left = &tf[0];
    let blocker = Blocker::new(&rules, left, right, cfg.max_block_pairs);
    let stats = blocker.stats().clone();
    progress.note("candidate_pairs_upper_bound", stats.total_before_dedup());
    progress.stage("scoring", Some(stats.total_before_dedup()));
    let r = right.unwrap_or(left);
    let threshold = cfg.threshold;
    // Weight equivalent of the threshold, less a margin for f32 rounding.
    let t = f64::from(threshold).clamp(1e-12, 1.0 - 1e-12);
    let min_weight = ((t / (1.0 - t)).log2() - 0.01) as f32;
    let (mut pairs, compared) = blocker.fold_pairs_hinted(
        || (Vec::new(), 0u64),
        |acc, i, j| {
            acc.1 += 1;
            if acc.1 % 65_536 == 0 {
                progress.advance(65_536);
            }
            if let Some(p) = scorer.score_if_above(
                &left[i as usize],
                &r[j as usize],
                &tf_left[i as usize],
                min_weight,
            ) && p >= threshold
            {
                acc.0.push((i, j, p));
            }
        },
        |mut a, b| {
            a.0.extend(b.0);
            (a.0, a.1 + b.1)
        },
        |i| {
            crate::hint::prefetch(&left[i as usize]);
            crate::hint::prefetch(&tf_left[i as usize]);
        },
        |j| crate::hint::prefetch(&r[j as usize]),
    );
    progress.note("candidate_pairs", compared);
    if cfg.one_to_one && right.is_some() {
        pairs = one_to_one(&pairs);
    }
    pairs.par_sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let summary = LinkSummary {
        left_records: left.len() as u64,
        right_records: right.map_or(0, |r| r.len() as u64),
        blocking: stats,
        candidate_pairs: compared,
        links: pairs.len() as u64,
    };
    (pairs, summary)
}
