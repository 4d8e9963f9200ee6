//! The counselor's caseload page, the bulk check, pathway milestones, and
//! the counselor's home-page panel.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_advising::milestones::{MilestoneDefinition, MilestoneKind};
use pathways_advising::plan::grade_label;
use pathways_domain::FieldError;
use pathways_domain::access::Principal;
use pathways_domain::catalog::{Id, PathwayInput};

use super::{Names, csrf_field, fail};
use crate::access::{Csrf, SignedIn};
use crate::api::advising::caseload::{CaseloadFilter, Shown, Subgroup, caseload, scope_of};
use crate::error::ApiError;
use crate::extract::QueryMap;
use crate::pages::Page;
use crate::state::AppState;

fn link(student_ref: &str) -> String {
    format!(
        "/advising/plan?{}",
        serde_urlencoded::to_string([("student_ref", student_ref)]).unwrap_or_default()
    )
}

pub(super) async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Response {
    match inner(&state, &p, csrf.as_deref(), &q).await {
        Ok(r) => r,
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

async fn inner(
    state: &AppState,
    p: &Principal,
    csrf: Option<&str>,
    q: &QueryMap,
) -> Result<Response, ApiError> {
    // The page number is the page's, not a caseload filter.
    let mut filters = q.0.clone();
    let page_no: usize = match filters.remove("page") {
        Some(v) if !v.is_empty() => {
            v.parse()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| ApiError::BadRequest {
                    detail: "invalid page".into(),
                    params: vec![FieldError::new("page", "must be a whole number from 1")],
                })?
        }
        _ => 1,
    };
    let f = CaseloadFilter::parse(&filters)?;
    let window = |n: usize| Shown::Range {
        first: (n - 1) * PAGE_ROWS,
        len: PAGE_ROWS,
    };
    let mut c = caseload(state, p, &f, window(page_no)).await?;
    let pages = c.total.div_ceil(PAGE_ROWS).max(1);
    let page_no = if page_no > pages {
        // A page past the end (the caseload shrank): show the last one.
        c = caseload(state, p, &f, window(pages)).await?;
        pages
    } else {
        page_no
    };
    let shown = &c.rows[..];
    let page_link = |n: usize| {
        let mut pairs: Vec<(&str, String)> = filters
            .iter()
            .filter(|(k, v)| k.as_str() != "message" && !v.is_empty())
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        pairs.sort();
        pairs.push(("page", n.to_string()));
        format!(
            "/advising/caseload?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let names = Names::load(state).await?;
    let org = p.organization_id;
    let mut schools: Vec<(Id, String)> = names
        .organizations
        .iter()
        .filter(|(id, o)| org.is_none_or(|g| **id == g || o.parent_id == Some(g)))
        .filter(|(_, o)| o.kind == pathways_domain::vocab::OrganizationKind::School)
        .map(|(id, o)| (*id, o.name.clone()))
        .collect();
    schools.sort_by(|a, b| a.1.cmp(&b.1));
    let get = |k: &str| q.0.get(k).cloned().unwrap_or_default();
    let missing: Vec<_> = shown
        .iter()
        .filter(|r| !r.missing_milestones.is_empty())
        .collect();
    let body = html! {
        @if let Some(m) = q.0.get("message") { p.alert.ok role="status" { (m) } }
        div.cards.stats {
            div.card { div.stat { (count(c.total)) } "students" }
            div.card { div.stat { (count(c.on_track)) } "on track" }
            div.card { div.stat { (count(c.off_track)) } "off track" }
            div.card { div.stat { (count(c.no_plan)) } "without a plan" }
            div.card { div.stat { (count(c.missing_milestones)) } "with a milestone due or overdue" }
        }
        form.filters method="get" action="/advising/caseload" {
            @if schools.len() > 1 { div { label for="school_id" { "School" }
                select #school_id name="school_id" { option value="" { "All" } @for (id, n) in &schools { option value=(id) selected[f.school_id == Some(*id)] { (n) } } } } }
            div { label for="grade" { "Grade" }
                select #grade name="grade" { option value="" { "All" } @for g in 6..=12 { option value=(g) selected[f.grade == Some(g)] { (g) } } } }
            div { label for="pathway_id" { "Pathway" }
                select #pathway_id name="pathway_id" { option value="" { "All" } @for (id, pw) in &names.pathways { option value=(id) selected[f.pathway_id == Some(*id)] { (pw.name) } } } }
            div { label for="subgroup" { "Subgroup" }
                select #subgroup name="subgroup" { option value="" { "All" } @for (_, v, l) in Subgroup::ALL { option value=(v) selected[get("subgroup") == v] { (l) } } } }
            div { label for="track" { "Track" }
                select #track name="track" { option value="" { "All" } option value="off" selected[f.on_track == Some(false)] { "Off track" } option value="on" selected[f.on_track == Some(true)] { "On track" } } }
            button type="submit" { "Filter" }
        }
        form.no-print method="post" action="/advising/caseload/check" {
            (csrf_field(csrf))
            button.secondary type="submit" { "Check every plan now" }
            " " a href="/advising/milestones" { "Set a pathway's milestones" }
        }
        h2 { "Students" }
        @if c.total == 0 { (crate::pages::empty("No student matches these filters.")) }
        @if pages > 1 { p.muted { "Showing " (shown_range(page_no, shown.len(), c.total)) ", off-track students first." } }
        div.table-wrap { table.caseload {
            thead { tr { th scope="col" { "Student" } th scope="col" class="num" { "Grade" } th scope="col" { "Pathway" } th scope="col" { "Plan" } th scope="col" { "Track" } th scope="col" { "Why" } } }
            tbody { @for r in shown { tr {
                td { a href=(link(&r.student_ref)) { (r.display_name) } br; span.muted { (r.student_ref) } }
                td.num { (r.grade) }
                td { (names.pathway(r.pathway_id)) }
                td { (r.plan_status.map(|s| s.title()).unwrap_or("No plan")) }
                td { @if r.on_track { span.pill.ok { "On track" } } @else { span.pill.bad { "Off track" } } }
                td { @for why in &r.reasons { div { (why) } } }
            } } }
        } }
        @if pages > 1 {
            nav.pager aria-label="Pages of students" {
                @if page_no > 1 { a href=(page_link(page_no - 1)) rel="prev" { "← Previous" } }
                span { "Page " (page_no) " of " (pages) }
                @if page_no < pages { a href=(page_link(page_no + 1)) rel="next" { "Next →" } }
            }
        }
        h2 #missing { "Missing milestones" }
        @if missing.is_empty() { p.muted { "No student shown has a milestone due or overdue." } }
        @else { ul { @for r in &missing { li { a href=(link(&r.student_ref)) { (r.display_name) } " (grade " (r.grade) "): " (r.missing_milestones.join("; ")) } } } }
    };
    Ok(Page {
        title: "Caseload".into(),
        nav: "advising",
        user: Some(p),
        csrf,
        body,
    }
    .into_response())
}

pub(super) async fn check(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let result = async {
        let scope = scope_of(&state, &p, None).await?;
        Ok::<_, ApiError>(state.store().check_all_plans(scope).await?.0)
    }
    .await;
    match result {
        Ok(s) => {
            let msg = format!(
                "Checked {} plans: {} on track, {} off track; {} students have no plan.",
                s.checked, s.on_track, s.off_track, s.without_plan
            );
            let q = serde_urlencoded::to_string([("message", msg)]).unwrap_or_default();
            Redirect::to(&format!("/advising/caseload?{q}")).into_response()
        }
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

const BLANK_ROWS: usize = 3;

/// Students a caseload page shows: a counselor's whole caseload (often
/// several hundred) is one long page to scroll and to send.
const PAGE_ROWS: usize = 100;

/// A head count as people read it: "1,274".
fn count(n: usize) -> String {
    pathways_domain::figures::thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// "1–100 of 1,274".
fn shown_range(page: usize, shown: usize, total: usize) -> String {
    let first = (page - 1) * PAGE_ROWS + 1;
    format!(
        "{}–{} of {}",
        count(first),
        count(first + shown - 1),
        count(total)
    )
}

pub(super) async fn milestones_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Response {
    let result = async {
        let pathways = state
            .store()
            .list_all::<PathwayInput>(&Default::default())
            .await?;
        let defs = state.store().milestone_definitions().await?;
        Ok::<_, ApiError>((pathways, defs))
    }
    .await;
    let (pathways, defs) = match result {
        Ok(x) => x,
        Err(e) => return fail(e, &p, csrf.as_deref()),
    };
    let chosen: Option<Id> = q.0.get("pathway_id").and_then(|v| v.parse().ok());
    let region: Vec<&MilestoneDefinition> =
        defs.iter().filter(|d| d.pathway_id.is_none()).collect();
    let own: Vec<&MilestoneDefinition> = defs
        .iter()
        .filter(|d| chosen.is_some() && d.pathway_id == chosen)
        .collect();
    let body = html! {
        p.lede { "Every student has the region's milestones. A pathway can add its own, or replace one of the region's by using the same key." }
        h2 { "The region's milestones" }
        ul { @for d in &region { li { (grade_label(d.grade)) ": " (d.title) " " span.muted { "(" (d.key) ")" } } } }
        form.filters method="get" action="/advising/milestones" {
            div { label for="pathway_id" { "Pathway" }
                select #pathway_id name="pathway_id" { @for pw in &pathways { option value=(pw.meta.id) selected[chosen == Some(pw.meta.id)] { (pw.fields.name) } } } }
            button type="submit" { "Show" }
        }
        @if let Some(id) = chosen {
            form method="post" action="/advising/milestones" {
                (csrf_field(csrf.as_deref()))
                input type="hidden" name="pathway_id" value=(id);
                div.table-wrap { table {
                    thead { tr { th scope="col" { "Key" } th scope="col" { "What the student does" } th scope="col" { "By grade" } th scope="col" { "Kind" } } }
                    tbody { @for i in 0..(own.len() + BLANK_ROWS) {
                        @let d = own.get(i);
                        tr {
                            td { input aria-label="Key" name=(format!("key_{i}")) value=(d.map(|x| x.key.clone()).unwrap_or_default()); }
                            td { input aria-label="Title" name=(format!("title_{i}")) value=(d.map(|x| x.title.clone()).unwrap_or_default()); }
                            td { select aria-label="Grade" name=(format!("grade_{i}")) { @for g in 6..=14 { option value=(g) selected[d.map(|x| x.grade) == Some(g)] { (grade_label(g)) } } } }
                            td { select aria-label="Kind" name=(format!("kind_{i}")) { @for k in MilestoneKind::ALL { option value=(k.as_str()) selected[d.map(|x| x.kind) == Some(k)] { (k.as_str().replace('_', " ")) } } } }
                        }
                    } }
                } }
                button type="submit" { "Save the pathway's milestones" }
            }
        }
    };
    Page {
        title: "Milestones".into(),
        nav: "advising",
        user: Some(&p),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

pub(super) async fn milestones_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| {
        form.iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let result = async {
        let id: Id = get("pathway_id")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                ApiError::Invalid(vec![FieldError::new("pathway_id", "pick a pathway")])
            })?;
        state.store().get::<PathwayInput>(id).await?;
        let mut defs = Vec::new();
        let mut i = 0;
        while form.iter().any(|(k, _)| *k == format!("key_{i}")) {
            if let Some(key) = get(&format!("key_{i}")) {
                defs.push(MilestoneDefinition {
                    key: key.to_owned(),
                    title: get(&format!("title_{i}")).unwrap_or_default().to_owned(),
                    grade: get(&format!("grade_{i}"))
                        .and_then(|g| g.parse().ok())
                        .unwrap_or(9),
                    kind: get(&format!("kind_{i}"))
                        .and_then(MilestoneKind::parse)
                        .unwrap_or(MilestoneKind::Other),
                    pathway_id: Some(id),
                });
            }
            i += 1;
        }
        state.store().set_milestones(Some(id), &defs).await?;
        Ok::<_, ApiError>(id)
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/advising/milestones?pathway_id={id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

/// The counselor's home-page panel: the caseload at a glance.
pub(crate) async fn summary_panel(state: &AppState, p: &Principal) -> Result<Markup, ApiError> {
    let c = caseload(state, p, &CaseloadFilter::default(), Shown::CountsOnly).await?;
    if c.total == 0 {
        // Partner staff of a college or employer partner have no caseload.
        return Ok(html! {});
    }
    Ok(html! {
        section.card aria-labelledby="advising" {
            h2 #advising { "Advising" }
            p { (count(c.on_track)) " of " (count(c.total)) " students are on track; " (count(c.off_track)) " are off track ("
                (count(c.no_plan)) " without a plan); " (count(c.missing_milestones)) " have a milestone due or overdue. "
                a href="/advising/caseload?track=off" { "See who is off track" } }
        }
    })
}
