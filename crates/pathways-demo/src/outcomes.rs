//! The demo's outcomes: its participant records loaded into the analytics
//! store and every shipped metric computed, so the equity dashboard and the
//! public outcomes pages show a region's figures from the first minute. The
//! same steps `pathways data load` and `pathways metrics run` take, without
//! their output, for the demo command and the browser tests.

use std::path::Path;

use pathways_analytics::{Definitions, Engine, load, spec};
use pathways_store::Store;
use pathways_store::analytics::{MetricResult, Registered};

use crate::DemoError;

/// Loads the participant files in `source` into `<data_dir>/analytics/` and
/// computes every shipped metric by every grouping; returns the cells stored.
pub async fn seed_outcomes(
    store: &Store,
    source: &Path,
    data_dir: &Path,
) -> Result<usize, DemoError> {
    let files = load::source_files(source)?;
    let checksum = load::checksum(&files)?;
    let dest = data_dir.join("analytics").join(&checksum);
    // The demo is rebuilt from scratch each time; so is its load.
    let _ = std::fs::remove_dir_all(&dest);
    let summary = load::validate_and_convert(&files, &dest)?;
    load::write_marker(&dest, &checksum, &summary)?;
    let path = std::fs::canonicalize(&dest).unwrap_or_else(|_| dest.clone());
    let rows =
        serde_json::to_string(&summary.rows).map_err(|e| DemoError::Outcomes(e.to_string()))?;
    let load_id = match store
        .register_data_load(
            &checksum,
            &path.to_string_lossy(),
            &source.to_string_lossy(),
            &rows,
        )
        .await?
    {
        Registered::New(id) => id,
        Registered::AlreadyLoaded(l) => l.id,
    };
    let specs = spec::load(None)?;
    let engine = Engine::local(&path, &Definitions::default()).await?;
    let by = pathways_analytics::group_fields();
    let mut cells = Vec::new();
    for s in &specs {
        for c in engine.run(s, &by).await? {
            cells.push(MetricResult {
                metric_id: c.metric_id,
                group_by: c.group_by,
                group_value: c.group_value,
                numerator: c.numerator as i64,
                denominator: c.denominator as i64,
                rate: c.rate,
                is_median: c.median,
            });
        }
    }
    let specs_json =
        serde_json::to_string(&specs).map_err(|e| DemoError::Outcomes(e.to_string()))?;
    store
        .store_metric_results(
            Some(load_id),
            &format!("{} metrics", specs.len()),
            &specs_json,
            &cells,
        )
        .await?;
    Ok(cells.len())
}
