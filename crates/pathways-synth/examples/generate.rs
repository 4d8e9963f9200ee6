//! Times the generator without the CLI: `cargo run --release -p pathways-synth
//! --example generate -- STUDENTS DIR [csv|parquet]` (the figures in the
//! user guide were measured this way; peak memory with `/usr/bin/time -v`).

use std::time::Instant;

use pathways_synth::{Format, Params, Region, Table, generate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let students: u64 = args.next().unwrap_or_else(|| "100000".into()).parse()?;
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "synth-out".into()));
    let format = match args.next().as_deref() {
        Some("csv") => Format::Csv,
        _ => Format::Parquet,
    };
    let params = Params {
        students,
        ..Params::default()
    };
    let started = Instant::now();
    let summary = generate(
        &dir,
        &params,
        &Region::illustrative(),
        format,
        true,
        &mut |_| {},
    )?;
    let secs = started.elapsed().as_secs_f64();
    let total: u64 = summary.rows.iter().map(|(_, n)| n).sum();
    eprintln!(
        "{students} students, {total} rows in {secs:.1} s ({:.0} rows/s)",
        total as f64 / secs
    );
    for t in Table::ALL {
        eprintln!("  {:>12} {}", summary.rows_of(t), t.name());
    }
    Ok(())
}
