//! The JSON shape of a stored map and its parts, and the edits the API and
//! the editor pages share.
//!
//! Kinds travel as the tokens of the CTDL extension (`pathways:componentKind`
//! and friends), so what a client sends is what an export shows: component
//! kinds `highSchoolCourse`, `dualCreditCourse`, `level1Certificate`, …;
//! edge kinds `precedes`, `prerequisiteOf`, `stacksInto`; equivalence kinds
//! `dualCredit`, `articulated`, `transfer`.

use pathways_domain::catalog::{Id, Meta};
use pathways_domain::{CipCode, FieldError, SocCode};
use pathways_maps::{
    Articulation, ArticulationKind, Component, ComponentKind, Condition, CreditHours, Edge,
    EdgeKind, Occupation, Pathway, Stage,
};
use pathways_store::StoreError;
use pathways_store::maps::{MapSettings, StoredMap};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stage of the map's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StageBody {
    /// Stable id, unique on the map ("9-10", "ps1").
    pub id: String,
    /// Column heading.
    pub label: String,
    /// True for high-school stages.
    #[serde(default)]
    pub secondary: bool,
}

/// An occupation an exit leads to.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OccupationBody {
    /// SOC 2018 code.
    pub soc: SocCode,
    /// Title shown on the map.
    #[serde(default)]
    pub title: Option<String>,
}

/// "Complete `required_number` of `targets`".
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConditionBody {
    /// E.g. "Complete 2 of these 4 courses".
    pub description: String,
    /// How many of the targets are required.
    pub required_number: u32,
    /// Component ids.
    pub targets: Vec<String>,
}

/// One component (box) of a map.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComponentBody {
    /// Stable id, unique on the map (on PUT the path's id wins).
    #[serde(default)]
    pub id: String,
    /// Kind token: highSchoolCourse, apCourse, ibCourse, dualCreditCourse, collegeCourse,
    /// industryCertification, level1Certificate, level2Certificate, associateDegree,
    /// bachelorDegree, license, apprenticeship, workBasedLearning, milestone, occupation.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Stage id.
    pub stage: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Course number.
    #[serde(default)]
    pub course_code: Option<String>,
    /// CIP 2020 code.
    #[serde(default)]
    pub cip: Option<CipCode>,
    /// Semester credit hours (tenths allowed).
    #[serde(default)]
    pub credit_hours: Option<f64>,
    /// Who offers it.
    #[serde(default)]
    pub provider: Option<String>,
    /// Occupations it qualifies for (every exit needs one).
    #[serde(default)]
    pub occupations: Vec<OccupationBody>,
    /// An entry point (on-ramp).
    #[serde(default)]
    pub entry: bool,
    /// An exit point (off-ramp).
    #[serde(default)]
    pub exit: bool,
    /// Conditions such as "2 of these 4 courses".
    #[serde(default)]
    pub conditions: Vec<ConditionBody>,
    /// Read-only: CTDL properties kept from an import that the model does not hold.
    #[serde(default, skip_deserializing)]
    pub kept_properties: Vec<String>,
}

/// A link between two components.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EdgeBody {
    /// The earlier component.
    pub from: String,
    /// The later component.
    pub to: String,
    /// precedes, prerequisiteOf or stacksInto.
    pub kind: String,
}

/// Credit carried from one component to another.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EquivalenceBody {
    /// The component whose credit is carried (the high-school course).
    pub from: String,
    /// The component it counts as (the college course).
    pub to: String,
    /// dualCredit, articulated or transfer.
    pub kind: String,
    /// Credit hours carried.
    #[serde(default)]
    pub credit_hours: Option<f64>,
    /// The agreement's name.
    #[serde(default)]
    pub agreement: Option<String>,
    /// The institution granting the credit (the school district).
    #[serde(default)]
    pub from_institution: Option<String>,
    /// The institution accepting it (the college).
    #[serde(default)]
    pub to_institution: Option<String>,
}

/// A stored map as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MapView {
    /// Id, version, timestamps.
    #[serde(flatten)]
    pub meta: Meta,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Owner, region, source, publication.
    #[serde(flatten)]
    pub settings: MapSettings,
    /// Stages, earliest first.
    pub stages: Vec<StageBody>,
    /// Components.
    pub components: Vec<ComponentBody>,
    /// Edges.
    pub edges: Vec<EdgeBody>,
    /// Articulation and dual-credit equivalences.
    pub equivalences: Vec<EquivalenceBody>,
    /// CTDL properties of the pathway node kept from an import.
    pub kept_properties: Vec<String>,
    /// Whole CTDL nodes kept from an import.
    pub kept_nodes: usize,
}

/// Creates a map: empty, or derived from a catalog pathway as a starting point.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NewMapRequest {
    /// Name (defaults to the catalog pathway's when deriving).
    #[serde(default)]
    pub name: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Derive components, edges and exits from this catalog pathway.
    #[serde(default)]
    pub from_pathway_id: Option<Id>,
    /// Owner (partner staff: their own organization, the default).
    #[serde(default)]
    pub organization_id: Option<Id>,
    /// Region for wages (defaults to the catalog pathway's).
    #[serde(default)]
    pub region_id: Option<Id>,
    /// Visible to the public.
    #[serde(default)]
    pub published: bool,
}

/// Replaces a map's name, description, settings and (optionally) stages.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MapUpdate {
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Owner.
    #[serde(default)]
    pub organization_id: Option<Id>,
    /// Region for wages.
    #[serde(default)]
    pub region_id: Option<Id>,
    /// Visible to the public.
    #[serde(default)]
    pub published: bool,
    /// New stages; omit to keep the current ones.
    #[serde(default)]
    pub stages: Option<Vec<StageBody>>,
}

/// The stages a new empty map starts with.
pub fn default_stages() -> Vec<Stage> {
    [
        ("9-10", "Grades 9–10", true),
        ("11-12", "Grades 11–12", true),
        ("ps1", "Postsecondary year 1", false),
        ("ps2", "Postsecondary year 2", false),
        ("ps3", "Postsecondary years 3–4", false),
        ("career", "Licensure and career", false),
    ]
    .into_iter()
    .map(|(id, label, secondary)| Stage {
        id: id.into(),
        label: label.into(),
        secondary,
    })
    .collect()
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(field, message)])
}

/// Parses an edge kind token.
pub fn edge_kind(token: &str) -> Option<EdgeKind> {
    match token {
        "precedes" => Some(EdgeKind::Precedes),
        "prerequisiteOf" => Some(EdgeKind::PrerequisiteOf),
        "stacksInto" => Some(EdgeKind::StacksInto),
        _ => None,
    }
}

/// The token of an edge kind.
pub fn edge_token(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Precedes => "precedes",
        EdgeKind::PrerequisiteOf => "prerequisiteOf",
        EdgeKind::StacksInto => "stacksInto",
    }
}

fn hours(v: Option<f64>, field: &str, errs: &mut Vec<FieldError>) -> Option<CreditHours> {
    let h = v?;
    let parsed = CreditHours::from_f64(h);
    if parsed.is_none() {
        errs.push(FieldError::new(
            field,
            "must be a non-negative number of hours, in tenths at most",
        ));
    }
    parsed
}

/// A component from its body; every problem names its field.
pub fn component_from(b: &ComponentBody) -> Result<Component, StoreError> {
    let mut errs = Vec::new();
    let kind = ComponentKind::from_token(&b.kind).unwrap_or_else(|| {
        errs.push(FieldError::new(
            "kind",
            format!(
                "must be one of: {}",
                ComponentKind::ALL.map(ComponentKind::token).join(", ")
            ),
        ));
        ComponentKind::Milestone
    });
    if b.id.trim().is_empty() {
        errs.push(FieldError::new("id", "must not be empty"));
    }
    let mut conditions = Vec::new();
    for (i, c) in b.conditions.iter().enumerate() {
        if c.required_number == 0 || c.required_number as usize > c.targets.len() {
            errs.push(FieldError::new(
                format!("conditions[{i}].required_number"),
                format!("must be between 1 and {}", c.targets.len()),
            ));
        }
        conditions.push(Condition::new(
            c.description.clone(),
            c.required_number,
            c.targets.clone(),
        ));
    }
    let mut comp = Component::new(b.id.trim(), kind, b.title.trim(), b.stage.trim());
    comp.description = b.description.clone().filter(|s| !s.trim().is_empty());
    comp.course_code = b.course_code.clone().filter(|s| !s.trim().is_empty());
    comp.cip = b.cip;
    comp.credit_hours = hours(b.credit_hours, "credit_hours", &mut errs);
    comp.provider = b.provider.clone().filter(|s| !s.trim().is_empty());
    comp.occupations = b
        .occupations
        .iter()
        .map(|o| Occupation {
            soc: o.soc,
            title: o.title.clone(),
        })
        .collect();
    comp.on_ramp = b.entry;
    comp.off_ramp = b.exit;
    comp.conditions = conditions;
    if comp.off_ramp && comp.occupations.is_empty() {
        errs.push(FieldError::new(
            "occupations",
            "an exit must name at least one occupation (SOC code)",
        ));
    }
    if errs.is_empty() {
        Ok(comp)
    } else {
        Err(StoreError::Invalid(errs))
    }
}

/// The body of a component.
pub fn component_view(c: &Component) -> ComponentBody {
    ComponentBody {
        id: c.id.clone(),
        kind: c.kind.token().into(),
        title: c.title.clone(),
        stage: c.stage.clone(),
        description: c.description.clone(),
        course_code: c.course_code.clone(),
        cip: c.cip,
        credit_hours: c.credit_hours.map(|h| f64::from(h.tenths()) / 10.0),
        provider: c.provider.clone(),
        occupations: c
            .occupations
            .iter()
            .map(|o| OccupationBody {
                soc: o.soc,
                title: o.title.clone(),
            })
            .collect(),
        entry: c.on_ramp,
        exit: c.off_ramp,
        conditions: c
            .conditions
            .iter()
            .map(|x| ConditionBody {
                description: x.description.clone(),
                required_number: x.required_number,
                targets: x.targets.clone(),
            })
            .collect(),
        kept_properties: c.extra.keys().cloned().collect(),
    }
}

/// The API view of a stored map.
pub fn view(m: &StoredMap) -> MapView {
    let p = &m.pathway;
    MapView {
        meta: m.meta.clone(),
        name: p.name.clone(),
        description: p.description.clone(),
        settings: m.settings.clone(),
        stages: p
            .stages
            .iter()
            .map(|s| StageBody {
                id: s.id.clone(),
                label: s.label.clone(),
                secondary: s.secondary,
            })
            .collect(),
        components: p.components.iter().map(component_view).collect(),
        edges: p
            .edges
            .iter()
            .map(|e| EdgeBody {
                from: e.from.clone(),
                to: e.to.clone(),
                kind: edge_token(e.kind).into(),
            })
            .collect(),
        equivalences: p
            .articulations
            .iter()
            .map(|a| EquivalenceBody {
                from: a.from.clone(),
                to: a.to.clone(),
                kind: a.kind.token().into(),
                credit_hours: a.credit_hours.map(|h| f64::from(h.tenths()) / 10.0),
                agreement: a.agreement.clone(),
                from_institution: a.from_institution.clone(),
                to_institution: a.to_institution.clone(),
            })
            .collect(),
        kept_properties: p.extra.keys().cloned().collect(),
        kept_nodes: p.extra_nodes.len(),
    }
}

/// Adds a component; its id must be new on the map.
pub fn add_component(p: &mut Pathway, c: Component) -> Result<(), StoreError> {
    if p.component(&c.id).is_some() {
        return Err(invalid(
            "id",
            format!("component {:?} is already on the map", c.id),
        ));
    }
    p.components.push(c);
    Ok(())
}

fn not_found(id: &str) -> StoreError {
    StoreError::NotFound {
        entity: "component",
        id: id.to_owned(),
    }
}

/// Replaces component `id`, keeping its CTID and the CTDL properties kept from an import.
pub fn replace_component(p: &mut Pathway, id: &str, mut c: Component) -> Result<(), StoreError> {
    let slot = p
        .components
        .iter_mut()
        .find(|x| x.id == id)
        .ok_or_else(|| not_found(id))?;
    c.id = id.to_owned();
    c.ctid = slot.ctid.clone();
    c.extra = std::mem::take(&mut slot.extra);
    // Conditions kept from an import keep their extra properties by position.
    for (new, old) in c.conditions.iter_mut().zip(slot.conditions.iter_mut()) {
        new.extra = std::mem::take(&mut old.extra);
    }
    *slot = c;
    Ok(())
}

/// Removes component `id` and whatever names it.
pub fn remove_component(p: &mut Pathway, id: &str) -> Result<(), StoreError> {
    p.remove_component(id)
        .map(|_| ())
        .ok_or_else(|| not_found(id))
}

/// Replaces the conditions of component `id`.
pub fn set_conditions(
    p: &mut Pathway,
    id: &str,
    conditions: &[ConditionBody],
) -> Result<(), StoreError> {
    let c = p
        .components
        .iter_mut()
        .find(|x| x.id == id)
        .ok_or_else(|| not_found(id))?;
    let old = std::mem::take(&mut c.conditions);
    c.conditions = conditions
        .iter()
        .map(|x| Condition::new(x.description.clone(), x.required_number, x.targets.clone()))
        .collect();
    for (new, mut old) in c.conditions.iter_mut().zip(old) {
        new.extra = std::mem::take(&mut old.extra);
    }
    Ok(())
}

/// An edge from its body.
pub fn edge_from(b: &EdgeBody) -> Result<Edge, StoreError> {
    let kind = edge_kind(&b.kind)
        .ok_or_else(|| invalid("kind", "must be precedes, prerequisiteOf or stacksInto"))?;
    Ok(Edge {
        from: b.from.trim().to_owned(),
        to: b.to.trim().to_owned(),
        kind,
    })
}

/// An equivalence from its body.
pub fn equivalence_from(b: &EquivalenceBody) -> Result<Articulation, StoreError> {
    let mut errs = Vec::new();
    let kind = ArticulationKind::from_token(&b.kind);
    if kind.is_none() {
        errs.push(FieldError::new(
            "kind",
            "must be dualCredit, articulated or transfer",
        ));
    }
    let credit_hours = hours(b.credit_hours, "credit_hours", &mut errs);
    let text = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    match kind {
        Some(kind) if errs.is_empty() => Ok(Articulation {
            from: b.from.trim().to_owned(),
            to: b.to.trim().to_owned(),
            kind,
            credit_hours,
            agreement: text(&b.agreement),
            from_institution: text(&b.from_institution),
            to_institution: text(&b.to_institution),
        }),
        _ => Err(StoreError::Invalid(errs)),
    }
}

/// Removes the equivalence from → to of `kind`; false when there was none.
pub fn remove_equivalence(p: &mut Pathway, from: &str, to: &str, kind: ArticulationKind) -> bool {
    let before = p.articulations.len();
    p.articulations
        .retain(|a| !(a.from == from && a.to == to && a.kind == kind));
    p.articulations.len() != before
}
