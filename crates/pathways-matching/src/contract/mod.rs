//! The file-in, file-out contract behind `pathways match run`.
//!
//! Inputs (CSV with headers, RFC 4180; extra columns are ignored):
//! - placements: `placement_id,capacity` (seats, 0 or more);
//! - preferences: `student_id,placement_id,rank` (1 = most preferred; ranks
//!   need not be consecutive but must differ within a student);
//! - priorities: `placement_id,student_id,rank` (1 = highest priority;
//!   equal ranks are ties for the lottery; a student a placement does not
//!   list is not eligible for it; every student listed must appear in the
//!   preferences file, so a mistyped id cannot silently cost a student
//!   their eligibility).
//!
//! Output: `student_id,placement_id` for every student of the preferences
//! file, in first-seen order, `placement_id` empty when unmatched. It is
//! written to a temporary file beside the target and renamed over it, so a
//! reader never sees half a file, and on bad input nothing is written: every
//! problem is reported at once, by file, line and field.
//!
//! The lottery numbers are drawn for students in byte order of their ids
//! (see [`crate::Lottery`]), so a round depends only on the files' content
//! and the seed, not on row order.

mod careful;
mod ids;
mod quick;
mod read;
mod roster;
mod split;

use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::instance::{Instance, InstanceError, StudentIdx};
use crate::lottery::Lottery;
use crate::{check_stability, deferred_acceptance};
use ids::Ids;

/// One problem with the input: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file.
    pub file: PathBuf,
    /// The line the record starts on (the header is line 1).
    pub line: u64,
    /// The column.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    fn new(file: &Path, line: u64, field: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.field,
            self.message
        )
    }
}

/// Every problem found, one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, p) in self.0.iter().enumerate() {
            let sep = if k == 0 { "" } else { "\n" };
            write!(f, "{sep}  {p}")?;
        }
        Ok(())
    }
}

/// Why a round could not be run from files.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    /// The input is invalid; nothing was written.
    #[error("{} problem(s) in the input; nothing was written:\n{problems}", problems.0.len())]
    Invalid {
        /// Every problem, in file order.
        problems: Problems,
    },
    /// A file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file could not be read as CSV.
    #[error("{}: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: csv::Error,
    },
    /// The input is valid but too large for 32-bit indices.
    #[error(transparent)]
    Instance(#[from] InstanceError),
}

impl ContractError {
    /// The problems, if the input was invalid.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Invalid { problems } => &problems.0,
            _ => &[],
        }
    }
}

/// Seconds spent in each phase of [`run_files`].
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Timings {
    /// Reading and checking the three files, building the instance.
    pub parse_s: f64,
    /// Drawing the lottery.
    pub lottery_s: f64,
    /// Deferred acceptance.
    pub match_s: f64,
    /// The stability check.
    pub check_s: f64,
    /// Writing the output.
    pub write_s: f64,
}

/// What a round did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunSummary {
    /// Students in the preferences file.
    pub students: usize,
    /// Placements in the placements file.
    pub placements: usize,
    /// Seats offered in all.
    pub seats: u64,
    /// Ranked choices in all.
    pub choices: usize,
    /// Students given a placement.
    pub matched: usize,
    /// Students given none.
    pub unmatched: usize,
    /// Students given their first choice.
    pub first_choice: usize,
    /// The lottery seed.
    pub seed: u64,
    /// Whether the stability check passed (it always should).
    pub stable: bool,
    /// Blocking pairs found by the check.
    pub blocking_pairs: usize,
    /// Time per phase.
    pub timings: Timings,
}

/// Runs one matching round from files: reads and checks the placements,
/// preferences and priorities files, draws the lottery from `seed`, runs
/// [`deferred_acceptance`] and [`check_stability`], and writes the matching
/// to `out` atomically.
pub fn run_files(
    placements: &Path,
    preferences: &Path,
    priorities: &Path,
    out: &Path,
    seed: u64,
) -> Result<RunSummary, ContractError> {
    let started = Instant::now();
    let round = read_round(placements, preferences, priorities)?;
    let parse_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let order: Vec<StudentIdx> = round
        .students
        .sorted()
        .into_iter()
        .map(StudentIdx)
        .collect();
    let lottery = Lottery::draw_in_order(seed, &order);
    drop(order);
    let lottery_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let matching = deferred_acceptance(&round.instance, &lottery);
    let match_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let report = check_stability(&round.instance, &lottery, &matching);
    let check_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    write_atomically(out, |w| write_matching(w, &round, &matching))?;
    let write_s = started.elapsed().as_secs_f64();

    let instance = &round.instance;
    let matched = matching.matched();
    Ok(RunSummary {
        students: instance.students(),
        placements: instance.placements(),
        seats: instance.capacities().iter().map(|&c| u64::from(c)).sum(),
        choices: instance.total_choices(),
        matched,
        unmatched: instance.students() - matched,
        first_choice: instance
            .student_indices()
            .filter(|&s| matching.choice_of(s) == Some(0))
            .count(),
        seed,
        stable: report.is_stable(),
        blocking_pairs: report.blocking_pairs.len(),
        timings: Timings {
            parse_s,
            lottery_s,
            match_s,
            check_s,
            write_s,
        },
    })
}

/// A checked round: the instance and the ids behind its indices.
struct Round {
    instance: Instance,
    students: Ids,
    placements: Ids,
    /// The students in the order of the output.
    roster: roster::Roster,
}

/// Reads and checks the three files: the quick reader first, which gives
/// up at the first sign of a problem, then, only if it did, the careful
/// reader, which finds and locates every problem (and is the reference the
/// quick one is tested against).
fn read_round(
    placements: &Path,
    preferences: &Path,
    priorities: &Path,
) -> Result<Round, ContractError> {
    match quick::read_round(placements, preferences, priorities) {
        Some(round) => Ok(round),
        None => careful::read_round(placements, preferences, priorities),
    }
}

/// Writes the output: `student_id,placement_id` per student, in file order.
///
/// A line whose ids need no quoting (no `,`, `"`, `\r` or `\n`, the usual
/// case) is written as its bytes; any other goes through the `csv` crate,
/// so quoting is exactly the crate's (RFC 4180), at a tenth of the cost
/// per line for the plain ones.
fn write_matching(
    w: &mut dyn Write,
    round: &Round,
    matching: &crate::Matching,
) -> Result<(), csv::Error> {
    fn plain(id: &[u8]) -> bool {
        !id.iter().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    }
    let placements: Vec<(&[u8], bool)> = (0..round.placements.len() as u32)
        .map(|p| round.placements.get(p))
        .map(|id| (id, plain(id)))
        .collect();
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(b"student_id,placement_id\n");
    for (student, s) in round.roster.iter() {
        let (placement, placement_plain) = matching
            .placement_of(StudentIdx(s))
            .map_or((&[][..], true), |p| placements[p.index()]);
        if placement_plain && plain(student) {
            buf.extend_from_slice(student);
            buf.push(b',');
            buf.extend_from_slice(placement);
            buf.push(b'\n');
        } else {
            let mut quoted = csv::Writer::from_writer(&mut buf);
            quoted.write_record([student, placement])?;
            quoted.flush()?;
        }
        if buf.len() >= 1 << 16 {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    w.write_all(&buf)?;
    Ok(())
}

/// Writes through `fill` to a temporary file in `out`'s directory, syncs it
/// and renames it over `out`; on any failure `out` is left untouched.
fn write_atomically(
    out: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), csv::Error>,
) -> Result<(), ContractError> {
    let io = |source| ContractError::Io {
        path: out.to_owned(),
        source,
    };
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    let mut writer = BufWriter::with_capacity(1 << 20, tmp);
    fill(&mut writer).map_err(|source| ContractError::Csv {
        path: out.to_owned(),
        source,
    })?;
    let tmp = writer.into_inner().map_err(|e| io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(out).map_err(|e| io(e.error))?;
    Ok(())
}
