//! How each catalog entity is stored: one module per aggregate.

mod courses;
mod credentials;
mod organizations;
mod pathways;
mod programs;
mod reference;
mod regions;

use crate::entity::ListFilter;
use crate::sql::Sql;

/// Adds `AND t.col = value` when the filter is set.
pub(crate) fn eq_text(sql: &mut Sql, col: &str, v: Option<&String>) {
    if let Some(v) = v {
        sql.push(&format!(" AND t.{col} = ")).bind(v.as_str());
    }
}

/// Adds `AND t.col = id` when the filter is set.
pub(crate) fn eq_id(sql: &mut Sql, col: &str, v: Option<i64>) {
    if let Some(v) = v {
        sql.push(&format!(" AND t.{col} = ")).bind(v);
    }
}

/// Adds a SOC condition: exact code, or a major-group prefix ("29" or "29-").
pub(crate) fn soc_match(sql: &mut Sql, col: &str, f: &ListFilter) {
    if let Some(soc) = &f.soc {
        let s = soc.trim();
        if s.len() < 7 {
            let prefix = s.trim_end_matches('-');
            sql.push(&format!(" {col} LIKE "))
                .bind(format!("{prefix}-%"));
        } else {
            sql.push(&format!(" {col} = ")).bind(s);
        }
    }
}
