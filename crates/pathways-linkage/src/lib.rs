//! Record linkage for career-pathway outcomes.
//!
//! Following people from K-12 to college to the workforce means joining
//! records that share no identifier. This crate does it in the classic
//! pipeline — standardize → block → compare → train (EM) → score → cluster —
//! after Fellegi & Sunter (1969), with Winkler's string comparators and
//! term-frequency adjustments, and offers a privacy-preserving mode where
//! partners exchange only Bloom-filter encodings (CLKs; Schnell, Bachteler &
//! Reiher 2009) bit-compatible with `clkhash`.
//!
//! Plain data in, plain data out: the [`commands`] module implements the
//! `pathways link …` contract on CSV files; everything below it works on
//! in-memory records. The library never prints; long operations report
//! through a [`progress::Progress`].

pub mod block;
pub mod clk;
pub mod cluster;
pub mod commands;
pub mod compare;
pub mod error;
mod hint;
pub mod link;
pub mod model;
pub mod progress;
pub mod record;
pub mod results;
pub mod score;
pub mod similarity;
pub mod standardize;

pub use error::{LinkageError, Result};
pub use link::{LinkConfig, LinkSummary, ScoredPair, score_pairs};
pub use model::{Model, TrainingConfig, train};
pub use progress::{Progress, Silent};
pub use record::{Dataset, Field, InputRecord, PreparedRecord};
pub use score::{Explanation, Scorer};
