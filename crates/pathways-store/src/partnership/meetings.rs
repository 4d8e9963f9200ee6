use pathways_domain::partnership::{ActionItemInput, ActionStatus, MeetingInput};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{REGION, date};
use crate::catalog::eq_id;
use crate::entity::{Entity, ItemKind, ListFilter, Lists, Reference, Relation};
use crate::error::Result;
use crate::sql::{Sql, Value, parse_col};

impl Entity for MeetingInput {
    const NAME: &'static str = "meeting";
    const TABLE: &'static str = "partnership_meetings";
    const COLUMNS: &'static [&'static str] = &["region_id", "held_on", "agenda", "decisions"];
    const RELATIONS: &'static [Relation] = &[Relation {
        field: "attendee_ids",
        table: "partnership_meeting_attendees",
        owner: "meeting_id",
        item: "organization_id",
        kind: ItemKind::Id,
        refers_to: Some(("organizations", "organization")),
        acyclic: false,
    }];
    const REFERENCES: &'static [Reference] = &[REGION];
    const SEARCH: &'static [&'static str] = &["agenda", "decisions"];
    const KEY: &'static [&'static str] = &["region_id", "held_on"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.held_on.to_string().into(),
            self.agenda.clone().into(),
            self.decisions.clone().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![self.attendee_ids.iter().map(|i| (*i).into()).collect()]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id)]
    }
    fn from_row(row: &AnyRow, lists: Lists) -> Result<Self> {
        Ok(Self {
            region_id: row.try_get("region_id")?,
            held_on: date(row, "partnership_meetings", "held_on")?,
            attendee_ids: lists.ids(0),
            agenda: row.try_get("agenda")?,
            decisions: row.try_get("decisions")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
    }
}

impl Entity for ActionItemInput {
    const NAME: &'static str = "action item";
    const TABLE: &'static str = "partnership_action_items";
    const COLUMNS: &'static [&'static str] =
        &["meeting_id", "description", "owner_id", "due_on", "status"];
    const REFERENCES: &'static [Reference] = &[
        Reference {
            field: "meeting_id",
            table: "partnership_meetings",
            entity: "meeting",
        },
        Reference {
            field: "owner_id",
            table: "organizations",
            entity: "organization",
        },
    ];
    const SEARCH: &'static [&'static str] = &["description"];
    const KEY: &'static [&'static str] = &["meeting_id", "description"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.meeting_id.into(),
            self.description.clone().into(),
            self.owner_id.into(),
            self.due_on.to_string().into(),
            self.status.as_str().into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.meeting_id), Some(self.owner_id)]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        Ok(Self {
            meeting_id: row.try_get("meeting_id")?,
            description: row.try_get("description")?,
            owner_id: row.try_get("owner_id")?,
            due_on: date(row, "partnership_action_items", "due_on")?,
            status: parse_col(
                row,
                "partnership_action_items",
                "status",
                ActionStatus::parse,
            )?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "meeting_id", f.provider_id);
        if let Some(r) = f.region_id {
            sql.push(
                " AND t.meeting_id IN (SELECT id FROM partnership_meetings WHERE region_id = ",
            )
            .bind(r)
            .push(")");
        }
    }
}
