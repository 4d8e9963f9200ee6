//! The regional catalog: regions, organizations, occupations, industries,
//! programs, courses, credentials and pathways.
//!
//! Each entity comes in two shapes: the `*Input` a user writes (create and
//! update take the same fields, so a client can GET, edit, and PUT back), and
//! the stored entity with its id and version. The version is what makes
//! concurrent edits safe: an update names the version it read, and a stale one
//! is refused instead of silently overwriting someone else's change.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::codes::{CipCode, NaicsCode, SocCode};
use crate::validation::{Problems, Validate};
use crate::vocab::{
    CourseLevel, CredentialKind, IndustrySector, OrganizationKind, ProgramKind, Sector,
};

/// Database identifier of a catalog row.
pub type Id = i64;

/// Longest name or title the catalog accepts.
pub const MAX_NAME: usize = 200;
/// Longest free-text description the catalog accepts.
pub const MAX_TEXT: usize = 4000;

/// An OEWS area code: seven digits (state `00000SS`, metro `00CCCCC`, national `0000000`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "0012420")]
pub struct AreaCode(String);

impl AreaCode {
    /// Parses a seven-digit OEWS area code (shorter all-digit codes are zero-padded,
    /// as spreadsheets drop leading zeros).
    pub fn parse(text: &str) -> Result<Self, crate::codes::CodeError> {
        let t = text.trim();
        if !t.is_empty() && t.len() <= 7 && t.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(format!("{t:0>7}")))
        } else {
            Err(crate::codes::CodeError {
                kind: "OEWS area",
                given: text.to_owned(),
                expected: "7 digits (e.g. 0012420 for Austin-Round Rock-San Marcos, TX)",
            })
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AreaCode {
    type Error = crate::codes::CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<AreaCode> for String {
    fn from(a: AreaCode) -> String {
        a.0
    }
}

impl std::fmt::Display for AreaCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Bookkeeping every stored entity carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Meta {
    /// Identifier.
    pub id: Id,
    /// Incremented on every update; send it back with an update.
    pub version: i64,
    /// When the row was created (RFC 3339, UTC).
    pub created_at: String,
    /// When the row last changed (RFC 3339, UTC).
    pub updated_at: String,
}

/// A region: the labor market a partnership serves, named by its OEWS areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegionInput {
    /// The region's name ("Capital Area").
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// OEWS metro or state areas that make up the region; the first is primary.
    #[serde(default)]
    pub area_codes: Vec<AreaCode>,
}

impl Validate for RegionInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        let mut seen = std::collections::HashSet::new();
        for a in &self.area_codes {
            if !seen.insert(a) {
                p.push("area_codes", format!("area {a} is listed twice"));
            }
        }
        p
    }
}

/// A partner organization and its sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrganizationInput {
    /// Legal or common name; unique in the catalog.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Sector at the partnership table.
    pub sector: Sector,
    /// Finer kind where it matters (district, school, college).
    #[serde(default = "default_org_kind")]
    pub kind: OrganizationKind,
    /// Region it belongs to.
    #[serde(default)]
    pub region_id: Option<Id>,
    /// Parent organization (a school's district).
    #[serde(default)]
    pub parent_id: Option<Id>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Primary industry (employers).
    #[serde(default)]
    pub naics: Option<NaicsCode>,
    /// Public web site.
    #[serde(default)]
    pub website: Option<String>,
}

fn default_org_kind() -> OrganizationKind {
    OrganizationKind::Other
}

impl Validate for OrganizationInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        p.optional_text("city", self.city.as_deref(), MAX_NAME);
        p.optional_text("website", self.website.as_deref(), MAX_NAME);
        let consistent = match self.kind {
            OrganizationKind::District | OrganizationKind::School => {
                self.sector == Sector::Secondary
            }
            OrganizationKind::CommunityCollege
            | OrganizationKind::University
            | OrganizationKind::TechnicalCollege => self.sector == Sector::Postsecondary,
            OrganizationKind::Other => true,
        };
        if !consistent {
            p.push(
                "kind",
                format!(
                    "a {} must be in a matching sector, not {}",
                    self.kind.title().to_lowercase(),
                    self.sector
                ),
            );
        }
        p
    }
}

/// An occupation (2018 SOC) as a reference entity of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OccupationInput {
    /// SOC code, the natural key.
    pub soc: SocCode,
    /// SOC title.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// SOC definition.
    #[serde(default)]
    pub description: Option<String>,
}

impl Validate for OccupationInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("title", &self.title, MAX_NAME);
        p.optional_text("description", self.description.as_deref(), MAX_TEXT);
        p
    }
}

/// An industry (NAICS 2022) as a reference entity of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndustryInput {
    /// NAICS code, the natural key.
    pub naics: NaicsCode,
    /// NAICS title.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
}

impl Validate for IndustryInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("title", &self.title, MAX_NAME);
        p
    }
}

/// A program of study, certificate, degree or apprenticeship offered by a provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProgramInput {
    /// Program name; unique per provider.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Kind of program.
    pub kind: ProgramKind,
    /// CIP 2020 code: what the program teaches, and through the CIP–SOC
    /// crosswalk the occupations it prepares for.
    pub cip: CipCode,
    /// The organization that offers it.
    pub provider_id: Id,
    /// Seats available per year (capacity).
    #[serde(default)]
    pub seats: i64,
    /// Completers in the most recent year.
    #[serde(default)]
    pub annual_completers: i64,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

impl Validate for ProgramInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        p.non_negative("seats", self.seats);
        p.non_negative("annual_completers", self.annual_completers);
        p.optional_text("description", self.description.as_deref(), MAX_TEXT);
        p
    }
}

/// A course taught by a school or college.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CourseInput {
    /// Course code as the provider publishes it ("HLTH 1301"); unique per provider.
    #[schema(min_length = 1, max_length = 40)]
    pub code: String,
    /// Title.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Credit hours (high-school credits or college semester hours).
    pub credit_hours: f64,
    /// The school or college that teaches it.
    pub provider_id: Id,
    /// Middle school, high school or college.
    pub level: CourseLevel,
    /// Earns college credit while in high school.
    #[serde(default)]
    pub dual_credit: bool,
    /// AP, IB or dual credit: counts as an advanced academic course.
    #[serde(default)]
    pub advanced_academic: bool,
    /// Subject area for graduation requirements ("math", "science", "cte", ...).
    #[serde(default)]
    pub subject: Option<String>,
    /// Courses that must be completed first.
    #[serde(default)]
    pub prerequisite_ids: Vec<Id>,
}

impl Validate for CourseInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("code", &self.code, 40);
        p.text("title", &self.title, MAX_NAME);
        if !self.credit_hours.is_finite() || !(0.0..=60.0).contains(&self.credit_hours) {
            p.push("credit_hours", "must be a number from 0 to 60");
        }
        if self.dual_credit && self.level == CourseLevel::MiddleSchool {
            p.push(
                "dual_credit",
                "a middle-school course cannot earn dual credit",
            );
        }
        p.optional_text("subject", self.subject.as_deref(), 40);
        duplicates(&mut p, "prerequisite_ids", &self.prerequisite_ids);
        p
    }
}

/// A credential with labor-market value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CredentialInput {
    /// Credential name; unique in the catalog.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Kind of credential.
    pub kind: CredentialKind,
    /// Who awards it (a college, a certification body, a state board).
    #[schema(min_length = 1, max_length = 200)]
    pub issuer: String,
    /// The issuing organization, when it is in the catalog.
    #[serde(default)]
    pub issuer_id: Option<Id>,
    /// Occupations it leads to.
    #[serde(default)]
    pub occupations: Vec<SocCode>,
    /// Higher credentials this one counts toward (stackable credentials).
    #[serde(default)]
    pub stacks_into_ids: Vec<Id>,
}

impl Validate for CredentialInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        p.text("issuer", &self.issuer, MAX_NAME);
        duplicates(&mut p, "stacks_into_ids", &self.stacks_into_ids);
        duplicates(&mut p, "occupations", &self.occupations);
        p
    }
}

/// A career pathway: a designed sequence toward target occupations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PathwayInput {
    /// Pathway name; unique per region.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Industry sector it serves.
    pub sector: IndustrySector,
    /// Region it belongs to.
    pub region_id: Id,
    /// Occupations it leads to.
    #[serde(default)]
    pub target_occupations: Vec<SocCode>,
    /// Programs it includes.
    #[serde(default)]
    pub program_ids: Vec<Id>,
    /// Courses it includes.
    #[serde(default)]
    pub course_ids: Vec<Id>,
    /// Description for students and families.
    #[serde(default)]
    pub description: Option<String>,
}

impl Validate for PathwayInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        p.optional_text("description", self.description.as_deref(), MAX_TEXT);
        duplicates(&mut p, "target_occupations", &self.target_occupations);
        duplicates(&mut p, "program_ids", &self.program_ids);
        duplicates(&mut p, "course_ids", &self.course_ids);
        p
    }
}

fn duplicates<T: std::hash::Hash + Eq + std::fmt::Display>(
    p: &mut Problems,
    field: &str,
    items: &[T],
) {
    let mut seen = std::collections::HashSet::new();
    for i in items {
        if !seen.insert(i) {
            p.push(field, format!("{i} is listed twice"));
        }
    }
}

/// A stored entity: its bookkeeping and its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Stored<T> {
    /// Identifier, version and timestamps.
    #[serde(flatten)]
    pub meta: Meta,
    /// The entity's fields.
    #[serde(flatten)]
    pub fields: T,
}

/// Finds a cycle in a prerequisite or stacking relation, if any.
///
/// A course that is (transitively) its own prerequisite can never be taken,
/// and a credential that stacks into itself is a data-entry error; both are
/// refused at write time. Returns the ids on the cycle, in order.
pub fn find_cycle(edges: &[(Id, Id)]) -> Option<Vec<Id>> {
    use std::collections::HashMap;
    let mut next: HashMap<Id, Vec<Id>> = HashMap::new();
    for &(a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state: HashMap<Id, u8> = HashMap::new();
    let mut nodes: Vec<Id> = next.keys().copied().collect();
    nodes.sort_unstable();
    for start in nodes {
        if state.get(&start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<Id> = vec![start];
        let mut stack: Vec<(Id, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, idx)) = stack.pop() {
            let succ = next.get(&node).map(Vec::as_slice).unwrap_or(&[]);
            if idx < succ.len() {
                stack.push((node, idx + 1));
                let s = succ[idx];
                match state.get(&s).copied().unwrap_or(0) {
                    1 => {
                        let pos = path.iter().position(|&x| x == s).unwrap_or(0);
                        return Some(path[pos..].to_vec());
                    }
                    0 => {
                        state.insert(s, 1);
                        path.push(s);
                        stack.push((s, 0));
                    }
                    _ => {}
                }
            } else {
                state.insert(node, 2);
                path.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> CourseInput {
        CourseInput {
            code: "HLTH 1301".into(),
            title: "Health Science Theory".into(),
            credit_hours: 3.0,
            provider_id: 1,
            level: CourseLevel::College,
            dual_credit: false,
            advanced_academic: false,
            subject: None,
            prerequisite_ids: vec![],
        }
    }

    #[test]
    fn course_rules() {
        assert!(course().validate().is_ok());
        let mut c = course();
        c.credit_hours = -1.0;
        c.level = CourseLevel::MiddleSchool;
        c.dual_credit = true;
        c.prerequisite_ids = vec![3, 3];
        let fields: Vec<_> = c
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["credit_hours", "dual_credit", "prerequisite_ids"]);
    }

    #[test]
    fn organization_kind_must_fit_sector() {
        let org = OrganizationInput {
            name: "Austin ISD".into(),
            sector: Sector::Employer,
            kind: OrganizationKind::District,
            region_id: None,
            parent_id: None,
            city: None,
            naics: None,
            website: None,
        };
        let errs = org.validate().unwrap_err();
        assert_eq!(errs[0].field, "kind");
    }

    #[test]
    fn area_codes_pad_and_reject() {
        assert_eq!(AreaCode::parse("12420").unwrap().as_str(), "0012420");
        assert!(AreaCode::parse("12a").is_err());
        assert!(AreaCode::parse("12345678").is_err());
    }

    #[test]
    fn cycles_are_found_and_named() {
        assert_eq!(find_cycle(&[(1, 2), (2, 3)]), None);
        let c = find_cycle(&[(1, 2), (2, 3), (3, 1)]).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(find_cycle(&[(5, 5)]), Some(vec![5]));
        assert_eq!(find_cycle(&[(1, 2), (1, 3), (3, 2)]), None);
    }
}
