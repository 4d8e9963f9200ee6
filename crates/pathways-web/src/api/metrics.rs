//! Outcome metrics over HTTP.
//!
//! The web serves the stored result set (`pathways metrics run`). Public
//! routes (`/api/v1/outcomes…`) only ever return cells that went through
//! [`pathways_analytics::suppress::publish`]; the unsuppressed cells and the
//! per-student "explain" view are for staff, the latter limited to their own
//! organization's students (or another's under a data-sharing agreement)
//! and written to the audit log with the agreement.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::Method;
use pathways_analytics::suppress::{self, publish};
use pathways_analytics::{Cell, MetricSpec, PublicCell, Rules, Status};
use pathways_domain::access::Principal;
use pathways_domain::catalog::Id;
use pathways_domain::partnership::{DataElement, Purpose};
use pathways_store::analytics::ResultSet;
use pathways_store::audit::AuditEntry;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::openapi::schema::Type;

use crate::access::{Access, Routes, STAFF, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::QueryMap;
use crate::openapi::{OpDoc, ParamLocation};
use crate::sharing::{self, Reach};
use crate::state::AppState;

/// The current result set: its metadata, metric definitions and cells,
/// with each metric's public and staff cells worked out once.
///
/// A set never changes once stored (a new `pathways metrics run` stores a
/// new one), so the web keeps the parsed set, suppression included, until
/// the store names another current set: suppression over every metric was
/// most of the outcome pages' time.
pub struct Current {
    /// The stored set.
    pub set: ResultSet,
    /// Its metric definitions.
    pub specs: Vec<MetricSpec>,
    /// Its cells, unsuppressed.
    pub cells: Vec<Cell>,
    public: HashMap<String, Vec<PublicCell>>,
    staff: HashMap<String, Vec<StaffCell>>,
    /// Names of groups by (grouping, id): see [`group_names`].
    names: HashMap<(String, String), String>,
}

impl Current {
    /// The spec of `id`.
    pub fn spec(&self, id: &str) -> Result<&MetricSpec, ApiError> {
        self.specs
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::NotFound(format!("no metric {id:?} in the current results")))
    }

    /// The name of a group that is an id (`program` 23 → its program's
    /// name), when the load or the catalog names it.
    pub fn name_of(&self, by: &str, value: &str) -> Option<&str> {
        self.names
            .get(&(by.to_owned(), value.to_owned()))
            .map(String::as_str)
    }

    /// Cells of one metric (and optionally one grouping, with `all` kept).
    pub fn cells_of(&self, metric: &str, by: Option<&str>) -> Vec<Cell> {
        self.cells
            .iter()
            .filter(|c| {
                c.metric_id == metric && by.is_none_or(|b| c.group_by == b || c.group_by == "all")
            })
            .cloned()
            .collect()
    }
}

/// The suppression rules of public release.
pub fn rules() -> Rules {
    Rules::default()
}

/// The current result set: the one kept in memory while the store still
/// names it current (one small query), else read and kept.
pub async fn current(state: &AppState) -> Result<Arc<Current>, ApiError> {
    let id = state.store().current_metric_set_id().await?;
    if let Some(id) = id
        && let Some(kept) = state.metric_results(id)
    {
        return Ok(kept);
    }
    let fresh = Arc::new(read_current(state).await?);
    state.keep_metric_results(fresh.clone());
    Ok(fresh)
}

/// Reads the current result set from the store and works out its cells.
async fn read_current(state: &AppState) -> Result<Current, ApiError> {
    let (set, rows) = state
        .store()
        .current_metric_results()
        .await?
        .ok_or_else(|| {
            ApiError::NotFound("no metrics computed yet: run `pathways metrics run`".into())
        })?;
    let specs: Vec<MetricSpec> =
        serde_json::from_str(&set.metrics).map_err(|e| ApiError::Internal(e.to_string()))?;
    let cells = rows
        .into_iter()
        .map(|r| Cell {
            metric_id: r.metric_id,
            group_by: r.group_by,
            group_value: r.group_value,
            numerator: r.numerator.max(0) as u64,
            denominator: r.denominator.max(0) as u64,
            rate: r.rate,
            median: r.is_median,
        })
        .collect();
    let names = group_names(state, set.load_id).await?;
    let mut cur = Current {
        set,
        specs,
        cells,
        public: HashMap::new(),
        staff: HashMap::new(),
        names,
    };
    let ids: Vec<String> = cur.specs.iter().map(|s| s.id.clone()).collect();
    for id in ids {
        let cells = cur.cells_of(&id, None);
        let public = publish(&cells, &rules());
        let staff = work_out_staff_cells(cells);
        cur.public.insert(id.clone(), public);
        cur.staff.insert(id, staff);
    }
    Ok(cur)
}

/// Names for the groups that are ids: schools, districts and the region by
/// their catalog organization and region (the participant-data contract asks
/// partners to use those ids), then programs, pathways and districts as the
/// load's own reference tables name them, which take precedence.
async fn group_names(
    state: &AppState,
    load_id: Option<Id>,
) -> Result<HashMap<(String, String), String>, ApiError> {
    use pathways_domain::catalog::{OrganizationInput, RegionInput};
    let mut names = HashMap::new();
    let all = pathways_store::ListFilter::default();
    for o in state.store().list_all::<OrganizationInput>(&all).await? {
        for by in ["school", "district"] {
            names.insert(
                (by.to_owned(), o.meta.id.to_string()),
                o.fields.name.clone(),
            );
        }
    }
    for r in state.store().list_all::<RegionInput>(&all).await? {
        names.insert(("region".to_owned(), r.meta.id.to_string()), r.fields.name);
    }
    let load = match load_id {
        Some(id) => state
            .store()
            .data_loads()
            .await?
            .into_iter()
            .find(|l| l.id == id),
        None => None,
    };
    if let Some(l) = load {
        let dir = std::path::PathBuf::from(&l.path);
        let labels =
            tokio::task::spawn_blocking(move || pathways_analytics::labels::reference_labels(&dir))
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?;
        // The names are a courtesy: a load whose folder has gone keeps its ids.
        for g in labels.unwrap_or_default() {
            names.insert((g.group_by.to_owned(), g.value), g.label);
        }
    }
    Ok(names)
}

/// A metric's public cells: suppression runs over the metric's whole table
/// (every family), then the grouping asked for is kept.
pub fn public_cells(cur: &Current, metric: &str, by: Option<&str>) -> Vec<PublicCell> {
    cur.public
        .get(metric)
        .into_iter()
        .flatten()
        .filter(|c| by.is_none_or(|b| c.group_by == b || c.group_by == "all"))
        .cloned()
        .collect()
}

fn spec_json(s: &MetricSpec) -> Value {
    json!({
        "id": s.id, "title": s.title, "family": s.family, "kind": s.kind,
        "description": s.description, "cohort": s.cohort, "numerator": s.numerator,
        "denominator": s.denominator, "timing": s.timing, "citation": s.citation,
    })
}

fn by_param(q: &QueryMap) -> Option<&str> {
    q.0.get("by").map(String::as_str).filter(|s| !s.is_empty())
}

/// GET /api/v1/outcomes — every metric's suppressed public cells.
async fn outcomes(State(state): State<AppState>, q: QueryMap) -> ApiResult<Json<Value>> {
    let cur = current(&state).await?;
    let by = by_param(&q);
    let metrics: Vec<Value> = cur
        .specs
        .iter()
        .map(|s| json!({ "metric": spec_json(s), "cells": public_cells(&cur, &s.id, by) }))
        .collect();
    Ok(Json(json!({
        "result_set": { "id": cur.set.id, "created_at": cur.set.created_at },
        "min_cell": rules().min_cell,
        "metrics": metrics,
    })))
}

/// GET /api/v1/outcomes/{metric} — one metric's suppressed public cells.
async fn outcome(
    State(state): State<AppState>,
    Path(metric): Path<String>,
    q: QueryMap,
) -> ApiResult<Json<Value>> {
    let cur = current(&state).await?;
    let s = cur.spec(&metric)?;
    Ok(Json(json!({
        "metric": spec_json(s),
        "min_cell": rules().min_cell,
        "cells": public_cells(&cur, &metric, by_param(&q)),
    })))
}

/// A staff cell: the computed values, the equity gap, and what public release would do.
#[derive(Debug, Clone, Serialize)]
pub struct StaffCell {
    /// The cell.
    #[serde(flatten)]
    pub cell: Cell,
    /// Group rate minus the all-students rate.
    pub gap: Option<f64>,
    /// Group rate divided by the all-students rate.
    pub gap_ratio: Option<f64>,
    /// What public release does to this cell.
    pub public_status: Status,
}

/// Staff cells of one metric (all groupings unless `by`).
pub fn staff_cells(cur: &Current, metric: &str, by: Option<&str>) -> Vec<StaffCell> {
    cur.staff
        .get(metric)
        .into_iter()
        .flatten()
        .filter(|c| by.is_none_or(|b| c.cell.group_by == b || c.cell.group_by == "all"))
        .cloned()
        .collect()
}

/// A metric's staff cells (all its cells): gaps and public statuses.
fn work_out_staff_cells(cells: Vec<Cell>) -> Vec<StaffCell> {
    let status = suppress::statuses(&cells, &rules());
    let all = cells
        .iter()
        .find(|c| c.group_by == "all")
        .and_then(|c| c.rate);
    cells
        .into_iter()
        .zip(status)
        .map(|(cell, public_status)| {
            let gap = pathways_analytics::results::equity_gap(cell.rate, all);
            StaffCell {
                gap: gap.map(|g| g.0),
                gap_ratio: gap.map(|g| g.1).filter(|r| r.is_finite()),
                cell,
                public_status,
            }
        })
        .collect()
}

/// GET /api/v1/metrics/results — unsuppressed cells with equity gaps (staff).
async fn results(State(state): State<AppState>, q: QueryMap) -> ApiResult<Json<Value>> {
    let cur = current(&state).await?;
    let by = by_param(&q);
    let only = q.0.get("metric");
    let metrics: Vec<Value> = cur
        .specs
        .iter()
        .filter(|s| only.is_none_or(|m| *m == s.id))
        .map(|s| json!({ "metric": spec_json(s), "cells": staff_cells(&cur, &s.id, by) }))
        .collect();
    Ok(Json(json!({
        "result_set": { "id": cur.set.id, "created_at": cur.set.created_at, "load_id": cur.set.load_id },
        "metrics": metrics,
    })))
}

/// One person in a metric's cohort, for the explain view.
#[derive(Debug, Clone, Serialize)]
pub struct CohortMember {
    /// The person key.
    pub person_key: String,
    /// The metric's year.
    pub year: i64,
    /// Whether they count in the numerator.
    pub numerator: bool,
}

/// Explain cohorts already computed, by load, result set, metric and
/// district.
///
/// An explain query runs the metric's SQL over the whole participant load
/// (most of a second on the demo region); its answer only changes with a
/// new load or result set, which are part of the key. Concurrent first
/// requests for one cohort share one computation.
#[derive(Default)]
pub struct Cohorts {
    entries: std::sync::Mutex<HashMap<String, Arc<CohortCell>>>,
}

/// One cohort, computed at most once.
type CohortCell = tokio::sync::OnceCell<Arc<Vec<CohortMember>>>;

/// Cohorts kept at most: a few metrics for each district of a region.
const MAX_COHORTS: usize = 128;

impl Cohorts {
    /// The cohort under `key`, computed by `compute` if not kept yet.
    pub async fn get_or_compute(
        &self,
        key: String,
        compute: impl std::future::Future<Output = Result<Vec<CohortMember>, ApiError>>,
    ) -> Result<Arc<Vec<CohortMember>>, ApiError> {
        let cell = {
            let mut entries = self
                .entries
                .lock()
                .map_err(|_| ApiError::Internal("explain cache poisoned".into()))?;
            if entries.len() >= MAX_COHORTS && !entries.contains_key(&key) {
                // Many districts and metrics asked for: start over rather than track recency.
                entries.clear();
            }
            entries.entry(key).or_default().clone()
        };
        cell.get_or_try_init(|| async { compute.await.map(Arc::new) })
            .await
            .cloned()
    }
}

/// The data element an agreement must cover for a metric's participants
/// to be explained to another organization: the participant files are
/// outcome records (enrollment, credentials, employment after exit).
pub const EXPLAIN_ELEMENT: DataElement = DataElement::Outcomes;
/// The purpose of an explain read: evaluating programs and reporting
/// outcomes (Perkins V section 113, WIOA section 116).
pub const EXPLAIN_PURPOSE: Purpose = Purpose::ProgramEvaluation;

/// The district a principal may explain, and how they reach its
/// participants: the convener any district it names; partner staff their
/// own organization (the participant files' `district_id` is the catalog
/// organization id), or another district that shares its outcome records
/// with them for program evaluation under an agreement in force
/// ([`crate::sharing`]).
pub async fn explain_district(
    state: &AppState,
    p: &Principal,
    asked: Option<&str>,
) -> Result<(String, Reach), ApiError> {
    let own = p.organization_id.map(|id| id.to_string());
    match (p.is_admin(), asked, own) {
        (true, Some(d), _) => Ok((d.to_owned(), Reach::Direct)),
        (_, None, Some(o)) => Ok((o, Reach::Direct)),
        (false, Some(d), Some(o)) if d == o => Ok((o, Reach::Direct)),
        (false, Some(d), _) => {
            let scope = sharing::student_scope(state, p, EXPLAIN_ELEMENT, EXPLAIN_PURPOSE).await?;
            d.parse::<Id>()
                .ok()
                .and_then(|id| scope.reach_supplier(id))
                .map(|reach| (d.to_owned(), reach))
                .ok_or_else(|| {
                    ApiError::OutOfScope(
                        "you may only see your own organization's students, or those shared with you under a data-sharing agreement in force"
                            .into(),
                    )
                })
        }
        (_, None, None) => Err(ApiError::BadRequest {
            detail: "name the district (?district=ID)".into(),
            params: vec![pathways_domain::FieldError::new("district", "required")],
        }),
    }
}

/// The cohort of `metric` for `district` in the current load and result
/// set: computed once, then kept (see [`Cohorts`]). Not audited: callers
/// that show it audit the read.
async fn cohort(
    state: &AppState,
    cur: &Current,
    metric: &str,
    district: &str,
) -> Result<Arc<Vec<CohortMember>>, ApiError> {
    let spec = cur.spec(metric)?;
    let load = state
        .store()
        .current_data_load()
        .await?
        .ok_or_else(|| ApiError::NotFound("no participant data is loaded".into()))?;
    // A cohort depends only on the load, the metric's definition (part of
    // the result set) and the district.
    let key = format!("{}/{}/{metric}/{district}", load.id, cur.set.id);
    state
        .cohorts()
        .get_or_compute(key, async {
            let engine = state.engine(&load.path).await?;
            let rows = engine
                .explain(spec, district)
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(rows
                .into_iter()
                .map(|(person_key, year, numerator)| CohortMember {
                    person_key,
                    year,
                    numerator,
                })
                .collect())
        })
        .await
}

/// Works out the explain cohorts of `metric` for `districts` in the
/// background, one after the other: the metric's dashboard page links to
/// them, and the query takes long enough that the click should not wait
/// for it. Nothing is shown or audited until someone asks.
pub fn prefetch_cohorts(state: &AppState, metric: &str, districts: Vec<String>) {
    if tokio::runtime::Handle::try_current().is_err() {
        return;
    }
    let (state, metric) = (state.clone(), metric.to_owned());
    tokio::spawn(async move {
        let Ok(cur) = current(&state).await else {
            return;
        };
        for d in districts {
            if let Err(e) = cohort(&state, &cur, &metric, &d).await {
                tracing::debug!(error = %e, "explain cohort not prefetched");
                return;
            }
        }
    });
}

/// The cohort of `metric` for `district` from the current load, with the
/// read audited under `agreement` (None: read directly).
pub async fn explain_rows(
    state: &AppState,
    p: &Principal,
    metric: &str,
    district: &str,
    agreement: Option<Id>,
) -> Result<(MetricSpec, Arc<Vec<CohortMember>>), ApiError> {
    let cur = current(state).await?;
    let spec = cur.spec(metric)?.clone();
    let members = cohort(state, &cur, metric, district).await?;
    state
        .store()
        .audit(&AuditEntry {
            id: None,
            at: String::new(),
            actor_user_id: Some(p.user_id),
            actor_role: p.role.as_str().to_owned(),
            action: "explain".into(),
            entity: "participant".into(),
            record_ids: members
                .iter()
                .map(|m| m.person_key.as_str())
                .collect::<Vec<_>>()
                .join(","),
            agreement_id: agreement,
            purpose: Some(format!("metric {metric} explain, district {district}")),
            request_id: None,
        })
        .await?;
    Ok((spec, members))
}

/// GET /api/v1/metrics/{metric}/explain — the cohort and counts for the caller's organization (audited).
async fn explain(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Path(metric): Path<String>,
    q: QueryMap,
) -> ApiResult<Json<Value>> {
    let asked = q.0.get("district").map(String::as_str);
    let (district, reach) = explain_district(&state, &p, asked).await?;
    let (spec, members) =
        explain_rows(&state, &p, &metric, &district, reach.agreement_id()).await?;
    let numerator = members.iter().filter(|m| m.numerator).count();
    Ok(Json(json!({
        "metric": spec_json(&spec),
        "district": district,
        "numerator": numerator,
        "denominator": members.len(),
        "cohort": *members,
    })))
}

/// Registers the metrics API.
pub fn register(t: &mut Routes) {
    let tag = "Outcomes";
    let by = |d: OpDoc| {
        d.param(
            "by",
            ParamLocation::Query,
            false,
            Type::String,
            "Only this grouping (sex, race_ethnicity, pathway, …)",
        )
    };
    t.add(
        Method::GET,
        "/api/v1/outcomes",
        Access::Public,
        outcomes,
        Some(
            by(OpDoc::new(
                tag,
                "public_outcomes",
                "Every metric's public, suppressed cells",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/outcomes/{metric}",
        Access::Public,
        outcome,
        Some(
            by(OpDoc::new(
                tag,
                "public_outcome",
                "One metric's public, suppressed cells",
            ))
            .param(
                "metric",
                ParamLocation::Path,
                true,
                Type::String,
                "Metric id (1S1, wioa_employment_q2, …)",
            )
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/metrics/results",
        STAFF,
        results,
        Some(
            by(OpDoc::new(
                tag,
                "metric_results",
                "Unsuppressed cells with equity gaps (staff)",
            ))
            .param(
                "metric",
                ParamLocation::Query,
                false,
                Type::String,
                "Only this metric",
            )
            .response(200, None)
            .errors(&[401, 403, 404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/metrics/{metric}/explain",
        STAFF,
        explain,
        Some(
            OpDoc::new(
                tag,
                "explain_metric",
                "A metric's cohort and counts for your organization's students (audited)",
            )
            .param(
                "metric",
                ParamLocation::Path,
                true,
                Type::String,
                "Metric id",
            )
            .param(
                "district",
                ParamLocation::Query,
                false,
                Type::String,
                "District id (the convener any; staff their own, the default, or one sharing its outcome records with them for program evaluation)",
            )
            .response(200, None)
            .errors(&[400, 401, 403, 404]),
        ),
    );
}
