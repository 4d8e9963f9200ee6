//! The region a population is generated for: districts and schools,
//! programs of study and their pathways, postsecondary institutions and
//! employers. A region passes its real catalog (the demo does); without one,
//! [`Region::illustrative`] is a plausible Texas metro.

use serde::{Deserialize, Serialize};

use crate::SynthError;

/// A region's partners and programs, by the ids its own catalog uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Region id, reported as `districts.region_id` (default: the name).
    #[serde(default)]
    pub id: Option<String>,
    /// Region name.
    pub name: String,
    /// School districts (at least one, each with a high school).
    pub districts: Vec<District>,
    /// Pathways (at least one); their programs of study are in `programs_of_study`.
    pub pathways: Vec<Pathway>,
    /// Secondary programs of study: each belongs to a pathway, and to one district or all.
    pub programs_of_study: Vec<ProgramOfStudy>,
    /// Postsecondary institutions (at least one).
    pub institutions: Vec<Institution>,
    /// Employers named in the region's catalog. Others (restaurants,
    /// retailers, staffing agencies) are added with synthetic UI account ids.
    #[serde(default)]
    pub employers: Vec<Employer>,
}

/// A school district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct District {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Relative enrollment (any positive scale).
    #[serde(default = "one")]
    pub weight: f64,
    /// High schools (grades 9–12).
    pub high_schools: Vec<String>,
    /// Middle schools (grades 6–8); when empty, grades 6–8 are reported under `<district id>-MS`.
    #[serde(default)]
    pub middle_schools: Vec<String>,
}

fn one() -> f64 {
    1.0
}

/// The sex under-represented in a field (Perkins V §3(33), "non-traditional fields":
/// occupations in which one sex makes up less than 25 percent of workers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    /// Female.
    F,
    /// Male.
    M,
}

impl Sex {
    /// Contract spelling.
    pub fn code(self) -> &'static str {
        match self {
            Sex::F => "F",
            Sex::M => "M",
        }
    }
}

/// A pathway: its industries, credentials and postsecondary programs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pathway {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Industry sector key (e.g. `health_care`), for choosing related electives.
    pub sector: String,
    /// NAICS 2022 prefixes of the target industries (`62`, `3344`).
    pub target_naics: Vec<String>,
    /// The sex under-represented in the pathway's field, if any.
    #[serde(default)]
    pub nontraditional_for: Option<Sex>,
    /// Relative popularity among students (any positive scale).
    #[serde(default = "one")]
    pub popularity: f64,
    /// Credentials earned along the pathway, lowest first.
    #[serde(default)]
    pub credentials: Vec<Credential>,
    /// Postsecondary programs that continue the pathway.
    #[serde(default)]
    pub postsecondary: Vec<PostsecondaryProgram>,
}

/// A credential a pathway leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credential {
    /// Id.
    pub id: String,
    /// Contract type: `industry_certification`, `license`, `certificate`,
    /// `associate`, `bachelor`, `apprenticeship`.
    pub credential_type: String,
    /// A recognized postsecondary credential (WIOA §3(52)).
    pub recognized_postsecondary: bool,
}

/// A postsecondary program in a pathway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostsecondaryProgram {
    /// The institution that offers it.
    pub institution_id: String,
    /// `certificate`, `associate` or `bachelor`.
    pub level: String,
    /// CIP 2020 code.
    pub cip_code: String,
}

/// A secondary program of study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramOfStudy {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The pathway it belongs to.
    pub pathway_id: String,
    /// The district that offers it; `None`: every district.
    #[serde(default)]
    pub district_id: Option<String>,
    /// CIP 2020 code.
    pub cip_code: String,
    /// Courses in sequence order (dual-credit college courses last).
    pub courses: Vec<Course>,
}

/// A course in a program of study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// Id.
    pub id: String,
    /// Credits (high-school credits; for dual credit, the high-school credit awarded).
    pub credits: f64,
    /// Earns college credit (taught with the college, grades 11–12).
    #[serde(default)]
    pub dual_credit: bool,
}

/// Two-year or four-year institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    /// A community or technical college.
    TwoYear,
    /// A university.
    FourYear,
}

/// A postsecondary institution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Institution {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: InstitutionKind,
}

/// An employer with its UI account id and NAICS code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Employer {
    /// Id (the UI account number, or the catalog id).
    pub id: String,
    /// NAICS 2022 code, 2–6 digits.
    pub naics: String,
}

impl Region {
    /// Checks the description is usable: something to enroll in, ids that
    /// resolve, codes in shape.
    pub fn check(&self) -> Result<(), SynthError> {
        let bad = |m: String| Err(SynthError::Region(m));
        if self.districts.is_empty() {
            return bad("no districts".into());
        }
        for d in &self.districts {
            if d.high_schools.is_empty() {
                return bad(format!("district {}: no high schools", d.id));
            }
            if !(d.weight.is_finite() && d.weight > 0.0) {
                return bad(format!("district {}: weight must be positive", d.id));
            }
        }
        if self.pathways.is_empty() || self.programs_of_study.is_empty() {
            return bad("no pathways or programs of study".into());
        }
        if self.institutions.is_empty() {
            return bad("no postsecondary institutions".into());
        }
        for p in &self.pathways {
            if !(p.popularity.is_finite() && p.popularity > 0.0) {
                return bad(format!("pathway {}: popularity must be positive", p.id));
            }
            for n in &p.target_naics {
                if !is_naics(n) {
                    return bad(format!(
                        "pathway {}: target NAICS {n:?} is not 2–6 digits",
                        p.id
                    ));
                }
            }
            for s in &p.postsecondary {
                if !self.institutions.iter().any(|i| i.id == s.institution_id) {
                    return bad(format!(
                        "pathway {}: unknown institution {}",
                        p.id, s.institution_id
                    ));
                }
                if !is_cip(&s.cip_code)
                    || !matches!(s.level.as_str(), "certificate" | "associate" | "bachelor")
                {
                    return bad(format!("pathway {}: bad postsecondary program {s:?}", p.id));
                }
            }
            for c in &p.credentials {
                if !CREDENTIAL_TYPES.contains(&c.credential_type.as_str()) {
                    return bad(format!(
                        "pathway {}: credential type {:?}",
                        p.id, c.credential_type
                    ));
                }
            }
        }
        for pos in &self.programs_of_study {
            if !self.pathways.iter().any(|p| p.id == pos.pathway_id) {
                return bad(format!(
                    "program of study {}: unknown pathway {}",
                    pos.id, pos.pathway_id
                ));
            }
            if let Some(d) = &pos.district_id
                && !self.districts.iter().any(|x| &x.id == d)
            {
                return bad(format!("program of study {}: unknown district {d}", pos.id));
            }
            if !is_cip(&pos.cip_code) {
                return bad(format!(
                    "program of study {}: CIP {:?} is not NN.NNNN",
                    pos.id, pos.cip_code
                ));
            }
            if pos.courses.is_empty() {
                return bad(format!("program of study {}: no courses", pos.id));
            }
        }
        for e in &self.employers {
            if !is_naics(&e.naics) {
                return bad(format!(
                    "employer {}: NAICS {:?} is not 2–6 digits",
                    e.id, e.naics
                ));
            }
        }
        Ok(())
    }
}

/// Credential types of the contract.
pub const CREDENTIAL_TYPES: &[&str] = &[
    "industry_certification",
    "license",
    "certificate",
    "associate",
    "bachelor",
    "apprenticeship",
];

/// `NN.NNNN`.
pub fn is_cip(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[2] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}

/// 2–6 digits.
pub fn is_naics(s: &str) -> bool {
    (2..=6).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked() {
        assert!(is_cip("51.3801"));
        assert!(!is_cip("51.380"));
        assert!(!is_cip("5X.3801"));
        assert!(is_naics("62"));
        assert!(is_naics("622110"));
        assert!(!is_naics("6"));
        assert!(!is_naics("62a"));
    }

    #[test]
    fn a_region_without_districts_is_refused() {
        let mut r = Region::illustrative();
        assert!(r.check().is_ok());
        r.districts.clear();
        assert!(r.check().is_err());
    }

    #[test]
    fn a_program_of_an_unknown_pathway_is_refused() {
        let mut r = Region::illustrative();
        r.programs_of_study[0].pathway_id = "nope".into();
        let e = r.check().unwrap_err().to_string();
        assert!(e.contains("unknown pathway"), "{e}");
    }
}
