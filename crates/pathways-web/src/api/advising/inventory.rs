//! `/api/v1/inventory`: the interest inventory, a student's result, and the
//! occupations that fit it with what they pay and how many openings the
//! region has.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use pathways_advising::goals::{GoalMatch, match_goals};
use pathways_advising::inventory::{ITEMS, InterestProfile, Item, Scale, score};
use pathways_domain::FieldError;
use pathways_domain::access::Principal;
use pathways_domain::catalog::{OrganizationInput, PathwayInput, RegionInput, Stored};
use pathways_domain::wbl::StudentInput;
use pathways_store::advising::InventoryResult;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Type;

use super::{readable_student, scoped_student};
use crate::access::{Access, Routes, SignedIn};
use crate::api::wbl::APPLICANTS;
use crate::error::{ApiError, ApiResult};
use crate::extract::{QueryMap, ValidJson};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

const TAG: &str = "Advising";

/// Answers to the inventory.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InventoryRequest {
    /// The student (counselors; students omit it).
    #[serde(default)]
    pub student_ref: Option<String>,
    /// One answer per item, 1 (not at all) to 5 (very much), in item order.
    pub answers: Vec<u8>,
}

/// One scale of a profile, explained.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScaleScore {
    /// Scale.
    pub scale: Scale,
    /// Its name.
    pub title: &'static str,
    /// Score, 1–7.
    pub score: f64,
    /// What it means.
    pub meaning: &'static str,
}

/// A result with the occupations that fit it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InventoryView {
    /// The stored result (None: not taken yet).
    pub result: Option<InventoryResult>,
    /// The scales, highest first.
    pub profile: Vec<ScaleScore>,
    /// Occupations that fit, ranked with regional wages and demand.
    pub matches: Vec<GoalMatch>,
    /// The OEWS area the wages are for.
    pub area: Option<String>,
    /// Why there are no matches, when there are none.
    pub note: Option<String>,
    /// The pathways that lead to each match (SOC → pathway ids and names).
    pub pathways: Vec<(String, Vec<(i64, String)>)>,
}

/// The OEWS area of a student's region (their school's, else the first region's).
pub(crate) async fn area_of(state: &AppState, s: &StudentInput) -> Option<String> {
    let region = match state.store().get::<OrganizationInput>(s.school_id).await {
        Ok(o) => o.fields.region_id,
        Err(_) => None,
    };
    let region = match region {
        Some(r) => r,
        None => {
            state
                .store()
                .list::<RegionInput>(&Default::default(), None, 1)
                .await
                .ok()?
                .items
                .first()?
                .meta
                .id
        }
    };
    crate::api::lmi::region_area(state.store(), region)
        .await
        .ok()
        .map(|(_, a)| a)
}

/// The view of a student's latest result.
pub(crate) async fn view(
    state: &AppState,
    s: &Stored<StudentInput>,
    result: Option<InventoryResult>,
) -> ApiResult<InventoryView> {
    let Some(r) = result else {
        return Ok(InventoryView {
            result: None,
            profile: vec![],
            matches: vec![],
            area: None,
            note: Some("The inventory has not been taken yet.".into()),
            pathways: vec![],
        });
    };
    let profile = InterestProfile(r.profile);
    let scales = profile
        .ranked()
        .into_iter()
        .map(|sc| ScaleScore {
            scale: sc,
            title: sc.title(),
            score: (profile.score(sc) * 10.0).round() / 10.0,
            meaning: sc.meaning(),
        })
        .collect();
    let area = area_of(state, &s.fields).await;
    let (matches, note) = match (state.lmi().await, &area) {
        (Ok(m), Some(a)) => {
            let area = a.clone();
            let found = tokio::task::spawn_blocking(move || match_goals(&m, &profile, &area, 12))
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            (found, None)
        }
        (Err(_), _) => (
            vec![],
            Some("Labor-market data is not loaded, so occupations cannot be matched yet.".into()),
        ),
        (_, None) => (
            vec![],
            Some("The region names no labor-market area, so occupations cannot be matched.".into()),
        ),
    };
    let all: Vec<Stored<PathwayInput>> = state
        .store()
        .list_all::<PathwayInput>(&Default::default())
        .await?;
    let pathways = matches
        .iter()
        .map(|g| {
            (
                g.soc.clone(),
                all.iter()
                    .filter(|p| {
                        p.fields
                            .target_occupations
                            .iter()
                            .any(|o| o.to_string() == g.soc)
                    })
                    .map(|p| (p.meta.id, p.fields.name.clone()))
                    .collect(),
            )
        })
        .collect();
    Ok(InventoryView {
        result: Some(r),
        profile: scales,
        matches,
        area,
        note,
        pathways,
    })
}

/// Scores and stores a student's answers, and returns the view.
pub(crate) async fn take(
    state: &AppState,
    p: &Principal,
    s: &Stored<StudentInput>,
    answers: &[u8],
) -> ApiResult<InventoryView> {
    let profile = score(answers)
        .map_err(|e| ApiError::Invalid(vec![FieldError::new("answers", e.to_string())]))?;
    let saved = state
        .store()
        .save_inventory(
            &s.fields.student_ref,
            answers,
            profile.0,
            &profile.code(),
            Some(p.user_id),
        )
        .await?;
    view(state, s, Some(saved)).await
}

async fn items() -> Json<Vec<Item>> {
    Json(ITEMS.to_vec())
}

async fn post(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(req): ValidJson<InventoryRequest>,
) -> ApiResult<(StatusCode, Json<InventoryView>)> {
    let s = scoped_student(&state, &p, req.student_ref.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(take(&state, &p, &s, &req.answers).await?),
    ))
}

async fn get(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    q: QueryMap,
) -> ApiResult<Json<InventoryView>> {
    let requested = q.0.get("student_ref").map(String::as_str);
    let (s, reach) = readable_student(&state, &p, requested).await?;
    let r = s.fields.student_ref.clone();
    let result = state.store().inventories(Some(&r), None).await?.remove(&r);
    super::audit(
        &state,
        &p,
        "advising_inventory",
        &[(r, reach.agreement_id())],
    )
    .await?;
    Ok(Json(view(&state, &s, result).await?))
}

/// Registers the inventory routes.
pub fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/api/v1/inventory/items",
        Access::Public,
        items,
        Some(
            OpDoc::new(
                TAG,
                "inventory_items",
                "The 36 interest-inventory items (six per RIASEC scale)",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/inventory",
        APPLICANTS,
        post,
        Some(
            OpDoc::new(
                TAG,
                "take_inventory",
                "Score and store a student's answers; returns the profile and matching occupations",
            )
            .request("InventoryRequest")
            .response(201, Some("InventoryView".into()))
            .errors(&[400, 403, 404, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/inventory",
        super::ADVISING,
        get,
        Some(
            OpDoc::new(
                TAG,
                "get_inventory",
                "A student's latest result and matching occupations (audited)",
            )
            .param(
                "student_ref",
                ParamLocation::Query,
                false,
                Type::String,
                "The student (staff)",
            )
            .response(200, Some("InventoryView".into()))
            // 422: staff must name the student (schemathesis).
            .errors(&[403, 404, 422]),
        ),
    );
}
