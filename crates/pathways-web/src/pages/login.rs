//! Sign-in and sign-out pages (forms, no JavaScript).

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use crate::access::{Access, CurrentUser, Routes};
use crate::auth;
use crate::error::ApiError;
use crate::extract::QueryMap;
use crate::pages::Page;
use crate::state::AppState;

fn safe_next(next: Option<&String>) -> String {
    // Only same-site relative paths, never "//evil.example".
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") => n.clone(),
        _ => "/".to_owned(),
    }
}

fn form(next: &str, error: Option<&str>, email: &str) -> Response {
    let status = if error.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    let page = Page {
        title: "Sign in".into(),
        nav: "",
        user: None,
        csrf: None,
        body: html! {
            div.login.card {
                @if let Some(e) = error { div.alert.bad role="alert" { (e) } }
                form method="post" action="/login" {
                    input type="hidden" name="next" value=(next);
                    div.field { label for="email" { "E-mail" } input #email type="email" name="email" value=(email) autocomplete="username" required; }
                    div.field { label for="password" { "Password" } input #password type="password" name="password" autocomplete="current-password" required; }
                    button type="submit" { "Sign in" }
                }
            }
        },
    };
    (status, page).into_response()
}

async fn login_form(q: QueryMap, CurrentUser(user): CurrentUser) -> Response {
    if user.is_some() {
        return Redirect::to(&safe_next(q.0.get("next"))).into_response();
    }
    form(&safe_next(q.0.get("next")), None, "")
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

async fn login_submit(State(state): State<AppState>, Form(f): Form<LoginForm>) -> Response {
    let next = safe_next(f.next.as_ref());
    match auth::login(&state, &f.email, &f.password).await {
        Ok(ok) => {
            let mut res = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&auth::session_cookie(&state, &ok.session_token)) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            res
        }
        Err(ApiError::TooManyRequests { detail, .. }) => form(&next, Some(&detail), &f.email),
        Err(ApiError::Unauthorized) => form(
            &next,
            Some("That e-mail and password do not match an account."),
            &f.email,
        ),
        Err(e) => e.into_response(),
    }
}

async fn logout_submit(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Ok(Some(a)) = auth::authenticate(&state, &headers).await
        && let auth::Via::Session { token_hash, .. } = a.via
        && let Err(e) = state.store().delete_session(&token_hash).await
    {
        tracing::warn!(error = %e, "could not end session");
    }
    let mut res = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(&state)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// Registers the sign-in pages.
pub fn register(t: &mut Routes) {
    t.add(Method::GET, "/login", Access::Public, login_form, None);
    t.add(Method::POST, "/login", Access::Public, login_submit, None);
    t.add(
        Method::POST,
        "/logout",
        Access::SignedIn,
        logout_submit,
        None,
    );
}
