//! Times a load and the metric suite:
//! `bench RAW_DIR LOADED_DIR [--skip-load] [--cold] [--out CELLS.csv]`.
//! Prints one `name seconds` line per step (bench/metrics/run.sh reads them).
//! `--cold` first times one metric by one subgroup in a fresh session (the
//! views it needs computed on the way); `--out` writes every cell, for
//! bench/metrics/compare.py to check one engine's results against another's.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use pathways_analytics::{Definitions, Engine, group_fields, load, spec};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let raw = PathBuf::from(&args[1]);
    let loaded = PathBuf::from(&args[2]);
    if !args.iter().any(|a| a == "--skip-load") {
        let t = Instant::now();
        let files = load::source_files(&raw).unwrap();
        let _ = std::fs::remove_dir_all(&loaded);
        let summary = load::validate_and_convert(&files, &loaded).unwrap();
        load::write_marker(&loaded, "bench", &summary).unwrap();
        println!("load_validate_convert {:.2}", t.elapsed().as_secs_f64());
        for (t, n) in &summary.rows {
            println!("rows_{t} {n}");
        }
    }
    let specs = spec::load(None).unwrap();
    let one = specs.iter().find(|s| s.id == "1S1").unwrap();
    if args.iter().any(|a| a == "--cold") {
        let t = Instant::now();
        let engine = Engine::local(&loaded, &Definitions::default())
            .await
            .unwrap();
        engine.run(one, &["sex"]).await.unwrap();
        println!(
            "one_metric_one_subgroup_cold {:.3}",
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let engine = Engine::local(&loaded, &Definitions::default())
        .await
        .unwrap();
    println!("session_views {:.2}", t.elapsed().as_secs_f64());
    let by = group_fields();
    let mut all = Vec::new();
    let t = Instant::now();
    let mut cells = 0;
    for s in &specs {
        let m = Instant::now();
        let c = engine.run(s, &by).await.unwrap();
        cells += c.len();
        all.extend(c);
        println!("metric_{} {:.2}", s.id, m.elapsed().as_secs_f64());
    }
    println!("suite_full_disaggregation {:.2}", t.elapsed().as_secs_f64());
    println!("suite_cells {cells}");
    let t = Instant::now();
    let c = engine.run(one, &["sex"]).await.unwrap();
    println!("one_metric_one_subgroup {:.3}", t.elapsed().as_secs_f64());
    println!("one_metric_cells {}", c.len());

    if let Some(i) = args.iter().position(|a| a == "--out") {
        let mut w = csv::Writer::from_path(&args[i + 1]).unwrap();
        w.write_record([
            "metric_id",
            "group_by",
            "group_value",
            "numerator",
            "denominator",
            "rate",
        ])
        .unwrap();
        for c in &all {
            w.write_record([
                c.metric_id.clone(),
                c.group_by.clone(),
                c.group_value.clone(),
                c.numerator.to_string(),
                c.denominator.to_string(),
                c.rate.map(|r| r.to_string()).unwrap_or_default(),
            ])
            .unwrap();
        }
        w.flush().unwrap();
    }
}
