//! Seeded generator of realistic K-12 (left) and wage-record (right) person
//! files with known truth, for the linkage benchmark (`bench/linkage/`).
//!
//! Usage: `generate_people PERSONS OUT_DIR [SEED]` writes `left.csv`,
//! `right.csv`, `left_truth.csv`, `right_truth.csv` (rec_id → person_id).
//!
//! Errors injected follow those reported for administrative records
//! (Winkler 1995; Christen & Pudjijono 2009, "Accurate synthetic generation
//! of realistic personal information"): keyboard typos (insert, delete,
//! substitute, transpose), nicknames, married-name changes and
//! hyphenation, day/month swaps, years off by one, missing DOB and sex,
//! moves, abbreviations, upper case, and duplicates within a source.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};

use rand::distr::{Distribution, weighted::WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const MALE: &str = "JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN GEORGE TIMOTHY RONALD EDWARD JASON JEFFREY RYAN JACOB GARY NICHOLAS ERIC JONATHAN STEPHEN LARRY JUSTIN SCOTT BRANDON BENJAMIN SAMUEL GREGORY ALEXANDER FRANK PATRICK RAYMOND JACK DENNIS JERRY TYLER AARON JOSE ADAM NATHAN HENRY DOUGLAS ZACHARY PETER KYLE ETHAN WALTER NOAH JEREMY CHRISTIAN KEITH ROGER TERRY GERALD HAROLD SEAN AUSTIN CARL ARTHUR LAWRENCE DYLAN JESSE JORDAN BRYAN BILLY JOE BRUCE GABRIEL LOGAN ALBERT WILLIE ALAN JUAN WAYNE ELIJAH RANDY ROY VINCENT RALPH EUGENE RUSSELL BOBBY MASON PHILIP LOUIS CARLOS LUIS MIGUEL JESUS ANTONIO DIEGO ALEJANDRO";
const FEMALE: &str = "MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY BETTY MARGARET SANDRA ASHLEY KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA DOROTHY MELISSA DEBORAH STEPHANIE REBECCA SHARON LAURA CYNTHIA KATHLEEN AMY ANGELA SHIRLEY ANNA BRENDA PAMELA EMMA NICOLE HELEN SAMANTHA KATHERINE CHRISTINE DEBRA RACHEL CAROLYN JANET CATHERINE MARIA HEATHER DIANE RUTH JULIE OLIVIA JOYCE VIRGINIA VICTORIA KELLY LAUREN CHRISTINA JOAN EVELYN JUDITH MEGAN ANDREA CHERYL HANNAH JACQUELINE MARTHA GLORIA TERESA ANN SARA MADISON FRANCES KATHRYN JANICE JEAN ABIGAIL ALICE JUDY SOPHIA GRACE DENISE AMBER DORIS MARILYN DANIELLE BEVERLY ISABELLA THERESA DIANA NATALIE BRITTANY CHARLOTTE MARIE KAYLA ALEXIS LORI GUADALUPE ROSA ANA CARMEN SOFIA";
const SURNAMES: &str = "SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS GOMEZ PHILLIPS EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES MURPHY COOK ROGERS GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED KELLY HOWARD RAMOS KIM COX WARD RICHARDSON WATSON BROOKS CHAVEZ WOOD JAMES BENNETT GRAY MENDOZA RUIZ HUGHES PRICE ALVAREZ CASTILLO SANDERS PATEL MYERS LONG ROSS FOSTER JIMENEZ O'BRIEN MCDONALD NUNEZ";
const STREETS: &str = "MAIN OAK PINE MAPLE CEDAR ELM WASHINGTON LAKE HILL PARK WALNUT SPRING CHURCH HIGHLAND MILL RIVER JEFFERSON LINCOLN FRANKLIN CHESTNUT ADAMS MADISON SUNSET FOREST MEADOW RIDGE WILLOW VALLEY JACKSON CHERRY";
const TYPES: [(&str, &str); 8] = [
    ("STREET", "ST"),
    ("AVENUE", "AVE"),
    ("ROAD", "RD"),
    ("DRIVE", "DR"),
    ("LANE", "LN"),
    ("COURT", "CT"),
    ("BOULEVARD", "BLVD"),
    ("PLACE", "PL"),
];
const CITIES: &str = "PORTLAND SALEM EUGENE GRESHAM HILLSBORO BEAVERTON BEND MEDFORD SPRINGFIELD CORVALLIS ALBANY TIGARD LAKE_OSWEGO KEIZER GRANTS_PASS OREGON_CITY MCMINNVILLE REDMOND TUALATIN WEST_LINN WOODBURN FOREST_GROVE NEWBERG WILSONVILLE ROSEBURG KLAMATH_FALLS ASHLAND MILWAUKIE SHERWOOD HAPPY_VALLEY CENTRAL_POINT CANBY HERMISTON PENDLETON COOS_BAY LEBANON DALLAS ST_HELENS LA_GRANDE CORNELIUS GLADSTONE ONTARIO MONMOUTH TROUTDALE SILVERTON";
const SYL: [&str; 40] = [
    "BAR", "KEN", "DAL", "MOR", "SAN", "TER", "WIL", "HAR", "LIN", "VAN", "DER", "STO", "BER",
    "GAR", "NOV", "ROS", "KOV", "MAN", "SON", "TON", "LEY", "FIELD", "BURG", "STEIN", "ELL", "ICK",
    "OWS", "AND", "RIC", "HAM", "WOOD", "LAND", "ESKI", "ANO", "ELLI", "AKI", "OTO", "ERS", "IAN",
    "OUX",
];
const NICK: &str = include_str!("../data/nicknames.csv");

#[derive(Clone)]
struct Person {
    first: String,
    middle: String,
    last: String,
    sex: char,
    dob: (u16, u8, u8),
    house: u32,
    street: usize,
    stype: usize,
    city: usize,
}

struct Names {
    male: Vec<String>,
    female: Vec<String>,
    male_w: WeightedIndex<f64>,
    female_w: WeightedIndex<f64>,
    last: Vec<String>,
    last_w: WeightedIndex<f64>,
    nick: HashMap<String, Vec<String>>,
}

fn synth(rng: &mut ChaCha8Rng, parts: usize) -> String {
    (0..parts)
        .map(|_| SYL[rng.random_range(0..SYL.len())])
        .collect()
}

/// Zipf–Mandelbrot weights: rank r gets 1/(r+10)^s. With the offset the most
/// common name covers ~2% of given names and ~0.7% of surnames, close to US
/// census figures (JAMES, SMITH).
fn zipf(n: usize, s: f64) -> Vec<f64> {
    (1..=n).map(|r| 1.0 / (r as f64 + 10.0).powf(s)).collect()
}

impl Names {
    fn new(rng: &mut ChaCha8Rng) -> Self {
        let mut male: Vec<String> = MALE.split(' ').map(str::to_owned).collect();
        let mut female: Vec<String> = FEMALE.split(' ').map(str::to_owned).collect();
        // Long tail of rarer given names.
        for _ in 0..1500 {
            male.push(synth(rng, 2));
            female.push(format!("{}A", synth(rng, 2)));
        }
        let mut last: Vec<String> = SURNAMES.split(' ').map(str::to_owned).collect();
        for _ in 0..60_000 {
            let k = rng.random_range(2..=3);
            last.push(synth(rng, k));
        }
        last.sort();
        last.dedup();
        // Shuffle the tail so rank is random, keep real names at the head.
        let real = SURNAMES.split(' ').count();
        let mut tail: Vec<String> = last
            .iter()
            .filter(|n| !SURNAMES.split(' ').any(|s| s == n.as_str()))
            .cloned()
            .collect();
        for i in (1..tail.len()).rev() {
            let j = rng.random_range(0..=i);
            tail.swap(i, j);
        }
        let mut last: Vec<String> = SURNAMES.split(' ').map(str::to_owned).collect();
        last.extend(tail);
        let _ = real;
        let mut nick: HashMap<String, Vec<String>> = HashMap::new();
        for l in NICK.lines().skip(2) {
            if let Some((n, c)) = l.split_once(',') {
                nick.entry(c.to_string()).or_default().push(n.to_string());
            }
        }
        Names {
            male_w: WeightedIndex::new(zipf(male.len(), 1.0)).unwrap(),
            female_w: WeightedIndex::new(zipf(female.len(), 1.0)).unwrap(),
            last_w: WeightedIndex::new(zipf(last.len(), 0.9)).unwrap(),
            male,
            female,
            last,
            nick,
        }
    }
}

fn person(rng: &mut ChaCha8Rng, n: &Names, streets: &[&str], cities: usize) -> Person {
    let sex = if rng.random_bool(0.5) { 'F' } else { 'M' };
    let pick = |rng: &mut ChaCha8Rng| {
        if sex == 'F' {
            n.female[n.female_w.sample(rng)].clone()
        } else {
            n.male[n.male_w.sample(rng)].clone()
        }
    };
    let first = pick(rng);
    let middle = if rng.random_bool(0.6) {
        pick(rng)
    } else {
        String::new()
    };
    let year = rng.random_range(1988..=2008);
    let month = rng.random_range(1..=12u8);
    let dim = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
    Person {
        first,
        middle,
        last: n.last[n.last_w.sample(rng)].clone(),
        sex,
        dob: (year, month, rng.random_range(1..=dim)),
        house: rng.random_range(1..9999),
        street: rng.random_range(0..streets.len()),
        stype: rng.random_range(0..TYPES.len()),
        city: rng.random_range(0..cities),
    }
}

fn typo(rng: &mut ChaCha8Rng, s: &str) -> String {
    let mut b: Vec<u8> = s.bytes().collect();
    if b.len() < 2 {
        return s.to_string();
    }
    let i = rng.random_range(0..b.len());
    let letter = b'A' + rng.random_range(0..26u8);
    match rng.random_range(0..4) {
        0 => b.insert(i, letter),
        1 => {
            b.remove(i);
        }
        2 => b[i] = letter,
        _ => {
            let j = if i + 1 < b.len() { i + 1 } else { i - 1 };
            b.swap(i, j);
        }
    }
    String::from_utf8(b).unwrap_or_else(|_| s.to_string())
}

fn title(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_string() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes one observed record of `p` with the source's error profile.
#[allow(clippy::too_many_arguments)]
fn observe(
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

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let persons: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = std::path::PathBuf::from(args.get(2).cloned().unwrap_or_else(|| ".".into()));
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    std::fs::create_dir_all(&out)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let names = Names::new(&mut rng);
    let streets: Vec<&str> = STREETS.split(' ').collect();
    let cities: Vec<String> = CITIES.split(' ').map(str::to_owned).collect();
    let header = "rec_id,first_name,middle_name,last_name,dob,sex,street_address,city,zip\n";
    let mut files = Vec::new();
    for name in ["left.csv", "right.csv", "left_truth.csv", "right_truth.csv"] {
        files.push(BufWriter::with_capacity(
            1 << 20,
            File::create(out.join(name))?,
        ));
    }
    files[0].write_all(header.as_bytes())?;
    files[1].write_all(header.as_bytes())?;
    files[2].write_all(b"rec_id,person_id\n")?;
    files[3].write_all(b"rec_id,person_id\n")?;
    let (mut nl, mut nr) = (0u64, 0u64);
    for pid in 0..persons {
        let p = person(&mut rng, &names, &streets, cities.len());
        // K-12: 85% of people; wage records: 75%; within-source duplicates 3%.
        let in_left = rng.random_bool(0.85);
        let in_right = rng.random_bool(0.75);
        let married = (p.sex == 'F' && rng.random_bool(0.15))
            .then(|| names.last[names.last_w.sample(&mut rng)].clone());
        let moved = rng
            .random_bool(0.5)
            .then(|| person(&mut rng, &names, &streets, cities.len()));
        for (side, present) in [(0usize, in_left), (1, in_right)] {
            if !present {
                continue;
            }
            let copies = if rng.random_bool(0.03) { 2 } else { 1 };
            for _ in 0..copies {
                let wage = side == 1;
                let v = observe(
                    &mut rng,
                    &p,
                    &names,
                    &streets,
                    &cities,
                    wage,
                    if wage { married.as_deref() } else { None },
                    if wage { moved.as_ref() } else { None },
                );
                let id = if wage {
                    nr += 1;
                    format!("W{nr}")
                } else {
                    nl += 1;
                    format!("K{nl}")
                };
                let line: Vec<String> = v
                    .iter()
                    .map(|x| {
                        if x.contains(',') {
                            format!("\"{x}\"")
                        } else {
                            x.clone()
                        }
                    })
                    .collect();
                writeln!(files[side], "{id},{}", line.join(","))?;
                writeln!(files[side + 2], "{id},{pid}")?;
            }
        }
    }
    for f in &mut files {
        f.flush()?;
    }
    println!("left={nl} right={nr}");
    Ok(())
}
