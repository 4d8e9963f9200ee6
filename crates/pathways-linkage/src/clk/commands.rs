//! `pathways link encode` and `pathways link match-clks` on CSV files.

use std::path::{Path, PathBuf};

use base64::Engine;
use rayon::prelude::*;

use super::encode::{TokenCache, encode_record_cached};
use super::{Clk, LshBlocking, Schema, derive_keys, match_clks, match_clks_blocked, to_base64};
use crate::commands::write_atomically;
use crate::error::{LinkageError, Result};
use crate::progress::Progress;
use crate::results::{Outcome, ResultsArgs, ResultsReport, write_results};

/// Arguments of `pathways link encode`.
#[derive(Debug, Clone)]
pub struct EncodeArgs {
    /// clkhash linkage schema (v3 JSON).
    pub schema: PathBuf,
    /// Shared secret (UTF-8, as clkhash takes it).
    pub secret: String,
    /// Input CSV with a header; columns are taken in schema order.
    pub input: PathBuf,
    /// Output CSV `rec_id,clk` (base64 CLKs).
    pub output: PathBuf,
}

/// Arguments of `pathways link match-clks`.
#[derive(Debug, Clone)]
pub struct MatchClksArgs {
    /// Left CLK CSV (`rec_id,clk`).
    pub left: PathBuf,
    /// Right CLK CSV.
    pub right: PathBuf,
    /// Output CSV `left_id,right_id,match_probability` (the Dice similarity).
    pub out: PathBuf,
    /// Minimum Dice similarity (anonlink's usual default is around 0.8).
    pub threshold: f64,
    /// Compare every pair instead of LSH-blocked candidates (exact, slower).
    pub exhaustive: bool,
}

fn row_err(file: &Path, line: u64, field: &str, message: String) -> LinkageError {
    LinkageError::Row {
        file: file.to_path_buf(),
        line,
        field: field.to_string(),
        message,
    }
}

fn reader(path: &Path) -> Result<csv::Reader<std::fs::File>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| LinkageError::io(path, std::io::Error::other(e.to_string())))
}

/// Encodes every row of the input as a CLK. The row identifier written is
/// the `rec_id` column when present, else the 0-based row number (the index
/// anonlink uses).
pub fn link_encode(args: &EncodeArgs, progress: &dyn Progress) -> Result<u64> {
    let text =
        std::fs::read_to_string(&args.schema).map_err(|e| LinkageError::io(&args.schema, e))?;
    let schema = Schema::from_json(&text)?;
    let keys = derive_keys(&schema, args.secret.as_bytes())?;
    let mut rdr = reader(&args.input)?;
    let headers = rdr
        .headers()
        .map_err(|e| row_err(&args.input, 1, "(header)", e.to_string()))?
        .clone();
    let id_col = headers.iter().position(|h| h == "rec_id");
    let mut rows = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| {
            row_err(
                &args.input,
                e.position().map_or(0, csv::Position::line),
                "(row)",
                e.to_string(),
            )
        })?;
        rows.push(r);
    }
    progress.stage("encoding", Some(rows.len() as u64));
    let encoded: Vec<(String, String)> = rows
        .par_iter()
        .enumerate()
        // Long runs per job keep each thread's token cache warm.
        .with_min_len(4096)
        .map_init(TokenCache::default, |cache, (n, r)| {
            let line = r.position().map_or(0, csv::Position::line);
            let values: Vec<&str> = r.iter().collect();
            let bits =
                encode_record_cached(&schema, &keys, &values, cache).map_err(|e| match e {
                    LinkageError::Encode { feature, message } => {
                        row_err(&args.input, line, &feature, message)
                    }
                    other => row_err(&args.input, line, "(row)", other.to_string()),
                })?;
            let id = id_col
                .and_then(|c| r.get(c))
                .map_or_else(|| n.to_string(), str::to_owned);
            Ok((id, to_base64(&bits)))
        })
        .collect::<Result<_>>()?;
    write_atomically(&args.output, |w| {
        let io = |e: std::io::Error| LinkageError::io(&args.output, e);
        writeln!(w, "rec_id,clk").map_err(io)?;
        for (id, clk) in &encoded {
            writeln!(w, "{id},{clk}").map_err(io)?;
        }
        Ok(())
    })?;
    Ok(encoded.len() as u64)
}

/// Reads a CLK CSV: `rec_id,clk` (or `clk` alone, ids = row numbers).
pub fn read_clks(path: &Path) -> Result<(Vec<String>, Vec<Clk>)> {
    let file = std::fs::File::open(path).map_err(|e| LinkageError::io(path, e))?;
    read_clks_from(std::io::BufReader::with_capacity(1 << 20, file), path)
}

/// [`read_clks`] on any reader; `path` names the source in errors.
pub fn read_clks_from(input: impl std::io::Read, path: &Path) -> Result<(Vec<String>, Vec<Clk>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let headers = rdr
        .headers()
        .map_err(|e| row_err(path, 1, "(header)", e.to_string()))?
        .clone();
    let clk_col =
        headers
            .iter()
            .position(|h| h == "clk")
            .ok_or_else(|| LinkageError::MissingColumn {
                file: path.to_path_buf(),
                column: "clk".into(),
            })?;
    let id_col = headers.iter().position(|h| h == "rec_id");
    let (mut ids, mut clks) = (Vec::new(), Vec::new());
    for (n, r) in rdr.records().enumerate() {
        let r = r.map_err(|e| {
            row_err(
                path,
                e.position().map_or(0, csv::Position::line),
                "(row)",
                e.to_string(),
            )
        })?;
        let line = r.position().map_or(0, csv::Position::line);
        let b = base64::engine::general_purpose::STANDARD
            .decode(r.get(clk_col).unwrap_or("").trim())
            .map_err(|e| row_err(path, line, "clk", format!("invalid base64: {e}")))?;
        ids.push(
            id_col
                .and_then(|c| r.get(c))
                .map_or_else(|| n.to_string(), str::to_owned),
        );
        clks.push(Clk::from_bytes(&b));
    }
    Ok((ids, clks))
}

/// Links two CLK files one-to-one by Dice similarity.
pub fn link_match_clks(args: &MatchClksArgs, progress: &dyn Progress) -> Result<u64> {
    link_match_clks_with_results(args, None, progress).map(|(s, _)| s.links)
}

/// What `match-clks` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClkMatchSummary {
    /// CLKs on the left.
    pub left_records: u64,
    /// CLKs on the right.
    pub right_records: u64,
    /// Pairs whose similarity was computed (all of them when exhaustive;
    /// 0 = not counted, for LSH blocking).
    pub candidate_pairs: u64,
    /// Links written.
    pub links: u64,
}

/// [`link_match_clks`], also writing the results folder when `results` is
/// given (links carry the Dice similarity as their probability).
pub fn link_match_clks_with_results(
    args: &MatchClksArgs,
    results: Option<&ResultsArgs>,
    progress: &dyn Progress,
) -> Result<(ClkMatchSummary, Option<ResultsReport>)> {
    progress.stage("reading", None);
    let (lids, l) = read_clks(&args.left)?;
    let (rids, r) = read_clks(&args.right)?;
    progress.stage("matching", None);
    let lsh = LshBlocking::default();
    let links = if args.exhaustive {
        match_clks(&l, &r, args.threshold)
    } else {
        match_clks_blocked(&l, &r, args.threshold, &lsh)
    };
    write_atomically(&args.out, |w| {
        let io = |e: std::io::Error| LinkageError::io(&args.out, e);
        writeln!(w, "left_id,right_id,match_probability").map_err(io)?;
        for (i, j, s) in &links {
            writeln!(w, "{},{},{:.6}", lids[*i as usize], rids[*j as usize], s).map_err(io)?;
        }
        Ok(())
    })?;
    let report = match results {
        Some(res) => {
            let pairs: Vec<(u32, u32, f32)> =
                links.iter().map(|&(i, j, s)| (i, j, s as f32)).collect();
            let mut parameters = vec![
                ("kind".into(), "match-clks".into()),
                ("threshold".into(), args.threshold.to_string()),
                ("exhaustive".into(), args.exhaustive.to_string()),
                ("solver".into(), "greedy one-to-one by Dice".into()),
            ];
            if !args.exhaustive {
                parameters.push(("lsh".into(), format!("{lsh:?}")));
            }
            Some(write_results(
                res,
                &Outcome {
                    left_ids: &lids,
                    right_ids: Some(&rids),
                    pairs: &pairs,
                    model: None,
                    parameters,
                },
            )?)
        }
        None => None,
    };
    let summary = ClkMatchSummary {
        left_records: l.len() as u64,
        right_records: r.len() as u64,
        candidate_pairs: if args.exhaustive {
            (l.len() as u64) * (r.len() as u64)
        } else {
            0
        },
        links: links.len() as u64,
    };
    Ok((summary, report))
}
