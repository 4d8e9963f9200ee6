//! Advising: every student, no later than grade 8, gets a plan that names a
//! career goal and the courses, credentials and work-based learning that lead
//! to it; counselors see who is off track.
//!
//! * [`inventory`] — a short RIASEC interest inventory (Holland 1997) and its
//!   scoring to a six-scale profile on O*NET's 1–7 scale;
//! * [`goals`] — matching a profile to occupations through the O*NET interest
//!   data, ranked with regional wages and demand;
//! * [`plan`] — the individualized plan: courses by grade and term, planned
//!   credentials, dual credit, WBL by continuum stage, the postsecondary plan;
//! * [`milestones`] — the region's milestones per pathway and grade, with
//!   status and evidence;
//! * [`check`] — plan checks (prerequisites, offerings, concentration,
//!   credentials, graduation credits), each finding saying what to change.
//!
//! Pure and synchronous: plain data in, plain data out.

pub mod check;
pub mod goals;
pub mod inventory;
pub mod milestones;
pub mod plan;

pub use check::{CheckCatalog, Finding, FindingKind, Report, Severity, check_plan};
pub use inventory::{InterestProfile, Scale};
pub use milestones::{MilestoneDefinition, MilestoneKind, MilestoneState, MilestoneStatus};
pub use plan::{PlanInput, PlanStatus};

/// What can go wrong in advising.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdvisingError {
    /// The inventory answers are malformed.
    #[error("inventory answers: {0}")]
    Answers(String),
}
