//! The leadership team: who sits at the table, for which organization.
//!
//! A career-pathways partnership needs each system that moves a student from
//! school to work at the table: K-12, postsecondary, employers and the public
//! workforce system (the four partners named in Perkins V's comprehensive
//! local needs assessment consultation, 20 U.S.C. 2354(d), and in WIOA's
//! career-pathways definition, 29 U.S.C. 3102(7)).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::{Id, MAX_NAME};
use crate::vocab::Sector;
use crate::{Problems, Validate};

crate::vocab::vocabulary! {
    /// The sectors a leadership team must represent.
    RequiredSector, "required sector" {
        /// K-12 districts and schools.
        Secondary => "secondary", "Secondary (K-12)",
        /// Colleges and universities.
        Postsecondary => "postsecondary", "Postsecondary",
        /// Employers and industry groups.
        Employers => "employers", "Employers and industry",
        /// The public workforce system.
        Workforce => "workforce", "Workforce development",
    }
}

impl RequiredSector {
    /// Which required sector an organization's catalog sector counts toward.
    pub fn of(sector: Sector) -> Option<Self> {
        match sector {
            Sector::Secondary => Some(Self::Secondary),
            Sector::Postsecondary => Some(Self::Postsecondary),
            Sector::Employer | Sector::IndustryAssociation | Sector::ChamberOfCommerce => {
                Some(Self::Employers)
            }
            Sector::WorkforceBoard => Some(Self::Workforce),
            _ => None,
        }
    }
}

/// A person on the leadership team, seated for an organization of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMemberInput {
    /// Region whose partnership this is.
    pub region_id: Id,
    /// The organization the member represents.
    pub organization_id: Id,
    /// The person's name.
    pub person_name: String,
    /// Their title at the organization.
    #[serde(default)]
    pub title: Option<String>,
    /// Chair, co-chair or member.
    #[serde(default = "member")]
    pub team_role: String,
    /// Still seated.
    #[serde(default = "yes")]
    pub active: bool,
}

fn member() -> String {
    "member".into()
}
fn yes() -> bool {
    true
}

impl Validate for TeamMemberInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("person_name", &self.person_name, MAX_NAME);
        p.optional_text("title", self.title.as_deref(), MAX_NAME);
        if !["chair", "co_chair", "member"].contains(&self.team_role.as_str()) {
            p.push("team_role", "must be chair, co_chair or member");
        }
        p
    }
}

/// The required sectors nobody active on the team represents, in order.
pub fn missing_sectors(sectors_present: &[Sector]) -> Vec<RequiredSector> {
    RequiredSector::ALL
        .iter()
        .copied()
        .filter(|r| {
            !sectors_present
                .iter()
                .any(|s| RequiredSector::of(*s) == Some(*r))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_missing_sectors() {
        let present = [Sector::Secondary, Sector::IndustryAssociation];
        assert_eq!(
            missing_sectors(&present),
            [RequiredSector::Postsecondary, RequiredSector::Workforce]
        );
        let all = [
            Sector::Secondary,
            Sector::Postsecondary,
            Sector::Employer,
            Sector::WorkforceBoard,
        ];
        assert!(missing_sectors(&all).is_empty());
    }
}
