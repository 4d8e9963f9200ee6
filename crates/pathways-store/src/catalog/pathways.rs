use pathways_domain::SocCode;
use pathways_domain::catalog::PathwayInput;
use pathways_domain::vocab::IndustrySector;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{eq_id, eq_text, soc_match};
use crate::entity::{Entity, ItemKind, ListFilter, Lists, Reference, Relation};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for PathwayInput {
    const NAME: &'static str = "pathway";
    const TABLE: &'static str = "pathways";
    const COLUMNS: &'static [&'static str] = &["name", "sector", "region_id", "description"];
    const RELATIONS: &'static [Relation] = &[
        Relation {
            field: "target_occupations",
            table: "pathway_occupations",
            owner: "pathway_id",
            item: "soc",
            kind: ItemKind::Text,
            refers_to: None,
            acyclic: false,
        },
        Relation {
            field: "program_ids",
            table: "pathway_programs",
            owner: "pathway_id",
            item: "program_id",
            kind: ItemKind::Id,
            refers_to: Some(("programs", "program")),
            acyclic: false,
        },
        Relation {
            field: "course_ids",
            table: "pathway_courses",
            owner: "pathway_id",
            item: "course_id",
            kind: ItemKind::Id,
            refers_to: Some(("courses", "course")),
            acyclic: false,
        },
    ];
    const REFERENCES: &'static [Reference] = &[Reference {
        field: "region_id",
        table: "regions",
        entity: "region",
    }];
    const SEARCH: &'static [&'static str] = &["name", "description"];
    const KEY: &'static [&'static str] = &["region_id", "name"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.name.clone().into(),
            self.sector.as_str().into(),
            self.region_id.into(),
            self.description.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![
            self.target_occupations
                .iter()
                .map(|s| s.as_str().into())
                .collect(),
            self.program_ids.iter().map(|&i| i.into()).collect(),
            self.course_ids.iter().map(|&i| i.into()).collect(),
        ]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id)]
    }
    fn from_row(row: &AnyRow, lists: Lists) -> Result<Self> {
        Ok(Self {
            name: row.try_get("name")?,
            sector: parse_col(row, "pathways", "sector", IndustrySector::parse)?,
            region_id: row.try_get("region_id")?,
            description: row.try_get("description")?,
            target_occupations: lists.parsed(0, "pathway_occupations", SocCode::parse)?,
            program_ids: lists.ids(1),
            course_ids: lists.ids(2),
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_text(sql, "sector", f.sector.as_ref());
        eq_id(sql, "region_id", f.region_id);
        if f.soc.is_some() {
            sql.push(" AND t.id IN (SELECT pathway_id FROM pathway_occupations WHERE");
            soc_match(sql, "soc", f);
            sql.push(")");
        }
    }
}
