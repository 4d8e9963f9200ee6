//! Dates of birth written in the formats US agencies actually export.
//!
//! Day/month swaps and years off by one are the commonest DOB keying errors
//! (Winkler, "Matching and record linkage", 1995); [`Date`] keeps the parts
//! so the comparison can recognise both rather than treating them as misses.

/// A calendar date (proleptic Gregorian), validated on construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31, valid for the month.
    pub day: u8,
}

impl Date {
    /// Builds a date if the parts are a real calendar day.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) || year < 1800
        {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// Packs into a non-zero `u32` (0 is reserved for "missing").
    #[inline]
    pub fn pack(self) -> u32 {
        (u32::from(self.year) << 9) | (u32::from(self.month) << 5) | u32::from(self.day)
    }

    /// Inverse of [`Date::pack`]; `None` for 0.
    #[inline]
    pub fn unpack(v: u32) -> Option<Self> {
        if v == 0 {
            return None;
        }
        Some(Self {
            year: (v >> 9) as u16,
            month: ((v >> 5) & 0xF) as u8,
            day: (v & 0x1F) as u8,
        })
    }

    /// Days since 0000-03-01 (a civil-from-days style count; only differences matter).
    pub fn day_number(self) -> i32 {
        let (y, m, d) = (
            i32::from(self.year),
            i32::from(self.month),
            i32::from(self.day),
        );
        let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d
    }

    /// ISO 8601 text.
    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

fn month_from_name(s: &str) -> Option<u8> {
    if s.len() < 3 {
        return None;
    }
    let up = s.to_ascii_uppercase();
    MONTHS
        .iter()
        .position(|m| up.starts_with(m))
        .map(|i| i as u8 + 1)
}

fn year_from(s: &str) -> Option<u16> {
    let v: u16 = s.parse().ok()?;
    match s.len() {
        4 => Some(v),
        // Two-digit years pivot at 30: birth years in pathway data are 1931–2030.
        2 if v <= 30 => Some(2000 + v),
        2 => Some(1900 + v),
        _ => None,
    }
}

/// Parses a date in any of: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`,
/// `MM/DD/YYYY`, `M/D/YY`, `MM-DD-YYYY`, `DD.MM.YYYY`, `DD Mon YYYY`,
/// `Mon DD, YYYY`, and ISO date-times (the time is ignored).
///
/// A US-ordered date whose "month" is over 12 but whose "day" is not is read
/// day-first — that is a day/month swap the clerk made, and keeping the date
/// lets the comparison score it as one. Returns `None` for anything else.
pub fn parse_date(raw: &str) -> Option<Date> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    // The two layouts exports use most, `YYYY-MM-DD` and `MM/DD/YYYY`, read
    // without splitting; the general path below gives the same result.
    let b = s.as_bytes();
    if b.len() == 10 {
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0u16, |v, &c| {
                c.is_ascii_digit().then(|| v * 10 + u16::from(c - b'0'))
            })
        };
        if b[4] == b'-'
            && b[7] == b'-'
            && let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
        {
            return Date::new(y, m as u8, d as u8);
        }
        if b[2] == b'/'
            && b[5] == b'/'
            && let (Some(m), Some(d), Some(y)) = (num(0..2), num(3..5), num(6..10))
        {
            let (m, d) = (m as u8, d as u8);
            return Date::new(y, m, d).or_else(|| Date::new(y, d, m));
        }
    }
    parse_general(s)
}

/// [`parse_date`] for every layout, on trimmed, non-empty text.
fn parse_general(s: &str) -> Option<Date> {
    let s = s
        .split(['T', ' '])
        .next()
        .filter(|p| p.len() >= 8 && p.contains(['-', '/']))
        .unwrap_or(s);
    let b = s.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let y = s[0..4].parse().ok()?;
        return Date::new(y, s[4..6].parse().ok()?, s[6..8].parse().ok()?);
    }
    let parts: Vec<&str> = s
        .split(['-', '/', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 {
        return None;
    }
    let num = |p: &str| -> Option<u8> { if p.len() <= 2 { p.parse().ok() } else { None } };
    if parts[0].len() == 4 {
        let y = year_from(parts[0])?;
        let m = num(parts[1]).or_else(|| month_from_name(parts[1]))?;
        return Date::new(y, m, num(parts[2])?);
    }
    if let Some(m) = month_from_name(parts[0]) {
        return Date::new(year_from(parts[2])?, m, num(parts[1])?);
    }
    if let Some(m) = month_from_name(parts[1]) {
        return Date::new(year_from(parts[2])?, m, num(parts[0])?);
    }
    let y = year_from(parts[2])?;
    let (a, b) = (num(parts[0])?, num(parts[1])?);
    if s.contains('.') {
        return Date::new(y, b, a);
    }
    Date::new(y, a, b).or_else(|| Date::new(y, b, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Option<Date> {
        Date::new(y, m, day)
    }

    #[test]
    fn parses_common_formats() {
        let want = d(2004, 3, 9);
        for s in [
            "2004-03-09",
            "2004/3/9",
            "20040309",
            "03/09/2004",
            "3/9/04",
            "03-09-2004",
            "09.03.2004",
            "9 Mar 2004",
            "March 9, 2004",
            "2004-03-09T00:00:00",
        ] {
            assert_eq!(parse_date(s), want, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_layouts_read_as_the_general_parser_does(
            s in "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9/-]{10}|[0-3][0-9]/[0-3][0-9]/(19|20)[0-9]{2}|(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]",
        ) {
            proptest::prop_assert_eq!(parse_date(&s), parse_general(&s), "{}", s);
        }
    }

    #[test]
    fn impossible_us_order_is_read_day_first() {
        assert_eq!(parse_date("25/12/2001"), d(2001, 12, 25));
    }

    #[test]
    fn rejects_nonsense() {
        for s in ["", "2001-02-30", "hello", "13/13/2001", "1/2"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn pack_roundtrips_and_day_numbers_differ_by_days() {
        let a = Date::new(2000, 2, 28).unwrap();
        assert_eq!(Date::unpack(a.pack()), Some(a));
        let b = Date::new(2000, 3, 1).unwrap();
        assert_eq!(b.day_number() - a.day_number(), 2);
    }
}
