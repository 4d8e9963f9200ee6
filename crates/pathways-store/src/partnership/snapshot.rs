//! Reading a region's whole partnership at once (for alerts and the
//! dashboard) and seeding its editable defaults.

use std::collections::HashMap;

use pathways_domain::catalog::{Id, OrganizationInput, Stored};
use pathways_domain::partnership::{
    ActionItemInput, AgreementInput, Cadence, CriterionInput, Date, EXPIRY_WARNING_DAYS, GoalInput,
    MeetingInput, PartnershipSettingsInput, ResponsibilityInput, Snapshot, TeamMemberInput,
    default_rubric, defaults,
};

use crate::Store;
use crate::entity::{self, Entity, ListFilter, Upserted};
use crate::error::Result;

/// A region's partnership records, read together.
#[derive(Debug, Clone)]
pub struct Partnership {
    /// Settings (the default cadence is monthly when none are saved).
    pub settings: PartnershipSettingsInput,
    /// Team members.
    pub team: Vec<Stored<TeamMemberInput>>,
    /// Meetings, oldest first.
    pub meetings: Vec<Stored<MeetingInput>>,
    /// Action items of those meetings.
    pub action_items: Vec<Stored<ActionItemInput>>,
    /// Agreements.
    pub agreements: Vec<Stored<AgreementInput>>,
    /// Responsibilities.
    pub responsibilities: Vec<Stored<ResponsibilityInput>>,
    /// Goals.
    pub goals: Vec<Stored<GoalInput>>,
    /// Organizations by id (names and sectors for pages).
    pub organizations: HashMap<Id, OrganizationInput>,
}

impl Partnership {
    /// The plain data the alerts look at, as of `today`.
    pub fn snapshot(&self, today: Date) -> Snapshot {
        Snapshot {
            today,
            cadence: self.settings.meeting_cadence,
            warning_days: self.settings.expiry_warning_days,
            team_sectors: self
                .team
                .iter()
                .filter(|m| m.fields.active)
                .filter_map(|m| self.organizations.get(&m.fields.organization_id))
                .map(|o| o.sector)
                .collect(),
            meetings: self.meetings.iter().map(|m| m.fields.held_on).collect(),
            action_items: self
                .action_items
                .iter()
                .map(|a| (a.meta.id, a.fields.clone()))
                .collect(),
            agreements: self
                .agreements
                .iter()
                .map(|a| (a.meta.id, a.fields.clone()))
                .collect(),
            responsibilities: self
                .responsibilities
                .iter()
                .map(|r| r.fields.clone())
                .collect(),
            goals: self
                .goals
                .iter()
                .map(|g| (g.meta.id, g.fields.clone()))
                .collect(),
        }
    }

    /// An organization's name, or its id when unknown.
    pub fn org_name(&self, id: Id) -> String {
        self.organizations
            .get(&id)
            .map_or_else(|| format!("organization {id}"), |o| o.name.clone())
    }
}

fn in_region(region_id: Id) -> ListFilter {
    ListFilter {
        region_id: Some(region_id),
        ..Default::default()
    }
}

impl Store {
    /// Every record of a region of one kind (id order).
    pub async fn region_all<E: Entity>(&self, region_id: Id) -> Result<Vec<Stored<E>>> {
        self.list_all::<E>(&in_region(region_id)).await
    }

    /// The region's partnership settings, or the defaults (monthly, 60 days).
    pub async fn partnership_settings(&self, region_id: Id) -> Result<PartnershipSettingsInput> {
        Ok(self
            .region_all::<PartnershipSettingsInput>(region_id)
            .await?
            .into_iter()
            .next()
            .map(|s| s.fields)
            .unwrap_or(PartnershipSettingsInput {
                region_id,
                meeting_cadence: Cadence::Monthly,
                expiry_warning_days: EXPIRY_WARNING_DAYS,
            }))
    }

    /// Saves the region's settings (creating or replacing them), in one transaction.
    pub async fn save_partnership_settings(&self, s: &PartnershipSettingsInput) -> Result<()> {
        let mut tx = self.begin().await?;
        entity::upsert(&mut tx, s).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reads a region's partnership.
    pub async fn partnership(&self, region_id: Id) -> Result<Partnership> {
        let mut meetings = self.region_all::<MeetingInput>(region_id).await?;
        meetings.sort_by_key(|m| m.fields.held_on);
        let organizations = self
            .list_all::<OrganizationInput>(&ListFilter::default())
            .await?
            .into_iter()
            .map(|o| (o.meta.id, o.fields))
            .collect();
        Ok(Partnership {
            settings: self.partnership_settings(region_id).await?,
            team: self.region_all(region_id).await?,
            meetings,
            action_items: self.region_all(region_id).await?,
            agreements: self.region_all(region_id).await?,
            responsibilities: self.region_all(region_id).await?,
            goals: self.region_all(region_id).await?,
            organizations,
        })
    }

    /// Adds the default responsibilities and rubric to a region, skipping
    /// those already there; one transaction. Returns how many were created.
    pub async fn seed_partnership_defaults(&self, region_id: Id) -> Result<usize> {
        let mut tx = self.begin().await?;
        let mut created = 0;
        for r in defaults(region_id) {
            if matches!(entity::upsert(&mut tx, &r).await?, Upserted::Created(_)) {
                created += 1;
            }
        }
        for c in default_rubric(region_id) {
            let existing: Option<Stored<CriterionInput>> = entity::find_by_key(&mut tx, &c).await?;
            if existing.is_none() {
                entity::create(&mut tx, &c).await?;
                created += 1;
            }
        }
        tx.commit().await?;
        Ok(created)
    }
}
