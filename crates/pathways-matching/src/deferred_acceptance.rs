//! Student-proposing deferred acceptance with capacities.
//!
//! Gale & Shapley (1962), "College admissions and the stability of
//! marriage": students propose down their lists; a placement tentatively
//! holds its best applicants up to its seats and rejects the rest. The
//! result is stable and the best stable matching for every student; no
//! student can gain by misreporting preferences (Dubins & Freedman 1981;
//! Roth 1982), which is why school-choice systems adopted it with
//! lottery-broken priorities (Abdulkadiroğlu & Sönmez 2003; Roth 1984 for
//! the hospital–residents setting). The order in which free students
//! propose does not change the outcome (McVitie & Wilson 1970), so a stack
//! is used.
//!
//! Each choice is proposed to at most once, and each proposal costs one
//! comparison with the placement's worst held applicant, kept in the
//! placement's header (a max-heap over packed `u64` keys, all placements'
//! heaps in one flat array, each entry carrying its student): O(L log c)
//! for L choices in all and c the largest capacity, with no allocation per
//! proposal. At a million students the loop is bound by cache misses, so a
//! rejection reads only the header, and an eviction finds the evicted
//! student in the heap entry it already loaded.

use crate::instance::{Instance, StudentIdx};
use crate::lottery::Lottery;
use crate::matching::{Cutoff, Matching, admission_key};

const NONE: u32 = u32::MAX;

/// Runs student-proposing deferred acceptance: the student-optimal stable
/// matching for the instance's priorities, ties broken by `lottery`.
/// Ineligible choices (no priority) and placements without seats are
/// skipped, so they are never matched.
///
/// # Panics
/// If `lottery` does not cover every student of `instance`.
pub fn deferred_acceptance(instance: &Instance, lottery: &Lottery) -> Matching {
    let n = instance.students();
    assert_eq!(lottery.len(), n, "the lottery must cover every student");
    let (mut seats, mut held) = held_sets(instance);
    let mut next = vec![0u32; n];
    let mut free: Vec<u32> = (0..n as u32).rev().collect();

    while let Some(s) = free.pop() {
        let student = StudentIdx(s);
        let choices = instance.choices(student);
        let number = lottery.number(student);
        let mut k = next[s as usize] as usize;
        while let Some(c) = choices.get(k) {
            k += 1;
            let Some(priority) = c.priority else { continue };
            let key = admission_key(priority, number);
            let seat = &mut seats[c.placement.index()];
            // Most proposals to a full placement are turned away here,
            // without touching its heap.
            if key >= seat.worst {
                continue;
            }
            let heap = &mut held[seat.start as usize..(seat.start + seat.room) as usize];
            let entry = Held { key, student: s };
            if seat.filled < seat.room {
                heap[seat.filled as usize] = entry;
                sift_up(&mut heap[..=seat.filled as usize]);
                seat.filled += 1;
            } else if let Some(worst) = heap.first_mut() {
                // Full (a placement with fewer applicants than seats never
                // is, so `room` is its capacity here).
                free.push(worst.student);
                *worst = entry;
                sift_down(heap);
            }
            if seat.filled == seat.room {
                seat.worst = heap.first().map_or(u64::MAX, |h| h.key);
            }
            break;
        }
        next[s as usize] = k as u32;
    }

    let mut choice = vec![NONE; n];
    let mut placement = vec![NONE; n];
    let mut cutoffs = Vec::with_capacity(seats.len());
    for (p, (seat, &cap)) in seats.iter().zip(instance.capacities()).enumerate() {
        let heap = &held[seat.start as usize..(seat.start + seat.filled) as usize];
        for h in heap {
            let s = h.student as usize;
            choice[s] = next[s] - 1;
            placement[s] = p as u32;
        }
        cutoffs.push(if cap > 0 && seat.filled >= cap {
            heap.first().and_then(|h| Cutoff::from_key(h.key))
        } else {
            None
        });
    }
    Matching::from_parts(choice, placement, cutoffs)
}

/// One applicant a placement holds: its admission key, and who it is (so
/// evicting the worst needs no second lookup).
#[derive(Clone, Copy, Default)]
struct Held {
    key: u64,
    student: u32,
}

/// A placement's held applicants: a max-heap by key in
/// `held[start..start + room]`, of which the first `filled` are in use,
/// and the key a proposal must beat (`u64::MAX` while seats are free, then
/// the worst held key), so a rejection reads only this header.
struct Seats {
    worst: u64,
    start: u32,
    room: u32,
    filled: u32,
}

/// Room per placement for what it can ever hold — its seats, or its
/// eligible applicants if fewer — in one flat array, so a proposal
/// touches one small header and one contiguous heap.
fn held_sets(instance: &Instance) -> (Vec<Seats>, Vec<Held>) {
    let mut applicants = vec![0u32; instance.placements()];
    for s in instance.student_indices() {
        for c in instance.choices(s).iter().filter(|c| c.priority.is_some()) {
            applicants[c.placement.index()] += 1;
        }
    }
    let mut start = 0u32;
    let seats = instance
        .capacities()
        .iter()
        .zip(&applicants)
        .map(|(&cap, &a)| {
            let room = cap.min(a);
            let seat = Seats {
                // No room: nothing can beat the bar.
                worst: if room == 0 { 0 } else { u64::MAX },
                start,
                room,
                filled: 0,
            };
            // Room never exceeds the eligible choices, which fit in u32.
            start += room;
            seat
        })
        .collect();
    (seats, vec![Held::default(); start as usize])
}

/// Restores the max-heap after appending the last element.
fn sift_up(heap: &mut [Held]) {
    let mut i = heap.len().saturating_sub(1);
    while i > 0 {
        let parent = (i - 1) / 2;
        if heap[parent].key >= heap[i].key {
            break;
        }
        heap.swap(parent, i);
        i = parent;
    }
}

/// Restores the max-heap after lowering the root.
fn sift_down(heap: &mut [Held]) {
    let mut i = 0;
    loop {
        let left = 2 * i + 1;
        if left >= heap.len() {
            return;
        }
        let right = left + 1;
        let larger = if right < heap.len() && heap[right].key > heap[left].key {
            right
        } else {
            left
        };
        if heap[i].key >= heap[larger].key {
            return;
        }
        heap.swap(i, larger);
        i = larger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::{Choice, PlacementIdx, Priority};

    fn c(p: u32, prio: u32) -> Choice {
        Choice {
            placement: PlacementIdx(p),
            priority: Priority::new(prio),
        }
    }

    fn placements(m: &Matching, n: usize) -> Vec<Option<u32>> {
        (0..n as u32)
            .map(|s| m.placement_of(StudentIdx(s)).map(|p| p.0))
            .collect()
    }

    #[test]
    fn textbook_example() {
        // Two placements, one seat each. Both students prefer 0; placement 0
        // gives student 1 higher priority, so student 0 falls to placement 1.
        let inst = Instance::new(
            vec![1, 1],
            vec![vec![c(0, 2), c(1, 1)], vec![c(0, 1), c(1, 1)]],
        )
        .unwrap();
        let m = deferred_acceptance(&inst, &Lottery::draw(0, 2));
        assert_eq!(placements(&m, 2), vec![Some(1), Some(0)]);
        assert_eq!(m.choice_of(StudentIdx(0)), Some(1));
        assert_eq!(m.cutoff(PlacementIdx(0)).map(|c| c.priority.get()), Some(1));
    }

    #[test]
    fn never_matches_ineligible_or_seatless() {
        let inst = Instance::new(vec![0, 5], vec![vec![c(0, 1), c(1, 0)], vec![c(1, 1)]]).unwrap();
        let m = deferred_acceptance(&inst, &Lottery::draw(3, 2));
        assert_eq!(placements(&m, 2), vec![None, Some(1)]);
        assert_eq!(m.matched(), 1);
        assert_eq!(m.cutoff(PlacementIdx(1)), None);
    }

    #[test]
    fn ties_go_to_the_lower_lottery_number() {
        let inst =
            Instance::new(vec![1], vec![vec![c(0, 1)], vec![c(0, 1)], vec![c(0, 1)]]).unwrap();
        let lottery = Lottery::from_numbers(9, vec![2, 0, 1]).unwrap();
        let m = deferred_acceptance(&inst, &lottery);
        assert_eq!(placements(&m, 3), vec![None, Some(0), None]);
        let cutoff = m.cutoff(PlacementIdx(0)).unwrap();
        assert_eq!((cutoff.priority.get(), cutoff.lottery), (1, 0));
    }

    #[test]
    fn heaps_keep_the_largest_on_top() {
        let held = |key| Held { key, student: 0 };
        let mut heap = Vec::new();
        for x in [5u64, 1, 9, 3, 7, 9, 0] {
            heap.push(held(x));
            sift_up(&mut heap);
            assert_eq!(heap[0].key, heap.iter().map(|h| h.key).max().unwrap());
        }
        heap[0] = held(2);
        sift_down(&mut heap);
        assert_eq!(heap[0].key, 9);
        heap[0] = held(0);
        sift_down(&mut heap);
        assert_eq!(heap[0].key, 7);
    }

    #[test]
    fn empty_instance() {
        let inst = Instance::new(vec![], vec![]).unwrap();
        assert_eq!(
            deferred_acceptance(&inst, &Lottery::draw(0, 0)).students(),
            0
        );
    }
}
