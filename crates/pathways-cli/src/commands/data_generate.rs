//! `pathways data generate`: a seeded synthetic population of participant
//! records in the file contract (docs/participant-data.md), for demos,
//! tests and benchmarks. Thin glue over `pathways_synth::generate`.
//!
//! Merging with `pathways data load` (for the CLI's owner): both verbs live
//! under one `data` noun. Keep one `DataCommand` enum with both variants,
//! `Generate(data_generate::GenerateArgs)` and `Load(…)`, and dispatch
//! `DataCommand::Generate(args) => data_generate::run(&args)` (it needs no
//! database, so it can run before the settings are resolved).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use pathways_synth::{Format, Params, Region, Table};

/// File format for generated data.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DataFormat {
    /// CSV with a header row (RFC 4180).
    Csv,
    /// Apache Parquet (Snappy).
    Parquet,
}

/// `pathways data generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  pathways data generate --students 20000 --years 6 --seed 7 --out participants
  pathways data generate --students 5000000 --out /data/state --format parquet
  pathways data generate --students 1000 --out sample --format csv --region region.toml

The same arguments and seed always give byte-identical files. Files are written
to a hidden directory beside --out and moved into place only when complete.
--region takes a TOML or JSON region description (districts, pathways, programs
of study, institutions, employers); without it an illustrative Texas metro is used.")]
pub struct GenerateArgs {
    /// Students to generate.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub students: u64,
    /// School years in the window.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub years: u32,
    /// First school year (2018 is 2018–19).
    #[arg(long, default_value_t = 2018, value_parser = clap::value_parser!(i32).range(1990..=2100))]
    pub start_year: i32,
    /// Calendar years of postsecondary and wage records after the last school year.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub follow_up: u32,
    /// Seed.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Output directory (must not exist, or be empty).
    #[arg(long)]
    pub out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value = "parquet")]
    pub format: DataFormat,
    /// Region description (TOML or JSON); default: an illustrative Texas metro.
    #[arg(long)]
    pub region: Option<PathBuf>,
}

/// Reads a region description from TOML or JSON (by extension).
pub fn read_region(path: &Path) -> anyhow::Result<Region> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let region: Region = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text)
            .with_context(|| format!("{}: not a region description", path.display()))?,
        _ => toml::from_str(&text)
            .with_context(|| format!("{}: not a region description", path.display()))?,
    };
    region
        .check()
        .with_context(|| format!("{}", path.display()))?;
    Ok(region)
}

/// Runs `pathways data generate`.
pub fn run(args: &GenerateArgs) -> anyhow::Result<()> {
    let region = match &args.region {
        Some(p) => read_region(p)?,
        None => Region::illustrative(),
    };
    let params = Params {
        students: args.students,
        years: args.years,
        start_year: args.start_year,
        follow_up_years: args.follow_up,
        seed: args.seed,
    };
    let format = match args.format {
        DataFormat::Csv => Format::Csv,
        DataFormat::Parquet => Format::Parquet,
    };
    let started = Instant::now();
    let pb = crate::progress::bar(args.students, "students");
    let summary = pathways_synth::generate(&args.out, &params, &region, format, false, &mut |n| {
        pb.set_position(n)
    })
    .with_context(|| format!("generating into {}", args.out.display()))?;
    pb.finish_and_clear();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Generated {} students ({} school years from {}, seed {}) into {} in {:.1} s:",
        args.students,
        args.years,
        args.start_year,
        args.seed,
        args.out.display(),
        started.elapsed().as_secs_f64()
    )?;
    for t in Table::ALL {
        writeln!(out, "  {:>12} {}", summary.rows_of(t), t.name())?;
    }
    Ok(())
}
