//! Funding: streams, what each pays for by year, braided funding per pathway
//! and how sustainable the mix is.
//!
//! Pathways last when they rest on several recurring sources (Perkins V,
//! WIOA, state formula funds, employer contributions) rather than on one
//! time-limited grant; the sustainability view shows that share.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::{Id, MAX_NAME};
use crate::{Problems, Validate};

crate::vocab::vocabulary! {
    /// Where money comes from.
    FundingSource, "funding source" {
        /// Carl D. Perkins Career and Technical Education Act (Perkins V).
        Perkins => "perkins", "Perkins V",
        /// Workforce Innovation and Opportunity Act.
        Wioa => "wioa", "WIOA",
        /// State appropriations.
        State => "state", "State",
        /// A time-limited grant.
        Grant => "grant", "Grant",
        /// Employer contributions.
        Employer => "employer", "Employer",
        /// Foundations.
        Philanthropy => "philanthropy", "Philanthropy",
    }
}

crate::vocab::vocabulary! {
    /// What money pays for.
    FundingUse, "funding use" {
        /// Pathway programs (equipment, courses, faculty).
        Pathway => "pathway", "Pathway programs",
        /// Work-based learning.
        Wbl => "wbl", "Work-based learning",
        /// Advising.
        Advising => "advising", "Advising",
        /// Partnership staff.
        Staff => "staff", "Staff",
    }
}

/// A funding stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingStreamInput {
    /// Region.
    pub region_id: Id,
    /// Name ("Perkins V local allocation").
    pub name: String,
    /// Source.
    pub source: FundingSource,
    /// The organization that receives or gives it.
    #[serde(default)]
    pub organization_id: Option<Id>,
    /// True for a source expected every year; false for a one-time award.
    #[serde(default)]
    pub recurring: bool,
    /// Last year of funding, for time-limited awards.
    #[serde(default)]
    pub ends_year: Option<i32>,
}

impl Validate for FundingStreamInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("name", &self.name, MAX_NAME);
        p
    }
}

/// An amount of a stream in a year for one use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingAllocationInput {
    /// The stream.
    pub stream_id: Id,
    /// Fiscal year.
    pub year: i32,
    /// Amount in dollars.
    pub amount: f64,
    /// What it pays for.
    pub funds: FundingUse,
    /// The pathway it pays for, if one.
    #[serde(default)]
    pub pathway_id: Option<Id>,
}

impl Validate for FundingAllocationInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        if !self.amount.is_finite() || self.amount < 0.0 {
            p.push("amount", "must be a non-negative number");
        }
        if !(1990..=2100).contains(&self.year) {
            p.push("year", "must be a year from 1990 to 2100");
        }
        p
    }
}

/// Braided funding of one pathway in one year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BraidedFunding {
    /// Pathway (None: region-wide allocations).
    pub pathway_id: Option<Id>,
    /// Year.
    pub year: i32,
    /// Total.
    pub total: f64,
    /// Amount by source.
    pub by_source: BTreeMap<String, f64>,
    /// Share from recurring sources, 0–1.
    pub recurring_share: f64,
    /// Share of the largest single stream, 0–1 (high: fragile).
    pub largest_stream_share: f64,
}

/// Groups allocations per pathway and year, with sustainability figures.
pub fn braided(
    streams: &[(Id, FundingStreamInput)],
    allocations: &[FundingAllocationInput],
) -> Vec<BraidedFunding> {
    let by_id: BTreeMap<Id, &FundingStreamInput> = streams.iter().map(|(i, s)| (*i, s)).collect();
    let mut groups: BTreeMap<(Option<Id>, i32), Vec<&FundingAllocationInput>> = BTreeMap::new();
    for a in allocations {
        groups.entry((a.pathway_id, a.year)).or_default().push(a);
    }
    groups
        .into_iter()
        .map(|((pathway_id, year), list)| {
            let total: f64 = list.iter().map(|a| a.amount).sum();
            let mut by_source = BTreeMap::new();
            let mut by_stream: BTreeMap<Id, f64> = BTreeMap::new();
            let mut recurring = 0.0;
            for a in &list {
                if let Some(s) = by_id.get(&a.stream_id) {
                    *by_source.entry(s.source.as_str().to_owned()).or_insert(0.0) += a.amount;
                    if s.recurring {
                        recurring += a.amount;
                    }
                }
                *by_stream.entry(a.stream_id).or_insert(0.0) += a.amount;
            }
            let largest = by_stream.values().copied().fold(0.0, f64::max);
            let share = |x: f64| if total > 0.0 { x / total } else { 0.0 };
            BraidedFunding {
                pathway_id,
                year,
                total,
                by_source,
                recurring_share: share(recurring),
                largest_stream_share: share(largest),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braids_sources_and_measures_dependence() {
        let stream = |source, recurring| FundingStreamInput {
            region_id: 1,
            name: "s".into(),
            source,
            organization_id: None,
            recurring,
            ends_year: None,
        };
        let streams = vec![
            (1, stream(FundingSource::Perkins, true)),
            (2, stream(FundingSource::Grant, false)),
        ];
        let alloc = |stream_id, amount| FundingAllocationInput {
            stream_id,
            year: 2026,
            amount,
            funds: FundingUse::Pathway,
            pathway_id: Some(9),
        };
        let b = braided(&streams, &[alloc(1, 25_000.0), alloc(2, 75_000.0)]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].total, 100_000.0);
        assert_eq!(b[0].by_source["grant"], 75_000.0);
        assert!((b[0].recurring_share - 0.25).abs() < 1e-9);
        assert!((b[0].largest_stream_share - 0.75).abs() < 1e-9);
    }
}
