//! The store's one error type.

use pathways_domain::FieldError;

/// What can go wrong reading or writing the operational store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No row with this id.
    #[error("{entity} {id} does not exist")]
    NotFound {
        /// Entity name ("program").
        entity: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The update named a version that is no longer current.
    #[error(
        "{entity} {id} was changed by someone else (you sent version {sent}, it is now {current}); reload and try again"
    )]
    Stale {
        /// Entity name.
        entity: &'static str,
        /// The id.
        id: i64,
        /// Version the client sent.
        sent: i64,
        /// Version in the store.
        current: i64,
    },
    /// The input breaks a rule; every problem is listed.
    #[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// A natural key is already taken.
    #[error("{message}")]
    Duplicate {
        /// The field holding the duplicate value.
        field: String,
        /// Explanation.
        message: String,
    },
    /// The row is still referenced and cannot be deleted.
    #[error(
        "{entity} {id} is still used by other records ({detail}); remove those references first"
    )]
    InUse {
        /// Entity name.
        entity: &'static str,
        /// The id.
        id: i64,
        /// What refers to it.
        detail: String,
    },
    /// The database URL is not one the store understands.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    /// A stored value could not be read back into a domain type.
    #[error("corrupt stored value in {table}.{column}: {message}")]
    Corrupt {
        /// Table.
        table: &'static str,
        /// Column.
        column: &'static str,
        /// What failed.
        message: String,
    },
    /// Running migrations failed.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Any other database failure.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Maps a constraint violation to a user-facing error where possible.
    pub(crate) fn from_write(err: sqlx::Error, entity: &'static str) -> Self {
        if let sqlx::Error::Database(db) = &err {
            match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    return StoreError::Duplicate {
                        field: "name".into(),
                        message: format!("a {entity} with the same natural key already exists"),
                    };
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => {
                    return StoreError::Invalid(vec![FieldError::new(
                        entity,
                        "refers to a record that does not exist, or is still referenced",
                    )]);
                }
                _ => {}
            }
        }
        StoreError::Database(err)
    }
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;
