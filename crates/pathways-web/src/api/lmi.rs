//! Labor-market alignment over HTTP: search, profiles, targeted occupations,
//! reverse mapping and gap analysis, each with the data's source credits.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::catalog::{
    CredentialInput, Id, IndustryInput, OccupationInput, OrganizationInput, ProgramInput,
    RegionInput,
};
use pathways_domain::{FieldError, NaicsCode, SocCode};
use pathways_lmi::gaps::{CatalogCredential, CatalogProgram};
use pathways_lmi::targeting::{EmployerSignal, TargetingRule};
use pathways_lmi::{LaborMarket, LmiError};
use pathways_store::lmi::{EmployerInput, Loaded};
use pathways_store::{ListFilter, Store};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::openapi::schema::{ComponentsBuilder, Type};

use crate::access::{Access, Routes};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdAndKey, IdPath, QueryMap};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

impl From<LmiError> for ApiError {
    fn from(e: LmiError) -> Self {
        match e {
            LmiError::Unknown { message, .. } => ApiError::NotFound(message),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// Loads the shipped release into the store (idempotent) and fills the
/// catalog's occupations (SOC) and industries (NAICS) from it.
pub async fn load_shipped(store: &Store) -> Result<(Loaded, usize), ApiError> {
    let files = pathways_lmi::load::shipped();
    let checksum = files.checksum();
    let market = tokio::task::spawn_blocking(move || {
        pathways_lmi::load::load(&files, pathways_lmi::load::SHIPPED_LABEL).map(|m| (m, files))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    let (market, files) = market;
    let loaded = store
        .load_lmi_release(pathways_lmi::load::SHIPPED_LABEL, &checksum, &files.0)
        .await?;
    let mut n = 0;
    if let Loaded::New(_) = loaded {
        let mut tx = store.begin().await?;
        let mut socs: Vec<(&String, &pathways_lmi::market::SocEntry)> = market.detailed().collect();
        socs.sort_by(|a, b| a.0.cmp(b.0));
        for (soc, e) in socs {
            let Ok(code) = SocCode::parse(soc) else {
                continue;
            };
            let description = market
                .onet
                .get(soc)
                .and_then(|v| v.first())
                .map(|o| o.description.clone());
            pathways_store::entity::upsert(
                &mut tx,
                &OccupationInput {
                    soc: code,
                    title: e.title.clone(),
                    description,
                },
            )
            .await?;
            n += 1;
        }
        for (code, title) in &market.naics {
            let Ok(code) = NaicsCode::parse(code) else {
                continue;
            };
            pathways_store::entity::upsert(
                &mut tx,
                &IndustryInput {
                    naics: code,
                    title: title.chars().take(200).collect(),
                },
            )
            .await?;
            n += 1;
        }
        tx.commit()
            .await
            .map_err(pathways_store::StoreError::from)?;
        store.touch_catalog();
    }
    Ok((loaded, n))
}

/// Wraps data with its release and credits.
fn with_credits<T: Serialize>(m: &LaborMarket, data: T) -> Json<Value> {
    Json(json!({ "data": data, "release": m.release, "credits": pathways_lmi::credits() }))
}

/// The primary OEWS area of a region.
pub async fn region_area(store: &Store, region_id: Id) -> ApiResult<(RegionInput, String)> {
    let r = store.get::<RegionInput>(region_id).await?;
    let area = r
        .fields
        .area_codes
        .first()
        .map(|a| a.as_str().to_owned())
        .ok_or_else(|| {
            ApiError::Invalid(vec![FieldError::new(
                "area_codes",
                format!("region {region_id} names no OEWS area; add one to use labor-market data"),
            )])
        })?;
    Ok((r.fields, area))
}

/// The region's programs and credentials as plain data for the engine.
pub async fn catalog_of(
    store: &Store,
    region_id: Id,
) -> ApiResult<(Vec<CatalogProgram>, Vec<CatalogCredential>)> {
    let in_region = ListFilter {
        region_id: Some(region_id),
        ..Default::default()
    };
    let orgs: std::collections::HashMap<Id, String> = store
        .list_all::<OrganizationInput>(&in_region)
        .await?
        .into_iter()
        .map(|o| (o.meta.id, o.fields.name))
        .collect();
    let programs = store
        .list_all::<ProgramInput>(&in_region)
        .await?
        .into_iter()
        .map(|p| CatalogProgram {
            id: p.meta.id,
            name: p.fields.name,
            cip: p.fields.cip.to_string(),
            kind: p.fields.kind.to_string(),
            provider: orgs.get(&p.fields.provider_id).cloned().unwrap_or_default(),
            seats: p.fields.seats,
            annual_completers: p.fields.annual_completers,
        })
        .collect();
    let credentials = store
        .list_all::<CredentialInput>(&ListFilter::default())
        .await?
        .into_iter()
        .map(|c| CatalogCredential {
            id: c.meta.id,
            name: c.fields.name,
            kind: c.fields.kind.to_string(),
            occupations: c
                .fields
                .occupations
                .iter()
                .map(ToString::to_string)
                .collect(),
        })
        .collect();
    Ok((programs, credentials))
}

/// The region's targeting rule: the one it saved, or the default.
pub async fn region_rule(store: &Store, region_id: Id) -> ApiResult<TargetingRule> {
    match store.lmi_rule(region_id).await? {
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| ApiError::Internal(format!("stored rule: {e}")))
        }
        None => Ok(TargetingRule::default()),
    }
}

/// Employers' vetted reports, summed by SOC.
pub async fn employer_signals(
    store: &Store,
) -> ApiResult<std::collections::HashMap<String, EmployerSignal>> {
    let mut out: std::collections::HashMap<String, EmployerSignal> =
        std::collections::HashMap::new();
    for e in store.employer_inputs(true).await? {
        let s = out.entry(e.soc.clone()).or_default();
        s.employers += 1;
        s.current_openings += e.current_openings;
        s.forecast_12_months += e.forecast_12_months;
        for c in e.required_credentials {
            if !s.required_credentials.contains(&c) {
                s.required_credentials.push(c);
            }
        }
    }
    Ok(out)
}

/// Assessments and gaps for a region with its rule and employers' reports.
pub async fn region_analysis(
    state: &AppState,
    region_id: Id,
) -> ApiResult<(
    Arc<LaborMarket>,
    String,
    TargetingRule,
    std::collections::HashMap<String, EmployerSignal>,
)> {
    let m = state.lmi().await?;
    let (_, area) = region_area(state.store(), region_id).await?;
    let rule = region_rule(state.store(), region_id).await?;
    let signals = employer_signals(state.store()).await?;
    Ok((m, area, rule, signals))
}

async fn get_rule(
    State(state): State<AppState>,
    IdPath(region): IdPath,
) -> ApiResult<Json<TargetingRule>> {
    state.store().get::<RegionInput>(region).await?;
    Ok(Json(region_rule(state.store(), region).await?))
}

async fn put_rule(
    State(state): State<AppState>,
    IdPath(region): IdPath,
    crate::extract::ValidJson(rule): crate::extract::ValidJson<TargetingRule>,
) -> ApiResult<Json<TargetingRule>> {
    let mut problems = Vec::new();
    if rule
        .wage_floor
        .is_some_and(|w| !(0.0..=1_000_000.0).contains(&w))
    {
        problems.push(FieldError::new(
            "wage_floor",
            "must be from 0 to 1,000,000 dollars a year",
        ));
    }
    if !(0.0..=1_000_000.0).contains(&rule.min_regional_openings) {
        problems.push(FieldError::new(
            "min_regional_openings",
            "must be from 0 to 1,000,000",
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    state.store().get::<RegionInput>(region).await?;
    let json = serde_json::to_string(&rule).map_err(|e| ApiError::Internal(e.to_string()))?;
    state.store().set_lmi_rule(region, &json).await?;
    Ok(Json(rule))
}

async fn add_input(
    State(state): State<AppState>,
    crate::access::SignedIn(p): crate::access::SignedIn,
    crate::extract::ValidJson(input): crate::extract::ValidJson<EmployerInput>,
) -> ApiResult<(axum::http::StatusCode, Json<EmployerInput>)> {
    if !p.is_admin() && p.organization_id != Some(input.employer_id) {
        return Err(ApiError::OutOfScope(
            "employers report only for their own organization".into(),
        ));
    }
    let mut problems = Vec::new();
    if SocCode::parse(&input.soc).is_err() {
        problems.push(FieldError::new("soc", "must be a SOC code NN-NNNN"));
    }
    if input.current_openings < 0 || input.forecast_12_months < 0 {
        problems.push(FieldError::new(
            "forecast_12_months",
            "openings must not be negative",
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    Ok((
        axum::http::StatusCode::CREATED,
        Json(state.store().add_employer_input(&input).await?),
    ))
}

async fn list_inputs(
    State(state): State<AppState>,
    crate::access::SignedIn(p): crate::access::SignedIn,
) -> ApiResult<Json<Vec<EmployerInput>>> {
    let all = state.store().employer_inputs(false).await?;
    Ok(Json(if p.role == pathways_domain::access::Role::Employer {
        all.into_iter()
            .filter(|e| Some(e.employer_id) == p.organization_id)
            .collect()
    } else {
        all
    }))
}

async fn vet_input(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<axum::http::StatusCode> {
    if state.store().vet_employer_input(id).await? {
        Ok(axum::http::StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("no employer input {id}")))
    }
}

async fn market(state: &AppState) -> ApiResult<Arc<LaborMarket>> {
    state.lmi().await
}

async fn search(State(state): State<AppState>, q: QueryMap) -> ApiResult<Json<Value>> {
    let m = market(&state).await?;
    let text = q.0.get("q").cloned().unwrap_or_default();
    let limit = match q.0.get("limit") {
        None => 20,
        Some(l) => match l.parse::<usize>() {
            Ok(n @ 1..=100) => n,
            // Silently clamping a documented range was found by schemathesis.
            _ => {
                return Err(ApiError::BadRequest {
                    detail: "limit must be an integer from 1 to 100".into(),
                    params: vec![FieldError::new("limit", "an integer from 1 to 100")],
                });
            }
        },
    };
    Ok(with_credits(&m, m.search(&text, limit)))
}

async fn profile(
    State(state): State<AppState>,
    Path(soc): Path<String>,
    q: QueryMap,
) -> ApiResult<Json<Value>> {
    let m = market(&state).await?;
    let area = match (q.0.get("area"), q.0.get("region_id")) {
        (Some(a), _) => a.clone(),
        (None, Some(r)) => {
            region_area(
                state.store(),
                r.parse().map_err(|_| ApiError::BadRequest {
                    detail: "region_id must be an id".into(),
                    params: vec![FieldError::new("region_id", "must be an integer")],
                })?,
            )
            .await?
            .1
        }
        (None, None) => "0000000".into(),
    };
    Ok(with_credits(&m, m.profile(&soc, &area)?))
}

/// The value of query parameter `name` when it is one of `allowed` (the
/// enumeration the document lists), else a 400 naming it: an unknown value
/// silently taken as the default was found by schemathesis.
fn one_of<'q>(q: &'q QueryMap, name: &str, allowed: &[&str]) -> ApiResult<Option<&'q str>> {
    match q.0.get(name).map(String::as_str) {
        None => Ok(None),
        Some(v) if allowed.contains(&v) => Ok(Some(v)),
        Some(_) => Err(ApiError::BadRequest {
            detail: format!("{name} must be one of {}", allowed.join(", ")),
            params: vec![FieldError::new(
                name,
                format!("one of {}", allowed.join(", ")),
            )],
        }),
    }
}

async fn targeted(
    State(state): State<AppState>,
    IdPath(region): IdPath,
    q: QueryMap,
) -> ApiResult<Json<Value>> {
    let only_targeted = one_of(&q, "targeted", &["true", "false"])? == Some("true");
    let (m, area, rule, signals) = region_analysis(&state, region).await?;
    let mut list = m.assess_with(&area, &rule, &signals)?;
    if only_targeted {
        list.retain(|a| a.targeted);
    }
    Ok(with_credits(
        &m,
        json!({ "area": m.area(&area)?, "rule": rule, "occupations": list }),
    ))
}

async fn gaps(
    State(state): State<AppState>,
    IdPath(region): IdPath,
    q: QueryMap,
) -> ApiResult<Response> {
    let csv = one_of(&q, "format", &["json", "csv"])? == Some("csv");
    let (m, area, rule, signals) = region_analysis(&state, region).await?;
    let (programs, _) = catalog_of(state.store(), region).await?;
    let gaps = m.gaps_with(&area, &rule, &programs, &signals)?;
    if csv {
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            pathways_lmi::gaps::gaps_csv(&gaps),
        )
            .into_response());
    }
    let weak = m.weak_programs(&area, &rule, &programs)?;
    let weak: Vec<Value> = weak
        .into_iter()
        .map(|(p, why)| json!({"program": p, "why": why}))
        .collect();
    Ok(with_credits(&m, json!({ "gaps": gaps, "weak_programs": weak })).into_response())
}

async fn reverse(
    State(state): State<AppState>,
    IdAndKey(region, soc): IdAndKey,
) -> ApiResult<Json<Value>> {
    let m = market(&state).await?;
    let (_, area) = region_area(state.store(), region).await?;
    let (programs, credentials) = catalog_of(state.store(), region).await?;
    Ok(with_credits(
        &m,
        m.reverse_map(&soc, &area, &programs, &credentials)?,
    ))
}

async fn releases(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({ "releases": state.store().lmi_releases().await?, "credits": pathways_lmi::credits() }),
    ))
}

/// Registers the labor-market routes (all public: the data is public).
pub fn register(t: &mut Routes) {
    let tag = "Labor market";
    let region = |d: OpDoc| d.param("id", ParamLocation::Path, true, Type::Integer, "Region id");
    t.add(
        Method::GET,
        "/api/v1/lmi/releases",
        Access::Public,
        releases,
        Some(
            OpDoc::new(
                tag,
                "lmi_releases",
                "Loaded data releases and their credits",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/lmi/occupations",
        Access::Public,
        search,
        Some(
            OpDoc::new(
                tag,
                "search_occupations",
                "Search occupations by title and alternate titles",
            )
            .param(
                "q",
                ParamLocation::Query,
                false,
                Type::String,
                "Words of a title (\"nurse\", \"welder\")",
            )
            .param(
                "limit",
                ParamLocation::Query,
                false,
                Type::Integer,
                "At most this many (1–100)",
            )
            .range(1, 100)
            .response(200, None)
            .errors(&[503]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/lmi/occupations/{soc}",
        Access::Public,
        profile,
        Some(
            OpDoc::new(
                tag,
                "occupation_profile",
                "Occupation profile: wages, demand, entry, O*NET detail",
            )
            .param(
                "soc",
                ParamLocation::Path,
                true,
                Type::String,
                "SOC 2018 code",
            )
            .param(
                "area",
                ParamLocation::Query,
                false,
                Type::String,
                "OEWS area code (default national)",
            )
            .param(
                "region_id",
                ParamLocation::Query,
                false,
                Type::Integer,
                "Or: a region's primary area",
            )
            .response(200, None)
            // 422: the region names no OEWS area to profile it in.
            .errors(&[404, 422, 503]),
        ),
    );
    t.add(Method::GET, "/api/v1/lmi/regions/{id}/occupations", Access::Public, targeted,
        Some(region(OpDoc::new(tag, "targeted_occupations", "Every occupation assessed by the region's targeting rule, with each test explained"))
            .param("targeted", ParamLocation::Query, false, Type::String, "Only targeted ones").allowed(&["true", "false"])
            .response(200, None).errors(&[404, 422, 503])));
    t.add(
        Method::GET,
        "/api/v1/lmi/regions/{id}/gaps",
        Access::Public,
        gaps,
        Some(
            region(OpDoc::new(
                tag,
                "gap_analysis",
                "Openings against completers and seats for targeted occupations",
            ))
            .param(
                "format",
                ParamLocation::Query,
                false,
                Type::String,
                "json or csv",
            )
            .allowed(&["json", "csv"])
            .response(200, None)
            .errors(&[404, 422, 503]),
        ),
    );
    t.add(Method::GET, "/api/v1/lmi/regions/{id}/occupations/{soc}/reverse", Access::Public, reverse,
        Some(region(OpDoc::new(tag, "reverse_map", "From an occupation back to credentials, programs and high-school programs of study"))
            .param("soc", ParamLocation::Path, true, Type::String, "SOC 2018 code")
            .response(200, None).errors(&[404, 422, 503])));
}

/// Registers the rule and employer-input routes.
pub fn register_inputs(t: &mut Routes) {
    let tag = "Labor market";
    let id = |d: OpDoc| d.param("id", ParamLocation::Path, true, Type::Integer, "Identifier");
    t.add(
        Method::GET,
        "/api/v1/lmi/regions/{id}/rule",
        Access::Public,
        get_rule,
        Some(
            id(OpDoc::new(
                tag,
                "get_targeting_rule",
                "The region's targeting rule",
            ))
            .response(200, Some("TargetingRule".into()))
            .errors(&[404]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/lmi/regions/{id}/rule",
        crate::access::ADMIN,
        put_rule,
        Some(
            id(OpDoc::new(
                tag,
                "set_targeting_rule",
                "Set the region's targeting rule",
            ))
            .request("TargetingRule")
            .response(200, Some("TargetingRule".into()))
            .errors(&[400, 404, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/lmi/employer-inputs",
        crate::api::wbl::POSTERS,
        list_inputs,
        Some(
            OpDoc::new(
                tag,
                "list_employer_inputs",
                "Employers' reported openings (employers see their own)",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/lmi/employer-inputs",
        crate::api::wbl::POSTERS,
        add_input,
        Some(
            OpDoc::new(
                tag,
                "add_employer_input",
                "Report current openings, a 12-month forecast and required credentials",
            )
            .request("EmployerInput")
            .response(201, None)
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/lmi/employer-inputs/{id}/vet",
        crate::access::ADMIN,
        vet_input,
        Some(
            id(OpDoc::new(
                tag,
                "vet_employer_input",
                "Vet an employer's input so the rule may count it",
            ))
            .response(204, None)
            .errors(&[404]),
        ),
    );
}

/// Adds the labor-market schemas.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = crate::openapi::with_deps::<pathways_lmi::targeting::TargetingRule>(c);
    crate::openapi::with_deps::<EmployerInput>(c)
}
