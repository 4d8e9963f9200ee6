//! Person records: the input shape, and the standardized form every later
//! stage reads.

use crate::standardize::{
    Date, Sex, SmallText, canonical_first_name, normalize_name_into, normalize_street_into,
    parse_date, phonetic_key, zip_number,
};

/// The identifying fields the linkage model compares, in model order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Given name.
    FirstName,
    /// Middle name or initial.
    MiddleName,
    /// Family name.
    LastName,
    /// Date of birth.
    Dob,
    /// Recorded sex.
    Sex,
    /// Street line of the address.
    StreetAddress,
    /// City.
    City,
    /// ZIP code.
    Zip,
}

impl Field {
    /// All fields in model order.
    pub const ALL: [Field; 8] = [
        Field::FirstName,
        Field::MiddleName,
        Field::LastName,
        Field::Dob,
        Field::Sex,
        Field::StreetAddress,
        Field::City,
        Field::Zip,
    ];

    /// The CSV column name.
    pub fn column(self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::MiddleName => "middle_name",
            Field::LastName => "last_name",
            Field::Dob => "dob",
            Field::Sex => "sex",
            Field::StreetAddress => "street_address",
            Field::City => "city",
            Field::Zip => "zip",
        }
    }

    /// Position in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One raw input record as read from a source system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputRecord {
    /// The source's record identifier (unique within its file).
    pub rec_id: String,
    /// Raw values indexed by [`Field::index`]; empty means missing.
    pub values: [String; 8],
    /// Value of the shared identifier column used by a deterministic rule, if any.
    pub exact_id: Option<String>,
}

impl InputRecord {
    /// Builds a record from `(field, value)` pairs; unnamed fields are missing.
    pub fn new(rec_id: impl Into<String>, values: &[(Field, &str)]) -> Self {
        let mut r = InputRecord {
            rec_id: rec_id.into(),
            ..Default::default()
        };
        for (f, v) in values {
            r.values[f.index()] = (*v).to_string();
        }
        r
    }
}

/// A record after standardization: fixed size, no heap, ready for blocking
/// and byte comparisons.
#[derive(Debug, Clone, Copy, Default)]
pub struct PreparedRecord {
    /// Folded first name.
    pub first: SmallText,
    /// First name after nickname canonicalization.
    pub first_canon: SmallText,
    /// Folded middle name.
    pub middle: SmallText,
    /// Folded last name (hyphens become spaces: parts are tokens).
    pub last: SmallText,
    /// USPS-normalized street line.
    pub street: SmallText,
    /// Folded city.
    pub city: SmallText,
    /// 5-digit ZIP as a number; 0 when missing.
    pub zip: u32,
    /// Packed date of birth ([`Date::pack`]); 0 when missing.
    pub dob: u32,
    /// Recorded sex.
    pub sex: Sex,
    /// Double Metaphone key of the canonical first name.
    pub first_key: u32,
    /// Double Metaphone key of the first part of the last name.
    pub last_key: u32,
    /// Double Metaphone key of the last part of a multi-part last name (else 0).
    pub last_key2: u32,
    /// Hash of the deterministic-rule identifier; 0 when absent.
    pub exact_id: u64,
}

/// Why a raw value could not be standardized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The offending field.
    pub field: Field,
    /// What is wrong.
    pub message: String,
}

impl PreparedRecord {
    /// Standardizes raw values. Every field is optional; a date of birth that
    /// is present but unreadable is an error rather than silently missing,
    /// because a wrong DOB is worse than an absent one.
    pub fn from_raw<S: AsRef<str>>(
        values: &[S; 8],
        exact_id: Option<&str>,
    ) -> Result<Self, FieldError> {
        // Reused per-thread buffers: no allocation per record.
        thread_local! {
            static SCRATCH: std::cell::RefCell<[String; 2]> = Default::default();
        }
        SCRATCH.with(|s| {
            let [tmp, out] = &mut *s.borrow_mut();
            Self::from_raw_with(values, exact_id, tmp, out)
        })
    }

    fn from_raw_with<S: AsRef<str>>(
        values: &[S; 8],
        exact_id: Option<&str>,
        tmp: &mut String,
        out: &mut String,
    ) -> Result<Self, FieldError> {
        let v = |f: Field| values[f.index()].as_ref();
        let dob = packed_dob(v(Field::Dob))?;
        // First name: its first word, then the nickname table.
        normalize_name_into(v(Field::FirstName), tmp, out);
        let first = out.split(' ').next().unwrap_or("");
        let canon = canonical_first_name(first);
        let (first_text, canon_text, first_key) = (
            SmallText::new(first),
            SmallText::new(canon),
            phonetic_key(canon),
        );
        // Last name (hyphens split parts, as any punctuation does in folding).
        normalize_name_into(v(Field::LastName), tmp, out);
        let last = out.as_str();
        let last_key2 = match last.rsplit(' ').find(|p| !p.is_empty()) {
            Some(p) if last.split(' ').filter(|p| !p.is_empty()).nth(1).is_some() => {
                phonetic_key(p)
            }
            _ => 0,
        };
        let (last_text, last_key) = (SmallText::new(last), phonetic_key(last));
        normalize_name_into(v(Field::MiddleName), tmp, out);
        let middle = SmallText::new(out);
        normalize_street_into(v(Field::StreetAddress), tmp, out);
        let street = SmallText::new(out);
        normalize_name_into(v(Field::City), tmp, out);
        let city = SmallText::new(out);
        Ok(PreparedRecord {
            first_key,
            last_key,
            last_key2,
            first: first_text,
            first_canon: canon_text,
            middle,
            last: last_text,
            street,
            city,
            zip: zip_number(v(Field::Zip)),
            dob,
            sex: Sex::parse(v(Field::Sex)),
            exact_id: exact_id
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map_or(0, hash_text),
        })
    }

    /// The standardization as first written, one `String` per step: the
    /// reference [`PreparedRecord::from_raw`] is tested against.
    #[cfg(test)]
    pub(crate) fn from_raw_reference<S: AsRef<str>>(
        values: &[S; 8],
        exact_id: Option<&str>,
    ) -> Result<Self, FieldError> {
        use crate::standardize::{normalize_name, normalize_street, normalize_zip};
        let v = |f: Field| values[f.index()].as_ref();
        let first = normalize_name(v(Field::FirstName));
        let first = first.split(' ').next().unwrap_or("").to_string();
        let canon = canonical_first_name(&first).to_string();
        let last = normalize_name(&v(Field::LastName).replace('-', " "));
        let dob = packed_dob(v(Field::Dob))?;
        let zip = normalize_zip(v(Field::Zip)).parse().unwrap_or(0);
        let last_parts: Vec<&str> = last.split(' ').filter(|p| !p.is_empty()).collect();
        let last_key2 = if last_parts.len() > 1 {
            phonetic_key(last_parts[last_parts.len() - 1])
        } else {
            0
        };
        Ok(PreparedRecord {
            first_key: phonetic_key(&canon),
            last_key: phonetic_key(&last),
            last_key2,
            first: SmallText::new(&first),
            first_canon: SmallText::new(&canon),
            middle: SmallText::new(&normalize_name(v(Field::MiddleName))),
            last: SmallText::new(&last),
            street: SmallText::new(&normalize_street(v(Field::StreetAddress))),
            city: SmallText::new(&normalize_name(v(Field::City))),
            zip,
            dob,
            sex: Sex::parse(v(Field::Sex)),
            exact_id: exact_id
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map_or(0, hash_text),
        })
    }

    /// The date of birth, if present.
    pub fn date_of_birth(&self) -> Option<Date> {
        Date::unpack(self.dob)
    }
}

/// A 64-bit hash of text, never 0 (0 means "missing" in keys).
pub fn hash_text(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// FNV-1a then a murmur finalizer: deterministic across runs and machines,
/// which keeps samples, blocking order and outputs reproducible.
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h).max(1)
}

/// A `Hasher` for keys that are already well-mixed 64-bit hashes: passes
/// them through instead of hashing them again.
#[derive(Debug, Default, Clone, Copy)]
pub struct PreHashed(u64);

impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Murmur3 64-bit finalizer.
#[inline]
pub fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A standardized data source: identifiers and prepared records, index-aligned.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Source record identifiers.
    pub ids: Vec<String>,
    /// Standardized records.
    pub records: Vec<PreparedRecord>,
}

impl Dataset {
    /// Standardizes in-memory records (in parallel).
    pub fn from_records(input: &[InputRecord]) -> Result<Self, (usize, FieldError)> {
        use rayon::prelude::*;
        let records = input
            .par_iter()
            .enumerate()
            .map(|(i, r)| {
                PreparedRecord::from_raw(&r.values, r.exact_id.as_deref()).map_err(|e| (i, e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Dataset {
            ids: input.iter().map(|r| r.rec_id.clone()).collect(),
            records,
        })
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// A date of birth as its packed day number (0 when missing); a value that is
/// present but no known date format is the row's error.
fn packed_dob(raw: &str) -> Result<u32, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    parse_date(raw).map(|d| d.pack()).ok_or_else(|| FieldError {
        field: Field::Dob,
        message: format!("unrecognised date {raw:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardizes_a_record() {
        let r = InputRecord::new(
            "1",
            &[
                (Field::FirstName, "Bill"),
                (Field::LastName, "Smith-Jones"),
                (Field::Dob, "1/2/2003"),
                (Field::StreetAddress, "12 North Main Street"),
                (Field::Zip, "97201-0001"),
                (Field::Sex, "m"),
            ],
        );
        let p = PreparedRecord::from_raw(&r.values, None).unwrap();
        assert_eq!(p.first.as_str(), "BILL");
        assert_eq!(p.first_canon.as_str(), "WILLIAM");
        assert_eq!(p.last.as_str(), "SMITH JONES");
        assert_ne!(p.last_key2, 0);
        assert_eq!(p.date_of_birth(), Date::new(2003, 1, 2));
        assert_eq!(p.street.as_str(), "12 N MAIN ST");
        assert_eq!(p.zip, 97201);
        assert_eq!(p.sex, Sex::Male);
    }

    /// Field-by-field equality (PreparedRecord has no PartialEq: its
    /// comparisons are the model's).
    fn same(a: &PreparedRecord, b: &PreparedRecord) -> bool {
        (a.first, a.first_canon, a.middle, a.last, a.street, a.city)
            == (b.first, b.first_canon, b.middle, b.last, b.street, b.city)
            && (
                a.zip,
                a.dob,
                a.sex,
                a.first_key,
                a.last_key,
                a.last_key2,
                a.exact_id,
            ) == (
                b.zip,
                b.dob,
                b.sex,
                b.first_key,
                b.last_key,
                b.last_key2,
                b.exact_id,
            )
    }

    proptest::proptest! {
        #[test]
        fn standardization_equals_the_reference(
            first in "(Bill|Ann-Marie|  jo  ANN|Zoë|O'Neil|Dr. Mary Jr|José María|Jean-Luc|x|)",
            middle in "(A.|Lee|mr|III|)",
            last in "(Smith-Jones|de la Cruz|O’Brien|Nguyễn|van der Berg-Smith|Ünal|Mc Donald Jr.|)",
            dob in "(2004-03-09|03/09/2004|3/9/04|20040309|13/03/2004|02/30/2004|2004-3-9|March 9, 2004| 2004-03-09 |)",
            street in "(12 North Main Street #4|9 Oak Avenue, Apartment 12B|1 First St.|Ｐｏｂｏｘ ＃5|)",
            city in "(Salem|Klamath Falls|St. Paul|)",
            zip in "(97201|97201-1234|9720|ab97201x|00000|)",
            sex in "(M|female|x|)",
            exact in proptest::option::of("( id7 |id7|)"),
        ) {
            let values = [first, middle, last, dob, sex, street, city, zip];
            let got = PreparedRecord::from_raw(&values, exact.as_deref());
            let want = PreparedRecord::from_raw_reference(&values, exact.as_deref());
            match (got, want) {
                (Ok(g), Ok(w)) => proptest::prop_assert!(same(&g, &w), "{:?}\n{:?}\n{:?}", values, g, w),
                (Err(g), Err(w)) => proptest::prop_assert_eq!(g, w),
                (g, w) => proptest::prop_assert!(false, "{:?}: {:?} vs {:?}", values, g, w),
            }
        }

        #[test]
        fn standardization_equals_the_reference_on_any_text(
            v in proptest::array::uniform8("[ -~]{0,30}|[a-zA-Z'’#.,\\- éßØ]{0,12}"),
        ) {
            let got = PreparedRecord::from_raw(&v, None);
            let want = PreparedRecord::from_raw_reference(&v, None);
            match (got, want) {
                (Ok(g), Ok(w)) => proptest::prop_assert!(same(&g, &w), "{:?}", v),
                (Err(g), Err(w)) => proptest::prop_assert_eq!(g, w),
                (g, w) => proptest::prop_assert!(false, "{:?}: {:?} vs {:?}", v, g, w),
            }
        }
    }

    #[test]
    fn bad_dob_is_an_error_naming_the_field() {
        let r = InputRecord::new("1", &[(Field::Dob, "31/31/31")]);
        let e = PreparedRecord::from_raw(&r.values, None).unwrap_err();
        assert_eq!(e.field, Field::Dob);
    }
}
