//! Runs one round through the file contract, as `pathways match run` does,
//! and prints the summary as JSON on stderr (for the benchmark).
//!
//! ```text
//! match_files PLACEMENTS PREFERENCES PRIORITIES OUT [SEED]
//! ```

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [placements, preferences, priorities, out, rest @ ..] = args.as_slice() else {
        return Err("usage: match_files PLACEMENTS PREFERENCES PRIORITIES OUT [SEED]".into());
    };
    let seed = rest.first().map(|s| s.parse()).transpose()?.unwrap_or(0);
    let summary = pathways_matching::contract::run_files(
        Path::new(placements),
        Path::new(preferences),
        Path::new(priorities),
        Path::new(out),
        seed,
    )?;
    eprintln!("{}", serde_json::to_string(&summary)?);
    Ok(())
}
