//! The interest inventory and goal picking.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use pathways_advising::inventory::{ANSWERS, ITEMS};
use pathways_advising::plan::PlanInput;
use pathways_domain::access::Principal;
use pathways_domain::{FieldError, SocCode};

use super::{csrf_field, fail, for_student, student_param};
use crate::access::{Csrf, SignedIn};
use crate::api::advising::inventory::{take, view};
use crate::api::advising::{readable_student, save, scoped_student};
use crate::error::ApiError;
use crate::extract::QueryMap;
use crate::pages::Page;
use crate::state::AppState;

pub(super) fn money(x: f64) -> String {
    pathways_domain::figures::dollars(x)
}

pub(super) async fn inventory_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Response {
    let s = match scoped_student(&state, &p, student_param(&p, &q.0).as_deref()).await {
        Ok(s) => s,
        Err(e) => return fail(e, &p, csrf.as_deref()),
    };
    let body = html! {
        p.lede { "How much would you like to do each of these? There are no right or wrong answers. Your answers point to kinds of work that fit your interests; you choose your goal." }
        form method="post" action="/advising/inventory" {
            (csrf_field(csrf.as_deref()))
            input type="hidden" name="student_ref" value=(s.fields.student_ref);
            @for item in &ITEMS {
                fieldset.item {
                    legend { (item.number) ". How much would you like to " (item.text) "?" }
                    @for (k, label) in ANSWERS.iter().enumerate() {
                        @let id = format!("q{}-{}", item.number, k + 1);
                        span.choice {
                            input type="radio" id=(id) name=(format!("q{}", item.number)) value=(k + 1) required;
                            label for=(id) { (label) }
                        }
                    }
                }
            }
            button type="submit" { "See my results" }
        }
    };
    Page {
        title: format!("Interest inventory — {}", s.fields.display_name),
        nav: "advising",
        user: Some(&p),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

pub(super) async fn inventory_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let get = |k: &str| form.iter().find(|(f, _)| f == k).map(|(_, v)| v.as_str());
        let requested = get("student_ref").filter(|v| !v.is_empty());
        let s = scoped_student(&state, &p, requested).await?;
        let mut answers = Vec::with_capacity(ITEMS.len());
        let mut problems = Vec::new();
        for item in &ITEMS {
            let key = format!("q{}", item.number);
            match get(&key).and_then(|v| v.parse::<u8>().ok()) {
                Some(a) => answers.push(a),
                None => problems.push(FieldError::new(key, "answer this question")),
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::Invalid(problems));
        }
        take(&state, &p, &s, &answers).await?;
        Ok::<_, ApiError>(s.fields.student_ref)
    }
    .await;
    match result {
        Ok(r) => Redirect::to(&format!("/advising/goals{}", for_student(&p, &r))).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

pub(super) async fn goals_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Response {
    match goals_inner(&state, &p, csrf.as_deref(), &q).await {
        Ok(r) => r,
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

async fn goals_inner(
    state: &AppState,
    p: &Principal,
    csrf: Option<&str>,
    q: &QueryMap,
) -> Result<Response, ApiError> {
    let (s, reach) = readable_student(state, p, student_param(p, &q.0).as_deref()).await?;
    let r = s.fields.student_ref.clone();
    let result = state.store().inventories(Some(&r), None).await?.remove(&r);
    let read = [(r.clone(), reach.agreement_id())];
    crate::api::advising::audit(state, p, "advising_inventory", &read).await?;
    let v = view(state, &s, result).await?;
    let current = state.store().plan(&r).await?;
    let names = super::Names::load(state).await?;
    let body = html! {
        @if v.result.is_none() {
            p { "Start with the " a href=(format!("/advising/inventory{}", for_student(p, &r))) { "interest inventory" } "." }
        } @else {
            section.card aria-labelledby="profile" {
                h2 #profile { "Your interests" }
                ol { @for sc in v.profile.iter().take(3) { li { strong { (sc.title) } " (" (sc.score) " of 7). " (sc.meaning) } } }
                p.muted { "All six: " @for (i, sc) in v.profile.iter().enumerate() { @if i > 0 { ", " } (sc.title) " " (sc.score) } "." }
            }
            @if let Some(n) = &v.note { p.alert { (n) } }
            form method="post" action="/advising/goals" {
                (csrf_field(csrf))
                input type="hidden" name="student_ref" value=(r);
                h2 { "Jobs that fit your interests" }
                p.muted { "Ranked by how well they fit, then by what they pay and how many openings there are each year in this region." }
                div.table-wrap { table {
                    caption.visually-hidden { "Occupations that fit, with regional wages and demand" }
                    thead { tr { th scope="col" { "Pick" } th scope="col" { "Job" } th scope="col" class="num" { "Fit" } th scope="col" class="num" { "Median pay here" } th scope="col" class="num" { "Openings a year" } th scope="col" { "Usual education to start" } th scope="col" { "Pathways" } } }
                    tbody { @for (i, m) in v.matches.iter().enumerate() {
                        @let paths = v.pathways.iter().find(|(s, _)| *s == m.soc).map(|(_, l)| l.clone()).unwrap_or_default();
                        tr {
                            td { input type="radio" name="goal" id=(format!("goal-{i}")) value=(format!("{}|{}", m.soc, paths.first().map(|x| x.0.to_string()).unwrap_or_default())) required; }
                            td { label for=(format!("goal-{i}")) { (m.title) } span.muted { " " (m.soc) " · " (m.interest_code) } }
                            td.num { ((m.fit * 100.0).round()) "%" }
                            td.num { (m.median_wage.map(money).unwrap_or_else(|| "—".into())) }
                            td.num { (m.regional_openings.map(|o| format!("{:.0}", o)).unwrap_or_else(|| "—".into())) }
                            td { (m.entry_education.clone().unwrap_or_default()) }
                            td { @if paths.is_empty() { span.muted { "No regional pathway yet" } } @else { (paths.iter().map(|x| x.1.clone()).collect::<Vec<_>>().join(", ")) } }
                        }
                    } }
                } }
                div.field {
                    label for="pathway_id" { "Pathway (leave as suggested, or pick another)" }
                    select #pathway_id name="pathway_id" {
                        option value="" { "The pathway listed with the job" }
                        @for (id, pw) in &names.pathways { option value=(id) selected[current.as_ref().and_then(|c| c.plan.pathway_id) == Some(*id)] { (pw.name) } }
                    }
                }
                button type="submit" { "Make this my goal" }
            }
            p.muted { (pathways_lmi::SOURCE_CREDIT) " " (pathways_lmi::ONET_CREDIT) }
        }
    };
    Ok(Page {
        title: format!("Pick a goal — {}", s.fields.display_name),
        nav: "advising",
        user: Some(p),
        csrf,
        body,
    }
    .into_response())
}

pub(super) async fn goals_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let get = |k: &str| {
            form.iter()
                .find(|(f, _)| f == k)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };
        let s = scoped_student(&state, &p, get("student_ref")).await?;
        let (soc, suggested) = get("goal")
            .and_then(|g| g.split_once('|'))
            .ok_or_else(|| ApiError::Invalid(vec![FieldError::new("goal", "pick a job")]))?;
        let soc = SocCode::parse(soc)
            .map_err(|e| ApiError::Invalid(vec![FieldError::new("goal", e.to_string())]))?;
        let pathway = get("pathway_id")
            .or(Some(suggested).filter(|x| !x.is_empty()))
            .map(|v| v.parse::<i64>())
            .transpose()
            .map_err(|_| {
                ApiError::Invalid(vec![FieldError::new("pathway_id", "must be a pathway id")])
            })?;
        let current = state.store().plan(&s.fields.student_ref).await?;
        let mut plan = current
            .as_ref()
            .map(|c| c.plan.clone())
            .unwrap_or_else(PlanInput::default);
        plan.goal_soc = Some(soc);
        if pathway.is_some() {
            plan.pathway_id = pathway;
        }
        save(
            &state,
            &p,
            &s,
            current.map(|c| c.version),
            &plan,
            "goal picked",
        )
        .await?;
        Ok::<_, ApiError>(s.fields.student_ref)
    }
    .await;
    match result {
        Ok(r) => {
            Redirect::to(&format!("/advising/plan/edit{}", for_student(&p, &r))).into_response()
        }
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}
