//! The JSON API under `/api/v1`, one module per area.

pub mod accounts;
pub mod catalog;
pub mod health;
pub mod imports;
pub mod lmi;
pub mod metrics;
pub mod wbl;
