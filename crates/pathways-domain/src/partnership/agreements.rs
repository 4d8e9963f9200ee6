//! Agreements between partners, and the rule that data-sharing agreements
//! decide who may see whose student records.
//!
//! FERPA lets a school disclose education records without consent only under
//! named exceptions, such as studies for an educational agency (34 CFR
//! 99.31(a)(6)) or audits and evaluations (99.31(a)(3), 99.35), each under a
//! written agreement that names the purpose and the data (99.31(a)(6)(iii)(C)).
//! The product therefore treats an active data-sharing agreement as the only
//! way one organization sees another's students: for the elements and purposes
//! it lists, between its effective and expiry dates.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Date;
use crate::catalog::{Id, MAX_NAME, MAX_TEXT};
use crate::{Problems, Validate};

crate::vocab::vocabulary! {
    /// What kind of agreement.
    AgreementKind, "agreement kind" {
        /// A memorandum of understanding among partners.
        Mou => "mou", "Memorandum of understanding",
        /// A data-sharing agreement (FERPA written agreement).
        DataSharing => "data_sharing", "Data-sharing agreement",
        /// Course-to-credit articulation between a school and a college.
        Articulation => "articulation", "Articulation agreement",
        /// Dual-credit (dual-enrollment) agreement.
        DualCredit => "dual_credit", "Dual-credit agreement",
        /// Work-based learning training agreement with an employer.
        WblTraining => "wbl_training", "WBL training agreement",
    }
}

crate::vocab::vocabulary! {
    /// The recorded state of an agreement (dates decide the rest of its lifecycle).
    AgreementStatus, "agreement status" {
        /// Being drafted.
        Draft => "draft", "Draft",
        /// Signed by every party.
        Signed => "signed", "Signed",
        /// In force.
        Active => "active", "Active",
        /// Ended early by the parties.
        Terminated => "terminated", "Terminated",
    }
}

crate::vocab::vocabulary! {
    /// Where an agreement is in its life, as of a day.
    Lifecycle, "agreement lifecycle" {
        /// Not signed yet.
        Draft => "draft", "Draft",
        /// Signed, not yet in effect.
        Signed => "signed", "Signed",
        /// In effect.
        Active => "active", "Active",
        /// In effect, and expiring within the warning window.
        Expiring => "expiring", "Expiring",
        /// Past its expiry date, or terminated.
        Expired => "expired", "Expired",
    }
}

crate::vocab::vocabulary! {
    /// Student-level data a data-sharing agreement may cover.
    DataElement, "data element" {
        /// Roster: identity, school, grade, pathway and concentrator status.
        StudentRoster => "student_roster", "Student roster",
        /// Work-based learning applications and placements.
        WblApplications => "wbl_applications", "WBL applications and placements",
        /// Courses taken and completed, with grades.
        CourseRecords => "course_records", "Course records",
        /// Credentials earned.
        Credentials => "credentials", "Credentials earned",
        /// Employment and earnings after exit.
        Outcomes => "outcomes", "Employment outcomes",
        /// Advising records: individual plans, milestones and interest inventories.
        AdvisingRecords => "advising_records", "Advising plans, milestones and inventories",
    }
}

crate::vocab::vocabulary! {
    /// Why the data is shared.
    Purpose, "data-sharing purpose" {
        /// Placing students in work-based learning.
        WorkBasedLearning => "work_based_learning", "Work-based learning",
        /// Advising students on their plans.
        Advising => "advising", "Advising",
        /// Dual-credit enrollment and transcripts.
        DualCredit => "dual_credit", "Dual credit",
        /// Evaluating programs and reporting outcomes.
        ProgramEvaluation => "program_evaluation", "Program evaluation",
    }
}

/// An agreement among partners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    /// Region.
    pub region_id: Id,
    /// Kind.
    pub kind: AgreementKind,
    /// Title ("Austin ISD – ACC dual credit 2026-27").
    pub title: String,
    /// Recorded state.
    pub status: AgreementStatus,
    /// The organizations that are party to it.
    #[serde(default)]
    pub party_ids: Vec<Id>,
    /// For a data-sharing agreement: the organization whose students' data is shared.
    #[serde(default)]
    pub supplier_id: Option<Id>,
    /// For a data-sharing agreement: which data.
    #[serde(default)]
    pub data_elements: Vec<DataElement>,
    /// For a data-sharing agreement: for which purposes.
    #[serde(default)]
    pub purposes: Vec<Purpose>,
    /// First day in effect.
    #[serde(default)]
    pub effective_on: Option<Date>,
    /// Last day in effect.
    #[serde(default)]
    pub expires_on: Option<Date>,
    /// Notes or where the signed copy is kept.
    #[serde(default)]
    pub notes: String,
}

impl Validate for AgreementInput {
    fn problems(&self) -> Problems {
        let mut p = Problems::new();
        p.text("title", &self.title, MAX_NAME);
        p.optional_text("notes", Some(&self.notes), MAX_TEXT);
        if let (Some(e), Some(x)) = (self.effective_on, self.expires_on)
            && x < e
        {
            p.push("expires_on", "must not be before effective_on");
        }
        if self.status != AgreementStatus::Draft && self.party_ids.len() < 2 {
            p.push("party_ids", "a signed agreement needs at least two parties");
        }
        if self.kind == AgreementKind::DataSharing {
            match self.supplier_id {
                None => p.push(
                    "supplier_id",
                    "a data-sharing agreement names whose data it shares",
                ),
                Some(s) if !self.party_ids.contains(&s) => {
                    p.push("supplier_id", "must be one of the parties");
                }
                Some(_) => {}
            }
            if self.data_elements.is_empty() {
                p.push("data_elements", "list the data elements shared");
            }
            if self.purposes.is_empty() {
                p.push("purposes", "state the purpose of the sharing");
            }
            if self.status != AgreementStatus::Draft && self.expires_on.is_none() {
                p.push("expires_on", "a data-sharing agreement must end on a date");
            }
        } else if self.supplier_id.is_some() || !self.data_elements.is_empty() {
            p.push(
                "kind",
                "only a data-sharing agreement lists a supplier and data elements",
            );
        }
        p
    }
}

impl AgreementInput {
    /// True while the agreement is in force on `today`: signed or active,
    /// and effective ≤ today ≤ expiry.
    pub fn in_force(&self, today: Date) -> bool {
        matches!(
            self.status,
            AgreementStatus::Signed | AgreementStatus::Active
        ) && self.effective_on.is_some_and(|e| e <= today)
            && self.expires_on.is_none_or(|x| today <= x)
    }

    /// Where the agreement is in its life on `today`.
    pub fn lifecycle(&self, today: Date, warning_days: i64) -> Lifecycle {
        match self.status {
            AgreementStatus::Draft => Lifecycle::Draft,
            AgreementStatus::Terminated => Lifecycle::Expired,
            AgreementStatus::Signed | AgreementStatus::Active => {
                if self.expires_on.is_some_and(|x| x < today) {
                    Lifecycle::Expired
                } else if !self.in_force(today) {
                    Lifecycle::Signed
                } else if self
                    .expires_on
                    .is_some_and(|x| today.days_until(x) <= warning_days)
                {
                    Lifecycle::Expiring
                } else {
                    Lifecycle::Active
                }
            }
        }
    }

    /// True when this agreement lets `viewer` see records of `supplier`'s
    /// students for `element` and `purpose` on `today`.
    pub fn permits(
        &self,
        viewer: Id,
        supplier: Id,
        element: DataElement,
        purpose: Purpose,
        today: Date,
    ) -> bool {
        self.kind == AgreementKind::DataSharing
            && self.in_force(today)
            && self.supplier_id == Some(supplier)
            && viewer != supplier
            && self.party_ids.contains(&viewer)
            && self.data_elements.contains(&element)
            && self.purposes.contains(&purpose)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn dsa() -> AgreementInput {
        AgreementInput {
            region_id: 1,
            kind: AgreementKind::DataSharing,
            title: "District–college DSA".into(),
            status: AgreementStatus::Active,
            party_ids: vec![10, 20],
            supplier_id: Some(10),
            data_elements: vec![DataElement::StudentRoster],
            purposes: vec![Purpose::WorkBasedLearning],
            effective_on: Some(d("2026-07-01")),
            expires_on: Some(d("2027-06-30")),
            notes: String::new(),
        }
    }

    #[test]
    fn lifecycle_follows_status_and_dates() {
        let a = dsa();
        assert_eq!(a.lifecycle(d("2026-06-01"), 60), Lifecycle::Signed);
        assert_eq!(a.lifecycle(d("2026-12-01"), 60), Lifecycle::Active);
        assert_eq!(a.lifecycle(d("2027-05-01"), 60), Lifecycle::Expiring);
        assert_eq!(a.lifecycle(d("2027-07-01"), 60), Lifecycle::Expired);
        let draft = AgreementInput {
            status: AgreementStatus::Draft,
            ..dsa()
        };
        assert_eq!(draft.lifecycle(d("2026-12-01"), 60), Lifecycle::Draft);
    }

    #[test]
    fn sharing_needs_party_element_purpose_and_dates() {
        let a = dsa();
        let today = d("2026-12-01");
        let (el, pu) = (DataElement::StudentRoster, Purpose::WorkBasedLearning);
        assert!(a.permits(20, 10, el, pu, today));
        assert!(!a.permits(30, 10, el, pu, today), "not a party");
        assert!(!a.permits(10, 20, el, pu, today), "the other way round");
        assert!(!a.permits(20, 10, DataElement::CourseRecords, pu, today));
        assert!(!a.permits(20, 10, el, Purpose::Advising, today));
        assert!(!a.permits(20, 10, el, pu, d("2027-07-01")), "expired");
        let draft = AgreementInput {
            status: AgreementStatus::Draft,
            ..dsa()
        };
        assert!(!draft.permits(20, 10, el, pu, today));
    }

    #[test]
    fn a_data_sharing_agreement_must_say_what_and_why() {
        let bad = AgreementInput {
            supplier_id: Some(99),
            data_elements: vec![],
            purposes: vec![],
            ..dsa()
        };
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["supplier_id", "data_elements", "purposes"]);
        assert!(dsa().validate().is_ok());
    }
}
