//! A matching round's input: placements with seats, students' ranked
//! choices, and each placement's priority for the students who chose it.
//!
//! Students and placements are dense indices here; the string ids of the
//! file contract live in [`crate::contract`]. Only the priority of a student
//! at a placement *the student ranked* is stored: deferred acceptance and
//! the stability definition never look at any other pair (Gale & Shapley
//! 1962; a pair the student did not rank can never block).

use std::num::NonZeroU32;

/// A student, as an index into [`Instance`]'s preference lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StudentIdx(pub u32);

/// A placement (a work-based learning opportunity), as an index into
/// [`Instance`]'s capacities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlacementIdx(pub u32);

impl StudentIdx {
    /// The index as a `usize`, for slicing.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl PlacementIdx {
    /// The index as a `usize`, for slicing.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A placement's priority group for a student: 1 is the highest. Equal
/// priorities are ties, broken by the round's [`crate::Lottery`].
///
/// Priority groups (concentrators first, an equity priority, …) are how
/// school-choice systems express a placement's ordering before the lottery
/// (Abdulkadiroğlu & Sönmez 2003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Priority(NonZeroU32);

impl Priority {
    /// A priority from its rank; `None` for 0 (ranks start at 1).
    pub fn new(rank: u32) -> Option<Self> {
        NonZeroU32::new(rank).map(Self)
    }

    /// The rank, 1 = highest.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

/// One entry of a student's preference list: the placement, and the
/// student's priority there, or `None` when the placement did not list the
/// student (not eligible; such a pair is never matched).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Choice {
    /// The placement chosen.
    pub placement: PlacementIdx,
    /// The student's priority at that placement; `None` = not eligible.
    pub priority: Option<Priority>,
}

/// Why an [`Instance`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceError {
    /// A choice names a placement beyond the capacities given.
    #[error(
        "student {student} ranks placement {placement}, but there are only {placements} placements"
    )]
    UnknownPlacement {
        /// The student's index.
        student: u32,
        /// The placement index named.
        placement: u32,
        /// How many placements there are.
        placements: usize,
    },
    /// A student ranks the same placement twice; a preference must be a
    /// strict order for deferred acceptance to be strategy-proof.
    #[error("student {student} ranks placement {placement} more than once")]
    DuplicateChoice {
        /// The student's index.
        student: u32,
        /// The placement ranked twice.
        placement: u32,
    },
    /// More students, placements or choices than 32-bit indices hold.
    #[error("instance too large: {0}")]
    TooLarge(&'static str),
    /// Offsets do not describe the choice list (flat constructor only).
    #[error("preference offsets must start at 0, never decrease and end at the number of choices")]
    BadOffsets,
}

/// The input to one matching round. Preference lists are stored flat
/// (compressed rows), so a round with millions of choices costs three
/// allocations, and deferred acceptance walks memory in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    capacities: Vec<u32>,
    /// Student `s`'s choices are `choices[offsets[s]..offsets[s + 1]]`, most
    /// preferred first.
    offsets: Vec<u32>,
    choices: Vec<Choice>,
}

impl Instance {
    /// Builds an instance from each placement's seats and each student's
    /// choices, most preferred first.
    pub fn new(capacities: Vec<u32>, preferences: Vec<Vec<Choice>>) -> Result<Self, InstanceError> {
        let total: usize = preferences.iter().map(Vec::len).sum();
        let mut offsets = Vec::with_capacity(preferences.len() + 1);
        let mut choices = Vec::with_capacity(total);
        offsets.push(0);
        for list in preferences {
            choices.extend(list);
            offsets.push(
                u32::try_from(choices.len()).map_err(|_| InstanceError::TooLarge("choices"))?,
            );
        }
        Self::from_flat(capacities, offsets, choices)
    }

    /// Builds an instance from flat lists: student `s` ranks
    /// `choices[offsets[s]..offsets[s + 1]]`, most preferred first.
    /// Checks every placement exists and no student ranks one twice, in
    /// time linear in the number of choices.
    pub fn from_flat(
        capacities: Vec<u32>,
        offsets: Vec<u32>,
        choices: Vec<Choice>,
    ) -> Result<Self, InstanceError> {
        u32::try_from(capacities.len()).map_err(|_| InstanceError::TooLarge("placements"))?;
        u32::try_from(choices.len()).map_err(|_| InstanceError::TooLarge("choices"))?;
        if offsets.is_empty() {
            return Err(InstanceError::BadOffsets);
        }
        u32::try_from(offsets.len() - 1).map_err(|_| InstanceError::TooLarge("students"))?;
        let well_formed = offsets.first() == Some(&0)
            && offsets
                .last()
                .is_some_and(|&end| end as usize == choices.len())
            && offsets.windows(2).all(|w| w[0] <= w[1]);
        if !well_formed {
            return Err(InstanceError::BadOffsets);
        }
        // last_seen[p] = 1 + the last student who ranked p: a duplicate
        // check in O(1) per choice without clearing between students.
        let mut last_seen = vec![0u32; capacities.len()];
        for (s, w) in offsets.windows(2).enumerate() {
            let stamp = s as u32 + 1;
            for c in &choices[w[0] as usize..w[1] as usize] {
                let p = c.placement.0;
                let seen =
                    last_seen
                        .get_mut(p as usize)
                        .ok_or(InstanceError::UnknownPlacement {
                            student: s as u32,
                            placement: p,
                            placements: capacities.len(),
                        })?;
                if *seen == stamp {
                    return Err(InstanceError::DuplicateChoice {
                        student: s as u32,
                        placement: p,
                    });
                }
                *seen = stamp;
            }
        }
        Ok(Self {
            capacities,
            offsets,
            choices,
        })
    }

    /// How many students take part.
    pub fn students(&self) -> usize {
        self.offsets.len() - 1
    }

    /// How many placements there are.
    pub fn placements(&self) -> usize {
        self.capacities.len()
    }

    /// The seats placement `p` offers.
    pub fn capacity(&self, p: PlacementIdx) -> u32 {
        self.capacities[p.index()]
    }

    /// All capacities, by placement index.
    pub fn capacities(&self) -> &[u32] {
        &self.capacities
    }

    /// Student `s`'s choices, most preferred first.
    pub fn choices(&self, s: StudentIdx) -> &[Choice] {
        let start = self.offsets[s.index()] as usize;
        let end = self.offsets[s.index() + 1] as usize;
        &self.choices[start..end]
    }

    /// Every choice, student after student: student `s`'s list is
    /// `flat_choices()[offsets()[s]..offsets()[s + 1]]`. Deferred acceptance
    /// walks positions in this array rather than (student, rank) pairs.
    pub(crate) fn flat_choices(&self) -> &[Choice] {
        &self.choices
    }

    /// Where each student's list starts in [`Instance::flat_choices`], and
    /// where the last one ends.
    pub(crate) fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// The total length of all preference lists: the size that bounds the
    /// work of a round.
    pub fn total_choices(&self) -> usize {
        self.choices.len()
    }

    /// Every student index, in order.
    pub fn student_indices(&self) -> impl ExactSizeIterator<Item = StudentIdx> + use<> {
        (0..self.students() as u32).map(StudentIdx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(p: u32, prio: u32) -> Choice {
        Choice {
            placement: PlacementIdx(p),
            priority: Priority::new(prio),
        }
    }

    #[test]
    fn builds_and_reads_back() {
        let inst = Instance::new(
            vec![1, 2],
            vec![vec![c(1, 1), c(0, 0)], vec![], vec![c(0, 3)]],
        )
        .unwrap();
        assert_eq!(inst.students(), 3);
        assert_eq!(inst.placements(), 2);
        assert_eq!(inst.total_choices(), 3);
        assert_eq!(inst.choices(StudentIdx(0))[1].priority, None);
        assert!(inst.choices(StudentIdx(1)).is_empty());
        assert_eq!(inst.capacity(PlacementIdx(1)), 2);
    }

    #[test]
    fn rejects_unknown_and_duplicate_placements() {
        assert!(matches!(
            Instance::new(vec![1], vec![vec![c(1, 1)]]),
            Err(InstanceError::UnknownPlacement {
                student: 0,
                placement: 1,
                ..
            })
        ));
        assert_eq!(
            Instance::new(vec![1, 1], vec![vec![c(1, 1)], vec![c(0, 1), c(0, 2)]]),
            Err(InstanceError::DuplicateChoice {
                student: 1,
                placement: 0
            })
        );
    }

    #[test]
    fn rejects_bad_offsets() {
        assert_eq!(
            Instance::from_flat(vec![1], vec![], vec![]),
            Err(InstanceError::BadOffsets)
        );
        assert_eq!(
            Instance::from_flat(vec![1], vec![0, 2], vec![c(0, 1)]),
            Err(InstanceError::BadOffsets)
        );
        assert_eq!(
            Instance::from_flat(vec![1], vec![1, 1], vec![c(0, 1)]),
            Err(InstanceError::BadOffsets)
        );
    }
}
