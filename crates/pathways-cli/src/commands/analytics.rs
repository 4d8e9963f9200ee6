//! `pathways data load` and `pathways metrics run`: participant files in,
//! outcome metrics out.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use pathways_analytics::{Cell, Definitions, Engine, Rules, load, results, spec};
use pathways_store::Store;
use pathways_store::analytics::{MetricResult, Registered};

use crate::cli::Format;
use crate::config::Settings;

/// `pathways data <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum DataCommand {
    /// Generate a synthetic, seeded population of participant records
    /// (students, enrollment, CTE courses, graduation, credentials, WBL,
    /// postsecondary, workforce programs, UI wages).
    Generate(crate::commands::data_generate::GenerateArgs),
    /// Validate a folder of participant files (docs/participant-data.md), convert
    /// them to Parquet under the data directory and register the load.
    /// All or nothing; loading the same files again changes nothing.
    #[command(after_help = "Example:\n  pathways data load partners/2025-q3/")]
    Load {
        /// Folder with students.csv (or .parquet) and the other tables.
        dir: PathBuf,
        /// Print the summary as JSON.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// `pathways metrics <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum MetricsCommand {
    /// Compute metrics, disaggregated, as CSV
    /// (`metric_id,group_by,group_value,numerator,denominator,rate,suppressed`).
    #[command(
        after_help = "Examples:\n  pathways metrics run --data loaded/ --out results.csv\n  pathways metrics run --out public.csv --public --metric 1S1 --by sex race_ethnicity\n  pathways metrics run --data loaded/ --out r.csv --cluster df://127.0.0.1:50050"
    )]
    Run(RunArgs),
}

/// Arguments of `pathways metrics run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// A folder of participant files (loaded Parquet, or raw files validated on the fly);
    /// default: the current load, and the results are stored for the pages.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Where to write the results CSV (atomically); `-` for standard output.
    #[arg(long, default_value = "-")]
    pub out: PathBuf,
    /// Only these metrics (ids); default: every metric.
    #[arg(long, num_args = 1..)]
    pub metric: Vec<String>,
    /// Groupings; default: every subgroup, special population, pathway, program, school, district, region and year.
    #[arg(long, num_args = 1..)]
    pub by: Vec<String>,
    /// Suppress small cells for public release.
    #[arg(long)]
    pub public: bool,
    /// Minimum denominator of a released cell.
    #[arg(long, default_value_t = 10)]
    pub min_cell: u64,
    /// Also store the results in the store (always, when --data is not given).
    #[arg(long)]
    pub store: bool,
    /// Extra or replacement metric specs (*.toml); default: DATA_DIR/metrics if it exists.
    #[arg(long)]
    pub metrics_dir: Option<PathBuf>,
    /// Run on a Ballista cluster (`df://HOST:PORT`); executors must see the data folder.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Print the summary as JSON.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Runs a `data` command.
pub async fn data(settings: &Settings, store: &Store, cmd: DataCommand) -> anyhow::Result<()> {
    let DataCommand::Load { dir, format } = cmd else {
        // `generate` needs no database and is dispatched before the store opens.
        return Ok(());
    };
    let t = Instant::now();
    let files = load::source_files(&dir)?;
    let checksum = load::checksum(&files)?;
    let mut out = std::io::stdout().lock();
    if let Some(l) = store.data_load_by_checksum(&checksum).await? {
        match format {
            Format::Json => writeln!(
                out,
                "{}",
                serde_json::json!({"load_id": l.id, "new": false, "checksum": checksum})
            )?,
            Format::Text => writeln!(
                out,
                "these files are already loaded (load {}); nothing changed",
                l.id
            )?,
        }
        return Ok(());
    }
    let root = settings.data_dir.join("analytics");
    std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
    let tmp = root.join(format!(".tmp-{}-{}", std::process::id(), &checksum[..12]));
    let _ = std::fs::remove_dir_all(&tmp);
    let summary = match load::validate_and_convert(&files, &tmp) {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e.into());
        }
    };
    load::write_marker(&tmp, &checksum, &summary)?;
    let dest = root.join(&checksum);
    let _ = std::fs::remove_dir_all(&dest);
    std::fs::rename(&tmp, &dest)
        .with_context(|| format!("moving the load into {}", dest.display()))?;
    let rows = serde_json::to_string(&summary.rows)?;
    let path = std::fs::canonicalize(&dest).unwrap_or(dest.clone());
    let registered = store
        .register_data_load(
            &checksum,
            &path.to_string_lossy(),
            &dir.to_string_lossy(),
            &rows,
        )
        .await;
    let id = match registered {
        Ok(Registered::New(id)) => id,
        Ok(Registered::AlreadyLoaded(l)) => l.id,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dest);
            return Err(e.into());
        }
    };
    match format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::json!({"load_id": id, "new": true, "checksum": checksum, "rows": summary.rows, "path": path})
        )?,
        Format::Text => {
            writeln!(
                out,
                "loaded {} tables as load {id} in {:.1} s:",
                summary.rows.len(),
                t.elapsed().as_secs_f64()
            )?;
            for (t, n) in &summary.rows {
                writeln!(out, "  {t}: {n} rows")?;
            }
        }
    }
    Ok(())
}

/// The folder of loaded Parquet tables to run on, and the load id if it is the store's.
async fn data_dir(
    args: &RunArgs,
    store: &Store,
    scratch: &Path,
) -> anyhow::Result<(PathBuf, Option<i64>)> {
    match &args.data {
        Some(d) if load::is_loaded(d) => Ok((d.clone(), None)),
        Some(d) => {
            let files = load::source_files(d)?;
            load::validate_and_convert(&files, scratch)?;
            Ok((scratch.to_owned(), None))
        }
        None => {
            let l = store.current_data_load().await?.context(
                "no participant data is loaded: run `pathways data load DIR` or pass --data DIR",
            )?;
            Ok((PathBuf::from(l.path), Some(l.id)))
        }
    }
}

async fn engine(args: &RunArgs, dir: &Path) -> anyhow::Result<Engine> {
    let defs = Definitions::default();
    match &args.cluster {
        None => Ok(Engine::local(dir, &defs).await?),
        Some(url) => cluster(url, dir, &defs).await,
    }
}

#[cfg(feature = "cluster")]
async fn cluster(url: &str, dir: &Path, defs: &Definitions) -> anyhow::Result<Engine> {
    Ok(pathways_analytics::cluster::remote(url, dir, defs).await?)
}

#[cfg(not(feature = "cluster"))]
async fn cluster(_: &str, _: &Path, _: &Definitions) -> anyhow::Result<Engine> {
    anyhow::bail!("this build has no Ballista support (build with --features cluster)")
}

/// Runs `pathways metrics run`.
pub async fn metrics(
    settings: &Settings,
    store: &Store,
    cmd: MetricsCommand,
) -> anyhow::Result<()> {
    let MetricsCommand::Run(args) = cmd;
    let t = Instant::now();
    let scratch = tempfile_dir(&settings.data_dir)?;
    let result = run_metrics(settings, store, &args, &scratch).await;
    let _ = std::fs::remove_dir_all(&scratch);
    let (cells, n_metrics, stored) = result?;
    let rules = Rules {
        min_cell: args.min_cell,
        ..Rules::default()
    };
    let mut buf = Vec::new();
    if args.public {
        results::write_released_csv(&mut buf, &cells, &rules)?;
    } else {
        results::write_csv(&mut buf, &cells)?;
    }
    if args.out == Path::new("-") {
        std::io::stdout().lock().write_all(&buf)?;
    } else {
        let tmp = args.out.with_extension("csv.tmp");
        std::fs::write(&tmp, &buf).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &args.out)
            .with_context(|| format!("writing {}", args.out.display()))?;
        let secs = t.elapsed().as_secs_f64();
        let mut out = std::io::stdout().lock();
        match args.format {
            Format::Json => writeln!(
                out,
                "{}",
                serde_json::json!({"metrics": n_metrics, "cells": cells.len(), "seconds": secs, "result_set": stored, "out": args.out})
            )?,
            Format::Text => writeln!(
                out,
                "{n_metrics} metrics, {} cells in {secs:.2} s → {}{}",
                cells.len(),
                args.out.display(),
                stored
                    .map(|id| format!(" (stored as result set {id})"))
                    .unwrap_or_default()
            )?,
        }
    }
    Ok(())
}

fn tempfile_dir(root: &Path) -> anyhow::Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("pathways-metrics-{}-{nanos}", std::process::id()));
    let _ = root;
    Ok(dir)
}

async fn run_metrics(
    settings: &Settings,
    store: &Store,
    args: &RunArgs,
    scratch: &Path,
) -> anyhow::Result<(Vec<Cell>, usize, Option<i64>)> {
    let (dir, load_id) = data_dir(args, store, scratch).await?;
    let region = args
        .metrics_dir
        .clone()
        .or_else(|| Some(settings.data_dir.join("metrics")).filter(|d| d.is_dir()));
    let mut specs = spec::load(region.as_deref())?;
    if !args.metric.is_empty() {
        for m in &args.metric {
            anyhow::ensure!(
                specs.iter().any(|s| &s.id == m),
                "unknown metric {m:?}; known: {}",
                specs
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        specs.retain(|s| args.metric.contains(&s.id));
    }
    let fields = pathways_analytics::group_fields();
    let by: Vec<&str> = if args.by.is_empty() {
        fields.clone()
    } else {
        args.by.iter().map(String::as_str).collect()
    };
    let engine = engine(args, &dir).await?;
    let mut cells = Vec::new();
    for s in &specs {
        let t = Instant::now();
        cells.extend(engine.run(s, &by).await?);
        tracing::info!(metric = %s.id, seconds = t.elapsed().as_secs_f64(), "metric computed");
    }
    let stored = if args.store || args.data.is_none() {
        let rows: Vec<MetricResult> = cells
            .iter()
            .map(|c| MetricResult {
                metric_id: c.metric_id.clone(),
                group_by: c.group_by.clone(),
                group_value: c.group_value.clone(),
                numerator: c.numerator as i64,
                denominator: c.denominator as i64,
                rate: c.rate,
                is_median: c.median,
            })
            .collect();
        let label = format!("{} metrics", specs.len());
        Some(
            store
                .store_metric_results(load_id, &label, &serde_json::to_string(&specs)?, &rows)
                .await?,
        )
    } else {
        None
    };
    Ok((cells, specs.len(), stored))
}
