//! The `pathways match run` file contract: three CSV files split from the
//! input at 0xFF bytes (placements, preferences, priorities), read,
//! validated and, when valid, matched.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let (Some(p), Some(r), Some(q)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let files = [("p.csv", p), ("r.csv", r), ("q.csv", q)];
    for (name, bytes) in files {
        if std::fs::write(dir.path().join(name), bytes).is_err() {
            return;
        }
    }
    let d = dir.path();
    let _ = pathways_matching::contract::run_files(
        &d.join("p.csv"),
        &d.join("r.csv"),
        &d.join("q.csv"),
        &d.join("m.csv"),
        7,
    );
});
