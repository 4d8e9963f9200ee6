//! Editing and deleting partnership records from the pages, without
//! JavaScript: each record kind gets an edit page whose form posts back with
//! the CSRF token and the version it was read at (a stale save is refused,
//! 409, instead of overwriting someone else's change), and a delete page
//! that asks for confirmation with a checkbox. A refused save shows the form
//! again with each problem next to its field; a successful one returns to
//! the list with a notice.
//!
//! The convener writes; the route table says so (every route here is
//! [`access::ADMIN`]), so the handlers never check roles.

mod agreements;
mod form;
mod funding;
mod goals;
mod team;

use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::access::Principal;
use pathways_domain::catalog::{Id, OrganizationInput, Stored};
use pathways_store::{Entity, StoreError};

pub(crate) use form::{FormState, Notice};
pub(crate) use goals::progress_form;

use super::{Fields, csrf_field, frame, int, organizations, respond};
use crate::access::{self, Csrf, Routes, SignedIn};
use crate::error::ApiError;
use crate::extract::IdPath;
use crate::state::AppState;

/// A partnership record kind the pages can edit and delete.
pub(crate) trait Editable: Entity {
    /// The list page the kind lives on (where a save or delete returns).
    const LIST: &'static str;
    /// The path prefix of one record's edit and delete pages.
    const BASE: &'static str;
    /// The kind in words ("agreement").
    const NOUN: &'static str;
    /// What else a delete removes, said on the confirmation page.
    const CASCADE: Option<&'static str> = None;
    /// The record's name as the pages show it.
    fn label(&self) -> String;
    /// The record as form fields (what the edit form starts from).
    fn to_fields(&self) -> Fields;
    /// The record the form describes, keeping what the form does not show
    /// from `current`; parse problems are collected, naming the field.
    fn from_fields(current: &Self, f: &Fields, problems: &mut Vec<FieldError>) -> Self;
    /// The form's fields.
    fn form(fs: &FormState, orgs: &[(Id, OrganizationInput)]) -> Markup;
}

/// The id of the list row a save returns to.
fn anchor<K: Editable>(id: Id) -> String {
    format!("{}-{id}", K::NOUN.replace(' ', "-"))
}

/// Where a successful write returns, with its notice.
fn back<K: Editable>(notice: &str, id: Option<Id>) -> Response {
    let to = match id {
        Some(id) => format!("{}?notice={notice}#{}", K::LIST, anchor::<K>(id)),
        None => format!("{}?notice={notice}", K::LIST),
    };
    Redirect::to(&to).into_response()
}

/// The form's version field, or a problem naming it.
fn version(f: &Fields, problems: &mut Vec<FieldError>) -> Option<i64> {
    let v = f.parse("version", problems, int);
    if v.is_none() && !problems.iter().any(|p| p.field == "version") {
        problems.push(FieldError::new("version", "reload the page and try again"));
    }
    v
}

/// The edit page of `id`, showing `values` and `errors` (status 422 when
/// there are errors, so a refused save is not mistaken for a success).
fn edit_form<K: Editable>(
    p: &Principal,
    csrf: Option<&str>,
    id: Id,
    label: &str,
    values: &Fields,
    errors: &[FieldError],
    orgs: &[(Id, OrganizationInput)],
) -> Response {
    let fs = FormState::new(values, errors);
    let body = html! {
        (fs.summary())
        form.card method="post" action=(format!("{}/{id}", K::BASE)) novalidate {
            (csrf_field(csrf))
            input type="hidden" name="version" value=(fs.value("version"));
            (K::form(&fs, orgs))
            button type="submit" { "Save " (K::NOUN) }
            " " a href=(format!("{}#{}", K::LIST, anchor::<K>(id))) { "Cancel" }
        }
        p { a.danger href=(format!("{}/{id}/delete", K::BASE)) { "Delete this " (K::NOUN) } }
    };
    let mut res = frame(
        p,
        csrf,
        &format!("Edit {}: {label}", K::NOUN),
        K::LIST,
        body,
    );
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

async fn edit_page<K: Editable>(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let r = async {
        let current: Stored<K> = state.store().get(id).await?;
        let orgs = organizations(&state).await?;
        let mut values = current.fields.to_fields();
        values
            .0
            .push(("version".into(), current.meta.version.to_string()));
        Ok(edit_form::<K>(
            &p,
            csrf.as_deref(),
            id,
            &current.fields.label(),
            &values,
            &[],
            &orgs,
        ))
    }
    .await;
    respond(r, &p, csrf.as_deref(), K::LIST)
}

/// Saves `next` over record `id` at `version`, or shows the form again with
/// every problem next to its field.
pub(crate) async fn save_or_show<K: Editable>(
    state: &AppState,
    p: &Principal,
    csrf: Option<&str>,
    id: Id,
    values: &Fields,
    mut problems: Vec<FieldError>,
    notice: &str,
) -> Result<Response, ApiError> {
    let current: Stored<K> = state.store().get(id).await?;
    let v = version(values, &mut problems);
    let next = K::from_fields(&current.fields, values, &mut problems);
    if problems.is_empty() {
        problems = next.problems().finish().err().unwrap_or_default();
    }
    if problems.is_empty()
        && let Some(v) = v
    {
        match state.store().update(id, v, &next).await {
            Ok(_) => return Ok(back::<K>(notice, Some(id))),
            Err(StoreError::Invalid(list)) => problems = list,
            Err(e) => return Err(e.into()),
        }
    }
    let orgs = organizations(state).await?;
    Ok(edit_form::<K>(
        p,
        csrf,
        id,
        &current.fields.label(),
        values,
        &problems,
        &orgs,
    ))
}

async fn save<K: Editable>(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = save_or_show::<K>(&state, &p, csrf.as_deref(), id, &f, vec![], "saved").await;
    respond(r, &p, csrf.as_deref(), K::LIST)
}

fn delete_form<K: Editable>(
    p: &Principal,
    csrf: Option<&str>,
    current: &Stored<K>,
    errors: &[FieldError],
) -> Response {
    let id = current.meta.id;
    let label = current.fields.label();
    let values = Fields(vec![]);
    let fs = FormState::new(&values, errors);
    let body = html! {
        (fs.summary())
        form.card method="post" action=(format!("{}/{id}/delete", K::BASE)) {
            h2 { "Delete the " (K::NOUN) " “" (label) "”?" }
            p { "This cannot be undone." @if let Some(c) = K::CASCADE { " " (c) } }
            (csrf_field(csrf))
            input type="hidden" name="version" value=(current.meta.version);
            (fs.checkbox("confirm", &format!("Yes, delete this {}", K::NOUN), false))
            button.danger type="submit" { "Delete " (K::NOUN) }
            " " a href=(format!("{}#{}", K::LIST, anchor::<K>(id))) { "Keep it" }
        }
    };
    let mut res = frame(
        p,
        csrf,
        &format!("Delete {}: {label}", K::NOUN),
        K::LIST,
        body,
    );
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

async fn delete_page<K: Editable>(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let r = async {
        let current: Stored<K> = state.store().get(id).await?;
        Ok(delete_form(&p, csrf.as_deref(), &current, &[]))
    }
    .await;
    respond(r, &p, csrf.as_deref(), K::LIST)
}

async fn delete_submit<K: Editable>(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let current: Stored<K> = state.store().get(id).await?;
        let mut problems = Vec::new();
        let v = version(&f, &mut problems);
        if f.get("confirm") != Some("yes") {
            problems.push(FieldError::new(
                "confirm",
                "tick the box to confirm the delete",
            ));
        }
        if !problems.is_empty() {
            return Ok(delete_form(&p, csrf.as_deref(), &current, &problems));
        }
        state.store().delete::<K>(id, v).await?;
        Ok(back::<K>("deleted", None))
    }
    .await;
    respond(r, &p, csrf.as_deref(), K::LIST)
}

/// Registers the edit and delete pages of one kind (paths spelled out so
/// the route table and the access matrix name them).
fn routes<K: Editable>(
    t: &mut Routes,
    edit: &'static str,
    item: &'static str,
    delete: &'static str,
) {
    t.add(Method::GET, edit, access::ADMIN, edit_page::<K>, None);
    t.add(Method::POST, item, access::ADMIN, save::<K>, None);
    t.add(Method::GET, delete, access::ADMIN, delete_page::<K>, None);
    t.add(
        Method::POST,
        delete,
        access::ADMIN,
        delete_submit::<K>,
        None,
    );
}

/// Edit and delete links for a list row (the convener only).
pub(crate) fn row_actions<K: Editable>(p: &Principal, id: Id) -> Markup {
    html! {
        @if p.is_admin() {
            a href=(format!("{}/{id}/edit", K::BASE)) { "Edit" } " · "
            a href=(format!("{}/{id}/delete", K::BASE)) { "Delete" }
        }
    }
}

/// Registers every partnership edit and delete page.
pub(super) fn register(t: &mut Routes) {
    agreements::register(t);
    goals::register(t);
    funding::register(t);
    team::register(t);
}
