//! Field comparisons: each pair of records becomes a vector of agreement
//! levels, one per field, as in Fellegi & Sunter (*JASA* 64, 1969).
//!
//! Levels are ordered from 0 = null (either value missing; contributes no
//! evidence), 1 = disagreement, up to the strongest agreement. The bands
//! follow practice in Splink and the US Census Bureau's BigMatch: exact,
//! Jaro–Winkler ≥ 0.92 and ≥ 0.80 (Winkler 1990), plus domain levels
//! (nickname, hyphenated-name part, day/month swap, year off by one).

use crate::record::{Field, PreparedRecord};
use crate::similarity::{jaro_winkler, levenshtein, within_one_edit};
use crate::standardize::{Date, Sex, SmallText};

/// Number of fields compared.
pub const NUM_FIELDS: usize = 8;

/// A comparison vector: the agreement level of every field.
pub type Gamma = [u8; NUM_FIELDS];

/// The names of each field's levels, index = level. Used by `explain` and
/// stored in the model file so weights are self-describing.
pub fn level_names(field: Field) -> &'static [&'static str] {
    match field {
        Field::FirstName => &[
            "null",
            "else",
            "jaro_winkler>=0.80",
            "jaro_winkler>=0.92",
            "nickname",
            "exact",
        ],
        Field::MiddleName => &["null", "else", "initial", "exact"],
        Field::LastName => &[
            "null",
            "else",
            "jaro_winkler>=0.80",
            "jaro_winkler>=0.92",
            "shared_part",
            "exact",
        ],
        Field::Dob => &[
            "null",
            "else",
            "levenshtein<=2",
            "year_off_or_one_digit",
            "day_month_swap",
            "exact",
        ],
        Field::Sex => &["null", "else", "exact"],
        Field::StreetAddress => &["null", "else", "jaro_winkler>=0.88", "exact"],
        Field::City => &["null", "else", "jaro_winkler>=0.90", "exact"],
        Field::Zip => &["null", "else", "first_3_digits", "exact"],
    }
}

/// Number of levels (including null) of a field.
pub fn num_levels(field: Field) -> usize {
    level_names(field).len()
}

/// Level of the exact-agreement band (always the highest).
pub fn exact_level(field: Field) -> u8 {
    (num_levels(field) - 1) as u8
}

fn text_level(a: &SmallText, b: &SmallText, hi: f64, lo: f64) -> (u8, bool) {
    if a.is_empty() || b.is_empty() {
        return (0, false);
    }
    if a == b {
        return (u8::MAX, true);
    }
    let s = jaro_winkler(a.as_bytes(), b.as_bytes());
    (
        // One keystroke (insert, delete, substitute) counts with the top
        // Jaro–Winkler band: JW under-rates a single mid-name substitution.
        if s >= hi || (hi > lo && s >= lo && within_one_edit(a.as_bytes(), b.as_bytes())) {
            3
        } else if s >= lo {
            2
        } else {
            1
        },
        false,
    )
}

fn first_name(a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    match text_level(&a.first, &b.first, 0.92, 0.80) {
        (_, true) => 5,
        (0, _) => 0,
        // Same formal name, or formal names that sound alike when either
        // side was a nickname (KATIE → CATHERINE vs KATHERINE).
        (l, _)
            if a.first_canon == b.first_canon
                || (a.first_key != 0
                    && a.first_key == b.first_key
                    && (a.first != a.first_canon || b.first != b.first_canon)) =>
        {
            l.max(4)
        }
        (l, _) => l,
    }
}

pub(crate) fn middle_name(a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    let (x, y) = (a.middle.as_bytes(), b.middle.as_bytes());
    if x.is_empty() || y.is_empty() {
        0
    } else if x == y {
        3
    } else if (x.len() == 1 || y.len() == 1) && x[0] == y[0] {
        2
    } else {
        1
    }
}

fn shares_part(a: &SmallText, b: &SmallText) -> bool {
    a.as_str()
        .split(' ')
        .any(|p| p.len() > 1 && b.as_str().split(' ').any(|q| q == p))
}

fn last_name(a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    match text_level(&a.last, &b.last, 0.92, 0.80) {
        (_, true) => 5,
        (0, _) => 0,
        (l, _) if l < 3 && shares_part(&a.last, &b.last) => 4,
        (l, _) => l,
    }
}

fn digits(d: Date) -> [u8; 8] {
    let (y, m, day) = (d.year, d.month, d.day);
    let dig = |v: u16| b'0' + (v % 10) as u8;
    [
        dig(y / 1000),
        dig(y / 100),
        dig(y / 10),
        dig(y),
        dig(u16::from(m) / 10),
        dig(u16::from(m)),
        dig(u16::from(day) / 10),
        dig(u16::from(day)),
    ]
}

pub(crate) fn dob(a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    if a.dob == 0 || b.dob == 0 {
        return 0;
    }
    if a.dob == b.dob {
        return 5;
    }
    let (Some(x), Some(y)) = (Date::unpack(a.dob), Date::unpack(b.dob)) else {
        return 0;
    };
    if x.year == y.year && x.month == y.day && x.day == y.month {
        return 4;
    }
    if x.month == y.month && x.day == y.day && x.year.abs_diff(y.year) == 1 {
        return 3;
    }
    match levenshtein(&digits(x), &digits(y)) {
        1 => 3,
        2 => 2,
        _ => 1,
    }
}

pub(crate) fn sex(a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    match (a.sex, b.sex) {
        (Sex::Unknown, _) | (_, Sex::Unknown) => 0,
        (x, y) if x == y => 2,
        _ => 1,
    }
}

fn banded(a: &SmallText, b: &SmallText, band: f64) -> u8 {
    match text_level(a, b, band, band) {
        (_, true) => 3,
        (0, _) => 0,
        (l, _) if l >= 2 => 2,
        _ => 1,
    }
}

/// City is compared only when the ZIP codes do not already agree: an
/// agreeing ZIP implies the city, and scoring both would count the same
/// evidence twice, against the conditional independence the Fellegi–Sunter
/// model assumes. With agreeing ZIPs the city level is null (no weight).
pub(crate) fn city(a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    if a.zip != 0 && a.zip == b.zip {
        0
    } else {
        banded(&a.city, &b.city, 0.90)
    }
}

pub(crate) fn zip(a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    if a.zip == 0 || b.zip == 0 {
        0
    } else if a.zip == b.zip {
        3
    } else if a.zip / 100 == b.zip / 100 {
        2
    } else {
        1
    }
}

/// Level of one field by index in [`Field::ALL`].
#[inline]
pub fn compare_field(field: usize, a: &PreparedRecord, b: &PreparedRecord) -> u8 {
    match field {
        0 => first_name(a, b),
        1 => middle_name(a, b),
        2 => last_name(a, b),
        3 => dob(a, b),
        4 => sex(a, b),
        5 => banded(&a.street, &b.street, 0.88),
        6 => city(a, b),
        _ => zip(a, b),
    }
}

/// Compares two records field by field. Symmetric: `compare(a, b) == compare(b, a)`.
#[inline]
pub fn compare(a: &PreparedRecord, b: &PreparedRecord) -> Gamma {
    [
        first_name(a, b),
        middle_name(a, b),
        last_name(a, b),
        dob(a, b),
        sex(a, b),
        banded(&a.street, &b.street, 0.88),
        city(a, b),
        zip(a, b),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::InputRecord;

    fn rec(first: &str, last: &str, dob_: &str) -> PreparedRecord {
        let r = InputRecord::new(
            "x",
            &[
                (Field::FirstName, first),
                (Field::LastName, last),
                (Field::Dob, dob_),
            ],
        );
        PreparedRecord::from_raw(&r.values, None).unwrap()
    }

    #[test]
    fn levels_for_typical_errors() {
        let a = rec("William", "Smith", "2001-02-03");
        assert_eq!(
            compare(&a, &rec("William", "Smith", "2001-02-03"))[..4],
            [5, 0, 5, 5]
        );
        assert_eq!(
            compare(&a, &rec("Bill", "Smith-Jones", "2001-03-02"))[..4],
            [4, 0, 4, 4]
        );
        assert_eq!(
            compare(&a, &rec("Wiliam", "Smiht", "2002-02-03"))[..4],
            [3, 0, 3, 3]
        );
        assert_eq!(compare(&a, &rec("Zed", "Garcia", ""))[..4], [1, 0, 1, 0]);
    }

    #[test]
    fn level_names_cover_every_level_produced() {
        for f in Field::ALL {
            assert!(num_levels(f) >= 3);
            assert_eq!(exact_level(f) as usize, level_names(f).len() - 1);
        }
    }
}
