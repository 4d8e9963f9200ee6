//! Linkage results as files for the metrics layer: links, clusters (person
//! keys), model parameters and — when ground truth is given — evaluation,
//! each a Parquet file in one output folder.
//!
//! Plain data out: this module writes files and returns a [`ResultsReport`]
//! describing them; registering the run anywhere (the operational store) is
//! the caller's business. Each file is written to a temporary sibling and
//! renamed, so a reader of the folder never sees half a file.
//!
//! Person keys stay stable across batches: given the `clusters.parquet` of
//! an earlier run (`prior_keys`), records already keyed keep their key and
//! new records join the key of the cluster they link into
//! ([`crate::cluster::assign_stable_keys`]). The clusters file written holds
//! every key known (earlier and new), so it is the next batch's prior.

mod evaluate;
mod parquet_io;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cluster::assign_stable_keys;
use crate::error::{LinkageError, Result};
use crate::model::Model;

pub use evaluate::{Evaluation, read_truth};
pub use parquet_io::read_person_keys;

/// Where and how to write results.
#[derive(Debug, Clone)]
pub struct ResultsArgs {
    /// Output folder (created if missing).
    pub dir: PathBuf,
    /// Name of the left (or only) source in the clusters file, e.g. `k12`.
    pub left_source: String,
    /// Name of the right source (ignored for dedupe).
    pub right_source: String,
    /// Ground truth of the left (or only) source: CSV `rec_id,person_id`.
    pub left_truth: Option<PathBuf>,
    /// Ground truth of the right source.
    pub right_truth: Option<PathBuf>,
    /// `clusters.parquet` of an earlier run whose person keys must be kept.
    pub prior_keys: Option<PathBuf>,
}

impl ResultsArgs {
    /// Results in `dir` with sources named `left` and `right`, no truth, no prior keys.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            left_source: "left".into(),
            right_source: "right".into(),
            left_truth: None,
            right_truth: None,
            prior_keys: None,
        }
    }
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResultFile {
    /// File name inside the output folder.
    pub name: String,
    /// Rows it holds.
    pub rows: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of its content (hex).
    pub sha256: String,
}

/// What was written, for a run summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ResultsReport {
    /// The output folder.
    pub dir: PathBuf,
    /// Records in this batch (both sources).
    pub records: u64,
    /// Links written.
    pub links: u64,
    /// Distinct person keys among this batch's records.
    pub clusters: u64,
    /// Person keys created by this batch (not in the prior keys).
    pub new_person_keys: u64,
    /// SHA-256 (hex) of the model or matching parameters used.
    pub model_checksum: String,
    /// Precision/recall/F1 of the links, when truth was given.
    pub evaluation: Option<Evaluation>,
    /// The files, in writing order.
    pub files: Vec<ResultFile>,
}

/// What a linkage pass produced, as the results writer needs it.
#[derive(Debug)]
pub(crate) struct Outcome<'a> {
    /// Left (or only) record ids, by index.
    pub left_ids: &'a [String],
    /// Right record ids; `None` for dedupe.
    pub right_ids: Option<&'a [String]>,
    /// Accepted pairs `(left index, right index, probability or similarity)`.
    pub pairs: &'a [(u32, u32, f32)],
    /// The Fellegi–Sunter model, when one was used.
    pub model: Option<&'a Model>,
    /// Every setting that shaped the result, as name/value pairs.
    pub parameters: Vec<(String, String)>,
}

const KEY_SEP: char = '\u{1f}';

fn check_source(name: &str) -> Result<()> {
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(LinkageError::InvalidArgument(format!(
            "source name {name:?} must be non-empty text without control characters"
        )));
    }
    Ok(())
}

fn qualified(source: &str, id: &str) -> String {
    format!("{source}{KEY_SEP}{id}")
}

/// Writes the results of a pass into `args.dir` and describes them.
pub(crate) fn write_results(args: &ResultsArgs, o: &Outcome<'_>) -> Result<ResultsReport> {
    check_source(&args.left_source)?;
    let dedupe = o.right_ids.is_none();
    if !dedupe {
        check_source(&args.right_source)?;
        if args.left_source == args.right_source {
            return Err(LinkageError::InvalidArgument(
                "the two sources need different names".into(),
            ));
        }
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| LinkageError::io(&args.dir, e))?;

    // Evaluation first: a bad truth file fails before anything is written.
    let evaluation = match (&args.left_truth, &args.right_truth, o.right_ids) {
        (Some(lt), _, None) => Some(evaluate::dedupe(&read_truth(lt)?, o.left_ids, o.pairs)),
        (Some(lt), Some(rt), Some(r)) => Some(evaluate::link(
            &read_truth(lt)?,
            &read_truth(rt)?,
            o.left_ids,
            r,
            o.pairs,
        )),
        (None, None, _) => None,
        _ => {
            return Err(LinkageError::InvalidArgument(
                "evaluation needs the truth of both sources".into(),
            ));
        }
    };
    let prior: BTreeMap<String, u64> = match &args.prior_keys {
        Some(p) => read_person_keys(p)?
            .into_iter()
            .map(|(s, id, k)| (qualified(&s, &id), k))
            .collect(),
        None => BTreeMap::new(),
    };

    let right_source = if dedupe {
        &args.left_source
    } else {
        &args.right_source
    };
    let right_ids = o.right_ids.unwrap_or(o.left_ids);
    let mut batch: Vec<String> = o
        .left_ids
        .iter()
        .map(|id| qualified(&args.left_source, id))
        .collect();
    if let Some(r) = o.right_ids {
        batch.extend(r.iter().map(|id| qualified(&args.right_source, id)));
    }
    let links: Vec<(String, String)> = o
        .pairs
        .iter()
        .map(|&(i, j, _)| {
            (
                qualified(&args.left_source, &o.left_ids[i as usize]),
                qualified(right_source, &right_ids[j as usize]),
            )
        })
        .collect();
    let keys = assign_stable_keys(&prior, &batch, &links);
    let clusters = batch
        .iter()
        .filter_map(|id| keys.get(id))
        .collect::<std::collections::BTreeSet<_>>()
        .len() as u64;
    let new_person_keys = {
        let old: std::collections::BTreeSet<u64> = prior.values().copied().collect();
        keys.values()
            .filter(|k| !old.contains(k))
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64
    };

    let model_checksum = checksum(o)?;
    let mut files = Vec::new();
    files.push(parquet_io::write_links(
        &args.dir,
        &args.left_source,
        right_source,
        o.left_ids,
        right_ids,
        o.pairs,
    )?);
    let key_rows: Vec<(&str, &str, u64)> = keys
        .iter()
        .filter_map(|(q, k)| q.split_once(KEY_SEP).map(|(s, id)| (s, id, *k)))
        .collect();
    files.push(parquet_io::write_clusters(&args.dir, &key_rows)?);
    let mut parameters = o.parameters.clone();
    parameters.push(("model_checksum".into(), model_checksum.clone()));
    files.extend(parquet_io::write_parameters(
        &args.dir,
        o.model,
        &parameters,
    )?);
    if let Some(e) = &evaluation {
        files.push(parquet_io::write_evaluation(&args.dir, e)?);
    }
    Ok(ResultsReport {
        dir: args.dir.clone(),
        records: batch.len() as u64,
        links: o.pairs.len() as u64,
        clusters,
        new_person_keys,
        model_checksum,
        evaluation,
        files,
    })
}

/// SHA-256 of the model JSON (or, without a model, of the parameters).
fn checksum(o: &Outcome<'_>) -> Result<String> {
    use sha2::Digest;
    let bytes = match o.model {
        Some(m) => serde_json::to_vec(m).map_err(|e| LinkageError::Json {
            path: PathBuf::from("(model)"),
            message: e.to_string(),
        })?,
        None => o
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect::<String>()
            .into_bytes(),
    };
    Ok(hex(&sha2::Sha256::digest(&bytes)))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Describes a file just written in `dir`: size and SHA-256.
pub(crate) fn finish_file(dir: &Path, name: &str, rows: u64) -> Result<ResultFile> {
    use sha2::Digest;
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| LinkageError::io(&path, e))?;
    Ok(ResultFile {
        name: name.to_string(),
        rows,
        bytes: bytes.len() as u64,
        sha256: hex(&sha2::Sha256::digest(&bytes)),
    })
}
