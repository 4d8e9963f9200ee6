//! Server-rendered pages: they work without JavaScript, keep one layout and
//! navigation, and put no inline script or style on the page (CSP).

pub mod advising;
pub mod catalog;
pub mod home;
pub mod layout;
pub mod lmi;
pub mod login;
pub mod map_editor;
pub mod map_stages;
pub mod maps;
pub mod metrics;
pub mod partnership;
pub mod placements;
pub mod stored_maps;
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
    advising::register(t);
    metrics::register(t);
    placements::register(t);
    stored_maps::register(t);
    map_editor::register(t);
    map_stages::register(t);
    partnership::register(t);
}

/// A short "nothing here yet" block.
pub fn empty(message: &str) -> Markup {
    html! { p.muted { (message) } }
}

/// Maps a status to a title for error pages.
pub fn status_title(s: StatusCode) -> &'static str {
    s.canonical_reason().unwrap_or("Error")
}
