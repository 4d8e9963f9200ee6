//! A placement's hours log: the table, logging hours and approving them.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::placement::{HoursInput, Party, is_underway};
use pathways_store::placements::Placement;

use crate::access::{Csrf, SignedIn};
use crate::api::placements::{Standing, approve, log_hours};
use crate::extract::IdPath;
use crate::state::AppState;

use super::{Fields, csrf_field, fail, field, hours, invalid};

pub(super) fn hours_section(
    pl: &Placement,
    entries: &[pathways_store::placements::HoursEntry],
    standing: Standing,
    csrf: Option<&str>,
) -> Markup {
    let employer = standing == Standing::Party(Party::Employer);
    let may_log = is_underway(pl.status)
        && matches!(
            standing,
            Standing::Party(Party::Employer) | Standing::Party(Party::Student)
        );
    html! {
        section aria-labelledby="hours-h" {
            h2 #hours-h { "Hours" }
            p { strong { (hours(pl.hours_approved)) } " hours approved of " (hours(pl.hours_logged)) " logged." }
            @if !entries.is_empty() {
                div.table-wrap { table {
                    thead { tr { th scope="col" { "Day" } th.num scope="col" { "Hours" } th scope="col" { "Activity" } th scope="col" { "Approved" } } }
                    tbody { @for h in entries { tr {
                        td { (h.worked_on) } td.num { (hours(h.hours)) } td { (h.activity) }
                        td { @if h.approved_at.is_some() { "Yes" } @else if employer {
                            form method="post" action=(format!("/wbl/hours/{}/approve", h.id)) {
                                (csrf_field(csrf))
                                button type="submit" aria-label=(format!("Approve {} hours on {}", hours(h.hours), h.worked_on)) { "Approve" }
                            }
                        } @else { span.muted { "Waiting for the supervisor" } } }
                    } } }
                } }
            }
            @if may_log {
                form.card method="post" action=(format!("/wbl/placements/{}/hours", pl.id)) {
                    h3 { "Log hours" }
                    (csrf_field(csrf))
                    div.field { label for="worked_on" { "Day" } input #worked_on name="worked_on" type="date" required; }
                    div.field { label for="hours" { "Hours" } input #hours name="hours" type="number" min="0.25" max="24" step="0.25" required; }
                    div.field { label for="activity" { "What was done" } input #activity name="activity" maxlength="1000"; }
                    button type="submit" { "Log hours" }
                }
            }
        }
    }
}

pub(super) async fn hours_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Fields,
) -> Response {
    let result = async {
        let h = HoursInput {
            worked_on: field(&f, "worked_on").to_owned(),
            hours: field(&f, "hours")
                .parse()
                .map_err(|_| invalid("hours", "must be a number"))?,
            activity: field(&f, "activity").to_owned(),
        };
        log_hours(&state, &p, id, &h).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/wbl/placements/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/placements/{id}")),
    }
}

pub(super) async fn approve_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    match approve(&state, &p, id).await {
        Ok(h) => Redirect::to(&format!("/wbl/placements/{}", h.placement_id)).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), "/wbl/placements"),
    }
}
