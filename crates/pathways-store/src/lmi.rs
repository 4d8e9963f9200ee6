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

/// An employer's report of openings for an occupation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct EmployerInput {
    /// Id (absent when creating).
    #[serde(default)]
    pub id: Option<i64>,
    /// The employer.
    pub employer_id: i64,
    /// SOC code.
    pub soc: String,
    /// Openings now.
    pub current_openings: i64,
    /// Openings expected in the next 12 months.
    pub forecast_12_months: i64,
    /// Credentials the employer requires.
    #[serde(default)]
    pub required_credentials: Vec<String>,
    /// Vetted by the convener (only vetted inputs count in the rule).
    #[serde(default)]
    pub vetted: bool,
}

impl Store {
    /// The region's stored targeting rule (JSON), if it set one.
    pub async fn lmi_rule(&self, region_id: i64) -> Result<Option<String>> {
        let mut q = Sql::new("SELECT rule FROM lmi_rules WHERE region_id = ");
        q.bind(region_id);
        Ok(q.query()
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get("rule"))
            .transpose()?)
    }

    /// Replaces the region's targeting rule.
    pub async fn set_lmi_rule(&self, region_id: i64, rule_json: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let mut d = Sql::new("DELETE FROM lmi_rules WHERE region_id = ");
        d.bind(region_id);
        d.query().execute(&mut *tx).await?;
        let mut i = Sql::new("INSERT INTO lmi_rules (region_id, rule, updated_at) VALUES (");
        i.bind(region_id)
            .push(", ")
            .bind(rule_json)
            .push(", ")
            .bind(now())
            .push(")");
        i.query()
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::StoreError::from_write(e, "region"))?;
        tx.commit().await?;
        Ok(())
    }

    /// Records an employer's input (not yet vetted).
    pub async fn add_employer_input(&self, e: &EmployerInput) -> Result<EmployerInput> {
        let mut i = Sql::new(
            "INSERT INTO employer_inputs (employer_id, soc, current_openings, forecast_12_months, required_credentials, vetted, created_at) VALUES (",
        );
        i.bind(e.employer_id)
            .push(", ")
            .bind(e.soc.as_str())
            .push(", ")
            .bind(e.current_openings)
            .push(", ")
            .bind(e.forecast_12_months)
            .push(", ")
            .bind(e.required_credentials.join(";"))
            .push(", ")
            .bind(false)
            .push(", ")
            .bind(now())
            .push(") RETURNING id");
        let id: i64 = i
            .query()
            .fetch_one(self.pool())
            .await
            .map_err(|x| crate::StoreError::from_write(x, "employer input"))?
            .try_get("id")?;
        Ok(EmployerInput {
            id: Some(id),
            vetted: false,
            ..e.clone()
        })
    }

    /// Marks an input vetted; false when there is none.
    pub async fn vet_employer_input(&self, id: i64) -> Result<bool> {
        let mut u = Sql::new("UPDATE employer_inputs SET vetted = ");
        u.bind(true).push(" WHERE id = ").bind(id);
        Ok(u.query().execute(self.pool()).await?.rows_affected() > 0)
    }

    /// Employer inputs, optionally only vetted ones.
    pub async fn employer_inputs(&self, vetted_only: bool) -> Result<Vec<EmployerInput>> {
        let mut q = Sql::new("SELECT * FROM employer_inputs");
        if vetted_only {
            q.push(" WHERE vetted = ").bind(true);
        }
        q.push(" ORDER BY id");
        q.query()
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let creds: String = r.try_get("required_credentials")?;
                Ok(EmployerInput {
                    id: Some(r.try_get("id")?),
                    employer_id: r.try_get("employer_id")?,
                    soc: r.try_get("soc")?,
                    current_openings: r.try_get("current_openings")?,
                    forecast_12_months: r.try_get("forecast_12_months")?,
                    required_credentials: creds
                        .split(';')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    vetted: get_bool(r, "vetted")?,
                })
            })
            .collect()
    }
}
