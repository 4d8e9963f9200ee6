//! Training agreements: listing, placing a student directly or from a
//! matching round, reading one, signing it and moving it through its
//! statuses.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use pathways_domain::FieldError;
use pathways_domain::access::Principal;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{
    Party, PlacementSource, PlacementStatus, TransitionError, required_parties, transition,
};
use pathways_domain::wbl::{OpportunityStatus, eligibility};
use pathways_store::placements::{NewPlacement, Placement, PlacementScope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::Type;

use crate::access::{self, Access, Routes, SignedIn};
use crate::api::wbl::{REVIEWERS, acting_student, today};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

use super::{Standing, bad_param, scoped_placements, visible_placement};

async fn list_placements(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    q: QueryMap,
) -> ApiResult<Json<Vec<Placement>>> {
    let mut opportunity = None;
    for (k, v) in &q.0 {
        match (k.as_str(), v.parse::<Id>()) {
            ("opportunity_id", Ok(n)) => opportunity = Some(n),
            ("opportunity_id", Err(_)) => {
                return Err(bad_param(k, "must be an integer id"));
            }
            _ => return Err(bad_param(k, "unknown parameter; use opportunity_id")),
        }
    }
    Ok(Json(scoped_placements(&state, &p, opportunity).await?))
}

/// A direct placement (an opportunity without competition).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectPlacementRequest {
    /// The opportunity (published).
    pub opportunity_id: Id,
    /// The student.
    pub student_ref: String,
    /// First day (default: the opportunity's, else today).
    #[serde(default)]
    pub starts_on: Option<String>,
}

/// Places a student directly, checking eligibility and seats.
pub async fn place_directly(
    state: &AppState,
    p: &Principal,
    req: &DirectPlacementRequest,
) -> ApiResult<Placement> {
    let s = acting_student(state, p, Some(&req.student_ref)).await?;
    let o = state.store().opportunity(req.opportunity_id).await?;
    if o.status != OpportunityStatus::Published {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "opportunity_id",
            "is not published",
        )]));
    }
    let starts_on = req
        .starts_on
        .clone()
        .or_else(|| o.fields.starts_on.clone())
        .unwrap_or_else(today);
    if !pathways_domain::wbl::is_iso_date(&starts_on) {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "starts_on",
            "must be a date YYYY-MM-DD",
        )]));
    }
    let reasons = eligibility(&s.fields.facts(), &o.fields, &starts_on);
    if !reasons.is_empty() {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "student_ref",
            format!("the student is not eligible: {reasons:?}"),
        )]));
    }
    let taken = state
        .store()
        .placements(&PlacementScope::All, Some(o.meta.id))
        .await?
        .iter()
        .filter(|x| x.status != PlacementStatus::Withdrawn)
        .count();
    if taken as i64 >= o.fields.capacity {
        return Err(ApiError::Conflict(format!(
            "all {} seats of this opportunity are taken",
            o.fields.capacity
        )));
    }
    let guardian = required_parties(&s.fields.birth_date, &starts_on).contains(&Party::Guardian);
    let (ids, _) = state
        .store()
        .create_placements(&[NewPlacement {
            opportunity_id: o.meta.id,
            student_ref: s.fields.student_ref.clone(),
            round_id: None,
            source: PlacementSource::Direct,
            starts_on,
            guardian_required: guardian,
            created_by: Some(p.user_id),
        }])
        .await?;
    let id = ids.first().copied().ok_or_else(|| {
        ApiError::Conflict(format!(
            "{} is already placed at this opportunity",
            s.fields.student_ref
        ))
    })?;
    Ok(state.store().placement(id).await?)
}

async fn create_placement(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(req): ValidJson<DirectPlacementRequest>,
) -> ApiResult<(StatusCode, Json<Placement>)> {
    Ok((
        StatusCode::CREATED,
        Json(place_directly(&state, &p, &req).await?),
    ))
}

/// What placing a round did.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RoundPlacements {
    /// New placements.
    pub created: Vec<Id>,
    /// Matches already placed (placing a round twice changes nothing).
    pub skipped: usize,
}

/// Creates a placement (draft agreement) for every student matched in a round.
pub async fn place_round(
    state: &AppState,
    p: &Principal,
    round_id: Id,
) -> ApiResult<RoundPlacements> {
    let store = state.store();
    if !store.rounds().await?.iter().any(|r| r.id == round_id) {
        return Err(ApiError::NotFound(format!(
            "round {round_id} does not exist"
        )));
    }
    let mut new = Vec::new();
    for r in store.round_results(round_id, None).await? {
        let Some(oid) = r.opportunity_id else {
            continue;
        };
        let Some(s) = store.student(&r.student_ref).await? else {
            continue;
        };
        let o = store.opportunity(oid).await?;
        let starts_on = o.fields.starts_on.clone().unwrap_or_else(today);
        new.push(NewPlacement {
            opportunity_id: oid,
            student_ref: r.student_ref.clone(),
            round_id: Some(round_id),
            source: PlacementSource::Round,
            guardian_required: required_parties(&s.fields.birth_date, &starts_on)
                .contains(&Party::Guardian),
            starts_on,
            created_by: Some(p.user_id),
        });
    }
    let (created, skipped) = store.create_placements(&new).await?;
    Ok(RoundPlacements { created, skipped })
}

async fn create_round_placements(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<(StatusCode, Json<RoundPlacements>)> {
    Ok((
        StatusCode::CREATED,
        Json(place_round(&state, &p, id).await?),
    ))
}

async fn get_placement(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<Placement>> {
    Ok(Json(visible_placement(&state, &p, id).await?.0))
}

/// A sign-off; the party follows from the account (employer, school, student
/// or family), and naming a different one is refused.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    /// The party signing for (optional check).
    #[serde(default)]
    pub party: Option<Party>,
}

/// Records `p`'s sign-off of placement `id`.
pub async fn sign(
    state: &AppState,
    p: &Principal,
    id: Id,
    asked: Option<Party>,
) -> ApiResult<Placement> {
    let (pl, s) = visible_placement(state, p, id).await?;
    let Standing::Party(party) = s else {
        return Err(ApiError::OutOfScope(
            "only the parties sign: the employer, school, student and (for a minor) a guardian"
                .into(),
        ));
    };
    if asked.is_some_and(|a| a != party) {
        return Err(ApiError::OutOfScope(format!(
            "your account signs as the {}",
            party.title()
        )));
    }
    if !pl.required.contains(&party) {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "party",
            "the student is 18 or older on the first day: no guardian sign-off is needed",
        )]));
    }
    Ok(state
        .store()
        .sign_placement(id, party, p.user_id, &p.display_name)
        .await?)
}

async fn sign_placement(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    ValidJson(req): ValidJson<SignRequest>,
) -> ApiResult<Json<Placement>> {
    Ok(Json(sign(&state, &p, id, req.party).await?))
}

/// A move through the lifecycle.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// The new status.
    pub status: PlacementStatus,
}

/// Moves placement `id` to `to` if the lifecycle and the sign-offs allow it.
pub async fn change_status(
    state: &AppState,
    p: &Principal,
    id: Id,
    to: PlacementStatus,
) -> ApiResult<Placement> {
    let (pl, s) = visible_placement(state, p, id).await?;
    if matches!(
        s,
        Standing::Party(Party::Student) | Standing::Party(Party::Guardian) | Standing::Shared(_)
    ) {
        return Err(ApiError::OutOfScope(
            "the employer, the school or the convener changes a placement's status".into(),
        ));
    }
    transition(pl.status, to, &pl.missing).map_err(|e| match e {
        TransitionError::NotAllowed { .. } | TransitionError::MissingSignatures(_) => {
            ApiError::Conflict(e.to_string())
        }
    })?;
    Ok(state.store().set_placement_status(id, &pl, to).await?)
}

async fn set_status(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    ValidJson(req): ValidJson<StatusRequest>,
) -> ApiResult<Json<Placement>> {
    Ok(Json(change_status(&state, &p, id, req.status).await?))
}

/// Registers this part of the placement routes.
pub(super) fn register(t: &mut Routes) {
    let tag = super::TAG;
    let id = super::id_param;
    let placement = super::placement_response;
    t.add(
        Method::GET,
        "/api/v1/wbl/placements",
        Access::SignedIn,
        list_placements,
        Some(
            OpDoc::new(
                tag,
                "list_placements",
                "Placements you may see (reads are audited)",
            )
            .param(
                "opportunity_id",
                ParamLocation::Query,
                false,
                Type::Integer,
                "Only this opportunity's",
            )
            .response(200, None)
            .errors(&[400]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/placements",
        REVIEWERS,
        create_placement,
        Some(
            OpDoc::new(
                tag,
                "create_placement",
                "Place a student directly (eligibility and seats are checked)",
            )
            .request("DirectPlacementRequest")
            .response(201, placement())
            .errors(&[400, 404, 409, 422]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/rounds/{id}/placements",
        access::ADMIN,
        create_round_placements,
        Some(
            id(OpDoc::new(
                tag,
                "place_round",
                "Create a placement for every student a round matched (idempotent)",
            ))
            .response(201, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/placements/{id}",
        Access::SignedIn,
        get_placement,
        Some(
            id(OpDoc::new(
                tag,
                "get_placement",
                "A placement with its agreement and hour totals",
            ))
            .response(200, placement())
            .errors(&[404]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/placements/{id}/signatures",
        Access::SignedIn,
        sign_placement,
        Some(
            id(OpDoc::new(
                tag,
                "sign_placement",
                "Sign the training agreement as your party",
            ))
            .request("SignRequest")
            .response(200, placement())
            .errors(&[404, 422]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/placements/{id}/status",
        Access::SignedIn,
        set_status,
        Some(
            id(OpDoc::new(
                tag,
                "set_placement_status",
                "Move a placement through its lifecycle (active needs every sign-off)",
            ))
            .request("StatusRequest")
            .response(200, placement())
            .errors(&[404, 409]),
        ),
    );
}
