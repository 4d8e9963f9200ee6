//! Stored pathway maps through HTTP: a convener builds health science → CNA →
//! LVN → ADN → RN, sees its checks, its SVG and printable pages, and exports
//! and re-imports it as CTDL without loss. Runs on SQLite, and on PostgreSQL
//! with PATHWAYS_TEST_DATABASE_URL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, PASSWORD, json, seed};
use pathways_domain::access::Role;
use reqwest::Method;
use reqwest::redirect::Policy;
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("../../../docs/examples/health-science-rn.ctdl.json");

/// Sends a write with `If-Match: "version"` and returns (status, body, new version).
async fn write(
    app: &App,
    method: Method,
    path: &str,
    token: &str,
    version: i64,
    body: Option<Value>,
) -> (u16, Value, i64) {
    let mut req = app
        .http
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("If-Match", format!("\"{version}\""));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let v = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_matches('"').parse().ok())
        .unwrap_or(version);
    let (s, b) = json(res).await;
    (s, b, v)
}

fn component(id: &str, kind: &str, title: &str, stage: &str) -> Value {
    json!({"id": id, "kind": kind, "title": title, "stage": stage})
}

fn exit(mut c: Value, soc: &str, title: &str) -> Value {
    c["exit"] = json!(true);
    c["occupations"] = json!([{"soc": soc, "title": title}]);
    c
}

async fn ctdl_of(app: &App, id: i64, token: Option<&str>) -> Value {
    let mut req = app.get(&format!("/api/v1/maps/{id}/ctdl"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/ld+json");
    res.json().await.unwrap()
}

#[tokio::test]
async fn convener_builds_the_rn_pathway_through_the_api() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    let admin = app.admin().await;

    let (st, m) = json(
        app.post(
            "/api/v1/maps",
            &admin,
            &json!({"name": "Health Science to RN", "region_id": s.region}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{m}");
    let id = m["id"].as_i64().unwrap();
    assert_eq!(m["version"], 1);
    assert!(m["stages"].as_array().unwrap().len() >= 5);
    let path = format!("/api/v1/maps/{id}");
    let mut v = 1;

    let parts = [
        {
            let mut c = component(
                "principles",
                "highSchoolCourse",
                "Principles of Health Science",
                "9-10",
            );
            c["entry"] = json!(true);
            c["course_code"] = json!("13020200");
            c
        },
        component(
            "medical-terminology",
            "highSchoolCourse",
            "Medical Terminology",
            "9-10",
        ),
        component(
            "theory",
            "dualCreditCourse",
            "Health Science Theory",
            "11-12",
        ),
        component(
            "practicum",
            "highSchoolCourse",
            "Practicum in Health Science",
            "11-12",
        ),
        {
            let mut c = component("nura-1301", "collegeCourse", "NURA 1301 Nurse Aide", "ps1");
            c["credit_hours"] = json!(3);
            c
        },
        {
            let mut c = exit(
                component(
                    "cna",
                    "industryCertification",
                    "Certified Nurse Aide (CNA)",
                    "ps1",
                ),
                "31-1131",
                "Nursing Assistants",
            );
            c["entry"] = json!(true);
            c
        },
        {
            let mut c = exit(
                component(
                    "lvn",
                    "level2Certificate",
                    "Vocational Nursing certificate (LVN)",
                    "ps2",
                ),
                "29-2061",
                "Licensed Practical and Licensed Vocational Nurses",
            );
            c["credit_hours"] = json!(44);
            c["cip"] = json!("51.3901");
            // An exit known by its code only: pages name it from the labor-market release.
            c["occupations"] = json!([{"soc": "29-2061"}]);
            c
        },
        {
            let mut c = component(
                "adn",
                "associateDegree",
                "Associate Degree in Nursing (ADN)",
                "ps3",
            );
            c["credit_hours"] = json!(60);
            c
        },
        exit(
            component(
                "rn",
                "license",
                "Registered Nurse license (NCLEX-RN)",
                "career",
            ),
            "29-1141",
            "Registered Nurses",
        ),
    ];
    for c in parts {
        let (st, body, nv) = write(
            &app,
            Method::POST,
            &format!("{path}/components"),
            &admin,
            v,
            Some(c),
        )
        .await;
        assert_eq!(st, 201, "{body}");
        assert_eq!(nv, v + 1);
        v = nv;
    }
    for (from, kind, to) in [
        ("principles", "precedes", "medical-terminology"),
        ("principles", "precedes", "theory"),
        ("medical-terminology", "precedes", "practicum"),
        ("theory", "precedes", "cna"),
        ("practicum", "precedes", "cna"),
        ("nura-1301", "prerequisiteOf", "cna"),
        ("cna", "prerequisiteOf", "lvn"),
        ("lvn", "stacksInto", "adn"),
        ("adn", "prerequisiteOf", "rn"),
    ] {
        let (st, body, nv) = write(
            &app,
            Method::POST,
            &format!("{path}/edges"),
            &admin,
            v,
            Some(json!({"from": from, "to": to, "kind": kind})),
        )
        .await;
        assert_eq!(st, 201, "{body}");
        v = nv;
    }
    // "2 of these 3 courses" before the CNA.
    let (st, body, nv) = write(
        &app,
        Method::PUT,
        &format!("{path}/components/cna/conditions"),
        &admin,
        v,
        Some(
            json!([{"description": "Complete 2 of these 3 courses", "required_number": 2,
            "targets": ["medical-terminology", "theory", "practicum"]}]),
        ),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    v = nv;

    // Without an equivalence, the checks say no credit crosses into college.
    let (_, findings) = json(
        app.get(&format!("{path}/checks"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let codes: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"no-articulation"), "{findings}");
    let (st, body, nv) = write(
        &app,
        Method::POST,
        &format!("{path}/equivalences"),
        &admin,
        v,
        Some(
            json!({"from": "theory", "to": "nura-1301", "kind": "dualCredit", "credit_hours": 3,
            "from_institution": "Austin ISD", "to_institution": "Austin Community College",
            "agreement": "AISD–ACC dual credit agreement 2025"}),
        ),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    v = nv;
    let (_, findings) = json(
        app.get(&format!("{path}/checks"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "no-articulation" && f["severity"] != "error"),
        "{findings}"
    );

    // Versioned writes: stale is 409, none is 428, another organization's staff 403.
    let stale = write(
        &app,
        Method::POST,
        &format!("{path}/edges"),
        &admin,
        v - 1,
        Some(json!({"from": "cna", "to": "rn", "kind": "precedes"})),
    )
    .await;
    assert_eq!(stale.0, 409, "{}", stale.1);
    let r = app
        .http
        .post(app.url(&format!("{path}/edges")))
        .bearer_auth(&admin)
        .json(&json!({"from": "cna", "to": "rn", "kind": "precedes"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 428);
    let partner = app
        .user("staff@acc.edu", Role::PartnerStaff, Some(s.college), None)
        .await;
    let (st, body, _) = write(
        &app,
        Method::DELETE,
        &format!("{path}/components/cna"),
        &partner,
        v,
        None,
    )
    .await;
    assert_eq!(st, 403, "{body}");
    assert!(body["type"].as_str().unwrap().contains("out-of-scope"));
    // An edge to a component that is not on the map names the problem, writes nothing.
    let (st, body, _) = write(
        &app,
        Method::POST,
        &format!("{path}/edges"),
        &admin,
        v,
        Some(json!({"from": "cna", "to": "bsn", "kind": "precedes"})),
    )
    .await;
    assert_eq!(st, 422);
    assert!(body["detail"].as_str().unwrap().contains("bsn"), "{body}");

    // The map as the API shows it holds everything that was put in.
    let (_, map) = json(app.get(&path).bearer_auth(&admin).send().await.unwrap()).await;
    assert_eq!(map["version"], v);
    assert_eq!(map["components"].as_array().unwrap().len(), 9);
    let cna = map["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cna")
        .unwrap();
    assert_eq!(cna["entry"], true);
    assert_eq!(cna["exit"], true);
    assert_eq!(cna["occupations"][0]["soc"], "31-1131");
    assert_eq!(cna["conditions"][0]["required_number"], 2);
    assert_eq!(
        map["equivalences"][0]["to_institution"],
        "Austin Community College"
    );
    assert_eq!(map["edges"].as_array().unwrap().len(), 9);

    // Drafts are hidden from the public; publishing shows them.
    assert_eq!(app.get(&path).send().await.unwrap().status().as_u16(), 404);
    assert_eq!(
        app.get(&format!("/maps/{id}"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    let (st, body, nv) = write(
        &app,
        Method::PUT,
        &path,
        &admin,
        v,
        Some(json!({"name": "Health Science to RN", "region_id": s.region, "published": true})),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    v = nv;

    // The SVG carries the RN exit and its regional median wage.
    let res = app.get(&format!("{path}/svg")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("Registered Nurse license"),
        "{}",
        &svg[..200]
    );
    assert!(svg.contains("median"), "exits show wages");

    // The printable page and the family version.
    let page = app
        .get(&format!("/maps/{id}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<svg")
            && page.contains("Checks")
            && page.contains("Exits and what they pay")
    );
    assert!(
        page.contains("Registered Nurses (29-1141)") && page.contains("$"),
        "wages on exits"
    );
    let family = app
        .get(&format!("/maps/{id}/family"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(family.contains("What you take") && family.contains("where you can stop and work"));
    assert!(
        family.contains("you can work as licensed practical and licensed vocational nurses"),
        "an untitled exit is named from the labor-market release: {family}"
    );
    assert!(
        !family.contains("29-2061"),
        "families do not read SOC codes"
    );
    assert!(
        family.contains("you can work as registered nurses")
            && family.contains("earn more than <strong>$97,890</strong>")
            || family.contains("earn more than <strong>$"),
        "{family}"
    );
    assert!(!family.contains("NCLEX-RN</strong> (a state license), you can work as registered nurses. Half of them here earn more than <strong>$97,890</strong> a year. You can also keep going"), "the last step has no next step");
    assert!(
        family.contains("Where you can start") && family.contains("Certified Nurse Aide (CNA)")
    );

    // CTDL out, CTDL in as a new map, CTDL out again: identical.
    let first = ctdl_of(&app, id, None).await;
    let r = app
        .http
        .post(app.url("/api/v1/maps/import"))
        .bearer_auth(&admin)
        .header("content-type", "application/ld+json")
        .body(first.to_string())
        .send()
        .await
        .unwrap();
    let (st, imported) = json(r).await;
    assert_eq!(st, 201, "{imported}");
    assert!(imported["kept"].as_array().unwrap().is_empty());
    let id2 = imported["map"]["id"].as_i64().unwrap();
    assert_ne!(id2, id);
    let second = ctdl_of(&app, id2, Some(&admin)).await;
    assert_eq!(
        first, second,
        "CTDL round trip through the store is lossless"
    );
    let _ = v;
}

#[tokio::test]
async fn shipped_ctdl_file_imports_keeps_unknown_properties_and_round_trips() {
    let app = App::start().await;
    let admin = app.admin().await;
    let original: Value = serde_json::from_str(FIXTURE).unwrap();
    let r = app
        .http
        .post(app.url("/api/v1/maps/import?published=true"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(FIXTURE)
        .send()
        .await
        .unwrap();
    let (st, body) = json(r).await;
    assert_eq!(st, 201, "{body}");
    let kept: Vec<&str> = body["kept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(kept.iter().any(|k| k.ends_with("ceterms:keyword")));
    assert_eq!(
        kept.iter()
            .filter(|k| k.ends_with("ceterms:estimatedDuration"))
            .count(),
        2
    );
    let id = body["map"]["id"].as_i64().unwrap();
    assert!(
        body["map"]["kept_properties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "ceterms:keyword")
    );
    assert_eq!(ctdl_of(&app, id, None).await, original);

    // An edit keeps the unknown properties of the edited component.
    let (_, map) = json(app.get(&format!("/api/v1/maps/{id}")).send().await.unwrap()).await;
    let mut cna = map["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cna")
        .unwrap()
        .clone();
    assert_eq!(cna["kept_properties"], json!(["ceterms:estimatedDuration"]));
    cna["title"] = json!("Certified Nurse Aide");
    let (st, body, _) = write(
        &app,
        Method::PUT,
        &format!("/api/v1/maps/{id}/components/cna"),
        &admin,
        1,
        Some(cna),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let after = ctdl_of(&app, id, None).await;
    assert!(
        after.to_string().contains("P8W") && after.to_string().contains("\"Certified Nurse Aide\"")
    );

    // Removing a component removes the edges and equivalences that name it.
    let (st, body, _) = write(
        &app,
        Method::DELETE,
        &format!("/api/v1/maps/{id}/components/nura-1301"),
        &admin,
        2,
        None,
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert!(body["equivalences"].as_array().unwrap().is_empty());
    assert!(
        body["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["from"] != "nura-1301" && e["to"] != "nura-1301")
    );
}

#[tokio::test]
async fn malformed_ctdl_is_refused_with_json_paths() {
    let app = App::start().await;
    let admin = app.admin().await;
    let post = |body: String| {
        app.http
            .post(app.url("/api/v1/maps/import"))
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let r = post("{\"@graph\": [".into()).await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let (st, p) = json(r).await;
    assert_eq!(st, 400);
    assert!(p["detail"].as_str().unwrap().contains("line 1"), "{p}");

    let mut doc: Value = serde_json::from_str(FIXTURE).unwrap();
    let graph = doc["@graph"].as_array_mut().unwrap();
    let i = graph
        .iter()
        .position(|n| {
            n["ceterms:name"]["en-US"]
                .as_str()
                .is_some_and(|s| s.contains("LVN"))
        })
        .unwrap();
    graph[i]["ceterms:precedes"] = json!(42);
    let (st, p) = json(post(doc.to_string()).await.unwrap()).await;
    assert_eq!(st, 422, "{p}");
    let names: Vec<&str> = p["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&format!("$.@graph[{i}].ceterms:precedes").as_str()),
        "{names:?}"
    );
    let (_, list) = json(
        app.get("/api/v1/maps")
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(list.as_array().unwrap().is_empty(), "nothing half-written");
}

#[tokio::test]
async fn a_map_derived_from_the_catalog_is_edited_in_the_editor_pages() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let admin = app.admin().await;
    let (st, m) = json(
        app.post(
            "/api/v1/maps",
            &admin,
            &json!({"from_pathway_id": s.pathway}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{m}");
    assert_eq!(m["source_pathway_id"], s.pathway);
    assert_eq!(m["region_id"], s.region);
    assert!(!m["components"].as_array().unwrap().is_empty(), "{m}");
    let id = m["id"].as_i64().unwrap();

    // Sign in with a cookie and use the forms, as a browser without JavaScript would.
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", "admin@region.org"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let edit = c
        .get(app.url(&format!("/maps/{id}/edit")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(edit.contains("Add a component") && edit.contains("Set a condition"));
    let csrf = edit
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let mut f = fields;
        f.push(("csrf_token", csrf.clone()));
        c.post(app.url(&path)).form(&f).send()
    };
    let r = post(
        format!("/maps/{id}/components"),
        vec![
            ("version", "1".into()),
            ("id", "bsn".into()),
            ("title", "BSN".into()),
            ("kind", "bachelorDegree".into()),
            ("stage", "university".into()),
            ("occupations", "29-1141 Registered Nurses".into()),
            ("exit", "true".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap());
    let (_, m) = json(
        app.get(&format!("/api/v1/maps/{id}"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(m["version"], 2);
    let first = m["components"][0]["id"].as_str().unwrap().to_owned();
    let r = post(
        format!("/maps/{id}/edges"),
        vec![
            ("version", "2".into()),
            ("from", first.clone()),
            ("to", "bsn".into()),
            ("kind", "precedes".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // A stale form is refused and changes nothing.
    let r = post(
        format!("/maps/{id}/edges"),
        vec![
            ("version", "2".into()),
            ("from", "bsn".into()),
            ("to", first.clone()),
            ("kind", "precedes".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let r = post(
        format!("/maps/{id}/conditions"),
        vec![
            ("version", "3".into()),
            ("component", "bsn".into()),
            ("required_number", "1".into()),
            ("targets", first.clone()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let r = post(
        format!("/maps/{id}/equivalences"),
        vec![
            ("version", "4".into()),
            ("from", first.clone()),
            ("to", "bsn".into()),
            ("kind", "articulated".into()),
            ("credit_hours", "3".into()),
            ("from_institution", "Austin ISD".into()),
            ("to_institution", "UT Austin".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let r = post(
        format!("/maps/{id}/components/bsn/delete"),
        vec![("version", "5".into())],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (_, m) = json(
        app.get(&format!("/api/v1/maps/{id}"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(m["version"], 6);
    assert!(
        m["components"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != "bsn")
    );
    assert!(
        m["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["to"] != "bsn")
    );
    // Without the CSRF token a form post is refused.
    let r = c
        .post(app.url(&format!("/maps/{id}/settings")))
        .form(&[("version", "6"), ("name", "X")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}

fn stage_ids(m: &Value) -> Vec<String> {
    m["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn stages_are_added_renamed_moved_and_removed_through_the_api() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    let admin = app.admin().await;
    let (st, m) = json(
        app.post("/api/v1/maps", &admin, &json!({"name": "Welding"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{m}");
    let id = m["id"].as_i64().unwrap();
    let before = stage_ids(&m);
    assert_eq!(before.first().map(String::as_str), Some("9-10"));
    let v = m["version"].as_i64().unwrap();

    // Add a stage second; its place is kept.
    let (st, m, v) = write(
        &app,
        Method::POST,
        &format!("/api/v1/maps/{id}/stages"),
        &admin,
        v,
        Some(json!({"id": "summer", "label": "Summer bridge", "secondary": true, "position": 1})),
    )
    .await;
    assert_eq!(st, 201, "{m}");
    assert_eq!(stage_ids(&m)[1], "summer");
    // The same id again is refused, naming the field.
    let (st, e, v) = write(
        &app,
        Method::POST,
        &format!("/api/v1/maps/{id}/stages"),
        &admin,
        v,
        Some(json!({"id": "summer", "label": "Again"})),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["invalid-params"][0]["name"], "id");
    // Rename and move it last.
    let (st, m, v) = write(
        &app,
        Method::PUT,
        &format!("/api/v1/maps/{id}/stages/summer"),
        &admin,
        v,
        Some(json!({"label": "Summer internship", "secondary": false, "position": 99})),
    )
    .await;
    assert_eq!(st, 200, "{m}");
    let last = m["stages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["id"], "summer");
    assert_eq!(last["label"], "Summer internship");
    assert_eq!(last["secondary"], false);
    // A blank label is refused.
    let (st, e, v) = write(
        &app,
        Method::PUT,
        &format!("/api/v1/maps/{id}/stages/summer"),
        &admin,
        v,
        Some(json!({"label": " "})),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["invalid-params"][0]["name"], "label");
    // A stage holding a component goes only with somewhere for it to go.
    let (st, _, v) = write(
        &app,
        Method::POST,
        &format!("/api/v1/maps/{id}/components"),
        &admin,
        v,
        Some(component(
            "weld-1",
            "highSchoolCourse",
            "Welding I",
            "summer",
        )),
    )
    .await;
    assert_eq!(st, 201);
    let (st, e, v) = write(
        &app,
        Method::DELETE,
        &format!("/api/v1/maps/{id}/stages/summer"),
        &admin,
        v,
        None,
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["invalid-params"][0]["name"], "move_to");
    assert!(e.to_string().contains("weld-1"), "{e}");
    let (st, m, v) = write(
        &app,
        Method::DELETE,
        &format!("/api/v1/maps/{id}/stages/summer?move_to=11-12"),
        &admin,
        v,
        None,
    )
    .await;
    assert_eq!(st, 200, "{m}");
    assert_eq!(stage_ids(&m), before);
    assert_eq!(m["components"][0]["stage"], "11-12");
    let (st, _, v) = write(
        &app,
        Method::PUT,
        &format!("/api/v1/maps/{id}/stages/nope"),
        &admin,
        v,
        Some(json!({"label": "X"})),
    )
    .await;
    assert_eq!(st, 404);
    // A stale version is refused.
    let (st, _, _) = write(
        &app,
        Method::DELETE,
        &format!("/api/v1/maps/{id}/stages/career"),
        &admin,
        v - 1,
        None,
    )
    .await;
    assert_eq!(st, 409);
    // Partner staff may not change a region-wide map; employers may not write maps at all.
    let staff = app
        .user("staff@acc.edu", Role::PartnerStaff, Some(s.college), None)
        .await;
    let (st, e, _) = write(
        &app,
        Method::DELETE,
        &format!("/api/v1/maps/{id}/stages/career"),
        &staff,
        v,
        None,
    )
    .await;
    assert_eq!(st, 403, "{e}");
    let boss = app
        .user("hr@employer.com", Role::Employer, Some(s.employer), None)
        .await;
    let (st, _, _) = write(
        &app,
        Method::DELETE,
        &format!("/api/v1/maps/{id}/stages/career"),
        &boss,
        v,
        None,
    )
    .await;
    assert_eq!(st, 403);
    let (_, m) = json(
        app.get(&format!("/api/v1/maps/{id}"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        stage_ids(&m).contains(&"career".to_owned()),
        "refused removals change nothing"
    );
}

#[tokio::test]
async fn stages_are_edited_with_the_editor_forms() {
    let app = App::start().await;
    seed(&app.store).await;
    let admin = app.admin().await;
    let (_, m) = json(
        app.post("/api/v1/maps", &admin, &json!({"name": "Welding"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = m["id"].as_i64().unwrap();
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("email", "admin@region.org"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let edit = c
        .get(app.url(&format!("/maps/{id}/edit")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        edit.contains("Add a stage") && edit.contains("Move Grades 9–10 later"),
        "{edit}"
    );
    let csrf = edit
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let mut f = fields;
        f.push(("csrf_token", csrf.clone()));
        c.post(app.url(&path)).form(&f).send()
    };
    let stages = || async {
        let (_, m) = json(
            app.get(&format!("/api/v1/maps/{id}"))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap(),
        )
        .await;
        m
    };
    let r = post(
        format!("/maps/{id}/stages"),
        vec![
            ("version", "1".into()),
            ("id", "pre".into()),
            ("label", "Middle school".into()),
            ("secondary", "true".into()),
            ("position", "0".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap());
    assert_eq!(stage_ids(&stages().await)[0], "pre");
    let r = post(
        format!("/maps/{id}/stages/pre"),
        vec![("version", "2".into()), ("label", "Grades 6–8".into())],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let r = post(
        format!("/maps/{id}/stages/pre/move"),
        vec![("version", "3".into()), ("direction", "later".into())],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let m = stages().await;
    assert_eq!(stage_ids(&m)[1], "pre");
    assert_eq!(m["stages"][1]["label"], "Grades 6–8");
    assert_eq!(
        m["stages"][1]["secondary"], false,
        "an unticked box clears the flag"
    );
    // An empty label is refused with the field named, and nothing changes.
    let r = post(
        format!("/maps/{id}/stages/pre"),
        vec![("version", "4".into()), ("label", "".into())],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("label"));
    let r = post(
        format!("/maps/{id}/stages/pre/delete"),
        vec![("version", "4".into())],
    )
    .await
    .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let m = stages().await;
    assert_eq!(m["version"], 5);
    assert!(!stage_ids(&m).contains(&"pre".to_owned()));
    let page = c
        .get(app.url(&format!("/maps/{id}/edit")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Grades 6–8"));
}
