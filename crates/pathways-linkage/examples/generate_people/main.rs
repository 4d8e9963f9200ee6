//! Seeded generator of realistic K-12, college and wage-record person files
//! with known truth, for the linkage benchmark (`bench/linkage/`).
//!
//! Usage: `generate_people PERSONS OUT_DIR [SEED]` writes `k12.csv`,
//! `college.csv`, `wage.csv` and `k12_truth.csv`, `college_truth.csv`,
//! `wage_truth.csv` (rec_id → person_id), and prints the record counts.
//!
//! Errors injected follow those reported for administrative records
//! (Winkler 1995; Christen & Pudjijono 2009, "Accurate synthetic generation
//! of realistic personal information"): keyboard typos (insert, delete,
//! substitute, transpose), nicknames, married-name changes and
//! hyphenation, day/month swaps, years off by one, missing DOB and sex,
//! moves, abbreviations, upper case, and duplicates within a source. Each
//! source has its own profile (`observe` for K-12 and wage, `college`).
#![allow(clippy::print_stdout, missing_docs)]

mod college;
mod observe;
mod population;
mod sources;
#[cfg(test)]
mod tests;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let persons: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = std::path::PathBuf::from(args.get(2).cloned().unwrap_or_else(|| ".".into()));
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let counts = sources::generate(persons, &out, seed)?;
    let shown: Vec<String> = sources::SOURCES
        .iter()
        .zip(counts)
        .map(|(s, n)| format!("{s}={n}"))
        .collect();
    println!("{}", shown.join(" "));
    Ok(())
}
