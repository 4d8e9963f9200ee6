//! The map editor for convener and partner staff: plain HTML forms (no
//! JavaScript) to create a map, add, edit or remove a component, add an
//! edge, set a condition, mark entries and exits, add an equivalence, and
//! edit the stages (in [`super::map_stages`]).
//! Every form carries the CSRF token and the version it was read at, so a
//! stale edit is refused (409) instead of overwriting someone else's.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::access::Principal;
use pathways_domain::catalog::Id;
use pathways_domain::{CipCode, FieldError, SocCode};
use pathways_maps::{ComponentKind, Pathway};
use pathways_store::maps::MapSettings;
use serde::Deserialize;

use crate::access::{Csrf, Routes, STAFF, SignedIn};
use crate::api::map_model::{self as mm, ComponentBody, ConditionBody, EdgeBody, EquivalenceBody};
use crate::api::maps::{may_edit, new_map};
use crate::error::ApiError;
use crate::extract::IdPath;
use crate::pages::Page;
use crate::pages::stored_maps::{checks_panel, fail};
use crate::state::AppState;

/// The hidden CSRF field of the editor's forms.
pub(crate) fn csrf_field(csrf: Option<&str>) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(csrf.unwrap_or("")); }
}

/// The "new map" form on the list page.
pub fn new_map_form(csrf: Option<&str>) -> Markup {
    html! {
        form.card method="post" action="/maps" {
            h2 { "New map" }
            (csrf_field(csrf))
            div.field { label for="name" { "Name" } input #name name="name" maxlength="200"; }
            div.field { label for="from_pathway_id" { "Start from catalog pathway (id, optional)" } input #from_pathway_id name="from_pathway_id" inputmode="numeric"; }
            div.field { label for="region_id" { "Region for wages (id, optional)" } input #region_id name="region_id" inputmode="numeric"; }
            button type="submit" { "Create map" }
        }
    }
}

fn opt_id(field: &str, s: &str) -> Result<Option<Id>, ApiError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| ApiError::Invalid(vec![FieldError::new(field, "must be an integer id")]))
}

fn opt_text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The new-map form's fields.
#[derive(Debug, Deserialize)]
pub struct NewMapForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    from_pathway_id: String,
    #[serde(default)]
    region_id: String,
}

async fn create_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(f): Form<NewMapForm>,
) -> Response {
    let result = async {
        let req = mm::NewMapRequest {
            name: opt_text(&f.name),
            from_pathway_id: opt_id("from_pathway_id", &f.from_pathway_id)?,
            region_id: opt_id("region_id", &f.region_id)?,
            ..Default::default()
        };
        let (settings, map) = new_map(&state, &p, &req).await?;
        Ok::<_, ApiError>(state.store().create_map(&settings, map).await?)
    }
    .await;
    match result {
        Ok(m) => Redirect::to(&format!("/maps/{}/edit", m.meta.id)).into_response(),
        Err(e) => fail(e, Some(&p), csrf.as_deref()),
    }
}

fn component_form(
    map_id: Id,
    version: i64,
    p: &Pathway,
    c: Option<&ComponentBody>,
    csrf: Option<&str>,
) -> Markup {
    let editing = c.is_some();
    let v = |f: fn(&ComponentBody) -> String| c.map(f).unwrap_or_default();
    let prefix = c.map_or("new".to_owned(), |c| c.id.clone());
    let fid = |name: &str| format!("{prefix}-{name}");
    html! {
        form.card.component-form method="post" action=(format!("/maps/{map_id}/components")) {
            (csrf_field(csrf))
            input type="hidden" name="version" value=(version);
            @if editing { input type="hidden" name="existing" value=(prefix); }
            div.field { label for=(fid("id")) { "Id" }
                input id=(fid("id")) name="id" required value=(v(|c| c.id.clone())) readonly[editing]; }
            div.field { label for=(fid("title")) { "Title" } input id=(fid("title")) name="title" required value=(v(|c| c.title.clone())); }
            div.field { label for=(fid("kind")) { "Kind" }
                select id=(fid("kind")) name="kind" {
                    @for k in ComponentKind::ALL {
                        option value=(k.token()) selected[c.is_some_and(|c| c.kind == k.token())] { (k.label()) }
                    }
                } }
            div.field { label for=(fid("stage")) { "Stage" }
                select id=(fid("stage")) name="stage" {
                    @for s in &p.stages { option value=(s.id) selected[c.is_some_and(|c| c.stage == s.id)] { (s.label) } }
                } }
            div.field { label for=(fid("course_code")) { "Course code" } input id=(fid("course_code")) name="course_code" value=(v(|c| c.course_code.clone().unwrap_or_default())); }
            div.field { label for=(fid("credit_hours")) { "Credit hours" } input id=(fid("credit_hours")) name="credit_hours" inputmode="decimal" value=(v(|c| c.credit_hours.map(|h| h.to_string()).unwrap_or_default())); }
            div.field { label for=(fid("cip")) { "CIP code" } input id=(fid("cip")) name="cip" value=(v(|c| c.cip.map(|x| x.to_string()).unwrap_or_default())); }
            div.field { label for=(fid("provider")) { "Provider" } input id=(fid("provider")) name="provider" value=(v(|c| c.provider.clone().unwrap_or_default())); }
            div.field { label for=(fid("occupations")) { "Occupations (SOC code and title; separate with ;)" }
                input id=(fid("occupations")) name="occupations" placeholder="29-1141 Registered Nurses"
                    value=(v(|c| c.occupations.iter().map(|o| format!("{} {}", o.soc, o.title.clone().unwrap_or_default()).trim().to_owned()).collect::<Vec<_>>().join("; "))); }
            div.field { label { input type="checkbox" name="entry" value="true" checked[c.is_some_and(|c| c.entry)]; " Entry point (on-ramp)" } }
            div.field { label { input type="checkbox" name="exit" value="true" checked[c.is_some_and(|c| c.exit)]; " Exit point (off-ramp to work)" } }
            button type="submit" { @if editing { "Save component" } @else { "Add component" } }
        }
    }
}

async fn edit_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let m = match state.store().map(id).await {
        Ok(m) => m,
        Err(e) => return fail(e.into(), Some(&p), csrf.as_deref()),
    };
    let w = crate::api::maps::wages(&state, &m).await;
    let findings = pathways_maps::check(&m.pathway, &w);
    let view = mm::view(&m);
    let (map, v, c) = (&m.pathway, m.meta.version, csrf.as_deref());
    let ids: Vec<&str> = map.components.iter().map(|c| c.id.as_str()).collect();
    let options = html! { @for i in &ids { option value=(i) { (i) } } };
    let body = html! {
        p.no-print { a href=(format!("/maps/{id}")) { "View the map" } " · " a href=(format!("/maps/{id}/family")) { "Family version" } " · version " (v) }
        (checks_panel(map, &findings))
        form.card method="post" action=(format!("/maps/{id}/settings")) {
            h2 { "Map" }
            (csrf_field(c)) input type="hidden" name="version" value=(v);
            div.field { label for="map-name" { "Name" } input #map-name name="name" required value=(map.name); }
            div.field { label for="map-description" { "Description" } textarea #map-description name="description" rows="2" { (map.description) } }
            div.field { label for="map-region" { "Region for wages (id)" } input #map-region name="region_id" value=(m.settings.region_id.map(|r| r.to_string()).unwrap_or_default()); }
            div.field { label { input type="checkbox" name="published" value="true" checked[m.settings.published]; " Published (everyone can see it)" } }
            button type="submit" { "Save" }
        }
        (crate::pages::map_stages::panel(id, v, map, c))
        h2 { "Components" }
        @for comp in &view.components {
            details.card {
                summary { (comp.title) " — " (comp.kind) " · " (comp.stage)
                    @if comp.entry { " · entry" } @if comp.exit { " · exit" } }
                (component_form(id, v, map, Some(comp), c))
                form method="post" action=(format!("/maps/{id}/components/{}/delete", comp.id)) {
                    (csrf_field(c)) input type="hidden" name="version" value=(v);
                    button.danger type="submit" { "Remove " (comp.title) }
                }
            }
        }
        h3 { "Add a component" }
        (component_form(id, v, map, None, c))
        form.card method="post" action=(format!("/maps/{id}/edges")) {
            h2 { "Add an edge" }
            (csrf_field(c)) input type="hidden" name="version" value=(v);
            div.field { label for="edge-from" { "From" } select #edge-from name="from" { (options) } }
            div.field { label for="edge-kind" { "Relation" } select #edge-kind name="kind" {
                option value="precedes" { "leads to" } option value="prerequisiteOf" { "is required for" } option value="stacksInto" { "stacks into" } } }
            div.field { label for="edge-to" { "To" } select #edge-to name="to" { (options) } }
            button type="submit" { "Add edge" }
        }
        form.card method="post" action=(format!("/maps/{id}/conditions")) {
            h2 { "Set a condition" }
            (csrf_field(c)) input type="hidden" name="version" value=(v);
            div.field { label for="cond-component" { "On" } select #cond-component name="component" { (options) } }
            div.field { label for="cond-description" { "Description" } input #cond-description name="description" placeholder="Complete 2 of these 4 courses"; }
            div.field { label for="cond-number" { "How many are required" } input #cond-number name="required_number" type="number" min="1" value="1"; }
            div.field { label for="cond-targets" { "Of these component ids (separate with commas; empty clears the conditions)" } input #cond-targets name="targets"; }
            button type="submit" { "Set condition" }
        }
        form.card method="post" action=(format!("/maps/{id}/equivalences")) {
            h2 { "Add a credit equivalence" }
            (csrf_field(c)) input type="hidden" name="version" value=(v);
            div.field { label for="eq-from" { "High-school course (or sending course)" } select #eq-from name="from" { (options) } }
            div.field { label for="eq-to" { "Counts as (college course)" } select #eq-to name="to" { (options) } }
            div.field { label for="eq-kind" { "Kind" } select #eq-kind name="kind" {
                option value="dualCredit" { "Dual credit" } option value="articulated" { "Articulated credit" } option value="transfer" { "Transfer" } } }
            div.field { label for="eq-hours" { "Credit hours" } input #eq-hours name="credit_hours" inputmode="decimal"; }
            div.field { label for="eq-from-inst" { "Granting institution" } input #eq-from-inst name="from_institution" placeholder="Austin ISD"; }
            div.field { label for="eq-to-inst" { "Accepting institution" } input #eq-to-inst name="to_institution" placeholder="Austin Community College"; }
            div.field { label for="eq-agreement" { "Agreement (optional)" } input #eq-agreement name="agreement"; }
            button type="submit" { "Add equivalence" }
        }
        @if !map.articulations.is_empty() {
            section.card { h2 { "Equivalences" } ul { @for a in &view.equivalences {
                li { (a.from) " → " (a.to) " (" (a.kind) ")" @if let Some(ag) = &a.agreement { " — " (ag) } } } } }
        }
    };
    Page {
        title: format!("Edit: {}", map.name),
        nav: "maps",
        user: Some(&p),
        csrf: c,
        body,
    }
    .into_response()
}

/// Runs an edit of map `id` from a form at `version`, then back to the editor.
pub(crate) async fn apply<F>(
    state: &AppState,
    p: &Principal,
    csrf: Option<&str>,
    id: Id,
    version: &str,
    f: F,
) -> Response
where
    F: FnOnce(&mut MapSettings, &mut Pathway) -> Result<(), ApiError>,
{
    let result = async {
        let version: i64 = version.trim().parse().map_err(|_| {
            ApiError::Invalid(vec![FieldError::new(
                "version",
                "reload the editor and try again",
            )])
        })?;
        let current = state.store().map(id).await?;
        may_edit(p, &current.settings)?;
        let mut failure = None;
        let out = state
            .store()
            .edit_map(id, version, |s, m| {
                f(s, m).map_err(|e| {
                    failure = Some(e);
                    pathways_store::StoreError::Invalid(vec![])
                })
            })
            .await;
        match (out, failure) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(e.into()),
            (Ok(_), None) => Ok(()),
        }
    }
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("/maps/{id}/edit")).into_response(),
        Err(e) => fail(e, Some(p), csrf),
    }
}

/// The component form's fields.
#[derive(Debug, Deserialize)]
pub struct ComponentForm {
    version: String,
    #[serde(default)]
    existing: String,
    id: String,
    title: String,
    kind: String,
    stage: String,
    #[serde(default)]
    course_code: String,
    #[serde(default)]
    credit_hours: String,
    #[serde(default)]
    cip: String,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    occupations: String,
    #[serde(default)]
    entry: Option<String>,
    #[serde(default)]
    exit: Option<String>,
}

fn parse_hours(s: &str) -> Result<Option<f64>, ApiError> {
    match s.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| {
            ApiError::Invalid(vec![FieldError::new("credit_hours", "must be a number")])
        }),
    }
}

fn component_body(f: &ComponentForm) -> Result<ComponentBody, ApiError> {
    let mut occupations = Vec::new();
    for part in f
        .occupations
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let (code, title) = part.split_once(' ').unwrap_or((part, ""));
        let soc = SocCode::parse(code).map_err(|e| {
            ApiError::Invalid(vec![FieldError::new(
                "occupations",
                format!("{code:?}: {e}"),
            )])
        })?;
        occupations.push(mm::OccupationBody {
            soc,
            title: opt_text(title),
        });
    }
    let cip = match f.cip.trim() {
        "" => None,
        t => Some(
            CipCode::parse(t)
                .map_err(|e| ApiError::Invalid(vec![FieldError::new("cip", e.to_string())]))?,
        ),
    };
    Ok(ComponentBody {
        id: f.id.trim().to_owned(),
        kind: f.kind.clone(),
        title: f.title.clone(),
        stage: f.stage.clone(),
        description: None,
        course_code: opt_text(&f.course_code),
        cip,
        credit_hours: parse_hours(&f.credit_hours)?,
        provider: opt_text(&f.provider),
        occupations,
        entry: f.entry.is_some(),
        exit: f.exit.is_some(),
        conditions: vec![],
        kept_properties: vec![],
    })
}

async fn component_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Form<ComponentForm>,
) -> Response {
    let comp = component_body(&f).and_then(|b| mm::component_from(&b).map_err(ApiError::from));
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        let mut comp = comp?;
        if f.existing.is_empty() {
            mm::add_component(m, comp)?;
        } else {
            // The form does not show conditions or descriptions; keep them.
            if let Some(old) = m.component(&f.existing) {
                comp.conditions = old.conditions.clone();
                comp.description = old.description.clone();
            }
            mm::replace_component(m, &f.existing, comp)?;
        }
        Ok(())
    })
    .await
}

/// A form that only carries the version.
#[derive(Debug, Deserialize)]
pub struct VersionForm {
    version: String,
}

async fn component_delete(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Path((id, cid)): Path<(Id, String)>,
    Form(f): Form<VersionForm>,
) -> Response {
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        Ok(mm::remove_component(m, &cid)?)
    })
    .await
}

/// The edge form's fields.
#[derive(Debug, Deserialize)]
pub struct EdgeForm {
    version: String,
    from: String,
    to: String,
    kind: String,
}

async fn edge_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Form<EdgeForm>,
) -> Response {
    let edge = mm::edge_from(&EdgeBody {
        from: f.from,
        to: f.to,
        kind: f.kind,
    });
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        m.edges.insert(edge?);
        Ok(())
    })
    .await
}

/// The condition form's fields.
#[derive(Debug, Deserialize)]
pub struct ConditionForm {
    version: String,
    component: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    required_number: String,
    #[serde(default)]
    targets: String,
}

async fn condition_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Form<ConditionForm>,
) -> Response {
    let targets: Vec<String> = f
        .targets
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let n: u32 = f.required_number.trim().parse().unwrap_or(0);
    let conds = if targets.is_empty() {
        vec![]
    } else {
        let description = opt_text(&f.description)
            .unwrap_or_else(|| format!("Complete {n} of these {} courses", targets.len()));
        vec![ConditionBody {
            description,
            required_number: n,
            targets,
        }]
    };
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        Ok(mm::set_conditions(m, &f.component, &conds)?)
    })
    .await
}

/// The equivalence form's fields.
#[derive(Debug, Deserialize)]
pub struct EquivalenceForm {
    version: String,
    from: String,
    to: String,
    kind: String,
    #[serde(default)]
    credit_hours: String,
    #[serde(default)]
    agreement: String,
    #[serde(default)]
    from_institution: String,
    #[serde(default)]
    to_institution: String,
}

async fn equivalence_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Form<EquivalenceForm>,
) -> Response {
    let eq = parse_hours(&f.credit_hours).and_then(|credit_hours| {
        mm::equivalence_from(&EquivalenceBody {
            from: f.from.clone(),
            to: f.to.clone(),
            kind: f.kind.clone(),
            credit_hours,
            agreement: opt_text(&f.agreement),
            from_institution: opt_text(&f.from_institution),
            to_institution: opt_text(&f.to_institution),
        })
        .map_err(ApiError::from)
    });
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        m.articulations.insert(eq?);
        Ok(())
    })
    .await
}

/// The settings form's fields.
#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    version: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    region_id: String,
    #[serde(default)]
    published: Option<String>,
}

async fn settings_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Form<SettingsForm>,
) -> Response {
    let region = opt_id("region_id", &f.region_id);
    apply(&state, &p, csrf.as_deref(), id, &f.version, |s, m| {
        s.region_id = region?;
        s.published = f.published.is_some();
        m.name = f.name.trim().to_owned();
        m.description = f.description.trim().to_owned();
        Ok(())
    })
    .await
}

/// Registers the editor's pages and form targets.
pub fn register(t: &mut Routes) {
    t.add(Method::POST, "/maps", STAFF, create_submit, None);
    t.add(Method::GET, "/maps/{id}/edit", STAFF, edit_page, None);
    t.add(
        Method::POST,
        "/maps/{id}/settings",
        STAFF,
        settings_submit,
        None,
    );
    t.add(
        Method::POST,
        "/maps/{id}/components",
        STAFF,
        component_submit,
        None,
    );
    t.add(
        Method::POST,
        "/maps/{id}/components/{component}/delete",
        STAFF,
        component_delete,
        None,
    );
    t.add(Method::POST, "/maps/{id}/edges", STAFF, edge_submit, None);
    t.add(
        Method::POST,
        "/maps/{id}/conditions",
        STAFF,
        condition_submit,
        None,
    );
    t.add(
        Method::POST,
        "/maps/{id}/equivalences",
        STAFF,
        equivalence_submit,
        None,
    );
}
