//! The map editor's stages panel: rename a stage, move it earlier or later,
//! remove it (its components moving to a stage chosen in the same form),
//! and add one at a position. Plain forms with the CSRF token and the
//! version read, like the rest of the editor.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use maud::{Markup, html};
use pathways_domain::catalog::Id;
use pathways_maps::{Pathway, Stage};
use serde::Deserialize;

use crate::access::{Csrf, Routes, STAFF, SignedIn};
use crate::api::maps::stage_error;
use crate::error::ApiError;
use crate::extract::IdPath;
use crate::pages::map_editor::{apply, csrf_field};
use crate::state::AppState;

/// The stages panel of map `id` at `version`.
pub fn panel(id: Id, version: i64, map: &Pathway, csrf: Option<&str>) -> Markup {
    let n = map.stages.len();
    html! {
        section.card.stages aria-labelledby="stages-title" {
            h2 #stages-title { "Stages" }
            p.muted { "The map's columns, earliest first. A stage's id stays when you rename it." }
            ol {
                @for (i, s) in map.stages.iter().enumerate() {
                    @let held = map.components.iter().filter(|c| c.stage == s.id).count();
                    li id=(format!("stage-{}", s.id)) {
                        form.inline method="post" action=(format!("/maps/{id}/stages/{}", s.id)) {
                            (csrf_field(csrf)) input type="hidden" name="version" value=(version);
                            label for=(format!("stage-label-{}", s.id)) { "Label of " code { (s.id) } }
                            input id=(format!("stage-label-{}", s.id)) name="label" required value=(s.label);
                            label { input type="checkbox" name="secondary" value="true" checked[s.secondary]; " High school" }
                            button type="submit" { "Save stage" }
                        }
                        @if i > 0 { (move_form(id, version, s, "earlier", csrf)) }
                        @if i + 1 < n { (move_form(id, version, s, "later", csrf)) }
                        form.inline method="post" action=(format!("/maps/{id}/stages/{}/delete", s.id)) {
                            (csrf_field(csrf)) input type="hidden" name="version" value=(version);
                            @if held > 0 {
                                label for=(format!("stage-move-{}", s.id)) { "Move its " (held) " components to" }
                                select id=(format!("stage-move-{}", s.id)) name="move_to" {
                                    @for o in map.stages.iter().filter(|o| o.id != s.id) { option value=(o.id) { (o.label) } }
                                }
                            }
                            button.danger type="submit" { "Remove " (s.label) }
                        }
                    }
                }
            }
            form method="post" action=(format!("/maps/{id}/stages")) {
                h3 { "Add a stage" }
                (csrf_field(csrf)) input type="hidden" name="version" value=(version);
                div.field { label for="new-stage-id" { "Id" } input #new-stage-id name="id" required placeholder="ps4"; }
                div.field { label for="new-stage-label" { "Label" } input #new-stage-label name="label" required placeholder="Postsecondary year 4"; }
                div.field { label { input type="checkbox" name="secondary" value="true"; " High school" } }
                div.field { label for="new-stage-position" { "Place" }
                    select #new-stage-position name="position" {
                        option value="" { "At the end" }
                        @for (i, s) in map.stages.iter().enumerate() { option value=(i) { "Before " (s.label) } }
                    } }
                button type="submit" { "Add stage" }
            }
        }
    }
}

fn move_form(id: Id, version: i64, s: &Stage, direction: &str, csrf: Option<&str>) -> Markup {
    html! {
        form.inline method="post" action=(format!("/maps/{id}/stages/{}/move", s.id)) {
            (csrf_field(csrf)) input type="hidden" name="version" value=(version);
            input type="hidden" name="direction" value=(direction);
            button type="submit" { "Move " (s.label) " " (direction) }
        }
    }
}

fn flag(v: Option<&String>) -> bool {
    v.is_some_and(|v| v == "true")
}

/// The add-stage form's fields.
#[derive(Debug, Deserialize)]
pub struct NewStageForm {
    version: String,
    id: String,
    label: String,
    #[serde(default)]
    secondary: Option<String>,
    #[serde(default)]
    position: String,
}

async fn add(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Form<NewStageForm>,
) -> Response {
    let stage = Stage {
        id: f.id.clone(),
        label: f.label.clone(),
        secondary: flag(f.secondary.as_ref()),
    };
    let position = f.position.trim().parse::<usize>().ok();
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        m.add_stage(stage, position)
            .map_err(|e| ApiError::from(stage_error(e)))
    })
    .await
}

/// The stage form's fields.
#[derive(Debug, Deserialize)]
pub struct StageForm {
    version: String,
    label: String,
    #[serde(default)]
    secondary: Option<String>,
}

async fn save(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Path((id, sid)): Path<(Id, String)>,
    Form(f): Form<StageForm>,
) -> Response {
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        m.update_stage(&sid, &f.label, flag(f.secondary.as_ref()))
            .map_err(|e| ApiError::from(stage_error(e)))
    })
    .await
}

/// The move form's fields.
#[derive(Debug, Deserialize)]
pub struct MoveForm {
    version: String,
    direction: String,
}

async fn move_stage(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Path((id, sid)): Path<(Id, String)>,
    Form(f): Form<MoveForm>,
) -> Response {
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        let at = m.stage_index(&sid).ok_or_else(|| {
            ApiError::from(stage_error(pathways_maps::MapError::NoSuchStage(
                sid.clone(),
            )))
        })?;
        let to = if f.direction == "earlier" {
            at.saturating_sub(1)
        } else {
            at + 1
        };
        m.move_stage(&sid, to)
            .map_err(|e| ApiError::from(stage_error(e)))
    })
    .await
}

/// The remove form's fields.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    version: String,
    #[serde(default)]
    move_to: String,
}

async fn remove(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Path((id, sid)): Path<(Id, String)>,
    Form(f): Form<RemoveForm>,
) -> Response {
    let move_to = Some(f.move_to.trim()).filter(|s| !s.is_empty());
    apply(&state, &p, csrf.as_deref(), id, &f.version, |_, m| {
        m.remove_stage(&sid, move_to)
            .map(|_| ())
            .map_err(|e| ApiError::from(stage_error(e)))
    })
    .await
}

/// Registers the stage forms' targets.
pub fn register(t: &mut Routes) {
    t.add(Method::POST, "/maps/{id}/stages", STAFF, add, None);
    t.add(Method::POST, "/maps/{id}/stages/{stage}", STAFF, save, None);
    t.add(
        Method::POST,
        "/maps/{id}/stages/{stage}/move",
        STAFF,
        move_stage,
        None,
    );
    t.add(
        Method::POST,
        "/maps/{id}/stages/{stage}/delete",
        STAFF,
        remove,
        None,
    );
}
