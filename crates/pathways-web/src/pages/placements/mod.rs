//! Placement pages: the list (an employer's placed students, a student's own,
//! a school's), a placement with its agreement sign-offs, hours log and
//! evaluations, and the convener's rubric templates.
//!
//! One submodule per job; this one holds the page frame, form helpers and
//! the routes.

mod agreements;
mod evaluations;
mod hours;

use agreements::{create_submit, detail_page, list_page, round_submit, sign_submit, status_submit};
use evaluations::{evaluation_submit, rubric_create, rubric_page, rubric_update, rubrics_page};
use hours::{approve_submit, hours_submit};

use std::collections::HashMap;

use axum::Form;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::access::Principal;
use pathways_domain::placement::PlacementStatus;

use crate::access::{self, Access, Routes};
use crate::api::wbl::REVIEWERS;
use crate::error::ApiError;
use crate::pages::Page;

type Fields = Form<HashMap<String, String>>;

fn page(title: String, p: &Principal, csrf: Option<&str>, body: Markup) -> Response {
    Page {
        title,
        nav: "placements",
        user: Some(p),
        csrf,
        body,
    }
    .into_response()
}

fn fail(e: ApiError, p: &Principal, csrf: Option<&str>, back: &str) -> Response {
    let (status, _, title) = e.parts();
    let body = html! {
        div.alert.bad role="alert" { (e.problem().detail)
            @for f in &e.problem().invalid_params { " " (f["name"].as_str().unwrap_or("")) ": " (f["reason"].as_str().unwrap_or("")) "." } }
        p { a href=(back) { "Back" } }
    };
    (status, page(title.to_owned(), p, csrf, body)).into_response()
}

fn csrf_field(csrf: Option<&str>) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(csrf.unwrap_or("")); }
}

fn field<'a>(f: &'a HashMap<String, String>, k: &str) -> &'a str {
    f.get(k).map(String::as_str).unwrap_or("").trim()
}

fn invalid(field: &str, why: &str) -> ApiError {
    ApiError::Invalid(vec![FieldError::new(field, why)])
}

fn hours(h: f64) -> String {
    let s = format!("{h:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A stored timestamp (`2026-12-02T01:07:43Z`) as people read it: `2026-12-02 at 01:07 UTC`.
pub(super) fn when(ts: &str) -> String {
    match (ts.get(..10), ts.get(11..16)) {
        (Some(day), Some(time)) if ts.as_bytes().get(10) == Some(&b'T') => {
            format!("{day} at {time} UTC")
        }
        _ => ts.to_owned(),
    }
}

fn status_pill(s: PlacementStatus) -> Markup {
    html! { span.pill.(format!("status-{s}")) { (s.title()) } }
}

/// Registers the placement pages.
pub fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/wbl/placements",
        Access::SignedIn,
        list_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements",
        REVIEWERS,
        create_submit,
        None,
    );
    t.add(
        Method::GET,
        "/wbl/placements/{id}",
        Access::SignedIn,
        detail_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/sign",
        Access::SignedIn,
        sign_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/status",
        Access::SignedIn,
        status_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/hours",
        Access::SignedIn,
        hours_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/hours/{id}/approve",
        Access::SignedIn,
        approve_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/evaluations",
        Access::SignedIn,
        evaluation_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/rounds/{id}/placements",
        access::ADMIN,
        round_submit,
        None,
    );
    t.add(
        Method::GET,
        "/wbl/rubrics",
        access::ADMIN,
        rubrics_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/rubrics",
        access::ADMIN,
        rubric_create,
        None,
    );
    t.add(
        Method::GET,
        "/wbl/rubrics/{id}",
        access::ADMIN,
        rubric_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/rubrics/{id}",
        access::ADMIN,
        rubric_update,
        None,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_read_as_day_and_minute() {
        assert_eq!(
            super::when("2026-12-02T01:07:43Z"),
            "2026-12-02 at 01:07 UTC"
        );
        assert_eq!(super::when("2026-12-02"), "2026-12-02");
    }
}
