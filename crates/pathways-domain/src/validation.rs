//! Field-level validation problems, collected rather than thrown one at a time.
//!
//! A counselor fixing a spreadsheet or a developer fixing a request wants every
//! problem at once, each naming its field; the web layer turns these into RFC
//! 9457 `invalid-params` and the importer into "line, column, reason".

use serde::Serialize;

/// One problem with one field of an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name as the user wrote it (JSON property or CSV column).
    pub field: String,
    /// What is wrong, in words the user can act on.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Accumulates problems while an input is checked field by field.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Checks a required, bounded text field.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.push(field, "must not be empty");
        } else if value.chars().count() > max {
            self.push(field, format!("must be at most {max} characters"));
        }
    }

    /// Checks an optional bounded text field.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value
            && v.chars().count() > max
        {
            self.push(field, format!("must be at most {max} characters"));
        }
    }

    /// Checks that a count is not negative.
    pub fn non_negative(&mut self, field: &str, value: i64) {
        if value < 0 {
            self.push(field, "must not be negative");
        }
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded, else every problem.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// Inputs that can check themselves before anything is written.
pub trait Validate {
    /// Every problem with this input; empty when it may be written.
    fn problems(&self) -> Problems;

    /// `Ok(())` or every problem.
    fn validate(&self) -> Result<(), Vec<FieldError>> {
        self.problems().finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_problem() {
        let mut p = Problems::new();
        p.text("name", "  ", 10);
        p.text("title", "abcdefghijk", 10);
        p.non_negative("seats", -1);
        p.optional_text("city", Some("ok"), 10);
        let errs = p.finish().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "title", "seats"]);
    }
}
