use pathways_domain::catalog::{AreaCode, RegionInput};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::entity::{Entity, ItemKind, ListFilter, Lists, Relation};
use crate::error::Result;
use crate::sql::{Sql, Value};

impl Entity for RegionInput {
    const NAME: &'static str = "region";
    const TABLE: &'static str = "regions";
    const COLUMNS: &'static [&'static str] = &["name"];
    const RELATIONS: &'static [Relation] = &[Relation {
        field: "area_codes",
        table: "region_areas",
        owner: "region_id",
        item: "area_code",
        kind: ItemKind::Text,
        refers_to: None,
        acyclic: false,
    }];
    const SEARCH: &'static [&'static str] = &["name"];
    const KEY: &'static [&'static str] = &["name"];

    fn values(&self) -> Vec<Value> {
        vec![self.name.clone().into()]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![self.area_codes.iter().map(|a| a.as_str().into()).collect()]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![]
    }
    fn from_row(row: &AnyRow, lists: Lists) -> Result<Self> {
        Ok(Self {
            name: row.try_get("name")?,
            area_codes: lists.parsed(0, "region_areas", AreaCode::parse)?,
        })
    }
    fn filter(_f: &ListFilter, _sql: &mut Sql) {}
}
