//! The strategic plan (goals with metric, baseline, target and progress) and
//! the asset map (catalog programs plus initiatives, with the gap view).

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::html;
use pathways_domain::partnership::{Component, GoalInput, GoalTrack, InitiativeInput};

use super::edit::{Notice, progress_form, row_actions};
use super::{
    Fields, check, csrf_field, done, frame, int, names, num, org_select, organizations, region,
    respond,
};
use crate::access::{self, Csrf, Routes, SignedIn};
use crate::api::partnership::views::assets;
use crate::state::AppState;

async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    notice: Notice,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let goals = state.store().region_all::<GoalInput>(region).await?;
        let body = html! {
            (notice)
            p.lede { "Each goal names the metric that measures it. A goal is on track when its progress is at least 90% of a straight line from the baseline to the target." }
            div.table-wrap { table {
                caption { "Regional goals" }
                thead { tr { th scope="col" { "Goal" } th scope="col" { "Metric" } th scope="col" { "Baseline" } th scope="col" { "Target" } th scope="col" { "Latest" } th scope="col" { "Progress" } th scope="col" { "Track" } @if p.is_admin() { th scope="col" { "Change" } } } }
                tbody { @for g in &goals { @let t = g.fields.track(); tr id=(format!("goal-{}", g.meta.id)) {
                    td { (g.fields.title) } td { code { (g.fields.metric_id) } }
                    td { (g.fields.baseline) " (" (g.fields.baseline_year) ")" } td { (g.fields.target) " by " (g.fields.target_year) }
                    td { @if let (Some(c), Some(y)) = (g.fields.current, g.fields.current_year) { (c) " (" (y) ")" } @else { "—" } }
                    td { @if let Some(pr) = g.fields.progress() { meter min="0" max="1" value=(pr.clamp(0.0, 1.0)) { (format!("{:.0}%", pr * 100.0)) } " " (format!("{:.0}%", pr * 100.0)) } }
                    td { span.pill.warn[t == GoalTrack::OffTrack] { (t.title()) } }
                    @if p.is_admin() { td { (progress_form(g, csrf.as_deref())) (row_actions::<GoalInput>(&p, g.meta.id)) } }
                } } }
            } }
            @if p.is_admin() {
                form.card method="post" action="/partnership/goals" {
                    h2 { "Add a goal" }
                    (csrf_field(csrf.as_deref()))
                    div.field { label for="title" { "Goal" } input #title name="title" required maxlength="200"; }
                    div.field { label for="metric_id" { "Metric (id or name)" } input #metric_id name="metric_id" required placeholder="credential_attainment"; }
                    div.field { label for="baseline" { "Baseline" } input #baseline name="baseline" required inputmode="decimal"; }
                    div.field { label for="baseline_year" { "Baseline year" } input #baseline_year name="baseline_year" type="number" required; }
                    div.field { label for="target" { "Target" } input #target name="target" required inputmode="decimal"; }
                    div.field { label for="target_year" { "Target year" } input #target_year name="target_year" type="number" required; }
                    div.field { label for="current" { "Latest value" } input #current name="current" inputmode="decimal"; }
                    div.field { label for="current_year" { "Year of latest value" } input #current_year name="current_year" type="number"; }
                    button type="submit" { "Add goal" }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Strategic plan", "/partnership/goals", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/goals")
}

fn year(v: &str) -> Result<i32, String> {
    int(v).and_then(|y| i32::try_from(y).map_err(|_| "is not a year".into()))
}

async fn add(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let region_id = region(&state).await?;
        let mut pr = Vec::new();
        let baseline = f.required("baseline", &mut pr, num);
        let baseline_year = f.required("baseline_year", &mut pr, year);
        let target = f.required("target", &mut pr, num);
        let target_year = f.required("target_year", &mut pr, year);
        let current = f.parse("current", &mut pr, num);
        let current_year = f.parse("current_year", &mut pr, year);
        check(pr)?;
        state
            .store()
            .create(&GoalInput {
                region_id,
                title: f.text("title"),
                metric_id: f.text("metric_id"),
                baseline: baseline.unwrap_or(0.0),
                baseline_year: baseline_year.unwrap_or(0),
                target: target.unwrap_or(0.0),
                target_year: target_year.unwrap_or(0),
                current,
                current_year,
            })
            .await?;
        done("/partnership/goals")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/goals")
}

async fn assets_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let a = assets(state.store(), region).await?;
        let orgs = organizations(&state).await?;
        let name = names(&orgs);
        let body = html! {
            p { "What the region already has. For the occupations in demand that no program serves, see the " a href=(a.gaps_href) { "labor-market gap analysis" } "." }
            h2 { "Programs in the catalog" }
            div.table-wrap { table {
                thead { tr { th scope="col" { "Program" } th scope="col" { "Provider" } th scope="col" { "Kind" } th scope="col" { "CIP" } th scope="col" { "Seats" } } }
                tbody { @for pr in &a.programs { tr {
                    td { a href=(format!("/catalog/programs/{}", pr["id"])) { (pr["name"].as_str().unwrap_or("")) } }
                    td { (pr["provider"].as_str().unwrap_or("")) } td { (pr["kind"].as_str().unwrap_or("")) } td { (pr["cip"].as_str().unwrap_or("")) } td { (pr["seats"]) }
                } } }
            } }
            h2 { "Initiatives" }
            div.table-wrap { table {
                thead { tr { th scope="col" { "Initiative" } th scope="col" { "Lead" } th scope="col" { "Strengthens" } th scope="col" { "About" } } }
                tbody { @for i in &a.initiatives { tr {
                    td { (i.fields.name) } td { (i.fields.lead_id.and_then(|l| name.get(&l).cloned()).unwrap_or_default()) }
                    td { (i.fields.component.title()) } td { (i.fields.description) }
                } } }
            } }
            @if p.is_admin() {
                form.card method="post" action="/partnership/assets" {
                    h2 { "Add an initiative" }
                    (csrf_field(csrf.as_deref()))
                    div.field { label for="name" { "Name" } input #name name="name" required maxlength="200"; }
                    div.field { label for="description" { "What it does" } textarea #description name="description" rows="2" {} }
                    (org_select("lead_id", "Lead organization", &orgs, true, false))
                    div.field { label for="component" { "Component it strengthens" } select #component name="component" { @for c in Component::ALL { option value=(c.as_str()) { (c.title()) } } } }
                    button type="submit" { "Add initiative" }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Asset map", "/partnership/assets", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/assets")
}

async fn add_initiative(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let region_id = region(&state).await?;
        let mut pr = Vec::new();
        let lead_id = f.parse("lead_id", &mut pr, int);
        let component = f.required("component", &mut pr, Component::parse);
        check(pr)?;
        state
            .store()
            .create(&InitiativeInput {
                region_id,
                name: f.text("name"),
                description: f.text("description"),
                lead_id,
                pathway_id: None,
                component: component.unwrap_or(Component::Partnerships),
            })
            .await?;
        done("/partnership/assets")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/assets")
}

pub(super) fn register(t: &mut Routes) {
    t.add(Method::GET, "/partnership/goals", access::STAFF, page, None);
    t.add(Method::POST, "/partnership/goals", access::ADMIN, add, None);
    t.add(
        Method::GET,
        "/partnership/assets",
        access::STAFF,
        assets_page,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/assets",
        access::ADMIN,
        add_initiative,
        None,
    );
}
