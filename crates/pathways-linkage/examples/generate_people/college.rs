//! How postsecondary enrollment records observe a person.
//!
//! College records differ from K-12 and wage records in ways that matter to
//! linkage (see the NCES and National Student Clearinghouse data-matching
//! notes, and Christen & Pudjijono 2009 on source-specific error profiles):
//! * the student types the application, so names are the legal ones more
//!   often (fewer nicknames) but self-typed (typos), middle names are asked
//!   for (present more often, frequently as an initial, sometimes with a
//!   period), a middle name now and then lands in the first-name field, and
//!   both surnames of a compound surname may be recorded;
//! * the address is the college-era one for most students (a residence-hall
//!   room shared by hundreds, or an apartment in a college town), the
//!   family home for commuters;
//! * few women have married yet: most married names appear only later, in
//!   wage records;
//! * DOBs as `YYYYMMDD`, ZIP+4 codes, upper case, an `X` sex code;
//! * students who transfer or re-enroll get a second record at another
//!   institution, often with the other address.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::population::{Names, Person, TYPES, title, typo};

/// Residence halls: (street line, city). Hundreds of students share each
/// line, told apart only by a room number.
pub(crate) const HALLS: [(&str, &str); 10] = [
    ("1585 E 13TH AVE", "EUGENE"),
    ("1451 ONYX ST", "EUGENE"),
    ("2205 SW CAMPUS WAY", "CORVALLIS"),
    ("1700 SW JEFFERSON WAY", "CORVALLIS"),
    ("1802 SW 10TH AVE", "PORTLAND"),
    ("630 SW MILL ST", "PORTLAND"),
    ("345 MONMOUTH AVE N", "MONMOUTH"),
    ("1250 SISKIYOU BLVD", "ASHLAND"),
    ("1 UNIVERSITY BLVD", "LA_GRANDE"),
    ("3201 CAMPUS DR", "KLAMATH_FALLS"),
];

/// College towns and their share of off-campus student addresses.
const TOWNS: [(&str, f64); 10] = [
    ("PORTLAND", 0.30),
    ("EUGENE", 0.20),
    ("CORVALLIS", 0.20),
    ("BEND", 0.05),
    ("SALEM", 0.05),
    ("MONMOUTH", 0.05),
    ("ASHLAND", 0.05),
    ("GRESHAM", 0.04),
    ("LA_GRANDE", 0.03),
    ("KLAMATH_FALLS", 0.03),
];

/// Where a college record says the student lives.
#[derive(Clone)]
pub(crate) enum Residence {
    /// A house or apartment: number, street, type, city index, unit (may be empty).
    Street {
        house: u32,
        street: usize,
        stype: usize,
        city: usize,
        unit: String,
    },
    /// A residence-hall room: index into the halls, room number.
    Hall { hall: usize, room: u32 },
}

impl Residence {
    /// The family home (commuters, and the other record of a transfer).
    pub(crate) fn home(p: &Person) -> Self {
        Residence::Street {
            house: p.house,
            street: p.street,
            stype: p.stype,
            city: p.city,
            unit: String::new(),
        }
    }

    /// A college-era address. `later` is where the person lives in wage
    /// records if they moved: some stay in their college town after graduating.
    pub(crate) fn college_era(
        rng: &mut ChaCha8Rng,
        later: Option<&Person>,
        streets: usize,
        cities: &[String],
    ) -> Self {
        if let Some(w) = later
            && rng.random_bool(0.3)
        {
            let mut r = Residence::home(w);
            if rng.random_bool(0.3)
                && let Residence::Street { unit, .. } = &mut r
            {
                *unit = format!("APT {}", rng.random_range(1..60));
            }
            return r;
        }
        if rng.random_bool(0.35) {
            return Residence::Hall {
                hall: rng.random_range(0..HALLS.len()),
                room: rng.random_range(100..500),
            };
        }
        let mut x = rng.random::<f64>();
        let mut town = TOWNS[0].0;
        for (name, share) in TOWNS {
            town = name;
            if x < share {
                break;
            }
            x -= share;
        }
        let unit = if rng.random_bool(0.6) {
            let letter = if rng.random_bool(0.3) {
                char::from(b'A' + rng.random_range(0..4u8)).to_string()
            } else {
                String::new()
            };
            format!("APT {}{letter}", rng.random_range(1..40))
        } else {
            String::new()
        };
        Residence::Street {
            house: rng.random_range(1..9999),
            street: rng.random_range(0..streets),
            stype: rng.random_range(0..TYPES.len()),
            city: city_index(cities, town),
            unit,
        }
    }

    /// Street line, city and ZIP as a clerk would write them.
    fn write(&self, rng: &mut ChaCha8Rng, streets: &[&str], cities: &[String]) -> [String; 3] {
        let (line, city) = match self {
            Residence::Street {
                house,
                street,
                stype,
                city,
                unit,
            } => {
                let (full, abbr) = TYPES[*stype];
                let t = if rng.random_bool(0.4) { full } else { abbr };
                let mut line = format!("{house} {} {t}", streets[*street]);
                if !unit.is_empty() {
                    // "APT 12" is also written "#12" or "UNIT 12".
                    let n = unit.trim_start_matches("APT ");
                    line = match rng.random_range(0..4) {
                        0 => format!("{line} #{n}"),
                        1 => format!("{line} UNIT {n}"),
                        _ => format!("{line} {unit}"),
                    };
                }
                (line, *city)
            }
            Residence::Hall { hall, room } => {
                let (line, town) = HALLS[*hall];
                let room = match rng.random_range(0..3) {
                    0 => format!("RM {room}"),
                    1 => format!("#{room}"),
                    _ => format!("ROOM {room}"),
                };
                (format!("{line} {room}"), city_index(cities, town))
            }
        };
        let mut zip = format!("97{:03}", city * 7 % 1000);
        if rng.random_bool(0.2) {
            zip = format!("{zip}-{:04}", rng.random_range(1..10_000));
        }
        [line, cities[city].replace('_', " "), zip]
    }
}

fn city_index(cities: &[String], name: &str) -> usize {
    cities.iter().position(|c| c == name).unwrap_or(0)
}

/// Person-level facts of a college student, drawn once for all their records.
pub(crate) struct Student {
    /// Married name already in use at enrollment (few have one yet).
    pub(crate) married: Option<String>,
    /// Second surname recorded in full (compound surnames).
    pub(crate) second_surname: Option<String>,
    /// College-era address; `None` for commuters living at home.
    pub(crate) away: Option<Residence>,
}

impl Student {
    /// Draws the facts. `married` and `later_address` are the wage-record
    /// name and address, when the person has them.
    pub(crate) fn draw(
        rng: &mut ChaCha8Rng,
        names: &Names,
        married: Option<&str>,
        later_address: Option<&Person>,
        streets: usize,
        cities: &[String],
    ) -> Self {
        let married = married.filter(|_| rng.random_bool(0.25)).map(str::to_owned);
        let second_surname = rng.random_bool(0.03).then(|| names.surname(rng));
        let away = rng
            .random_bool(0.55)
            .then(|| Residence::college_era(rng, later_address, streets, cities));
        Student {
            married,
            second_surname,
            away,
        }
    }

    /// How many enrollment records the student has: transfers and
    /// re-enrollments add one at another institution.
    pub(crate) fn records(rng: &mut ChaCha8Rng) -> usize {
        if rng.random_bool(0.01) {
            3
        } else if rng.random_bool(0.09) {
            2
        } else {
            1
        }
    }
}

/// One observed college record of `p`; `copy` numbers the student's records
/// (a later record may carry the home address instead of the college one).
pub(crate) fn observe_college(
    rng: &mut ChaCha8Rng,
    p: &Person,
    s: &Student,
    copy: usize,
    names: &Names,
    streets: &[&str],
    cities: &[String],
) -> [String; 8] {
    let mut first = p.first.clone();
    if rng.random_bool(0.04)
        && let Some(ns) = names.nick.get(&first)
    {
        first = ns[rng.random_range(0..ns.len())].clone();
    }
    if rng.random_bool(0.04) {
        first = typo(rng, &first);
    }
    let mut middle = if p.middle.is_empty() {
        String::new()
    } else {
        match rng.random_range(0..100) {
            0..12 => String::new(),
            12..32 => p.middle.chars().take(1).collect(),
            32..50 => format!("{}.", p.middle.chars().take(1).collect::<String>()),
            _ => p.middle.clone(),
        }
    };
    if !p.middle.is_empty() && rng.random_bool(0.03) {
        first = format!("{first} {}", p.middle);
        middle.clear();
    }
    let mut last = match &s.married {
        Some(m) if rng.random_bool(0.4) => format!("{}-{m}", p.last),
        Some(m) => m.clone(),
        None => p.last.clone(),
    };
    if let Some(second) = &s.second_surname
        && rng.random_bool(0.8)
    {
        last = format!("{last} {second}");
    }
    if rng.random_bool(0.04) {
        last = typo(rng, &last);
    }
    if p.sex == 'M' && rng.random_bool(0.01) {
        last.push_str(" JR");
    }
    let dob = college_dob(rng, p.dob);
    let sex = match rng.random_range(0..1000) {
        0..100 => String::new(),
        100..110 => "X".to_string(),
        110..113 => if p.sex == 'F' { "M" } else { "F" }.to_string(),
        _ => p.sex.to_string(),
    };
    let home = Residence::home(p);
    let residence = match &s.away {
        Some(a) if copy == 0 || rng.random_bool(0.5) => a,
        _ => &home,
    };
    let [mut street, city, mut zip] = residence.write(rng, streets, cities);
    if rng.random_bool(0.04) {
        street = typo(rng, &street);
    }
    if rng.random_bool(0.03) {
        zip.clear();
    }
    let mut v = [first, middle, last, dob, sex, street, city, zip];
    if rng.random_bool(0.4) {
        for k in [0, 1, 2, 5, 6] {
            v[k] = title(&v[k]);
        }
    }
    v
}

/// DOB as `YYYYMMDD`, with the errors of a self-typed form: day/month swap,
/// year off by one, a mistyped day; missing rarely (it is required).
fn college_dob(rng: &mut ChaCha8Rng, (mut y, mut m, mut d): (u16, u8, u8)) -> String {
    if rng.random_bool(0.02) {
        return String::new();
    }
    if rng.random_bool(0.02) && d <= 12 {
        std::mem::swap(&mut m, &mut d);
    }
    if rng.random_bool(0.01) {
        y = if rng.random_bool(0.5) { y + 1 } else { y - 1 };
    }
    if rng.random_bool(0.01) {
        d = if d > 9 { d - 9 } else { d + 9 };
    }
    format!("{y}{m:02}{d:02}")
}
