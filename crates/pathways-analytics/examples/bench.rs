//! Times a load and the metric suite: `bench RAW_DIR LOADED_DIR [--skip-load]`.
//! Prints one `name seconds` line per step (bench/metrics/run.sh reads them).
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
    let t = Instant::now();
    let engine = Engine::local(&loaded, &Definitions::default()).await.unwrap();
    println!("session_views {:.2}", t.elapsed().as_secs_f64());
    let specs = spec::load(None).unwrap();
    let by = group_fields();
    let t = Instant::now();
    let mut cells = 0;
    for s in &specs {
        let m = Instant::now();
        let c = engine.run(s, &by).await.unwrap();
        cells += c.len();
        println!("metric_{} {:.2}", s.id, m.elapsed().as_secs_f64());
    }
    println!("suite_full_disaggregation {:.2}", t.elapsed().as_secs_f64());
    println!("suite_cells {cells}");
    let one = specs.iter().find(|s| s.id == "1S1").unwrap();
    let t = Instant::now();
    let c = engine.run(one, &["sex"]).await.unwrap();
    println!("one_metric_one_subgroup {:.3}", t.elapsed().as_secs_f64());
    println!("one_metric_cells {}", c.len());
}
