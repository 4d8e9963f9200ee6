//! Work-based learning pages: the board, posting, applying, rounds and results.

use axum::Form;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{Id, OrganizationInput, PathwayInput};
use pathways_domain::vocab::Sector;
use pathways_domain::wbl::{OpportunityInput, OpportunityStatus, WblActivity, WblStage};
use pathways_store::ListFilter;
use serde::Deserialize;

use crate::access::{self, Csrf, Routes, SignedIn};
use crate::api::wbl::{
    APPLICANTS, POSTERS, REVIEWERS, RoundRequest, board_filter, may_post, run_round,
    scoped_applications, scoped_results,
};
use crate::error::ApiError;
use crate::extract::{IdPath, QueryMap};
use crate::pages::Page;
use crate::state::AppState;

fn fail(e: ApiError, user: &Principal, csrf: Option<&str>) -> Response {
    let (status, _, title) = e.parts();
    let page = Page {
        title: title.to_owned(),
        nav: "wbl",
        user: Some(user),
        csrf,
        body: html! { div.alert.bad role="alert" { (e.problem().detail) } p { a href="/wbl" { "Back to the board" } } },
    };
    (status, page).into_response()
}

fn csrf_field(csrf: Option<&str>) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(csrf.unwrap_or("")); }
}

async fn names(
    state: &AppState,
) -> Result<(std::collections::HashMap<Id, String>, Vec<(Id, String)>), ApiError> {
    let employers = ListFilter {
        sector: Some(Sector::Employer.as_str().into()),
        ..Default::default()
    };
    let orgs = state
        .store()
        .list_all::<OrganizationInput>(&employers)
        .await?
        .into_iter()
        .map(|o| (o.meta.id, o.fields.name))
        .collect();
    let pathways = state
        .store()
        .list::<PathwayInput>(&ListFilter::default(), None, 500)
        .await?;
    Ok((
        orgs,
        pathways
            .items
            .into_iter()
            .map(|p| (p.meta.id, p.fields.name))
            .collect(),
    ))
}

/// Titles of every opportunity, for result tables.
async fn titles(state: &AppState) -> Result<std::collections::HashMap<Id, String>, ApiError> {
    Ok(state
        .store()
        .all_opportunities(&pathways_store::wbl::BoardFilter::default())
        .await?
        .into_iter()
        .map(|o| (o.meta.id, o.fields.title))
        .collect())
}

fn results_table(
    results: &[pathways_store::wbl::RoundResult],
    titles: &std::collections::HashMap<Id, String>,
) -> Markup {
    let title = |id: Option<i64>| {
        id.and_then(|i| titles.get(&i).cloned())
            .unwrap_or_else(|| "an opportunity".into())
    };
    html! {
        div.table-wrap { table {
            thead { tr { th scope="col" { "Student" } th scope="col" { "Placed at" } th scope="col" { "Why not a higher choice" } } }
            tbody { @for r in results { tr {
                td.nowrap { (r.student_ref) }
                td { @match r.opportunity_id { Some(o) => { (title(Some(o))) @if let Some(c) = r.choice { " (choice " (c) ")" } }, None => { "Not placed this round" } } }
                td { @if let Some(list) = r.explanation.as_array() { @for e in list {
                    div { "Choice " (e["rank"]) ", " (title(e["opportunity_id"].as_i64())) ": " (e["reason"].as_str().unwrap_or("")) }
                } } }
            } } }
        } }
    }
}

async fn board_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Response {
    match board_inner(&state, &p, csrf.as_deref(), &q).await {
        Ok(r) => r,
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

async fn board_inner(
    state: &AppState,
    p: &Principal,
    csrf: Option<&str>,
    q: &QueryMap,
) -> Result<Response, ApiError> {
    let mut f = board_filter(p);
    let get = |k: &str| q.0.get(k).filter(|v| !v.is_empty()).cloned();
    f.stage = get("stage").filter(|s| WblStage::parse(s).is_ok());
    f.paid = get("paid").map(|v| v == "true");
    f.q = get("q");
    f.pathway_id = get("pathway_id").and_then(|v| v.parse().ok());
    let within = get("within_miles").and_then(|v| v.parse::<f64>().ok());
    if let Some(miles) = within {
        f.near = Some(crate::api::placements::near_school(state, p, None, miles).await?);
    }
    let has_school = matches!(
        p.role,
        Role::Student | Role::Family | Role::Counselor | Role::PartnerStaff
    );
    let page = state.store().opportunities(&f, None, 100).await?;
    let (employers, pathways) = names(state).await?;
    let is_student = p.role == Role::Student;
    let reviewer = REVIEWERS.allows(Some(p));
    let body = html! {
        p.lede { "Guest speakers to apprenticeships: opportunities to learn about, through and at work, posted by the region's employers and reviewed by schools." }
        @if POSTERS.allows(Some(p)) { p { a.button href="/wbl/new" { "Post an opportunity" } } }
        form.filters method="get" role="search" {
            div { label for="q" { "Search" } input #q type="search" name="q" value=(get("q").unwrap_or_default()); }
            div { label for="stage" { "Stage" }
                select #stage name="stage" {
                    option value="" { "Any" }
                    @for s in WblStage::ALL { option value=(s.as_str()) selected[get("stage").as_deref() == Some(s.as_str())] { (s.title()) } }
                }
            }
            div { label for="pathway_id" { "Pathway" }
                select #pathway_id name="pathway_id" {
                    option value="" { "Any" }
                    @for (id, name) in &pathways { option value=(id) selected[f.pathway_id == Some(*id)] { (name) } }
                }
            }
            div { label for="paid" { "Pay" }
                select #paid name="paid" {
                    option value="" { "Paid or unpaid" }
                    option value="true" selected[f.paid == Some(true)] { "Paid only" }
                    option value="false" selected[f.paid == Some(false)] { "Unpaid only" }
                }
            }
            @if has_school {
                div { label for="within_miles" { "Distance" }
                    select #within_miles name="within_miles" {
                        option value="" { "Any distance" }
                        @for m in [5, 10, 25, 50] { option value=(m) selected[within == Some(f64::from(m))] { "Within " (m) " miles of my school" } }
                    }
                }
            }
            button type="submit" { "Filter" }
        }
        h2 { "Opportunities" }
        @if page.items.is_empty() { p.muted { "No opportunities match these filters." } }
        div.cards {
            @for o in &page.items {
                div.card {
                    h3 { (o.fields.title) }
                    p.muted { (employers.get(&o.fields.employer_id).map(String::as_str).unwrap_or("Employer")) @if !o.fields.location.is_empty() { " · " (o.fields.location) } }
                    p { span.pill { (o.stage.title()) } " " span.pill { (o.fields.activity.title()) } " "
                        span.pill { @if o.fields.paid { "Paid" } @else { "Unpaid" } }
                        @if o.status != OpportunityStatus::Published { " " span.pill { (o.status.title()) } } }
                    @if !o.fields.description.is_empty() { p { (o.fields.description) } }
                    p.muted { (o.fields.capacity) " seats" @if !o.fields.schedule.is_empty() { " · " (o.fields.schedule) }
                        @if let Some(a) = o.fields.min_age { " · age " (a) "+" } }
                    @if is_student && o.status == OpportunityStatus::Published {
                        form method="post" action="/wbl/apply" {
                            (csrf_field(csrf))
                            input type="hidden" name="opportunity_id" value=(o.meta.id);
                            label for=(format!("rank-{}", o.meta.id)) { "Your choice" }
                            select id=(format!("rank-{}", o.meta.id)) name="rank" {
                                @for r in 1..=5 { option value=(r) { "Choice " (r) } }
                            }
                            " " button type="submit" { "Apply" }
                        }
                    }
                    @if reviewer && matches!(o.status, OpportunityStatus::Submitted | OpportunityStatus::Draft) {
                        form method="post" action=(format!("/wbl/opportunities/{}/publish", o.meta.id)) {
                            (csrf_field(csrf))
                            button type="submit" { "Publish to the board" }
                        }
                    }
                }
            }
        }
    };
    Ok(Page {
        title: "Work-based learning".into(),
        nav: "wbl",
        user: Some(p),
        csrf,
        body,
    }
    .into_response())
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let (employers, pathways) = match names(&state).await {
        Ok(n) => n,
        Err(e) => return fail(e, &p, csrf.as_deref()),
    };
    let mut employers: Vec<(Id, String)> = employers
        .into_iter()
        .filter(|(id, _)| p.is_admin() || p.organization_id == Some(*id))
        .collect();
    employers.sort_by(|a, b| a.1.cmp(&b.1));
    let body = html! {
        form.card method="post" action="/wbl/new" {
            (csrf_field(csrf.as_deref()))
            div.field { label for="employer_id" { "Employer" }
                select #employer_id name="employer_id" required { @for (id, name) in &employers { option value=(id) { (name) } } } }
            div.field { label for="title" { "Title" } input #title name="title" required maxlength="200"; }
            div.field { label for="activity" { "Activity" }
                select #activity name="activity" { @for a in WblActivity::ALL { option value=(a.as_str()) { (a.title()) " (" (a.stage().title()) ")" } } } }
            div.field { label for="pathway_id" { "Pathway" }
                select #pathway_id name="pathway_id" { option value="" { "None" } @for (id, name) in &pathways { option value=(id) { (name) } } } }
            div.field { label for="description" { "What students will do and learn" } textarea #description name="description" rows="4" {} }
            div.field { label for="location" { "Location" } input #location name="location"; }
            div.field { label for="latitude" { "Latitude (optional, for distance search)" } input #latitude name="latitude" type="number" step="any" min="-90" max="90"; }
            div.field { label for="longitude" { "Longitude (optional)" } input #longitude name="longitude" type="number" step="any" min="-180" max="180"; }
            div.field { label for="schedule" { "Schedule" } input #schedule name="schedule" placeholder="Tue/Thu 3–6 pm, February–May"; }
            div.field { label for="capacity" { "Seats" } input #capacity name="capacity" type="number" min="1" value="2" required; }
            div.field { label for="min_age" { "Minimum age" } input #min_age name="min_age" type="number" min="10" max="25"; }
            div.field { label for="min_grade" { "Minimum grade" } input #min_grade name="min_grade" type="number" min="6" max="14"; }
            div.field { label for="starts_on" { "First day" } input #starts_on name="starts_on" type="date"; }
            div.field { label for="supervisor" { "Supervisor" } input #supervisor name="supervisor"; }
            div.field { label { input name="paid" type="checkbox" value="true"; " Paid" } }
            button type="submit" { "Submit for review" }
        }
    };
    Page {
        title: "Post an opportunity".into(),
        nav: "wbl",
        user: Some(&p),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

/// The posting form's fields.
#[derive(Debug, Deserialize)]
pub struct NewOpportunityForm {
    employer_id: Id,
    title: String,
    activity: String,
    #[serde(default)]
    pathway_id: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    schedule: String,
    capacity: String,
    #[serde(default)]
    min_age: String,
    #[serde(default)]
    min_grade: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    supervisor: String,
    #[serde(default)]
    paid: Option<String>,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
}

fn opt_int(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

async fn new_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(f): Form<NewOpportunityForm>,
) -> Response {
    let result = async {
        may_post(&p, f.employer_id)?;
        let activity = WblActivity::parse(&f.activity).map_err(|e| {
            ApiError::Invalid(vec![pathways_domain::FieldError::new(
                "activity",
                e.to_string(),
            )])
        })?;
        let input = OpportunityInput {
            employer_id: f.employer_id,
            title: f.title.trim().to_owned(),
            description: f.description,
            activity,
            pathway_id: opt_int(&f.pathway_id),
            soc: None,
            location: f.location,
            schedule: f.schedule,
            paid: f.paid.is_some(),
            capacity: opt_int(&f.capacity).unwrap_or(0),
            min_age: opt_int(&f.min_age),
            min_grade: opt_int(&f.min_grade),
            required_course_ids: vec![],
            transportation_provided: false,
            supervisor: f.supervisor,
            starts_on: Some(f.starts_on).filter(|s| !s.is_empty()),
            latitude: f.latitude.trim().parse().ok(),
            longitude: f.longitude.trim().parse().ok(),
        };
        state
            .store()
            .create_opportunity(&input, OpportunityStatus::Submitted)
            .await
            .map_err(ApiError::from)
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/wbl").into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

async fn publish_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    match state
        .store()
        .set_opportunity_status(id, OpportunityStatus::Published)
        .await
    {
        Ok(_) => Redirect::to("/wbl").into_response(),
        Err(e) => fail(e.into(), &p, csrf.as_deref()),
    }
}

/// The apply form's fields.
#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    opportunity_id: Id,
    rank: i64,
}

async fn apply_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(f): Form<ApplyForm>,
) -> Response {
    let result = async {
        let s = crate::api::wbl::acting_student(&state, &p, None).await?;
        let o = state.store().opportunity(f.opportunity_id).await?;
        let reasons = pathways_domain::wbl::eligibility(
            &s.fields.facts(),
            &o.fields,
            &crate::api::wbl::today(),
        );
        if !reasons.is_empty() {
            return Err(ApiError::Invalid(vec![pathways_domain::FieldError::new(
                "opportunity",
                format!("you are not eligible yet: {reasons:?}"),
            )]));
        }
        state
            .store()
            .apply(&s.fields.student_ref, f.opportunity_id, f.rank)
            .await
            .map_err(ApiError::from)
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/wbl/mine").into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

async fn mine(State(state): State<AppState>, SignedIn(p): SignedIn, Csrf(csrf): Csrf) -> Response {
    let result = async {
        let apps = scoped_applications(&state, &p).await?;
        let rounds = state.store().rounds().await?;
        let latest = match rounds.first() {
            Some(r) => Some((r.clone(), scoped_results(&state, &p, r.id).await?)),
            None => None,
        };
        Ok::<_, ApiError>((apps, latest, titles(&state).await?))
    }
    .await;
    let (apps, latest, names) = match result {
        Ok(x) => x,
        Err(e) => return fail(e, &p, csrf.as_deref()),
    };
    let body = html! {
        h2 { "Applications" }
        @if apps.is_empty() { p.muted { "No applications yet. " a href="/wbl" { "Browse the board" } } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { "Student" } th scope="col" { "Choice" } th scope="col" { "Opportunity" } } }
                tbody { @for a in &apps { tr { td { (a.student_ref) } td.num { (a.rank) } td { (a.opportunity_title) } } } }
            } }
        }
        @if let Some((round, results)) = latest {
            h2 { "Results of " (round.name) }
            p.muted { "Run " (round.run_at) " with lottery seed " (round.seed) ". " @if round.stable { "The stability check passed." } @else { "The stability check found problems." } }
            (results_table(&results, &names))
        }
    };
    Page {
        title: "My work-based learning".into(),
        nav: "mine",
        user: Some(&p),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

async fn rounds_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let rounds = match state.store().rounds().await {
        Ok(r) => r,
        Err(e) => return fail(e.into(), &p, csrf.as_deref()),
    };
    let body = html! {
        p.lede { "A round matches students to published opportunities: students' ranked applications, eligibility, priority for pathway concentrators and the region's equity group, and a recorded lottery for ties. The result is stable and cannot be gamed by ranking strategically." }
        form.card method="post" action="/wbl/rounds" {
            (csrf_field(csrf.as_deref()))
            div.field { label for="name" { "Round name" } input #name name="name" required value="Spring placements"; }
            div.field { label for="seed" { "Lottery seed" } input #seed name="seed" type="number" required value="20270115"; }
            button type="submit" { "Run the round" }
        }
        h2 { "Rounds" }
        div.table-wrap { table {
            thead { tr { th scope="col" { "Round" } th scope="col" { "Run" } th.num scope="col" { "Students" } th.num scope="col" { "Placed" } th scope="col" { "Stable" } } }
            tbody { @for r in &rounds { tr {
                td { a href=(format!("/wbl/rounds/{}", r.id)) { (r.name) } } td { (r.run_at) } td.num { (r.students) } td.num { (r.matched) }
                td { @if r.stable { "Yes" } @else { "No (" (r.blocking_pairs) " blocking pairs)" } }
            } } }
        } }
    };
    Page {
        title: "Matching rounds".into(),
        nav: "rounds",
        user: Some(&p),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

/// The round form's fields.
#[derive(Debug, Deserialize)]
pub struct RoundForm {
    name: String,
    seed: i64,
}

async fn run_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(f): Form<RoundForm>,
) -> Response {
    match run_round(
        state.store(),
        &RoundRequest {
            name: f.name,
            seed: f.seed,
            equity_first: true,
        },
        Some(p.user_id),
    )
    .await
    {
        Ok(r) => Redirect::to(&format!("/wbl/rounds/{}", r.id)).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

async fn round_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let (results, names, round) = match async {
        Ok::<_, ApiError>((
            scoped_results(&state, &p, id).await?,
            titles(&state).await?,
            state
                .store()
                .rounds()
                .await?
                .into_iter()
                .find(|r| r.id == id),
        ))
    }
    .await
    {
        Ok(r) => r,
        Err(e) => return fail(e, &p, csrf.as_deref()),
    };
    let placed = results
        .iter()
        .filter(|r| r.opportunity_id.is_some())
        .count();
    let body = html! {
        p.lede { @if let Some(r) = &round { "Run " (&r.run_at[..10.min(r.run_at.len())]) ". " }
            (placed) " of " (results.len()) " students placed." }
        @if p.is_admin() && placed > 0 {
            form method="post" action=(format!("/wbl/rounds/{id}/placements")) {
                (csrf_field(csrf.as_deref()))
                button type="submit" { "Create placements and training agreements for the matched students" }
            }
        }
        (results_table(&results, &names))
    };
    Page {
        title: round.map_or_else(|| format!("Round {id}"), |r| r.name),
        nav: "rounds",
        user: Some(&p),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

/// Registers the work-based learning pages.
pub fn register(t: &mut Routes) {
    use crate::access::Access;
    t.add(Method::GET, "/wbl", Access::SignedIn, board_page, None);
    t.add(Method::GET, "/wbl/new", POSTERS, new_form, None);
    t.add(Method::POST, "/wbl/new", POSTERS, new_submit, None);
    t.add(
        Method::POST,
        "/wbl/opportunities/{id}/publish",
        REVIEWERS,
        publish_submit,
        None,
    );
    t.add(Method::POST, "/wbl/apply", APPLICANTS, apply_submit, None);
    t.add(Method::GET, "/wbl/mine", Access::SignedIn, mine, None);
    t.add(Method::GET, "/wbl/rounds", access::ADMIN, rounds_page, None);
    t.add(Method::POST, "/wbl/rounds", access::ADMIN, run_submit, None);
    t.add(
        Method::GET,
        "/wbl/rounds/{id}",
        Access::SignedIn,
        round_page,
        None,
    );
}
