//! `/api/v1/plans`: the caseload, one student's plan, its versions,
//! approval, the bulk check and the region's graduation requirements.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use pathways_advising::check::GraduationRule;
use pathways_advising::plan::PlanInput;
use pathways_store::advising::{BulkCheck, PlanVersion, StoredPlan};
use utoipa::openapi::schema::Type;

use super::caseload::{Caseload, CaseloadFilter, Shown, caseload, scope_of};
use super::{PlanView, actor, load_view, readable_student, save, scoped_student};
use crate::access::{self, Access, Routes, SignedIn};
use crate::api::wbl::{APPLICANTS, REVIEWERS};
use crate::error::{ApiError, ApiResult};
use crate::extract::{QueryMap, ValidJson, if_match};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

const TAG: &str = "Advising";

async fn list(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    q: QueryMap,
) -> ApiResult<Json<Caseload>> {
    let f = CaseloadFilter::parse(&q.0)?;
    Ok(Json(caseload(&state, &p, &f, Shown::All).await?))
}

async fn get_plan(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path(student): Path<String>,
) -> ApiResult<Json<PlanView>> {
    let (s, reach) = readable_student(&state, &p, Some(&student)).await?;
    Ok(Json(load_view(&state, &p, &s, reach.agreement_id()).await?))
}

async fn put_plan(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path(student): Path<String>,
    headers: HeaderMap,
    ValidJson(plan): ValidJson<PlanInput>,
) -> ApiResult<(StatusCode, Json<StoredPlan>)> {
    let s = scoped_student(&state, &p, Some(&student)).await?;
    let exists = state.store().plan(&student).await?.is_some();
    let version = if_match(&headers)?;
    if exists && version.is_none() {
        return Err(ApiError::PreconditionRequired(
            "this student has a plan: send If-Match with the version you read".into(),
        ));
    }
    let saved = save(&state, &p, &s, version, &plan, "saved").await?;
    let status = if exists {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(saved)))
}

async fn versions(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path(student): Path<String>,
) -> ApiResult<Json<Vec<PlanVersion>>> {
    let (s, reach) = readable_student(&state, &p, Some(&student)).await?;
    let plan = state
        .store()
        .plan(&s.fields.student_ref)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("student {student} has no plan")))?;
    let read = [(s.fields.student_ref.clone(), reach.agreement_id())];
    super::audit(&state, &p, "advising_plan_version", &read).await?;
    Ok(Json(state.store().plan_versions(plan.id).await?))
}

async fn approve(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path(student): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<StoredPlan>> {
    let s = scoped_student(&state, &p, Some(&student)).await?;
    let version = if_match(&headers)?.ok_or_else(|| {
        ApiError::PreconditionRequired("send If-Match with the version you approve".into())
    })?;
    Ok(Json(
        state
            .store()
            .approve_plan(&s.fields.student_ref, version, &actor(&p))
            .await?,
    ))
}

async fn bulk_check(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<BulkCheck>> {
    let scope = scope_of(&state, &p, None).await?;
    let (summary, _) = state.store().check_all_plans(scope).await?;
    Ok(Json(summary))
}

async fn graduation(State(state): State<AppState>) -> ApiResult<Json<Vec<GraduationRule>>> {
    Ok(Json(state.store().graduation_rules().await?))
}

async fn set_graduation(
    State(state): State<AppState>,
    ValidJson(rules): ValidJson<Vec<GraduationRule>>,
) -> ApiResult<Json<Vec<GraduationRule>>> {
    state.store().set_graduation_rules(&rules).await?;
    Ok(Json(state.store().graduation_rules().await?))
}

/// Registers the plan routes.
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
    let q = |d: OpDoc, name: &'static str, ty: Type, what: &'static str| {
        d.param(name, ParamLocation::Query, false, ty, what)
    };
    let mut doc = OpDoc::new(
        TAG,
        "caseload",
        "The plans you may see, with on/off-track counts and missing milestones (reads are audited)",
    );
    doc = q(doc, "school_id", Type::Integer, "One school");
    doc = q(doc, "grade", Type::Integer, "Grade");
    doc = q(doc, "pathway_id", Type::Integer, "Pathway");
    doc = q(doc, "subgroup", Type::String, "Subgroup").allowed(&[
        "equity_priority",
        "not_equity_priority",
        "concentrator",
    ]);
    doc = q(doc, "track", Type::String, "On or off track").allowed(&["on", "off"]);
    t.add(
        Method::GET,
        "/api/v1/plans",
        super::ADVISING,
        list,
        Some(
            doc.response(200, Some("Caseload".into()))
                .errors(&[400, 403]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/plans/check",
        REVIEWERS,
        bulk_check,
        Some(
            OpDoc::new(
                TAG,
                "check_plans",
                "Check every plan in your scope and store the findings",
            )
            .response(200, Some("BulkCheck".into())),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/plans/graduation-requirements",
        Access::SignedIn,
        graduation,
        Some(
            OpDoc::new(
                TAG,
                "graduation_requirements",
                "The region's graduation credits by subject",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/plans/graduation-requirements",
        access::ADMIN,
        set_graduation,
        Some(
            OpDoc::new(
                TAG,
                "set_graduation_requirements",
                "Set graduation credits by subject (\"total\" for all)",
            )
            .response(200, None)
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/plans/{student}",
        super::ADVISING,
        get_plan,
        Some(
            student(OpDoc::new(
                TAG,
                "get_plan",
                "A student's plan, freshly checked, with milestones (audited)",
            ))
            .response(200, Some("PlanView".into()))
            .errors(&[403, 404]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/plans/{student}",
        APPLICANTS,
        put_plan,
        Some(
            student(OpDoc::new(
                TAG,
                "put_plan",
                "Create or replace a plan (If-Match when one exists). A plan with problems is saved as a draft with its findings.",
            ))
            .request("PlanInput")
            .response(200, Some("StoredPlan".into()))
            .response(201, Some("StoredPlan".into()))
            .errors(&[400, 403, 404, 409, 422, 428]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/plans/{student}/versions",
        super::ADVISING,
        versions,
        Some(
            student(OpDoc::new(
                TAG,
                "plan_versions",
                "Every version of a plan: who changed it and when",
            ))
            .response(200, None)
            .errors(&[403, 404]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/plans/{student}/approve",
        REVIEWERS,
        approve,
        Some(
            student(OpDoc::new(
                TAG,
                "approve_plan",
                "Approve the plan at the If-Match version (it must pass its checks)",
            ))
            .response(200, Some("StoredPlan".into()))
            .errors(&[403, 404, 409, 422, 428]),
        ),
    );
}
