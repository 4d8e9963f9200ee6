//! `pathways data load` and `pathways metrics run` through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pathways_store::testing::fresh_url;

fn pathways(db: &str, dir: &Path) -> Command {
    let mut c = Command::cargo_bin("pathways").unwrap();
    c.arg("--db")
        .arg(db)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("DATABASE_URL");
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pathways-analytics/tests/fixtures")
        .join(name)
}

#[tokio::test]
async fn load_is_validated_all_or_nothing_and_idempotent_then_metrics_run() {
    let (db, _guard) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");

    // A bad folder: every problem named by file, line and column; nothing stored.
    let out = pathways(&db, &data)
        .args(["data", "load"])
        .arg(fixture("bad"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("students.csv:3: column sex"), "{err}");
    assert!(
        err.contains("cte_courses.csv:3: column person_key"),
        "{err}"
    );
    let analytics = data.join("analytics");
    let kept: Vec<_> = std::fs::read_dir(&analytics)
        .map(|d| d.flatten().collect())
        .unwrap_or_default();
    assert!(kept.is_empty(), "a failed load left {kept:?}");

    // A good one, then the same again: a no-op.
    let out = pathways(&db, &data)
        .args(["data", "load", "--format", "json"])
        .arg(fixture("small"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["new"], true);
    let path = PathBuf::from(v["path"].as_str().unwrap());
    assert!(path.join("students.parquet").is_file() && path.join("wages.parquet").is_file());
    let again = pathways(&db, &data)
        .args(["data", "load", "--format", "json"])
        .arg(fixture("small"))
        .output()
        .unwrap();
    let v2: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (v2["new"].clone(), v2["load_id"].clone()),
        (serde_json::json!(false), v["load_id"].clone())
    );

    // Metrics on the current load, stored for the pages.
    let results = tmp.path().join("results.csv");
    let out = pathways(&db, &data)
        .args([
            "metrics", "run", "--metric", "1S1", "4S1", "--by", "sex", "district", "--out",
        ])
        .arg(&results)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("stored as result set"));
    let text = std::fs::read_to_string(&results).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("metric_id,group_by,group_value,numerator,denominator,rate,suppressed")
    );
    assert!(text.contains("1S1,all,all,2,5,0.400000,false"), "{text}");
    assert!(
        text.contains("4S1,district,D1,2,3,0.666667,false"),
        "{text}"
    );

    // Public: every cell of this tiny cohort is under 10, so nothing is shown.
    let public = tmp.path().join("public.csv");
    let out = pathways(&db, &data)
        .args(["metrics", "run", "--public", "--metric", "1S1", "--out"])
        .arg(&public)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&public).unwrap();
    assert!(text.contains("1S1,all,all,,,,small_cell"), "{text}");
    assert!(!text.contains(",false\n"), "{text}");

    // Raw files given directly with --data are validated on the fly.
    let out = pathways(&db, &data)
        .args([
            "metrics",
            "run",
            "--metric",
            "pathway_concentration",
            "--by",
            "sex",
            "--data",
        ])
        .arg(fixture("small"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("pathway_concentration,sex,F,2,4,0.500000,false"),
        "{text}"
    );
}
