//! Labor-market data releases kept in the store.

use sqlx::Row;

use crate::Store;
use crate::error::Result;
use crate::sql::{Sql, get_bool, now};

/// A release as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ReleaseInfo {
    /// Id.
    pub id: i64,
    /// Label.
    pub label: String,
    /// Checksum of its files.
    pub checksum: String,
    /// When it was loaded.
    pub loaded_at: String,
    /// The release the product uses.
    pub is_current: bool,
}

/// What loading did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// A new release, now current.
    New(i64),
    /// The same files were already loaded; nothing changed.
    AlreadyLoaded(i64),
}

impl Store {
    /// Stores a release's files (idempotent by checksum) and makes it current.
    pub async fn load_lmi_release(
        &self,
        label: &str,
        checksum: &str,
        files: &[(String, Vec<u8>)],
    ) -> Result<Loaded> {
        let mut find = Sql::new("SELECT id FROM lmi_releases WHERE checksum = ");
        find.bind(checksum);
        if let Some(r) = find.query().fetch_optional(self.pool()).await? {
            return Ok(Loaded::AlreadyLoaded(r.try_get("id")?));
        }
        let mut tx = self.begin().await?;
        Sql::new("UPDATE lmi_releases SET is_current = ")
            .bind(false)
            .query()
            .execute(&mut *tx)
            .await?;
        let mut ins =
            Sql::new("INSERT INTO lmi_releases (label, checksum, loaded_at, is_current) VALUES (");
        ins.bind(label)
            .push(", ")
            .bind(checksum)
            .push(", ")
            .bind(now())
            .push(", ")
            .bind(true)
            .push(") RETURNING id");
        let id: i64 = ins.query().fetch_one(&mut *tx).await?.try_get("id")?;
        for (name, content) in files {
            sqlx::query(
                "INSERT INTO lmi_release_files (release_id, name, content) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(name.clone())
            .bind(content.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Loaded::New(id))
    }

    /// The releases, newest first.
    pub async fn lmi_releases(&self) -> Result<Vec<ReleaseInfo>> {
        Sql::new("SELECT * FROM lmi_releases ORDER BY id DESC")
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(ReleaseInfo {
                    id: r.try_get("id")?,
                    label: r.try_get("label")?,
                    checksum: r.try_get("checksum")?,
                    loaded_at: r.try_get("loaded_at")?,
                    is_current: get_bool(r, "is_current")?,
                })
            })
            .collect()
    }

    /// The current release's label and files, if any release is loaded.
    pub async fn current_lmi_files(&self) -> Result<Option<(String, Vec<(String, Vec<u8>)>)>> {
        let mut q = Sql::new("SELECT id, label FROM lmi_releases WHERE is_current = ");
        q.bind(true);
        let Some(r) = q.query().fetch_optional(self.pool()).await? else {
            return Ok(None);
        };
        let id: i64 = r.try_get("id")?;
        let label: String = r.try_get("label")?;
        let mut f = Sql::new("SELECT name, content FROM lmi_release_files WHERE release_id = ");
        f.bind(id).push(" ORDER BY name");
        let files = f
            .query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<String, _>("name")?,
                    r.try_get::<Vec<u8>, _>("content")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some((label, files)))
    }
}
