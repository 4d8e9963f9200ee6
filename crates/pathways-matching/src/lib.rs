//! Stable placement matching (work in progress).
