//! The seeded lottery that breaks ties within a priority group.
//!
//! One number per student, used at every placement ("single tie-breaking"):
//! with multiple independent lotteries, deferred acceptance can leave
//! Pareto-improving swaps that single tie-breaking avoids (Abdulkadiroğlu,
//! Pathak & Roth 2009, "Strategy-proofness versus efficiency in matching
//! with indifferences"). The numbers are a function of the seed and a
//! canonical student order only, and are kept with the round, so an auditor
//! can re-run it exactly — or re-check it from the recorded numbers.
//!
//! The draw is fully specified, so it can be reproduced outside Rust:
//! ChaCha8 (Bernstein 2008) keyed with the seed's 8 little-endian bytes
//! followed by 24 zero bytes, nonce 0, read as little-endian `u32` words;
//! a Fisher–Yates shuffle of `0..n` in which step `i = n-1, …, 1` swaps `i`
//! with `j`, drawn uniformly from `0..=i` by Lemire's (2019) multiply-shift
//! method with rejection. The `k`-th student in the canonical order gets the
//! `k`-th number of the shuffled sequence. Lower numbers win ties.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

use crate::instance::StudentIdx;

/// Why recorded lottery numbers could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LotteryError {
    /// The numbers are not a permutation of `0..n`: a repeated or
    /// out-of-range number would leave a tie unbroken.
    #[error("lottery numbers must be each of 0..{students} exactly once")]
    NotAPermutation {
        /// How many students the numbers were for.
        students: usize,
    },
}

/// Per-student lottery numbers for one round: each of `0..n` exactly once,
/// lower wins a tie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lottery {
    seed: u64,
    numbers: Vec<u32>,
}

impl Lottery {
    /// Draws numbers for students `0..students`, the canonical order being
    /// the index order.
    pub fn draw(seed: u64, students: usize) -> Self {
        let order: Vec<StudentIdx> = (0..students as u32).map(StudentIdx).collect();
        Self::draw_in_order(seed, &order)
    }

    /// Draws numbers for the students listed in `canonical_order` (each
    /// student exactly once): the `k`-th listed gets the `k`-th number of the
    /// shuffle. The file contract orders students by id, so the draw does not
    /// depend on the order of rows in a file.
    ///
    /// Students missing from `canonical_order` get numbers after all listed
    /// ones (in index order), so the result is always a permutation.
    pub fn draw_in_order(seed: u64, canonical_order: &[StudentIdx]) -> Self {
        let n = canonical_order.len();
        let mut shuffled: Vec<u32> = (0..n as u32).collect();
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        let mut rng = ChaCha8Rng::from_seed(key);
        for i in (1..n).rev() {
            let j = uniform_below(&mut rng, i as u32 + 1) as usize;
            shuffled.swap(i, j);
        }
        let mut numbers = vec![u32::MAX; n];
        for (k, s) in canonical_order.iter().enumerate() {
            if let Some(slot) = numbers.get_mut(s.index()) {
                *slot = shuffled[k];
            }
        }
        // Only reachable when `canonical_order` repeats a student: give the
        // unnamed ones the unused numbers so ties stay broken.
        if numbers.contains(&u32::MAX) {
            let mut used = vec![false; n];
            for &x in numbers.iter().filter(|&&x| x != u32::MAX) {
                used[x as usize] = true;
            }
            let mut free = (0..n as u32).filter(|&x| !used[x as usize]);
            for slot in numbers.iter_mut().filter(|x| **x == u32::MAX) {
                *slot = free.next().unwrap_or(u32::MAX);
            }
        }
        Self { seed, numbers }
    }

    /// Rebuilds a lottery from recorded numbers (by student index), e.g. to
    /// audit a past round.
    pub fn from_numbers(seed: u64, numbers: Vec<u32>) -> Result<Self, LotteryError> {
        let mut seen = vec![false; numbers.len()];
        for &x in &numbers {
            match seen.get_mut(x as usize) {
                Some(s) if !*s => *s = true,
                _ => {
                    return Err(LotteryError::NotAPermutation {
                        students: numbers.len(),
                    });
                }
            }
        }
        Ok(Self { seed, numbers })
    }

    /// The seed the numbers were drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Student `s`'s number; lower wins a tie.
    pub fn number(&self, s: StudentIdx) -> u32 {
        self.numbers[s.index()]
    }

    /// All numbers, by student index (the record to keep for an audit).
    pub fn numbers(&self) -> &[u32] {
        &self.numbers
    }

    /// How many students the lottery covers.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    /// Whether the lottery covers no students.
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }
}

/// A uniform draw from `0..bound` (`bound > 0`): Lemire (2019), "Fast random
/// integer generation in an interval", with rejection so it is unbiased.
fn uniform_below(rng: &mut ChaCha8Rng, bound: u32) -> u32 {
    let mut m = u64::from(rng.next_u32()) * u64::from(bound);
    if (m as u32) < bound {
        let threshold = bound.wrapping_neg() % bound;
        while (m as u32) < threshold {
            m = u64::from(rng.next_u32()) * u64::from(bound);
        }
    }
    (m >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_permutation_and_deterministic() {
        let a = Lottery::draw(42, 1000);
        let b = Lottery::draw(42, 1000);
        assert_eq!(a, b);
        let mut sorted = a.numbers().to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..1000).collect::<Vec<u32>>());
        assert_ne!(a.numbers(), Lottery::draw(43, 1000).numbers());
    }

    #[test]
    fn follows_the_canonical_order() {
        let plain = Lottery::draw(7, 3);
        let order = [StudentIdx(2), StudentIdx(0), StudentIdx(1)];
        let reordered = Lottery::draw_in_order(7, &order);
        assert_eq!(reordered.number(StudentIdx(2)), plain.number(StudentIdx(0)));
        assert_eq!(reordered.number(StudentIdx(0)), plain.number(StudentIdx(1)));
        assert_eq!(reordered.number(StudentIdx(1)), plain.number(StudentIdx(2)));
    }

    #[test]
    fn survives_a_repeated_student_in_the_order() {
        let l = Lottery::draw_in_order(1, &[StudentIdx(0), StudentIdx(0), StudentIdx(2)]);
        assert!(Lottery::from_numbers(1, l.numbers().to_vec()).is_ok());
    }

    #[test]
    fn recorded_numbers_must_be_a_permutation() {
        assert!(Lottery::from_numbers(0, vec![1, 0, 2]).is_ok());
        assert!(Lottery::from_numbers(0, vec![1, 1, 2]).is_err());
        assert!(Lottery::from_numbers(0, vec![0, 3]).is_err());
    }

    #[test]
    fn uniform_below_stays_in_range() {
        let mut rng = ChaCha8Rng::from_seed([0; 32]);
        for bound in [1, 2, 3, 7, 1000, u32::MAX] {
            for _ in 0..100 {
                assert!(uniform_below(&mut rng, bound) < bound);
            }
        }
    }
}
