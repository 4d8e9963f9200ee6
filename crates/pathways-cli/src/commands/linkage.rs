//! `pathways link …`: record linkage on CSV files. Thin glue: flags in, one
//! call into `pathways_linkage::commands`, a summary out.
//!
//! Wiring (for the CLI's owner): add `pathways-linkage.workspace = true` to
//! this crate's dependencies, `mod linkage;` in `commands/mod.rs`, a
//! `#[command(subcommand)] Link(commands::linkage::LinkCommand)` variant to
//! `Command`, and `Command::Link(cmd) => commands::linkage::run(&cmd)`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use pathways_linkage::commands::{
    DedupeArgs, EncodeArgs, ExplainArgs, MatchClksArgs, RunArgs, TrainArgs, explain_pair,
    link_dedupe_with_results, link_encode, link_explain, link_match_clks_with_results,
    link_run_with_results, link_train,
};
use pathways_linkage::results::{ResultsArgs, ResultsReport};
use pathways_store::Store;
use pathways_store::linkage_runs::{LinkageEvaluation, LinkageRunFile, NewLinkageRun};

/// `pathways link <verb>`.
#[derive(Debug, Subcommand)]
#[command(after_help = "\
Examples:
  pathways link run --left k12.csv --right wages.csv --out links.csv
  pathways link dedupe --input college.csv --out dupes.csv --threshold 0.9
  pathways link train --left k12.csv --right wages.csv --out model.json
  pathways link explain --left k12.csv --right wages.csv --model model.json --out why.csv
  pathways link encode --schema schema.json --secret \"$SECRET\" people.csv clks.csv
  pathways link match-clks --left ours.csv --right theirs.csv --out links.csv")]
pub enum LinkCommand {
    /// Link two person files; writes left_id,right_id,match_probability.
    Run {
        /// Left CSV (rec_id, first_name, middle_name, last_name, dob, sex, street_address, city, zip).
        #[arg(long)]
        left: PathBuf,
        /// Right CSV, same columns.
        #[arg(long)]
        right: PathBuf,
        /// Output CSV (written atomically).
        #[arg(long)]
        out: PathBuf,
        /// Trained model (default: train on the inputs).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Minimum match probability written.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// Keep at most one link per record.
        #[arg(long)]
        one_to_one: bool,
        /// Column with a shared identifier; equal values link outright.
        #[arg(long)]
        exact_on: Option<String>,
        /// Parquet results and store registration.
        #[command(flatten)]
        results: ResultsOpts,
    },
    /// Find duplicate records within one file.
    Dedupe {
        /// Input CSV.
        #[arg(long)]
        input: PathBuf,
        /// Output CSV (written atomically).
        #[arg(long)]
        out: PathBuf,
        /// Trained model (default: train on the input).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Minimum match probability written.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// Column with a shared identifier; equal values link outright.
        #[arg(long)]
        exact_on: Option<String>,
        /// Parquet results and store registration.
        #[command(flatten)]
        results: ResultsOpts,
    },
    /// Estimate the model (no labels needed) and write model.json.
    Train {
        /// Left (or only) CSV.
        #[arg(long)]
        left: PathBuf,
        /// Right CSV (omit to train for dedupe).
        #[arg(long)]
        right: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, default_value = "model.json")]
        out: PathBuf,
    },
    /// Show each field's weight for scored pairs (CSV), or for one pair (JSON).
    Explain {
        /// Left (or only) CSV.
        #[arg(long)]
        left: PathBuf,
        /// Right CSV (omit for dedupe).
        #[arg(long)]
        right: Option<PathBuf>,
        /// Trained model (default: train on the inputs).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Output CSV of explained pairs (required unless --left-id/--right-id).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Minimum match probability explained.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// Explain just this left record…
        #[arg(long, requires = "right_id")]
        left_id: Option<String>,
        /// …against this right record (printed as JSON).
        #[arg(long, requires = "left_id")]
        right_id: Option<String>,
    },
    /// Encode records as clkhash-compatible CLKs (base64) for privacy-preserving linkage.
    Encode {
        /// clkhash linkage schema (v3 JSON).
        #[arg(long)]
        schema: PathBuf,
        /// Shared secret.
        #[arg(long, env = "PATHWAYS_LINK_SECRET", hide_env_values = true)]
        secret: String,
        /// Input CSV (columns in schema order).
        input: PathBuf,
        /// Output CSV rec_id,clk.
        output: PathBuf,
    },
    /// Link two CLK files one-to-one by Dice similarity.
    MatchClks {
        /// Left CLK CSV.
        #[arg(long)]
        left: PathBuf,
        /// Right CLK CSV.
        #[arg(long)]
        right: PathBuf,
        /// Output CSV.
        #[arg(long)]
        out: PathBuf,
        /// Minimum Dice similarity.
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        /// Compare every pair instead of LSH-blocked candidates (exact, slower).
        #[arg(long)]
        exhaustive: bool,
        /// Parquet results and store registration.
        #[command(flatten)]
        results: ResultsOpts,
    },
    /// List the linkage runs registered in the store, newest first.
    Runs {
        /// `text` (one line per run) or `json` (one object per line).
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
}

/// Options shared by `run`, `dedupe` and `match-clks` for results as files.
#[derive(Debug, Clone, clap::Args)]
pub struct ResultsOpts {
    /// Also write links, clusters (person keys), model parameters and, with
    /// truth, evaluation as Parquet files in this folder.
    #[arg(long, value_name = "DIR")]
    results: Option<PathBuf>,
    /// Register a summary of the run (counts, thresholds, model checksum,
    /// time, files) in the store.
    #[arg(long, requires = "results")]
    register: bool,
    /// `clusters.parquet` of an earlier run: person keys given there never change.
    #[arg(long, requires = "results", value_name = "FILE")]
    prior_keys: Option<PathBuf>,
    /// Source name of the left (or only) file in the clusters file.
    #[arg(long, default_value = "left", requires = "results")]
    left_source: String,
    /// Source name of the right file.
    #[arg(long, default_value = "right", requires = "results")]
    right_source: String,
    /// Truth for evaluation, left (or only) file: CSV rec_id,person_id.
    #[arg(long, requires = "results", value_name = "FILE")]
    left_truth: Option<PathBuf>,
    /// Truth for evaluation, right file: CSV rec_id,person_id.
    #[arg(long, requires = "results", value_name = "FILE")]
    right_truth: Option<PathBuf>,
}

impl ResultsOpts {
    fn args(&self) -> Option<ResultsArgs> {
        self.results.as_ref().map(|dir| ResultsArgs {
            dir: dir.clone(),
            left_source: self.left_source.clone(),
            right_source: self.right_source.clone(),
            left_truth: self.left_truth.clone(),
            right_truth: self.right_truth.clone(),
            prior_keys: self.prior_keys.clone(),
        })
    }
}

impl LinkCommand {
    /// Whether the command needs the store (registering a run, listing runs).
    pub fn needs_store(&self) -> bool {
        match self {
            LinkCommand::Run { results, .. }
            | LinkCommand::Dedupe { results, .. }
            | LinkCommand::MatchClks { results, .. } => results.register,
            LinkCommand::Runs { .. } => true,
            _ => false,
        }
    }
}

/// An indicatif bar (hidden when stderr is not a terminal) as linkage progress.
struct Bar(indicatif::ProgressBar);

impl pathways_linkage::Progress for Bar {
    fn stage(&self, name: &str, total: Option<u64>) {
        self.0.set_message(name.to_owned());
        self.0.set_length(total.unwrap_or(0));
        self.0.set_position(0);
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn note(&self, key: &str, value: u64) {
        tracing::info!(key, value, "linkage");
    }
}

fn summary(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Runs one `pathways link` command that needs no store.
pub fn run(cmd: &LinkCommand) -> anyhow::Result<()> {
    let bar = Bar(crate::progress::bar(0, "linkage"));
    let result = dispatch(cmd, &bar);
    bar.0.finish_and_clear();
    let done = result?;
    if let Some(d) = done {
        summary(&d.output)?;
    }
    Ok(())
}

/// Runs one `pathways link` command with the store: registers the run's
/// summary after its files are written, or lists registered runs.
pub async fn run_with_store(store: &Store, cmd: &LinkCommand) -> anyhow::Result<()> {
    if let LinkCommand::Runs { format } = cmd {
        return list_runs(store, format).await;
    }
    let bar = Bar(crate::progress::bar(0, "linkage"));
    let result = dispatch(cmd, &bar);
    bar.0.finish_and_clear();
    let Some(mut done) = result? else {
        return Ok(());
    };
    if let Some(run) = done.register.take() {
        let stored = store
            .record_linkage_run(&run)
            .await
            .context("registering the linkage run")?;
        if let serde_json::Value::Object(m) = &mut done.output {
            m.insert("run_id".into(), stored.id.into());
        }
    }
    summary(&done.output)
}

async fn list_runs(store: &Store, format: &str) -> anyhow::Result<()> {
    let runs = store.linkage_runs().await?;
    let mut out = std::io::stdout().lock();
    for r in runs {
        if format == "json" {
            serde_json::to_writer(&mut out, &r)?;
            writeln!(out)?;
        } else {
            let f1 = r
                .run
                .evaluation
                .as_ref()
                .map_or_else(String::new, |e| format!(" f1={:.4}", e.f1));
            writeln!(
                out,
                "{}\t{}\t{}\t{} links\t{} person keys\tthreshold {}{}\t{}",
                r.id,
                r.run.started_at,
                r.run.kind,
                r.run.links,
                r.run.clusters,
                r.run.threshold,
                f1,
                r.run.output_dir
            )?;
        }
    }
    Ok(())
}

/// A finished command: its printed summary and, if asked, the run to register.
struct Done {
    output: serde_json::Value,
    register: Option<NewLinkageRun>,
}

/// Times a results-producing pass and builds its store summary.
struct Timer {
    started: String,
    at: std::time::Instant,
}

impl Timer {
    fn start() -> Self {
        Self {
            started: now(),
            at: std::time::Instant::now(),
        }
    }
}

fn now() -> String {
    pathways_store::sql::now()
}

struct Counts {
    left: u64,
    right: u64,
    candidates: u64,
}

fn done(
    kind: &str,
    mut output: serde_json::Value,
    opts: &ResultsOpts,
    report: Option<ResultsReport>,
    timer: Timer,
    counts: Counts,
    threshold: f64,
) -> anyhow::Result<Option<Done>> {
    let Some(report) = report else {
        return Ok(Some(Done {
            output,
            register: None,
        }));
    };
    if let serde_json::Value::Object(m) = &mut output {
        m.insert("results".into(), serde_json::to_value(&report)?);
    }
    let register = opts.register.then(|| NewLinkageRun {
        kind: kind.into(),
        started_at: timer.started.clone(),
        finished_at: now(),
        duration_ms: u64::try_from(timer.at.elapsed().as_millis()).unwrap_or(u64::MAX),
        left_records: counts.left,
        right_records: counts.right,
        candidate_pairs: counts.candidates,
        links: report.links,
        clusters: report.clusters,
        new_person_keys: report.new_person_keys,
        threshold,
        model_checksum: report.model_checksum.clone(),
        output_dir: std::fs::canonicalize(&report.dir)
            .unwrap_or_else(|_| report.dir.clone())
            .display()
            .to_string(),
        files: report
            .files
            .iter()
            .map(|f| LinkageRunFile {
                name: f.name.clone(),
                rows: f.rows,
                bytes: f.bytes,
                sha256: f.sha256.clone(),
            })
            .collect(),
        evaluation: report.evaluation.as_ref().map(|e| LinkageEvaluation {
            true_pairs: e.true_pairs,
            predicted: e.predicted,
            true_positives: e.true_positives,
            false_positives: e.false_positives,
            precision: e.precision,
            recall: e.recall,
            f1: e.f1,
        }),
    });
    Ok(Some(Done { output, register }))
}

fn plain(value: &impl serde::Serialize) -> anyhow::Result<Option<Done>> {
    Ok(Some(Done {
        output: serde_json::to_value(value)?,
        register: None,
    }))
}

fn dispatch(cmd: &LinkCommand, bar: &Bar) -> anyhow::Result<Option<Done>> {
    match cmd {
        LinkCommand::Run {
            left,
            right,
            out,
            model,
            threshold,
            one_to_one,
            exact_on,
            results,
        } => {
            let timer = Timer::start();
            let args = RunArgs {
                left: left.clone(),
                right: right.clone(),
                out: out.clone(),
                model: model.clone(),
                threshold: *threshold,
                one_to_one: *one_to_one,
                exact_column: exact_on.clone(),
            };
            let (s, report) =
                link_run_with_results(&args, results.args().as_ref(), bar).context("linking")?;
            let counts = Counts {
                left: s.left_records,
                right: s.right_records,
                candidates: s.candidate_pairs,
            };
            done(
                "run",
                serde_json::to_value(&s)?,
                results,
                report,
                timer,
                counts,
                *threshold,
            )
        }
        LinkCommand::Dedupe {
            input,
            out,
            model,
            threshold,
            exact_on,
            results,
        } => {
            if results.right_truth.is_some() {
                anyhow::bail!("dedupe takes one truth file: --left-truth");
            }
            let timer = Timer::start();
            let args = DedupeArgs {
                input: input.clone(),
                out: out.clone(),
                model: model.clone(),
                threshold: *threshold,
                exact_column: exact_on.clone(),
            };
            let (s, report) = link_dedupe_with_results(&args, results.args().as_ref(), bar)
                .context("deduplicating")?;
            let counts = Counts {
                left: s.left_records,
                right: 0,
                candidates: s.candidate_pairs,
            };
            done(
                "dedupe",
                serde_json::to_value(&s)?,
                results,
                report,
                timer,
                counts,
                *threshold,
            )
        }
        LinkCommand::Train { left, right, out } => {
            let args = TrainArgs {
                left: left.clone(),
                right: right.clone(),
                out: out.clone(),
            };
            plain(&link_train(&args, bar).context("training")?.training)
        }
        LinkCommand::Explain {
            left,
            right,
            model,
            out,
            threshold,
            left_id,
            right_id,
        } => {
            if let (Some(l), Some(r)) = (left_id, right_id) {
                let e = explain_pair(left, right.as_deref(), model.as_deref(), l, r, bar)
                    .context("explaining")?;
                return plain(&e);
            }
            let out = out
                .clone()
                .context("--out is required unless --left-id and --right-id are given")?;
            let args = ExplainArgs {
                left: left.clone(),
                right: right.clone(),
                model: model.clone(),
                out,
                threshold: *threshold,
            };
            plain(&link_explain(&args, bar).context("explaining")?)
        }
        LinkCommand::Encode {
            schema,
            secret,
            input,
            output,
        } => {
            let args = EncodeArgs {
                schema: schema.clone(),
                secret: secret.clone(),
                input: input.clone(),
                output: output.clone(),
            };
            let n = link_encode(&args, bar).context("encoding")?;
            plain(&serde_json::json!({ "encoded": n }))
        }
        LinkCommand::MatchClks {
            left,
            right,
            out,
            threshold,
            exhaustive,
            results,
        } => {
            let timer = Timer::start();
            let args = MatchClksArgs {
                left: left.clone(),
                right: right.clone(),
                out: out.clone(),
                threshold: *threshold,
                exhaustive: *exhaustive,
            };
            let (s, report) = link_match_clks_with_results(&args, results.args().as_ref(), bar)
                .context("matching CLKs")?;
            let counts = Counts {
                left: s.left_records,
                right: s.right_records,
                candidates: s.candidate_pairs,
            };
            done(
                "match-clks",
                serde_json::to_value(&s)?,
                results,
                report,
                timer,
                counts,
                *threshold,
            )
        }
        LinkCommand::Runs { .. } => {
            anyhow::bail!("`pathways link runs` needs the store")
        }
    }
}
