//! Reverse mapping (occupation → programs) and the supply–demand gap.

use serde::{Deserialize, Serialize};

use crate::load::LmiError;
use crate::market::LaborMarket;
use crate::targeting::{Assessment, TargetingRule};

/// A program of the regional catalog, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CatalogProgram {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// CIP code.
    pub cip: String,
    /// Program kind (program_of_study, associate, …).
    pub kind: String,
    /// Provider name.
    pub provider: String,
    /// Seats a year.
    pub seats: i64,
    /// Completers a year.
    pub annual_completers: i64,
}

/// A credential of the regional catalog, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CatalogCredential {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Occupations it leads to.
    pub occupations: Vec<String>,
}

/// From an occupation back to what prepares for it in the region.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ReverseMap {
    /// SOC.
    pub soc: String,
    /// Title.
    pub title: String,
    /// Area median wage at this exit.
    pub median_wage: Option<f64>,
    /// Credentials in the catalog that lead to it.
    pub credentials: Vec<CatalogCredential>,
    /// Instructional programs (CIP) that prepare for it, each with the regional programs offering it.
    pub cip_programs: Vec<CipBranch>,
}

/// One CIP code and the regional programs teaching it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CipBranch {
    /// CIP code.
    pub cip: String,
    /// CIP title.
    pub title: String,
    /// Postsecondary programs.
    pub postsecondary: Vec<CatalogProgram>,
    /// High-school programs of study in the same CIP series that feed them.
    pub secondary: Vec<CatalogProgram>,
}

/// Supply against demand for one targeted occupation.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Gap {
    /// SOC.
    pub soc: String,
    /// Title.
    pub title: String,
    /// Regional annual openings.
    pub annual_openings: Option<f64>,
    /// Completers a year of regional postsecondary programs leading to it.
    pub completers: i64,
    /// Seats a year in those programs.
    pub seats: i64,
    /// Programs counted.
    pub programs: Vec<String>,
    /// no_regional_program, under_supply.
    pub flags: Vec<String>,
}

fn secondary(kind: &str) -> bool {
    kind == "program_of_study"
}

impl LaborMarket {
    /// The reverse map of `soc` for an area and catalog.
    pub fn reverse_map(
        &self,
        soc: &str,
        area: &str,
        programs: &[CatalogProgram],
        credentials: &[CatalogCredential],
    ) -> Result<ReverseMap, LmiError> {
        let soc = self.occupation(soc)?;
        let area = self.area(area)?.code.clone();
        let cips = self.soc_to_cip.get(&soc).cloned().unwrap_or_default();
        let cip_programs = cips
            .iter()
            .map(|c| CipBranch {
                cip: c.clone(),
                title: self.cip_titles.get(c).cloned().unwrap_or_default(),
                postsecondary: programs
                    .iter()
                    .filter(|p| &p.cip == c && !secondary(&p.kind))
                    .cloned()
                    .collect(),
                secondary: programs
                    .iter()
                    .filter(|p| secondary(&p.kind) && p.cip.get(..2) == c.get(..2))
                    .cloned()
                    .collect(),
            })
            .collect();
        Ok(ReverseMap {
            title: self.title(&soc).unwrap_or_default(),
            median_wage: self.wages(&area, &soc).and_then(|w| w.median),
            credentials: credentials
                .iter()
                .filter(|c| c.occupations.contains(&soc))
                .cloned()
                .collect(),
            cip_programs,
            soc,
        })
    }

    /// Gaps for the targeted occupations of an area.
    pub fn gaps(
        &self,
        area: &str,
        rule: &TargetingRule,
        programs: &[CatalogProgram],
    ) -> Result<Vec<Gap>, LmiError> {
        self.gaps_with(area, rule, programs, &std::collections::HashMap::new())
    }

    /// Like [`LaborMarket::gaps`], counting employers' vetted reports.
    pub fn gaps_with(
        &self,
        area: &str,
        rule: &TargetingRule,
        programs: &[CatalogProgram],
        employers: &std::collections::HashMap<String, crate::targeting::EmployerSignal>,
    ) -> Result<Vec<Gap>, LmiError> {
        let targeted: Vec<Assessment> = self
            .assess_with(area, rule, employers)?
            .into_iter()
            .filter(|a| a.targeted)
            .collect();
        Ok(targeted
            .into_iter()
            .map(|a| {
                let cips = self.soc_to_cip.get(&a.soc).cloned().unwrap_or_default();
                let leading: Vec<&CatalogProgram> = programs
                    .iter()
                    .filter(|p| !secondary(&p.kind) && cips.contains(&p.cip))
                    .collect();
                let completers: i64 = leading.iter().map(|p| p.annual_completers).sum();
                let seats: i64 = leading.iter().map(|p| p.seats).sum();
                let mut flags = Vec::new();
                if leading.is_empty() {
                    flags.push("no_regional_program".to_owned());
                } else if a
                    .regional_openings
                    .is_some_and(|o| (completers as f64) < o * 0.5)
                {
                    flags.push("under_supply".to_owned());
                }
                Gap {
                    soc: a.soc,
                    title: a.title,
                    annual_openings: a.regional_openings,
                    completers,
                    seats,
                    programs: leading.iter().map(|p| p.name.clone()).collect(),
                    flags,
                }
            })
            .collect())
    }

    /// Programs whose occupations are neither high-wage nor in demand here.
    pub fn weak_programs(
        &self,
        area: &str,
        rule: &TargetingRule,
        programs: &[CatalogProgram],
    ) -> Result<Vec<(CatalogProgram, String)>, LmiError> {
        let assessed = self.assess(area, rule)?;
        let strong: std::collections::HashSet<&str> = assessed
            .iter()
            .filter(|a| a.tests.iter().take(2).any(|t| t.passed))
            .map(|a| a.soc.as_str())
            .collect();
        Ok(programs
            .iter()
            .filter(|p| !secondary(&p.kind))
            .filter_map(|p| {
                let socs = self.cip_to_soc.get(&p.cip)?;
                (!socs.iter().any(|s| strong.contains(s.as_str()))).then(|| {
                    (
                        p.clone(),
                        format!(
                            "none of its {} occupations is high-wage or in demand in this area",
                            socs.len()
                        ),
                    )
                })
            })
            .collect())
    }
}

/// Writes gaps as CSV.
pub fn gaps_csv(gaps: &[Gap]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "soc",
        "title",
        "annual_openings",
        "completers",
        "seats",
        "flags",
        "programs",
    ]);
    for g in gaps {
        let _ = w.write_record([
            g.soc.clone(),
            g.title.clone(),
            g.annual_openings
                .map(|o| format!("{o:.0}"))
                .unwrap_or_default(),
            g.completers.to_string(),
            g.seats.to_string(),
            g.flags.join(";"),
            g.programs.join(";"),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
