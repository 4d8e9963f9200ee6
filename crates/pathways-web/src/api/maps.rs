//! Stored pathway maps: create (empty, from a catalog pathway, or imported
//! from CTDL), read, edit their components, conditions, edges and
//! equivalences with versioned writes, and read them back as CTDL, checks
//! or SVG.
//!
//! Convener and partner staff write (partner staff only maps of their own
//! organization); everyone reads published maps, staff also read drafts.
//! Every write sends `If-Match` with the version read and answers with the
//! whole map and its new `ETag`; a stale version is 409.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{Id, PathwayInput};
use pathways_domain::{FieldError, SocCode};
use pathways_maps::{ArticulationKind, Pathway, WageFacts};
use pathways_store::maps::{MapSettings, StoredMap};
use serde::Serialize;
use utoipa::openapi::schema::ArrayBuilder;
use utoipa::openapi::schema::Type;
use utoipa::openapi::{ComponentsBuilder, Ref};

use super::map_model::{self as mm, ComponentBody, ConditionBody, EdgeBody, EquivalenceBody};
use crate::access::{self, Access, CurrentUser, Routes, STAFF, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson, etag, if_match};
use crate::openapi::{OpDoc, ParamLocation, with_deps};
use crate::state::AppState;

/// Whether `user` is convener or partner staff (who see drafts).
pub fn is_staff(user: Option<&Principal>) -> bool {
    user.is_some_and(|p| matches!(p.role, Role::ConvenerAdmin | Role::PartnerStaff))
}

/// A map the user may read: published, or any map for staff.
pub async fn readable(state: &AppState, user: Option<&Principal>, id: Id) -> ApiResult<StoredMap> {
    let m = state.store().map(id).await?;
    if m.settings.published || is_staff(user) {
        Ok(m)
    } else {
        Err(ApiError::NotFound(format!("map {id} does not exist")))
    }
}

/// Refuses a write to another organization's map.
pub fn may_edit(p: &Principal, settings: &MapSettings) -> ApiResult<()> {
    if access::may_write_for(p, settings.organization_id) {
        Ok(())
    } else {
        Err(ApiError::OutOfScope(
            "you may only change maps of your own organization".into(),
        ))
    }
}

/// The regional wages for a stored map's exits.
pub async fn wages(state: &AppState, m: &StoredMap) -> HashMap<SocCode, WageFacts> {
    let lmi = state.lmi().await.ok();
    crate::pathway_map::map_wages(
        state.store(),
        lmi.as_deref(),
        m.settings.region_id,
        &m.pathway,
    )
    .await
}

/// A new map's model and settings from a create request.
pub async fn new_map(
    state: &AppState,
    p: &Principal,
    req: &mm::NewMapRequest,
) -> ApiResult<(MapSettings, Pathway)> {
    let mut settings = MapSettings {
        organization_id: req.organization_id.or(if p.is_admin() {
            None
        } else {
            p.organization_id
        }),
        region_id: req.region_id,
        source_pathway_id: req.from_pathway_id,
        published: req.published,
    };
    may_edit(p, &settings)?;
    let mut map = match req.from_pathway_id {
        Some(pid) => {
            let cat = state.store().get::<PathwayInput>(pid).await?;
            settings.region_id = settings.region_id.or(Some(cat.fields.region_id));
            let lmi = state.lmi().await.ok();
            let (mut m, _) =
                crate::pathway_map::build(state.store(), &cat, lmi.as_deref(), None).await?;
            // A fresh id: the derived map is a new resource, not the catalog's export.
            m.id = String::new();
            m
        }
        None => {
            let name = req.name.clone().unwrap_or_default();
            let mut m = Pathway::builder("", name)
                .build()
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            m.stages = mm::default_stages();
            m
        }
    };
    if let Some(n) = req.name.as_ref().filter(|n| !n.trim().is_empty()) {
        map.name = n.trim().to_owned();
    }
    if let Some(d) = &req.description {
        map.description = d.clone();
    }
    if map.name.trim().is_empty() {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "name",
            "must not be empty",
        )]));
    }
    Ok((settings, map))
}

fn with_etag(mut res: Response, version: i64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

fn respond(status: StatusCode, m: &StoredMap) -> Response {
    with_etag((status, Json(mm::view(m))).into_response(), m.meta.version)
}

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

/// Applies `f` to map `id` at the version in `If-Match`, as `p`.
async fn edit<F>(
    state: &AppState,
    p: &Principal,
    id: Id,
    headers: &HeaderMap,
    status: StatusCode,
    f: F,
) -> ApiResult<Response>
where
    F: FnOnce(&mut MapSettings, &mut Pathway) -> pathways_store::Result<()>,
{
    let version = if_match(headers)?.ok_or_else(|| {
        ApiError::PreconditionRequired(format!(
            "send If-Match with the version you read (GET /api/v1/maps/{id} returns it as ETag)"
        ))
    })?;
    let current = state.store().map(id).await?;
    may_edit(p, &current.settings)?;
    let owner_before = current.settings.organization_id;
    let m = state
        .store()
        .edit_map(id, version, |s, m| {
            f(s, m)?;
            // Partner staff cannot hand a map to another organization.
            if s.organization_id != owner_before && !p.is_admin() {
                return Err(pathways_store::StoreError::Invalid(vec![FieldError::new(
                    "organization_id",
                    "only the convener may change a map's owner",
                )]));
            }
            Ok(())
        })
        .await?;
    Ok(respond(status, &m))
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
            m.stages = stages
                .into_iter()
                .map(|x| pathways_maps::Stage {
                    id: x.id,
                    label: x.label,
                    secondary: x.secondary,
                })
                .collect();
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

fn map_id(raw: &str) -> ApiResult<Id> {
    raw.parse().map_err(|_| ApiError::BadRequest {
        detail: format!("{raw:?} is not an id"),
        params: vec![FieldError::new("id", "must be an integer id")],
    })
}

async fn add_component(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(b): ValidJson<ComponentBody>,
) -> ApiResult<Response> {
    let c = mm::component_from(&b)?;
    edit(&state, &p, id, &headers, StatusCode::CREATED, |_, m| {
        mm::add_component(m, c)
    })
    .await
}

async fn put_component(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path((id, cid)): Path<(String, String)>,
    headers: HeaderMap,
    ValidJson(mut b): ValidJson<ComponentBody>,
) -> ApiResult<Response> {
    b.id = cid.clone();
    let c = mm::component_from(&b)?;
    edit(
        &state,
        &p,
        map_id(&id)?,
        &headers,
        StatusCode::OK,
        |_, m| mm::replace_component(m, &cid, c),
    )
    .await
}

async fn delete_component(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path((id, cid)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    edit(
        &state,
        &p,
        map_id(&id)?,
        &headers,
        StatusCode::OK,
        |_, m| mm::remove_component(m, &cid),
    )
    .await
}

async fn put_conditions(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path((id, cid)): Path<(String, String)>,
    headers: HeaderMap,
    ValidJson(conds): ValidJson<Vec<ConditionBody>>,
) -> ApiResult<Response> {
    edit(
        &state,
        &p,
        map_id(&id)?,
        &headers,
        StatusCode::OK,
        |_, m| mm::set_conditions(m, &cid, &conds),
    )
    .await
}

async fn add_edge(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(b): ValidJson<EdgeBody>,
) -> ApiResult<Response> {
    let e = mm::edge_from(&b)?;
    edit(&state, &p, id, &headers, StatusCode::CREATED, |_, m| {
        m.edges.insert(e);
        Ok(())
    })
    .await
}

fn triple(q: &QueryMap, kinds: &str) -> ApiResult<(String, String, String)> {
    let get = |k: &str| {
        q.0.get(k).cloned().ok_or_else(|| ApiError::BadRequest {
            detail: format!("query parameters from, to and kind ({kinds}) are required"),
            params: vec![FieldError::new(k, "required")],
        })
    };
    Ok((get("from")?, get("to")?, get("kind")?))
}

async fn delete_edge(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    q: QueryMap,
) -> ApiResult<Response> {
    let (from, to, kind) = triple(&q, "precedes, prerequisiteOf, stacksInto")?;
    let e = mm::edge_from(&EdgeBody { from, to, kind })?;
    edit(&state, &p, id, &headers, StatusCode::OK, |_, m| {
        if m.edges.remove(&e) {
            Ok(())
        } else {
            Err(pathways_store::StoreError::NotFound {
                entity: "edge",
                id: format!("{} → {}", e.from, e.to),
            })
        }
    })
    .await
}

async fn add_equivalence(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(b): ValidJson<EquivalenceBody>,
) -> ApiResult<Response> {
    let a = mm::equivalence_from(&b)?;
    edit(&state, &p, id, &headers, StatusCode::CREATED, |_, m| {
        // One equivalence per pair and kind: a new one replaces the old.
        m.articulations
            .retain(|x| !(x.from == a.from && x.to == a.to && x.kind == a.kind));
        m.articulations.insert(a);
        Ok(())
    })
    .await
}

async fn delete_equivalence(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    q: QueryMap,
) -> ApiResult<Response> {
    let (from, to, kind) = triple(&q, "dualCredit, articulated, transfer")?;
    let kind = ArticulationKind::from_token(&kind).ok_or_else(|| {
        ApiError::Invalid(vec![FieldError::new(
            "kind",
            "must be dualCredit, articulated or transfer",
        )])
    })?;
    edit(&state, &p, id, &headers, StatusCode::OK, |_, m| {
        if mm::remove_equivalence(m, &from, &to, kind) {
            Ok(())
        } else {
            Err(pathways_store::StoreError::NotFound {
                entity: "equivalence",
                id: format!("{from} → {to}"),
            })
        }
    })
    .await
}

async fn ctdl(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    IdPath(id): IdPath,
) -> ApiResult<Response> {
    let m = readable(&state, user.as_ref(), id).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/ld+json")],
        pathways_maps::export_ctdl(&m.pathway).to_string(),
    )
        .into_response())
}

async fn checks(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<pathways_maps::Finding>>> {
    let m = readable(&state, user.as_ref(), id).await?;
    let w = wages(&state, &m).await;
    Ok(Json(pathways_maps::check(&m.pathway, &w)))
}

async fn svg(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    IdPath(id): IdPath,
) -> ApiResult<Response> {
    let m = readable(&state, user.as_ref(), id).await?;
    let w = wages(&state, &m).await;
    let layout = pathways_maps::layout(&m.pathway, &w);
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml")],
        pathways_maps::render_svg(&m.pathway, &layout, &w),
    )
        .into_response())
}

/// The schemas of this area.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = with_deps::<mm::MapView>(c);
    let c = with_deps::<mm::NewMapRequest>(c);
    let c = with_deps::<mm::MapUpdate>(c);
    let c = with_deps::<ImportResponse>(c);
    let c = with_deps::<pathways_store::maps::MapSummary>(c);
    let c = c.schema(
        "ConditionList",
        ArrayBuilder::new().items(Ref::from_schema_name("ConditionBody")),
    );
    with_deps::<EquivalenceBody>(with_deps::<EdgeBody>(c))
}

/// Registers the maps API.
pub fn register(t: &mut Routes) {
    let tag = "Maps";
    let id = |d: OpDoc| d.param("id", ParamLocation::Path, true, Type::Integer, "Map id");
    let comp = |d: OpDoc| {
        id(d).param(
            "component",
            ParamLocation::Path,
            true,
            Type::String,
            "Component id",
        )
    };
    let triple = |d: OpDoc| {
        id(d)
            .param(
                "from",
                ParamLocation::Query,
                true,
                Type::String,
                "From component id",
            )
            .param(
                "to",
                ParamLocation::Query,
                true,
                Type::String,
                "To component id",
            )
            .param(
                "kind",
                ParamLocation::Query,
                true,
                Type::String,
                "Kind token",
            )
    };
    let view = || Some("MapView".to_owned());
    let w = &[400, 404, 409, 422, 428];
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
    t.add(
        Method::POST,
        "/api/v1/maps/{id}/components",
        STAFF,
        add_component,
        Some(
            id(OpDoc::new(tag, "add_map_component", "Add a component"))
                .request("ComponentBody")
                .response(201, view())
                .errors(w),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/maps/{id}/components/{component}",
        STAFF,
        put_component,
        Some(
            comp(OpDoc::new(
                tag,
                "update_map_component",
                "Replace a component (kept CTDL properties stay)",
            ))
            .request("ComponentBody")
            .response(200, view())
            .errors(w),
        ),
    );
    t.add(
        Method::DELETE,
        "/api/v1/maps/{id}/components/{component}",
        STAFF,
        delete_component,
        Some(
            comp(OpDoc::new(
                tag,
                "delete_map_component",
                "Remove a component and the edges, equivalences and condition targets naming it",
            ))
            .response(200, view())
            .errors(w),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/maps/{id}/components/{component}/conditions",
        STAFF,
        put_conditions,
        Some(
            comp(OpDoc::new(
                tag,
                "set_map_conditions",
                "Replace a component's conditions (\"2 of these 4 courses\")",
            ))
            .request("ConditionList")
            .response(200, view())
            .errors(w),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/maps/{id}/edges",
        STAFF,
        add_edge,
        Some(
            id(OpDoc::new(
                tag,
                "add_map_edge",
                "Add an edge: precedes, prerequisiteOf or stacksInto",
            ))
            .request("EdgeBody")
            .response(201, view())
            .errors(w),
        ),
    );
    t.add(
        Method::DELETE,
        "/api/v1/maps/{id}/edges",
        STAFF,
        delete_edge,
        Some(
            triple(OpDoc::new(tag, "delete_map_edge", "Remove an edge"))
                .response(200, view())
                .errors(w),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/maps/{id}/equivalences",
        STAFF,
        add_equivalence,
        Some(
            id(OpDoc::new(
                tag,
                "add_map_equivalence",
                "Add an articulation or dual-credit equivalence",
            ))
            .request("EquivalenceBody")
            .response(201, view())
            .errors(w),
        ),
    );
    t.add(
        Method::DELETE,
        "/api/v1/maps/{id}/equivalences",
        STAFF,
        delete_equivalence,
        Some(
            triple(OpDoc::new(
                tag,
                "delete_map_equivalence",
                "Remove an equivalence",
            ))
            .response(200, view())
            .errors(w),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/maps/{id}/ctdl",
        Access::Public,
        ctdl,
        Some(
            id(OpDoc::new(
                tag,
                "map_ctdl",
                "The map as CTDL JSON-LD, with every kept property",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/maps/{id}/checks",
        Access::Public,
        checks,
        Some(
            id(OpDoc::new(
                tag,
                "map_checks",
                "Quality checks of the map, each naming its components",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/maps/{id}/svg",
        Access::Public,
        svg,
        Some(
            id(OpDoc::new(
                tag,
                "map_svg",
                "The map's layered SVG diagram with regional wages",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
}
