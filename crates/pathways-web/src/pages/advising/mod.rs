//! Advising pages: the interest inventory, goal picking, the plan editor,
//! the plan as a readable and printable page, milestones and the
//! counselor's caseload. Forms only; no script.

mod caseload;
mod goals;
mod plan;
mod plan_edit;

use std::collections::HashMap;

use axum::http::Method;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{CourseInput, CredentialInput, Id, OrganizationInput, PathwayInput};
use pathways_store::ListFilter;

use crate::access::Routes;
use crate::api::wbl::{APPLICANTS, REVIEWERS};
use crate::error::ApiError;
use crate::pages::Page;
use crate::state::AppState;

pub(crate) use caseload::summary_panel;
pub(crate) use plan::student_panel;

pub(crate) fn fail(e: ApiError, user: &Principal, csrf: Option<&str>) -> Response {
    let (status, _, title) = e.parts();
    let page = Page {
        title: title.to_owned(),
        nav: "advising",
        user: Some(user),
        csrf,
        body: html! {
            div.alert.bad role="alert" { (e.problem().detail) }
            @if let ApiError::Invalid(fields) | ApiError::BadRequest { params: fields, .. } = &e {
                ul { @for f in fields { li { strong { (f.field) } ": " (f.message) } } }
            }
            p { a href="/advising/plan" { "Back to the plan" } }
        },
    };
    (status, page).into_response()
}

pub(crate) fn csrf_field(csrf: Option<&str>) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(csrf.unwrap_or("")); }
}

/// `?student_ref=` for staff; students and families use their own.
pub(crate) fn student_param(p: &Principal, q: &HashMap<String, String>) -> Option<String> {
    match p.role {
        Role::Student | Role::Family => None,
        _ => q.get("student_ref").filter(|s| !s.is_empty()).cloned(),
    }
}

/// The query suffix that keeps a staff member on the same student.
pub(crate) fn for_student(p: &Principal, student_ref: &str) -> String {
    match p.role {
        Role::Student | Role::Family => String::new(),
        _ => format!(
            "?{}",
            serde_urlencoded::to_string([("student_ref", student_ref)]).unwrap_or_default()
        ),
    }
}

/// Names of catalog records, for plain-language pages.
pub(crate) struct Names {
    pub pathways: Vec<(Id, PathwayInput)>,
    pub courses: HashMap<Id, CourseInput>,
    pub credentials: HashMap<Id, CredentialInput>,
    pub organizations: HashMap<Id, OrganizationInput>,
}

impl Names {
    pub async fn load(state: &AppState) -> Result<Self, ApiError> {
        let all = ListFilter::default();
        let s = state.store();
        Ok(Self {
            pathways: s
                .list_all::<PathwayInput>(&all)
                .await?
                .into_iter()
                .map(|p| (p.meta.id, p.fields))
                .collect(),
            courses: s
                .list_all::<CourseInput>(&all)
                .await?
                .into_iter()
                .map(|c| (c.meta.id, c.fields))
                .collect(),
            credentials: s
                .list_all::<CredentialInput>(&all)
                .await?
                .into_iter()
                .map(|c| (c.meta.id, c.fields))
                .collect(),
            organizations: s
                .list_all::<OrganizationInput>(&all)
                .await?
                .into_iter()
                .map(|o| (o.meta.id, o.fields))
                .collect(),
        })
    }

    pub fn pathway(&self, id: Option<Id>) -> String {
        id.and_then(|i| self.pathways.iter().find(|(k, _)| *k == i))
            .map(|(_, p)| p.name.clone())
            .unwrap_or_else(|| "No pathway yet".into())
    }

    pub fn course(&self, id: Id) -> String {
        self.courses
            .get(&id)
            .map(|c| format!("{} {}", c.code, c.title))
            .unwrap_or_else(|| format!("Unknown course {id}"))
    }

    pub fn org(&self, id: Id) -> String {
        self.organizations
            .get(&id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| format!("Organization {id}"))
    }
}

/// Registers the advising pages.
pub fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/advising/caseload",
        REVIEWERS,
        caseload::page,
        None,
    );
    t.add(
        Method::POST,
        "/advising/caseload/check",
        REVIEWERS,
        caseload::check,
        None,
    );
    t.add(
        Method::GET,
        "/advising/milestones",
        REVIEWERS,
        caseload::milestones_page,
        None,
    );
    t.add(
        Method::POST,
        "/advising/milestones",
        REVIEWERS,
        caseload::milestones_submit,
        None,
    );
    t.add(
        Method::GET,
        "/advising/inventory",
        APPLICANTS,
        goals::inventory_page,
        None,
    );
    t.add(
        Method::POST,
        "/advising/inventory",
        APPLICANTS,
        goals::inventory_submit,
        None,
    );
    t.add(
        Method::GET,
        "/advising/goals",
        APPLICANTS,
        goals::goals_page,
        None,
    );
    t.add(
        Method::POST,
        "/advising/goals",
        APPLICANTS,
        goals::goals_submit,
        None,
    );
    t.add(
        Method::GET,
        "/advising/plan",
        crate::api::advising::ADVISING,
        plan::page,
        None,
    );
    t.add(
        Method::POST,
        "/advising/plan/approve",
        REVIEWERS,
        plan::approve,
        None,
    );
    t.add(
        Method::POST,
        "/advising/plan/milestone",
        APPLICANTS,
        plan::milestone,
        None,
    );
    t.add(
        Method::GET,
        "/advising/plan/edit",
        APPLICANTS,
        plan_edit::page,
        None,
    );
    t.add(
        Method::POST,
        "/advising/plan/edit",
        APPLICANTS,
        plan_edit::submit,
        None,
    );
}
