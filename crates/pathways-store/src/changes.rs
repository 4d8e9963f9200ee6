//! Change counters: how far each kind of data has changed.
//!
//! Triggers (migration 0012) move a counter in the same transaction as
//! every write to the tables it covers, whoever writes — this server, the
//! CLI, an import, a restore, another server on the same PostgreSQL
//! database. A cache reads the counters first (one small query) and files
//! what it then reads under them: a later write moves the counter, so the
//! cache can never hand out data older than the last write it could see.

use sqlx::Row;

use crate::Store;
use crate::error::Result;
use crate::sql::Sql;

/// The counters' values at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Changes {
    /// What plan checks read: the catalog, the published board, graduation rules.
    pub catalog: i64,
    /// What caseloads read: the roster, plans, inventories, milestones and
    /// their statuses, graduation rules.
    pub advising: i64,
}

impl Store {
    /// The change counters now.
    pub async fn changes(&self) -> Result<Changes> {
        let rows = Sql::new("SELECT name, n FROM change_counters")
            .query()
            .fetch_all(self.pool())
            .await?;
        let mut out = Changes::default();
        for r in rows {
            let name: String = r.try_get("name")?;
            let n: i64 = r.try_get("n")?;
            match name.as_str() {
                "catalog" => out.catalog = n,
                "advising" => out.advising = n,
                _ => {}
            }
        }
        Ok(out)
    }
}
