//! Agreements: MOUs, data-sharing (parties, data elements, purposes, dates),
//! articulation, dual-credit and WBL training agreements, with their lifecycle.

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::html;
use pathways_domain::partnership::{
    AgreementInput, AgreementKind, AgreementStatus, DataElement, Lifecycle, Purpose,
};

use super::edit::{Notice, row_actions};
use super::{
    Fields, check, csrf_field, date, done, frame, int, names, org_select, organizations, region,
    respond,
};
use crate::access::{self, Csrf, Routes, SignedIn};
use crate::sharing::today;
use crate::state::AppState;

async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    notice: Notice,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let list = state.store().region_all::<AgreementInput>(region).await?;
        let warn = state.store().partnership_settings(region).await?.expiry_warning_days;
        let orgs = organizations(&state).await?;
        let name = names(&orgs);
        let today = today();
        let body = html! {
            (notice)
            p.lede { "Data-sharing agreements decide who may see whose student records: another organization sees a partner's students only under an agreement in force that covers the data element and purpose." }
            div.table-wrap { table {
                caption { "Agreements" }
                thead { tr { th scope="col" { "Agreement" } th scope="col" { "Kind" } th scope="col" { "Parties" } th scope="col" { "Terms" } th scope="col" { "In effect" } th scope="col" { "Lifecycle" } @if p.is_admin() { th scope="col" { "Change" } } } }
                tbody { @for a in &list { @let lc = a.fields.lifecycle(today, warn); tr id=(format!("agreement-{}", a.meta.id)) {
                    td { (a.fields.title) } td { (a.fields.kind.title()) }
                    td { (a.fields.party_ids.iter().filter_map(|i| name.get(i).cloned()).collect::<Vec<_>>().join("; ")) }
                    td { @if a.fields.kind == AgreementKind::DataSharing {
                        "Data of " (a.fields.supplier_id.and_then(|i| name.get(&i).cloned()).unwrap_or_default()) ": "
                        (a.fields.data_elements.iter().map(|e| e.title()).collect::<Vec<_>>().join(", "))
                        " for " (a.fields.purposes.iter().map(|e| e.title()).collect::<Vec<_>>().join(", "))
                    } }
                    td { (a.fields.effective_on.map(|d| d.to_string()).unwrap_or_default()) " – " (a.fields.expires_on.map(|d| d.to_string()).unwrap_or_default()) }
                    td { span.pill.warn[matches!(lc, Lifecycle::Expiring | Lifecycle::Expired)] { (lc.title()) } }
                    @if p.is_admin() { td { (row_actions::<AgreementInput>(&p, a.meta.id)) } }
                } } }
            } }
            @if p.is_admin() {
                form.card method="post" action="/partnership/agreements" {
                    h2 { "Add an agreement" }
                    (csrf_field(csrf.as_deref()))
                    div.field { label for="title" { "Title" } input #title name="title" required maxlength="200"; }
                    div.field { label for="kind" { "Kind" } select #kind name="kind" { @for k in AgreementKind::ALL { option value=(k.as_str()) { (k.title()) } } } }
                    div.field { label for="status" { "Status" } select #status name="status" { @for k in AgreementStatus::ALL { option value=(k.as_str()) { (k.title()) } } } }
                    (org_select("party_ids", "Parties", &orgs, false, true))
                    fieldset { legend { "Data-sharing terms (data-sharing agreements only)" }
                        (org_select("supplier_id", "Whose students' data", &orgs, true, false))
                        @for e in DataElement::ALL { label { input type="checkbox" name="data_elements" value=(e.as_str()); " " (e.title()) } br; }
                        @for pu in Purpose::ALL { label { input type="checkbox" name="purposes" value=(pu.as_str()); " " (pu.title()) } br; }
                    }
                    div.field { label for="effective_on" { "Effective" } input #effective_on name="effective_on" type="date"; }
                    div.field { label for="expires_on" { "Expires" } input #expires_on name="expires_on" type="date"; }
                    div.field { label for="notes" { "Notes" } textarea #notes name="notes" rows="2" {} }
                    button type="submit" { "Add agreement" }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Agreements", "/partnership/agreements", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/agreements")
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
        let mut problems = Vec::new();
        let kind = f.required("kind", &mut problems, AgreementKind::parse);
        let status = f.required("status", &mut problems, AgreementStatus::parse);
        let party_ids = f.parse_all("party_ids", &mut problems, int);
        let supplier_id = f.parse("supplier_id", &mut problems, int);
        let data_elements = f.parse_all("data_elements", &mut problems, DataElement::parse);
        let purposes = f.parse_all("purposes", &mut problems, Purpose::parse);
        let effective_on = f.parse("effective_on", &mut problems, date);
        let expires_on = f.parse("expires_on", &mut problems, date);
        check(problems)?;
        state
            .store()
            .create(&AgreementInput {
                region_id,
                kind: kind.unwrap_or(AgreementKind::Mou),
                title: f.text("title"),
                status: status.unwrap_or(AgreementStatus::Draft),
                party_ids,
                supplier_id,
                data_elements,
                purposes,
                effective_on,
                expires_on,
                notes: f.text("notes"),
            })
            .await?;
        done("/partnership/agreements")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/agreements")
}

pub(super) fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/partnership/agreements",
        access::STAFF,
        page,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/agreements",
        access::ADMIN,
        add,
        None,
    );
}
