//! Regression tests for what schemathesis found where the API and its
//! OpenAPI document disagreed (docs/hardening.md, "schemathesis"): each
//! answer an operation gives is documented, and every rejection is
//! problem+json.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, json, seed};
use pathways_domain::access::Role;
use pathways_domain::catalog::RegionInput;
use serde_json::Value;

async fn document(app: &App) -> Value {
    let (st, doc) = json(app.get("/api/openapi.json").send().await.unwrap()).await;
    assert_eq!(st, 200);
    doc
}

fn statuses(doc: &Value, path: &str, method: &str) -> Vec<String> {
    doc["paths"][path][method]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {path} is documented"))
        .keys()
        .cloned()
        .collect()
}

fn is_problem(res: &reqwest::Response) -> bool {
    res.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

#[tokio::test]
async fn a_region_without_an_oews_area_is_a_documented_422() {
    let app = App::start().await;
    seed(&app.store).await;
    let doc = document(&app).await;
    assert!(
        statuses(&doc, "/api/v1/lmi/occupations/{soc}", "get").contains(&"422".to_owned()),
        "422 is documented for the occupation profile"
    );
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    let bare = app
        .store
        .create(&RegionInput {
            name: "No area yet".into(),
            area_codes: vec![],
        })
        .await
        .unwrap()
        .meta
        .id;
    let res = app
        .get(&format!("/api/v1/lmi/occupations/29-1141?region_id={bare}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(is_problem(&res));
}

#[tokio::test]
async fn within_miles_is_bounded_in_the_document_and_refused_outside_them() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let doc = document(&app).await;
    let op = &doc["paths"]["/api/v1/wbl/opportunities"]["get"];
    let miles = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "within_miles")
        .unwrap();
    assert_eq!(miles["schema"]["exclusiveMinimum"], 0.0, "{miles}");
    assert_eq!(miles["schema"]["maximum"], 500.0, "{miles}");
    let listed = statuses(&doc, "/api/v1/wbl/opportunities", "get");
    for code in ["400", "422"] {
        assert!(listed.contains(&code.to_owned()), "{code} in {listed:?}");
    }
    let counselor = app
        .user("c@aisd.org", Role::Counselor, Some(s.district), None)
        .await;
    for bad in ["0", "-3", "500.5", "NaN", "inf", "ten"] {
        let res = app
            .get(&format!("/api/v1/wbl/opportunities?within_miles={bad}"))
            .bearer_auth(&counselor)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "within_miles={bad}");
        assert!(is_problem(&res));
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["invalid-params"][0]["name"], "within_miles", "{body}");
    }
}

#[tokio::test]
async fn an_id_past_i64_in_a_two_part_path_is_problem_json() {
    let app = App::start().await;
    for path in [
        "/api/v1/lmi/regions/99999999999999999999/occupations/29-1141/reverse",
        "/api/v1/lmi/regions/abc/occupations/29-1141/reverse",
    ] {
        let res = app.get(path).send().await.unwrap();
        assert_eq!(res.status(), 400, "{path}");
        assert!(is_problem(&res), "{path}: {:?}", res.headers());
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["invalid-params"][0]["name"], "id", "{body}");
    }
}

#[tokio::test]
async fn enumerated_query_values_outside_the_list_are_refused() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    for path in [
        format!("/api/v1/lmi/regions/{}/gaps?format=xml", s.region),
        format!("/api/v1/lmi/regions/{}/occupations?targeted=yes", s.region),
    ] {
        let res = app.get(&path).send().await.unwrap();
        assert_eq!(res.status(), 400, "{path}");
        assert!(is_problem(&res));
    }
}

#[tokio::test]
async fn rubric_and_partnership_criteria_have_their_own_schemas() {
    let app = App::start().await;
    let doc = document(&app).await;
    let schemas = &doc["components"]["schemas"];
    // The partnership assessment's stored criterion is what its routes return.
    let fields = &schemas["CriterionFields"]["properties"];
    assert!(fields.get("indicator").is_some(), "{fields}");
    assert!(schemas.get("RubricCriterion").is_some());
    assert!(schemas.get("RubricRating").is_some());
    let criterion = serde_json::to_string(&schemas["Criterion"]).unwrap();
    assert!(!criterion.contains("\"key\""), "{criterion}");
}

#[tokio::test]
async fn the_inventory_documents_its_422_and_occupation_search_its_optional_q() {
    let app = App::start().await;
    let doc = document(&app).await;
    assert!(statuses(&doc, "/api/v1/inventory", "get").contains(&"422".to_owned()));
    let q = doc["paths"]["/api/v1/lmi/occupations"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "q")
        .unwrap()
        .clone();
    assert_eq!(q["required"], false, "{q}");
}

/// A stored record's schema is `allOf` its parts; a part that forbids
/// unknown properties would make every answer fail its own schema.
#[tokio::test]
async fn no_all_of_part_forbids_the_other_parts_fields() {
    let app = App::start().await;
    let doc = document(&app).await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut checked = 0;
    for (name, schema) in schemas {
        let Some(parts) = schema["allOf"].as_array() else {
            continue;
        };
        for part in parts {
            let target = match part["$ref"].as_str() {
                Some(r) => &schemas[r.trim_start_matches("#/components/schemas/")],
                None => part,
            };
            assert_ne!(
                target["additionalProperties"],
                Value::Bool(false),
                "{name} has a closed part {part}"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} allOf parts");
    // The opportunity answer is such a composition, and the request keeps
    // its strictness.
    assert!(schemas["Opportunity"]["allOf"].is_array());
    assert_eq!(
        schemas["OpportunityInput"]["additionalProperties"],
        Value::Bool(false)
    );
}

/// schemathesis (2026-12-05): a documented range silently clamped, and an
/// object body accepted as an array of its fields.
#[tokio::test]
async fn out_of_range_limits_and_array_bodies_are_refused() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    for bad in ["0", "101", "-1", "ten"] {
        let res = app
            .get(&format!("/api/v1/lmi/occupations?limit={bad}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "limit={bad}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["invalid-params"][0]["name"], "limit", "{body}");
    }
    let ok = app
        .get("/api/v1/lmi/occupations?limit=100")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let admin = app
        .user("a@cawb.org", Role::ConvenerAdmin, None, None)
        .await;
    let path = format!("/api/v1/organizations/{}/location", s.employer);
    let res = app
        .http
        .put(app.url(&path))
        .bearer_auth(&admin)
        .json(&serde_json::json!([null, null]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(is_problem(&res));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["invalid-params"][0]["name"], "body", "{body}");
    let res = app
        .http
        .put(app.url(&path))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"latitude": 30.27, "longitude": -97.74}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}
