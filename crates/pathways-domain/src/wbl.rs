//! Work-based learning: the continuum, opportunities, eligibility and the
//! priorities a matching round uses.
//!
//! The continuum follows the common four-stage formulation (career awareness
//! → exploration → preparation → training; Texas Tri-Agency Work-Based
//! Learning Framework, JFF). An opportunity names its activity and the stage
//! is derived from it, so an "internship" can never be filed under career
//! awareness.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::SocCode;
use crate::catalog::{Id, MAX_NAME, MAX_TEXT};
use crate::validation::{Problems, Validate};

crate::vocab::vocabulary! {
    /// Stage of the work-based learning continuum.
    WblStage, "WBL stage" {
        /// Learning about work: speakers, fairs, tours.
        CareerAwareness => "career_awareness", "Career awareness",
        /// Learning through work: job shadows, informational interviews, mentoring.
        CareerExploration => "career_exploration", "Career exploration",
        /// Learning for work: internships, clinicals, projects.
        CareerPreparation => "career_preparation", "Career preparation",
        /// Learning at work: apprenticeships, paid work experience.
        CareerTraining => "career_training", "Career training",
    }
}

crate::vocab::vocabulary! {
    /// The kind of work-based learning activity.
    WblActivity, "WBL activity" {
        /// A guest speaker.
        GuestSpeaker => "guest_speaker", "Guest speaker",
        /// A career fair.
        CareerFair => "career_fair", "Career fair",
        /// An industry tour.
        IndustryTour => "industry_tour", "Industry tour",
        /// A job shadow.
        JobShadow => "job_shadow", "Job shadow",
        /// An informational interview.
        InformationalInterview => "informational_interview", "Informational interview",
        /// Mentoring.
        Mentoring => "mentoring", "Mentoring",
        /// An internship.
        Internship => "internship", "Internship",
        /// A pre-apprenticeship.
        PreApprenticeship => "pre_apprenticeship", "Pre-apprenticeship",
        /// A clinical rotation.
        Clinical => "clinical", "Clinical",
        /// A school-based enterprise.
        SchoolBasedEnterprise => "school_based_enterprise", "School-based enterprise",
        /// An industry-sponsored project.
        IndustryProject => "industry_project", "Industry project",
        /// A registered apprenticeship.
        RegisteredApprenticeship => "registered_apprenticeship", "Registered apprenticeship",
        /// Paid work experience.
        PaidWorkExperience => "paid_work_experience", "Paid work experience",
    }
}

impl WblActivity {
    /// The continuum stage this activity belongs to.
    pub fn stage(self) -> WblStage {
        use WblActivity::*;
        match self {
            GuestSpeaker | CareerFair | IndustryTour => WblStage::CareerAwareness,
            JobShadow | InformationalInterview | Mentoring => WblStage::CareerExploration,
            Internship | PreApprenticeship | Clinical | SchoolBasedEnterprise | IndustryProject => {
                WblStage::CareerPreparation
            }
            RegisteredApprenticeship | PaidWorkExperience => WblStage::CareerTraining,
        }
    }
}

crate::vocab::vocabulary! {
    /// Where an opportunity is in review.
    OpportunityStatus, "opportunity status" {
        /// Being written by the employer.
        Draft => "draft", "Draft",
        /// Sent for review by the school or convener.
        Submitted => "submitted", "Submitted for review",
        /// On the board.
        Published => "published", "Published",
        /// No longer taking applications.
        Closed => "closed", "Closed",
    }
}

/// An opportunity an employer offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpportunityInput {
    /// The employer (organization) offering it.
    pub employer_id: Id,
    /// Title.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// What the student will do and learn.
    #[serde(default)]
    pub description: String,
    /// Activity; the continuum stage follows from it.
    pub activity: WblActivity,
    /// The pathway it serves.
    #[serde(default)]
    pub pathway_id: Option<Id>,
    /// The occupation it shows.
    #[serde(default)]
    pub soc: Option<SocCode>,
    /// City or site.
    #[serde(default)]
    pub location: String,
    /// Schedule in words ("Tue/Thu 3–6 pm, Feb–May").
    #[serde(default)]
    pub schedule: String,
    /// Paid or unpaid.
    #[serde(default)]
    pub paid: bool,
    /// Seats.
    pub capacity: i64,
    /// Minimum age on the start date.
    #[serde(default)]
    pub min_age: Option<i64>,
    /// Minimum grade.
    #[serde(default)]
    pub min_grade: Option<i64>,
    /// Courses the student must have completed.
    #[serde(default)]
    pub required_course_ids: Vec<Id>,
    /// Transportation is provided.
    #[serde(default)]
    pub transportation_provided: bool,
    /// Supervisor's name.
    #[serde(default)]
    pub supervisor: String,
    /// First day (YYYY-MM-DD).
    #[serde(default)]
    pub starts_on: Option<String>,
    /// Latitude of the site (WGS 84), for distance filters.
    #[serde(default)]
    pub latitude: Option<f64>,
    /// Longitude of the site (WGS 84).
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// True for text shaped like an ISO 8601 date (YYYY-MM-DD).
pub fn is_iso_date(s: &str) -> bool {
    is_date(s)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

impl Validate for OpportunityInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("title", &self.title, MAX_NAME);
        p.optional_text("description", Some(&self.description), MAX_TEXT);
        p.optional_text("location", Some(&self.location), MAX_NAME);
        p.optional_text("schedule", Some(&self.schedule), MAX_NAME);
        p.optional_text("supervisor", Some(&self.supervisor), MAX_NAME);
        if !(1..=10_000).contains(&self.capacity) {
            p.push("capacity", "must be from 1 to 10,000 seats");
        }
        if let Some(a) = self.min_age
            && !(10..=25).contains(&a)
        {
            p.push("min_age", "must be from 10 to 25");
        }
        if let Some(g) = self.min_grade
            && !(6..=14).contains(&g)
        {
            p.push("min_grade", "must be a grade from 6 to 14");
        }
        if let Some(d) = &self.starts_on
            && !is_date(d)
        {
            p.push("starts_on", "must be a date YYYY-MM-DD");
        }
        crate::placement::location_problems(&mut p, self.latitude, self.longitude);
        p
    }
}

/// A student on a school's roster: what advising and work-based learning
/// need to know. Student-level data: visible only to those entitled to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StudentInput {
    /// The school's id for the student; unique in the region.
    #[schema(min_length = 1, max_length = 40)]
    pub student_ref: String,
    /// Name shown to staff entitled to see it.
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
    /// The school (organization) that supplied the record.
    pub school_id: Id,
    /// Grade (6–14).
    pub grade: i64,
    /// Birth date (YYYY-MM-DD).
    pub birth_date: String,
    /// Pathway the student follows.
    #[serde(default)]
    pub pathway_id: Option<Id>,
    /// Completed two or more courses of the pathway (Perkins V concentrator).
    #[serde(default)]
    pub concentrator: bool,
    /// In the region's equity priority group.
    #[serde(default)]
    pub equity_priority: bool,
    /// Courses completed.
    #[serde(default)]
    pub completed_course_ids: Vec<Id>,
}

impl Validate for StudentInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("student_ref", &self.student_ref, 40);
        p.text("display_name", &self.display_name, MAX_NAME);
        if !(6..=14).contains(&self.grade) {
            p.push("grade", "must be a grade from 6 to 14");
        }
        if !is_date(&self.birth_date) {
            p.push("birth_date", "must be a date YYYY-MM-DD");
        }
        p
    }
}

impl StudentInput {
    /// The facts a matching round uses.
    pub fn facts(&self) -> StudentFacts {
        StudentFacts {
            student_ref: self.student_ref.clone(),
            grade: self.grade,
            birth_date: self.birth_date.clone(),
            pathway_id: self.pathway_id,
            concentrator: self.concentrator,
            equity_priority: self.equity_priority,
            completed_course_ids: self.completed_course_ids.clone(),
        }
    }
}

/// What a matching round needs to know about a student.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StudentFacts {
    /// The student's reference (the school's id).
    pub student_ref: String,
    /// Grade.
    pub grade: i64,
    /// Birth date (YYYY-MM-DD).
    pub birth_date: String,
    /// Pathway the student concentrates in, if any.
    pub pathway_id: Option<Id>,
    /// Completed two or more courses in the pathway (Perkins V concentrator).
    pub concentrator: bool,
    /// In the region's equity priority group (e.g. economically disadvantaged).
    pub equity_priority: bool,
    /// Completed courses.
    pub completed_course_ids: Vec<Id>,
}

/// Why a student may not take an opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub enum Ineligible {
    /// Younger than the minimum age on the start date.
    TooYoung {
        /// Minimum.
        min_age: i64,
    },
    /// Below the minimum grade.
    GradeBelow {
        /// Minimum.
        min_grade: i64,
    },
    /// A required course is not completed.
    MissingCourse {
        /// The course.
        course_id: Id,
    },
}

/// Whole years from `birth` to `on` (dates YYYY-MM-DD compare as text).
pub fn age_on(birth: &str, on: &str) -> Option<i64> {
    if !is_date(birth) || !is_date(on) {
        return None;
    }
    let y = |s: &str| s[..4].parse::<i64>().ok();
    let years = y(on)? - y(birth)?;
    Some(if on[5..] < birth[5..] {
        years - 1
    } else {
        years
    })
}

/// Every reason `s` may not take `o` (empty: eligible).
pub fn eligibility(s: &StudentFacts, o: &OpportunityInput, today: &str) -> Vec<Ineligible> {
    let mut out = Vec::new();
    if let Some(min_age) = o.min_age {
        let on = o.starts_on.as_deref().unwrap_or(today);
        if age_on(&s.birth_date, on).is_none_or(|a| a < min_age) {
            out.push(Ineligible::TooYoung { min_age });
        }
    }
    if let Some(min_grade) = o.min_grade
        && s.grade < min_grade
    {
        out.push(Ineligible::GradeBelow { min_grade });
    }
    for c in &o.required_course_ids {
        if !s.completed_course_ids.contains(c) {
            out.push(Ineligible::MissingCourse { course_id: *c });
        }
    }
    out
}

/// The priority group of a student at an opportunity (1 = highest): the
/// pathway's concentrators first, then the region's equity priority, then
/// everyone else; ties within a group go to the lottery.
pub fn priority_group(s: &StudentFacts, o: &OpportunityInput, equity_first: bool) -> u32 {
    let concentrator = s.concentrator && o.pathway_id.is_some() && s.pathway_id == o.pathway_id;
    match (concentrator, s.equity_priority && equity_first) {
        (true, true) => 1,
        (true, false) => 2,
        (false, true) => 3,
        (false, false) => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opp() -> OpportunityInput {
        OpportunityInput {
            employer_id: 1,
            title: "Clinical internship".into(),
            description: String::new(),
            activity: WblActivity::Clinical,
            pathway_id: Some(7),
            soc: None,
            location: String::new(),
            schedule: String::new(),
            paid: true,
            capacity: 3,
            min_age: Some(16),
            min_grade: Some(11),
            required_course_ids: vec![10],
            transportation_provided: false,
            supervisor: String::new(),
            starts_on: Some("2027-02-01".into()),
            latitude: None,
            longitude: None,
        }
    }

    fn student() -> StudentFacts {
        StudentFacts {
            student_ref: "S-1".into(),
            grade: 11,
            birth_date: "2010-03-15".into(),
            pathway_id: Some(7),
            concentrator: true,
            equity_priority: false,
            completed_course_ids: vec![10],
        }
    }

    #[test]
    fn stages_follow_activities() {
        assert_eq!(WblActivity::Internship.stage(), WblStage::CareerPreparation);
        assert_eq!(WblActivity::JobShadow.stage(), WblStage::CareerExploration);
        assert_eq!(
            WblActivity::RegisteredApprenticeship.stage(),
            WblStage::CareerTraining
        );
        assert_eq!(WblActivity::CareerFair.stage(), WblStage::CareerAwareness);
    }

    #[test]
    fn age_counts_birthdays() {
        assert_eq!(age_on("2010-03-15", "2026-03-14"), Some(15));
        assert_eq!(age_on("2010-03-15", "2026-03-15"), Some(16));
        assert_eq!(age_on("bad", "2026-03-15"), None);
    }

    #[test]
    fn eligibility_names_every_reason() {
        assert!(eligibility(&student(), &opp(), "2026-11-24").is_empty());
        let mut s = student();
        s.birth_date = "2011-06-01".into();
        s.grade = 10;
        s.completed_course_ids.clear();
        let reasons = eligibility(&s, &opp(), "2026-11-24");
        assert_eq!(
            reasons,
            vec![
                Ineligible::TooYoung { min_age: 16 },
                Ineligible::GradeBelow { min_grade: 11 },
                Ineligible::MissingCourse { course_id: 10 }
            ]
        );
    }

    #[test]
    fn priority_groups_order_concentrators_then_equity() {
        let o = opp();
        let mut s = student();
        assert_eq!(priority_group(&s, &o, true), 2);
        s.equity_priority = true;
        assert_eq!(priority_group(&s, &o, true), 1);
        assert_eq!(priority_group(&s, &o, false), 2);
        s.concentrator = false;
        assert_eq!(priority_group(&s, &o, true), 3);
        s.equity_priority = false;
        assert_eq!(priority_group(&s, &o, true), 4);
    }

    #[test]
    fn opportunities_validate() {
        assert!(opp().validate().is_ok());
        let mut o = opp();
        o.capacity = 0;
        o.starts_on = Some("Feb 1".into());
        let fields: Vec<_> = o
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["capacity", "starts_on"]);
    }
}
