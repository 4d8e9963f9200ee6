//! `/api/v1/milestones`: the region's and each pathway's milestones, and a
//! student's status with evidence.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Method;
use pathways_advising::milestones::{
    MilestoneDefinition, MilestoneState, MilestoneStatus, Recorded,
};
use pathways_domain::catalog::PathwayInput;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::Type;

use super::{load_view, readable_student, scoped_student};
use crate::access::{self, Access, Routes, SignedIn};
use crate::api::wbl::{APPLICANTS, REVIEWERS};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, ValidJson};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

const TAG: &str = "Advising";

/// A student's status on one milestone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// Status.
    pub status: MilestoneStatus,
    /// Evidence: what shows it is done (a note, a confirmation number, a link).
    #[serde(default)]
    pub evidence: String,
}

async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<MilestoneDefinition>>> {
    Ok(Json(state.store().milestone_definitions().await?))
}

fn scoped(
    defs: Vec<MilestoneDefinition>,
    pathway: Option<i64>,
) -> ApiResult<Vec<MilestoneDefinition>> {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(defs.len());
    for (i, mut d) in defs.into_iter().enumerate() {
        if d.pathway_id.is_some() && d.pathway_id != pathway {
            problems.push(pathways_domain::FieldError::new(
                format!("[{i}].pathway_id"),
                "must be omitted or match the pathway in the address",
            ));
        }
        d.pathway_id = pathway;
        out.push(d);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::Invalid(problems))
    }
}

async fn set_pathway(
    State(state): State<AppState>,
    IdPath(id): IdPath,
    ValidJson(defs): ValidJson<Vec<MilestoneDefinition>>,
) -> ApiResult<Json<Vec<MilestoneDefinition>>> {
    state.store().get::<PathwayInput>(id).await?;
    let defs = scoped(defs, Some(id))?;
    Ok(Json(state.store().set_milestones(Some(id), &defs).await?))
}

async fn set_region(
    State(state): State<AppState>,
    ValidJson(defs): ValidJson<Vec<MilestoneDefinition>>,
) -> ApiResult<Json<Vec<MilestoneDefinition>>> {
    let defs = scoped(defs, None)?;
    Ok(Json(state.store().set_milestones(None, &defs).await?))
}

async fn student_states(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path(student): Path<String>,
) -> ApiResult<Json<Vec<MilestoneState>>> {
    let (s, reach) = readable_student(&state, &p, Some(&student)).await?;
    Ok(Json(
        load_view(&state, &p, &s, reach.agreement_id())
            .await?
            .milestones,
    ))
}

async fn set_status(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path((student, key)): Path<(String, String)>,
    ValidJson(req): ValidJson<StatusRequest>,
) -> ApiResult<Json<Vec<MilestoneState>>> {
    let s = scoped_student(&state, &p, Some(&student)).await?;
    let defs = state.store().milestone_definitions().await?;
    if !defs.iter().any(|d| d.key == key) {
        return Err(ApiError::NotFound(format!("no milestone {key:?}")));
    }
    state
        .store()
        .set_milestone_status(
            &s.fields.student_ref,
            &key,
            &Recorded {
                status: req.status,
                evidence: req.evidence,
            },
            Some(p.user_id),
        )
        .await?;
    Ok(Json(load_view(&state, &p, &s, None).await?.milestones))
}

/// Registers the milestone routes.
pub fn register(t: &mut Routes) {
    let student = |d: OpDoc| {
        d.param(
            "student",
            ParamLocation::Path,
            true,
            Type::String,
            "The student's reference",
        )
    };
    t.add(
        Method::GET,
        "/api/v1/milestones",
        Access::SignedIn,
        list,
        Some(
            OpDoc::new(
                TAG,
                "list_milestones",
                "The region's milestones (defaults until set) and each pathway's",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/milestones/region",
        access::ADMIN,
        set_region,
        Some(
            OpDoc::new(
                TAG,
                "set_region_milestones",
                "Replace the region-wide milestones",
            )
            .response(200, None)
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/milestones/pathways/{id}",
        REVIEWERS,
        set_pathway,
        Some(
            OpDoc::new(TAG, "set_pathway_milestones", "Replace a pathway's milestones (a key shared with the region's replaces it for the pathway)")
                .param("id", ParamLocation::Path, true, Type::Integer, "Pathway id")
                .response(200, None)
                .errors(&[400, 404, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/milestones/students/{student}",
        super::ADVISING,
        student_states,
        Some(
            student(OpDoc::new(
                TAG,
                "student_milestones",
                "Where a student stands on each milestone (audited)",
            ))
            .response(200, None)
            .errors(&[403, 404]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/milestones/students/{student}/{key}",
        APPLICANTS,
        set_status,
        Some(
            student(OpDoc::new(
                TAG,
                "set_milestone_status",
                "Record a milestone's status with evidence",
            ))
            .param(
                "key",
                ParamLocation::Path,
                true,
                Type::String,
                "Milestone key",
            )
            .request("StatusRequest")
            .response(200, None)
            .errors(&[400, 403, 404, 422]),
        ),
    );
}
