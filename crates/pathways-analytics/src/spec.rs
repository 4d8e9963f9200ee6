//! Metric specs: each metric declared once, in a small TOML file.
//!
//! The defaults ship in `metrics/` and are embedded at build time; a region
//! adds or replaces metrics by dropping spec files in its own folder, read at
//! run time, so a new metric needs no rebuild. A spec's SQL returns one row
//! per person in the cohort with `person_key`, `year`, `numerator` and
//! `denominator` (booleans), and for median metrics `value`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{AnalyticsError, Result};

/// How a metric's cells are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// numerator ÷ denominator.
    #[default]
    Rate,
    /// The median of `value` over the cohort (the counts are the cohort size).
    Median,
}

/// One metric's definition.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    /// Short id (`1S1`, `wioa_employment_q2`): letters, digits, `_`.
    pub id: String,
    /// Title for pages.
    pub title: String,
    /// Family (`perkins_secondary`, `perkins_postsecondary`, `wioa`, `pathway`, or a region's own).
    #[serde(default)]
    pub family: String,
    /// Rate or median.
    #[serde(default)]
    pub kind: MetricKind,
    /// What it measures.
    pub description: String,
    /// Who is counted.
    pub cohort: String,
    /// The numerator in words.
    pub numerator: String,
    /// The denominator in words.
    pub denominator: String,
    /// When it is measured, and what the `year` column means.
    pub timing: String,
    /// The law, regulation or framework it follows.
    pub citation: String,
    /// The per-person query.
    pub sql: String,
}

macro_rules! defaults {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../metrics/", $name, ".toml")))),*]
    };
}

/// The shipped specs (file stem, text).
const DEFAULTS: &[(&str, &str)] = defaults!(
    "1S1", "1S2", "3S1", "4S1", "5S1", "5S2", "5S3", "1P1", "2P1", "3P1",
    "wioa_employment_q2", "wioa_employment_q4", "wioa_median_earnings_q2", "wioa_credential_rate",
    "pathway_participation", "pathway_concentration", "pathway_dual_credit", "pathway_credential",
    "pathway_transition", "pathway_employment_1y", "pathway_employment_5y",
    "pathway_median_earnings_1y", "pathway_median_earnings_5y", "pathway_target_industry",
);

/// Parses one spec file's text.
pub fn parse(file: &str, text: &str) -> Result<MetricSpec> {
    let spec: MetricSpec = toml::from_str(text).map_err(|e| AnalyticsError::Spec {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    if spec.id.is_empty() || !spec.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(AnalyticsError::Spec {
            file: file.to_owned(),
            message: format!("id {:?} must be letters, digits and _", spec.id),
        });
    }
    if spec.sql.trim().is_empty() {
        return Err(AnalyticsError::Spec {
            file: file.to_owned(),
            message: "sql is empty".into(),
        });
    }
    Ok(spec)
}

/// The shipped specs, then every `*.toml` in `region_dir` (a region's spec
/// with a shipped id replaces it), in a stable order: shipped order, then
/// the region's by id.
pub fn load(region_dir: Option<&Path>) -> Result<Vec<MetricSpec>> {
    let mut out: Vec<MetricSpec> = DEFAULTS
        .iter()
        .map(|(name, text)| parse(&format!("metrics/{name}.toml"), text))
        .collect::<Result<_>>()?;
    let Some(dir) = region_dir else {
        return Ok(out);
    };
    let mut extra = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| AnalyticsError::io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| AnalyticsError::io(dir, e))?.path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).map_err(|e| AnalyticsError::io(&path, e))?;
            let spec = parse(&path.display().to_string(), &text)?;
            extra.insert(spec.id.clone(), spec);
        }
    }
    for s in &mut out {
        if let Some(r) = extra.remove(&s.id) {
            *s = r;
        }
    }
    out.extend(extra.into_values());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_spec_parses_and_ids_are_unique() {
        let specs = load(None).unwrap();
        assert_eq!(specs.len(), DEFAULTS.len());
        let mut ids: Vec<_> = specs.iter().map(|s| s.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), specs.len());
        assert!(specs.iter().all(|s| !s.citation.is_empty()));
    }

    #[test]
    fn bad_ids_are_refused() {
        let text = "id = \"a b\"\ntitle=\"t\"\ndescription=\"d\"\ncohort=\"c\"\nnumerator=\"n\"\ndenominator=\"d\"\ntiming=\"t\"\ncitation=\"c\"\nsql=\"SELECT 1\"";
        assert!(parse("x.toml", text).is_err());
    }
}
