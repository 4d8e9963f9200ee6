//! Running metric specs on Apache DataFusion over the loaded Parquet tables,
//! disaggregated by every group.
//!
//! Shared definitions (participants, concentrators, exiters, each person's
//! groups) are planned once per session from `views.sql`; locally the ones
//! metrics reuse are computed in memory the first time a metric reads them
//! and each cohort is counted into every group in one pass ([`crate::tally`]);
//! on a cluster they stay views and the grouping is SQL, so the same plans
//! ship to the executors.

use std::path::Path;

use datafusion::arrow::array::{Array, Float64Array, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use futures::StreamExt;

use crate::error::{AnalyticsError, Result};
use crate::schema::{FLAGS, TABLES};
use crate::spec::{MetricKind, MetricSpec};
use crate::suppress::Cell;
use crate::tally::{People, PeopleBuilder, Tally, UNKNOWN, arrow_err, sort_cells, strings};

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

/// Views worth computing once when running locally, in the order they are
/// defined. Each is computed the first time a metric reads it, so one metric
/// pays only for what it uses.
const MATERIALIZE: &[&str] = &[
    "course_programs",
    "primary_program",
    "last_enrollment",
    "graduates",
    "ps_concentrators",
    "ps_completers",
    "wioa_exiters",
    "followed_wages",
    "followed_employed_quarters",
    "followed_employed_years",
];

/// The cohort's value column for `kind`: the measured value of a median,
/// none for a rate.
fn value_column(kind: MetricKind) -> &'static str {
    match kind {
        MetricKind::Median => "CAST(m.value AS DOUBLE)",
        MetricKind::Rate => "CAST(NULL AS DOUBLE)",
    }
}

/// One shared definition from `views.sql`.
struct View {
    name: String,
    query: String,
    /// Earlier views its query reads.
    reads: Vec<String>,
}

/// A session over one loaded data directory.
pub struct Engine {
    ctx: SessionContext,
    materialize: bool,
    views: Vec<View>,
    /// Views already computed and held in memory.
    cached: tokio::sync::Mutex<Vec<String>>,
    people: tokio::sync::OnceCell<People>,
}

impl Engine {
    /// A local DataFusion session over the loaded tables in `dir`, with
    /// DataFusion's defaults (one partition per core) and any setting an
    /// operator gives as `DATAFUSION_*` environment variables (for instance
    /// `DATAFUSION_EXECUTION_BATCH_SIZE=32768`).
    pub async fn local(dir: &Path, defs: &Definitions) -> Result<Self> {
        let config = SessionConfig::from_env()
            .map_err(|e| AnalyticsError::engine("reading DATAFUSION_* settings", e))?;
        let ctx = SessionContext::new_with_config(config);
        Self::with_context(ctx, dir, defs, true).await
    }

    /// A session on `ctx` (a Ballista context, for instance) over `dir`;
    /// `materialize` caches the shared views in this process's memory as
    /// metrics first read them, and counts cohorts here rather than in SQL.
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
        let engine = Self {
            ctx,
            materialize,
            views: parse_views(defs),
            cached: tokio::sync::Mutex::new(Vec::new()),
            people: tokio::sync::OnceCell::new(),
        };
        engine
            .plan_views(&engine.views.iter().collect::<Vec<_>>())
            .await?;
        Ok(engine)
    }

    /// Plans the views in `views` as plain views, in order. A planned view
    /// holds its inputs' plans, so after a view is computed every later one
    /// is planned again (see [`Engine::prepare`]) to read the computed copy.
    async fn plan_views(&self, views: &[&View]) -> Result<()> {
        for v in views {
            let df = self
                .ctx
                .sql(&v.query)
                .await
                .map_err(|e| AnalyticsError::engine(format!("planning view {}", v.name), e))?;
            let _ = self.ctx.deregister_table(v.name.as_str());
            self.ctx
                .register_table(v.name.as_str(), df.into_view())
                .map_err(|e| AnalyticsError::engine(format!("registering view {}", v.name), e))?;
        }
        Ok(())
    }

    /// Computes, once, the materialized views `sql` reads directly or through
    /// other views (locally; on a cluster every view stays a plan).
    async fn prepare(&self, sql: &str) -> Result<()> {
        if !self.materialize {
            return Ok(());
        }
        let mut needed: Vec<&str> = Vec::new();
        let mut stack: Vec<&str> = self
            .views
            .iter()
            .filter(|v| mentions(sql, &v.name))
            .map(|v| v.name.as_str())
            .collect();
        while let Some(n) = stack.pop() {
            if needed.contains(&n) {
                continue;
            }
            needed.push(n);
            if let Some(v) = self.views.iter().find(|v| v.name == n) {
                stack.extend(v.reads.iter().map(String::as_str));
            }
        }
        let mut cached = self.cached.lock().await;
        for (i, v) in self.views.iter().enumerate() {
            let name = v.name.as_str();
            if !needed.contains(&name)
                || !MATERIALIZE.contains(&name)
                || cached.iter().any(|c| c == name)
            {
                continue;
            }
            let df = self
                .ctx
                .sql(&v.query)
                .await
                .map_err(|e| AnalyticsError::engine(format!("planning view {name}"), e))?
                .cache()
                .await
                .map_err(|e| AnalyticsError::engine(format!("computing view {name}"), e))?;
            let _ = self.ctx.deregister_table(name);
            self.ctx
                .register_table(name, df.into_view())
                .map_err(|e| AnalyticsError::engine(format!("registering view {name}"), e))?;
            cached.push(name.to_owned());
            let later: Vec<&View> = self.views[i + 1..]
                .iter()
                .filter(|l| !cached.contains(&l.name))
                .collect();
            self.plan_views(&later).await?;
        }
        Ok(())
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
        self.prepare(&spec.sql).await?;
        if self.materialize {
            self.tally(spec, by).await
        } else {
            self.grouped_in_sql(spec, by).await
        }
    }

    /// Every person's groups, coded once per session.
    async fn people(&self) -> Result<&People> {
        self.people
            .get_or_try_init(|| async {
                let fields: Vec<&'static str> = group_fields()
                    .into_iter()
                    .filter(|f| *f != "year")
                    .collect();
                let sql = format!(
                    "SELECT person_key, {} FROM person_attributes",
                    fields
                        .iter()
                        .map(|f| format!("COALESCE(CAST({f} AS VARCHAR), '{UNKNOWN}') AS {f}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                self.prepare(&sql).await?;
                let err = |e| AnalyticsError::engine("coding each person's groups", e);
                let mut stream = self
                    .ctx
                    .sql(&sql)
                    .await
                    .map_err(err)?
                    .execute_stream()
                    .await
                    .map_err(err)?;
                let mut b = PeopleBuilder::new(fields);
                while let Some(batch) = stream.next().await {
                    b.add(&batch.map_err(err)?)?;
                }
                Ok(b.finish())
            })
            .await
    }

    /// Streams the cohort once and counts it into every grouping.
    async fn tally(&self, spec: &MetricSpec, by: &[&str]) -> Result<Vec<Cell>> {
        let people = self.people().await?;
        let value = value_column(spec.kind);
        let sql = format!(
            "SELECT m.person_key, CAST(m.year AS BIGINT) AS year, m.numerator, {value} AS value \
             FROM ({}) m WHERE m.denominator",
            spec.sql
        );
        let err = |what: &'static str| {
            move |e| AnalyticsError::engine(format!("metric {}: {what}", spec.id), e)
        };
        let mut stream = self
            .ctx
            .sql(&sql)
            .await
            .map_err(err("planning its SQL"))?
            .execute_stream()
            .await
            .map_err(err("running its SQL"))?;
        let mut tally = Tally::new(people, spec.kind, by)?;
        while let Some(batch) = stream.next().await {
            tally.add(&batch.map_err(err("running its SQL"))?)?;
        }
        Ok(tally.cells(&spec.id))
    }

    /// Groups in SQL, so a cluster does the work (and the cluster test has
    /// an independent computation to compare the local tally with).
    async fn grouped_in_sql(&self, spec: &MetricSpec, by: &[&str]) -> Result<Vec<Cell>> {
        let fields = group_fields();
        let attrs = fields
            .iter()
            .filter(|f| **f != "year")
            .map(|f| format!("a.{f}"))
            .collect::<Vec<_>>()
            .join(", ");
        let value = value_column(spec.kind);
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
        self.ctx
            .register_table(table.as_str(), cohort.into_view())
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
        sort_cells(&mut cells);
        Ok(cells)
    }

    /// The cohort rows of `spec` (person, year, numerator) for the people
    /// whose latest enrollment is in `district` — the staff "explain" view.
    pub async fn explain(
        &self,
        spec: &MetricSpec,
        district: &str,
    ) -> Result<Vec<(String, i64, bool)>> {
        let sql = format!(
            "SELECT m.person_key, CAST(m.year AS BIGINT), m.numerator FROM ({}) m \
             JOIN person_attributes a ON a.person_key = m.person_key \
             WHERE m.denominator AND a.district = '{}' ORDER BY 1",
            spec.sql,
            district.replace('\'', "''")
        );
        self.prepare(&sql).await?;
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
                out.push((
                    keys.value(i).to_owned(),
                    years.value(i),
                    !nums.is_null(i) && nums.value(i),
                ));
            }
        }
        Ok(out)
    }
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
        let n = if num.is_null(i) {
            0
        } else {
            num.value(i).max(0) as u64
        };
        let d = if den.is_null(i) {
            0
        } else {
            den.value(i).max(0) as u64
        };
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

/// The views in `views.sql`, with the thresholds filled in.
fn parse_views(defs: &Definitions) -> Vec<View> {
    let text = include_str!("views.sql")
        .replace("${secondary_courses}", &defs.secondary_courses.to_string())
        .replace(
            "${postsecondary_credits}",
            &defs.postsecondary_credits.to_string(),
        );
    let mut views: Vec<View> = Vec::new();
    for stmt in text.split("\n;\n") {
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
        let reads = views
            .iter()
            .filter(|v| mentions(query, &v.name))
            .map(|v| v.name.clone())
            .collect();
        views.push(View {
            name: name.trim().to_owned(),
            query: query.to_owned(),
            reads,
        });
    }
    views
}

/// Whether `sql` names `table` as a whole word.
fn mentions(sql: &str, table: &str) -> bool {
    sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w.eq_ignore_ascii_case(table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_know_what_they_read() {
        let views = parse_views(&Definitions::default());
        let find = |n: &str| views.iter().find(|v| v.name == n).unwrap();
        assert!(
            find("primary_program")
                .reads
                .contains(&"course_programs".to_owned())
        );
        assert!(
            find("followed_wages")
                .reads
                .contains(&"followed_years".to_owned())
        );
        assert!(find("course_programs").reads.is_empty());
        for m in MATERIALIZE {
            assert!(views.iter().any(|v| v.name == *m), "{m} is not a view");
        }
        assert!(mentions("FROM graduates g", "graduates"));
        assert!(!mentions("FROM graduates_2 g", "graduates"));
    }
}
