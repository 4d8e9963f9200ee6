use pathways_domain::SocCode;
use pathways_domain::catalog::CredentialInput;
use pathways_domain::vocab::CredentialKind;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{eq_id, eq_text, soc_match};
use crate::entity::{Entity, ItemKind, ListFilter, Lists, Reference, Relation};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for CredentialInput {
    const NAME: &'static str = "credential";
    const TABLE: &'static str = "credentials";
    const COLUMNS: &'static [&'static str] = &["name", "kind", "issuer", "issuer_id"];
    const RELATIONS: &'static [Relation] = &[
        Relation {
            field: "occupations",
            table: "credential_occupations",
            owner: "credential_id",
            item: "soc",
            kind: ItemKind::Text,
            refers_to: None,
            acyclic: false,
        },
        Relation {
            field: "stacks_into_ids",
            table: "credential_stacks",
            owner: "credential_id",
            item: "stacks_into_id",
            kind: ItemKind::Id,
            refers_to: Some(("credentials", "credential")),
            acyclic: true,
        },
    ];
    const REFERENCES: &'static [Reference] = &[Reference {
        field: "issuer_id",
        table: "organizations",
        entity: "organization",
    }];
    const SEARCH: &'static [&'static str] = &["name", "issuer"];
    const KEY: &'static [&'static str] = &["name"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.name.clone().into(),
            self.kind.as_str().into(),
            self.issuer.clone().into(),
            self.issuer_id.into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![
            self.occupations.iter().map(|s| s.as_str().into()).collect(),
            self.stacks_into_ids.iter().map(|&i| i.into()).collect(),
        ]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![self.issuer_id]
    }
    fn from_row(row: &AnyRow, lists: Lists) -> Result<Self> {
        Ok(Self {
            name: row.try_get("name")?,
            kind: parse_col(row, "credentials", "kind", CredentialKind::parse)?,
            issuer: row.try_get("issuer")?,
            issuer_id: row.try_get("issuer_id")?,
            occupations: lists.parsed(0, "credential_occupations", SocCode::parse)?,
            stacks_into_ids: lists.ids(1),
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_text(sql, "kind", f.kind.as_ref());
        eq_id(sql, "issuer_id", f.provider_id);
        if f.soc.is_some() {
            sql.push(" AND t.id IN (SELECT credential_id FROM credential_occupations WHERE");
            soc_match(sql, "soc", f);
            sql.push(")");
        }
    }
}
