use pathways_domain::partnership::{Cadence, PartnershipSettingsInput, TeamMemberInput};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::REGION;
use crate::catalog::eq_id;
use crate::entity::{Entity, ListFilter, Lists, Reference};
use crate::error::Result;
use crate::sql::{Sql, Value, get_bool, parse_col};

impl Entity for TeamMemberInput {
    const NAME: &'static str = "team member";
    const TABLE: &'static str = "partnership_team_members";
    const COLUMNS: &'static [&'static str] = &[
        "region_id",
        "organization_id",
        "person_name",
        "title",
        "team_role",
        "active",
    ];
    const REFERENCES: &'static [Reference] = &[
        REGION,
        Reference {
            field: "organization_id",
            table: "organizations",
            entity: "organization",
        },
    ];
    const SEARCH: &'static [&'static str] = &["person_name"];
    const KEY: &'static [&'static str] = &["region_id", "organization_id", "person_name"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.organization_id.into(),
            self.person_name.clone().into(),
            self.title.clone().into(),
            self.team_role.clone().into(),
            self.active.into(),
        ]
    }
    fn items(&self) -> Vec<Vec<Value>> {
        vec![]
    }
    fn referenced_ids(&self) -> Vec<Option<i64>> {
        vec![Some(self.region_id), Some(self.organization_id)]
    }
    fn from_row(row: &AnyRow, _: Lists) -> Result<Self> {
        Ok(Self {
            region_id: row.try_get("region_id")?,
            organization_id: row.try_get("organization_id")?,
            person_name: row.try_get("person_name")?,
            title: row.try_get("title")?,
            team_role: row.try_get("team_role")?,
            active: get_bool(row, "active")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
        eq_id(sql, "organization_id", f.provider_id);
    }
}

impl Entity for PartnershipSettingsInput {
    const NAME: &'static str = "partnership settings";
    const TABLE: &'static str = "partnership_settings";
    const COLUMNS: &'static [&'static str] =
        &["region_id", "meeting_cadence", "expiry_warning_days"];
    const REFERENCES: &'static [Reference] = &[REGION];
    const SEARCH: &'static [&'static str] = &["meeting_cadence"];
    const KEY: &'static [&'static str] = &["region_id"];

    fn values(&self) -> Vec<Value> {
        vec![
            self.region_id.into(),
            self.meeting_cadence.as_str().into(),
            self.expiry_warning_days.into(),
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
            meeting_cadence: parse_col(
                row,
                "partnership_settings",
                "meeting_cadence",
                Cadence::parse,
            )?,
            expiry_warning_days: row.try_get("expiry_warning_days")?,
        })
    }
    fn filter(f: &ListFilter, sql: &mut Sql) {
        eq_id(sql, "region_id", f.region_id);
    }
}
