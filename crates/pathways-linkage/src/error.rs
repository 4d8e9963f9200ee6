//! The one error type of the crate.

use std::path::PathBuf;

/// Everything that can go wrong while linking or encoding.
#[derive(Debug, thiserror::Error)]
pub enum LinkageError {
    /// A row of an input file could not be read: the file, the 1-based line
    /// and the offending field are named so a data steward can fix it.
    #[error("{file}:{line}: field `{field}`: {message}")]
    Row {
        /// The input file.
        file: PathBuf,
        /// 1-based line number (the header is line 1).
        line: u64,
        /// Column name.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A required column is missing from a header.
    #[error("{file}: missing required column `{column}`")]
    MissingColumn {
        /// The input file.
        file: PathBuf,
        /// Column name.
        column: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A model or schema file is not valid JSON of the expected shape.
    #[error("{path}: {message}")]
    Json {
        /// The file (or a description of the source).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A clkhash linkage schema is well-formed JSON but not usable.
    #[error("invalid linkage schema: {0}")]
    Schema(String),
    /// A value could not be encoded under the schema.
    #[error("cannot encode value for feature `{feature}`: {message}")]
    Encode {
        /// The schema feature identifier.
        feature: String,
        /// What is wrong.
        message: String,
    },
    /// Training could not proceed (for example: no candidate pairs).
    #[error("training failed: {0}")]
    Training(String),
    /// Arguments that cannot work together.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl LinkageError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias for this crate.
pub type Result<T, E = LinkageError> = std::result::Result<T, E>;
