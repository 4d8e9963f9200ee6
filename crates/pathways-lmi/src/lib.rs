//! Labor-market information (work in progress).
