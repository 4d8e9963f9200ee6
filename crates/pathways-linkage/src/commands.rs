//! The `pathways link …` contract on CSV files (RFC 4180, with headers).
//!
//! Each command is one function taking plain arguments and a
//! [`Progress`]; the CLI only parses flags and calls these. Inputs carry a
//! `rec_id` column and any of `first_name, middle_name, last_name, dob, sex,
//! street_address, city, zip` (other columns are ignored, missing ones are
//! empty). A malformed row is reported with its file, line and field.
//! Outputs are written to a temporary file beside the target and renamed,
//! so a reader never sees half a file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{LinkageError, Result};
use crate::link::{LinkConfig, LinkSummary, score_pairs};
use crate::model::{Model, TrainingConfig, train};
use crate::progress::Progress;
use crate::record::{Dataset, Field, PreparedRecord};
use crate::results::{Outcome, ResultsArgs, ResultsReport, write_results};
use crate::score::{Explanation, Scorer};

/// `pathways link run`: link two sources.
#[derive(Debug, Clone)]
pub struct RunArgs {
    /// Left CSV.
    pub left: PathBuf,
    /// Right CSV.
    pub right: PathBuf,
    /// Output CSV `left_id,right_id,match_probability`.
    pub out: PathBuf,
    /// Trained model; trained on the inputs when absent.
    pub model: Option<PathBuf>,
    /// Minimum probability written (default 0.5).
    pub threshold: f64,
    /// Keep at most one link per record (greedy by probability).
    pub one_to_one: bool,
    /// Column holding a shared identifier: equal values link deterministically.
    pub exact_column: Option<String>,
}

/// `pathways link dedupe`: find duplicates within one source.
#[derive(Debug, Clone)]
pub struct DedupeArgs {
    /// Input CSV.
    pub input: PathBuf,
    /// Output CSV `left_id,right_id,match_probability`.
    pub out: PathBuf,
    /// Trained model; trained on the input when absent.
    pub model: Option<PathBuf>,
    /// Minimum probability written (default 0.5).
    pub threshold: f64,
    /// Column holding a shared identifier: equal values link deterministically.
    pub exact_column: Option<String>,
}

/// `pathways link train`: estimate a model and write `model.json`.
#[derive(Debug, Clone)]
pub struct TrainArgs {
    /// Left (or only) CSV.
    pub left: PathBuf,
    /// Right CSV; absent to train for deduplication.
    pub right: Option<PathBuf>,
    /// Where to write the model JSON.
    pub out: PathBuf,
}

/// `pathways link explain`: per-field weights of scored pairs.
#[derive(Debug, Clone)]
pub struct ExplainArgs {
    /// Left (or only) CSV.
    pub left: PathBuf,
    /// Right CSV; absent for dedupe.
    pub right: Option<PathBuf>,
    /// Trained model; trained on the inputs when absent.
    pub model: Option<PathBuf>,
    /// Output CSV with one row per pair and `<field>_level`, `<field>_weight` columns.
    pub out: PathBuf,
    /// Minimum probability explained.
    pub threshold: f64,
}

fn open(path: &Path) -> Result<BufReader<File>> {
    Ok(BufReader::with_capacity(
        1 << 20,
        File::open(path).map_err(|e| LinkageError::io(path, e))?,
    ))
}

fn row_error(file: &Path, line: u64, field: &str, message: impl Into<String>) -> LinkageError {
    LinkageError::Row {
        file: file.to_path_buf(),
        line,
        field: field.to_string(),
        message: message.into(),
    }
}

fn csv_error(file: &Path, e: csv::Error) -> LinkageError {
    let line = e.position().map_or(0, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::Io(_) => LinkageError::io(file, std::io::Error::other(e.to_string())),
        _ => row_error(file, line, "(row)", e.to_string()),
    }
}

/// Reads and standardizes a person CSV. `exact_column` names a shared
/// identifier column for the deterministic rule.
pub fn read_dataset(path: &Path, exact_column: Option<&str>) -> Result<Dataset> {
    let size = std::fs::metadata(path).ok().map(|m| m.len());
    read_rows(open(path)?, path, exact_column, size)
}

/// [`read_dataset`] on any reader (the pure parse step); `path` names the
/// source in errors.
pub fn read_dataset_from(
    input: impl std::io::Read + Send,
    path: &Path,
    exact_column: Option<&str>,
) -> Result<Dataset> {
    read_rows(input, path, exact_column, None)
}

/// [`read_dataset_from`]; `size` (the input's length in bytes, when known)
/// lets the record vectors be sized once instead of grown by doubling,
/// which would copy them and touch twice the memory.
fn read_rows(
    input: impl std::io::Read + Send,
    path: &Path,
    exact_column: Option<&str>,
    size: Option<u64>,
) -> Result<Dataset> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let headers = rdr.byte_headers().map_err(|e| csv_error(path, e))?.clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name.as_bytes()))
    };
    let id_col = find("rec_id").ok_or_else(|| LinkageError::MissingColumn {
        file: path.to_path_buf(),
        column: "rec_id".into(),
    })?;
    let cols: [Option<usize>; 8] = Field::ALL.map(|f| find(f.column()));
    let exact_col = match exact_column {
        Some(c) => Some(find(c).ok_or_else(|| LinkageError::MissingColumn {
            file: path.to_path_buf(),
            column: c.to_string(),
        })?),
        None => None,
    };
    let mut ds = Dataset::default();
    // Rows are parsed into reused batches (no allocation per row) on one
    // thread while the previous batch is standardized in parallel: parsing
    // is serial, so it overlaps with the work that is not.
    const BATCH: usize = 32_768;
    let new_batch =
        || -> Vec<csv::ByteRecord> { (0..BATCH).map(|_| csv::ByteRecord::new()).collect() };
    let fill = |rdr: &mut csv::Reader<_>, batch: &mut Vec<csv::ByteRecord>| -> Result<usize> {
        let mut n = 0;
        while n < batch.len()
            && rdr
                .read_byte_record(&mut batch[n])
                .map_err(|e| csv_error(path, e))?
        {
            n += 1;
        }
        Ok(n)
    };
    let (mut ready, mut next) = (new_batch(), new_batch());
    let mut n = fill(&mut rdr, &mut ready)?;
    if let Some(size) = size {
        // Rows in the file, estimated from the first batch's bytes per row.
        let read = rdr.position().byte().max(1);
        let rows = (n as u64).saturating_mul(size) / read;
        let rows = (rows + rows / 32 + 1024).min(1 << 32) as usize;
        ds.ids.reserve(rows);
        ds.records.reserve(rows);
    }
    while n > 0 {
        let (parsed, n_next) = rayon::join(
            || {
                ready[..n]
                    .par_iter()
                    .map(|r| prepare_row(path, r, id_col, &cols, exact_col))
                    .collect::<Result<Vec<(String, PreparedRecord)>>>()
            },
            || fill(&mut rdr, &mut next),
        );
        // A bad row in this batch is reported before a parse error further on.
        let parsed = parsed?;
        ds.ids.reserve(parsed.len());
        ds.records.reserve(parsed.len());
        for (id, p) in parsed {
            ds.ids.push(id);
            ds.records.push(p);
        }
        n = n_next?;
        std::mem::swap(&mut ready, &mut next);
    }
    Ok(ds)
}

fn prepare_row(
    path: &Path,
    r: &csv::ByteRecord,
    id_col: usize,
    cols: &[Option<usize>; 8],
    exact_col: Option<usize>,
) -> Result<(String, PreparedRecord)> {
    let line = r.position().map_or(0, csv::Position::line);
    // An all-ASCII row (the usual case) is checked once: every byte range
    // of ASCII text is a valid `str`, so its fields need no further check.
    let whole = std::str::from_utf8(r.as_slice())
        .ok()
        .filter(|s| s.is_ascii());
    let text = |col: Option<usize>, name: &str| -> Result<&str> {
        match (col.and_then(|c| r.range(c)), whole) {
            (None, _) => Ok(""),
            (Some(range), Some(w)) => Ok(&w[range]),
            (Some(range), None) => std::str::from_utf8(&r.as_slice()[range])
                .map_err(|_| row_error(path, line, name, "not valid UTF-8")),
        }
    };
    let id = text(Some(id_col), "rec_id")?.trim();
    if id.is_empty() {
        return Err(row_error(path, line, "rec_id", "empty record id"));
    }
    let mut values = [""; 8];
    for (k, f) in Field::ALL.iter().enumerate() {
        values[k] = text(cols[k], f.column())?;
    }
    let exact = match exact_col {
        Some(c) => Some(text(Some(c), "exact id")?),
        None => None,
    };
    let p = PreparedRecord::from_raw(&values, exact)
        .map_err(|e| row_error(path, line, e.field.column(), e.message))?;
    Ok((id.to_string(), p))
}

/// Writes `path` atomically: a temporary sibling is written, flushed and renamed.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let f = File::create(&tmp).map_err(|e| LinkageError::io(&tmp, e))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        write(&mut w)?;
        let f = w
            .into_inner()
            .map_err(|e| LinkageError::io(&tmp, e.into_error()))?;
        f.sync_all().map_err(|e| LinkageError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| LinkageError::io(path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn load_model(path: &Path) -> Result<Model> {
    serde_json::from_reader(open(path)?).map_err(|e| LinkageError::Json {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn model_for(
    path: Option<&Path>,
    left: &Dataset,
    right: Option<&Dataset>,
    progress: &dyn Progress,
) -> Result<Model> {
    match path {
        Some(p) => load_model(p),
        None => {
            progress.stage("training", None);
            train(
                &left.records,
                right.map(|r| r.records.as_slice()),
                &TrainingConfig::default(),
            )
        }
    }
}

fn write_pairs(
    out: &Path,
    left: &Dataset,
    right: &Dataset,
    pairs: &[(u32, u32, f32)],
) -> Result<()> {
    write_atomically(out, |w| {
        let io = |e: std::io::Error| LinkageError::io(out, e);
        writeln!(w, "left_id,right_id,match_probability").map_err(io)?;
        let mut buf = String::new();
        for chunk in pairs.chunks(65_536) {
            buf.clear();
            let lines: Vec<String> = chunk
                .par_iter()
                .map(|&(i, j, p)| {
                    format!(
                        "{},{},{:.6}\n",
                        csv_field(&left.ids[i as usize]),
                        csv_field(&right.ids[j as usize]),
                        p
                    )
                })
                .collect();
            for l in lines {
                buf.push_str(&l);
            }
            w.write_all(buf.as_bytes()).map_err(io)?;
        }
        Ok(())
    })
}

/// Quotes a CSV field when needed (RFC 4180).
fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

fn threshold(t: f64) -> Result<f32> {
    if (0.0..=1.0).contains(&t) {
        Ok(t as f32)
    } else {
        Err(LinkageError::InvalidArgument(format!(
            "threshold {t} is not a probability"
        )))
    }
}

/// Links two sources; writes pairs at or above the threshold.
pub fn link_run(args: &RunArgs, progress: &dyn Progress) -> Result<LinkSummary> {
    link_run_with_results(args, None, progress).map(|(s, _)| s)
}

/// [`link_run`], also writing the results folder when `results` is given.
pub fn link_run_with_results(
    args: &RunArgs,
    results: Option<&ResultsArgs>,
    progress: &dyn Progress,
) -> Result<(LinkSummary, Option<ResultsReport>)> {
    let t = threshold(args.threshold)?;
    progress.stage("reading", None);
    let (left, right) = rayon::join(
        || read_dataset(&args.left, args.exact_column.as_deref()),
        || read_dataset(&args.right, args.exact_column.as_deref()),
    );
    let (left, right) = (left?, right?);
    let model = model_for(args.model.as_deref(), &left, Some(&right), progress)?;
    let cfg = LinkConfig {
        threshold: t,
        one_to_one: args.one_to_one,
        ..LinkConfig::default()
    };
    let (pairs, summary) = score_pairs(&model, &left.records, Some(&right.records), &cfg, progress);
    progress.stage("writing", None);
    write_pairs(&args.out, &left, &right, &pairs)?;
    let report = match results {
        Some(r) => Some(write_results(
            r,
            &Outcome {
                left_ids: &left.ids,
                right_ids: Some(&right.ids),
                pairs: &pairs,
                model: Some(&model),
                parameters: vec![
                    ("kind".into(), "run".into()),
                    ("threshold".into(), args.threshold.to_string()),
                    ("one_to_one".into(), args.one_to_one.to_string()),
                    (
                        "exact_on".into(),
                        args.exact_column.clone().unwrap_or_default(),
                    ),
                    ("lambda".into(), model.lambda.to_string()),
                ],
            },
        )?),
        None => None,
    };
    Ok((summary, report))
}

/// Finds duplicate pairs within one source.
pub fn link_dedupe(args: &DedupeArgs, progress: &dyn Progress) -> Result<LinkSummary> {
    link_dedupe_with_results(args, None, progress).map(|(s, _)| s)
}

/// [`link_dedupe`], also writing the results folder when `results` is given.
pub fn link_dedupe_with_results(
    args: &DedupeArgs,
    results: Option<&ResultsArgs>,
    progress: &dyn Progress,
) -> Result<(LinkSummary, Option<ResultsReport>)> {
    let t = threshold(args.threshold)?;
    progress.stage("reading", None);
    let ds = read_dataset(&args.input, args.exact_column.as_deref())?;
    let model = model_for(args.model.as_deref(), &ds, None, progress)?;
    let cfg = LinkConfig {
        threshold: t,
        ..LinkConfig::default()
    };
    let (pairs, summary) = score_pairs(&model, &ds.records, None, &cfg, progress);
    progress.stage("writing", None);
    write_pairs(&args.out, &ds, &ds, &pairs)?;
    let report = match results {
        Some(r) => Some(write_results(
            r,
            &Outcome {
                left_ids: &ds.ids,
                right_ids: None,
                pairs: &pairs,
                model: Some(&model),
                parameters: vec![
                    ("kind".into(), "dedupe".into()),
                    ("threshold".into(), args.threshold.to_string()),
                    (
                        "exact_on".into(),
                        args.exact_column.clone().unwrap_or_default(),
                    ),
                    ("lambda".into(), model.lambda.to_string()),
                ],
            },
        )?),
        None => None,
    };
    Ok((summary, report))
}

/// Trains a model and writes it as JSON; returns it too.
pub fn link_train(args: &TrainArgs, progress: &dyn Progress) -> Result<Model> {
    progress.stage("reading", None);
    let left = read_dataset(&args.left, None)?;
    let right = match &args.right {
        Some(p) => Some(read_dataset(p, None)?),
        None => None,
    };
    progress.stage("training", None);
    let model = train(
        &left.records,
        right.as_ref().map(|r| r.records.as_slice()),
        &TrainingConfig::default(),
    )?;
    write_atomically(&args.out, |w| {
        serde_json::to_writer_pretty(&mut *w, &model).map_err(|e| LinkageError::Json {
            path: args.out.clone(),
            message: e.to_string(),
        })?;
        writeln!(w).map_err(|e| LinkageError::io(&args.out, e))
    })?;
    Ok(model)
}

/// Writes, for every pair at or above the threshold, each field's level and
/// weight — the full reasoning behind every link.
pub fn link_explain(args: &ExplainArgs, progress: &dyn Progress) -> Result<LinkSummary> {
    let t = threshold(args.threshold)?;
    progress.stage("reading", None);
    let left = read_dataset(&args.left, None)?;
    let right = match &args.right {
        Some(p) => Some(read_dataset(p, None)?),
        None => None,
    };
    let model = model_for(args.model.as_deref(), &left, right.as_ref(), progress)?;
    let cfg = LinkConfig {
        threshold: t,
        ..LinkConfig::default()
    };
    let rr = right.as_ref().map(|r| r.records.as_slice());
    let (pairs, summary) = score_pairs(&model, &left.records, rr, &cfg, progress);
    let scorer = Scorer::new(&model);
    let sources: Vec<&[PreparedRecord]> = match rr {
        Some(r) => vec![&left.records, r],
        None => vec![&left.records],
    };
    let tf = scorer.tf_adjustments(&sources);
    let right_ds = right.as_ref().unwrap_or(&left);
    write_atomically(&args.out, |w| {
        let mut cw = csv::Writer::from_writer(w);
        let mut header = vec![
            "left_id".to_string(),
            "right_id".into(),
            "match_probability".into(),
            "match_weight".into(),
            "prior_weight".into(),
        ];
        for f in Field::ALL {
            header.push(format!("{}_level", f.column()));
            header.push(format!("{}_weight", f.column()));
        }
        let err = |e: csv::Error| LinkageError::io(&args.out, std::io::Error::other(e.to_string()));
        cw.write_record(&header).map_err(err)?;
        for &(i, j, _) in &pairs {
            let e = scorer.explain(
                &model,
                &left.records[i as usize],
                &right_ds.records[j as usize],
                &tf[0][i as usize],
            );
            let mut row = vec![
                left.ids[i as usize].clone(),
                right_ds.ids[j as usize].clone(),
                format!("{:.6}", e.match_probability),
                format!("{:.4}", e.match_weight),
                format!("{:.4}", e.prior_weight),
            ];
            for c in &e.fields {
                row.push(c.level.clone());
                row.push(format!("{:.4}", c.weight + c.tf_adjustment));
            }
            cw.write_record(&row).map_err(err)?;
        }
        cw.flush().map_err(|e| LinkageError::io(&args.out, e))
    })?;
    Ok(summary)
}

/// Explains one named pair (for `pathways link explain --left-id --right-id`).
pub fn explain_pair(
    left: &Path,
    right: Option<&Path>,
    model: Option<&Path>,
    left_id: &str,
    right_id: &str,
    progress: &dyn Progress,
) -> Result<Explanation> {
    let l = read_dataset(left, None)?;
    let r = match right {
        Some(p) => Some(read_dataset(p, None)?),
        None => None,
    };
    let model = model_for(model, &l, r.as_ref(), progress)?;
    let rd = r.as_ref().unwrap_or(&l);
    let find = |ds: &Dataset, id: &str, file: &Path| -> Result<usize> {
        ds.ids.iter().position(|x| x == id).ok_or_else(|| {
            LinkageError::InvalidArgument(format!("no rec_id {id:?} in {}", file.display()))
        })
    };
    let i = find(&l, left_id, left)?;
    let j = find(rd, right_id, right.unwrap_or(left))?;
    let scorer = Scorer::new(&model);
    let sources: Vec<&[PreparedRecord]> = match &r {
        Some(r) => vec![&l.records, &r.records],
        None => vec![&l.records],
    };
    let tf = scorer.tf_adjustments(&sources);
    Ok(scorer.explain(&model, &l.records[i], &rd.records[j], &tf[0][i]))
}

/// Map from record id to row index, for callers joining outputs back.
pub fn id_index(ds: &Dataset) -> HashMap<&str, usize> {
    ds.ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect()
}

pub use crate::clk::commands::{
    ClkMatchSummary, EncodeArgs, MatchClksArgs, link_encode, link_match_clks,
    link_match_clks_with_results,
};
