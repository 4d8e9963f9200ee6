//! Work-based learning: the student roster, the opportunity board, review,
//! applications and matching rounds.
//!
//! A round runs student-proposing deferred acceptance (Gale & Shapley 1962)
//! over the published opportunities: students' ranked applications are their
//! preferences, eligibility decides who an opportunity may take, priority
//! groups (pathway concentrators, then the region's equity priority) order
//! applicants, and a seeded lottery breaks ties. The seed, the lottery
//! numbers, the stability check and every student's explanation are stored.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::{Id, Stored};
use pathways_domain::wbl::{
    OpportunityInput, OpportunityStatus, StudentInput, WblStage, eligibility, priority_group,
};
use pathways_matching::{Choice, Instance, Lottery, PlacementIdx, Priority, StudentIdx};
use pathways_store::Page;
use pathways_store::wbl::{
    Application, ApplicationScope, BoardFilter, Opportunity, Round, RoundResult,
};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ComponentsBuilder, Type};

use crate::access::{self, Access, Routes, SignedIn};
use crate::api::placements::MAX_MILES;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson, if_match};
use crate::openapi::{OpDoc, ParamLocation, with_deps};
use crate::sharing::{self, StudentScope, audit_reads, student_scope};
use crate::state::AppState;
use pathways_domain::partnership::{DataElement, Purpose};

/// Who may post and edit opportunities: the convener, partners and employers.
pub const POSTERS: Access =
    Access::Roles(&[Role::ConvenerAdmin, Role::PartnerStaff, Role::Employer]);
/// Who reviews and publishes: the convener and schools.
pub const REVIEWERS: Access =
    Access::Roles(&[Role::ConvenerAdmin, Role::PartnerStaff, Role::Counselor]);
/// Who applies: students, and counselors on their behalf.
pub const APPLICANTS: Access =
    Access::Roles(&[Role::ConvenerAdmin, Role::Counselor, Role::Student]);

pub(crate) fn today() -> String {
    pathways_store::sql::now()[..10].to_owned()
}

async fn list_students(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    q: QueryMap,
) -> ApiResult<Json<Page<Stored<StudentInput>>>> {
    let after =
        q.0.get("after")
            .map(|a| a.parse::<Id>())
            .transpose()
            .map_err(|_| ApiError::BadRequest {
                detail: "after must be an id".into(),
                params: vec![FieldError::new("after", "must be an integer")],
            })?;
    let purpose = Purpose::WorkBasedLearning;
    let scope = student_scope(&state, &p, DataElement::StudentRoster, purpose).await?;
    let sources = match scope {
        StudentScope::All => vec![(None, None)],
        StudentScope::Suppliers(list) if !list.is_empty() => list
            .iter()
            .map(|s| (Some(s.supplier_id), s.agreement_id))
            .collect(),
        _ => {
            return Err(ApiError::OutOfScope(
                "student records are visible to their school and the convener".into(),
            ));
        }
    };
    const LIMIT: u32 = 200;
    let mut more = false;
    let mut merged: Vec<(Stored<StudentInput>, Option<Id>)> = Vec::new();
    for (supplier, agreement) in sources {
        let page = state.store().students(supplier, after, LIMIT).await?;
        more |= page.next_cursor.is_some();
        for s in page.items {
            if !merged.iter().any(|(m, _)| m.meta.id == s.meta.id) {
                merged.push((s, agreement));
            }
        }
    }
    merged.sort_by_key(|(s, _)| s.meta.id);
    more |= merged.len() > LIMIT as usize;
    merged.truncate(LIMIT as usize);
    let refs: Vec<(String, Option<Id>)> = merged
        .iter()
        .map(|(s, a)| (s.fields.student_ref.clone(), *a))
        .collect();
    audit_reads(&state, &p, "student", purpose, &refs).await?;
    let items: Vec<Stored<StudentInput>> = merged.into_iter().map(|(s, _)| s).collect();
    let next_cursor = if more {
        items.last().map(|s| s.meta.id)
    } else {
        None
    };
    Ok(Json(Page { items, next_cursor }))
}

async fn create_student(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(s): ValidJson<StudentInput>,
) -> ApiResult<(StatusCode, Json<Stored<StudentInput>>)> {
    if !sharing::may_write(&state, &p, s.school_id).await? {
        return Err(ApiError::OutOfScope(
            "you may only add students of your own school or district".into(),
        ));
    }
    let created = state.store().create_student(&s).await?;
    // The answer carries the record back: audit it as any other read.
    let refs = [(created.fields.student_ref.clone(), None)];
    audit_reads(&state, &p, "student", Purpose::WorkBasedLearning, &refs).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The board a principal sees.
pub(crate) fn board_filter(p: &Principal) -> BoardFilter {
    match p.role {
        Role::ConvenerAdmin | Role::PartnerStaff | Role::Counselor => BoardFilter::default(),
        Role::Employer => BoardFilter {
            statuses: vec![OpportunityStatus::Published],
            employer_id: p.organization_id,
            own_or_published: true,
            ..Default::default()
        },
        Role::Student | Role::Family => BoardFilter {
            statuses: vec![OpportunityStatus::Published],
            ..Default::default()
        },
    }
}

async fn board(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    q: QueryMap,
) -> ApiResult<Json<Page<Opportunity>>> {
    let mut f = board_filter(&p);
    let mut problems = Vec::new();
    let mut after = None;
    let mut within: Option<f64> = None;
    let mut school_id: Option<Id> = None;
    for (k, v) in &q.0 {
        match k.as_str() {
            "pathway_id" => match v.parse() {
                Ok(n) => f.pathway_id = Some(n),
                Err(_) => problems.push(FieldError::new(k, "must be an integer id")),
            },
            "stage" => match WblStage::parse(v) {
                Ok(s) => f.stage = Some(s.as_str().to_owned()),
                Err(e) => problems.push(FieldError::new(k, e.to_string())),
            },
            "paid" => match v.as_str() {
                "true" => f.paid = Some(true),
                "false" => f.paid = Some(false),
                _ => problems.push(FieldError::new(k, "must be true or false")),
            },
            "status" if f.statuses.is_empty() => match OpportunityStatus::parse(v) {
                Ok(s) => f.statuses = vec![s],
                Err(e) => problems.push(FieldError::new(k, e.to_string())),
            },
            "q" => f.q = Some(v.clone()),
            "after" => match v.parse() {
                Ok(n) => after = Some(n),
                Err(_) => problems.push(FieldError::new(k, "must be an integer")),
            },
            // The documented bounds, refused as a malformed parameter (400).
            "within_miles" => match v.parse::<f64>() {
                Ok(n) if n > 0.0 && n <= MAX_MILES => within = Some(n),
                _ => problems.push(FieldError::new(
                    k,
                    "must be a number of miles, more than 0 and at most 500",
                )),
            },
            "school_id" => match v.parse() {
                Ok(n) => school_id = Some(n),
                Err(_) => problems.push(FieldError::new(k, "must be an integer id")),
            },
            _ => problems.push(FieldError::new(
                k,
                "unknown parameter; the board takes pathway_id, stage, paid, status, q, within_miles, school_id, after",
            )),
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::BadRequest {
            detail: "invalid board filters".into(),
            params: problems,
        });
    }
    if let Some(miles) = within {
        f.near = Some(crate::api::placements::near_school(&state, &p, school_id, miles).await?);
    } else if school_id.is_some() {
        return Err(ApiError::BadRequest {
            detail: "school_id only goes with within_miles".into(),
            params: vec![FieldError::new("school_id", "give within_miles too")],
        });
    }
    Ok(Json(state.store().opportunities(&f, after, 100).await?))
}

async fn visible(state: &AppState, p: &Principal, id: Id) -> ApiResult<Opportunity> {
    let o = state.store().opportunity(id).await?;
    let f = board_filter(p);
    let ok = f.statuses.is_empty()
        || f.statuses.contains(&o.status)
        || (f.own_or_published && Some(o.fields.employer_id) == f.employer_id);
    if ok {
        Ok(o)
    } else {
        Err(ApiError::NotFound(format!(
            "opportunity {id} does not exist"
        )))
    }
}

async fn get_opportunity(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<Opportunity>> {
    Ok(Json(visible(&state, &p, id).await?))
}

pub(crate) fn may_post(p: &Principal, employer_id: Id) -> ApiResult<()> {
    if p.is_admin() || p.organization_id == Some(employer_id) {
        Ok(())
    } else {
        Err(ApiError::OutOfScope(
            "you may only post opportunities for your own organization".into(),
        ))
    }
}

async fn create_opportunity(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(o): ValidJson<OpportunityInput>,
) -> ApiResult<(StatusCode, Json<Opportunity>)> {
    may_post(&p, o.employer_id)?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .store()
                .create_opportunity(&o, OpportunityStatus::Draft)
                .await?,
        ),
    ))
}

async fn update_opportunity(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
    ValidJson(o): ValidJson<OpportunityInput>,
) -> ApiResult<Json<Opportunity>> {
    let current = state.store().opportunity(id).await?;
    may_post(&p, current.fields.employer_id)?;
    may_post(&p, o.employer_id)?;
    let version = if_match(&headers)?.ok_or_else(|| {
        ApiError::PreconditionRequired("send If-Match with the version you read".into())
    })?;
    Ok(Json(
        state.store().update_opportunity(id, version, &o).await?,
    ))
}

async fn submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<Opportunity>> {
    let o = state.store().opportunity(id).await?;
    may_post(&p, o.fields.employer_id)?;
    if o.status != OpportunityStatus::Draft {
        return Err(ApiError::Conflict(format!(
            "only a draft can be submitted; this one is {}",
            o.status
        )));
    }
    Ok(Json(
        state
            .store()
            .set_opportunity_status(id, OpportunityStatus::Submitted)
            .await?,
    ))
}

async fn publish(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<Opportunity>> {
    let o = state.store().opportunity(id).await?;
    if !matches!(
        o.status,
        OpportunityStatus::Submitted | OpportunityStatus::Draft
    ) {
        return Err(ApiError::Conflict(format!(
            "a {} opportunity cannot be published",
            o.status
        )));
    }
    Ok(Json(
        state
            .store()
            .set_opportunity_status(id, OpportunityStatus::Published)
            .await?,
    ))
}

async fn close(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<Opportunity>> {
    let o = state.store().opportunity(id).await?;
    may_post(&p, o.fields.employer_id)?;
    Ok(Json(
        state
            .store()
            .set_opportunity_status(id, OpportunityStatus::Closed)
            .await?,
    ))
}

/// An application: which opportunity, and its place in the student's ranking.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyRequest {
    /// The opportunity.
    pub opportunity_id: Id,
    /// 1 = first choice.
    pub rank: i64,
    /// The student (counselors applying on a student's behalf; students omit it).
    #[serde(default)]
    pub student_ref: Option<String>,
}

/// The student a request acts for, checked against the principal's scope.
pub(crate) async fn acting_student(
    state: &AppState,
    p: &Principal,
    requested: Option<&str>,
) -> ApiResult<Stored<StudentInput>> {
    let student_ref = match (p.role, requested) {
        (Role::Student | Role::Family, _) => p
            .student_ref
            .clone()
            .ok_or_else(|| ApiError::OutOfScope("your account names no student".into()))?,
        (_, Some(r)) => r.to_owned(),
        (_, None) => {
            return Err(ApiError::Invalid(vec![FieldError::new(
                "student_ref",
                "name the student",
            )]));
        }
    };
    let s = state
        .store()
        .student(&student_ref)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no student {student_ref}")))?;
    // Acting for a student (applying, accepting) writes to their records:
    // the supplier's staff and the convener may; an agreement does not.
    let own = matches!(p.role, Role::Student | Role::Family);
    if !own && !sharing::may_write(state, p, s.fields.school_id).await? {
        return Err(ApiError::OutOfScope(
            "that student is not at your school".into(),
        ));
    }
    Ok(s)
}

async fn apply(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(req): ValidJson<ApplyRequest>,
) -> ApiResult<(StatusCode, Json<Application>)> {
    let s = acting_student(&state, &p, req.student_ref.as_deref()).await?;
    let o = state.store().opportunity(req.opportunity_id).await?;
    if o.status != OpportunityStatus::Published {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "opportunity_id",
            "is not open for applications",
        )]));
    }
    let reasons = eligibility(&s.fields.facts(), &o.fields, &today());
    if !reasons.is_empty() {
        let text: Vec<String> = reasons.iter().map(|r| format!("{r:?}")).collect();
        return Err(ApiError::Invalid(vec![FieldError::new(
            "opportunity_id",
            format!("the student is not eligible: {}", text.join(", ")),
        )]));
    }
    let a = state
        .store()
        .apply(&s.fields.student_ref, req.opportunity_id, req.rank)
        .await?;
    Ok((StatusCode::CREATED, Json(a)))
}

async fn list_applications(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<Vec<Application>>> {
    Ok(Json(scoped_applications(&state, &p).await?))
}

/// The applications `p` may see (reads are audited).
pub(crate) async fn scoped_applications(
    state: &AppState,
    p: &Principal,
) -> ApiResult<Vec<Application>> {
    let state = state.clone();
    let p = p.clone();
    let purpose = Purpose::WorkBasedLearning;
    let scopes: Vec<(ApplicationScope, Option<Id>)> = match p.role {
        Role::Employer => vec![(
            ApplicationScope::Employer(p.organization_id.unwrap_or(-1)),
            None,
        )],
        _ => match student_scope(&state, &p, DataElement::WblApplications, purpose).await? {
            StudentScope::All => vec![(ApplicationScope::All, None)],
            StudentScope::Student(r) => vec![(ApplicationScope::Student(r), None)],
            StudentScope::Suppliers(list) => list
                .iter()
                .map(|s| (ApplicationScope::School(s.supplier_id), s.agreement_id))
                .collect(),
            StudentScope::Nothing => vec![],
        },
    };
    let mut apps: Vec<Application> = Vec::new();
    let mut refs: Vec<(String, Option<Id>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (scope, agreement) in scopes {
        for a in state.store().applications(&scope).await? {
            if seen.insert(a.id) {
                refs.push((a.student_ref.clone(), agreement));
                apps.push(a);
            }
        }
    }
    apps.sort_by(|a, b| (&a.student_ref, a.rank).cmp(&(&b.student_ref, b.rank)));
    audit_reads(&state, &p, "wbl_application", purpose, &refs).await?;
    Ok(apps)
}

/// A matching round to run.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundRequest {
    /// Name ("Spring 2027 internships").
    pub name: String,
    /// Lottery seed; record it to re-run the round.
    pub seed: i64,
    /// Rank the equity priority group above other non-concentrators.
    #[serde(default = "yes")]
    pub equity_first: bool,
}

fn yes() -> bool {
    true
}

/// Runs a round over the published opportunities and stores it (the demo
/// runs one too, so it takes the store rather than the web state).
pub async fn run_round(
    store: &pathways_store::Store,
    req: &RoundRequest,
    run_by: Option<Id>,
) -> ApiResult<Round> {
    let published = BoardFilter {
        statuses: vec![OpportunityStatus::Published],
        ..Default::default()
    };
    let opportunities = store.all_opportunities(&published).await?;
    let index: HashMap<Id, usize> = opportunities
        .iter()
        .enumerate()
        .map(|(i, o)| (o.meta.id, i))
        .collect();
    let apps = store.applications(&ApplicationScope::All).await?;
    let mut by_student: std::collections::BTreeMap<String, Vec<&Application>> = Default::default();
    for a in &apps {
        if index.contains_key(&a.opportunity_id) {
            by_student.entry(a.student_ref.clone()).or_default().push(a);
        }
    }
    let today = today();
    let mut refs = Vec::new();
    let mut prefs = Vec::new();
    let mut lists: Vec<Vec<Id>> = Vec::new();
    for (student_ref, mut list) in by_student {
        let Some(s) = store.student(&student_ref).await? else {
            continue;
        };
        let facts = s.fields.facts();
        list.sort_by_key(|a| a.rank);
        let mut choices = Vec::new();
        let mut ids = Vec::new();
        for a in list {
            let o = &opportunities[index[&a.opportunity_id]];
            let eligible = eligibility(&facts, &o.fields, &today).is_empty();
            let priority = if eligible {
                Priority::new(priority_group(&facts, &o.fields, req.equity_first))
            } else {
                None
            };
            choices.push(Choice {
                placement: PlacementIdx(index[&a.opportunity_id] as u32),
                priority,
            });
            ids.push(a.opportunity_id);
        }
        refs.push(student_ref);
        prefs.push(choices);
        lists.push(ids);
    }
    let capacities: Vec<u32> = opportunities
        .iter()
        .map(|o| u32::try_from(o.fields.capacity).unwrap_or(0))
        .collect();
    let instance =
        Instance::new(capacities, prefs).map_err(|e| ApiError::Internal(e.to_string()))?;
    let lottery = Lottery::draw(req.seed as u64, refs.len());
    let matching = pathways_matching::deferred_acceptance(&instance, &lottery);
    let report = pathways_matching::check_stability(&instance, &lottery, &matching);
    let mut results = Vec::with_capacity(refs.len());
    for (i, student_ref) in refs.iter().enumerate() {
        let s = StudentIdx(i as u32);
        let placed = matching
            .placement_of(s)
            .map(|p| opportunities[p.index()].meta.id);
        let choice = matching.choice_of(s).map(|c| c as i64 + 1);
        let why: Vec<serde_json::Value> =
            pathways_matching::explain(&instance, &lottery, &matching, s)
                .iter()
                .map(|e| {
                    serde_json::json!({
                        // `rank` is 1-based (1 = first choice).
                        "rank": e.rank,
                        "opportunity_id": lists[i].get(e.rank.wrapping_sub(1)).copied(),
                        "reason": e.reason.to_string(),
                    })
                })
                .collect();
        results.push(RoundResult {
            student_ref: student_ref.clone(),
            opportunity_id: placed,
            choice,
            explanation: serde_json::Value::Array(why),
        });
    }
    let lottery_json: serde_json::Map<String, serde_json::Value> = refs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.clone(), lottery.number(StudentIdx(i as u32)).into()))
        .collect();
    let blocking = report.blocking_pairs.len() as i64;
    let round = Round {
        id: 0,
        name: req.name.clone(),
        seed: req.seed,
        equity_first: req.equity_first,
        run_at: pathways_store::sql::now(),
        students: refs.len() as i64,
        matched: matching.matched() as i64,
        stable: blocking == 0 && report.over_capacity.is_empty() && report.ineligible.is_empty(),
        blocking_pairs: blocking,
    };
    Ok(store
        .save_round(
            &round,
            run_by,
            &serde_json::Value::Object(lottery_json).to_string(),
            &results,
        )
        .await?)
}

async fn create_round(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(req): ValidJson<RoundRequest>,
) -> ApiResult<(StatusCode, Json<Round>)> {
    if req.name.trim().is_empty() {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "name",
            "must not be empty",
        )]));
    }
    Ok((
        StatusCode::CREATED,
        Json(run_round(state.store(), &req, Some(p.user_id)).await?),
    ))
}

async fn list_rounds(State(state): State<AppState>) -> ApiResult<Json<Vec<Round>>> {
    Ok(Json(state.store().rounds().await?))
}

async fn round_results(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<RoundResult>>> {
    Ok(Json(scoped_results(&state, &p, id).await?))
}

/// The results of round `id` that `p` may see (reads are audited).
pub(crate) async fn scoped_results(
    state: &AppState,
    p: &Principal,
    id: Id,
) -> ApiResult<Vec<RoundResult>> {
    let purpose = Purpose::WorkBasedLearning;
    let mut refs: Vec<(String, Option<Id>)> = Vec::new();
    let results = match p.role {
        Role::Employer => {
            // The host employer sees who was placed with it (not why): it is
            // a party to the placement, not a reader of the roster.
            let org = p.organization_id.unwrap_or(-1);
            let mut out = Vec::new();
            // One look-up per opportunity, not per result.
            let mut employer_of: HashMap<Id, Id> = HashMap::new();
            for r in state.store().round_results(id, None).await? {
                let Some(o) = r.opportunity_id else { continue };
                let employer = match employer_of.get(&o) {
                    Some(e) => *e,
                    None => {
                        let e = state.store().opportunity(o).await?.fields.employer_id;
                        employer_of.insert(o, e);
                        e
                    }
                };
                if employer == org {
                    refs.push((r.student_ref.clone(), None));
                    out.push(RoundResult {
                        explanation: serde_json::Value::Null,
                        ..r
                    });
                }
            }
            out
        }
        _ => {
            let scope = student_scope(state, p, DataElement::WblApplications, purpose).await?;
            let all = match &scope {
                StudentScope::Student(r) => state.store().round_results(id, Some(r)).await?,
                StudentScope::Nothing => Vec::new(),
                _ => state.store().round_results(id, None).await?,
            };
            match scope.supplied_refs(state).await? {
                None => {
                    refs.extend(all.iter().map(|r| (r.student_ref.clone(), None)));
                    all
                }
                Some(reach) => all
                    .into_iter()
                    .filter_map(|r| {
                        let a = reach.get(&r.student_ref)?;
                        refs.push((r.student_ref.clone(), *a));
                        Some(r)
                    })
                    .collect(),
            }
        }
    };
    audit_reads(state, p, "wbl_round_result", purpose, &refs).await?;
    Ok(results)
}

/// Registers the work-based learning routes.
pub fn register(t: &mut Routes) {
    let tag = "Work-based learning";
    let id = |d: OpDoc| d.param("id", ParamLocation::Path, true, Type::Integer, "Identifier");
    t.add(
        Method::GET,
        "/api/v1/students",
        REVIEWERS,
        list_students,
        Some(
            OpDoc::new(
                "Students",
                "list_students",
                "Students you may see (reads are audited)",
            )
            .param(
                "after",
                ParamLocation::Query,
                false,
                Type::Integer,
                "Cursor",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/students",
        REVIEWERS,
        create_student,
        Some(
            OpDoc::new(
                "Students",
                "create_student",
                "Add a student to a school's roster",
            )
            .request("StudentInput")
            .response(201, None)
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/opportunities",
        Access::SignedIn,
        board,
        Some(
            OpDoc::new(tag, "list_opportunities", "The opportunity board")
                .param(
                    "pathway_id",
                    ParamLocation::Query,
                    false,
                    Type::Integer,
                    "Pathway",
                )
                .param(
                    "stage",
                    ParamLocation::Query,
                    false,
                    Type::String,
                    "Continuum stage",
                )
                .allowed(WblStage::TERMS)
                .param(
                    "paid",
                    ParamLocation::Query,
                    false,
                    Type::String,
                    "Paid only",
                )
                .allowed(&["true", "false"])
                .param(
                    "status",
                    ParamLocation::Query,
                    false,
                    Type::String,
                    "Review status (staff)",
                )
                .allowed(OpportunityStatus::TERMS)
                .param(
                    "q",
                    ParamLocation::Query,
                    false,
                    Type::String,
                    "Text search",
                )
                .param(
                    "within_miles",
                    ParamLocation::Query,
                    false,
                    Type::Number,
                    "Only sites within this many miles of the school (haversine)",
                )
                .above_at_most(0.0, MAX_MILES)
                .param(
                    "school_id",
                    ParamLocation::Query,
                    false,
                    Type::Integer,
                    "The school to measure from (default: yours)",
                )
                .param(
                    "after",
                    ParamLocation::Query,
                    false,
                    Type::Integer,
                    "Cursor",
                )
                .response(200, None)
                // 404: a student account whose record is gone; 422: the
                // school to measure from has no location on the map.
                .errors(&[400, 404, 422]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/opportunities",
        POSTERS,
        create_opportunity,
        Some(
            OpDoc::new(
                tag,
                "create_opportunity",
                "Post an opportunity (as a draft)",
            )
            .request("OpportunityInput")
            .response(201, Some("Opportunity".into()))
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/opportunities/{id}",
        Access::SignedIn,
        get_opportunity,
        Some(
            id(OpDoc::new(tag, "get_opportunity", "Read an opportunity"))
                .response(200, Some("Opportunity".into()))
                .errors(&[404]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/wbl/opportunities/{id}",
        POSTERS,
        update_opportunity,
        Some(
            id(OpDoc::new(tag, "update_opportunity", "Edit an opportunity"))
                .param(
                    "If-Match",
                    ParamLocation::Header,
                    true,
                    Type::String,
                    "Version read",
                )
                .request("OpportunityInput")
                .response(200, Some("Opportunity".into()))
                .errors(&[404, 409, 422, 428]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/opportunities/{id}/submit",
        POSTERS,
        submit,
        Some(
            id(OpDoc::new(
                tag,
                "submit_opportunity",
                "Send a draft for review",
            ))
            .response(200, Some("Opportunity".into()))
            .errors(&[404, 409]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/opportunities/{id}/publish",
        REVIEWERS,
        publish,
        Some(
            id(OpDoc::new(
                tag,
                "publish_opportunity",
                "Review and publish to the board",
            ))
            .response(200, Some("Opportunity".into()))
            .errors(&[404, 409]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/opportunities/{id}/close",
        POSTERS,
        close,
        Some(
            id(OpDoc::new(
                tag,
                "close_opportunity",
                "Stop taking applications",
            ))
            .response(200, Some("Opportunity".into()))
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/applications",
        Access::SignedIn,
        list_applications,
        Some(
            OpDoc::new(
                tag,
                "list_applications",
                "Applications you may see (reads are audited)",
            )
            .response(200, None),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/applications",
        APPLICANTS,
        apply,
        Some(
            OpDoc::new(
                tag,
                "apply",
                "Apply to an opportunity with a rank (eligibility is checked)",
            )
            .request("ApplyRequest")
            .response(201, None)
            .errors(&[400, 404, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/rounds",
        access::ADMIN,
        list_rounds,
        Some(OpDoc::new(tag, "list_rounds", "Matching rounds").response(200, None)),
    );
    t.add(
        Method::POST,
        "/api/v1/wbl/rounds",
        access::ADMIN,
        create_round,
        Some(
            OpDoc::new(
                tag,
                "run_round",
                "Run a matching round (stable, strategy-proof for students)",
            )
            .request("RoundRequest")
            .response(201, None)
            .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/wbl/rounds/{id}/results",
        Access::SignedIn,
        round_results,
        Some(
            id(OpDoc::new(
                tag,
                "round_results",
                "Results you may see, with explanations",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
}

/// Adds the work-based learning schemas.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    let c = with_deps::<StudentInput>(c);
    let c = with_deps::<OpportunityInput>(c);
    let c = with_deps::<Opportunity>(c);
    let c = with_deps::<ApplyRequest>(c);
    with_deps::<RoundRequest>(c)
}
