//! What needs the convener's attention, computed from plain data.
//!
//! Every alert kind has a unit test below; the web layer only gathers the
//! snapshot from the store and renders the list.

use serde::Serialize;
use utoipa::ToSchema;

use super::{
    ActionItemInput, AgreementInput, Cadence, Component, Date, GoalInput, GoalTrack, Lifecycle,
    RequiredSector, ResponsibilityInput, Stakeholder, action_overdue, meeting_overdue,
    missing_sectors, unowned_cells,
};
use crate::catalog::Id;
use crate::vocab::Sector;

/// Everything the alerts look at, as of one day.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The day the alerts are for.
    pub today: Date,
    /// The region's meeting cadence.
    pub cadence: Cadence,
    /// Days before expiry when an agreement is flagged.
    pub warning_days: i64,
    /// Sectors of the organizations of active team members.
    pub team_sectors: Vec<Sector>,
    /// Dates of meetings.
    pub meetings: Vec<Date>,
    /// Action items with their ids.
    pub action_items: Vec<(Id, ActionItemInput)>,
    /// Agreements with their ids.
    pub agreements: Vec<(Id, AgreementInput)>,
    /// Responsibilities.
    pub responsibilities: Vec<ResponsibilityInput>,
    /// Goals with their ids.
    pub goals: Vec<(Id, GoalInput)>,
}

/// A cell of the responsibilities matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Cell {
    /// Row.
    pub stakeholder: Stakeholder,
    /// Column.
    pub component: Component,
}

/// One thing that needs attention.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Alert {
    /// The leadership team has not met within its cadence.
    MeetingOverdue {
        /// Days since the last meeting (None: never met).
        days_since: Option<i64>,
        /// The region's cadence.
        cadence: Cadence,
    },
    /// An agreement expires within the warning window.
    AgreementExpiring {
        /// Agreement.
        id: Id,
        /// Title.
        title: String,
        /// Last day in force.
        expires_on: Date,
        /// Days left.
        days_left: i64,
    },
    /// An agreement recorded as in force is past its expiry date.
    AgreementExpired {
        /// Agreement.
        id: Id,
        /// Title.
        title: String,
        /// Last day it was in force.
        expired_on: Date,
    },
    /// An open action item is past its due date.
    ActionItemOverdue {
        /// Action item.
        id: Id,
        /// What it asks.
        description: String,
        /// Organization that owns it.
        owner_id: Id,
        /// Due date.
        due_on: Date,
        /// Days late.
        days_late: i64,
    },
    /// Cells of the responsibilities matrix that nobody owns.
    UnownedResponsibilities {
        /// How many cells.
        count: usize,
        /// The cells.
        cells: Vec<Cell>,
    },
    /// A goal lags its straight line to the target.
    GoalOffTrack {
        /// Goal.
        id: Id,
        /// Title.
        title: String,
        /// Progress toward the target, 0–1.
        progress: f64,
    },
    /// Required sectors are not represented on the leadership team.
    MissingSectors {
        /// The missing sectors.
        sectors: Vec<RequiredSector>,
    },
}

impl Alert {
    /// The alert's kind, as serialized.
    pub fn kind(&self) -> &'static str {
        match self {
            Alert::MeetingOverdue { .. } => "meeting_overdue",
            Alert::AgreementExpiring { .. } => "agreement_expiring",
            Alert::AgreementExpired { .. } => "agreement_expired",
            Alert::ActionItemOverdue { .. } => "action_item_overdue",
            Alert::UnownedResponsibilities { .. } => "unowned_responsibilities",
            Alert::GoalOffTrack { .. } => "goal_off_track",
            Alert::MissingSectors { .. } => "missing_sectors",
        }
    }

    /// One sentence for a person.
    pub fn message(&self) -> String {
        match self {
            Alert::MeetingOverdue {
                days_since: None, ..
            } => "The leadership team has no meeting on record.".into(),
            Alert::MeetingOverdue {
                days_since: Some(d),
                cadence,
            } => format!(
                "The leadership team last met {d} days ago; the region's cadence is {}.",
                cadence.title().to_lowercase()
            ),
            Alert::AgreementExpiring {
                title,
                expires_on,
                days_left,
                ..
            } => {
                format!("{title} expires on {expires_on} (in {days_left} days).")
            }
            Alert::AgreementExpired {
                title, expired_on, ..
            } => {
                format!("{title} expired on {expired_on} but is still recorded as in force.")
            }
            Alert::ActionItemOverdue {
                description,
                due_on,
                days_late,
                ..
            } => {
                format!("Action item overdue by {days_late} days (due {due_on}): {description}")
            }
            Alert::UnownedResponsibilities { count, .. } => {
                format!("{count} cells of the responsibilities matrix have no owner.")
            }
            Alert::GoalOffTrack {
                title, progress, ..
            } => format!(
                "Goal off track: {title} ({:.0}% of the way to its target).",
                progress * 100.0
            ),
            Alert::MissingSectors { sectors } => format!(
                "The leadership team has nobody from: {}.",
                sectors
                    .iter()
                    .map(|s| s.title())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// Every alert of the snapshot, most urgent kinds first.
pub fn alerts(s: &Snapshot) -> Vec<Alert> {
    let mut out = Vec::new();
    if let Some(days) = meeting_overdue(&s.meetings, s.cadence, s.today) {
        out.push(Alert::MeetingOverdue {
            days_since: (days != i64::MAX).then_some(days),
            cadence: s.cadence,
        });
    }
    for (id, a) in &s.agreements {
        match (a.lifecycle(s.today, s.warning_days), a.expires_on) {
            (Lifecycle::Expiring, Some(x)) => out.push(Alert::AgreementExpiring {
                id: *id,
                title: a.title.clone(),
                expires_on: x,
                days_left: s.today.days_until(x),
            }),
            (Lifecycle::Expired, Some(x)) if a.status != super::AgreementStatus::Terminated => {
                out.push(Alert::AgreementExpired {
                    id: *id,
                    title: a.title.clone(),
                    expired_on: x,
                });
            }
            _ => {}
        }
    }
    let mut late: Vec<&(Id, ActionItemInput)> = s
        .action_items
        .iter()
        .filter(|(_, i)| action_overdue(i, s.today))
        .collect();
    late.sort_by_key(|(_, i)| i.due_on);
    for (id, i) in late {
        out.push(Alert::ActionItemOverdue {
            id: *id,
            description: i.description.clone(),
            owner_id: i.owner_id,
            due_on: i.due_on,
            days_late: i.due_on.days_until(s.today),
        });
    }
    let cells = unowned_cells(&s.responsibilities);
    if !cells.is_empty() {
        out.push(Alert::UnownedResponsibilities {
            count: cells.len(),
            cells: cells
                .into_iter()
                .map(|(stakeholder, component)| Cell {
                    stakeholder,
                    component,
                })
                .collect(),
        });
    }
    for (id, g) in &s.goals {
        if g.track() == GoalTrack::OffTrack {
            out.push(Alert::GoalOffTrack {
                id: *id,
                title: g.title.clone(),
                progress: g.progress().unwrap_or(0.0),
            });
        }
    }
    let missing = missing_sectors(&s.team_sectors);
    if !missing.is_empty() {
        out.push(Alert::MissingSectors { sectors: missing });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partnership::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A healthy partnership: no alerts.
    fn healthy() -> Snapshot {
        let mut rs = defaults(1);
        for r in &mut rs {
            r.organization_id = Some(5);
        }
        Snapshot {
            today: d("2026-12-01"),
            cadence: Cadence::Monthly,
            warning_days: 60,
            team_sectors: vec![
                Sector::Secondary,
                Sector::Postsecondary,
                Sector::Employer,
                Sector::WorkforceBoard,
            ],
            meetings: vec![d("2026-10-13"), d("2026-11-10")],
            action_items: vec![(
                1,
                ActionItemInput {
                    meeting_id: 1,
                    description: "Draft the DSA renewal".into(),
                    owner_id: 5,
                    due_on: d("2026-12-15"),
                    status: ActionStatus::Open,
                },
            )],
            agreements: vec![(
                1,
                AgreementInput {
                    region_id: 1,
                    kind: AgreementKind::Mou,
                    title: "Partnership MOU".into(),
                    status: AgreementStatus::Active,
                    party_ids: vec![1, 2],
                    supplier_id: None,
                    data_elements: vec![],
                    purposes: vec![],
                    effective_on: Some(d("2026-01-01")),
                    expires_on: Some(d("2027-12-31")),
                    notes: String::new(),
                },
            )],
            responsibilities: rs,
            goals: vec![(
                1,
                GoalInput {
                    region_id: 1,
                    title: "Credential attainment".into(),
                    metric_id: "credential_attainment".into(),
                    baseline: 20.0,
                    baseline_year: 2024,
                    target: 40.0,
                    target_year: 2028,
                    current: Some(31.0),
                    current_year: Some(2026),
                },
            )],
        }
    }

    fn kinds(s: &Snapshot) -> Vec<&'static str> {
        alerts(s).iter().map(Alert::kind).collect()
    }

    #[test]
    fn a_healthy_partnership_has_no_alerts() {
        assert!(alerts(&healthy()).is_empty(), "{:?}", alerts(&healthy()));
    }

    #[test]
    fn overdue_meeting() {
        let mut s = healthy();
        s.meetings = vec![d("2026-09-15")];
        let a = alerts(&s);
        assert_eq!(
            a[0],
            Alert::MeetingOverdue {
                days_since: Some(77),
                cadence: Cadence::Monthly
            }
        );
        s.cadence = Cadence::Quarterly;
        assert!(alerts(&s).is_empty());
        s.meetings.clear();
        assert_eq!(
            alerts(&s)[0],
            Alert::MeetingOverdue {
                days_since: None,
                cadence: Cadence::Quarterly
            }
        );
    }

    #[test]
    fn expiring_agreement_60_days_ahead() {
        let mut s = healthy();
        s.agreements[0].1.expires_on = Some(d("2027-01-30"));
        assert_eq!(kinds(&s), ["agreement_expiring"]);
        match &alerts(&s)[0] {
            Alert::AgreementExpiring { days_left, .. } => assert_eq!(*days_left, 60),
            other => panic!("{other:?}"),
        }
        s.agreements[0].1.expires_on = Some(d("2027-01-31"));
        assert!(alerts(&s).is_empty(), "61 days out is not yet expiring");
    }

    #[test]
    fn expired_agreement_still_recorded_active() {
        let mut s = healthy();
        s.agreements[0].1.expires_on = Some(d("2026-11-30"));
        assert_eq!(kinds(&s), ["agreement_expired"]);
        s.agreements[0].1.status = AgreementStatus::Terminated;
        assert!(alerts(&s).is_empty());
    }

    #[test]
    fn overdue_action_item() {
        let mut s = healthy();
        s.action_items[0].1.due_on = d("2026-11-20");
        assert_eq!(kinds(&s), ["action_item_overdue"]);
        match &alerts(&s)[0] {
            Alert::ActionItemOverdue { days_late, .. } => assert_eq!(*days_late, 11),
            other => panic!("{other:?}"),
        }
        s.action_items[0].1.status = ActionStatus::Done;
        assert!(alerts(&s).is_empty());
    }

    #[test]
    fn unowned_responsibilities() {
        let mut s = healthy();
        s.responsibilities[3].organization_id = None;
        s.responsibilities[10].organization_id = None;
        let a = alerts(&s);
        assert_eq!(kinds(&s), ["unowned_responsibilities"]);
        match &a[0] {
            Alert::UnownedResponsibilities { count, cells } => {
                assert_eq!(*count, 2);
                assert_eq!(
                    cells[0],
                    Cell {
                        stakeholder: Stakeholder::Employers,
                        component: Component::Credentials
                    }
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn off_track_goal() {
        let mut s = healthy();
        s.goals[0].1.current = Some(21.0);
        assert_eq!(kinds(&s), ["goal_off_track"]);
        assert!(alerts(&s)[0].message().contains("5%"));
    }

    #[test]
    fn missing_sectors_are_named() {
        let mut s = healthy();
        s.team_sectors = vec![Sector::Secondary, Sector::Employer];
        assert_eq!(kinds(&s), ["missing_sectors"]);
        assert!(
            alerts(&s)[0]
                .message()
                .contains("Postsecondary, Workforce development")
        );
    }
}
