//! Linking CLKs: Dice similarity, popcount-bounded candidate search and
//! greedy one-to-one solving — the approach of `anonlink`
//! (Data61, `anonlink.candidate_generation` and `anonlink.solving.greedy_solve`).
//!
//! Dice(A, B) = 2|A∩B| / (|A| + |B|) ≤ 2·min(|A|,|B|) / (|A| + |B|), so for a
//! threshold t only right-hand CLKs whose popcount lies in
//! `[|A|·t/(2−t), |A|·(2−t)/t]` can qualify; sorting by popcount turns that
//! bound into a contiguous range, which is where most of the speed comes from.

use rayon::prelude::*;

use super::kernel::{self, LANES, Level, Probe, Transposed};

/// A CLK as 64-bit words (bit order is irrelevant to Dice), with its popcount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clk {
    /// Packed bits.
    pub words: Vec<u64>,
    /// Number of set bits.
    pub popcount: u32,
}

impl Clk {
    /// From clkhash bytes.
    pub fn from_bytes(b: &[u8]) -> Self {
        let words: Vec<u64> = b
            .chunks(8)
            .map(|c| {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                u64::from_be_bytes(w)
            })
            .collect();
        let popcount = words.iter().map(|w| w.count_ones()).sum();
        Clk { words, popcount }
    }
}

/// Sørensen–Dice coefficient of two CLKs (0 when both are empty).
#[inline]
pub fn dice(a: &Clk, b: &Clk) -> f64 {
    let total = a.popcount + b.popcount;
    if total == 0 {
        return 0.0;
    }
    let inter = kernel::and_popcount(kernel::level(), &a.words, &b.words);
    2.0 * f64::from(inter) / f64::from(total)
}

/// Finds pairs with Dice ≥ `threshold` and resolves them greedily one-to-one
/// (highest similarity first; ties by left then right index). Returns
/// `(left, right, similarity)` sorted by left index.
///
/// Every pair inside the popcount bound is compared (anonlink's exhaustive
/// candidate generation). The intersections come from the AND-popcount
/// kernel of [`super::kernel`] — AVX-512 VPOPCNTDQ where the CPU has it,
/// eight right CLKs per instruction — with an integer prefilter in the inner
/// loop; survivors get the exact test `2·|A∧B| / (|A|+|B|) ≥ threshold` in
/// `f64`, so the link set does not depend on the instruction set. CLKs whose
/// length differs from the first right CLK's are never matched.
pub fn match_clks(left: &[Clk], right: &[Clk], threshold: f64) -> Vec<(u32, u32, f64)> {
    match_clks_at(kernel::level(), left, right, threshold)
}

/// Left CLKs per parallel task; they share each right tile while it is in cache.
const LEFT_TILE: usize = 128;
/// Right CLKs per tile: 1,024 CLKs of 1,024 bits are 128 KiB, well inside L2.
const RIGHT_TILE: usize = 1024;

/// [`match_clks`] with a chosen kernel level (tests compare the levels).
pub(crate) fn match_clks_at(
    level: Level,
    left: &[Clk],
    right: &[Clk],
    threshold: f64,
) -> Vec<(u32, u32, f64)> {
    let words = right.first().map_or(0, |c| c.words.len());
    // Right CLKs in popcount order (stable: ties by index), so each left
    // CLK's popcount bound is one contiguous range of positions.
    let mut order: Vec<u32> = (0..right.len() as u32)
        .filter(|&j| right[j as usize].words.len() == words)
        .collect();
    order.sort_by_key(|&j| right[j as usize].popcount);
    let pops: Vec<u32> = order.iter().map(|&j| right[j as usize].popcount).collect();
    let table = Transposed::new(
        words,
        order.iter().map(|&j| right[j as usize].words.as_slice()),
    );
    let t = threshold.clamp(1e-9, 1.0);
    let range = |pa: u32| {
        let pa = f64::from(pa);
        let lo = (pa * t / (2.0 - t)).ceil() as u32;
        let hi = (pa * (2.0 - t) / t).floor() as u32;
        (
            pops.partition_point(|&p| p < lo),
            pops.partition_point(|&p| p <= hi),
        )
    };
    let q = kernel::prefilter_factor(threshold);
    // Left CLKs in popcount order too, so a tile of them needs one narrow
    // band of the right side.
    let mut lorder: Vec<u32> = (0..left.len() as u32)
        .filter(|&i| left[i as usize].words.len() == words)
        .collect();
    lorder.sort_by_key(|&i| left[i as usize].popcount);
    let mut cands: Vec<(u32, u32, f64)> = lorder
        .par_chunks(LEFT_TILE)
        .flat_map_iter(|tile| {
            let lefts: Vec<(&Clk, u32, usize, usize)> = tile
                .iter()
                .map(|&i| {
                    let (s, e) = range(left[i as usize].popcount);
                    (&left[i as usize], i, s, e)
                })
                .collect();
            let mut found = Vec::new();
            let (Some(band_start), Some(band_end)) = (
                lefts.iter().map(|x| x.2).min(),
                lefts.iter().map(|x| x.3).max(),
            ) else {
                return found.into_iter();
            };
            let mut hits = Vec::new();
            // Tiles start on block boundaries so no block is read twice.
            let mut ts = band_start - band_start % LANES;
            while ts < band_end {
                let te = (ts + RIGHT_TILE).min(band_end);
                for &(a, i, s, e) in &lefts {
                    hits.clear();
                    let probe = Probe {
                        words: &a.words,
                        popcount: a.popcount,
                        q,
                    };
                    kernel::scan(level, &table, &probe, s.max(ts), e.min(te), &mut hits);
                    for &(pos, inter) in &hits {
                        let total = a.popcount + pops[pos as usize];
                        if total == 0 {
                            continue;
                        }
                        let sim = 2.0 * f64::from(inter) / f64::from(total);
                        if sim >= threshold {
                            found.push((i, order[pos as usize], sim));
                        }
                    }
                }
                ts = te;
            }
            found.into_iter()
        })
        .collect();
    greedy(&mut cands, left.len(), right.len())
}

/// Hamming locality-sensitive hashing for CLKs: `tables` keys per CLK, each
/// the values of `bits` bit positions drawn at random (bit sampling; Indyk &
/// Motwani 1998). Two CLKs become candidates when any key agrees. Matches
/// differ in few bits, so they collide in some table with high probability,
/// while unrelated CLKs almost never do — the HLSH blocking of Durham,
/// "A framework for accurate, efficient private record linkage" (2012), and
/// Karapiperis & Verykios (*IEEE TKDE* 27, 2015).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LshBlocking {
    /// Number of hash tables (more: higher recall, more candidates).
    pub tables: usize,
    /// Bits sampled per table, at most 16 (more: fewer candidates per table).
    pub bits: usize,
    /// Seed of the sampled positions (both sides must use the same).
    pub seed: u64,
}

impl Default for LshBlocking {
    /// 128 tables of 16 informative bits. On the benchmark's 100k × 100k CLKs
    /// (bench/linkage/RESULTS.md) this keeps 99.5% of the links exhaustive
    /// matching finds while comparing a small fraction of the pairs; use
    /// exhaustive matching where every last link matters.
    fn default() -> Self {
        Self {
            tables: 128,
            bits: 16,
            seed: 0x11a5_5eed,
        }
    }
}

/// Draws each table's bit positions among informative bits only: bits set
/// in 20–80% of the CLKs. Bloom filters have bits that nearly every record
/// sets (common n-grams, the sex token, date digits) or none does; sampling
/// those would put most records in one bucket.
fn sampled_positions(cfg: &LshBlocking, clks: &[Clk]) -> Vec<Vec<usize>> {
    use rand::{Rng, SeedableRng};
    let nbits = clks.first().map_or(0, |c| c.words.len() * 64);
    let mut ones = vec![0u32; nbits];
    for c in clks {
        for (w, word) in c.words.iter().enumerate() {
            let mut x = *word;
            while x != 0 {
                let b = x.leading_zeros() as usize;
                ones[w * 64 + b] += 1;
                x &= !(1u64 << (63 - b));
            }
        }
    }
    let n = clks.len().max(1) as f64;
    let mut pool: Vec<usize> = (0..nbits)
        .filter(|&p| (0.2..=0.8).contains(&(f64::from(ones[p]) / n)))
        .collect();
    if pool.len() < cfg.bits.min(16) {
        pool = (0..nbits).collect();
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(cfg.seed);
    (0..cfg.tables)
        .map(|_| {
            (0..cfg.bits.min(16))
                .map(|_| {
                    pool.get(rng.random_range(0..pool.len().max(1)))
                        .copied()
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect()
}

#[inline]
fn lsh_key(words: &[u64], positions: &[usize]) -> usize {
    let mut k = 0usize;
    for &p in positions {
        let bit = words.get(p >> 6).map_or(0, |w| (w >> (63 - (p & 63))) & 1);
        k = (k << 1) | bit as usize;
    }
    k
}

/// [`match_clks`] restricted to pairs that share an LSH bucket: the same
/// similarity, threshold and greedy solving, on far fewer comparisons; the
/// price is a small, measurable loss of recall (see `bench/linkage`).
pub fn match_clks_blocked(
    left: &[Clk],
    right: &[Clk],
    threshold: f64,
    cfg: &LshBlocking,
) -> Vec<(u32, u32, f64)> {
    let positions = sampled_positions(cfg, right);
    let buckets = 1usize << cfg.bits.min(16);
    // Per table, a counting sort of right records by key: offsets + members.
    let tables: Vec<(Vec<u32>, Vec<u32>)> = positions
        .par_iter()
        .map(|pos| {
            let keys: Vec<usize> = right.iter().map(|c| lsh_key(&c.words, pos)).collect();
            let mut offsets = vec![0u32; buckets + 1];
            for &k in &keys {
                offsets[k + 1] += 1;
            }
            for b in 0..buckets {
                offsets[b + 1] += offsets[b];
            }
            let mut fill = offsets.clone();
            let mut members = vec![0u32; right.len()];
            for (j, &k) in keys.iter().enumerate() {
                members[fill[k] as usize] = j as u32;
                fill[k] += 1;
            }
            (offsets, members)
        })
        .collect();
    let level = kernel::level();
    let t = threshold.clamp(1e-9, 1.0);
    let mut cands: Vec<(u32, u32, f64)> = left
        .par_iter()
        .enumerate()
        .map_init(Vec::<u32>::new, |cand, (i, a)| {
            cand.clear();
            for (pos, (offsets, members)) in positions.iter().zip(&tables) {
                let k = lsh_key(&a.words, pos);
                cand.extend_from_slice(&members[offsets[k] as usize..offsets[k + 1] as usize]);
            }
            cand.sort_unstable();
            cand.dedup();
            let pa = f64::from(a.popcount);
            let (lo, hi) = (
                (pa * t / (2.0 - t)).ceil() as u32,
                (pa * (2.0 - t) / t).floor() as u32,
            );
            cand.retain(|&j| (lo..=hi).contains(&right[j as usize].popcount));
            let mut found = Vec::new();
            for &j in cand.iter() {
                let b = &right[j as usize];
                let total = a.popcount + b.popcount;
                if total == 0 || b.words.len() != a.words.len() {
                    continue;
                }
                let inter = kernel::and_popcount(level, &a.words, &b.words);
                let s = 2.0 * f64::from(inter) / f64::from(total);
                if s >= threshold {
                    found.push((i as u32, j, s));
                }
            }
            found
        })
        .flatten_iter()
        .collect();
    greedy(&mut cands, left.len(), right.len())
}

/// Greedy one-to-one solving (anonlink's `greedy_solve`): by descending
/// similarity, ties by left then right index.
fn greedy(cands: &mut [(u32, u32, f64)], nl: usize, nr: usize) -> Vec<(u32, u32, f64)> {
    cands.par_sort_unstable_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut used_l = vec![false; nl];
    let mut used_r = vec![false; nr];
    let mut out = Vec::new();
    for &(i, j, s) in cands.iter() {
        if !used_l[i as usize] && !used_r[j as usize] {
            used_l[i as usize] = true;
            used_r[j as usize] = true;
            out.push((i, j, s));
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_of_known_sets() {
        let a = Clk::from_bytes(&[0b1111_0000]);
        let b = Clk::from_bytes(&[0b1100_1100]);
        assert!((dice(&a, &b) - 0.5).abs() < 1e-12);
        assert_eq!(dice(&a, &a), 1.0);
    }

    #[test]
    fn blocked_matching_finds_near_duplicates() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mk = |rng: &mut rand_chacha::ChaCha8Rng| -> Vec<u8> {
            (0..128)
                .map(|_| rng.random::<u8>() & rng.random::<u8>())
                .collect()
        };
        let left: Vec<Vec<u8>> = (0..300).map(|_| mk(&mut rng)).collect();
        // Right: the left CLKs with 3% of bits flipped, in reverse order.
        let right: Vec<Clk> = left
            .iter()
            .rev()
            .map(|b| {
                let mut b = b.clone();
                for _ in 0..30 {
                    let p = rng.random_range(0..1024);
                    b[p / 8] ^= 0x80 >> (p % 8);
                }
                Clk::from_bytes(&b)
            })
            .collect();
        let left: Vec<Clk> = left.iter().map(|b| Clk::from_bytes(b)).collect();
        let exhaustive = match_clks(&left, &right, 0.8);
        let blocked = match_clks_blocked(&left, &right, 0.8, &LshBlocking::default());
        assert_eq!(exhaustive.len(), 300);
        assert!(
            exhaustive
                .iter()
                .all(|&(i, j, _)| i as usize + j as usize == 299)
        );
        assert_eq!(blocked, exhaustive);
    }

    /// Every pair, straight from the definition, then the same greedy solver.
    fn naive(left: &[Clk], right: &[Clk], threshold: f64) -> Vec<(u32, u32, f64)> {
        let mut cands = Vec::new();
        for (i, a) in left.iter().enumerate() {
            for (j, b) in right.iter().enumerate() {
                let total = a.popcount + b.popcount;
                if a.words.len() != b.words.len() || total == 0 {
                    continue;
                }
                let inter: u32 = a
                    .words
                    .iter()
                    .zip(&b.words)
                    .map(|(x, y)| (x & y).count_ones())
                    .sum();
                let sim = 2.0 * f64::from(inter) / f64::from(total);
                if sim >= threshold {
                    cands.push((i as u32, j as u32, sim));
                }
            }
        }
        greedy(&mut cands, left.len(), right.len())
    }

    #[test]
    fn exhaustive_matching_equals_the_definition_at_every_kernel_level() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        // (bits, left, right): odd lengths, 1000 bits (not a multiple of
        // 512), and enough right CLKs for several right tiles.
        for (bits, nl, nr) in [
            (1000, 150, 200),
            (1024, 300, 1100),
            (2048, 140, 160),
            (72, 60, 80),
        ] {
            let bytes = bits / 8;
            let mk = |rng: &mut rand_chacha::ChaCha8Rng| -> Vec<u8> {
                let dense = rng.random_bool(0.5);
                (0..bytes)
                    .map(|_| {
                        let x = rng.random::<u8>() & rng.random::<u8>();
                        if dense { x | rng.random::<u8>() } else { x }
                    })
                    .collect()
            };
            let lb: Vec<Vec<u8>> = (0..nl).map(|_| mk(&mut rng)).collect();
            // Right: noisy copies of some left CLKs (1–12% of bits flipped,
            // so similarities straddle the thresholds) among unrelated ones.
            let mut rb: Vec<Vec<u8>> = (0..nr)
                .map(|n| {
                    if n < nl * 2 / 3 {
                        let mut b = lb[n].clone();
                        let flips = rng.random_range(bits / 100..=bits * 12 / 100);
                        for _ in 0..flips {
                            let p = rng.random_range(0..bits);
                            b[p / 8] ^= 0x80 >> (p % 8);
                        }
                        b
                    } else {
                        mk(&mut rng)
                    }
                })
                .collect();
            for k in (1..rb.len()).rev() {
                rb.swap(k, rng.random_range(0..=k));
            }
            let left: Vec<Clk> = lb.iter().map(|b| Clk::from_bytes(b)).collect();
            let right: Vec<Clk> = rb.iter().map(|b| Clk::from_bytes(b)).collect();
            for threshold in [0.6, 0.8, 0.9] {
                let want = naive(&left, &right, threshold);
                if threshold < 0.85 {
                    assert!(want.len() >= nl / 4, "{bits} bits: {} links", want.len());
                }
                for level in kernel::supported_levels() {
                    let got = match_clks_at(level, &left, &right, threshold);
                    assert_eq!(got, want, "{bits} bits, threshold {threshold}, {level:?}");
                }
                assert_eq!(match_clks(&left, &right, threshold), want);
            }
        }
    }

    #[test]
    fn clks_of_another_length_are_never_matched() {
        let a = Clk::from_bytes(&[0xFF; 16]);
        let short = Clk::from_bytes(&[0xFF; 8]);
        let m = match_clks(&[short.clone(), a.clone()], &[a.clone(), short], 0.5);
        assert_eq!(m.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(), [(1, 0)]);
    }

    #[test]
    fn greedy_is_one_to_one() {
        let a = Clk::from_bytes(&[0xFF, 0x00]);
        let b = Clk::from_bytes(&[0xFE, 0x00]);
        let c = Clk::from_bytes(&[0x00, 0xFF]);
        let m = match_clks(&[a.clone(), c.clone()], &[b, a, c], 0.8);
        assert_eq!(
            m.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
            [(0, 1), (1, 2)]
        );
    }
}
