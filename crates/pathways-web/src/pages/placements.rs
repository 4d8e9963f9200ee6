//! Placement pages: the list (an employer's placed students, a student's own,
//! a school's), a placement with its agreement sign-offs, hours log and
//! evaluations, and the convener's rubric templates.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use pathways_domain::placement::{
    Criterion, EvaluationInput, EvaluationPoint, HoursInput, Party, PlacementStatus, Rating,
    RubricTemplateInput, SkillArea, is_underway, may_sign,
};
use pathways_domain::wbl::OpportunityStatus;
use pathways_store::placements::{Placement, RubricTemplate};
use pathways_store::wbl::BoardFilter;

use crate::access::{self, Access, Csrf, Routes, SignedIn};
use crate::api::placements::{
    DirectPlacementRequest, Standing, approve, change_status, evaluate, log_hours, place_directly,
    place_round, scoped_placements, sign, visible_placement,
};
use crate::api::wbl::REVIEWERS;
use crate::error::ApiError;
use crate::extract::{IdPath, QueryMap};
use crate::pages::Page;
use crate::state::AppState;

type Fields = Form<HashMap<String, String>>;

fn page(title: String, p: &Principal, csrf: Option<&str>, body: Markup) -> Response {
    Page {
        title,
        nav: "placements",
        user: Some(p),
        csrf,
        body,
    }
    .into_response()
}

fn fail(e: ApiError, p: &Principal, csrf: Option<&str>, back: &str) -> Response {
    let (status, _, title) = e.parts();
    let body = html! {
        div.alert.bad role="alert" { (e.problem().detail)
            @for f in &e.problem().invalid_params { " " (f["name"].as_str().unwrap_or("")) ": " (f["reason"].as_str().unwrap_or("")) "." } }
        p { a href=(back) { "Back" } }
    };
    (status, page(title.to_owned(), p, csrf, body)).into_response()
}

fn csrf_field(csrf: Option<&str>) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(csrf.unwrap_or("")); }
}

fn field<'a>(f: &'a HashMap<String, String>, k: &str) -> &'a str {
    f.get(k).map(String::as_str).unwrap_or("").trim()
}

fn invalid(field: &str, why: &str) -> ApiError {
    ApiError::Invalid(vec![FieldError::new(field, why)])
}

fn hours(h: f64) -> String {
    let s = format!("{h:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A stored timestamp (`2026-12-02T01:07:43Z`) as people read it: `2026-12-02 at 01:07 UTC`.
fn when(ts: &str) -> String {
    match (ts.get(..10), ts.get(11..16)) {
        (Some(day), Some(time)) if ts.as_bytes().get(10) == Some(&b'T') => {
            format!("{day} at {time} UTC")
        }
        _ => ts.to_owned(),
    }
}

fn status_pill(s: PlacementStatus) -> Markup {
    html! { span.pill.(format!("status-{s}")) { (s.title()) } }
}

async fn list_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
) -> Response {
    let csrf = csrf.as_deref();
    let result = async {
        let list = scoped_placements(&state, &p, None).await?;
        let open = if REVIEWERS.allows(Some(&p)) {
            state
                .store()
                .all_opportunities(&BoardFilter {
                    statuses: vec![OpportunityStatus::Published],
                    ..Default::default()
                })
                .await?
        } else {
            vec![]
        };
        Ok::<_, ApiError>((list, open))
    }
    .await;
    let (list, open) = match result {
        Ok(x) => x,
        Err(e) => return fail(e, &p, csrf, "/wbl"),
    };
    let title = match p.role {
        Role::Employer => "Placed students",
        Role::Student | Role::Family => "My placements",
        _ => "Placements",
    };
    let body = html! {
        p.lede { "A placement starts as a draft training agreement. The employer, the school and the student sign it — and a parent or guardian too when the student is under 18 on the first day. Only then can it become active and hours be logged." }
        @if list.is_empty() { p.muted { "No placements yet." } }
        @else {
            div.table-wrap { table {
                thead { tr { th scope="col" { "Student" } th scope="col" { "Opportunity" } th scope="col" { "Status" }
                    th scope="col" { "First day" } th scope="col" { "Sign-offs still needed" } th.num scope="col" { "Hours approved / logged" } } }
                tbody { @for x in &list { tr {
                    td { a href=(format!("/wbl/placements/{}", x.id)) { (x.student_name) " (" (x.student_ref) ")" } }
                    td { (x.opportunity_title) }
                    td { (status_pill(x.status)) }
                    td { (x.starts_on) }
                    td { @if x.missing.is_empty() { "None" } @else { (x.missing.iter().map(|m| m.title()).collect::<Vec<_>>().join(", ")) } }
                    td.num { (hours(x.hours_approved)) " / " (hours(x.hours_logged)) }
                } } }
            } }
        }
        @if !open.is_empty() {
            h2 { "Place a student directly" }
            p.muted { "For an opportunity without competition. Eligibility and seats are checked." }
            form.card method="post" action="/wbl/placements" {
                (csrf_field(csrf))
                div.field { label for="opportunity_id" { "Opportunity" }
                    select #opportunity_id name="opportunity_id" required { @for o in &open { option value=(o.meta.id) { (o.fields.title) " (" (o.fields.capacity) " seats)" } } } }
                div.field { label for="student_ref" { "Student id" } input #student_ref name="student_ref" required maxlength="40"; }
                div.field { label for="starts_on" { "First day (optional)" } input #starts_on name="starts_on" type="date"; }
                button type="submit" { "Create the placement" }
            }
        }
    };
    page(title.into(), &p, csrf, body)
}

async fn create_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(f): Fields,
) -> Response {
    let result = async {
        let opportunity_id = field(&f, "opportunity_id")
            .parse()
            .map_err(|_| invalid("opportunity_id", "choose an opportunity"))?;
        let req = DirectPlacementRequest {
            opportunity_id,
            student_ref: field(&f, "student_ref").to_owned(),
            starts_on: Some(field(&f, "starts_on").to_owned()).filter(|s| !s.is_empty()),
        };
        place_directly(&state, &p, &req).await
    }
    .await;
    match result {
        Ok(pl) => Redirect::to(&format!("/wbl/placements/{}", pl.id)).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), "/wbl/placements"),
    }
}

fn agreement(pl: &Placement, standing: Standing, csrf: Option<&str>) -> Markup {
    let mine = match standing {
        Standing::Party(party) => Some(party),
        Standing::Convener => None,
    };
    let staff = matches!(
        standing,
        Standing::Convener | Standing::Party(Party::Employer) | Standing::Party(Party::School)
    );
    let next: Vec<PlacementStatus> = match pl.status {
        PlacementStatus::Draft => vec![
            PlacementStatus::AwaitingSignatures,
            PlacementStatus::Withdrawn,
        ],
        PlacementStatus::AwaitingSignatures => {
            vec![PlacementStatus::Active, PlacementStatus::Withdrawn]
        }
        PlacementStatus::Active => vec![PlacementStatus::Completed, PlacementStatus::Withdrawn],
        _ => vec![],
    };
    html! {
        section aria-labelledby="agreement-h" {
            h2 #agreement-h { "Training agreement" }
            p { "Status: " (status_pill(pl.status)) " · first day " (pl.starts_on)
                @if pl.guardian_required { " · the student is under 18 that day, so a parent or guardian signs too" } }
            div.table-wrap { table {
                thead { tr { th scope="col" { "Party" } th scope="col" { "Signed by" } th scope="col" { "When" } th scope="col" { span.visually-hidden { "Action" } } } }
                tbody { @for party in &pl.required {
                    @let sig = pl.signatures.iter().find(|s| s.party == *party);
                    tr {
                        th scope="row" { (party.title()) }
                        td { @if let Some(s) = sig { (s.signer_name) } @else { span.muted { "Not yet" } } }
                        td { @if let Some(s) = sig { (when(&s.signed_at)) } }
                        td { @if sig.is_none() && mine == Some(*party) && may_sign(pl.status) {
                            form method="post" action=(format!("/wbl/placements/{}/sign", pl.id)) {
                                (csrf_field(csrf))
                                button type="submit" { "Sign as " (party.title().to_lowercase()) }
                            }
                        } }
                    }
                } }
            } }
            @if staff && !next.is_empty() {
                form.inline method="post" action=(format!("/wbl/placements/{}/status", pl.id)) {
                    (csrf_field(csrf))
                    label for="status" { "Change status" } " "
                    select #status name="status" { @for s in &next { option value=(s.as_str()) { (s.title()) } } }
                    " " button type="submit" { "Save" }
                }
                @if pl.status != PlacementStatus::Active && !pl.missing.is_empty() {
                    p.muted { "It can become active once these sign: " (pl.missing.iter().map(|m| m.title()).collect::<Vec<_>>().join(", ")) "." }
                }
            }
        }
    }
}

fn hours_section(
    pl: &Placement,
    entries: &[pathways_store::placements::HoursEntry],
    standing: Standing,
    csrf: Option<&str>,
) -> Markup {
    let employer = standing == Standing::Party(Party::Employer);
    let may_log = is_underway(pl.status)
        && matches!(
            standing,
            Standing::Party(Party::Employer) | Standing::Party(Party::Student)
        );
    html! {
        section aria-labelledby="hours-h" {
            h2 #hours-h { "Hours" }
            p { strong { (hours(pl.hours_approved)) } " hours approved of " (hours(pl.hours_logged)) " logged." }
            @if !entries.is_empty() {
                div.table-wrap { table {
                    thead { tr { th scope="col" { "Day" } th.num scope="col" { "Hours" } th scope="col" { "Activity" } th scope="col" { "Approved" } } }
                    tbody { @for h in entries { tr {
                        td { (h.worked_on) } td.num { (hours(h.hours)) } td { (h.activity) }
                        td { @if h.approved_at.is_some() { "Yes" } @else if employer {
                            form method="post" action=(format!("/wbl/hours/{}/approve", h.id)) {
                                (csrf_field(csrf))
                                button type="submit" aria-label=(format!("Approve {} hours on {}", hours(h.hours), h.worked_on)) { "Approve" }
                            }
                        } @else { span.muted { "Waiting for the supervisor" } } }
                    } } }
                } }
            }
            @if may_log {
                form.card method="post" action=(format!("/wbl/placements/{}/hours", pl.id)) {
                    h3 { "Log hours" }
                    (csrf_field(csrf))
                    div.field { label for="worked_on" { "Day" } input #worked_on name="worked_on" type="date" required; }
                    div.field { label for="hours" { "Hours" } input #hours name="hours" type="number" min="0.25" max="24" step="0.25" required; }
                    div.field { label for="activity" { "What was done" } input #activity name="activity" maxlength="1000"; }
                    button type="submit" { "Log hours" }
                }
            }
        }
    }
}

fn evaluation_form(
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

async fn detail_page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    q: QueryMap,
) -> Response {
    let csrf = csrf.as_deref();
    let result = async {
        let (pl, standing) = visible_placement(&state, &p, id).await?;
        let entries = state.store().hours(id).await?;
        let evaluations = state.store().evaluations(id).await?;
        let templates = state.store().rubric_templates().await?;
        Ok::<_, ApiError>((pl, standing, entries, evaluations, templates))
    }
    .await;
    let (pl, standing, entries, evaluations, templates) = match result {
        Ok(x) => x,
        Err(e) => return fail(e, &p, csrf, "/wbl/placements"),
    };
    let chosen = q.0.get("template").and_then(|t| t.parse::<Id>().ok());
    let template = templates
        .iter()
        .find(|t| Some(t.id) == chosen)
        .or(templates.first());
    let evaluator = standing == Standing::Party(Party::Employer) && is_underway(pl.status);
    let body = html! {
        p.lede { (pl.opportunity_title) " · " (pl.stage.title()) ", " (pl.activity.title()) " · " (pl.source.title()) }
        (agreement(&pl, standing, csrf))
        (hours_section(&pl, &entries, standing, csrf))
        section aria-labelledby="eval-h" {
            h2 #eval-h { "Supervisor evaluations" }
            @if evaluations.is_empty() { p.muted { "No evaluation yet." } }
            @for e in &evaluations {
                div.card {
                    h3 { (e.point.title()) " evaluation · " (e.template_name) }
                    p.muted { "By " (e.evaluator_name) " on " (when(&e.created_at)) " · ratings 1–" (e.scale_max) }
                    div.table-wrap { table {
                        thead { tr { th scope="col" { "Area" } th scope="col" { "Criterion" } th.num scope="col" { "Rating" } th scope="col" { "Comment" } } }
                        tbody { @for r in &e.ratings { tr { td { (r.area.title()) } td { (r.name) } td.num { (r.rating) } td { (r.comment) } } } }
                    } }
                    @if !e.comment.is_empty() { p { (e.comment) } }
                }
            }
            @if evaluator { @if let Some(t) = template { (evaluation_form(&pl, t, &templates, csrf)) } }
        }
    };
    page(format!("Placement: {}", pl.student_name), &p, csrf, body)
}

async fn sign_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    match sign(&state, &p, id, None).await {
        Ok(_) => Redirect::to(&format!("/wbl/placements/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/placements/{id}")),
    }
}

async fn status_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Fields,
) -> Response {
    let result = async {
        let to = PlacementStatus::parse(field(&f, "status"))
            .map_err(|e| invalid("status", &e.to_string()))?;
        change_status(&state, &p, id, to).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/wbl/placements/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/placements/{id}")),
    }
}

async fn hours_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    Form(f): Fields,
) -> Response {
    let result = async {
        let h = HoursInput {
            worked_on: field(&f, "worked_on").to_owned(),
            hours: field(&f, "hours")
                .parse()
                .map_err(|_| invalid("hours", "must be a number"))?,
            activity: field(&f, "activity").to_owned(),
        };
        log_hours(&state, &p, id, &h).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/wbl/placements/{id}")).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/placements/{id}")),
    }
}

async fn approve_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    match approve(&state, &p, id).await {
        Ok(h) => Redirect::to(&format!("/wbl/placements/{}", h.placement_id)).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), "/wbl/placements"),
    }
}

async fn evaluation_submit(
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

async fn round_submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
) -> Response {
    match place_round(&state, &p, id).await {
        Ok(_) => Redirect::to("/wbl/placements").into_response(),
        Err(e) => fail(e, &p, csrf.as_deref(), &format!("/wbl/rounds/{id}")),
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

async fn rubrics_page(
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

async fn rubric_create(
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

async fn rubric_page(
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

async fn rubric_update(
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

/// Registers the placement pages.
pub fn register(t: &mut Routes) {
    t.add(
        Method::GET,
        "/wbl/placements",
        Access::SignedIn,
        list_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements",
        REVIEWERS,
        create_submit,
        None,
    );
    t.add(
        Method::GET,
        "/wbl/placements/{id}",
        Access::SignedIn,
        detail_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/sign",
        Access::SignedIn,
        sign_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/status",
        Access::SignedIn,
        status_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/hours",
        Access::SignedIn,
        hours_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/hours/{id}/approve",
        Access::SignedIn,
        approve_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/placements/{id}/evaluations",
        Access::SignedIn,
        evaluation_submit,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/rounds/{id}/placements",
        access::ADMIN,
        round_submit,
        None,
    );
    t.add(
        Method::GET,
        "/wbl/rubrics",
        access::ADMIN,
        rubrics_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/rubrics",
        access::ADMIN,
        rubric_create,
        None,
    );
    t.add(
        Method::GET,
        "/wbl/rubrics/{id}",
        access::ADMIN,
        rubric_page,
        None,
    );
    t.add(
        Method::POST,
        "/wbl/rubrics/{id}",
        access::ADMIN,
        rubric_update,
        None,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_read_as_day_and_minute() {
        assert_eq!(
            super::when("2026-12-02T01:07:43Z"),
            "2026-12-02 at 01:07 UTC"
        );
        assert_eq!(super::when("2026-12-02"), "2026-12-02");
    }
}
