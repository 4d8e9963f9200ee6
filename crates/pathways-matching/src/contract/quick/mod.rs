//! The quick reader: builds a round from files that have no problems, in
//! as few passes over as little memory as it can, and gives up (`None`) at
//! the first sign of a problem, leaving it to [`super::careful`] to find
//! and locate every one. Valid input never needs the careful reader, and
//! the two agree on every round (`tests::agrees_with_the_careful_reader`).
//!
//! At a million students a round is bound by memory: by cache and TLB
//! misses on arrays larger than the cache, and by the kernel clearing each
//! page a vector first touches. So there are no per-row arrays beyond the
//! choice list itself; students are numbered in the order of their id
//! table (see [`Ids::from_runs_in_table_order`]) and their choice lists
//! laid out in that order, which is what lets [`priorities`] write each
//! priority in place, batch by batch. The output keeps the file's order of
//! students ([`Roster`]).

use std::path::Path;

mod priorities;
#[cfg(test)]
mod tests;

use super::Round;
use super::ids::{self, DeferredId, Ids};
use super::read::{self, Table};
use super::roster::Roster;
use crate::instance::{Choice, Instance, PlacementIdx};
use priorities::Lists;

/// Reads a round with no problems; `None` at the first problem, or if a
/// file cannot be read (the careful reader then reports it).
pub(super) fn read_round(
    placements: &Path,
    preferences: &Path,
    priorities: &Path,
) -> Option<Round> {
    let mut problems = Vec::new();
    let (mut placement_ids, capacities) = read::placements(placements, &mut problems).ok()??;
    if !problems.is_empty() {
        return None;
    }
    let Preferences {
        students,
        roster,
        offsets,
        mut choices,
    } = read_preferences(preferences, &placement_ids)?;
    let lists = Lists {
        offsets: &offsets,
        choices: &mut choices,
    };
    priorities::read(priorities, &mut placement_ids, &students, lists)?;
    let instance = Instance::from_flat(capacities, offsets, choices).ok()?;
    Some(Round {
        instance,
        students,
        placements: placement_ids,
        roster,
    })
}

/// The preferences file as the instance holds it: students in table order
/// (and their order in the file), each one's choices, most preferred first,
/// with no priority yet.
struct Preferences {
    students: Ids,
    roster: Roster,
    offsets: Vec<u32>,
    choices: Vec<Choice>,
}

/// A preference row: the placement and the student's rank for it.
#[derive(Clone, Copy, Default)]
struct Ranked {
    placement: u32,
    rank: u32,
}

/// Reads the preferences file. Rows are numbered by *run* (a change of
/// student id): ids are interned once per run, in bulk, and each run is
/// then moved to its student's place in table order.
fn read_preferences(path: &Path, placements: &Ids) -> Option<Preferences> {
    let table = Table::new(path, ["student_id", "placement_id", "rank"]);
    let mut runs: Vec<DeferredId> = Vec::new();
    let mut run_starts: Vec<u32> = Vec::new();
    let mut overflow = Vec::new();
    let mut run_id: Vec<u8> = Vec::new();
    let mut rows: Vec<Ranked> = Vec::with_capacity(table.max_rows);
    let mut lookups = Lookups::default();
    let mut problems = Vec::new();
    let mut ok = true;
    let usable = table
        .for_each_until(&mut problems, |[sid, pid, r], _, _| {
            let row = (|| {
                if runs.is_empty() || !ids::same_id(&run_id, sid) {
                    if sid.is_empty() {
                        return None;
                    }
                    runs.push(DeferredId::new(sid, &mut overflow)?);
                    run_starts.push(u32::try_from(rows.len()).ok()?);
                    run_id.clear();
                    run_id.extend_from_slice(sid);
                }
                rows.push(Ranked {
                    placement: 0,
                    rank: read::rank(r).ok()?,
                });
                lookups.push(pid, rows.len() - 1, placements, &mut rows)
            })();
            ok = row.is_some();
            ok
        })
        .ok()?;
    if !usable || !ok || !problems.is_empty() {
        return None;
    }
    lookups.resolve(placements, &mut rows)?;
    run_starts.push(u32::try_from(rows.len()).ok()?);
    let (students, student_of_run) = Ids::from_runs_in_table_order(&runs, &overflow);
    let roster = Roster::from_runs(&runs, &overflow, &student_of_run, students.len());
    drop((runs, overflow));
    let (offsets, mut placed) = place(students.len(), &student_of_run, &run_starts, &rows);
    drop(rows);
    order_by_rank(&offsets, &mut placed)?;
    // `Ranked` and `Choice` have one size and alignment, so `collect` can
    // reuse the allocation.
    let choices = placed
        .into_iter()
        .map(|r| Choice {
            placement: PlacementIdx(r.placement),
            priority: None,
        })
        .collect();
    Some(Preferences {
        students,
        roster,
        offsets,
        choices,
    })
}

/// Placement ids of recent preference rows, looked up together: the table
/// is larger than the core's cache, and lookups in a loop of their own are
/// independent, so their misses overlap, where one lookup per row would
/// wait out each miss in turn.
#[derive(Default)]
struct Lookups {
    ids: Vec<(DeferredId, usize)>,
    long: Vec<u8>,
}

impl Lookups {
    /// Rows per batch.
    const BATCH: usize = 32;

    /// Holds the id `pid` of row `row`; resolves the batch once full.
    /// `None` if an id is unknown.
    fn push(
        &mut self,
        pid: &[u8],
        row: usize,
        placements: &Ids,
        rows: &mut [Ranked],
    ) -> Option<()> {
        self.ids.push((DeferredId::new(pid, &mut self.long)?, row));
        if self.ids.len() == Self::BATCH {
            self.resolve(placements, rows)?;
        }
        Some(())
    }

    /// Looks the held ids up and fills in their rows. Each id's home slot
    /// is read first in a loop with no branch on what it finds, so the
    /// misses overlap; the probes then find the slots in cache.
    fn resolve(&mut self, placements: &Ids, rows: &mut [Ranked]) -> Option<()> {
        let mut homes = [0usize; Self::BATCH];
        let mut seen = 0u32;
        for (home, (id, _)) in homes.iter_mut().zip(&self.ids) {
            *home = placements.home(id.bytes(&self.long));
            seen ^= placements.index_at(*home);
        }
        std::hint::black_box(seen);
        for (&home, &(id, row)) in homes.iter().zip(&self.ids) {
            rows[row].placement = placements.lookup_from(id.bytes(&self.long), home)?;
        }
        self.ids.clear();
        self.long.clear();
        Some(())
    }
}

/// Moves each run to its student's place, students in index order and a
/// student's runs in file order (a counting sort of runs).
fn place(
    students: usize,
    student_of_run: &[u32],
    run_starts: &[u32],
    rows: &[Ranked],
) -> (Vec<u32>, Vec<Ranked>) {
    let mut offsets = vec![0u32; students + 1];
    for (r, &s) in student_of_run.iter().enumerate() {
        offsets[s as usize + 1] += run_starts[r + 1] - run_starts[r];
    }
    for s in 0..students {
        offsets[s + 1] += offsets[s];
    }
    let mut at: Vec<u32> = offsets[..students].to_vec();
    let mut placed = vec![Ranked::default(); rows.len()];
    for (r, &s) in student_of_run.iter().enumerate() {
        let run = &rows[run_starts[r] as usize..run_starts[r + 1] as usize];
        let dest = at[s as usize] as usize;
        placed[dest..dest + run.len()].copy_from_slice(run);
        at[s as usize] += run.len() as u32;
    }
    (offsets, placed)
}

/// Puts each student's choices in rank order; `None` if a student uses a
/// rank twice. Lists usually come in rank order already.
fn order_by_rank(offsets: &[u32], rows: &mut [Ranked]) -> Option<()> {
    for w in offsets.windows(2) {
        let list = &mut rows[w[0] as usize..w[1] as usize];
        if list.windows(2).all(|w| w[0].rank < w[1].rank) {
            continue;
        }
        list.sort_unstable_by_key(|r| r.rank);
        if list.windows(2).any(|w| w[0].rank == w[1].rank) {
            return None;
        }
    }
    Some(())
}
