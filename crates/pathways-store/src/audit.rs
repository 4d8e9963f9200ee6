//! The append-only audit log of reads of student-level records.
//!
//! FERPA (34 CFR 99.32) requires a record of each disclosure of education
//! records; partners expect to see who looked at their students. Rows are
//! only ever inserted: database triggers refuse updates and deletes, and the
//! product offers no way to edit them.

use pathways_domain::catalog::Id;
use sqlx::Row;

use crate::Store;
use crate::error::Result;
use crate::sql::{Sql, now};

/// One read (or export) of student-level records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Id (absent before it is written).
    #[serde(default)]
    pub id: Option<Id>,
    /// When (RFC 3339).
    #[serde(default)]
    pub at: String,
    /// The user who read, if signed in.
    pub actor_user_id: Option<Id>,
    /// Their role.
    pub actor_role: String,
    /// What they did ("read", "export", "explain").
    pub action: String,
    /// What kind of record.
    pub entity: String,
    /// Which records (comma-separated keys).
    pub record_ids: String,
    /// The data-sharing agreement that allowed it, if any.
    pub agreement_id: Option<Id>,
    /// The stated purpose.
    pub purpose: Option<String>,
    /// The request that did it.
    pub request_id: Option<String>,
}

/// Filters for reading the log.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only this user.
    pub actor_user_id: Option<Id>,
    /// Only this entity kind.
    pub entity: Option<String>,
    /// From this time (inclusive).
    pub since: Option<String>,
    /// At most this many, newest first.
    pub limit: u32,
}

impl Store {
    /// Appends an entry.
    pub async fn audit(&self, e: &AuditEntry) -> Result<()> {
        let mut sql = Sql::new(
            "INSERT INTO audit_log (at, actor_user_id, actor_role, action, entity, record_ids, \
             agreement_id, purpose, request_id) VALUES (",
        );
        sql.bind(now())
            .push(", ")
            .bind(e.actor_user_id)
            .push(", ")
            .bind(e.actor_role.as_str())
            .push(", ")
            .bind(e.action.as_str())
            .push(", ")
            .bind(e.entity.as_str())
            .push(", ")
            .bind(e.record_ids.as_str())
            .push(", ")
            .bind(e.agreement_id)
            .push(", ")
            .bind(e.purpose.clone())
            .push(", ")
            .bind(e.request_id.clone())
            .push(")");
        sql.query().execute(self.pool()).await?;
        Ok(())
    }

    /// Reads the log, newest first.
    pub async fn audit_entries(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
        let mut sql = Sql::new("SELECT * FROM audit_log WHERE 1 = 1");
        if let Some(u) = q.actor_user_id {
            sql.push(" AND actor_user_id = ").bind(u);
        }
        if let Some(e) = &q.entity {
            sql.push(" AND entity = ").bind(e.as_str());
        }
        if let Some(s) = &q.since {
            sql.push(" AND at >= ").bind(s.as_str());
        }
        sql.push(" ORDER BY id DESC LIMIT ")
            .bind(i64::from(q.limit.clamp(1, 10_000)));
        sql.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: Some(r.try_get("id")?),
                    at: r.try_get("at")?,
                    actor_user_id: r.try_get("actor_user_id")?,
                    actor_role: r.try_get("actor_role")?,
                    action: r.try_get("action")?,
                    entity: r.try_get("entity")?,
                    record_ids: r.try_get("record_ids")?,
                    agreement_id: r.try_get("agreement_id")?,
                    purpose: r.try_get("purpose")?,
                    request_id: r.try_get("request_id")?,
                })
            })
            .collect()
    }
}
