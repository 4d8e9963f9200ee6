//! Editing and deleting a regional goal, and recording progress toward its
//! target (the latest value and its year) straight from the goals table.

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use maud::{Markup, html};
use pathways_domain::FieldError;
use pathways_domain::catalog::{Id, OrganizationInput, Stored};
use pathways_domain::partnership::GoalInput;

use super::super::{Fields, num, respond};
use super::funding::year;
use super::{Editable, FormState, routes, save_or_show};
use crate::access::{self, Csrf, Routes, SignedIn};
use crate::extract::IdPath;
use crate::state::AppState;

impl Editable for GoalInput {
    const LIST: &'static str = "/partnership/goals";
    const BASE: &'static str = "/partnership/goals";
    const NOUN: &'static str = "goal";

    fn label(&self) -> String {
        self.title.clone()
    }

    fn to_fields(&self) -> Fields {
        let mut v = vec![
            ("title".to_owned(), self.title.clone()),
            ("metric_id".to_owned(), self.metric_id.clone()),
            ("baseline".to_owned(), self.baseline.to_string()),
            ("baseline_year".to_owned(), self.baseline_year.to_string()),
            ("target".to_owned(), self.target.to_string()),
            ("target_year".to_owned(), self.target_year.to_string()),
        ];
        v.extend(self.current.map(|c| ("current".to_owned(), c.to_string())));
        v.extend(
            self.current_year
                .map(|y| ("current_year".to_owned(), y.to_string())),
        );
        Fields(v)
    }

    fn from_fields(current: &Self, f: &Fields, problems: &mut Vec<FieldError>) -> Self {
        GoalInput {
            region_id: current.region_id,
            title: f.text("title"),
            metric_id: f.text("metric_id"),
            baseline: f
                .required("baseline", problems, num)
                .unwrap_or(current.baseline),
            baseline_year: f
                .required("baseline_year", problems, year)
                .unwrap_or(current.baseline_year),
            target: f
                .required("target", problems, num)
                .unwrap_or(current.target),
            target_year: f
                .required("target_year", problems, year)
                .unwrap_or(current.target_year),
            current: f.parse("current", problems, num),
            current_year: f.parse("current_year", problems, year),
        }
    }

    fn form(fs: &FormState, _: &[(Id, OrganizationInput)]) -> Markup {
        html! {
            (fs.input("title", "Goal", "text", true))
            (fs.input("metric_id", "Metric (id or name)", "text", true))
            (fs.input("baseline", "Baseline", "text", true))
            (fs.input("baseline_year", "Baseline year", "number", true))
            (fs.input("target", "Target", "text", true))
            (fs.input("target_year", "Target year", "number", true))
            (fs.input("current", "Latest value", "text", false))
            (fs.input("current_year", "Year of latest value", "number", false))
        }
    }
}

/// The small "record progress" form of one goal's row.
pub(crate) fn progress_form(g: &Stored<GoalInput>, csrf: Option<&str>) -> Markup {
    let id = g.meta.id;
    html! {
        form.inline method="post" action=(format!("/partnership/goals/{id}/progress")) {
            (super::csrf_field(csrf))
            input type="hidden" name="version" value=(g.meta.version);
            label for=(format!("current-{id}")) { "Latest value" }
            input id=(format!("current-{id}")) name="current" inputmode="decimal" size="6" required
                value=(g.fields.current.map(|c| c.to_string()).unwrap_or_default());
            label for=(format!("current-year-{id}")) { "Year" }
            input id=(format!("current-year-{id}")) name="current_year" type="number" required
                value=(g.fields.current_year.map(|y| y.to_string()).unwrap_or_default());
            button type="submit" { "Record progress" }
        }
    }
}

/// Records the latest value of goal `id`; a problem shows the goal's edit
/// form with the problem next to the field.
async fn progress(
    State(state): State<AppState>,
    SignedIn(p): SignedIn,
    Csrf(csrf): Csrf,
    IdPath(id): IdPath,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    let r = async {
        let current = state.store().get::<GoalInput>(id).await?;
        let mut problems = Vec::new();
        let mut values: Vec<(String, String)> = current
            .fields
            .to_fields()
            .0
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "current" | "current_year"))
            .collect();
        for k in ["version", "current", "current_year"] {
            match f.get(k) {
                Some(v) => values.push((k.to_owned(), v.to_owned())),
                None if k != "version" => problems.push(FieldError::new(k, "is required")),
                None => {}
            }
        }
        save_or_show::<GoalInput>(
            &state,
            &p,
            csrf.as_deref(),
            id,
            &Fields(values),
            problems,
            "progress",
        )
        .await
    }
    .await;
    respond(r, &p, csrf.as_deref(), GoalInput::LIST)
}

pub(super) fn register(t: &mut Routes) {
    routes::<GoalInput>(
        t,
        "/partnership/goals/{id}/edit",
        "/partnership/goals/{id}",
        "/partnership/goals/{id}/delete",
    );
    t.add(
        Method::POST,
        "/partnership/goals/{id}/progress",
        access::ADMIN,
        progress,
        None,
    );
}
