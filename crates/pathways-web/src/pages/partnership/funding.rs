//! Funding: streams, amounts by year and use, braided funding per pathway
//! and its sustainability (recurring share, dependence on one stream).

use std::collections::HashMap;

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::{Markup, html};
use pathways_domain::catalog::{Id, PathwayInput};
use pathways_domain::partnership::{
    BraidedFunding, FundingAllocationInput, FundingSource, FundingStreamInput, FundingUse,
};
use pathways_store::ListFilter;

use super::edit::{Notice, row_actions};
use super::{
    Fields, check, csrf_field, done, frame, int, num, org_select, organizations, region, respond,
};
use crate::access::{self, Csrf, Routes, SignedIn};
use crate::api::partnership::views::funding;
use crate::state::AppState;

fn money(x: f64) -> String {
    pathways_domain::figures::dollars(x)
}

/// A bar per pathway of the latest year's total, recurring part shaded.
fn chart(rows: &[&BraidedFunding], pathway: &HashMap<Id, String>) -> Markup {
    let max = rows.iter().map(|b| b.total).fold(1.0, f64::max);
    let h = 28 * rows.len() + 10;
    html! {
        svg.chart viewBox=(format!("0 0 640 {h}")) role="img" aria-labelledby="funding-chart-title" {
            title #funding-chart-title { "Funding per pathway in the latest year; the darker part comes from recurring sources. The table below gives the figures." }
            @for (i, b) in rows.iter().enumerate() {
                @let y = 5 + i * 28;
                @let w = 380.0 * b.total / max;
                text x="0" y=(y + 16) font-size="12" { (b.pathway_id.and_then(|p| pathway.get(&p).cloned()).unwrap_or_else(|| "Region-wide".into())) }
                rect x="200" y=(y) width=(format!("{w:.1}")) height="20" fill="#9bb8d3" {}
                rect x="200" y=(y) width=(format!("{:.1}", w * b.recurring_share)) height="20" fill="#2b5f8a" {}
                text x=(format!("{:.1}", 205.0 + w)) y=(y + 15) font-size="12" { (money(b.total)) }
            }
        }
    }
}

async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    notice: Notice,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let streams = state.store().region_all::<FundingStreamInput>(region).await?;
        let allocations = state.store().region_all::<FundingAllocationInput>(region).await?;
        let braided = funding(state.store(), region).await?;
        let pathways: Vec<(Id, String)> = state
            .store()
            .list_all::<PathwayInput>(&ListFilter::default())
            .await?
            .into_iter()
            .map(|p| (p.meta.id, p.fields.name))
            .collect();
        let pname: HashMap<Id, String> = pathways.iter().cloned().collect();
        let sname: HashMap<Id, String> = streams.iter().map(|s| (s.meta.id, s.fields.name.clone())).collect();
        let latest = braided.iter().map(|b| b.year).max();
        let latest_rows: Vec<&BraidedFunding> = braided.iter().filter(|b| Some(b.year) == latest).collect();
        let orgs = organizations(&state).await?;
        let body = html! {
            (notice)
            @if let Some(y) = latest { h2 { "Braided funding, " (y) } (chart(&latest_rows, &pname)) }
            div.table-wrap { table {
                caption { "Braided funding per pathway and year" }
                thead { tr { th scope="col" { "Pathway" } th scope="col" { "Year" } th scope="col" { "Total" } th scope="col" { "By source" } th scope="col" { "Recurring" } th scope="col" { "Largest stream" } } }
                tbody { @for b in &braided { tr {
                    td { (b.pathway_id.and_then(|p| pname.get(&p).cloned()).unwrap_or_else(|| "Region-wide".into())) } td { (b.year) } td { (money(b.total)) }
                    td { (b.by_source.iter().map(|(k, v)| format!("{}: {}", FundingSource::parse(k).map(|s| s.title()).unwrap_or(k), money(*v))).collect::<Vec<_>>().join("; ")) }
                    td { (format!("{:.0}%", b.recurring_share * 100.0)) }
                    td.warn[b.largest_stream_share > 0.5] { (format!("{:.0}%", b.largest_stream_share * 100.0)) }
                } } }
            } }
            p.muted { "A pathway is more sustainable when most of its money recurs every year and no single stream pays more than half." }
            h2 { "Streams" }
            div.table-wrap { table {
                thead { tr { th scope="col" { "Stream" } th scope="col" { "Source" } th scope="col" { "Recurring" } th scope="col" { "Ends" } @if p.is_admin() { th scope="col" { "Change" } } } }
                tbody { @for s in &streams { tr id=(format!("funding-stream-{}", s.meta.id)) { td { (s.fields.name) } td { (s.fields.source.title()) } td { @if s.fields.recurring { "Yes" } @else { "No" } } td { (s.fields.ends_year.map(|y| y.to_string()).unwrap_or_default()) }
                    @if p.is_admin() { td { (row_actions::<FundingStreamInput>(&p, s.meta.id)) } } } } }
            } }
            h2 { "Allocations" }
            div.table-wrap { table {
                thead { tr { th scope="col" { "Stream" } th scope="col" { "Year" } th scope="col" { "Funds" } th scope="col" { "Pathway" } th scope="col" { "Amount" } } }
                tbody { @for a in &allocations { tr { td { (sname.get(&a.fields.stream_id).cloned().unwrap_or_default()) } td { (a.fields.year) } td { (a.fields.funds.title()) }
                    td { (a.fields.pathway_id.and_then(|p| pname.get(&p).cloned()).unwrap_or_default()) } td { (money(a.fields.amount)) } } } }
            } }
            @if p.is_admin() {
                div.cards {
                    form.card method="post" action="/partnership/funding/streams" {
                        h2 { "Add a stream" }
                        (csrf_field(csrf.as_deref()))
                        div.field { label for="name" { "Name" } input #name name="name" required; }
                        div.field { label for="source" { "Source" } select #source name="source" { @for s in FundingSource::ALL { option value=(s.as_str()) { (s.title()) } } } }
                        (org_select("organization_id", "Organization", &orgs, true, false))
                        div.field { label { input type="checkbox" name="recurring" value="true"; " Recurs every year" } }
                        div.field { label for="ends_year" { "Last year (time-limited awards)" } input #ends_year name="ends_year" type="number"; }
                        button type="submit" { "Add stream" }
                    }
                    form.card method="post" action="/partnership/funding/allocations" {
                        h2 { "Add an allocation" }
                        (csrf_field(csrf.as_deref()))
                        div.field { label for="stream_id" { "Stream" } select #stream_id name="stream_id" { @for s in &streams { option value=(s.meta.id) { (s.fields.name) } } } }
                        div.field { label for="year" { "Year" } input #year name="year" type="number" required; }
                        div.field { label for="amount" { "Amount ($)" } input #amount name="amount" required inputmode="decimal"; }
                        div.field { label for="funds" { "Pays for" } select #funds name="funds" { @for u in FundingUse::ALL { option value=(u.as_str()) { (u.title()) } } } }
                        div.field { label for="pathway_id" { "Pathway" } select #pathway_id name="pathway_id" { option value="" { "Region-wide" } @for (id, n) in &pathways { option value=(id) { (n) } } } }
                        button type="submit" { "Add allocation" }
                    }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Funding", "/partnership/funding", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/funding")
}

async fn add_stream(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let region_id = region(&state).await?;
        let mut pr = Vec::new();
        let source = f.required("source", &mut pr, FundingSource::parse);
        let organization_id = f.parse("organization_id", &mut pr, int);
        let ends_year = f.parse("ends_year", &mut pr, int).map(|y| y as i32);
        check(pr)?;
        state
            .store()
            .create(&FundingStreamInput {
                region_id,
                name: f.text("name"),
                source: source.unwrap_or(FundingSource::Grant),
                organization_id,
                recurring: f.get("recurring") == Some("true"),
                ends_year,
            })
            .await?;
        done("/partnership/funding")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/funding")
}

async fn add_allocation(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let mut pr = Vec::new();
        let stream_id = f.required("stream_id", &mut pr, int);
        let year = f.required("year", &mut pr, int);
        let amount = f.required("amount", &mut pr, num);
        let funds = f.required("funds", &mut pr, FundingUse::parse);
        let pathway_id = f.parse("pathway_id", &mut pr, int);
        check(pr)?;
        state
            .store()
            .create(&FundingAllocationInput {
                stream_id: stream_id.unwrap_or(0),
                year: year.unwrap_or(0) as i32,
                amount: amount.unwrap_or(0.0),
                funds: funds.unwrap_or(FundingUse::Pathway),
                pathway_id,
            })
            .await?;
        done("/partnership/funding")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/funding")
}

pub(super) fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/partnership/funding",
        access::STAFF,
        page,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/funding/streams",
        access::ADMIN,
        add_stream,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/funding/allocations",
        access::ADMIN,
        add_allocation,
        None,
    );
}
