//! Fresh, isolated stores for tests on either backend.
//!
//! `PATHWAYS_TEST_DATABASE_URL=postgres://…/postgres` runs every test against
//! PostgreSQL, each in a database of its own; without it, each test gets a
//! SQLite file in a temporary directory. CI runs the suite both ways.

use std::path::PathBuf;

use crate::{Result, Store};

/// A store that lives as long as this guard (the SQLite directory is removed on drop).
#[derive(Debug)]
pub struct TestStore {
    /// The store.
    pub store: Store,
    /// The URL it was opened with (for CLI tests that pass `--db`).
    pub url: String,
    _dir: Option<TempDir>,
}

/// A temporary directory removed on drop (no extra dependency for one use).
#[derive(Debug)]
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// The URL of a new, empty database for one test (created on PostgreSQL).
pub async fn fresh_url() -> Result<(String, Option<PathBuf>)> {
    match std::env::var("PATHWAYS_TEST_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => {
            sqlx::any::install_default_drivers();
            let name = format!("pathways_test_{}", unique());
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await?;
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await?;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            Ok((format!("{base}/{name}"), None))
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("pathways-test-{}", unique()));
            std::fs::create_dir_all(&dir).map_err(|e| crate::StoreError::Database(e.into()))?;
            let url = format!("sqlite://{}", dir.join("pathways.db").display());
            Ok((url, Some(dir)))
        }
    }
}

/// A migrated, empty store for one test.
pub async fn fresh_store() -> Result<TestStore> {
    let (url, dir) = fresh_url().await?;
    let store = Store::connect(&url).await?;
    Ok(TestStore {
        store,
        url,
        _dir: dir.map(TempDir),
    })
}
