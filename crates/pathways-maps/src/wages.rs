//! Regional wages for the occupations a map's exits lead to.
//!
//! The map engine never loads labor-market data itself: the caller (the LMI
//! crate, a test) supplies a lookup, so the same map renders with any
//! region's figures.

use std::collections::{BTreeMap, HashMap};

use pathways_domain::SocCode;

/// What a region's labor-market data says about one occupation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WageFacts {
    /// Annual median wage in whole dollars.
    pub median: u32,
    /// Projected annual openings in the region.
    pub annual_openings: u32,
    /// The region's high-wage flag (by its own threshold).
    pub high_wage: bool,
    /// The region's in-demand flag (by its own threshold).
    pub in_demand: bool,
}

/// Looks up [`WageFacts`] by SOC code. Implemented for closures and maps.
pub trait WageLookup {
    /// The facts for `soc`, if the region has them.
    fn wage(&self, soc: &SocCode) -> Option<WageFacts>;
}

impl<F: Fn(&SocCode) -> Option<WageFacts>> WageLookup for F {
    fn wage(&self, soc: &SocCode) -> Option<WageFacts> {
        self(soc)
    }
}

impl WageLookup for BTreeMap<SocCode, WageFacts> {
    fn wage(&self, soc: &SocCode) -> Option<WageFacts> {
        self.get(soc).copied()
    }
}

impl<S: std::hash::BuildHasher> WageLookup for HashMap<SocCode, WageFacts, S> {
    fn wage(&self, soc: &SocCode) -> Option<WageFacts> {
        self.get(soc).copied()
    }
}

/// A lookup that knows no wages (maps render without wage labels).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWages;

impl WageLookup for NoWages {
    fn wage(&self, _soc: &SocCode) -> Option<WageFacts> {
        None
    }
}

/// `81220` → `"$81,220"`.
pub(crate) fn dollars(amount: u32) -> String {
    pathways_domain::figures::dollars(f64::from(amount))
}

/// `1234` → `"1,234"`.
pub(crate) fn thousands(n: u32) -> String {
    pathways_domain::figures::thousands(i64::from(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dollars_with_thousands_separators() {
        assert_eq!(dollars(81_220), "$81,220");
        assert_eq!(dollars(999), "$999");
        assert_eq!(dollars(1_000_000), "$1,000,000");
        assert_eq!(thousands(0), "0");
    }
}
