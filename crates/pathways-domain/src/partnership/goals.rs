//! The strategic plan: regional goals with a metric, baseline, target and
//! progress; and the asset map's hand-entered initiatives.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::{Id, MAX_NAME, MAX_TEXT};
use crate::{Problems, Validate};

/// A regional goal ("raise the share of graduates with a credential of value").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalInput {
    /// Region.
    pub region_id: Id,
    /// The goal in words.
    pub title: String,
    /// The metric that measures it (an id of the metrics engine, or free text).
    pub metric_id: String,
    /// Value in the baseline year.
    pub baseline: f64,
    /// Baseline year.
    pub baseline_year: i32,
    /// Value aimed for.
    pub target: f64,
    /// Year by which the target should be met.
    pub target_year: i32,
    /// Latest measured value.
    #[serde(default)]
    pub current: Option<f64>,
    /// Year of the latest measurement.
    #[serde(default)]
    pub current_year: Option<i32>,
}

impl Validate for GoalInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("title", &self.title, MAX_NAME);
        p.text("metric_id", &self.metric_id, MAX_NAME);
        if self.target_year <= self.baseline_year {
            p.push("target_year", "must be after baseline_year");
        }
        if self.current.is_some() != self.current_year.is_some() {
            p.push("current_year", "give current and current_year together");
        }
        if let Some(y) = self.current_year
            && y < self.baseline_year
        {
            p.push("current_year", "must not be before baseline_year");
        }
        for (f, v) in [("baseline", self.baseline), ("target", self.target)] {
            if !v.is_finite() {
                p.push(f, "must be a number");
            }
        }
        p
    }
}

crate::vocab::vocabulary! {
    /// Whether a goal is on course.
    GoalTrack, "goal track" {
        /// The target is reached.
        Met => "met", "Met",
        /// Progress is at least 90% of what a straight line to the target expects by now.
        OnTrack => "on_track", "On track",
        /// Progress lags a straight line to the target.
        OffTrack => "off_track", "Off track",
        /// No measurement since the baseline.
        NoData => "no_data", "No data yet",
    }
}

/// Share of the expected progress that still counts as on track.
pub const ON_TRACK_SHARE: f64 = 0.9;

impl GoalInput {
    /// Progress from baseline toward target, 0.0–1.0+ (None without a measurement).
    pub fn progress(&self) -> Option<f64> {
        let span = self.target - self.baseline;
        let c = self.current?;
        if span == 0.0 {
            return Some(1.0);
        }
        Some((c - self.baseline) / span)
    }

    /// Met, on track or off track against a straight line from the baseline
    /// to the target (works for goals that go down, too).
    pub fn track(&self) -> GoalTrack {
        let (Some(progress), Some(year)) = (self.progress(), self.current_year) else {
            return GoalTrack::NoData;
        };
        if progress >= 1.0 {
            return GoalTrack::Met;
        }
        let elapsed = f64::from(year - self.baseline_year)
            / f64::from((self.target_year - self.baseline_year).max(1));
        if progress >= ON_TRACK_SHARE * elapsed.min(1.0) {
            GoalTrack::OnTrack
        } else {
            GoalTrack::OffTrack
        }
    }
}

/// An initiative in the region's asset map that is not a catalog program
/// (a summer bridge, a mentoring network, a sector partnership).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeInput {
    /// Region.
    pub region_id: Id,
    /// Name.
    pub name: String,
    /// What it does and for whom.
    #[serde(default)]
    pub description: String,
    /// The organization that leads it.
    #[serde(default)]
    pub lead_id: Option<Id>,
    /// The pathway it serves, if one.
    #[serde(default)]
    pub pathway_id: Option<Id>,
    /// Which component of the system it strengthens.
    pub component: super::Component,
}

impl Validate for InitiativeInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        p.optional_text("description", Some(&self.description), MAX_TEXT);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(current: Option<f64>, year: Option<i32>) -> GoalInput {
        GoalInput {
            region_id: 1,
            title: "Graduates with a credential of value".into(),
            metric_id: "credential_attainment".into(),
            baseline: 20.0,
            baseline_year: 2024,
            target: 40.0,
            target_year: 2028,
            current,
            current_year: year,
        }
    }

    #[test]
    fn goals_are_judged_against_a_straight_line() {
        assert_eq!(goal(None, None).track(), GoalTrack::NoData);
        assert_eq!(goal(Some(30.0), Some(2026)).track(), GoalTrack::OnTrack);
        assert_eq!(goal(Some(22.0), Some(2026)).track(), GoalTrack::OffTrack);
        assert_eq!(goal(Some(41.0), Some(2027)).track(), GoalTrack::Met);
        let down = GoalInput {
            baseline: 30.0,
            target: 10.0,
            ..goal(Some(28.0), Some(2027))
        };
        assert_eq!(down.track(), GoalTrack::OffTrack);
        assert!(goal(Some(1.0), None).validate().is_err());
    }
}
