//! Where rows go: a small columnar buffer per table, flushed in batches to a
//! CSV or Parquet file, so memory stays bounded however many rows are made.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    ArrayBuilder, ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder,
    StringBuilder,
};
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::SynthError;
use crate::schema::{ColumnType, Table, Value};

/// Rows per batch handed to a writer.
pub(crate) const BATCH_ROWS: usize = 16_384;
/// Rows per Parquet row group (bounds what the writer holds in memory).
const ROW_GROUP_ROWS: usize = 262_144;

/// The file format written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Apache Parquet (Snappy-compressed).
    #[default]
    Parquet,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }
}

enum Builder {
    Str(StringBuilder),
    Int(Int32Builder),
    Dec(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(ty: ColumnType) -> Self {
        match ty {
            ColumnType::String => {
                Builder::Str(StringBuilder::with_capacity(BATCH_ROWS, 16 * BATCH_ROWS))
            }
            ColumnType::Int => Builder::Int(Int32Builder::with_capacity(BATCH_ROWS)),
            ColumnType::Decimal => Builder::Dec(Float64Builder::with_capacity(BATCH_ROWS)),
            ColumnType::Bool => Builder::Bool(BooleanBuilder::with_capacity(BATCH_ROWS)),
            ColumnType::Date => Builder::Date(Date32Builder::with_capacity(BATCH_ROWS)),
        }
    }

    fn append(&mut self, v: Value<'_>) -> bool {
        match (self, v) {
            (Builder::Str(b), Value::Str(s)) => b.append_value(s),
            (Builder::Int(b), Value::Int(i)) => b.append_value(i),
            (Builder::Dec(b), Value::Dec(d)) => b.append_value(d),
            (Builder::Bool(b), Value::Bool(x)) => b.append_value(x),
            (Builder::Date(b), Value::Date(d)) => b.append_value(d),
            (Builder::Str(b), Value::Null) => b.append_null(),
            (Builder::Int(b), Value::Null) => b.append_null(),
            (Builder::Dec(b), Value::Null) => b.append_null(),
            (Builder::Bool(b), Value::Null) => b.append_null(),
            (Builder::Date(b), Value::Null) => b.append_null(),
            _ => return false,
        }
        true
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Dec(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Builder::Str(b) => b.len(),
            Builder::Int(b) => b.len(),
            Builder::Dec(b) => b.len(),
            Builder::Bool(b) => b.len(),
            Builder::Date(b) => b.len(),
        }
    }
}

enum FileWriter {
    Csv(arrow::csv::Writer<BufWriter<File>>),
    Parquet(ArrowWriter<BufWriter<File>>),
}

/// One table being written: its buffer and its file.
pub(crate) struct TableWriter {
    table: Table,
    builders: Vec<Builder>,
    writer: Option<FileWriter>,
    rows: u64,
}

impl TableWriter {
    /// Creates `dir/<table>.<ext>`.
    pub(crate) fn create(dir: &Path, table: Table, format: Format) -> Result<Self, SynthError> {
        let path = dir.join(format!("{}.{}", table.name(), format.extension()));
        let file = File::create(&path).map_err(|e| SynthError::io(&path, e))?;
        let out = BufWriter::with_capacity(1 << 20, file);
        let writer = match format {
            Format::Csv => FileWriter::Csv(
                arrow::csv::WriterBuilder::new()
                    .with_header(true)
                    .with_date_format("%Y-%m-%d".to_owned())
                    .build(out),
            ),
            Format::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                    .set_created_by("pathways-synth".to_owned())
                    .build();
                FileWriter::Parquet(ArrowWriter::try_new(out, table.schema(), Some(props))?)
            }
        };
        Ok(TableWriter {
            table,
            builders: table.columns().iter().map(|c| Builder::new(c.ty)).collect(),
            writer: Some(writer),
            rows: 0,
        })
    }

    /// Appends one row; `row` follows [`Table::columns`] in order and type.
    pub(crate) fn push(&mut self, row: &[Value<'_>]) -> Result<(), SynthError> {
        debug_assert_eq!(row.len(), self.builders.len());
        for (i, (b, v)) in self.builders.iter_mut().zip(row).enumerate() {
            if !b.append(*v) {
                return Err(SynthError::Internal(format!(
                    "{}.{}: value {v:?} does not fit the column type",
                    self.table.name(),
                    self.table.columns()[i].name
                )));
            }
        }
        self.rows += 1;
        if self.builders[0].len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SynthError> {
        if self.builders[0].len() == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.table.schema(), arrays)?;
        match self.writer.as_mut() {
            Some(FileWriter::Csv(w)) => w.write(&batch)?,
            Some(FileWriter::Parquet(w)) => w.write(&batch)?,
            None => {}
        }
        Ok(())
    }

    /// Flushes and closes the file; returns the rows written.
    pub(crate) fn finish(mut self) -> Result<u64, SynthError> {
        self.flush()?;
        match self.writer.take() {
            Some(FileWriter::Csv(w)) => {
                let mut inner = w.into_inner();
                std::io::Write::flush(&mut inner)
                    .map_err(|e| SynthError::io(Path::new(self.table.name()), e))?;
            }
            Some(FileWriter::Parquet(w)) => {
                w.close()?;
            }
            None => {}
        }
        Ok(self.rows)
    }
}
