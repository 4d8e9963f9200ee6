//! Benchmark driver calling the library's command contract directly (the
//! `pathways` CLI wraps the same functions).
//!
//! `link_files run LEFT RIGHT OUT [THRESHOLD] [--one-to-one]`
//! `link_files dedupe INPUT OUT [THRESHOLD]`
//! `link_files train LEFT RIGHT MODEL`
//! `link_files encode SCHEMA SECRET IN OUT`
//! `link_files match-clks LEFT RIGHT OUT [THRESHOLD]`
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    missing_docs
)]

use pathways_linkage::commands::*;
use pathways_linkage::progress::Progress;

struct Notes(std::time::Instant);
impl Progress for Notes {
    fn stage(&self, name: &str, _total: Option<u64>) {
        eprintln!(
            "[{:.3}s cpu {}] {name}",
            self.0.elapsed().as_secs_f64(),
            cpu_seconds()
        );
    }
    fn note(&self, key: &str, value: u64) {
        eprintln!(
            "[{:.3}s cpu {}] {key}={value}",
            self.0.elapsed().as_secs_f64(),
            cpu_seconds()
        );
    }
}

/// Process CPU time so far (user + system, all threads), from
/// `/proc/self/stat` in clock ticks of 1/100 s; "?" where unavailable. On a
/// shared machine the wall time of a phase depends on the load, its CPU time
/// much less.
fn cpu_seconds() -> String {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the parenthesised command name; utime and stime
            // are fields 14 and 15 of the whole line.
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split(' ').collect();
            let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
            Some(format!("{:.2}s", ticks as f64 / 100.0))
        })
        .unwrap_or_else(|| "?".into())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    let p = |i: usize| std::path::PathBuf::from(&a[i]);
    let t = std::time::Instant::now();
    match a[1].as_str() {
        "run" => {
            let s = link_run(
                &RunArgs {
                    left: p(2),
                    right: p(3),
                    out: p(4),
                    model: std::env::var("LINK_MODEL").ok().map(Into::into),
                    threshold: a.get(5).and_then(|x| x.parse().ok()).unwrap_or(0.5),
                    one_to_one: a.iter().any(|x| x == "--one-to-one"),
                    exact_column: None,
                },
                &Notes(t),
            )?;
            eprintln!("{}", serde_json::to_string(&s)?);
        }
        "read" => {
            let d = read_dataset(&p(2), None)?;
            eprintln!("records={}", d.len());
        }
        "dedupe" => {
            let s = link_dedupe(
                &DedupeArgs {
                    input: p(2),
                    out: p(3),
                    model: None,
                    threshold: a.get(4).and_then(|x| x.parse().ok()).unwrap_or(0.5),
                    exact_column: None,
                },
                &Notes(t),
            )?;
            eprintln!("{}", serde_json::to_string(&s)?);
        }
        "train" => {
            let m = link_train(
                &TrainArgs {
                    left: p(2),
                    right: Some(p(3)),
                    out: p(4),
                },
                &Notes(t),
            )?;
            eprintln!("lambda={}", m.lambda);
        }
        "encode" => {
            let n = link_encode(
                &EncodeArgs {
                    schema: p(2),
                    secret: a[3].clone(),
                    input: p(4),
                    output: p(5),
                },
                &Notes(t),
            )?;
            eprintln!("encoded={n}");
        }
        "match-clks" => {
            let n = link_match_clks(
                &MatchClksArgs {
                    left: p(2),
                    right: p(3),
                    out: p(4),
                    threshold: a.get(5).and_then(|x| x.parse().ok()).unwrap_or(0.8),
                    exhaustive: a.iter().any(|x| x == "--exhaustive"),
                },
                &Notes(t),
            )?;
            eprintln!("links={n}");
        }
        other => return Err(format!("unknown command {other}").into()),
    }
    eprintln!("elapsed_s={:.3}", t.elapsed().as_secs_f64());
    Ok(())
}
