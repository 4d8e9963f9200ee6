//! What the checks know of the catalog and the student: the facts, the
//! region's graduation rules, and the catalog flattened for hash lookups.

use std::collections::HashMap;

use pathways_domain::catalog::Id;
use pathways_domain::wbl::WblActivity;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the checks need of a course.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseFacts {
    /// Code ("HLTH 1301"); districts teaching the same course share it.
    pub code: String,
    /// Title.
    pub title: String,
    /// The school, district or college that teaches it.
    pub provider_id: Id,
    /// A college course.
    pub college: bool,
    /// Earns dual credit (a partner college teaches it to high-school students).
    pub dual_credit: bool,
    /// Credit hours (high-school credits, or college semester hours).
    pub credit_hours: f64,
    /// Subject for graduation requirements.
    pub subject: Option<String>,
    /// Courses to complete first.
    pub prerequisites: Vec<Id>,
}

/// What the checks need of a pathway.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathwayFacts {
    /// Name.
    pub name: String,
    /// Its courses (its program of study).
    pub course_ids: Vec<Id>,
    /// Target occupations (SOC).
    pub target_occupations: Vec<String>,
}

/// What the checks need of a credential.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CredentialFacts {
    /// Name.
    pub name: String,
    /// Occupations it leads to (SOC).
    pub occupations: Vec<String>,
    /// Credentials it stacks into.
    pub stacks_into: Vec<Id>,
}

/// A board opportunity, for suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityFacts {
    /// Id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Activity.
    pub activity: WblActivity,
    /// Pathway.
    pub pathway_id: Option<Id>,
    /// Occupation shown.
    pub soc: Option<String>,
    /// Minimum grade.
    pub min_grade: Option<i64>,
}

/// A graduation requirement: credits in a subject (or `total`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GraduationRule {
    /// Subject as courses name it ("math", "science", "english", "cte"), or "total".
    pub subject: String,
    /// High-school credits required.
    pub credits: f64,
}

/// A common default: four credits each of English and math, three of
/// science, two of CTE, 22 in all (Texas's Foundation High School Program
/// with an endorsement asks 26; regions set their own).
pub fn default_graduation() -> Vec<GraduationRule> {
    [
        ("english", 4.0),
        ("math", 4.0),
        ("science", 3.0),
        ("cte", 2.0),
        ("total", 22.0),
    ]
    .into_iter()
    .map(|(s, c)| GraduationRule {
        subject: s.into(),
        credits: c,
    })
    .collect()
}

/// The catalog as the checks see it.
#[derive(Debug, Clone, Default)]
pub struct CheckCatalog {
    /// Courses by id.
    pub courses: HashMap<Id, CourseFacts>,
    /// Pathways by id.
    pub pathways: HashMap<Id, PathwayFacts>,
    /// Credentials by id.
    pub credentials: HashMap<Id, CredentialFacts>,
    /// A school's district.
    pub parent: HashMap<Id, Id>,
    /// Published opportunities.
    pub opportunities: Vec<OpportunityFacts>,
    /// The region's graduation requirements.
    pub graduation: Vec<GraduationRule>,
    by_code: HashMap<String, Vec<Id>>,
    /// Each course's code as a small integer (courses sharing a code share it).
    code_of: HashMap<Id, u32>,
    /// Each pathway's course codes, sorted.
    pub(super) pathway_codes: HashMap<Id, Vec<u32>>,
}

impl CheckCatalog {
    /// Indexes the catalog (call once, then check many plans).
    pub fn new(
        courses: HashMap<Id, CourseFacts>,
        pathways: HashMap<Id, PathwayFacts>,
        credentials: HashMap<Id, CredentialFacts>,
        parent: HashMap<Id, Id>,
        opportunities: Vec<OpportunityFacts>,
        graduation: Vec<GraduationRule>,
    ) -> Self {
        let mut by_code: HashMap<String, Vec<Id>> = HashMap::new();
        for (id, c) in &courses {
            by_code.entry(c.code.clone()).or_default().push(*id);
        }
        let mut code_of = HashMap::with_capacity(courses.len());
        let mut codes: Vec<&String> = by_code.keys().collect();
        codes.sort();
        for (ix, code) in codes.into_iter().enumerate() {
            for id in &by_code[code] {
                code_of.insert(*id, ix as u32);
            }
        }
        for v in by_code.values_mut() {
            v.sort_unstable();
        }
        let pathway_codes = pathways
            .iter()
            .map(|(id, p)| {
                let mut v: Vec<u32> = p
                    .course_ids
                    .iter()
                    .filter_map(|c| code_of.get(c).copied())
                    .collect();
                v.sort_unstable();
                v.dedup();
                (*id, v)
            })
            .collect();
        Self {
            courses,
            pathways,
            credentials,
            parent,
            opportunities,
            graduation,
            by_code,
            code_of,
            pathway_codes,
        }
    }

    /// Whether a student at `school` in `grade` can take `course`: taught
    /// by the school or its district, a partner's dual-credit course, or a
    /// college course in the postsecondary years.
    pub fn offered(&self, course: &CourseFacts, school: Id, grade: i64) -> bool {
        course.provider_id == school
            || self.parent.get(&school) == Some(&course.provider_id)
            || (course.college && (course.dual_credit || grade >= 13))
    }

    /// The same course (by code) as taught at the student's school, if any.
    pub(super) fn local_equivalent(&self, code: &str, school: Id, grade: i64) -> Option<Id> {
        self.by_code.get(code)?.iter().copied().find(|id| {
            self.courses
                .get(id)
                .is_some_and(|c| self.offered(c, school, grade))
        })
    }

    pub(super) fn course(&self, id: Id) -> Option<(&CourseFacts, u32)> {
        Some((self.courses.get(&id)?, *self.code_of.get(&id)?))
    }

    pub(super) fn leads_to(&self, credential: Id, socs: &[&str]) -> bool {
        // Stacks are short: a vector beats a hash set.
        let mut seen: Vec<Id> = Vec::new();
        let mut stack = vec![credential];
        while let Some(c) = stack.pop() {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            if let Some(f) = self.credentials.get(&c) {
                if f.occupations.iter().any(|o| socs.contains(&o.as_str())) {
                    return true;
                }
                stack.extend(f.stacks_into.iter().copied());
            }
        }
        false
    }
}

/// What the checks need of the student.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentFacts {
    /// School.
    pub school_id: Id,
    /// Current grade.
    pub grade: i64,
    /// Completed courses (the school's record).
    pub completed_course_ids: Vec<Id>,
}
