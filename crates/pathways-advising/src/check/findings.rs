//! What a check reports: findings with their severity and fix, suggestions,
//! and the report of one plan.

use pathways_domain::catalog::Id;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Off track until fixed.
    Error,
    /// Worth fixing.
    Warning,
    /// For information.
    Info,
}

/// Which check found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A course id the catalog does not have.
    UnknownCourse,
    /// A course the student's school does not offer (and no partner offers through dual credit).
    NotOffered,
    /// A course planned before (or in the same term as) its prerequisite.
    PrerequisiteOrder,
    /// A prerequisite not in the plan and not completed.
    PrerequisiteMissing,
    /// The same course twice.
    DuplicateCourse,
    /// Fewer than two courses of the pathway (Perkins V concentrator).
    NotConcentrator,
    /// A credential id the catalog does not have.
    UnknownCredential,
    /// A credential that does not lead to the goal or the pathway's occupations.
    CredentialOffGoal,
    /// A credential planned before any pathway course prepares for it.
    CredentialUnreachable,
    /// Fewer credits in a subject than graduation requires.
    GraduationCredits,
    /// No goal occupation.
    NoGoal,
    /// No pathway.
    NoPathway,
    /// The pathway id does not exist.
    UnknownPathway,
    /// No work-based learning in the plan.
    NoWorkBasedLearning,
}

/// One finding, with what to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Finding {
    /// Which check.
    pub kind: FindingKind,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to change.
    pub fix: String,
    /// The course concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_id: Option<Id>,
}

/// A suggested next step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Suggestion {
    /// "course" or "wbl".
    pub kind: String,
    /// The course or opportunity id.
    pub id: Id,
    /// What it is.
    pub title: String,
    /// The grade to plan it in.
    pub grade: i64,
    /// Why it fits.
    pub why: String,
}

/// The result of checking one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// No errors.
    pub on_track: bool,
    /// Two or more pathway courses planned or done (Perkins V concentrator).
    pub concentrator: bool,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
    /// High-school credits planned by subject (grades 9–12).
    pub credits: Vec<(String, f64)>,
    /// Next courses and WBL that fit the goal.
    pub suggestions: Vec<Suggestion>,
}

pub(super) fn err(
    kind: FindingKind,
    message: String,
    fix: String,
    course_id: Option<Id>,
) -> Finding {
    Finding {
        kind,
        severity: Severity::Error,
        message,
        fix,
        course_id,
    }
}

pub(super) fn warn(kind: FindingKind, message: String, fix: String) -> Finding {
    Finding {
        kind,
        severity: Severity::Warning,
        message,
        fix,
        course_id: None,
    }
}
