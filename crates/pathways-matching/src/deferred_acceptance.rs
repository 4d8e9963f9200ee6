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
//! propose does not change the outcome (McVitie & Wilson 1970), which the
//! loop below uses freely.
//!
//! Each choice is proposed to at most once, and each proposal costs one
//! comparison with the placement's worst held applicant, kept in the
//! placement's 16-byte header (a max-heap over packed `u64` keys, all
//! placements' heaps in one flat array): O(L log c) for L choices in all
//! and c the largest capacity, with no allocation per proposal.
//!
//! At a million students the loop is bound by cache misses, so it is laid
//! out to touch as little as it can, and to wait on several misses at once.
//! Students are taken in index order by eight lanes that take turns, one
//! proposal each, so the lanes' misses overlap; a student who is turned out
//! takes over the lane of the one who turned them out. Each held entry
//! keeps the admission key, whose low half is the lottery number, and the
//! student's place in the flat choice list and its end, so an evicted
//! student resumes from what the eviction already loaded: one miss on the
//! student's remaining choices, none on per-student arrays (who holds what
//! is read off the heaps at the end). A rejection reads only the
//! placement's header.

use crate::instance::{Choice, Instance};
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
    let offsets = instance.offsets();
    let mut round = Round {
        choices: instance.flat_choices(),
        offsets,
        seats: seats(instance),
        held: Vec::new(),
    };
    round.held = vec![Held::default(); round.seats.last().map_or(0, |s| s.start as usize)];

    let mut students = offsets
        .windows(2)
        .zip(lottery.numbers())
        .map(|(w, &number)| Proposer {
            pos: w[0],
            end: w[1],
            number,
        });
    // Several proposers take turns, one proposal each: their cache misses
    // are independent, so the processor overlaps them.
    let mut lanes: [Option<Proposer>; LANES] = [None; LANES];
    loop {
        let mut busy = false;
        for lane in &mut lanes {
            if lane.is_none() {
                *lane = students.next();
            }
            if let Some(who) = *lane {
                *lane = round.propose(who);
                busy = true;
            }
        }
        if !busy {
            break;
        }
    }
    round.into_matching(instance)
}

/// Proposers in flight at once (see [`deferred_acceptance`]).
const LANES: usize = 8;

/// A student about to propose: where their remaining choices are, and their
/// lottery number. Who the student is does not matter until the end (see
/// [`Round::into_matching`]).
#[derive(Clone, Copy)]
struct Proposer {
    /// The next choice to propose to, in the flat choice list.
    pos: u32,
    /// The end of the student's choices.
    end: u32,
    number: u32,
}

/// One applicant a placement holds: its admission key (priority, then
/// lottery number), the choice it holds and where its list ends, so an
/// evicted student resumes without looking anything up.
#[derive(Clone, Copy, Default)]
struct Held {
    key: u64,
    pos: u32,
    end: u32,
}

/// A placement's header: its heap is `held[start..]`, its room (seats, or
/// eligible applicants if fewer) runs to the next header's `start`, the
/// first `len` entries are in use, and `worst` is the key a proposal must
/// beat (`u64::MAX` while there is room, then the worst held key), so a
/// rejection reads these 16 bytes and nothing else.
#[derive(Clone, Copy)]
struct Seats {
    worst: u64,
    start: u32,
    len: u32,
}

/// The state of a round in progress.
struct Round<'a> {
    choices: &'a [Choice],
    offsets: &'a [u32],
    /// One header per placement, and a last one marking the end of `held`.
    seats: Vec<Seats>,
    held: Vec<Held>,
}

impl Round<'_> {
    /// Makes the proposer's next proposal. Returns who proposes next in
    /// this lane: the same student, turned away, or the student a full
    /// placement turned out to take them, or nobody.
    fn propose(&mut self, who: Proposer) -> Option<Proposer> {
        let c = *self.choices[who.pos as usize..who.end as usize].first()?;
        let next = Proposer {
            pos: who.pos + 1,
            ..who
        };
        let Some(priority) = c.priority else {
            return Some(next);
        };
        let key = admission_key(priority, who.number);
        let p = c.placement.index();
        // Most proposals to a full placement are turned away here.
        if key >= self.seats[p].worst {
            return Some(next);
        }
        let Seats { start, len, .. } = self.seats[p];
        let room = self.seats[p + 1].start - start;
        let heap = &mut self.held[start as usize..(start + room) as usize];
        let entry = Held {
            key,
            pos: who.pos,
            end: who.end,
        };
        let mut evicted = None;
        if len < room {
            heap[len as usize] = entry;
            sift_up(&mut heap[..=len as usize]);
            self.seats[p].len = len + 1;
        } else if let Some(worst) = heap.first_mut() {
            let out = std::mem::replace(worst, entry);
            sift_down(heap);
            evicted = Some(Proposer {
                pos: out.pos + 1,
                end: out.end,
                number: out.key as u32,
            });
        }
        if self.seats[p].len == room {
            self.seats[p].worst = heap.first().map_or(u64::MAX, |h| h.key);
        }
        evicted
    }

    /// Reads the matching off the heaps: the held choices are marked in a
    /// bit set over the choice list, and each student's range of it is
    /// then searched in order (a student holds at most one).
    fn into_matching(self, instance: &Instance) -> Matching {
        let n = instance.students();
        let mut held = vec![0u64; self.choices.len().div_ceil(64)];
        let mut cutoffs = Vec::with_capacity(instance.placements());
        for (w, &cap) in self.seats.windows(2).zip(instance.capacities()) {
            let heap = &self.held[w[0].start as usize..(w[0].start + w[0].len) as usize];
            for h in heap {
                held[h.pos as usize / 64] |= 1 << (h.pos % 64);
            }
            cutoffs.push(if cap > 0 && w[0].len >= cap {
                heap.first().and_then(|h| Cutoff::from_key(h.key))
            } else {
                None
            });
        }
        let mut choice = vec![NONE; n];
        let mut placement = vec![NONE; n];
        for (s, w) in self.offsets.windows(2).enumerate() {
            if let Some(pos) = (w[0]..w[1]).find(|&k| held[k as usize / 64] >> (k % 64) & 1 == 1) {
                choice[s] = pos - w[0];
                placement[s] = self.choices[pos as usize].placement.0;
            }
        }
        Matching::from_parts(choice, placement, cutoffs)
    }
}

/// Headers with room per placement for what it can ever hold — its seats,
/// or its eligible applicants if fewer — laid out in one flat array, so a
/// proposal touches one small header and one contiguous heap. A last
/// header marks the end.
fn seats(instance: &Instance) -> Vec<Seats> {
    let mut applicants = vec![0u32; instance.placements()];
    for c in instance
        .flat_choices()
        .iter()
        .filter(|c| c.priority.is_some())
    {
        applicants[c.placement.index()] += 1;
    }
    let mut start = 0u32;
    let mut seats: Vec<Seats> = instance
        .capacities()
        .iter()
        .zip(&applicants)
        .map(|(&cap, &a)| {
            let room = cap.min(a);
            let seat = Seats {
                // No room: nothing can beat the bar.
                worst: if room == 0 { 0 } else { u64::MAX },
                start,
                len: 0,
            };
            // Room never exceeds the eligible choices, which fit in u32.
            start += room;
            seat
        })
        .collect();
    seats.push(Seats {
        worst: 0,
        start,
        len: 0,
    });
    seats
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
    use crate::instance::{PlacementIdx, Priority, StudentIdx};

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
        let held = |key| Held {
            key,
            pos: 0,
            end: 0,
        };
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
