//! Catalog CSV import over HTTP: the same all-or-nothing, idempotent import
//! as `pathways import`, for conveners working from the browser or scripts.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::Method;
use pathways_domain::FieldError;
use pathways_store::interchange::{CatalogEntity, ImportError, ImportSummary};
use utoipa::openapi::schema::Type;

use crate::access::{self, Routes};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

/// Largest CSV an import accepts over HTTP.
pub const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

async fn import(
    State(state): State<AppState>,
    Path(entity): Path<String>,
    body: Body,
) -> ApiResult<Json<ImportSummary>> {
    let e = CatalogEntity::parse(&entity).ok_or_else(|| {
        let all: Vec<&str> = CatalogEntity::ALL.iter().map(|e| e.name()).collect();
        ApiError::NotFound(format!(
            "no catalog entity {entity:?}; imports take: {}",
            all.join(", ")
        ))
    })?;
    let bytes = axum::body::to_bytes(body, IMPORT_LIMIT)
        .await
        .map_err(|_| ApiError::BadRequest {
            detail: format!("the file is larger than {} MiB", IMPORT_LIMIT / 1024 / 1024),
            params: vec![FieldError::new("body", "too large")],
        })?;
    tracing::info!(entity = e.name(), bytes = bytes.len(), "import started");
    let name = format!("{}.csv", e.name());
    match state
        .store()
        .import_csv(e, &name, bytes.as_ref(), &|_, _| {})
        .await
    {
        Ok(summary) => {
            tracing::info!(entity = e.name(), rows = summary.rows, "import finished");
            Ok(Json(summary))
        }
        Err(ImportError::Rows { problems, .. }) => Err(ApiError::Invalid(
            problems
                .into_iter()
                .map(|p| FieldError::new(format!("line {}, column {}", p.line, p.column), p.reason))
                .collect(),
        )),
        Err(ImportError::Store(s)) => Err(s.into()),
    }
}

/// Registers the import route.
pub fn register(t: &mut Routes) {
    t.add(
        Method::POST,
        "/api/v1/imports/{entity}",
        access::ADMIN,
        import,
        Some(
            OpDoc::new("Catalog", "import_csv", "Import a catalog CSV (all rows or nothing; re-importing is a no-op)")
                .param("entity", ParamLocation::Path, true, Type::String, "regions, organizations, occupations, industries, programs, courses, credentials or pathways")
                .response(200, None)
                .errors(&[400, 404, 422]),
        ),
    );
    t.long_running(Method::POST, "/api/v1/imports/{entity}");
}
