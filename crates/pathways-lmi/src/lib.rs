//! Labor-market information for a region: the public BLS, O*NET and NCES
//! data the product ships (`data/`), and what a convener asks of it — which
//! occupations are high-wage and in demand here, which programs lead to them,
//! and where the region has no program or too few seats.
//!
//! Loading is the only IO ([`load`]); everything else is pure functions over
//! a [`LaborMarket`].

pub mod gaps;
pub mod load;
pub mod market;
pub mod profile;
pub mod search;
pub mod targeting;

pub use load::{DataFiles, LmiError};
pub use market::LaborMarket;

/// The credit line every page and response that shows this data carries.
pub const SOURCE_CREDIT: &str = "Source: U.S. Bureau of Labor Statistics (OEWS May 2025; Employment Projections 2024–34); NCES CIP 2020 and CIP–SOC crosswalk.";

/// The attribution O*NET's CC BY 4.0 license requires.
pub const ONET_CREDIT: &str = "This product includes information from O*NET 29.3 (www.onetcenter.org) by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA.";

/// The data release a market was built from.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub struct DataRelease {
    /// Human label ("OEWS May 2025 · EP 2024–34 · O*NET 29.3 · CIP 2020").
    pub label: String,
    /// Checksum of the files (FNV-1a, hex), so a re-load of the same data is recognized.
    pub checksum: String,
}

/// Credits to show beside the data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Credits {
    /// BLS and NCES.
    pub source: &'static str,
    /// O*NET attribution.
    pub onet: &'static str,
}

/// The credits.
pub fn credits() -> Credits {
    Credits {
        source: SOURCE_CREDIT,
        onet: ONET_CREDIT,
    }
}
