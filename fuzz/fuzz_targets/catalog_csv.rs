//! The catalog CSV importer's parse/validate step, for every entity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathways_store::interchange::{CatalogEntity, check_csv};

const ENTITIES: [&str; 8] = [
    "regions",
    "organizations",
    "occupations",
    "industries",
    "programs",
    "courses",
    "credentials",
    "pathways",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = ENTITIES[usize::from(first) % ENTITIES.len()];
    if let Some(entity) = CatalogEntity::parse(name) {
        // Either rows or problems, never a panic.
        let _ = check_csv(entity, rest);
    }
});
