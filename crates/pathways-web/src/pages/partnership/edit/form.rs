//! Form controls that show their value and, after a refused save, their
//! problem right below them (tied to the control with `aria-describedby`
//! and marked `aria-invalid`, so a screen reader reads it with the field),
//! and the notice a successful write leaves on the page it returns to.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use maud::{Markup, Render, html};
use pathways_domain::FieldError;

use super::super::Fields;

/// The values and problems a form is drawn with.
pub(crate) struct FormState<'a> {
    values: &'a Fields,
    errors: &'a [FieldError],
}

impl<'a> FormState<'a> {
    /// A form showing `values`, with `errors` next to their fields.
    pub fn new(values: &'a Fields, errors: &'a [FieldError]) -> Self {
        FormState { values, errors }
    }

    /// A field's value ("" when absent).
    pub fn value(&self, k: &str) -> &str {
        self.values.get(k).unwrap_or("")
    }

    fn has(&self, k: &str, v: &str) -> bool {
        self.values.all(k).contains(&v)
    }

    fn error(&self, k: &str) -> Option<String> {
        let list: Vec<&str> = self
            .errors
            .iter()
            .filter(|e| e.field == k)
            .map(|e| e.message.as_str())
            .collect();
        (!list.is_empty()).then(|| list.join("; "))
    }

    fn problem(&self, k: &str) -> Markup {
        html! { @if let Some(e) = self.error(k) { p.field-error id=(format!("{k}-error")) { (e) } } }
    }

    fn described(&self, k: &str) -> Option<String> {
        self.error(k).map(|_| format!("{k}-error"))
    }

    /// "Nothing was saved" and the count of problems, when there are any.
    pub fn summary(&self) -> Markup {
        html! {
            @if !self.errors.is_empty() {
                div.alert.bad role="alert" {
                    p { "Nothing was saved. Please correct the "
                        (if self.errors.len() == 1 { "problem".to_owned() } else { format!("{} problems", self.errors.len()) })
                        " marked below." }
                }
            }
        }
    }

    /// A one-line input (`kind` is the HTML input type).
    pub fn input(&self, name: &str, label: &str, kind: &str, required: bool) -> Markup {
        let d = self.described(name);
        html! {
            div.field {
                label for=(name) { (label) }
                input id=(name) name=(name) type=(kind) value=(self.value(name)) required[required]
                    aria-invalid=[d.as_ref().map(|_| "true")] aria-describedby=[d.as_deref()];
                (self.problem(name))
            }
        }
    }

    /// A multi-line input.
    pub fn textarea(&self, name: &str, label: &str) -> Markup {
        let d = self.described(name);
        html! {
            div.field {
                label for=(name) { (label) }
                textarea id=(name) name=(name) rows="2"
                    aria-invalid=[d.as_ref().map(|_| "true")] aria-describedby=[d.as_deref()] { (self.value(name)) }
                (self.problem(name))
            }
        }
    }

    /// A `<select>` of (value, label) options; `multiple` allows several.
    pub fn select(
        &self,
        name: &str,
        label: &str,
        options: &[(String, String)],
        multiple: bool,
    ) -> Markup {
        let d = self.described(name);
        html! {
            div.field {
                label for=(name) { (label) }
                select id=(name) name=(name) multiple[multiple] size=[multiple.then_some(6)]
                    aria-invalid=[d.as_ref().map(|_| "true")] aria-describedby=[d.as_deref()] {
                    @for (v, l) in options { option value=(v) selected[self.has(name, v)] { (l) } }
                }
                (self.problem(name))
            }
        }
    }

    /// A group of checkboxes sharing one name.
    pub fn checkboxes(&self, name: &str, legend: &str, options: &[(String, String)]) -> Markup {
        let d = self.described(name);
        html! {
            fieldset aria-invalid=[d.as_ref().map(|_| "true")] aria-describedby=[d.as_deref()] {
                legend { (legend) }
                @for (v, l) in options {
                    label { input type="checkbox" name=(name) value=(v) checked[self.has(name, v)]; " " (l) } br;
                }
                (self.problem(name))
            }
        }
    }

    /// One checkbox sending "yes" (or `checked` from the record).
    pub fn checkbox(&self, name: &str, label: &str, checked: bool) -> Markup {
        let d = self.described(name);
        html! {
            div.field {
                label { input type="checkbox" id=(name) name=(name) value="yes"
                    checked[checked || self.value(name) == "yes"]
                    aria-invalid=[d.as_ref().map(|_| "true")] aria-describedby=[d.as_deref()]; " " (label) }
                (self.problem(name))
            }
        }
    }
}

/// The notice a successful write leaves on the page it returns to
/// (`?notice=saved`); only known notices are shown, so the address cannot
/// put arbitrary words on the page.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Notice(Option<&'static str>);

impl<S: Send + Sync> FromRequestParts<S> for Notice {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let key = serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()
            .and_then(|v| v.into_iter().find(|(k, _)| k == "notice").map(|(_, v)| v));
        Ok(Notice(match key.as_deref() {
            Some("saved") => Some("Saved."),
            Some("deleted") => Some("Deleted."),
            Some("progress") => Some("Progress recorded."),
            _ => None,
        }))
    }
}

impl Render for Notice {
    fn render(&self) -> Markup {
        html! { @if let Some(m) = self.0 { p.alert.ok role="status" { (m) } } }
    }
}
