//! Who does what: a matrix of stakeholder type × pathway component.
//!
//! The seven components are the elements of a high-quality career pathway
//! system as the field commonly names them (cross-sector partnership, labor
//! market alignment, secondary–postsecondary links, valued credentials,
//! integrated academic and career learning, advising, and a continuum of
//! work-based learning). The default text of each cell is this project's own
//! wording; a region edits it and assigns each responsibility to a partner.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::{Id, MAX_TEXT};
use crate::{Problems, Validate};

crate::vocab::vocabulary! {
    /// A type of stakeholder in the partnership.
    Stakeholder, "stakeholder type" {
        /// Employers and industry.
        Employers => "employers", "Employers and industry",
        /// K-12 districts and schools.
        K12 => "k12", "K-12",
        /// Colleges and universities.
        Postsecondary => "postsecondary", "Postsecondary",
        /// The workforce board and its partners.
        Workforce => "workforce", "Workforce development",
        /// The regional convener (intermediary).
        Convener => "convener", "Regional convener",
        /// Whoever facilitates the pathways team.
        Facilitator => "facilitator", "Pathways team facilitator",
    }
}

crate::vocab::vocabulary! {
    /// A component of a career-pathways system.
    Component, "pathway component" {
        /// Cross-sector partnerships.
        Partnerships => "partnerships", "Cross-sector partnerships",
        /// Alignment with labor-market demand.
        LaborMarket => "labor_market", "Alignment with labor-market demand",
        /// Links between secondary and postsecondary.
        Transitions => "transitions", "Secondary–postsecondary links",
        /// Credentials with labor-market value.
        Credentials => "credentials", "Credentials with labor-market value",
        /// Integrated academics and career-focused learning.
        Integration => "integration", "Integrated academic and career learning",
        /// Effective advising.
        Advising => "advising", "Effective advising",
        /// A continuum of work-based learning.
        WorkBasedLearning => "wbl", "Continuum of work-based learning",
    }
}

crate::vocab::vocabulary! {
    /// How far along a responsibility is.
    ResponsibilityStatus, "responsibility status" {
        /// Nobody has started.
        NotStarted => "not_started", "Not started",
        /// Under way.
        InProgress => "in_progress", "In progress",
        /// Met, with evidence.
        Met => "met", "Met",
    }
}

/// One responsibility in one cell of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityInput {
    /// Region.
    pub region_id: Id,
    /// Row of the matrix.
    pub stakeholder: Stakeholder,
    /// Column of the matrix.
    pub component: Component,
    /// What the stakeholder commits to.
    pub description: String,
    /// The organization that owns it (None: nobody yet).
    #[serde(default)]
    pub organization_id: Option<Id>,
    /// Progress.
    #[serde(default = "not_started")]
    pub status: ResponsibilityStatus,
    /// Evidence of progress (a link, a document, a note).
    #[serde(default)]
    pub evidence: String,
}

fn not_started() -> ResponsibilityStatus {
    ResponsibilityStatus::NotStarted
}

impl Validate for ResponsibilityInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("description", &self.description, MAX_TEXT);
        p.optional_text("evidence", Some(&self.evidence), MAX_TEXT);
        if self.status == ResponsibilityStatus::Met && self.evidence.trim().is_empty() {
            p.push("evidence", "a met responsibility needs evidence");
        }
        p
    }
}

/// The cells (stakeholder, component) where no responsibility has an owner,
/// in matrix order. A cell with no responsibility at all is unowned too.
pub fn unowned_cells(rs: &[ResponsibilityInput]) -> Vec<(Stakeholder, Component)> {
    let mut out = Vec::new();
    for s in Stakeholder::ALL {
        for c in Component::ALL {
            let owned = rs
                .iter()
                .any(|r| r.stakeholder == *s && r.component == *c && r.organization_id.is_some());
            if !owned {
                out.push((*s, *c));
            }
        }
    }
    out
}

use Component as C;
use Stakeholder as S;

/// The default responsibility of every cell, in this project's own words.
pub const DEFAULTS: &[(Stakeholder, Component, &str)] = &[
    (
        S::Employers,
        C::Partnerships,
        "Send a decision-maker to the leadership team and co-lead at least one industry sector table.",
    ),
    (
        S::Employers,
        C::LaborMarket,
        "Tell the region which competencies you need and how many openings you expect now and in three to five years.",
    ),
    (
        S::Employers,
        C::Transitions,
        "Recognize the pathway's college credit and credentials when hiring and in tuition assistance.",
    ),
    (
        S::Employers,
        C::Credentials,
        "Validate which credentials you hire on, and say so in job postings.",
    ),
    (
        S::Employers,
        C::Integration,
        "Supply real workplace problems for projects and review student work against industry standards.",
    ),
    (
        S::Employers,
        C::Advising,
        "Offer career talks and mentors so students hear about jobs from people who do them.",
    ),
    (
        S::Employers,
        C::WorkBasedLearning,
        "Host tours, job shadows, internships and apprenticeships, and sign training agreements for each placement.",
    ),
    (
        S::K12,
        C::Partnerships,
        "Commit district leadership to the team and align the district's CTE plan with the regional plan.",
    ),
    (
        S::K12,
        C::LaborMarket,
        "Open, grow or retire programs of study according to regional labor-market evidence.",
    ),
    (
        S::K12,
        C::Transitions,
        "Sequence high-school courses so they lead without repetition into college programs, with dual credit where possible.",
    ),
    (
        S::K12,
        C::Credentials,
        "Offer industry certifications the region values, and pay for students' exam fees.",
    ),
    (
        S::K12,
        C::Integration,
        "Pair academic and CTE teachers to teach core subjects through career contexts.",
    ),
    (
        S::K12,
        C::Advising,
        "Give every student a career and education plan from middle school on, reviewed each year with families.",
    ),
    (
        S::K12,
        C::WorkBasedLearning,
        "Build work-based learning into the schedule, with credit, transportation and a coordinator.",
    ),
    (
        S::Postsecondary,
        C::Partnerships,
        "Commit college leadership to the team and share program capacity and completion data.",
    ),
    (
        S::Postsecondary,
        C::LaborMarket,
        "Review programs against regional demand every year and involve employer advisory committees.",
    ),
    (
        S::Postsecondary,
        C::Transitions,
        "Develop stackable course sequences and articulation so high-school credit counts toward degrees.",
    ),
    (
        S::Postsecondary,
        C::Credentials,
        "Embed industry certifications and short-term certificates that stack into degrees.",
    ),
    (
        S::Postsecondary,
        C::Integration,
        "Contextualize developmental and general-education courses in the pathway's occupations.",
    ),
    (
        S::Postsecondary,
        C::Advising,
        "Assign each pathway student an advisor and publish program maps with costs and outcomes.",
    ),
    (
        S::Postsecondary,
        C::WorkBasedLearning,
        "Offer credit for internships, clinicals and apprenticeship related instruction.",
    ),
    (
        S::Workforce,
        C::Partnerships,
        "Align the local WIOA plan with the pathways plan and bring one-stop partners to the table.",
    ),
    (
        S::Workforce,
        C::LaborMarket,
        "Provide labor-market information: targeted occupations, wages and openings for the region.",
    ),
    (
        S::Workforce,
        C::Transitions,
        "Connect out-of-school youth and adults to the same pathways through WIOA services.",
    ),
    (
        S::Workforce,
        C::Credentials,
        "Keep the eligible training provider list current with the pathway's credentials.",
    ),
    (
        S::Workforce,
        C::Integration,
        "Fund integrated education and training models for adult learners in the pathways.",
    ),
    (
        S::Workforce,
        C::Advising,
        "Make career services available to students and families alongside school advising.",
    ),
    (
        S::Workforce,
        C::WorkBasedLearning,
        "Fund paid work experience and registered apprenticeship slots for youth.",
    ),
    (
        S::Convener,
        C::Partnerships,
        "Convene the leadership team, keep the agreements current and report to partners.",
    ),
    (
        S::Convener,
        C::LaborMarket,
        "Publish the region's targeting rule and gap analysis and lead the annual review of it.",
    ),
    (
        S::Convener,
        C::Transitions,
        "Broker articulation and dual-credit agreements between districts and colleges.",
    ),
    (
        S::Convener,
        C::Credentials,
        "Maintain the regional list of credentials of value and check it against hiring data.",
    ),
    (
        S::Convener,
        C::Integration,
        "Organize shared professional learning for academic and CTE faculty.",
    ),
    (
        S::Convener,
        C::Advising,
        "Provide shared advising tools and the pathway maps every counselor uses.",
    ),
    (
        S::Convener,
        C::WorkBasedLearning,
        "Run the regional work-based learning board, matching and employer recruitment.",
    ),
    (
        S::Facilitator,
        C::Partnerships,
        "Prepare agendas, record decisions and follow up on every action item.",
    ),
    (
        S::Facilitator,
        C::LaborMarket,
        "Bring the latest labor-market evidence to each meeting where programs are discussed.",
    ),
    (
        S::Facilitator,
        C::Transitions,
        "Track each articulation gap the team finds until an agreement closes it.",
    ),
    (
        S::Facilitator,
        C::Credentials,
        "Keep the team's credential reviews on schedule and their results recorded.",
    ),
    (
        S::Facilitator,
        C::Integration,
        "Collect examples of integrated lessons and share them across partners.",
    ),
    (
        S::Facilitator,
        C::Advising,
        "Gather counselor and student feedback on advising and bring it to the team.",
    ),
    (
        S::Facilitator,
        C::WorkBasedLearning,
        "Report participation in work-based learning by stage and student group each term.",
    ),
];

/// The default responsibilities of a region, none of them assigned yet.
pub fn defaults(region_id: Id) -> Vec<ResponsibilityInput> {
    DEFAULTS
        .iter()
        .map(|(s, c, d)| ResponsibilityInput {
            region_id,
            stakeholder: *s,
            component: *c,
            description: (*d).to_owned(),
            organization_id: None,
            status: ResponsibilityStatus::NotStarted,
            evidence: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_every_cell_once() {
        assert_eq!(
            DEFAULTS.len(),
            Stakeholder::ALL.len() * Component::ALL.len()
        );
        let all = defaults(1);
        assert!(all.iter().all(|r| r.validate().is_ok()));
        assert_eq!(unowned_cells(&all).len(), 42);
    }

    #[test]
    fn a_cell_is_owned_once_someone_takes_it() {
        let mut all = defaults(1);
        all[0].organization_id = Some(7);
        let unowned = unowned_cells(&all);
        assert_eq!(unowned.len(), 41);
        assert!(!unowned.contains(&(Stakeholder::Employers, Component::Partnerships)));
    }
}
