//! Pathway maps (work in progress).
