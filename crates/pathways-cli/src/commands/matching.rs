//! `pathways match run`: one work-based learning matching round on CSV
//! files. Thin glue: flags in, one call into
//! `pathways_matching::contract::run_files`, a summary out.
//!
//! Wiring (for the CLI's owner): add `pathways-matching.workspace = true` to
//! this crate's dependencies, `mod matching;` in `commands/mod.rs`, a
//! `#[command(subcommand)] Match(commands::matching::MatchCommand)` variant
//! to `Command`, and `Command::Match(cmd) => commands::matching::dispatch(&cmd)`
//! (or call `run(&args)` directly from your own `MatchCommand`).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use pathways_matching::contract::{RunSummary, run_files};

use crate::cli::Format;

/// `pathways match <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum MatchCommand {
    /// Run a matching round: student-proposing deferred acceptance with
    /// priority groups and a seeded lottery; writes student_id,placement_id.
    Run(MatchRunArgs),
}

/// `pathways match run`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pathways match run --placements placements.csv --preferences preferences.csv \\
      --priorities priorities.csv --out matching.csv --seed 20260901
  pathways match run ... --format json

Inputs (CSV with headers):
  placements   placement_id,capacity
  preferences  student_id,placement_id,rank   (1 = most preferred)
  priorities   placement_id,student_id,rank   (1 = highest; equal ranks tie and
               go to the lottery; a student not listed is not eligible)
On bad input every problem is listed by file, line and field, and nothing is written.")]
pub struct MatchRunArgs {
    /// Placements CSV: placement_id,capacity.
    #[arg(long)]
    pub placements: PathBuf,
    /// Student preferences CSV: student_id,placement_id,rank.
    #[arg(long)]
    pub preferences: PathBuf,
    /// Placement priorities CSV: placement_id,student_id,rank.
    #[arg(long)]
    pub priorities: PathBuf,
    /// Output CSV student_id,placement_id (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// Lottery seed; record it with the round so it can be re-run.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Summary format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Runs one `pathways match` command.
pub fn dispatch(cmd: &MatchCommand) -> anyhow::Result<()> {
    match cmd {
        MatchCommand::Run(args) => run(args),
    }
}

/// Runs a matching round from files and prints its summary on stdout.
pub fn run(args: &MatchRunArgs) -> anyhow::Result<()> {
    let summary = run_files(
        &args.placements,
        &args.preferences,
        &args.priorities,
        &args.out,
        args.seed,
    )
    .context("matching round")?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string(&summary)?)?,
        Format::Text => write_text(&mut out, &summary, &args.out)?,
    }
    if !summary.stable {
        anyhow::bail!(
            "the stability check failed: {} blocking pairs",
            summary.blocking_pairs
        );
    }
    Ok(())
}

fn write_text(out: &mut impl Write, s: &RunSummary, path: &std::path::Path) -> std::io::Result<()> {
    let t = &s.timings;
    writeln!(
        out,
        "matched {} of {} students ({} first choice, {} unmatched)",
        s.matched, s.students, s.first_choice, s.unmatched
    )?;
    writeln!(
        out,
        "{} placements, {} seats, {} ranked choices, lottery seed {}",
        s.placements, s.seats, s.choices, s.seed
    )?;
    writeln!(
        out,
        "stability check: {}",
        if s.stable { "stable" } else { "NOT stable" }
    )?;
    writeln!(
        out,
        "time: read {:.2}s, lottery {:.2}s, match {:.2}s, check {:.2}s, write {:.2}s",
        t.parse_s, t.lottery_s, t.match_s, t.check_s, t.write_s
    )?;
    writeln!(out, "wrote {}", path.display())
}
