//! Milestones the region sets per pathway and grade, with each student's
//! status and evidence.
//!
//! The defaults follow common state practice for individual graduation or
//! career-and-academic plans: an interest inventory by grade 8, the first
//! pathway course by grade 9, a job shadow by grade 10, an internship or an
//! industry certification by grade 12, and in grade 12 a college (or
//! apprenticeship) application and the federal financial-aid form (FAFSA).
//! Some milestones are evidenced by the record itself (an inventory taken, a
//! pathway course completed, a WBL activity done); the rest by the status a
//! counselor or student records.

use std::collections::HashMap;

use pathways_domain::catalog::Id;
use pathways_domain::wbl::WblActivity;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::plan::PlanInput;

/// What a milestone asks for, and so what evidence the record can supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// The interest inventory is taken.
    InterestInventory,
    /// A course of the pathway is completed.
    FirstPathwayCourse,
    /// A job shadow (or another career-exploration activity) is done.
    JobShadow,
    /// An internship or other career-preparation activity, or a certification.
    InternshipOrCertification,
    /// A college or apprenticeship application.
    CollegeApplication,
    /// The federal financial-aid form.
    Fafsa,
    /// Anything else the region asks for.
    Other,
}

impl MilestoneKind {
    /// Every kind.
    pub const ALL: [MilestoneKind; 7] = [
        MilestoneKind::InterestInventory,
        MilestoneKind::FirstPathwayCourse,
        MilestoneKind::JobShadow,
        MilestoneKind::InternshipOrCertification,
        MilestoneKind::CollegeApplication,
        MilestoneKind::Fafsa,
        MilestoneKind::Other,
    ];

    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        [
            "interest_inventory",
            "first_pathway_course",
            "job_shadow",
            "internship_or_certification",
            "college_application",
            "fafsa",
            "other",
        ][self as usize]
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// A milestone the region defines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDefinition {
    /// Short stable key ("job_shadow").
    pub key: String,
    /// What the student does, in plain words.
    pub title: String,
    /// Done by the end of this grade (6–14).
    pub grade: i64,
    /// What it asks for.
    pub kind: MilestoneKind,
    /// Only for this pathway (None: every student).
    #[serde(default)]
    pub pathway_id: Option<Id>,
}

impl pathways_domain::Validate for MilestoneDefinition {
    fn problems(&self) -> pathways_domain::Problems {
        let mut p = pathways_domain::Problems::new();
        p.text("key", &self.key, 40);
        if !self
            .key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            p.push("key", "use lowercase letters, digits and _");
        }
        p.text("title", &self.title, pathways_domain::catalog::MAX_NAME);
        if !(6..=14).contains(&self.grade) {
            p.push("grade", "must be a grade from 6 to 14");
        }
        p
    }
}

/// The region's default milestones.
pub fn default_milestones() -> Vec<MilestoneDefinition> {
    let m = |key: &str, title: &str, grade, kind| MilestoneDefinition {
        key: key.into(),
        title: title.into(),
        grade,
        kind,
        pathway_id: None,
    };
    vec![
        m(
            "interest_inventory",
            "Take the interest inventory",
            8,
            MilestoneKind::InterestInventory,
        ),
        m(
            "first_pathway_course",
            "Complete a first pathway course",
            9,
            MilestoneKind::FirstPathwayCourse,
        ),
        m(
            "job_shadow",
            "Do a job shadow",
            10,
            MilestoneKind::JobShadow,
        ),
        m(
            "internship_or_certification",
            "Do an internship or earn an industry certification",
            12,
            MilestoneKind::InternshipOrCertification,
        ),
        m(
            "college_application",
            "Apply to a college or apprenticeship",
            12,
            MilestoneKind::CollegeApplication,
        ),
        m(
            "fafsa",
            "Submit the FAFSA (financial-aid form)",
            12,
            MilestoneKind::Fafsa,
        ),
    ]
}

/// A recorded status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    /// Not started.
    NotStarted,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Does not apply to this student (with a reason in the evidence).
    Waived,
}

impl MilestoneStatus {
    /// Every status.
    pub const ALL: [MilestoneStatus; 4] = [
        MilestoneStatus::NotStarted,
        MilestoneStatus::InProgress,
        MilestoneStatus::Done,
        MilestoneStatus::Waived,
    ];

    /// Stored spelling.
    pub fn as_str(self) -> &'static str {
        ["not_started", "in_progress", "done", "waived"][self as usize]
    }

    /// Label.
    pub fn title(self) -> &'static str {
        ["Not started", "In progress", "Done", "Does not apply"][self as usize]
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// A recorded status with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Recorded {
    /// Status.
    pub status: MilestoneStatus,
    /// Evidence ("FAFSA confirmation 2027-01-12", a link, a note).
    pub evidence: String,
}

/// Where a student stands on one milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Done (or waived).
    Met,
    /// Due this school year, not done yet.
    Due,
    /// Its grade has passed and it is not done.
    Overdue,
    /// Later.
    Upcoming,
}

/// One milestone for one student.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MilestoneState {
    /// The definition's key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Grade.
    pub grade: i64,
    /// Status (recorded, or from the record's own evidence).
    pub status: MilestoneStatus,
    /// Evidence.
    pub evidence: String,
    /// Met, due, overdue or upcoming.
    pub standing: Standing,
}

/// What the record itself shows about a student.
#[derive(Debug, Clone, Default)]
pub struct StudentRecord<'a> {
    /// Current grade.
    pub grade: i64,
    /// Pathway.
    pub pathway_id: Option<Id>,
    /// Completed catalog courses.
    pub completed_course_ids: &'a [Id],
    /// The pathway's courses.
    pub pathway_course_ids: &'a [Id],
    /// When the inventory was taken, if it was.
    pub inventory_taken_at: Option<&'a str>,
    /// The plan, if any.
    pub plan: Option<&'a PlanInput>,
}

fn evidenced(kind: MilestoneKind, r: &StudentRecord<'_>) -> Option<String> {
    let wbl_done = |f: &dyn Fn(WblActivity) -> bool| {
        r.plan
            .into_iter()
            .flat_map(|p| p.wbl.iter())
            .find(|w| w.completed && f(w.activity))
            .map(|w| format!("{} completed (grade {})", w.activity.title(), w.grade))
    };
    match kind {
        MilestoneKind::InterestInventory => r
            .inventory_taken_at
            .map(|t| format!("Inventory taken {}", &t[..t.len().min(10)])),
        MilestoneKind::FirstPathwayCourse => {
            let planned_done = r
                .plan
                .into_iter()
                .flat_map(|p| p.courses.iter())
                .filter(|c| c.completed)
                .map(|c| c.course_id);
            r.completed_course_ids
                .iter()
                .copied()
                .chain(planned_done)
                .find(|c| r.pathway_course_ids.contains(c))
                .map(|c| format!("Pathway course {c} completed"))
        }
        MilestoneKind::JobShadow => {
            wbl_done(&|a| a.stage() >= pathways_domain::wbl::WblStage::CareerExploration)
        }
        MilestoneKind::InternshipOrCertification => {
            wbl_done(&|a| a.stage() >= pathways_domain::wbl::WblStage::CareerPreparation)
        }
        _ => None,
    }
}

/// The milestones that apply to a student (region-wide plus their
/// pathway's; a pathway definition replaces a region one of the same key).
pub fn applicable(
    defs: &[MilestoneDefinition],
    pathway_id: Option<Id>,
) -> Vec<&MilestoneDefinition> {
    let mut by_key: Vec<&MilestoneDefinition> = Vec::new();
    for d in defs.iter().filter(|d| d.pathway_id.is_none()) {
        by_key.push(d);
    }
    for d in defs
        .iter()
        .filter(|d| d.pathway_id.is_some() && d.pathway_id == pathway_id)
    {
        if let Some(slot) = by_key.iter_mut().find(|x| x.key == d.key) {
            *slot = d;
        } else {
            by_key.push(d);
        }
    }
    by_key.sort_by(|a, b| a.grade.cmp(&b.grade).then(a.key.cmp(&b.key)));
    by_key
}

/// Evaluates every applicable milestone for one student.
pub fn evaluate(
    defs: &[MilestoneDefinition],
    record: &StudentRecord<'_>,
    recorded: &HashMap<String, Recorded>,
) -> Vec<MilestoneState> {
    applicable(defs, record.pathway_id)
        .into_iter()
        .map(|d| {
            let rec = recorded.get(&d.key);
            let (status, evidence) = match (rec, evidenced(d.kind, record)) {
                (Some(r), _)
                    if matches!(r.status, MilestoneStatus::Done | MilestoneStatus::Waived) =>
                {
                    (r.status, r.evidence.clone())
                }
                (_, Some(e)) => (MilestoneStatus::Done, e),
                (Some(r), None) => (r.status, r.evidence.clone()),
                (None, None) => (MilestoneStatus::NotStarted, String::new()),
            };
            let standing = if matches!(status, MilestoneStatus::Done | MilestoneStatus::Waived) {
                Standing::Met
            } else if record.grade > d.grade {
                Standing::Overdue
            } else if record.grade == d.grade {
                Standing::Due
            } else {
                Standing::Upcoming
            };
            MilestoneState {
                key: d.key.clone(),
                title: d.title.clone(),
                grade: d.grade,
                status,
                evidence,
                standing,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_evidences_what_it_can() {
        let defs = default_milestones();
        let plan = PlanInput {
            wbl: vec![crate::plan::PlannedWbl {
                activity: WblActivity::JobShadow,
                grade: 10,
                opportunity_id: None,
                completed: true,
            }],
            ..Default::default()
        };
        let r = StudentRecord {
            grade: 11,
            pathway_id: Some(1),
            completed_course_ids: &[5],
            pathway_course_ids: &[5, 6],
            inventory_taken_at: None,
            plan: Some(&plan),
        };
        let s = evaluate(&defs, &r, &HashMap::new());
        let by: HashMap<_, _> = s.iter().map(|m| (m.key.as_str(), m)).collect();
        assert_eq!(by["interest_inventory"].standing, Standing::Overdue);
        assert_eq!(by["first_pathway_course"].standing, Standing::Met);
        assert_eq!(by["job_shadow"].standing, Standing::Met);
        assert_eq!(by["fafsa"].standing, Standing::Upcoming);
    }

    #[test]
    fn pathway_definitions_replace_region_ones() {
        let mut defs = default_milestones();
        defs.push(MilestoneDefinition {
            key: "job_shadow".into(),
            title: "Shadow a nurse".into(),
            grade: 9,
            kind: MilestoneKind::JobShadow,
            pathway_id: Some(3),
        });
        let a = applicable(&defs, Some(3));
        assert_eq!(a.len(), 6);
        assert!(a.iter().any(|d| d.title == "Shadow a nurse"));
        assert!(
            !applicable(&defs, Some(4))
                .iter()
                .any(|d| d.title == "Shadow a nurse")
        );
    }
}
