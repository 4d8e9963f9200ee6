//! Who is asking: roles and the principal a request acts as.
//!
//! Roles follow the people who use a regional pathways system. Scope comes
//! with the role: partner staff, counselors and employers act for one
//! organization; students and families for one student. Anonymous visitors are
//! the public and see only the catalog, maps and suppressed aggregates.

use serde::{Deserialize, Serialize};

use crate::catalog::Id;

crate::vocab::vocabulary! {
    /// A signed-in user's role.
    Role, "role" {
        /// Staff of the regional convener who administer the system.
        ConvenerAdmin => "convener_admin", "Convener admin",
        /// Staff of a partner organization (scoped to it).
        PartnerStaff => "partner_staff", "Partner staff",
        /// A school counselor (their school's caseload).
        Counselor => "counselor", "Counselor",
        /// An employer (their opportunities and applicants).
        Employer => "employer", "Employer",
        /// A student (their own plan and applications).
        Student => "student", "Student",
        /// A parent or guardian (their student's plan, read-only).
        Family => "family", "Family member",
    }
}

/// The identity a request acts as, after authentication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Principal {
    /// The user.
    pub user_id: Id,
    /// Display name for pages.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Organization the user acts for (partner staff, counselor, employer).
    pub organization_id: Option<Id>,
    /// The student the user is, or is family of.
    pub student_ref: Option<String>,
    /// False for read-only API tokens.
    pub can_write: bool,
}

impl Principal {
    /// True for convener administrators.
    pub fn is_admin(&self) -> bool {
        self.role == Role::ConvenerAdmin
    }
}
