//! String similarity on short ASCII byte strings, without allocation.
//!
//! `strsim` implements the same metrics over `char`s and allocates per call;
//! the linkage hot loop compares hundreds of millions of folded names of at
//! most [`SMALL_TEXT_CAP`](crate::standardize::SMALL_TEXT_CAP) bytes, so these
//! versions work on bytes with stack buffers. They are checked against
//! `strsim` in the tests below.

const MAX: usize = 64;

/// Jaro similarity (Jaro, *JASA* 84, 1989).
pub fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.len() <= 32 && b.len() <= 32 {
        return jaro_short(a, b);
    }
    jaro_long(a, b)
}

/// Positions in `b` (padded to 32 bytes) equal to `c`, as a bit mask. The
/// fixed-length loop compiles to a few SIMD compares.
#[inline]
fn eq_mask(b: &[u8; 32], c: u8) -> u32 {
    let mut m = 0u32;
    for (k, &x) in b.iter().enumerate() {
        m |= u32::from(x == c) << k;
    }
    m
}

/// Dense index of the bytes folded text is made of (A–Z, 0–9, space), or
/// `NONE` for any other byte.
const NONE: u8 = u8::MAX;
const CLASS: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut c = 0;
    while c < 26 {
        t[b'A' as usize + c] = c as u8;
        c += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 26 + d as u8;
        d += 1;
    }
    t[b' ' as usize] = 36;
    t
};

/// Jaro on strings of at most 32 bytes with bit masks instead of flag
/// arrays: each character's match is the lowest free equal position in the
/// window — the same greedy choice as the textbook loop. For folded text the
/// positions of each character of `b` are tabulated once (O(|a| + |b|));
/// other bytes fall back to a per-character scan.
fn jaro_short(a: &[u8], b: &[u8]) -> f64 {
    let mut positions = [0u32; 37];
    let mut tabulated = true;
    for (k, &x) in b.iter().enumerate() {
        let c = CLASS[x as usize];
        if c == NONE {
            tabulated = false;
            break;
        }
        positions[c as usize] |= 1 << k;
    }
    let mut bb = [0u8; 32];
    if !tabulated {
        bb[..b.len()].copy_from_slice(b);
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = (0u32, 0u32);
    let mut matches = 0u32;
    for (i, &ca) in a.iter().enumerate() {
        // Positions lo..hi of `b` (empty when lo ≥ hi); both ≤ 32 + 17, so
        // the masks fit a u64 without branches.
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        let win = (((1u64 << hi) - 1) & !((1u64 << lo) - 1)) as u32;
        let eq = if tabulated {
            match CLASS[ca as usize] {
                NONE => 0,
                c => positions[c as usize],
            }
        } else {
            eq_mask(&bb, ca)
        };
        let cand = eq & win & !b_flags;
        let bit = cand & cand.wrapping_neg();
        b_flags |= bit;
        a_flags |= u32::from(bit != 0) << i;
        matches += u32::from(bit != 0);
    }
    if matches == 0 {
        return 0.0;
    }
    let (mut am, mut bm, mut transpositions) = (a_flags, b_flags, 0u32);
    while am != 0 {
        let (i, j) = (am.trailing_zeros() as usize, bm.trailing_zeros() as usize);
        transpositions += u32::from(a[i] != b[j]);
        am &= am - 1;
        bm &= bm - 1;
    }
    let m = f64::from(matches);
    (m / a.len() as f64 + m / b.len() as f64 + (m - f64::from(transpositions / 2)) / m) / 3.0
}

fn jaro_long(a: &[u8], b: &[u8]) -> f64 {
    let (a, b) = (&a[..a.len().min(MAX)], &b[..b.len().min(MAX)]);
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_match = [false; MAX];
    let mut b_match = [false; MAX];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match[j] && b[j] == ca {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut k = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if a_match[i] {
            while !b_match[k] {
                k += 1;
            }
            if ca != b[k] {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0
}

/// Jaro–Winkler similarity with the standard prefix scale 0.1 over at most
/// four characters, applied above Jaro 0.7 (Winkler, "String comparator
/// metrics", 1990).
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let j = jaro(a, b);
    if j <= 0.7 {
        return j;
    }
    let mut prefix = 0;
    while prefix < 4 && prefix < a.len() && prefix < b.len() && a[prefix] == b[prefix] {
        prefix += 1;
    }
    j + 0.1 * prefix as f64 * (1.0 - j)
}

/// Levenshtein edit distance (insert, delete, substitute each cost 1).
pub fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let (a, b) = (&a[..a.len().min(MAX)], &b[..b.len().min(MAX)]);
    // The distance is symmetric: put a string that fits one word in `a`.
    let (a, b) = if a.len() > 32 && b.len() <= 32 {
        (b, a)
    } else {
        (a, b)
    };
    if a.is_empty() {
        return b.len();
    }
    if a.len() <= 32 {
        return levenshtein_bits(a, b);
    }
    let mut row = [0usize; MAX + 1];
    for (j, r) in row.iter_mut().enumerate().take(b.len() + 1) {
        *r = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let cost = usize::from(ca != cb);
            row[j + 1] = (diag + cost).min(above + 1).min(row[j] + 1);
            diag = above;
        }
    }
    row[b.len()]
}

/// Levenshtein distance with `a` of 1–32 bytes: Myers' bit-parallel
/// algorithm (*JACM* 46, 1999) in Hyyrö's form for the whole-string distance
/// ("Explaining and extending the bit-parallel approximate string matching
/// algorithm of Myers", 2001). Each column of the dynamic-programming table
/// is two bit vectors of vertical deltas, so a character of `b` costs a few
/// word operations instead of `|a|` cell updates; the distance is the same.
fn levenshtein_bits(a: &[u8], b: &[u8]) -> usize {
    let m = a.len();
    // Positions of each character in `a`: tabulated by class for folded
    // text, else found by a 32-byte compare per character of `b`.
    let mut peq = [0u32; 37];
    let mut tabulated = true;
    for (k, &x) in a.iter().enumerate() {
        let c = CLASS[x as usize];
        if c == NONE {
            tabulated = false;
            break;
        }
        peq[c as usize] |= 1 << k;
    }
    let mut aa = [0u8; 32];
    if !tabulated {
        aa[..m].copy_from_slice(a);
    }
    let mask: u64 = (1u64 << m) - 1;
    let last = 1u64 << (m - 1);
    let (mut pv, mut mv) = (mask, 0u64);
    let mut score = m;
    for &c in b {
        let eq = if tabulated {
            match CLASS[c as usize] {
                NONE => 0,
                k => u64::from(peq[k as usize]),
            }
        } else {
            u64::from(eq_mask(&aa, c)) & mask
        };
        let xv = eq | mv;
        let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
        let ph = mv | !(xh | pv);
        let mh = pv & xh;
        score += usize::from(ph & last != 0);
        score -= usize::from(mh & last != 0);
        let ph = (ph << 1) | 1;
        let mh = mh << 1;
        pv = (mh | !(xv | ph)) & mask;
        mv = ph & xv & mask;
    }
    score
}

/// True when `levenshtein(a, b) <= 1`, in one pass: equal lengths may
/// differ in one position; lengths one apart must agree once the first
/// mismatch is skipped in the longer.
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (&a[..a.len().min(MAX)], &b[..b.len().min(MAX)]);
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => p == a.len() || a[p + 1..] == b[p + 1..],
        std::cmp::Ordering::Greater => a[p + 1..] == b[p..],
        std::cmp::Ordering::Less => a[p..] == b[p + 1..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn textbook_values() {
        assert!((jaro_winkler(b"MARTHA", b"MARHTA") - 0.9611).abs() < 1e-4);
        assert!((jaro_winkler(b"DWAYNE", b"DUANE") - 0.84).abs() < 1e-4);
        assert_eq!(levenshtein(b"KITTEN", b"SITTING"), 3);
    }

    proptest! {
        #[test]
        fn agrees_with_strsim(a in "[A-E ]{0,40}|[A-Z0-9 ]{0,12}|[a-c0-2.' -]{0,10}", b in "[A-E ]{0,40}|[A-Z0-9 ]{0,12}|[a-c0-2.' -]{0,10}") {
            let ours = jaro_winkler(a.as_bytes(), b.as_bytes());
            let theirs = strsim::jaro_winkler(&a, &b);
            prop_assert!((ours - theirs).abs() < 1e-9, "{} {} {} {}", a, b, ours, theirs);
            prop_assert_eq!(levenshtein(a.as_bytes(), b.as_bytes()), strsim::levenshtein(&a, &b));
        }

        #[test]
        fn bit_parallel_levenshtein_agrees_with_the_table(a in "[A-D]{0,34}|[A-Z ]{0,23}|[\\x00-\\xff]{0,6}", b in "[A-D]{0,40}|[A-Z ]{0,23}|[\\x00-\\xff]{0,6}") {
            // The textbook dynamic program over bytes.
            let (x, y) = (a.as_bytes(), b.as_bytes());
            let mut row: Vec<usize> = (0..=y.len()).collect();
            for (i, &cx) in x.iter().enumerate() {
                let mut diag = row[0];
                row[0] = i + 1;
                for (j, &cy) in y.iter().enumerate() {
                    let above = row[j + 1];
                    row[j + 1] = (diag + usize::from(cx != cy)).min(above + 1).min(row[j] + 1);
                    diag = above;
                }
            }
            prop_assert_eq!(levenshtein(x, y), row[y.len()], "{:?} {:?}", a, b);
        }

        #[test]
        fn one_edit_test_agrees_with_the_distance(a in "[A-C]{0,6}|[A-Z ]{0,23}|[\\x00-\\xff]{0,4}", b in "[A-C]{0,6}|[A-Z ]{0,23}|[\\x00-\\xff]{0,4}") {
            let (x, y) = (a.as_bytes(), b.as_bytes());
            prop_assert_eq!(within_one_edit(x, y), levenshtein(x, y) <= 1, "{:?} {:?}", a, b);
            // One edit away by construction.
            let mut z = x.to_vec();
            if !z.is_empty() {
                z.remove(z.len() / 2);
            }
            prop_assert!(within_one_edit(x, &z) && within_one_edit(&z, x));
        }

        #[test]
        fn symmetric(a in "[A-Z]{0,12}", b in "[A-Z]{0,12}") {
            prop_assert!((jaro_winkler(a.as_bytes(), b.as_bytes()) - jaro_winkler(b.as_bytes(), a.as_bytes())).abs() < 1e-12);
        }
    }
}
