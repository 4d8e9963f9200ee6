//! Given-name canonicalization through a shipped nickname table.
//!
//! Nicknames are the largest single cause of first-name disagreement between
//! school and wage records ("Bill" vs "William"); a lookup table catches what
//! no string metric can. The table (`data/nicknames.csv`) lists common US
//! diminutives, each mapped to its most frequent formal name.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/nicknames.csv");

fn table() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("nickname,"))
            .filter_map(|l| l.split_once(','))
            .map(|(n, c)| (n.trim(), c.trim()))
            .collect()
    })
}

/// The formal name for a folded (upper-case ASCII) given name, or the name
/// itself when it is not a known nickname.
pub fn canonical_first_name(folded: &str) -> &str {
    match table().get(folded) {
        Some(c) => c,
        None => folded,
    }
}

/// Number of nicknames in the shipped table.
pub fn table_len() -> usize {
    table().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_common_nicknames() {
        assert_eq!(canonical_first_name("BILL"), "WILLIAM");
        assert_eq!(canonical_first_name("PEGGY"), "MARGARET");
        assert_eq!(canonical_first_name("WILLIAM"), "WILLIAM");
        assert_eq!(canonical_first_name("ZZZ"), "ZZZ");
    }

    #[test]
    fn table_has_a_few_hundred_entries() {
        assert!(table_len() > 300, "{}", table_len());
    }
}
