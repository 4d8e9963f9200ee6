//! Editing and deleting an agreement: its kind, status, parties,
//! data-sharing terms and dates.

use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::catalog::{Id, OrganizationInput};
use pathways_domain::partnership::{
    AgreementInput, AgreementKind, AgreementStatus, DataElement, Purpose,
};

use super::super::{Fields, date, int};
use super::{Editable, FormState, routes};
use crate::access::Routes;

/// (value, label) options of a vocabulary.
macro_rules! options {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), k.title().to_owned()))
            .collect::<Vec<_>>()
    };
}
pub(super) use options;

/// (id, name) options of the organizations.
pub(super) fn org_options(
    orgs: &[(Id, OrganizationInput)],
    none: Option<&str>,
) -> Vec<(String, String)> {
    none.map(|n| (String::new(), n.to_owned()))
        .into_iter()
        .chain(
            orgs.iter()
                .map(|(id, o)| (id.to_string(), format!("{} ({})", o.name, o.sector.title()))),
        )
        .collect()
}

impl Editable for AgreementInput {
    const LIST: &'static str = "/partnership/agreements";
    const BASE: &'static str = "/partnership/agreements";
    const NOUN: &'static str = "agreement";

    fn label(&self) -> String {
        self.title.clone()
    }

    fn to_fields(&self) -> Fields {
        let mut v = vec![
            ("title".to_owned(), self.title.clone()),
            ("kind".to_owned(), self.kind.as_str().to_owned()),
            ("status".to_owned(), self.status.as_str().to_owned()),
            ("notes".to_owned(), self.notes.clone()),
        ];
        v.extend(
            self.party_ids
                .iter()
                .map(|i| ("party_ids".to_owned(), i.to_string())),
        );
        v.extend(
            self.supplier_id
                .map(|i| ("supplier_id".to_owned(), i.to_string())),
        );
        v.extend(
            self.data_elements
                .iter()
                .map(|e| ("data_elements".to_owned(), e.as_str().to_owned())),
        );
        v.extend(
            self.purposes
                .iter()
                .map(|e| ("purposes".to_owned(), e.as_str().to_owned())),
        );
        v.extend(
            self.effective_on
                .map(|d| ("effective_on".to_owned(), d.to_string())),
        );
        v.extend(
            self.expires_on
                .map(|d| ("expires_on".to_owned(), d.to_string())),
        );
        Fields(v)
    }

    fn from_fields(current: &Self, f: &Fields, problems: &mut Vec<FieldError>) -> Self {
        AgreementInput {
            region_id: current.region_id,
            kind: f
                .required("kind", problems, AgreementKind::parse)
                .unwrap_or(current.kind),
            title: f.text("title"),
            status: f
                .required("status", problems, AgreementStatus::parse)
                .unwrap_or(current.status),
            party_ids: f.parse_all("party_ids", problems, int),
            supplier_id: f.parse("supplier_id", problems, int),
            data_elements: f.parse_all("data_elements", problems, DataElement::parse),
            purposes: f.parse_all("purposes", problems, Purpose::parse),
            effective_on: f.parse("effective_on", problems, date),
            expires_on: f.parse("expires_on", problems, date),
            notes: f.text("notes"),
        }
    }

    fn form(fs: &FormState, orgs: &[(Id, OrganizationInput)]) -> Markup {
        html! {
            (fs.input("title", "Title", "text", true))
            (fs.select("kind", "Kind", &options!(AgreementKind), false))
            (fs.select("status", "Status", &options!(AgreementStatus), false))
            (fs.select("party_ids", "Parties", &org_options(orgs, None), true))
            fieldset { legend { "Data-sharing terms (data-sharing agreements only)" }
                (fs.select("supplier_id", "Whose students' data", &org_options(orgs, Some("None")), false))
                (fs.checkboxes("data_elements", "Data elements", &options!(DataElement)))
                (fs.checkboxes("purposes", "Purposes", &options!(Purpose)))
            }
            (fs.input("effective_on", "Effective", "date", false))
            (fs.input("expires_on", "Expires", "date", false))
            (fs.textarea("notes", "Notes"))
        }
    }
}

pub(super) fn register(t: &mut Routes) {
    routes::<AgreementInput>(
        t,
        "/partnership/agreements/{id}/edit",
        "/partnership/agreements/{id}",
        "/partnership/agreements/{id}/delete",
    );
}
