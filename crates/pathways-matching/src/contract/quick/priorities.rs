//! The priorities file, read into the students' choice lists.
//!
//! This file names students in no useful order (it usually comes grouped
//! by placement), and at a million students both the id table and the
//! choice lists are far larger than the cache, so looking each row up as
//! it comes would cost two random memory accesses a row. Rows are instead
//! held in batches by the part of the table their id hashes to, and a
//! full batch is resolved at once (a radix-partitioned join): its ids are
//! looked up in one part of the table, and, students being numbered in
//! table order, they resolve to one range of students, whose lists are one
//! part of the choice array. Sorting the batch by slot, then by student,
//! makes both walks run in address order.

use std::path::Path;

use super::super::ids::{DeferredId, Ids};
use super::super::read::{self, Table};
use crate::instance::{Choice, Priority};

/// Each student's choice list, to write priorities into.
pub(super) struct Lists<'a> {
    pub(super) offsets: &'a [u32],
    pub(super) choices: &'a mut [Choice],
}

/// A priority row waiting for its student: the id, the slot the id hashes
/// to, the placement and the rank.
#[derive(Clone, Copy)]
struct Pending {
    id: DeferredId,
    home: u32,
    placement: u32,
    rank: u32,
}

/// A batch of priority rows whose students fall in one part of the table,
/// held until they are resolved together.
#[derive(Default)]
struct Batch {
    rows: Vec<Pending>,
    /// Bytes of ids longer than [`DeferredId`] holds inline; cleared with
    /// the batch, so memory stays bounded by the batch size.
    long: Vec<u8>,
}

/// Rows held per batch: enough that the part of memory a batch reaches
/// (about 128 KiB of table and a few hundred KiB of choice lists) is loaded
/// once for many rows and stays in the cache and the TLB while they use it.
const BATCH: usize = 8192;

/// Reads the priorities file, giving each student's choice its priority.
/// `None` at an unknown placement or student, a bad rank, or a placement
/// that lists a student twice.
pub(super) fn read(
    path: &Path,
    placements: &mut Ids,
    students: &Ids,
    lists: Lists<'_>,
) -> Option<()> {
    let table = Table::new(path, ["placement_id", "student_id", "rank"]);
    let mut batches: Vec<Batch> = (0..students.buckets()).map(|_| Batch::default()).collect();
    let mut join = Join {
        students,
        lists,
        order: Vec::with_capacity(BATCH),
        resolved: Vec::with_capacity(BATCH),
        count: Vec::new(),
        unranked: Vec::new(),
    };
    let mut problems = Vec::new();
    let mut ok = true;
    let usable = table
        .for_each_until(&mut problems, |[pid, sid, r], _, _| {
            let row = (|| {
                let placement = placements.find(pid)?;
                let rank = read::rank(r).ok()?;
                if sid.is_empty() {
                    return None;
                }
                let home = students.home(sid);
                let batch = &mut batches[students.bucket_of(home)];
                batch.rows.push(Pending {
                    id: DeferredId::new(sid, &mut batch.long)?,
                    home: u32::try_from(home).ok()?,
                    placement,
                    rank,
                });
                if batch.rows.len() >= BATCH {
                    join.resolve(batch)?;
                }
                Some(())
            })();
            ok = row.is_some();
            ok
        })
        .ok()?;
    if !usable || !ok || !problems.is_empty() {
        return None;
    }
    for batch in &mut batches {
        join.resolve(batch)?;
    }
    join.unranked.sort_unstable();
    join.unranked.windows(2).all(|w| w[0] != w[1]).then_some(())
}

/// Writes batches of priority rows into the students' choice lists.
struct Join<'a> {
    students: &'a Ids,
    lists: Lists<'a>,
    /// Scratch for a batch, reused: an order of its rows (by slot, then,
    /// once resolved, by student), the rows resolved to students, and
    /// counts to sort them.
    order: Vec<u32>,
    resolved: Vec<Resolved>,
    count: Vec<u32>,
    /// Rows for placements the student did not rank: kept only to check
    /// that none is listed twice.
    unranked: Vec<(u32, u32)>,
}

/// A priority row resolved: (student, placement, rank).
type Resolved = (u32, u32, u32);

impl Join<'_> {
    /// Looks up a batch's students and sets each row's priority on the
    /// student's choice; `None` at an unknown student or a repeated row.
    ///
    /// A batch's ids hash to one part of the table, and the students they
    /// name have one range of indices, so their choice lists are one part
    /// of the choice array. Rows are sorted twice (counting sorts over
    /// those parts): by the slot their id hashes to before the lookups,
    /// and by student before the writes, so both parts are walked in
    /// order, which the hardware prefetches, rather than at random.
    fn resolve(&mut self, batch: &mut Batch) -> Option<()> {
        let Batch { rows, long } = batch;
        let Some(first) = rows.first() else {
            return Some(());
        };
        let span = self.students.slots_per_bucket();
        let base = first.home as usize / span * span;
        counting_sort(&mut self.order, &mut self.count, rows, span, |row| {
            row.home as usize - base
        });
        self.resolved.clear();
        let (mut low, mut high) = (u32::MAX, 0);
        for &k in &self.order {
            let row = &rows[k as usize];
            let s = self
                .students
                .lookup_from(row.id.bytes(long), row.home as usize)?;
            (low, high) = (low.min(s), high.max(s));
            self.resolved.push((s, row.placement, row.rank));
        }
        rows.clear();
        long.clear();
        let span = (high - low) as usize + 1;
        counting_sort(
            &mut self.order,
            &mut self.count,
            &self.resolved,
            span,
            |r| (r.0 - low) as usize,
        );
        let Lists { offsets, choices } = &mut self.lists;
        for &k in &self.order {
            let (s, placement, rank) = self.resolved[k as usize];
            let (from, to) = (
                offsets[s as usize] as usize,
                offsets[s as usize + 1] as usize,
            );
            match choices[from..to]
                .iter_mut()
                .find(|c| c.placement.0 == placement)
            {
                Some(c) if c.priority.is_none() => c.priority = Priority::new(rank),
                Some(_) => return None,
                None => self.unranked.push((s, placement)),
            }
        }
        Some(())
    }
}

/// Sets `order` to the positions of `items` sorted by `key` (below `span`),
/// stably: a counting sort, with `count` as scratch.
fn counting_sort<T>(
    order: &mut Vec<u32>,
    count: &mut Vec<u32>,
    items: &[T],
    span: usize,
    key: impl Fn(&T) -> usize,
) {
    count.clear();
    count.resize(span + 1, 0);
    for item in items {
        count[key(item) + 1] += 1;
    }
    for k in 1..count.len() {
        count[k] += count[k - 1];
    }
    order.clear();
    order.resize(items.len(), 0);
    for (k, item) in items.iter().enumerate() {
        let at = &mut count[key(item)];
        order[*at as usize] = k as u32;
        *at += 1;
    }
}
