//! A small SQL builder that numbers placeholders `$1, $2, …`.
//!
//! Both backends accept `$N` (PostgreSQL natively, SQLite as numbered
//! parameters), so one statement text serves both through sqlx's Any driver.
//! Values carry their type even when null, because PostgreSQL refuses a
//! text-typed null in a bigint column.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

use crate::error::{Result, StoreError};

/// A bound value with its SQL type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// BIGINT / INTEGER, possibly null.
    Int(Option<i64>),
    /// DOUBLE PRECISION / REAL.
    Float(f64),
    /// TEXT, possibly null.
    Text(Option<String>),
    /// BOOLEAN (SQLite stores 0/1).
    Bool(bool),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_owned()))
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}

/// Statement text and its arguments.
#[derive(Debug, Default, Clone)]
pub struct Sql {
    text: String,
    args: Vec<Value>,
}

impl Sql {
    /// Starts a statement.
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            args: Vec::new(),
        }
    }

    /// Appends text.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `v`.
    pub fn bind(&mut self, v: impl Into<Value>) -> &mut Self {
        self.args.push(v.into());
        self.text.push('$');
        self.text.push_str(&self.args.len().to_string());
        self
    }

    /// Appends `$a, $b, …` for a list.
    pub fn bind_list<V: Into<Value> + Clone>(&mut self, vs: &[V]) -> &mut Self {
        for (i, v) in vs.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(v.clone());
        }
        self
    }

    /// The statement text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A query ready to execute.
    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for a in &self.args {
            q = match a {
                Value::Int(v) => q.bind(*v),
                Value::Float(v) => q.bind(*v),
                Value::Text(v) => q.bind(v.clone()),
                Value::Bool(v) => q.bind(*v),
            };
        }
        q
    }
}

/// Reads a boolean written by either backend (PostgreSQL BOOLEAN, SQLite 0/1).
pub fn get_bool(row: &AnyRow, col: &str) -> Result<bool> {
    match row.try_get::<bool, _>(col) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row.try_get::<i64, _>(col)? != 0),
    }
}

/// Parses a stored text into a domain type, reporting corruption precisely.
pub fn parse_col<T, E: std::fmt::Display>(
    row: &AnyRow,
    table: &'static str,
    column: &'static str,
    parse: impl FnOnce(&str) -> std::result::Result<T, E>,
) -> Result<T> {
    let text: String = row.try_get(column)?;
    parse(&text).map_err(|e| StoreError::Corrupt {
        table,
        column,
        message: e.to_string(),
    })
}

/// The current time as RFC 3339 UTC, the stored timestamp format.
pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

impl Sql {
    /// Runs a statement that selects one record by id and returns its row,
    /// or [`StoreError::NotFound`] naming `entity` and `id`: the shape of
    /// every "read one" in the store, written once.
    pub async fn fetch_found<'e, 'c: 'e, X>(
        &'e self,
        executor: X,
        entity: &'static str,
        id: impl std::fmt::Display,
    ) -> Result<AnyRow>
    where
        X: 'e + sqlx::Executor<'c, Database = Any>,
    {
        self.query()
            .fetch_optional(executor)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity,
                id: id.to_string(),
            })
    }
}
