//! The file contract through its public surface: fixture files in, exact
//! output (or every problem, and no output) out.

// Helpers outside #[test] functions panic on bad fixtures, as tests do.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use pathways_matching::contract::{ContractError, run_files};

fn fixture(set: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
        .join(file)
}

fn run_set(
    set: &str,
    out: &Path,
    seed: u64,
) -> Result<pathways_matching::contract::RunSummary, ContractError> {
    run_files(
        &fixture(set, "placements.csv"),
        &fixture(set, "preferences.csv"),
        &fixture(set, "priorities.csv"),
        out,
        seed,
    )
}

/// (file name, line, field) of each problem.
fn located(err: &ContractError) -> Vec<(String, u64, String)> {
    err.problems()
        .iter()
        .map(|p| {
            let name = p
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, p.line, p.field.clone())
        })
        .collect()
}

#[test]
fn good_input_gives_the_expected_matching() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("matching.csv");
    for seed in [0, 1, 99] {
        let summary = run_set("good", &out, seed).unwrap();
        let expected = fs::read_to_string(fixture("good", "expected.csv")).unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), expected);
        assert_eq!(
            (summary.students, summary.placements, summary.seats),
            (5, 4, 4)
        );
        assert_eq!(
            (summary.matched, summary.unmatched, summary.first_choice),
            (3, 2, 2)
        );
        assert_eq!(summary.choices, 10);
        assert!(summary.stable);
        assert_eq!(summary.blocking_pairs, 0);
        assert_eq!(summary.seed, seed);
    }
    // Only the output is left behind: the temporary file was renamed.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn summary_serializes_for_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let summary = run_set("good", &dir.path().join("m.csv"), 0).unwrap();
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["matched"], 3);
    assert_eq!(json["stable"], true);
    assert!(json["timings"]["parse_s"].is_number());
}

#[test]
fn bad_input_lists_every_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("matching.csv");
    let err = run_set("bad", &out, 0).unwrap_err();
    let p = |file: &str, line, field: &str| (file.to_owned(), line, field.to_owned());
    assert_eq!(
        located(&err),
        vec![
            p("placements.csv", 3, "capacity"),
            p("placements.csv", 4, "placement_id"),
            p("placements.csv", 5, "capacity"),
            p("placements.csv", 6, "placement_id"),
            p("preferences.csv", 3, "rank"),
            p("preferences.csv", 4, "placement_id"),
            p("preferences.csv", 5, "rank"),
            p("preferences.csv", 7, "placement_id"),
            p("preferences.csv", 8, "rank"),
            p("preferences.csv", 9, "rank"),
            p("priorities.csv", 3, "student_id"),
            p("priorities.csv", 4, "placement_id"),
            p("priorities.csv", 5, "rank"),
            p("priorities.csv", 6, "student_id"),
        ]
    );
    let messages: Vec<&str> = err.problems().iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages[0], "must not be negative");
    assert_eq!(messages[1], "duplicate placement (first on line 2)");
    assert_eq!(messages[2], "not a whole number");
    assert_eq!(messages[3], "empty id");
    assert_eq!(messages[4], "student uses rank 1 twice (first on line 2)");
    assert_eq!(messages[5], "unknown placement \"mars\"");
    assert_eq!(messages[6], "must be at least 1");
    assert_eq!(
        messages[7],
        "student ranks this placement more than once (first on line 6)"
    );
    assert_eq!(messages[9], "missing field");
    assert_eq!(
        messages[10],
        "unknown student (not in the preferences file) \"zed\""
    );
    assert_eq!(
        messages[13],
        "placement lists this student more than once (first on line 2)"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("14 problem(s) in the input; nothing was written:"),
        "{shown}"
    );
    assert!(
        shown.contains("placements.csv:3: capacity: must not be negative"),
        "{shown}"
    );
    assert!(!out.exists());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn missing_columns_are_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("matching.csv");
    let err = run_set("missing_column", &out, 0).unwrap_err();
    assert_eq!(
        located(&err),
        vec![
            ("placements.csv".to_owned(), 1, "capacity".to_owned()),
            ("preferences.csv".to_owned(), 1, "placement_id".to_owned()),
        ]
    );
    assert!(err.problems().iter().all(|p| p.message == "missing column"));
    assert!(!out.exists());
}

#[test]
fn failure_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("matching.csv");
    fs::write(&out, "previous round\n").unwrap();
    assert!(run_set("bad", &out, 0).is_err());
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous round\n");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let err = run_files(
        &dir.path().join("nope.csv"),
        &fixture("good", "preferences.csv"),
        &fixture("good", "priorities.csv"),
        &dir.path().join("m.csv"),
        0,
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Io { .. }));
    assert!(err.to_string().contains("nope.csv"));
}

/// Writes a round where one seat is contested by `n` students of equal
/// priority, with rows in the given order.
fn write_tie(dir: &Path, order: &[usize]) -> [PathBuf; 3] {
    let paths = [dir.join("p.csv"), dir.join("r.csv"), dir.join("q.csv")];
    fs::write(&paths[0], "placement_id,capacity\nseat,1\nother,10\n").unwrap();
    let mut prefs = String::from("student_id,placement_id,rank\n");
    let mut prios = String::from("placement_id,student_id,rank\n");
    for &i in order {
        prefs.push_str(&format!("s{i},seat,1\ns{i},other,2\n"));
        prios.push_str(&format!("seat,s{i},1\nother,s{i},1\n"));
    }
    fs::write(&paths[1], prefs).unwrap();
    fs::write(&paths[2], prios).unwrap();
    paths
}

fn winner(out: &Path) -> String {
    let text = fs::read_to_string(out).unwrap();
    let line = text.lines().find(|l| l.ends_with(",seat")).unwrap();
    line.split(',').next().unwrap().to_owned()
}

#[test]
fn the_lottery_depends_on_seed_and_ids_not_on_row_order() {
    let dir = tempfile::tempdir().unwrap();
    let forward: Vec<usize> = (0..20).collect();
    let backward: Vec<usize> = (0..20).rev().collect();
    let mut winners = Vec::new();
    for seed in 0..6 {
        let [p, r, q] = write_tie(dir.path(), &forward);
        let out_a = dir.path().join("a.csv");
        run_files(&p, &r, &q, &out_a, seed).unwrap();
        let [p, r, q] = write_tie(dir.path(), &backward);
        let out_b = dir.path().join("b.csv");
        run_files(&p, &r, &q, &out_b, seed).unwrap();
        assert_eq!(winner(&out_a), winner(&out_b), "seed {seed}");
        winners.push(winner(&out_a));
    }
    winners.dedup();
    assert!(
        winners.len() > 1,
        "different seeds should not all pick the same winner"
    );
}

#[test]
fn quoted_fields_and_extra_columns_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("p.csv"),
        "note,placement_id,capacity\nx,\"Smith, Jones LLP\",1\n",
    )
    .unwrap();
    fs::write(
        d.join("r.csv"),
        "student_id,placement_id,rank\n\"o'neil\",\"Smith, Jones LLP\", 1 \n",
    )
    .unwrap();
    fs::write(
        d.join("q.csv"),
        "placement_id,student_id,rank\n\"Smith, Jones LLP\",o'neil,1\n",
    )
    .unwrap();
    let out = d.join("m.csv");
    let summary = run_files(
        &d.join("p.csv"),
        &d.join("r.csv"),
        &d.join("q.csv"),
        &out,
        0,
    )
    .unwrap();
    assert_eq!(summary.matched, 1);
    assert_eq!(
        fs::read_to_string(out).unwrap(),
        "student_id,placement_id\no'neil,\"Smith, Jones LLP\"\n"
    );
}

#[test]
fn ids_that_need_quotes_are_written_as_the_csv_crate_writes_them() {
    // Students whose ids hold each byte that forces quotes, one placement
    // that needs quotes and one that does not, and one student unmatched.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let placements = ["say \"hi\"", "plain"];
    let students = ["a,b", "c\"d", "e\nf", "g\rh", "plain-1", "plain-2", "late"];
    let quoted = |id: &str| format!("\"{}\"", id.replace('"', "\"\""));
    let mut p = String::from("placement_id,capacity\n");
    let mut r = String::from("student_id,placement_id,rank\n");
    let mut q = String::from("placement_id,student_id,rank\n");
    for (k, placement) in placements.iter().enumerate() {
        p.push_str(&format!("{},3\n", quoted(placement)));
        for (i, student) in students.iter().enumerate().filter(|(i, _)| i % 2 == k) {
            r.push_str(&format!("{},{},1\n", quoted(student), quoted(placement)));
            q.push_str(&format!(
                "{},{},{}\n",
                quoted(placement),
                quoted(student),
                i + 1
            ));
        }
    }
    fs::write(d.join("p.csv"), p).unwrap();
    fs::write(d.join("r.csv"), r).unwrap();
    fs::write(d.join("q.csv"), q).unwrap();
    let out = d.join("m.csv");
    let summary = run_files(
        &d.join("p.csv"),
        &d.join("r.csv"),
        &d.join("q.csv"),
        &out,
        0,
    )
    .unwrap();
    assert_eq!(summary.matched, 6);
    let mut want = csv::Writer::from_writer(Vec::new());
    want.write_record(["student_id", "placement_id"]).unwrap();
    // Students in the order the preferences file first names them; "late"
    // comes last at a full placement.
    for (k, placement) in placements.iter().enumerate() {
        for (_, student) in students.iter().enumerate().filter(|(i, _)| i % 2 == k) {
            let placement = if *student == "late" { "" } else { placement };
            want.write_record([*student, placement]).unwrap();
        }
    }
    assert_eq!(fs::read(&out).unwrap(), want.into_inner().unwrap());
}

#[test]
fn large_priority_files_resolve_every_row() {
    // More priority rows per bucket of the id table than the reader holds
    // before resolving, so lookups resolve in several flushes; then one
    // unknown student near the end.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (students, placements) = (2_000, 12);
    let mut caps = String::from("placement_id,capacity\n");
    let mut prefs = String::from("student_id,placement_id,rank\n");
    let mut prios = String::from("placement_id,student_id,rank\n");
    for p in 0..placements {
        caps.push_str(&format!("p{p},100\n"));
        for i in 0..students {
            prios.push_str(&format!("p{p},s{i},{}\n", 1 + (i + p) % 4));
        }
    }
    for i in 0..students {
        for k in 0..placements {
            prefs.push_str(&format!("s{i},p{},{}\n", (i + k) % placements, k + 1));
        }
    }
    fs::write(d.join("p.csv"), caps).unwrap();
    fs::write(d.join("r.csv"), &prefs).unwrap();
    fs::write(d.join("q.csv"), &prios).unwrap();
    let out = d.join("m.csv");
    let summary = run_files(
        &d.join("p.csv"),
        &d.join("r.csv"),
        &d.join("q.csv"),
        &out,
        3,
    )
    .unwrap();
    assert_eq!((summary.students, summary.matched), (students, 1_200));
    assert_eq!(summary.choices, students * placements);
    assert!(summary.stable);

    prios.push_str("p3,s999999,1\n");
    fs::write(d.join("q.csv"), &prios).unwrap();
    let err = run_files(
        &d.join("p.csv"),
        &d.join("r.csv"),
        &d.join("q.csv"),
        &out,
        3,
    )
    .unwrap_err();
    let line = (students * placements) as u64 + 2;
    assert_eq!(
        located(&err),
        vec![("q.csv".to_owned(), line, "student_id".to_owned())]
    );
}

/// Writes a three-file round whose preferences file is `prefs`.
fn write_round(d: &Path, prefs: &str) -> [PathBuf; 3] {
    let paths = [d.join("p.csv"), d.join("r.csv"), d.join("q.csv")];
    fs::write(
        &paths[0],
        "\u{feff}placement_id,capacity\r\nlab,1\r\nshop,1\r\n",
    )
    .unwrap();
    fs::write(&paths[1], prefs).unwrap();
    fs::write(
        &paths[2],
        "placement_id,student_id,rank\r\nlab,ana,1\r\nshop,ben,1\r\nlab,ben,2",
    )
    .unwrap();
    paths
}

#[test]
fn crlf_bom_and_quoted_lines_are_located_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A byte order mark, CRLF line ends, a blank line and no final newline.
    let [p, r, q] = write_round(
        d,
        "student_id,placement_id,rank\r\nana,lab,1\r\n\r\nben,shop,1\r\nben,lab,2",
    );
    let out = d.join("m.csv");
    let summary = run_files(&p, &r, &q, &out, 0).unwrap();
    assert_eq!(summary.matched, 2);
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "student_id,placement_id\nana,lab\nben,shop\n"
    );

    // Problems after CRLF lines, a blank line and a quoted field spanning
    // two lines are reported on the lines they are on.
    let [p, r, q] = write_round(
        d,
        "student_id,placement_id,rank\r\nana,lab,0\r\n\r\nben,\"sh\nop\",1\r\nben,mars,2\r\n",
    );
    let err = run_files(&p, &r, &q, &out, 0).unwrap_err();
    let p = |line, field: &str| ("r.csv".to_owned(), line, field.to_owned());
    assert_eq!(
        located(&err),
        vec![p(2, "rank"), p(4, "placement_id"), p(6, "placement_id")]
    );
    assert_eq!(err.problems()[1].message, "unknown placement \"sh\\nop\"");
    // The earlier good output is untouched.
    assert!(fs::read_to_string(&out).unwrap().starts_with("student_id,"));
}
