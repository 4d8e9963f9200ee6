//! The `pathways link …` contract, exercised through the library commands
//! on small readable fixtures (`tests/fixtures/contract/`). `model.json` was
//! trained with `link_files train` on generated data (bench/linkage).

#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pathways_linkage::commands::*;
use pathways_linkage::{LinkageError, Silent};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/contract")
        .join(name)
}

fn read_pairs(path: &Path) -> (String, BTreeSet<(String, String)>, Vec<f64>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let mut pairs = BTreeSet::new();
    let mut probs = Vec::new();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        pairs.insert((f[0].to_string(), f[1].to_string()));
        probs.push(f[2].parse().unwrap());
    }
    (header, pairs, probs)
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn run_args(out: &Path) -> RunArgs {
    RunArgs {
        left: fixture("k12.csv"),
        right: fixture("wages.csv"),
        out: out.to_path_buf(),
        model: Some(fixture("model.json")),
        threshold: 0.5,
        one_to_one: false,
        exact_column: None,
    }
}

#[test]
fn run_links_people_across_nicknames_typos_marriage_and_swaps() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("links.csv");
    let summary = link_run(&run_args(&out), &Silent).unwrap();
    let (header, pairs, probs) = read_pairs(&out);
    assert_eq!(header, "left_id,right_id,match_probability");
    // K1/W1 nickname + abbreviations, K2/W2 hyphenated married name + move,
    // K3/W3 typo + missing sex, K4/W4 nickname + day/month swap, K5/W5 two typos.
    assert_eq!(
        pairs,
        set(&[
            ("K1", "W1"),
            ("K2", "W2"),
            ("K3", "W3"),
            ("K4", "W4"),
            ("K5", "W5")
        ])
    );
    assert!(probs.iter().all(|p| (0.5..=1.0).contains(p)));
    assert!(summary.candidate_pairs >= 5);
    assert_eq!(summary.links, 5);
    // Nothing but the output is left in the directory (temp file renamed).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn threshold_filters_and_must_be_a_probability() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("links.csv");
    let mut a = run_args(&out);
    a.threshold = 0.999;
    link_run(&a, &Silent).unwrap();
    let (_, strict, probs) = read_pairs(&out);
    assert!(strict.len() < 5 && probs.iter().all(|p| *p >= 0.999));
    a.threshold = 1.5;
    assert!(matches!(
        link_run(&a, &Silent),
        Err(LinkageError::InvalidArgument(_))
    ));
}

#[test]
fn deterministic_rule_on_a_shared_id_links_outright() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("links.csv");
    let mut a = run_args(&out);
    a.exact_column = Some("student_no".into());
    link_run(&a, &Silent).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("K7,W10,1.000000"), "{text}");
}

#[test]
fn dedupe_finds_duplicates_within_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dupes.csv");
    let args = DedupeArgs {
        input: fixture("college_dupes.csv"),
        out: out.clone(),
        model: Some(fixture("model.json")),
        threshold: 0.5,
        exact_column: None,
    };
    link_dedupe(&args, &Silent).unwrap();
    let (_, pairs, _) = read_pairs(&out);
    assert_eq!(pairs, set(&[("C1", "C2")]));
}

#[test]
fn explain_writes_field_weights_that_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("why.csv");
    let args = ExplainArgs {
        left: fixture("k12.csv"),
        right: Some(fixture("wages.csv")),
        model: Some(fixture("model.json")),
        out: out.clone(),
        threshold: 0.5,
    };
    link_explain(&args, &Silent).unwrap();
    let mut rdr = csv::Reader::from_path(&out).unwrap();
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "left_id");
    assert!(headers.iter().any(|h| h == "dob_level"));
    let mut rows = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        let total: f64 = r[3].parse().unwrap();
        let prior: f64 = r[4].parse().unwrap();
        let fields: f64 = (0..8).map(|k| r[6 + 2 * k].parse::<f64>().unwrap()).sum();
        assert!((prior + fields - total).abs() < 0.01, "{r:?}");
        rows += 1;
    }
    assert_eq!(rows, 5);
    let e = explain_pair(
        &fixture("k12.csv"),
        Some(&fixture("wages.csv")),
        Some(&fixture("model.json")),
        "K4",
        "W4",
        &Silent,
    )
    .unwrap();
    assert_eq!(e.fields[3].level, "day_month_swap");
    assert_eq!(e.fields[0].level, "nickname");
}

#[test]
fn malformed_rows_name_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = run_args(&dir.path().join("x.csv"));
    a.left = fixture("bad_dob.csv");
    match link_run(&a, &Silent) {
        Err(LinkageError::Row {
            file, line, field, ..
        }) => {
            assert!(file.ends_with("bad_dob.csv"));
            assert_eq!((line, field.as_str()), (3, "dob"));
        }
        other => panic!("{other:?}"),
    }
    a.left = fixture("bad_row.csv");
    match link_run(&a, &Silent) {
        Err(LinkageError::Row { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    a.left = fixture("no_rec_id.csv");
    assert!(matches!(
        link_run(&a, &Silent),
        Err(LinkageError::MissingColumn { .. })
    ));
    assert!(!dir.path().join("x.csv").exists(), "no output on failure");
}

#[test]
fn train_writes_a_model_that_run_can_use() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let m = link_train(
        &TrainArgs {
            left: fixture("k12.csv"),
            right: Some(fixture("wages.csv")),
            out: model.clone(),
        },
        &Silent,
    )
    .unwrap();
    assert_eq!(m.fields.len(), 8);
    let mut a = run_args(&dir.path().join("links.csv"));
    a.model = Some(model);
    link_run(&a, &Silent).unwrap();
}

#[test]
fn encode_and_match_clks_link_the_same_people() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, SCHEMA).unwrap();
    let enc = |input: &str, out: &Path| {
        let n = link_encode(
            &EncodeArgs {
                schema: schema.clone(),
                secret: "shared secret".into(),
                input: fixture(input),
                output: out.to_path_buf(),
            },
            &Silent,
        )
        .unwrap();
        assert!(n > 0);
    };
    let (l, r) = (dir.path().join("l.csv"), dir.path().join("r.csv"));
    enc("clk_people_a.csv", &l);
    enc("clk_people_b.csv", &r);
    assert!(
        std::fs::read_to_string(&l)
            .unwrap()
            .starts_with("rec_id,clk\n")
    );
    let out = dir.path().join("links.csv");
    for exhaustive in [true, false] {
        link_match_clks(
            &MatchClksArgs {
                left: l.clone(),
                right: r.clone(),
                out: out.clone(),
                threshold: 0.8,
                exhaustive,
            },
            &Silent,
        )
        .unwrap();
        let (_, pairs, _) = read_pairs(&out);
        assert_eq!(pairs, set(&[("A1", "B1"), ("A2", "B2"), ("A3", "B3")]));
    }
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
