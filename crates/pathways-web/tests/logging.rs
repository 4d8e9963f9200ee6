//! Personal fields never reach the logs: a request's span names the matched
//! route template, never the raw path or query string, which can carry a
//! student's id, name or email.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::Request;
use pathways_store::testing::fresh_store;
use pathways_web::WebConfig;
use tower::ServiceExt;
use tracing_subscriber::fmt::MakeWriter;

/// Log output kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn request_logs_name_the_route_not_the_path_or_query() {
    let t = fresh_store().await.expect("store");
    let app = pathways_web::app(t.store.clone(), WebConfig::default());
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    // The test runs on one thread, and `oneshot` runs the request on it.
    let _guard = tracing::subscriber::set_default(subscriber);

    let personal = [
        // A matched route with a student's email in the path and a name in the query.
        "/api/v1/plans/jane.doe%40example.org?student_ref=Jane+Doe&email=jane.doe%40example.org",
        // A page with a student's reference in the query.
        "/advising/plan?student_ref=S-4471-JaneDoe",
        // No route at all.
        "/nowhere/jane.doe@example.org?name=Jane+Doe",
    ];
    for uri in personal {
        let res = app
            .clone()
            .oneshot(
                Request::get(uri)
                    .header("authorization", "Bearer pw_not-a-token")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        // Refused (401, 404) or sent to sign in (303): either way, logged.
        assert!(
            res.status().is_client_error() || res.status().is_redirection(),
            "{uri}: {}",
            res.status()
        );
    }

    let text = logs.text();
    assert!(
        text.contains("started processing request"),
        "the requests were logged: {text}"
    );
    assert!(
        text.contains("route=/api/v1/plans/{student}"),
        "the span names the route template: {text}"
    );
    assert!(text.contains("route=/advising/plan"), "{text}");
    for secret in [
        "jane",
        "Jane",
        "example.org",
        "4471",
        "nowhere",
        "student_ref=",
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} reached the logs:\n{text}"
        );
    }
}
