//! The individualized plan: a goal, courses by grade and term from grade 9
//! through the first postsecondary years (grades 13 and 14), planned
//! credentials, work-based learning by continuum stage and the
//! postsecondary plan.

use pathways_domain::catalog::Id;
use pathways_domain::wbl::{WblActivity, WblStage};
use pathways_domain::{Problems, SocCode, Validate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// First grade a plan covers.
pub const FIRST_GRADE: i64 = 9;
/// Last "grade" a plan covers: 13 and 14 are the first two postsecondary years.
pub const LAST_GRADE: i64 = 14;

/// The label of a plan grade ("Grade 10", "College year 1").
pub fn grade_label(g: i64) -> String {
    match g {
        13 => "College year 1".into(),
        14 => "College year 2".into(),
        _ => format!("Grade {g}"),
    }
}

/// A school term.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// The whole school year.
    Year,
    /// Fall semester.
    Fall,
    /// Spring semester.
    Spring,
    /// Summer.
    Summer,
}

impl Term {
    /// Every term.
    pub const ALL: [Term; 4] = [Term::Year, Term::Fall, Term::Spring, Term::Summer];

    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        ["year", "fall", "spring", "summer"][self as usize]
    }

    /// Label.
    pub fn title(self) -> &'static str {
        ["Full year", "Fall", "Spring", "Summer"][self as usize]
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Term> {
        Term::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }

    /// Order within a grade: a prerequisite in the same grade must end
    /// before the course starts (fall before spring before summer; a
    /// full-year course ends with spring).
    pub fn start(self) -> u8 {
        match self {
            Term::Year | Term::Fall => 0,
            Term::Spring => 1,
            Term::Summer => 2,
        }
    }

    /// See [`Term::start`].
    pub fn end(self) -> u8 {
        match self {
            Term::Fall => 0,
            Term::Year | Term::Spring => 1,
            Term::Summer => 2,
        }
    }
}

/// A course in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedCourse {
    /// The catalog course.
    pub course_id: Id,
    /// Grade 9–12, or 13–14 for the first postsecondary years.
    pub grade: i64,
    /// Term.
    #[serde(default = "year")]
    pub term: Term,
    /// Already completed.
    #[serde(default)]
    pub completed: bool,
}

fn year() -> Term {
    Term::Year
}

/// A credential the student plans to earn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedCredential {
    /// The catalog credential.
    pub credential_id: Id,
    /// When (grade 9–14).
    pub grade: i64,
}

/// A work-based learning activity in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedWbl {
    /// The activity; its continuum stage follows from it.
    pub activity: WblActivity,
    /// When (grade 9–14).
    pub grade: i64,
    /// A board opportunity, when one is chosen.
    #[serde(default)]
    pub opportunity_id: Option<Id>,
    /// Done.
    #[serde(default)]
    pub completed: bool,
}

impl PlannedWbl {
    /// The continuum stage.
    pub fn stage(&self) -> WblStage {
        self.activity.stage()
    }
}

/// What the student plans after high school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum AfterHighSchool {
    /// Not decided yet.
    #[default]
    Undecided,
    /// A community or technical college.
    TwoYearCollege,
    /// A university.
    FourYearUniversity,
    /// A registered apprenticeship.
    Apprenticeship,
    /// Work straight away.
    Workforce,
    /// Military service.
    Military,
}

impl AfterHighSchool {
    /// Every choice.
    pub const ALL: [AfterHighSchool; 6] = [
        AfterHighSchool::Undecided,
        AfterHighSchool::TwoYearCollege,
        AfterHighSchool::FourYearUniversity,
        AfterHighSchool::Apprenticeship,
        AfterHighSchool::Workforce,
        AfterHighSchool::Military,
    ];

    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        [
            "undecided",
            "two_year_college",
            "four_year_university",
            "apprenticeship",
            "workforce",
            "military",
        ][self as usize]
    }

    /// Label.
    pub fn title(self) -> &'static str {
        [
            "Not decided yet",
            "Community or technical college",
            "University",
            "Apprenticeship",
            "Go to work",
            "Military",
        ][self as usize]
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }
}

/// The postsecondary plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PostsecondaryPlan {
    /// The route after high school.
    #[serde(default)]
    pub route: AfterHighSchool,
    /// The college, university or sponsor (an organization).
    #[serde(default)]
    pub institution_id: Option<Id>,
    /// The program there.
    #[serde(default)]
    pub program_id: Option<Id>,
}

/// A student's plan as the student or counselor writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// The goal occupation.
    #[serde(default)]
    pub goal_soc: Option<SocCode>,
    /// The pathway toward it.
    #[serde(default)]
    pub pathway_id: Option<Id>,
    /// Courses by grade and term.
    #[serde(default)]
    pub courses: Vec<PlannedCourse>,
    /// Credentials to earn.
    #[serde(default)]
    pub credentials: Vec<PlannedCredential>,
    /// Work-based learning.
    #[serde(default)]
    pub wbl: Vec<PlannedWbl>,
    /// After high school.
    #[serde(default)]
    pub postsecondary: PostsecondaryPlan,
    /// Notes in the student's words.
    #[serde(default)]
    pub notes: String,
}

fn grade_ok(p: &mut Problems, field: String, g: i64) {
    if !(FIRST_GRADE..=LAST_GRADE).contains(&g) {
        p.push(
            field,
            "must be a grade from 9 to 12, or 13–14 for the first college years",
        );
    }
}

impl Validate for PlanInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        if self.courses.len() > 120 || self.credentials.len() > 40 || self.wbl.len() > 60 {
            p.push(
                "courses",
                "a plan holds at most 120 courses, 40 credentials and 60 activities",
            );
        }
        for (i, c) in self.courses.iter().enumerate() {
            grade_ok(&mut p, format!("courses[{i}].grade"), c.grade);
        }
        for (i, c) in self.credentials.iter().enumerate() {
            grade_ok(&mut p, format!("credentials[{i}].grade"), c.grade);
        }
        for (i, w) in self.wbl.iter().enumerate() {
            grade_ok(&mut p, format!("wbl[{i}].grade"), w.grade);
        }
        p.optional_text(
            "notes",
            Some(&self.notes),
            pathways_domain::catalog::MAX_TEXT,
        );
        p
    }
}

/// Where a plan is in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Saved with problems to fix (or not yet submitted).
    Draft,
    /// Passes the checks; waiting for the counselor.
    Submitted,
    /// Approved by the counselor.
    Approved,
}

impl PlanStatus {
    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        ["draft", "submitted", "approved"][self as usize]
    }

    /// Label.
    pub fn title(self) -> &'static str {
        [
            "Draft — needs changes",
            "Waiting for counselor approval",
            "Approved",
        ][self as usize]
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [
            PlanStatus::Draft,
            PlanStatus::Submitted,
            PlanStatus::Approved,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_checked_per_field() {
        let plan = PlanInput {
            courses: vec![PlannedCourse {
                course_id: 1,
                grade: 7,
                term: Term::Fall,
                completed: false,
            }],
            wbl: vec![PlannedWbl {
                activity: WblActivity::JobShadow,
                grade: 15,
                opportunity_id: None,
                completed: false,
            }],
            ..Default::default()
        };
        let fields: Vec<_> = plan
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["courses[0].grade", "wbl[0].grade"]);
    }

    #[test]
    fn terms_order_within_a_grade() {
        assert!(Term::Fall.end() < Term::Spring.start());
        assert!(Term::Year.end() >= Term::Spring.start());
        assert_eq!(Term::parse("summer"), Some(Term::Summer));
    }
}
