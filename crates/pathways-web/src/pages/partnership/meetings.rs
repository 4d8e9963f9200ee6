//! Meetings: date, attendees and sectors present, agenda, decisions and
//! action items; the cadence check and overdue action items.

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::html;
use pathways_domain::partnership::{
    ActionItemInput, ActionStatus, MeetingInput, RequiredSector, action_overdue, meeting_overdue,
};

use super::edit::Notice;
use super::{
    Fields, check, csrf_field, date, done, frame, int, names, org_select, organizations, region,
    respond,
};
use crate::access::{self, Csrf, Routes, SignedIn, may_write_for};
use crate::error::ApiError;
use crate::extract::IdPath;
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
        let store = state.store();
        let mut meetings = store.region_all::<MeetingInput>(region).await?;
        meetings.sort_by_key(|m| std::cmp::Reverse(m.fields.held_on));
        let items = store.region_all::<ActionItemInput>(region).await?;
        let settings = store.partnership_settings(region).await?;
        let orgs = organizations(&state).await?;
        let name = names(&orgs);
        let sectors_of = |ids: &[i64]| {
            let mut v: Vec<RequiredSector> = ids
                .iter()
                .filter_map(|id| orgs.iter().find(|(i, _)| i == id).and_then(|(_, o)| RequiredSector::of(o.sector)))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let today = today();
        let held: Vec<_> = meetings.iter().map(|m| m.fields.held_on).collect();
        let overdue = meeting_overdue(&held, settings.meeting_cadence, today);
        let admin = p.is_admin();
        // Partner staff update the status of the items their organization owns.
        let changes = admin || items.iter().any(|a| may_write_for(&p, Some(a.fields.owner_id)));
        let body = html! {
            (notice)
            @match overdue {
                Some(i64::MAX) => { p.alert { "No meeting on record yet." } }
                Some(d) => { p.alert { "The team last met " (d) " days ago; the region's cadence is " (settings.meeting_cadence.title().to_lowercase()) "." } }
                None => { p.alert.ok { "Meetings are on cadence (" (settings.meeting_cadence.title().to_lowercase()) ")." } }
            }
            h2 #actions { "Action items" }
            div.table-wrap { table {
                thead { tr { th scope="col" { "Due" } th scope="col" { "Action" } th scope="col" { "Owner" } th scope="col" { "Status" } @if changes { th scope="col" { "Change" } } } }
                tbody { @for a in &items { tr.late[action_overdue(&a.fields, today)] {
                    td { (a.fields.due_on) @if action_overdue(&a.fields, today) { " " span.pill { "overdue" } } }
                    td { (a.fields.description) } td { (name.get(&a.fields.owner_id).cloned().unwrap_or_default()) }
                    td { (a.fields.status.title()) }
                    @if changes { td { @if may_write_for(&p, Some(a.fields.owner_id)) { form method="post" action=(format!("/partnership/action-items/{}/status", a.meta.id)) {
                        (csrf_field(csrf.as_deref()))
                        select name="status" aria-label="Status" { @for s in ActionStatus::ALL { option value=(s.as_str()) selected[*s == a.fields.status] { (s.title()) } } }
                        button type="submit" { "Save" }
                    } } } }
                } } }
            } }
            h2 { "Meetings" }
            @for m in &meetings {
                article.card id=(format!("meeting-{}", m.meta.id)) {
                    h3 { (m.fields.held_on) }
                    @let present = sectors_of(&m.fields.attendee_ids);
                    p { strong { "Attendees: " } (m.fields.attendee_ids.iter().filter_map(|i| name.get(i).cloned()).collect::<Vec<_>>().join(", ")) }
                    p { strong { "Sectors present: " } (present.iter().map(|s| s.title()).collect::<Vec<_>>().join(", ")) }
                    @if !m.fields.agenda.is_empty() { p { strong { "Agenda: " } (m.fields.agenda) } }
                    @if !m.fields.decisions.is_empty() { p { strong { "Decisions: " } (m.fields.decisions) } }
                    @if admin {
                        details { summary { "Add an action item" }
                            form method="post" action=(format!("/partnership/meetings/{}/actions", m.meta.id)) {
                                (csrf_field(csrf.as_deref()))
                                div.field { label for=(format!("d{}", m.meta.id)) { "Action" } input id=(format!("d{}", m.meta.id)) name="description" required; }
                                // One form per meeting: ids must be unique for each label to name its own field.
                                div.field { label for=(format!("owner{}", m.meta.id)) { "Owner" }
                                    select id=(format!("owner{}", m.meta.id)) name="owner_id" {
                                        @for (id, o) in &orgs { option value=(id) { (o.name) " (" (o.sector.title()) ")" } } } }
                                div.field { label for=(format!("due{}", m.meta.id)) { "Due" } input id=(format!("due{}", m.meta.id)) name="due_on" type="date" required; }
                                button type="submit" { "Add action item" }
                            }
                        }
                    }
                }
            }
            @if admin {
                form.card method="post" action="/partnership/meetings" {
                    h2 { "Record a meeting" }
                    (csrf_field(csrf.as_deref()))
                    div.field { label for="held_on" { "Date" } input #held_on name="held_on" type="date" required; }
                    (org_select("attendee_ids", "Organizations present", &orgs, false, true))
                    div.field { label for="agenda" { "Agenda" } textarea #agenda name="agenda" rows="3" {} }
                    div.field { label for="decisions" { "Decisions" } textarea #decisions name="decisions" rows="3" {} }
                    button type="submit" { "Record meeting" }
                }
            }
        };
        Ok(frame(&p, csrf.as_deref(), "Meetings", "/partnership/meetings", body))
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/meetings")
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
        let held_on = f.required("held_on", &mut problems, date);
        let attendee_ids = f.parse_all("attendee_ids", &mut problems, int);
        check(problems)?;
        if let Some(held_on) = held_on {
            state
                .store()
                .create(&MeetingInput {
                    region_id,
                    held_on,
                    attendee_ids,
                    agenda: f.text("agenda"),
                    decisions: f.text("decisions"),
                })
                .await?;
        }
        done("/partnership/meetings")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/meetings")
}

async fn add_action(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(meeting_id): IdPath,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let mut problems = Vec::new();
        let owner_id = f.required("owner_id", &mut problems, int);
        let due_on = f.required("due_on", &mut problems, date);
        check(problems)?;
        if let (Some(owner_id), Some(due_on)) = (owner_id, due_on) {
            state
                .store()
                .create(&ActionItemInput {
                    meeting_id,
                    description: f.text("description"),
                    owner_id,
                    due_on,
                    status: ActionStatus::Open,
                })
                .await?;
        }
        done("/partnership/meetings#actions")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/meetings")
}

async fn set_status(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let current = state.store().get::<ActionItemInput>(id).await?;
        if !may_write_for(&p, Some(current.fields.owner_id)) {
            return Err(ApiError::OutOfScope(
                "you may only update action items assigned to your organization".into(),
            ));
        }
        let mut problems = Vec::new();
        let status = f.required("status", &mut problems, ActionStatus::parse);
        check(problems)?;
        let mut item = current.fields;
        item.status = status.unwrap_or(item.status);
        state
            .store()
            .update(id, current.meta.version, &item)
            .await?;
        done("/partnership/meetings?notice=saved#actions")
    }
    .await;
    respond(r, &p, csrf.as_deref(), "/partnership/meetings")
}

pub(super) fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/partnership/meetings",
        access::STAFF,
        page,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/meetings",
        access::ADMIN,
        add,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/meetings/{id}/actions",
        access::ADMIN,
        add_action,
        None,
    );
    t.add(
        Method::POST,
        "/partnership/action-items/{id}/status",
        access::STAFF,
        set_status,
        None,
    );
}
