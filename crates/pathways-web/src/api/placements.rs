//! Placements: the training agreement between employer, school and student
//! (and a guardian for a minor), hours logged and approved, supervisor
//! evaluations against rubric templates, and the students' WBL records.
//!
//! Access follows the parties: an employer sees the placements it hosts, a
//! counselor those of their school's students, a student their own and a
//! family member their student's; the convener sees all. A placement outside
//! a principal's reach answers 404, so its existence is not disclosed. Every
//! read of a placement, its hours or evaluations is written to the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use pathways_domain::placement::{
    EvaluationInput, HoursInput, Party, PlacementSource, PlacementStatus, RubricTemplateInput,
    TransitionError, is_underway, required_parties, transition,
};
use pathways_domain::wbl::{OpportunityStatus, eligibility};
use pathways_store::placements::{
    Evaluation, HoursEntry, NewPlacement, Placement, PlacementScope, RubricTemplate, WblRecord,
};
use pathways_store::wbl::Near;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ComponentsBuilder, Type};

use crate::access::{self, Access, Routes, SignedIn};
use crate::api::wbl::{REVIEWERS, acting_student, today};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson, if_match};
use crate::openapi::{OpDoc, ParamLocation, with_deps};
use crate::sharing::{Reach, StudentScope, audit_reads, student_scope};
use crate::state::AppState;
use pathways_domain::partnership::{DataElement, Purpose};

/// How a principal stands to a placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The convener.
    Convener,
    /// A party to the agreement.
    Party(Party),
    /// Another organization reading the placement under this data-sharing
    /// agreement with the student's school: it sees, it does not sign or act.
    Shared(Id),
}

/// What a placement is: student-level work-based learning data.
const ELEMENT: DataElement = DataElement::WblApplications;
const PURPOSE: Purpose = Purpose::WorkBasedLearning;

/// How `p` stands to `pl`, and the agreement the read happens under; 404
/// when not at all.
pub async fn standing(
    state: &AppState,
    p: &Principal,
    pl: &Placement,
) -> ApiResult<(Standing, Option<Id>)> {
    let own_student = p.student_ref.as_deref() == Some(pl.student_ref.as_str());
    let s = match p.role {
        Role::ConvenerAdmin => Some((Standing::Convener, None)),
        Role::Employer if p.organization_id == Some(pl.employer_id) => {
            Some((Standing::Party(Party::Employer), None))
        }
        Role::Student if own_student => Some((Standing::Party(Party::Student), None)),
        Role::Family if own_student => Some((Standing::Party(Party::Guardian), None)),
        Role::Counselor | Role::PartnerStaff | Role::Employer => {
            let scope = student_scope(state, p, ELEMENT, PURPOSE).await?;
            match scope.reach(state, &pl.student_ref, pl.school_id).await? {
                Some(Reach::Direct) => Some((Standing::Party(Party::School), None)),
                Some(Reach::Agreement(a)) => Some((Standing::Shared(a), Some(a))),
                None => None,
            }
        }
        _ => None,
    };
    s.ok_or_else(|| ApiError::NotFound(format!("placement {} does not exist", pl.id)))
}

/// A placement `p` may see, with the read audited.
pub async fn visible_placement(
    state: &AppState,
    p: &Principal,
    id: Id,
) -> ApiResult<(Placement, Standing)> {
    let pl = state.store().placement(id).await?;
    let (s, agreement) = standing(state, p, &pl).await?;
    let refs = [(pl.student_ref.clone(), agreement)];
    audit_reads(state, p, "wbl_placement", PURPOSE, &refs).await?;
    Ok((pl, s))
}

/// The placements `p` may see (reads are audited): an employer those it
/// hosts, everyone else by the data-sharing rule.
pub async fn scoped_placements(
    state: &AppState,
    p: &Principal,
    opportunity_id: Option<Id>,
) -> ApiResult<Vec<Placement>> {
    let scopes: Vec<(PlacementScope, Option<Id>)> = if p.role == Role::Employer {
        vec![(
            PlacementScope::Employer(p.organization_id.unwrap_or(-1)),
            None,
        )]
    } else {
        match student_scope(state, p, ELEMENT, PURPOSE).await? {
            StudentScope::All => vec![(PlacementScope::All, None)],
            StudentScope::Student(r) => vec![(PlacementScope::Student(r), None)],
            StudentScope::Suppliers(list) => list
                .iter()
                .map(|s| (PlacementScope::School(s.supplier_id), s.agreement_id))
                .collect(),
            StudentScope::Nothing => vec![],
        }
    };
    let mut list: Vec<Placement> = Vec::new();
    let mut refs: Vec<(String, Option<Id>)> = Vec::new();
    for (scope, agreement) in scopes {
        for pl in state.store().placements(&scope, opportunity_id).await? {
            if !list.iter().any(|x| x.id == pl.id) {
                refs.push((pl.student_ref.clone(), agreement));
                list.push(pl);
            }
        }
    }
    list.sort_by_key(|x| x.id);
    audit_reads(state, p, "wbl_placement", PURPOSE, &refs).await?;
    Ok(list)
}

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

fn bad_param(k: &str, why: &str) -> ApiError {
    ApiError::BadRequest {
        detail: format!("invalid parameter {k}"),
        params: vec![FieldError::new(k, why)],
    }
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

/// A site's or school's coordinates (WGS 84); both null clears them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationRequest {
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
}

async fn set_location(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    ValidJson(req): ValidJson<LocationRequest>,
) -> ApiResult<StatusCode> {
    if !access::may_write_for(&p, Some(id)) {
        return Err(ApiError::OutOfScope(
            "you may only place your own organization on the map".into(),
        ));
    }
    state
        .store()
        .set_organization_location(id, req.latitude, req.longitude)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The point "my school" means for `p`: `school_id` if given, else the
/// student's school or the counselor's organization.
pub async fn near_school(
    state: &AppState,
    p: &Principal,
    school_id: Option<Id>,
    miles: f64,
) -> ApiResult<Near> {
    if !(miles > 0.0 && miles <= 500.0) {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "within_miles",
            "must be more than 0 and at most 500",
        )]));
    }
    let school = match (school_id, p.role) {
        (Some(s), _) => s,
        (None, Role::Student | Role::Family) => {
            let r = p.student_ref.clone().unwrap_or_default();
            state
                .store()
                .student(&r)
                .await?
                .map(|s| s.fields.school_id)
                .ok_or_else(|| ApiError::NotFound(format!("no student {r}")))?
        }
        (None, Role::Counselor | Role::PartnerStaff) => p.organization_id.ok_or_else(|| {
            ApiError::Invalid(vec![FieldError::new("school_id", "name the school")])
        })?,
        (None, _) => {
            return Err(ApiError::Invalid(vec![FieldError::new(
                "school_id",
                "name the school to measure distance from",
            )]));
        }
    };
    let (latitude, longitude) = state
        .store()
        .organization_location(school)
        .await?
        .ok_or_else(|| {
            ApiError::Invalid(vec![FieldError::new(
                "school_id",
                format!("organization {school} has no location on the map yet"),
            )])
        })?;
    Ok(Near {
        latitude,
        longitude,
        miles,
    })
}

/// The WBL records as CSV with the contract's header.
pub fn records_csv(rows: &[WblRecord]) -> String {
    let mut out = String::from("person_key,school_year,stage,activity_type,hours\n");
    for r in rows {
        let key = if r.person_key.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", r.person_key.replace('"', "\"\""))
        } else {
            r.person_key.clone()
        };
        out.push_str(&format!(
            "{key},{},{},{},{}\n",
            r.school_year, r.stage, r.activity_type, r.hours
        ));
    }
    out
}

async fn export_records(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Response> {
    let rows = state.store().wbl_records().await?;
    let mut refs: Vec<(String, Option<Id>)> =
        rows.iter().map(|r| (r.person_key.clone(), None)).collect();
    refs.dedup();
    audit_reads(&state, &p, "wbl_record", PURPOSE, &refs).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        records_csv(&rows),
    )
        .into_response())
}

/// Registers the placement routes.
pub fn register(t: &mut Routes) {
    let tag = "Work-based learning placements";
    let id = |d: OpDoc| d.param("id", ParamLocation::Path, true, Type::Integer, "Identifier");
    let placement = || Some("Placement".to_owned());
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
    t.add(
        Method::PUT,
        "/api/v1/organizations/{id}/location",
        access::STAFF,
        set_location,
        Some(
            id(OpDoc::new(
                tag,
                "set_organization_location",
                "Put a school or site on the map (for distance filters)",
            ))
            .request("LocationRequest")
            .response(204, None)
            .errors(&[404, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/records",
        access::ADMIN,
        export_records,
        Some(
            OpDoc::new(
                tag,
                "export_wbl_records",
                "Students' WBL records as the participant data contract's wbl table (CSV; audited)",
            )
            .response(200, None),
        ),
    );
}

/// Adds the placement schemas.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = with_deps::<Placement>(c);
    let c = with_deps::<DirectPlacementRequest>(c);
    let c = with_deps::<SignRequest>(c);
    let c = with_deps::<StatusRequest>(c);
    let c = with_deps::<HoursInput>(c);
    let c = with_deps::<HoursEntry>(c);
    let c = with_deps::<EvaluationInput>(c);
    let c = with_deps::<Evaluation>(c);
    let c = with_deps::<RubricTemplateInput>(c);
    let c = with_deps::<RubricTemplate>(c);
    with_deps::<LocationRequest>(c)
}
