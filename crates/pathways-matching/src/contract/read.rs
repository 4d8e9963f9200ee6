//! Reading the three input files, collecting every problem instead of
//! stopping at the first, so one correction pass fixes a file.
//!
//! Rows are read as raw bytes (`csv::ByteRecord`, RFC 4180 quoting) and ids
//! interned on the fly; numbers are parsed by hand. This is the hot path of
//! a round: at a million students it reads tens of millions of fields.

use std::path::Path;

use super::ids::{DeferredId, Ids};
use super::split::{self, Record};
use super::{ContractError, Problem};

/// One `student_id,placement_id,rank` row, interned.
#[derive(Clone, Copy, Default)]
pub(crate) struct PreferenceRow {
    pub student: u32,
    pub placement: u32,
    pub rank: u32,
    pub line: u32,
}

/// One `placement_id,student_id,rank` row, interned.
#[derive(Clone, Copy, Default)]
pub(crate) struct PriorityRow {
    pub placement: u32,
    pub student: u32,
    pub rank: u32,
    pub line: u32,
}

/// A CSV file with the required columns located by header name.
pub(super) struct Table<'p, const N: usize> {
    path: &'p Path,
    /// An upper bound on the rows (the shortest row is 6 bytes), to reserve
    /// row storage once: only pages actually written cost memory, and
    /// doubling a 100 MB vector copies it.
    pub(super) max_rows: usize,
    names: [&'static str; N],
}

impl<'p, const N: usize> Table<'p, N> {
    pub(super) fn new(path: &'p Path, names: [&'static str; N]) -> Self {
        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
        Self {
            path,
            max_rows: usize::try_from(bytes / 6).unwrap_or(usize::MAX),
            names,
        }
    }

    /// Finds the columns by the header (the first record) and calls `row`
    /// with each later record's required fields and its line. Returns
    /// whether the header has every column: a missing one is a problem,
    /// and then no row is read. A row too short to hold the fields is
    /// reported here and skipped.
    fn for_each(
        &self,
        problems: &mut Vec<Problem>,
        mut row: impl FnMut([&[u8]; N], u64, &mut Vec<Problem>),
    ) -> Result<bool, ContractError> {
        self.for_each_until(problems, |fields, line, problems| {
            row(fields, line, problems);
            true
        })
    }

    /// [`Table::for_each`], stopping after the first row for which `row`
    /// returns `false` (the quick reader gives up there).
    pub(super) fn for_each_until(
        &self,
        problems: &mut Vec<Problem>,
        mut row: impl FnMut([&[u8]; N], u64, &mut Vec<Problem>) -> bool,
    ) -> Result<bool, ContractError> {
        // None until the header is read; then the columns, if all found.
        let mut columns: Option<Option<[usize; N]>> = None;
        split::for_each_record(self.path, |record, line| {
            let Some(found) = &columns else {
                let found = self.locate(&record, line, problems);
                let usable = found.is_some();
                columns = Some(found);
                return usable;
            };
            let Some(at) = found else { return false };
            match record.pick(at) {
                Ok(fields) => row(fields, line, problems),
                Err(missing) => {
                    for (k, name) in self.names.iter().enumerate() {
                        if missing & (1 << k) != 0 {
                            problems.push(Problem::new(self.path, line, name, "missing field"));
                        }
                    }
                    true
                }
            }
        })?;
        match columns {
            Some(found) => Ok(found.is_some()),
            None => {
                // An empty file: not even a header.
                for name in self.names {
                    problems.push(Problem::new(self.path, 1, name, "missing column"));
                }
                Ok(false)
            }
        }
    }

    /// The position of each required column in the header.
    fn locate(
        &self,
        header: &Record<'_>,
        line: u64,
        problems: &mut Vec<Problem>,
    ) -> Option<[usize; N]> {
        let header = header.to_vec();
        let mut columns = [0; N];
        let mut found = true;
        for (k, name) in self.names.iter().enumerate() {
            match header
                .iter()
                .position(|h| h.trim_ascii() == name.as_bytes())
            {
                Some(i) => columns[k] = i,
                None => {
                    problems.push(Problem::new(self.path, line, name, "missing column"));
                    found = false;
                }
            }
        }
        found.then_some(columns)
    }
}

/// A rank: a whole number, at least 1.
pub(super) fn rank(field: &[u8]) -> Result<u32, &'static str> {
    // Plain digits, the usual form, skip the general parse.
    if let Some(n) = digits(field).filter(|&n| n >= 1) {
        return Ok(n);
    }
    match whole_number(field)? {
        n if n < 1 => Err("must be at least 1"),
        n => u32::try_from(n).map_err(|_| "too large"),
    }
}

/// A seat count: a whole number, at least 0.
fn capacity(field: &[u8]) -> Result<u32, &'static str> {
    match whole_number(field)? {
        n if n < 0 => Err("must not be negative"),
        n => u32::try_from(n).map_err(|_| "too large"),
    }
}

/// One to nine ASCII digits and nothing else, as a number.
fn digits(field: &[u8]) -> Option<u32> {
    if field.is_empty() || field.len() > 9 {
        return None;
    }
    let mut n = 0u32;
    for &d in field {
        let digit = d.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = n * 10 + u32::from(digit);
    }
    Some(n)
}

/// An optionally signed decimal integer, surrounding spaces allowed.
fn whole_number(field: &[u8]) -> Result<i64, &'static str> {
    const MALFORMED: &str = "not a whole number";
    let s = field.trim_ascii();
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 {
        return Err(
            if digits.len() > 18 && digits.iter().all(u8::is_ascii_digit) {
                "too large"
            } else {
                MALFORMED
            },
        );
    }
    let mut n: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return Err(MALFORMED);
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Ok(if negative { -n } else { n })
}

/// A non-empty id.
fn id(field: &[u8]) -> Result<&[u8], &'static str> {
    if field.is_empty() {
        Err("empty id")
    } else {
        Ok(field)
    }
}

fn line32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// Placements: ids in file order and their seats. `None` if the file lacks
/// a column.
pub(crate) fn placements(
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Result<Option<(Ids, Vec<u32>)>, ContractError> {
    let table = Table::new(path, ["placement_id", "capacity"]);
    let mut ids = Ids::default();
    let mut capacities = Vec::new();
    let mut first_line = Vec::new();
    let usable = table.for_each(problems, |[pid, cap], line, problems| {
        let cap = capacity(cap)
            .map_err(|m| problems.push(Problem::new(path, line, "capacity", m)))
            .ok();
        let pid = match id(pid) {
            Ok(pid) => pid,
            Err(m) => return problems.push(Problem::new(path, line, "placement_id", m)),
        };
        match ids.intern(pid) {
            Some((_, true)) => {
                capacities.push(cap.unwrap_or(0));
                first_line.push(line);
            }
            Some((i, false)) => {
                let first = first_line[i as usize];
                problems.push(Problem::new(
                    path,
                    line,
                    "placement_id",
                    format!("duplicate placement (first on line {first})"),
                ));
            }
            None => problems.push(Problem::new(
                path,
                line,
                "placement_id",
                "too many placements",
            )),
        }
    })?;
    if !usable {
        return Ok(None);
    }
    Ok(Some((ids, capacities)))
}

/// Preferences: students in first-seen order and their rows. Placements are
/// checked against `placements` when that file was readable. `None` if the
/// file lacks a column.
///
/// Rows of one student usually come together, so rows are first numbered
/// by *run* (a change of student id), and ids are interned once per run, in
/// bulk ([`Ids::from_runs`]).
pub(crate) fn preferences(
    path: &Path,
    placements: Option<&mut Ids>,
    problems: &mut Vec<Problem>,
) -> Result<Option<(Ids, Vec<PreferenceRow>)>, ContractError> {
    let table = Table::new(path, ["student_id", "placement_id", "rank"]);
    let mut runs: Vec<DeferredId> = Vec::new();
    let mut overflow = Vec::new();
    let mut run_id: Vec<u8> = Vec::new();
    let mut rows = Vec::with_capacity(table.max_rows);
    let mut placements = placements;
    let usable = table.for_each(problems, |[sid, pid, r], line, problems| {
        let student = match id(sid) {
            Ok(sid) if !runs.is_empty() && run_id == sid => u32::try_from(runs.len() - 1).ok(),
            Ok(sid) => {
                let run = u32::try_from(runs.len())
                    .ok()
                    .zip(DeferredId::new(sid, &mut overflow));
                if run.is_none() {
                    problems.push(Problem::new(path, line, "student_id", "too many students"));
                }
                run.map(|(r, deferred)| {
                    runs.push(deferred);
                    run_id.clear();
                    run_id.extend_from_slice(sid);
                    r
                })
            }
            Err(m) => {
                problems.push(Problem::new(path, line, "student_id", m));
                None
            }
        };
        let placement = known(
            path,
            line,
            "placement_id",
            "placement",
            pid,
            placements.as_deref_mut(),
            problems,
        );
        let rank = rank(r)
            .map_err(|m| problems.push(Problem::new(path, line, "rank", m)))
            .ok();
        if let (Some(student), Some(placement), Some(rank)) = (student, placement, rank) {
            rows.push(PreferenceRow {
                student,
                placement,
                rank,
                line: line32(line),
            });
        }
    })?;
    if !usable {
        return Ok(None);
    }
    let (students, student_of_run) = Ids::from_runs(&runs, &overflow);
    for row in &mut rows {
        row.student = student_of_run[row.student as usize];
    }
    Ok(Some((students, rows)))
}

/// Priorities: rows whose placement and student are known (when their
/// files were readable).
///
/// Students are looked up after the whole file is read, bucket by bucket
/// of the id table (see [`Ids::bucket`]): this file names students in no
/// useful order, and at a million students random lookups would dominate
/// the round.
pub(crate) fn priorities(
    path: &Path,
    placements: Option<&mut Ids>,
    students: Option<&Ids>,
    problems: &mut Vec<Problem>,
) -> Result<Vec<PriorityRow>, ContractError> {
    /// Lookups held per bucket before they are resolved together: enough
    /// that each line of the bucket's part of the table serves several
    /// lookups, few enough that the buffers are reused rather than holding
    /// the whole file (tuned at a million students).
    const FLUSH: usize = 8192;
    let table = Table::new(path, ["placement_id", "student_id", "rank"]);
    let mut placements = placements;
    let buckets = students.map_or(1, Ids::buckets);
    let mut pending: Vec<Vec<(DeferredId, PriorityRow)>> =
        (0..buckets).map(|_| Vec::with_capacity(FLUSH)).collect();
    let mut resolved = Vec::with_capacity(table.max_rows);
    let mut overflow = Vec::new();
    let usable = table.for_each(problems, |[pid, sid, r], line, problems| {
        let placement = known(
            path,
            line,
            "placement_id",
            "placement",
            pid,
            placements.as_deref_mut(),
            problems,
        );
        let sid = id(sid)
            .map_err(|m| problems.push(Problem::new(path, line, "student_id", m)))
            .ok();
        let rank = rank(r)
            .map_err(|m| problems.push(Problem::new(path, line, "rank", m)))
            .ok();
        let (Some(students), Some(sid)) = (students, sid) else {
            return;
        };
        let Some(deferred) = DeferredId::new(sid, &mut overflow) else {
            return problems.push(Problem::new(path, line, "student_id", "too many long ids"));
        };
        let row = PriorityRow {
            placement: placement.unwrap_or(u32::MAX),
            student: 0,
            rank: rank.unwrap_or(0),
            line: line32(line),
        };
        let bucket = &mut pending[students.bucket(sid)];
        bucket.push((deferred, row));
        if bucket.len() == FLUSH {
            resolve(path, bucket, students, &overflow, &mut resolved, problems);
        }
    })?;
    if !usable {
        return Ok(Vec::new());
    }
    let Some(students) = students else {
        return Ok(Vec::new());
    };
    for bucket in &mut pending {
        resolve(path, bucket, students, &overflow, &mut resolved, problems);
    }
    // Group by student (a counting sort). A student's rows all pass through
    // one bucket, in file order, so they stay in file order and "first on
    // line" messages name the earlier line.
    let mut start = vec![0usize; students.len() + 1];
    for row in &resolved {
        start[row.student as usize + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut rows = vec![PriorityRow::default(); resolved.len()];
    for row in resolved {
        let slot = &mut start[row.student as usize];
        rows[*slot] = row;
        *slot += 1;
    }
    Ok(rows)
}

/// Looks up a bucket's pending students (one cache-sized part of the
/// table), moving rows that are complete to `out` and reporting unknown
/// students.
fn resolve(
    path: &Path,
    bucket: &mut Vec<(DeferredId, PriorityRow)>,
    students: &Ids,
    overflow: &[u8],
    out: &mut Vec<PriorityRow>,
    problems: &mut Vec<Problem>,
) {
    for (deferred, mut row) in bucket.drain(..) {
        let sid = deferred.bytes(overflow);
        match students.lookup(sid) {
            Some(s) if row.placement != u32::MAX && row.rank != 0 => {
                row.student = s;
                out.push(row);
            }
            Some(_) => {}
            None => {
                let shown = String::from_utf8_lossy(sid);
                let message = format!("unknown student (not in the preferences file) {shown:?}");
                problems.push(Problem::new(
                    path,
                    u64::from(row.line),
                    "student_id",
                    message,
                ));
            }
        }
    }
}

/// Looks `field` up in `ids`; reports an empty or unknown id. When `ids` is
/// `None` (its file was unreadable) only emptiness is checked.
fn known(
    path: &Path,
    line: u64,
    column: &str,
    what: &str,
    field: &[u8],
    ids: Option<&mut Ids>,
    problems: &mut Vec<Problem>,
) -> Option<u32> {
    let field = id(field)
        .map_err(|m| problems.push(Problem::new(path, line, column, m)))
        .ok()?;
    let found = ids?.find(field);
    if found.is_none() {
        let shown = String::from_utf8_lossy(field);
        problems.push(Problem::new(
            path,
            line,
            column,
            format!("unknown {what} {shown:?}"),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(rank(b"1"), Ok(1));
        assert_eq!(rank(b"999999999"), Ok(999_999_999));
        assert_eq!(rank(b"0000000001"), Ok(1));
        assert_eq!(rank(b"00"), Err("must be at least 1"));
        assert_eq!(rank(b" 12 "), Ok(12));
        assert_eq!(rank(b"+3"), Ok(3));
        assert_eq!(rank(b"0"), Err("must be at least 1"));
        assert_eq!(rank(b"-2"), Err("must be at least 1"));
        assert_eq!(rank(b"1.5"), Err("not a whole number"));
        assert_eq!(rank(b""), Err("not a whole number"));
        assert_eq!(rank(b"-"), Err("not a whole number"));
        assert_eq!(rank(b"x1"), Err("not a whole number"));
        assert_eq!(rank(b"4294967296"), Err("too large"));
        assert_eq!(rank(b"99999999999999999999"), Err("too large"));
        assert_eq!(capacity(b"0"), Ok(0));
        assert_eq!(capacity(b"-1"), Err("must not be negative"));
    }
}
