//! Blocking: choosing which pairs to compare.
//!
//! Comparing all n×m pairs is infeasible at state scale, so candidate pairs
//! are those that agree on at least one *blocking rule* — a key built from
//! cheap functions of the fields (Christen, "A survey of indexing techniques
//! for scalable record linkage", *IEEE TKDE* 24, 2012). Several rules are
//! unioned because recall lost here cannot be recovered by scoring. A pair
//! caught by more than one rule is produced once: by the first rule that
//! catches it, later rules skip a pair whose keys agree on an earlier rule
//! (the same device Splink uses), so no global pair set is needed and
//! blocks can be processed in parallel.

use rayon::prelude::*;

use crate::record::{PreparedRecord, mix};
use crate::standardize::Date;

/// One ingredient of a blocking key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyPart {
    /// Initial of the nickname-canonical first name.
    FirstInitial,
    /// Initial of the last name.
    LastInitial,
    /// Double Metaphone of the canonical first name.
    FirstPhonetic,
    /// Double Metaphone of the (first part of the) last name.
    LastPhonetic,
    /// Full date of birth.
    Dob,
    /// Year with month and day as an unordered pair: tolerant of day/month swaps.
    DobSwapTolerant,
    /// Month and day of birth (tolerant of a wrong year).
    BirthMonthDay,
    /// Year of birth.
    BirthYear,
    /// 5-digit ZIP.
    Zip,
    /// The USPS-normalized street line.
    Street,
    /// The shared identifier of a deterministic rule.
    ExactId,
}

impl KeyPart {
    /// The value, or 0 when missing (a missing part blocks nothing).
    #[inline]
    fn value(self, r: &PreparedRecord) -> u64 {
        let dob = Date::unpack(r.dob);
        match self {
            KeyPart::FirstInitial => u64::from(r.first_canon.initial()),
            KeyPart::LastInitial => u64::from(r.last.initial()),
            KeyPart::FirstPhonetic => u64::from(r.first_key),
            KeyPart::LastPhonetic => u64::from(r.last_key),
            KeyPart::Dob => u64::from(r.dob),
            KeyPart::DobSwapTolerant => dob.map_or(0, |d| {
                let (a, b) = (d.month.min(d.day), d.month.max(d.day));
                (u64::from(d.year) << 16) | (u64::from(a) << 8) | u64::from(b)
            }),
            KeyPart::BirthMonthDay => {
                dob.map_or(0, |d| (u64::from(d.month) << 8) | u64::from(d.day))
            }
            KeyPart::BirthYear => dob.map_or(0, |d| u64::from(d.year)),
            KeyPart::Zip => u64::from(r.zip),
            KeyPart::Street => {
                if r.street.is_empty() {
                    0
                } else {
                    crate::record::hash_bytes(r.street.as_bytes())
                }
            }
            KeyPart::ExactId => r.exact_id,
        }
    }

    /// The model fields this part reads (training excludes them from EM in a
    /// session blocked on this part, since they are conditioned on).
    pub fn field(self) -> crate::record::Field {
        use crate::record::Field;
        match self {
            KeyPart::FirstInitial | KeyPart::FirstPhonetic => Field::FirstName,
            KeyPart::LastInitial | KeyPart::LastPhonetic => Field::LastName,
            KeyPart::Dob
            | KeyPart::DobSwapTolerant
            | KeyPart::BirthMonthDay
            | KeyPart::BirthYear => Field::Dob,
            KeyPart::Zip => Field::Zip,
            KeyPart::Street => Field::StreetAddress,
            KeyPart::ExactId => Field::Sex, // not a model field; never used in training sessions
        }
    }
}

/// A blocking rule: records agree on every part.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BlockingRule {
    /// Parts that must all be equal (and present).
    pub parts: Vec<KeyPart>,
}

impl BlockingRule {
    /// A rule from its parts.
    pub fn new(parts: &[KeyPart]) -> Self {
        Self {
            parts: parts.to_vec(),
        }
    }

    /// The key of a record under this rule; 0 when any part is missing.
    #[inline]
    pub fn key(&self, r: &PreparedRecord) -> u64 {
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        for p in &self.parts {
            let v = p.value(r);
            if v == 0 {
                return 0;
            }
            h = mix(h ^ v.wrapping_mul(0x2545_f491_4f6c_dd1d)).rotate_left(17);
        }
        h.max(1)
    }

    /// Human-readable name, e.g. `first_phonetic+last_phonetic`.
    pub fn name(&self) -> String {
        self.parts
            .iter()
            .map(|p| {
                serde_json::to_value(p)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("+")
    }
}

/// The default rules, chosen for recall under the errors seen in education
/// and wage records: phonetic names catch typos in both names; the
/// swap-tolerant DOB with either name catches married-name changes, nicknames
/// and day/month swaps; month-day with first name and last initial catches a
/// wrong birth year; DOB with ZIP, and the street line with ZIP, catch people
/// who stayed put while their names were mangled.
pub fn default_rules() -> Vec<BlockingRule> {
    use KeyPart::*;
    vec![
        BlockingRule::new(&[ExactId]),
        BlockingRule::new(&[FirstPhonetic, LastPhonetic]),
        BlockingRule::new(&[DobSwapTolerant, FirstInitial]),
        BlockingRule::new(&[DobSwapTolerant, LastPhonetic]),
        BlockingRule::new(&[BirthMonthDay, FirstPhonetic, LastInitial]),
        BlockingRule::new(&[DobSwapTolerant, Zip]),
        BlockingRule::new(&[Street, Zip]),
    ]
}

/// Precomputed keys of every record under every rule.
struct RuleKeys {
    /// `packed[record * rules + rule]`: a record's keys side by side, so the
    /// "caught by an earlier rule" test reads one cache line per record.
    packed: Vec<u64>,
    /// Per rule: (key, record) sorted by key, missing keys dropped.
    sorted: Vec<Vec<(u64, u32)>>,
}

impl RuleKeys {
    fn build(rules: &[BlockingRule], recs: &[PreparedRecord]) -> Self {
        let n = rules.len();
        // Every key of a record in one pass, written straight into `packed`.
        let mut packed = vec![0u64; recs.len() * n];
        if n > 0 {
            packed
                .par_chunks_mut(n)
                .zip(recs.par_iter())
                .for_each(|(ks, x)| {
                    for (k, r) in ks.iter_mut().zip(rules) {
                        *k = r.key(x);
                    }
                });
        }
        // One rule per task: each is a serial filter and bucket sort.
        let sorted = (0..n)
            .into_par_iter()
            .map(|r| {
                let mut v: Vec<(u64, u32)> = packed
                    .chunks(n)
                    .enumerate()
                    .filter(|(_, ks)| ks[r] != 0)
                    .map(|(i, ks)| (ks[r], i as u32))
                    .collect();
                sort_by_key_then_index(&mut v);
                v
            })
            .collect();
        RuleKeys { packed, sorted }
    }
}

/// Sorts `(key, record)` entries by key, then record, as `sort_unstable`
/// would. Keys are well-mixed hashes, so one counting pass on the top bits
/// spreads them evenly over a few thousand buckets (few enough that the
/// scatter writes stay cache-friendly), and each bucket is then sorted on
/// its own, in cache (this sort runs twelve times on a million entries in
/// a 1M × 1M link).
pub(crate) fn sort_by_key_then_index(v: &mut Vec<(u64, u32)>) {
    if v.len() < 1 << 14 {
        v.sort_unstable();
        return;
    }
    // A few hundred entries per bucket, at most 4,096 buckets.
    let bits = (usize::BITS - (v.len() / 256).leading_zeros()).min(12);
    let shift = 64 - bits;
    let mut starts = vec![0u32; (1usize << bits) + 1];
    for &(k, _) in v.iter() {
        starts[(k >> shift) as usize + 1] += 1;
    }
    for b in 0..1usize << bits {
        starts[b + 1] += starts[b];
    }
    let mut out = vec![(0u64, 0u32); v.len()];
    let mut fill = starts.clone();
    for &e in v.iter() {
        let b = (e.0 >> shift) as usize;
        out[fill[b] as usize] = e;
        fill[b] += 1;
    }
    for w in starts.windows(2) {
        let bucket = &mut out[w[0] as usize..w[1] as usize];
        if bucket.len() > 1 {
            bucket.sort_unstable();
        }
    }
    *v = out;
}

/// A block: records sharing one key under one rule.
#[derive(Debug, Clone, Copy)]
struct Block {
    rule: u16,
    left: (u32, u32),
    right: (u32, u32),
}

fn group_ends(v: &[(u64, u32)], start: usize) -> usize {
    let k = v[start].0;
    let mut e = start + 1;
    while e < v.len() && v[e].0 == k {
        e += 1;
    }
    e
}

/// Statistics of a blocking pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct BlockingStats {
    /// Pairs each rule yields before removing pairs already caught by earlier rules.
    pub pairs_per_rule: Vec<u64>,
    /// Pairs in blocks skipped for exceeding the size limit.
    pub skipped_pairs: u64,
}

impl BlockingStats {
    /// Upper bound on candidate pairs (sum over rules).
    pub fn total_before_dedup(&self) -> u64 {
        self.pairs_per_rule.iter().sum()
    }
}

/// Candidate-pair generator over two sources (link) or one (dedupe).
pub struct Blocker<'a> {
    rules: &'a [BlockingRule],
    left: RuleKeys,
    right: Option<RuleKeys>,
    blocks: Vec<Block>,
    stats: BlockingStats,
}

impl<'a> Blocker<'a> {
    /// Prepares blocks. `right = None` means dedupe within `left`. Blocks
    /// yielding more than `max_block_pairs` are skipped (and counted).
    pub fn new(
        rules: &'a [BlockingRule],
        left: &[PreparedRecord],
        right: Option<&[PreparedRecord]>,
        max_block_pairs: u64,
    ) -> Self {
        let (lk, rk) = rayon::join(
            || RuleKeys::build(rules, left),
            || right.map(|r| RuleKeys::build(rules, r)),
        );
        let mut blocks = Vec::new();
        let mut stats = BlockingStats {
            pairs_per_rule: vec![0; rules.len()],
            skipped_pairs: 0,
        };
        for (ri, ls) in lk.sorted.iter().enumerate() {
            let mut push = |b: Block, pairs: u64| {
                if pairs == 0 {
                    return;
                }
                if pairs > max_block_pairs {
                    stats.skipped_pairs += pairs;
                } else {
                    stats.pairs_per_rule[ri] += pairs;
                    blocks.push(b);
                }
            };
            match &rk {
                None => {
                    let mut s = 0;
                    while s < ls.len() {
                        let e = group_ends(ls, s);
                        let n = (e - s) as u64;
                        let b = Block {
                            rule: ri as u16,
                            left: (s as u32, e as u32),
                            right: (s as u32, e as u32),
                        };
                        push(b, n * (n - 1) / 2);
                        s = e;
                    }
                }
                Some(rk) => {
                    let rs = &rk.sorted[ri];
                    let (mut i, mut j) = (0, 0);
                    while i < ls.len() && j < rs.len() {
                        match ls[i].0.cmp(&rs[j].0) {
                            std::cmp::Ordering::Less => i = group_ends(ls, i),
                            std::cmp::Ordering::Greater => j = group_ends(rs, j),
                            std::cmp::Ordering::Equal => {
                                let (ie, je) = (group_ends(ls, i), group_ends(rs, j));
                                let b = Block {
                                    rule: ri as u16,
                                    left: (i as u32, ie as u32),
                                    right: (j as u32, je as u32),
                                };
                                push(b, ((ie - i) * (je - j)) as u64);
                                i = ie;
                                j = je;
                            }
                        }
                    }
                }
            }
        }
        // Big blocks first so rayon's work-stealing balances the tail.
        blocks.par_sort_by_key(|b| {
            std::cmp::Reverse(u64::from(b.left.1 - b.left.0) * u64::from(b.right.1 - b.right.0))
        });
        Blocker {
            rules,
            left: lk,
            right: rk,
            blocks,
            stats,
        }
    }

    /// Pair counts per rule, available before any pair is scored.
    pub fn stats(&self) -> &BlockingStats {
        &self.stats
    }

    /// Number of rules.
    pub fn num_rules(&self) -> usize {
        self.rules.len()
    }

    #[inline]
    fn caught_earlier(&self, rule: usize, i: u32, j: u32) -> bool {
        let rk = self.right.as_ref().unwrap_or(&self.left);
        let n = self.rules.len();
        let a = &self.left.packed[i as usize * n..][..rule];
        let b = &rk.packed[j as usize * n..][..rule];
        a.iter().zip(b).any(|(x, y)| *x != 0 && x == y)
    }

    /// Visits every distinct candidate pair `(i, j)` once — `i` indexes the
    /// left source, `j` the right (for dedupe, `i < j`) — folding per-thread
    /// accumulators in parallel across blocks, then reducing them.
    pub fn fold_pairs<T, I, V, R>(&self, init: I, visit: V, reduce: R) -> T
    where
        T: Send,
        I: Fn() -> T + Sync + Send,
        V: Fn(&mut T, u32, u32) + Sync + Send,
        R: Fn(T, T) -> T + Sync + Send,
    {
        self.fold_pairs_hinted(init, visit, reduce, |_| {}, |_| {})
    }

    /// [`Blocker::fold_pairs`], calling `hint_left(i)` / `hint_right(j)` a
    /// little before the records `i` and `j` are visited, so the caller can
    /// prefetch them (see [`crate::hint`]). The pairs visited are the same.
    pub fn fold_pairs_hinted<T, I, V, R, HL, HR>(
        &self,
        init: I,
        visit: V,
        reduce: R,
        hint_left: HL,
        hint_right: HR,
    ) -> T
    where
        T: Send,
        I: Fn() -> T + Sync + Send,
        V: Fn(&mut T, u32, u32) + Sync + Send,
        R: Fn(T, T) -> T + Sync + Send,
        HL: Fn(u32) + Sync + Send,
        HR: Fn(u32) + Sync + Send,
    {
        /// Records of a block hinted ahead, per side.
        const AHEAD: u32 = 24;
        let dedupe = self.right.is_none();
        let n = self.rules.len();
        let rk = self.right.as_ref().unwrap_or(&self.left);
        let sorted = |b: &Block| {
            let ls = &self.left.sorted[b.rule as usize];
            (ls, rk.sorted.get(b.rule as usize).unwrap_or(ls))
        };
        // Blocks are scored in order within each thread's range, so while
        // block k is scored, block k + 1's records and block k + 2's sorted
        // entries are requested.
        let hint_block = |k: usize| {
            if let Some(b) = self.blocks.get(k + 2) {
                let (ls, rs) = sorted(b);
                crate::hint::prefetch(&ls[b.left.0 as usize]);
                crate::hint::prefetch(&rs[b.right.0 as usize]);
            }
            let Some(b) = self.blocks.get(k + 1) else {
                return;
            };
            let (ls, rs) = sorted(b);
            for &(_, i) in &ls[b.left.0 as usize..b.left.1.min(b.left.0 + AHEAD) as usize] {
                hint_left(i);
                crate::hint::prefetch(&self.left.packed[i as usize * n]);
            }
            if !dedupe {
                for &(_, j) in &rs[b.right.0 as usize..b.right.1.min(b.right.0 + AHEAD) as usize] {
                    hint_right(j);
                    crate::hint::prefetch(&rk.packed[j as usize * n]);
                }
            }
        };
        self.blocks
            .par_iter()
            .enumerate()
            .fold(&init, |mut acc, (k, b)| {
                hint_block(k);
                let rule = b.rule as usize;
                let (ls, rs) = sorted(b);
                for li in b.left.0..b.left.1 {
                    let i = ls[li as usize].1;
                    if li + 2 >= b.left.0 + AHEAD && li + 2 < b.left.1 {
                        let ahead = ls[li as usize + 2].1;
                        hint_left(ahead);
                        crate::hint::prefetch(&self.left.packed[ahead as usize * n]);
                    }
                    let start = if dedupe { li + 1 } else { b.right.0 };
                    let first_row = li == b.left.0;
                    for rj in start..b.right.1 {
                        // Records beyond those hinted with the block.
                        if first_row
                            && rj >= b.right.0 + AHEAD
                            && rj + 8 < b.right.1
                            && let Some(&(_, ahead)) = rs.get(rj as usize + 8)
                        {
                            if dedupe {
                                hint_left(ahead);
                            } else {
                                hint_right(ahead);
                            }
                            crate::hint::prefetch(&rk.packed[ahead as usize * n]);
                        }
                        let j = rs[rj as usize].1;
                        let (a, c) = if dedupe && j < i { (j, i) } else { (i, j) };
                        if !self.caught_earlier(rule, a, c) {
                            visit(&mut acc, a, c);
                        }
                    }
                }
                acc
            })
            .reduce(&init, reduce)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Field, InputRecord};
    use std::collections::HashSet;

    fn recs(rows: &[(&str, &str, &str)]) -> Vec<PreparedRecord> {
        rows.iter()
            .map(|(f, l, d)| {
                let r = InputRecord::new(
                    "x",
                    &[(Field::FirstName, f), (Field::LastName, l), (Field::Dob, d)],
                );
                PreparedRecord::from_raw(&r.values, None).unwrap()
            })
            .collect()
    }

    fn pairs(b: &Blocker<'_>) -> Vec<(u32, u32)> {
        b.fold_pairs(
            Vec::new,
            |v, i, j| v.push((i, j)),
            |mut a, b| {
                a.extend(b);
                a
            },
        )
    }

    #[test]
    fn each_pair_is_produced_once_across_rules() {
        let l = recs(&[("Ann", "Lee", "2001-01-02"), ("Bob", "Ray", "2002-03-04")]);
        let r = recs(&[
            ("Ann", "Lee", "2001-01-02"),
            ("Ann", "Lea", "2001-02-01"),
            ("Rob", "Ray", ""),
        ]);
        let rules = default_rules();
        let b = Blocker::new(&rules, &l, Some(&r), u64::MAX);
        let mut p = pairs(&b);
        let n = p.len();
        p.sort_unstable();
        p.dedup();
        assert_eq!(p.len(), n, "duplicates produced");
        assert!(p.contains(&(0, 0)));
        assert!(
            p.contains(&(0, 1)),
            "swap-tolerant rule must catch day/month swap"
        );
        assert!(b.stats().total_before_dedup() >= n as u64);
    }

    #[test]
    fn dedupe_pairs_are_ordered_and_distinct() {
        let l = recs(&[
            ("Ann", "Lee", "2001-01-02"),
            ("Anne", "Lee", "2001-01-02"),
            ("Ann", "Leigh", "2001-01-02"),
        ]);
        let rules = default_rules();
        let b = Blocker::new(&rules, &l, None, u64::MAX);
        let p: HashSet<(u32, u32)> = pairs(&b).into_iter().collect();
        assert_eq!(p, HashSet::from([(0, 1), (0, 2), (1, 2)]));
    }

    #[test]
    fn bucket_sort_equals_a_comparison_sort() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        for n in [0usize, 1, 100, 5_000, 70_000] {
            // Hashed keys, repeated keys, and a pile of zeros (missing keys
            // all land in bucket 0).
            let v: Vec<(u64, u32)> = (0..n)
                .map(|i| {
                    let k = match rng.random_range(0..4) {
                        0 => 0,
                        1 => mix(rng.random_range(0..50u64) + 1),
                        _ => rng.random::<u64>(),
                    };
                    (k, (n - i) as u32)
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v;
            sort_by_key_then_index(&mut got);
            assert_eq!(got, want, "{n}");
        }
    }

    #[test]
    fn oversized_blocks_are_skipped_and_counted() {
        let l = recs(&[("Ann", "Lee", "2001-01-02"); 5]);
        let rules = vec![BlockingRule::new(&[KeyPart::FirstInitial])];
        let b = Blocker::new(&rules, &l, None, 3);
        assert_eq!(b.stats().skipped_pairs, 10);
        assert!(pairs(&b).is_empty());
    }
}
