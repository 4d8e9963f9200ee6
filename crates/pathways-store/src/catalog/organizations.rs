use pathways_domain::NaicsCode;
use pathways_domain::catalog::OrganizationInput;
use pathways_domain::vocab::{OrganizationKind, Sector};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{eq_id, eq_text};
use crate::entity::{Entity, ListFilter, Lists, Reference};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for OrganizationInput {
    const NAME: &'static str = "organization";
    const TABLE: &'static str = "organizations";
    const COLUMNS: &'static [&'static str] = &[
        "name",
        "sector",
        "kind",
        "region_id",
        "parent_id",
        "city",
        "naics",
        "website",
    ];
    const REFERENCES: &'static [Reference] = &[
        Reference {
            field: "region_id",
            table: "regions",
            entity: "region",
        },
        Reference {
            field: "parent_id",
            table: "organizations",
            entity: "organization",
        },
    ];
    const SEARCH: &'static [&'static str] = &["name", "city"];
    const KEY: &'static [&'static str] = &["name"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.name.clone().into(),
            self.sector.as_str().into(),
            self.kind.as_str().into(),
            self.region_id.into(),
            self.parent_id.into(),
            self.city.clone().into(),
            self.naics.as_ref().map(|n| n.as_str().to_owned()).into(),
            self.website.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![self.region_id, self.parent_id]
    }
    fn from_row(row: &AnyRow, _lists: Lists) -> Result<Self> {
        let naics: Option<String> = row.try_get("naics")?;
        Ok(Self {
            name: row.try_get("name")?,
            sector: parse_col(row, "organizations", "sector", Sector::parse)?,
            kind: parse_col(row, "organizations", "kind", OrganizationKind::parse)?,
            region_id: row.try_get("region_id")?,
            parent_id: row.try_get("parent_id")?,
            city: row.try_get("city")?,
            naics: naics
                .as_deref()
                .map(NaicsCode::parse)
                .transpose()
                .map_err(|e| crate::StoreError::Corrupt {
                    table: "organizations",
                    column: "naics",
                    message: e.to_string(),
                })?,
            website: row.try_get("website")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_text(sql, "sector", f.sector.as_ref());
        eq_text(sql, "kind", f.kind.as_ref());
        eq_id(sql, "region_id", f.region_id);
        eq_id(sql, "parent_id", f.provider_id);
    }
}
