//! Privacy-preserving record linkage with Bloom-filter encodings (CLKs).
//!
//! A partner encodes its records locally with a shared secret and a
//! clkhash linkage schema, and shares only the encodings; the linkage unit
//! compares encodings by Dice similarity and resolves them one-to-one, as
//! `anonlink` does (Schnell, Bachteler & Reiher 2009; clkhash and anonlink
//! documentation, CSIRO Data61).

pub mod commands;
pub mod encode;
mod kernel;
pub mod matching;
pub mod schema;
mod strptime;

pub use encode::{
    Bits, FeatureKeys, TokenCache, derive_keys, encode_record, encode_record_cached, to_base64,
};
pub use matching::{Clk, LshBlocking, dice, match_clks, match_clks_blocked};
pub use schema::Schema;
