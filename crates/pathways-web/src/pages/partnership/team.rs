//! The leadership team page: members by organization and sector, and the
//! sector-representation check.

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::html;
use pathways_domain::partnership::{RequiredSector, TeamMemberInput, missing_sectors};

use super::edit::{Notice, row_actions};
use super::{Fields, check, csrf_field, done, frame, org_select, organizations, region, respond};
use crate::access::{self, Csrf, Routes, SignedIn};
use crate::state::AppState;

async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    notice: Notice,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let team = state.store().region_all::<TeamMemberInput>(region).await?;
        let orgs = organizations(&state).await?;
        let by_id: std::collections::HashMap<_, _> = orgs.iter().map(|(i, o)| (*i, o)).collect();
        let sectors: Vec<_> = team
            .iter()
            .filter(|m| m.fields.active)
            .filter_map(|m| by_id.get(&m.fields.organization_id).map(|o| o.sector))
            .collect();
        let missing = missing_sectors(&sectors);
        let body = html! {
            (notice)
            @if missing.is_empty() { p.alert.ok { "Secondary, postsecondary, employers and workforce are all represented." } }
            @else { p.alert { "Missing sectors: " strong { (missing.iter().map(|s| s.title()).collect::<Vec<_>>().join(", ")) } "." } }
            div.table-wrap { table {
                caption { "Leadership team" }
                thead { tr { th scope="col" { "Name" } th scope="col" { "Title" } th scope="col" { "Organization" } th scope="col" { "Sector" } th scope="col" { "Role" } th scope="col" { "Active" } @if p.is_admin() { th scope="col" { "Change" } } } }
                tbody { @for m in &team { @let o = by_id.get(&m.fields.organization_id); tr id=(format!("team-member-{}", m.meta.id)) {
                    td { (m.fields.person_name) } td { (m.fields.title.clone().unwrap_or_default()) }
                    td { (o.map(|o| o.name.clone()).unwrap_or_default()) }
                    td { (o.map(|o| o.sector.title()).unwrap_or("")) " " @if let Some(r) = o.and_then(|o| RequiredSector::of(o.sector)) { span.pill { (r.title()) } } }
                    td { (m.fields.team_role.replace('_', "-")) } td { @if m.fields.active { "Yes" } @else { "No" } }
                    @if p.is_admin() { td { (row_actions::<TeamMemberInput>(&p, m.meta.id)) } }
                } } }
            } }
            @if p.is_admin() {
                form.card method="post" action="/partnership/team" {
                    h2 { "Add a member" }
                    (csrf_field(csrf.as_deref()))
                    div.field { label for="person_name" { "Name" } input #person_name name="person_name" required maxlength="200"; }
                    div.field { label for="title" { "Title" } input #title name="title" maxlength="200"; }
                    (org_select("organization_id", "Organization", &orgs, false, false))
                    div.field { label for="team_role" { "Role" } select #team_role name="team_role" { option value="member" { "Member" } option value="chair" { "Chair" } option value="co_chair" { "Co-chair" } } }
                    button type="submit" { "Add member" }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Leadership team", "/partnership/team", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/team")
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
        let organization_id = f.required("organization_id", &mut problems, super::int);
        check(problems)?;
        state
            .store()
            .create(&TeamMemberInput {
                region_id,
                organization_id: organization_id.unwrap_or(0),
                person_name: f.text("person_name"),
                title: f.get("title").map(str::to_owned),
                team_role: f.get("team_role").unwrap_or("member").to_owned(),
                active: true,
            })
            .await?;
        done("/partnership/team")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/team")
}

pub(super) fn register(t: &mut Routes) {
    t.add(Method::GET, "/partnership/team", access::STAFF, page, None);
    t.add(Method::POST, "/partnership/team", access::ADMIN, add, None);
}
