//! The map resource itself: list, create (empty, derived, or imported from
//! CTDL), read, update and delete.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::FieldError;
use pathways_domain::catalog::Id;
use pathways_maps::Pathway;
use pathways_store::StoreError;
use pathways_store::maps::MapSettings;
use serde::Serialize;

use super::{
    TAG, WRITES, edit, id_doc, is_staff, may_edit, new_map, readable, respond, view, with_etag,
};
use crate::access::{Access, CurrentUser, Routes, STAFF, SignedIn};
use crate::api::map_model as mm;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson, if_match};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;
use utoipa::openapi::schema::Type;

async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> ApiResult<Response> {
    let maps = state.store().maps(!is_staff(user.as_ref())).await?;
    Ok(Json(maps).into_response())
}

async fn create(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(req): ValidJson<mm::NewMapRequest>,
) -> ApiResult<Response> {
    let (settings, map) = new_map(&state, &p, &req).await?;
    let m = state.store().create_map(&settings, map).await?;
    let mut res = respond(StatusCode::CREATED, &m);
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/v1/maps/{}", m.meta.id)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(res)
}

/// What an import stored, and what it kept without understanding.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportResponse {
    /// The stored map.
    pub map: mm::MapView,
    /// JSON paths of unknown properties and nodes, kept in the map and re-exported.
    pub kept: Vec<String>,
    /// Assumptions the import made, each with its path.
    pub notes: Vec<String>,
}

/// Parses a CTDL document: bad JSON is 400, bad CTDL 422, each problem at its JSON path.
pub fn parse_ctdl(bytes: &[u8]) -> ApiResult<(Pathway, pathways_maps::ImportReport)> {
    let doc: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let at = format!("$ (line {}, column {})", e.line(), e.column());
        ApiError::BadRequest {
            detail: format!("malformed JSON at {at}: {e}"),
            params: vec![FieldError::new(at, e.to_string())],
        }
    })?;
    pathways_maps::import_ctdl(&doc).map_err(|e| {
        ApiError::Invalid(
            e.problems
                .into_iter()
                .map(|p| FieldError::new(p.path, p.message))
                .collect(),
        )
    })
}

fn query_id(q: &QueryMap, key: &str) -> ApiResult<Option<Id>> {
    match q.0.get(key).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| ApiError::BadRequest {
            detail: format!("{key} must be an integer id"),
            params: vec![FieldError::new(key, "must be an integer id")],
        }),
    }
}

async fn import(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    q: QueryMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let (pathway, report) = parse_ctdl(&body)?;
    let settings = MapSettings {
        organization_id: query_id(&q, "organization_id")?.or(if p.is_admin() {
            None
        } else {
            p.organization_id
        }),
        region_id: query_id(&q, "region_id")?,
        source_pathway_id: None,
        published: q.0.get("published").is_some_and(|v| v == "true"),
    };
    may_edit(&p, &settings)?;
    let m = state.store().create_map(&settings, pathway).await?;
    let res = ImportResponse {
        map: mm::view(&m),
        kept: report.kept,
        notes: report.notes,
    };
    Ok(with_etag(
        (StatusCode::CREATED, Json(res)).into_response(),
        m.meta.version,
    ))
}

async fn get_one(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    IdPath(id): IdPath,
) -> ApiResult<Response> {
    let m = readable(&state, user.as_ref(), id).await?;
    Ok(respond(StatusCode::OK, &m))
}

async fn update(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(u): ValidJson<mm::MapUpdate>,
) -> ApiResult<Response> {
    edit(&state, &p, id, &headers, StatusCode::OK, |s, m| {
        m.name = u.name.trim().to_owned();
        m.description = u.description.unwrap_or_default();
        s.organization_id = u.organization_id;
        s.region_id = u.region_id;
        s.published = u.published;
        if let Some(stages) = u.stages {
            let stages = stages
                .into_iter()
                .map(|x| pathways_maps::Stage {
                    id: x.id,
                    label: x.label,
                    secondary: x.secondary,
                })
                .collect();
            m.replace_stages(stages)
                .map_err(|e| StoreError::Invalid(vec![FieldError::new("stages", e.to_string())]))?;
        }
        Ok(())
    })
    .await
}

async fn delete(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let version = if_match(&headers)?;
    let current = state.store().map(id).await?;
    may_edit(&p, &current.settings)?;
    state.store().delete_map(id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Registers the map resource's routes.
pub(super) fn register(t: &mut Routes) {
    let (tag, id, w) = (TAG, id_doc, WRITES);
    t.add(
        Method::GET,
        "/api/v1/maps",
        Access::Public,
        list,
        Some(
            OpDoc::new(
                tag,
                "list_maps",
                "Stored maps (published ones, and drafts for staff)",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/maps",
        STAFF,
        create,
        Some(
            OpDoc::new(
                tag,
                "create_map",
                "Create a map, empty or derived from a catalog pathway",
            )
            .request("NewMapRequest")
            .response(201, view())
            .errors(&[400, 403, 404, 422]),
        ),
    );
    t.add(Method::POST, "/api/v1/maps/import", STAFF, import,
        Some(OpDoc::new(tag, "import_map", "Import a CTDL JSON-LD pathway as a new map; unknown properties are kept and listed")
            .param("organization_id", ParamLocation::Query, false, Type::Integer, "Owner")
            .param("region_id", ParamLocation::Query, false, Type::Integer, "Region for wages")
            .param("published", ParamLocation::Query, false, Type::Boolean, "Publish it")
            .response(201, Some("ImportResponse".into())).errors(&[400, 403, 422])));
    t.add(
        Method::GET,
        "/api/v1/maps/{id}",
        Access::Public,
        get_one,
        Some(
            id(OpDoc::new(
                tag,
                "get_map",
                "A map with its stages, components, edges and equivalences",
            ))
            .response(200, view())
            .errors(&[404]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/maps/{id}",
        STAFF,
        update,
        Some(
            id(OpDoc::new(
                tag,
                "update_map",
                "Rename, describe, publish, re-stage a map",
            ))
            .request("MapUpdate")
            .response(200, view())
            .errors(w),
        ),
    );
    t.add(
        Method::DELETE,
        "/api/v1/maps/{id}",
        STAFF,
        delete,
        Some(
            id(OpDoc::new(tag, "delete_map", "Delete a map"))
                .response(204, None)
                .errors(&[404, 409]),
        ),
    );
}
