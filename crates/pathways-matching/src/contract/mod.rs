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

mod ids;
mod read;
mod split;

use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::instance::{Choice, Instance, InstanceError, PlacementIdx, Priority, StudentIdx};
use crate::lottery::Lottery;
use crate::{check_stability, deferred_acceptance};
use ids::Ids;
use read::{PreferenceRow, PriorityRow};

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
    write_atomically(out, |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["student_id", "placement_id"])?;
        for s in round.instance.student_indices() {
            let placement = matching
                .placement_of(s)
                .map_or(&[][..], |p| round.placements.get(p.0));
            csv.write_record([round.students.get(s.0), placement])?;
        }
        csv.flush()?;
        Ok(())
    })?;
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
}

fn read_round(
    placements: &Path,
    preferences: &Path,
    priorities: &Path,
) -> Result<Round, ContractError> {
    let mut problems = Vec::new();
    let mut placement_file = read::placements(placements, &mut problems)?;
    let preference_file = read::preferences(
        preferences,
        placement_file.as_mut().map(|(ids, _)| ids),
        &mut problems,
    )?;
    let priority_rows = read::priorities(
        priorities,
        placement_file.as_mut().map(|(ids, _)| ids),
        preference_file.as_ref().map(|(ids, _)| ids),
        &mut problems,
    )?;
    let (Some((placement_ids, capacities)), Some((student_ids, preference_rows))) =
        (placement_file, preference_file)
    else {
        return Err(invalid(problems, [placements, preferences, priorities]));
    };
    let files = Files {
        preferences,
        priorities,
    };
    let (offsets, choices) = join(
        &files,
        student_ids.len(),
        capacities.len(),
        preference_rows,
        priority_rows,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(invalid(problems, [placements, preferences, priorities]));
    }
    let instance = Instance::from_flat(capacities, offsets, choices)?;
    Ok(Round {
        instance,
        students: student_ids,
        placements: placement_ids,
    })
}

fn invalid(mut problems: Vec<Problem>, files: [&Path; 3]) -> ContractError {
    // The join reports after all files are read: restore file, then line order.
    problems.sort_by_key(|p| {
        (
            files
                .iter()
                .position(|f| *f == p.file)
                .unwrap_or(files.len()),
            p.line,
        )
    });
    ContractError::Invalid {
        problems: Problems(problems),
    }
}

struct Files<'a> {
    preferences: &'a Path,
    priorities: &'a Path,
}

/// Groups rows by student and gives each ranked choice its priority:
/// linear in the rows (counting sorts and per-placement stamps), checking
/// duplicate ranks, repeated placements and repeated priority rows.
fn join(
    files: &Files<'_>,
    students: usize,
    placements: usize,
    mut preference_rows: Vec<PreferenceRow>,
    priority_rows: Vec<PriorityRow>,
    problems: &mut Vec<Problem>,
) -> (Vec<u32>, Vec<Choice>) {
    // Rows of one student usually come together, in which case the file
    // order (first-seen students) is already grouped.
    if !preference_rows.is_sorted_by_key(|r| r.student) {
        preference_rows = group_by(preference_rows, students, |r| r.student);
    }
    // `read::priorities` already grouped its rows by student.
    let mut offsets = Vec::with_capacity(students + 1);
    let mut choices = Vec::with_capacity(preference_rows.len());
    offsets.push(0u32);
    // stamp[p] = 1 + the student whose priority at p is in rank[p], line[p].
    let mut priority_stamp = vec![0u32; placements];
    let mut priority_rank = vec![0u32; placements];
    let mut priority_line = vec![0u32; placements];
    let mut ranked_stamp = vec![0u32; placements];
    let mut ranked_line = vec![0u32; placements];
    let (mut pref, mut prio) = (0, 0);
    for s in 0..students as u32 {
        let stamp = s + 1;
        while let Some(row) = priority_rows.get(prio).filter(|r| r.student == s) {
            prio += 1;
            let p = row.placement as usize;
            if priority_stamp[p] == stamp {
                let first = priority_line[p];
                problems.push(Problem::new(
                    files.priorities,
                    u64::from(row.line),
                    "student_id",
                    format!("placement lists this student more than once (first on line {first})"),
                ));
            }
            priority_stamp[p] = stamp;
            priority_rank[p] = row.rank;
            priority_line[p] = row.line;
        }
        let start = pref;
        while preference_rows.get(pref).is_some_and(|r| r.student == s) {
            pref += 1;
        }
        let rows = &mut preference_rows[start..pref];
        rows.sort_by_key(|r| (r.rank, r.line));
        for (k, row) in rows.iter().enumerate() {
            let p = row.placement as usize;
            if ranked_stamp[p] == stamp {
                let first = ranked_line[p];
                problems.push(Problem::new(
                    files.preferences,
                    u64::from(row.line),
                    "placement_id",
                    format!("student ranks this placement more than once (first on line {first})"),
                ));
                continue;
            }
            ranked_stamp[p] = stamp;
            ranked_line[p] = row.line;
            if k > 0 && rows[k - 1].rank == row.rank {
                let first = rows[k - 1].line;
                problems.push(Problem::new(
                    files.preferences,
                    u64::from(row.line),
                    "rank",
                    format!(
                        "student uses rank {} twice (first on line {first})",
                        row.rank
                    ),
                ));
            }
            let priority = if priority_stamp[p] == stamp {
                Priority::new(priority_rank[p])
            } else {
                None
            };
            choices.push(Choice {
                placement: PlacementIdx(row.placement),
                priority,
            });
        }
        offsets.push(choices.len() as u32);
    }
    (offsets, choices)
}

/// A stable counting sort of `rows` by a dense key below `keys`.
fn group_by<T: Copy + Default>(rows: Vec<T>, keys: usize, key: impl Fn(&T) -> u32) -> Vec<T> {
    let mut start = vec![0usize; keys + 1];
    for r in &rows {
        start[key(r) as usize + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut out = vec![T::default(); rows.len()];
    for r in rows {
        let slot = &mut start[key(&r) as usize];
        out[*slot] = r;
        *slot += 1;
    }
    out
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
