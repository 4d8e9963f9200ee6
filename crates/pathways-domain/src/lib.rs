//! The language of the career-pathways field: public classification codes,
//! the regional catalog (organizations, programs, courses, credentials,
//! pathways) and the rules that keep them consistent.
//!
//! This crate is pure and synchronous: no IO, no async, no SQL. Storage, web
//! and analytics crates depend on it; it depends on none of them.

pub mod access;
pub mod catalog;
pub mod codes;
pub mod figures;
pub mod partnership;
pub mod placement;
pub mod validation;
pub mod vocab;
pub mod wbl;

pub use codes::{CipCode, CodeError, NaicsCode, SocCode};
pub use validation::{FieldError, Problems, Validate};
