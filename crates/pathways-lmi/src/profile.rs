//! The occupation profile: wages, demand, entry requirements and O*NET detail.

use crate::Credits;
use crate::load::LmiError;
use crate::market::{LaborMarket, Projection, Wages};

/// Everything a convener, counselor or family needs to know about an occupation in an area.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Profile {
    /// SOC code.
    pub soc: String,
    /// Title.
    pub title: String,
    /// What the work is.
    pub description: Option<String>,
    /// The area.
    pub area: crate::market::Area,
    /// OEWS in the area (blank figures were not released).
    pub wages: Option<Wages>,
    /// OEWS nationally.
    pub national_wages: Option<Wages>,
    /// National projections 2024–34.
    pub projection: Option<Projection>,
    /// Annual openings scaled to the area.
    pub regional_annual_openings: Option<f64>,
    /// O*NET Job Zone (1 little preparation … 5 extensive).
    pub job_zone: Option<u8>,
    /// Top skills by importance.
    pub top_skills: Vec<String>,
    /// Top knowledge areas by importance.
    pub top_knowledge: Vec<String>,
    /// RIASEC interest profile (realistic … conventional), 1–7.
    pub interests: Option<[f64; 6]>,
    /// Related occupations (SOC, title).
    pub related: Vec<(String, String)>,
    /// Programs that prepare for it (CIP code, title).
    pub programs: Vec<(String, String)>,
    /// Source credits.
    pub credits: Credits,
}

fn top(items: &[(String, f64)], n: usize) -> Vec<String> {
    let mut v: Vec<&(String, f64)> = items.iter().collect();
    v.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    v.into_iter().take(n).map(|(s, _)| s.clone()).collect()
}

impl LaborMarket {
    /// The profile of `soc` in `area`.
    pub fn profile(&self, soc: &str, area: &str) -> Result<Profile, LmiError> {
        let soc = self.occupation(soc)?;
        let area = self.area(area)?.clone();
        // The ".00" O*NET occupation is the SOC occupation itself.
        let onet = self.onet.get(&soc).and_then(|v| {
            v.iter()
                .find(|o| o.onet_code.ends_with(".00"))
                .or(v.first())
        });
        Ok(Profile {
            title: self.title(&soc).unwrap_or_default(),
            description: onet.map(|o| o.description.clone()),
            wages: self.wages(&area.code, &soc),
            national_wages: self.wages("0000000", &soc),
            projection: self.projection(&soc).cloned(),
            regional_annual_openings: self.regional_openings(&area.code, &soc),
            job_zone: onet.and_then(|o| o.job_zone),
            top_skills: onet.map(|o| top(&o.skills, 6)).unwrap_or_default(),
            top_knowledge: onet.map(|o| top(&o.knowledge, 6)).unwrap_or_default(),
            interests: onet.and_then(|o| o.interests),
            related: self
                .related
                .get(&soc)
                .map(|v| {
                    v.iter()
                        .take(8)
                        .map(|r| (r.clone(), self.title(r).unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default(),
            programs: self
                .soc_to_cip
                .get(&soc)
                .map(|v| {
                    v.iter()
                        .map(|c| {
                            (
                                c.clone(),
                                self.cip_titles.get(c).cloned().unwrap_or_default(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            credits: crate::credits(),
            area,
            soc,
        })
    }
}
