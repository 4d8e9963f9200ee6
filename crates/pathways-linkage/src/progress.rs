//! Progress reporting without printing: the library calls a [`Progress`]
//! the caller supplies (the CLI hooks an `indicatif` bar to it).

/// Receives progress from long-running operations. All methods default to
/// doing nothing; implementations must be cheap and thread-safe.
pub trait Progress: Sync {
    /// A stage starts; `total` is its unit count when known.
    fn stage(&self, _name: &str, _total: Option<u64>) {}
    /// `n` more units of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// A fact worth reporting (e.g. candidate-pair counts before scoring).
    fn note(&self, _key: &str, _value: u64) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
