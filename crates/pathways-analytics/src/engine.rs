//! Running metric specs on Apache DataFusion over the loaded Parquet tables,
//! disaggregated by every group.
//!
//! Shared definitions (participants, concentrators, exiters, each person's
//! groups) are planned once per session from `views.sql`; locally the ones
//! every metric reuses are materialized in memory, on a cluster they stay
//! views so the same plans ship to the executors.

use std::path::Path;

use datafusion::arrow::array::{Array, Float64Array, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

use crate::error::{AnalyticsError, Result};
use crate::schema::{FLAGS, TABLES};
use crate::spec::{MetricKind, MetricSpec};
use crate::suppress::Cell;

/// Every field results can be disaggregated by, besides `all`.
pub fn group_fields() -> Vec<&'static str> {
    let mut v = vec!["sex", "race_ethnicity"];
    v.extend_from_slice(FLAGS);
    v.extend_from_slice(&["pathway", "program", "school", "district", "region", "year"]);
    v
}

/// The state's definitions (Perkins V §3(12) by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definitions {
    /// Courses in one program of study that make a secondary concentrator (2).
    pub secondary_courses: u32,
    /// CTE credits in one program that make a postsecondary concentrator (12).
    pub postsecondary_credits: u32,
}

impl Default for Definitions {
    fn default() -> Self {
        Self {
            secondary_courses: 2,
            postsecondary_credits: 12,
        }
    }
}

/// Views worth computing once when running locally.
const MATERIALIZE: &[&str] = &[
    "course_programs",
    "primary_program",
    "last_enrollment",
    "graduates",
    "employed_quarters",
    "employed_years",
    "ps_concentrators",
    "wioa_exiters",
    "person_attributes",
];

/// A session over one loaded data directory.
pub struct Engine {
    ctx: SessionContext,
    materialize: bool,
}

impl Engine {
    /// A local DataFusion session over the loaded tables in `dir`.
    pub async fn local(dir: &Path, defs: &Definitions) -> Result<Self> {
        let config = SessionConfig::new().with_target_partitions(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        );
        let ctx = SessionContext::new_with_config(config);
        Self::with_context(ctx, dir, defs, true).await
    }

    /// A session on `ctx` (a Ballista context, for instance) over `dir`;
    /// `materialize` caches the shared views in this process's memory.
    pub async fn with_context(
        ctx: SessionContext,
        dir: &Path,
        defs: &Definitions,
        materialize: bool,
    ) -> Result<Self> {
        let mut names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        names.push("program_target_naics");
        for name in names {
            let path = dir.join(format!("{name}.parquet"));
            let p = path.to_string_lossy().into_owned();
            ctx.register_parquet(name, &p, ParquetReadOptions::default())
                .await
                .map_err(|e| AnalyticsError::engine(format!("registering {p}"), e))?;
        }
        let views = include_str!("views.sql")
            .replace("${secondary_courses}", &defs.secondary_courses.to_string())
            .replace("${postsecondary_credits}", &defs.postsecondary_credits.to_string());
        for stmt in views.split("\n;\n") {
            let body: String = stmt
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n");
            let body = body.trim();
            let Some(rest) = body.strip_prefix("CREATE VIEW ") else {
                continue;
            };
            let Some((name, query)) = rest.split_once(" AS\n") else {
                continue;
            };
            let df = ctx
                .sql(query)
                .await
                .map_err(|e| AnalyticsError::engine(format!("planning view {name}"), e))?;
            let df = if materialize && MATERIALIZE.contains(&name) {
                df.cache()
                    .await
                    .map_err(|e| AnalyticsError::engine(format!("computing view {name}"), e))?
            } else {
                df
            };
            ctx.register_table(name, df.into_view())
                .map_err(|e| AnalyticsError::engine(format!("registering view {name}"), e))?;
        }
        Ok(Self { ctx, materialize })
    }

    /// The underlying session, for ad-hoc SQL.
    pub fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// Computes `spec` for the whole cohort and by each field in `by`.
    pub async fn run(&self, spec: &MetricSpec, by: &[&str]) -> Result<Vec<Cell>> {
        let fields = group_fields();
        for b in by {
            if !fields.contains(b) {
                return Err(AnalyticsError::Unknown(format!(
                    "unknown grouping {b:?}; use one of {}",
                    fields.join(", ")
                )));
            }
        }
        let attrs = fields
            .iter()
            .filter(|f| **f != "year")
            .map(|f| format!("a.{f}"))
            .collect::<Vec<_>>()
            .join(", ");
        let value = match spec.kind {
            MetricKind::Median => "CAST(m.value AS DOUBLE)",
            MetricKind::Rate => "CAST(NULL AS DOUBLE)",
        };
        let base = format!(
            "SELECT m.year, m.numerator, {value} AS value, {attrs} \
             FROM ({sql}) m LEFT JOIN person_attributes a ON a.person_key = m.person_key \
             WHERE m.denominator",
            sql = spec.sql
        );
        let ctx_err = |what: &str| format!("metric {}: {what}", spec.id);
        let cohort = self
            .ctx
            .sql(&base)
            .await
            .map_err(|e| AnalyticsError::engine(ctx_err("planning its SQL"), e))?;
        let table = format!("cohort_{}", spec.id.to_lowercase());
        let cohort = if self.materialize {
            cohort
                .cache()
                .await
                .map_err(|e| AnalyticsError::engine(ctx_err("computing the cohort"), e))?
        } else {
            cohort
        };
        let view = cohort.into_view();
        self.ctx
            .register_table(table.as_str(), view)
            .map_err(|e| AnalyticsError::engine(ctx_err("registering the cohort"), e))?;
        let out = self.aggregate(spec, &table, by).await;
        let _ = self.ctx.deregister_table(table.as_str());
        out
    }

    async fn aggregate(&self, spec: &MetricSpec, table: &str, by: &[&str]) -> Result<Vec<Cell>> {
        let agg = match spec.kind {
            MetricKind::Rate => {
                "SUM(CASE WHEN numerator THEN 1 ELSE 0 END) AS numerator, COUNT(*) AS denominator, \
                 CAST(NULL AS DOUBLE) AS value"
            }
            MetricKind::Median => {
                "COUNT(*) AS numerator, COUNT(*) AS denominator, median(value) AS value"
            }
        };
        // The whole-cohort row is a grouped aggregate too: Ballista 55 repeats
        // an ungrouped aggregate once per partition under UNION ALL.
        let mut parts = vec![format!(
            "SELECT 'all' AS group_by, k AS group_value, {agg} \
             FROM (SELECT *, 'all' AS k FROM {table}) t GROUP BY k"
        )];
        for b in by {
            parts.push(format!(
                "SELECT '{b}' AS group_by, COALESCE(CAST({b} AS VARCHAR), 'unknown') AS group_value, {agg} \
                 FROM {table} GROUP BY COALESCE(CAST({b} AS VARCHAR), 'unknown')"
            ));
        }
        let sql = parts.join(" UNION ALL ");
        let batches = self
            .ctx
            .sql(&sql)
            .await
            .map_err(|e| AnalyticsError::engine(format!("metric {}: grouping", spec.id), e))?
            .collect()
            .await
            .map_err(|e| AnalyticsError::engine(format!("metric {}: grouping", spec.id), e))?;
        let mut cells = Vec::new();
        for b in &batches {
            read_cells(spec, b, &mut cells)?;
        }
        cells.retain(|c| c.denominator > 0);
        cells.sort_by(|a, b| {
            (a.group_by != "all", &a.group_by, &a.group_value).cmp(&(
                b.group_by != "all",
                &b.group_by,
                &b.group_value,
            ))
        });
        Ok(cells)
    }

    /// The cohort rows of `spec` (person, year, numerator) for the people
    /// whose latest enrollment is in `district` — the staff "explain" view.
    pub async fn explain(&self, spec: &MetricSpec, district: &str) -> Result<Vec<(String, i64, bool)>> {
        let sql = format!(
            "SELECT m.person_key, CAST(m.year AS BIGINT), m.numerator FROM ({}) m \
             JOIN person_attributes a ON a.person_key = m.person_key \
             WHERE m.denominator AND a.district = '{}' ORDER BY 1",
            spec.sql,
            district.replace('\'', "''")
        );
        let batches = self
            .ctx
            .sql(&sql)
            .await
            .map_err(|e| AnalyticsError::engine(format!("metric {}: explain", spec.id), e))?
            .collect()
            .await
            .map_err(|e| AnalyticsError::engine(format!("metric {}: explain", spec.id), e))?;
        let mut out = Vec::new();
        for b in &batches {
            let keys = strings(b.column(0))?;
            let years = ints(b.column(1))?;
            let nums = cast(b.column(2), &DataType::Boolean).map_err(arrow_err)?;
            let nums = nums
                .as_any()
                .downcast_ref::<datafusion::arrow::array::BooleanArray>()
                .ok_or_else(|| AnalyticsError::Unknown("numerator is not boolean".into()))?;
            for i in 0..b.num_rows() {
                out.push((keys.value(i).to_owned(), years.value(i), !nums.is_null(i) && nums.value(i)));
            }
        }
        Ok(out)
    }
}

fn arrow_err(e: datafusion::arrow::error::ArrowError) -> AnalyticsError {
    AnalyticsError::engine("reading results", e.into())
}

fn strings(a: &dyn Array) -> Result<StringArray> {
    cast(a, &DataType::Utf8)
        .map_err(arrow_err)?
        .as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| AnalyticsError::Unknown("expected text".into()))
}

fn ints(a: &dyn Array) -> Result<Int64Array> {
    cast(a, &DataType::Int64)
        .map_err(arrow_err)?
        .as_any()
        .downcast_ref::<Int64Array>()
        .cloned()
        .ok_or_else(|| AnalyticsError::Unknown("expected integers".into()))
}

fn read_cells(spec: &MetricSpec, b: &RecordBatch, out: &mut Vec<Cell>) -> Result<()> {
    let by = strings(b.column(0))?;
    let val = strings(b.column(1))?;
    let num = ints(b.column(2))?;
    let den = ints(b.column(3))?;
    let med = cast(b.column(4), &DataType::Float64).map_err(arrow_err)?;
    let med = med
        .as_any()
        .downcast_ref::<Float64Array>()
        .ok_or_else(|| AnalyticsError::Unknown("expected numbers".into()))?;
    for i in 0..b.num_rows() {
        let n = if num.is_null(i) { 0 } else { num.value(i).max(0) as u64 };
        let d = if den.is_null(i) { 0 } else { den.value(i).max(0) as u64 };
        let rate = match spec.kind {
            MetricKind::Rate => (d > 0).then(|| n as f64 / d as f64),
            MetricKind::Median => (!med.is_null(i)).then(|| med.value(i)),
        };
        out.push(Cell {
            metric_id: spec.id.clone(),
            group_by: by.value(i).to_owned(),
            group_value: val.value(i).to_owned(),
            numerator: n,
            denominator: d,
            rate,
            median: spec.kind == MetricKind::Median,
        });
    }
    Ok(())
}
