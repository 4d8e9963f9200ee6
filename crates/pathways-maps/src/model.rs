//! The pathway graph: stages, components, edges, conditions and articulation.
//!
//! The model follows CTDL's pathway vocabulary (credreg.net/ctdl/terms:
//! `ceterms:Pathway`, `ceterms:PathwayComponent`, `ceterms:ComponentCondition`)
//! closely enough that export and import are lossless, but speaks the
//! region's words for component kinds (Level 1 certificate, dual credit,
//! work-based learning), because those are what counselors and partners
//! choose between. Collections of edges and articulations are ordered sets,
//! so two equal maps compare equal however they were assembled.

use std::collections::BTreeSet;
use std::fmt;

use pathways_domain::{CipCode, SocCode};
use serde_json::{Map, Value};

use crate::MapError;

/// A career pathway map: a directed acyclic graph of components laid over an
/// ordered list of stages, from grade 9 to a job.
#[derive(Debug, Clone, PartialEq)]
pub struct Pathway {
    /// The caller's stable id (exported as a `ceterms:identifier`).
    pub id: String,
    /// A registry CTID given on import; `None` means "derive it from `id`".
    pub ctid: Option<Ctid>,
    /// `ceterms:name`.
    pub name: String,
    /// `ceterms:description`.
    pub description: String,
    /// `ceterms:ownedBy`: URIs of the owning organizations.
    pub owned_by: Vec<String>,
    /// The stages, earliest first; exported as an `asn:ProgressionModel`.
    pub stages: Vec<Stage>,
    /// The components, in the caller's order.
    pub components: Vec<Component>,
    /// Precedes, prerequisite-of and stacks-into links.
    pub edges: BTreeSet<Edge>,
    /// Dual credit, articulated credit and transfer agreements.
    pub articulations: BTreeSet<Articulation>,
    /// Properties of the `ceterms:Pathway` node this crate does not model,
    /// kept from import and re-emitted on export.
    pub extra: Map<String, Value>,
    /// Whole `@graph` nodes of types this crate does not model, kept and re-emitted.
    pub extra_nodes: Vec<Value>,
}

/// One step of the map's timeline (grades 9–10, first postsecondary year, …).
///
/// Stages become the concepts of an `asn:ProgressionModel`, and a component's
/// stage its `asn:hasProgressionLevel`, which is how CTDL places components
/// in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// Stable id, unique within the pathway.
    pub id: String,
    /// The label shown as a column heading.
    pub label: String,
    /// True for high-school stages: the articulation check looks for credit
    /// that crosses from a secondary stage to a postsecondary one.
    pub secondary: bool,
}

/// One box on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// The caller's stable id, unique within the pathway.
    pub id: String,
    /// A registry CTID given on import; `None` means "derive it from the ids".
    pub ctid: Option<Ctid>,
    /// What kind of step this is.
    pub kind: ComponentKind,
    /// `ceterms:name`.
    pub title: String,
    /// `ceterms:description`.
    pub description: Option<String>,
    /// The id of the [`Stage`] the component sits in.
    pub stage: String,
    /// A course number (TEA PEIMS code, college course number).
    pub course_code: Option<String>,
    /// The instructional program (`ceterms:instructionalProgramType`).
    pub cip: Option<CipCode>,
    /// Semester credit hours (`ceterms:creditValue`).
    pub credit_hours: Option<CreditHours>,
    /// Who offers it (a school district, college, employer).
    pub provider: Option<String>,
    /// Occupations this component qualifies for (`ceterms:occupationType`).
    pub occupations: Vec<Occupation>,
    /// An on-ramp: people may start here (e.g. adults entering at a certificate).
    pub on_ramp: bool,
    /// An off-ramp: people may leave here for work; it must name occupations.
    pub off_ramp: bool,
    /// "2 of these 4 courses" (`ceterms:hasCondition`).
    pub conditions: Vec<Condition>,
    /// Properties this crate does not model, kept from import and re-emitted.
    pub extra: Map<String, Value>,
}

impl Component {
    /// A component with the required fields; the rest start empty.
    pub fn new(
        id: impl Into<String>,
        kind: ComponentKind,
        title: impl Into<String>,
        stage: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            ctid: None,
            kind,
            title: title.into(),
            description: None,
            stage: stage.into(),
            course_code: None,
            cip: None,
            credit_hours: None,
            provider: None,
            occupations: Vec::new(),
            on_ramp: false,
            off_ramp: false,
            conditions: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }
    /// Sets the course code.
    pub fn course_code(mut self, code: impl Into<String>) -> Self {
        self.course_code = Some(code.into());
        self
    }
    /// Sets the CIP code.
    pub fn cip(mut self, cip: CipCode) -> Self {
        self.cip = Some(cip);
        self
    }
    /// Sets the semester credit hours.
    pub fn credit_hours(mut self, hours: CreditHours) -> Self {
        self.credit_hours = Some(hours);
        self
    }
    /// Sets the provider's name.
    pub fn provider(mut self, name: impl Into<String>) -> Self {
        self.provider = Some(name.into());
        self
    }
    /// Marks the component as an on-ramp.
    pub fn on_ramp(mut self) -> Self {
        self.on_ramp = true;
        self
    }
    /// Marks the component as an off-ramp leading to `occupations`.
    pub fn off_ramp(mut self, occupations: impl IntoIterator<Item = Occupation>) -> Self {
        self.off_ramp = true;
        self.occupations.extend(occupations);
        self
    }
    /// Adds a condition.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }
}

/// What a component is. The CTDL class each maps to is given by
/// [`ComponentKind::ctdl_type`]; the finer distinction (Level 1 vs Level 2,
/// high-school vs college course) travels as `pathways:componentKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ComponentKind {
    /// A high-school course (CTE or academic).
    HighSchoolCourse,
    /// A high-school course that earns more: AP, IB or dual credit.
    AdvancedCourse(AdvancedProgram),
    /// A college course.
    CollegeCourse,
    /// An industry-based certification (`ceterms:Certification`).
    IndustryCertification,
    /// A THECB Level 1 certificate, 15–42 SCH (`ceterms:Certificate`).
    Level1Certificate,
    /// A THECB Level 2 certificate, 30–51 SCH (`ceterms:Certificate`).
    Level2Certificate,
    /// An associate degree (`ceterms:AssociateDegree`).
    Associate,
    /// A bachelor's degree (`ceterms:BachelorDegree`).
    Bachelor,
    /// An occupational license, e.g. the RN license (`ceterms:License`).
    License,
    /// A registered apprenticeship (`ceterms:ApprenticeshipCertificate`).
    Apprenticeship,
    /// A work-based learning experience (`ceterms:WorkExperienceComponent`).
    WorkBasedLearning,
    /// A milestone such as choosing a program of study (`ceterms:BasicComponent`).
    Milestone,
    /// A job at the end of a route (`ceterms:JobComponent`).
    Occupation,
}

/// The program that makes a high-school course "advanced".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AdvancedProgram {
    /// College Board Advanced Placement.
    AdvancedPlacement,
    /// International Baccalaureate.
    InternationalBaccalaureate,
    /// Dual credit: high-school and college credit for the same course.
    DualCredit,
}

impl ComponentKind {
    /// Every kind, in legend order.
    pub const ALL: [ComponentKind; 15] = [
        Self::HighSchoolCourse,
        Self::AdvancedCourse(AdvancedProgram::AdvancedPlacement),
        Self::AdvancedCourse(AdvancedProgram::InternationalBaccalaureate),
        Self::AdvancedCourse(AdvancedProgram::DualCredit),
        Self::CollegeCourse,
        Self::IndustryCertification,
        Self::Level1Certificate,
        Self::Level2Certificate,
        Self::Associate,
        Self::Bachelor,
        Self::License,
        Self::Apprenticeship,
        Self::WorkBasedLearning,
        Self::Milestone,
        Self::Occupation,
    ];

    /// The stable token used in CTDL (`pathways:componentKind`) and CSS classes.
    pub fn token(self) -> &'static str {
        match self {
            Self::HighSchoolCourse => "highSchoolCourse",
            Self::AdvancedCourse(AdvancedProgram::AdvancedPlacement) => "apCourse",
            Self::AdvancedCourse(AdvancedProgram::InternationalBaccalaureate) => "ibCourse",
            Self::AdvancedCourse(AdvancedProgram::DualCredit) => "dualCreditCourse",
            Self::CollegeCourse => "collegeCourse",
            Self::IndustryCertification => "industryCertification",
            Self::Level1Certificate => "level1Certificate",
            Self::Level2Certificate => "level2Certificate",
            Self::Associate => "associateDegree",
            Self::Bachelor => "bachelorDegree",
            Self::License => "license",
            Self::Apprenticeship => "apprenticeship",
            Self::WorkBasedLearning => "workBasedLearning",
            Self::Milestone => "milestone",
            Self::Occupation => "occupation",
        }
    }

    /// Parses a [`token`](Self::token).
    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.token() == token)
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::HighSchoolCourse => "High-school course",
            Self::AdvancedCourse(AdvancedProgram::AdvancedPlacement) => "AP course",
            Self::AdvancedCourse(AdvancedProgram::InternationalBaccalaureate) => "IB course",
            Self::AdvancedCourse(AdvancedProgram::DualCredit) => "Dual-credit course",
            Self::CollegeCourse => "College course",
            Self::IndustryCertification => "Industry certification",
            Self::Level1Certificate => "Level 1 certificate",
            Self::Level2Certificate => "Level 2 certificate",
            Self::Associate => "Associate degree",
            Self::Bachelor => "Bachelor's degree",
            Self::License => "License",
            Self::Apprenticeship => "Apprenticeship",
            Self::WorkBasedLearning => "Work-based learning",
            Self::Milestone => "Milestone",
            Self::Occupation => "Occupation",
        }
    }

    /// The `ceterms:PathwayComponent` subclass this kind is exported as.
    pub fn ctdl_type(self) -> &'static str {
        match self {
            Self::HighSchoolCourse | Self::AdvancedCourse(_) | Self::CollegeCourse => {
                "ceterms:CourseComponent"
            }
            Self::WorkBasedLearning => "ceterms:WorkExperienceComponent",
            Self::Milestone => "ceterms:BasicComponent",
            Self::Occupation => "ceterms:JobComponent",
            _ => "ceterms:CredentialComponent",
        }
    }

    /// The `ceterms:Credential` subclass for `ceterms:credentialType`, if a credential.
    pub fn credential_type(self) -> Option<&'static str> {
        Some(match self {
            Self::IndustryCertification => "ceterms:Certification",
            Self::Level1Certificate | Self::Level2Certificate => "ceterms:Certificate",
            Self::Associate => "ceterms:AssociateDegree",
            Self::Bachelor => "ceterms:BachelorDegree",
            Self::License => "ceterms:License",
            Self::Apprenticeship => "ceterms:ApprenticeshipCertificate",
            _ => return None,
        })
    }

    /// True for credentials (anything exported as a `ceterms:CredentialComponent`).
    pub fn is_credential(self) -> bool {
        self.credential_type().is_some()
    }

    /// True for courses of any level.
    pub fn is_course(self) -> bool {
        matches!(
            self,
            Self::HighSchoolCourse | Self::AdvancedCourse(_) | Self::CollegeCourse
        )
    }

    /// True for Level 1 and Level 2 certificates, which are meant to stack.
    pub fn is_stackable_certificate(self) -> bool {
        matches!(self, Self::Level1Certificate | Self::Level2Certificate)
    }
}

impl fmt::Display for ComponentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An occupation named by its SOC code, with an optional title for display
/// (`ceterms:targetNodeName` on the alignment object).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occupation {
    /// SOC 2018 code.
    pub soc: SocCode,
    /// The occupation's title, e.g. "Registered Nurses".
    pub title: Option<String>,
}

impl Occupation {
    /// An occupation with a title.
    pub fn new(soc: SocCode, title: impl Into<String>) -> Self {
        Self {
            soc,
            title: Some(title.into()),
        }
    }
}

/// How two components relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A suggested order (`ceterms:precedes`).
    Precedes,
    /// A required order: `from` must be done before `to`. CTDL expresses
    /// this as `to` `ceasn:hasChild` `from` (the child is the prerequisite).
    PrerequisiteOf,
    /// A credential that counts toward a larger one (a certificate stacking
    /// into an associate). Also a `ceasn:hasChild` link, marked
    /// `pathways:stacksInto` so it survives the round trip.
    StacksInto,
}

impl EdgeKind {
    /// A label for people ("leads to").
    pub fn label(self) -> &'static str {
        match self {
            Self::Precedes => "leads to",
            Self::PrerequisiteOf => "required for",
            Self::StacksInto => "stacks into",
        }
    }
}

/// A directed link between two components, by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edge {
    /// The earlier component.
    pub from: String,
    /// The later component.
    pub to: String,
    /// How they relate.
    pub kind: EdgeKind,
}

/// "Complete `required_number` of `targets`" (`ceterms:ComponentCondition`).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// `ceterms:description`, e.g. "Complete 2 of these 4 courses".
    pub description: String,
    /// `ceterms:requiredNumber`.
    pub required_number: u32,
    /// `ceterms:targetComponent`: component ids.
    pub targets: Vec<String>,
    /// Condition properties this crate does not model, kept and re-emitted.
    pub extra: Map<String, Value>,
}

impl Condition {
    /// "Complete `required_number` of `targets`".
    pub fn new(
        description: impl Into<String>,
        required_number: u32,
        targets: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            description: description.into(),
            required_number,
            targets: targets.into_iter().map(Into::into).collect(),
            extra: Map::new(),
        }
    }
}

/// The kind of credit agreement behind an [`Articulation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArticulationKind {
    /// The same course earns high-school and college credit.
    DualCredit,
    /// A high-school course earns college credit later, under an agreement.
    Articulated,
    /// Credit transfers between two postsecondary institutions.
    Transfer,
}

impl ArticulationKind {
    /// The stable token used in CTDL export.
    pub fn token(self) -> &'static str {
        match self {
            Self::DualCredit => "dualCredit",
            Self::Articulated => "articulated",
            Self::Transfer => "transfer",
        }
    }
    /// Parses a [`token`](Self::token).
    pub fn from_token(token: &str) -> Option<Self> {
        [Self::DualCredit, Self::Articulated, Self::Transfer]
            .into_iter()
            .find(|k| k.token() == token)
    }
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::DualCredit => "dual credit",
            Self::Articulated => "articulated credit",
            Self::Transfer => "transfer credit",
        }
    }
}

/// Credit a student carries from one component to another: a high-school
/// course ↔ college course equivalence, or a transfer agreement between
/// institutions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Articulation {
    /// The component whose credit is carried (the high-school course, the sending course).
    pub from: String,
    /// The component it counts as (the college course, the receiving credential).
    pub to: String,
    /// Dual credit, articulated credit or transfer.
    pub kind: ArticulationKind,
    /// Credit hours carried over.
    pub credit_hours: Option<CreditHours>,
    /// The agreement's name ("ISD–College dual credit MOU 2025").
    pub agreement: Option<String>,
    /// The institution granting the credit carried (the school district).
    pub from_institution: Option<String>,
    /// The institution accepting it (the college).
    pub to_institution: Option<String>,
}

/// Semester credit hours, held in tenths so they compare and round-trip exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditHours(u32);

impl CreditHours {
    /// Whole hours.
    pub fn whole(hours: u32) -> Self {
        Self(hours.saturating_mul(10))
    }
    /// Tenths of an hour (`35` is 3.5 SCH).
    pub fn from_tenths(tenths: u32) -> Self {
        Self(tenths)
    }
    /// Parses a JSON number, rejecting negatives, non-finite values and
    /// anything finer than a tenth.
    pub fn from_f64(hours: f64) -> Option<Self> {
        let tenths = (hours * 10.0).round();
        let exact = ((hours * 10.0) - tenths).abs() < 1e-6;
        (hours.is_finite() && hours >= 0.0 && exact && tenths <= f64::from(u32::MAX))
            .then_some(Self(tenths as u32))
    }
    /// Tenths of an hour.
    pub fn tenths(self) -> u32 {
        self.0
    }
    /// As a JSON number: an integer when whole.
    pub fn to_json(self) -> Value {
        if self.0.is_multiple_of(10) {
            Value::from(self.0 / 10)
        } else {
            Value::from(f64::from(self.0) / 10.0)
        }
    }
}

impl fmt::Display for CreditHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(10) {
            write!(f, "{}", self.0 / 10)
        } else {
            write!(f, "{}.{}", self.0 / 10, self.0 % 10)
        }
    }
}

/// A Credential Engine CTID: `ce-` followed by a lowercase UUID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ctid(String);

impl Ctid {
    /// Parses `ce-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex, case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        let uuid = text.strip_prefix("ce-")?;
        let groups: Vec<&str> = uuid.split('-').collect();
        let lens = [8, 4, 4, 4, 12];
        let ok = groups.len() == 5
            && groups
                .iter()
                .zip(lens)
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
        ok.then(|| Self(text.to_ascii_lowercase()))
    }

    /// A deterministic CTID for `parts`: SHA-256 of the parts, formatted as a
    /// version-8 (custom) UUID (RFC 9562 §5.8), so export is reproducible.
    pub fn derive(parts: &[&str]) -> Self {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(b"pathways-maps/ctid/v1");
        for part in parts {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part.as_bytes());
        }
        let digest = hasher.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&digest[..16]);
        b[6] = (b[6] & 0x0f) | 0x80;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        Self(format!(
            "ce-{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        ))
    }

    /// The CTID text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ctid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Pathway {
    /// Starts a pathway with no stages or components.
    pub fn builder(id: impl Into<String>, name: impl Into<String>) -> PathwayBuilder {
        PathwayBuilder {
            pathway: Pathway {
                id: id.into(),
                ctid: None,
                name: name.into(),
                description: String::new(),
                owned_by: Vec::new(),
                stages: Vec::new(),
                components: Vec::new(),
                edges: BTreeSet::new(),
                articulations: BTreeSet::new(),
                extra: Map::new(),
                extra_nodes: Vec::new(),
            },
        }
    }

    /// The component with this id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// Removes a component and everything that names it: its edges, the
    /// credit equivalences it is part of, and its place in other
    /// components' conditions (a condition left with no targets goes).
    pub fn remove_component(&mut self, id: &str) -> Option<Component> {
        let at = self.components.iter().position(|c| c.id == id)?;
        let removed = self.components.remove(at);
        self.edges.retain(|e| e.from != id && e.to != id);
        self.articulations.retain(|a| a.from != id && a.to != id);
        for c in &mut self.components {
            for cond in &mut c.conditions {
                cond.targets.retain(|t| t != id);
                let n = u32::try_from(cond.targets.len()).unwrap_or(u32::MAX);
                cond.required_number = cond.required_number.min(n);
            }
            c.conditions.retain(|cond| !cond.targets.is_empty());
        }
        Some(removed)
    }

    /// The index of a stage by id.
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// The CTID used on export: the given one, or one derived from the id.
    pub fn effective_ctid(&self) -> Ctid {
        self.ctid
            .clone()
            .unwrap_or_else(|| Ctid::derive(&["pathway", &self.id]))
    }

    /// The CTID used on export for a component.
    pub fn component_ctid(&self, component: &Component) -> Ctid {
        component
            .ctid
            .clone()
            .unwrap_or_else(|| Ctid::derive(&["component", &self.id, &component.id]))
    }
}

/// Assembles a [`Pathway`], rejecting duplicate ids and unknown stages.
///
/// References between components are *not* required to resolve: a map being
/// drafted may name a prerequisite that is not on it yet, and
/// [`crate::checks::check`] reports that as a finding rather than refusing it.
#[derive(Debug, Clone)]
pub struct PathwayBuilder {
    pathway: Pathway,
}

impl PathwayBuilder {
    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.pathway.description = text.into();
        self
    }
    /// Adds an owning organization's URI.
    pub fn owned_by(mut self, uri: impl Into<String>) -> Self {
        self.pathway.owned_by.push(uri.into());
        self
    }
    /// Appends a stage (stages are ordered as added).
    pub fn stage(
        mut self,
        id: impl Into<String>,
        label: impl Into<String>,
        secondary: bool,
    ) -> Self {
        self.pathway.stages.push(Stage {
            id: id.into(),
            label: label.into(),
            secondary,
        });
        self
    }
    /// Adds a component.
    pub fn component(mut self, component: Component) -> Self {
        self.pathway.components.push(component);
        self
    }
    /// Adds an edge.
    pub fn edge(mut self, from: impl Into<String>, kind: EdgeKind, to: impl Into<String>) -> Self {
        self.pathway.edges.insert(Edge {
            from: from.into(),
            to: to.into(),
            kind,
        });
        self
    }
    /// Adds an articulation.
    pub fn articulation(mut self, articulation: Articulation) -> Self {
        self.pathway.articulations.insert(articulation);
        self
    }
    /// Finishes the pathway.
    pub fn build(self) -> Result<Pathway, MapError> {
        let p = self.pathway;
        let mut seen = BTreeSet::new();
        for s in &p.stages {
            if !seen.insert(s.id.as_str()) {
                return Err(MapError::DuplicateStage(s.id.clone()));
            }
        }
        let mut seen = BTreeSet::new();
        for c in &p.components {
            if !seen.insert(c.id.as_str()) {
                return Err(MapError::DuplicateComponent(c.id.clone()));
            }
            if p.stage_index(&c.stage).is_none() {
                return Err(MapError::UnknownStage {
                    component: c.id.clone(),
                    stage: c.stage.clone(),
                });
            }
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctid_is_deterministic_and_well_formed() {
        let a = Ctid::derive(&["component", "p", "cna"]);
        assert_eq!(a, Ctid::derive(&["component", "p", "cna"]));
        assert_ne!(a, Ctid::derive(&["component", "p", "lvn"]));
        assert_eq!(Ctid::parse(a.as_str()), Some(a.clone()));
        assert_eq!(a.as_str().len(), 39);
        assert!(Ctid::parse("ce-1234").is_none());
        assert!(Ctid::parse("11111111-1111-4111-8111-111111111111").is_none());
    }

    #[test]
    fn credit_hours_round_trip_through_json_numbers() {
        for tenths in [0, 10, 35, 440, 1205] {
            let h = CreditHours::from_tenths(tenths);
            let back = h.to_json().as_f64().and_then(CreditHours::from_f64);
            assert_eq!(back, Some(h));
        }
        assert_eq!(CreditHours::from_f64(-1.0), None);
        assert_eq!(CreditHours::from_f64(3.25), None);
        assert_eq!(CreditHours::from_tenths(35).to_string(), "3.5");
    }

    #[test]
    fn removing_a_component_removes_what_names_it() {
        let mut p = crate::examples::health_science_rn();
        let before = p.edges.len();
        assert!(p.remove_component("nura-1301").is_some());
        assert!(p.component("nura-1301").is_none());
        assert!(p.edges.len() < before);
        assert!(
            p.edges
                .iter()
                .all(|e| e.from != "nura-1301" && e.to != "nura-1301")
        );
        assert!(p.articulations.is_empty());
        assert!(p.remove_component("nura-1301").is_none());
    }

    #[test]
    fn kind_tokens_round_trip() {
        for k in ComponentKind::ALL {
            assert_eq!(ComponentKind::from_token(k.token()), Some(k));
        }
    }

    #[test]
    fn builder_rejects_duplicates_and_unknown_stages() {
        let dup = Pathway::builder("p", "P")
            .stage("s", "S", true)
            .component(Component::new("a", ComponentKind::Milestone, "A", "s"))
            .component(Component::new("a", ComponentKind::Milestone, "A", "s"))
            .build();
        assert!(matches!(dup, Err(MapError::DuplicateComponent(_))));
        let bad = Pathway::builder("p", "P")
            .component(Component::new("a", ComponentKind::Milestone, "A", "nope"))
            .build();
        assert!(matches!(bad, Err(MapError::UnknownStage { .. })));
    }
}
