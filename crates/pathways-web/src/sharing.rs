//! Whose student records a principal may read, decided by data-sharing
//! agreements — the one function every student-level endpoint asks.
//!
//! Student-level data belongs to the organization that supplied it: a
//! student's school, or the district the school belongs to. That
//! organization's staff see it. Any other organization sees it only under a
//! data-sharing agreement that is in force today, that it is party to, and
//! that covers the data element and the purpose of the read
//! ([`pathways_domain::partnership::AgreementInput::permits`]). Every read is
//! audited with the agreement it happened under.
//!
//! Two roles sit outside the organization rule: the convener administrator
//! operates the system for the region (reads are audited, without an
//! agreement), and a student or family member sees only that one student.

use std::collections::{BTreeMap, HashSet};

use pathways_domain::access::{Principal, Role};
use pathways_domain::catalog::Id;
use pathways_domain::partnership::{DataElement, Date, Purpose};
use pathways_store::audit::AuditEntry;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// One organization's students, and the agreement (if any) that opens them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The supplying organization (a school or district).
    pub supplier_id: Id,
    /// The data-sharing agreement; None when the viewer supplied the data.
    pub agreement_id: Option<Id>,
}

/// Which student records a principal may read for one element and purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StudentScope {
    /// Every student (the convener administrator).
    All,
    /// The students supplied by these organizations.
    Suppliers(Vec<Source>),
    /// One student (the student or their family).
    Student(String),
    /// None.
    Nothing,
}

/// Today's date, as the agreements' terms are judged.
pub fn today() -> Date {
    Date::parse(&pathways_store::sql::now()).unwrap_or(Date::from_day_number(0))
}

/// The records of `element` that `p` may read for `purpose`: their own
/// organization's, plus those of each supplier that shares with them under
/// an agreement in force today.
pub async fn student_scope(
    state: &AppState,
    p: &Principal,
    element: DataElement,
    purpose: Purpose,
) -> ApiResult<StudentScope> {
    match p.role {
        Role::ConvenerAdmin => Ok(StudentScope::All),
        Role::Student | Role::Family => Ok(p
            .student_ref
            .clone()
            .map_or(StudentScope::Nothing, StudentScope::Student)),
        Role::PartnerStaff | Role::Counselor | Role::Employer => {
            let Some(org) = p.organization_id else {
                return Ok(StudentScope::Nothing);
            };
            let mut sources = Vec::new();
            if p.role != Role::Employer {
                sources.push(Source {
                    supplier_id: org,
                    agreement_id: None,
                });
            }
            for g in state
                .store()
                .sharing_grants(org, element, purpose, today())
                .await?
            {
                if !sources.iter().any(|s| s.supplier_id == g.supplier_id) {
                    sources.push(Source {
                        supplier_id: g.supplier_id,
                        agreement_id: Some(g.agreement_id),
                    });
                }
            }
            Ok(StudentScope::Suppliers(sources))
        }
    }
}

/// Writes the audit log for a read: one entry per agreement the records
/// were read under (`refs` pairs each record key with its agreement).
pub async fn audit_reads(
    state: &AppState,
    p: &Principal,
    entity: &str,
    purpose: Purpose,
    refs: &[(String, Option<Id>)],
) -> ApiResult<()> {
    // A set per agreement: a school's staff page reads thousands of records.
    let mut by_agreement: BTreeMap<Option<Id>, (Vec<&str>, HashSet<&str>)> = BTreeMap::new();
    for (r, a) in refs {
        let (list, seen) = by_agreement.entry(*a).or_default();
        if seen.insert(r.as_str()) {
            list.push(r);
        }
    }
    for (agreement_id, (keys, _)) in by_agreement {
        state
            .store()
            .audit(&AuditEntry {
                id: None,
                at: String::new(),
                actor_user_id: Some(p.user_id),
                actor_role: p.role.as_str().to_owned(),
                action: "read".into(),
                entity: entity.to_owned(),
                record_ids: keys.join(","),
                agreement_id,
                purpose: Some(purpose.as_str().to_owned()),
                request_id: None,
            })
            .await?;
    }
    Ok(())
}

/// How a principal reaches one student's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The convener, the student or family, or the supplying organization.
    Direct,
    /// Another organization, under this data-sharing agreement.
    Agreement(Id),
}

impl Reach {
    /// The agreement the read happens under, for the audit log.
    pub fn agreement_id(self) -> Option<Id> {
        match self {
            Reach::Direct => None,
            Reach::Agreement(id) => Some(id),
        }
    }
}

/// True when organization `org` supplies the records of students at
/// `school`: it is the school, or the district the school belongs to.
pub async fn supplies(state: &AppState, org: Id, school: Id) -> ApiResult<bool> {
    if org == school {
        return Ok(true);
    }
    let s = state
        .store()
        .get::<pathways_domain::catalog::OrganizationInput>(school)
        .await?;
    Ok(s.fields.parent_id == Some(org))
}

/// True when `p` may add to or change the records of a student at `school`:
/// the convener, or staff of the supplying organization. An agreement opens
/// records for reading only: under FERPA (34 CFR 99.31, 99.35) a disclosure
/// lets the recipient use the records for the agreed purpose, not amend the
/// supplier's education records.
pub async fn may_write(state: &AppState, p: &Principal, school: Id) -> ApiResult<bool> {
    match p.role {
        Role::ConvenerAdmin => Ok(true),
        Role::PartnerStaff | Role::Counselor => match p.organization_id {
            Some(org) => supplies(state, org, school).await,
            None => Ok(false),
        },
        Role::Employer | Role::Student | Role::Family => Ok(false),
    }
}

impl StudentScope {
    /// How this scope reaches student `student_ref` of school `school`, if
    /// at all: directly (own organization, own student, the convener) or
    /// under the first agreement that covers the school's supplier.
    pub async fn reach(
        &self,
        state: &AppState,
        student_ref: &str,
        school: Id,
    ) -> ApiResult<Option<Reach>> {
        match self {
            StudentScope::All => Ok(Some(Reach::Direct)),
            StudentScope::Student(r) => Ok((r == student_ref).then_some(Reach::Direct)),
            StudentScope::Nothing => Ok(None),
            StudentScope::Suppliers(list) => {
                // Own organization first: `student_scope` lists it first.
                for s in list {
                    if supplies(state, s.supplier_id, school).await? {
                        return Ok(Some(s.agreement_id.map_or(Reach::Direct, Reach::Agreement)));
                    }
                }
                Ok(None)
            }
        }
    }

    /// How this scope reaches the records `supplier` itself supplied (data
    /// kept by organization rather than by school, such as the participant
    /// files' district): directly when it is the viewer's own organization,
    /// else under the agreement that names it as supplier.
    pub fn reach_supplier(&self, supplier: Id) -> Option<Reach> {
        match self {
            StudentScope::All => Some(Reach::Direct),
            StudentScope::Student(_) | StudentScope::Nothing => None,
            StudentScope::Suppliers(list) => list
                .iter()
                .find(|s| s.supplier_id == supplier)
                .map(|s| s.agreement_id.map_or(Reach::Direct, Reach::Agreement)),
        }
    }

    /// Every student this scope reaches by supplier, with the agreement
    /// each is reached under (None when the scope is `All`, which needs no
    /// list, or reaches one student only).
    pub async fn supplied_refs(
        &self,
        state: &AppState,
    ) -> ApiResult<Option<BTreeMap<String, Option<Id>>>> {
        let StudentScope::Suppliers(list) = self else {
            return Ok(None);
        };
        let mut out = BTreeMap::new();
        for s in list {
            for r in state.store().student_refs(s.supplier_id).await? {
                out.entry(r).or_insert(s.agreement_id);
            }
        }
        Ok(Some(out))
    }
}

/// Refuses a principal whose scope is empty with a clear reason.
pub fn require_some(scope: &StudentScope) -> ApiResult<()> {
    match scope {
        StudentScope::Nothing => Err(ApiError::OutOfScope(
            "your account is not tied to an organization or a student".into(),
        )),
        _ => Ok(()),
    }
}
