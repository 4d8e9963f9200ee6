//! Names for the groups a metric is disaggregated by.
//!
//! Cells carry the partners' ids (`program` 23, `district` 5); people read
//! names. The load's own reference tables name programs, pathways and
//! districts (docs/participant-data.md); what they do not name stays an id.

use std::fs::File;
use std::path::Path;

use datafusion::arrow::array::Array;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::{AnalyticsError, Result};
use crate::tally::strings;

/// One group's name: `group_by` and `value` as in the cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLabel {
    /// The grouping (`program`, `pathway`, `district`).
    pub group_by: &'static str,
    /// The id as the cells carry it.
    pub value: String,
    /// Its name.
    pub label: String,
}

/// A grouping, the column holding its ids and the column naming them.
type Named = (&'static str, &'static str, &'static str);

/// The names the loaded reference tables in `dir` give (none when a table
/// is absent or empty).
pub fn reference_labels(dir: &Path) -> Result<Vec<GroupLabel>> {
    let mut out = Vec::new();
    let tables: [(&str, &[Named]); 2] = [
        (
            "programs_of_study",
            &[
                ("program", "program_of_study_id", "name"),
                ("pathway", "pathway_id", "pathway_name"),
            ],
        ),
        ("districts", &[("district", "district_id", "name")]),
    ];
    for (table, pairs) in tables {
        let path = dir.join(format!("{table}.parquet"));
        if !path.exists() {
            continue;
        }
        for batch in read(&path)? {
            for (group_by, id_col, name_col) in pairs {
                let (Some(ids), Some(names)) =
                    (batch.column_by_name(id_col), batch.column_by_name(name_col))
                else {
                    continue;
                };
                let (ids, names) = (strings(ids)?, strings(names)?);
                for r in 0..batch.num_rows() {
                    if ids.is_null(r) || names.is_null(r) || names.value(r).trim().is_empty() {
                        continue;
                    }
                    let label = GroupLabel {
                        group_by,
                        value: ids.value(r).to_owned(),
                        label: names.value(r).to_owned(),
                    };
                    if !out.contains(&label) {
                        out.push(label);
                    }
                }
            }
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Result<Vec<RecordBatch>> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| AnalyticsError::Unknown(format!("{shown}: {e}")))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| AnalyticsError::Unknown(format!("{shown}: {e}")))?;
    reader
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| AnalyticsError::Unknown(format!("{shown}: {e}")))
}
