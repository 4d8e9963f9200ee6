//! One error type for every handler, rendered as RFC 9457 problem details.
//!
//! Clients get `application/problem+json` with a stable `type`, a human
//! `title` and `detail`, and for bad input an `invalid-params` list naming
//! every field at fault (the extension member shown in RFC 9457 §3).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::FieldError;
use pathways_store::StoreError;
use serde::Serialize;

/// An error a handler returns.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request itself is malformed (JSON syntax, query parameters).
    #[error("{detail}")]
    BadRequest {
        /// Summary.
        detail: String,
        /// Each field at fault.
        params: Vec<FieldError>,
    },
    /// Well-formed input that breaks the rules.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Not signed in.
    #[error("sign in required")]
    Unauthorized,
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// The role may do this, but not to this record (another organization's).
    #[error("{0}")]
    OutOfScope(String),
    /// No such thing.
    #[error("{0}")]
    NotFound(String),
    /// The write conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// An update without `If-Match`.
    #[error("{0}")]
    PreconditionRequired(String),
    /// Too many attempts; try later.
    #[error("{detail}")]
    TooManyRequests {
        /// Explanation.
        detail: String,
        /// Seconds to wait.
        retry_after: u64,
    },
    /// The request used up its time budget; nothing it started was kept.
    #[error("{0}")]
    TimedOut(String),
    /// A service the request needs is not ready (e.g. no labor-market data loaded).
    #[error("{0}")]
    Unavailable(String),
    /// Something failed on our side; details are logged, not shown.
    #[error("internal error")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => ApiError::NotFound(e.to_string()),
            StoreError::Stale { .. } | StoreError::InUse { .. } => {
                ApiError::Conflict(e.to_string())
            }
            StoreError::Duplicate { field, message } => {
                ApiError::Invalid(vec![FieldError::new(field, message)])
            }
            StoreError::Invalid(errs) => ApiError::Invalid(errs),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

#[derive(Serialize)]
struct InvalidParam<'a> {
    name: &'a str,
    reason: &'a str,
}

/// The problem document (RFC 9457).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// This occurrence, in words.
    pub detail: String,
    /// Each invalid field and why.
    #[serde(rename = "invalid-params", skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub invalid_params: Vec<serde_json::Value>,
}

impl ApiError {
    /// Status, problem type slug and title.
    pub fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::BadRequest { .. } => {
                (StatusCode::BAD_REQUEST, "bad-request", "Malformed request")
            }
            ApiError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid input",
            ),
            ApiError::Unauthorized => {
                (StatusCode::UNAUTHORIZED, "unauthorized", "Sign in required")
            }
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            ApiError::OutOfScope(_) => (
                StatusCode::FORBIDDEN,
                "out-of-scope",
                "Not your organization's record",
            ),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict", "Conflict"),
            ApiError::PreconditionRequired(_) => (
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                "Version required",
            ),
            ApiError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many attempts",
            ),
            ApiError::TimedOut(_) => (StatusCode::REQUEST_TIMEOUT, "timed-out", "Took too long"),
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Not available yet",
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let (status, slug, title) = self.parts();
        let fields: &[FieldError] = match self {
            ApiError::BadRequest { params, .. } => params,
            ApiError::Invalid(p) => p,
            _ => &[],
        };
        let detail = match self {
            ApiError::Invalid(p) => format!(
                "{} field{} invalid: {}",
                p.len(),
                if p.len() == 1 { " is" } else { "s are" },
                p.iter()
                    .map(|e| format!("{} ({})", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            ApiError::Internal(_) => "an internal error occurred; it has been logged".to_owned(),
            other => other.to_string(),
        };
        Problem {
            kind: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            invalid_params: fields
                .iter()
                .map(|f| {
                    serde_json::to_value(InvalidParam {
                        name: &f.field,
                        reason: &f.message,
                    })
                    .unwrap_or_default()
                })
                .collect(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(msg) = &self {
            tracing::error!(error = %msg, "request failed");
        }
        let (status, _, _) = self.parts();
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::TooManyRequests { retry_after, .. } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"pathways\""),
            );
        }
        res
    }
}

/// Handler result.
pub type ApiResult<T> = Result<T, ApiError>;
