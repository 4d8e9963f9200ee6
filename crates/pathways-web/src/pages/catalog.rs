//! Catalog pages: the home page and a browsable, filterable list per entity.

use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_store::ListFilter;

use crate::access::{Access, Csrf, CurrentUser, Routes};
use crate::api::catalog::Resource;
use crate::error::ApiError;
use crate::extract::QueryMap;
use crate::pages::{Page, empty};
use crate::state::AppState;

/// How a resource shows as a table.
pub trait Listing: Resource {
    /// Page title.
    const TITLE: &'static str;
    /// Navigation key.
    const NAV: &'static str;
    /// One-line description under the heading.
    const LEDE: &'static str;
    /// Column headings.
    fn headings() -> &'static [&'static str];
    /// One row's cells.
    fn cells(&self, id: Id) -> Vec<Markup>;
}

fn link(path: &str, id: Id, text: &str) -> Markup {
    html! { a href=(format!("/catalog/{path}/{id}")) { (text) } }
}

impl Listing for PathwayInput {
    const TITLE: &'static str = "Career pathways";
    const NAV: &'static str = "pathways";
    const LEDE: &'static str = "Designed sequences of courses, credentials and work experience that lead to high-wage, in-demand jobs in the region.";
    fn headings() -> &'static [&'static str] {
        &[
            "Pathway",
            "Sector",
            "Target occupations",
            "Programs",
            "Courses",
        ]
    }
    fn cells(&self, id: Id) -> Vec<Markup> {
        vec![
            link("pathways", id, &self.name),
            html! { (self.sector.title()) },
            html! { (self.target_occupations.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")) },
            html! { (self.program_ids.len()) },
            html! { (self.course_ids.len()) },
        ]
    }
}

impl Listing for ProgramInput {
    const TITLE: &'static str = "Programs";
    const NAV: &'static str = "programs";
    const LEDE: &'static str = "High-school programs of study, certificates, degrees and apprenticeships offered in the region.";
    fn headings() -> &'static [&'static str] {
        &["Program", "Kind", "CIP", "Seats", "Completers"]
    }
    fn cells(&self, id: Id) -> Vec<Markup> {
        vec![
            link("programs", id, &self.name),
            html! { (self.kind.title()) },
            html! { (self.cip) },
            html! { (self.seats) },
            html! { (self.annual_completers) },
        ]
    }
}

impl Listing for CredentialInput {
    const TITLE: &'static str = "Credentials";
    const NAV: &'static str = "credentials";
    const LEDE: &'static str = "Certifications, certificates, degrees and licenses, with the occupations they lead to and what they stack into.";
    fn headings() -> &'static [&'static str] {
        &["Credential", "Kind", "Issuer", "Occupations", "Stacks into"]
    }
    fn cells(&self, id: Id) -> Vec<Markup> {
        vec![
            link("credentials", id, &self.name),
            html! { (self.kind.title()) },
            html! { (self.issuer) },
            html! { (self.occupations.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")) },
            html! { (self.stacks_into_ids.len()) },
        ]
    }
}

impl Listing for OrganizationInput {
    const TITLE: &'static str = "Partners";
    const NAV: &'static str = "organizations";
    const LEDE: &'static str = "School districts, colleges, employers, the workforce board and community partners at the table.";
    fn headings() -> &'static [&'static str] {
        &["Organization", "Sector", "Kind", "City"]
    }
    fn cells(&self, id: Id) -> Vec<Markup> {
        vec![
            link("organizations", id, &self.name),
            html! { (self.sector.title()) },
            html! { (self.kind.title()) },
            html! { (self.city.as_deref().unwrap_or("")) },
        ]
    }
}

impl Listing for CourseInput {
    const TITLE: &'static str = "Courses";
    const NAV: &'static str = "courses";
    const LEDE: &'static str =
        "Middle-school, high-school and college courses, with dual credit and prerequisites.";
    fn headings() -> &'static [&'static str] {
        &["Code", "Title", "Level", "Credits", "Dual credit"]
    }
    fn cells(&self, id: Id) -> Vec<Markup> {
        vec![
            link("courses", id, &self.code),
            html! { (self.title) },
            html! { (self.level.title()) },
            html! { (self.credit_hours) },
            html! { @if self.dual_credit { span.pill { "Dual credit" } } },
        ]
    }
}

fn filter_form<R: Listing>(q: &QueryMap) -> Markup {
    let value = |k: &str| q.0.get(k).cloned().unwrap_or_default();
    html! {
        form.filters method="get" role="search" {
            div { label for="q" { "Search" } input #q type="search" name="q" value=(value("q")); }
            @if R::FILTERS.iter().any(|f| matches!(f, crate::api::catalog::Filter::IndustrySector)) {
                div { label for="sector" { "Sector" }
                    select #sector name="sector" {
                        option value="" { "Any" }
                        @for s in IndustrySector::ALL { option value=(s.as_str()) selected[value("sector") == s.as_str()] { (s.title()) } }
                    }
                }
            }
            @if R::FILTERS.iter().any(|f| matches!(f, crate::api::catalog::Filter::OrgSector)) {
                div { label for="sector" { "Sector" }
                    select #sector name="sector" {
                        option value="" { "Any" }
                        @for s in Sector::ALL { option value=(s.as_str()) selected[value("sector") == s.as_str()] { (s.title()) } }
                    }
                }
            }
            button type="submit" { "Filter" }
        }
    }
}

async fn list_page<R: Listing>(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Result<Response, ApiError> {
    // Empty form fields mean "any".
    let cleaned = QueryMap(
        q.0.iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    );
    // A hand-edited bad filter shows everything rather than an error page.
    let (filter, after, limit) = crate::api::catalog::parse_list_public::<R>(&cleaned).unwrap_or((
        ListFilter::default(),
        None,
        50,
    ));
    let page = state.store().list::<R>(&filter, after, limit).await?;
    let body = html! {
        p.lede { (R::LEDE) }
        (filter_form::<R>(&cleaned))
        @if page.items.is_empty() {
            (empty("Nothing matches these filters."))
        } @else {
            div.table-wrap {
                table {
                    caption.skip { (R::TITLE) }
                    thead { tr { @for h in R::headings() { th scope="col" { (h) } } } }
                    tbody {
                        @for item in &page.items {
                            tr { @for c in item.fields.cells(item.meta.id) { td { (c) } } }
                        }
                    }
                }
            }
        }
        @if let Some(next) = page.next_cursor {
            nav.pager aria-label="Pages" {
                a href=(format!("?{}", serde_urlencoded::to_string(
                    cleaned.0.iter().filter(|(k, _)| k.as_str() != "after").map(|(k, v)| (k.as_str(), v.as_str())).chain([("after", next.to_string().as_str())]).collect::<Vec<_>>()
                ).unwrap_or_default())) { "Next page →" }
            }
        }
    };
    Ok(Page {
        title: R::TITLE.into(),
        nav: R::NAV,
        user: user.as_ref(),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response())
}

async fn detail_page<R: Listing>(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    let item = state.store().get::<R>(id).await?;
    let json = serde_json::to_value(&item.fields).unwrap_or_default();
    let title = json
        .get("name")
        .or_else(|| json.get("title"))
        .and_then(|v| v.as_str())
        .unwrap_or(R::NAME)
        .to_owned();
    let body = html! {
        div.card {
            dl {
                @if let Some(obj) = json.as_object() {
                    @for (k, v) in obj {
                        dt { (k.replace('_', " ")) }
                        dd { (match v { serde_json::Value::String(s) => s.clone(), serde_json::Value::Null => "—".into(), other => other.to_string() }) }
                    }
                }
            }
        }
        p.muted { "Version " (item.meta.version) ", updated " (item.meta.updated_at) ". " a href=(format!("/api/v1/{}/{}", R::PLURAL, id)) { "JSON" } }
    };
    Ok(Page {
        title,
        nav: R::NAV,
        user: user.as_ref(),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response())
}

async fn home(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
) -> Result<Response, ApiError> {
    let store = state.store();
    let none = ListFilter::default();
    let pathways = store.list::<PathwayInput>(&none, None, 500).await?;
    let regions = store.list::<RegionInput>(&none, None, 5).await?;
    let region_name = regions.items.first().map(|r| r.fields.name.clone());
    let panel = match &user {
        Some(p) => Some(crate::pages::home::panel(&state, p).await?),
        None => None,
    };
    let body = html! {
        @if let Some(panel) = panel { (panel) }
        p.lede {
            @if let Some(r) = &region_name { "The " (r) " career-pathways system: " }
            "pathways from high school through college and credentials into high-wage, in-demand jobs, built by schools, colleges, employers and the workforce board together."
        }
        h2 { "Pathways" }
        @if pathways.items.is_empty() {
            (empty("No pathways yet. A convener can import the catalog with `pathways import`."))
        } @else {
            div.cards {
                @for p in &pathways.items {
                    div.card {
                        h3 { a href=(format!("/catalog/pathways/{}/map", p.meta.id)) { (p.fields.name) } }
                        p.muted { (p.fields.sector.title()) }
                        @if let Some(d) = &p.fields.description { p { (d) } }
                    }
                }
            }
        }
    };
    Ok(Page {
        title: region_name.unwrap_or_else(|| "Pathways".into()),
        nav: "home",
        user: user.as_ref(),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response())
}

fn pages<R: Listing>(t: &mut Routes, list: &'static str, detail: &'static str) {
    t.add(Method::GET, list, Access::Public, list_page::<R>, None);
    t.add(Method::GET, detail, Access::Public, detail_page::<R>, None);
}

/// Registers the catalog pages.
pub fn register(t: &mut Routes) {
    t.add(Method::GET, "/", Access::Public, home, None);
    pages::<PathwayInput>(t, "/catalog/pathways", "/catalog/pathways/{id}");
    pages::<ProgramInput>(t, "/catalog/programs", "/catalog/programs/{id}");
    pages::<CredentialInput>(t, "/catalog/credentials", "/catalog/credentials/{id}");
    pages::<OrganizationInput>(t, "/catalog/organizations", "/catalog/organizations/{id}");
    pages::<CourseInput>(t, "/catalog/courses", "/catalog/courses/{id}");
}
