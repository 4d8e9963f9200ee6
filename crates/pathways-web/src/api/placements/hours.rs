//! Hours on a placement: listing, logging and approving them.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use pathways_domain::access::Principal;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{HoursInput, Party, is_underway};
use pathways_store::placements::HoursEntry;

use crate::access::{Access, Routes, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, ValidJson};
use crate::openapi::OpDoc;
use crate::state::AppState;

use super::{Standing, visible_placement};

async fn list_hours(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<HoursEntry>>> {
    visible_placement(&state, &p, id).await?;
    Ok(Json(state.store().hours(id).await?))
}

/// Logs hours on placement `id`: the student, or the employer's supervisor
/// (whose entries count as approved).
pub async fn log_hours(
    state: &AppState,
    p: &Principal,
    id: Id,
    h: &HoursInput,
) -> ApiResult<HoursEntry> {
    let (pl, s) = visible_placement(state, p, id).await?;
    let approved_by = match s {
        Standing::Party(Party::Student) => None,
        Standing::Party(Party::Employer) => Some(p.user_id),
        _ => {
            return Err(ApiError::OutOfScope(
                "hours are logged by the student or the supervisor".into(),
            ));
        }
    };
    if !is_underway(pl.status) {
        return Err(ApiError::Conflict(format!(
            "hours are logged once the placement is active; this one is {}",
            pl.status
        )));
    }
    Ok(state
        .store()
        .log_hours(id, h, p.user_id, p.role.as_str(), approved_by)
        .await?)
}

async fn create_hours(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    ValidJson(h): ValidJson<HoursInput>,
) -> ApiResult<(StatusCode, Json<HoursEntry>)> {
    Ok((
        StatusCode::CREATED,
        Json(log_hours(&state, &p, id, &h).await?),
    ))
}

/// Approves an hours entry: only the host employer.
pub async fn approve(state: &AppState, p: &Principal, entry: Id) -> ApiResult<HoursEntry> {
    let e = state.store().hours_entry(entry).await?;
    let (_, s) = visible_placement(state, p, e.placement_id).await?;
    if s != Standing::Party(Party::Employer) {
        return Err(ApiError::OutOfScope(
            "the host employer's supervisor approves hours".into(),
        ));
    }
    state
        .store()
        .approve_hours(entry, p.user_id)
        .await
        .map_err(|e| match e {
            pathways_store::StoreError::Duplicate { message, .. } => ApiError::Conflict(message),
            other => other.into(),
        })
}

async fn approve_hours(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<HoursEntry>> {
    Ok(Json(approve(&state, &p, id).await?))
}

/// Registers this part of the placement routes.
pub(super) fn register(t: &mut Routes) {
    let tag = super::TAG;
    let id = super::id_param;
    t.add(
        Method::GET,
        "/api/v1/wbl/placements/{id}/hours",
        Access::SignedIn,
        list_hours,
        Some(
            id(OpDoc::new(tag, "list_hours", "Hours logged on a placement"))
                .response(200, None)
                .errors(&[404]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/placements/{id}/hours",
        Access::SignedIn,
        create_hours,
        Some(
            id(OpDoc::new(
                tag,
                "log_hours",
                "Log hours (student or supervisor)",
            ))
            .request("HoursInput")
            .response(201, Some("HoursEntry".into()))
            .errors(&[404, 409, 422]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/hours/{id}/approve",
        Access::SignedIn,
        approve_hours,
        Some(
            id(OpDoc::new(
                tag,
                "approve_hours",
                "Approve logged hours (host employer)",
            ))
            .response(200, Some("HoursEntry".into()))
            .errors(&[404, 409]),
        ),
    );
}
