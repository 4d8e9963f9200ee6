//! The JSON API under `/api/v1`, one module per area.

pub mod accounts;
pub mod advising;
pub mod catalog;
pub mod health;
pub mod imports;
pub mod lmi;
pub mod map_model;
pub mod maps;
pub mod metrics;
pub mod partnership;
pub mod placements;
pub mod wbl;
