//! The analytics crate's one error type.

use std::fmt;

/// One bad value in a participant file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file (`students.csv`).
    pub file: String,
    /// The line in a CSV file (the header is line 1) or the row in a Parquet file (from 1); 0 for the whole file.
    pub line: usize,
    /// The column, if one is at fault.
    pub column: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "{}:{}: column {c}: {}", self.file, self.line, self.message),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.message),
        }
    }
}

/// What can go wrong loading participant data or computing metrics.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    /// The files break the contract; nothing was stored. At most the first
    /// thousand problems are kept; `total` counts them all.
    #[error("{total} problem(s) in the participant files; nothing was loaded:\n{}", .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The problems, in file order.
        problems: Vec<Problem>,
        /// How many problems there were in all.
        total: usize,
    },
    /// A metric spec file is malformed.
    #[error("metric spec {file}: {message}")]
    Spec {
        /// The spec file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A metric or grouping that does not exist was asked for.
    #[error("{0}")]
    Unknown(String),
    /// The query engine failed (for a metric's SQL: which metric).
    #[error("{context}: {source}")]
    Engine {
        /// What was being done.
        context: String,
        /// The engine's error.
        #[source]
        source: datafusion::error::DataFusionError,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// Parquet could not be read or written.
    #[error("{path}: {message}")]
    Parquet {
        /// The path.
        path: String,
        /// The error.
        message: String,
    },
}

impl AnalyticsError {
    /// An I/O error at `path`.
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    /// An engine error while doing `context`.
    pub fn engine(context: impl Into<String>, source: datafusion::error::DataFusionError) -> Self {
        Self::Engine {
            context: context.into(),
            source,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = AnalyticsError> = std::result::Result<T, E>;
