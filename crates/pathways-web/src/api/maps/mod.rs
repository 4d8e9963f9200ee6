//! Stored pathway maps: create (empty, from a catalog pathway, or imported
//! from CTDL), read, edit their components, conditions, edges and
//! equivalences with versioned writes, and read them back as CTDL, checks
//! or SVG.
//!
//! Convener and partner staff write (partner staff only maps of their own
//! organization); everyone reads published maps, staff also read drafts.
//! Every write sends `If-Match` with the version read and answers with the
//! whole map and its new `ETag`; a stale version is 409.

mod exports;
mod parts;
mod resource;
mod stages;

use std::collections::HashMap;

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{Id, PathwayInput};
use pathways_domain::{FieldError, SocCode};
use pathways_maps::{Pathway, WageFacts};
use pathways_store::maps::{MapSettings, StoredMap};
use utoipa::openapi::schema::ArrayBuilder;
use utoipa::openapi::schema::Type;
use utoipa::openapi::{ComponentsBuilder, Ref};

use super::map_model::{self as mm, EdgeBody, EquivalenceBody};
use crate::access::{self, Routes};
use crate::error::{ApiError, ApiResult};
use crate::extract::{etag, if_match};
use crate::openapi::{OpDoc, ParamLocation, with_deps};
use crate::state::AppState;

pub use resource::{ImportResponse, parse_ctdl};
pub use stages::{StageEdit, StageInsert, stage_error};

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

fn map_id(raw: &str) -> ApiResult<Id> {
    raw.parse().map_err(|_| ApiError::BadRequest {
        detail: format!("{raw:?} is not an id"),
        params: vec![FieldError::new("id", "must be an integer id")],
    })
}

/// The schemas of this area.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = with_deps::<mm::MapView>(c);
    let c = with_deps::<mm::NewMapRequest>(c);
    let c = with_deps::<mm::MapUpdate>(c);
    let c = with_deps::<ImportResponse>(c);
    let c = with_deps::<pathways_store::maps::MapSummary>(c);
    let c = with_deps::<StageInsert>(c);
    let c = with_deps::<StageEdit>(c);
    let c = c.schema(
        "ConditionList",
        ArrayBuilder::new().items(Ref::from_schema_name("ConditionBody")),
    );
    with_deps::<EquivalenceBody>(with_deps::<EdgeBody>(c))
}

/// The OpenAPI tag of this area.
const TAG: &str = "Maps";
/// The error statuses of a versioned write.
const WRITES: &[u16] = &[400, 404, 409, 422, 428];

/// Documents the `{id}` path parameter.
fn id_doc(d: OpDoc) -> OpDoc {
    d.param("id", ParamLocation::Path, true, Type::Integer, "Map id")
}

/// Documents the `{id}` and `{component}` path parameters.
fn component_doc(d: OpDoc) -> OpDoc {
    id_doc(d).param(
        "component",
        ParamLocation::Path,
        true,
        Type::String,
        "Component id",
    )
}

/// Documents the from/to/kind query of an edge or equivalence removal.
fn triple_doc(d: OpDoc) -> OpDoc {
    id_doc(d)
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
}

/// The response schema of every map write.
fn view() -> Option<String> {
    Some("MapView".to_owned())
}

/// Registers the maps API.
pub fn register(t: &mut Routes) {
    resource::register(t);
    parts::register(t);
    stages::register(t);
    exports::register(t);
}
