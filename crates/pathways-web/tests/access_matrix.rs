//! Every route × every role: the access layer allows exactly what the table
//! below says, and a route added without an entry here fails this test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{App, seed};
use pathways_domain::access::Role;
use reqwest::Method;
use reqwest::redirect::Policy;

/// The expected rule of every route: public, signed_in, admin or staff.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("GET", "/", "public"),
    ("GET", "/healthz", "public"),
    ("GET", "/readyz", "public"),
    ("GET", "/static/app.css", "public"),
    ("GET", "/api/openapi.json", "public"),
    ("GET", "/login", "public"),
    ("POST", "/login", "public"),
    ("POST", "/logout", "signed_in"),
    ("GET", "/catalog/pathways", "public"),
    ("GET", "/catalog/pathways/{id}", "public"),
    ("GET", "/catalog/programs", "public"),
    ("GET", "/catalog/programs/{id}", "public"),
    ("GET", "/catalog/credentials", "public"),
    ("GET", "/catalog/credentials/{id}", "public"),
    ("GET", "/catalog/organizations", "public"),
    ("GET", "/catalog/organizations/{id}", "public"),
    ("GET", "/catalog/courses", "public"),
    ("GET", "/catalog/courses/{id}", "public"),
    ("POST", "/api/v1/session", "public"),
    ("DELETE", "/api/v1/session", "public"),
    ("POST", "/api/v1/session/everywhere", "signed_in"),
    ("GET", "/api/v1/me", "signed_in"),
    ("GET", "/api/v1/tokens", "signed_in"),
    ("POST", "/api/v1/tokens", "signed_in"),
    ("DELETE", "/api/v1/tokens/{id}", "signed_in"),
    ("GET", "/api/v1/users", "admin"),
    ("POST", "/api/v1/users", "admin"),
    ("GET", "/api/v1/audit", "admin"),
    ("POST", "/api/v1/imports/{entity}", "admin"),
    ("GET", "/wbl", "signed_in"),
    ("GET", "/wbl/new", "posters"),
    ("POST", "/wbl/new", "posters"),
    ("POST", "/wbl/opportunities/{id}/publish", "reviewers"),
    ("POST", "/wbl/apply", "applicants"),
    ("GET", "/wbl/mine", "signed_in"),
    ("GET", "/wbl/rounds", "admin"),
    ("POST", "/wbl/rounds", "admin"),
    ("GET", "/wbl/rounds/{id}", "signed_in"),
    ("GET", "/catalog/pathways/{id}/map", "public"),
    ("GET", "/api/v1/pathways/{id}/ctdl", "public"),
    ("GET", "/api/v1/pathways/{id}/checks", "public"),
    ("GET", "/lmi", "public"),
    ("GET", "/lmi/gaps", "public"),
    ("GET", "/lmi/occupations/{soc}", "public"),
    ("GET", "/api/v1/lmi/releases", "public"),
    ("GET", "/api/v1/lmi/regions/{id}/rule", "public"),
    ("PUT", "/api/v1/lmi/regions/{id}/rule", "admin"),
    ("GET", "/api/v1/lmi/employer-inputs", "posters"),
    ("POST", "/api/v1/lmi/employer-inputs", "posters"),
    ("POST", "/api/v1/lmi/employer-inputs/{id}/vet", "admin"),
    ("GET", "/api/v1/lmi/occupations", "public"),
    ("GET", "/api/v1/lmi/occupations/{soc}", "public"),
    ("GET", "/api/v1/lmi/regions/{id}/occupations", "public"),
    ("GET", "/api/v1/lmi/regions/{id}/gaps", "public"),
    (
        "GET",
        "/api/v1/lmi/regions/{id}/occupations/{soc}/reverse",
        "public",
    ),
    ("GET", "/api/v1/students", "reviewers"),
    ("POST", "/api/v1/students", "reviewers"),
    ("GET", "/api/v1/wbl/opportunities", "signed_in"),
    ("POST", "/api/v1/wbl/opportunities", "posters"),
    ("GET", "/api/v1/wbl/opportunities/{id}", "signed_in"),
    ("PUT", "/api/v1/wbl/opportunities/{id}", "posters"),
    ("POST", "/api/v1/wbl/opportunities/{id}/submit", "posters"),
    (
        "POST",
        "/api/v1/wbl/opportunities/{id}/publish",
        "reviewers",
    ),
    ("POST", "/api/v1/wbl/opportunities/{id}/close", "posters"),
    ("GET", "/api/v1/wbl/applications", "signed_in"),
    ("POST", "/api/v1/wbl/applications", "applicants"),
    ("GET", "/api/v1/wbl/rounds", "admin"),
    ("POST", "/api/v1/wbl/rounds", "admin"),
    ("GET", "/api/v1/wbl/rounds/{id}/results", "signed_in"),
    // Work-based learning placements (agreements, hours, evaluations, rubrics, records).
    ("GET", "/api/v1/wbl/placements", "signed_in"),
    ("POST", "/api/v1/wbl/placements", "reviewers"),
    ("POST", "/api/v1/wbl/rounds/{id}/placements", "admin"),
    ("GET", "/api/v1/wbl/placements/{id}", "signed_in"),
    (
        "POST",
        "/api/v1/wbl/placements/{id}/signatures",
        "signed_in",
    ),
    ("POST", "/api/v1/wbl/placements/{id}/status", "signed_in"),
    ("GET", "/api/v1/wbl/placements/{id}/hours", "signed_in"),
    ("POST", "/api/v1/wbl/placements/{id}/hours", "signed_in"),
    ("POST", "/api/v1/wbl/hours/{id}/approve", "signed_in"),
    (
        "GET",
        "/api/v1/wbl/placements/{id}/evaluations",
        "signed_in",
    ),
    (
        "POST",
        "/api/v1/wbl/placements/{id}/evaluations",
        "signed_in",
    ),
    ("GET", "/api/v1/wbl/rubrics", "signed_in"),
    ("POST", "/api/v1/wbl/rubrics", "admin"),
    ("GET", "/api/v1/wbl/rubrics/{id}", "signed_in"),
    ("PUT", "/api/v1/wbl/rubrics/{id}", "admin"),
    ("PUT", "/api/v1/organizations/{id}/location", "staff"),
    ("GET", "/api/v1/wbl/records", "admin"),
    ("GET", "/wbl/placements", "signed_in"),
    ("POST", "/wbl/placements", "reviewers"),
    ("GET", "/wbl/placements/{id}", "signed_in"),
    ("POST", "/wbl/placements/{id}/sign", "signed_in"),
    ("POST", "/wbl/placements/{id}/status", "signed_in"),
    ("POST", "/wbl/placements/{id}/hours", "signed_in"),
    ("POST", "/wbl/hours/{id}/approve", "signed_in"),
    ("POST", "/wbl/placements/{id}/evaluations", "signed_in"),
    ("POST", "/wbl/rounds/{id}/placements", "admin"),
    ("GET", "/wbl/rubrics", "admin"),
    ("POST", "/wbl/rubrics", "admin"),
    ("GET", "/wbl/rubrics/{id}", "admin"),
    ("POST", "/wbl/rubrics/{id}", "admin"),
    ("GET", "/api/v1/regions", "public"),
    ("POST", "/api/v1/regions", "admin"),
    ("GET", "/api/v1/regions/{id}", "public"),
    ("PUT", "/api/v1/regions/{id}", "admin"),
    ("DELETE", "/api/v1/regions/{id}", "admin"),
    ("GET", "/api/v1/organizations", "public"),
    ("POST", "/api/v1/organizations", "staff"),
    ("GET", "/api/v1/organizations/{id}", "public"),
    ("PUT", "/api/v1/organizations/{id}", "staff"),
    ("DELETE", "/api/v1/organizations/{id}", "staff"),
    ("GET", "/api/v1/occupations", "public"),
    ("POST", "/api/v1/occupations", "admin"),
    ("GET", "/api/v1/occupations/{id}", "public"),
    ("PUT", "/api/v1/occupations/{id}", "admin"),
    ("DELETE", "/api/v1/occupations/{id}", "admin"),
    ("GET", "/api/v1/industries", "public"),
    ("POST", "/api/v1/industries", "admin"),
    ("GET", "/api/v1/industries/{id}", "public"),
    ("PUT", "/api/v1/industries/{id}", "admin"),
    ("DELETE", "/api/v1/industries/{id}", "admin"),
    ("GET", "/api/v1/programs", "public"),
    ("POST", "/api/v1/programs", "staff"),
    ("GET", "/api/v1/programs/{id}", "public"),
    ("PUT", "/api/v1/programs/{id}", "staff"),
    ("DELETE", "/api/v1/programs/{id}", "staff"),
    ("GET", "/api/v1/courses", "public"),
    ("POST", "/api/v1/courses", "staff"),
    ("GET", "/api/v1/courses/{id}", "public"),
    ("PUT", "/api/v1/courses/{id}", "staff"),
    ("DELETE", "/api/v1/courses/{id}", "staff"),
    ("GET", "/api/v1/credentials", "public"),
    ("POST", "/api/v1/credentials", "staff"),
    ("GET", "/api/v1/credentials/{id}", "public"),
    ("PUT", "/api/v1/credentials/{id}", "staff"),
    ("DELETE", "/api/v1/credentials/{id}", "staff"),
    ("GET", "/api/v1/pathways", "public"),
    ("POST", "/api/v1/pathways", "admin"),
    ("GET", "/api/v1/pathways/{id}", "public"),
    ("PUT", "/api/v1/pathways/{id}", "admin"),
    ("DELETE", "/api/v1/pathways/{id}", "admin"),
    // Partnerships and governance (issue 9).
    ("GET", "/api/v1/partnership/team-members", "staff"),
    ("POST", "/api/v1/partnership/team-members", "admin"),
    ("GET", "/api/v1/partnership/team-members/{id}", "staff"),
    ("PUT", "/api/v1/partnership/team-members/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/team-members/{id}", "admin"),
    ("GET", "/api/v1/partnership/meetings", "staff"),
    ("POST", "/api/v1/partnership/meetings", "admin"),
    ("GET", "/api/v1/partnership/meetings/{id}", "staff"),
    ("PUT", "/api/v1/partnership/meetings/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/meetings/{id}", "admin"),
    ("GET", "/api/v1/partnership/action-items", "staff"),
    ("POST", "/api/v1/partnership/action-items", "admin"),
    ("GET", "/api/v1/partnership/action-items/{id}", "staff"),
    ("PUT", "/api/v1/partnership/action-items/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/action-items/{id}", "admin"),
    ("GET", "/api/v1/partnership/agreements", "staff"),
    ("POST", "/api/v1/partnership/agreements", "admin"),
    ("GET", "/api/v1/partnership/agreements/{id}", "staff"),
    ("PUT", "/api/v1/partnership/agreements/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/agreements/{id}", "admin"),
    ("GET", "/api/v1/partnership/responsibilities", "staff"),
    ("POST", "/api/v1/partnership/responsibilities", "admin"),
    ("GET", "/api/v1/partnership/responsibilities/{id}", "staff"),
    ("PUT", "/api/v1/partnership/responsibilities/{id}", "admin"),
    (
        "DELETE",
        "/api/v1/partnership/responsibilities/{id}",
        "admin",
    ),
    ("GET", "/api/v1/partnership/goals", "staff"),
    ("POST", "/api/v1/partnership/goals", "admin"),
    ("GET", "/api/v1/partnership/goals/{id}", "staff"),
    ("PUT", "/api/v1/partnership/goals/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/goals/{id}", "admin"),
    ("GET", "/api/v1/partnership/initiatives", "staff"),
    ("POST", "/api/v1/partnership/initiatives", "admin"),
    ("GET", "/api/v1/partnership/initiatives/{id}", "staff"),
    ("PUT", "/api/v1/partnership/initiatives/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/initiatives/{id}", "admin"),
    ("GET", "/api/v1/partnership/funding-streams", "staff"),
    ("POST", "/api/v1/partnership/funding-streams", "admin"),
    ("GET", "/api/v1/partnership/funding-streams/{id}", "staff"),
    ("PUT", "/api/v1/partnership/funding-streams/{id}", "admin"),
    (
        "DELETE",
        "/api/v1/partnership/funding-streams/{id}",
        "admin",
    ),
    ("GET", "/api/v1/partnership/funding-allocations", "staff"),
    ("POST", "/api/v1/partnership/funding-allocations", "admin"),
    (
        "GET",
        "/api/v1/partnership/funding-allocations/{id}",
        "staff",
    ),
    (
        "PUT",
        "/api/v1/partnership/funding-allocations/{id}",
        "admin",
    ),
    (
        "DELETE",
        "/api/v1/partnership/funding-allocations/{id}",
        "admin",
    ),
    ("GET", "/api/v1/partnership/criteria", "staff"),
    ("POST", "/api/v1/partnership/criteria", "admin"),
    ("GET", "/api/v1/partnership/criteria/{id}", "staff"),
    ("PUT", "/api/v1/partnership/criteria/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/criteria/{id}", "admin"),
    ("GET", "/api/v1/partnership/ratings", "staff"),
    ("POST", "/api/v1/partnership/ratings", "admin"),
    ("GET", "/api/v1/partnership/ratings/{id}", "staff"),
    ("PUT", "/api/v1/partnership/ratings/{id}", "admin"),
    ("DELETE", "/api/v1/partnership/ratings/{id}", "admin"),
    ("GET", "/api/v1/partnership/regions/{id}/status", "staff"),
    ("GET", "/api/v1/partnership/regions/{id}/alerts", "staff"),
    ("GET", "/api/v1/partnership/regions/{id}/coverage", "staff"),
    ("GET", "/api/v1/partnership/regions/{id}/funding", "staff"),
    ("GET", "/api/v1/partnership/regions/{id}/assets", "staff"),
    ("GET", "/api/v1/partnership/regions/{id}/settings", "staff"),
    ("PUT", "/api/v1/partnership/regions/{id}/settings", "admin"),
    ("POST", "/api/v1/partnership/regions/{id}/defaults", "admin"),
    ("GET", "/partnership", "staff"),
    ("GET", "/partnership/team", "staff"),
    ("POST", "/partnership/team", "admin"),
    ("GET", "/partnership/team/{id}/edit", "admin"),
    ("POST", "/partnership/team/{id}", "admin"),
    ("GET", "/partnership/team/{id}/delete", "admin"),
    ("POST", "/partnership/team/{id}/delete", "admin"),
    ("GET", "/partnership/meetings", "staff"),
    ("POST", "/partnership/meetings", "admin"),
    ("POST", "/partnership/meetings/{id}/actions", "admin"),
    ("POST", "/partnership/action-items/{id}/status", "staff"),
    ("GET", "/partnership/agreements", "staff"),
    ("POST", "/partnership/agreements", "admin"),
    ("GET", "/partnership/agreements/{id}/edit", "admin"),
    ("POST", "/partnership/agreements/{id}", "admin"),
    ("GET", "/partnership/agreements/{id}/delete", "admin"),
    ("POST", "/partnership/agreements/{id}/delete", "admin"),
    ("GET", "/partnership/responsibilities", "staff"),
    ("POST", "/partnership/responsibilities/{id}", "admin"),
    ("POST", "/partnership/responsibilities/{id}/status", "staff"),
    ("POST", "/partnership/defaults", "admin"),
    ("GET", "/partnership/goals", "staff"),
    ("POST", "/partnership/goals", "admin"),
    ("GET", "/partnership/goals/{id}/edit", "admin"),
    ("POST", "/partnership/goals/{id}", "admin"),
    ("GET", "/partnership/goals/{id}/delete", "admin"),
    ("POST", "/partnership/goals/{id}/delete", "admin"),
    ("POST", "/partnership/goals/{id}/progress", "admin"),
    ("GET", "/partnership/assets", "staff"),
    ("POST", "/partnership/assets", "admin"),
    ("GET", "/partnership/funding", "staff"),
    ("POST", "/partnership/funding/streams", "admin"),
    ("GET", "/partnership/funding/streams/{id}/edit", "admin"),
    ("POST", "/partnership/funding/streams/{id}", "admin"),
    ("GET", "/partnership/funding/streams/{id}/delete", "admin"),
    ("POST", "/partnership/funding/streams/{id}/delete", "admin"),
    ("POST", "/partnership/funding/allocations", "admin"),
    ("GET", "/partnership/assessment", "staff"),
    ("POST", "/partnership/assessment/ratings", "admin"),
    ("POST", "/partnership/assessment/criteria", "admin"),
    ("GET", "/partnership/settings", "staff"),
    ("POST", "/partnership/settings", "admin"),
    // Advising (issue 8)
    ("GET", "/api/v1/plans", "advising"),
    ("POST", "/api/v1/plans/check", "reviewers"),
    ("GET", "/api/v1/plans/graduation-requirements", "signed_in"),
    ("PUT", "/api/v1/plans/graduation-requirements", "admin"),
    ("GET", "/api/v1/plans/{student}", "advising"),
    ("PUT", "/api/v1/plans/{student}", "applicants"),
    ("GET", "/api/v1/plans/{student}/versions", "advising"),
    ("POST", "/api/v1/plans/{student}/approve", "reviewers"),
    ("GET", "/api/v1/milestones", "signed_in"),
    ("PUT", "/api/v1/milestones/region", "admin"),
    ("PUT", "/api/v1/milestones/pathways/{id}", "reviewers"),
    ("GET", "/api/v1/milestones/students/{student}", "advising"),
    (
        "PUT",
        "/api/v1/milestones/students/{student}/{key}",
        "applicants",
    ),
    ("GET", "/api/v1/inventory/items", "public"),
    ("POST", "/api/v1/inventory", "applicants"),
    ("GET", "/api/v1/inventory", "advising"),
    ("GET", "/advising/caseload", "reviewers"),
    ("POST", "/advising/caseload/check", "reviewers"),
    ("GET", "/advising/milestones", "reviewers"),
    ("POST", "/advising/milestones", "reviewers"),
    ("GET", "/advising/inventory", "applicants"),
    ("POST", "/advising/inventory", "applicants"),
    ("GET", "/advising/goals", "applicants"),
    ("POST", "/advising/goals", "applicants"),
    ("GET", "/advising/plan", "advising"),
    ("POST", "/advising/plan/approve", "reviewers"),
    ("POST", "/advising/plan/milestone", "applicants"),
    ("GET", "/advising/plan/edit", "applicants"),
    ("POST", "/advising/plan/edit", "applicants"),
    // metrics (issue 7): public outcomes (suppressed only) and the staff dashboard
    ("GET", "/outcomes", "public"),
    ("GET", "/outcomes.csv", "public"),
    ("GET", "/outcomes/{metric}", "public"),
    ("GET", "/metrics", "staff"),
    ("GET", "/metrics/results.csv", "staff"),
    ("GET", "/metrics/{metric}", "staff"),
    ("GET", "/metrics/{metric}/explain", "staff"),
    ("GET", "/api/v1/outcomes", "public"),
    ("GET", "/api/v1/outcomes/{metric}", "public"),
    ("GET", "/api/v1/metrics/results", "staff"),
    ("GET", "/api/v1/metrics/{metric}/explain", "staff"),
    // Stored pathway maps (issue #4): API and pages.
    ("GET", "/api/v1/maps", "public"),
    ("POST", "/api/v1/maps", "staff"),
    ("POST", "/api/v1/maps/import", "staff"),
    ("GET", "/api/v1/maps/{id}", "public"),
    ("PUT", "/api/v1/maps/{id}", "staff"),
    ("DELETE", "/api/v1/maps/{id}", "staff"),
    ("POST", "/api/v1/maps/{id}/components", "staff"),
    ("PUT", "/api/v1/maps/{id}/components/{component}", "staff"),
    (
        "DELETE",
        "/api/v1/maps/{id}/components/{component}",
        "staff",
    ),
    (
        "PUT",
        "/api/v1/maps/{id}/components/{component}/conditions",
        "staff",
    ),
    ("POST", "/api/v1/maps/{id}/edges", "staff"),
    ("DELETE", "/api/v1/maps/{id}/edges", "staff"),
    ("POST", "/api/v1/maps/{id}/equivalences", "staff"),
    ("DELETE", "/api/v1/maps/{id}/equivalences", "staff"),
    ("POST", "/api/v1/maps/{id}/stages", "staff"),
    ("PUT", "/api/v1/maps/{id}/stages/{stage}", "staff"),
    ("DELETE", "/api/v1/maps/{id}/stages/{stage}", "staff"),
    ("GET", "/api/v1/maps/{id}/ctdl", "public"),
    ("GET", "/api/v1/maps/{id}/checks", "public"),
    ("GET", "/api/v1/maps/{id}/svg", "public"),
    ("GET", "/maps", "public"),
    ("POST", "/maps", "staff"),
    ("GET", "/maps/{id}", "public"),
    ("GET", "/maps/{id}/family", "public"),
    ("GET", "/maps/{id}/edit", "staff"),
    ("POST", "/maps/{id}/settings", "staff"),
    ("POST", "/maps/{id}/components", "staff"),
    ("POST", "/maps/{id}/components/{component}/delete", "staff"),
    ("POST", "/maps/{id}/edges", "staff"),
    ("POST", "/maps/{id}/conditions", "staff"),
    ("POST", "/maps/{id}/equivalences", "staff"),
    ("POST", "/maps/{id}/stages", "staff"),
    ("POST", "/maps/{id}/stages/{stage}", "staff"),
    ("POST", "/maps/{id}/stages/{stage}/move", "staff"),
    ("POST", "/maps/{id}/stages/{stage}/delete", "staff"),
];

fn allowed(rule: &str, role: Option<Role>) -> bool {
    match (rule, role) {
        ("public", _) => true,
        (_, None) => false,
        ("signed_in", Some(_)) => true,
        ("admin", Some(r)) => r == Role::ConvenerAdmin,
        ("staff", Some(r)) => matches!(r, Role::ConvenerAdmin | Role::PartnerStaff),
        ("posters", Some(r)) => {
            matches!(r, Role::ConvenerAdmin | Role::PartnerStaff | Role::Employer)
        }
        ("reviewers", Some(r)) => matches!(
            r,
            Role::ConvenerAdmin | Role::PartnerStaff | Role::Counselor
        ),
        ("applicants", Some(r)) => {
            matches!(r, Role::ConvenerAdmin | Role::Counselor | Role::Student)
        }
        ("advising", Some(r)) => r != Role::Employer,
        (other, _) => panic!("unknown rule {other}"),
    }
}

#[test]
fn every_route_has_an_expected_rule() {
    let table = pathways_web::route_table();
    let actual: BTreeSet<(String, String)> = table
        .rules()
        .keys()
        .map(|(m, p)| (m.to_string(), p.clone()))
        .collect();
    let expected: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let missing: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "routes without an entry in the access matrix: {missing:?}"
    );
    let stale: Vec<_> = expected.difference(&actual).collect();
    assert!(
        stale.is_empty(),
        "matrix entries for routes that no longer exist: {stale:?}"
    );
    // The table's rules must match the matrix, so a loosened rule fails here.
    let rules: BTreeMap<(String, String), String> = table
        .rules()
        .iter()
        .map(|((m, p), a)| {
            let name = match a {
                pathways_web::access::Access::Public => "public",
                pathways_web::access::Access::SignedIn => "signed_in",
                pathways_web::access::Access::Roles(r) if *r == [Role::ConvenerAdmin] => "admin",
                pathways_web::access::Access::Roles(r)
                    if *r == [Role::ConvenerAdmin, Role::PartnerStaff] =>
                {
                    "staff"
                }
                pathways_web::access::Access::Roles(r)
                    if *r == [Role::ConvenerAdmin, Role::PartnerStaff, Role::Employer] =>
                {
                    "posters"
                }
                pathways_web::access::Access::Roles(r)
                    if *r == [Role::ConvenerAdmin, Role::PartnerStaff, Role::Counselor] =>
                {
                    "reviewers"
                }
                pathways_web::access::Access::Roles(r)
                    if *r == [Role::ConvenerAdmin, Role::Counselor, Role::Student] =>
                {
                    "applicants"
                }
                pathways_web::access::Access::Roles(r)
                    if *r
                        == [
                            Role::ConvenerAdmin,
                            Role::PartnerStaff,
                            Role::Counselor,
                            Role::Student,
                            Role::Family,
                        ] =>
                {
                    "advising"
                }
                pathways_web::access::Access::Roles(r) => {
                    panic!("{m} {p}: add a name for roles {r:?}")
                }
            };
            ((m.to_string(), p.clone()), name.to_owned())
        })
        .collect();
    for (m, p, rule) in EXPECTED {
        assert_eq!(rules[&((*m).to_owned(), (*p).to_owned())], *rule, "{m} {p}");
    }
}

#[tokio::test]
async fn every_route_allows_and_denies_by_role() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let mut tokens: Vec<(Option<Role>, Option<String>)> = vec![(None, None)];
    for (i, (role, org, student)) in [
        (Role::ConvenerAdmin, None, None),
        (Role::PartnerStaff, Some(s.college), None),
        (Role::Counselor, Some(s.district), None),
        (Role::Employer, Some(s.employer), None),
        (Role::Student, None, Some("S-1")),
        (Role::Family, None, Some("S-1")),
    ]
    .into_iter()
    .enumerate()
    {
        let t = app
            .user(&format!("user{i}@region.org"), role, org, student)
            .await;
        tokens.push((Some(role), Some(t)));
    }
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    let id_for = |path: &str| -> i64 {
        match path
            .split('/')
            .nth(if path.starts_with("/api") { 3 } else { 2 })
        {
            Some("regions") => s.region,
            Some("organizations") => s.employer,
            Some("programs") => s.program,
            Some("courses") => s.course_b,
            Some("credentials") => s.cna,
            Some("pathways") => s.pathway,
            _ => 999_999,
        }
    };
    let mut failures = Vec::new();
    for (method, path, rule) in EXPECTED {
        let url = app.url(
            &path
                .replace("{id}", &id_for(path).to_string())
                .replace("{entity}", "regions"),
        );
        for (role, token) in &tokens {
            let mut req = client.request(Method::from_bytes(method.as_bytes()).unwrap(), &url);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            if *method != "GET" {
                req = req.header("content-type", "application/json").body("{}");
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let body = res.text().await.unwrap_or_default();
            let denied = status == 401
                || (status == 403 && !body.contains("/problems/out-of-scope"))
                || (status == 303 && location.starts_with("/login"));
            if denied == allowed(rule, *role) {
                failures.push(format!(
                    "{method} {path} as {role:?}: status {status}, expected {}",
                    if allowed(rule, *role) {
                        "allowed"
                    } else {
                        "denied"
                    }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix violations:\n{}",
        failures.join("\n")
    );
}
