//! `pathways partnership …`: the partnership's status and alerts, and the
//! leadership team, meetings and agreements from the command line.

use std::io::Write;

use anyhow::{Context, bail};
use pathways_domain::catalog::{Id, OrganizationInput, RegionInput};
use pathways_domain::partnership::{
    AgreementInput, AgreementKind, AgreementStatus, DataElement, Date, MeetingInput, Purpose,
    TeamMemberInput,
};
use pathways_store::{ListFilter, Store};

/// Output formats for data.
#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    #[default]
    Text,
    /// JSON for programs.
    Json,
}

/// `pathways partnership <noun> <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum PartnershipCommand {
    /// Team, meetings, agreements, coverage, goals and alerts.
    Status(Common),
    /// What needs attention, most urgent first (exit 0 even when there are alerts).
    Alerts(Common),
    /// The leadership team.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Leadership-team meetings.
    #[command(subcommand)]
    Meetings(MeetingsCommand),
    /// Agreements, including data-sharing agreements.
    #[command(subcommand)]
    Agreements(AgreementsCommand),
}

/// Options every partnership command takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Region id (default: the only or first region).
    #[arg(long)]
    pub region: Option<Id>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `pathways partnership team <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum TeamCommand {
    /// List members.
    List(Common),
    /// Add a member: `team add --org 12 --name "Ana Ruiz" --title "CTE Director"`.
    Add {
        #[command(flatten)]
        common: Common,
        /// Organization id (from the catalog).
        #[arg(long)]
        org: Id,
        /// Person's name.
        #[arg(long)]
        name: String,
        /// Title.
        #[arg(long)]
        title: Option<String>,
        /// chair, co_chair or member.
        #[arg(long, default_value = "member")]
        role: String,
    },
}

/// `pathways partnership meetings <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum MeetingsCommand {
    /// List meetings, newest first.
    List(Common),
    /// Record a meeting: `meetings add --date 2026-12-08 --attendee 3 --attendee 5 --agenda "…"`.
    Add {
        #[command(flatten)]
        common: Common,
        /// Date held (YYYY-MM-DD).
        #[arg(long)]
        date: String,
        /// Organization ids present (repeat).
        #[arg(long = "attendee")]
        attendees: Vec<Id>,
        /// Agenda.
        #[arg(long, default_value = "")]
        agenda: String,
        /// Decisions.
        #[arg(long, default_value = "")]
        decisions: String,
    },
}

/// `pathways partnership agreements <verb>`.
// Parsed once per process; boxing the arguments would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
pub enum AgreementsCommand {
    /// List agreements with their lifecycle today.
    List(Common),
    /// Add an agreement: `agreements add --kind data_sharing --title … --party 3 --party 5 --supplier 3 --element student_roster --purpose work_based_learning --effective 2026-07-01 --expires 2027-06-30 --status active`.
    Add {
        #[command(flatten)]
        common: Common,
        /// mou, data_sharing, articulation, dual_credit or wbl_training.
        #[arg(long)]
        kind: String,
        /// Title.
        #[arg(long)]
        title: String,
        /// draft, signed, active or terminated.
        #[arg(long, default_value = "draft")]
        status: String,
        /// Party organization ids (repeat).
        #[arg(long = "party")]
        parties: Vec<Id>,
        /// Whose students' data (data-sharing agreements).
        #[arg(long)]
        supplier: Option<Id>,
        /// Data elements (repeat).
        #[arg(long = "element")]
        elements: Vec<String>,
        /// Purposes (repeat).
        #[arg(long = "purpose")]
        purposes: Vec<String>,
        /// First day in effect.
        #[arg(long)]
        effective: Option<String>,
        /// Last day in effect.
        #[arg(long)]
        expires: Option<String>,
    },
}

async fn region(store: &Store, given: Option<Id>) -> anyhow::Result<Id> {
    if let Some(r) = given {
        store
            .get::<RegionInput>(r)
            .await
            .with_context(|| format!("region {r}"))?;
        return Ok(r);
    }
    store
        .list::<RegionInput>(&ListFilter::default(), None, 1)
        .await?
        .items
        .first()
        .map(|r| r.meta.id)
        .context("no region yet: create one or run `pathways demo`")
}

fn today() -> Date {
    pathways_web::sharing::today()
}

fn date(field: &str, v: &str) -> anyhow::Result<Date> {
    Date::parse(v).map_err(|e| anyhow::anyhow!("--{field}: {e}"))
}

fn print_json(v: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    Ok(())
}

/// Explains a refused write field by field.
fn store_error(e: pathways_store::StoreError) -> anyhow::Error {
    match e {
        pathways_store::StoreError::Invalid(list) => anyhow::anyhow!(
            "nothing was written: {}",
            list.iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => other.into(),
    }
}

async fn org_names(store: &Store) -> anyhow::Result<std::collections::HashMap<Id, String>> {
    Ok(store
        .list_all::<OrganizationInput>(&ListFilter::default())
        .await?
        .into_iter()
        .map(|o| (o.meta.id, o.fields.name))
        .collect())
}

/// Runs a `partnership` command.
pub async fn run(store: &Store, cmd: PartnershipCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        PartnershipCommand::Status(c) => {
            let r = region(store, c.region).await?;
            let s = pathways_web::api::partnership::views::status(store, r, today())
                .await
                .map_err(|e| anyhow::anyhow!(e.problem().detail))?;
            match c.format {
                Format::Json => print_json(&s)?,
                Format::Text => {
                    writeln!(out, "Partnership of region {r} on {}", s.today)?;
                    writeln!(
                        out,
                        "  team: {} active members; missing sectors: {}",
                        s.team_members,
                        if s.missing_sectors.is_empty() {
                            "none".into()
                        } else {
                            s.missing_sectors
                                .iter()
                                .map(|x| x.title())
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    )?;
                    writeln!(
                        out,
                        "  meetings: {} on record, last {}, cadence {}",
                        s.meetings,
                        s.last_meeting
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "never".into()),
                        s.cadence
                    )?;
                    writeln!(out, "  open action items: {}", s.open_action_items)?;
                    writeln!(out, "  agreements: {}", s.agreements.len())?;
                    writeln!(
                        out,
                        "  responsibilities: {} of 42 cells owned",
                        42 - s.unowned_cells
                    )?;
                    for g in &s.goals {
                        writeln!(out, "  goal: {} [{}]", g.title, g.track)?;
                    }
                    writeln!(out, "  alerts: {}", s.alerts.len())?;
                    for a in &s.alerts {
                        writeln!(out, "    - {}", a.message)?;
                    }
                }
            }
        }
        PartnershipCommand::Alerts(c) => {
            let r = region(store, c.region).await?;
            let p = store.partnership(r).await?;
            let alerts = pathways_web::api::partnership::views::alert_views(&p, today());
            match c.format {
                Format::Json => print_json(&alerts)?,
                Format::Text => {
                    if alerts.is_empty() {
                        writeln!(out, "Nothing needs attention.")?;
                    }
                    for a in &alerts {
                        writeln!(out, "{}\t{}", a.kind, a.message)?;
                    }
                }
            }
        }
        PartnershipCommand::Team(TeamCommand::List(c)) => {
            let r = region(store, c.region).await?;
            let team = store.region_all::<TeamMemberInput>(r).await?;
            let names = org_names(store).await?;
            match c.format {
                Format::Json => print_json(&team)?,
                Format::Text => {
                    for m in &team {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}",
                            m.meta.id,
                            m.fields.person_name,
                            names
                                .get(&m.fields.organization_id)
                                .cloned()
                                .unwrap_or_default(),
                            m.fields.team_role
                        )?;
                    }
                }
            }
        }
        PartnershipCommand::Team(TeamCommand::Add {
            common,
            org,
            name,
            title,
            role,
        }) => {
            let r = region(store, common.region).await?;
            let m = store
                .create(&TeamMemberInput {
                    region_id: r,
                    organization_id: org,
                    person_name: name,
                    title,
                    team_role: role,
                    active: true,
                })
                .await
                .map_err(store_error)?;
            match common.format {
                Format::Json => print_json(&m)?,
                Format::Text => writeln!(out, "added team member {}", m.meta.id)?,
            }
        }
        PartnershipCommand::Meetings(MeetingsCommand::List(c)) => {
            let r = region(store, c.region).await?;
            let mut list = store.region_all::<MeetingInput>(r).await?;
            list.sort_by_key(|m| std::cmp::Reverse(m.fields.held_on));
            match c.format {
                Format::Json => print_json(&list)?,
                Format::Text => {
                    for m in &list {
                        writeln!(
                            out,
                            "{}\t{}\t{} attending\t{}",
                            m.meta.id,
                            m.fields.held_on,
                            m.fields.attendee_ids.len(),
                            m.fields.agenda
                        )?;
                    }
                }
            }
        }
        PartnershipCommand::Meetings(MeetingsCommand::Add {
            common,
            date: d,
            attendees,
            agenda,
            decisions,
        }) => {
            let r = region(store, common.region).await?;
            let held_on = date("date", &d)?;
            let m = store
                .create(&MeetingInput {
                    region_id: r,
                    held_on,
                    attendee_ids: attendees,
                    agenda,
                    decisions,
                })
                .await
                .map_err(store_error)?;
            match common.format {
                Format::Json => print_json(&m)?,
                Format::Text => writeln!(
                    out,
                    "recorded meeting {} on {}",
                    m.meta.id, m.fields.held_on
                )?,
            }
        }
        PartnershipCommand::Agreements(AgreementsCommand::List(c)) => {
            let r = region(store, c.region).await?;
            let list = store.region_all::<AgreementInput>(r).await?;
            let warn = store.partnership_settings(r).await?.expiry_warning_days;
            let t = today();
            match c.format {
                Format::Json => {
                    let rows: Vec<serde_json::Value> = list
                        .iter()
                        .map(|a| {
                            let mut v = serde_json::to_value(a).unwrap_or_default();
                            v["lifecycle"] =
                                serde_json::json!(a.fields.lifecycle(t, warn).as_str());
                            v
                        })
                        .collect();
                    print_json(&rows)?;
                }
                Format::Text => {
                    for a in &list {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}\t{}",
                            a.meta.id,
                            a.fields.kind,
                            a.fields.lifecycle(t, warn),
                            a.fields
                                .expires_on
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                            a.fields.title
                        )?;
                    }
                }
            }
        }
        PartnershipCommand::Agreements(AgreementsCommand::Add {
            common,
            kind,
            title,
            status,
            parties,
            supplier,
            elements,
            purposes,
            effective,
            expires,
        }) => {
            let r = region(store, common.region).await?;
            let kind = AgreementKind::parse(&kind).map_err(|e| anyhow::anyhow!("--kind: {e}"))?;
            let status =
                AgreementStatus::parse(&status).map_err(|e| anyhow::anyhow!("--status: {e}"))?;
            let data_elements = elements
                .iter()
                .map(|e| DataElement::parse(e))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| anyhow::anyhow!("--element: {e}"))?;
            let purposes = purposes
                .iter()
                .map(|p| Purpose::parse(p))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| anyhow::anyhow!("--purpose: {e}"))?;
            let effective_on = effective
                .as_deref()
                .map(|d| date("effective", d))
                .transpose()?;
            let expires_on = expires.as_deref().map(|d| date("expires", d)).transpose()?;
            if title.trim().is_empty() {
                bail!("--title: must not be empty");
            }
            let a = store
                .create(&AgreementInput {
                    region_id: r,
                    kind,
                    title,
                    status,
                    party_ids: parties,
                    supplier_id: supplier,
                    data_elements,
                    purposes,
                    effective_on,
                    expires_on,
                    notes: String::new(),
                })
                .await
                .map_err(store_error)?;
            match common.format {
                Format::Json => print_json(&a)?,
                Format::Text => writeln!(
                    out,
                    "added agreement {} ({})",
                    a.meta.id,
                    a.fields.lifecycle(today(), 60)
                )?,
            }
        }
    }
    Ok(())
}
