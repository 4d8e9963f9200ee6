//! The placement list, one placement's page with its training agreement,
//! and the forms that create, sign and move placements.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::access::Role;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{Party, PlacementStatus, is_underway, may_sign};
use pathways_domain::wbl::OpportunityStatus;
use pathways_store::placements::Placement;
use pathways_store::wbl::BoardFilter;

use crate::access::{Csrf, SignedIn};
use crate::api::placements::{
    DirectPlacementRequest, Standing, change_status, place_directly, place_round,
    scoped_placements, sign, visible_placement,
};
use crate::api::wbl::REVIEWERS;
use crate::error::ApiError;
use crate::extract::{IdPath, QueryMap};
use crate::state::AppState;

use super::evaluations::evaluation_form;
use super::hours::hours_section;
use super::{Fields, csrf_field, fail, field, hours, invalid, page, status_pill, when};

pub(super) async fn list_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let csrf = csrf.as_deref();
    let result = async {
        let list = scoped_placements(&state, &p, None).await?;
        let open = if REVIEWERS.allows(Some(&p)) {
            state
                .store()
                .all_opportunities(&BoardFilter {
                    statuses: vec![OpportunityStatus::Published],
                    ..Default::default()
                })
                .await?
        } else {
            vec![]
        };
        Ok::<_, ApiError>((list, open))
    }
    .await;
    let (list, open) = match result {
        Ok(x) => x,
        Err(e) => return fail(e, &p, csrf, "/wbl"),
    };
    let title = match p.role {
        Role::Employer => "Placed students",
        Role::Student | Role::Family => "My placements",
        _ => "Placements",
    };
    let body = html! {
        p.lede { "A placement starts as a draft training agreement. The employer, the school and the student sign it — and a parent or guardian too when the student is under 18 on the first day. Only then can it become active and hours be logged." }
        @if list.is_empty() { p.muted { "No placements yet." } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { "Student" } th scope="col" { "Opportunity" } th scope="col" { "Status" }
                    th scope="col" { "First day" } th scope="col" { "Sign-offs still needed" } th.num scope="col" { "Hours approved / logged" } } }
                tbody { @for x in &list { tr {
                    td { a href=(format!("/wbl/placements/{}", x.id)) { (x.student_name) " (" (x.student_ref) ")" } }
                    td { (x.opportunity_title) }
                    td { (status_pill(x.status)) }
                    td { (x.starts_on) }
                    td { @if x.missing.is_empty() { "None" } @else { (x.missing.iter().map(|m| m.title()).collect::<Vec<_>>().join(", ")) } }
                    td.num { (hours(x.hours_approved)) " / " (hours(x.hours_logged)) }
                } } }
            } }
        }
        @if !open.is_empty() {
            h2 { "Place a student directly" }
            p.muted { "For an opportunity without competition. Eligibility and seats are checked." }
            form.card method="post" action="/wbl/placements" {
                (csrf_field(csrf))
                div.field { label for="opportunity_id" { "Opportunity" }
                    select #opportunity_id name="opportunity_id" required { @for o in &open { option value=(o.meta.id) { (o.fields.title) " (" (o.fields.capacity) " seats)" } } } }
                div.field { label for="student_ref" { "Student id" } input #student_ref name="student_ref" required maxlength="40"; }
                div.field { label for="starts_on" { "First day (optional)" } input #starts_on name="starts_on" type="date"; }
                button type="submit" { "Create the placement" }
            }
        }
    };
    page(title.into(), &p, csrf, body)
}

pub(super) async fn create_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(f): Fields,
) -> Response {
    let result = async {
        let opportunity_id = field(&f, "opportunity_id")
            .parse()
            .map_err(|_| invalid("opportunity_id", "choose an opportunity"))?;
        let req = DirectPlacementRequest {
            opportunity_id,
            student_ref: field(&f, "student_ref").to_owned(),
            starts_on: Some(field(&f, "starts_on").to_owned()).filter(|s| !s.is_empty()),
        };
        place_directly(&state, &p, &req).await
    }
    .await;
    match result {
        Ok(pl) => Redirect::to(&format!("/wbl/placements/{}", pl.id)).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), "/wbl/placements"),
    }
}

fn agreement(pl: &Placement, standing: Standing, csrf: Option<&str>) -> Markup {
    let mine = match standing {
        Standing::Party(party) => Some(party),
        Standing::Convener | Standing::Shared(_) => None,
    };
    let staff = matches!(
        standing,
        Standing::Convener | Standing::Party(Party::Employer) | Standing::Party(Party::School)
    );
    let next: Vec<PlacementStatus> = match pl.status {
        PlacementStatus::Draft => vec![
            PlacementStatus::AwaitingSignatures,
            PlacementStatus::Withdrawn,
        ],
        PlacementStatus::AwaitingSignatures => {
            vec![PlacementStatus::Active, PlacementStatus::Withdrawn]
        }
        PlacementStatus::Active => vec![PlacementStatus::Completed, PlacementStatus::Withdrawn],
        _ => vec![],
    };
    html! {
        section aria-labelledby="agreement-h" {
            h2 #agreement-h { "Training agreement" }
            p { "Status: " (status_pill(pl.status)) " · first day " (pl.starts_on)
                @if pl.guardian_required { " · the student is under 18 that day, so a parent or guardian signs too" } }
            div.table-wrap { table {
                thead { tr { th scope="col" { "Party" } th scope="col" { "Signed by" } th scope="col" { "When" } th scope="col" { span.visually-hidden { "Action" } } } }
                tbody { @for party in &pl.required {
                    @let sig = pl.signatures.iter().find(|s| s.party == *party);
                    tr {
                        th scope="row" { (party.title()) }
                        td { @if let Some(s) = sig { (s.signer_name) } @else { span.muted { "Not yet" } } }
                        td { @if let Some(s) = sig { (when(&s.signed_at)) } }
                        td { @if sig.is_none() && mine == Some(*party) && may_sign(pl.status) {
                            (sign_form(pl.id, *party, csrf))
                        } }
                    }
                } }
            } }
            @if staff && !next.is_empty() {
                form.inline method="post" action=(format!("/wbl/placements/{}/status", pl.id)) {
                    (csrf_field(csrf))
                    label for="status" { "Change status" } " "
                    select #status name="status" { @for s in &next { option value=(s.as_str()) { (s.title()) } } }
                    " " button type="submit" { "Save" }
                }
                @if pl.status != PlacementStatus::Active && !pl.missing.is_empty() {
                    p.muted { "It can become active once these sign: " (pl.missing.iter().map(|m| m.title()).collect::<Vec<_>>().join(", ")) "." }
                }
            }
        }
    }
}

/// The one button a party presses to sign the agreement.
fn sign_form(placement: Id, party: Party, csrf: Option<&str>) -> Markup {
    html! {
        form method="post" action=(format!("/wbl/placements/{placement}/sign")) {
            (csrf_field(csrf))
            button type="submit" { "Sign as " (party.title().to_lowercase()) }
        }
    }
}

pub(super) async fn detail_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    q: QueryMap,
) -> Response {
    let csrf = csrf.as_deref();
    let result = async {
        let (pl, standing) = visible_placement(&state, &p, id).await?;
        let entries = state.store().hours(id).await?;
        let evaluations = state.store().evaluations(id).await?;
        let templates = state.store().rubric_templates().await?;
        Ok::<_, ApiError>((pl, standing, entries, evaluations, templates))
    }
    .await;
    let (pl, standing, entries, evaluations, templates) = match result {
        Ok(x) => x,
        Err(e) => return fail(e, &p, csrf, "/wbl/placements"),
    };
    let chosen = q.0.get("template").and_then(|t| t.parse::<Id>().ok());
    let template = templates
        .iter()
        .find(|t| Some(t.id) == chosen)
        .or(templates.first());
    let evaluator = standing == Standing::Party(Party::Employer) && is_underway(pl.status);
    let body = html! {
        p.lede { (pl.opportunity_title) " · " (pl.stage.title()) ", " (pl.activity.title()) " · " (pl.source.title()) }
        (agreement(&pl, standing, csrf))
        (hours_section(&pl, &entries, standing, csrf))
        section aria-labelledby="eval-h" {
            h2 #eval-h { "Supervisor evaluations" }
            @if evaluations.is_empty() { p.muted { "No evaluation yet." } }
            @for e in &evaluations {
                div.card {
                    h3 { (e.point.title()) " evaluation · " (e.template_name) }
                    p.muted { "By " (e.evaluator_name) " on " (when(&e.created_at)) " · ratings 1–" (e.scale_max) }
                    div.table-wrap { table {
                        thead { tr { th scope="col" { "Area" } th scope="col" { "Criterion" } th.num scope="col" { "Rating" } th scope="col" { "Comment" } } }
                        tbody { @for r in &e.ratings { tr { td { (r.area.title()) } td { (r.name) } td.num { (r.rating) } td { (r.comment) } } } }
                    } }
                    @if !e.comment.is_empty() { p { (e.comment) } }
                }
            }
            @if evaluator { @if let Some(t) = template { (evaluation_form(&pl, t, &templates, csrf)) } }
        }
    };
    page(format!("Placement: {}", pl.student_name), &p, csrf, body)
}

pub(super) async fn sign_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    match sign(&state, &p, id, None).await {
        Ok(_) => Redirect::to(&format!("/wbl/placements/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/placements/{id}")),
    }
}

pub(super) async fn status_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Fields,
) -> Response {
    let result = async {
        let to = PlacementStatus::parse(field(&f, "status"))
            .map_err(|e| invalid("status", &e.to_string()))?;
        change_status(&state, &p, id, to).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/wbl/placements/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/placements/{id}")),
    }
}

pub(super) async fn round_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    match place_round(&state, &p, id).await {
        Ok(_) => Redirect::to("/wbl/placements").into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/rounds/{id}")),
    }
}
