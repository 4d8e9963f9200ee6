//! Supervisor evaluations and the convener's rubric templates.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::catalog::Id;
use pathways_domain::placement::{
    Criterion, EvaluationInput, EvaluationPoint, Rating, RubricTemplateInput, SkillArea,
};
use pathways_store::placements::{Placement, RubricTemplate};

use crate::access::{Csrf, SignedIn};
use crate::api::placements::evaluate;
use crate::error::ApiError;
use crate::extract::IdPath;
use crate::pages::Page;
use crate::state::AppState;

use super::{Fields, csrf_field, fail, field, invalid, page};

pub(super) fn evaluation_form(
    pl: &Placement,
    t: &RubricTemplate,
    all: &[RubricTemplate],
    csrf: Option<&str>,
) -> Markup {
    html! {
        @if all.len() > 1 {
            form.inline method="get" action=(format!("/wbl/placements/{}", pl.id)) {
                label for="template" { "Rubric" } " "
                select #template name="template" { @for x in all { option value=(x.id) selected[x.id == t.id] { (x.fields.name) } } }
                " " button type="submit" { "Use this rubric" }
            }
        }
        form.card method="post" action=(format!("/wbl/placements/{}/evaluations", pl.id)) {
            (csrf_field(csrf))
            input type="hidden" name="template_id" value=(t.id);
            p.muted { (t.fields.description) }
            div.field { label for="point" { "When" }
                select #point name="point" { @for e in EvaluationPoint::ALL { option value=(e.as_str()) { (e.title()) } } } }
            @for area in SkillArea::ALL {
                fieldset {
                    legend { (area.title()) }
                    @for c in t.fields.criteria.iter().filter(|c| c.area == *area) {
                        div.field {
                            label for=(format!("rating_{}", c.key)) { (c.name) }
                            @if !c.description.is_empty() { span.muted { " — " (c.description) } }
                            select id=(format!("rating_{}", c.key)) name=(format!("rating_{}", c.key)) required {
                                option value="" { "Rate…" }
                                @for r in 1..=t.fields.scale_max { option value=(r) { (r) } }
                            }
                            input type="text" name=(format!("comment_{}", c.key)) aria-label=(format!("Comment on {}", c.name)) placeholder="Comment (optional)";
                        }
                    }
                }
            }
            div.field { label for="comment" { "Overall comment" } textarea #comment name="comment" rows="3" {} }
            button type="submit" { "Save the evaluation" }
        }
    }
}

pub(super) async fn evaluation_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Fields,
) -> Response {
    let result = async {
        let template_id: Id = field(&f, "template_id")
            .parse()
            .map_err(|_| invalid("template_id", "choose a rubric"))?;
        let point = EvaluationPoint::parse(field(&f, "point"))
            .map_err(|e| invalid("point", &e.to_string()))?;
        let t = state.store().rubric_template(template_id).await?;
        let mut ratings = Vec::new();
        for c in &t.fields.criteria {
            let v = field(&f, &format!("rating_{}", c.key));
            if v.is_empty() {
                continue;
            }
            ratings.push(Rating {
                criterion: c.key.clone(),
                rating: v
                    .parse()
                    .map_err(|_| invalid(&format!("rating_{}", c.key), "must be a number"))?,
                comment: field(&f, &format!("comment_{}", c.key)).to_owned(),
            });
        }
        let e = EvaluationInput {
            template_id,
            point,
            ratings,
            comment: field(&f, "comment").to_owned(),
        };
        evaluate(&state, &p, id, &e).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/wbl/placements/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/placements/{id}")),
    }
}

fn criteria_text(t: &RubricTemplateInput) -> String {
    t.criteria
        .iter()
        .map(|c| format!("{} | {} | {} | {}", c.area, c.key, c.name, c.description))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses one criterion per line: `area | key | name | description`.
fn parse_criteria(text: &str) -> Result<Vec<Criterion>, ApiError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        match (parts.first().map(|a| SkillArea::parse(a)), parts.len()) {
            (Some(Ok(area)), 3 | 4) => out.push(Criterion {
                key: parts[1].to_owned(),
                area,
                name: parts[2].to_owned(),
                description: parts.get(3).map(|d| (*d).to_owned()).unwrap_or_default(),
            }),
            (Some(Err(e)), _) => problems.push(FieldError::new(
                format!("criteria line {}", i + 1),
                e.to_string(),
            )),
            _ => problems.push(FieldError::new(
                format!("criteria line {}", i + 1),
                "write area | key | name | description",
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::Invalid(problems))
    }
}

fn rubric_form(
    action: &str,
    t: &RubricTemplateInput,
    version: Option<i64>,
    csrf: Option<&str>,
) -> Markup {
    html! {
        form.card method="post" action=(action) {
            (csrf_field(csrf))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            div.field { label for="name" { "Name" } input #name name="name" required maxlength="200" value=(t.name); }
            div.field { label for="description" { "When to use it" } textarea #description name="description" rows="2" { (t.description) } }
            div.field { label for="scale_max" { "Highest rating" } input #scale_max name="scale_max" type="number" min="2" max="10" value=(t.scale_max); }
            div.field { label for="criteria" { "Criteria, one per line: area | key | name | description (areas: academic, technical, employability)" }
                textarea #criteria name="criteria" rows="14" { (criteria_text(t)) } }
            button type="submit" { "Save the rubric" }
        }
    }
}

fn rubric_input(f: &HashMap<String, String>) -> Result<RubricTemplateInput, ApiError> {
    Ok(RubricTemplateInput {
        name: field(f, "name").to_owned(),
        description: field(f, "description").to_owned(),
        scale_max: field(f, "scale_max")
            .parse()
            .map_err(|_| invalid("scale_max", "must be a whole number"))?,
        criteria: parse_criteria(f.get("criteria").map(String::as_str).unwrap_or(""))?,
    })
}

pub(super) async fn rubrics_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let csrf = csrf.as_deref();
    let templates = match state.store().rubric_templates().await {
        Ok(t) => t,
        Err(e) => return fail(e.into(), &p, csrf, "/wbl/placements"),
    };
    let mut blank = pathways_domain::placement::default_rubric();
    blank.name = String::new();
    blank.description = String::new();
    let body = html! {
        p.lede { "Supervisors rate students against a rubric of academic, technical and employability skills. Edit a template or add one for a kind of placement; evaluations already made keep the wording they were made with." }
        ul { @for t in &templates { li { a href=(format!("/wbl/rubrics/{}", t.id)) { (t.fields.name) } " — " (t.fields.criteria.len()) " criteria, 1–" (t.fields.scale_max) } } }
        h2 { "Add a rubric" }
        (rubric_form("/wbl/rubrics", &blank, None, csrf))
    };
    Page {
        title: "Evaluation rubrics".into(),
        nav: "placements",
        user: Some(&p),
        csrf,
        body,
    }
    .into_response()
}

pub(super) async fn rubric_create(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(f): Fields,
) -> Response {
    let result = async {
        let t = rubric_input(&f)?;
        Ok::<_, ApiError>(state.store().create_rubric_template(&t).await?)
    }
    .await;
    match result {
        Ok(t) => Redirect::to(&format!("/wbl/rubrics/{}", t.id)).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), "/wbl/rubrics"),
    }
}

pub(super) async fn rubric_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    let csrf = csrf.as_deref();
    match state.store().rubric_template(id).await {
        Ok(t) => page(
            format!("Rubric: {}", t.fields.name),
            &p,
            csrf,
            html! { (rubric_form(&format!("/wbl/rubrics/{id}"), &t.fields, Some(t.version), csrf)) p { a href="/wbl/rubrics" { "All rubrics" } } },
        ),
        Err(e) => fail(e.into(), &p, csrf, "/wbl/rubrics"),
    }
}

pub(super) async fn rubric_update(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Fields,
) -> Response {
    let result = async {
        let t = rubric_input(&f)?;
        let version = field(&f, "version")
            .parse()
            .map_err(|_| invalid("version", "reload the page"))?;
        Ok::<_, ApiError>(
            state
                .store()
                .update_rubric_template(id, version, &t)
                .await?,
        )
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/wbl/rubrics/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/rubrics/{id}")),
    }
}
