//! Create/read/update/delete/list for every catalog entity.
//!
//! The eight catalog resources share one behaviour, so one generic set of
//! handlers serves them all, parameterized by [`Resource`]: which filters a
//! list accepts, how to validate them, and which organization owns a record
//! (for partner-scoped writes).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_domain::{CipCode, FieldError, SocCode};
use pathways_store::{Entity, ListFilter};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;
use utoipa::openapi::schema::{AllOfBuilder, ArrayBuilder, ComponentsBuilder, ObjectBuilder, Type};
use utoipa::openapi::{Ref, RefOr};

use crate::access::{self, Access, Routes, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson, etag, if_match};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

/// A list filter a resource accepts, with how its value is checked.
#[derive(Debug, Clone, Copy)]
pub enum Filter {
    /// `q`: text search.
    Q,
    /// `sector`: organization sector.
    OrgSector,
    /// `sector`: industry sector (pathways).
    IndustrySector,
    /// `kind`: one of these values.
    Kind(&'static [&'static str]),
    /// `region_id`.
    RegionId,
    /// `provider_id` (or issuer, parent).
    ProviderId,
    /// `soc`: code or major group.
    Soc,
    /// `cip`: code or series.
    Cip,
    /// `level`: course level.
    Level,
    /// Program `sector`: provider's sector.
    ProviderSector,
}

impl Filter {
    fn name(self) -> &'static str {
        match self {
            Filter::Q => "q",
            Filter::OrgSector | Filter::IndustrySector | Filter::ProviderSector => "sector",
            Filter::Kind(_) => "kind",
            Filter::RegionId => "region_id",
            Filter::ProviderId => "provider_id",
            Filter::Soc => "soc",
            Filter::Cip => "cip",
            Filter::Level => "level",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Filter::Q => "Case-insensitive text search in names, titles and codes",
            Filter::OrgSector | Filter::ProviderSector => {
                "Organization sector (e.g. employer, postsecondary)"
            }
            Filter::IndustrySector => "Industry sector (e.g. health_care)",
            Filter::Kind(_) => "Kind (see the schema's enum)",
            Filter::RegionId => "Region id",
            Filter::ProviderId => "Owning organization id (provider, issuer or parent)",
            Filter::Soc => "SOC 2018 code (29-1141) or major group (29)",
            Filter::Cip => "CIP 2020 code (51.3801) or two-digit series (51)",
            Filter::Level => "Course level: middle_school, high_school, college",
        }
    }

    fn allowed(self) -> &'static [&'static str] {
        match self {
            Filter::OrgSector | Filter::ProviderSector => Sector::TERMS,
            Filter::IndustrySector => IndustrySector::TERMS,
            Filter::Kind(values) => values,
            Filter::Level => CourseLevel::TERMS,
            _ => &[],
        }
    }

    fn is_id(self) -> bool {
        matches!(self, Filter::RegionId | Filter::ProviderId)
    }

    fn apply(self, value: &str, f: &mut ListFilter) -> Result<(), String> {
        let int = |v: &str| {
            v.parse::<i64>()
                .map_err(|_| "must be an integer id".to_owned())
        };
        match self {
            Filter::Q => f.q = Some(value.to_owned()),
            Filter::OrgSector | Filter::ProviderSector => {
                f.sector = Some(
                    Sector::parse(value)
                        .map_err(|e| e.to_string())?
                        .as_str()
                        .to_owned(),
                );
            }
            Filter::IndustrySector => {
                f.sector = Some(
                    IndustrySector::parse(value)
                        .map_err(|e| e.to_string())?
                        .as_str()
                        .to_owned(),
                );
            }
            Filter::Kind(allowed) => {
                if !allowed.contains(&value) {
                    return Err(format!("must be one of: {}", allowed.join(", ")));
                }
                f.kind = Some(value.to_owned());
            }
            Filter::RegionId => f.region_id = Some(int(value)?),
            Filter::ProviderId => f.provider_id = Some(int(value)?),
            Filter::Soc => {
                let v = value.trim();
                let ok = SocCode::parse(v).is_ok()
                    || (v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()));
                if !ok {
                    return Err("must be a SOC code (29-1141) or a major group (29)".into());
                }
                f.soc = Some(v.to_owned());
            }
            Filter::Cip => {
                let v = value.trim();
                let ok = CipCode::parse(v).is_ok()
                    || ((1..=2).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()));
                if !ok {
                    return Err("must be a CIP code (51.3801) or a series (51)".into());
                }
                f.cip = Some(v.to_owned());
            }
            Filter::Level => {
                f.level = Some(
                    CourseLevel::parse(value)
                        .map_err(|e| e.to_string())?
                        .as_str()
                        .to_owned(),
                );
            }
        }
        Ok(())
    }
}

/// A catalog entity exposed over the API.
pub trait Resource: Entity + ToSchema + DeserializeOwned + Serialize {
    /// Path segment and plural name ("programs").
    const PLURAL: &'static str;
    /// Singular schema name of the stored entity ("Program").
    const SCHEMA: &'static str;
    /// OpenAPI tag.
    const TAG: &'static str;
    /// Accepted list filters.
    const FILTERS: &'static [Filter];
    /// Organization that owns the record, for partner-scoped writes
    /// (`id` is the record's own id, known after creation).
    fn owner(&self, id: Option<Id>) -> Option<Id>;
}

const NAICS_LEVELS: &[&str] = &["sector", "subsector", "industry_group", "industry"];
const COURSE_KINDS: &[&str] = &["dual_credit", "advanced_academic"];

impl Resource for RegionInput {
    const PLURAL: &'static str = "regions";
    const SCHEMA: &'static str = "Region";
    const TAG: &'static str = "Regions";
    const FILTERS: &'static [Filter] = &[Filter::Q];
    fn owner(&self, _id: Option<Id>) -> Option<Id> {
        None
    }
}

impl Resource for OrganizationInput {
    const PLURAL: &'static str = "organizations";
    const SCHEMA: &'static str = "Organization";
    const TAG: &'static str = "Organizations";
    const FILTERS: &'static [Filter] = &[
        Filter::Q,
        Filter::OrgSector,
        Filter::Kind(OrganizationKind::TERMS),
        Filter::RegionId,
        Filter::ProviderId,
    ];
    fn owner(&self, id: Option<Id>) -> Option<Id> {
        // Partner staff may edit their own organization, never create others.
        id
    }
}

impl Resource for OccupationInput {
    const PLURAL: &'static str = "occupations";
    const SCHEMA: &'static str = "Occupation";
    const TAG: &'static str = "Occupations";
    const FILTERS: &'static [Filter] = &[Filter::Q, Filter::Soc];
    fn owner(&self, _id: Option<Id>) -> Option<Id> {
        None
    }
}

impl Resource for IndustryInput {
    const PLURAL: &'static str = "industries";
    const SCHEMA: &'static str = "Industry";
    const TAG: &'static str = "Industries";
    const FILTERS: &'static [Filter] = &[Filter::Q, Filter::Kind(NAICS_LEVELS)];
    fn owner(&self, _id: Option<Id>) -> Option<Id> {
        None
    }
}

impl Resource for ProgramInput {
    const PLURAL: &'static str = "programs";
    const SCHEMA: &'static str = "Program";
    const TAG: &'static str = "Programs";
    const FILTERS: &'static [Filter] = &[
        Filter::Q,
        Filter::Kind(ProgramKind::TERMS),
        Filter::ProviderId,
        Filter::Cip,
        Filter::RegionId,
        Filter::ProviderSector,
    ];
    fn owner(&self, _id: Option<Id>) -> Option<Id> {
        Some(self.provider_id)
    }
}

impl Resource for CourseInput {
    const PLURAL: &'static str = "courses";
    const SCHEMA: &'static str = "Course";
    const TAG: &'static str = "Courses";
    const FILTERS: &'static [Filter] = &[
        Filter::Q,
        Filter::Level,
        Filter::ProviderId,
        Filter::RegionId,
        Filter::Kind(COURSE_KINDS),
    ];
    fn owner(&self, _id: Option<Id>) -> Option<Id> {
        Some(self.provider_id)
    }
}

impl Resource for CredentialInput {
    const PLURAL: &'static str = "credentials";
    const SCHEMA: &'static str = "Credential";
    const TAG: &'static str = "Credentials";
    const FILTERS: &'static [Filter] = &[
        Filter::Q,
        Filter::Kind(CredentialKind::TERMS),
        Filter::ProviderId,
        Filter::Soc,
    ];
    fn owner(&self, _id: Option<Id>) -> Option<Id> {
        self.issuer_id
    }
}

impl Resource for PathwayInput {
    const PLURAL: &'static str = "pathways";
    const SCHEMA: &'static str = "Pathway";
    const TAG: &'static str = "Pathways";
    const FILTERS: &'static [Filter] = &[
        Filter::Q,
        Filter::IndustrySector,
        Filter::RegionId,
        Filter::Soc,
    ];
    fn owner(&self, _id: Option<Id>) -> Option<Id> {
        None
    }
}

/// Largest page a list returns.
pub const MAX_LIMIT: u32 = 500;
/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 50;

/// Parses list query parameters (shared with the list pages).
pub fn parse_list_public<R: Resource>(
    q: &QueryMap,
) -> Result<(ListFilter, Option<Id>, u32), ApiError> {
    parse_list::<R>(q)
}

fn parse_list<R: Resource>(q: &QueryMap) -> Result<(ListFilter, Option<Id>, u32), ApiError> {
    let mut filter = ListFilter::default();
    let mut after = None;
    let mut limit = DEFAULT_LIMIT;
    let mut problems = Vec::new();
    let mut keys: Vec<&String> = q.0.keys().collect();
    keys.sort();
    for key in keys {
        let value = &q.0[key];
        if value.is_empty() {
            // Pages drop empty form fields before they get here; the API is strict.
            problems.push(FieldError::new(
                key.as_str(),
                "must not be empty (leave the parameter out instead)",
            ));
            continue;
        }
        match key.as_str() {
            "limit" => match value.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => limit = n,
                _ => problems.push(FieldError::new(
                    "limit",
                    format!("must be an integer from 1 to {MAX_LIMIT}"),
                )),
            },
            "after" => match value.parse::<Id>() {
                Ok(n) => after = Some(n),
                Err(_) => problems.push(FieldError::new(
                    "after",
                    "must be the next_cursor of a previous page",
                )),
            },
            k => match R::FILTERS.iter().find(|f| f.name() == k) {
                Some(f) => {
                    if let Err(m) = f.apply(value, &mut filter) {
                        problems.push(FieldError::new(k, m));
                    }
                }
                None => {
                    let allowed: Vec<&str> = R::FILTERS
                        .iter()
                        .map(|f| f.name())
                        .chain(["limit", "after"])
                        .collect();
                    problems.push(FieldError::new(
                        k,
                        format!(
                            "unknown query parameter; {} accepts: {}",
                            R::PLURAL,
                            allowed.join(", ")
                        ),
                    ));
                }
            },
        }
    }
    if problems.is_empty() {
        Ok((filter, after, limit))
    } else {
        Err(ApiError::BadRequest {
            detail: format!("invalid query parameters for {}", R::PLURAL),
            params: problems,
        })
    }
}

fn with_etag(mut res: Response, version: i64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

async fn list<R: Resource>(State(state): State<AppState>, q: QueryMap) -> ApiResult<Response> {
    let (filter, after, limit) = parse_list::<R>(&q)?;
    let mut pairs: Vec<(&String, &String)> = q.0.iter().collect();
    pairs.sort();
    let key = format!(
        "{}?{}",
        R::PLURAL,
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    );
    let generation = state.store().catalog_generation();
    let body = match state.cache().get(&key, generation) {
        Some(body) => body,
        None => {
            let page = state.store().list::<R>(&filter, after, limit).await?;
            let body = axum::body::Bytes::from(
                serde_json::to_vec(&page).map_err(|e| ApiError::Internal(e.to_string()))?,
            );
            state.cache().put(key, generation, body.clone());
            body
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn get_one<R: Resource>(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Response> {
    let item = state.store().get::<R>(id).await?;
    let v = item.meta.version;
    Ok(with_etag(Json(item).into_response(), v))
}

fn forbid_scope<R: Resource>() -> ApiError {
    ApiError::OutOfScope(format!(
        "you may only change {} of your own organization",
        R::PLURAL
    ))
}

async fn create<R: Resource>(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(input): ValidJson<R>,
) -> ApiResult<Response> {
    if !access::may_write_for(&p, input.owner(None)) {
        return Err(forbid_scope::<R>());
    }
    let item = state.store().create(&input).await?;
    let (id, v) = (item.meta.id, item.meta.version);
    let mut res = (StatusCode::CREATED, Json(item)).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/v1/{}/{id}", R::PLURAL)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(with_etag(res, v))
}

async fn update<R: Resource>(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(input): ValidJson<R>,
) -> ApiResult<Response> {
    let version = if_match(&headers)?.ok_or_else(|| {
        ApiError::PreconditionRequired(format!(
            "send If-Match with the version you read (GET /api/v1/{}/{id} returns it as ETag)",
            R::PLURAL
        ))
    })?;
    let current = state.store().get::<R>(id).await?;
    if !access::may_write_for(&p, current.fields.owner(Some(id)))
        || !access::may_write_for(&p, input.owner(Some(id)))
    {
        return Err(forbid_scope::<R>());
    }
    let item = state.store().update(id, version, &input).await?;
    let v = item.meta.version;
    Ok(with_etag(Json(item).into_response(), v))
}

async fn delete<R: Resource>(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let version = if_match(&headers)?;
    let current = state.store().get::<R>(id).await?;
    if !access::may_write_for(&p, current.fields.owner(Some(id))) {
        return Err(forbid_scope::<R>());
    }
    state.store().delete::<R>(id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn page_schema_name<R: Resource>() -> String {
    format!("{}Page", R::SCHEMA)
}

/// Adds the resource's schemas: its input, the stored form and a page.
pub fn schemas<R: Resource>(c: ComponentsBuilder) -> ComponentsBuilder {
    // The stored form is the input's fields plus Meta's. An input that
    // refuses unknown fields has `additionalProperties: false`, which under
    // `allOf` would forbid Meta's `id` and `version` in every answer
    // (schemathesis found this on the partnership records): the stored form
    // refers to a copy of the input's fields without that restriction.
    let fields_name = format!("{}Fields", R::SCHEMA);
    let fields = match <R as utoipa::PartialSchema>::schema() {
        RefOr::T(utoipa::openapi::schema::Schema::Object(mut o)) => {
            o.additional_properties = None;
            Some(RefOr::T(utoipa::openapi::schema::Schema::Object(o)))
        }
        _ => None,
    };
    let fields_ref = if fields.is_some() {
        fields_name.clone()
    } else {
        R::name().into_owned()
    };
    let stored = AllOfBuilder::new()
        .item(RefOr::Ref(Ref::from_schema_name("Meta")))
        .item(RefOr::Ref(Ref::from_schema_name(fields_ref)));
    let page = ObjectBuilder::new()
        .property(
            "items",
            ArrayBuilder::new().items(RefOr::Ref(Ref::from_schema_name(R::SCHEMA))),
        )
        .required("items")
        .property(
            "next_cursor",
            ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                    Type::Integer,
                    Type::Null,
                ]))
                .description(Some(
                    "Pass as `after` for the next page; null on the last page",
                )),
        );
    let c = crate::openapi::with_deps::<R>(c)
        .schema(R::SCHEMA, stored)
        .schema(page_schema_name::<R>(), page);
    match fields {
        Some(f) => c.schema(fields_name, f),
        None => c,
    }
}

/// Registers the five routes of a resource with their rules and docs.
pub fn routes<R: Resource>(
    t: &mut Routes,
    collection: &'static str,
    item: &'static str,
    write: Access,
) {
    let singular = R::NAME;
    let mut list_doc = OpDoc::new(
        R::TAG,
        format!("list_{}", R::PLURAL),
        format!("List {}", R::PLURAL),
    )
    .param(
        "limit",
        ParamLocation::Query,
        false,
        Type::Integer,
        "Page size, 1–500 (default 50)",
    )
    .range(1, i64::from(MAX_LIMIT))
    .param(
        "after",
        ParamLocation::Query,
        false,
        Type::Integer,
        "Cursor: next_cursor of the previous page",
    )
    .response(200, Some(page_schema_name::<R>()))
    .errors(&[400]);
    for f in R::FILTERS {
        let kind = if f.is_id() {
            Type::Integer
        } else {
            Type::String
        };
        list_doc = list_doc
            .param(f.name(), ParamLocation::Query, false, kind, f.description())
            .allowed(f.allowed());
    }
    let id_param = |d: OpDoc| d.param("id", ParamLocation::Path, true, Type::Integer, "Identifier");
    t.add(
        Method::GET,
        collection,
        Access::Public,
        list::<R>,
        Some(list_doc),
    );
    t.add(
        Method::POST,
        collection,
        write,
        create::<R>,
        Some(
            OpDoc::new(
                R::TAG,
                format!("create_{singular}"),
                format!("Create a {singular}"),
            )
            .request(R::name())
            .response(201, Some(R::SCHEMA.into()))
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        item,
        Access::Public,
        get_one::<R>,
        Some(
            id_param(OpDoc::new(
                R::TAG,
                format!("get_{singular}"),
                format!("Read a {singular}"),
            ))
            .response(200, Some(R::SCHEMA.into()))
            .errors(&[404]),
        ),
    );
    t.add(
        Method::PUT,
        item,
        write,
        update::<R>,
        Some(
            id_param(OpDoc::new(
                R::TAG,
                format!("update_{singular}"),
                format!("Replace a {singular}"),
            ))
            .param(
                "If-Match",
                ParamLocation::Header,
                true,
                Type::String,
                "The version read, e.g. \"3\"",
            )
            .request(R::name())
            .response(200, Some(R::SCHEMA.into()))
            .errors(&[400, 404, 409, 422, 428]),
        ),
    );
    t.add(
        Method::DELETE,
        item,
        write,
        delete::<R>,
        Some(
            id_param(OpDoc::new(
                R::TAG,
                format!("delete_{singular}"),
                format!("Delete a {singular}"),
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

/// Registers every catalog resource.
pub fn register(t: &mut Routes) {
    let admin = access::ADMIN;
    let staff = access::STAFF;
    routes::<RegionInput>(t, "/api/v1/regions", "/api/v1/regions/{id}", admin);
    routes::<OrganizationInput>(
        t,
        "/api/v1/organizations",
        "/api/v1/organizations/{id}",
        staff,
    );
    routes::<OccupationInput>(t, "/api/v1/occupations", "/api/v1/occupations/{id}", admin);
    routes::<IndustryInput>(t, "/api/v1/industries", "/api/v1/industries/{id}", admin);
    routes::<ProgramInput>(t, "/api/v1/programs", "/api/v1/programs/{id}", staff);
    routes::<CourseInput>(t, "/api/v1/courses", "/api/v1/courses/{id}", staff);
    routes::<CredentialInput>(t, "/api/v1/credentials", "/api/v1/credentials/{id}", staff);
    routes::<PathwayInput>(t, "/api/v1/pathways", "/api/v1/pathways/{id}", admin);
}

/// Adds every catalog schema.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = crate::openapi::with_deps::<Meta>(c);
    let c = schemas::<RegionInput>(c);
    let c = schemas::<OrganizationInput>(c);
    let c = schemas::<OccupationInput>(c);
    let c = schemas::<IndustryInput>(c);
    let c = schemas::<ProgramInput>(c);
    let c = schemas::<CourseInput>(c);
    let c = schemas::<CredentialInput>(c);
    schemas::<PathwayInput>(c)
}

#[cfg(test)]
mod schema_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use utoipa::openapi::schema::Schema;

    /// A stored partnership goal (input refuses unknown fields) documents
    /// its id and version: the stored form refers to the fields without
    /// `additionalProperties: false`.
    #[test]
    fn stored_form_of_a_strict_input_allows_its_meta_fields() {
        type Goal = pathways_domain::partnership::GoalInput;
        let c = schemas::<Goal>(ComponentsBuilder::new()).build();
        let RefOr::T(Schema::Object(input)) = &c.schemas[&Goal::name().into_owned()] else {
            panic!("input schema");
        };
        assert!(
            input.additional_properties.is_some(),
            "the input stays strict"
        );
        let RefOr::T(Schema::Object(fields)) = &c.schemas["GoalFields"] else {
            panic!("fields schema");
        };
        assert!(fields.additional_properties.is_none());
        assert!(fields.properties.contains_key("title"));
        let RefOr::T(Schema::AllOf(stored)) = &c.schemas[<Goal as Resource>::SCHEMA] else {
            panic!("stored schema");
        };
        let refs: Vec<String> = stored
            .items
            .iter()
            .filter_map(|i| match i {
                RefOr::Ref(r) => Some(r.ref_location.clone()),
                RefOr::T(_) => None,
            })
            .collect();
        assert_eq!(
            refs,
            [
                "#/components/schemas/Meta",
                "#/components/schemas/GoalFields"
            ]
        );
    }
}
