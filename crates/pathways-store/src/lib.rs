//! The operational store: the catalog and everything partners edit, on
//! SQLite (embedded, zero set-up) or PostgreSQL (multi-user production).
//!
//! One SQL dialect serves both backends through sqlx's Any driver: `$N`
//! placeholders, TEXT timestamps, and 0/1-or-BOOLEAN flags read by
//! [`sql::get_bool`]. Each backend has its own migrations folder because DDL
//! differs (identity columns, boolean and float types); the tables and
//! column names are identical, and one test suite runs against both.

pub mod accounts;
pub mod advising;
pub mod analytics;
pub mod audit;
pub mod backup;
pub mod catalog;
pub mod changes;
pub mod entity;
pub mod error;
pub mod interchange;
pub mod linkage_runs;
pub mod lmi;
pub mod maps;
pub mod partnership;
pub mod placements;
pub mod sql;
pub mod testing;
pub mod wbl;

use std::str::FromStr;
use std::time::Duration;

use pathways_domain::catalog::{Id, Stored};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Transaction};

pub use entity::{Entity, ListFilter, Page, Upserted};
pub use error::{Result, StoreError};

/// Which database engine the store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Recognizes the backend from a database URL.
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A connection pool to the operational store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    catalog_generation: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Store {
    /// Connects (creating a SQLite file if needed) and runs pending migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool_options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            });
        let pool = match backend {
            Backend::Sqlite => {
                pool_options
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL lets readers proceed while one writer commits;
                            // NORMAL sync is durable at checkpoints and fast.
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => pool_options.connect_with(options).await?,
        };
        let store = Self {
            pool,
            backend,
            catalog_generation: Default::default(),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// A counter that changes whenever this process writes the catalog, so
    /// caches of catalog reads know when they are stale.
    pub fn catalog_generation(&self) -> u64 {
        self.catalog_generation
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// Marks the catalog as changed (called by every catalog write).
    pub fn touch_catalog(&self) {
        self.catalog_generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool, for modules that run their own SQL.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A pooled connection for reads.
    pub async fn conn(&self) -> Result<PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Starts a transaction; every write goes through one.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>> {
        Ok(self.pool.begin().await?)
    }

    /// Succeeds when the database answers.
    pub async fn ready(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Creates an entity in its own transaction.
    pub async fn create<E: Entity>(&self, input: &E) -> Result<Stored<E>> {
        let mut tx = self.begin().await?;
        let out = settle(entity::create(&mut tx, input).await, tx).await?;
        self.touch_catalog();
        Ok(out)
    }

    /// Reads an entity.
    pub async fn get<E: Entity>(&self, id: Id) -> Result<Stored<E>> {
        entity::get(&mut *self.conn().await?, id).await
    }

    /// Lists entities.
    pub async fn list<E: Entity>(
        &self,
        filter: &ListFilter,
        after: Option<Id>,
        limit: u32,
    ) -> Result<Page<Stored<E>>> {
        entity::list(&mut *self.conn().await?, filter, after, limit).await
    }

    /// Every entity matching `filter`, page after page.
    pub async fn list_all<E: Entity>(&self, filter: &ListFilter) -> Result<Vec<Stored<E>>> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self.list::<E>(filter, after, 500).await?;
            out.extend(page.items);
            after = page.next_cursor;
            if after.is_none() {
                return Ok(out);
            }
        }
    }

    /// Updates an entity if `version` is current, in its own transaction.
    pub async fn update<E: Entity>(&self, id: Id, version: i64, input: &E) -> Result<Stored<E>> {
        let mut tx = self.begin().await?;
        let out = settle(entity::update(&mut tx, id, version, input).await, tx).await?;
        self.touch_catalog();
        Ok(out)
    }

    /// Deletes an entity, in its own transaction.
    pub async fn delete<E: Entity>(&self, id: Id, version: Option<i64>) -> Result<()> {
        let mut tx = self.begin().await?;
        settle(entity::delete::<E>(&mut tx, id, version).await, tx).await?;
        self.touch_catalog();
        Ok(())
    }
}

/// Commits `tx` when the work in it succeeded, else rolls it back before
/// returning the error. A dropped transaction only queues its rollback: on
/// SQLite its write lock could then outlive the call, and the caller's next
/// write on another connection would find the database locked.
async fn settle<T>(done: Result<T>, tx: Transaction<'static, Any>) -> Result<T> {
    match done {
        Ok(v) => {
            tx.commit().await?;
            Ok(v)
        }
        Err(e) => {
            // The error that matters is the work's; a failed rollback ends
            // with the connection anyway.
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}
