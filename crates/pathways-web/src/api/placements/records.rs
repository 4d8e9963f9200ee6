//! Where schools and sites are (for distance filters), and the students'
//! WBL records as the participant data contract's `wbl` table.

use axum::extract::State;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use pathways_store::placements::WblRecord;
use pathways_store::wbl::Near;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::access::{self, Routes, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, ValidJson};
use crate::openapi::OpDoc;
use crate::sharing::audit_reads;
use crate::state::AppState;

use super::PURPOSE;

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

/// The widest distance search, in miles: past a day's travel, distance no
/// longer narrows a region's opportunities.
pub const MAX_MILES: f64 = 500.0;

/// The point "my school" means for `p`: `school_id` if given, else the
/// student's school or the counselor's organization.
pub async fn near_school(
    state: &AppState,
    p: &Principal,
    school_id: Option<Id>,
    miles: f64,
) -> ApiResult<Near> {
    if !(miles > 0.0 && miles <= MAX_MILES) {
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

/// Registers this part of the placement routes.
pub(super) fn register(t: &mut Routes) {
    let tag = super::TAG;
    let id = super::id_param;
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
