//! Stored maps for everyone: the list, the map page (layered SVG with
//! regional wages on exits, the text alternative, the checks panel, print
//! styles) and the plain-language family version.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use pathways_domain::SocCode;
use pathways_domain::access::Principal;
use pathways_maps::{Component, Pathway, WageFacts};

use crate::access::{Access, Csrf, CurrentUser, Routes};
use crate::api::maps::{is_staff, readable, wages};
use crate::error::ApiError;
use crate::extract::IdPath;
use crate::pages::Page;
use crate::state::AppState;

/// An error as a page.
pub fn fail(e: ApiError, user: Option<&Principal>, csrf: Option<&str>) -> Response {
    let (status, _, title) = e.parts();
    let page = Page {
        title: title.to_owned(),
        nav: "maps",
        user,
        csrf,
        body: html! { div.alert.bad role="alert" { (e.problem().detail) } p { a href="/maps" { "Back to the maps" } } },
    };
    (status, page).into_response()
}

/// "$81,220".
pub fn dollars(n: u32) -> String {
    pathways_domain::figures::dollars(f64::from(n))
}

async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
) -> Response {
    let staff = is_staff(user.as_ref());
    let maps = match state.store().maps(!staff).await {
        Ok(m) => m,
        Err(e) => return fail(e.into(), user.as_ref(), csrf.as_deref()),
    };
    let body = html! {
        p.lede { "Each map shows a route from high school to a job: what to take, the credentials along the way, where people can start and where they can stop and work, and what those jobs pay here." }
        @if maps.is_empty() { (crate::pages::empty("No maps published yet.")) }
        ul.cards {
            @for m in &maps {
                li.card {
                    h2 { a href=(format!("/maps/{}", m.meta.id)) { (m.name) } }
                    p.muted { (m.component_count) " steps"
                        @if !m.settings.published { " · " span.pill { "Draft" } } }
                    p { a href=(format!("/maps/{}/family", m.meta.id)) { "Family version" }
                        @if staff { " · " a href=(format!("/maps/{}/edit", m.meta.id)) { "Edit" } } }
                }
            }
        }
        @if staff { (crate::pages::map_editor::new_map_form(csrf.as_deref())) }
    };
    Page {
        title: "Pathway maps".into(),
        nav: "maps",
        user: user.as_ref(),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

/// The checks panel: every finding with the components it names.
pub fn checks_panel(map: &Pathway, findings: &[pathways_maps::Finding]) -> Markup {
    let title = |id: &str| map.component(id).map_or(id.to_owned(), |c| c.title.clone());
    html! {
        section.card.checks aria-labelledby="checks" {
            h2 #checks { "Checks" }
            @if findings.is_empty() { p { "No problems found." } }
            ul {
                @for f in findings {
                    li { span.pill class=(format!("sev-{:?}", f.severity).to_lowercase()) { (format!("{:?}", f.severity)) } " "
                        (f.message)
                        @if !f.component_ids.is_empty() {
                            " — " (f.component_ids.iter().map(|c| title(c)).collect::<Vec<_>>().join(", "))
                        } }
                }
            }
        }
    }
}

async fn map_page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let m = match readable(&state, user.as_ref(), id).await {
        Ok(m) => m,
        Err(e) => return fail(e, user.as_ref(), csrf.as_deref()),
    };
    let w = wages(&state, &m).await;
    let map = &m.pathway;
    let jobs = job_titles(&state, map).await;
    let layout = pathways_maps::layout(map, &w);
    let svg = pathways_maps::render_svg(map, &layout, &w);
    let text = pathways_maps::render_text_alternative(map, &layout, &w);
    let findings = pathways_maps::check(map, &w);
    let body = html! {
        @if !map.description.is_empty() { p.lede { (map.description) } }
        @if !m.settings.published { p.alert { "Draft: only convener and partner staff see this map." } }
        p.no-print {
            "Read left to right. " a href=(format!("/maps/{id}/family")) { "A plain-language version for families" }
            " · " a href=(format!("/api/v1/maps/{id}/ctdl")) { "CTDL JSON-LD" }
            " · " a href=(format!("/api/v1/maps/{id}/svg")) { "SVG" }
            @if is_staff(user.as_ref()) { " · " a href=(format!("/maps/{id}/edit")) { "Edit" } }
            ". Use your browser's Print for a one-page map." }
        div.map-scroll { (PreEscaped(svg)) }
        (exits_table(map, &w, &jobs))
        details.card open {
            summary { "The map as a list" }
            (PreEscaped(text))
        }
        div.no-print { (checks_panel(map, &findings)) }
        p.muted { (pathways_lmi::SOURCE_CREDIT) }
    };
    Page {
        title: format!("{} — pathway map", map.name),
        nav: "maps",
        user: user.as_ref(),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

/// Each exit occupation's name as people say it: the map's own title, else
/// the labor-market release's (a map imported or built from codes may carry
/// SOC codes only, and families do not read "29-1141").
async fn job_titles(state: &AppState, map: &Pathway) -> HashMap<SocCode, String> {
    let lmi = state.lmi().await.ok();
    exits(map)
        .flat_map(|c| &c.occupations)
        .filter_map(|o| {
            let title = o
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .or_else(|| lmi.as_ref().and_then(|m| m.title(o.soc.as_str())))?;
            Some((o.soc, title))
        })
        .collect()
}

fn exits(map: &Pathway) -> impl Iterator<Item = &Component> {
    map.components.iter().filter(|c| c.off_ramp)
}

fn exits_table(
    map: &Pathway,
    w: &HashMap<SocCode, WageFacts>,
    jobs: &HashMap<SocCode, String>,
) -> Markup {
    html! {
        @if exits(map).next().is_some() {
            div.table-wrap { table.exits {
                caption { "Exits and what they pay in the region" }
                thead { tr { th scope="col" { "Stop after" } th scope="col" { "Job" } th scope="col" { "Median pay" } th scope="col" { "Openings a year" } } }
                tbody {
                    @for c in exits(map) { @for o in &c.occupations {
                        tr { td { (c.title) } td { (jobs.get(&o.soc).map_or(o.soc.as_str(), String::as_str)) " (" (o.soc) ")" }
                            @match w.get(&o.soc) {
                                Some(f) => { td { (dollars(f.median)) } td { (f.annual_openings) } }
                                None => { td { "no data" } td { "—" } }
                            } }
                    } }
                }
            } }
        }
    }
}

fn plain_kind(c: &Component) -> &'static str {
    use pathways_maps::ComponentKind as K;
    match c.kind {
        K::HighSchoolCourse => "a high-school class",
        K::AdvancedCourse(pathways_maps::AdvancedProgram::DualCredit) => {
            "a high-school class that also counts as college credit"
        }
        K::AdvancedCourse(_) => "an advanced high-school class (AP or IB)",
        K::CollegeCourse => "a college class",
        K::IndustryCertification => "a certification employers ask for",
        K::Level1Certificate | K::Level2Certificate => "a college certificate",
        K::Associate => "a two-year college degree",
        K::Bachelor => "a four-year university degree",
        K::License => "a state license",
        K::Apprenticeship => "a paid apprenticeship",
        K::WorkBasedLearning => "time learning at a workplace",
        K::Milestone => "a step along the way",
        K::Occupation => "a job",
    }
}

async fn family_page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let m = match readable(&state, user.as_ref(), id).await {
        Ok(m) => m,
        Err(e) => return fail(e, user.as_ref(), csrf.as_deref()),
    };
    let w = wages(&state, &m).await;
    let map = &m.pathway;
    let jobs = job_titles(&state, map).await;
    let in_stage = |s: &str| -> Vec<&Component> {
        map.components
            .iter()
            .filter(|c| c.stage == s && !c.off_ramp)
            .collect()
    };
    let title = |id: &str| map.component(id).map_or(id.to_owned(), |c| c.title.clone());
    let body = html! {
        p.lede { "This page shows one way to go from high school to a good job in our region: what you take, what you earn, and where you can stop and work." }
        section.card aria-labelledby="take" {
            h2 #take { "What you take" }
            ol {
                @for s in &map.stages {
                    @let steps = in_stage(&s.id);
                    @if !steps.is_empty() {
                        li { strong { (s.label) } ": "
                            ul { @for c in steps { li { (c.title) " — " (plain_kind(c))
                                @for cond in &c.conditions { " (" (cond.description) ")" } } } } }
                    }
                }
            }
            @if !map.articulations.is_empty() {
                p { "Credit you carry with you:" }
                ul { @for a in &map.articulations {
                    li { (title(&a.from)) " counts as " (title(&a.to))
                        @if let Some(h) = a.credit_hours { ", worth " (h) (if h.tenths() == 10 { " college credit hour" } else { " college credit hours" }) }
                        @if let Some(t) = &a.to_institution { " at " (t) }
                        "." }
                } }
            }
        }
        section.card aria-labelledby="earn" {
            h2 #earn { "What you earn, and where you can stop and work" }
            @if exits(map).next().is_none() { p { "This map does not list jobs yet." } }
            ul {
                @for c in exits(map) {
                    li { "After " strong { (c.title) } " (" (plain_kind(c)) "), you can work as "
                        @for (i, o) in c.occupations.iter().enumerate() {
                            @if i > 0 { " or " }
                            (jobs.get(&o.soc).map_or_else(|| "a job in this field".to_owned(), |t| t.to_lowercase()))
                            @if let Some(f) = w.get(&o.soc) { ". Half of them here earn more than " strong { (dollars(f.median)) } " a year" }
                        }
                        "."
                        @if map.edges.iter().any(|e| e.from == c.id) { " You can also keep going to the next step." } }
                }
            }
        }
        @let starts: Vec<&Component> = map.components.iter().filter(|c| c.on_ramp).collect();
        @if !starts.is_empty() {
            section.card aria-labelledby="start" {
                h2 #start { "Where you can start" }
                p { "You do not have to start in grade 9. People can join at: " (starts.iter().map(|c| c.title.as_str()).collect::<Vec<_>>().join(", ")) "." }
            }
        }
        p.no-print { a href=(format!("/maps/{id}")) { "See the full map" } }
        p.muted { "Pay figures: " (pathways_lmi::SOURCE_CREDIT) }
    };
    Page {
        title: format!("{}: a guide for families", map.name),
        nav: "maps",
        user: user.as_ref(),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

/// Registers the public map pages.
pub fn register(t: &mut Routes) {
    t.add(Method::GET, "/maps", Access::Public, list, None);
    t.add(Method::GET, "/maps/{id}", Access::Public, map_page, None);
    t.add(
        Method::GET,
        "/maps/{id}/family",
        Access::Public,
        family_page,
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_group_thousands() {
        assert_eq!(dollars(81_220), "$81,220");
        assert_eq!(dollars(950), "$950");
        assert_eq!(dollars(1_000_000), "$1,000,000");
    }
}
