//! Metrics over the hand-made fixture, with every expected value derived by
//! hand from tests/fixtures/small (see its README).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use pathways_analytics::{Cell, Definitions, Engine, load, spec};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

async fn engine(out: &Path) -> Engine {
    let files = load::source_files(&fixture("small")).unwrap();
    load::validate_and_convert(&files, out).unwrap();
    Engine::local(out, &Definitions::default()).await.unwrap()
}

fn find<'a>(cells: &'a [Cell], by: &str, value: &str) -> Option<&'a Cell> {
    cells
        .iter()
        .find(|c| c.group_by == by && c.group_value == value)
}

fn counts(cells: &[Cell], by: &str, value: &str) -> (u64, u64) {
    let c = find(cells, by, value).unwrap_or_else(|| panic!("no cell {by}={value} in {cells:#?}"));
    (c.numerator, c.denominator)
}

async fn run(e: &Engine, id: &str, by: &[&str]) -> Vec<Cell> {
    let specs = spec::load(None).unwrap();
    let s = specs.iter().find(|s| s.id == id).unwrap();
    e.run(s, by).await.unwrap()
}

#[tokio::test]
async fn perkins_secondary_indicators_match_hand_counts() {
    let dir = tempfile::tempdir().unwrap();
    let e = engine(dir.path()).await;
    // Concentrators s1 s2 s3 s6 s8 (cohort 2019); by 2023-08-31 only s1 and s2
    // hold a regular diploma (s3 graduated in 2024, s6's is alternate).
    let c = run(&e, "1S1", &["sex", "district"]).await;
    assert_eq!(counts(&c, "all", "all"), (2, 5));
    assert_eq!(counts(&c, "sex", "F"), (1, 2)); // s1 of s1, s3
    assert_eq!(counts(&c, "sex", "M"), (1, 3)); // s2 of s2, s6, s8
    assert_eq!(counts(&c, "district", "D1"), (2, 3));
    assert_eq!(counts(&c, "district", "D2"), (0, 2));
    // The five-year rate needs school year 2023, which the data do not reach.
    assert!(run(&e, "1S2", &[]).await.is_empty());
    // Non-traditional: s2 (M in P1, non-traditional for M) and s3 (F in P2).
    let c = run(&e, "4S1", &["district"]).await;
    assert_eq!(counts(&c, "all", "all"), (2, 5));
    assert_eq!(counts(&c, "district", "D1"), (2, 3));
    // Graduated concentrators s1 s2 s3: dual credit s1 s3; WBL at preparation s1;
    // credential by graduation s2 (s1's came after).
    assert_eq!(counts(&run(&e, "5S2", &[]).await, "all", "all"), (2, 3));
    assert_eq!(counts(&run(&e, "5S3", &[]).await, "all", "all"), (1, 3));
    assert_eq!(counts(&run(&e, "5S1", &[]).await, "all", "all"), (1, 3));
    // Q+2 after graduation: s1 employed 2023 Q4, s2 enrolled fall 2023, s3 no
    // wages in 2024 Q4 (only Q3).
    let c = run(&e, "3S1", &["year"]).await;
    assert_eq!(counts(&c, "all", "all"), (2, 3));
    assert_eq!(counts(&c, "year", "2023"), (2, 2));
    assert_eq!(counts(&c, "year", "2024"), (0, 1));
}

#[tokio::test]
async fn wioa_and_pathway_metrics_match_hand_counts() {
    let dir = tempfile::tempdir().unwrap();
    let e = engine(dir.path()).await;
    // Exiters w1 (Q1 2023), w2 (Q2 2023), w3 (Q4 2023).
    assert_eq!(
        counts(&run(&e, "wioa_employment_q2", &[]).await, "all", "all"),
        (2, 3)
    );
    assert_eq!(
        counts(&run(&e, "wioa_employment_q4", &[]).await, "all", "all"),
        (2, 3)
    );
    let m = run(&e, "wioa_median_earnings_q2", &["sex"]).await;
    let all = find(&m, "all", "all").unwrap();
    assert_eq!((all.denominator, all.rate), (2, Some(7500.0))); // w1 6000, w3 8000 + 1000
    // Participation: 8 of 10 high-school students; concentration 5 of 8.
    assert_eq!(
        counts(&run(&e, "pathway_participation", &[]).await, "all", "all"),
        (8, 10)
    );
    let c = run(
        &e,
        "pathway_concentration",
        &[
            "sex",
            "pathway",
            "race_ethnicity",
            "economically_disadvantaged",
        ],
    )
    .await;
    assert_eq!(counts(&c, "all", "all"), (5, 8));
    assert_eq!(counts(&c, "sex", "F"), (2, 4));
    assert_eq!(counts(&c, "sex", "M"), (3, 4));
    // s7's primary program is P1 (tie broken by id): P1 participants s1 s2 s5 s7, P2 s3 s4 s6 s8.
    assert_eq!(counts(&c, "pathway", "HEALTH"), (2, 4));
    assert_eq!(counts(&c, "pathway", "MFG"), (3, 4));
    assert_eq!(counts(&c, "economically_disadvantaged", "true"), (3, 3)); // s1 s3 s6
    // Every family partitions the cohort.
    for by in [
        "sex",
        "pathway",
        "race_ethnicity",
        "economically_disadvantaged",
    ] {
        let d: u64 = c
            .iter()
            .filter(|x| x.group_by == by)
            .map(|x| x.denominator)
            .sum();
        assert_eq!(d, 8, "{by}");
    }
    // One year after 2023 graduation: s1 employed (5200, in health: NAICS 622110
    // under the pathway's target 62), s2 not.
    assert_eq!(
        counts(&run(&e, "pathway_employment_1y", &[]).await, "all", "all"),
        (1, 2)
    );
    let m = run(&e, "pathway_median_earnings_1y", &[]).await;
    assert_eq!(find(&m, "all", "all").unwrap().rate, Some(5200.0));
    assert_eq!(
        counts(&run(&e, "pathway_target_industry", &[]).await, "all", "all"),
        (1, 1)
    );
    assert_eq!(
        counts(&run(&e, "pathway_transition", &[]).await, "all", "all"),
        (1, 2)
    );
    assert_eq!(counts(&run(&e, "3P1", &[]).await, "all", "all"), (1, 1));
}

#[tokio::test]
async fn a_region_spec_file_adds_a_metric_without_rebuilding() {
    let dir = tempfile::tempdir().unwrap();
    let e = engine(dir.path()).await;
    let region = tempfile::tempdir().unwrap();
    std::fs::write(
        region.path().join("wbl_any.toml"),
        r#"id = "region_wbl_any"
title = "Any work-based learning"
description = "Students with any WBL activity."
cohort = "All students."
numerator = "Any WBL record."
denominator = "All students."
timing = "year = 0"
citation = "Regional plan"
sql = """
SELECT s.person_key, 0 AS year, b.person_key IS NOT NULL AS numerator, TRUE AS denominator
FROM students s LEFT JOIN (SELECT DISTINCT person_key FROM wbl) b ON b.person_key = s.person_key
"""
"#,
    )
    .unwrap();
    let specs = spec::load(Some(region.path())).unwrap();
    let s = specs.iter().find(|s| s.id == "region_wbl_any").unwrap();
    let c = e.run(s, &["sex"]).await.unwrap();
    assert_eq!(counts(&c, "all", "all"), (2, 13));
    assert_eq!(counts(&c, "sex", "F"), (1, 7));
}

#[test]
fn every_bad_value_is_reported_by_file_line_and_column() {
    let out = tempfile::tempdir().unwrap();
    let files = load::source_files(&fixture("bad")).unwrap();
    let err = load::validate_and_convert(&files, out.path()).unwrap_err();
    let pathways_analytics::AnalyticsError::Invalid { problems, .. } = err else {
        panic!("expected Invalid");
    };
    let has = |file: &str, line: usize, col: &str| {
        problems
            .iter()
            .any(|p| p.file == file && p.line == line && p.column.as_deref() == Some(col))
    };
    assert!(has("students.csv", 3, "sex"), "{problems:#?}");
    assert!(has("students.csv", 4, "person_key"), "duplicate key");
    assert!(has("students.csv", 4, "disability"));
    assert!(has("students.csv", 5, "race_ethnicity"));
    assert!(has("cte_courses.csv", 3, "person_key"), "unknown person");
    assert!(has("cte_courses.csv", 4, "cip_code"));
    assert!(has("cte_courses.csv", 5, "school_year"));
    assert!(has("cte_courses.csv", 5, "credits"));
    assert!(
        has("cte_courses.csv", 6, "program_of_study_id"),
        "a control character"
    );
    assert!(
        has("graduation.csv", 1, "diploma_type"),
        "missing required column"
    );
    assert!(
        !problems
            .iter()
            .any(|p| p.file == "cte_courses.csv" && p.line == 2),
        "51.39 is a valid CIP spelling"
    );
}

/// Locally each cohort is counted into every group in one pass; on a cluster
/// the grouping is SQL. Both must give the same cells for every metric and
/// every grouping (the one-pass count replaced the SQL grouping locally).
#[tokio::test]
async fn one_pass_counting_gives_the_sql_grouping_cells() {
    let dir = tempfile::tempdir().unwrap();
    let local = engine(dir.path()).await;
    let in_sql = Engine::with_context(
        datafusion::prelude::SessionContext::new(),
        dir.path(),
        &Definitions::default(),
        false,
    )
    .await
    .unwrap();
    // A text field, a flag, ids with unknowns, and the metric's own year
    // (every grouping in SQL takes minutes in a debug build).
    let by = ["sex", "economically_disadvantaged", "program", "year"];
    let mut compared = 0;
    for s in spec::load(None).unwrap() {
        let a = local.run(&s, &by).await.unwrap();
        let b = in_sql.run(&s, &by).await.unwrap();
        assert_eq!(a, b, "metric {}", s.id);
        compared += a.len();
    }
    assert!(compared > 100, "only {compared} cells");
}

/// The dashboards name programs, pathways and districts from the load's
/// own reference tables.
#[tokio::test]
async fn reference_tables_name_the_groups() {
    let dir = tempfile::tempdir().unwrap();
    let _ = engine(dir.path()).await;
    let labels = pathways_analytics::labels::reference_labels(dir.path()).unwrap();
    let name = |by: &str, v: &str| {
        labels
            .iter()
            .find(|l| l.group_by == by && l.value == v)
            .map(|l| l.label.clone())
    };
    assert_eq!(name("program", "P2").as_deref(), Some("Welding"));
    assert_eq!(
        name("pathway", "HEALTH").as_deref(),
        Some("Health sciences")
    );
    assert_eq!(name("district", "D1").as_deref(), Some("North district"));
    assert_eq!(name("school", "D1"), None);
    // A load without the optional tables names nothing.
    let empty = tempfile::tempdir().unwrap();
    assert!(
        pathways_analytics::labels::reference_labels(empty.path())
            .unwrap()
            .is_empty()
    );
}

/// `primary_program` and `last_enrollment` pick "the first row" by the
/// smallest text key; they must pick what the plain window definition picks,
/// ties included (two programs with as many courses, two schools in the
/// latest year: the lowest id wins).
#[tokio::test]
async fn first_row_picks_match_the_window_definitions() {
    let src = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(fixture("small")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, src.path().join(f.file_name().unwrap())).unwrap();
    }
    let append = |file: &str, rows: &str| {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(src.path().join(file))
            .unwrap();
        f.write_all(rows.as_bytes()).unwrap();
    };
    // s4: three courses in P2 (one in the fixture) and in P10 (which sorts
    // first as text); s5: schools B and A in 2022.
    append(
        "cte_courses.csv",
        "s4,2021,X1,P2,51.3902,1,true,false,\ns4,2021,X2,P2,51.3902,1,true,false,\n\
         s4,2022,X3,P10,51.3902,1,true,false,F\ns4,2022,X4,P10,51.3902,1,true,false,F\n\
         s4,2022,X5,P10,51.3902,1,true,false,F\n",
    );
    append(
        "k12_enrollment.csv",
        "s5,2022,D2,B,12,2019\ns5,2022,D1,A,12,2019\n",
    );
    let out = tempfile::tempdir().unwrap();
    let files = load::source_files(src.path()).unwrap();
    load::validate_and_convert(&files, out.path()).unwrap();
    let e = Engine::local(out.path(), &Definitions::default())
        .await
        .unwrap();
    let rows = |sql: String| {
        let ctx = e.context().clone();
        async move {
            let batches = ctx.sql(&sql).await.unwrap().collect().await.unwrap();
            datafusion::arrow::util::pretty::pretty_format_batches(&batches)
                .unwrap()
                .to_string()
        }
    };
    // The view's rows, after checking them against the window definition
    // over `from` in `order`.
    let picked =
        |view: &'static str, cols: &'static str, from: &'static str, order: &'static str| {
            let rows = &rows;
            async move {
                let picked = rows(format!("SELECT {cols} FROM {view} ORDER BY person_key")).await;
                let window = rows(format!(
                    "SELECT {cols} FROM (SELECT {cols}, ROW_NUMBER() OVER (PARTITION BY person_key \
                 ORDER BY {order}) AS rn FROM {from}) w WHERE rn = 1 ORDER BY person_key"
                ))
                .await;
                assert_eq!(picked, window, "{view}");
                picked
            }
        };
    let programs = picked(
        "primary_program",
        "person_key, program_of_study_id, courses, nontraditional_for, first_year, last_year",
        "course_programs",
        "courses DESC, program_of_study_id",
    )
    .await;
    assert!(programs.contains("| s4         | P10"), "{programs}");
    let schools = picked(
        "last_enrollment",
        "person_key, school_id, district_id, cohort_year, school_year",
        "k12_enrollment",
        "school_year DESC, school_id",
    )
    .await;
    assert!(
        schools.contains("| s5         | A         | D1"),
        "{schools}"
    );
}
