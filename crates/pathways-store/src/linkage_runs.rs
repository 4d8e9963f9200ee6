//! Summaries of record-linkage runs.
//!
//! The linkage engine writes its results (links, person keys, parameters,
//! evaluation) as Parquet files; the store keeps one row per run saying what
//! was linked, with which thresholds and model (by checksum), when, how well
//! (when truth was given) and which files hold the results — so the metrics
//! layer can find the current person keys and an auditor can tell which
//! model produced them. The store holds no person-level linkage data.

use sqlx::Row;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::Sql;

/// One results file of a run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkageRunFile {
    /// File name inside the run's output folder.
    pub name: String,
    /// Rows it holds.
    pub rows: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of its content (hex).
    pub sha256: String,
}

/// Pairwise quality of a run's links against ground truth.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LinkageEvaluation {
    /// Pairs of records of the same person.
    pub true_pairs: u64,
    /// Links predicted.
    pub predicted: u64,
    /// Predicted links that are true pairs.
    pub true_positives: u64,
    /// Predicted links that are not.
    pub false_positives: u64,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// A run to record.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewLinkageRun {
    /// `run`, `dedupe` or `match-clks`.
    pub kind: String,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// When it finished (RFC 3339).
    pub finished_at: String,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// Records on the left (or in the only source).
    pub left_records: u64,
    /// Records on the right (0 for dedupe).
    pub right_records: u64,
    /// Candidate pairs compared.
    pub candidate_pairs: u64,
    /// Links accepted.
    pub links: u64,
    /// Distinct person keys among the batch's records.
    pub clusters: u64,
    /// Person keys this run created.
    pub new_person_keys: u64,
    /// Minimum match probability (or Dice similarity) accepted.
    pub threshold: f64,
    /// SHA-256 of the model (or matching parameters) used.
    pub model_checksum: String,
    /// Folder holding the files.
    pub output_dir: String,
    /// The files written.
    pub files: Vec<LinkageRunFile>,
    /// Quality against truth, when truth was given.
    pub evaluation: Option<LinkageEvaluation>,
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LinkageRun {
    /// Id.
    pub id: i64,
    /// What was recorded.
    #[serde(flatten)]
    pub run: NewLinkageRun,
}

fn count(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn corrupt(column: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table: "linkage_runs",
        column,
        message: e.to_string(),
    }
}

fn read_count(r: &sqlx::any::AnyRow, col: &'static str) -> Result<u64> {
    let v: i64 = r.try_get(col)?;
    u64::try_from(v).map_err(|e| corrupt(col, e))
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<LinkageRun> {
    let files: String = r.try_get("files")?;
    let evaluation: Option<String> = r.try_get("evaluation")?;
    Ok(LinkageRun {
        id: r.try_get("id")?,
        run: NewLinkageRun {
            kind: r.try_get("kind")?,
            started_at: r.try_get("started_at")?,
            finished_at: r.try_get("finished_at")?,
            duration_ms: read_count(r, "duration_ms")?,
            left_records: read_count(r, "left_records")?,
            right_records: read_count(r, "right_records")?,
            candidate_pairs: read_count(r, "candidate_pairs")?,
            links: read_count(r, "links")?,
            clusters: read_count(r, "clusters")?,
            new_person_keys: read_count(r, "new_person_keys")?,
            threshold: r.try_get("threshold")?,
            model_checksum: r.try_get("model_checksum")?,
            output_dir: r.try_get("output_dir")?,
            files: serde_json::from_str(&files).map_err(|e| corrupt("files", e))?,
            evaluation: evaluation
                .map(|e| serde_json::from_str(&e))
                .transpose()
                .map_err(|e| corrupt("evaluation", e))?,
        },
    })
}

impl Store {
    /// Records a linkage run; returns it with its id.
    pub async fn record_linkage_run(&self, run: &NewLinkageRun) -> Result<LinkageRun> {
        let files = serde_json::to_string(&run.files).map_err(|e| corrupt("files", e))?;
        let evaluation = run
            .evaluation
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| corrupt("evaluation", e))?;
        let mut tx = self.begin().await?;
        let mut ins = Sql::new(
            "INSERT INTO linkage_runs (kind, started_at, finished_at, duration_ms, left_records, \
             right_records, candidate_pairs, links, clusters, new_person_keys, threshold, \
             model_checksum, output_dir, files, evaluation) VALUES (",
        );
        ins.bind(run.kind.as_str())
            .push(", ")
            .bind(run.started_at.as_str())
            .push(", ")
            .bind(run.finished_at.as_str());
        for v in [
            run.duration_ms,
            run.left_records,
            run.right_records,
            run.candidate_pairs,
            run.links,
            run.clusters,
            run.new_person_keys,
        ] {
            ins.push(", ").bind(count(v));
        }
        ins.push(", ")
            .bind(run.threshold)
            .push(", ")
            .bind(run.model_checksum.as_str())
            .push(", ")
            .bind(run.output_dir.as_str())
            .push(", ")
            .bind(files)
            .push(", ")
            .bind(evaluation)
            .push(") RETURNING id");
        let id: i64 = ins.query().fetch_one(&mut *tx).await?.try_get("id")?;
        tx.commit().await?;
        Ok(LinkageRun {
            id,
            run: run.clone(),
        })
    }

    /// Recorded runs, newest first.
    pub async fn linkage_runs(&self) -> Result<Vec<LinkageRun>> {
        Sql::new("SELECT * FROM linkage_runs ORDER BY id DESC")
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// One recorded run.
    pub async fn linkage_run(&self, id: i64) -> Result<Option<LinkageRun>> {
        let mut q = Sql::new("SELECT * FROM linkage_runs WHERE id = ");
        q.bind(id);
        q.query()
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> NewLinkageRun {
        NewLinkageRun {
            kind: "run".into(),
            started_at: "2026-12-01T20:00:00Z".into(),
            finished_at: "2026-12-01T20:00:02Z".into(),
            duration_ms: 2_000,
            left_records: 10,
            right_records: 8,
            candidate_pairs: 40,
            links: 6,
            clusters: 12,
            new_person_keys: 12,
            threshold: 0.5,
            model_checksum: "ab".repeat(32),
            output_dir: "/tmp/results".into(),
            files: vec![LinkageRunFile {
                name: "links.parquet".into(),
                rows: 6,
                bytes: 900,
                sha256: "cd".repeat(32),
            }],
            evaluation: Some(LinkageEvaluation {
                true_pairs: 8,
                predicted: 8,
                true_positives: 4,
                false_positives: 4,
                precision: 0.5,
                recall: 0.5,
                f1: 0.5,
            }),
        }
    }

    #[tokio::test]
    async fn runs_round_trip_newest_first() {
        let t = crate::testing::fresh_store().await.unwrap();
        let a = t.store.record_linkage_run(&sample()).await.unwrap();
        let mut second = sample();
        second.kind = "dedupe".into();
        second.evaluation = None;
        let b = t.store.record_linkage_run(&second).await.unwrap();
        let all = t.store.linkage_runs().await.unwrap();
        assert_eq!(all, vec![b.clone(), a.clone()]);
        assert_eq!(t.store.linkage_run(a.id).await.unwrap(), Some(a));
        assert_eq!(t.store.linkage_run(b.id + 100).await.unwrap(), None);
    }
}
