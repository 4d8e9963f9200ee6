use pathways_domain::partnership::{
    Component, ResponsibilityInput, ResponsibilityStatus, Stakeholder,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::REGION;
use crate::catalog::{eq_id, eq_text};
use crate::entity::{Entity, ListFilter, Lists, Reference};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

const TABLE: &str = "partnership_responsibilities";

impl Entity for ResponsibilityInput {
    const NAME: &'static str = "responsibility";
    const TABLE: &'static str = TABLE;
    const COLUMNS: &'static [&'static str] = &[
        "region_id",
        "stakeholder",
        "component",
        "description",
        "organization_id",
        "status",
        "evidence",
    ];
    const REFERENCES: &'static [Reference] = &[
        REGION,
        Reference {
            field: "organization_id",
            table: "organizations",
            entity: "organization",
        },
    ];
    const SEARCH: &'static [&'static str] = &["description", "evidence"];
    const KEY: &'static [&'static str] = &["region_id", "stakeholder", "component", "description"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.stakeholder.as_str().into(),
            self.component.as_str().into(),
            self.description.clone().into(),
            self.organization_id.into(),
            self.status.as_str().into(),
            self.evidence.clone().into(),
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
            stakeholder: parse_col(row, TABLE, "stakeholder", Stakeholder::parse)?,
            component: parse_col(row, TABLE, "component", Component::parse)?,
            description: row.try_get("description")?,
            organization_id: row.try_get("organization_id")?,
            status: parse_col(row, TABLE, "status", ResponsibilityStatus::parse)?,
            evidence: row.try_get("evidence")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
        eq_id(sql, "organization_id", f.provider_id);
        eq_text(sql, "stakeholder", f.kind.as_ref());
    }
}
