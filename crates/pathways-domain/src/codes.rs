//! Public classification codes: SOC 2018, CIP 2020 and NAICS 2022.
//!
//! Every dataset the product joins (OEWS, Employment Projections, O*NET, the
//! CIP–SOC crosswalk, partners' records) is keyed by these codes, and a code
//! with the wrong shape silently joins nothing. Each newtype can only be built
//! by parsing, so a value in hand is always well formed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a code was rejected: the text given and the shape it should have had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} code {given:?} is malformed: expected {expected}")]
pub struct CodeError {
    /// Which classification ("SOC", "CIP", "NAICS").
    pub kind: &'static str,
    /// The text that failed to parse.
    pub given: String,
    /// The expected shape, in words a user can act on.
    pub expected: &'static str,
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A 2018 Standard Occupational Classification code, `NN-NNNN`.
///
/// O*NET-SOC codes (`NN-NNNN.NN`) are accepted and reduced to their SOC
/// prefix, because O*NET's first seven characters are the SOC code
/// (O*NET-SOC 2019 taxonomy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SocCode([u8; 7]);

impl SocCode {
    const EXPECTED: &'static str = "NN-NNNN (2018 SOC, e.g. 29-1141)";

    /// Parses `NN-NNNN` (surrounding space ignored; an O*NET `.NN` suffix is dropped).
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        let t = text.trim();
        let t = match t.split_once('.') {
            Some((soc, suffix)) if suffix.len() == 2 && all_digits(suffix) => soc,
            _ => t,
        };
        let b = t.as_bytes();
        let ok =
            b.len() == 7 && b[2] == b'-' && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit);
        if !ok {
            return Err(CodeError {
                kind: "SOC",
                given: text.to_owned(),
                expected: Self::EXPECTED,
            });
        }
        let mut out = [0u8; 7];
        out.copy_from_slice(b);
        Ok(Self(out))
    }

    /// The code as text, `NN-NNNN`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and '-' are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("00-0000")
    }

    /// The two-digit major group ("29" for healthcare practitioners).
    pub fn major_group(&self) -> &str {
        &self.as_str()[..2]
    }

    /// True for a major-group code such as `29-0000`.
    pub fn is_major_group(&self) -> bool {
        &self.0[3..] == b"0000"
    }
}

/// A 2020 Classification of Instructional Programs code, `NN.NNNN`.
///
/// Spreadsheets often strip the leading zero ("1.0000") or the trailing
/// digits ("51.38"); those are normalized rather than rejected, because NCES
/// publishes the same code in all these spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CipCode([u8; 7]);

impl CipCode {
    const EXPECTED: &'static str = "NN.NNNN (CIP 2020, e.g. 51.3801)";

    /// Parses `NN.NNNN`, padding a missing leading zero or trailing zeros.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        let err = || CodeError {
            kind: "CIP",
            given: text.to_owned(),
            expected: Self::EXPECTED,
        };
        let t = text.trim();
        let (series, rest) = t.split_once('.').ok_or_else(err)?;
        if !all_digits(series) || series.len() > 2 || !all_digits(rest) || rest.len() > 4 {
            return Err(err());
        }
        let mut out = [b'0'; 7];
        out[2 - series.len()..2].copy_from_slice(series.as_bytes());
        out[2] = b'.';
        out[3..3 + rest.len()].copy_from_slice(rest.as_bytes());
        Ok(Self(out))
    }

    /// The code as text, `NN.NNNN`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("00.0000")
    }

    /// The two-digit series ("51" for health professions).
    pub fn series(&self) -> &str {
        &self.as_str()[..2]
    }
}

/// A 2022 North American Industry Classification System code: 2 to 6 digits.
///
/// The sector ranges `31-33`, `44-45` and `48-49` that BLS publishes are
/// accepted too, since OEWS sector tables use them as codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NaicsCode(String);

impl NaicsCode {
    const EXPECTED: &'static str =
        "2 to 6 digits (NAICS 2022, e.g. 622110), or a sector range such as 31-33";

    /// Parses a 2–6 digit NAICS code or one of the three sector ranges.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        let t = text.trim();
        let ok = (all_digits(t) && (2..=6).contains(&t.len()))
            || matches!(t, "31-33" | "44-45" | "48-49");
        if ok {
            Ok(Self(t.to_owned()))
        } else {
            Err(CodeError {
                kind: "NAICS",
                given: text.to_owned(),
                expected: Self::EXPECTED,
            })
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit sector, with ranges reduced to their first code.
    pub fn sector(&self) -> &str {
        &self.0[..2]
    }
}

macro_rules! code_traits {
    ($t:ty, $example:literal, $pattern:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $t {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $t {
            type Error = CodeError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some($pattern))
                    .examples([$example])
                    .into()
            }
        }
        impl utoipa::ToSchema for $t {}
    };
}

code_traits!(SocCode, "29-1141", r"^\d{2}-\d{4}$");
code_traits!(CipCode, "51.3801", r"^\d{2}\.\d{4}$");
code_traits!(NaicsCode, "622110", r"^(\d{2,6}|31-33|44-45|48-49)$");

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn soc_accepts_detailed_and_onet_codes() {
        assert_eq!(SocCode::parse("29-1141").unwrap().as_str(), "29-1141");
        assert_eq!(SocCode::parse(" 29-1141.00 ").unwrap().as_str(), "29-1141");
        assert_eq!(SocCode::parse("29-1141").unwrap().major_group(), "29");
        assert!(SocCode::parse("29-0000").unwrap().is_major_group());
    }

    #[test]
    fn soc_rejects_wrong_shapes() {
        for bad in ["291141", "29-114", "2a-1141", "29-1141.0", "", "29_1141"] {
            let e = SocCode::parse(bad).unwrap_err();
            assert_eq!(e.kind, "SOC", "{bad}");
        }
    }

    #[test]
    fn cip_normalizes_common_spellings() {
        assert_eq!(CipCode::parse("51.3801").unwrap().as_str(), "51.3801");
        assert_eq!(CipCode::parse("1.0000").unwrap().as_str(), "01.0000");
        assert_eq!(CipCode::parse("51.38").unwrap().as_str(), "51.3800");
        assert_eq!(CipCode::parse("51.3801").unwrap().series(), "51");
        for bad in ["513801", "511.3801", "51.38011", "ab.cdef", "51."] {
            assert!(CipCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn naics_accepts_two_to_six_digits_and_ranges() {
        assert_eq!(NaicsCode::parse("62").unwrap().sector(), "62");
        assert_eq!(NaicsCode::parse("622110").unwrap().as_str(), "622110");
        assert_eq!(NaicsCode::parse("31-33").unwrap().sector(), "31");
        for bad in ["6", "6221101", "62a", "31-34"] {
            assert!(NaicsCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_round_trip_through_json() {
        let soc: SocCode = serde_json::from_str("\"15-1252\"").unwrap();
        assert_eq!(serde_json::to_string(&soc).unwrap(), "\"15-1252\"");
        assert!(serde_json::from_str::<SocCode>("\"15-125\"").is_err());
    }

    proptest! {
        #[test]
        fn any_valid_soc_round_trips(a in 11u32..=55, b in 0u32..=9999) {
            let text = format!("{a:02}-{b:04}");
            let code = SocCode::parse(&text).unwrap();
            prop_assert_eq!(code.to_string(), text);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,12}") {
            let _ = SocCode::parse(&s);
            let _ = CipCode::parse(&s);
            let _ = NaicsCode::parse(&s);
        }
    }
}
