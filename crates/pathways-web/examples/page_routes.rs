//! Prints every HTML page route (GET, outside `/api`, not a download or the
//! stylesheet) with the roles allowed to open it, one per line:
//! `PATH<TAB>ROLE,ROLE,…` (`public` first when anyone may). The page
//! benchmark (`bench/pages/run.sh`) reads this list, so a page added to the
//! router is benchmarked without editing the script.

use std::io::Write;

use axum::http::Method;
use pathways_domain::access::{Principal, Role};
use pathways_web::access::Access;

fn main() -> std::io::Result<()> {
    let table = pathways_web::route_table();
    let mut pages: Vec<(&String, &Access)> = table
        .rules()
        .iter()
        .filter(|((m, path), _)| *m == Method::GET && is_page(path))
        .map(|((_, path), a)| (path, a))
        .collect();
    pages.sort();
    let mut out = std::io::stdout().lock();
    for (path, access) in pages {
        let mut who: Vec<&str> = Vec::new();
        if access.allows(None) {
            who.push("public");
        }
        for role in Role::ALL {
            let p = Principal {
                user_id: 0,
                display_name: String::new(),
                role: *role,
                organization_id: None,
                student_ref: None,
                can_write: true,
            };
            if access.allows(Some(&p)) {
                who.push(role.as_str());
            }
        }
        writeln!(out, "{path}\t{}", who.join(","))?;
    }
    Ok(())
}

/// HTML pages only: the API, health checks, static files and downloads are not pages.
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/static/")
        || matches!(path, "/healthz" | "/readyz")
        || path.ends_with(".csv")
        || path.ends_with(".json")
        || path.ends_with(".svg")
        || path.ends_with(".geojson"))
}
