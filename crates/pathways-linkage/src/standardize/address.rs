//! Street-address normalization to USPS abbreviations.
//!
//! Street suffixes and directionals follow USPS Publication 28, appendix C1
//! and §233; normalizing them removes the largest source of spurious
//! disagreement between address spellings ("North Main Street" vs "N Main St").

use super::text::fold_into;

fn suffix(word: &str) -> Option<&'static str> {
    Some(match word {
        "STREET" | "STR" | "STRT" => "ST",
        "AVENUE" | "AV" | "AVEN" | "AVENU" | "AVN" | "AVNUE" => "AVE",
        "ROAD" => "RD",
        "DRIVE" | "DRIV" | "DRV" => "DR",
        "BOULEVARD" | "BOUL" | "BOULV" => "BLVD",
        "LANE" => "LN",
        "COURT" => "CT",
        "PLACE" => "PL",
        "TERRACE" => "TER",
        "CIRCLE" | "CIRC" | "CIRCL" | "CRCL" => "CIR",
        "PARKWAY" | "PARKWY" | "PKY" => "PKWY",
        "HIGHWAY" | "HIGHWY" | "HIWAY" | "HIWY" | "HWAY" => "HWY",
        "SQUARE" | "SQR" => "SQ",
        "TRAIL" | "TRAILS" => "TRL",
        "WAY" => "WAY",
        "ALLEY" | "ALLY" => "ALY",
        "CROSSING" => "XING",
        "EXPRESSWAY" => "EXPY",
        "FREEWAY" => "FWY",
        "PLAZA" => "PLZ",
        "POINT" => "PT",
        "APARTMENT" => "APT",
        "SUITE" => "STE",
        "NORTH" => "N",
        "SOUTH" => "S",
        "EAST" => "E",
        "WEST" => "W",
        "NORTHEAST" => "NE",
        "NORTHWEST" => "NW",
        "SOUTHEAST" => "SE",
        "SOUTHWEST" => "SW",
        "FIRST" => "1ST",
        "SECOND" => "2ND",
        "THIRD" => "3RD",
        "FOURTH" => "4TH",
        "FIFTH" => "5TH",
        _ => return None,
    })
}

/// Folds a street line and replaces suffixes, directionals and ordinal words
/// with their USPS abbreviations; `#` becomes `APT`.
pub fn normalize_street(raw: &str) -> String {
    let (mut folded, mut out) = (String::new(), String::new());
    normalize_street_into(raw, &mut folded, &mut out);
    out
}

/// [`normalize_street`] into a reused buffer `out`, with `scratch` for the
/// folded text (both are cleared first).
pub(crate) fn normalize_street_into(raw: &str, scratch: &mut String, out: &mut String) {
    if raw.contains('#') {
        fold_into(&raw.replace('#', " APT "), false, scratch);
    } else {
        fold_into(raw, false, scratch);
    }
    out.clear();
    for w in scratch.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(suffix(w).unwrap_or(w));
    }
}

/// The 5-digit ZIP code of a ZIP or ZIP+4, or empty when there is none.
pub fn normalize_zip(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).take(5).collect();
    if digits.len() == 5 {
        digits
    } else {
        String::new()
    }
}

/// [`normalize_zip`] as a number, 0 when there is none (the value
/// `normalize_zip(raw).parse().unwrap_or(0)` without building a string).
pub(crate) fn zip_number(raw: &str) -> u32 {
    let mut v = 0u32;
    let mut n = 0;
    for b in raw.bytes().filter(u8::is_ascii_digit).take(5) {
        v = v * 10 + u32::from(b - b'0');
        n += 1;
    }
    if n == 5 { v } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn street_types_and_directions_are_abbreviated() {
        assert_eq!(
            normalize_street("123 North Main Street, Apartment 4"),
            "123 N MAIN ST APT 4"
        );
        assert_eq!(
            normalize_street("123 n. main st. #4"),
            "123 N MAIN ST APT 4"
        );
        assert_eq!(normalize_street("9 Oak Avenue"), "9 OAK AVE");
    }

    #[test]
    fn zip_keeps_five_digits() {
        assert_eq!(normalize_zip("97201-1234"), "97201");
        assert_eq!(normalize_zip("972"), "");
    }
}
