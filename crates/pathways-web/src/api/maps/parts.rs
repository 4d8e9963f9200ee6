//! The parts of a map: components, their conditions, edges and credit
//! equivalences, each a versioned edit of the whole map.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use pathways_domain::FieldError;
use pathways_maps::ArticulationKind;

use super::{TAG, WRITES, component_doc, edit, id_doc, map_id, triple_doc, view};
use crate::access::{Routes, STAFF, SignedIn};
use crate::api::map_model::{self as mm, ComponentBody, ConditionBody, EdgeBody, EquivalenceBody};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson};
use crate::openapi::OpDoc;
use crate::state::AppState;

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

/// Registers the routes that edit a map's parts.
pub(super) fn register(t: &mut Routes) {
    let (tag, id, comp, triple, w) = (TAG, id_doc, component_doc, triple_doc, WRITES);
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
}
