//! The catalog API end to end, on the backend PATHWAYS_TEST_DATABASE_URL selects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, json, seed};
use serde_json::json;

#[tokio::test]
async fn every_entity_has_create_read_update_delete_and_list() {
    let app = App::start().await;
    let admin = app.admin().await;
    let s = seed(&app.store).await;
    let bodies = [
        (
            "regions",
            json!({"name": "Hill Country", "area_codes": ["0041700"]}),
            json!({"name": "Hill Country West", "area_codes": ["0041700"]}),
        ),
        (
            "organizations",
            json!({"name": "Dell Medical", "sector": "employer", "region_id": s.region, "naics": "622110"}),
            json!({"name": "Dell Medical School", "sector": "employer"}),
        ),
        (
            "occupations",
            json!({"soc": "29-1141", "title": "Registered Nurses"}),
            json!({"soc": "29-1141", "title": "Registered Nurses (RN)"}),
        ),
        (
            "industries",
            json!({"naics": "622110", "title": "General Medical and Surgical Hospitals"}),
            json!({"naics": "622110", "title": "Hospitals"}),
        ),
        (
            "programs",
            json!({"name": "Vocational Nursing", "kind": "certificate_level_2", "cip": "51.3901", "provider_id": s.college, "seats": 30}),
            json!({"name": "Vocational Nursing (LVN)", "kind": "certificate_level_2", "cip": "51.3901", "provider_id": s.college, "seats": 32}),
        ),
        (
            "courses",
            json!({"code": "VNSG 1304", "title": "Foundations of Nursing", "credit_hours": 3, "provider_id": s.college, "level": "college", "prerequisite_ids": [s.course_a]}),
            json!({"code": "VNSG 1304", "title": "Foundations", "credit_hours": 4, "provider_id": s.college, "level": "college"}),
        ),
        (
            "credentials",
            json!({"name": "LVN license", "kind": "license", "issuer": "Texas BON", "occupations": ["29-2061"], "stacks_into_ids": [s.rn]}),
            json!({"name": "LVN license", "kind": "license", "issuer": "Texas Board of Nursing"}),
        ),
        (
            "pathways",
            json!({"name": "Allied Health", "sector": "health_care", "region_id": s.region, "program_ids": [s.program]}),
            json!({"name": "Allied Health Careers", "sector": "health_care", "region_id": s.region}),
        ),
    ];
    for (plural, create, update) in bodies {
        let (st, created) = json(
            app.post(&format!("/api/v1/{plural}"), &admin, &create)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(st, 201, "{plural}: {created}");
        let id = created["id"].as_i64().unwrap();
        assert_eq!(created["version"], 1);
        let r = app
            .get(&format!("/api/v1/{plural}/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["etag"], "\"1\"");
        let (st, updated) = json(
            app.put(&format!("/api/v1/{plural}/{id}"), &admin, 1, &update)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(st, 200, "{plural}: {updated}");
        assert_eq!(updated["version"], 2);
        // The stale version is refused with 409, never a silent lost update.
        let (st, problem) = json(
            app.put(&format!("/api/v1/{plural}/{id}"), &admin, 1, &create)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(st, 409, "{plural}: {problem}");
        assert_eq!(problem["type"], "/problems/conflict");
        let (st, page) = json(
            app.get(&format!("/api/v1/{plural}?limit=500"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(st, 200);
        assert!(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == id),
            "{plural} list has the new row"
        );
        let del = app
            .http
            .delete(app.url(&format!("/api/v1/{plural}/{id}")))
            .bearer_auth(&admin)
            .header("If-Match", "\"2\"")
            .send()
            .await
            .unwrap();
        assert_eq!(del.status().as_u16(), 204, "{plural}");
        assert_eq!(
            app.get(&format!("/api/v1/{plural}/{id}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            404
        );
    }
}

#[tokio::test]
async fn updates_need_if_match() {
    let app = App::start().await;
    let admin = app.admin().await;
    let s = seed(&app.store).await;
    let r = app
        .http
        .put(app.url(&format!("/api/v1/regions/{}", s.region)))
        .bearer_auth(&admin)
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 428);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn invalid_input_names_every_field_and_writes_nothing() {
    let app = App::start().await;
    let admin = app.admin().await;
    let (st, p) = json(app.post("/api/v1/programs", &admin, &json!({"name": " ", "kind": "associate", "cip": "51.3801", "provider_id": 999, "seats": -3})).send().await.unwrap()).await;
    assert_eq!(st, 422);
    let names: Vec<&str> = p["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["name", "seats", "provider_id"]);
    let (_, page) = json(app.get("/api/v1/programs").send().await.unwrap()).await;
    assert!(page["items"].as_array().unwrap().is_empty());

    let (st, p) = json(
        app.post(
            "/api/v1/programs",
            &admin,
            &json!({"name": "X", "kind": "associate", "cip": "513801", "provider_id": 1}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 400);
    assert_eq!(p["invalid-params"][0]["name"], "cip");

    let (st, p) = json(app.post("/api/v1/courses", &admin, &json!({"code": "A", "title": "T", "credit_hours": "three", "provider_id": 1, "level": "college"})).send().await.unwrap()).await;
    assert_eq!(st, 400);
    assert_eq!(p["invalid-params"][0]["name"], "credit_hours");

    let r = app
        .http
        .post(app.url("/api/v1/regions"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
}

#[tokio::test]
async fn lists_filter_paginate_and_reject_unknown_parameters() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let (_, p) = json(
        app.get("/api/v1/organizations?sector=employer")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p["items"].as_array().unwrap().len(), 1);
    let (_, p) = json(
        app.get(&format!("/api/v1/programs?cip=51&region_id={}", s.region))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p["items"][0]["id"], s.program);
    let (_, p) = json(
        app.get("/api/v1/credentials?soc=31-1131")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p["items"][0]["id"], s.cna);
    let (_, p) = json(
        app.get("/api/v1/pathways?sector=health_care&q=nurs")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p["items"][0]["id"], s.pathway);
    let (_, p) = json(
        app.get("/api/v1/courses?level=college")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p["items"].as_array().unwrap().len(), 1);

    let (_, first) = json(
        app.get("/api/v1/organizations?limit=2")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["next_cursor"].as_i64().unwrap();
    let (_, second) = json(
        app.get(&format!("/api/v1/organizations?limit=2&after={next}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert!(second["next_cursor"].is_null());

    let (st, p) = json(
        app.get("/api/v1/organizations?sector=bakery&limit=0&colour=red")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 400);
    let names: Vec<&str> = p["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["colour", "limit", "sector"]);
}

#[tokio::test]
async fn referenced_records_cannot_be_deleted_and_cycles_are_refused() {
    let app = App::start().await;
    let admin = app.admin().await;
    let s = seed(&app.store).await;
    let r = app
        .http
        .delete(app.url(&format!("/api/v1/courses/{}", s.course_a)))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let (st, p) = json(app.put(&format!("/api/v1/credentials/{}", s.rn), &admin, 1, &json!({
        "name": "Registered Nurse (RN) license", "kind": "license", "issuer": "Texas Board of Nursing", "stacks_into_ids": [s.cna]
    })).send().await.unwrap()).await;
    assert_eq!(st, 422, "{p}");
    assert_eq!(p["invalid-params"][0]["name"], "stacks_into_ids");
}

#[tokio::test]
async fn openapi_describes_every_api_route() {
    let app = App::start().await;
    let (st, doc) = json(app.get("/api/openapi.json").send().await.unwrap()).await;
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let table = pathways_web::route_table();
    for (method, path) in table.rules().keys() {
        if path.starts_with("/api/v1/") {
            let op = &doc["paths"][path][method.as_str().to_lowercase()];
            assert!(
                op.is_object(),
                "{method} {path} is missing from the OpenAPI document"
            );
        }
    }
    for schema in [
        "Program",
        "ProgramInput",
        "ProgramPage",
        "Problem",
        "Meta",
        "Pathway",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "schema {schema}"
        );
    }
}

#[tokio::test]
async fn health_and_readiness() {
    let app = App::start().await;
    assert_eq!(
        app.get("/healthz").send().await.unwrap().status().as_u16(),
        200
    );
    let (st, v) = json(app.get("/readyz").send().await.unwrap()).await;
    assert_eq!((st, v["status"].as_str()), (200, Some("ready")));
    let r = app.get("/nope").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.headers()["x-request-id"].to_str().unwrap().len() >= 32);
}

/// Regressions for what schemathesis found (scripts/schemathesis.sh).
#[tokio::test]
async fn schemathesis_findings_stay_fixed() {
    let app = App::start().await;
    // Every $ref resolves (nested types such as SocCode were once missing).
    let (_, doc) = json(app.get("/api/openapi.json").send().await.unwrap()).await;
    let text = doc.to_string();
    for r in text.split("#/components/schemas/").skip(1) {
        let name: String = r
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        assert!(
            doc["components"]["schemas"][&name].is_object(),
            "unresolvable $ref {name}"
        );
    }
    // Vocabularies are documented with their stored spellings.
    let roles = &doc["components"]["schemas"]["Role"]["enum"];
    assert!(
        roles
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "convener_admin"),
        "{roles}"
    );
    // A non-integer id is a problem+json 400, not plain text.
    let r = app.get("/api/v1/programs/null,null").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    // An undeclared method on a known path is 405 with Allow.
    let r = app
        .http
        .request(reqwest::Method::PATCH, app.url("/api/v1/programs"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert_eq!(r.headers()["allow"], "GET, POST");
    // Empty or repeated parameters are refused, naming the parameter.
    let (st, p) = json(app.get("/api/v1/programs?kind=").send().await.unwrap()).await;
    assert_eq!(
        (st, p["invalid-params"][0]["name"].as_str()),
        (400, Some("kind"))
    );
    let (st, _) = json(
        app.get("/api/v1/programs?after=1&after=2")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 400);
}

#[tokio::test]
async fn cached_lists_see_every_write() {
    let app = App::start().await;
    let admin = app.admin().await;
    let (_, before) = json(app.get("/api/v1/regions").send().await.unwrap()).await;
    assert!(before["items"].as_array().unwrap().is_empty());
    let (_, created) = json(
        app.post("/api/v1/regions", &admin, &json!({"name": "Capital Area"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let (_, after) = json(app.get("/api/v1/regions").send().await.unwrap()).await;
    assert_eq!(after["items"][0]["name"], "Capital Area");
    let id = created["id"].as_i64().unwrap();
    app.put(
        &format!("/api/v1/regions/{id}"),
        &admin,
        1,
        &json!({"name": "Capital Region"}),
    )
    .send()
    .await
    .unwrap();
    let (_, renamed) = json(app.get("/api/v1/regions").send().await.unwrap()).await;
    assert_eq!(renamed["items"][0]["name"], "Capital Region");
}

/// Interactive routes answer 408 past their budget; an import, which
/// registers as long-running, gets the bulk budget and finishes.
#[tokio::test]
async fn imports_get_the_bulk_time_budget() {
    let app = App::start_with(pathways_web::WebConfig {
        secure_cookies: false,
        request_timeout_secs: 0,
        bulk_timeout_secs: 120,
        ..Default::default()
    })
    .await;
    let admin = app.admin().await;
    let r = app
        .get("/api/v1/organizations")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 408);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let mut csv = String::from("name,sector,kind,region,parent,city,naics,website\n");
    for i in 0..200 {
        csv.push_str(&format!("Employer {i:03},employer,other,,,Austin,,\n"));
    }
    let r = app
        .http
        .post(app.url("/api/v1/imports/organizations"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let (status, summary) = json(r).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["created"], 200);
}
