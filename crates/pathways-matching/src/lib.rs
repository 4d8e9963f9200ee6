//! Stable placement matching for work-based learning (WBL).
//!
//! When an opportunity has more applicants than seats, a *matching round*
//! decides who gets it: students rank the opportunities they want; each
//! opportunity orders its eligible applicants by priority groups the region
//! sets (pathway concentrators first, an equity priority, …), and ties
//! within a group are broken by a seeded, recorded [`Lottery`].
//!
//! The mechanism is student-proposing deferred acceptance with capacities
//! (Gale & Shapley 1962), the design behind medical residency matching
//! (Roth 1984) and school choice with lotteries (Abdulkadiroğlu & Sönmez
//! 2003): the result is stable — no student and opportunity would both
//! rather be matched to each other — it is the best stable result for every
//! student, and students cannot gain by ranking insincerely. Pairs the
//! opportunity does not list are never matched.
//!
//! The crate is plain data in, plain data out:
//! - [`Instance`], [`Lottery`] → [`deferred_acceptance`] → [`Matching`];
//! - [`check_stability`] audits any matching (blocking pairs, capacity,
//!   eligibility) and runs after every round;
//! - [`explain`] tells a student why each higher choice went elsewhere;
//! - [`contract`] is the file-in, file-out edge (`pathways match run`).

mod deferred_acceptance;
mod explain;
mod instance;
mod lottery;
mod matching;
mod stability;

pub mod contract;

pub use deferred_acceptance::deferred_acceptance;
pub use explain::{Explanation, Reason, explain};
pub use instance::{Choice, Instance, InstanceError, PlacementIdx, Priority, StudentIdx};
pub use lottery::{Lottery, LotteryError};
pub use matching::{Cutoff, Matching};
pub use stability::{BlockingPair, BlockingReason, OverCapacity, StabilityReport, check_stability};
