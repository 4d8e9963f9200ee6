//! The CTDL JSON-LD pathway importer on arbitrary JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = pathways_maps::import_ctdl(&doc);
    }
});
