//! The students of a round in the order the preferences file first names
//! them: the order of the output.
//!
//! The quick reader numbers students in the order of their id table, not
//! the file's (see [`super::ids::Ids::from_runs_in_table_order`]), so
//! writing the output by index in file order would fetch each id from a
//! random place. The roster keeps a copy of the ids in file order instead,
//! gathered while the runs are read in order.

use super::ids::{DeferredId, Ids};

/// Students in file order: each one's id and index.
pub(crate) struct Roster {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    index: Vec<u32>,
}

impl Roster {
    /// The roster of a preferences file read as runs (see
    /// [`Ids::from_runs`]): each student's first run, in file order.
    pub(crate) fn from_runs(
        runs: &[DeferredId],
        overflow: &[u8],
        student_of_run: &[u32],
        students: usize,
    ) -> Self {
        let mut seen = vec![false; students];
        let mut roster = Self {
            bytes: Vec::new(),
            ends: Vec::with_capacity(students),
            index: Vec::with_capacity(students),
        };
        for (run, &s) in runs.iter().zip(student_of_run) {
            if !std::mem::replace(&mut seen[s as usize], true) {
                roster.bytes.extend_from_slice(run.bytes(overflow));
                roster.ends.push(roster.bytes.len());
                roster.index.push(s);
            }
        }
        roster
    }

    /// The roster of students already numbered in file order.
    pub(crate) fn in_index_order(ids: &Ids) -> Self {
        let mut roster = Self {
            bytes: Vec::new(),
            ends: Vec::with_capacity(ids.len()),
            index: Vec::with_capacity(ids.len()),
        };
        for s in 0..ids.len() as u32 {
            roster.bytes.extend_from_slice(ids.get(s));
            roster.ends.push(roster.bytes.len());
            roster.index.push(s);
        }
        roster
    }

    /// Each student's id and index, in file order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&[u8], u32)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.index)
            .map(|((start, &end), &s)| (&self.bytes[start..end], s))
    }
}
