//! The results file contract and the equity gap.
//!
//! `metric_id,group_by,group_value,numerator,denominator,rate,suppressed`,
//! one row per cell, `group_by` `all` for the whole cohort.

use std::io::Write;

use crate::suppress::{Cell, PublicCell, Rules, Status, publish};

/// The results file header.
pub const HEADER: &str = "metric_id,group_by,group_value,numerator,denominator,rate,suppressed";

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn rate_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.6}")).unwrap_or_default()
}

/// Writes unsuppressed cells (for authorized use).
pub fn write_csv(out: &mut impl Write, cells: &[Cell]) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    for c in cells {
        writeln!(
            out,
            "{},{},{},{},{},{},false",
            field(&c.metric_id),
            field(&c.group_by),
            field(&c.group_value),
            c.numerator,
            c.denominator,
            rate_text(c.rate)
        )?;
    }
    Ok(())
}

/// Writes cells as released to the public: suppressed values are empty, coded
/// rates are written as `>0.95` / `<0.05`, and `suppressed` names the reason.
pub fn write_public_csv(out: &mut impl Write, cells: &[PublicCell], rules: &Rules) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    for c in cells {
        let rate = match c.suppressed {
            Status::TopCoded => format!(">{}", rules.top),
            Status::BottomCoded => format!("<{}", rules.bottom),
            _ => rate_text(c.rate),
        };
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            field(&c.metric_id),
            field(&c.group_by),
            field(&c.group_value),
            c.numerator.map(|n| n.to_string()).unwrap_or_default(),
            c.denominator.map(|n| n.to_string()).unwrap_or_default(),
            rate,
            c.suppressed.as_str()
        )?;
    }
    Ok(())
}

/// Suppresses and writes in one step.
pub fn write_released_csv(out: &mut impl Write, cells: &[Cell], rules: &Rules) -> std::io::Result<()> {
    write_public_csv(out, &publish(cells, rules), rules)
}

/// Each cell's equity gap against its metric's all-students rate:
/// (group rate − all rate, group rate ÷ all rate), where both are known.
pub fn equity_gap(rate: Option<f64>, all: Option<f64>) -> Option<(f64, f64)> {
    let (r, a) = (rate?, all?);
    Some((r - a, if a == 0.0 { f64::NAN } else { r / a }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_gaps() {
        let cells = vec![Cell {
            metric_id: "m".into(),
            group_by: "school".into(),
            group_value: "A, B".into(),
            numerator: 3,
            denominator: 4,
            rate: Some(0.75),
            median: false,
        }];
        let mut out = Vec::new();
        write_csv(&mut out, &cells).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("m,school,\"A, B\",3,4,0.750000,false\n"), "{text}");
        let (d, r) = equity_gap(Some(0.6), Some(0.8)).unwrap();
        assert!((d + 0.2).abs() < 1e-9 && (r - 0.75).abs() < 1e-9);
    }
}
