//! Matching an interest profile to occupations, ranked with regional wages
//! and demand.
//!
//! Fit is the Pearson correlation between the student's six scores and the
//! occupation's O*NET interest profile — the shape of the profile matters,
//! not its level, as in O*NET's own Interest Profiler matching. Among
//! occupations that fit, those that pay well and hire here come first: the
//! rank blends fit (70%) with the area median wage and the openings scaled
//! to the area (15% each, as percentiles among the candidates).

use pathways_lmi::LaborMarket;
use serde::Serialize;
use utoipa::ToSchema;

use crate::inventory::InterestProfile;

/// An occupation suggested as a goal.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GoalMatch {
    /// SOC code.
    pub soc: String,
    /// Title.
    pub title: String,
    /// Correlation of interests, −1 to 1.
    pub fit: f64,
    /// The occupation's three-letter interest code.
    pub interest_code: String,
    /// Area median annual wage.
    pub median_wage: Option<f64>,
    /// Annual openings scaled to the area.
    pub regional_openings: Option<f64>,
    /// National growth 2024–34, percent.
    pub growth_pct: Option<f64>,
    /// Typical entry education.
    pub entry_education: Option<String>,
    /// The blended rank score (higher first).
    pub rank_score: f64,
}

/// Pearson correlation of two six-score profiles (0 when either is flat).
pub fn fit(a: &[f64; 6], b: &[f64; 6]) -> f64 {
    let ma = a.iter().sum::<f64>() / 6.0;
    let mb = b.iter().sum::<f64>() / 6.0;
    let (mut num, mut da, mut db) = (0.0, 0.0, 0.0);
    for k in 0..6 {
        num += (a[k] - ma) * (b[k] - mb);
        da += (a[k] - ma).powi(2);
        db += (b[k] - mb).powi(2);
    }
    if da <= f64::EPSILON || db <= f64::EPSILON {
        0.0
    } else {
        num / (da.sqrt() * db.sqrt())
    }
}

fn percentile(values: &[Option<f64>]) -> Vec<f64> {
    let mut known: Vec<f64> = values.iter().flatten().copied().collect();
    known.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values
        .iter()
        .map(|v| match v {
            Some(x) if !known.is_empty() => {
                known.partition_point(|k| k < x) as f64 / known.len() as f64
            }
            _ => 0.0,
        })
        .collect()
}

/// The best `limit` occupations for `profile` in `area`, among those with an
/// O*NET interest profile and employment in the area (when any is known).
pub fn match_goals(
    market: &LaborMarket,
    profile: &InterestProfile,
    area: &str,
    limit: usize,
) -> Vec<GoalMatch> {
    let mut out: Vec<GoalMatch> = Vec::new();
    for (soc, list) in &market.onet {
        let Some(o) = list
            .iter()
            .find(|o| o.onet_code.ends_with(".00"))
            .or(list.first())
        else {
            continue;
        };
        let Some(interests) = o.interests else {
            continue;
        };
        let wages = market.wages(area, soc);
        if wages.is_none_or(|w| w.employment.is_none()) {
            continue;
        }
        let ip = InterestProfile(interests);
        let proj = market.projection(soc);
        out.push(GoalMatch {
            soc: soc.clone(),
            title: market.title(soc).unwrap_or_else(|| o.title.clone()),
            fit: fit(&profile.0, &interests),
            interest_code: ip.code(),
            median_wage: wages.and_then(|w| w.median),
            regional_openings: market.regional_openings(area, soc),
            growth_pct: proj.and_then(|p| p.growth_pct),
            entry_education: proj.and_then(|p| p.entry_education.clone()),
            rank_score: 0.0,
        });
    }
    // Only occupations that fit are ranked by pay and demand.
    out.retain(|m| m.fit > 0.3);
    let wage_p = percentile(&out.iter().map(|m| m.median_wage).collect::<Vec<_>>());
    let open_p = percentile(&out.iter().map(|m| m.regional_openings).collect::<Vec<_>>());
    for (k, m) in out.iter_mut().enumerate() {
        m.rank_score = 0.7 * m.fit + 0.15 * wage_p[k] + 0.15 * open_p[k];
    }
    out.sort_by(|a, b| {
        b.rank_score
            .partial_cmp(&a.rank_score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.soc.cmp(&b.soc))
    });
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_is_a_correlation() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert!((fit(&a, &a) - 1.0).abs() < 1e-9);
        let b = [6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
        assert!((fit(&a, &b) + 1.0).abs() < 1e-9);
        assert_eq!(fit(&a, &[3.0; 6]), 0.0);
    }

    #[test]
    fn percentiles_rank_known_values() {
        let p = percentile(&[Some(10.0), None, Some(30.0), Some(20.0)]);
        assert_eq!(p, vec![0.0, 0.0, 2.0 / 3.0, 1.0 / 3.0]);
    }
}
