//! Quality self-assessment: an editable rubric of criteria and indicators at
//! three levels (the system, each pathway, each program), ratings with
//! evidence year after year, and improvement actions.
//!
//! The default rubric follows the structure of the Alliance for Quality
//! Career Pathways (AQCP) framework — system-level criteria grouped by what a
//! partnership commits to and sustains, and pathway-level features grouped by
//! what a participant experiences — in this project's own words.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::{Id, MAX_NAME, MAX_TEXT};
use crate::{Problems, Validate};

crate::vocab::vocabulary! {
    /// What a criterion judges.
    RubricLevel, "rubric level" {
        /// The regional system as a whole.
        System => "system", "System",
        /// One career pathway.
        Pathway => "pathway", "Pathway",
        /// One program within a pathway.
        Program => "program", "Program",
    }
}

/// A criterion of the rubric with its indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionInput {
    /// Region.
    pub region_id: Id,
    /// Level.
    pub level: RubricLevel,
    /// Short code ("S1.2"), unique in the region.
    pub code: String,
    /// The criterion.
    pub criterion: String,
    /// What evidence shows it is met.
    pub indicator: String,
}

impl Validate for CriterionInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("code", &self.code, 20);
        p.text("criterion", &self.criterion, MAX_NAME * 2);
        p.text("indicator", &self.indicator, MAX_TEXT);
        p
    }
}

/// Lowest and highest rating (1 not yet, 2 developing, 3 established, 4 exemplary).
pub const RATING_SCALE: (i64, i64) = (1, 4);

/// The words of each rating.
pub fn rating_label(r: i64) -> &'static str {
    match r {
        1 => "Not yet",
        2 => "Developing",
        3 => "Established",
        4 => "Exemplary",
        _ => "Unrated",
    }
}

/// A rating of one criterion in one year (for one pathway or program below system level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    /// The criterion.
    pub criterion_id: Id,
    /// Year of the self-assessment.
    pub year: i32,
    /// The pathway or program rated (none for system criteria).
    #[serde(default)]
    pub subject_id: Option<Id>,
    /// 1–4.
    pub rating: i64,
    /// Evidence behind the rating.
    #[serde(default)]
    pub evidence: String,
    /// What the team will do to improve.
    #[serde(default)]
    pub improvement_action: String,
}

impl Validate for RatingInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        if !(RATING_SCALE.0..=RATING_SCALE.1).contains(&self.rating) {
            p.push("rating", "must be from 1 (not yet) to 4 (exemplary)");
        }
        p.optional_text("evidence", Some(&self.evidence), MAX_TEXT);
        p.optional_text(
            "improvement_action",
            Some(&self.improvement_action),
            MAX_TEXT,
        );
        if self.rating < 3 && self.improvement_action.trim().is_empty() {
            p.push(
                "improvement_action",
                "a rating below established needs an improvement action",
            );
        }
        p
    }
}

use RubricLevel as L;

/// The default rubric: (level, code, criterion, indicator).
pub const DEFAULT_RUBRIC: &[(RubricLevel, &str, &str, &str)] = &[
    (
        L::System,
        "S1",
        "Partners share a commitment to the pathways system",
        "Each required sector has a named leader on the team and the partnership agreement is signed by all.",
    ),
    (
        L::System,
        "S2",
        "A shared vision and strategy guide the work",
        "A written regional plan with goals, baselines and targets is reviewed by the team at least yearly.",
    ),
    (
        L::System,
        "S3",
        "Roles and responsibilities are clear and owned",
        "Every cell of the responsibilities matrix has an owner, and status is reported at meetings.",
    ),
    (
        L::System,
        "S4",
        "Resources are braided and sustained",
        "Each pathway is funded from more than one source and no single grant pays most of it.",
    ),
    (
        L::System,
        "S5",
        "Policies remove barriers to progress",
        "Articulation, dual-credit and data-sharing agreements are active and current.",
    ),
    (
        L::System,
        "S6",
        "Data are shared and outcomes measured together",
        "Partners agree on measures, share student-level data under agreements and review results by student group.",
    ),
    (
        L::System,
        "S7",
        "The system improves continuously",
        "Self-assessment results lead to improvement actions that are tracked to completion.",
    ),
    (
        L::Pathway,
        "P1",
        "The pathway leads to in-demand, family-sustaining work",
        "Target occupations meet the region's demand and wage rule and are reviewed each year with employers.",
    ),
    (
        L::Pathway,
        "P2",
        "Learning is sequenced without gaps or repetition",
        "Courses from high school to college are mapped with prerequisites and articulated credit.",
    ),
    (
        L::Pathway,
        "P3",
        "Credentials stack and carry value",
        "Each exit point awards a credential employers in the region hire on.",
    ),
    (
        L::Pathway,
        "P4",
        "There are several ways in and out",
        "Students and adults can enter at more than one point and leave with a credential at each stage.",
    ),
    (
        L::Pathway,
        "P5",
        "Advising and support reach every student",
        "Each student has a plan, an advisor and access to supports such as transportation and child care.",
    ),
    (
        L::Pathway,
        "P6",
        "Work-based learning builds along the continuum",
        "Students progress from career awareness to training placements, with participation reported by group.",
    ),
    (
        L::Program,
        "G1",
        "Instruction integrates academic and technical content",
        "Courses use industry contexts and are co-designed with employers.",
    ),
    (
        L::Program,
        "G2",
        "Assessments are consistent and non-duplicative",
        "Placement and credential exams are aligned so students are not tested twice for the same skill.",
    ),
    (
        L::Program,
        "G3",
        "Outcomes are tracked and acted on",
        "Completion, credential and employment results are reviewed each year and inform changes.",
    ),
];

/// The default rubric for a region.
pub fn default_rubric(region_id: Id) -> Vec<CriterionInput> {
    DEFAULT_RUBRIC
        .iter()
        .map(|(level, code, criterion, indicator)| CriterionInput {
            region_id,
            level: *level,
            code: (*code).to_owned(),
            criterion: (*criterion).to_owned(),
            indicator: (*indicator).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rubric_covers_every_level_with_unique_codes() {
        let r = default_rubric(1);
        assert!(r.iter().all(|c| c.validate().is_ok()));
        for l in RubricLevel::ALL {
            assert!(r.iter().any(|c| c.level == *l));
        }
        let codes: std::collections::BTreeSet<_> = r.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes.len(), r.len());
    }

    #[test]
    fn low_ratings_need_an_improvement_action() {
        let mut r = RatingInput {
            criterion_id: 1,
            year: 2026,
            subject_id: None,
            rating: 2,
            evidence: "Two of four sectors attend".into(),
            improvement_action: String::new(),
        };
        assert!(r.validate().is_err());
        r.improvement_action = "Recruit a college dean".into();
        assert!(r.validate().is_ok());
        r.rating = 5;
        assert!(r.validate().is_err());
    }
}
