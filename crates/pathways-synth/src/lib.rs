//! Synthetic participant records for a region, in the participant-data file
//! contract (`docs/participant-data.md`): students, K-12 enrollment, CTE
//! courses, graduation, credentials, work-based learning, postsecondary
//! enrollment and awards, workforce programs and UI wage records.
//!
//! The generator is **seeded and deterministic** (the same parameters, region
//! and seed give byte-identical files: every person draws from their own
//! ChaCha8 stream), **streaming** (each person is simulated and written before
//! the next; tables are buffered in batches of [`BATCH_ROWS`] rows, so memory
//! does not grow with the population), and writes CSV or Parquet. The rates it
//! draws from are documented in `docs/synthetic-data.md`: approximate,
//! illustrative figures of the order published for Texas, not any real
//! district's numbers.

mod illustrative;
mod later;
mod person;
pub mod region;
pub mod schema;
mod sink;
mod world;

use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use region::Region;
pub use schema::{Column, ColumnType, Table};
pub use sink::Format;

/// Rows per batch handed to a file writer.
pub const BATCH_ROWS: usize = sink::BATCH_ROWS;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The parameters are out of range.
    #[error("{0}")]
    Params(String),
    /// The region description is unusable.
    #[error("region description: {0}")]
    Region(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Encoding a batch failed.
    #[error("writing a batch: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
    /// Encoding Parquet failed.
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// A bug in this crate.
    #[error("internal error: {0}")]
    Internal(String),
}

impl SynthError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        SynthError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Students (everyone enrolled in grades 6–12 in some school year of the window
    /// who reaches high school in it).
    pub students: u64,
    /// School years in the window.
    pub years: u32,
    /// The first school year (`2018` is 2018–19).
    pub start_year: i32,
    /// Calendar years after the last school year's spring through which
    /// postsecondary, workforce and wage records are observed.
    pub follow_up_years: u32,
    /// The seed.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            students: 20_000,
            years: 6,
            start_year: 2018,
            follow_up_years: 1,
            seed: 2026,
        }
    }
}

impl Params {
    /// Checks ranges.
    pub fn check(&self) -> Result<(), SynthError> {
        if self.students == 0 || self.students > 100_000_000 {
            return Err(SynthError::Params(format!(
                "--students must be from 1 to 100000000, not {}",
                self.students
            )));
        }
        if !(1..=20).contains(&self.years) {
            return Err(SynthError::Params(format!(
                "--years must be from 1 to 20, not {}",
                self.years
            )));
        }
        if !(1990..=2100).contains(&self.start_year) {
            return Err(SynthError::Params(format!(
                "--start-year must be from 1990 to 2100, not {}",
                self.start_year
            )));
        }
        if self.follow_up_years > 10 {
            return Err(SynthError::Params(format!(
                "--follow-up must be from 0 to 10, not {}",
                self.follow_up_years
            )));
        }
        Ok(())
    }

    /// The last school year of the window.
    pub fn last_school_year(&self) -> i32 {
        self.start_year + self.years as i32 - 1
    }

    /// The last calendar year observed (through its fourth quarter).
    pub fn last_observed_year(&self) -> i32 {
        self.last_school_year() + self.follow_up_years as i32
    }
}

/// Rows written per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// (table, rows) in [`Table::ALL`] order.
    pub rows: Vec<(Table, u64)>,
}

impl Summary {
    /// Rows of one table.
    pub fn rows_of(&self, t: Table) -> u64 {
        self.rows
            .iter()
            .find(|(x, _)| *x == t)
            .map_or(0, |(_, n)| *n)
    }
}

/// Where the generated rows go.
pub(crate) struct Out {
    writers: Vec<sink::TableWriter>,
}

impl Out {
    pub(crate) fn push(&mut self, t: Table, row: &[schema::Value<'_>]) -> Result<(), SynthError> {
        let i = t as usize;
        match self.writers.get_mut(i) {
            Some(w) => w.push(row),
            None => Err(SynthError::Internal(format!("no writer for {}", t.name()))),
        }
    }
}

/// Generates the population into `dir` (which must exist; files of the same
/// names are overwritten). `progress` is called with the number of students
/// done, every 1,000 students and at the end.
pub fn generate_into(
    dir: &Path,
    params: &Params,
    region: &Region,
    format: Format,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary, SynthError> {
    params.check()?;
    let world = world::World::new(region, *params)?;
    let mut writers = Vec::with_capacity(Table::ALL.len());
    for t in Table::ALL {
        writers.push(sink::TableWriter::create(dir, t, format)?);
    }
    let mut out = Out { writers };
    person::write_programs(&world, &mut out)?;
    let base = ChaCha8Rng::seed_from_u64(params.seed);
    let mut scratch = person::Scratch::default();
    for i in 0..params.students {
        let mut rng = base.clone();
        rng.set_stream(i);
        person::simulate(&world, i, &mut rng, &mut scratch, &mut out)?;
        if (i + 1) % 1000 == 0 {
            progress(i + 1);
        }
    }
    progress(params.students);
    let mut rows = Vec::new();
    for (t, w) in Table::ALL.into_iter().zip(out.writers) {
        rows.push((t, w.finish()?));
    }
    Ok(Summary { rows })
}

/// Generates the population into a new directory `out`, atomically: files
/// are written to a hidden sibling directory that is renamed into place only
/// when every file is complete. `out` must not exist, or be an empty directory
/// (or, with `replace`, a directory this generator wrote before).
pub fn generate(
    out: &Path,
    params: &Params,
    region: &Region,
    format: Format,
    replace: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary, SynthError> {
    params.check()?;
    region.check()?;
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map_err(|e| SynthError::io(out, e))?
            .next()
            .is_none();
        // A folder holding an earlier generation may be replaced on request.
        let earlier = out.join("students.csv").exists() || out.join("students.parquet").exists();
        if !empty && (!replace || !earlier) {
            return Err(SynthError::Params(format!(
                "{} exists and is not empty (choose a new directory)",
                out.display()
            )));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| SynthError::io(&parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "participants".into());
    let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| SynthError::io(&tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| SynthError::io(&tmp, e))?;
    let result = generate_into(&tmp, params, region, format, progress);
    match result {
        Ok(summary) => {
            if out.exists() {
                std::fs::remove_dir_all(out).map_err(|e| SynthError::io(out, e))?;
            }
            std::fs::rename(&tmp, out).map_err(|e| SynthError::io(out, e))?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}
