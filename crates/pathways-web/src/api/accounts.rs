//! Sign-in, sessions, API tokens, users and the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use pathways_store::accounts::{NewUser, TokenInfo};
use pathways_store::audit::{AuditEntry, AuditQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ComponentsBuilder, Type};

use crate::access::{self, Access, CurrentUser, Routes, SignedIn};
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{IdPath, QueryMap, ValidJson};
use crate::openapi::{OpDoc, ParamLocation};
use crate::state::AppState;

/// Credentials for signing in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// E-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    /// Who signed in.
    pub user: Principal,
    /// Send as `X-CSRF-Token` on writes made with the session cookie.
    pub csrf_token: String,
}

async fn login(
    State(state): State<AppState>,
    ValidJson(req): ValidJson<LoginRequest>,
) -> ApiResult<Response> {
    let ok = auth::login(&state, &req.email, &req.password).await?;
    let cookie = auth::session_cookie(&state, &ok.session_token);
    let body = SessionInfo {
        user: ok.user.principal(true),
        csrf_token: ok.csrf,
    };
    let mut res = Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

async fn logout(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    if let Some(a) = auth::authenticate(&state, &headers).await?
        && let auth::Via::Session { token_hash, .. } = a.via
    {
        state.store().delete_session(&token_hash).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(&state)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

async fn logout_everywhere(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Response> {
    state.store().logout_everywhere(p.user_id).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(&state)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

async fn me(CurrentUser(p): CurrentUser) -> ApiResult<Json<Principal>> {
    p.map(Json).ok_or(ApiError::Unauthorized)
}

/// A request for a new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    /// A name to recognize it by ("nightly export").
    pub name: String,
    /// `read` (default) or `write`.
    #[serde(default = "default_scope")]
    pub scope: String,
}

fn default_scope() -> String {
    "read".into()
}

/// A newly created token; the secret is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewToken {
    /// Id (to revoke it).
    pub id: Id,
    /// The secret: send as `Authorization: Bearer …`. Not retrievable later.
    pub token: String,
    /// Scope.
    pub scope: String,
}

/// Creates an API token for `user_id`; shared by the API and the CLI.
pub async fn issue_token(
    state: &pathways_store::Store,
    user_id: Id,
    name: &str,
    scope: &str,
) -> ApiResult<NewToken> {
    let mut problems = Vec::new();
    if name.trim().is_empty() || name.len() > 100 {
        problems.push(FieldError::new("name", "must be 1 to 100 characters"));
    }
    if scope != "read" && scope != "write" {
        problems.push(FieldError::new("scope", "must be read or write"));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let token = format!("{}{}", auth::TOKEN_PREFIX, auth::new_secret());
    let id = state
        .create_token(user_id, name.trim(), &auth::digest(&token), scope)
        .await?;
    Ok(NewToken {
        id,
        token,
        scope: scope.to_owned(),
    })
}

async fn create_token(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    ValidJson(req): ValidJson<NewTokenRequest>,
) -> ApiResult<(StatusCode, Json<NewToken>)> {
    let t = issue_token(state.store(), p.user_id, &req.name, &req.scope).await?;
    Ok((StatusCode::CREATED, Json(t)))
}

async fn list_tokens(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<Vec<TokenInfo>>> {
    Ok(Json(state.store().tokens(p.user_id).await?))
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    IdPath(id): IdPath,
) -> ApiResult<StatusCode> {
    if state.store().revoke_token(p.user_id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("you have no live token {id}")))
    }
}

/// A new user account (admins only).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    /// Login e-mail.
    pub email: String,
    /// Name shown on pages.
    pub display_name: String,
    /// Initial password (at least 12 characters).
    pub password: String,
    /// Role.
    pub role: Role,
    /// Organization scope (partner staff, counselors, employers).
    #[serde(default)]
    pub organization_id: Option<Id>,
    /// Student scope (students, families).
    #[serde(default)]
    pub student_ref: Option<String>,
}

/// Validates and creates a user; shared by the API and `pathways admin create`.
pub async fn create_user_checked(
    store: &pathways_store::Store,
    req: &NewUserRequest,
) -> ApiResult<Principal> {
    let mut problems = Vec::new();
    if !req.email.contains('@') || req.email.len() > 254 {
        problems.push(FieldError::new("email", "must be an e-mail address"));
    }
    if req.display_name.trim().is_empty() {
        problems.push(FieldError::new("display_name", "must not be empty"));
    }
    if let Some(m) = auth::password_problems(&req.password) {
        problems.push(FieldError::new("password", m));
    }
    let needs_org = matches!(
        req.role,
        Role::PartnerStaff | Role::Counselor | Role::Employer
    );
    if needs_org && req.organization_id.is_none() {
        problems.push(FieldError::new(
            "organization_id",
            format!(
                "a {} acts for an organization; name it",
                req.role.title().to_lowercase()
            ),
        ));
    }
    let needs_student = matches!(req.role, Role::Student | Role::Family);
    if needs_student && req.student_ref.is_none() {
        problems.push(FieldError::new(
            "student_ref",
            "students and family members must name the student",
        ));
    }
    if let Some(org) = req.organization_id
        && store
            .get::<pathways_domain::catalog::OrganizationInput>(org)
            .await
            .is_err()
    {
        problems.push(FieldError::new(
            "organization_id",
            format!("organization {org} does not exist"),
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let user = store
        .create_user(&NewUser {
            email: req.email.clone(),
            display_name: req.display_name.trim().to_owned(),
            password_hash: auth::hash_password(&req.password)?,
            role: req.role,
            organization_id: req.organization_id,
            student_ref: req.student_ref.clone(),
        })
        .await?;
    Ok(user.principal(true))
}

async fn create_user(
    State(state): State<AppState>,
    ValidJson(req): ValidJson<NewUserRequest>,
) -> ApiResult<(StatusCode, Json<Principal>)> {
    Ok((
        StatusCode::CREATED,
        Json(create_user_checked(state.store(), &req).await?),
    ))
}

/// A user as listed for admins (no secrets).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserSummary {
    /// Id.
    pub id: Id,
    /// E-mail.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Organization scope.
    pub organization_id: Option<Id>,
    /// Locked after failed sign-ins, until.
    pub locked_until: Option<String>,
}

async fn list_users(State(state): State<AppState>) -> ApiResult<Json<Vec<UserSummary>>> {
    let users = state.store().users().await?;
    Ok(Json(
        users
            .into_iter()
            .map(|u| UserSummary {
                id: u.id,
                email: u.email,
                display_name: u.display_name,
                role: u.role,
                organization_id: u.organization_id,
                locked_until: u.locked_until,
            })
            .collect(),
    ))
}

async fn audit_log(State(state): State<AppState>, q: QueryMap) -> ApiResult<Response> {
    let mut query = AuditQuery {
        limit: 1000,
        ..Default::default()
    };
    let mut csv = false;
    let mut problems = Vec::new();
    for (k, v) in &q.0 {
        if v.is_empty() {
            problems.push(FieldError::new(
                k,
                "must not be empty (leave the parameter out instead)",
            ));
            continue;
        }
        match k.as_str() {
            "actor_user_id" => match v.parse() {
                Ok(n) => query.actor_user_id = Some(n),
                Err(_) => problems.push(FieldError::new(k, "must be an integer")),
            },
            "entity" => query.entity = Some(v.clone()),
            "since" => query.since = Some(v.clone()),
            "limit" => match v.parse::<u32>() {
                Ok(n) if (1..=10_000).contains(&n) => query.limit = n,
                _ => problems.push(FieldError::new(k, "must be 1 to 10000")),
            },
            "format" => match v.as_str() {
                "csv" => csv = true,
                "json" => {}
                _ => problems.push(FieldError::new(k, "must be json or csv")),
            },
            _ => problems.push(FieldError::new(k, "unknown query parameter")),
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::BadRequest {
            detail: "invalid audit query".into(),
            params: problems,
        });
    }
    let entries = state.store().audit_entries(&query).await?;
    if !csv {
        return Ok(Json(entries).into_response());
    }
    let mut out = String::from(
        "id,at,actor_user_id,actor_role,action,entity,record_ids,agreement_id,purpose,request_id\n",
    );
    for e in &entries {
        let field = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            e.id.unwrap_or_default(),
            field(&e.at),
            e.actor_user_id.map(|x| x.to_string()).unwrap_or_default(),
            field(&e.actor_role),
            field(&e.action),
            field(&e.entity),
            field(&e.record_ids),
            e.agreement_id.map(|x| x.to_string()).unwrap_or_default(),
            field(e.purpose.as_deref().unwrap_or("")),
            field(e.request_id.as_deref().unwrap_or("")),
        ));
    }
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], out).into_response())
}

/// Registers the account routes.
pub fn register(t: &mut Routes) {
    let tag = "Accounts";
    t.add(
        Method::POST,
        "/api/v1/session",
        Access::Public,
        login,
        Some(
            OpDoc::new(tag, "login", "Sign in (sets the session cookie)")
                .request("LoginRequest")
                .response(200, Some("SessionInfo".into()))
                .errors(&[400, 401, 429]),
        ),
    );
    t.add(
        Method::DELETE,
        "/api/v1/session",
        Access::Public,
        logout,
        Some(OpDoc::new(tag, "logout", "Sign out of this session").response(204, None)),
    );
    t.add(
        Method::POST,
        "/api/v1/session/everywhere",
        Access::SignedIn,
        logout_everywhere,
        Some(OpDoc::new(tag, "logout_everywhere", "Sign out of every session").response(204, None)),
    );
    t.add(
        Method::GET,
        "/api/v1/me",
        Access::SignedIn,
        me,
        Some(OpDoc::new(tag, "me", "Who am I").response(200, Some("Principal".into()))),
    );
    t.add(
        Method::GET,
        "/api/v1/tokens",
        Access::SignedIn,
        list_tokens,
        Some(OpDoc::new(tag, "list_tokens", "My API tokens").response(200, None)),
    );
    t.add(
        Method::POST,
        "/api/v1/tokens",
        Access::SignedIn,
        create_token,
        Some(
            OpDoc::new(tag, "create_token", "Create an API token")
                .request("NewTokenRequest")
                .response(201, Some("NewToken".into()))
                .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::DELETE,
        "/api/v1/tokens/{id}",
        Access::SignedIn,
        revoke_token,
        Some(
            OpDoc::new(tag, "revoke_token", "Revoke an API token")
                .param("id", ParamLocation::Path, true, Type::Integer, "Token id")
                .response(204, None)
                .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/users",
        access::ADMIN,
        list_users,
        Some(OpDoc::new(tag, "list_users", "List users").response(200, None)),
    );
    t.add(
        Method::POST,
        "/api/v1/users",
        access::ADMIN,
        create_user,
        Some(
            OpDoc::new(tag, "create_user", "Create a user")
                .request("NewUserRequest")
                .response(201, Some("Principal".into()))
                .errors(&[400, 422]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/audit",
        access::ADMIN,
        audit_log,
        Some(
            OpDoc::new(
                tag,
                "audit_log",
                "Read or export (format=csv) the audit log of student-record access",
            )
            .param(
                "actor_user_id",
                ParamLocation::Query,
                false,
                Type::Integer,
                "Only this user",
            )
            .param(
                "entity",
                ParamLocation::Query,
                false,
                Type::String,
                "Only this kind of record",
            )
            .param(
                "since",
                ParamLocation::Query,
                false,
                Type::String,
                "From this RFC 3339 time",
            )
            .param(
                "limit",
                ParamLocation::Query,
                false,
                Type::Integer,
                "At most this many (default 1000)",
            )
            .range(1, 10_000)
            .param(
                "format",
                ParamLocation::Query,
                false,
                Type::String,
                "json (default) or csv",
            )
            .allowed(&["json", "csv"])
            .response(200, None)
            .errors(&[400]),
        ),
    );
}

/// Adds the account schemas.
pub fn components(c: ComponentsBuilder) -> ComponentsBuilder {
    use crate::openapi::with_deps;
    let c = with_deps::<LoginRequest>(c);
    let c = with_deps::<SessionInfo>(c);
    let c = with_deps::<Principal>(c);
    let c = with_deps::<NewTokenRequest>(c);
    let c = with_deps::<NewToken>(c);
    let c = with_deps::<NewUserRequest>(c);
    with_deps::<AuditEntry>(c)
}
