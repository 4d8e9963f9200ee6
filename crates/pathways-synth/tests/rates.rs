//! On a 20,000-student region the generated rates fall in plausible bands,
//! and the subgroup differences are there but modest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::neg_cmp_op_on_partial_ord
)]

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pathways_synth::{Format, Params, Region, Table, generate};

fn read(dir: &Path, t: Table) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join(format!("{}.csv", t.name()))).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|x| {
            header
                .iter()
                .cloned()
                .zip(x.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Records a failed expectation (printing every figure either way), so one run shows them all.
macro_rules! check {
    ($failures:ident, $cond:expr, $($msg:tt)*) => {{
        let msg = format!($($msg)*);
        eprintln!("{} {msg}", if $cond { "ok  " } else { "FAIL" });
        if !$cond {
            $failures.push(msg);
        }
    }};
}

fn rate(num: usize, den: usize) -> f64 {
    num as f64 / den.max(1) as f64
}

#[test]
fn rates_are_plausible_on_twenty_thousand_students() {
    let mut failures: Vec<String> = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let params = Params {
        students: 20_000,
        ..Params::default()
    };
    generate(
        &dir,
        &params,
        &Region::illustrative(),
        Format::Csv,
        false,
        &mut |_| {},
    )
    .unwrap();
    let students = read(&dir, Table::Students);
    let k12 = read(&dir, Table::K12Enrollment);
    let courses = read(&dir, Table::CteCourses);
    let grads = read(&dir, Table::Graduation);
    let ps = read(&dir, Table::PostsecondaryEnrollment);
    let wages = read(&dir, Table::Wages);
    let pos = read(&dir, Table::ProgramsOfStudy);
    let last = params.last_school_year();

    let econ: HashSet<&str> = students
        .iter()
        .filter(|s| s["economically_disadvantaged"] == "true")
        .map(|s| s["person_key"].as_str())
        .collect();
    let female: HashSet<&str> = students
        .iter()
        .filter(|s| s["sex"] == "F")
        .map(|s| s["person_key"].as_str())
        .collect();

    // Four-year graduation rate of the cohorts whose four years are all in the window.
    let cohort: HashMap<&str, i32> = k12
        .iter()
        .map(|r| (r["person_key"].as_str(), r["cohort_year"].parse().unwrap()))
        .collect();
    let complete = |c: i32| c >= params.start_year && c + 3 <= last;
    let members: Vec<&str> = cohort
        .iter()
        .filter(|(_, c)| complete(**c))
        .map(|(k, _)| *k)
        .collect();
    let on_time: HashSet<&str> = grads
        .iter()
        .filter(|g| g["diploma_type"] != "ged")
        .filter(|g| {
            let c: i32 = g["cohort_year"].parse().unwrap();
            g["graduation_date"][..4].parse::<i32>().unwrap() == c + 4
        })
        .map(|g| g["person_key"].as_str())
        .collect();
    let grad_rate = |filter: &dyn Fn(&str) -> bool| {
        let den: Vec<&&str> = members.iter().filter(|k| filter(k)).collect();
        rate(
            den.iter().filter(|k| on_time.contains(**k)).count(),
            den.len(),
        )
    };
    let all = grad_rate(&|_| true);
    check!(
        failures,
        (0.8..=0.95).contains(&all),
        "4-year graduation rate {all}"
    );
    let (e, ne) = (
        grad_rate(&|k| econ.contains(k)),
        grad_rate(&|k| !econ.contains(k)),
    );
    check!(
        failures,
        e < ne && ne - e < 0.12,
        "econ. disadvantaged {e} vs others {ne}"
    );

    // CTE participation among high-school students; concentrators among graduates.
    let hs: HashSet<&str> = k12
        .iter()
        .filter(|r| r["grade"].parse::<i32>().unwrap() >= 9)
        .map(|r| r["person_key"].as_str())
        .collect();
    let mut done: HashMap<(&str, &str), u32> = HashMap::new();
    for c in courses.iter().filter(|c| c["completed"] == "true") {
        *done
            .entry((c["person_key"].as_str(), c["program_of_study_id"].as_str()))
            .or_default() += 1;
    }
    let participants: HashSet<&str> = done.keys().map(|(k, _)| *k).collect();
    let participation = rate(
        hs.iter().filter(|k| participants.contains(**k)).count(),
        hs.len(),
    );
    check!(
        failures,
        (0.45..=0.70).contains(&participation),
        "CTE participation {participation}"
    );
    let concentrators: HashSet<&str> = done
        .iter()
        .filter(|(_, n)| **n >= 2)
        .map(|((k, _), _)| *k)
        .collect();
    let graduates: HashSet<&str> = grads.iter().map(|g| g["person_key"].as_str()).collect();
    let conc = rate(
        graduates
            .iter()
            .filter(|k| concentrators.contains(**k))
            .count(),
        graduates.len(),
    );
    check!(
        failures,
        (0.2..=0.4).contains(&conc),
        "concentrators among graduates {conc}"
    );
    check!(
        failures,
        courses.iter().any(|c| c["dual_credit"] == "true"),
        "no dual credit"
    );

    // Non-traditional fields draw mostly the other sex.
    let nontrad_f: Vec<&HashMap<String, String>> = courses
        .iter()
        .filter(|c| c["nontraditional_for"] == "F")
        .collect();
    let share_f = rate(
        nontrad_f
            .iter()
            .filter(|c| female.contains(c["person_key"].as_str()))
            .count(),
        nontrad_f.len(),
    );
    check!(
        failures,
        (0.1..=0.35).contains(&share_f),
        "girls in fields non-traditional for girls {share_f}"
    );

    // Postsecondary enrollment within a year of graduating (graduates observed for a year).
    let enrolled: HashMap<&str, i32> = ps.iter().fold(HashMap::new(), |mut m, r| {
        let y: i32 = r["year"].parse().unwrap();
        let e = m.entry(r["person_key"].as_str()).or_insert(y);
        *e = (*e).min(y);
        m
    });
    let observed: Vec<(&str, i32)> = grads
        .iter()
        .filter(|g| g["diploma_type"] != "ged")
        .map(|g| {
            (
                g["person_key"].as_str(),
                g["graduation_date"][..4].parse().unwrap(),
            )
        })
        .filter(|(_, y)| *y < params.last_observed_year())
        .collect();
    let transition = rate(
        observed
            .iter()
            .filter(|(k, y)| enrolled.get(k).is_some_and(|e| *e <= *y))
            .count(),
        observed.len(),
    );
    check!(
        failures,
        (0.5..=0.7).contains(&transition),
        "enrolled within a year {transition}"
    );

    // Concentrators work in their pathway's target industries more often than others.
    let target: HashMap<&str, Vec<&str>> = pos
        .iter()
        .map(|p| {
            (
                p["program_of_study_id"].as_str(),
                p["target_naics"].split(';').collect(),
            )
        })
        .collect();
    let their: HashMap<&str, &str> = done.keys().map(|(k, p)| (*k, *p)).collect();
    let in_target = |w: &HashMap<String, String>| {
        their
            .get(w["person_key"].as_str())
            .is_some_and(|p| target[p].iter().any(|t| w["naics_code"].starts_with(t)))
    };
    let adult: Vec<&HashMap<String, String>> = wages
        .iter()
        .filter(|w| graduates.contains(w["person_key"].as_str()))
        .collect();
    let (c_rows, o_rows): (Vec<&HashMap<String, String>>, Vec<_>) = adult
        .iter()
        .copied()
        .partition(|w| concentrators.contains(w["person_key"].as_str()));
    let c_share = rate(c_rows.iter().filter(|w| in_target(w)).count(), c_rows.len());
    let o_share = rate(o_rows.iter().filter(|w| in_target(w)).count(), o_rows.len());
    check!(
        failures,
        c_share > o_share + 0.05,
        "target-industry share: concentrators {c_share}, others {o_share}"
    );
    // Earnings grow with time out of school.
    let median = |year: i32| {
        let mut v: Vec<f64> = adult
            .iter()
            .filter(|w| w["year"].parse::<i32>().unwrap() == year)
            .map(|w| w["wages"].parse().unwrap())
            .collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (early, late) = (
        median(params.start_year + 2),
        median(params.last_observed_year()),
    );
    check!(
        failures,
        late > early * 1.1,
        "median quarterly wages {early} → {late}"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
