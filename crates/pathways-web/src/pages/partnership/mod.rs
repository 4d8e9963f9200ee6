//! Partnership pages for the convener and partner staff: a dashboard that
//! puts alerts first, and one page per sub-area with its add form (the
//! convener writes; partner staff read). Forms post with the CSRF token and
//! work without JavaScript.

mod agreements;
mod assessment;
mod edit;
mod funding;
mod goals;
mod meetings;
mod responsibilities;
mod team;

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::access::Principal;
use pathways_domain::catalog::{Id, OrganizationInput, RegionInput};
use pathways_domain::partnership::{Cadence, Date, PartnershipSettingsInput};
use pathways_store::ListFilter;

use crate::access::{self, Csrf, Routes, SignedIn};
use crate::api::partnership::views::{self, AlertView};
use crate::error::ApiError;
use crate::pages::Page;
use crate::sharing::today;
use crate::state::AppState;

/// The form fields of a post, in order (repeated names allowed).
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// A field's trimmed value, if given and not empty.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }
    /// Every value of a repeated field.
    pub fn all(&self, k: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect()
    }
    /// A text field ("" when absent).
    pub fn text(&self, k: &str) -> String {
        self.get(k).unwrap_or("").to_owned()
    }
    /// Parses a field, collecting a problem naming it.
    pub fn parse<T, E: std::fmt::Display>(
        &self,
        k: &str,
        problems: &mut Vec<FieldError>,
        f: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        match self.get(k) {
            None => None,
            Some(v) => match f(v) {
                Ok(x) => Some(x),
                Err(e) => {
                    problems.push(FieldError::new(k, e.to_string()));
                    None
                }
            },
        }
    }
    /// Parses a required field.
    pub fn required<T, E: std::fmt::Display>(
        &self,
        k: &str,
        problems: &mut Vec<FieldError>,
        f: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        if self.get(k).is_none() {
            problems.push(FieldError::new(k, "is required"));
            return None;
        }
        self.parse(k, problems, f)
    }
    /// Parses every value of a repeated field.
    pub fn parse_all<T, E: std::fmt::Display>(
        &self,
        k: &str,
        problems: &mut Vec<FieldError>,
        f: impl Fn(&str) -> Result<T, E>,
    ) -> Vec<T> {
        self.all(k)
            .into_iter()
            .filter_map(|v| match f(v) {
                Ok(x) => Some(x),
                Err(e) => {
                    problems.push(FieldError::new(k, e.to_string()));
                    None
                }
            })
            .collect()
    }
}

/// Turns collected form problems into an error (or nothing).
pub(crate) fn check(problems: Vec<FieldError>) -> Result<(), ApiError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(problems))
    }
}

/// Parses a number field.
pub(crate) fn int(v: &str) -> Result<i64, String> {
    v.parse::<i64>()
        .map_err(|_| format!("{v:?} is not a whole number"))
}

/// Parses a decimal field.
pub(crate) fn num(v: &str) -> Result<f64, String> {
    v.replace([',', '$'], "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("{v:?} is not a number"))
}

/// Parses a date field.
pub(crate) fn date(v: &str) -> Result<Date, String> {
    Date::parse(v).map_err(|e| e.to_string())
}

/// The region the partnership pages are about (the first one).
pub(crate) async fn region(state: &AppState) -> Result<Id, ApiError> {
    first_region(state).await?.ok_or_else(|| {
        ApiError::NotFound("no region yet; create one or run `pathways demo`".into())
    })
}

/// The installation's region, if one exists yet (pages that show nothing
/// without one ask this rather than fail).
pub(crate) async fn first_region(state: &AppState) -> Result<Option<Id>, ApiError> {
    Ok(state
        .store()
        .list::<RegionInput>(&ListFilter::default(), None, 1)
        .await?
        .items
        .first()
        .map(|r| r.meta.id))
}

/// Organization names by id, sorted by name for selects.
pub(crate) async fn organizations(
    state: &AppState,
) -> Result<Vec<(Id, OrganizationInput)>, ApiError> {
    let mut v: Vec<(Id, OrganizationInput)> = state
        .store()
        .list_all::<OrganizationInput>(&ListFilter::default())
        .await?
        .into_iter()
        .map(|o| (o.meta.id, o.fields))
        .collect();
    v.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    Ok(v)
}

/// A name lookup from [`organizations`].
pub(crate) fn names(orgs: &[(Id, OrganizationInput)]) -> HashMap<Id, String> {
    orgs.iter().map(|(i, o)| (*i, o.name.clone())).collect()
}

/// A `<select>` of organizations.
pub(crate) fn org_select(
    name: &str,
    label: &str,
    orgs: &[(Id, OrganizationInput)],
    optional: bool,
    multiple: bool,
) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            select id=(name) name=(name) multiple[multiple] size=[multiple.then_some(6)] {
                @if optional { option value="" { "None" } }
                @for (id, o) in orgs { option value=(id) { (o.name) " (" (o.sector.title()) ")" } }
            }
        }
    }
}

/// The hidden CSRF field.
pub(crate) fn csrf_field(csrf: Option<&str>) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(csrf.unwrap_or("")); }
}

const SECTIONS: &[(&str, &str)] = &[
    ("/partnership", "Overview"),
    ("/partnership/team", "Team"),
    ("/partnership/meetings", "Meetings"),
    ("/partnership/agreements", "Agreements"),
    ("/partnership/responsibilities", "Responsibilities"),
    ("/partnership/goals", "Goals"),
    ("/partnership/assets", "Asset map"),
    ("/partnership/funding", "Funding"),
    ("/partnership/assessment", "Self-assessment"),
    ("/partnership/settings", "Settings"),
];

/// Renders a partnership page with the section navigation.
pub(crate) fn frame(
    p: &Principal,
    csrf: Option<&str>,
    title: &str,
    here: &str,
    body: Markup,
) -> Response {
    Page {
        title: title.to_owned(),
        nav: "partnership",
        user: Some(p),
        csrf,
        body: html! {
            nav.subnav aria-label="Partnership" { ul { @for (href, label) in SECTIONS {
                li { a href=(href) aria-current=[(*href == here).then_some("page")] { (label) } }
            } } }
            (body)
        },
    }
    .into_response()
}

/// An error page within the partnership section; invalid input lists each field.
pub(crate) fn fail(e: ApiError, p: &Principal, csrf: Option<&str>, back: &str) -> Response {
    let (status, _, title) = e.parts();
    let body = html! {
        div.alert.bad role="alert" {
            @match &e {
                ApiError::Invalid(list) => { p { "Nothing was saved. Please correct:" } ul { @for f in list { li { strong { (f.field) } ": " (f.message) } } } }
                other => { (other.problem().detail) }
            }
        }
        p { a href=(back) { "Back" } }
    };
    let mut res = frame(p, csrf, title, back, body);
    *res.status_mut() = if matches!(e, ApiError::Invalid(_)) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        status
    };
    res
}

/// Runs a page handler body, turning errors into the section's error page.
pub(crate) fn respond(
    r: Result<Response, ApiError>,
    p: &Principal,
    csrf: Option<&str>,
    back: &str,
) -> Response {
    r.unwrap_or_else(|e| fail(e, p, csrf, back))
}

/// After a successful post: back to the page (303 See Other).
pub(crate) fn done(to: &str) -> Result<Response, ApiError> {
    Ok(Redirect::to(to).into_response())
}

/// The alerts list, most urgent first (also used by the home page).
pub fn alert_list(alerts: &[AlertView]) -> Markup {
    html! {
        @if alerts.is_empty() {
            p.alert.ok { "Nothing needs attention in the partnership." }
        } @else {
            ul.alerts {
                @for a in alerts {
                    li.alert data-kind=(a.kind) { (a.message) " " a href=(a.href) { "Act on it" } }
                }
            }
        }
    }
}

/// The partnership alerts of the first region, for the convener's home page
/// (None when there is no region yet).
pub async fn convener_alerts(state: &AppState) -> Result<Option<Vec<AlertView>>, ApiError> {
    let Some(id) = first_region(state).await? else {
        return Ok(None);
    };
    let p = state.store().partnership(id).await?;
    Ok(Some(views::alert_views(&p, today())))
}

async fn dashboard(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let s = views::status(state.store(), region, today()).await?;
        let body = html! {
            section.card aria-labelledby="attention" {
                h2 #attention { "Needs attention" }
                (alert_list(&s.alerts))
            }
            div.cards {
                div.card { h3 { a href="/partnership/team" { "Leadership team" } } p { (s.team_members) " active members" }
                    @if s.missing_sectors.is_empty() { p { "Every required sector is at the table." } }
                    @else { p { "Missing: " (s.missing_sectors.iter().map(|x| x.title()).collect::<Vec<_>>().join(", ")) } } }
                div.card { h3 { a href="/partnership/meetings" { "Meetings" } } p { (s.meetings) " on record; last "
                    (s.last_meeting.map(|d| d.to_string()).unwrap_or_else(|| "never".into())) "; cadence " (s.cadence.title().to_lowercase()) "." }
                    p { (s.open_action_items) " open action items" } }
                div.card { h3 { a href="/partnership/agreements" { "Agreements" } } p { (s.agreements.len()) " agreements" }
                    ul { @for a in &s.agreements { li { (a.title) " " span.pill { (a.lifecycle.title()) } } } } }
                div.card { h3 { a href="/partnership/responsibilities" { "Responsibilities" } } p { (42 - s.unowned_cells) " of 42 cells owned" } }
                div.card { h3 { a href="/partnership/goals" { "Goals" } }
                    ul { @for g in &s.goals { li { (g.title) " " span.pill { (g.track.title()) } } } } }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Partnership", "/partnership", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership")
}

async fn settings_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let s = state.store().partnership_settings(region).await?;
        let body = html! {
            form.card method="post" action="/partnership/settings" {
                (csrf_field(csrf.as_deref()))
                div.field { label for="meeting_cadence" { "Leadership team meets" }
                    select #meeting_cadence name="meeting_cadence" { @for c in Cadence::ALL { option value=(c.as_str()) selected[*c == s.meeting_cadence] { (c.title()) } } } }
                div.field { label for="expiry_warning_days" { "Warn this many days before an agreement expires" }
                    input #expiry_warning_days name="expiry_warning_days" type="number" min="1" max="365" value=(s.expiry_warning_days); }
                button type="submit" { "Save settings" }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Partnership settings", "/partnership/settings", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/settings")
}

async fn settings_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let region = region(&state).await?;
        let mut problems = Vec::new();
        let cadence = f.required("meeting_cadence", &mut problems, Cadence::parse);
        let days = f
            .parse("expiry_warning_days", &mut problems, int)
            .unwrap_or(60);
        check(problems)?;
        let s = PartnershipSettingsInput {
            region_id: region,
            meeting_cadence: cadence.unwrap_or(Cadence::Monthly),
            expiry_warning_days: days,
        };
        pathways_domain::Validate::validate(&s).map_err(ApiError::Invalid)?;
        state.store().save_partnership_settings(&s).await?;
        done("/partnership/settings")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/settings")
}

/// Registers the partnership pages.
pub fn register(t: &mut Routes) {
    t.add(Method::GET, "/partnership", access::STAFF, dashboard, None);
    t.add(
        Method::GET,
        "/partnership/settings",
        access::STAFF,
        settings_page,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/settings",
        access::ADMIN,
        settings_submit,
        None,
    );
    team::register(t);
    meetings::register(t);
    agreements::register(t);
    responsibilities::register(t);
    goals::register(t);
    funding::register(t);
    assessment::register(t);
    edit::register(t);
}
