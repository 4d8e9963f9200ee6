//! Pathway maps: from grade 9 to a job, with every on-ramp and off-ramp and
//! what each pays.
//!
//! This crate is the pure engine behind the map pages: the component graph
//! ([`model`]), its quality checks ([`checks`]), CTDL JSON-LD export and
//! import ([`ctdl`]), a layered layout ([`layout`]) and its rendering to an
//! accessible SVG and an HTML text alternative ([`render`]). It does no IO:
//! storage and HTTP live in other crates, and wages come in through
//! [`WageLookup`].
//!
//! The vocabulary follows the Credential Transparency Description Language
//! (credreg.net/ctdl/terms), so a map published here reads the same in the
//! Credential Engine registry.
//!
//! ```
//! use pathways_domain::SocCode;
//! use pathways_maps::{Severity, WageFacts, check, examples, export_ctdl, import_ctdl, layout,
//!     render_svg, render_text_alternative};
//!
//! let map = examples::health_science_rn();
//! // The caller supplies regional wages; here, one illustrative figure.
//! let wages = |soc: &SocCode| (soc.as_str() == "29-1141").then_some(WageFacts {
//!     median: 81_220, annual_openings: 1_930, high_wage: true, in_demand: true,
//! });
//! assert!(check(&map, &wages).iter().all(|f| f.severity == Severity::Info));
//!
//! let doc = export_ctdl(&map);
//! let (back, report) = import_ctdl(&doc)?;
//! assert_eq!(back, map);
//! assert!(report.kept.is_empty());
//!
//! let placed = layout(&map, &wages);
//! let svg = render_svg(&map, &placed, &wages);
//! let html = render_text_alternative(&map, &placed, &wages);
//! assert!(svg.contains("$81,220 median") && html.contains("$81,220 median"));
//! # Ok::<(), pathways_maps::ImportError>(())
//! ```

pub mod checks;
pub mod ctdl;
pub mod examples;
pub mod layout;
pub mod model;
pub mod render;
pub mod stages;
mod wages;

pub use checks::{Finding, Severity, check};
pub use ctdl::{ImportError, ImportProblem, ImportReport, export_ctdl, import_ctdl};
pub use layout::{Layout, layout};
pub use model::{
    AdvancedProgram, Articulation, ArticulationKind, Component, ComponentKind, Condition,
    CreditHours, Ctid, Edge, EdgeKind, Occupation, Pathway, PathwayBuilder, Stage,
};
pub use render::{render_svg, render_text_alternative};
pub use wages::{NoWages, WageFacts, WageLookup};

/// Why a pathway could not be assembled or imported.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// Two components share an id.
    #[error("component id {0:?} is used twice")]
    DuplicateComponent(String),
    /// Two stages share an id.
    #[error("stage id {0:?} is used twice")]
    DuplicateStage(String),
    /// A component names a stage the pathway does not have.
    #[error("component {component:?} is in unknown stage {stage:?}")]
    UnknownStage {
        /// The component.
        component: String,
        /// The stage it names.
        stage: String,
    },
    /// A stage edit named a stage the pathway does not have.
    #[error("the map has no stage {0:?}")]
    NoSuchStage(String),
    /// A stage was given without an id or a label.
    #[error("a stage needs a {0}")]
    BlankStage(&'static str),
    /// A stage still holding components was removed without saying where
    /// they go.
    #[error("stage {stage:?} still holds {}; move them first or name a stage to move them to", components.join(", "))]
    StageInUse {
        /// The stage.
        stage: String,
        /// The ids of the components in it.
        components: Vec<String>,
    },
    /// CTDL import found problems.
    #[error(transparent)]
    Import(#[from] ImportError),
}
