//! The HTTP edge of Pathways: the JSON API under `/api/v1` (described by an
//! OpenAPI 3.1 document at `/api/openapi.json`), server-rendered pages, and
//! the one authentication and access layer every route passes through.

pub mod access;
pub mod api;
pub mod auth;
pub mod cache;
pub mod deadline;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod pages;
pub mod pathway_map;
pub mod sharing;
pub mod state;
pub mod timing;

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, Request, header};
use axum::response::IntoResponse;
use axum::{Router, middleware};
use pathways_store::Store;
use tower::ServiceBuilder;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::schema::ComponentsBuilder;

use crate::access::{Access, Routes};
pub use crate::state::{AppState, WebConfig};

/// Content Security Policy: no inline script or style, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

async fn openapi_json(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.openapi().to_owned(),
    )
}

/// Every route with its access rule and docs.
pub fn route_table() -> Routes {
    let mut t = Routes::default();
    t.add(
        Method::GET,
        "/healthz",
        Access::Public,
        api::health::healthz,
        None,
    );
    t.add(
        Method::GET,
        "/readyz",
        Access::Public,
        api::health::readyz,
        None,
    );
    t.add(
        Method::GET,
        "/api/openapi.json",
        Access::Public,
        openapi_json,
        None,
    );
    t.add(
        Method::GET,
        "/static/app.css",
        Access::Public,
        stylesheet,
        None,
    );
    api::catalog::register(&mut t);
    api::accounts::register(&mut t);
    api::imports::register(&mut t);
    api::wbl::register(&mut t);
    api::lmi::register(&mut t);
    api::lmi::register_inputs(&mut t);
    api::partnership::register(&mut t);
    api::advising::register(&mut t);
    api::metrics::register(&mut t);
    api::placements::register(&mut t);
    api::maps::register(&mut t);
    pages::register(&mut t);
    t
}

/// Every HTML page route (GET, outside `/api`, not a download, health check
/// or the stylesheet) with who may open it: `public` when anyone may, then
/// each role allowed. The page benchmark (`bench/pages/run.sh`) requests
/// these, so a page added to the router is benchmarked without editing it.
pub fn page_routes() -> Vec<(String, Vec<&'static str>)> {
    use pathways_domain::access::{Principal, Role};
    let is_page = |path: &str| {
        !(path.starts_with("/api/")
            || path.starts_with("/static/")
            || matches!(path, "/healthz" | "/readyz")
            || [".csv", ".json", ".svg", ".geojson"]
                .iter()
                .any(|x| path.ends_with(x)))
    };
    let table = route_table();
    let mut out: Vec<(String, Vec<&'static str>)> = table
        .rules()
        .iter()
        .filter(|((m, path), _)| *m == Method::GET && is_page(path))
        .map(|((_, path), access)| {
            let mut who = Vec::new();
            if access.allows(None) {
                who.push("public");
            }
            for role in Role::ALL {
                let p = Principal {
                    user_id: 0,
                    display_name: String::new(),
                    role: *role,
                    organization_id: None,
                    student_ref: None,
                    can_write: false,
                };
                if access.allows(Some(&p)) {
                    who.push(role.as_str());
                }
            }
            (path.clone(), who)
        })
        .collect();
    out.sort();
    out
}

/// The OpenAPI document as JSON.
pub fn openapi_document(docs: &[openapi::OpDoc]) -> String {
    // One line per API area: each adds its schemas to the document.
    let areas: &[fn(ComponentsBuilder) -> ComponentsBuilder] = &[
        api::catalog::components,
        api::accounts::components,
        api::wbl::components,
        api::lmi::components,
        api::partnership::components,
        api::advising::components,
        api::placements::components,
        api::maps::components,
    ];
    let components = areas.iter().fold(ComponentsBuilder::new(), |c, add| add(c));
    let doc = openapi::document(docs, components);
    doc.to_pretty_json().unwrap_or_else(|_| "{}".to_owned())
}

/// The whole application: routes, access layer and the middleware stack.
pub fn app(store: Store, config: WebConfig) -> Router {
    let access::RouteParts {
        router,
        rules,
        docs,
        long_running,
    } = route_table().into_parts();
    let openapi = openapi_document(&docs);
    let state = AppState::new(store, config.clone(), rules, long_running, openapi);
    if config.warm_lmi && tokio::runtime::Handle::try_current().is_ok() {
        let warm = state.clone();
        tokio::spawn(async move {
            if let Err(e) = warm.lmi().await {
                tracing::info!(error = %e, "labor-market data not loaded yet");
            }
        });
    }
    let x_request_id = HeaderName::from_static("x-request-id");
    let mut security = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if config.hsts {
        security.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    let mut router = router
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            access::enforce,
        ))
        // Outside the access check, so signing in counts against the budget too.
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            deadline::limit,
        ))
        // Outermost route layer: the span names the route before anything logs.
        .route_layer(middleware::from_fn(record_route))
        .fallback(access::fallback)
        .with_state(state);
    for (name, value) in security {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router.layer(
        ServiceBuilder::new()
            .layer(middleware::from_fn(timing::server_timing))
            .layer(SetRequestIdLayer::new(
                x_request_id.clone(),
                MakeRequestUuid,
            ))
            .layer(
                // No path or query string: both can carry names, emails and
                // student ids. The route template is filled in once matched
                // (`record_route`).
                TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req
                        .extensions()
                        .get::<RequestId>()
                        .and_then(|r| r.header_value().to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        route = tracing::field::Empty,
                        request_id = %id
                    )
                }),
            )
            .layer(PropagateRequestIdLayer::new(x_request_id))
            // The ceiling for everything, unmatched requests included; each
            // matched route's own budget is applied by `deadline::limit`.
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(config.bulk_timeout_secs.max(config.request_timeout_secs)),
            ))
            .layer(axum::extract::DefaultBodyLimit::max(config.body_limit)),
    )
}

/// Records the matched route template (`/api/v1/plans/{student}`) on the
/// request's span. The span is made before routing, when only the raw path
/// is known, and the raw path is what must stay out of the logs: it can
/// carry a student's id, name or email (FERPA, 34 CFR 99.3 "personally
/// identifiable information"). Unmatched requests keep no route at all.
async fn record_route(
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    if let Some(m) = req.extensions().get::<axum::extract::MatchedPath>() {
        tracing::Span::current().record("route", tracing::field::display(m.as_str()));
    }
    next.run(req).await
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
