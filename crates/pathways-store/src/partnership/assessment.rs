use pathways_domain::partnership::{CriterionInput, RatingInput, RubricLevel};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{REGION, year};
use crate::catalog::{eq_id, eq_text};
use crate::entity::{Entity, ListFilter, Lists, Reference};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for CriterionInput {
    const NAME: &'static str = "criterion";
    const TABLE: &'static str = "partnership_criteria";
    const COLUMNS: &'static [&'static str] =
        &["region_id", "level", "code", "criterion", "indicator"];
    const REFERENCES: &'static [Reference] = &[REGION];
    const SEARCH: &'static [&'static str] = &["code", "criterion", "indicator"];
    const KEY: &'static [&'static str] = &["region_id", "code"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.level.as_str().into(),
            self.code.clone().into(),
            self.criterion.clone().into(),
            self.indicator.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id)]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        Ok(Self {
            region_id: row.try_get("region_id")?,
            level: parse_col(row, "partnership_criteria", "level", RubricLevel::parse)?,
            code: row.try_get("code")?,
            criterion: row.try_get("criterion")?,
            indicator: row.try_get("indicator")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
        eq_text(sql, "level", f.level.as_ref());
    }
}

impl Entity for RatingInput {
    const NAME: &'static str = "rating";
    const TABLE: &'static str = "partnership_ratings";
    const COLUMNS: &'static [&'static str] = &[
        "criterion_id",
        "year",
        "subject_id",
        "rating",
        "evidence",
        "improvement_action",
    ];
    const REFERENCES: &'static [Reference] = &[Reference {
        field: "criterion_id",
        table: "partnership_criteria",
        entity: "criterion",
    }];
    const SEARCH: &'static [&'static str] = &["evidence", "improvement_action"];
    const KEY: &'static [&'static str] = &["criterion_id", "year", "subject_id"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.criterion_id.into(),
            i64::from(self.year).into(),
            self.subject_id.into(),
            self.rating.into(),
            self.evidence.clone().into(),
            self.improvement_action.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.criterion_id)]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        Ok(Self {
            criterion_id: row.try_get("criterion_id")?,
            year: year(row, "year")?,
            subject_id: row.try_get("subject_id")?,
            rating: row.try_get("rating")?,
            evidence: row.try_get("evidence")?,
            improvement_action: row.try_get("improvement_action")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "criterion_id", f.provider_id);
        if let Some(r) = f.region_id {
            sql.push(
                " AND t.criterion_id IN (SELECT id FROM partnership_criteria WHERE region_id = ",
            )
            .bind(r)
            .push(")");
        }
    }
}
