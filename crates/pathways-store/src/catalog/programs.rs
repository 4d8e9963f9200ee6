use pathways_domain::CipCode;
use pathways_domain::catalog::ProgramInput;
use pathways_domain::vocab::ProgramKind;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{eq_id, eq_text};
use crate::entity::{Entity, ListFilter, Lists, Reference};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for ProgramInput {
    const NAME: &'static str = "program";
    const TABLE: &'static str = "programs";
    const COLUMNS: &'static [&'static str] = &[
        "name",
        "kind",
        "cip",
        "provider_id",
        "seats",
        "annual_completers",
        "description",
    ];
    const REFERENCES: &'static [Reference] = &[Reference {
        field: "provider_id",
        table: "organizations",
        entity: "organization",
    }];
    const SEARCH: &'static [&'static str] = &["name", "cip"];
    const KEY: &'static [&'static str] = &["provider_id", "name"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.name.clone().into(),
            self.kind.as_str().into(),
            self.cip.as_str().into(),
            self.provider_id.into(),
            self.seats.into(),
            self.annual_completers.into(),
            self.description.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.provider_id)]
    }
    fn from_row(row: &AnyRow, _lists: Lists) -> Result<Self> {
        Ok(Self {
            name: row.try_get("name")?,
            kind: parse_col(row, "programs", "kind", ProgramKind::parse)?,
            cip: parse_col(row, "programs", "cip", CipCode::parse)?,
            provider_id: row.try_get("provider_id")?,
            seats: row.try_get("seats")?,
            annual_completers: row.try_get("annual_completers")?,
            description: row.try_get("description")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_text(sql, "kind", f.kind.as_ref());
        eq_id(sql, "provider_id", f.provider_id);
        if let Some(cip) = &f.cip {
            let c = cip.trim();
            if c.len() <= 2 {
                sql.push(" AND t.cip LIKE ").bind(format!("{c:0>2}.%"));
            } else {
                let exact = CipCode::parse(c)
                    .map(|x| x.as_str().to_owned())
                    .unwrap_or_else(|_| c.to_owned());
                sql.push(" AND t.cip = ").bind(exact);
            }
        }
        if let Some(r) = f.region_id {
            // A correlated EXISTS keeps the scan in id order, so LIMIT stops early.
            sql.push(" AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = t.provider_id AND o.region_id = ")
                .bind(r)
                .push(")");
        }
        if let Some(s) = &f.sector {
            sql.push(" AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = t.provider_id AND o.sector = ")
                .bind(s.as_str())
                .push(")");
        }
    }
}
