//! Outcome pages: the public outcomes (suppressed cells only) and the staff
//! equity dashboard — each metric by group as SVG bars with the
//! all-students line, suppressed cells marked, trends by year, the equity
//! gap, CSV downloads, and an audited explain view.

use axum::extract::{Path, State};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use pathways_analytics::{PublicCell, Status, group_fields, results};

use crate::access::{Access, Csrf, CurrentUser, Routes, STAFF, SignedIn};
use crate::api::metrics::{
    Current, current, explain_district, explain_rows, public_cells, rules, staff_cells,
};
use crate::error::ApiError;
use crate::extract::QueryMap;
use crate::pages::Page;
use crate::state::AppState;

/// One bar of a chart.
pub struct Bar {
    /// Group label.
    pub label: String,
    /// Its value (none: suppressed).
    pub value: Option<f64>,
    /// Shown beside the bar ("83.3 %", "suppressed").
    pub text: String,
    /// Whether the cell is hidden or coded in public release.
    pub marked: bool,
}

/// Horizontal bars with a line at the all-students value.
pub fn bar_chart(title: &str, bars: &[Bar], all: Option<f64>, median: bool) -> Markup {
    let max = if median {
        bars.iter()
            .filter_map(|b| b.value)
            .chain(all)
            .fold(1.0_f64, f64::max)
    } else {
        1.0
    };
    // Room on the right for the longest value text ("100.0 % (public: hidden)").
    let (left, width, row) = (250.0, 360.0, 26.0);
    let height = row * bars.len() as f64 + 30.0;
    let x = |v: f64| left + width * (v / max).clamp(0.0, 1.0);
    // Ids from the title: a page shows more than one chart.
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let (title_id, desc_id) = (format!("chart-{slug}"), format!("chart-{slug}-desc"));
    let desc = bars
        .iter()
        .map(|b| {
            format!(
                "{}: {}",
                b.label,
                if b.value.is_some() {
                    b.text.as_str()
                } else {
                    "suppressed"
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        figure.metric-chart {
            svg viewBox=(format!("0 0 800 {height}")) role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
                title id=(title_id) { (title) }
                desc id=(desc_id) { (desc) @if let Some(a) = all { ". All students: " (fmt(a, median)) "." } }
                @for (i, b) in bars.iter().enumerate() {
                    @let y = 10.0 + row * i as f64;
                    text x=(left - 6.0) y=(y + 15.0) text-anchor="end" class="bar-label" { (b.label) }
                    @match b.value {
                        Some(v) => {
                            rect x=(left) y=(y) width=(x(v) - left) height=(row - 8.0) class=(if b.marked { "bar bar-marked" } else { "bar" }) {
                                title { (b.label) ": " (b.text) }
                            }
                        }
                        None => {
                            rect x=(left) y=(y) width=(width) height=(row - 8.0) class="bar-suppressed" {
                                title { (b.label) ": suppressed" }
                            }
                        }
                    }
                    text x=(left + width + 6.0) y=(y + 15.0) class="bar-value" { (b.text) }
                }
                @if let Some(a) = all {
                    line x1=(x(a)) x2=(x(a)) y1="4" y2=(height - 18.0) class="all-line" {
                        title { "All students: " (fmt(a, median)) }
                    }
                    text x=(x(a)) y=(height - 4.0) text-anchor="middle" class="bar-value" { "all students" }
                }
            }
            figcaption { (title) ". The vertical line marks the all-students value; dashed outlines mark groups too small to publish and lighter bars values the public pages hide or show as a range. The table below gives the same figures." }
        }
    }
}

/// A group's value in words: the federal race and ethnicity categories,
/// sex, and yes/no for the flags; other values (ids, years) as they are.
pub fn group_label(by: &str, value: &str) -> String {
    let known = match (by, value) {
        ("all", _) => "All students",
        ("race_ethnicity", "american_indian_alaska_native") => "American Indian or Alaska Native",
        ("race_ethnicity", "asian") => "Asian",
        ("race_ethnicity", "black") => "Black or African American",
        ("race_ethnicity", "hispanic") => "Hispanic or Latino",
        ("race_ethnicity", "native_hawaiian_pacific_islander") => {
            "Native Hawaiian or Pacific Islander"
        }
        ("race_ethnicity", "two_or_more") => "Two or more races",
        ("race_ethnicity", "white") => "White",
        ("sex", "F") => "Female",
        ("sex", "M") => "Male",
        ("sex", "X") => "Another gender (X)",
        (_, "true") => "Yes",
        (_, "false") => "No",
        (_, "unknown") => "Not recorded",
        _ => return value.replace('_', " "),
    };
    known.to_owned()
}

/// A group's name on the pages: the name of a program, pathway, school,
/// district or region where the results know it, else [`group_label`].
fn label_in(cur: &Current, by: &str, value: &str) -> String {
    cur.name_of(by, value)
        .map(str::to_owned)
        .unwrap_or_else(|| group_label(by, value))
}

/// A district's name for the explain links and pages, as the dashboard
/// names it.
fn district_name(cur: &Current, id: &str) -> String {
    cur.name_of("district", id)
        .map_or_else(|| format!("district {id}"), str::to_owned)
}

/// How a cell appears on the public pages, in words.
fn public_label(s: Status) -> &'static str {
    match s {
        Status::Released => "shown",
        Status::SmallCell => "hidden: small group",
        Status::Complementary => "hidden: protects a small group",
        Status::TopCoded => "shown as a range (top)",
        Status::BottomCoded => "shown as a range (bottom)",
    }
}

/// A head count as people read it: "12,345".
fn count(n: u64) -> String {
    pathways_domain::figures::thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A gap in dollars with its sign: "+$1,200", "-$1,855".
fn signed_dollars(g: f64) -> String {
    let d = pathways_domain::figures::dollars(g);
    if g.round() > 0.0 { format!("+{d}") } else { d }
}

fn fmt(v: f64, median: bool) -> String {
    if median {
        pathways_domain::figures::dollars(v)
    } else {
        format!("{:.1} %", v * 100.0)
    }
}

fn page(
    title: String,
    nav: &'static str,
    user: Option<&pathways_domain::access::Principal>,
    csrf: Option<&str>,
    body: Markup,
) -> Response {
    Page {
        title,
        nav,
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

fn grouping_links(base: &str, by: &str) -> Markup {
    html! {
        nav.groupings aria-label="Group by" {
            ul {
                @for f in group_fields() {
                    li { a href=(format!("{base}?by={f}")) aria-current=[(f == by).then_some("true")] { (f.replace('_', " ")) } }
                }
            }
        }
    }
}

fn public_bars(cur: &Current, cells: &[PublicCell], by: &str) -> Vec<Bar> {
    cells
        .iter()
        .filter(|c| c.group_by == by)
        .map(|c| Bar {
            label: label_in(cur, &c.group_by, &c.group_value),
            value: match c.suppressed {
                Status::Released => c.rate,
                Status::TopCoded => Some(rules().top),
                Status::BottomCoded => Some(rules().bottom),
                _ => None,
            },
            text: c.rate_label.clone(),
            marked: c.suppressed != Status::Released,
        })
        .collect()
}

async fn outcomes_index(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
) -> Response {
    let cur = match current(&state).await {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let body = html! {
        p { "How the region's learners fare, by the federal Perkins V and WIOA indicators and the region's pathway metrics. "
            "Groups of fewer than " (rules().min_cell) " people are suppressed, with enough others hidden that none can be worked out; "
            "rates near 0 % or 100 % over small groups are shown as ranges. "
            a href="/outcomes.csv" download { "Download all (CSV)" } }
        div.table-wrap { table.data {
            thead { tr { th scope="col" { "Metric" } th scope="col" { "All students" } th scope="col" { "Source" } } }
            tbody {
                @for s in &cur.specs {
                    @let all = public_cells(&cur, &s.id, Some("all"));
                    tr {
                        td { a href=(format!("/outcomes/{}", s.id)) { (s.id) " — " (s.title) } }
                        td { (all.first().map(|c| c.rate_label.clone()).unwrap_or_else(|| "no cohort".into())) }
                        td.muted { (s.citation) }
                    }
                }
            }
        } }
    };
    page(
        "Outcomes".into(),
        "outcomes",
        user.as_ref(),
        csrf.as_deref(),
        body,
    )
}

fn trend_and_table(
    cur: &Current,
    cells: &[PublicCell],
    by: &str,
    median: bool,
    title: &str,
) -> Markup {
    let all = cells
        .iter()
        .find(|c| c.group_by == "all")
        .and_then(|c| c.rate);
    html! {
        (bar_chart(title, &public_bars(cur, cells, by), all, median))
        div.table-wrap { table.data {
            thead { tr { th { (by.replace('_', " ")) } th { "Numerator" } th { "Denominator" } th { "Rate" } } }
            tbody {
                @for c in cells.iter().filter(|c| c.group_by == by || c.group_by == "all") {
                    tr class=[(c.suppressed != Status::Released).then_some("suppressed")] {
                        td { (label_in(cur, &c.group_by, &c.group_value)) }
                        td { (c.numerator.map(count).unwrap_or_else(|| "—".into())) }
                        td { (c.denominator.map(count).unwrap_or_else(|| "—".into())) }
                        td { (c.rate_label) }
                    }
                }
            }
        } }
    }
}

async fn outcome_page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
    Path(metric): Path<String>,
    q: QueryMap,
) -> Response {
    let cur = match current(&state).await {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let spec = match cur.spec(&metric) {
        Ok(s) => s.clone(),
        Err(e) => return failed(e),
    };
    let by = q.0.get("by").cloned().unwrap_or_else(|| "sex".into());
    let cells = public_cells(&cur, &metric, None);
    let median = spec.kind == pathways_analytics::MetricKind::Median;
    let body = html! {
        h2 { (spec.id) " — " (spec.title) }
        p { (spec.description) }
        p.muted { "Source: " (spec.citation) }
        (grouping_links(&format!("/outcomes/{metric}"), &by))
        (trend_and_table(&cur, &cells, &by, median, &format!("{} by {}", spec.title, by.replace('_', " "))))
        h2 { "Trend" }
        (trend_and_table(&cur, &cells, "year", median, &format!("{} by year", spec.title)))
    };
    page(
        format!("{} — outcomes", spec.title),
        "outcomes",
        user.as_ref(),
        csrf.as_deref(),
        body,
    )
}

async fn outcomes_csv(State(state): State<AppState>) -> Response {
    let cur = match current(&state).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let mut all = Vec::new();
    for s in &cur.specs {
        all.extend(public_cells(&cur, &s.id, None));
    }
    let mut buf = Vec::new();
    if let Err(e) = results::write_public_csv(&mut buf, &all, &rules()) {
        return ApiError::Internal(e.to_string()).into_response();
    }
    csv_response(buf, "outcomes.csv")
}

fn csv_response(buf: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        buf,
    )
        .into_response()
}

async fn dashboard(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let cur = match current(&state).await {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let body = html! {
        p { "Every metric for every group, unsuppressed, for staff. Cells marked " span.badge-suppressed { "public: hidden" }
            " are suppressed or coded on the public " a href="/outcomes" { "outcomes pages" } ". "
            a href="/metrics/results.csv" download { "Download all (CSV)" } }
        p.muted { "Result set " (cur.set.id) ", computed " (cur.set.created_at) "." }
        (metric_table(&cur))
    };
    page(
        "Equity dashboard".into(),
        "outcomes",
        Some(&p),
        csrf.as_deref(),
        body,
    )
}

fn metric_table(cur: &Current) -> Markup {
    html! {
        div.table-wrap { table.data {
            thead { tr { th { "Metric" } th { "Numerator" } th { "Denominator" } th { "Rate" } th { "Widest gap" } } }
            tbody {
                @for s in &cur.specs {
                    @let cells = staff_cells(cur, &s.id, None);
                    @let all = cells.iter().find(|c| c.cell.group_by == "all");
                    @let widest = cells.iter().filter(|c| c.cell.group_by != "all" && c.cell.denominator >= rules().min_cell)
                        .filter_map(|c| c.gap.map(|g| (g, c))).min_by(|a, b| a.0.total_cmp(&b.0));
                    tr {
                        td { a href=(format!("/metrics/{}", s.id)) { (s.id) " — " (s.title) } }
                        td { (all.map(|c| count(c.cell.numerator)).unwrap_or_default()) }
                        td { (all.map(|c| count(c.cell.denominator)).unwrap_or_default()) }
                        td { (all.and_then(|c| c.cell.rate).map(|r| fmt(r, s.kind == pathways_analytics::MetricKind::Median)).unwrap_or_else(|| "—".into())) }
                        td { @if let Some((g, c)) = widest { (c.cell.group_by.replace('_', " ")) ": " (label_in(cur, &c.cell.group_by, &c.cell.group_value)) ", " (if c.cell.median { signed_dollars(g) } else { format!("{:+.1} points", g * 100.0) }) } }
                    }
                }
            }
        } }
    }
}

async fn dashboard_metric(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Path(metric): Path<String>,
    q: QueryMap,
) -> Response {
    let cur = match current(&state).await {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let spec = match cur.spec(&metric) {
        Ok(s) => s.clone(),
        Err(e) => return failed(e),
    };
    let by = q.0.get("by").cloned().unwrap_or_else(|| "sex".into());
    let median = spec.kind == pathways_analytics::MetricKind::Median;
    let cells = staff_cells(&cur, &metric, None);
    // The explain links below: their cohorts are worked out while the page is read.
    let explained: Vec<String> = if p.is_admin() {
        cells
            .iter()
            .filter(|c| c.cell.group_by == "district")
            .map(|c| c.cell.group_value.clone())
            .collect()
    } else {
        p.organization_id
            .map(|o| o.to_string())
            .into_iter()
            .collect()
    };
    crate::api::metrics::prefetch_cohorts(&state, &metric, explained);
    let all = cells
        .iter()
        .find(|c| c.cell.group_by == "all")
        .and_then(|c| c.cell.rate);
    let bars = |g: &str| -> Vec<Bar> {
        cells
            .iter()
            .filter(|c| c.cell.group_by == g)
            .map(|c| Bar {
                label: label_in(&cur, &c.cell.group_by, &c.cell.group_value),
                value: c.cell.rate,
                text: format!(
                    "{}{}",
                    c.cell
                        .rate
                        .map(|r| fmt(r, median))
                        .unwrap_or_else(|| "—".into()),
                    if c.public_status == Status::Released {
                        ""
                    } else {
                        " (public: hidden)"
                    }
                ),
                marked: c.public_status != Status::Released,
            })
            .collect()
    };
    let table = |g: &str| {
        html! {
            div.table-wrap { table.data {
                thead { tr { th { (g.replace('_', " ")) } th { "Numerator" } th { "Denominator" } th { "Rate" } th { "Gap (points)" } th { "Gap (ratio)" } th { "Public" } } }
                tbody {
                    @for c in cells.iter().filter(|c| c.cell.group_by == g || c.cell.group_by == "all") {
                        tr class=[(c.public_status != Status::Released).then_some("suppressed")] {
                            td { (label_in(&cur, &c.cell.group_by, &c.cell.group_value)) }
                            td { (count(c.cell.numerator)) }
                            td { (count(c.cell.denominator)) }
                            td { (c.cell.rate.map(|r| fmt(r, median)).unwrap_or_else(|| "—".into())) }
                            td { (c.gap.map(|g| if median { signed_dollars(g) } else { format!("{:+.1}", g * 100.0) }).unwrap_or_default()) }
                            td { (c.gap_ratio.map(|r| format!("{r:.2}")).unwrap_or_default()) }
                            td { (public_label(c.public_status)) }
                        }
                    }
                }
            } }
        }
    };
    let body = html! {
        h2 { (spec.id) " — " (spec.title) }
        p { (spec.description) }
        dl.metric-def {
            dt { "Cohort" } dd { (spec.cohort) }
            dt { "Numerator" } dd { (spec.numerator) }
            dt { "Denominator" } dd { (spec.denominator) }
            dt { "Timing" } dd { (spec.timing) }
            dt { "Source" } dd { (spec.citation) }
        }
        @if p.is_admin() {
            // The convener acts for no district: one link per district in the results.
            nav.groupings aria-label="Explain a district's cohort" {
                "Explain the cohort of district: "
                ul { @for c in cells.iter().filter(|c| c.cell.group_by == "district") {
                    li { a href=(format!("/metrics/{metric}/explain?district={}", c.cell.group_value)) {
                        (district_name(&cur, &c.cell.group_value)) } }
                } }
            }
        } @else {
            p { a href=(format!("/metrics/{metric}/explain")) { "Explain: the cohort for your organization's students" } }
        }
        (grouping_links(&format!("/metrics/{metric}"), &by))
        (bar_chart(&format!("{} by {}", spec.title, by.replace('_', " ")), &bars(&by), all, median))
        (table(&by))
        h2 { "Trend" }
        (bar_chart(&format!("{} by year", spec.title), &bars("year"), all, median))
        (table("year"))
    };
    page(
        format!("{} — equity dashboard", spec.title),
        "outcomes",
        Some(&p),
        csrf.as_deref(),
        body,
    )
}

async fn dashboard_csv(State(state): State<AppState>) -> Response {
    let cur = match current(&state).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let mut buf = Vec::new();
    if let Err(e) = results::write_csv(&mut buf, &cur.cells) {
        return ApiError::Internal(e.to_string()).into_response();
    }
    csv_response(buf, "metrics.csv")
}

async fn explain_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Path(metric): Path<String>,
    q: QueryMap,
) -> Response {
    let asked = q.0.get("district").map(String::as_str);
    let (district, reach) = match explain_district(&state, &p, asked).await {
        Ok(d) => d,
        Err(e) => return failed(e),
    };
    let agreement = reach.agreement_id();
    let (spec, members) = match explain_rows(&state, &p, &metric, &district, agreement).await {
        Ok(x) => x,
        Err(e) => return failed(e),
    };
    let n = members.iter().filter(|m| m.numerator).count();
    let name = match current(&state).await {
        Ok(cur) => district_name(&cur, &district),
        Err(e) => return failed(e),
    };
    // Those not (yet) counted first: they are who a counselor would look up.
    let mut members: Vec<&crate::api::metrics::CohortMember> = members.iter().collect();
    members.sort_by(|a, b| {
        a.numerator
            .cmp(&b.numerator)
            .then_with(|| a.person_key.cmp(&b.person_key))
    });
    let body = html! {
        h2 { (spec.id) " — " (spec.title) ": " (name) }
        p { (spec.cohort) }
        p { strong { (n) " of " (members.len()) } " people in this district's cohort count in the numerator; those who do not are listed first. This view is recorded in the audit log." }
        div.table-wrap { table.data {
            thead { tr { th scope="col" { "Person key" } th scope="col" { "Year" } th scope="col" { "In numerator" } } }
            tbody {
                @for m in members {
                    tr { td { (m.person_key) } td { (m.year) } td { (if m.numerator { "yes" } else { "no" }) } }
                }
            }
        } }
    };
    page(
        format!("Explain {}: {name}", spec.id),
        "outcomes",
        Some(&p),
        csrf.as_deref(),
        body,
    )
}

/// Registers the outcome pages.
pub fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/outcomes",
        Access::Public,
        outcomes_index,
        None,
    );
    t.add(
        Method::GET,
        "/outcomes.csv",
        Access::Public,
        outcomes_csv,
        None,
    );
    t.add(
        Method::GET,
        "/outcomes/{metric}",
        Access::Public,
        outcome_page,
        None,
    );
    t.add(Method::GET, "/metrics", STAFF, dashboard, None);
    t.add(
        Method::GET,
        "/metrics/results.csv",
        STAFF,
        dashboard_csv,
        None,
    );
    t.add(
        Method::GET,
        "/metrics/{metric}",
        STAFF,
        dashboard_metric,
        None,
    );
    t.add(
        Method::GET,
        "/metrics/{metric}/explain",
        STAFF,
        explain_page,
        None,
    );
}

#[cfg(test)]
mod figure_tests {
    use super::{count, signed_dollars};

    #[test]
    fn counts_and_dollar_gaps_read_like_figures() {
        assert_eq!(count(3877), "3,877");
        assert_eq!(count(19_297), "19,297");
        assert_eq!(signed_dollars(-1855.2), "-$1,855");
        assert_eq!(signed_dollars(1200.0), "+$1,200");
        assert_eq!(signed_dollars(0.2), "$0");
    }
}
