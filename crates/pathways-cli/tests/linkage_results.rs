//! `pathways link … --results DIR --register`: Parquet results, run summaries
//! in the store (SQLite by default; PostgreSQL with
//! PATHWAYS_TEST_DATABASE_URL), and person keys that survive a later batch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pathways_linkage::results::read_person_keys;
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
        .join("../pathways-linkage/tests/fixtures/contract")
        .join(name)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn keys(path: &Path) -> BTreeMap<(String, String), u64> {
    read_person_keys(path)
        .unwrap()
        .into_iter()
        .map(|(s, id, k)| ((s, id), k))
        .collect()
}

const K12_TRUTH: &str =
    "rec_id,person_id\nK1,p1\nK2,p2\nK3,p3\nK4,p4\nK5,p5\nK6,p6\nK7,p7\nK8,p8\n";
const WAGES_TRUTH: &str = "rec_id,person_id\nW1,p1\nW2,p2\nW3,p3\nW4,p4\nW5,p5\nW9,p9\nW10,p10\n";

#[tokio::test]
async fn run_writes_parquet_results_and_registers_a_summary() {
    let (db, _guard) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let lt = write(d, "k12_truth.csv", K12_TRUTH);
    let rt = write(d, "wages_truth.csv", WAGES_TRUTH);
    let results = d.join("results");
    let out = pathways(&db, d)
        .args(["link", "run", "--left"])
        .arg(fixture("k12.csv"))
        .arg("--right")
        .arg(fixture("wages.csv"))
        .arg("--model")
        .arg(fixture("model.json"))
        .arg("--out")
        .arg(d.join("links.csv"))
        .arg("--results")
        .arg(&results)
        .args([
            "--register",
            "--left-source",
            "k12",
            "--right-source",
            "wages",
        ])
        .arg("--left-truth")
        .arg(&lt)
        .arg("--right-truth")
        .arg(&rt)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary = &json_lines(&out)[0];
    let csv_links = std::fs::read_to_string(d.join("links.csv"))
        .unwrap()
        .lines()
        .count() as u64
        - 1;
    assert_eq!(csv_links, 5);
    assert_eq!(summary["results"]["links"], csv_links);
    let run_id = summary["run_id"].as_i64().expect("registered");

    // Every file is there, nothing temporary is left behind.
    let mut names: Vec<String> = std::fs::read_dir(&results)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "clusters.parquet",
            "evaluation.parquet",
            "links.parquet",
            "model.parquet",
            "parameters.parquet"
        ]
    );
    // 8 + 7 records; 5 linked pairs → 10 distinct people.
    let k = keys(&results.join("clusters.parquet"));
    assert_eq!(k.len(), 15);
    assert_eq!(
        k[&("k12".into(), "K1".into())],
        k[&("wages".into(), "W1".into())]
    );
    assert_ne!(
        k[&("k12".into(), "K6".into())],
        k[&("wages".into(), "W9".into())]
    );
    assert_eq!(summary["results"]["clusters"], 10);

    // The store's summary says the same as the files.
    let listed = pathways(&db, d)
        .args(["link", "runs", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let runs = json_lines(&listed);
    assert_eq!(runs.len(), 1);
    let r = &runs[0];
    assert_eq!(r["id"], run_id);
    assert_eq!(r["kind"], "run");
    assert_eq!(r["links"], 5);
    assert_eq!(r["left_records"], 8);
    assert_eq!(r["right_records"], 7);
    assert_eq!(r["clusters"], 10);
    assert_eq!(r["threshold"], 0.5);
    assert_eq!(r["model_checksum"].as_str().unwrap().len(), 64);
    assert_eq!(r["evaluation"]["true_pairs"], 5);
    assert_eq!(r["evaluation"]["true_positives"], 5);
    assert_eq!(r["evaluation"]["precision"], 1.0);
    let files: Vec<&str> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"links.parquet") && files.contains(&"evaluation.parquet"));
    let links_file = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "links.parquet")
        .unwrap();
    assert_eq!(links_file["rows"], 5);
    assert_eq!(
        links_file["bytes"],
        std::fs::metadata(results.join("links.parquet"))
            .unwrap()
            .len()
    );
}

#[tokio::test]
async fn person_keys_stay_stable_when_a_new_batch_is_linked() {
    let (db, _guard) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let first = d.join("first");
    pathways(&db, d)
        .args(["link", "run", "--left"])
        .arg(fixture("k12.csv"))
        .arg("--right")
        .arg(fixture("wages.csv"))
        .arg("--model")
        .arg(fixture("model.json"))
        .arg("--out")
        .arg(d.join("l1.csv"))
        .arg("--results")
        .arg(&first)
        .args([
            "--register",
            "--left-source",
            "k12",
            "--right-source",
            "wages",
        ])
        .assert()
        .success();
    let before = keys(&first.join("clusters.parquet"));

    // A later wage batch: William Smith again under a new record id, and
    // someone never seen.
    let batch = write(
        d,
        "wages_2027.csv",
        "rec_id,first_name,middle_name,last_name,dob,sex,street_address,city,zip\n\
         W20,Bill,J,Smith,03/09/2004,M,12 N Main St,Salem,97301\n\
         W21,Grace,,Okafor,10/10/2001,F,4 Birch Way,Ashland,97520\n",
    );
    let second = d.join("second");
    pathways(&db, d)
        .args(["link", "run", "--left"])
        .arg(fixture("k12.csv"))
        .arg("--right")
        .arg(&batch)
        .arg("--model")
        .arg(fixture("model.json"))
        .arg("--out")
        .arg(d.join("l2.csv"))
        .arg("--results")
        .arg(&second)
        .arg("--prior-keys")
        .arg(first.join("clusters.parquet"))
        .args([
            "--register",
            "--left-source",
            "k12",
            "--right-source",
            "wages",
        ])
        .assert()
        .success();
    let after = keys(&second.join("clusters.parquet"));
    for (rec, key) in &before {
        assert_eq!(after.get(rec), Some(key), "{rec:?} was renumbered");
    }
    let k1 = before[&("k12".into(), "K1".into())];
    assert_eq!(after[&("wages".into(), "W20".into())], k1);
    let max_before = before.values().max().copied().unwrap();
    assert!(after[&("wages".into(), "W21".into())] > max_before);
    assert_eq!(after.len(), before.len() + 2);

    let listed = pathways(&db, d)
        .args(["link", "runs", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let runs = json_lines(&listed);
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["new_person_keys"], 1, "only W21 is a new person");
}

#[tokio::test]
async fn dedupe_and_clk_matching_register_too_and_bad_truth_registers_nothing() {
    let (db, _guard) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let truth = write(d, "t.csv", "rec_id,person_id\nC1,a\nC2,a\nC3,b\n");
    pathways(&db, d)
        .args(["link", "dedupe", "--input"])
        .arg(fixture("college_dupes.csv"))
        .arg("--model")
        .arg(fixture("model.json"))
        .arg("--out")
        .arg(d.join("dupes.csv"))
        .arg("--results")
        .arg(d.join("dedupe"))
        .args(["--register", "--left-truth"])
        .arg(&truth)
        .assert()
        .success();
    assert!(d.join("dedupe/evaluation.parquet").exists());

    // CLKs of two small files, matched with results.
    let schema = write(d, "schema.json", SCHEMA);
    for (src, dst) in [("clk_people_a.csv", "a.clk"), ("clk_people_b.csv", "b.clk")] {
        pathways(&db, d)
            .args(["link", "encode", "--schema"])
            .arg(&schema)
            .args(["--secret", "s3cret"])
            .arg(fixture(src))
            .arg(d.join(dst))
            .assert()
            .success();
    }
    pathways(&db, d)
        .args(["link", "match-clks", "--left"])
        .arg(d.join("a.clk"))
        .arg("--right")
        .arg(d.join("b.clk"))
        .arg("--out")
        .arg(d.join("clk_links.csv"))
        .arg("--results")
        .arg(d.join("clk"))
        .arg("--register")
        .assert()
        .success();
    assert!(d.join("clk/links.parquet").exists());
    assert!(
        !d.join("clk/model.parquet").exists(),
        "no FS model for CLKs"
    );

    // Truth for only one side of a two-source run: refused, nothing registered.
    let failed = pathways(&db, d)
        .args(["link", "run", "--left"])
        .arg(fixture("k12.csv"))
        .arg("--right")
        .arg(fixture("wages.csv"))
        .arg("--model")
        .arg(fixture("model.json"))
        .arg("--out")
        .arg(d.join("l.csv"))
        .arg("--results")
        .arg(d.join("bad"))
        .arg("--register")
        .arg("--left-truth")
        .arg(&truth)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(
        String::from_utf8_lossy(&failed).contains("truth of both sources"),
        "{}",
        String::from_utf8_lossy(&failed)
    );
    assert!(!d.join("bad/links.parquet").exists());

    let listed = pathways(&db, d)
        .args(["link", "runs", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let kinds: Vec<String> = json_lines(&listed)
        .iter()
        .map(|r| r["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["match-clks", "dedupe"]);
}

const SCHEMA: &str = r#"{
  "version": 3,
  "clkConfig": {"l": 1024, "kdf": {"type": "HKDF", "hash": "SHA256", "keySize": 64}},
  "features": [
    {"identifier": "rec_id", "ignored": true},
    {"identifier": "given", "format": {"type": "string", "encoding": "utf-8"},
     "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerToken": 30}}},
    {"identifier": "surname", "format": {"type": "string", "encoding": "utf-8"},
     "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerToken": 30}}},
    {"identifier": "dob", "format": {"type": "date", "format": "%Y-%m-%d"},
     "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": true}, "strategy": {"bitsPerToken": 30},
                 "missingValue": {"sentinel": ""}}}
  ]
}"#;
