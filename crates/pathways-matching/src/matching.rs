//! The result of a round: who holds which placement, and each full
//! placement's cutoff (the lowest-ranked applicant it admitted).

use crate::instance::{Instance, PlacementIdx, Priority, StudentIdx};
use crate::lottery::Lottery;

/// Internal "none" for the compact per-student arrays.
const NONE: u32 = u32::MAX;

/// A student's strict rank at a placement after the lottery: priority
/// first, then lottery number; lower is better. Packed in a `u64` so
/// comparisons are one instruction and a heap of them is flat.
pub(crate) fn admission_key(priority: Priority, lottery_number: u32) -> u64 {
    (u64::from(priority.get()) << 32) | u64::from(lottery_number)
}

/// The last admitted applicant at a full placement: anyone ranked below it
/// (lower priority, or equal priority and a higher lottery number) was
/// turned away for lack of seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Cutoff {
    /// The priority group of the last admitted applicant.
    pub priority: Priority,
    /// The lottery number of the last admitted applicant.
    pub lottery: u32,
}

impl Cutoff {
    pub(crate) fn from_key(key: u64) -> Option<Self> {
        Some(Self {
            priority: Priority::new((key >> 32) as u32)?,
            lottery: key as u32,
        })
    }

    pub(crate) fn key(self) -> u64 {
        admission_key(self.priority, self.lottery)
    }
}

/// Who holds which placement after a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matching {
    /// Per student: the index of the held choice in the student's list.
    choice: Vec<u32>,
    /// Per student: the placement held (may be off the student's list only
    /// for a matching built by [`Matching::from_assignment`]).
    placement: Vec<u32>,
    /// Per placement: the cutoff when every seat is taken.
    cutoffs: Vec<Option<Cutoff>>,
}

impl Matching {
    /// Wraps an assignment from elsewhere (another solver, a past round) so
    /// it can be checked with [`crate::check_stability`] and explained.
    /// Assignments off a student's list or to ineligible pairs are kept as
    /// given, for the stability check to report.
    ///
    /// # Panics
    /// If `assignment` or `lottery` does not cover every student, or names a
    /// placement index out of range.
    pub fn from_assignment(
        instance: &Instance,
        lottery: &Lottery,
        assignment: &[Option<PlacementIdx>],
    ) -> Self {
        assert_eq!(
            assignment.len(),
            instance.students(),
            "one entry per student"
        );
        let mut choice = vec![NONE; assignment.len()];
        let mut placement = vec![NONE; assignment.len()];
        for (s, held) in instance.student_indices().zip(assignment) {
            if let Some(p) = held {
                assert!(
                    p.index() < instance.placements(),
                    "placement index out of range"
                );
                placement[s.index()] = p.0;
                if let Some(k) = instance.choices(s).iter().position(|c| c.placement == *p) {
                    choice[s.index()] = k as u32;
                }
            }
        }
        let mut m = Self {
            choice,
            placement,
            cutoffs: Vec::new(),
        };
        let (counts, worst) = m.occupancy(instance, lottery);
        m.cutoffs = cutoffs(instance.capacities(), &counts, &worst);
        m
    }

    /// Assembles the result of deferred acceptance.
    pub(crate) fn from_parts(
        choice: Vec<u32>,
        placement: Vec<u32>,
        cutoffs: Vec<Option<Cutoff>>,
    ) -> Self {
        Self {
            choice,
            placement,
            cutoffs,
        }
    }

    /// The placement student `s` holds, if any.
    pub fn placement_of(&self, s: StudentIdx) -> Option<PlacementIdx> {
        let p = self.placement[s.index()];
        (p != NONE).then_some(PlacementIdx(p))
    }

    /// The position (0 = first choice) in `s`'s list of the placement held.
    pub fn choice_of(&self, s: StudentIdx) -> Option<usize> {
        let k = self.choice[s.index()];
        (k != NONE).then_some(k as usize)
    }

    /// The cutoff of placement `p`, if every seat is taken.
    pub fn cutoff(&self, p: PlacementIdx) -> Option<Cutoff> {
        self.cutoffs.get(p.index()).copied().flatten()
    }

    /// How many students hold a placement.
    pub fn matched(&self) -> usize {
        self.placement.iter().filter(|&&p| p != NONE).count()
    }

    /// How many students take part.
    pub fn students(&self) -> usize {
        self.placement.len()
    }

    /// Per placement: students held, and the worst admission key among
    /// those eligible (`None` when nobody eligible is held).
    pub(crate) fn occupancy(
        &self,
        instance: &Instance,
        lottery: &Lottery,
    ) -> (Vec<u32>, Vec<Option<u64>>) {
        let mut counts = vec![0u32; instance.placements()];
        let mut worst: Vec<Option<u64>> = vec![None; instance.placements()];
        for s in instance.student_indices() {
            let Some(p) = self.placement_of(s) else {
                continue;
            };
            counts[p.index()] += 1;
            let priority = self
                .choice_of(s)
                .and_then(|k| instance.choices(s)[k].priority);
            if let Some(priority) = priority {
                let key = admission_key(priority, lottery.number(s));
                let w = &mut worst[p.index()];
                *w = Some(w.map_or(key, |w| w.max(key)));
            }
        }
        (counts, worst)
    }
}

/// The cutoff of each full placement.
pub(crate) fn cutoffs(
    capacities: &[u32],
    counts: &[u32],
    worst: &[Option<u64>],
) -> Vec<Option<Cutoff>> {
    capacities
        .iter()
        .zip(counts)
        .zip(worst)
        .map(|((&cap, &n), w)| {
            if cap > 0 && n >= cap {
                w.and_then(Cutoff::from_key)
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_priority_then_lottery() {
        let p1 = Priority::new(1).unwrap();
        let p2 = Priority::new(2).unwrap();
        assert!(admission_key(p1, u32::MAX) < admission_key(p2, 0));
        assert!(admission_key(p2, 3) < admission_key(p2, 4));
        let c = Cutoff {
            priority: p2,
            lottery: 9,
        };
        assert_eq!(Cutoff::from_key(c.key()), Some(c));
    }
}
