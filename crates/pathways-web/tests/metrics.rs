//! Outcome metrics over HTTP: every public metrics route returns suppressed
//! values only; staff see everything; explain is scoped and audited.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::App;
use pathways_analytics::{group_fields, load, spec};
use pathways_domain::access::Role;
use pathways_store::analytics::MetricResult;
use pathways_store::audit::AuditQuery;
use pathways_web::access::Access;
use serde_json::Value;

fn cell(metric: &str, by: &str, value: &str, n: i64, d: i64) -> MetricResult {
    MetricResult {
        metric_id: metric.into(),
        group_by: by.into(),
        group_value: value.into(),
        numerator: n,
        denominator: d,
        rate: Some(n as f64 / d as f64),
        is_median: false,
    }
}

/// Each metric: a total of 1000 and groupings that partition it, some with small cells.
fn cells(ids: &[String]) -> Vec<MetricResult> {
    let mut out = Vec::new();
    for id in ids {
        out.push(cell(id, "all", "all", 600, 1000));
        out.extend([
            cell(id, "sex", "F", 7, 9),
            cell(id, "sex", "M", 301, 500),
            cell(id, "sex", "X", 292, 491),
        ]);
        out.extend([
            cell(id, "year", "2023", 3, 5),
            cell(id, "year", "2024", 597, 995),
        ]);
        out.extend([
            cell(id, "school", "A", 50, 50),
            cell(id, "school", "B", 550, 950),
        ]);
        out.extend([
            cell(id, "district", "D1", 250, 400),
            cell(id, "district", "D2", 350, 600),
        ]);
    }
    out
}

/// Every small cell (denominator < 10) must come back without numbers.
fn check_json(v: &Value, path: &str) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(by)), Some(Value::String(g))) =
                (m.get("group_by"), m.get("group_value"))
            {
                let small = (by == "sex" && g == "F") || (by == "year" && g == "2023");
                if let Some(d) = m.get("denominator").and_then(Value::as_u64) {
                    assert!(d >= 10, "{path}: denominator {d} released");
                }
                if small {
                    assert!(
                        m["numerator"].is_null()
                            && m["denominator"].is_null()
                            && m["rate"].is_null(),
                        "{path}: {v}"
                    );
                }
                if m.get("suppressed").and_then(Value::as_str) != Some("released") {
                    assert!(
                        m["rate"].is_null(),
                        "{path}: coded or hidden cell has an exact rate: {v}"
                    );
                }
            }
            m.values().for_each(|x| check_json(x, path));
        }
        Value::Array(a) => a.iter().for_each(|x| check_json(x, path)),
        _ => {}
    }
}

#[tokio::test]
async fn every_public_metrics_route_returns_only_suppressed_cells() {
    let app = App::start().await;
    let specs = spec::load(None).unwrap();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    app.store
        .store_metric_results(
            None,
            "test",
            &serde_json::to_string(&specs).unwrap(),
            &cells(&ids),
        )
        .await
        .unwrap();
    let table = pathways_web::route_table();
    let mut public: Vec<String> = table
        .rules()
        .iter()
        .filter(|((m, p), a)| {
            m == "GET" && **a == Access::Public && (p.contains("outcomes") || p.contains("metrics"))
        })
        .map(|((_, p), _)| p.clone())
        .collect();
    public.sort();
    assert_eq!(public.len(), 5, "public metrics routes: {public:?}");
    let mut fetched = 0;
    for route in &public {
        let metrics: Vec<&str> = if route.contains("{metric}") {
            ids.iter().map(String::as_str).collect()
        } else {
            vec![""]
        };
        for m in &metrics {
            let mut bys: Vec<Option<&str>> = vec![None];
            bys.extend(group_fields().into_iter().map(Some));
            for by in bys.iter().take(if route.ends_with(".csv") {
                1
            } else {
                bys.len()
            }) {
                let mut url = route.replace("{metric}", m);
                if let Some(b) = by {
                    url.push_str(&format!("?by={b}"));
                }
                let res = app.get(&url).send().await.unwrap();
                assert_eq!(res.status(), 200, "{url}");
                let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
                let body = res.text().await.unwrap();
                fetched += 1;
                if ct.starts_with("application/json") {
                    check_json(&serde_json::from_str(&body).unwrap(), &url);
                } else if ct.starts_with("text/csv") {
                    for line in body.lines().skip(1) {
                        let f: Vec<&str> = line.split(',').collect();
                        if let Ok(d) = f[4].parse::<u64>() {
                            assert!(d >= 10, "{url}: {line}");
                        }
                        if f[1] == "sex" && f[2] == "F" {
                            assert_eq!(&f[3..7], &["", "", "", "small_cell"], "{url}: {line}");
                        }
                        if f[1] == "school" && f[2] == "A" {
                            // Top coded, or hidden entirely by complementary suppression.
                            assert!(
                                f[3].is_empty() && (f[5] == ">0.95" || f[5].is_empty()),
                                "{url}: {line}"
                            );
                        }
                    }
                } else {
                    // Pages: the small cells' counts and rates never appear.
                    for hidden in [
                        "<td>9</td>",
                        "<td>7</td>",
                        "<td>5</td>",
                        "<td>3</td>",
                        "77.8 %",
                        "<td>995</td>",
                    ] {
                        assert!(!body.contains(hidden), "{url} shows {hidden}");
                    }
                    assert!(
                        !body.contains("<td>50</td>"),
                        "{url}: top-coded numerator shown"
                    );
                }
            }
        }
    }
    assert!(fetched > 200, "walked {fetched} responses");
    // Staff see the unsuppressed cells.
    let admin = app.admin().await;
    let res = app
        .get("/api/v1/metrics/results?metric=1S1&by=sex")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    let f = v["metrics"][0]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["group_value"] == "F")
        .unwrap()
        .clone();
    assert_eq!(
        (f["denominator"].as_u64(), f["public_status"].as_str()),
        (Some(9), Some("small_cell"))
    );
    assert!(
        app.get("/api/v1/metrics/results")
            .send()
            .await
            .unwrap()
            .status()
            == 401
    );
    let page = app
        .get("/metrics/1S1?by=sex")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<svg") && page.contains("all-line") && page.contains("<td>9</td>"),
        "staff page"
    );
}

#[tokio::test]
async fn explain_is_scoped_to_the_callers_organization_and_audited() {
    let app = App::start().await;
    let dir = tempfile::tempdir().unwrap();
    let src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../pathways-analytics/tests/fixtures/small");
    let files = load::source_files(&src).unwrap();
    load::validate_and_convert(&files, dir.path()).unwrap();
    app.store
        .register_data_load("abc", &dir.path().to_string_lossy(), "fixture", "[]")
        .await
        .unwrap();
    let specs = spec::load(None).unwrap();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    app.store
        .store_metric_results(
            None,
            "test",
            &serde_json::to_string(&specs).unwrap(),
            &cells(&ids),
        )
        .await
        .unwrap();
    let admin = app.admin().await;
    let res = app
        .get("/api/v1/metrics/1S1/explain?district=D1")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    // D1 concentrators s1 s2 s3; s1 and s2 graduated on time.
    assert_eq!(
        (v["numerator"].as_u64(), v["denominator"].as_u64()),
        (Some(2), Some(3)),
        "{v}"
    );
    let audit = app
        .store
        .audit_entries(&AuditQuery {
            entity: Some("participant".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].action.as_str(), audit[0].record_ids.as_str()),
        ("explain", "s1,s2,s3")
    );
    // Partner staff only see their own organization's district.
    let seed = common::seed(&app.store).await;
    let staff = app
        .user(
            "staff@district.org",
            Role::PartnerStaff,
            Some(seed.district),
            None,
        )
        .await;
    let res = app
        .get("/api/v1/metrics/1S1/explain?district=D1")
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .get("/api/v1/metrics/1S1/explain")
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (
            v["district"].as_str().map(str::to_owned),
            v["denominator"].as_u64()
        ),
        (Some(seed.district.to_string()), Some(0))
    );
    let employer = app
        .user(
            "boss@employer.com",
            Role::Employer,
            Some(seed.employer),
            None,
        )
        .await;
    assert_eq!(
        app.get("/api/v1/metrics/1S1/explain")
            .bearer_auth(&employer)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

/// Groups that are ids read as names: districts and programs from the
/// load's reference tables, schools from the catalog.
#[tokio::test]
async fn outcome_pages_name_the_groups_that_are_ids() {
    let app = App::start().await;
    let dir = tempfile::tempdir().unwrap();
    let src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../pathways-analytics/tests/fixtures/small");
    let files = load::source_files(&src).unwrap();
    load::validate_and_convert(&files, dir.path()).unwrap();
    let pathways_store::analytics::Registered::New(load_id) = app
        .store
        .register_data_load("names", &dir.path().to_string_lossy(), "fixture", "[]")
        .await
        .unwrap()
    else {
        panic!("a new load")
    };
    // The seed's district stands in for a school of the catalog.
    let school = common::seed(&app.store).await.district;
    let specs = spec::load(None).unwrap();
    let ids: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
    let mut rows = cells(&ids);
    rows.extend([
        cell("1S1", "program", "P2", 40, 80),
        cell("1S1", "school", &school.to_string(), 30, 60),
    ]);
    app.store
        .store_metric_results(
            Some(load_id),
            "test",
            &serde_json::to_string(&specs).unwrap(),
            &rows,
        )
        .await
        .unwrap();
    let page = |by: &str| {
        let url = format!("/outcomes/1S1?by={by}");
        let req = app.get(&url);
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    let districts = page("district").await;
    assert!(districts.contains("North district"), "{districts}");
    assert!(districts.contains("South district"));
    let programs = page("program").await;
    assert!(programs.contains("Welding"), "{programs}");
    let schools = page("school").await;
    assert!(schools.contains("Austin ISD"), "{schools}");
    // A school no one names keeps its id.
    assert!(schools.contains("<td>A</td>"), "{schools}");
    // The convener's explain links and the explain page name the district too.
    let admin = app.admin().await;
    let staff_page = |url: &'static str| {
        let req = app.get(url).bearer_auth(&admin);
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    let dashboard = staff_page("/metrics/1S1?by=district").await;
    assert!(
        dashboard.contains("explain?district=D1\">North district</a>"),
        "{dashboard}"
    );
    let explained = staff_page("/metrics/1S1/explain?district=D1").await;
    assert!(explained.contains("North district</h2>"), "{explained}");
}
