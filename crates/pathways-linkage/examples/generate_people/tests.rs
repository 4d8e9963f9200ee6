//! The generator keeps its contract with the benchmark: three sources in the
//! linkage CSV contract, each with ground truth, the college one with its
//! own profile, and linkable by the library. Runs under `cargo test` (the
//! example is declared with `test = true`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pathways_linkage::commands::{RunArgs, link_run};
use pathways_linkage::progress::Silent;

use crate::college::HALLS;
use crate::sources::{SOURCES, generate};

const HEADER: [&str; 9] = [
    "rec_id",
    "first_name",
    "middle_name",
    "last_name",
    "dob",
    "sex",
    "street_address",
    "city",
    "zip",
];

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn truth(dir: &Path, source: &str) -> HashMap<String, String> {
    rows(&dir.join(format!("{source}_truth.csv")))
        .into_iter()
        .map(|r| (r["rec_id"].clone(), r["person_id"].clone()))
        .collect()
}

#[test]
fn writes_a_college_source_with_ground_truth() {
    let dir = tempfile::tempdir().unwrap();
    let counts = generate(2_000, dir.path(), 3).unwrap();
    assert_eq!(SOURCES, ["k12", "college", "wage"]);
    for (source, n) in SOURCES.iter().zip(counts) {
        let data = rows(&dir.path().join(format!("{source}.csv")));
        let headers = csv::Reader::from_path(dir.path().join(format!("{source}.csv")))
            .unwrap()
            .headers()
            .unwrap()
            .clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), HEADER, "{source}");
        assert_eq!(data.len() as u64, n, "{source}");
        assert!(n > 1_000, "{source}: only {n} records");
        let t = truth(dir.path(), source);
        assert_eq!(t.len(), data.len(), "{source}: one truth row per record");
        assert!(data.iter().all(|r| t.contains_key(&r["rec_id"])));
    }
    let college = rows(&dir.path().join("college.csv"));
    assert!(college.iter().all(|r| r["rec_id"].starts_with('C')));
    // Its own profile: YYYYMMDD dates, ZIP+4 codes, residence-hall rooms.
    assert!(
        college
            .iter()
            .filter(|r| !r["dob"].is_empty())
            .all(|r| r["dob"].len() == 8 && r["dob"].bytes().all(|b| b.is_ascii_digit()))
    );
    assert!(college.iter().any(|r| r["zip"].len() == 10));
    assert!(college.iter().any(|r| {
        let line = r["street_address"].to_uppercase();
        HALLS.iter().any(|(hall, _)| line.starts_with(hall))
    }));
    // Middle names are present more often than in K-12 records.
    let share = |rs: &[HashMap<String, String>]| {
        rs.iter().filter(|r| !r["middle_name"].is_empty()).count() as f64 / rs.len() as f64
    };
    let k12 = rows(&dir.path().join("k12.csv"));
    assert!(share(&college) > share(&k12) + 0.05);
    // The truth joins the sources: most college students went to K-12 here,
    // some hold two college records, many reach the wage file.
    let (tk, tc, tw) = (
        truth(dir.path(), "k12"),
        truth(dir.path(), "college"),
        truth(dir.path(), "wage"),
    );
    let people = |t: &HashMap<String, String>| t.values().cloned().collect::<HashSet<_>>();
    let (pk, pc, pw) = (people(&tk), people(&tc), people(&tw));
    let from_k12 = pc.intersection(&pk).count() as f64 / pc.len() as f64;
    assert!(from_k12 > 0.75 && from_k12 < 0.95, "{from_k12}");
    assert!(pc.intersection(&pw).count() as f64 / pc.len() as f64 > 0.6);
    assert!(tc.len() as f64 > pc.len() as f64 * 1.05, "no transfers");
}

#[test]
fn the_college_file_links_to_k12_records() {
    let dir = tempfile::tempdir().unwrap();
    generate(2_000, dir.path(), 4).unwrap();
    let out = dir.path().join("links.csv");
    link_run(
        &RunArgs {
            left: dir.path().join("k12.csv"),
            right: dir.path().join("college.csv"),
            out: out.clone(),
            model: None,
            threshold: 0.5,
            one_to_one: false,
            exact_column: None,
        },
        &Silent,
    )
    .unwrap();
    let (tk, tc) = (truth(dir.path(), "k12"), truth(dir.path(), "college"));
    let links = rows(&out);
    let tp = links
        .iter()
        .filter(|r| tk[&r["left_id"]] == tc[&r["right_id"]])
        .count();
    let mut per_person: HashMap<&String, (usize, usize)> = HashMap::new();
    for p in tk.values() {
        per_person.entry(p).or_default().0 += 1;
    }
    for p in tc.values() {
        per_person.entry(p).or_default().1 += 1;
    }
    let true_pairs: usize = per_person.values().map(|(a, b)| a * b).sum();
    let (precision, recall) = (
        tp as f64 / links.len() as f64,
        tp as f64 / true_pairs as f64,
    );
    assert!(precision > 0.95 && recall > 0.9, "{precision} {recall}");
}
