//! The generator against the file contract: the schema matches
//! docs/participant-data.md, every generated CSV row passes the contract's
//! types, codes and keys, and the same seed gives the same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::Path;

use pathways_synth::{ColumnType, Format, Params, Region, Table, generate};

fn params(students: u64, seed: u64) -> Params {
    Params {
        students,
        seed,
        ..Params::default()
    }
}

/// (table, [(column, required)]) as the document lists them.
fn contract() -> Vec<(String, Vec<(String, bool)>)> {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/participant-data.md"),
    )
    .unwrap();
    let mut tables: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            let name = h.split_whitespace().next().unwrap().to_owned();
            tables.push((name, Vec::new()));
        } else if let Some(row) = line.strip_prefix("| ") {
            let cells: Vec<&str> = row.split(" | ").collect();
            if cells.len() < 2 || cells[0] == "column" || cells[0].starts_with("---") {
                continue;
            }
            let required = cells[1].contains("required");
            if let Some((_, cols)) = tables.last_mut() {
                for c in cells[0].split(", ") {
                    cols.push((c.trim().to_owned(), required));
                }
            }
        }
    }
    tables
}

#[test]
fn the_schema_is_the_documented_contract() {
    let doc = contract();
    for t in Table::ALL {
        let (_, cols) = doc
            .iter()
            .find(|(n, _)| n == t.name())
            .unwrap_or_else(|| panic!("{} is not in docs/participant-data.md", t.name()));
        let ours: Vec<(String, bool)> = t
            .columns()
            .iter()
            .map(|c| (c.name.to_owned(), c.required))
            .collect();
        for (name, required) in cols {
            let mine = ours.iter().find(|(n, _)| n == name);
            let Some((_, r)) = mine else {
                panic!("{}.{name} is in the contract but not generated", t.name());
            };
            assert_eq!(r, required, "{}.{name}: required differs", t.name());
        }
        for (name, _) in &ours {
            assert!(
                cols.iter().any(|(n, _)| n == name),
                "{}.{name} is generated but not in the contract",
                t.name()
            );
        }
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let region = Region::illustrative();
    for format in [Format::Csv, Format::Parquet] {
        let a = tmp.path().join(format!("a-{format:?}"));
        let b = tmp.path().join(format!("b-{format:?}"));
        let c = tmp.path().join(format!("c-{format:?}"));
        generate(&a, &params(1500, 7), &region, format, false, &mut |_| {}).unwrap();
        generate(&b, &params(1500, 7), &region, format, false, &mut |_| {}).unwrap();
        generate(&c, &params(1500, 8), &region, format, false, &mut |_| {}).unwrap();
        let (fa, fb, fc) = (files(&a), files(&b), files(&c));
        assert_eq!(fa.len(), Table::ALL.len());
        assert_eq!(fa, fb, "{format:?}: same seed, different files");
        let students = format!("students.{}", format.extension());
        let get =
            |f: &[(String, Vec<u8>)]| f.iter().find(|(n, _)| *n == students).unwrap().1.clone();
        assert_ne!(
            get(&fa),
            get(&fc),
            "{format:?}: a different seed gave the same students"
        );
    }
}

#[test]
fn an_occupied_directory_is_refused_and_nothing_is_left_half_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("data");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let e = generate(
        &out,
        &params(10, 1),
        &Region::illustrative(),
        Format::Csv,
        false,
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("not empty"), "{e}");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    let e = generate(
        &out,
        &params(0, 1),
        &Region::illustrative(),
        Format::Csv,
        false,
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("--students"), "{e}");
    // No partial directories remain beside the output.
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

/// Reads a generated CSV as header + rows.
pub fn read_csv(dir: &Path, t: Table) -> (Vec<String>, Vec<Vec<String>>) {
    let path = dir.join(format!("{}.csv", t.name()));
    let mut r = csv::Reader::from_path(&path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s[..4].parse::<u32>().is_ok()
        && s[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn allowed(table: &str, column: &str) -> Option<&'static [&'static str]> {
    Some(match (table, column) {
        (_, "sex") => &["F", "M", "X"],
        (_, "nontraditional_for") => &["F", "M"],
        (_, "race_ethnicity") => &[
            "american_indian_alaska_native",
            "asian",
            "black",
            "hispanic",
            "native_hawaiian_pacific_islander",
            "white",
            "two_or_more",
        ],
        (_, "diploma_type") => &["standard", "advanced", "alternate", "ged"],
        (_, "credential_type") => &[
            "industry_certification",
            "license",
            "certificate",
            "associate",
            "bachelor",
            "apprenticeship",
        ],
        (_, "stage") => &[
            "career_awareness",
            "career_exploration",
            "career_preparation",
            "career_training",
        ],
        (_, "term") => &["fall", "spring", "summer"],
        ("postsecondary_enrollment", "level") => &[
            "certificate",
            "associate",
            "bachelor",
            "graduate",
            "noncredit",
        ],
        (_, "award_level") => &["certificate", "associate", "bachelor", "graduate"],
        (_, "program") => &[
            "wioa_adult",
            "wioa_dislocated_worker",
            "wioa_youth",
            "wagner_peyser",
            "other",
        ],
        _ => return None,
    })
}

/// Checks one cell against the contract; returns the problem, if any.
fn check_cell(t: Table, col: &pathways_synth::Column, v: &str) -> Option<String> {
    if v.is_empty() {
        return col.required.then(|| "required but empty".to_owned());
    }
    let ok = match col.ty {
        ColumnType::String => true,
        ColumnType::Int => v.parse::<i32>().is_ok(),
        ColumnType::Decimal => {
            v.parse::<f64>().is_ok_and(f64::is_finite) && !v.contains(['e', 'E', ','])
        }
        ColumnType::Bool => matches!(v, "true" | "false"),
        ColumnType::Date => is_date(v),
    };
    if !ok {
        return Some(format!("{v:?} is not a {:?}", col.ty));
    }
    if let Some(list) = allowed(t.name(), col.name)
        && !list.contains(&v)
    {
        return Some(format!("{v:?} is not one of {list:?}"));
    }
    let code_ok = match col.name {
        "cip_code" => pathways_synth::region::is_cip(v),
        "naics_code" => pathways_synth::region::is_naics(v),
        "grade" => v.parse::<i32>().is_ok_and(|g| (6..=12).contains(&g)),
        "quarter" => v.parse::<i32>().is_ok_and(|q| (1..=4).contains(&q)),
        "wages" | "hours" | "credits" | "credits_earned" => {
            v.parse::<f64>().is_ok_and(|x| x >= 0.0)
        }
        _ => true,
    };
    (!code_ok).then(|| format!("{v:?} is out of range"))
}

/// Validates every file of a generated CSV folder; returns the problems found.
pub fn validate(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let (_, students) = read_csv(dir, Table::Students);
    let keys: HashSet<&str> = students.iter().map(|r| r[0].as_str()).collect();
    if keys.len() != students.len() {
        problems.push("students.person_key is not unique".into());
    }
    let (_, pos) = read_csv(dir, Table::ProgramsOfStudy);
    let pos_ids: HashSet<&str> = pos.iter().map(|r| r[0].as_str()).collect();
    for t in Table::ALL {
        let (header, rows) = read_csv(dir, t);
        let names: Vec<&str> = t.columns().iter().map(|c| c.name).collect();
        if header != names {
            problems.push(format!("{}: header {header:?}", t.name()));
            continue;
        }
        for (line, row) in rows.iter().enumerate() {
            for (c, v) in t.columns().iter().zip(row) {
                if let Some(p) = check_cell(t, c, v) {
                    problems.push(format!(
                        "{}.csv line {} column {}: {p}",
                        t.name(),
                        line + 2,
                        c.name
                    ));
                }
            }
            if !matches!(
                t,
                Table::Students | Table::ProgramsOfStudy | Table::Districts
            ) && !keys.contains(row[0].as_str())
            {
                problems.push(format!(
                    "{}.csv line {}: unknown person_key {}",
                    t.name(),
                    line + 2,
                    row[0]
                ));
            }
            if t == Table::CteCourses && !pos_ids.contains(row[3].as_str()) {
                problems.push(format!(
                    "cte_courses.csv line {}: unknown program {}",
                    line + 2,
                    row[3]
                ));
            }
            if t == Table::WorkforceParticipation && !row[3].is_empty() && row[3] < row[2] {
                problems.push(format!(
                    "workforce_participation.csv line {}: exit before entry",
                    line + 2
                ));
            }
            if problems.len() > 20 {
                return problems;
            }
        }
    }
    problems
}

#[test]
fn every_generated_row_passes_the_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let summary = generate(
        &out,
        &params(3000, 11),
        &Region::illustrative(),
        Format::Csv,
        false,
        &mut |_| {},
    )
    .unwrap();
    for t in Table::ALL {
        assert!(summary.rows_of(t) > 0, "{} is empty", t.name());
    }
    let problems = validate(&out);
    assert!(problems.is_empty(), "{problems:#?}");
}
