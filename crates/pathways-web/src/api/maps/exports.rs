//! A map read back as CTDL JSON-LD, as quality checks, or as an SVG diagram.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};

use super::{TAG, id_doc, readable, wages};
use crate::access::{Access, CurrentUser, Routes};
use crate::error::ApiResult;
use crate::extract::IdPath;
use crate::openapi::OpDoc;
use crate::state::AppState;

async fn ctdl(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    IdPath(id): IdPath,
) -> ApiResult<Response> {
    let m = readable(&state, user.as_ref(), id).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/ld+json")],
        pathways_maps::export_ctdl(&m.pathway).to_string(),
    )
        .into_response())
}

async fn checks(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    IdPath(id): IdPath,
) -> ApiResult<Json<Vec<pathways_maps::Finding>>> {
    let m = readable(&state, user.as_ref(), id).await?;
    let w = wages(&state, &m).await;
    Ok(Json(pathways_maps::check(&m.pathway, &w)))
}

async fn svg(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    IdPath(id): IdPath,
) -> ApiResult<Response> {
    let m = readable(&state, user.as_ref(), id).await?;
    let w = wages(&state, &m).await;
    let layout = pathways_maps::layout(&m.pathway, &w);
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml")],
        pathways_maps::render_svg(&m.pathway, &layout, &w),
    )
        .into_response())
}

/// Registers the export routes.
pub(super) fn register(t: &mut Routes) {
    let (tag, id) = (TAG, id_doc);
    t.add(
        Method::GET,
        "/api/v1/maps/{id}/ctdl",
        Access::Public,
        ctdl,
        Some(
            id(OpDoc::new(
                tag,
                "map_ctdl",
                "The map as CTDL JSON-LD, with every kept property",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/maps/{id}/checks",
        Access::Public,
        checks,
        Some(
            id(OpDoc::new(
                tag,
                "map_checks",
                "Quality checks of the map, each naming its components",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
    t.add(
        Method::GET,
        "/api/v1/maps/{id}/svg",
        Access::Public,
        svg,
        Some(
            id(OpDoc::new(
                tag,
                "map_svg",
                "The map's layered SVG diagram with regional wages",
            ))
            .response(200, None)
            .errors(&[404]),
        ),
    );
}
