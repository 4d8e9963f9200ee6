//! The partnership API under `/api/v1/partnership`: one generic set of
//! create/read/update/delete handlers for each record kind (staff read, the
//! convener writes), and the region views in [`views`] (alerts, status,
//! coverage, funding, assets, settings).

pub mod views;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::catalog::Id;
use pathways_domain::partnership::*;
use utoipa::openapi::schema::{ComponentsBuilder, Type};

use crate::access::{self, Routes};
use crate::api::catalog::{Filter, Resource, parse_list_public, schemas};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson, etag, if_match};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

const TAG: &str = "Partnership";

macro_rules! resource {
    ($t:ty, $plural:literal, $schema:literal, [$($f:expr),*]) => {
        impl Resource for $t {
            const PLURAL: &'static str = $plural;
            const SCHEMA: &'static str = $schema;
            const TAG: &'static str = TAG;
            const FILTERS: &'static [Filter] = &[$($f),*];
            fn owner(&self, _id: Option<Id>) -> Option<Id> {
                None
            }
        }
    };
}

resource!(
    TeamMemberInput,
    "team-members",
    "TeamMember",
    [Filter::Q, Filter::RegionId, Filter::ProviderId]
);
resource!(
    MeetingInput,
    "meetings",
    "Meeting",
    [Filter::Q, Filter::RegionId]
);
resource!(
    ActionItemInput,
    "action-items",
    "ActionItem",
    [Filter::Q, Filter::RegionId, Filter::ProviderId]
);
resource!(
    AgreementInput,
    "agreements",
    "Agreement",
    [
        Filter::Q,
        Filter::RegionId,
        Filter::ProviderId,
        Filter::Kind(AgreementKind::TERMS)
    ]
);
resource!(
    ResponsibilityInput,
    "responsibilities",
    "Responsibility",
    [
        Filter::Q,
        Filter::RegionId,
        Filter::ProviderId,
        Filter::Kind(Stakeholder::TERMS)
    ]
);
resource!(GoalInput, "goals", "Goal", [Filter::Q, Filter::RegionId]);
resource!(
    InitiativeInput,
    "initiatives",
    "Initiative",
    [Filter::Q, Filter::RegionId]
);
resource!(
    FundingStreamInput,
    "funding-streams",
    "FundingStream",
    [Filter::Q, Filter::RegionId]
);
resource!(
    FundingAllocationInput,
    "funding-allocations",
    "FundingAllocation",
    [Filter::RegionId, Filter::ProviderId]
);
resource!(
    CriterionInput,
    "criteria",
    "Criterion",
    [Filter::Q, Filter::RegionId]
);
resource!(
    RatingInput,
    "ratings",
    "Rating",
    [Filter::RegionId, Filter::ProviderId]
);

fn with_etag(mut res: Response, version: i64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

async fn list<R: Resource>(State(state): State<AppState>, q: QueryMap) -> ApiResult<Response> {
    let (filter, after, limit) = parse_list_public::<R>(&q)?;
    let page = state.store().list::<R>(&filter, after, limit).await?;
    Ok(Json(page).into_response())
}

async fn get_one<R: Resource>(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Response> {
    let item = state.store().get::<R>(id).await?;
    let v = item.meta.version;
    Ok(with_etag(Json(item).into_response(), v))
}

async fn create<R: Resource>(
    State(state): State<AppState>,
    ValidJson(input): ValidJson<R>,
) -> ApiResult<Response> {
    let item = state.store().create(&input).await?;
    let (id, v) = (item.meta.id, item.meta.version);
    let mut res = (StatusCode::CREATED, Json(item)).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/v1/partnership/{}/{id}", R::PLURAL)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(with_etag(res, v))
}

async fn update<R: Resource>(
    State(state): State<AppState>,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(input): ValidJson<R>,
) -> ApiResult<Response> {
    let version = if_match(&headers)?.ok_or_else(|| {
        ApiError::PreconditionRequired(format!(
            "send If-Match with the version you read (GET /api/v1/partnership/{}/{id} returns it as ETag)",
            R::PLURAL
        ))
    })?;
    let item = state.store().update(id, version, &input).await?;
    let v = item.meta.version;
    Ok(with_etag(Json(item).into_response(), v))
}

async fn delete<R: Resource>(
    State(state): State<AppState>,
    IdPath(id): IdPath,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let version = if_match(&headers)?;
    state.store().delete::<R>(id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn id_param(d: OpDoc) -> OpDoc {
    d.param("id", ParamLocation::Path, true, Type::Integer, "Identifier")
}

/// Registers the five routes of one record kind: staff read, the convener writes.
fn crud<R: Resource>(t: &mut Routes, collection: &'static str, item: &'static str) {
    let name = R::NAME.replace(' ', "_");
    let mut list_doc = OpDoc::new(
        TAG,
        format!("list_partnership_{}", R::PLURAL.replace('-', "_")),
        format!("List {}", R::PLURAL.replace('-', " ")),
    )
    .param(
        "limit",
        ParamLocation::Query,
        false,
        Type::Integer,
        "Page size, 1–500 (default 50)",
    )
    .range(1, 500)
    .param(
        "after",
        ParamLocation::Query,
        false,
        Type::Integer,
        "Cursor: next_cursor of the previous page",
    )
    .response(200, Some(format!("{}Page", R::SCHEMA)))
    .errors(&[400]);
    for f in R::FILTERS {
        let (n, ty) = match f {
            Filter::Q => ("q", Type::String),
            Filter::RegionId => ("region_id", Type::Integer),
            Filter::ProviderId => ("provider_id", Type::Integer),
            _ => ("kind", Type::String),
        };
        list_doc = list_doc.param(n, ParamLocation::Query, false, ty, "Filter");
    }
    t.add(
        Method::GET,
        collection,
        access::STAFF,
        list::<R>,
        Some(list_doc),
    );
    t.add(
        Method::POST,
        collection,
        access::ADMIN,
        create::<R>,
        Some(
            OpDoc::new(
                TAG,
                format!("create_{name}"),
                format!("Create a {}", R::NAME),
            )
            .request(<R as utoipa::ToSchema>::name())
            .response(201, Some(R::SCHEMA.into()))
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        item,
        access::STAFF,
        get_one::<R>,
        Some(
            id_param(OpDoc::new(
                TAG,
                format!("get_{name}"),
                format!("Read a {}", R::NAME),
            ))
            .response(200, Some(R::SCHEMA.into()))
            .errors(&[404]),
        ),
    );
    t.add(
        Method::PUT,
        item,
        access::ADMIN,
        update::<R>,
        Some(
            id_param(OpDoc::new(
                TAG,
                format!("update_{name}"),
                format!("Replace a {}", R::NAME),
            ))
            .param(
                "If-Match",
                ParamLocation::Header,
                true,
                Type::String,
                "The version read, e.g. \"3\"",
            )
            .request(<R as utoipa::ToSchema>::name())
            .response(200, Some(R::SCHEMA.into()))
            .errors(&[400, 404, 409, 422, 428]),
        ),
    );
    t.add(
        Method::DELETE,
        item,
        access::ADMIN,
        delete::<R>,
        Some(
            id_param(OpDoc::new(
                TAG,
                format!("delete_{name}"),
                format!("Delete a {}", R::NAME),
            ))
            .param(
                "If-Match",
                ParamLocation::Header,
                false,
                Type::String,
                "Only if still at this version",
            )
            .response(204, None)
            .errors(&[404, 409]),
        ),
    );
}

/// Registers every partnership route.
pub fn register(t: &mut Routes) {
    crud::<TeamMemberInput>(
        t,
        "/api/v1/partnership/team-members",
        "/api/v1/partnership/team-members/{id}",
    );
    crud::<MeetingInput>(
        t,
        "/api/v1/partnership/meetings",
        "/api/v1/partnership/meetings/{id}",
    );
    crud::<ActionItemInput>(
        t,
        "/api/v1/partnership/action-items",
        "/api/v1/partnership/action-items/{id}",
    );
    crud::<AgreementInput>(
        t,
        "/api/v1/partnership/agreements",
        "/api/v1/partnership/agreements/{id}",
    );
    crud::<ResponsibilityInput>(
        t,
        "/api/v1/partnership/responsibilities",
        "/api/v1/partnership/responsibilities/{id}",
    );
    crud::<GoalInput>(
        t,
        "/api/v1/partnership/goals",
        "/api/v1/partnership/goals/{id}",
    );
    crud::<InitiativeInput>(
        t,
        "/api/v1/partnership/initiatives",
        "/api/v1/partnership/initiatives/{id}",
    );
    crud::<FundingStreamInput>(
        t,
        "/api/v1/partnership/funding-streams",
        "/api/v1/partnership/funding-streams/{id}",
    );
    crud::<FundingAllocationInput>(
        t,
        "/api/v1/partnership/funding-allocations",
        "/api/v1/partnership/funding-allocations/{id}",
    );
    crud::<CriterionInput>(
        t,
        "/api/v1/partnership/criteria",
        "/api/v1/partnership/criteria/{id}",
    );
    crud::<RatingInput>(
        t,
        "/api/v1/partnership/ratings",
        "/api/v1/partnership/ratings/{id}",
    );
    views::register(t);
}

/// Adds the partnership schemas.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = schemas::<TeamMemberInput>(c);
    let c = schemas::<MeetingInput>(c);
    let c = schemas::<ActionItemInput>(c);
    let c = schemas::<AgreementInput>(c);
    let c = schemas::<ResponsibilityInput>(c);
    let c = schemas::<GoalInput>(c);
    let c = schemas::<InitiativeInput>(c);
    let c = schemas::<FundingStreamInput>(c);
    let c = schemas::<FundingAllocationInput>(c);
    let c = schemas::<CriterionInput>(c);
    let c = schemas::<RatingInput>(c);
    let c = crate::openapi::with_deps::<PartnershipSettingsInput>(c);
    let c = crate::openapi::with_deps::<Alert>(c);
    crate::openapi::with_deps::<BraidedFunding>(c)
}
