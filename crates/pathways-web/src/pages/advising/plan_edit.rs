//! The plan editor: one form, rows for courses, credentials and work-based
//! learning, with empty rows to add more. Saving checks the plan; a plan with
//! problems is kept as a draft and the plan page says what to change.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use pathways_advising::plan::{
    AfterHighSchool, FIRST_GRADE, LAST_GRADE, PlanInput, PlannedCourse, PlannedCredential,
    PlannedWbl, Term, grade_label,
};
use pathways_domain::access::Principal;
use pathways_domain::vocab::CourseLevel;
use pathways_domain::wbl::WblActivity;
use pathways_domain::{FieldError, SocCode};

use super::{Names, csrf_field, fail, for_student, student_param};
use crate::access::{Csrf, SignedIn};
use crate::api::advising::{save, scoped_student};
use crate::error::ApiError;
use crate::extract::QueryMap;
use crate::pages::Page;
use crate::state::AppState;

const EXTRA_ROWS: usize = 6;

fn grade_select(name: &str, selected: Option<i64>) -> Markup {
    html! {
        select id=(name) name=(name) {
            @for g in FIRST_GRADE..=LAST_GRADE { option value=(g) selected[selected == Some(g)] { (grade_label(g)) } }
        }
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    q: QueryMap,
) -> Response {
    match inner(&state, &p, csrf.as_deref(), &q).await {
        Ok(r) => r,
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}

async fn inner(
    state: &AppState,
    p: &Principal,
    csrf: Option<&str>,
    q: &QueryMap,
) -> Result<Response, ApiError> {
    let s = scoped_student(state, p, student_param(p, &q.0).as_deref()).await?;
    let r = s.fields.student_ref.clone();
    let current = state.store().plan(&r).await?;
    // The edit form is for those who may write: read directly.
    crate::api::advising::audit(state, p, "advising_plan", &[(r.clone(), None)]).await?;
    let plan = current.as_ref().map(|c| c.plan.clone()).unwrap_or_default();
    let names = Names::load(state).await?;
    let school = s.fields.school_id;
    let district = names.organizations.get(&school).and_then(|o| o.parent_id);
    let mut local: Vec<(i64, String)> = Vec::new();
    let mut college: Vec<(i64, String)> = Vec::new();
    for (id, c) in &names.courses {
        let label = format!("{} {}", c.code, c.title);
        if c.provider_id == school || Some(c.provider_id) == district {
            local.push((*id, label));
        } else if c.level == CourseLevel::College {
            college.push((*id, format!("{label} ({})", names.org(c.provider_id))));
        } else if plan.courses.iter().any(|x| x.course_id == *id) {
            local.push((*id, format!("{label} ({})", names.org(c.provider_id))));
        }
    }
    local.sort_by(|a, b| a.1.cmp(&b.1));
    college.sort_by(|a, b| a.1.cmp(&b.1));
    let mut creds: Vec<(i64, String)> = names
        .credentials
        .iter()
        .map(|(id, c)| (*id, c.name.clone()))
        .collect();
    creds.sort_by(|a, b| a.1.cmp(&b.1));
    let course_rows = plan.courses.len() + EXTRA_ROWS;
    let cred_rows = plan.credentials.len() + 2;
    let wbl_rows = plan.wbl.len() + 3;
    let body = html! {
        p.lede { "Plan your courses year by year, the credentials you want to earn and the work-based learning you will do. Save any time: if something does not fit yet, the plan is kept as a draft and the plan page says what to change." }
        form method="post" action="/advising/plan/edit" {
            (csrf_field(csrf))
            input type="hidden" name="student_ref" value=(r);
            input type="hidden" name="version" value=(current.as_ref().map(|c| c.version.to_string()).unwrap_or_default());
            fieldset { legend { "Goal" }
                div.field { label for="goal_soc" { "Goal occupation (SOC code, e.g. 29-1141)" }
                    input #goal_soc name="goal_soc" value=(plan.goal_soc.map(|g| g.to_string()).unwrap_or_default()); }
                div.field { label for="pathway_id" { "Pathway" }
                    select #pathway_id name="pathway_id" {
                        option value="" { "None yet" }
                        @for (id, pw) in &names.pathways { option value=(id) selected[plan.pathway_id == Some(*id)] { (pw.name) } }
                    } }
                div.field { label for="route" { "After high school" }
                    select #route name="route" { @for a in AfterHighSchool::ALL { option value=(a.as_str()) selected[plan.postsecondary.route == a] { (a.title()) } } } }
            }
            fieldset { legend { "Courses" }
                div.table-wrap { table {
                    thead { tr { th scope="col" { "Course" } th scope="col" { "Year" } th scope="col" { "Term" } th scope="col" { "Done" } } }
                    tbody { @for i in 0..course_rows {
                        @let row = plan.courses.get(i);
                        tr {
                            td { label.visually-hidden for=(format!("course_{i}")) { "Course " (i + 1) }
                                select id=(format!("course_{i}")) name=(format!("course_{i}")) {
                                    option value="" { "—" }
                                    optgroup label="Your school and district" { @for (id, l) in &local { option value=(id) selected[row.map(|x| x.course_id) == Some(*id)] { (l) } } }
                                    optgroup label="College (dual credit and after high school)" { @for (id, l) in &college { option value=(id) selected[row.map(|x| x.course_id) == Some(*id)] { (l) } } }
                                } }
                            td { (grade_select(&format!("grade_{i}"), row.map(|x| x.grade))) }
                            td { select id=(format!("term_{i}")) name=(format!("term_{i}")) { @for t in Term::ALL { option value=(t.as_str()) selected[row.map(|x| x.term) == Some(t)] { (t.title()) } } } }
                            td { input type="checkbox" id=(format!("done_{i}")) name=(format!("done_{i}")) value="1" checked[row.is_some_and(|x| x.completed)]; }
                        }
                    } }
                } }
            }
            fieldset { legend { "Credentials" }
                @for i in 0..cred_rows {
                    @let row = plan.credentials.get(i);
                    div.row {
                        label for=(format!("cred_{i}")) { "Credential " (i + 1) }
                        select id=(format!("cred_{i}")) name=(format!("cred_{i}")) {
                            option value="" { "—" }
                            @for (id, l) in &creds { option value=(id) selected[row.map(|x| x.credential_id) == Some(*id)] { (l) } }
                        }
                        " " (grade_select(&format!("cgrade_{i}"), row.map(|x| x.grade).or(Some(12))))
                    }
                }
            }
            fieldset { legend { "Work-based learning" }
                @for i in 0..wbl_rows {
                    @let row = plan.wbl.get(i);
                    div.row {
                        label for=(format!("wbl_{i}")) { "Activity " (i + 1) }
                        select id=(format!("wbl_{i}")) name=(format!("wbl_{i}")) {
                            option value="" { "—" }
                            @for a in WblActivity::ALL { option value=(a.as_str()) selected[row.map(|x| x.activity) == Some(*a)] { (a.title()) " (" (a.stage().title().to_lowercase()) ")" } }
                        }
                        " " (grade_select(&format!("wgrade_{i}"), row.map(|x| x.grade).or(Some(10))))
                        " " input type="checkbox" id=(format!("wdone_{i}")) name=(format!("wdone_{i}")) value="1" checked[row.is_some_and(|x| x.completed)];
                        label.inline for=(format!("wdone_{i}")) { "done" }
                    }
                }
            }
            div.field { label for="notes" { "Notes" } textarea #notes name="notes" rows="3" { (plan.notes) } }
            button type="submit" { "Save the plan" }
        }
    };
    Ok(Page {
        title: format!("Edit {}'s plan", s.fields.display_name),
        nav: "advising",
        user: Some(p),
        csrf,
        body,
    }
    .into_response())
}

fn parse_form(form: &[(String, String)]) -> Result<PlanInput, Vec<FieldError>> {
    let get = |k: &str| {
        form.iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let problems = std::cell::RefCell::new(Vec::new());
    let int = |k: String, field: String| -> Option<i64> {
        match get(&k).map(str::parse::<i64>) {
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => {
                problems
                    .borrow_mut()
                    .push(FieldError::new(field, "must be a number"));
                None
            }
            None => None,
        }
    };
    let mut plan = PlanInput::default();
    let mut i = 0;
    while form.iter().any(|(k, _)| *k == format!("course_{i}")) {
        if let Some(id) = int(format!("course_{i}"), format!("courses[{i}].course_id")) {
            let grade = int(format!("grade_{i}"), format!("courses[{i}].grade")).unwrap_or(9);
            plan.courses.push(PlannedCourse {
                course_id: id,
                grade,
                term: get(&format!("term_{i}"))
                    .and_then(Term::parse)
                    .unwrap_or(Term::Year),
                completed: get(&format!("done_{i}")).is_some(),
            });
        }
        i += 1;
    }
    i = 0;
    while form.iter().any(|(k, _)| *k == format!("cred_{i}")) {
        if let Some(id) = int(
            format!("cred_{i}"),
            format!("credentials[{i}].credential_id"),
        ) {
            let grade = int(format!("cgrade_{i}"), format!("credentials[{i}].grade")).unwrap_or(12);
            plan.credentials.push(PlannedCredential {
                credential_id: id,
                grade,
            });
        }
        i += 1;
    }
    i = 0;
    while form.iter().any(|(k, _)| *k == format!("wbl_{i}")) {
        if let Some(a) = get(&format!("wbl_{i}")) {
            match WblActivity::parse(a) {
                Ok(activity) => {
                    let grade = int(format!("wgrade_{i}"), format!("wbl[{i}].grade")).unwrap_or(10);
                    plan.wbl.push(PlannedWbl {
                        activity,
                        grade,
                        opportunity_id: None,
                        completed: get(&format!("wdone_{i}")).is_some(),
                    });
                }
                Err(e) => problems
                    .borrow_mut()
                    .push(FieldError::new(format!("wbl[{i}].activity"), e.to_string())),
            }
        }
        i += 1;
    }
    if let Some(g) = get("goal_soc") {
        match SocCode::parse(g) {
            Ok(s) => plan.goal_soc = Some(s),
            Err(e) => problems
                .borrow_mut()
                .push(FieldError::new("goal_soc", e.to_string())),
        }
    }
    plan.pathway_id = int("pathway_id".into(), "pathway_id".into());
    plan.postsecondary.route = get("route")
        .and_then(AfterHighSchool::parse)
        .unwrap_or_default();
    plan.notes = get("notes").unwrap_or_default().to_owned();
    let problems = problems.into_inner();
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

pub(super) async fn submit(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let get = |k: &str| {
            form.iter()
                .find(|(f, _)| f == k)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };
        let s = scoped_student(&state, &p, get("student_ref")).await?;
        let version = get("version").and_then(|v| v.parse::<i64>().ok());
        let plan = parse_form(&form).map_err(ApiError::Invalid)?;
        save(&state, &p, &s, version, &plan, "saved").await?;
        Ok::<_, ApiError>(s.fields.student_ref)
    }
    .await;
    match result {
        Ok(r) => Redirect::to(&format!("/advising/plan{}", for_student(&p, &r))).into_response(),
        Err(e) => fail(e, &p, csrf.as_deref()),
    }
}
