//! Sign-in, sessions, CSRF, lockout, tokens and security headers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, PASSWORD, json};
use pathways_web::api::accounts::issue_token;
use reqwest::redirect::Policy;
use serde_json::json;

fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn session_cookie_writes_need_the_csrf_token() {
    let app = App::start().await;
    app.admin().await;
    let c = cookie_client();
    let r = c
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "ADMIN@region.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (_, body) = json(r).await;
    let csrf = body["csrf_token"].as_str().unwrap().to_owned();
    assert_eq!(body["user"]["role"], "convener_admin");

    let region = json!({"name": "Capital Area", "area_codes": []});
    let r = c
        .post(app.url("/api/v1/regions"))
        .json(&region)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        403,
        "a cookie write without CSRF token is refused"
    );
    let r = c
        .post(app.url("/api/v1/regions"))
        .header("x-csrf-token", "wrong")
        .json(&region)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = c
        .post(app.url("/api/v1/regions"))
        .header("x-csrf-token", &csrf)
        .json(&region)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);

    // Sign out everywhere ends this session.
    let r = c
        .post(app.url("/api/v1/session/everywhere"))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(
        c.get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_account() {
    let app = App::start().await;
    app.admin().await;
    for _ in 0..5 {
        let r = app
            .http
            .post(app.url("/api/v1/session"))
            .json(&json!({"email": "admin@region.org", "password": "wrong password!"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401);
    }
    let r = app
        .http
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "admin@region.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        429,
        "even the right password waits out the lock"
    );
    assert!(r.headers().contains_key("retry-after"));
    let r = app
        .http
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": "nobody@region.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn tokens_are_scoped_and_revocable() {
    let app = App::start().await;
    let write = app.admin().await;
    let user = app
        .store
        .user_by_email("admin@region.org")
        .await
        .unwrap()
        .unwrap();
    let read = issue_token(&app.store, user.id, "reader", "read")
        .await
        .unwrap();
    let region = json!({"name": "Capital Area"});
    assert_eq!(
        app.post("/api/v1/regions", &read.token, &region)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        app.post("/api/v1/regions", &write, &region)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        201
    );
    let me = app
        .get("/api/v1/me")
        .bearer_auth(&read.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status().as_u16(), 200);
    let (_, list) = json(
        app.get("/api/v1/tokens")
            .bearer_auth(&write)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        list[0].get("token_hash").is_none(),
        "secrets are never listed"
    );
    let r = app
        .http
        .delete(app.url(&format!("/api/v1/tokens/{}", read.id)))
        .bearer_auth(&write)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(
        app.get("/api/v1/me")
            .bearer_auth(&read.token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
    assert_eq!(
        app.get("/api/v1/me")
            .bearer_auth("pwt_forged")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
}

#[tokio::test]
async fn page_sign_in_and_out_with_forms() {
    let app = App::start().await;
    app.admin().await;
    let c = cookie_client();
    let r = c.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", "admin@region.org"),
            ("password", "nope nope nope"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.text().await.unwrap().contains("do not match"));
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", "admin@region.org"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/", "open redirects are refused");
    let home = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Sign out"));
    // The sign-out form carries the CSRF token; without it, nothing happens.
    let r = c
        .post(app.url("/logout"))
        .form(&[("csrf_token", "bad")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let token = home
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = c
        .post(app.url("/logout"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        c.get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
}

#[tokio::test]
async fn responses_carry_security_headers_and_bodies_are_limited() {
    let app = App::start().await;
    let admin = app.admin().await;
    let r = app.get("/").send().await.unwrap();
    let h = r.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("x-request-id"));
    // One Server-Timing entry with the application's time in milliseconds.
    let timing = h["server-timing"].to_str().unwrap();
    let ms: f64 = timing.strip_prefix("app;dur=").unwrap().parse().unwrap();
    assert!(ms >= 0.0, "{timing}");
    let huge = "x".repeat(3 * 1024 * 1024);
    let r = app
        .http
        .post(app.url("/api/v1/regions"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(format!("{{\"name\": \"{huge}\"}}"))
        .send()
        .await
        .unwrap();
    assert!(matches!(r.status().as_u16(), 400 | 413), "{}", r.status());
}
