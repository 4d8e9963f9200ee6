//! Why a student did not get a choice they ranked higher.
//!
//! In a stable matching every choice above the one held is accounted for by
//! one of three facts: the placement did not list the student, it has no
//! seats, or it is full of applicants it ranks higher — by priority group,
//! or within the student's own group by lottery number. The cutoff (the
//! last admitted applicant) is what makes the answer checkable by the
//! student, as in published school-choice cutoffs (Abdulkadiroğlu, Pathak &
//! Roth 2005).

use std::fmt;

use crate::instance::{Instance, PlacementIdx, Priority, StudentIdx};
use crate::lottery::Lottery;
use crate::matching::{Matching, admission_key};

/// Why one higher-ranked choice was not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// The placement did not list the student.
    NotEligible,
    /// The placement offers no seats this round.
    NoSeats,
    /// Every seat went to applicants in higher priority groups.
    FilledByHigherPriority {
        /// The student's priority group there.
        yours: Priority,
        /// The priority group of the last applicant admitted.
        cutoff: Priority,
    },
    /// The last seats went to applicants of the student's own priority
    /// group with lower (winning) lottery numbers.
    LostLottery {
        /// The shared priority group.
        priority: Priority,
        /// The student's lottery number.
        yours: u32,
        /// The lottery number of the last applicant admitted.
        cutoff: u32,
    },
    /// The student should have been admitted: the pair blocks the matching
    /// (only for matchings that fail [`crate::check_stability`]).
    Blocking,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotEligible => f.write_str("not eligible"),
            Self::NoSeats => f.write_str("no seats offered"),
            Self::FilledByHigherPriority { yours, cutoff } => write!(
                f,
                "filled by applicants of higher priority (yours: {}, last admitted: {})",
                yours.get(),
                cutoff.get()
            ),
            Self::LostLottery {
                priority,
                yours,
                cutoff,
            } => write!(
                f,
                "tie at priority {} lost on the lottery (yours: {yours}, last admitted: {cutoff})",
                priority.get()
            ),
            Self::Blocking => {
                f.write_str("a seat should have been yours (the matching is not stable)")
            }
        }
    }
}

/// One higher-ranked choice and why it was not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Explanation {
    /// The student's rank for the placement (1 = first choice).
    pub rank: usize,
    /// The placement.
    pub placement: PlacementIdx,
    /// Why it was not given.
    #[serde(flatten)]
    pub reason: Reason,
}

impl serde::Serialize for PlacementIdx {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

/// Explains each choice student `s` ranked above the placement they hold
/// (every choice, if unmatched), most preferred first.
///
/// # Panics
/// If `s` is not a student of `instance`.
pub fn explain(
    instance: &Instance,
    lottery: &Lottery,
    matching: &Matching,
    s: StudentIdx,
) -> Vec<Explanation> {
    let choices = instance.choices(s);
    let held = matching.choice_of(s).unwrap_or(choices.len());
    let mine = lottery.number(s);
    choices[..held]
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let reason = match c.priority {
                None => Reason::NotEligible,
                Some(_) if instance.capacity(c.placement) == 0 => Reason::NoSeats,
                Some(yours) => match matching.cutoff(c.placement) {
                    Some(cut) if admission_key(yours, mine) > cut.key() => {
                        if yours > cut.priority {
                            Reason::FilledByHigherPriority {
                                yours,
                                cutoff: cut.priority,
                            }
                        } else {
                            Reason::LostLottery {
                                priority: yours,
                                yours: mine,
                                cutoff: cut.lottery,
                            }
                        }
                    }
                    _ => Reason::Blocking,
                },
            };
            Explanation {
                rank: k + 1,
                placement: c.placement,
                reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deferred_acceptance;
    use crate::instance::Choice;

    fn c(p: u32, prio: u32) -> Choice {
        Choice {
            placement: PlacementIdx(p),
            priority: Priority::new(prio),
        }
    }

    #[test]
    fn each_reason() {
        // Student 0 ranks: 0 (not eligible), 1 (no seats), 2 (full of
        // priority 1), 3 (tie at priority 2 lost), 4 (gets it).
        let inst = Instance::new(
            vec![1, 0, 1, 1, 1],
            vec![
                vec![c(0, 0), c(1, 1), c(2, 2), c(3, 2), c(4, 1)],
                vec![c(2, 1)],
                vec![c(3, 2)],
            ],
        )
        .unwrap();
        let lottery = Lottery::from_numbers(0, vec![2, 1, 0]).unwrap();
        let m = deferred_acceptance(&inst, &lottery);
        let why = explain(&inst, &lottery, &m, StudentIdx(0));
        let p = |n| Priority::new(n).unwrap();
        assert_eq!(
            why.iter().map(|e| e.reason).collect::<Vec<_>>(),
            vec![
                Reason::NotEligible,
                Reason::NoSeats,
                Reason::FilledByHigherPriority {
                    yours: p(2),
                    cutoff: p(1)
                },
                Reason::LostLottery {
                    priority: p(2),
                    yours: 2,
                    cutoff: 0
                },
            ]
        );
        assert_eq!(why[3].rank, 4);
        assert!(
            why[2]
                .reason
                .to_string()
                .starts_with("filled by applicants of higher priority")
        );
        assert!(explain(&inst, &lottery, &m, StudentIdx(1)).is_empty());
    }

    #[test]
    fn blocking_when_unstable() {
        let inst = Instance::new(vec![1], vec![vec![c(0, 1)]]).unwrap();
        let lottery = Lottery::draw(0, 1);
        let m = Matching::from_assignment(&inst, &lottery, &[None]);
        assert_eq!(
            explain(&inst, &lottery, &m, StudentIdx(0))[0].reason,
            Reason::Blocking
        );
        let json = serde_json::to_string(&explain(&inst, &lottery, &m, StudentIdx(0))[0]).unwrap();
        assert_eq!(json, r#"{"rank":1,"placement":0,"reason":"blocking"}"#);
    }
}
