//! Labor-market alignment through the API, on the shipped data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{App, json, seed};

#[tokio::test]
async fn targeted_occupations_gaps_and_reverse_map_explain_themselves() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    // Before loading, the API says what to do.
    let (st, p) = json(
        app.get("/api/v1/lmi/occupations?q=nurse")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 503);
    assert!(p["detail"].as_str().unwrap().contains("pathways lmi load"));
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    // Loading twice changes nothing.
    let (again, _) = pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    assert!(matches!(
        again,
        pathways_store::lmi::Loaded::AlreadyLoaded(_)
    ));

    let (st, hits) = json(
        app.get("/api/v1/lmi/occupations?q=registered%20nurse")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(hits["data"][0]["soc"], "29-1141");
    assert!(
        hits["credits"]["onet"]
            .as_str()
            .unwrap()
            .contains("CC BY 4.0")
    );

    let (_, prof) = json(
        app.get(&format!(
            "/api/v1/lmi/occupations/29-1141?region_id={}",
            s.region
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        prof["data"]["wages"]["median"], 97890.0,
        "Austin RN median from the OEWS row"
    );
    let (st, bad) = json(
        app.get("/api/v1/lmi/occupations/29-1142")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 404);
    assert!(bad["detail"].as_str().unwrap().contains("closest"), "{bad}");

    let (_, t) = json(
        app.get(&format!(
            "/api/v1/lmi/regions/{}/occupations?targeted=true",
            s.region
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    let list = t["data"]["occupations"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(
        list.iter()
            .all(|a| a["targeted"] == true && a["tests"].as_array().unwrap().len() == 3)
    );

    let (_, g) = json(
        app.get(&format!("/api/v1/lmi/regions/{}/gaps", s.region))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let gaps = g["data"]["gaps"].as_array().unwrap();
    assert!(gaps.iter().any(|x| {
        x["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "no_regional_program")
    }));
    let csv = app
        .get(&format!("/api/v1/lmi/regions/{}/gaps?format=csv", s.region))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("soc,title,annual_openings"));

    let (_, rev) = json(
        app.get(&format!(
            "/api/v1/lmi/regions/{}/occupations/29-1141/reverse",
            s.region
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    let branches = rev["data"]["cip_programs"].as_array().unwrap();
    assert!(
        branches.iter().any(|b| b["postsecondary"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == s.program)),
        "{rev}"
    );
    assert_eq!(rev["data"]["credentials"][0]["id"], s.rn);

    // The catalog now holds SOC occupations and NAICS industries.
    let (_, occ) = json(
        app.get("/api/v1/occupations?soc=29-1141")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(occ["items"][0]["title"], "Registered Nurses");
}

#[tokio::test]
async fn pathway_maps_render_check_and_export_ctdl() {
    let app = App::start().await;
    let s = seed(&app.store).await;
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    let page = app
        .get(&format!("/catalog/pathways/{}/map", s.pathway))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<svg") && html.contains("role=\"img\""),
        "the map is an accessible SVG"
    );
    assert!(
        html.contains("$97,890"),
        "exits show the regional median wage"
    );
    assert!(
        html.contains("The map as a list"),
        "with a text alternative"
    );
    let (st, ctdl) = json(
        app.get(&format!("/api/v1/pathways/{}/ctdl", s.pathway))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200);
    let text = ctdl.to_string();
    assert!(
        text.contains("ceterms:Pathway") && text.contains("29-1141"),
        "{text}"
    );
    let (st, checks) = json(
        app.get(&format!("/api/v1/pathways/{}/checks", s.pathway))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200);
    assert!(checks.is_array());
}

#[tokio::test]
async fn regions_set_their_rule_and_vetted_employer_inputs_count() {
    use pathways_domain::access::Role;
    use serde_json::json;
    let app = App::start().await;
    let admin = app.admin().await;
    let s = seed(&app.store).await;
    let employer = app
        .user("hr@stdavids.org", Role::Employer, Some(s.employer), None)
        .await;
    pathways_web::api::lmi::load_shipped(&app.store)
        .await
        .unwrap();
    let (_, rule) = json(
        app.get(&format!("/api/v1/lmi/regions/{}/rule", s.region))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(rule["min_regional_openings"], 25.0);
    // A strict rule: nothing is in demand from public data alone.
    let strict = json!({"min_regional_openings": 1000000.0, "growth_at_least_national": false, "use_employer_forecasts": true});
    let (st, _) = json(
        app.http
            .put(app.url(&format!("/api/v1/lmi/regions/{}/rule", s.region)))
            .bearer_auth(&admin)
            .json(&strict)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200);
    let (_, now) = json(
        app.get(&format!("/api/v1/lmi/regions/{}/rule", s.region))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(now["min_regional_openings"], 1000000.0, "{now}");
    let bad = json!({"min_regional_openings": -5.0});
    let (st, p) = json(
        app.http
            .put(app.url(&format!("/api/v1/lmi/regions/{}/rule", s.region)))
            .bearer_auth(&admin)
            .json(&bad)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (st, p["invalid-params"][0]["name"].as_str()),
        (422, Some("min_regional_openings"))
    );
    let (_, t) = json(
        app.get(&format!(
            "/api/v1/lmi/regions/{}/occupations?targeted=true",
            s.region
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert!(
        t["data"]["occupations"].as_array().unwrap().is_empty(),
        "{}",
        t["data"]["rule"]
    );

    // The employer reports LVN openings; they count only once the convener vets them.
    let report = json!({"employer_id": s.employer, "soc": "29-2061", "current_openings": 400000, "forecast_12_months": 1500000, "required_credentials": ["LVN license"]});
    let (st, input) = json(
        app.post("/api/v1/lmi/employer-inputs", &employer, &report)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 201, "{input}");
    let other = json!({"employer_id": s.college, "soc": "29-2061", "current_openings": 1, "forecast_12_months": 1});
    assert_eq!(
        app.post("/api/v1/lmi/employer-inputs", &employer, &other)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    let (_, t) = json(
        app.get(&format!(
            "/api/v1/lmi/regions/{}/occupations?targeted=true",
            s.region
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert!(
        t["data"]["occupations"].as_array().unwrap().is_empty(),
        "unvetted inputs do not count"
    );
    let id = input["id"].as_i64().unwrap();
    assert_eq!(
        app.post(
            &format!("/api/v1/lmi/employer-inputs/{id}/vet"),
            &employer,
            &json!({})
        )
        .send()
        .await
        .unwrap()
        .status()
        .as_u16(),
        403
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/lmi/employer-inputs/{id}/vet"),
            &admin,
            &json!({})
        )
        .send()
        .await
        .unwrap()
        .status()
        .as_u16(),
        204
    );
    let (_, t) = json(
        app.get(&format!(
            "/api/v1/lmi/regions/{}/occupations?targeted=true",
            s.region
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    let list = t["data"]["occupations"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{t}");
    assert_eq!(list[0]["soc"], "29-2061");
    assert_eq!(
        list[0]["employers"]["required_credentials"][0],
        "LVN license"
    );
    // The profile page shows how to get there in the region.
    let html = app
        .get("/lmi/occupations/29-2061")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("How to get there in this region"));
}
