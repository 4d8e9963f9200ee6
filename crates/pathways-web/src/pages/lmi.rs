//! Labor-market pages: targeted occupations, the gap analysis with a chart,
//! and occupation profiles — each showing its sources.

use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use pathways_domain::catalog::RegionInput;
use pathways_lmi::gaps::Gap;
use pathways_store::ListFilter;

use crate::access::{Access, Csrf, CurrentUser, Routes};
use crate::api::lmi::{catalog_of, region_area};
use crate::error::ApiError;
use crate::pages::Page;
use crate::state::AppState;

fn money(x: Option<f64>) -> String {
    x.map_or_else(|| "not released".into(), pathways_domain::figures::dollars)
}

fn credits() -> Markup {
    html! { p.muted { (pathways_lmi::SOURCE_CREDIT) " " (pathways_lmi::ONET_CREDIT) } }
}

async fn first_region(state: &AppState) -> Result<(i64, RegionInput, String), ApiError> {
    let r = state
        .store()
        .list::<RegionInput>(&ListFilter::default(), None, 1)
        .await?;
    let r = r
        .items
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound("no region yet".into()))?;
    let (fields, area) = region_area(state.store(), r.meta.id).await?;
    Ok((r.meta.id, fields, area))
}

fn page(
    title: String,
    user: Option<&pathways_domain::access::Principal>,
    csrf: Option<&str>,
    body: Markup,
) -> Response {
    Page {
        title,
        nav: "lmi",
        user,
        csrf,
        body,
    }
    .into_response()
}

fn failed(e: ApiError) -> Response {
    let (status, _, title) = e.parts();
    (
        status,
        crate::pages::error_page(status, title, &e.problem().detail),
    )
        .into_response()
}

async fn targeted(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
) -> Response {
    let result = async {
        let m = state.lmi().await?;
        let (id, region, area) = first_region(&state).await?;
        let rule = crate::api::lmi::region_rule(state.store(), id).await?;
        let signals = crate::api::lmi::employer_signals(state.store()).await?;
        let list = m.assess_with(&area, &rule, &signals)?;
        Ok::<_, ApiError>((m.area(&area)?.title.clone(), region.name, rule, list))
    }
    .await;
    let (area_title, region, rule, list) = match result {
        Ok(x) => x,
        Err(e) => return failed(e),
    };
    let targeted: Vec<_> = list.iter().filter(|a| a.targeted).collect();
    let body = html! {
        p.lede { (targeted.len()) " occupations in " (area_title) " meet the region's rule: a median wage at or above the area's all-occupation median, "
            "at least " (rule.min_regional_openings) " openings a year scaled to the area (or growth at or above the national rate), and entry below a bachelor's degree." }
        p { a href="/lmi/gaps" { "See where the region has too few seats →" } }
        div.table-wrap { table {
            caption.skip { "Targeted occupations of " (region) }
            thead { tr { th scope="col" { "Occupation" } th.num scope="col" { "Median wage" } th.num scope="col" { "Openings a year" } th.num scope="col" { "Growth" } th scope="col" { "Typical entry" } th scope="col" { "Employers report" } th scope="col" { "Why" } } }
            tbody { @for a in &targeted { tr {
                td { a href=(format!("/lmi/occupations/{}", a.soc)) { (a.title) } br; span.muted { (a.soc) } }
                td.num { (money(a.median_wage)) }
                td.num { (a.regional_openings.map_or("—".into(), whole)) }
                td.num { (a.growth_pct.map_or("—".into(), |g| format!("{g:.1}%"))) }
                td { (a.entry_education.clone().unwrap_or_default()) }
                td { @if let Some(e) = &a.employers { (e.forecast_12_months) " openings in 12 months (" (e.employers) " employers)" @if !e.required_credentials.is_empty() { "; require " (e.required_credentials.join(", ")) } } }
                td { @for t in &a.tests { div { (if t.passed { "✓ " } else { "✗ " }) (t.because) } } }
            } } }
        } }
        (credits())
    };
    page(
        format!("Targeted occupations · {region}"),
        user.as_ref(),
        csrf.as_deref(),
        body,
    )
}

/// A horizontal bar chart of openings against completers, as accessible SVG.
fn gap_chart(gaps: &[Gap]) -> Markup {
    let rows: Vec<&Gap> = gaps.iter().take(15).collect();
    let max = rows
        .iter()
        .map(|g| g.annual_openings.unwrap_or(0.0).max(g.completers as f64))
        .fold(1.0, f64::max);
    let (label_w, bar_w, row_h) = (330.0, 420.0, 34.0);
    let height = 50.0 + row_h * rows.len() as f64;
    let scale = |v: f64| v / max * bar_w;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {height}" role="img" aria-labelledby="gap-title gap-desc" class="chart"><title id="gap-title">Annual openings and program completers for targeted occupations</title><desc id="gap-desc">For each occupation, the dark bar is regional annual openings and the light bar is completers a year of regional programs leading to it. The table below lists the same figures.</desc>"##,
        w = label_w + bar_w + 80.0
    );
    svg.push_str(&format!(r##"<rect x="{label_w}" y="8" width="14" height="14" fill="#0b5cad"/><text x="{}" y="20" font-size="13" fill="#1b1f24">Openings a year</text><rect x="{}" y="8" width="14" height="14" fill="#8fb8e0"/><text x="{}" y="20" font-size="13" fill="#1b1f24">Completers a year</text>"##, label_w + 20.0, label_w + 150.0, label_w + 170.0));
    for (i, g) in rows.iter().enumerate() {
        let y = 40.0 + row_h * i as f64;
        let o = g.annual_openings.unwrap_or(0.0);
        let c = g.completers as f64;
        let name: String = g.title.chars().take(44).collect();
        let name = name.replace('&', "&amp;").replace('<', "&lt;");
        svg.push_str(&format!(
            r##"<text x="{}" y="{}" font-size="13" text-anchor="end" fill="#1b1f24">{name}</text><rect x="{label_w}" y="{y}" width="{:.1}" height="12" fill="#0b5cad"/><rect x="{label_w}" y="{}" width="{:.1}" height="10" fill="#8fb8e0"/><text x="{:.1}" y="{}" font-size="12" fill="#1b1f24">{o:.0} / {c:.0}</text>"##,
            label_w - 8.0, y + 16.0, scale(o), y + 13.0, scale(c), label_w + scale(o.max(c)) + 6.0, y + 16.0
        ));
    }
    svg.push_str("</svg>");
    html! { figure.card { (PreEscaped(svg)) } }
}

async fn gaps(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
) -> Response {
    let result = async {
        let m = state.lmi().await?;
        let (id, region, area) = first_region(&state).await?;
        let (programs, _) = catalog_of(state.store(), id).await?;
        let rule = crate::api::lmi::region_rule(state.store(), id).await?;
        let signals = crate::api::lmi::employer_signals(state.store()).await?;
        let gaps = m.gaps_with(&area, &rule, &programs, &signals)?;
        let weak = m.weak_programs(&area, &rule, &programs)?;
        Ok::<_, ApiError>((id, region.name, gaps, weak))
    }
    .await;
    let (id, region, gaps, weak) = match result {
        Ok(x) => x,
        Err(e) => return failed(e),
    };
    let none = gaps
        .iter()
        .filter(|g| g.flags.iter().any(|f| f == "no_regional_program"))
        .count();
    let under = gaps
        .iter()
        .filter(|g| g.flags.iter().any(|f| f == "under_supply"))
        .count();
    let mut shown: Vec<&Gap> = gaps.iter().filter(|g| !g.programs.is_empty()).collect();
    shown.sort_by(|a, b| {
        b.annual_openings
            .unwrap_or(0.0)
            .partial_cmp(&a.annual_openings.unwrap_or(0.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let chart_rows: Vec<Gap> = shown.iter().map(|g| (*g).clone()).collect();
    let body = html! {
        div.cards {
            div.card { div.stat { (gaps.len()) } "targeted occupations" }
            div.card { div.stat { (none) } "with no regional program" }
            div.card { div.stat { (under) } "where completers cover less than half the openings" }
            div.card { div.stat { (weak.len()) } "programs leading to no high-wage, in-demand occupation" }
        }
        h2 { "Openings and completers" }
        (gap_chart(&chart_rows))
        p { a href=(format!("/api/v1/lmi/regions/{id}/gaps?format=csv")) download="gaps.csv" { "Download the gap table (CSV)" } }
        div.table-wrap { table {
            caption.skip { "Gap analysis" }
            thead { tr { th scope="col" { "Occupation" } th.num scope="col" { "Openings a year" } th.num scope="col" { "Completers" } th.num scope="col" { "Seats" } th scope="col" { "Flags" } th scope="col" { "Programs" } } }
            tbody { @for g in &gaps { tr {
                td { a href=(format!("/lmi/occupations/{}", g.soc)) { (g.title) } }
                td.num { (g.annual_openings.map_or("—".into(), whole)) }
                td.num { (g.completers) } td.num { (g.seats) }
                td { @for f in &g.flags { span.pill { (f.replace('_', " ")) } " " } }
                td { (g.programs.join("; ")) }
            } } }
        } }
        @if !weak.is_empty() {
            h2 { "Programs to review" }
            ul { @for (p, why) in &weak { li { (p.name) " (" (p.provider) "): " (why) } } }
        }
        (credits())
    };
    page(
        format!("Gap analysis · {region}"),
        user.as_ref(),
        csrf.as_deref(),
        body,
    )
}

async fn profile(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
    Path(soc): Path<String>,
) -> Response {
    let result = async {
        let m = state.lmi().await?;
        let (id, _, area) = first_region(&state).await?;
        let (programs, credentials) = catalog_of(state.store(), id).await?;
        let reverse = m.reverse_map(&soc, &area, &programs, &credentials)?;
        Ok::<_, ApiError>((m.profile(&soc, &area)?, reverse))
    }
    .await;
    let (p, reverse) = match result {
        Ok(p) => p,
        Err(e) => return failed(e),
    };
    let w = p.wages.unwrap_or_default();
    let body = html! {
        @if let Some(d) = &p.description { p.lede { (d) } }
        div.cards {
            div.card { h3 { "Median wage" } div.stat { (money(w.median)) } p.muted { "in " (p.area.title) } }
            div.card { h3 { "Jobs here" } div.stat { (w.employment.map_or("—".into(), whole)) } p.muted { "location quotient " (w.location_quotient.map_or("—".into(), |l| format!("{l:.2}"))) } }
            div.card { h3 { "Openings a year" } div.stat { (p.regional_annual_openings.map_or("—".into(), whole)) } p.muted { "scaled from national projections" } }
            div.card { h3 { "Growth 2024–34" } div.stat { (p.projection.as_ref().and_then(|x| x.growth_pct).map_or("—".into(), |g| format!("{g:.1}%"))) } p.muted { "national" } }
        }
        h2 { "Wages in " (p.area.title) }
        div.table-wrap { table {
            thead { tr { th scope="col" { "10th" } th scope="col" { "25th" } th scope="col" { "Median" } th scope="col" { "75th" } th scope="col" { "90th" } th scope="col" { "Mean" } } }
            tbody { tr { td { (money(w.p10)) } td { (money(w.p25)) } td { (money(w.median)) } td { (money(w.p75)) } td { (money(w.p90)) } td { (money(w.mean)) } } }
        } }
        h2 { "Getting in" }
        ul {
            li { "Typical education: " (p.projection.as_ref().and_then(|x| x.entry_education.clone()).unwrap_or_else(|| "not published".into())) }
            li { "Training: " (p.projection.as_ref().and_then(|x| x.training.clone()).unwrap_or_else(|| "not published".into())) }
            li { "O*NET Job Zone: " (p.job_zone.map_or("not rated".into(), |z| z.to_string())) " of 5" }
        }
        @if !p.top_skills.is_empty() { h2 { "Top skills" } p { (p.top_skills.join(", ")) } }
        @if !p.top_knowledge.is_empty() { h2 { "Knowledge" } p { (p.top_knowledge.join(", ")) } }
        h2 { "How to get there in this region" }
        @if reverse.credentials.is_empty() && reverse.cip_programs.iter().all(|b| b.postsecondary.is_empty() && b.secondary.is_empty()) {
            p.alert { "No regional program or credential in the catalog leads to this occupation yet." }
        } @else {
            ul {
                @for c in &reverse.credentials { li { "Credential: " (c.name) } }
                @for b in &reverse.cip_programs {
                    @for prog in &b.postsecondary { li { (prog.name) " at " (prog.provider) " (" (b.title) ")" } }
                    @for prog in &b.secondary { li { "In high school: " (prog.name) } }
                }
            }
        }
        @if !p.programs.is_empty() { h2 { "Programs that prepare for it" } ul { @for (c, t) in &p.programs { li { (t) " (CIP " (c) ")" } } } }
        @if !p.related.is_empty() { h2 { "Related occupations" } ul { @for (c, t) in &p.related { li { a href=(format!("/lmi/occupations/{c}")) { (t) } } } } }
        (credits())
    };
    page(
        format!("{} ({})", p.title, p.soc),
        user.as_ref(),
        csrf.as_deref(),
        body,
    )
}

/// Registers the labor-market pages (public).
pub fn register(t: &mut Routes) {
    t.add(Method::GET, "/lmi", Access::Public, targeted, None);
    t.add(Method::GET, "/lmi/gaps", Access::Public, gaps, None);
    t.add(
        Method::GET,
        "/lmi/occupations/{soc}",
        Access::Public,
        profile,
        None,
    );
}

/// A count as people read it: "1,750".
fn whole(x: f64) -> String {
    pathways_domain::figures::thousands(x.round() as i64)
}
