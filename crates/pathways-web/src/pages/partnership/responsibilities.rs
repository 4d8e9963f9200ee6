//! The responsibilities matrix (stakeholder type × pathway component), with
//! owners, status and evidence, and the coverage of unowned cells.

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::html;
use pathways_domain::partnership::{
    Component, ResponsibilityInput, ResponsibilityStatus, Stakeholder,
};

use super::edit::Notice;
use super::{Fields, check, csrf_field, done, frame, int, names, organizations, region, respond};
use crate::access::{self, Csrf, Routes, SignedIn, may_write_for};
use crate::api::partnership::views::coverage;
use crate::error::ApiError;
use crate::extract::IdPath;
use crate::state::AppState;

async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    notice: Notice,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        let rs = state.store().region_all::<ResponsibilityInput>(region).await?;
        let orgs = organizations(&state).await?;
        let name = names(&orgs);
        let cells = coverage(&rs);
        let unowned = cells.iter().filter(|c| c.owners.is_empty()).count();
        let admin = p.is_admin();
        let body = html! {
            (notice)
            @if rs.is_empty() && admin {
                form method="post" action="/partnership/defaults" { (csrf_field(csrf.as_deref())) button type="submit" { "Start from the default responsibilities" } }
            }
            @if unowned > 0 { p.alert { (unowned) " of " (cells.len()) " cells have no owner (marked “unowned” below)." } }
            @else { p.alert.ok { "Every cell has an owner." } }
            div.table-wrap { table.matrix {
                caption { "Coverage: who owns each cell" }
                thead { tr { th scope="col" { "Stakeholder" } @for c in Component::ALL { th scope="col" { (c.title()) } } } }
                tbody { @for s in Stakeholder::ALL { tr { th scope="row" { (s.title()) }
                    @for c in Component::ALL { @let cell = cells.iter().find(|x| x.stakeholder == *s && x.component == *c);
                        td.unowned[cell.is_none_or(|x| x.owners.is_empty())] {
                            @match cell.filter(|x| !x.owners.is_empty()) {
                                Some(x) => { (x.owners.iter().filter_map(|o| name.get(o).cloned()).collect::<Vec<_>>().join("; ")) }
                                None => { "unowned" }
                            }
                        }
                    }
                } } }
            } }
            h2 { "Responsibilities" }
            @for r in &rs {
                article.card id=(format!("responsibility-{}", r.meta.id)) {
                    p.muted { (r.fields.stakeholder.title()) " · " (r.fields.component.title()) }
                    p { (r.fields.description) }
                    @if admin {
                        form method="post" action=(format!("/partnership/responsibilities/{}", r.meta.id)) {
                            (csrf_field(csrf.as_deref()))
                            div.field { label for=(format!("d{}", r.meta.id)) { "Responsibility" } textarea id=(format!("d{}", r.meta.id)) name="description" rows="2" { (r.fields.description) } }
                            div.field { label for=(format!("o{}", r.meta.id)) { "Owner" }
                                select id=(format!("o{}", r.meta.id)) name="organization_id" { option value="" { "Nobody yet" }
                                    @for (id, o) in &orgs { option value=(id) selected[r.fields.organization_id == Some(*id)] { (o.name) } } } }
                            div.field { label for=(format!("s{}", r.meta.id)) { "Status" }
                                select id=(format!("s{}", r.meta.id)) name="status" { @for st in ResponsibilityStatus::ALL { option value=(st.as_str()) selected[*st == r.fields.status] { (st.title()) } } } }
                            div.field { label for=(format!("e{}", r.meta.id)) { "Evidence" } input id=(format!("e{}", r.meta.id)) name="evidence" value=(r.fields.evidence); }
                            button type="submit" { "Save" }
                        }
                    } @else {
                        p { "Owner: " (r.fields.organization_id.and_then(|o| name.get(&o).cloned()).unwrap_or_else(|| "nobody yet".into())) " · " (r.fields.status.title()) }
                        @if may_write_for(&p, r.fields.organization_id) {
                            form method="post" action=(format!("/partnership/responsibilities/{}/status", r.meta.id)) {
                                (csrf_field(csrf.as_deref()))
                                div.field { label for=(format!("s{}", r.meta.id)) { "Status" }
                                    select id=(format!("s{}", r.meta.id)) name="status" { @for st in ResponsibilityStatus::ALL { option value=(st.as_str()) selected[*st == r.fields.status] { (st.title()) } } } }
                                div.field { label for=(format!("e{}", r.meta.id)) { "Evidence" } input id=(format!("e{}", r.meta.id)) name="evidence" value=(r.fields.evidence); }
                                button type="submit" { "Update status" }
                            }
                        }
                    }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Responsibilities", "/partnership/responsibilities", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/responsibilities")
}

async fn save(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let mut problems = Vec::new();
        let organization_id = f.parse("organization_id", &mut problems, int);
        let status = f.required("status", &mut problems, ResponsibilityStatus::parse);
        check(problems)?;
        let current = state.store().get::<ResponsibilityInput>(id).await?;
        let mut r = current.fields;
        if let Some(d) = f.get("description") {
            r.description = d.to_owned();
        }
        r.organization_id = organization_id;
        r.status = status.unwrap_or(r.status);
        r.evidence = f.text("evidence");
        state.store().update(id, current.meta.version, &r).await?;
        done(&format!(
            "/partnership/responsibilities#responsibility-{id}"
        ))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/responsibilities")
}

/// Partner staff update the status and evidence of a responsibility their
/// organization owns (the convener edits everything through [`save`]).
async fn set_status(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let current = state.store().get::<ResponsibilityInput>(id).await?;
        if !may_write_for(&p, current.fields.organization_id) {
            return Err(ApiError::OutOfScope(
                "you may only update responsibilities your organization owns".into(),
            ));
        }
        let mut problems = Vec::new();
        let status = f.required("status", &mut problems, ResponsibilityStatus::parse);
        check(problems)?;
        let mut r = current.fields;
        r.status = status.unwrap_or(r.status);
        r.evidence = f.text("evidence");
        state.store().update(id, current.meta.version, &r).await?;
        done(&format!(
            "/partnership/responsibilities?notice=saved#responsibility-{id}"
        ))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/responsibilities")
}

async fn defaults(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let r = async {
        let region = region(&state).await?;
        state.store().seed_partnership_defaults(region).await?;
        done("/partnership/responsibilities")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/responsibilities")
}

pub(super) fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/partnership/responsibilities",
        access::STAFF,
        page,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/responsibilities/{id}",
        access::ADMIN,
        save,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/responsibilities/{id}/status",
        access::STAFF,
        set_status,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/defaults",
        access::ADMIN,
        defaults,
        None,
    );
}
