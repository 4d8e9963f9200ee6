//! What every simulated person shares: the region resolved into indices,
//! choice tables and the employer pools, built once before the first person.

use crate::region::{InstitutionKind, Region};
use crate::{Params, SynthError};

/// A cumulative distribution over indices.
#[derive(Debug, Clone)]
pub(crate) struct Cdf(Vec<f64>);

impl Cdf {
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Cdf {
        let mut acc = 0.0;
        let mut v: Vec<f64> = weights
            .into_iter()
            .map(|w| {
                acc += w.max(0.0);
                acc
            })
            .collect();
        if acc > 0.0 {
            for x in &mut v {
                *x /= acc;
            }
        }
        Cdf(v)
    }

    /// The index whose bucket holds `u` in [0, 1).
    pub(crate) fn pick(&self, u: f64) -> usize {
        let i = self.0.partition_point(|&c| c <= u);
        i.min(self.0.len().saturating_sub(1))
    }
}

/// An employer as wage records name it.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) id: String,
    pub(crate) naics: String,
    /// Earnings relative to the all-industry average for young workers.
    pub(crate) pay: f64,
}

/// A pool of employers with a choice table.
#[derive(Debug, Clone)]
pub(crate) struct Pool {
    pub(crate) jobs: Vec<usize>,
    pub(crate) cdf: Cdf,
}

/// A postsecondary program a person may enroll in.
#[derive(Debug, Clone)]
pub(crate) struct PsProgram {
    pub(crate) institution: usize,
    pub(crate) level: &'static str,
    pub(crate) cip: String,
    pub(crate) cte: bool,
    /// The pathway it continues, if any.
    pub(crate) pathway: Option<usize>,
}

/// The resolved region.
pub(crate) struct World<'r> {
    pub(crate) region: &'r Region,
    pub(crate) params: Params,
    pub(crate) districts: Cdf,
    /// Race/ethnicity choice.
    pub(crate) race: Cdf,
    /// Per district: middle-school ids (a `<district>-MS` stand-in when none given).
    pub(crate) middle_schools: Vec<Vec<String>>,
    /// Per district and pathway: the program of study index offered there.
    pub(crate) pos_in: Vec<Vec<Option<usize>>>,
    /// Per program of study: its pathway index.
    pub(crate) pos_pathway: Vec<usize>,
    /// Pathway choice for girls and for boys (non-traditional fields are chosen less by the under-represented sex).
    pub(crate) pathway_f: Cdf,
    pub(crate) pathway_m: Cdf,
    /// Every employer: named ones first, then synthetic ones.
    pub(crate) jobs: Vec<Job>,
    /// Per pathway: employers in its target industries.
    pub(crate) target: Vec<Pool>,
    /// Teen jobs (food service, retail, recreation).
    pub(crate) teen: Pool,
    /// Everyone else's jobs.
    pub(crate) general: Pool,
    pub(crate) two_year: Vec<usize>,
    pub(crate) four_year: Vec<usize>,
    /// Postsecondary programs: the pathways' and general ones.
    pub(crate) ps: Vec<PsProgram>,
    /// Per pathway: indices into `ps`.
    pub(crate) ps_of_pathway: Vec<Vec<usize>>,
    /// General programs by kind (two-year, four-year): indices into `ps`.
    pub(crate) ps_general: [Vec<usize>; 2],
}

/// Typical quarterly-earnings ratio by NAICS sector for workers under 30 (illustrative,
/// in the spirit of Census QWI earnings by industry and age).
pub(crate) fn industry_pay(naics: &str) -> f64 {
    match naics.get(..3).unwrap_or(naics) {
        "622" => 1.18,
        "621" => 1.02,
        "623" => 0.88,
        "517" | "518" | "513" => 1.35,
        "541" => 1.38,
        "445" | "455" | "456" | "458" => 0.82,
        "722" => 0.70,
        "713" => 0.68,
        "561" => 0.92,
        "611" => 0.88,
        "624" => 0.78,
        "522" => 1.18,
        "493" | "492" => 1.02,
        _ => match naics.get(..2).unwrap_or(naics) {
            "31" | "32" | "33" => 1.20,
            "23" => 1.12,
            "62" => 1.0,
            "51" => 1.3,
            _ => 1.0,
        },
    }
}

/// Synthetic UI accounts per industry.
const SYNTHETIC_PER_INDUSTRY: usize = 40;
/// Industries where teens work: (NAICS, weight).
const TEEN: &[(&str, f64)] = &[
    ("722513", 0.30),
    ("722511", 0.20),
    ("445110", 0.14),
    ("455211", 0.10),
    ("458110", 0.08),
    ("713940", 0.08),
    ("624410", 0.05),
    ("561320", 0.05),
];
/// Industries of young adults' jobs outside the targeted sectors: (NAICS, weight).
const GENERAL: &[(&str, f64)] = &[
    ("722511", 0.11),
    ("722513", 0.08),
    ("445110", 0.08),
    ("455211", 0.07),
    ("458110", 0.04),
    ("561320", 0.10),
    ("493110", 0.08),
    ("492110", 0.04),
    ("611110", 0.06),
    ("624410", 0.04),
    ("522110", 0.05),
    ("541611", 0.04),
    ("524210", 0.03),
    ("811111", 0.03),
    ("531110", 0.03),
    ("921190", 0.04),
];
/// General two-year programs: (CIP, level, CTE).
const GENERAL_2Y: &[(&str, &str, bool)] = &[
    ("24.0101", "associate", false),
    ("24.0101", "associate", false),
    ("52.0201", "associate", true),
    ("43.0104", "associate", true),
];
/// General four-year programs.
const GENERAL_4Y: &[(&str, &str, bool)] = &[
    ("52.0201", "bachelor", false),
    ("26.0101", "bachelor", false),
    ("42.0101", "bachelor", false),
    ("13.1202", "bachelor", false),
    ("45.1001", "bachelor", false),
    ("09.0101", "bachelor", false),
    ("14.0801", "bachelor", false),
    ("50.0701", "bachelor", false),
];

impl<'r> World<'r> {
    pub(crate) fn new(region: &'r Region, params: Params) -> Result<World<'r>, SynthError> {
        region.check()?;
        let np = region.pathways.len();
        let pathway_index = |id: &str| region.pathways.iter().position(|p| p.id == id);
        let mut pos_pathway = Vec::new();
        for pos in &region.programs_of_study {
            pos_pathway.push(pathway_index(&pos.pathway_id).ok_or_else(|| {
                SynthError::Region(format!("unknown pathway {}", pos.pathway_id))
            })?);
        }
        let mut pos_in = vec![vec![None; np]; region.districts.len()];
        for (d, district) in region.districts.iter().enumerate() {
            for (k, pos) in region.programs_of_study.iter().enumerate() {
                let here = pos.district_id.as_deref() == Some(district.id.as_str());
                let everywhere = pos.district_id.is_none();
                let slot = &mut pos_in[d][pos_pathway[k]];
                if here || (everywhere && slot.is_none()) {
                    *slot = Some(k);
                }
            }
        }
        let offered = |p: usize| pos_in.iter().any(|d| d[p].is_some());
        let weight = |p: usize, sex: crate::region::Sex| {
            let pw = &region.pathways[p];
            if !offered(p) {
                return 0.0;
            }
            // Roughly one in four or five students in a non-traditional field is of the under-represented sex.
            let factor = if pw.nontraditional_for == Some(sex) {
                0.28
            } else {
                1.0
            };
            pw.popularity * factor
        };
        let pathway_f = Cdf::new((0..np).map(|p| weight(p, crate::region::Sex::F)));
        let pathway_m = Cdf::new((0..np).map(|p| weight(p, crate::region::Sex::M)));

        let mut jobs: Vec<Job> = region
            .employers
            .iter()
            .map(|e| Job {
                id: e.id.clone(),
                naics: e.naics.clone(),
                pay: industry_pay(&e.naics),
            })
            .collect();
        let named = jobs.len();
        let synthetic = |naics: &str, tag: &str, jobs: &mut Vec<Job>| -> Vec<usize> {
            (0..SYNTHETIC_PER_INDUSTRY)
                .map(|k| {
                    jobs.push(Job {
                        id: format!("UI-{naics}-{tag}{k:02}"),
                        naics: naics.to_owned(),
                        pay: industry_pay(naics),
                    });
                    jobs.len() - 1
                })
                .collect()
        };
        let mut target = Vec::with_capacity(np);
        for p in &region.pathways {
            let matches = |n: &str| p.target_naics.iter().any(|t| n.starts_with(t.as_str()));
            let mine: Vec<usize> = (0..named).filter(|&j| matches(&jobs[j].naics)).collect();
            // Named employers are a region's anchors, not all of its jobs: add UI accounts in the same industries.
            let mut naics: Vec<String> = mine.iter().map(|&j| jobs[j].naics.clone()).collect();
            naics.sort();
            naics.dedup();
            if naics.is_empty() {
                naics = p.target_naics.clone();
            }
            let mut pool = mine.clone();
            let mut w: Vec<f64> = mine.iter().map(|_| 3.0).collect();
            for n in &naics {
                let ids = synthetic(n, "T", &mut jobs);
                w.extend(ids.iter().map(|_| 1.0));
                pool.extend(ids);
            }
            target.push(Pool {
                cdf: Cdf::new(w),
                jobs: pool,
            });
        }
        let pool_of = |list: &[(&str, f64)], tag: &str, jobs: &mut Vec<Job>| {
            let mut pool = Vec::new();
            let mut w = Vec::new();
            for (n, wt) in list {
                let ids = synthetic(n, tag, jobs);
                w.extend(ids.iter().map(|_| wt / SYNTHETIC_PER_INDUSTRY as f64));
                pool.extend(ids);
            }
            (pool, w)
        };
        let (teen_jobs, teen_w) = pool_of(TEEN, "Y", &mut jobs);
        let (mut general_jobs, mut general_w) = pool_of(GENERAL, "G", &mut jobs);
        // Named employers hire from the general labor market too.
        for j in 0..named {
            general_jobs.push(j);
            general_w.push(0.15 / named as f64 * 4.0);
        }

        let kind_of = |k: InstitutionKind| -> Vec<usize> {
            (0..region.institutions.len())
                .filter(|&i| region.institutions[i].kind == k)
                .collect()
        };
        let two_year = kind_of(InstitutionKind::TwoYear);
        let four_year = kind_of(InstitutionKind::FourYear);
        let mut ps = Vec::new();
        let mut ps_of_pathway = vec![Vec::new(); np];
        for (p, pw) in region.pathways.iter().enumerate() {
            for prog in &pw.postsecondary {
                let Some(institution) = region
                    .institutions
                    .iter()
                    .position(|i| i.id == prog.institution_id)
                else {
                    continue;
                };
                let level = match prog.level.as_str() {
                    "certificate" => "certificate",
                    "associate" => "associate",
                    _ => "bachelor",
                };
                ps_of_pathway[p].push(ps.len());
                ps.push(PsProgram {
                    institution,
                    level,
                    cip: prog.cip_code.clone(),
                    // Perkins V postsecondary CTE is sub-baccalaureate.
                    cte: level != "bachelor",
                    pathway: Some(p),
                });
            }
        }
        let mut ps_general = [Vec::new(), Vec::new()];
        for (slot, insts, list) in [(0, &two_year, GENERAL_2Y), (1, &four_year, GENERAL_4Y)] {
            for &institution in insts {
                for (cip, level, cte) in list {
                    ps_general[slot].push(ps.len());
                    ps.push(PsProgram {
                        institution,
                        level,
                        cip: (*cip).to_owned(),
                        cte: *cte,
                        pathway: None,
                    });
                }
            }
        }
        let middle_schools = region
            .districts
            .iter()
            .map(|d| {
                if d.middle_schools.is_empty() {
                    vec![format!("{}-MS", d.id)]
                } else {
                    d.middle_schools.clone()
                }
            })
            .collect();
        Ok(World {
            region,
            params,
            districts: Cdf::new(region.districts.iter().map(|d| d.weight)),
            race: crate::person::race_cdf(),
            middle_schools,
            pos_in,
            pos_pathway,
            pathway_f,
            pathway_m,
            jobs,
            target,
            teen: Pool {
                jobs: teen_jobs,
                cdf: Cdf::new(teen_w),
            },
            general: Pool {
                jobs: general_jobs,
                cdf: Cdf::new(general_w),
            },
            two_year,
            four_year,
            ps,
            ps_of_pathway,
            ps_general,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cdf_picks_by_weight() {
        let c = Cdf::new([1.0, 0.0, 3.0]);
        assert_eq!(c.pick(0.0), 0);
        assert_eq!(c.pick(0.24), 0);
        assert_eq!(c.pick(0.26), 2);
        assert_eq!(c.pick(0.999), 2);
    }

    #[test]
    fn every_pathway_has_target_employers() {
        let r = Region::illustrative();
        let w = World::new(&r, Params::default()).unwrap();
        for (p, pool) in w.target.iter().enumerate() {
            assert!(!pool.jobs.is_empty());
            for &j in &pool.jobs {
                let n = &w.jobs[j].naics;
                assert!(
                    r.pathways[p]
                        .target_naics
                        .iter()
                        .any(|t| n.starts_with(t.as_str())),
                    "{n} is not a target industry of {}",
                    r.pathways[p].id
                );
            }
        }
    }
}
