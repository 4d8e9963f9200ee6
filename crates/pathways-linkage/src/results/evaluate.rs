//! Pairwise precision, recall and F1 of links against ground truth.
//!
//! A true pair is two records of the same person: one from each source when
//! linking (so within-source duplicates multiply), any two of one source
//! when deduplicating — the pair-counting definition of Christen, *Data
//! Matching* (2012), §7.2, and the one `bench/linkage/evaluate.py` uses.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{LinkageError, Result};

/// Quality of a set of links.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    /// Pairs of records of the same person.
    pub true_pairs: u64,
    /// Links predicted.
    pub predicted: u64,
    /// Predicted links that are true pairs.
    pub true_positives: u64,
    /// Predicted links that are not.
    pub false_positives: u64,
    /// true_positives / predicted.
    pub precision: f64,
    /// true_positives / true_pairs.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Reads a truth file: CSV with `rec_id` and `person_id` columns.
pub fn read_truth(path: &Path) -> Result<HashMap<String, String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| LinkageError::io(path, std::io::Error::other(e.to_string())))?;
    let headers = rdr
        .headers()
        .map_err(|e| LinkageError::io(path, std::io::Error::other(e.to_string())))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| LinkageError::MissingColumn {
                file: path.to_path_buf(),
                column: name.into(),
            })
    };
    let (id_col, person_col) = (col("rec_id")?, col("person_id")?);
    let mut out = HashMap::new();
    for row in rdr.records() {
        let row = row.map_err(|e| LinkageError::Row {
            file: path.to_path_buf(),
            line: e.position().map_or(0, csv::Position::line),
            field: "(row)".into(),
            message: e.to_string(),
        })?;
        let line = row.position().map_or(0, csv::Position::line);
        let id = row.get(id_col).unwrap_or("").trim();
        let person = row.get(person_col).unwrap_or("").trim();
        for (field, v) in [("rec_id", id), ("person_id", person)] {
            if v.is_empty() {
                return Err(LinkageError::Row {
                    file: path.to_path_buf(),
                    line,
                    field: field.into(),
                    message: "empty value".into(),
                });
            }
        }
        out.insert(id.to_string(), person.to_string());
    }
    Ok(out)
}

fn measures(true_pairs: u64, predicted: u64, tp: u64) -> Evaluation {
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (precision, recall) = (ratio(tp, predicted), ratio(tp, true_pairs));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Evaluation {
        true_pairs,
        predicted,
        true_positives: tp,
        false_positives: predicted - tp,
        precision,
        recall,
        f1,
    }
}

fn persons<'a>(truth: &'a HashMap<String, String>, ids: &[String]) -> Vec<Option<&'a str>> {
    ids.iter()
        .map(|id| truth.get(id).map(String::as_str))
        .collect()
}

/// Evaluates links between two sources.
pub(crate) fn link(
    left_truth: &HashMap<String, String>,
    right_truth: &HashMap<String, String>,
    left_ids: &[String],
    right_ids: &[String],
    pairs: &[(u32, u32, f32)],
) -> Evaluation {
    let (lp, rp) = (
        persons(left_truth, left_ids),
        persons(right_truth, right_ids),
    );
    let mut counts: HashMap<&str, (u64, u64)> = HashMap::new();
    for p in lp.iter().flatten() {
        counts.entry(p).or_default().0 += 1;
    }
    for p in rp.iter().flatten() {
        counts.entry(p).or_default().1 += 1;
    }
    let true_pairs = counts.values().map(|(a, b)| a * b).sum();
    let tp = pairs
        .iter()
        .filter(
            |&&(i, j, _)| matches!((lp[i as usize], rp[j as usize]), (Some(a), Some(b)) if a == b),
        )
        .count() as u64;
    measures(true_pairs, pairs.len() as u64, tp)
}

/// Evaluates duplicate pairs within one source.
pub(crate) fn dedupe(
    truth: &HashMap<String, String>,
    ids: &[String],
    pairs: &[(u32, u32, f32)],
) -> Evaluation {
    let p = persons(truth, ids);
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for x in p.iter().flatten() {
        *counts.entry(x).or_default() += 1;
    }
    let true_pairs = counts.values().map(|n| n * (n - 1) / 2).sum();
    let tp = pairs
        .iter()
        .filter(
            |&&(i, j, _)| matches!((p[i as usize], p[j as usize]), (Some(a), Some(b)) if a == b),
        )
        .count() as u64;
    measures(true_pairs, pairs.len() as u64, tp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(rows: &[(&str, &str)]) -> HashMap<String, String> {
        rows.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn link_counts_duplicates_as_extra_true_pairs() {
        let lt = truth(&[("a1", "p"), ("a2", "p"), ("a3", "q")]);
        let rt = truth(&[("b1", "p"), ("b2", "r")]);
        // true pairs: (a1,b1), (a2,b1) → 2; predicted (a1,b1) ok, (a3,b2) wrong.
        let e = link(
            &lt,
            &rt,
            &ids(&["a1", "a2", "a3"]),
            &ids(&["b1", "b2"]),
            &[(0, 0, 0.9), (2, 1, 0.8)],
        );
        assert_eq!(
            (e.true_pairs, e.true_positives, e.false_positives),
            (2, 1, 1)
        );
        assert!((e.precision - 0.5).abs() < 1e-12 && (e.recall - 0.5).abs() < 1e-12);
        assert!((e.f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn dedupe_counts_pairs_within_a_person() {
        let t = truth(&[("a", "p"), ("b", "p"), ("c", "p"), ("d", "q")]);
        let e = dedupe(&t, &ids(&["a", "b", "c", "d"]), &[(0, 1, 0.9)]);
        assert_eq!((e.true_pairs, e.true_positives), (3, 1));
        assert!((e.precision - 1.0).abs() < 1e-12);
    }
}
