//! Running the same metric plans on a Ballista cluster.

use std::path::Path;

use ballista::prelude::SessionContextExt;
use datafusion::prelude::SessionContext;

use crate::engine::{Definitions, Engine};
use crate::error::{AnalyticsError, Result};

/// An engine whose queries run on the Ballista scheduler at `url`
/// (`df://HOST:PORT`). The executors must see `dir` at the same path.
pub async fn remote(url: &str, dir: &Path, defs: &Definitions) -> Result<Engine> {
    let ctx = SessionContext::remote(url)
        .await
        .map_err(|e| AnalyticsError::engine(format!("connecting to {url}"), e))?;
    Engine::with_context(ctx, dir, defs, false).await
}

/// An engine on a Ballista scheduler and executor started in this process.
pub async fn standalone(dir: &Path, defs: &Definitions) -> Result<Engine> {
    let ctx = SessionContext::standalone()
        .await
        .map_err(|e| AnalyticsError::engine("starting a standalone Ballista cluster", e))?;
    Engine::with_context(ctx, dir, defs, false).await
}
