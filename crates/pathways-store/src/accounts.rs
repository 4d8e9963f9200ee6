//! Users, sessions and API tokens.
//!
//! Secrets never reach the store in the clear: passwords arrive as Argon2id
//! hashes and session and API tokens as SHA-256 digests, computed by the web
//! layer. "Log out everywhere" bumps the user's session epoch, which
//! invalidates every session issued before it.

use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::sql::{Sql, get_bool, now, parse_col};

/// A user as the login flow needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: Id,
    /// Login e-mail (lower case).
    pub email: String,
    /// Name shown on pages.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Organization scope.
    pub organization_id: Option<Id>,
    /// Student scope (students and families).
    pub student_ref: Option<String>,
    /// Consecutive failed logins.
    pub failed_logins: i64,
    /// Locked until this RFC 3339 time after repeated failures.
    pub locked_until: Option<String>,
    /// Session epoch; sessions from older epochs are invalid.
    pub session_epoch: i64,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
}

impl UserRecord {
    /// The principal this user acts as.
    pub fn principal(&self, can_write: bool) -> Principal {
        Principal {
            user_id: self.id,
            display_name: self.display_name.clone(),
            role: self.role,
            organization_id: self.organization_id,
            student_ref: self.student_ref.clone(),
            can_write,
        }
    }
}

/// Fields of a new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login e-mail.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Organization scope.
    pub organization_id: Option<Id>,
    /// Student scope.
    pub student_ref: Option<String>,
}

/// An API token's listing (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    /// Id.
    pub id: Id,
    /// Name the user gave it.
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// Created.
    pub created_at: String,
    /// Last used.
    pub last_used_at: Option<String>,
    /// Revoked, if it was.
    pub revoked_at: Option<String>,
}

const USER_COLUMNS: &str = "id, email, display_name, password_hash, role, organization_id, \
     student_ref, failed_logins, locked_until, session_epoch, disabled";

fn user_from_row(row: &AnyRow) -> Result<UserRecord> {
    Ok(UserRecord {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        role: parse_col(row, "users", "role", Role::parse)?,
        organization_id: row.try_get("organization_id")?,
        student_ref: row.try_get("student_ref")?,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: row.try_get("locked_until")?,
        session_epoch: row.try_get("session_epoch")?,
        disabled: get_bool(row, "disabled")?,
    })
}

impl Store {
    /// Creates a user; e-mail is unique (case-insensitive).
    pub async fn create_user(&self, u: &NewUser) -> Result<UserRecord> {
        let ts = now();
        let mut sql = Sql::new(
            "INSERT INTO users (email, display_name, password_hash, role, organization_id, \
             student_ref, created_at, updated_at) VALUES (",
        );
        sql.bind(u.email.trim().to_lowercase())
            .push(", ")
            .bind(u.display_name.as_str())
            .push(", ")
            .bind(u.password_hash.as_str())
            .push(", ")
            .bind(u.role.as_str())
            .push(", ")
            .bind(u.organization_id)
            .push(", ")
            .bind(u.student_ref.clone())
            .push(", ")
            .bind(ts.as_str())
            .push(", ")
            .bind(ts.as_str())
            .push(") RETURNING id");
        let mut tx = self.begin().await?;
        let row =
            sql.query().fetch_one(&mut *tx).await.map_err(|e| {
                match StoreError::from_write(e, "user") {
                    StoreError::Duplicate { .. } => StoreError::Duplicate {
                        field: "email".into(),
                        message: format!("a user with e-mail {} already exists", u.email),
                    },
                    other => other,
                }
            })?;
        let id: Id = row.try_get("id")?;
        tx.commit().await?;
        self.user(id).await
    }

    /// A user by id.
    pub async fn user(&self, id: Id) -> Result<UserRecord> {
        let mut sql = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = "));
        sql.bind(id);
        let row = sql.fetch_found(self.pool(), "user", id).await?;
        user_from_row(&row)
    }

    /// A user by e-mail, if any.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>> {
        let mut sql = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = "));
        sql.bind(email.trim().to_lowercase());
        sql.query()
            .fetch_optional(self.pool())
            .await?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    /// All users, for the admin page.
    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        Sql::new(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    /// Records a failed login; locks the account until `lock_until` when given.
    pub async fn record_failed_login(&self, id: Id, lock_until: Option<String>) -> Result<()> {
        let mut sql =
            Sql::new("UPDATE users SET failed_logins = failed_logins + 1, locked_until = ");
        sql.bind(lock_until).push(" WHERE id = ").bind(id);
        sql.query().execute(self.pool()).await?;
        Ok(())
    }

    /// Clears failures after a successful login.
    pub async fn clear_failed_logins(&self, id: Id) -> Result<()> {
        let mut sql =
            Sql::new("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ");
        sql.bind(id);
        sql.query().execute(self.pool()).await?;
        Ok(())
    }

    /// Replaces a user's password hash and ends their sessions.
    pub async fn set_password(&self, id: Id, password_hash: &str) -> Result<()> {
        let mut sql = Sql::new("UPDATE users SET password_hash = ");
        sql.bind(password_hash)
            .push(", updated_at = ")
            .bind(now())
            .push(" WHERE id = ")
            .bind(id);
        sql.query().execute(self.pool()).await?;
        self.logout_everywhere(id).await
    }

    /// Stores a new session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: &UserRecord,
        csrf_token: &str,
        expires_at: &str,
    ) -> Result<()> {
        let mut sql = Sql::new(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, epoch, created_at, expires_at) VALUES (",
        );
        sql.bind(token_hash)
            .push(", ")
            .bind(user.id)
            .push(", ")
            .bind(csrf_token)
            .push(", ")
            .bind(user.session_epoch)
            .push(", ")
            .bind(now())
            .push(", ")
            .bind(expires_at)
            .push(")");
        sql.query().execute(self.pool()).await?;
        Ok(())
    }

    /// The user and CSRF token of a live session.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(UserRecord, String)>> {
        let mut sql = Sql::new(
            "SELECT user_id, csrf_token, epoch, expires_at FROM sessions WHERE token_hash = ",
        );
        sql.bind(token_hash);
        let Some(row) = sql.query().fetch_optional(self.pool()).await? else {
            return Ok(None);
        };
        let expires: String = row.try_get("expires_at")?;
        if expires <= now() {
            return Ok(None);
        }
        let user = self.user(row.try_get("user_id")?).await?;
        let epoch: i64 = row.try_get("epoch")?;
        if epoch != user.session_epoch || user.disabled {
            return Ok(None);
        }
        Ok(Some((user, row.try_get("csrf_token")?)))
    }

    /// Ends one session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut sql = Sql::new("DELETE FROM sessions WHERE token_hash = ");
        sql.bind(token_hash);
        sql.query().execute(self.pool()).await?;
        Ok(())
    }

    /// Ends every session of a user.
    pub async fn logout_everywhere(&self, user_id: Id) -> Result<()> {
        let mut tx = self.begin().await?;
        let mut bump = Sql::new("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ");
        bump.bind(user_id);
        bump.query().execute(&mut *tx).await?;
        let mut del = Sql::new("DELETE FROM sessions WHERE user_id = ");
        del.bind(user_id);
        del.query().execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a new API token (its digest) and returns its id.
    pub async fn create_token(
        &self,
        user_id: Id,
        name: &str,
        token_hash: &str,
        scope: &str,
    ) -> Result<Id> {
        let mut sql = Sql::new(
            "INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at) VALUES (",
        );
        sql.bind(user_id)
            .push(", ")
            .bind(name)
            .push(", ")
            .bind(token_hash)
            .push(", ")
            .bind(scope)
            .push(", ")
            .bind(now())
            .push(") RETURNING id");
        let row = sql.query().fetch_one(self.pool()).await?;
        Ok(row.try_get("id")?)
    }

    /// The user and scope of a live (unrevoked) token; marks it used.
    pub async fn token(&self, token_hash: &str) -> Result<Option<(UserRecord, String)>> {
        let mut sql = Sql::new(
            "SELECT id, user_id, scope FROM api_tokens WHERE revoked_at IS NULL AND token_hash = ",
        );
        sql.bind(token_hash);
        let Some(row) = sql.query().fetch_optional(self.pool()).await? else {
            return Ok(None);
        };
        let user = self.user(row.try_get("user_id")?).await?;
        if user.disabled {
            return Ok(None);
        }
        let id: Id = row.try_get("id")?;
        let mut touch = Sql::new("UPDATE api_tokens SET last_used_at = ");
        touch.bind(now()).push(" WHERE id = ").bind(id);
        touch.query().execute(self.pool()).await?;
        Ok(Some((user, row.try_get("scope")?)))
    }

    /// A user's tokens.
    pub async fn tokens(&self, user_id: Id) -> Result<Vec<TokenInfo>> {
        let mut sql = Sql::new(
            "SELECT id, name, scope, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ",
        );
        sql.bind(user_id).push(" ORDER BY id");
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(TokenInfo {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    scope: r.try_get("scope")?,
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                    revoked_at: r.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes a token of `user_id`; false when there was no such live token.
    pub async fn revoke_token(&self, user_id: Id, token_id: Id) -> Result<bool> {
        let mut sql = Sql::new("UPDATE api_tokens SET revoked_at = ");
        sql.bind(now())
            .push(" WHERE revoked_at IS NULL AND id = ")
            .bind(token_id)
            .push(" AND user_id = ")
            .bind(user_id);
        Ok(sql.query().execute(self.pool()).await?.rows_affected() > 0)
    }
}
