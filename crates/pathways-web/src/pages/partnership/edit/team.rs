//! Editing and deleting a leadership team member (including marking one
//! inactive, which takes their sector off the representation check).

use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::catalog::{Id, OrganizationInput};
use pathways_domain::partnership::TeamMemberInput;

use super::super::{Fields, int};
use super::agreements::org_options;
use super::{Editable, FormState, routes};
use crate::access::Routes;

const ROLES: &[(&str, &str)] = &[
    ("member", "Member"),
    ("chair", "Chair"),
    ("co_chair", "Co-chair"),
];

impl Editable for TeamMemberInput {
    const LIST: &'static str = "/partnership/team";
    const BASE: &'static str = "/partnership/team";
    const NOUN: &'static str = "team member";

    fn label(&self) -> String {
        self.person_name.clone()
    }

    fn to_fields(&self) -> Fields {
        let mut v = vec![
            ("person_name".to_owned(), self.person_name.clone()),
            (
                "organization_id".to_owned(),
                self.organization_id.to_string(),
            ),
            ("team_role".to_owned(), self.team_role.clone()),
        ];
        v.extend(self.title.clone().map(|t| ("title".to_owned(), t)));
        if self.active {
            v.push(("active".to_owned(), "yes".to_owned()));
        }
        Fields(v)
    }

    fn from_fields(current: &Self, f: &Fields, problems: &mut Vec<FieldError>) -> Self {
        TeamMemberInput {
            region_id: current.region_id,
            organization_id: f
                .required("organization_id", problems, int)
                .unwrap_or(current.organization_id),
            person_name: f.text("person_name"),
            title: f.get("title").map(str::to_owned),
            team_role: f.get("team_role").unwrap_or("member").to_owned(),
            active: f.get("active") == Some("yes"),
        }
    }

    fn form(fs: &FormState, orgs: &[(Id, OrganizationInput)]) -> Markup {
        let roles: Vec<(String, String)> = ROLES
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
            .collect();
        html! {
            (fs.input("person_name", "Name", "text", true))
            (fs.input("title", "Title", "text", false))
            (fs.select("organization_id", "Organization", &org_options(orgs, None), false))
            (fs.select("team_role", "Role", &roles, false))
            (fs.checkbox("active", "Active on the team", false))
        }
    }
}

pub(super) fn register(t: &mut Routes) {
    routes::<TeamMemberInput>(
        t,
        "/partnership/team/{id}/edit",
        "/partnership/team/{id}",
        "/partnership/team/{id}/delete",
    );
}
