//! The check run after every round: is the matching stable, within
//! capacity, and limited to eligible pairs?
//!
//! A student–placement pair *blocks* a matching when the student prefers
//! the placement to what they hold and the placement either has an empty
//! seat or holds someone it ranks below the student (Gale & Shapley 1962;
//! "justified envy" in Abdulkadiroğlu & Sönmez 2003). Priorities are
//! compared after the lottery, as deferred acceptance saw them. The check
//! is independent of the algorithm — it only reads the instance and the
//! assignment — so it also audits matchings from anywhere else.

use crate::instance::Instance;
use crate::lottery::Lottery;
use crate::matching::{Matching, admission_key};

/// Why a student–placement pair blocks the matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockingReason {
    /// The placement has a seat left.
    EmptySeat,
    /// The placement holds someone it ranks below the student.
    JustifiedEnvy,
}

/// A pair that would rather be matched to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BlockingPair {
    /// The student.
    pub student: u32,
    /// The placement the student prefers to what they hold.
    pub placement: u32,
    /// Why the placement would take the student.
    pub reason: BlockingReason,
}

/// A placement holding more students than it has seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct OverCapacity {
    /// The placement.
    pub placement: u32,
    /// Its seats.
    pub capacity: u32,
    /// How many students it holds.
    pub held: u32,
}

/// The outcome of [`check_stability`]; empty lists mean all is well.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StabilityReport {
    /// Every blocking pair.
    pub blocking_pairs: Vec<BlockingPair>,
    /// Placements over capacity.
    pub over_capacity: Vec<OverCapacity>,
    /// Students matched to a placement that did not list them.
    pub ineligible: Vec<u32>,
    /// Students matched to a placement they did not rank.
    pub unranked: Vec<u32>,
}

impl StabilityReport {
    /// Whether the matching is stable, feasible and eligible.
    pub fn is_stable(&self) -> bool {
        self.blocking_pairs.is_empty()
            && self.over_capacity.is_empty()
            && self.ineligible.is_empty()
            && self.unranked.is_empty()
    }
}

/// Checks `matching` against `instance` and `lottery`: capacities,
/// eligibility, and every blocking pair. Linear in the total length of the
/// preference lists.
///
/// # Panics
/// If `matching` or `lottery` was made for a different number of students.
pub fn check_stability(
    instance: &Instance,
    lottery: &Lottery,
    matching: &Matching,
) -> StabilityReport {
    assert_eq!(
        matching.students(),
        instance.students(),
        "matching is for another instance"
    );
    assert_eq!(
        lottery.len(),
        instance.students(),
        "lottery is for another instance"
    );
    let (counts, worst) = matching.occupancy(instance, lottery);
    let mut report = StabilityReport::default();
    for (p, (&cap, &held)) in instance.capacities().iter().zip(&counts).enumerate() {
        if held > cap {
            report.over_capacity.push(OverCapacity {
                placement: p as u32,
                capacity: cap,
                held,
            });
        }
    }
    for s in instance.student_indices() {
        let choices = instance.choices(s);
        let held_at = matching.choice_of(s);
        if matching.placement_of(s).is_some() {
            match held_at {
                None => report.unranked.push(s.0),
                Some(k) if choices[k].priority.is_none() => report.ineligible.push(s.0),
                Some(_) => {}
            }
        }
        // Only choices above the one held can block; unranked holders are
        // treated as holding nothing they want.
        let better = &choices[..held_at.unwrap_or(choices.len())];
        for c in better {
            let Some(priority) = c.priority else { continue };
            let p = c.placement.index();
            let reason = if counts[p] < instance.capacity(c.placement) {
                BlockingReason::EmptySeat
            } else if worst[p].is_some_and(|w| admission_key(priority, lottery.number(s)) < w) {
                BlockingReason::JustifiedEnvy
            } else {
                continue;
            };
            report.blocking_pairs.push(BlockingPair {
                student: s.0,
                placement: c.placement.0,
                reason,
            });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deferred_acceptance;
    use crate::instance::{Choice, PlacementIdx, Priority};

    fn c(p: u32, prio: u32) -> Choice {
        Choice {
            placement: PlacementIdx(p),
            priority: Priority::new(prio),
        }
    }

    fn two_by_two() -> Instance {
        Instance::new(
            vec![1, 1],
            vec![vec![c(0, 2), c(1, 1)], vec![c(0, 1), c(1, 1)]],
        )
        .unwrap()
    }

    #[test]
    fn deferred_acceptance_is_stable() {
        let inst = two_by_two();
        let lottery = Lottery::draw(0, 2);
        let report = check_stability(&inst, &lottery, &deferred_acceptance(&inst, &lottery));
        assert!(report.is_stable(), "{report:?}");
    }

    #[test]
    fn finds_justified_envy_and_empty_seats() {
        let inst = two_by_two();
        let lottery = Lottery::draw(0, 2);
        // Student 0 took placement 0 although student 1 has priority there.
        let swapped = Matching::from_assignment(
            &inst,
            &lottery,
            &[Some(PlacementIdx(0)), Some(PlacementIdx(1))],
        );
        let report = check_stability(&inst, &lottery, &swapped);
        assert_eq!(
            report.blocking_pairs,
            vec![BlockingPair {
                student: 1,
                placement: 0,
                reason: BlockingReason::JustifiedEnvy
            }]
        );
        let empty = Matching::from_assignment(&inst, &lottery, &[None, None]);
        let report = check_stability(&inst, &lottery, &empty);
        assert_eq!(report.blocking_pairs.len(), 4);
        assert!(
            report
                .blocking_pairs
                .iter()
                .all(|b| b.reason == BlockingReason::EmptySeat)
        );
    }

    #[test]
    fn finds_capacity_and_eligibility_violations() {
        let inst = Instance::new(
            vec![1, 1],
            vec![vec![c(0, 1)], vec![c(0, 1)], vec![c(1, 0)]],
        )
        .unwrap();
        let lottery = Lottery::draw(0, 3);
        let p0 = Some(PlacementIdx(0));
        let p1 = Some(PlacementIdx(1));
        let m = Matching::from_assignment(&inst, &lottery, &[p0, p0, p1]);
        let report = check_stability(&inst, &lottery, &m);
        assert_eq!(
            report.over_capacity,
            vec![OverCapacity {
                placement: 0,
                capacity: 1,
                held: 2
            }]
        );
        assert_eq!(report.ineligible, vec![2]);
        let m = Matching::from_assignment(&inst, &lottery, &[p1, None, None]);
        let report = check_stability(&inst, &lottery, &m);
        assert_eq!(report.unranked, vec![0]);
        assert!(!report.is_stable());
    }
}
