//! How K-12 and wage records observe a person: the error profile of the
//! original benchmark files (unchanged, so their figures stay comparable).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::population::{Names, Person, TYPES, title, typo};

/// One observed K-12 (`wage = false`) or wage record of `p`; wage records
/// carry married names and moved addresses when given.
#[allow(clippy::too_many_arguments)]
pub(crate) fn observe(
    rng: &mut ChaCha8Rng,
    p: &Person,
    names: &Names,
    streets: &[&str],
    cities: &[String],
    wage: bool,
    married: Option<&str>,
    moved: Option<&Person>,
) -> [String; 8] {
    let mut first = p.first.clone();
    if rng.random_bool(0.08)
        && let Some(ns) = names.nick.get(&first)
    {
        first = ns[rng.random_range(0..ns.len())].clone();
    }
    if rng.random_bool(0.06) {
        first = typo(rng, &first);
    }
    let mut last = p.last.clone();
    if let Some(m) = married {
        last = if rng.random_bool(0.3) {
            format!("{}-{}", p.last, m)
        } else {
            m.to_string()
        };
    }
    if rng.random_bool(0.06) {
        last = typo(rng, &last);
    }
    let middle = match rng.random_range(0..10) {
        0..=2 => String::new(),
        3..=5 => p.middle.chars().take(1).collect(),
        _ => p.middle.clone(),
    };
    let (mut y, mut m, mut d) = p.dob;
    if rng.random_bool(0.03) && d <= 12 {
        std::mem::swap(&mut m, &mut d);
    }
    if rng.random_bool(0.02) {
        y = if rng.random_bool(0.5) { y + 1 } else { y - 1 };
    }
    if rng.random_bool(0.02) {
        d = if d > 9 { d - 9 } else { d + 9 };
    }
    let dob = if rng.random_bool(0.04) {
        String::new()
    } else if wage {
        format!("{m:02}/{d:02}/{y}")
    } else {
        format!("{y}-{m:02}-{d:02}")
    };
    let sex = if rng.random_bool(0.08) {
        String::new()
    } else if rng.random_bool(0.005) {
        // Coding errors flip recorded sex occasionally.
        if p.sex == 'F' { "M".into() } else { "F".into() }
    } else {
        p.sex.to_string()
    };
    let a = moved.unwrap_or(p);
    let (full, abbr) = TYPES[a.stype];
    let mut street = format!(
        "{} {} {}",
        a.house,
        streets[a.street],
        if rng.random_bool(0.5) { full } else { abbr }
    );
    if rng.random_bool(0.05) {
        street = typo(rng, &street);
    }
    let city = cities[a.city].replace('_', " ");
    let zip = format!("97{:03}", a.city * 7 % 1000);
    let mut v = [first, middle, last, dob, sex, street, city, zip];
    if !rng.random_bool(0.3) {
        for x in v.iter_mut().take(3) {
            *x = title(x);
        }
        v[5] = title(&v[5]);
        v[6] = title(&v[6]);
    }
    if rng.random_bool(0.05) {
        v[7].clear();
    }
    v
}
