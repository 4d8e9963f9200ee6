//! Writes a seeded random matching round as the three contract CSVs, for
//! the benchmark in `bench/matching/`.
//!
//! ```text
//! cargo run --release -p pathways-matching --example gen_instance -- \
//!     --students 100000 --placements 5000 --choices 10 --seed 1 \
//!     --priorities groups|strict --out DIR
//! ```
//!
//! Seats total about 90% of students; placement popularity is skewed (a
//! power of a uniform draw), so popular placements are oversubscribed. 95%
//! of ranked pairs are eligible. `groups`: priority 1 for concentrators in
//! the placement's pathway, 2 for an equity group, 3 otherwise (many ties).
//! `strict`: each placement ranks its applicants in a random strict order
//! (no ties, so the student-optimal stable matching is unique and any
//! correct solver must return it). Priorities are written grouped by
//! placement, as a placement-by-placement export would be.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

struct Args {
    students: u32,
    placements: u32,
    choices: u32,
    seed: u64,
    strict: bool,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        students: 1000,
        placements: 50,
        choices: 10,
        seed: 1,
        strict: false,
        out: PathBuf::from("."),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = || value.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--students" => args.students = num()? as u32,
            "--placements" => args.placements = num()? as u32,
            "--choices" => args.choices = num()? as u32,
            "--seed" => args.seed = num()?,
            "--priorities" => args.strict = value == "strict",
            "--out" => args.out = PathBuf::from(&value),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if args.placements == 0 || args.choices > args.placements {
        return Err("need 0 < choices <= placements".into());
    }
    Ok(args)
}

fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn below(rng: &mut ChaCha8Rng, n: u32) -> u32 {
    ((u64::from(rng.next_u32()) * u64::from(n)) >> 32) as u32
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = parse_args()?;
    std::fs::create_dir_all(&a.out)?;
    let mut rng = ChaCha8Rng::seed_from_u64(a.seed);

    let avg = 0.9 * f64::from(a.students) / f64::from(a.placements);
    let mut w = BufWriter::with_capacity(1 << 20, File::create(a.out.join("placements.csv"))?);
    writeln!(w, "placement_id,capacity")?;
    for p in 0..a.placements {
        let cap = (unit(&mut rng) * 2.0 * avg).round() as u32;
        writeln!(w, "P{p},{cap}")?;
    }
    w.flush()?;

    // (placement, tie-break or group, student) for every eligible pair.
    let mut eligible: Vec<(u32, u32, u32)> =
        Vec::with_capacity(a.students as usize * a.choices as usize);
    let mut w = BufWriter::with_capacity(1 << 20, File::create(a.out.join("preferences.csv"))?);
    writeln!(w, "student_id,placement_id,rank")?;
    let mut picked: Vec<u32> = Vec::with_capacity(a.choices as usize);
    for s in 0..a.students {
        let concentrator = unit(&mut rng) < 0.3;
        let equity = unit(&mut rng) < 0.25;
        picked.clear();
        while picked.len() < a.choices as usize {
            let p =
                ((f64::from(a.placements) * unit(&mut rng).powf(1.6)) as u32).min(a.placements - 1);
            if !picked.contains(&p) {
                picked.push(p);
            }
        }
        for (k, &p) in picked.iter().enumerate() {
            writeln!(w, "S{s},P{p},{}", k + 1)?;
            if unit(&mut rng) < 0.95 {
                let order = if a.strict {
                    rng.next_u32()
                } else if concentrator && below(&mut rng, 2) == 0 {
                    1
                } else if equity {
                    2
                } else {
                    3
                };
                eligible.push((p, order, s));
            }
        }
    }
    w.flush()?;

    eligible.sort_unstable();
    let mut w = BufWriter::with_capacity(1 << 20, File::create(a.out.join("priorities.csv"))?);
    writeln!(w, "placement_id,student_id,rank")?;
    let mut last = u32::MAX;
    let mut position = 0;
    for &(p, order, s) in &eligible {
        position = if p == last { position + 1 } else { 1 };
        last = p;
        let rank = if a.strict { position } else { order };
        writeln!(w, "P{p},S{s},{rank}")?;
    }
    w.flush()?;
    eprintln!(
        "wrote {} students, {} placements, {} choices, {} eligible pairs to {}",
        a.students,
        a.placements,
        u64::from(a.students) * u64::from(a.choices),
        eligible.len(),
        a.out.display()
    );
    Ok(())
}
