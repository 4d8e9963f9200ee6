use pathways_domain::partnership::{
    FundingAllocationInput, FundingSource, FundingStreamInput, FundingUse,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{REGION, opt_year, year};
use crate::catalog::eq_id;
use crate::entity::{Entity, ListFilter, Lists, Reference};
use crate::error::Result;
use crate::sql::{Sql, Value, get_bool, parse_col};

impl Entity for FundingStreamInput {
    const NAME: &'static str = "funding stream";
    const TABLE: &'static str = "partnership_funding_streams";
    const COLUMNS: &'static [&'static str] = &[
        "region_id",
        "name",
        "source",
        "organization_id",
        "recurring",
        "ends_year",
    ];
    const REFERENCES: &'static [Reference] = &[
        REGION,
        Reference {
            field: "organization_id",
            table: "organizations",
            entity: "organization",
        },
    ];
    const SEARCH: &'static [&'static str] = &["name"];
    const KEY: &'static [&'static str] = &["region_id", "name"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.name.clone().into(),
            self.source.as_str().into(),
            self.organization_id.into(),
            self.recurring.into(),
            self.ends_year.map(i64::from).into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id), self.organization_id]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        Ok(Self {
            region_id: row.try_get("region_id")?,
            name: row.try_get("name")?,
            source: parse_col(
                row,
                "partnership_funding_streams",
                "source",
                FundingSource::parse,
            )?,
            organization_id: row.try_get("organization_id")?,
            recurring: get_bool(row, "recurring")?,
            ends_year: opt_year(row, "ends_year")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
    }
}

impl Entity for FundingAllocationInput {
    const NAME: &'static str = "funding allocation";
    const TABLE: &'static str = "partnership_funding_allocations";
    const COLUMNS: &'static [&'static str] =
        &["stream_id", "year", "amount", "funds", "pathway_id"];
    const REFERENCES: &'static [Reference] = &[
        Reference {
            field: "stream_id",
            table: "partnership_funding_streams",
            entity: "funding stream",
        },
        Reference {
            field: "pathway_id",
            table: "pathways",
            entity: "pathway",
        },
    ];
    const SEARCH: &'static [&'static str] = &["funds"];
    const KEY: &'static [&'static str] = &["stream_id", "year", "funds", "pathway_id"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.stream_id.into(),
            i64::from(self.year).into(),
            self.amount.into(),
            self.funds.as_str().into(),
            self.pathway_id.into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.stream_id), self.pathway_id]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        Ok(Self {
            stream_id: row.try_get("stream_id")?,
            year: year(row, "year")?,
            amount: row.try_get("amount")?,
            funds: parse_col(
                row,
                "partnership_funding_allocations",
                "funds",
                FundingUse::parse,
            )?,
            pathway_id: row.try_get("pathway_id")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "stream_id", f.provider_id);
        if let Some(r) = f.region_id {
            sql.push(
                " AND t.stream_id IN (SELECT id FROM partnership_funding_streams WHERE region_id = ",
            )
            .bind(r)
            .push(")");
        }
    }
}
