//! The in-memory labor market and the lookups every analysis shares.

use std::collections::HashMap;

use crate::DataRelease;
use crate::load::LmiError;

/// An OEWS area.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Area {
    /// Seven-digit OEWS code.
    pub code: String,
    /// national, state or metro.
    pub kind: String,
    /// Name.
    pub title: String,
}

/// A SOC 2018 structure entry.
#[derive(Debug, Clone, Default)]
pub struct SocEntry {
    /// Title.
    pub title: String,
    /// major, minor, broad or detailed.
    pub level: String,
    /// The broad group, for joining OEWS/EP aggregate codes.
    pub broad: Option<String>,
}

/// OEWS employment and annual wages; `None` means BLS did not release it.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Wages {
    /// Wage-and-salary employment.
    pub employment: Option<f64>,
    /// Location quotient (share of local employment relative to the nation).
    pub location_quotient: Option<f64>,
    /// Mean annual wage.
    pub mean: Option<f64>,
    /// 10th percentile.
    pub p10: Option<f64>,
    /// 25th percentile.
    pub p25: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// 75th percentile.
    pub p75: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// BLS Employment Projections for an occupation (national, 2024–34).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Projection {
    /// Employment 2024 (people, including self-employed).
    pub employment_2024: Option<f64>,
    /// Growth 2024–34, percent.
    pub growth_pct: Option<f64>,
    /// Annual openings (people).
    pub annual_openings: Option<f64>,
    /// Median annual wage 2024.
    pub median_wage: Option<f64>,
    /// Typical education needed for entry.
    pub entry_education: Option<String>,
    /// Work experience in a related occupation.
    pub work_experience: Option<String>,
    /// Typical on-the-job training.
    pub training: Option<String>,
}

/// An O*NET-SOC occupation.
#[derive(Debug, Clone, Default)]
pub struct OnetOccupation {
    /// O*NET-SOC code (`NN-NNNN.NN`).
    pub onet_code: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Job Zone 1–5.
    pub job_zone: Option<u8>,
    /// RIASEC interest scores (1–7).
    pub interests: Option<[f64; 6]>,
    /// Skills with importance (1–5).
    pub skills: Vec<(String, f64)>,
    /// Knowledge with importance (1–5).
    pub knowledge: Vec<(String, f64)>,
}

/// Everything loaded from one data release.
#[derive(Debug, Default)]
pub struct LaborMarket {
    /// Which release.
    pub release: DataRelease,
    /// Areas by code.
    pub areas: HashMap<String, Area>,
    /// SOC structure.
    pub soc: HashMap<String, SocEntry>,
    /// OEWS by (area, SOC).
    pub wages: HashMap<(String, String), Wages>,
    /// Projections by SOC.
    pub projections: HashMap<String, Projection>,
    /// O*NET occupations by SOC.
    pub onet: HashMap<String, Vec<OnetOccupation>>,
    /// (SOC, alternate title).
    pub alternate_titles: Vec<(String, String)>,
    /// Related occupations by SOC.
    pub related: HashMap<String, Vec<String>>,
    /// CIP titles.
    pub cip_titles: HashMap<String, String>,
    /// CIP → SOC.
    pub cip_to_soc: HashMap<String, Vec<String>>,
    /// SOC → CIP.
    pub soc_to_cip: HashMap<String, Vec<String>>,
    /// NAICS (code, title).
    pub naics: Vec<(String, String)>,
    pub(crate) index: crate::search::Index,
}

/// Edit distance, for suggesting the closest valid codes.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl LaborMarket {
    /// The detailed SOC occupations with a title.
    pub fn detailed(&self) -> impl Iterator<Item = (&String, &SocEntry)> {
        self.soc.iter().filter(|(_, e)| e.level == "detailed")
    }

    /// A SOC title (SOC structure, else O*NET).
    pub fn title(&self, soc: &str) -> Option<String> {
        self.soc.get(soc).map(|e| e.title.clone()).or_else(|| {
            self.onet
                .get(soc)
                .and_then(|v| v.first())
                .map(|o| o.title.clone())
        })
    }

    /// Checks an area code, suggesting the closest when unknown.
    pub fn area(&self, code: &str) -> Result<&Area, LmiError> {
        self.areas.get(code).ok_or_else(|| {
            let mut near: Vec<(usize, &Area)> = self
                .areas
                .values()
                .map(|a| (levenshtein(code, &a.code), a))
                .collect();
            near.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.code.cmp(&y.1.code)));
            let suggestions: Vec<String> = near
                .iter()
                .take(3)
                .map(|(_, a)| format!("{} ({})", a.code, a.title))
                .collect();
            LmiError::Unknown {
                message: format!("no OEWS area {code:?}; closest: {}", suggestions.join(", ")),
                suggestions,
            }
        })
    }

    /// Checks a SOC code exists, suggesting the closest when unknown.
    pub fn occupation(&self, soc: &str) -> Result<String, LmiError> {
        if self.soc.get(soc).is_some_and(|e| e.level == "detailed") || self.onet.contains_key(soc) {
            return Ok(soc.to_owned());
        }
        let mut near: Vec<(usize, &String)> = self
            .detailed()
            .map(|(c, _)| (levenshtein(soc, c), c))
            .collect();
        near.sort();
        let suggestions: Vec<String> = near
            .iter()
            .take(3)
            .map(|(_, c)| format!("{c} ({})", self.title(c).unwrap_or_default()))
            .collect();
        Err(LmiError::Unknown {
            message: format!(
                "no detailed 2018 SOC occupation {soc:?}; closest: {}",
                suggestions.join(", ")
            ),
            suggestions,
        })
    }

    /// OEWS figures for an occupation in an area, through the broad group
    /// when BLS publishes only the aggregate (e.g. 29-2010 for 29-2011/12).
    pub fn wages(&self, area: &str, soc: &str) -> Option<Wages> {
        self.wages
            .get(&(area.to_owned(), soc.to_owned()))
            .copied()
            .or_else(|| {
                let broad = self.soc.get(soc)?.broad.clone()?;
                let agg = format!("{}0", &broad[..6]);
                self.wages
                    .get(&(area.to_owned(), agg))
                    .or_else(|| self.wages.get(&(area.to_owned(), broad)))
                    .copied()
            })
    }

    /// Projections, through the broad group when only the aggregate exists.
    pub fn projection(&self, soc: &str) -> Option<&Projection> {
        self.projections.get(soc).or_else(|| {
            let broad = self.soc.get(soc)?.broad.clone()?;
            self.projections
                .get(&format!("{}0", &broad[..6]))
                .or_else(|| self.projections.get(&broad))
        })
    }

    /// Annual openings scaled to the area by its share of national employment
    /// in the occupation (OEWS), the usual sub-state method when no state
    /// projection is at hand; `None` when either figure was not released.
    pub fn regional_openings(&self, area: &str, soc: &str) -> Option<f64> {
        let national = self.wages("0000000", soc)?.employment?;
        let local = self.wages(area, soc)?.employment?;
        let openings = self.projection(soc)?.annual_openings?;
        (national > 0.0).then(|| openings * local / national)
    }
}
