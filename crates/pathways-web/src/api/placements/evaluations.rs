//! Supervisor evaluations of a placement and the rubric templates they
//! are scored against.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use pathways_domain::access::Principal;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{EvaluationInput, Party, RubricTemplateInput, is_underway};
use pathways_store::placements::{Evaluation, RubricTemplate};
use utoipa::openapi::schema::Type;

use crate::access::{self, Access, Routes, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, ValidJson, if_match};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

use super::{Standing, visible_placement};

async fn list_evaluations(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<Evaluation>>> {
    visible_placement(&state, &p, id).await?;
    Ok(Json(state.store().evaluations(id).await?))
}

/// Records the supervisor's evaluation of placement `id`.
pub async fn evaluate(
    state: &AppState,
    p: &Principal,
    id: Id,
    e: &EvaluationInput,
) -> ApiResult<Evaluation> {
    let (pl, s) = visible_placement(state, p, id).await?;
    if s != Standing::Party(Party::Employer) {
        return Err(ApiError::OutOfScope(
            "the host employer's supervisor evaluates the placement".into(),
        ));
    }
    if !is_underway(pl.status) {
        return Err(ApiError::Conflict(format!(
            "a placement is evaluated once active; this one is {}",
            pl.status
        )));
    }
    Ok(state
        .store()
        .create_evaluation(id, e, p.user_id, &p.display_name)
        .await?)
}

async fn create_evaluation(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    ValidJson(e): ValidJson<EvaluationInput>,
) -> ApiResult<(StatusCode, Json<Evaluation>)> {
    Ok((
        StatusCode::CREATED,
        Json(evaluate(&state, &p, id, &e).await?),
    ))
}

async fn list_rubrics(State(state): State<AppState>) -> ApiResult<Json<Vec<RubricTemplate>>> {
    Ok(Json(state.store().rubric_templates().await?))
}

async fn get_rubric(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<RubricTemplate>> {
    Ok(Json(state.store().rubric_template(id).await?))
}

async fn create_rubric(
    State(state): State<AppState>,
    ValidJson(t): ValidJson<RubricTemplateInput>,
) -> ApiResult<(StatusCode, Json<RubricTemplate>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.store().create_rubric_template(&t).await?),
    ))
}

async fn update_rubric(
    State(state): State<AppState>,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(t): ValidJson<RubricTemplateInput>,
) -> ApiResult<Json<RubricTemplate>> {
    let version = if_match(&headers)?.ok_or_else(|| {
        ApiError::PreconditionRequired("send If-Match with the version you read".into())
    })?;
    Ok(Json(
        state
            .store()
            .update_rubric_template(id, version, &t)
            .await?,
    ))
}

/// Registers this part of the placement routes.
pub(super) fn register(t: &mut Routes) {
    let tag = super::TAG;
    let id = super::id_param;
    t.add(
        Method::GET,
        "/api/v1/wbl/placements/{id}/evaluations",
        Access::SignedIn,
        list_evaluations,
        Some(
            id(OpDoc::new(
                tag,
                "list_evaluations",
                "Supervisor evaluations of a placement",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/placements/{id}/evaluations",
        Access::SignedIn,
        create_evaluation,
        Some(
            id(OpDoc::new(
                tag,
                "create_evaluation",
                "Evaluate against a rubric template (host employer)",
            ))
            .request("EvaluationInput")
            .response(201, Some("Evaluation".into()))
            .errors(&[404, 409, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/rubrics",
        Access::SignedIn,
        list_rubrics,
        Some(
            OpDoc::new(
                tag,
                "list_rubrics",
                "Rubric templates (the shipped default first)",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/rubrics",
        access::ADMIN,
        create_rubric,
        Some(
            OpDoc::new(tag, "create_rubric", "Add a rubric template")
                .request("RubricTemplateInput")
                .response(201, Some("RubricTemplate".into()))
                .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/rubrics/{id}",
        Access::SignedIn,
        get_rubric,
        Some(
            id(OpDoc::new(tag, "get_rubric", "A rubric template"))
                .response(200, Some("RubricTemplate".into()))
                .errors(&[404]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/wbl/rubrics/{id}",
        access::ADMIN,
        update_rubric,
        Some(
            id(OpDoc::new(
                tag,
                "update_rubric",
                "Edit a rubric template (past evaluations keep their wording)",
            ))
            .param(
                "If-Match",
                ParamLocation::Header,
                true,
                Type::String,
                "Version read",
            )
            .request("RubricTemplateInput")
            .response(200, Some("RubricTemplate".into()))
            .errors(&[404, 409, 422, 428]),
        ),
    );
}
