//! Occupations (SOC) and industries (NAICS): reference entities keyed by code.

use pathways_domain::catalog::{IndustryInput, OccupationInput};
use pathways_domain::{NaicsCode, SocCode};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::soc_match;
use crate::entity::{Entity, ListFilter, Lists};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for OccupationInput {
    const NAME: &'static str = "occupation";
    const TABLE: &'static str = "occupations";
    const COLUMNS: &'static [&'static str] = &["soc", "title", "description"];
    const SEARCH: &'static [&'static str] = &["title", "soc"];
    const KEY: &'static [&'static str] = &["soc"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.soc.as_str().into(),
            self.title.clone().into(),
            self.description.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![]
    }
    fn from_row(row: &AnyRow, _lists: Lists) -> Result<Self> {
        Ok(Self {
            soc: parse_col(row, "occupations", "soc", SocCode::parse)?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        if f.soc.is_some() {
            sql.push(" AND");
            soc_match(sql, "t.soc", f);
        }
    }
}

impl Entity for IndustryInput {
    const NAME: &'static str = "industry";
    const TABLE: &'static str = "industries";
    const COLUMNS: &'static [&'static str] = &["naics", "title"];
    const SEARCH: &'static [&'static str] = &["title", "naics"];
    const KEY: &'static [&'static str] = &["naics"];

    fn values(&self) -> Vec<Value> {
        vec![self.naics.as_str().into(), self.title.clone().into()]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![]
    }
    fn from_row(row: &AnyRow, _lists: Lists) -> Result<Self> {
        Ok(Self {
            naics: parse_col(row, "industries", "naics", NaicsCode::parse)?,
            title: row.try_get("title")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        if let Some(k) = &f.kind {
            // "sector" level filter by code length: kind=sector|subsector|industry.
            let len = match k.as_str() {
                "sector" => Some(2),
                "subsector" => Some(3),
                "industry_group" => Some(4),
                "industry" => Some(6),
                _ => None,
            };
            if let Some(len) = len {
                sql.push(" AND length(t.naics) = ").bind(len as i64);
            }
        }
    }
}
