//! Leadership-team meetings, their action items, and the meeting cadence.
//!
//! A partnership that stops meeting stops steering; the region sets how often
//! its team meets (monthly is recommended, quarterly is the least that keeps
//! a pathways system governed) and the product warns when a meeting is due.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Date;
use crate::catalog::{Id, MAX_NAME, MAX_TEXT};
use crate::{Problems, Validate};

crate::vocab::vocabulary! {
    /// How often the leadership team meets.
    Cadence, "meeting cadence" {
        /// Every month (recommended).
        Monthly => "monthly", "Monthly (recommended)",
        /// Every other month.
        Bimonthly => "bimonthly", "Every two months",
        /// Every quarter (the minimum).
        Quarterly => "quarterly", "Quarterly (minimum)",
    }
}

impl Cadence {
    /// Days after the last meeting when the next one is overdue. A week of
    /// grace keeps "the second Tuesday" from raising an alert every month.
    pub fn overdue_after_days(self) -> i64 {
        match self {
            Cadence::Monthly => 31 + 7,
            Cadence::Bimonthly => 61 + 7,
            Cadence::Quarterly => 92 + 7,
        }
    }
}

/// The region's partnership settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipSettingsInput {
    /// The region (one settings row per region).
    pub region_id: Id,
    /// How often the leadership team meets.
    pub meeting_cadence: Cadence,
    /// Days before an agreement's expiry when it is flagged (default 60).
    #[serde(default = "sixty")]
    pub expiry_warning_days: i64,
}

fn sixty() -> i64 {
    super::EXPIRY_WARNING_DAYS
}

impl Validate for PartnershipSettingsInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        if !(1..=365).contains(&self.expiry_warning_days) {
            p.push("expiry_warning_days", "must be from 1 to 365");
        }
        p
    }
}

/// One leadership-team meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    /// Region.
    pub region_id: Id,
    /// When it was (or will be) held.
    pub held_on: Date,
    /// Organizations present (sectors present follow from them).
    #[serde(default)]
    pub attendee_ids: Vec<Id>,
    /// The agenda.
    #[serde(default)]
    pub agenda: String,
    /// Decisions taken.
    #[serde(default)]
    pub decisions: String,
}

impl Validate for MeetingInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.optional_text("agenda", Some(&self.agenda), MAX_TEXT);
        p.optional_text("decisions", Some(&self.decisions), MAX_TEXT);
        p
    }
}

crate::vocab::vocabulary! {
    /// An action item's state.
    ActionStatus, "action item status" {
        /// Not yet done.
        Open => "open", "Open",
        /// Done.
        Done => "done", "Done",
        /// Dropped by the team.
        Dropped => "dropped", "Dropped",
    }
}

/// A task a meeting gave to a partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionItemInput {
    /// The meeting that assigned it.
    pub meeting_id: Id,
    /// What is to be done.
    pub description: String,
    /// The organization that owns it.
    pub owner_id: Id,
    /// When it is due.
    pub due_on: Date,
    /// Its state.
    #[serde(default = "open")]
    pub status: ActionStatus,
}

fn open() -> ActionStatus {
    ActionStatus::Open
}

impl Validate for ActionItemInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("description", &self.description, MAX_NAME * 2);
        p
    }
}

/// When the team last met on or before `today`, and whether the next meeting
/// is overdue: `Some(days since the last meeting)` when it is, or
/// `Some(i64::MAX)` when the team has never met.
pub fn meeting_overdue(held: &[Date], cadence: Cadence, today: Date) -> Option<i64> {
    let last = held.iter().copied().filter(|d| *d <= today).max();
    match last {
        None => Some(i64::MAX),
        Some(d) => {
            let since = d.days_until(today);
            (since > cadence.overdue_after_days()).then_some(since)
        }
    }
}

/// True when an action item is still open after its due date.
pub fn action_overdue(item: &ActionItemInput, today: Date) -> bool {
    item.status == ActionStatus::Open && item.due_on < today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn cadence_decides_when_a_meeting_is_overdue() {
        let today = d("2026-12-01");
        let held = [d("2026-09-15"), d("2026-10-20")];
        assert_eq!(meeting_overdue(&held, Cadence::Monthly, today), Some(42));
        assert_eq!(meeting_overdue(&held, Cadence::Quarterly, today), None);
        assert_eq!(
            meeting_overdue(&[], Cadence::Quarterly, today),
            Some(i64::MAX)
        );
        // A meeting scheduled in the future does not count as held.
        let future = [d("2026-10-20"), d("2026-12-15")];
        assert_eq!(meeting_overdue(&future, Cadence::Monthly, today), Some(42));
    }
}
