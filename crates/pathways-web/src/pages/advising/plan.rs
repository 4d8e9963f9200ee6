//! The plan as a readable page and a printable one-pager with the pathway
//! map; approval and milestone status forms; the student's home panel.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, PreEscaped, html};
use pathways_advising::milestones::{MilestoneStatus, Recorded, Standing};
use pathways_advising::plan::{FIRST_GRADE, LAST_GRADE, Term, grade_label};
use pathways_advising::{PlanStatus, Severity};
use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::PathwayInput;
use pathways_domain::wbl::WblStage;

use super::{Names, csrf_field, fail, for_student, student_param};
use crate::access::{Csrf, SignedIn};
use crate::api::advising::{PlanView, actor, load_view, readable_student, scoped_student};
use crate::api::wbl::{APPLICANTS, REVIEWERS};
use crate::error::ApiError;
use crate::extract::QueryMap;
use crate::pages::Page;
use crate::sharing::Reach;
use crate::state::AppState;

fn standing(s: Standing) -> &'static str {
    match s {
        Standing::Met => "Done",
        Standing::Due => "Due this year",
        Standing::Overdue => "Overdue",
        Standing::Upcoming => "Later",
    }
}

/// The goal in words, with what it pays here.
async fn goal_line(state: &AppState, v: &PlanView) -> Markup {
    let Some(soc) = v.plan.as_ref().and_then(|p| p.plan.goal_soc) else {
        return html! { p { "No career goal yet." } };
    };
    let soc = soc.to_string();
    let market = state.lmi().await.ok();
    let store_student = state
        .store()
        .student(&v.student.student_ref)
        .await
        .ok()
        .flatten();
    let area = match &store_student {
        Some(s) => crate::api::advising::inventory::area_of(state, &s.fields).await,
        None => None,
    };
    let title = market
        .as_ref()
        .and_then(|m| m.title(&soc))
        .unwrap_or_else(|| soc.clone());
    let wages = market
        .as_ref()
        .zip(area.as_ref())
        .and_then(|(m, a)| m.wages(a, &soc));
    let openings = market
        .as_ref()
        .zip(area.as_ref())
        .and_then(|(m, a)| m.regional_openings(a, &soc));
    html! {
        p.goal { "Goal: " strong { (title) } " (" (soc) ")."
            @if let Some(w) = wages.and_then(|w| w.median) { " Half of the people in this job here earn more than " (super::goals::money(w)) " a year." }
            @if let Some(o) = openings { " About " (pathways_domain::figures::thousands(o.round() as i64)) " openings a year in this region." }
        }
    }
}

async fn map_svg(state: &AppState, pathway_id: i64) -> Option<(String, String)> {
    let p = state.store().get::<PathwayInput>(pathway_id).await.ok()?;
    let lmi = state.lmi().await.ok();
    let area = crate::api::lmi::region_area(state.store(), p.fields.region_id)
        .await
        .ok()
        .map(|(_, a)| a);
    let (map, wages) =
        crate::pathway_map::build(state.store(), &p, lmi.as_deref(), area.as_deref())
            .await
            .ok()?;
    let layout = pathways_maps::layout(&map, &wages);
    Some((
        pathways_maps::render_svg(&map, &layout, &wages),
        pathways_maps::render_text_alternative(&map, &layout, &wages),
    ))
}

/// The plan body, shared by the page and the printable one-pager.
pub(crate) async fn plan_body(
    state: &AppState,
    p: &Principal,
    csrf: Option<&str>,
    v: &PlanView,
    reach: Reach,
) -> Result<Markup, ApiError> {
    let names = Names::load(state).await?;
    let r = &v.student.student_ref;
    let q = for_student(p, r);
    // A plan read under a data-sharing agreement is for reading only.
    let can_edit = APPLICANTS.allows(Some(p)) && reach == Reach::Direct;
    let goal = goal_line(state, v).await;
    let map = match v.plan.as_ref().and_then(|x| x.plan.pathway_id) {
        Some(id) => map_svg(state, id).await,
        None => None,
    };
    Ok(html! {
        p.lede { (v.student.display_name) ", grade " (v.student.grade) " at " (names.org(v.student.school_id)) "." }
        @if p.role == Role::Family { p.muted.no-print { "This is a read-only view of your student's plan. Use your browser's Print for a one-page copy." } }
        @match &v.plan {
            None => {
                p.alert { "There is no plan yet." }
                @if can_edit { p.no-print { a.button href=(format!("/advising/inventory{q}")) { "Take the interest inventory" } " " a href=(format!("/advising/plan/edit{q}")) { "Start a plan" } } }
            }
            Some(sp) => {
                p { span.pill { (sp.status.title()) } " "
                    @if sp.on_track { span.pill.ok { "On track" } } @else { span.pill.bad { "Off track" } }
                    span.muted { " Version " (sp.version) ", last changed " (&sp.updated_at[..10.min(sp.updated_at.len())]) "." } }
                (goal)
                p { "Pathway: " strong { (names.pathway(sp.plan.pathway_id)) } "."
                    " After high school: " (sp.plan.postsecondary.route.title()) "." }
                @let errors: Vec<_> = sp.report.findings.iter().filter(|f| f.severity == Severity::Error).collect();
                @let others: Vec<_> = sp.report.findings.iter().filter(|f| f.severity != Severity::Error).collect();
                @if !sp.report.findings.is_empty() {
                    section.card aria-labelledby="changes" {
                        h2 #changes { "What to change" }
                        ul { @for f in errors.iter().chain(others.iter()) {
                            li class=(if f.severity == Severity::Error { "finding bad" } else { "finding" }) {
                                strong { (if f.severity == Severity::Error { "Needs a change: " } else { "Worth a look: " }) } (f.message) " " em { (f.fix) }
                            }
                        } }
                    }
                }
                h2 { "Courses, year by year" }
                div.table-wrap { table.plan {
                    thead { tr { th scope="col" { "Year" } @for t in Term::ALL { th scope="col" { (t.title()) } } } }
                    tbody { @for g in FIRST_GRADE..=LAST_GRADE {
                        @let in_grade: Vec<_> = sp.plan.courses.iter().filter(|c| c.grade == g).collect();
                        @if !in_grade.is_empty() || g <= 12 { tr {
                            th scope="row" { (grade_label(g)) }
                            @for t in Term::ALL { td { @for c in in_grade.iter().filter(|c| c.term == t) {
                                div { (names.course(c.course_id))
                                    @if names.courses.get(&c.course_id).is_some_and(|x| x.dual_credit) { " " span.pill { "college credit" } }
                                    @if c.completed { " " span.pill.ok { "done" } } }
                            } } }
                        } }
                    } }
                } }
                p.muted { "High-school credits planned: " @for (i, (s, n)) in sp.report.credits.iter().enumerate() { @if i > 0 { ", " } (s) " " (format!("{n:.1}")) } "." }
                h2 { "Ways in and ways out" }
                ul {
                    @if let Some(first) = sp.plan.courses.iter().filter(|c| names.pathways.iter().any(|(id, pw)| Some(*id) == sp.plan.pathway_id && pw.course_ids.contains(&c.course_id))).min_by_key(|c| c.grade) {
                        li { "Way in: " (names.course(first.course_id)) " in " (grade_label(first.grade).to_lowercase()) "." }
                    }
                    @for c in sp.plan.courses.iter().filter(|c| names.courses.get(&c.course_id).is_some_and(|x| x.dual_credit)).take(1) {
                        li { "College credit starts in " (grade_label(c.grade).to_lowercase()) " with " (names.course(c.course_id)) "." }
                    }
                    @for c in &sp.plan.credentials {
                        li { "Way out: " (names.credentials.get(&c.credential_id).map(|x| x.name.clone()).unwrap_or_else(|| format!("credential {}", c.credential_id)))
                            " in " (grade_label(c.grade).to_lowercase())
                            @if let Some(x) = names.credentials.get(&c.credential_id) { @if !x.occupations.is_empty() { " — qualifies for work as " (x.occupations.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) } } "." }
                    }
                    @if sp.plan.credentials.is_empty() { li.muted { "No credential planned yet." } }
                }
                h2 { "Learning about, through and at work" }
                div.table-wrap { table {
                    thead { tr { th scope="col" { "Stage" } th scope="col" { "Activities" } } }
                    tbody { @for st in WblStage::ALL { tr {
                        th scope="row" { (st.title()) }
                        td { @for w in sp.plan.wbl.iter().filter(|w| w.stage() == *st) {
                            div { (w.activity.title()) " in " (grade_label(w.grade).to_lowercase()) @if w.completed { " " span.pill.ok { "done" } } }
                        } }
                    } } }
                } }
                @if !sp.report.suggestions.is_empty() {
                    section.card.no-print aria-labelledby="next" {
                        h2 #next { "Suggested next steps" }
                        ul { @for s in &sp.report.suggestions { li { (s.title) " in " (grade_label(s.grade).to_lowercase()) ". " span.muted { (s.why) } } } }
                    }
                }
                @if REVIEWERS.allows(Some(p)) && sp.status == PlanStatus::Submitted {
                    form.no-print method="post" action="/advising/plan/approve" {
                        (csrf_field(csrf))
                        input type="hidden" name="student_ref" value=(r);
                        input type="hidden" name="version" value=(sp.version);
                        button type="submit" { "Approve this plan" }
                    }
                }
            }
        }
        h2 { "Milestones" }
        div.table-wrap { table {
            thead { tr { th scope="col" { "By" } th scope="col" { "Milestone" } th scope="col" { "Status" } th scope="col" { "Evidence" } @if can_edit { th.no-print scope="col" { "Update" } } } }
            tbody { @for m in &v.milestones { tr {
                td { (grade_label(m.grade)) }
                td { (m.title) }
                td { span class=(if m.standing == Standing::Overdue { "pill bad" } else { "pill" }) { (standing(m.standing)) } }
                td { (m.evidence) }
                @if can_edit { td.no-print { @if m.standing != Standing::Met {
                    form.inline method="post" action="/advising/plan/milestone" {
                        (csrf_field(csrf))
                        input type="hidden" name="student_ref" value=(r);
                        input type="hidden" name="key" value=(m.key);
                        label for=(format!("ev-{}", m.key)) { "Evidence" }
                        input id=(format!("ev-{}", m.key)) name="evidence" required;
                        input type="hidden" name="status" value=(MilestoneStatus::Done.as_str());
                        button type="submit" { "Mark done" }
                    }
                } } }
            } } }
        } }
        @if let Some((svg, text)) = map {
            h2 { "The pathway map" }
            div.map-scroll { (PreEscaped(svg)) }
            details.card { summary { "The map as a list" } (PreEscaped(text)) }
        }
        @if can_edit { p.no-print { a.button href=(format!("/advising/plan/edit{q}")) { "Edit the plan" } " " a href=(format!("/advising/goals{q}")) { "Change the goal" } " " a href=(format!("/advising/inventory{q}")) { "Take the inventory again" } } }
        p.muted.no-print { "Use your browser's Print to get a one-page copy." }
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Response {
    let result = async {
        let requested = student_param(&p, &q.0);
        let (s, reach) = readable_student(&state, &p, requested.as_deref()).await?;
        let v = load_view(&state, &p, &s, reach.agreement_id()).await?;
        let body = plan_body(&state, &p, csrf.as_deref(), &v, reach).await?;
        Ok::<_, ApiError>((s.fields.display_name, body))
    }
    .await;
    match result {
        Ok((name, body)) => Page {
            title: format!("{name}'s plan"),
            nav: "advising",
            user: Some(&p),
            csrf: csrf.as_deref(),
            body: html! { div.one-pager { (body) } },
        }
        .into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

fn field<'a>(form: &'a [(String, String)], k: &str) -> Option<&'a str> {
    form.iter()
        .find(|(f, _)| f == k)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

pub(super) async fn approve(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let s = scoped_student(&state, &p, field(&form, "student_ref")).await?;
        let version = field(&form, "version")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                ApiError::Invalid(vec![pathways_domain::FieldError::new("version", "missing")])
            })?;
        state
            .store()
            .approve_plan(&s.fields.student_ref, version, &actor(&p))
            .await?;
        Ok::<_, ApiError>(s.fields.student_ref)
    }
    .await;
    match result {
        Ok(r) => Redirect::to(&format!("/advising/plan{}", for_student(&p, &r))).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

pub(super) async fn milestone(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let s = scoped_student(&state, &p, field(&form, "student_ref")).await?;
        let key = field(&form, "key").unwrap_or_default();
        let status = field(&form, "status")
            .and_then(MilestoneStatus::parse)
            .ok_or_else(|| {
                ApiError::Invalid(vec![pathways_domain::FieldError::new(
                    "status",
                    "unknown status",
                )])
            })?;
        state
            .store()
            .set_milestone_status(
                &s.fields.student_ref,
                key,
                &Recorded {
                    status,
                    evidence: field(&form, "evidence").unwrap_or_default().to_owned(),
                },
                Some(p.user_id),
            )
            .await?;
        Ok::<_, ApiError>(s.fields.student_ref)
    }
    .await;
    match result {
        Ok(r) => Redirect::to(&format!("/advising/plan{}", for_student(&p, &r))).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

/// The home-page panel of a student or family member: the plan at a glance.
pub(crate) async fn student_panel(state: &AppState, p: &Principal) -> Result<Markup, ApiError> {
    let (s, reach) = match readable_student(state, p, None).await {
        Ok(x) => x,
        Err(_) => return Ok(html! {}),
    };
    let v = load_view(state, p, &s, reach.agreement_id()).await?;
    let next = v.milestones.iter().find(|m| m.standing != Standing::Met);
    Ok(html! {
        section.card aria-labelledby="your-plan" {
            h2 #your-plan { @if p.role == Role::Family { "Your student's plan" } @else { "Your plan" } }
            @match &v.plan {
                None => p { "No plan yet. " @if p.role == Role::Student { a href="/advising/inventory" { "Start with the interest inventory" } } },
                Some(sp) => p {
                    (sp.status.title()) ". "
                    @if sp.on_track { "On track." } @else { (sp.report.findings.iter().filter(|f| f.severity == Severity::Error).count()) " things to change." }
                    " " a href="/advising/plan" { "See the plan" }
                },
            }
            @if let Some(m) = next { p { "Next milestone: " (m.title) " (" (grade_label(m.grade).to_lowercase()) ", " (standing(m.standing).to_lowercase()) ")." } }
        }
    })
}
