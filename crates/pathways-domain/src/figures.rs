//! How figures read in every page, table and export: whole dollars with
//! thousands separators, the way a wage appears in a job posting.
//!
//! One formatter for the whole product, so a wage on a pathway map, in the
//! gap analysis and on the public outcomes page reads the same way.

/// `1234567` → `"1,234,567"`; negative numbers keep their sign.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `81219.6` → `"$81,220"`: rounded to whole dollars; `-1500.0` → `"-$1,500"`.
pub fn dollars(amount: f64) -> String {
    let whole = amount.round() as i64;
    if whole < 0 {
        format!("-${}", thousands(-whole))
    } else {
        format!("${}", thousands(whole))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-45_000), "-45,000");
    }

    #[test]
    fn dollars_round_and_sign() {
        assert_eq!(dollars(6715.0), "$6,715");
        assert_eq!(dollars(81_219.6), "$81,220");
        assert_eq!(dollars(12.4), "$12");
        assert_eq!(dollars(-1500.0), "-$1,500");
    }
}
