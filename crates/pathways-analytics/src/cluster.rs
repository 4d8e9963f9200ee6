//! Running the same metric plans on a Ballista cluster.

use std::path::Path;

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::engine::{Definitions, Engine};
use crate::error::{AnalyticsError, Result};

/// The session settings metric jobs run with.
///
/// The static distributed planner, not adaptive execution: on a cluster the
/// shared views are not computed once but inlined into every metric's plan,
/// so one metric is a plan of some thirty stages, and adaptive execution
/// re-optimizes the whole remaining plan each time a stage finishes: the
/// parity test's four metrics did not finish in 45 minutes with it.
/// Hash joins, not Ballista's default sort-merge joins: DataFusion 55.2's
/// sort-merge join panics on a join filter in 1S1's plan (`index out of
/// bounds` in `sort_merge_join/filter.rs`); the price is that a join's build
/// side must fit in an executor's memory.
/// `partitions` is how many pieces each stage is cut into (Ballista's own
/// default of 16 suits a cluster; an in-process one has this machine's cores).
fn session_config(partitions: Option<usize>) -> SessionConfig {
    let config = SessionConfig::new_with_ballista()
        .with_ballista_adaptive_query_planner(false)
        .set_bool("datafusion.optimizer.prefer_hash_join", true);
    match partitions {
        Some(n) => config.with_target_partitions(n),
        None => config,
    }
}

fn state(config: SessionConfig) -> datafusion::execution::SessionState {
    SessionStateBuilder::new()
        .with_default_features()
        .with_config(config)
        .build()
}

/// An engine whose queries run on the Ballista scheduler at `url`
/// (`df://HOST:PORT`). The executors must see `dir` at the same path.
pub async fn remote(url: &str, dir: &Path, defs: &Definitions) -> Result<Engine> {
    let ctx = SessionContext::remote_with_state(url, state(session_config(None)))
        .await
        .map_err(|e| AnalyticsError::engine(format!("connecting to {url}"), e))?;
    Engine::with_context(ctx, dir, defs, false).await
}

/// An engine on a Ballista scheduler and executor started in this process.
pub async fn standalone(dir: &Path, defs: &Definitions) -> Result<Engine> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let ctx = SessionContext::standalone_with_state(state(session_config(Some(cores))))
        .await
        .map_err(|e| AnalyticsError::engine("starting a standalone Ballista cluster", e))?;
    Engine::with_context(ctx, dir, defs, false).await
}
