//! Participant data and outcome metrics.
//!
//! Partners' participant files ([`schema`], docs/participant-data.md) are
//! validated and converted to Parquet ([`load`]); metrics declared in spec
//! files ([`spec`]) run on Apache DataFusion ([`engine`]), locally or on a
//! Ballista cluster ([`cluster`], feature `cluster`), disaggregated by every
//! subgroup; [`suppress`] prepares cells for public release.

pub mod engine;
pub mod error;
pub mod labels;
pub mod load;
pub mod results;
pub mod schema;
pub mod spec;
pub mod suppress;
pub mod tally;

#[cfg(feature = "cluster")]
pub mod cluster;

pub use engine::{Definitions, Engine, group_fields};
pub use error::{AnalyticsError, Problem, Result};
pub use spec::{MetricKind, MetricSpec};
pub use suppress::{Cell, PublicCell, Rules, Status};
