//! Work-based learning placements: training agreements and their sign-offs,
//! hours, rubric templates and supervisor evaluations, site coordinates and
//! the students' WBL records for the participant data contract.
//!
//! One submodule per job; the types are re-exported here.

mod agreements;
mod evaluations;
mod hours;
mod records;

pub use agreements::{NewPlacement, Placement, PlacementScope, Signature};
pub use evaluations::{Evaluation, RatedCriterion, RubricTemplate};
pub use hours::HoursEntry;
pub use records::WblRecord;

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::Result;

/// A numeric column either backend may return as an integer.
fn float_col(r: &AnyRow, col: &str) -> Result<f64> {
    match r.try_get::<f64, _>(col) {
        Ok(v) => Ok(v),
        Err(_) => Ok(r.try_get::<i64, _>(col)? as f64),
    }
}
