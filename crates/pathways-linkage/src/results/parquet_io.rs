//! The Parquet files of a results folder (Arrow schemas below are the
//! contract the metrics layer reads).
//!
//! * `links.parquet` — `left_source, left_id, right_source, right_id, match_probability`
//! * `clusters.parquet` — `source, rec_id, person_key` (every key known, earlier batches included)
//! * `model.parquet` — `field, level_index, level, m, u, weight` for a Fellegi–Sunter model
//!   (written only when one was used) and `parameters.parquet` — `name, value`
//! * `evaluation.parquet` — one row of `true_pairs … f1` (only with truth)

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray, UInt64Array,
};
use arrow::datatypes::{DataType, Field as Column, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::{Evaluation, ResultFile, finish_file};
use crate::error::{LinkageError, Result};
use crate::model::Model;

const BATCH: usize = 65_536;

fn parquet_err(path: &Path, e: impl std::fmt::Display) -> LinkageError {
    LinkageError::io(path, std::io::Error::other(e.to_string()))
}

fn schema(cols: &[(&str, DataType)]) -> SchemaRef {
    Arc::new(Schema::new(
        cols.iter()
            .map(|(n, t)| Column::new(*n, t.clone(), false))
            .collect::<Vec<_>>(),
    ))
}

/// Writes `name` in `dir` from batches produced by `fill`, via a temporary
/// sibling renamed into place.
fn write_file(
    dir: &Path,
    name: &str,
    schema: SchemaRef,
    rows: u64,
    fill: impl FnOnce(&mut dyn FnMut(Vec<ArrayRef>) -> Result<()>) -> Result<()>,
) -> Result<ResultFile> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = File::create(&tmp).map_err(|e| LinkageError::io(&tmp, e))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let mut w = ArrowWriter::try_new(file, schema.clone(), Some(props))
            .map_err(|e| parquet_err(&tmp, e))?;
        fill(&mut |cols| {
            let batch =
                RecordBatch::try_new(schema.clone(), cols).map_err(|e| parquet_err(&tmp, e))?;
            w.write(&batch).map_err(|e| parquet_err(&tmp, e))
        })?;
        let file = w.into_inner().map_err(|e| parquet_err(&tmp, e))?;
        file.sync_all().map_err(|e| LinkageError::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| LinkageError::io(&path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    finish_file(dir, name, rows)
}

fn strings<'a>(v: impl Iterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(v))
}

pub(super) fn write_links(
    dir: &Path,
    left_source: &str,
    right_source: &str,
    left_ids: &[String],
    right_ids: &[String],
    pairs: &[(u32, u32, f32)],
) -> Result<ResultFile> {
    let s = schema(&[
        ("left_source", DataType::Utf8),
        ("left_id", DataType::Utf8),
        ("right_source", DataType::Utf8),
        ("right_id", DataType::Utf8),
        ("match_probability", DataType::Float64),
    ]);
    write_file(dir, "links.parquet", s, pairs.len() as u64, |emit| {
        for chunk in pairs.chunks(BATCH) {
            emit(vec![
                strings(chunk.iter().map(|_| left_source)),
                strings(chunk.iter().map(|p| left_ids[p.0 as usize].as_str())),
                strings(chunk.iter().map(|_| right_source)),
                strings(chunk.iter().map(|p| right_ids[p.1 as usize].as_str())),
                Arc::new(Float64Array::from_iter_values(
                    // Rounded as the CSV output is, so both say the same.
                    chunk.iter().map(|p| (f64::from(p.2) * 1e6).round() / 1e6),
                )),
            ])?;
        }
        Ok(())
    })
}

pub(super) fn write_clusters(dir: &Path, keys: &[(&str, &str, u64)]) -> Result<ResultFile> {
    let s = schema(&[
        ("source", DataType::Utf8),
        ("rec_id", DataType::Utf8),
        ("person_key", DataType::Int64),
    ]);
    write_file(dir, "clusters.parquet", s, keys.len() as u64, |emit| {
        for chunk in keys.chunks(BATCH) {
            emit(vec![
                strings(chunk.iter().map(|k| k.0)),
                strings(chunk.iter().map(|k| k.1)),
                Arc::new(Int64Array::from_iter_values(
                    chunk.iter().map(|k| i64::try_from(k.2).unwrap_or(i64::MAX)),
                )),
            ])?;
        }
        Ok(())
    })
}

pub(super) fn write_parameters(
    dir: &Path,
    model: Option<&Model>,
    parameters: &[(String, String)],
) -> Result<Vec<ResultFile>> {
    let mut out = Vec::new();
    if let Some(m) = model {
        let mut rows: Vec<(&str, i32, &str, f64, f64, f64)> = Vec::new();
        for f in &m.fields {
            for (k, level) in f.levels.iter().enumerate() {
                let (mk, uk) = (
                    f.m.get(k).copied().unwrap_or(0.0),
                    f.u.get(k).copied().unwrap_or(0.0),
                );
                rows.push((f.field.column(), k as i32, level, mk, uk, f.weight(k as u8)));
            }
        }
        let s = schema(&[
            ("field", DataType::Utf8),
            ("level_index", DataType::Int32),
            ("level", DataType::Utf8),
            ("m", DataType::Float64),
            ("u", DataType::Float64),
            ("weight", DataType::Float64),
        ]);
        out.push(write_file(
            dir,
            "model.parquet",
            s,
            rows.len() as u64,
            |emit| {
                emit(vec![
                    strings(rows.iter().map(|r| r.0)),
                    Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.1))),
                    strings(rows.iter().map(|r| r.2)),
                    Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.3))),
                    Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.4))),
                    Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.5))),
                ])
            },
        )?);
    }
    let s = schema(&[("name", DataType::Utf8), ("value", DataType::Utf8)]);
    out.push(write_file(
        dir,
        "parameters.parquet",
        s,
        parameters.len() as u64,
        |emit| {
            emit(vec![
                strings(parameters.iter().map(|p| p.0.as_str())),
                strings(parameters.iter().map(|p| p.1.as_str())),
            ])
        },
    )?);
    Ok(out)
}

pub(super) fn write_evaluation(dir: &Path, e: &Evaluation) -> Result<ResultFile> {
    let s = schema(&[
        ("true_pairs", DataType::UInt64),
        ("predicted", DataType::UInt64),
        ("true_positives", DataType::UInt64),
        ("false_positives", DataType::UInt64),
        ("precision", DataType::Float64),
        ("recall", DataType::Float64),
        ("f1", DataType::Float64),
    ]);
    write_file(dir, "evaluation.parquet", s, 1, |emit| {
        let u = |v: u64| -> ArrayRef { Arc::new(UInt64Array::from(vec![v])) };
        let f = |v: f64| -> ArrayRef { Arc::new(Float64Array::from(vec![v])) };
        emit(vec![
            u(e.true_pairs),
            u(e.predicted),
            u(e.true_positives),
            u(e.false_positives),
            f(e.precision),
            f(e.recall),
            f(e.f1),
        ])
    })
}

/// Reads the `(source, rec_id, person_key)` rows of a `clusters.parquet`.
pub fn read_person_keys(path: &Path) -> Result<Vec<(String, String, u64)>> {
    let file = File::open(path).map_err(|e| LinkageError::io(path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.with_batch_size(BATCH).build())
        .map_err(|e| parquet_err(path, e))?;
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| parquet_err(path, e))?;
        let col = |name: &str| {
            batch
                .column_by_name(name)
                .ok_or_else(|| LinkageError::MissingColumn {
                    file: path.to_path_buf(),
                    column: name.into(),
                })
        };
        let bad = |name: &str| LinkageError::Json {
            path: path.to_path_buf(),
            message: format!("column `{name}` has the wrong type"),
        };
        let (src, ids, keys) = (col("source")?, col("rec_id")?, col("person_key")?);
        let src = src
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| bad("source"))?;
        let ids = ids
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| bad("rec_id"))?;
        let keys = keys
            .as_any()
            .downcast_ref::<Int64Array>()
            .ok_or_else(|| bad("person_key"))?;
        for k in 0..batch.num_rows() {
            if src.is_null(k) || ids.is_null(k) || keys.is_null(k) || keys.value(k) < 1 {
                return Err(bad("person_key"));
            }
            out.push((
                src.value(k).to_string(),
                ids.value(k).to_string(),
                keys.value(k) as u64,
            ));
        }
    }
    Ok(out)
}
