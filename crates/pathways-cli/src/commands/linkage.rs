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
    link_dedupe, link_encode, link_explain, link_match_clks, link_run, link_train,
};

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
    },
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

/// Runs one `pathways link` command.
pub fn run(cmd: &LinkCommand) -> anyhow::Result<()> {
    let bar = Bar(crate::progress::bar(0, "linkage"));
    let result = dispatch(cmd, &bar);
    bar.0.finish_and_clear();
    result
}

fn dispatch(cmd: &LinkCommand, bar: &Bar) -> anyhow::Result<()> {
    match cmd {
        LinkCommand::Run {
            left,
            right,
            out,
            model,
            threshold,
            one_to_one,
            exact_on,
        } => {
            let args = RunArgs {
                left: left.clone(),
                right: right.clone(),
                out: out.clone(),
                model: model.clone(),
                threshold: *threshold,
                one_to_one: *one_to_one,
                exact_column: exact_on.clone(),
            };
            summary(&link_run(&args, bar).context("linking")?)
        }
        LinkCommand::Dedupe {
            input,
            out,
            model,
            threshold,
            exact_on,
        } => {
            let args = DedupeArgs {
                input: input.clone(),
                out: out.clone(),
                model: model.clone(),
                threshold: *threshold,
                exact_column: exact_on.clone(),
            };
            summary(&link_dedupe(&args, bar).context("deduplicating")?)
        }
        LinkCommand::Train { left, right, out } => {
            let args = TrainArgs {
                left: left.clone(),
                right: right.clone(),
                out: out.clone(),
            };
            summary(&link_train(&args, bar).context("training")?.training)
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
                return summary(&e);
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
            summary(&link_explain(&args, bar).context("explaining")?)
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
            summary(&serde_json::json!({ "encoded": n }))
        }
        LinkCommand::MatchClks {
            left,
            right,
            out,
            threshold,
            exhaustive,
        } => {
            let args = MatchClksArgs {
                left: left.clone(),
                right: right.clone(),
                out: out.clone(),
                threshold: *threshold,
                exhaustive: *exhaustive,
            };
            let n = link_match_clks(&args, bar).context("matching CLKs")?;
            summary(&serde_json::json!({ "links": n }))
        }
    }
}
