//! `pathways backup` / `restore`: one archive with the store and its Parquet
//! files (participant data loads, linkage results), restored whole into
//! another data directory and database — SQLite by default, PostgreSQL with
//! PATHWAYS_TEST_DATABASE_URL — or not at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pathways_store::Store;
use pathways_store::testing::fresh_url;
use sha2::{Digest, Sha256};

fn pathways(db: &str, dir: &Path) -> Command {
    let mut c = Command::cargo_bin("pathways").unwrap();
    c.arg("--db")
        .arg(db)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("DATABASE_URL");
    c
}

fn linkage_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pathways-linkage/tests/fixtures/contract")
        .join(name)
}

fn analytics_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pathways-analytics/tests/fixtures")
        .join(name)
}

/// Every file under `dir` (relative path → SHA-256).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, Sha256::digest(std::fs::read(&p).unwrap()).to_vec());
            }
        }
    }
    out
}

/// A data directory with one participant-data load and one registered linkage run.
fn populate(db: &str, data: &Path, work: &Path) {
    pathways(db, data)
        .args(["data", "load"])
        .arg(analytics_fixture("small"))
        .assert()
        .success();
    pathways(db, data)
        .args(["link", "run", "--left"])
        .arg(linkage_fixture("k12.csv"))
        .arg("--right")
        .arg(linkage_fixture("wages.csv"))
        .arg("--model")
        .arg(linkage_fixture("model.json"))
        .arg("--out")
        .arg(work.join("links.csv"))
        .arg("--results")
        .arg(work.join("results"))
        .args([
            "--register",
            "--left-source",
            "k12",
            "--right-source",
            "wages",
        ])
        .assert()
        .success();
}

#[tokio::test]
async fn backup_restores_store_and_parquet_files_whole_into_another_data_dir() {
    let (db, _g1) = fresh_url().await.unwrap();
    let (db2, _g2) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (data, data2, work) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("work"),
    );
    std::fs::create_dir_all(&work).unwrap();
    populate(&db, &data, &work);
    let file = work.join("region.pathways-backup");
    pathways(&db, &data)
        .arg("backup")
        .arg(&file)
        .assert()
        .success();
    let leftovers: Vec<_> = std::fs::read_dir(&work)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    pathways(&db2, &data2)
        .arg("restore")
        .arg(&file)
        .assert()
        .success();

    // The rows came across, with paths into the new data directory.
    let (a, b) = (
        Store::connect(&db).await.unwrap(),
        Store::connect(&db2).await.unwrap(),
    );
    let (la, lb) = (
        a.current_data_load().await.unwrap().unwrap(),
        b.current_data_load().await.unwrap().unwrap(),
    );
    assert_eq!(la.checksum, lb.checksum);
    let canon = std::fs::canonicalize(&data2).unwrap();
    assert_eq!(
        PathBuf::from(&lb.path),
        canon.join("analytics").join(&lb.checksum)
    );
    // The Parquet files are the same bytes.
    assert_eq!(tree(Path::new(&la.path)), tree(Path::new(&lb.path)));
    assert!(
        tree(Path::new(&lb.path))
            .keys()
            .any(|k| k.ends_with(".parquet"))
    );
    let (ra, rb) = (
        a.linkage_runs().await.unwrap(),
        b.linkage_runs().await.unwrap(),
    );
    assert_eq!(ra.len(), 1);
    assert_eq!(ra[0].run.files, rb[0].run.files);
    assert_eq!(
        PathBuf::from(&rb[0].run.output_dir),
        canon.join("linkage").join(rb[0].id.to_string())
    );
    for f in &rb[0].run.files {
        let bytes = std::fs::read(Path::new(&rb[0].run.output_dir).join(&f.name)).unwrap();
        let sum: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sum, f.sha256, "{}", f.name);
    }
    // Metrics run on the restored data.
    pathways(&db2, &data2)
        .args(["metrics", "run", "--public", "--metric", "1S1", "--out"])
        .arg(work.join("m.csv"))
        .assert()
        .success();

    // A second restore is refused, and leaves the data directory as it was.
    let before = tree(&data2);
    pathways(&db2, &data2)
        .arg("restore")
        .arg(&file)
        .assert()
        .failure();
    assert_eq!(tree(&data2), before);
}

#[tokio::test]
async fn a_damaged_backup_restores_nothing() {
    let (db, _g1) = fresh_url().await.unwrap();
    let (db2, _g2) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (data, data2, work) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("work"),
    );
    std::fs::create_dir_all(&work).unwrap();
    populate(&db, &data, &work);
    let file = work.join("region.pathways-backup");
    pathways(&db, &data)
        .arg("backup")
        .arg(&file)
        .assert()
        .success();

    // Flip one byte inside a Parquet file's content (past its tar header).
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.windows(4).rposition(|w| w == b"PAR1").unwrap() - 8;
    bytes[at] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    let out = pathways(&db2, &data2)
        .arg("restore")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not match its checksum"), "{err}");
    let b = Store::connect(&db2).await.unwrap();
    assert!(b.is_empty().await.unwrap(), "no row was restored");
    let placed = tree(&data2);
    assert!(
        placed
            .keys()
            .all(|k| k == "pathways.db" || k.starts_with("pathways.db-")),
        "no file was placed: {placed:?}"
    );

    // A backup whose linkage results changed after the run is refused.
    let run = Store::connect(&db)
        .await
        .unwrap()
        .linkage_runs()
        .await
        .unwrap();
    let victim = Path::new(&run[0].run.output_dir).join(&run[0].run.files[0].name);
    std::fs::write(&victim, b"overwritten").unwrap();
    let out = pathways(&db, &data)
        .arg("backup")
        .arg(work.join("second.pathways-backup"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no longer matches"));
    assert!(!work.join("second.pathways-backup").exists());
}
