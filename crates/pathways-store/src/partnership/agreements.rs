use pathways_domain::catalog::Id;
use pathways_domain::partnership::{
    AgreementInput, AgreementKind, AgreementStatus, DataElement, Date, Purpose,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{REGION, opt_date};
use crate::Store;
use crate::catalog::{eq_id, eq_text};
use crate::entity::{self, Entity, ItemKind, ListFilter, Lists, Reference, Relation};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

const TABLE: &str = "partnership_agreements";

impl Entity for AgreementInput {
    const NAME: &'static str = "agreement";
    const TABLE: &'static str = TABLE;
    const COLUMNS: &'static [&'static str] = &[
        "region_id",
        "kind",
        "title",
        "status",
        "supplier_id",
        "effective_on",
        "expires_on",
        "notes",
    ];
    const RELATIONS: &'static [Relation] = &[
        Relation {
            field: "party_ids",
            table: "partnership_agreement_parties",
            owner: "agreement_id",
            item: "organization_id",
            kind: ItemKind::Id,
            refers_to: Some(("organizations", "organization")),
            acyclic: false,
        },
        Relation {
            field: "data_elements",
            table: "partnership_agreement_elements",
            owner: "agreement_id",
            item: "element",
            kind: ItemKind::Text,
            refers_to: None,
            acyclic: false,
        },
        Relation {
            field: "purposes",
            table: "partnership_agreement_purposes",
            owner: "agreement_id",
            item: "purpose",
            kind: ItemKind::Text,
            refers_to: None,
            acyclic: false,
        },
    ];
    const REFERENCES: &'static [Reference] = &[REGION, SUPPLIER];
    const SEARCH: &'static [&'static str] = &["title", "notes"];
    const KEY: &'static [&'static str] = &["region_id", "title"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.kind.as_str().into(),
            self.title.clone().into(),
            self.status.as_str().into(),
            self.supplier_id.into(),
            self.effective_on.map(|d| d.to_string()).into(),
            self.expires_on.map(|d| d.to_string()).into(),
            self.notes.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![
            self.party_ids.iter().map(|i| (*i).into()).collect(),
            self.data_elements
                .iter()
                .map(|e| e.as_str().into())
                .collect(),
            self.purposes.iter().map(|p| p.as_str().into()).collect(),
        ]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id), self.supplier_id]
    }
    fn from_row(row: &AnyRow, lists: Lists) -> Result<Self> {
        Ok(Self {
            region_id: row.try_get("region_id")?,
            kind: parse_col(row, TABLE, "kind", AgreementKind::parse)?,
            title: row.try_get("title")?,
            status: parse_col(row, TABLE, "status", AgreementStatus::parse)?,
            party_ids: lists.ids(0),
            supplier_id: row.try_get("supplier_id")?,
            data_elements: lists.parsed(1, "partnership_agreement_elements", DataElement::parse)?,
            purposes: lists.parsed(2, "partnership_agreement_purposes", Purpose::parse)?,
            effective_on: opt_date(row, TABLE, "effective_on")?,
            expires_on: opt_date(row, TABLE, "expires_on")?,
            notes: row.try_get("notes")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
        eq_text(sql, "kind", f.kind.as_ref());
        if let Some(org) = f.provider_id {
            sql.push(" AND t.id IN (SELECT agreement_id FROM partnership_agreement_parties WHERE organization_id = ")
                .bind(org)
                .push(")");
        }
    }
}

const SUPPLIER: Reference = Reference {
    field: "supplier_id",
    table: "organizations",
    entity: "organization",
};

/// One organization's students that a viewer may see, and the agreement that allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SharingGrant {
    /// The data-sharing agreement.
    pub agreement_id: Id,
    /// The organization whose students' records it shares.
    pub supplier_id: Id,
}

impl Store {
    /// The data-sharing agreements in force on `today` under which `viewer`
    /// may see other organizations' records of `element` for `purpose`.
    ///
    /// SQL narrows the candidates to agreements `viewer` is party to; the
    /// decision itself is [`AgreementInput::permits`], the domain's one rule.
    pub async fn sharing_grants(
        &self,
        viewer: Id,
        element: DataElement,
        purpose: Purpose,
        today: Date,
    ) -> Result<Vec<SharingGrant>> {
        let mut sql = Sql::new(
            "SELECT a.id AS id FROM partnership_agreements a \
             JOIN partnership_agreement_parties p ON p.agreement_id = a.id \
             WHERE a.kind = ",
        );
        sql.bind(AgreementKind::DataSharing.as_str())
            .push(" AND p.organization_id = ")
            .bind(viewer)
            .push(" ORDER BY a.id");
        let mut conn = self.conn().await?;
        let ids: Vec<Id> = sql
            .query()
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::new();
        for id in ids {
            let a = entity::get::<AgreementInput>(&mut conn, id).await?;
            if let Some(supplier) = a.fields.supplier_id
                && a.fields.permits(viewer, supplier, element, purpose, today)
            {
                out.push(SharingGrant {
                    agreement_id: id,
                    supplier_id: supplier,
                });
            }
        }
        Ok(out)
    }
}
