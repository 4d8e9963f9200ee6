//! Writing the three sources and their ground truth.
//!
//! One population, three files in the linkage contract — `k12.csv`,
//! `college.csv`, `wage.csv` — and beside each a `*_truth.csv` mapping
//! `rec_id` to the generator's `person_id`. Record ids carry the source's
//! letter (`K`, `C`, `W`), so a pair's orientation is never ambiguous.
//!
//! The K-12 and wage files are drawn from the main random stream exactly as
//! before the college source existed, so for a given seed they are the same
//! files (and earlier K-12 × wage figures stay comparable); every college
//! draw comes from a second stream seeded from the same seed.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::college::{Student, observe_college};
use crate::observe::observe;
use crate::population::{CITIES, Names, STREETS, person};

/// The sources, in file order.
pub(crate) const SOURCES: [&str; 3] = ["k12", "college", "wage"];

/// Records written per source, in [`SOURCES`] order.
pub(crate) type Counts = [u64; 3];

const HEADER: &str = "rec_id,first_name,middle_name,last_name,dob,sex,street_address,city,zip\n";

/// One source's data and truth files.
struct Sink {
    prefix: char,
    written: u64,
    data: BufWriter<File>,
    truth: BufWriter<File>,
}

impl Sink {
    fn create(dir: &Path, name: &str, prefix: char) -> std::io::Result<Self> {
        let open = |file: String| -> std::io::Result<BufWriter<File>> {
            Ok(BufWriter::with_capacity(
                1 << 20,
                File::create(dir.join(file))?,
            ))
        };
        let mut data = open(format!("{name}.csv"))?;
        let mut truth = open(format!("{name}_truth.csv"))?;
        data.write_all(HEADER.as_bytes())?;
        truth.write_all(b"rec_id,person_id\n")?;
        Ok(Sink {
            prefix,
            written: 0,
            data,
            truth,
        })
    }

    fn write(&mut self, person_id: usize, values: &[String; 8]) -> std::io::Result<()> {
        self.written += 1;
        let id = format!("{}{}", self.prefix, self.written);
        write!(self.data, "{id}")?;
        for v in values {
            if v.contains(',') {
                write!(self.data, ",\"{v}\"")?;
            } else {
                write!(self.data, ",{v}")?;
            }
        }
        writeln!(self.data)?;
        writeln!(self.truth, "{id},{person_id}")
    }

    fn finish(mut self) -> std::io::Result<u64> {
        self.data.flush()?;
        self.truth.flush()?;
        Ok(self.written)
    }
}

/// Writes the three sources for `persons` people into `dir`.
pub(crate) fn generate(persons: usize, dir: &Path, seed: u64) -> std::io::Result<Counts> {
    std::fs::create_dir_all(dir)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut crng = ChaCha8Rng::seed_from_u64(seed ^ 0xC011_E6E0_5EED_0001);
    let names = Names::new(&mut rng)?;
    let streets: Vec<&str> = STREETS.split(' ').collect();
    let cities: Vec<String> = CITIES.split(' ').map(str::to_owned).collect();
    let mut k12 = Sink::create(dir, SOURCES[0], 'K')?;
    let mut college = Sink::create(dir, SOURCES[1], 'C')?;
    let mut wage = Sink::create(dir, SOURCES[2], 'W')?;
    for pid in 0..persons {
        let p = person(&mut rng, &names, &streets, cities.len());
        // K-12: 85% of people; wage records: 75%; within-source duplicates 3%.
        let in_k12 = rng.random_bool(0.85);
        let in_wage = rng.random_bool(0.75);
        let married = (p.sex == 'F' && rng.random_bool(0.15)).then(|| names.surname(&mut rng));
        let moved = rng
            .random_bool(0.5)
            .then(|| person(&mut rng, &names, &streets, cities.len()));
        for (is_wage, present) in [(false, in_k12), (true, in_wage)] {
            if !present {
                continue;
            }
            let copies = if rng.random_bool(0.03) { 2 } else { 1 };
            for _ in 0..copies {
                let v = observe(
                    &mut rng,
                    &p,
                    &names,
                    &streets,
                    &cities,
                    is_wage,
                    if is_wage { married.as_deref() } else { None },
                    if is_wage { moved.as_ref() } else { None },
                );
                if is_wage {
                    wage.write(pid, &v)?;
                } else {
                    k12.write(pid, &v)?;
                }
            }
        }
        // College: ~70% of the region's K-12 students enroll somewhere in
        // the region's colleges, and people schooled elsewhere enroll too.
        if crng.random_bool(if in_k12 { 0.70 } else { 0.55 }) {
            let s = Student::draw(
                &mut crng,
                &names,
                married.as_deref(),
                moved.as_ref(),
                streets.len(),
                &cities,
            );
            for copy in 0..Student::records(&mut crng) {
                let v = observe_college(&mut crng, &p, &s, copy, &names, &streets, &cities);
                college.write(pid, &v)?;
            }
        }
    }
    Ok([k12.finish()?, college.finish()?, wage.finish()?])
}
