//! AND-popcount kernels for CLK comparison, chosen once at run time.
//!
//! Dice similarity needs |A ∧ B| for every compared pair, and exhaustive
//! matching compares billions of pairs, so this is the one hot loop of CLK
//! linkage. On x86-64 CPUs with AVX-512 VPOPCNTDQ (Intel Ice Lake and later,
//! AMD Zen 4 and later) one instruction counts the bits of eight 64-bit
//! words; with AVX2 (Intel Haswell and later, every AMD Zen) the bits of
//! four words are counted by nibble lookups with `vpshufb`; elsewhere a
//! scalar loop (with the `popcnt` instruction when the CPU has it) computes
//! exactly the same numbers.
//!
//! [`Transposed`] stores CLKs eight at a time, word-interleaved: word k of
//! eight consecutive CLKs is one 64-byte row. The SIMD kernel then ANDs one
//! left word (broadcast) with eight right CLKs at once and never needs a
//! horizontal sum, which works for any CLK length — lengths that are not a
//! multiple of 512 bits need no tail handling at all. [`and_popcount`], for
//! two contiguous CLKs, uses a masked load for the last partial 512 bits.
//!
//! With [`crate::hint`] (a prefetch), this is the only module of the crate
//! with `unsafe` code: calling a `#[target_feature]` function and loading
//! from raw pointers. Each block says why it is sound.
#![allow(unsafe_code)]

use std::sync::OnceLock;

/// Instruction set a kernel uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Portable `u64::count_ones`, compiled for the baseline target.
    Scalar,
    /// The same loop compiled with the `popcnt` instruction.
    #[cfg(target_arch = "x86_64")]
    Popcnt,
    /// AVX2: bytes counted by nibble table lookups (`vpshufb`), four words
    /// per instruction, summed with `vpsadbw`.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// AVX-512F with VPOPCNTDQ: eight words per instruction.
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

/// The best level this CPU supports, detected on first use and cached.
pub(crate) fn level() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(detect)
}

fn detect() -> Level {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512vpopcntdq")
        {
            return Level::Avx512;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            return Level::Avx2;
        }
        if std::arch::is_x86_feature_detected!("popcnt") {
            return Level::Popcnt;
        }
    }
    Level::Scalar
}

/// Levels this CPU can run, best last (for tests that compare them).
#[cfg(test)]
pub(crate) fn supported_levels() -> Vec<Level> {
    let mut v = vec![Level::Scalar];
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("popcnt") {
            v.push(Level::Popcnt);
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            v.push(Level::Avx2);
        }
        if detect() == Level::Avx512 {
            v.push(Level::Avx512);
        }
    }
    v
}

/// Lanes per block of [`Transposed`]: eight 64-bit words fill a 512-bit
/// register.
pub(crate) const LANES: usize = 8;

/// CLKs of one length in blocks of [`LANES`], word-interleaved:
/// `data[(block · words + k) · LANES + lane]` is word `k` of CLK
/// `block · LANES + lane`. The last block is padded with empty CLKs.
#[derive(Debug, Clone)]
pub(crate) struct Transposed {
    words: usize,
    len: usize,
    data: Vec<u64>,
    pops: Vec<u32>,
}

impl Transposed {
    /// Lays out `clks` (each `words` long; callers filter other lengths).
    pub(crate) fn new<'a>(words: usize, clks: impl ExactSizeIterator<Item = &'a [u64]>) -> Self {
        let len = clks.len();
        let blocks = len.div_ceil(LANES);
        let mut data = vec![0u64; blocks * words * LANES];
        let mut pops = vec![0u32; blocks * LANES];
        for (n, c) in clks.enumerate() {
            let (b, lane) = (n / LANES, n % LANES);
            for (k, &w) in c.iter().take(words).enumerate() {
                data[(b * words + k) * LANES + lane] = w;
            }
            pops[n] = popcount_scalar(c);
        }
        Self {
            words,
            len,
            data,
            pops,
        }
    }
}

/// Conservative integer form of `Dice ≥ threshold`, used to drop pairs in
/// the inner loop without floating point: a pair can pass only if
/// `4096 · |A∧B| ≥ q · (|A| + |B|)` with `q = ⌊2048 · threshold⌋ − 1`.
/// Whenever `2.0 · inter / total ≥ threshold` holds in `f64`, the true ratio
/// is at least `threshold · (1 − 2⁻⁵²)`, so `2048 · 2 · inter / total` exceeds
/// `2048 · threshold − 1 ≥ q`: every pair the exact test would accept passes.
/// Survivors get the exact floating-point test from the caller.
pub(crate) fn prefilter_factor(threshold: f64) -> u32 {
    let q = (threshold * 2048.0).floor() - 1.0;
    if q.is_nan() || q <= 0.0 {
        0
    } else {
        q.min(f64::from(u32::MAX >> 12)) as u32
    }
}

/// One left CLK to compare against a [`Transposed`] table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Probe<'a> {
    /// Its words (as long as the table's CLKs, or nothing is found).
    pub(crate) words: &'a [u64],
    /// Its popcount.
    pub(crate) popcount: u32,
    /// The prefilter factor, from [`prefilter_factor`].
    pub(crate) q: u32,
}

/// Finds the right CLKs at positions `start..end` whose intersection with
/// the probe passes its prefilter, appending `(position, |a ∧ b|)` to `out`
/// in position order.
pub(crate) fn scan(
    level: Level,
    right: &Transposed,
    probe: &Probe<'_>,
    start: usize,
    end: usize,
    out: &mut Vec<(u32, u32)>,
) {
    let end = end.min(right.len);
    if start >= end || probe.words.len() != right.words {
        return;
    }
    match level {
        Level::Scalar => scan_portable(right, probe, start, end, out),
        #[cfg(target_arch = "x86_64")]
        Level::Popcnt => {
            // SAFETY: `Level::Popcnt` is only produced by `detect` /
            // `supported_levels` after `is_x86_feature_detected!("popcnt")`.
            unsafe { scan_popcnt(right, probe, start, end, out) }
        }
        #[cfg(target_arch = "x86_64")]
        Level::Avx2 => {
            // SAFETY: `Level::Avx2` is only produced after detecting `avx2`
            // on this CPU.
            unsafe { avx2::scan(right, probe, start, end, out) }
        }
        #[cfg(target_arch = "x86_64")]
        Level::Avx512 => {
            // SAFETY: `Level::Avx512` is only produced after detecting both
            // `avx512f` and `avx512vpopcntdq` on this CPU.
            unsafe { avx512::scan(right, probe, start, end, out) }
        }
    }
}

/// |a ∧ b| for two CLKs of equal length (extra words of the longer ignored).
pub(crate) fn and_popcount(level: Level, a: &[u64], b: &[u64]) -> u32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    match level {
        Level::Scalar => and_popcount_scalar(a, b),
        #[cfg(target_arch = "x86_64")]
        Level::Popcnt => {
            // SAFETY: `Level::Popcnt` implies the CPU has `popcnt` (see `scan`).
            unsafe { and_popcount_popcnt(a, b) }
        }
        #[cfg(target_arch = "x86_64")]
        Level::Avx2 => {
            // SAFETY: `Level::Avx2` implies `avx2` (see `scan`); `a` and `b`
            // have equal length.
            unsafe { avx2::and_popcount(a, b) }
        }
        #[cfg(target_arch = "x86_64")]
        Level::Avx512 => {
            // SAFETY: `Level::Avx512` implies `avx512f` and `avx512vpopcntdq`
            // (see `scan`); `a` and `b` have equal length.
            unsafe { avx512::and_popcount(a, b) }
        }
    }
}

/// Set bits of a CLK.
pub(crate) fn popcount_scalar(a: &[u64]) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

#[inline(always)]
fn and_popcount_scalar(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn and_popcount_popcnt(a: &[u64], b: &[u64]) -> u32 {
    and_popcount_scalar(a, b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn scan_popcnt(
    right: &Transposed,
    probe: &Probe<'_>,
    start: usize,
    end: usize,
    out: &mut Vec<(u32, u32)>,
) {
    scan_portable(right, probe, start, end, out);
}

/// The reference kernel: the same blocks, the same prefilter, one lane at a
/// time.
#[inline(always)]
fn scan_portable(
    right: &Transposed,
    probe: &Probe<'_>,
    start: usize,
    end: usize,
    out: &mut Vec<(u32, u32)>,
) {
    let (a, pa, q) = (probe.words, probe.popcount, probe.q);
    let w = right.words;
    for block in start / LANES..end.div_ceil(LANES) {
        let rows = &right.data[block * w * LANES..(block + 1) * w * LANES];
        let mut inter = [0u32; LANES];
        for (k, &ak) in a.iter().enumerate() {
            let row = &rows[k * LANES..(k + 1) * LANES];
            for (acc, &b) in inter.iter_mut().zip(row) {
                *acc += (ak & b).count_ones();
            }
        }
        for (lane, &x) in inter.iter().enumerate() {
            let pos = block * LANES + lane;
            if pos < start || pos >= end {
                continue;
            }
            let total = u64::from(pa) + u64::from(right.pops[pos]);
            if 4096 * u64::from(x) >= u64::from(q) * total {
                out.push((pos as u32, x));
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{LANES, Probe, Transposed};
    use std::arch::x86_64::{
        __m256i, _mm_add_epi64, _mm_cvtsi128_si64, _mm_loadu_si128, _mm_unpackhi_epi64,
        _mm256_add_epi8, _mm256_add_epi64, _mm256_and_si256, _mm256_castsi256_pd,
        _mm256_cmpgt_epi64, _mm256_cvtepu32_epi64, _mm256_extracti128_si256, _mm256_loadu_si256,
        _mm256_movemask_pd, _mm256_mul_epu32, _mm256_sad_epu8, _mm256_set1_epi8,
        _mm256_set1_epi64x, _mm256_setr_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8,
        _mm256_slli_epi64, _mm256_srli_epi16, _mm256_storeu_si256,
    };

    /// Words whose byte counts (at most 8 each) can be summed in a byte
    /// before it could overflow: 31 · 8 = 248 ≤ 255.
    const FLUSH: usize = 31;

    /// Per-byte popcounts of `x`: each nibble looked up in a 16-entry
    /// table (Muła, Kurz & Lemire, "Faster population counts using AVX2
    /// instructions", *Computer Journal* 61, 2018).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn byte_counts(x: __m256i) -> __m256i {
        let table = _mm256_setr_epi8(
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2,
            3, 3, 4,
        );
        let low = _mm256_set1_epi8(0x0f);
        let lo = _mm256_shuffle_epi8(table, _mm256_and_si256(x, low));
        let hi = _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16::<4>(x), low));
        _mm256_add_epi8(lo, hi)
    }

    /// Sums the bytes of each 64-bit lane into that lane.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn lane_sums(bytes: __m256i) -> __m256i {
        _mm256_sad_epu8(bytes, _mm256_setzero_si256())
    }

    /// See [`super::scan`]; one row of eight right CLKs is two 256-bit
    /// registers, so a step ANDs one left word with eight right words.
    #[target_feature(enable = "avx2")]
    pub(super) fn scan(
        right: &Transposed,
        probe: &Probe<'_>,
        start: usize,
        end: usize,
        out: &mut Vec<(u32, u32)>,
    ) {
        let (a, pa, q) = (probe.words, probe.popcount, probe.q);
        let w = right.words;
        let vpa = _mm256_set1_epi64x(i64::from(pa));
        let vq = _mm256_set1_epi64x(i64::from(q));
        let first = start / LANES;
        let last = end.div_ceil(LANES);
        // `scan` clamps `end` to `right.len`, so every block below is inside
        // `data` (which holds `len.div_ceil(LANES)` blocks) and `pops`.
        let rows = &right.data[first * w * LANES..last * w * LANES];
        let pops = &right.pops[first * LANES..last * LANES];
        for (bi, (block, bpops)) in rows
            .chunks_exact(w * LANES)
            .zip(pops.chunks_exact(LANES))
            .enumerate()
        {
            let (mut sum0, mut sum1) = (_mm256_setzero_si256(), _mm256_setzero_si256());
            for (ak_chunk, rows_chunk) in a.chunks(FLUSH).zip(block.chunks(FLUSH * LANES)) {
                let (mut c0, mut c1) = (_mm256_setzero_si256(), _mm256_setzero_si256());
                for (&ak, row) in ak_chunk.iter().zip(rows_chunk.chunks_exact(LANES)) {
                    // SAFETY: `row` is 8 initialised u64s (64 bytes); the two
                    // unaligned 32-byte loads read `row[0..4]` and `row[4..8]`.
                    let (b0, b1) = unsafe {
                        (
                            _mm256_loadu_si256(row.as_ptr().cast::<__m256i>()),
                            _mm256_loadu_si256(row.as_ptr().add(4).cast::<__m256i>()),
                        )
                    };
                    let va = _mm256_set1_epi64x(ak as i64);
                    c0 = _mm256_add_epi8(c0, byte_counts(_mm256_and_si256(b0, va)));
                    c1 = _mm256_add_epi8(c1, byte_counts(_mm256_and_si256(b1, va)));
                }
                sum0 = _mm256_add_epi64(sum0, lane_sums(c0));
                sum1 = _mm256_add_epi64(sum1, lane_sums(c1));
            }
            // SAFETY: `bpops` is exactly 8 u32s = 32 bytes: two unaligned
            // 16-byte loads of `bpops[0..4]` and `bpops[4..8]`.
            let (p0, p1) = unsafe {
                (
                    _mm_loadu_si128(bpops.as_ptr().cast()),
                    _mm_loadu_si128(bpops.as_ptr().add(4).cast()),
                )
            };
            let total0 = _mm256_add_epi64(vpa, _mm256_cvtepu32_epi64(p0));
            let total1 = _mm256_add_epi64(vpa, _mm256_cvtepu32_epi64(p1));
            // 4096·inter ≥ q·total ⇔ ¬(q·total > 4096·inter); both sides are
            // below 2⁴⁴ (inter, total ≤ 128·words), so the signed compare is exact.
            let fail0 =
                _mm256_cmpgt_epi64(_mm256_mul_epu32(total0, vq), _mm256_slli_epi64::<12>(sum0));
            let fail1 =
                _mm256_cmpgt_epi64(_mm256_mul_epu32(total1, vq), _mm256_slli_epi64::<12>(sum1));
            let fails = (_mm256_movemask_pd(_mm256_castsi256_pd(fail0))
                | (_mm256_movemask_pd(_mm256_castsi256_pd(fail1)) << 4))
                as u32;
            let mut mask = !fails & 0xff;
            if mask == 0 {
                continue;
            }
            let block_start = (first + bi) * LANES;
            let mut counts = [0u64; LANES];
            // SAFETY: `counts` is 8 u64s = 64 bytes: two unaligned 32-byte
            // stores into `counts[0..4]` and `counts[4..8]`.
            unsafe {
                _mm256_storeu_si256(counts.as_mut_ptr().cast::<__m256i>(), sum0);
                _mm256_storeu_si256(counts.as_mut_ptr().add(4).cast::<__m256i>(), sum1);
            }
            while mask != 0 {
                let lane = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let pos = block_start + lane;
                if pos >= start && pos < end {
                    out.push((pos as u32, counts[lane] as u32));
                }
            }
        }
    }

    /// See [`super::and_popcount`]; four words per step, the last partial
    /// step word by word.
    #[target_feature(enable = "avx2")]
    pub(super) fn and_popcount(a: &[u64], b: &[u64]) -> u32 {
        let n = a.len().min(b.len());
        let (a, b) = (&a[..n], &b[..n]);
        let mut sum = _mm256_setzero_si256();
        for (ac, bc) in a.chunks(4 * FLUSH).zip(b.chunks(4 * FLUSH)) {
            let mut c = _mm256_setzero_si256();
            for (x, y) in ac.chunks_exact(4).zip(bc.chunks_exact(4)) {
                // SAFETY: `x` and `y` are 4 initialised u64s (32 bytes) each.
                let (vx, vy) = unsafe {
                    (
                        _mm256_loadu_si256(x.as_ptr().cast::<__m256i>()),
                        _mm256_loadu_si256(y.as_ptr().cast::<__m256i>()),
                    )
                };
                c = _mm256_add_epi8(c, byte_counts(_mm256_and_si256(vx, vy)));
            }
            sum = _mm256_add_epi64(sum, lane_sums(c));
        }
        let half = _mm_add_epi64(
            _mm256_extracti128_si256::<0>(sum),
            _mm256_extracti128_si256::<1>(sum),
        );
        let total = _mm_cvtsi128_si64(_mm_add_epi64(half, _mm_unpackhi_epi64(half, half))) as u32;
        let tail = n - n % 4;
        total
            + a[tail..]
                .iter()
                .zip(&b[tail..])
                .map(|(x, y)| (x & y).count_ones())
                .sum::<u32>()
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{LANES, Probe, Transposed};
    use std::arch::x86_64::{
        __m512i, _mm256_loadu_si256, _mm512_add_epi64, _mm512_and_si512, _mm512_cmpge_epu64_mask,
        _mm512_cvtepu32_epi64, _mm512_loadu_si512, _mm512_maskz_loadu_epi64, _mm512_mul_epu32,
        _mm512_popcnt_epi64, _mm512_reduce_add_epi64, _mm512_set1_epi64, _mm512_setzero_si512,
        _mm512_slli_epi64, _mm512_storeu_si512,
    };

    /// See [`super::scan`]; one 512-bit row (eight right CLKs) per step.
    #[target_feature(enable = "avx512f,avx512vpopcntdq")]
    pub(super) fn scan(
        right: &Transposed,
        probe: &Probe<'_>,
        start: usize,
        end: usize,
        out: &mut Vec<(u32, u32)>,
    ) {
        let (a, pa, q) = (probe.words, probe.popcount, probe.q);
        let w = right.words;
        let vpa = _mm512_set1_epi64(i64::from(pa));
        let vq = _mm512_set1_epi64(i64::from(q));
        let first = start / LANES;
        let last = end.div_ceil(LANES);
        // `scan` clamps `end` to `right.len`, so every block below is inside
        // `data` (which holds `len.div_ceil(LANES)` blocks) and `pops`.
        let rows = &right.data[first * w * LANES..last * w * LANES];
        let pops = &right.pops[first * LANES..last * LANES];
        for (bi, (block, bpops)) in rows
            .chunks_exact(w * LANES)
            .zip(pops.chunks_exact(LANES))
            .enumerate()
        {
            let mut acc0 = _mm512_setzero_si512();
            let mut acc1 = _mm512_setzero_si512();
            let mut pairs = a.chunks_exact(2).zip(block.chunks_exact(2 * LANES));
            for (ak, row) in pairs.by_ref() {
                // SAFETY: `row` is 16 initialised u64s; the two unaligned
                // 64-byte loads read `row[0..8]` and `row[8..16]`.
                let (b0, b1) = unsafe {
                    (
                        _mm512_loadu_si512(row.as_ptr().cast::<__m512i>()),
                        _mm512_loadu_si512(row.as_ptr().add(LANES).cast::<__m512i>()),
                    )
                };
                let x0 = _mm512_and_si512(b0, _mm512_set1_epi64(ak[0] as i64));
                let x1 = _mm512_and_si512(b1, _mm512_set1_epi64(ak[1] as i64));
                acc0 = _mm512_add_epi64(acc0, _mm512_popcnt_epi64(x0));
                acc1 = _mm512_add_epi64(acc1, _mm512_popcnt_epi64(x1));
            }
            if w % 2 == 1 {
                let row = &block[(w - 1) * LANES..w * LANES];
                // SAFETY: `row` is exactly 8 initialised u64s (one row).
                let b0 = unsafe { _mm512_loadu_si512(row.as_ptr().cast::<__m512i>()) };
                let x0 = _mm512_and_si512(b0, _mm512_set1_epi64(a[w - 1] as i64));
                acc0 = _mm512_add_epi64(acc0, _mm512_popcnt_epi64(x0));
            }
            let inter = _mm512_add_epi64(acc0, acc1);
            // SAFETY: `bpops` is exactly 8 u32s = 32 bytes, one unaligned
            // 256-bit load.
            let pb = unsafe { _mm256_loadu_si256(bpops.as_ptr().cast()) };
            let total = _mm512_add_epi64(vpa, _mm512_cvtepu32_epi64(pb));
            // 4096·inter ≥ q·total (both < 2⁴⁴: inter, total ≤ 128·words).
            let lhs = _mm512_slli_epi64::<12>(inter);
            let rhs = _mm512_mul_epu32(total, vq);
            let mut mask = _mm512_cmpge_epu64_mask(lhs, rhs);
            if mask == 0 {
                continue;
            }
            let block_start = (first + bi) * LANES;
            let mut counts = [0u64; LANES];
            // SAFETY: `counts` is 8 u64s = 64 bytes, one unaligned store.
            unsafe { _mm512_storeu_si512(counts.as_mut_ptr().cast::<__m512i>(), inter) };
            while mask != 0 {
                let lane = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                let pos = block_start + lane;
                if pos >= start && pos < end {
                    out.push((pos as u32, counts[lane] as u32));
                }
            }
        }
    }

    /// See [`super::and_popcount`]; eight words per step, the last partial
    /// step with a masked load (masked-off words read as zero).
    #[target_feature(enable = "avx512f,avx512vpopcntdq")]
    pub(super) fn and_popcount(a: &[u64], b: &[u64]) -> u32 {
        let n = a.len().min(b.len());
        let mut acc = _mm512_setzero_si512();
        let mut i = 0;
        while i < n {
            let left = n - i;
            let m: u8 = if left >= LANES {
                0xff
            } else {
                (1u8 << left) - 1
            };
            // SAFETY: mask `m` enables only lanes `i..min(i + 8, n)`, all
            // within both slices; masked loads do not touch disabled lanes.
            let (x, y) = unsafe {
                (
                    _mm512_maskz_loadu_epi64(m, a.as_ptr().add(i).cast()),
                    _mm512_maskz_loadu_epi64(m, b.as_ptr().add(i).cast()),
                )
            };
            acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(_mm512_and_si512(x, y)));
            i += LANES;
        }
        _mm512_reduce_add_epi64(acc) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn random_clks(rng: &mut rand_chacha::ChaCha8Rng, n: usize, bits: usize) -> Vec<Vec<u64>> {
        let words = bits.div_ceil(64);
        (0..n)
            .map(|_| {
                let mut c: Vec<u64> = (0..words).map(|_| rng.random::<u64>()).collect();
                // Density varies per CLK so totals and thresholds vary.
                let sparsity = rng.random_range(0..3);
                for w in &mut c {
                    for _ in 0..sparsity {
                        *w &= rng.random::<u64>();
                    }
                }
                if !bits.is_multiple_of(64) {
                    // Bits past the length are zero, as `Clk::from_bytes` pads.
                    let last = words - 1;
                    c[last] &= u64::MAX << (64 - bits % 64);
                }
                c
            })
            .collect()
    }

    const BITS: [usize; 9] = [8, 64, 100, 520, 1000, 1024, 1536, 2048, 2056];

    #[test]
    fn and_popcount_is_the_same_at_every_level() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for bits in BITS {
            let clks = random_clks(&mut rng, 40, bits);
            for p in clks.windows(2) {
                let want: u32 = p[0]
                    .iter()
                    .zip(&p[1])
                    .map(|(x, y)| (x & y).count_ones())
                    .sum();
                for level in supported_levels() {
                    assert_eq!(
                        and_popcount(level, &p[0], &p[1]),
                        want,
                        "{bits} bits, {level:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn scan_is_the_same_at_every_level() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
        for bits in BITS {
            let words = bits.div_ceil(64);
            let right = random_clks(&mut rng, 61, bits);
            let t = Transposed::new(words, right.iter().map(Vec::as_slice));
            for a in random_clks(&mut rng, 12, bits) {
                let pa = popcount_scalar(&a);
                // Windows that start and end inside blocks, whole range, empty.
                for (start, end) in [(0, 61), (3, 45), (8, 16), (13, 14), (30, 30), (59, 99)] {
                    for threshold in [0.0, 0.5, 0.8] {
                        let q = prefilter_factor(threshold);
                        let probe = Probe {
                            words: &a,
                            popcount: pa,
                            q,
                        };
                        let mut want = Vec::new();
                        scan(Level::Scalar, &t, &probe, start, end, &mut want);
                        // The reference: per pair, straight from the rows.
                        let direct: Vec<(u32, u32)> = (start..end.min(61))
                            .map(|j| {
                                let x: u32 = a
                                    .iter()
                                    .zip(&right[j])
                                    .map(|(x, y)| (x & y).count_ones())
                                    .sum();
                                (j as u32, x)
                            })
                            .filter(|&(j, x)| {
                                let total =
                                    u64::from(pa) + u64::from(popcount_scalar(&right[j as usize]));
                                4096 * u64::from(x) >= u64::from(q) * total
                            })
                            .collect();
                        assert_eq!(want, direct, "{bits} bits, {start}..{end}");
                        if threshold == 0.0 {
                            assert_eq!(want.len(), end.min(61).saturating_sub(start));
                        }
                        for level in supported_levels() {
                            let mut got = Vec::new();
                            scan(level, &t, &probe, start, end, &mut got);
                            assert_eq!(got, want, "{bits} bits, {level:?}, {start}..{end}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn prefilter_keeps_every_pair_the_exact_test_accepts() {
        for threshold in [0.0, 0.1, 0.5, 0.7, 0.75, 0.8, 0.8125, 0.9, 0.999, 1.0] {
            let q = u64::from(prefilter_factor(threshold));
            for total in 1u64..=1200 {
                for inter in 0..=total / 2 {
                    if 2.0 * inter as f64 / total as f64 >= threshold {
                        assert!(4096 * inter >= q * total, "{threshold} {inter}/{total}");
                    }
                }
            }
        }
        assert_eq!(prefilter_factor(f64::NAN), 0);
        assert_eq!(prefilter_factor(-1.0), 0);
    }
}
