//! The `Server-Timing` response header (W3C Server Timing): one `app;dur=…`
//! entry with the milliseconds the application spent on the request, so a
//! browser's developer tools and `bench/pages/run.sh` can see server time
//! apart from the network and rendering.

use std::time::Instant;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The header's name.
pub const SERVER_TIMING: &str = "server-timing";

/// Formats the header's value for a duration in milliseconds.
pub fn entry(ms: f64) -> String {
    format!("app;dur={ms:.1}")
}

/// Times the rest of the stack and adds the header to its response.
pub async fn server_timing(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut res = next.run(req).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&entry(ms)) {
        res.headers_mut()
            .insert(HeaderName::from_static(SERVER_TIMING), v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_is_one_app_metric_in_milliseconds() {
        assert_eq!(entry(12.345), "app;dur=12.3");
        assert_eq!(entry(0.04), "app;dur=0.0");
    }
}
