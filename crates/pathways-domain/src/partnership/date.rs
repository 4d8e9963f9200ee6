//! Calendar dates (ISO 8601 `YYYY-MM-DD`) with the day arithmetic alerts need.
//!
//! Meetings, due dates and agreement terms are whole days; the domain stays
//! free of a time library by counting days with the proleptic Gregorian
//! algorithm of Howard Hinnant ("chrono-Compatible Low-Level Date Algorithms").

use serde::{Deserialize, Serialize};

/// A calendar date. Once parsed it is a real day (no February 30th).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Date,
            )))
            .into()
    }
}
impl utoipa::ToSchema for Date {}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date; write YYYY-MM-DD")]
pub struct DateError(pub String);

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// Parses `YYYY-MM-DD` (a longer RFC 3339 timestamp is cut to its date).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let t = text.trim();
        let bad = || DateError(text.to_owned());
        let d = t.get(..10).ok_or_else(bad)?;
        let b = d.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let year: i32 = d[..4].parse().map_err(|_| bad())?;
        let month: u8 = d[5..7].parse().map_err(|_| bad())?;
        let day: u8 = d[8..10].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        if t.len() > 10 && !t[10..].starts_with('T') {
            return Err(bad());
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Days since 1970-01-01.
    pub fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `n` days since 1970-01-01.
    pub fn from_day_number(n: i64) -> Self {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// This date plus `n` days (negative goes back).
    pub fn plus_days(self, n: i64) -> Self {
        Self::from_day_number(self.day_number() + n)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(Date::parse("2026-02-28").unwrap().to_string(), "2026-02-28");
        assert_eq!(
            Date::parse("2026-12-01T20:00:00Z").unwrap().to_string(),
            "2026-12-01"
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-01-01",
            "2026/01/01",
            "",
            "2026-01-01x",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn day_arithmetic_round_trips() {
        assert_eq!(Date::parse("1970-01-01").unwrap().day_number(), 0);
        let d = Date::parse("2026-12-01").unwrap();
        assert_eq!(d.plus_days(31).to_string(), "2027-01-01");
        assert_eq!(d.plus_days(-1).to_string(), "2026-11-30");
        assert_eq!(d.days_until(Date::parse("2027-01-30").unwrap()), 60);
        for n in -1000..1000 {
            assert_eq!(Date::from_day_number(n * 37).day_number(), n * 37);
        }
    }
}
