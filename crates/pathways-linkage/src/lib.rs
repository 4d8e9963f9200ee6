//! Record linkage (work in progress).
