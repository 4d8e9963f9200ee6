//! Standardization: turning the many ways people and clerks write the same
//! fact into one form before comparison.
//!
//! Record-linkage quality depends more on cleaning than on the scoring model
//! (Christen, *Data Matching*, 2012, ch. 5); every comparison downstream runs
//! on the bytes produced here, so this module is also where speed is won:
//! values are folded to upper-case ASCII once and stored inline.

mod address;
mod date;
mod nickname;
mod phonetic;
pub(crate) mod text;

pub use address::{normalize_street, normalize_zip};
pub(crate) use address::{normalize_street_into, zip_number};
pub use date::{Date, parse_date};
pub use nickname::{canonical_first_name, table_len as nickname_count};
pub use phonetic::phonetic_key;
pub(crate) use text::fold_into;
pub use text::{SmallText, fold};

/// Recorded sex, folded from the usual spellings; anything else is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sex {
    /// Missing or not recognised.
    #[default]
    Unknown,
    /// Female.
    Female,
    /// Male.
    Male,
}

impl Sex {
    /// Parses `F`, `FEMALE`, `W`, `M`, `MALE` (any case); everything else is unknown.
    pub fn parse(raw: &str) -> Self {
        let t = raw.trim();
        if t.eq_ignore_ascii_case("f")
            || t.eq_ignore_ascii_case("female")
            || t.eq_ignore_ascii_case("w")
        {
            Sex::Female
        } else if t.eq_ignore_ascii_case("m") || t.eq_ignore_ascii_case("male") {
            Sex::Male
        } else {
            Sex::Unknown
        }
    }
}

/// Folds a personal name: accents removed, upper case, hyphens and
/// apostrophes dropped between parts ("O'Brien" → "OBRIEN"), other
/// punctuation to single spaces, and generational suffixes removed.
pub fn normalize_name(raw: &str) -> String {
    let (mut folded, mut out) = (String::new(), String::new());
    normalize_name_into(raw, &mut folded, &mut out);
    out
}

/// [`normalize_name`] into a reused buffer `out`, with `scratch` for the
/// folded text (both are cleared first).
pub(crate) fn normalize_name_into(raw: &str, scratch: &mut String, out: &mut String) {
    fold_into(raw, true, scratch);
    out.clear();
    for tok in scratch.split(' ') {
        if tok.is_empty()
            || matches!(
                tok,
                "JR" | "SR" | "II" | "III" | "IV" | "MR" | "MRS" | "MS" | "DR"
            )
        {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(tok);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_accents_case_and_punctuation() {
        assert_eq!(
            normalize_name("  José-María  o'Brien Jr."),
            "JOSE MARIA OBRIEN"
        );
        assert_eq!(normalize_name("ZOË"), "ZOE");
        assert_eq!(normalize_name(""), "");
    }

    #[test]
    fn sex_parses_common_spellings() {
        assert_eq!(Sex::parse("female"), Sex::Female);
        assert_eq!(Sex::parse(" M "), Sex::Male);
        assert_eq!(Sex::parse("X"), Sex::Unknown);
    }
}
