//! The synthetic population: names with census-like frequencies, people with
//! a date of birth and a home address, and the keyboard errors clerks make.
//!
//! Shared by every source (K-12, college, wage); each source observes the
//! same person through its own error profile (`observe`).

use std::collections::HashMap;

use rand::Rng;
use rand::distr::{Distribution, weighted::WeightedIndex};
use rand_chacha::ChaCha8Rng;

const MALE: &str = "JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN GEORGE TIMOTHY RONALD EDWARD JASON JEFFREY RYAN JACOB GARY NICHOLAS ERIC JONATHAN STEPHEN LARRY JUSTIN SCOTT BRANDON BENJAMIN SAMUEL GREGORY ALEXANDER FRANK PATRICK RAYMOND JACK DENNIS JERRY TYLER AARON JOSE ADAM NATHAN HENRY DOUGLAS ZACHARY PETER KYLE ETHAN WALTER NOAH JEREMY CHRISTIAN KEITH ROGER TERRY GERALD HAROLD SEAN AUSTIN CARL ARTHUR LAWRENCE DYLAN JESSE JORDAN BRYAN BILLY JOE BRUCE GABRIEL LOGAN ALBERT WILLIE ALAN JUAN WAYNE ELIJAH RANDY ROY VINCENT RALPH EUGENE RUSSELL BOBBY MASON PHILIP LOUIS CARLOS LUIS MIGUEL JESUS ANTONIO DIEGO ALEJANDRO";
const FEMALE: &str = "MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY BETTY MARGARET SANDRA ASHLEY KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA DOROTHY MELISSA DEBORAH STEPHANIE REBECCA SHARON LAURA CYNTHIA KATHLEEN AMY ANGELA SHIRLEY ANNA BRENDA PAMELA EMMA NICOLE HELEN SAMANTHA KATHERINE CHRISTINE DEBRA RACHEL CAROLYN JANET CATHERINE MARIA HEATHER DIANE RUTH JULIE OLIVIA JOYCE VIRGINIA VICTORIA KELLY LAUREN CHRISTINA JOAN EVELYN JUDITH MEGAN ANDREA CHERYL HANNAH JACQUELINE MARTHA GLORIA TERESA ANN SARA MADISON FRANCES KATHRYN JANICE JEAN ABIGAIL ALICE JUDY SOPHIA GRACE DENISE AMBER DORIS MARILYN DANIELLE BEVERLY ISABELLA THERESA DIANA NATALIE BRITTANY CHARLOTTE MARIE KAYLA ALEXIS LORI GUADALUPE ROSA ANA CARMEN SOFIA";
const SURNAMES: &str = "SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS GOMEZ PHILLIPS EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES MURPHY COOK ROGERS GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED KELLY HOWARD RAMOS KIM COX WARD RICHARDSON WATSON BROOKS CHAVEZ WOOD JAMES BENNETT GRAY MENDOZA RUIZ HUGHES PRICE ALVAREZ CASTILLO SANDERS PATEL MYERS LONG ROSS FOSTER JIMENEZ O'BRIEN MCDONALD NUNEZ";
pub(crate) const STREETS: &str = "MAIN OAK PINE MAPLE CEDAR ELM WASHINGTON LAKE HILL PARK WALNUT SPRING CHURCH HIGHLAND MILL RIVER JEFFERSON LINCOLN FRANKLIN CHESTNUT ADAMS MADISON SUNSET FOREST MEADOW RIDGE WILLOW VALLEY JACKSON CHERRY";
pub(crate) const TYPES: [(&str, &str); 8] = [
    ("STREET", "ST"),
    ("AVENUE", "AVE"),
    ("ROAD", "RD"),
    ("DRIVE", "DR"),
    ("LANE", "LN"),
    ("COURT", "CT"),
    ("BOULEVARD", "BLVD"),
    ("PLACE", "PL"),
];
pub(crate) const CITIES: &str = "PORTLAND SALEM EUGENE GRESHAM HILLSBORO BEAVERTON BEND MEDFORD SPRINGFIELD CORVALLIS ALBANY TIGARD LAKE_OSWEGO KEIZER GRANTS_PASS OREGON_CITY MCMINNVILLE REDMOND TUALATIN WEST_LINN WOODBURN FOREST_GROVE NEWBERG WILSONVILLE ROSEBURG KLAMATH_FALLS ASHLAND MILWAUKIE SHERWOOD HAPPY_VALLEY CENTRAL_POINT CANBY HERMISTON PENDLETON COOS_BAY LEBANON DALLAS ST_HELENS LA_GRANDE CORNELIUS GLADSTONE ONTARIO MONMOUTH TROUTDALE SILVERTON";
const SYL: [&str; 40] = [
    "BAR", "KEN", "DAL", "MOR", "SAN", "TER", "WIL", "HAR", "LIN", "VAN", "DER", "STO", "BER",
    "GAR", "NOV", "ROS", "KOV", "MAN", "SON", "TON", "LEY", "FIELD", "BURG", "STEIN", "ELL", "ICK",
    "OWS", "AND", "RIC", "HAM", "WOOD", "LAND", "ESKI", "ANO", "ELLI", "AKI", "OTO", "ERS", "IAN",
    "OUX",
];
const NICK: &str = include_str!("../../data/nicknames.csv");

/// One person as they really are; sources record them with errors.
#[derive(Clone)]
pub(crate) struct Person {
    pub(crate) first: String,
    pub(crate) middle: String,
    pub(crate) last: String,
    pub(crate) sex: char,
    pub(crate) dob: (u16, u8, u8),
    pub(crate) house: u32,
    pub(crate) street: usize,
    pub(crate) stype: usize,
    pub(crate) city: usize,
}

/// Name pools with their sampling weights and the nickname table.
pub(crate) struct Names {
    pub(crate) male: Vec<String>,
    pub(crate) female: Vec<String>,
    pub(crate) male_w: WeightedIndex<f64>,
    pub(crate) female_w: WeightedIndex<f64>,
    pub(crate) last: Vec<String>,
    pub(crate) last_w: WeightedIndex<f64>,
    pub(crate) nick: HashMap<String, Vec<String>>,
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
    pub(crate) fn new(rng: &mut ChaCha8Rng) -> std::io::Result<Self> {
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
        let mut nick: HashMap<String, Vec<String>> = HashMap::new();
        for l in NICK.lines().skip(2) {
            if let Some((n, c)) = l.split_once(',') {
                nick.entry(c.to_string()).or_default().push(n.to_string());
            }
        }
        let weights =
            |n: usize, s: f64| WeightedIndex::new(zipf(n, s)).map_err(std::io::Error::other);
        Ok(Names {
            male_w: weights(male.len(), 1.0)?,
            female_w: weights(female.len(), 1.0)?,
            last_w: weights(last.len(), 0.9)?,
            male,
            female,
            last,
            nick,
        })
    }

    /// A surname drawn with census-like frequency.
    pub(crate) fn surname(&self, rng: &mut ChaCha8Rng) -> String {
        self.last[self.last_w.sample(rng)].clone()
    }
}

/// Draws a person: sex, names, DOB 1988–2008, a home address.
pub(crate) fn person(rng: &mut ChaCha8Rng, n: &Names, streets: &[&str], cities: usize) -> Person {
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

/// One keyboard error: insert, delete, substitute or transpose.
pub(crate) fn typo(rng: &mut ChaCha8Rng, s: &str) -> String {
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

/// Title case, as most systems store names ("MARY ANN" → "Mary Ann").
pub(crate) fn title(s: &str) -> String {
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
