//! Per-route time budgets.
//!
//! Interactive requests get a short budget so a stuck query cannot hold a
//! connection forever; bulk routes (imports) declare themselves long-running
//! in the route table and get the long one, because their work grows with the
//! upload and cutting one off rolls all of it back. The budget is applied
//! after routing, where the matched route is known; the outer layer in
//! [`crate::app`] caps everything else at the bulk budget.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Runs the rest of the stack within the matched route's budget; past it, the
/// handler's future is dropped (its open transaction rolls back) and the
/// client gets a 408 problem.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let budget = match req.extensions().get::<MatchedPath>() {
        Some(path) => state.budget(req.method(), path.as_str()),
        None => state.budget(req.method(), ""),
    };
    let timed_out = || {
        ApiError::TimedOut(format!(
            "the request took longer than its {} s budget; nothing it started was kept",
            budget.as_secs()
        ))
        .into_response()
    };
    // A zero budget admits nothing. (`timeout` with a zero duration would
    // still run the handler until the timer's next tick, a millisecond or
    // more, and a fast handler would finish.)
    if budget.is_zero() {
        return timed_out();
    }
    match tokio::time::timeout(budget, next.run(req)).await {
        Ok(res) => res,
        Err(_) => timed_out(),
    }
}
