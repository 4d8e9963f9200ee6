//! The flows of the newer areas, one module each; they share the browser
//! test binary so the suite links once.

pub mod accessibility;
pub mod maps;
pub mod outcomes;
pub mod partnership;
pub mod placements;
