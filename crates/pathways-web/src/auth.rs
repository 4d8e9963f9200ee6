//! Authentication: passwords, sessions, API tokens, lockout.
//!
//! Passwords are hashed with Argon2id (RFC 9106) at the OWASP-recommended
//! parameters. Session and API tokens are 256-bit random values; only their
//! SHA-256 digests are stored, so a leaked database does not leak live
//! credentials. Repeated failed logins lock the account with exponential
//! back-off.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::{HeaderMap, header};
use pathways_domain::access::Principal;
use pathways_store::accounts::UserRecord;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "pathways_session";
/// Prefix of API tokens, so leaked ones are easy to recognize and scan for.
pub const TOKEN_PREFIX: &str = "pwt_";

/// How a request authenticated.
#[derive(Debug, Clone)]
pub enum Via {
    /// A browser session cookie (writes need the CSRF token).
    Session {
        /// The session's CSRF token.
        csrf: String,
        /// Digest of the session token (to end it).
        token_hash: String,
    },
    /// A bearer API token.
    Token {
        /// False for read-only tokens.
        can_write: bool,
    },
}

/// An authenticated request.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// Who.
    pub principal: Principal,
    /// How.
    pub via: Via,
}

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| ApiError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Checks a password against a stored Argon2 hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Rules a new password must meet (NIST SP 800-63B: length over composition).
pub fn password_problems(password: &str) -> Option<String> {
    if password.chars().count() < 12 {
        Some("must be at least 12 characters".into())
    } else if password.len() > 256 {
        Some("must be at most 256 bytes".into())
    } else {
        None
    }
}

/// A new random secret, hex-encoded (256 bits).
pub fn new_secret() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// The stored digest of a session or API token.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares secrets without leaking their common prefix through timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
}

/// Establishes who is calling: bearer token first, then session cookie.
pub async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Authenticated>, ApiError> {
    if let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = auth
            .strip_prefix("Bearer ")
            .ok_or(ApiError::Unauthorized)?
            .trim();
        let (user, scope) = state
            .store()
            .token(&digest(token))
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let can_write = scope == "write";
        return Ok(Some(Authenticated {
            principal: user.principal(can_write),
            via: Via::Token { can_write },
        }));
    }
    if let Some(token) = cookie_value(headers, SESSION_COOKIE) {
        let token_hash = digest(token);
        if let Some((user, csrf)) = state.store().session(&token_hash).await? {
            return Ok(Some(Authenticated {
                principal: user.principal(true),
                via: Via::Session { csrf, token_hash },
            }));
        }
    }
    Ok(None)
}

/// A `Set-Cookie` value for a new session.
pub fn session_cookie(state: &AppState, token: &str) -> String {
    let secure = if state.config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let max_age = state.config().session_hours * 3600;
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// A `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(state: &AppState) -> String {
    let secure = if state.config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// A successful login: the session token (for the cookie) and its CSRF token.
#[derive(Debug)]
pub struct LoginOk {
    /// The user.
    pub user: UserRecord,
    /// Session token for the cookie.
    pub session_token: String,
    /// CSRF token for forms and scripts.
    pub csrf: String,
}

/// Checks credentials with lockout, and opens a session.
pub async fn login(state: &AppState, email: &str, password: &str) -> Result<LoginOk, ApiError> {
    let store = state.store();
    let now = time::OffsetDateTime::now_utc();
    let Some(user) = store.user_by_email(email).await? else {
        // Spend the same time as a real check so e-mails cannot be probed by timing.
        let _ = verify_password(
            password,
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$Jw0O2mHGL1V0JbJxG0Fv1aQ3xS3nSggnk9Ujj8Oq+5c",
        );
        return Err(ApiError::Unauthorized);
    };
    if let Some(until) = &user.locked_until
        && *until > rfc3339(now)
    {
        let wait =
            time::OffsetDateTime::parse(until, &time::format_description::well_known::Rfc3339)
                .map(|t| (t - now).whole_seconds().max(1) as u64)
                .unwrap_or(60);
        return Err(ApiError::TooManyRequests {
            detail: format!("too many failed sign-ins; try again in {wait} seconds"),
            retry_after: wait,
        });
    }
    if user.disabled || !verify_password(password, &user.password_hash) {
        let failures = user.failed_logins + 1;
        let threshold = state.config().lockout_threshold;
        let lock = (failures >= threshold).then(|| {
            // 1, 2, 4, … minutes, at most an hour.
            let minutes = 1i64 << (failures - threshold).min(6);
            rfc3339(now + time::Duration::minutes(minutes.min(60)))
        });
        store.record_failed_login(user.id, lock).await?;
        return Err(ApiError::Unauthorized);
    }
    store.clear_failed_logins(user.id).await?;
    let session_token = new_secret();
    let csrf = new_secret();
    let expires = rfc3339(now + time::Duration::hours(state.config().session_hours));
    store
        .create_session(&digest(&session_token), &user, &csrf, &expires)
        .await?;
    Ok(LoginOk {
        user,
        session_token,
        csrf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn secrets_are_random_and_digests_stable() {
        assert_ne!(new_secret(), new_secret());
        assert_eq!(digest("abc"), digest("abc"));
        assert_eq!(digest("abc").len(), 64);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn cookie_parsing_finds_the_session() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; pathways_session=xyz; b=2".parse().unwrap(),
        );
        assert_eq!(cookie_value(&h, SESSION_COOKIE), Some("xyz"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(password_problems("short").is_some());
        assert!(password_problems("a long enough passphrase").is_none());
    }
}
