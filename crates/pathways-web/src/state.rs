//! Shared application state.

use std::collections::HashMap;
use std::sync::Arc;

use axum::http::Method;
use pathways_store::Store;

use crate::access::Access;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (on unless serving plain HTTP on loopback).
    pub secure_cookies: bool,
    /// Send `Strict-Transport-Security` (behind TLS).
    pub hsts: bool,
    /// Failed logins before the account is locked.
    pub lockout_threshold: i64,
    /// Session lifetime in hours.
    pub session_hours: i64,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Time budget of an interactive request (pages, API reads and writes), in seconds.
    pub request_timeout_secs: u64,
    /// Time budget of a bulk request (catalog imports), in seconds: their work
    /// grows with the upload, and cutting one off rolls the whole import back.
    pub bulk_timeout_secs: u64,
    /// How long catalog list responses are cached (0 disables the cache).
    pub cache_ttl_secs: u64,
    /// Load the labor-market data in the background at start, so the first
    /// visitor of a labor-market page does not wait for it.
    pub warm_lmi: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            hsts: false,
            lockout_threshold: 5,
            session_hours: 12,
            body_limit: 2 * 1024 * 1024,
            request_timeout_secs: 30,
            bulk_timeout_secs: 600,
            cache_ttl_secs: 2,
            warm_lmi: false,
        }
    }
}

/// State every handler can reach.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    config: WebConfig,
    rules: HashMap<(Method, String), Access>,
    long_running: crate::access::LongRunning,
    openapi: String,
    cache: crate::cache::ReadCache,
    lmi: tokio::sync::Mutex<Option<Arc<pathways_lmi::LaborMarket>>>,
    engine: tokio::sync::Mutex<Option<(String, Arc<pathways_analytics::Engine>)>>,
}

impl AppState {
    /// Bundles the store, settings and the route table's rules and budgets.
    pub fn new(
        store: Store,
        config: WebConfig,
        rules: HashMap<(Method, String), Access>,
        long_running: crate::access::LongRunning,
        openapi: String,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                cache: crate::cache::ReadCache::new(
                    std::time::Duration::from_secs(config.cache_ttl_secs),
                    10_000,
                ),
                store,
                config,
                rules,
                long_running,
                openapi,
                lmi: tokio::sync::Mutex::new(None),
                engine: tokio::sync::Mutex::new(None),
            }),
        }
    }

    /// The catalog read cache.
    pub fn cache(&self) -> &crate::cache::ReadCache {
        &self.inner.cache
    }

    /// A DataFusion session over the loaded participant data in `dir`, built
    /// once per load: building one registers every table and materializes
    /// the shared views, far more work than the explain query it serves.
    pub async fn engine(
        &self,
        dir: &str,
    ) -> Result<Arc<pathways_analytics::Engine>, crate::error::ApiError> {
        let mut slot = self.inner.engine.lock().await;
        if let Some((d, e)) = slot.as_ref()
            && d == dir
        {
            return Ok(e.clone());
        }
        let engine = pathways_analytics::Engine::local(
            std::path::Path::new(dir),
            &pathways_analytics::Definitions::default(),
        )
        .await
        .map_err(|e| crate::error::ApiError::Internal(e.to_string()))?;
        let engine = Arc::new(engine);
        *slot = Some((dir.to_owned(), engine.clone()));
        Ok(engine)
    }

    /// The labor market of the store's current data release, loaded on first use.
    pub async fn lmi(&self) -> Result<Arc<pathways_lmi::LaborMarket>, crate::error::ApiError> {
        let mut slot = self.inner.lmi.lock().await;
        if let Some(m) = slot.as_ref() {
            return Ok(m.clone());
        }
        let Some((label, files)) = self.inner.store.current_lmi_files().await? else {
            return Err(crate::error::ApiError::Unavailable(
                "no labor-market data is loaded: run `pathways lmi load`".into(),
            ));
        };
        let market = tokio::task::spawn_blocking(move || {
            pathways_lmi::load::load(&pathways_lmi::DataFiles(files), &label)
        })
        .await
        .map_err(|e| crate::error::ApiError::Internal(e.to_string()))?
        .map_err(|e| crate::error::ApiError::Internal(e.to_string()))?;
        let market = Arc::new(market);
        *slot = Some(market.clone());
        Ok(market)
    }

    /// The OpenAPI document (JSON).
    pub fn openapi(&self) -> &str {
        &self.inner.openapi
    }

    /// The operational store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Web settings.
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    /// The methods registered for a route path (for 405 Allow).
    pub fn methods(&self, path: &str) -> Vec<Method> {
        let mut m: Vec<Method> = self
            .inner
            .rules
            .keys()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.clone())
            .collect();
        m.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        m
    }

    /// The time budget of a matched route: the bulk one for routes that
    /// registered as long-running, the interactive one for the rest.
    pub fn budget(&self, method: &Method, path: &str) -> std::time::Duration {
        let c = &self.inner.config;
        let long = self
            .inner
            .long_running
            .contains(&(method.clone(), path.to_owned()));
        std::time::Duration::from_secs(if long {
            c.bulk_timeout_secs
        } else {
            c.request_timeout_secs
        })
    }

    /// The access rule of a matched route, if it has one.
    pub fn rule(&self, method: &Method, path: &str) -> Option<Access> {
        self.inner
            .rules
            .get(&(method.clone(), path.to_owned()))
            .copied()
    }
}
