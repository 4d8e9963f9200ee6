//! Editing and deleting a funding stream (deleting one deletes its
//! allocations: the table cascades).

use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::catalog::{Id, OrganizationInput};
use pathways_domain::partnership::{FundingSource, FundingStreamInput};

use super::super::{Fields, int};
use super::agreements::{options, org_options};
use super::{Editable, FormState, routes};
use crate::access::Routes;

/// A year field.
pub(super) fn year(v: &str) -> Result<i32, String> {
    int(v).and_then(|y| i32::try_from(y).map_err(|_| format!("{v:?} is not a year")))
}

impl Editable for FundingStreamInput {
    const LIST: &'static str = "/partnership/funding";
    const BASE: &'static str = "/partnership/funding/streams";
    const NOUN: &'static str = "funding stream";
    const CASCADE: Option<&'static str> = Some("Its allocations are deleted with it.");

    fn label(&self) -> String {
        self.name.clone()
    }

    fn to_fields(&self) -> Fields {
        let mut v = vec![
            ("name".to_owned(), self.name.clone()),
            ("source".to_owned(), self.source.as_str().to_owned()),
        ];
        v.extend(
            self.organization_id
                .map(|i| ("organization_id".to_owned(), i.to_string())),
        );
        v.extend(
            self.ends_year
                .map(|y| ("ends_year".to_owned(), y.to_string())),
        );
        if self.recurring {
            v.push(("recurring".to_owned(), "yes".to_owned()));
        }
        Fields(v)
    }

    fn from_fields(current: &Self, f: &Fields, problems: &mut Vec<FieldError>) -> Self {
        FundingStreamInput {
            region_id: current.region_id,
            name: f.text("name"),
            source: f
                .required("source", problems, FundingSource::parse)
                .unwrap_or(current.source),
            organization_id: f.parse("organization_id", problems, int),
            recurring: f.get("recurring") == Some("yes"),
            ends_year: f.parse("ends_year", problems, year),
        }
    }

    fn form(fs: &FormState, orgs: &[(Id, OrganizationInput)]) -> Markup {
        html! {
            (fs.input("name", "Name", "text", true))
            (fs.select("source", "Source", &options!(FundingSource), false))
            (fs.select("organization_id", "Organization", &org_options(orgs, Some("None")), false))
            (fs.checkbox("recurring", "Recurs every year", false))
            (fs.input("ends_year", "Last year (time-limited awards)", "number", false))
        }
    }
}

pub(super) fn register(t: &mut Routes) {
    routes::<FundingStreamInput>(
        t,
        "/partnership/funding/streams/{id}/edit",
        "/partnership/funding/streams/{id}",
        "/partnership/funding/streams/{id}/delete",
    );
}
