//! CTDL JSON-LD export and import (Credential Engine).
//!
//! A pathway becomes one `@graph`: a `ceterms:Pathway` node, an
//! `asn:ProgressionModel` with one `skos:Concept` per stage, and one
//! `ceterms:PathwayComponent` subclass node per component
//! (credreg.net/ctdl/terms#PathwayComponent). Terms follow the registry's
//! output shape: `hasChild`, `isChildOf`, `hasPart`, `isPartOf` in `ceasn:`,
//! progression terms in `asn:`, everything else in `ceterms:`, names as
//! `{"en-US": …}` language maps, CTIDs `ce-<uuid>`.
//!
//! What CTDL has no term for travels in a small `pathways:` extension
//! namespace (the exact component kind, on/off-ramp flags, stacking, dual
//! credit and articulation), so the round trip model → CTDL → model is the
//! identity. A consumer that ignores the extension still reads a valid
//! pathway.
//!
//! Import keeps what it does not understand: unknown properties are stored
//! on the component or pathway and re-emitted, unknown nodes are kept whole,
//! and every one is listed in the [`ImportReport`]. Malformed input is
//! rejected with every problem found, each with its JSON path.

mod component;
mod export;
mod import;
mod read;

pub use export::export_ctdl;
pub use import::import_ctdl;

/// The registry's resource base: a node's `@id` is this plus its CTID.
pub const RESOURCE_BASE: &str = "https://credentialengineregistry.org/resources/";
/// The CTDL JSON-LD context.
pub const CTDL_CONTEXT: &str = "https://credreg.net/ctdl/schema/context/json";
/// The IRI prefix of this crate's extension terms.
pub const PATHWAYS_NS: &str = "urn:pathways:terms:";
/// The SOC 2018 framework, for `ceterms:occupationType` alignments.
pub const SOC_FRAMEWORK: &str = "https://www.bls.gov/soc/2018/";
/// The O*NET-SOC taxonomy, accepted on import.
pub const ONET_FRAMEWORK: &str = "https://www.onetcenter.org/taxonomy.html";
/// The CIP 2020 framework, for `ceterms:instructionalProgramType`.
pub const CIP_FRAMEWORK: &str = "https://nces.ed.gov/ipeds/cipcode/";
/// The language tag of exported strings.
pub const LANG: &str = "en-US";

/// `ceterms:identifierTypeName` of the caller's component and pathway ids.
const ID_TYPE: &str = "Pathways id";
/// `ceterms:identifierTypeName` of course codes.
const COURSE_CODE_TYPE: &str = "Course code";

/// One problem in imported JSON-LD, at a JSON path such as
/// `$.@graph[3].ceterms:precedes[0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Where, as a JSONPath.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Import failed; every problem found is listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CTDL import found {} problem(s), first: {}", .problems.len(), .problems.first().map(ToString::to_string).unwrap_or_default())]
pub struct ImportError {
    /// All problems, in document order.
    pub problems: Vec<ImportProblem>,
}

/// What an import kept without understanding, and what it had to assume.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// JSON paths of unknown properties and nodes, kept and re-emitted on export.
    pub kept: Vec<String>,
    /// Assumptions made (a stage created for an unknown level, an `@id` that
    /// will be re-exported from its CTID), each with its path.
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests;
