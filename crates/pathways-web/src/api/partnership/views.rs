//! Region views of the partnership: alerts, status, responsibilities
//! coverage, braided funding, the asset map and settings.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use pathways_domain::catalog::{Id, Stored};
use pathways_domain::partnership::*;
use pathways_store::Store;
use pathways_store::partnership::Partnership;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::Type;

use crate::access::{self, Routes};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, ValidJson};
use crate::openapi::{OpDoc, ParamLocation};
use crate::sharing::today;
use crate::state::AppState;

const TAG: &str = "Partnership";

/// An alert with words and a link for people.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertView {
    /// Kind (meeting_overdue, agreement_expiring, …).
    pub kind: &'static str,
    /// One sentence.
    pub message: String,
    /// Where to act on it.
    pub href: String,
    /// The alert's data.
    pub detail: Alert,
}

/// Where the convener acts on an alert.
pub fn alert_href(a: &Alert) -> String {
    match a {
        Alert::MeetingOverdue { .. } => "/partnership/meetings".into(),
        Alert::AgreementExpiring { id, .. } | Alert::AgreementExpired { id, .. } => {
            format!("/partnership/agreements#agreement-{id}")
        }
        Alert::ActionItemOverdue { .. } => "/partnership/meetings#actions".into(),
        Alert::UnownedResponsibilities { .. } => "/partnership/responsibilities".into(),
        Alert::GoalOffTrack { id, .. } => format!("/partnership/goals#goal-{id}"),
        Alert::MissingSectors { .. } => "/partnership/team".into(),
    }
}

/// The alerts of a partnership on `today`, most urgent first.
pub fn alert_views(p: &Partnership, today: Date) -> Vec<AlertView> {
    alerts(&p.snapshot(today))
        .into_iter()
        .map(|a| AlertView {
            kind: a.kind(),
            message: a.message(),
            href: alert_href(&a),
            detail: a,
        })
        .collect()
}

/// An agreement's place in its lifecycle.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementState {
    /// Agreement.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: AgreementKind,
    /// Lifecycle stage today.
    pub lifecycle: Lifecycle,
    /// Expiry.
    pub expires_on: Option<Date>,
}

/// A goal and whether it is on track.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalState {
    /// Goal.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Metric.
    pub metric_id: String,
    /// Track.
    pub track: GoalTrack,
    /// Progress toward the target, 0–1.
    pub progress: Option<f64>,
}

/// The state of a region's partnership on one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnershipStatus {
    /// Region.
    pub region_id: Id,
    /// The day.
    pub today: Date,
    /// Meeting cadence.
    pub cadence: Cadence,
    /// Active team members.
    pub team_members: usize,
    /// Required sectors nobody represents.
    pub missing_sectors: Vec<RequiredSector>,
    /// Meetings on record.
    pub meetings: usize,
    /// The last meeting held.
    pub last_meeting: Option<Date>,
    /// Open action items.
    pub open_action_items: usize,
    /// Agreements and their lifecycle.
    pub agreements: Vec<AgreementState>,
    /// Matrix cells nobody owns, of 42.
    pub unowned_cells: usize,
    /// Goals and their track.
    pub goals: Vec<GoalState>,
    /// Alerts, most urgent first.
    pub alerts: Vec<AlertView>,
}

/// The status of a region's partnership on `today` (used by the API, pages and CLI).
pub async fn status(store: &Store, region_id: Id, today: Date) -> ApiResult<PartnershipStatus> {
    let p = store.partnership(region_id).await?;
    Ok(status_of(&p, region_id, today))
}

/// The status of an already-read partnership.
pub fn status_of(p: &Partnership, region_id: Id, today: Date) -> PartnershipStatus {
    let snap = p.snapshot(today);
    let rs: Vec<ResponsibilityInput> = p
        .responsibilities
        .iter()
        .map(|r| r.fields.clone())
        .collect();
    PartnershipStatus {
        region_id,
        today,
        cadence: p.settings.meeting_cadence,
        team_members: p.team.iter().filter(|m| m.fields.active).count(),
        missing_sectors: missing_sectors(&snap.team_sectors),
        meetings: p.meetings.len(),
        last_meeting: snap.meetings.iter().copied().filter(|d| *d <= today).max(),
        open_action_items: p
            .action_items
            .iter()
            .filter(|a| a.fields.status == ActionStatus::Open)
            .count(),
        agreements: p
            .agreements
            .iter()
            .map(|a| AgreementState {
                id: a.meta.id,
                title: a.fields.title.clone(),
                kind: a.fields.kind,
                lifecycle: a.fields.lifecycle(today, p.settings.expiry_warning_days),
                expires_on: a.fields.expires_on,
            })
            .collect(),
        unowned_cells: unowned_cells(&rs).len(),
        goals: p
            .goals
            .iter()
            .map(|g| GoalState {
                id: g.meta.id,
                title: g.fields.title.clone(),
                metric_id: g.fields.metric_id.clone(),
                track: g.fields.track(),
                progress: g.fields.progress(),
            })
            .collect(),
        alerts: alert_views(p, today),
    }
}

async fn get_status(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<PartnershipStatus>> {
    Ok(Json(status(state.store(), id, today()).await?))
}

async fn get_alerts(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<AlertView>>> {
    let p = state.store().partnership(id).await?;
    Ok(Json(alert_views(&p, today())))
}

/// One cell of the responsibilities matrix with who owns what in it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageCell {
    /// Row.
    pub stakeholder: Stakeholder,
    /// Column.
    pub component: Component,
    /// Responsibilities in the cell.
    pub responsibilities: Vec<Id>,
    /// Organizations that own at least one.
    pub owners: Vec<Id>,
}

/// The matrix, cell by cell, in row-major order.
pub fn coverage(rs: &[Stored<ResponsibilityInput>]) -> Vec<CoverageCell> {
    let mut out = Vec::new();
    for s in Stakeholder::ALL {
        for c in Component::ALL {
            let here: Vec<&Stored<ResponsibilityInput>> = rs
                .iter()
                .filter(|r| r.fields.stakeholder == *s && r.fields.component == *c)
                .collect();
            let mut owners: Vec<Id> = here
                .iter()
                .filter_map(|r| r.fields.organization_id)
                .collect();
            owners.dedup();
            out.push(CoverageCell {
                stakeholder: *s,
                component: *c,
                responsibilities: here.iter().map(|r| r.meta.id).collect(),
                owners,
            });
        }
    }
    out
}

async fn get_coverage(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<CoverageCell>>> {
    let rs = state.store().region_all::<ResponsibilityInput>(id).await?;
    Ok(Json(coverage(&rs)))
}

/// Braided funding of a region, per pathway and year.
pub async fn funding(store: &Store, region_id: Id) -> ApiResult<Vec<BraidedFunding>> {
    let streams: Vec<(Id, FundingStreamInput)> = store
        .region_all::<FundingStreamInput>(region_id)
        .await?
        .into_iter()
        .map(|s| (s.meta.id, s.fields))
        .collect();
    let allocations: Vec<FundingAllocationInput> = store
        .region_all::<FundingAllocationInput>(region_id)
        .await?
        .into_iter()
        .map(|a| a.fields)
        .collect();
    Ok(braided(&streams, &allocations))
}

async fn get_funding(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<BraidedFunding>>> {
    Ok(Json(funding(state.store(), id).await?))
}

/// The region's asset map: catalog programs and hand-entered initiatives.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssetMap {
    /// Programs of the catalog offered in the region.
    pub programs: Vec<serde_json::Value>,
    /// Initiatives entered by hand.
    pub initiatives: Vec<Stored<InitiativeInput>>,
    /// Where the labor-market gap view is.
    pub gaps_href: String,
}

/// Reads the asset map.
pub async fn assets(store: &Store, region_id: Id) -> ApiResult<AssetMap> {
    let (programs, _) = crate::api::lmi::catalog_of(store, region_id).await?;
    Ok(AssetMap {
        programs: programs
            .into_iter()
            .map(|p| serde_json::json!({"id": p.id, "name": p.name, "cip": p.cip, "kind": p.kind, "provider": p.provider, "seats": p.seats}))
            .collect(),
        initiatives: store.region_all(region_id).await?,
        gaps_href: "/lmi/gaps".into(),
    })
}

async fn get_assets(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<AssetMap>> {
    Ok(Json(assets(state.store(), id).await?))
}

async fn get_settings(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<Json<PartnershipSettingsInput>> {
    state
        .store()
        .get::<pathways_domain::catalog::RegionInput>(id)
        .await?;
    Ok(Json(state.store().partnership_settings(id).await?))
}

async fn put_settings(
    State(state): State<AppState>,
    IdPath(id): IdPath,
    ValidJson(s): ValidJson<PartnershipSettingsInput>,
) -> ApiResult<Json<PartnershipSettingsInput>> {
    if s.region_id != id {
        return Err(ApiError::Invalid(vec![pathways_domain::FieldError::new(
            "region_id",
            "must match the region in the path",
        )]));
    }
    state.store().save_partnership_settings(&s).await?;
    Ok(Json(state.store().partnership_settings(id).await?))
}

/// How many defaults were added.
#[derive(Debug, Serialize, ToSchema)]
pub struct Seeded {
    /// Records created.
    pub created: usize,
}

async fn post_defaults(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> ApiResult<(StatusCode, Json<Seeded>)> {
    state
        .store()
        .get::<pathways_domain::catalog::RegionInput>(id)
        .await?;
    let created = state.store().seed_partnership_defaults(id).await?;
    Ok((StatusCode::CREATED, Json(Seeded { created })))
}

fn region(d: OpDoc) -> OpDoc {
    d.param("id", ParamLocation::Path, true, Type::Integer, "Region")
}

/// Registers the region views.
pub fn register(t: &mut Routes) {
    let staff = access::STAFF;
    t.add(
        Method::GET,
        "/api/v1/partnership/regions/{id}/status",
        staff,
        get_status,
        Some(
            region(OpDoc::new(
                TAG,
                "partnership_status",
                "Team, meetings, agreements, coverage, goals and alerts",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/partnership/regions/{id}/alerts",
        staff,
        get_alerts,
        Some(
            region(OpDoc::new(
                TAG,
                "partnership_alerts",
                "What needs attention, most urgent first",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/partnership/regions/{id}/coverage",
        staff,
        get_coverage,
        Some(
            region(OpDoc::new(
                TAG,
                "partnership_coverage",
                "The responsibilities matrix cell by cell",
            ))
            .response(200, None),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/partnership/regions/{id}/funding",
        staff,
        get_funding,
        Some(
            region(OpDoc::new(
                TAG,
                "partnership_funding",
                "Braided funding per pathway and year",
            ))
            .response(200, None),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/partnership/regions/{id}/assets",
        staff,
        get_assets,
        Some(
            region(OpDoc::new(
                TAG,
                "partnership_assets",
                "Asset map: programs and initiatives",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/partnership/regions/{id}/settings",
        staff,
        get_settings,
        Some(
            region(OpDoc::new(
                TAG,
                "get_partnership_settings",
                "Meeting cadence and expiry warning",
            ))
            .response(200, Some("PartnershipSettingsInput".into()))
            .errors(&[404]),
        ),
    );
    t.add(
        Method::PUT,
        "/api/v1/partnership/regions/{id}/settings",
        access::ADMIN,
        put_settings,
        Some(
            region(OpDoc::new(
                TAG,
                "put_partnership_settings",
                "Set the meeting cadence and expiry warning",
            ))
            .request("PartnershipSettingsInput")
            .response(200, Some("PartnershipSettingsInput".into()))
            .errors(&[400, 404, 422]),
        ),
    );
    t.add(
        Method::POST,
        "/api/v1/partnership/regions/{id}/defaults",
        access::ADMIN,
        post_defaults,
        Some(
            region(OpDoc::new(
                TAG,
                "seed_partnership_defaults",
                "Add the default responsibilities and rubric",
            ))
            .response(201, None)
            .errors(&[404]),
        ),
    );
}
