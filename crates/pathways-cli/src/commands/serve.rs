//! `pathways serve`.

use std::net::SocketAddr;

use anyhow::Context;
use pathways_web::WebConfig;

use crate::config::Settings;

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down; finishing requests in flight");
}

/// The web settings for an address: Secure cookies unless plain HTTP on loopback.
pub fn web_config(settings: &Settings, addr: &SocketAddr) -> WebConfig {
    WebConfig {
        secure_cookies: !addr.ip().is_loopback(),
        hsts: settings.hsts,
        lockout_threshold: settings.lockout_threshold,
        cache_ttl_secs: settings.cache_ttl_secs,
        warm_lmi: true,
        ..WebConfig::default()
    }
}

/// Serves until interrupted.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let store = super::open(&settings).await?;
    let listener = tokio::net::TcpListener::bind(&settings.bind)
        .await
        .with_context(|| format!("listening on {}", settings.bind))?;
    let addr = listener.local_addr()?;
    let app = pathways_web::app(store.clone(), web_config(&settings, &addr));
    #[allow(clippy::print_stdout)]
    {
        println!(
            "Pathways is serving at http://{addr}/ (database: {})",
            super::redact(&settings.db)
        );
    }
    pathways_web::serve(listener, app, shutdown_signal()).await?;
    store.close().await;
    Ok(())
}
