//! The pathway map page, and its CTDL and checks over the API.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use pathways_domain::catalog::PathwayInput;
use utoipa::openapi::schema::Type;

use crate::access::{Access, Csrf, CurrentUser, Routes};
use crate::error::ApiError;
use crate::extract::IdPath;
use crate::openapi::{OpDoc, ParamLocation};
use crate::pages::Page;
use crate::state::AppState;

async fn built(
    state: &AppState,
    id: i64,
) -> Result<
    (
        pathways_maps::Pathway,
        std::collections::HashMap<pathways_domain::SocCode, pathways_maps::WageFacts>,
    ),
    ApiError,
> {
    let p = state.store().get::<PathwayInput>(id).await?;
    let lmi = state.lmi().await.ok();
    let area = match crate::api::lmi::region_area(state.store(), p.fields.region_id).await {
        Ok((_, a)) => Some(a),
        Err(_) => None,
    };
    crate::pathway_map::build(state.store(), &p, lmi.as_deref(), area.as_deref()).await
}

async fn map_page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let (map, wages) = match built(&state, id).await {
        Ok(x) => x,
        Err(e) => {
            let (status, _, title) = e.parts();
            return (
                status,
                crate::pages::error_page(status, title, &e.problem().detail),
            )
                .into_response();
        }
    };
    let layout = pathways_maps::layout(&map, &wages);
    let svg = pathways_maps::render_svg(&map, &layout, &wages);
    let text = pathways_maps::render_text_alternative(&map, &layout, &wages);
    let findings = pathways_maps::check(&map, &wages);
    let body = html! {
        @if !map.description.is_empty() { p.lede { (map.description) } }
        p.no-print { "Read left to right: courses in high school, dual credit, credentials that stack, and the jobs each step opens, with what they pay here. "
            a href=(format!("/api/v1/pathways/{id}/ctdl")) { "CTDL (Credential Engine) JSON-LD" } ". Use your browser's Print to get a one-page map." }
        div.map-scroll { (PreEscaped(svg)) }
        details.card open {
            summary { "The map as a list" }
            (PreEscaped(text))
        }
        @if !findings.is_empty() {
            section.card.no-print aria-labelledby="checks" {
                h2 #checks { "Checks" }
                ul { @for f in &findings { li { span.pill { (format!("{:?}", f.severity)) } " " (f.message) } } }
            }
        }
        p.muted { (pathways_lmi::SOURCE_CREDIT) }
    };
    Page {
        title: format!("{} — pathway map", map.name),
        nav: "pathways",
        user: user.as_ref(),
        csrf: csrf.as_deref(),
        body,
    }
    .into_response()
}

async fn ctdl(State(state): State<AppState>, IdPath(id): IdPath) -> Result<Response, ApiError> {
    let (map, _) = built(&state, id).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/ld+json")],
        pathways_maps::export_ctdl(&map).to_string(),
    )
        .into_response())
}

async fn checks(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> Result<Json<Vec<pathways_maps::Finding>>, ApiError> {
    let (map, wages) = built(&state, id).await?;
    Ok(Json(pathways_maps::check(&map, &wages)))
}

/// Registers the map page and its API.
pub fn register(t: &mut Routes) {
    let id = |d: OpDoc| d.param("id", ParamLocation::Path, true, Type::Integer, "Pathway id");
    t.add(
        Method::GET,
        "/catalog/pathways/{id}/map",
        Access::Public,
        map_page,
        None,
    );
    t.add(
        Method::GET,
        "/api/v1/pathways/{id}/ctdl",
        Access::Public,
        ctdl,
        Some(
            id(OpDoc::new(
                "Pathways",
                "pathway_ctdl",
                "The pathway map as CTDL JSON-LD (ceterms:Pathway)",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/pathways/{id}/checks",
        Access::Public,
        checks,
        Some(
            id(OpDoc::new(
                "Pathways",
                "pathway_checks",
                "Quality checks of the pathway map, each naming its components",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
}
