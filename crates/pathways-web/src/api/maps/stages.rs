//! A map's stages (its columns, earliest first): add one at a position,
//! rename or move one, remove one, each a versioned edit of the whole map.
//! A stage that still holds components is removed only with `move_to`, the
//! stage its components go to, so no component is left outside the map.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use pathways_domain::FieldError;
use pathways_maps::{MapError, Stage};
use pathways_store::StoreError;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::Type;

use super::{TAG, WRITES, edit, id_doc, map_id, view};
use crate::access::{Routes, STAFF, SignedIn};
use crate::error::ApiResult;
use crate::extract::{IdPath, QueryMap, ValidJson};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

/// A new stage and where it goes.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StageInsert {
    /// Stable id, unique on the map ("ps1").
    pub id: String,
    /// Column heading.
    pub label: String,
    /// True for high-school stages.
    #[serde(default)]
    pub secondary: bool,
    /// Position from 0, earliest first; omitted or past the end: last.
    #[serde(default)]
    pub position: Option<usize>,
}

/// A stage's new label and flag, and optionally its new position.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StageEdit {
    /// Column heading.
    pub label: String,
    /// True for high-school stages.
    #[serde(default)]
    pub secondary: bool,
    /// New position from 0; omitted: stays where it is.
    #[serde(default)]
    pub position: Option<usize>,
}

/// A refused stage edit as a store error: an unknown stage is 404, the
/// rest name the field to correct (422).
pub fn stage_error(e: MapError) -> StoreError {
    let invalid = |field: &str, e: &MapError| {
        StoreError::Invalid(vec![FieldError::new(field, e.to_string())])
    };
    match e {
        MapError::NoSuchStage(id) => StoreError::NotFound {
            entity: "stage",
            id,
        },
        MapError::BlankStage(field) => invalid(field, &e),
        MapError::StageInUse { .. } => invalid("move_to", &e),
        other => invalid("id", &other),
    }
}

async fn add_stage(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(b): ValidJson<StageInsert>,
) -> ApiResult<Response> {
    let stage = Stage {
        id: b.id,
        label: b.label,
        secondary: b.secondary,
    };
    edit(&state, &p, id, &headers, StatusCode::CREATED, |_, m| {
        m.add_stage(stage, b.position).map_err(stage_error)
    })
    .await
}

async fn put_stage(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path((id, sid)): Path<(String, String)>,
    headers: HeaderMap,
    ValidJson(b): ValidJson<StageEdit>,
) -> ApiResult<Response> {
    edit(
        &state,
        &p,
        map_id(&id)?,
        &headers,
        StatusCode::OK,
        |_, m| {
            m.update_stage(&sid, &b.label, b.secondary)
                .and_then(|()| match b.position {
                    Some(at) => m.move_stage(&sid, at),
                    None => Ok(()),
                })
                .map_err(stage_error)
        },
    )
    .await
}

async fn delete_stage(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path((id, sid)): Path<(String, String)>,
    headers: HeaderMap,
    q: QueryMap,
) -> ApiResult<Response> {
    let move_to = q.0.get("move_to").filter(|v| !v.is_empty()).cloned();
    edit(
        &state,
        &p,
        map_id(&id)?,
        &headers,
        StatusCode::OK,
        |_, m| {
            m.remove_stage(&sid, move_to.as_deref())
                .map(|_| ())
                .map_err(stage_error)
        },
    )
    .await
}

/// Registers the stage routes.
pub(super) fn register(t: &mut Routes) {
    let stage =
        |d: OpDoc| id_doc(d).param("stage", ParamLocation::Path, true, Type::String, "Stage id");
    t.add(
        Method::POST,
        "/api/v1/maps/{id}/stages",
        STAFF,
        add_stage,
        Some(
            id_doc(OpDoc::new(
                TAG,
                "add_map_stage",
                "Add a stage at a position",
            ))
            .request("StageInsert")
            .response(201, view())
            .errors(WRITES),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/maps/{id}/stages/{stage}",
        STAFF,
        put_stage,
        Some(
            stage(OpDoc::new(
                TAG,
                "update_map_stage",
                "Rename a stage, change its secondary flag, or move it",
            ))
            .request("StageEdit")
            .response(200, view())
            .errors(WRITES),
        ),
    );
    t.add(
        Method::DELETE,
        "/api/v1/maps/{id}/stages/{stage}",
        STAFF,
        delete_stage,
        Some(
            stage(OpDoc::new(
                TAG,
                "delete_map_stage",
                "Remove a stage; move_to names where its components go",
            ))
            .param(
                "move_to",
                ParamLocation::Query,
                false,
                Type::String,
                "Stage that receives the removed stage's components",
            )
            .response(200, view())
            .errors(WRITES),
        ),
    );
}
