//! The one place that decides who may do what.
//!
//! Every route is registered together with its [`Access`] rule; the
//! [`enforce`] middleware authenticates the request (session cookie or API
//! token), checks CSRF for cookie-authenticated writes, and then applies the
//! rule of the matched route. A route without a rule is refused (deny by
//! default), and `tests/access_matrix.rs` walks every route × role so a new
//! route cannot ship without an entry. Handlers never check roles; where a
//! write is scoped to an organization they ask [`may_write_for`].

use std::collections::{BTreeMap, HashMap, HashSet};

use axum::Router;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;

use crate::auth;
use crate::error::ApiError;
use crate::openapi::OpDoc;
use crate::state::AppState;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Signed-in users with one of these roles.
    Roles(&'static [Role]),
}

/// Convener administrators only.
pub const ADMIN: Access = Access::Roles(&[Role::ConvenerAdmin]);
/// Convener and partner staff.
pub const STAFF: Access = Access::Roles(&[Role::ConvenerAdmin, Role::PartnerStaff]);

impl Access {
    /// Whether `principal` satisfies the rule.
    pub fn allows(self, principal: Option<&Principal>) -> bool {
        match (self, principal) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::SignedIn, Some(_)) => true,
            (Access::Roles(roles), Some(p)) => roles.contains(&p.role),
        }
    }
}

/// Whether `p` may write a record owned by organization `owner` (None: a
/// region-wide record only the convener edits).
pub fn may_write_for(p: &Principal, owner: Option<Id>) -> bool {
    p.is_admin() || (owner.is_some() && p.organization_id == owner && p.role == Role::PartnerStaff)
}

/// The access rule of each (method, route path).
pub type Rules = HashMap<(Method, String), Access>;

/// The (method, route path) pairs that do bulk work and get the long time budget.
pub type LongRunning = HashSet<(Method, String)>;

/// A route table under construction: the router, its access rules and docs.
#[derive(Default)]
pub struct Routes {
    by_path: BTreeMap<&'static str, MethodRouter<AppState>>,
    rules: Rules,
    docs: Vec<OpDoc>,
    long_running: LongRunning,
}

/// A finished route table, taken apart for the application.
pub struct RouteParts {
    /// Every route.
    pub router: Router<AppState>,
    /// The access rule of each route.
    pub rules: Rules,
    /// The API documentation of each documented route.
    pub docs: Vec<OpDoc>,
    /// The routes that get the bulk time budget instead of the interactive one.
    pub long_running: LongRunning,
}

impl Routes {
    /// Registers `handler` for `method path` with its access rule and optional API doc.
    pub fn add<H, T>(
        &mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: H,
        doc: Option<OpDoc>,
    ) where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        let mr = on(filter, handler);
        let entry = self
            .by_path
            .remove(path)
            .map_or(mr.clone(), |prev| prev.merge(mr));
        self.by_path.insert(path, entry);
        let previous = self.rules.insert((method.clone(), path.to_owned()), access);
        debug_assert!(previous.is_none(), "route {method} {path} registered twice");
        if let Some(mut d) = doc {
            d.method = method;
            d.path = path;
            d.access = access;
            self.docs.push(d);
        }
    }

    /// Every registered (method, path) with its rule, for the access matrix test.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Gives a registered route the bulk time budget: it does work that
    /// grows with its upload (an import of tens of thousands of rows), which
    /// the interactive budget would cut off and roll back half-way.
    pub fn long_running(&mut self, method: Method, path: &'static str) {
        debug_assert!(
            self.rules.contains_key(&(method.clone(), path.to_owned())),
            "long_running({method} {path}) before the route is added"
        );
        self.long_running.insert((method, path.to_owned()));
    }

    /// The router, the rules, the API docs and the long-running routes.
    pub fn into_parts(self) -> RouteParts {
        let mut router = Router::new();
        for (path, mr) in self.by_path {
            router = router.route(path, mr);
        }
        RouteParts {
            router,
            rules: self.rules,
            docs: self.docs,
            long_running: self.long_running,
        }
    }
}

/// The signed-in user, if any, as the access layer established it.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Option<Principal>);

/// The session's CSRF token, present for cookie sessions (pages embed it in forms).
#[derive(Debug, Clone)]
pub struct Csrf(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .unwrap_or(CurrentUser(None)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Csrf {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Csrf>()
            .cloned()
            .unwrap_or(Csrf(None)))
    }
}

/// A signed-in user; the route's rule guarantees one exists.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentUser>() {
            Some(CurrentUser(Some(p))) => Ok(SignedIn(p.clone())),
            _ => Err(ApiError::Unauthorized),
        }
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn deny(path: &str, err: ApiError, original_uri: &str) -> Response {
    if !is_api(path) && matches!(err, ApiError::Unauthorized) {
        let next = serde_urlencoded::to_string([("next", original_uri)]).unwrap_or_default();
        return Redirect::to(&format!("/login?{next}")).into_response();
    }
    if !is_api(path) {
        let (status, _, title) = err.parts();
        return (
            status,
            crate::pages::error_page(status, title, &err.to_string()),
        )
            .into_response();
    }
    err.into_response()
}

const CSRF_FIELD: &str = "csrf_token";
const FORM_LIMIT: usize = 1024 * 1024;

/// Authenticates, checks CSRF on cookie writes, and applies the route's rule.
pub async fn enforce(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let uri = req.uri().to_string();
    let Some(path) = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
    else {
        return next.run(req).await;
    };
    let Some(rule) = state.rule(&method, &path) else {
        let allowed = state.methods(&path);
        if !allowed.is_empty() {
            // The path exists but not with this method.
            let allow = allowed
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let mut res = (
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed here; use {allow}"),
            )
                .into_response();
            if let Ok(v) = axum::http::HeaderValue::from_str(&allow) {
                res.headers_mut().insert(header::ALLOW, v);
            }
            return res;
        }
        tracing::error!(%method, %path, "route has no access rule; denied");
        return deny(
            &path,
            ApiError::Forbidden("this route has no access rule".into()),
            &uri,
        );
    };
    let auth = match auth::authenticate(&state, req.headers()).await {
        Ok(a) => a,
        Err(e) => return deny(&path, e, &uri),
    };
    let principal = auth.as_ref().map(|a| a.principal.clone());
    if !rule.allows(principal.as_ref()) {
        let err = if principal.is_none() {
            ApiError::Unauthorized
        } else {
            ApiError::Forbidden(format!(
                "your role may not {} {}",
                method.as_str().to_lowercase(),
                path
            ))
        };
        return deny(&path, err, &uri);
    }
    let unsafe_method = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    if unsafe_method && let Some(a) = &auth {
        match &a.via {
            auth::Via::Token { can_write: false } => {
                return deny(
                    &path,
                    ApiError::Forbidden("this API token is read-only".into()),
                    &uri,
                );
            }
            auth::Via::Token { .. } => {}
            auth::Via::Session { csrf, .. } => match check_csrf(req, csrf).await {
                Ok(r) => req = r,
                Err(e) => return deny(&path, e, &uri),
            },
        }
    }
    let csrf = match auth.as_ref().map(|a| &a.via) {
        Some(auth::Via::Session { csrf, .. }) => Some(csrf.clone()),
        _ => None,
    };
    req.extensions_mut().insert(CurrentUser(principal));
    req.extensions_mut().insert(Csrf(csrf));
    next.run(req).await
}

/// Cookie-authenticated writes must carry the session's CSRF token, in the
/// `X-CSRF-Token` header (scripts) or the `csrf_token` form field (pages).
async fn check_csrf(req: Request, expected: &str) -> Result<Request, ApiError> {
    let bad =
        || ApiError::Forbidden("missing or wrong CSRF token; reload the page and try again".into());
    if let Some(h) = req.headers().get("x-csrf-token") {
        return if auth::constant_time_eq(h.as_bytes(), expected.as_bytes()) {
            Ok(req)
        } else {
            Err(bad())
        };
    }
    if !is_form(req.headers()) {
        return Err(bad());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| ApiError::BadRequest {
            detail: "form too large".into(),
            params: vec![],
        })?;
    let token = form_urlencoded_field(&bytes, CSRF_FIELD);
    if !token.is_some_and(|t| auth::constant_time_eq(t.as_bytes(), expected.as_bytes())) {
        return Err(bad());
    }
    Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// 404 for anything unrouted, as problem+json for the API and a page otherwise.
pub async fn fallback(uri: axum::http::Uri) -> Response {
    let path = uri.path();
    if is_api(path) {
        ApiError::NotFound(format!("no API route {path}")).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            crate::pages::error_page(
                StatusCode::NOT_FOUND,
                "Page not found",
                "There is no page at this address.",
            ),
        )
            .into_response()
    }
}
