//! Partnerships and governance: the leadership team, its meetings and action
//! items, the responsibilities matrix, agreements (including the data-sharing
//! agreements that decide who sees whose student records), the strategic plan,
//! the asset map, funding and the quality self-assessment — and the alerts
//! that tell a convener what needs attention.

mod agreements;
mod alerts;
mod assessment;
mod date;
mod funding;
mod goals;
mod meetings;
mod responsibilities;
mod team;

pub use agreements::*;
pub use alerts::*;
pub use assessment::*;
pub use date::*;
pub use funding::*;
pub use goals::*;
pub use meetings::*;
pub use responsibilities::*;
pub use team::*;

/// Days before an agreement's expiry when it is flagged, unless the region sets otherwise.
pub const EXPIRY_WARNING_DAYS: i64 = 60;
