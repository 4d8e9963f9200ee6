//! The subset of Python's `datetime.strptime` that date features use.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn digits(s: &[u8], pos: &mut usize, min: usize, max: usize) -> Option<u32> {
    let start = *pos;
    while *pos < s.len() && *pos - start < max && s[*pos].is_ascii_digit() {
        *pos += 1;
    }
    if *pos - start < min {
        return None;
    }
    std::str::from_utf8(&s[start..*pos]).ok()?.parse().ok()
}

fn month_name(s: &[u8], pos: &mut usize, full: bool) -> Option<u32> {
    let rest = std::str::from_utf8(&s[*pos..]).ok()?.to_ascii_lowercase();
    for (i, m) in MONTHS.iter().enumerate() {
        let name = if full { *m } else { &m[..3] };
        if rest.starts_with(name) {
            *pos += name.len();
            return Some(i as u32 + 1);
        }
    }
    None
}

/// Parses `s` with a `strptime` format supporting `%Y %m %d %y %b %B %%`
/// and literal characters. Returns (year, month, day) of a valid date.
pub fn parse(s: &str, format: &str) -> Option<(u32, u32, u32)> {
    let (s, f) = (s.as_bytes(), format.as_bytes());
    let (mut i, mut k) = (0usize, 0usize);
    let (mut y, mut m, mut d) = (1900u32, 1u32, 1u32);
    while k < f.len() {
        if f[k] == b'%' && k + 1 < f.len() {
            match f[k + 1] {
                b'Y' => y = digits(s, &mut i, 4, 4)?,
                b'y' => {
                    let v = digits(s, &mut i, 2, 2)?;
                    y = if v < 69 { 2000 + v } else { 1900 + v };
                }
                b'm' => m = digits(s, &mut i, 1, 2)?,
                b'd' => d = digits(s, &mut i, 1, 2)?,
                b'b' => m = month_name(s, &mut i, false)?,
                b'B' => m = month_name(s, &mut i, true)?,
                b'%' => {
                    if s.get(i) != Some(&b'%') {
                        return None;
                    }
                    i += 1;
                }
                _ => return None,
            }
            k += 2;
        } else if f[k].is_ascii_whitespace() {
            while i < s.len() && s[i].is_ascii_whitespace() {
                i += 1;
            }
            k += 1;
        } else {
            if s.get(i) != Some(&f[k]) {
                return None;
            }
            i += 1;
            k += 1;
        }
    }
    if i != s.len() {
        return None;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=dim).contains(&d).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_python_formats() {
        assert_eq!(super::parse("2001-2-3", "%Y-%m-%d"), Some((2001, 2, 3)));
        assert_eq!(super::parse("03/02/01", "%d/%m/%y"), Some((2001, 2, 3)));
        assert_eq!(super::parse("3 Feb 2001", "%d %b %Y"), Some((2001, 2, 3)));
        assert_eq!(super::parse("2001-02-30", "%Y-%m-%d"), None);
    }
}
