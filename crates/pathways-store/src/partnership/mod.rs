//! How partnership records are stored (one module per sub-area), and the
//! queries the convener's alerts and the data-sharing rule need.

mod agreements;
mod assessment;
mod funding;
mod goals;
mod meetings;
mod responsibilities;
mod snapshot;
mod team;

pub use agreements::SharingGrant;
pub use snapshot::Partnership;

use pathways_domain::partnership::Date;
use sqlx::any::AnyRow;

use crate::entity::Reference;
use crate::error::{Result, StoreError};
use crate::sql::parse_col;

pub(crate) const REGION: Reference = Reference {
    field: "region_id",
    table: "regions",
    entity: "region",
};

/// Reads a required date column.
pub(crate) fn date(row: &AnyRow, table: &'static str, col: &'static str) -> Result<Date> {
    parse_col(row, table, col, Date::parse)
}

/// Reads an optional date column.
pub(crate) fn opt_date(
    row: &AnyRow,
    table: &'static str,
    col: &'static str,
) -> Result<Option<Date>> {
    use sqlx::Row;
    let v: Option<String> = row.try_get(col)?;
    v.map(|s| {
        Date::parse(&s).map_err(|e| StoreError::Corrupt {
            table,
            column: col,
            message: e.to_string(),
        })
    })
    .transpose()
}

/// Reads a year column stored as a 64-bit integer.
pub(crate) fn year(row: &AnyRow, col: &str) -> Result<i32> {
    use sqlx::Row;
    let v: i64 = row.try_get(col)?;
    Ok(i32::try_from(v).unwrap_or(i32::MAX))
}

/// Reads an optional year column.
pub(crate) fn opt_year(row: &AnyRow, col: &str) -> Result<Option<i32>> {
    use sqlx::Row;
    let v: Option<i64> = row.try_get(col)?;
    Ok(v.map(|y| i32::try_from(y).unwrap_or(i32::MAX)))
}
