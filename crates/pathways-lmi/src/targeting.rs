//! Targeted occupations: high-wage, in-demand, within an education ceiling,
//! by a rule the region sets and every result explains.

use serde::{Deserialize, Serialize};

use crate::load::LmiError;
use crate::market::LaborMarket;

/// The region's rule. Defaults follow common state practice: a wage at or
/// above the area's all-occupation median, openings or growth above a
/// threshold, and entry below a bachelor's degree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TargetingRule {
    /// A living-wage floor; when absent, the area's all-occupation median wage.
    pub wage_floor: Option<f64>,
    /// Minimum annual openings scaled to the area.
    pub min_regional_openings: f64,
    /// Or: growth at least the national all-occupation rate.
    pub growth_at_least_national: bool,
    /// Typical entry education allowed (BLS categories).
    pub allowed_education: Vec<String>,
    /// Count employers' vetted 12-month forecasts toward in-demand.
    pub use_employer_forecasts: bool,
}

/// What the region's employers reported (vetted) for an occupation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmployerSignal {
    /// Employers reporting.
    pub employers: usize,
    /// Openings now, summed.
    pub current_openings: i64,
    /// Openings expected in 12 months, summed.
    pub forecast_12_months: i64,
    /// Credentials they require.
    pub required_credentials: Vec<String>,
}

impl Default for TargetingRule {
    fn default() -> Self {
        Self {
            wage_floor: None,
            min_regional_openings: 25.0,
            growth_at_least_national: true,
            allowed_education: [
                "No formal educational credential",
                "High school diploma or equivalent",
                "Postsecondary nondegree award",
                "Some college, no degree",
                "Associate's degree",
            ]
            .map(String::from)
            .to_vec(),
            use_employer_forecasts: true,
        }
    }
}

/// One test of the rule and how the occupation did.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Test {
    /// high_wage, in_demand or education.
    pub name: String,
    /// Passed.
    pub passed: bool,
    /// The inputs and the comparison, in words.
    pub because: String,
}

/// An occupation with the rule's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    /// SOC.
    pub soc: String,
    /// Title.
    pub title: String,
    /// Area median wage.
    pub median_wage: Option<f64>,
    /// Area employment.
    pub employment: Option<f64>,
    /// Annual openings scaled to the area.
    pub regional_openings: Option<f64>,
    /// National growth 2024–34, percent.
    pub growth_pct: Option<f64>,
    /// Typical entry education.
    pub entry_education: Option<String>,
    /// Employers' vetted reports, shown beside the public data.
    pub employers: Option<EmployerSignal>,
    /// Every test.
    pub tests: Vec<Test>,
    /// All tests passed.
    pub targeted: bool,
}

fn money(x: f64) -> String {
    pathways_domain::figures::dollars(x)
}

impl LaborMarket {
    /// Assesses every detailed occupation employed in `area`; targeted first.
    pub fn assess(&self, area: &str, rule: &TargetingRule) -> Result<Vec<Assessment>, LmiError> {
        self.assess_with(area, rule, &std::collections::HashMap::new())
    }

    /// Like [`LaborMarket::assess`], with employers' vetted reports by SOC.
    pub fn assess_with(
        &self,
        area: &str,
        rule: &TargetingRule,
        employers: &std::collections::HashMap<String, EmployerSignal>,
    ) -> Result<Vec<Assessment>, LmiError> {
        let area = self.area(area)?.code.clone();
        let floor = rule
            .wage_floor
            .or_else(|| self.wages(&area, "00-0000").and_then(|w| w.median));
        let national_growth = self.projections.get("00-0000").and_then(|p| p.growth_pct);
        let mut out = Vec::new();
        for (soc, entry) in self.detailed() {
            let Some(w) = self.wages.get(&(area.clone(), soc.clone())) else {
                continue;
            };
            let p = self.projection(soc);
            let openings = self.regional_openings(&area, soc);
            let growth = p.and_then(|p| p.growth_pct);
            let education = p.and_then(|p| p.entry_education.clone());
            let high_wage = match (w.median, floor) {
                (Some(m), Some(f)) => Test {
                    name: "high_wage".into(),
                    passed: m >= f,
                    because: format!("median {} vs floor {}", money(m), money(f)),
                },
                (None, _) => Test {
                    name: "high_wage".into(),
                    passed: false,
                    because: "median wage not released by BLS for this area".into(),
                },
                (_, None) => Test {
                    name: "high_wage".into(),
                    passed: false,
                    because: "no wage floor: set one for the region".into(),
                },
            };
            let by_openings = openings.is_some_and(|o| o >= rule.min_regional_openings);
            let by_growth = rule.growth_at_least_national
                && matches!((growth, national_growth), (Some(g), Some(n)) if g >= n);
            let signal = employers.get(soc).cloned();
            let by_employers = rule.use_employer_forecasts
                && signal
                    .as_ref()
                    .is_some_and(|e| e.forecast_12_months as f64 >= rule.min_regional_openings);
            let in_demand = Test {
                name: "in_demand".into(),
                passed: by_openings || by_growth || by_employers,
                because: format!(
                    "{} regional openings a year (need {}); growth {} vs national {}{}",
                    openings.map_or("unknown".into(), |o| format!("{o:.0}")),
                    rule.min_regional_openings,
                    growth.map_or("unknown".into(), |g| format!("{g:.1}%")),
                    national_growth.map_or("unknown".into(), |g| format!("{g:.1}%")),
                    signal.as_ref().map_or(String::new(), |e| format!(
                        "; {} employers forecast {} openings in 12 months",
                        e.employers, e.forecast_12_months
                    )),
                ),
            };
            let edu_ok = education
                .as_ref()
                .is_some_and(|e| rule.allowed_education.iter().any(|a| a == e));
            let edu = Test {
                name: "education".into(),
                passed: edu_ok,
                because: format!(
                    "typical entry: {}",
                    education.clone().unwrap_or_else(|| "not published".into())
                ),
            };
            let targeted = high_wage.passed && in_demand.passed && edu.passed;
            out.push(Assessment {
                soc: soc.clone(),
                title: entry.title.clone(),
                median_wage: w.median,
                employment: w.employment,
                regional_openings: openings,
                growth_pct: growth,
                entry_education: education,
                employers: signal,
                tests: vec![high_wage, in_demand, edu],
                targeted,
            });
        }
        out.sort_by(|a, b| {
            b.targeted
                .cmp(&a.targeted)
                .then(
                    b.regional_openings
                        .unwrap_or(0.0)
                        .partial_cmp(&a.regional_openings.unwrap_or(0.0))
                        .unwrap_or(std::cmp::Ordering::Equal),
                )
                .then(a.soc.cmp(&b.soc))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(97890.0), "$97,890");
        assert_eq!(money(1234567.4), "$1,234,567");
        assert_eq!(money(950.0), "$950");
    }
}
