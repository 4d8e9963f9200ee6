use pathways_domain::catalog::CourseInput;
use pathways_domain::vocab::CourseLevel;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{eq_id, eq_text};
use crate::entity::{Entity, ItemKind, ListFilter, Lists, Reference, Relation};
use crate::error::Result;
use crate::sql::{Sql, Value, get_bool, parse_col};

impl Entity for CourseInput {
    const NAME: &'static str = "course";
    const TABLE: &'static str = "courses";
    const COLUMNS: &'static [&'static str] = &[
        "code",
        "title",
        "credit_hours",
        "provider_id",
        "level",
        "dual_credit",
        "advanced_academic",
        "subject",
    ];
    const RELATIONS: &'static [Relation] = &[Relation {
        field: "prerequisite_ids",
        table: "course_prerequisites",
        owner: "course_id",
        item: "prerequisite_id",
        kind: ItemKind::Id,
        refers_to: Some(("courses", "course")),
        acyclic: true,
    }];
    const REFERENCES: &'static [Reference] = &[Reference {
        field: "provider_id",
        table: "organizations",
        entity: "organization",
    }];
    const SEARCH: &'static [&'static str] = &["title", "code"];
    const KEY: &'static [&'static str] = &["provider_id", "code"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.code.clone().into(),
            self.title.clone().into(),
            self.credit_hours.into(),
            self.provider_id.into(),
            self.level.as_str().into(),
            self.dual_credit.into(),
            self.advanced_academic.into(),
            self.subject.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![self.prerequisite_ids.iter().map(|&i| i.into()).collect()]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.provider_id)]
    }
    fn from_row(row: &AnyRow, lists: Lists) -> Result<Self> {
        Ok(Self {
            code: row.try_get("code")?,
            title: row.try_get("title")?,
            credit_hours: row.try_get("credit_hours")?,
            provider_id: row.try_get("provider_id")?,
            level: parse_col(row, "courses", "level", CourseLevel::parse)?,
            dual_credit: get_bool(row, "dual_credit")?,
            advanced_academic: get_bool(row, "advanced_academic")?,
            subject: row.try_get("subject")?,
            prerequisite_ids: lists.ids(0),
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_text(sql, "level", f.level.as_ref());
        eq_id(sql, "provider_id", f.provider_id);
        if let Some(k) = &f.kind {
            match k.as_str() {
                "dual_credit" => {
                    sql.push(" AND t.dual_credit = ").bind(true);
                }
                "advanced_academic" => {
                    sql.push(" AND t.advanced_academic = ").bind(true);
                }
                _ => {}
            }
        }
        if let Some(r) = f.region_id {
            // A correlated EXISTS keeps the scan in id order, so LIMIT stops early.
            sql.push(" AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = t.provider_id AND o.region_id = ")
                .bind(r)
                .push(")");
        }
    }
}
