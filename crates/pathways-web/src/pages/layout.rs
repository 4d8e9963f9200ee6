//! The page frame: skip link, header with navigation and sign-in state, footer.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use pathways_domain::access::{Principal, Role};

/// A page ready to render inside the layout.
pub struct Page<'a> {
    /// `<title>` and `<h1>`.
    pub title: String,
    /// Which navigation entry is current.
    pub nav: &'static str,
    /// Who is looking.
    pub user: Option<&'a Principal>,
    /// Session CSRF token (for the sign-out form).
    pub csrf: Option<&'a str>,
    /// The content below the heading.
    pub body: Markup,
}

/// One navigation entry: (key, href, label).
type NavItem = (&'static str, &'static str, &'static str);

/// The catalog's lists, one section for signed-in people (the public sees
/// them in the main navigation: fewer entries there).
fn catalog_items(user: Option<&Principal>) -> Vec<NavItem> {
    let mut items = vec![
        ("programs", "/catalog/programs", "Programs"),
        ("credentials", "/catalog/credentials", "Credentials"),
        ("organizations", "/catalog/organizations", "Partners"),
    ];
    if user.is_some_and(|p| p.role == Role::ConvenerAdmin) {
        items.insert(1, ("courses", "/catalog/courses", "Courses"));
    }
    items
}

/// Work-based learning's pages, one section.
fn wbl_items(user: Option<&Principal>) -> Vec<NavItem> {
    let mut items = vec![
        ("wbl", "/wbl", "Opportunities"),
        ("mine", "/wbl/mine", "Applications"),
        ("placements", "/wbl/placements", "Placements"),
    ];
    if user.is_some_and(|p| p.role == Role::ConvenerAdmin) {
        items.push(("rounds", "/wbl/rounds", "Matching rounds"));
    }
    items
}

/// The section a page's navigation key belongs to, and the section's pages
/// (for the second row of navigation under the heading).
fn section(nav: &str, user: Option<&Principal>) -> Option<(&'static str, Vec<NavItem>)> {
    user?;
    let catalog = catalog_items(user);
    if catalog.iter().any(|(k, _, _)| *k == nav) {
        return Some(("catalog", catalog));
    }
    let wbl = wbl_items(user);
    if wbl.iter().any(|(k, _, _)| *k == nav) {
        return Some(("wbl", wbl));
    }
    None
}

fn nav_items(user: Option<&Principal>) -> Vec<NavItem> {
    let mut items = vec![
        ("home", "/", "Home"),
        ("pathways", "/catalog/pathways", "Pathways"),
        ("maps", "/maps", "Maps"),
        ("lmi", "/lmi", "Jobs in demand"),
    ];
    if user.is_some() {
        // Signed-in people see more sections: the catalog's lists and
        // work-based learning's pages each collapse into one entry, with
        // their own row of links on their pages.
        items.push(("catalog", "/catalog/programs", "Catalog"));
        items.push(("outcomes", "/outcomes", "Outcomes"));
        items.push(("wbl", "/wbl", "Work-based learning"));
    } else {
        items.extend(catalog_items(user));
        items.push(("outcomes", "/outcomes", "Outcomes"));
    }
    // Advising (issue 8): the caseload for staff, the plan for students and families.
    match user.map(|p| p.role) {
        Some(Role::ConvenerAdmin | Role::PartnerStaff | Role::Counselor) => {
            items.push(("advising", "/advising/caseload", "Advising"));
        }
        Some(Role::Student) => items.push(("advising", "/advising/plan", "My plan")),
        Some(Role::Family) => items.push(("advising", "/advising/plan", "Plan")),
        _ => {}
    }
    if let Some(p) = user
        && matches!(p.role, Role::ConvenerAdmin | Role::PartnerStaff)
    {
        items.push(("partnership", "/partnership", "Partnership"));
    }
    items
}

impl Page<'_> {
    /// Renders the full document.
    pub fn render(self) -> Markup {
        // A page inside a collapsed section marks the section's entry current.
        let section = section(self.nav, self.user);
        let current = section.as_ref().map_or(self.nav, |(key, _)| *key);
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " · Pathways" }
                    link rel="stylesheet" href="/static/app.css";
                }
                body {
                    a.skip href="#main" { "Skip to content" }
                    header.site {
                        div.bar {
                            a.brand href="/" { "Pathways" }
                            nav.main aria-label="Main" {
                                ul {
                                    @for (key, href, label) in nav_items(self.user) {
                                        li { a href=(href) aria-current=[(key == current).then_some("page")] { (label) } }
                                    }
                                }
                            }
                            div.who {
                                @if let Some(u) = self.user {
                                    span { (u.display_name) " · " (u.role.title()) }
                                    form method="post" action="/logout" {
                                        input type="hidden" name="csrf_token" value=(self.csrf.unwrap_or(""));
                                        button.linkish type="submit" { "Sign out" }
                                    }
                                } @else {
                                    a href="/login" { "Sign in" }
                                }
                            }
                        }
                    }
                    main #main {
                        @if let Some((_, pages)) = &section {
                            nav.subnav aria-label="In this section" {
                                ul { @for (key, href, label) in pages {
                                    li { a href=(href) aria-current=[(*key == self.nav).then_some("page")] { (label) } }
                                } }
                            }
                        }
                        h1 { (self.title) }
                        (self.body)
                    }
                    footer.site {
                        div {
                            "Pathways — an open regional career-pathways system. "
                            a href="/api/openapi.json" { "API" }
                        }
                    }
                }
            }
        }
    }
}

impl IntoResponse for Page<'_> {
    fn into_response(self) -> Response {
        Html(self.render().into_string()).into_response()
    }
}

/// A full error page.
pub fn error_page(status: StatusCode, title: &str, detail: &str) -> Html<String> {
    let page = Page {
        title: title.to_owned(),
        nav: "",
        user: None,
        csrf: None,
        body: html! {
            p { (detail) }
            p.muted { "Status " (status.as_u16()) ". " a href="/" { "Go to the home page" } }
        },
    };
    Html(page.render().into_string())
}
