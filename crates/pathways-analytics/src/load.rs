//! Validating participant files and converting them to Parquet.
//!
//! Every file is read in full and every bad value reported by file, line and
//! column before anything is kept: the converted tables are written to a
//! directory the caller renames into place only when the whole load is
//! clean, so a load is all-or-nothing.

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, StringArray,
    StringBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::{RecordBatch, RecordBatchReader};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;
use pathways_domain::codes::{CipCode, NaicsCode};
use sha2::{Digest, Sha256};

use crate::error::{AnalyticsError, Problem, Result};
use crate::schema::{Column, Kind, TABLES, Table};

/// At most this many problems are kept (all are counted).
const MAX_PROBLEMS: usize = 1000;
/// Rows per Parquet row group batch.
const BATCH: usize = 65_536;

/// A participant file found in a folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The contract table.
    pub table: &'static Table,
    /// Its path.
    pub path: PathBuf,
    /// Whether it is Parquet (else CSV).
    pub parquet: bool,
}

/// What a clean load produced.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadSummary {
    /// Rows per table, in contract order.
    pub rows: Vec<(String, usize)>,
}

/// The contract files in `dir` (`<table>.csv` or `<table>.parquet`).
pub fn source_files(dir: &Path) -> Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for table in TABLES {
        let csv = dir.join(format!("{}.csv", table.name));
        let pq = dir.join(format!("{}.parquet", table.name));
        match (csv.is_file(), pq.is_file()) {
            (true, true) => problems.push(Problem {
                file: format!("{}.csv", table.name),
                line: 0,
                column: None,
                message: format!(
                    "both {0}.csv and {0}.parquet are present; keep one",
                    table.name
                ),
            }),
            (true, false) => out.push(SourceFile {
                table,
                path: csv,
                parquet: false,
            }),
            (false, true) => out.push(SourceFile {
                table,
                path: pq,
                parquet: true,
            }),
            (false, false) if table.required => problems.push(Problem {
                file: format!("{}.csv", table.name),
                line: 0,
                column: None,
                message: format!(
                    "the {0} table is required ({0}.csv or {0}.parquet in {1})",
                    table.name,
                    dir.display()
                ),
            }),
            (false, false) => {}
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        let total = problems.len();
        Err(AnalyticsError::Invalid { problems, total })
    }
}

/// SHA-256 over the contract files' names and bytes, in contract order: the
/// identity of a load, so loading the same files again is recognized.
pub fn checksum(files: &[SourceFile]) -> Result<String> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    for f in files {
        let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
        h.update(name.unwrap_or_default().as_bytes());
        h.update([0u8]);
        let mut file = File::open(&f.path).map_err(|e| AnalyticsError::io(&f.path, e))?;
        loop {
            let n = file
                .read(&mut buf)
                .map_err(|e| AnalyticsError::io(&f.path, e))?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
        }
        h.update([0u8]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Validates every file and writes each table as `<out>/<table>.parquet`.
/// On any problem returns [`AnalyticsError::Invalid`] listing them; the
/// caller discards `out`.
pub fn validate_and_convert(files: &[SourceFile], out: &Path) -> Result<LoadSummary> {
    std::fs::create_dir_all(out).map_err(|e| AnalyticsError::io(out, e))?;
    let mut problems = Problems::default();
    let mut people: HashSet<String> = HashSet::new();
    let mut rows = Vec::new();
    // students first: the other tables' keys are checked against it.
    let mut targets = Vec::new();
    for f in files {
        let n = convert_one(f, out, &mut people, &mut problems, &mut targets)?;
        rows.push((f.table.name.to_owned(), n));
    }
    if problems.total > 0 {
        return Err(AnalyticsError::Invalid {
            problems: problems.list,
            total: problems.total,
        });
    }
    // Absent optional tables are stored empty, so every metric plans (also on a cluster).
    for t in TABLES {
        if !files.iter().any(|f| f.table.name == t.name) {
            write_batches(&out.join(format!("{}.parquet", t.name)), t.schema(), vec![])?;
        }
    }
    write_targets(out, &targets)?;
    Ok(LoadSummary { rows })
}

/// The marker file of a complete loaded directory.
pub const MARKER: &str = "_pathways_load.json";

/// Whether `dir` holds a complete load (written by [`validate_and_convert`]).
pub fn is_loaded(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// Writes the marker of a complete load.
pub fn write_marker(dir: &Path, checksum: &str, summary: &LoadSummary) -> Result<()> {
    let text = serde_json::json!({ "checksum": checksum, "rows": summary.rows }).to_string();
    let p = dir.join(MARKER);
    std::fs::write(&p, text).map_err(|e| AnalyticsError::io(&p, e))
}

/// `program_target_naics(program_of_study_id, pathway_id, naics_prefix)`: the
/// `;`-separated target industries of `programs_of_study`, one row each.
fn write_targets(out: &Path, targets: &[(String, String, String)]) -> Result<()> {
    use datafusion::arrow::datatypes::{Field, Schema};
    let schema = Arc::new(Schema::new(vec![
        Field::new("program_of_study_id", DataType::Utf8, false),
        Field::new("pathway_id", DataType::Utf8, false),
        Field::new("naics_prefix", DataType::Utf8, false),
    ]));
    let mut cols = [
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    ];
    for (p, w, list) in targets {
        for code in list.split(';').filter(|c| !c.is_empty()) {
            cols[0].append_value(p);
            cols[1].append_value(w);
            cols[2].append_value(code);
        }
    }
    let arrays: Vec<ArrayRef> = cols
        .iter_mut()
        .map(|b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    let path = out.join("program_target_naics.parquet");
    let batch =
        RecordBatch::try_new(schema.clone(), arrays).map_err(|e| AnalyticsError::Parquet {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    write_batches(&path, schema, vec![batch])
}

fn write_batches(
    path: &Path,
    schema: datafusion::arrow::datatypes::SchemaRef,
    batches: Vec<RecordBatch>,
) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| AnalyticsError::Parquet {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let file = File::create(path).map_err(|e| AnalyticsError::io(path, e))?;
    let mut w = ArrowWriter::try_new(file, schema, None).map_err(|e| err(&e))?;
    for b in &batches {
        w.write(b).map_err(|e| err(&e))?;
    }
    w.close().map_err(|e| err(&e))?;
    Ok(())
}

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
    total: usize,
}

impl Problems {
    fn add(&mut self, file: &str, line: usize, column: Option<&str>, message: String) {
        self.total += 1;
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem {
                file: file.to_owned(),
                line,
                column: column.map(str::to_owned),
                message,
            });
        }
    }
}

enum Builder {
    Text(StringBuilder),
    Int(Int32Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(kind: Kind) -> Self {
        match kind.data_type() {
            DataType::Int32 => Builder::Int(Int32Builder::new()),
            DataType::Float64 => Builder::Float(Float64Builder::new()),
            DataType::Boolean => Builder::Bool(BooleanBuilder::new()),
            DataType::Date32 => Builder::Date(Date32Builder::new()),
            _ => Builder::Text(StringBuilder::new()),
        }
    }
    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }
}

/// Days from 1970-01-01 of an ISO 8601 date.
fn parse_date(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = s[..4].parse().ok()?;
    let m: u8 = s[5..7].parse().ok()?;
    let d: u8 = s[8..10].parse().ok()?;
    let month = time::Month::try_from(m).ok()?;
    let date = time::Date::from_calendar_date(y, month, d).ok()?;
    let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?;
    i32::try_from((date - epoch).whole_days()).ok()
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" | "t" | "yes" | "y" => Some(true),
        "false" | "0" | "f" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Appends one field to its builder, or says what is wrong with it.
fn push(b: &mut Builder, col: &Column, raw: Option<&str>) -> std::result::Result<(), String> {
    let v = raw.map(str::trim).filter(|s| !s.is_empty());
    let Some(v) = v else {
        if col.required {
            return Err("a value is required".into());
        }
        match b {
            Builder::Bool(b) => b.append_value(false),
            Builder::Text(b) => b.append_null(),
            Builder::Int(b) => b.append_null(),
            Builder::Float(b) => b.append_null(),
            Builder::Date(b) => b.append_null(),
        }
        return Ok(());
    };
    match (col.kind, b) {
        (Kind::Int(lo, hi), Builder::Int(b)) => {
            let n: i32 = v.parse().map_err(|_| format!("{v:?} is not an integer"))?;
            if !(lo..=hi).contains(&n) {
                return Err(format!("{n} is outside {lo}–{hi}"));
            }
            b.append_value(n);
        }
        (Kind::Decimal, Builder::Float(b)) => {
            let n: f64 = v
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| {
                    format!("{v:?} is not a decimal number (dot, no thousands separator)")
                })?;
            if n < 0.0 {
                return Err(format!("{v} is negative"));
            }
            b.append_value(n);
        }
        (Kind::Bool, Builder::Bool(b)) => {
            b.append_value(parse_bool(v).ok_or_else(|| format!("{v:?} is not true/false"))?)
        }
        (Kind::Date, Builder::Date(b)) => {
            b.append_value(parse_date(v).ok_or_else(|| format!("{v:?} is not a date YYYY-MM-DD"))?)
        }
        (Kind::Cip, Builder::Text(b)) => {
            b.append_value(CipCode::parse(v).map_err(|e| e.to_string())?.as_str())
        }
        (Kind::Naics, Builder::Text(b)) => {
            b.append_value(NaicsCode::parse(v).map_err(|e| e.to_string())?.as_str())
        }
        (Kind::NaicsList, Builder::Text(b)) => {
            let codes = v
                .split(';')
                .map(|c| NaicsCode::parse(c).map(|c| c.as_str().to_owned()))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            b.append_value(codes.join(";"));
        }
        (Kind::Vocab(words), Builder::Text(b)) => {
            if !words.contains(&v) {
                return Err(format!("{v:?} is not one of {}", words.join(", ")));
            }
            b.append_value(v);
        }
        (_, Builder::Text(b)) => {
            // The shared views pick "the first row" by a text key joined with
            // chr(1) (views.sql, primary_program): no value may hold one.
            if v.chars().any(char::is_control) {
                return Err(format!("{v:?} holds a control character"));
            }
            b.append_value(v)
        }
        _ => return Err("internal: column kind and builder differ".into()),
    }
    Ok(())
}

/// The state of one table's conversion.
struct Sink<'a> {
    table: &'static Table,
    file: String,
    builders: Vec<Builder>,
    pending: usize,
    writer: ArrowWriter<File>,
    out_path: PathBuf,
    people: &'a mut HashSet<String>,
    unique: HashSet<String>,
    rows: usize,
    failed: bool,
    targets: &'a mut Vec<(String, String, String)>,
}

impl Sink<'_> {
    /// Validates and appends one row (`fields` in contract column order).
    fn row(&mut self, line: usize, fields: &[Option<&str>], problems: &mut Problems) -> Result<()> {
        self.rows += 1;
        let mut bad = false;
        for ((col, b), raw) in self
            .table
            .columns
            .iter()
            .zip(&mut self.builders)
            .zip(fields)
        {
            if let Err(m) = push(b, col, *raw) {
                problems.add(&self.file, line, Some(col.name), m);
                bad = true;
            }
        }
        if bad {
            // The load fails; stop converting this table but keep validating.
            self.failed = true;
        }
        let key = fields
            .first()
            .copied()
            .flatten()
            .map(str::trim)
            .unwrap_or("");
        match self.table.name {
            "students" if !key.is_empty() && !self.people.insert(key.to_owned()) => {
                problems.add(
                    &self.file,
                    line,
                    Some("person_key"),
                    format!("person_key {key:?} appears twice"),
                );
            }
            "programs_of_study" | "districts"
                if !key.is_empty() && !self.unique.insert(key.to_owned()) =>
            {
                let c = self.table.columns[0].name;
                problems.add(
                    &self.file,
                    line,
                    Some(c),
                    format!("{c} {key:?} appears twice"),
                );
            }
            _ if self.table.person_keyed && !key.is_empty() && !self.people.contains(key) => {
                problems.add(
                    &self.file,
                    line,
                    Some("person_key"),
                    format!("person_key {key:?} is not in students"),
                );
            }
            _ => {}
        }
        if self.table.name == "workforce_participation"
            && let (Some(Some(a)), Some(Some(b))) = (fields.get(2), fields.get(3))
            && let (Some(a), Some(b)) = (parse_date(a.trim()), parse_date(b.trim()))
            && b < a
        {
            problems.add(
                &self.file,
                line,
                Some("exit_date"),
                "exit_date is before entry_date".into(),
            );
        }
        if !bad
            && self.table.name == "programs_of_study"
            && let (Some(Some(p)), Some(Some(w)), Some(Some(t))) =
                (fields.first(), fields.get(2), fields.get(4))
        {
            self.targets.push((
                p.trim().to_owned(),
                w.trim().to_owned(),
                t.trim().to_owned(),
            ));
        }
        self.pending += 1;
        if self.pending >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        if self.failed {
            // Columns may be ragged after a bad value; nothing of a failed load is kept.
            self.builders.iter_mut().for_each(|b| drop(b.finish()));
            self.pending = 0;
            return Ok(());
        }
        let arrays = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.table.schema(), arrays).map_err(|e| {
            AnalyticsError::Parquet {
                path: self.out_path.display().to_string(),
                message: e.to_string(),
            }
        })?;
        self.writer
            .write(&batch)
            .map_err(|e| AnalyticsError::Parquet {
                path: self.out_path.display().to_string(),
                message: e.to_string(),
            })?;
        self.pending = 0;
        Ok(())
    }
}

fn convert_one(
    f: &SourceFile,
    out: &Path,
    people: &mut HashSet<String>,
    problems: &mut Problems,
    targets: &mut Vec<(String, String, String)>,
) -> Result<usize> {
    let file_name = f
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out_path = out.join(format!("{}.parquet", f.table.name));
    let pq_err = |e: &dyn std::fmt::Display| AnalyticsError::Parquet {
        path: out_path.display().to_string(),
        message: e.to_string(),
    };
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .build();
    let out_file = File::create(&out_path).map_err(|e| AnalyticsError::io(&out_path, e))?;
    let writer =
        ArrowWriter::try_new(out_file, f.table.schema(), Some(props)).map_err(|e| pq_err(&e))?;
    let mut sink = Sink {
        table: f.table,
        file: file_name.clone(),
        builders: f
            .table
            .columns
            .iter()
            .map(|c| Builder::new(c.kind))
            .collect(),
        pending: 0,
        writer,
        out_path: out_path.clone(),
        people,
        unique: HashSet::new(),
        rows: 0,
        failed: false,
        targets,
    };
    if f.parquet {
        read_parquet(f, &mut sink, problems)?;
    } else {
        read_csv(f, &mut sink, problems)?;
    }
    sink.flush()?;
    let rows = sink.rows;
    sink.writer.close().map_err(|e| pq_err(&e))?;
    Ok(rows)
}

/// Maps each contract column to its index among `header`, reporting missing required columns.
fn column_map(
    table: &Table,
    header: &[String],
    file: &str,
    problems: &mut Problems,
) -> Option<Vec<Option<usize>>> {
    let map: Vec<Option<usize>> = table
        .columns
        .iter()
        .map(|c| header.iter().position(|h| h.trim() == c.name))
        .collect();
    let mut ok = true;
    for (c, i) in table.columns.iter().zip(&map) {
        if i.is_none() && c.required {
            problems.add(
                file,
                1,
                Some(c.name),
                "required column is missing from the header".into(),
            );
            ok = false;
        }
    }
    ok.then_some(map)
}

fn read_csv(f: &SourceFile, sink: &mut Sink<'_>, problems: &mut Problems) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&f.path)
        .map_err(|e| AnalyticsError::Parquet {
            path: f.path.display().to_string(),
            message: e.to_string(),
        })?;
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_owned())
            .collect(),
        Err(e) => {
            problems.add(&sink.file, 1, None, format!("unreadable header: {e}"));
            return Ok(());
        }
    };
    let Some(map) = column_map(f.table, &header, &sink.file.clone(), problems) else {
        return Ok(());
    };
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                let fields: Vec<Option<&str>> =
                    map.iter().map(|i| i.and_then(|i| rec.get(i))).collect();
                sink.row(line, &fields, problems)?;
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.add(&sink.file, line, None, format!("not valid CSV: {e}"));
                break;
            }
        }
    }
    Ok(())
}

fn read_parquet(f: &SourceFile, sink: &mut Sink<'_>, problems: &mut Problems) -> Result<()> {
    let perr = |e: &dyn std::fmt::Display| AnalyticsError::Parquet {
        path: f.path.display().to_string(),
        message: e.to_string(),
    };
    let file = File::open(&f.path).map_err(|e| AnalyticsError::io(&f.path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| perr(&e))?
        .with_batch_size(BATCH)
        .build()
        .map_err(|e| perr(&e))?;
    let header: Vec<String> = reader
        .schema()
        .fields()
        .iter()
        .map(|fl| fl.name().clone())
        .collect();
    let Some(map) = column_map(f.table, &header, &sink.file.clone(), problems) else {
        return Ok(());
    };
    let mut row = 0usize;
    for batch in reader {
        let batch = batch.map_err(|e| perr(&e))?;
        let cols: Vec<Option<StringArray>> = map
            .iter()
            .map(|i| {
                i.map(|i| {
                    cast(batch.column(i), &DataType::Utf8)
                        .map_err(|e| perr(&e))
                        .and_then(|a| {
                            a.as_any()
                                .downcast_ref::<StringArray>()
                                .cloned()
                                .ok_or_else(|| perr(&"column is not text after cast"))
                        })
                })
                .transpose()
            })
            .collect::<Result<_>>()?;
        for r in 0..batch.num_rows() {
            row += 1;
            let fields: Vec<Option<&str>> = cols
                .iter()
                .map(|c| c.as_ref().and_then(|c| (!c.is_null(r)).then(|| c.value(r))))
                .collect();
            sink.row(row, &fields, problems)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_bools() {
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("2023-02-30"), None);
        assert_eq!(parse_date("2023-2-3"), None);
        assert_eq!(parse_bool("YES"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}
