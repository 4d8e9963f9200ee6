//! Server-rendered pages: they work without JavaScript, keep one layout and
//! navigation, and put no inline script or style on the page (CSP).

pub mod catalog;
pub mod home;
pub mod layout;
pub mod lmi;
pub mod login;
pub mod maps;
pub mod metrics;
pub mod wbl;

use axum::http::StatusCode;
use maud::{Markup, html};

use crate::access::Routes;

pub use layout::{Page, error_page};

/// Registers every page route.
pub fn register(t: &mut Routes) {
    login::register(t);
    catalog::register(t);
    wbl::register(t);
    lmi::register(t);
    maps::register(t);
    metrics::register(t);
}

/// A short "nothing here yet" block.
pub fn empty(message: &str) -> Markup {
    html! { p.muted { (message) } }
}

/// Maps a status to a title for error pages.
pub fn status_title(s: StatusCode) -> &'static str {
    s.canonical_reason().unwrap_or("Error")
}
