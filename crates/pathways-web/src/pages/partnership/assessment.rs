//! Quality self-assessment: the region's rubric by level, ratings with
//! evidence across years, and improvement actions.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::html;
use pathways_domain::partnership::{CriterionInput, RatingInput, RubricLevel, rating_label};

use super::{Fields, check, csrf_field, done, frame, int, region, respond};
use crate::access::{self, Csrf, Routes, SignedIn};
use crate::state::AppState;

async fn page(State(state): State<AppState>, SignedIn(p): SignedIn, Csrf(csrf): Csrf) -> Response {
    let r = async {
        let region = region(&state).await?;
        let criteria = state.store().region_all::<CriterionInput>(region).await?;
        let ratings = state.store().region_all::<RatingInput>(region).await?;
        let years: BTreeSet<i32> = ratings.iter().map(|r| r.fields.year).collect();
        let admin = p.is_admin();
        let body = html! {
            p.lede { "Ratings: 1 not yet, 2 developing, 3 established, 4 exemplary. A rating below 3 carries an improvement action." }
            @if criteria.is_empty() && admin {
                form method="post" action="/partnership/defaults" { (csrf_field(csrf.as_deref())) button type="submit" { "Start from the default rubric" } }
            }
            @for level in RubricLevel::ALL {
                h2 { (level.title()) " criteria" }
                div.table-wrap { table {
                    thead { tr { th scope="col" { "Criterion" } th scope="col" { "Indicator" } @for y in &years { th scope="col" { (y) } } th scope="col" { "Latest evidence and improvement action" } } }
                    tbody { @for c in criteria.iter().filter(|c| c.fields.level == *level) {
                        @let mine: Vec<&RatingInput> = ratings.iter().filter(|r| r.fields.criterion_id == c.meta.id).map(|r| &r.fields).collect();
                        tr {
                            th scope="row" { (c.fields.code) " " (c.fields.criterion) } td { (c.fields.indicator) }
                            @for y in &years { td { @for r in mine.iter().filter(|r| r.year == *y) { span.pill title=(rating_label(r.rating)) { (r.rating) } " " } } }
                            td { @if let Some(last) = mine.iter().max_by_key(|r| r.year) { (last.evidence) @if !last.improvement_action.is_empty() { br; strong { "Action: " } (last.improvement_action) } } }
                        }
                    } }
                } }
            }
            @if admin {
                div.cards {
                    form.card method="post" action="/partnership/assessment/ratings" {
                        h2 { "Rate a criterion" }
                        (csrf_field(csrf.as_deref()))
                        div.field { label for="criterion_id" { "Criterion" } select #criterion_id name="criterion_id" { @for c in &criteria { option value=(c.meta.id) { (c.fields.code) " " (c.fields.criterion) } } } }
                        div.field { label for="year" { "Year" } input #year name="year" type="number" required; }
                        div.field { label for="rating" { "Rating" } select #rating name="rating" { @for n in 1..=4 { option value=(n) { (n) " " (rating_label(n)) } } } }
                        div.field { label for="evidence" { "Evidence" } textarea #evidence name="evidence" rows="2" {} }
                        div.field { label for="improvement_action" { "Improvement action" } textarea #improvement_action name="improvement_action" rows="2" {} }
                        button type="submit" { "Save rating" }
                    }
                    form.card method="post" action="/partnership/assessment/criteria" {
                        h2 { "Add a criterion" }
                        (csrf_field(csrf.as_deref()))
                        div.field { label for="level" { "Level" } select #level name="level" { @for l in RubricLevel::ALL { option value=(l.as_str()) { (l.title()) } } } }
                        div.field { label for="code" { "Code" } input #code name="code" required maxlength="20"; }
                        div.field { label for="criterion" { "Criterion" } input #criterion name="criterion" required; }
                        div.field { label for="indicator" { "Indicator" } textarea #indicator name="indicator" rows="2" required {} }
                        button type="submit" { "Add criterion" }
                    }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Quality self-assessment", "/partnership/assessment", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/assessment")
}

async fn rate(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let mut pr = Vec::new();
        let criterion_id = f.required("criterion_id", &mut pr, int);
        let year = f.required("year", &mut pr, int);
        let rating = f.required("rating", &mut pr, int);
        check(pr)?;
        state
            .store()
            .create(&RatingInput {
                criterion_id: criterion_id.unwrap_or(0),
                year: year.unwrap_or(0) as i32,
                subject_id: None,
                rating: rating.unwrap_or(0),
                evidence: f.text("evidence"),
                improvement_action: f.text("improvement_action"),
            })
            .await?;
        done("/partnership/assessment")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/assessment")
}

async fn add_criterion(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let region_id = region(&state).await?;
        let mut pr = Vec::new();
        let level = f.required("level", &mut pr, RubricLevel::parse);
        check(pr)?;
        state
            .store()
            .create(&CriterionInput {
                region_id,
                level: level.unwrap_or(RubricLevel::System),
                code: f.text("code"),
                criterion: f.text("criterion"),
                indicator: f.text("indicator"),
            })
            .await?;
        done("/partnership/assessment")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/assessment")
}

pub(super) fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/partnership/assessment",
        access::STAFF,
        page,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/assessment/ratings",
        access::ADMIN,
        rate,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/assessment/criteria",
        access::ADMIN,
        add_criterion,
        None,
    );
}
