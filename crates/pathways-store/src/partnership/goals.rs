use pathways_domain::partnership::{Component, GoalInput, InitiativeInput};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{REGION, opt_year, year};
use crate::catalog::eq_id;
use crate::entity::{Entity, ListFilter, Lists, Reference};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for GoalInput {
    const NAME: &'static str = "goal";
    const TABLE: &'static str = "partnership_goals";
    const COLUMNS: &'static [&'static str] = &[
        "region_id",
        "title",
        "metric_id",
        "baseline",
        "baseline_year",
        "target",
        "target_year",
        "current_value",
        "current_year",
    ];
    const REFERENCES: &'static [Reference] = &[REGION];
    const SEARCH: &'static [&'static str] = &["title", "metric_id"];
    const KEY: &'static [&'static str] = &["region_id", "title"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.title.clone().into(),
            self.metric_id.clone().into(),
            self.baseline.into(),
            i64::from(self.baseline_year).into(),
            self.target.into(),
            i64::from(self.target_year).into(),
            // No measurement yet: current_year is NULL and the value unused.
            self.current.unwrap_or(0.0).into(),
            self.current_year.map(i64::from).into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id)]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        let current_year = opt_year(row, "current_year")?;
        let current_value: f64 = row.try_get("current_value")?;
        Ok(Self {
            region_id: row.try_get("region_id")?,
            title: row.try_get("title")?,
            metric_id: row.try_get("metric_id")?,
            baseline: row.try_get("baseline")?,
            baseline_year: year(row, "baseline_year")?,
            target: row.try_get("target")?,
            target_year: year(row, "target_year")?,
            current: current_year.map(|_| current_value),
            current_year,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
    }
}

impl Entity for InitiativeInput {
    const NAME: &'static str = "initiative";
    const TABLE: &'static str = "partnership_initiatives";
    const COLUMNS: &'static [&'static str] = &[
        "region_id",
        "name",
        "description",
        "lead_id",
        "pathway_id",
        "component",
    ];
    const REFERENCES: &'static [Reference] = &[
        REGION,
        Reference {
            field: "lead_id",
            table: "organizations",
            entity: "organization",
        },
        Reference {
            field: "pathway_id",
            table: "pathways",
            entity: "pathway",
        },
    ];
    const SEARCH: &'static [&'static str] = &["name", "description"];
    const KEY: &'static [&'static str] = &["region_id", "name"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.name.clone().into(),
            self.description.clone().into(),
            self.lead_id.into(),
            self.pathway_id.into(),
            self.component.as_str().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id), self.lead_id, self.pathway_id]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        Ok(Self {
            region_id: row.try_get("region_id")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            lead_id: row.try_get("lead_id")?,
            pathway_id: row.try_get("pathway_id")?,
            component: parse_col(
                row,
                "partnership_initiatives",
                "component",
                Component::parse,
            )?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
    }
}
