//! Counting a metric's cohort into every group in one pass.
//!
//! A metric's SQL yields one row per person in its cohort. Grouping that
//! cohort eighteen ways in SQL means joining every person's attributes onto it
//! and scanning it once per grouping; at a state's five million students that
//! was most of the suite's time and memory. Instead each person's groups are
//! coded once ([`People`]), and the cohort streams past a [`Tally`] that adds
//! every row to its group in each requested grouping at once.
//!
//! The labels are DataFusion's own casts (`COALESCE(CAST(x AS VARCHAR),
//! 'unknown')`), so the cells are the ones the SQL grouping gives; the
//! Ballista path still groups in SQL, and the cluster test compares the two.

use datafusion::arrow::array::{Array, BooleanArray, Float64Array, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::HashMap;

use crate::error::{AnalyticsError, Result};
use crate::spec::MetricKind;
use crate::suppress::Cell;

/// The label of a missing value, as the SQL grouping writes it.
pub const UNKNOWN: &str = "unknown";

/// Every person's group in each person-level field, as small codes.
pub struct People {
    /// The person-level fields, in column order.
    fields: Vec<&'static str>,
    /// person_key → row.
    rows: HashMap<Box<str>, u32>,
    /// Row-major codes: `codes[row * fields.len() + f]`.
    codes: Vec<u32>,
    /// Each field's labels by code.
    labels: Vec<Vec<String>>,
    /// Each field's code for `unknown` (people absent from the students table).
    unknown: Vec<u32>,
}

/// Builds [`People`] from batches of `person_key` followed by one text column per field.
pub struct PeopleBuilder {
    people: People,
    index: Vec<HashMap<String, u32>>,
}

impl PeopleBuilder {
    /// An empty index over `fields`.
    pub fn new(fields: Vec<&'static str>) -> Self {
        let n = fields.len();
        Self {
            people: People {
                fields,
                rows: HashMap::default(),
                codes: Vec::new(),
                labels: vec![Vec::new(); n],
                unknown: vec![0; n],
            },
            index: vec![HashMap::default(); n],
        }
    }

    /// Adds a batch: `person_key`, then the fields' labels as text.
    pub fn add(&mut self, b: &RecordBatch) -> Result<()> {
        let n = self.people.fields.len();
        let keys = strings(b.column(0))?;
        let cols = (1..=n)
            .map(|i| strings(b.column(i)))
            .collect::<Result<Vec<_>>>()?;
        for r in 0..b.num_rows() {
            if keys.is_null(r) || self.people.rows.contains_key(keys.value(r)) {
                continue;
            }
            let row = u32::try_from(self.people.rows.len())
                .map_err(|_| AnalyticsError::Unknown("more than 4 billion people".into()))?;
            self.people.rows.insert(keys.value(r).into(), row);
            for (f, col) in cols.iter().enumerate() {
                let label = if col.is_null(r) {
                    UNKNOWN
                } else {
                    col.value(r)
                };
                let code = code_of(&mut self.index[f], &mut self.people.labels[f], label);
                self.people.codes.push(code);
            }
        }
        Ok(())
    }

    /// The finished index.
    pub fn finish(mut self) -> People {
        for f in 0..self.people.fields.len() {
            self.people.unknown[f] =
                code_of(&mut self.index[f], &mut self.people.labels[f], UNKNOWN);
        }
        self.people
    }
}

fn code_of(index: &mut HashMap<String, u32>, labels: &mut Vec<String>, label: &str) -> u32 {
    if let Some(c) = index.get(label) {
        return *c;
    }
    let c = labels.len() as u32;
    labels.push(label.to_owned());
    index.insert(label.to_owned(), c);
    c
}

impl People {
    /// How many people are indexed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether nobody is indexed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| *f == name)
    }
}

/// One group's running counts.
#[derive(Default, Clone)]
struct Counts {
    numerator: u64,
    denominator: u64,
    values: Vec<f64>,
}

/// A metric's counts in every requested grouping, filled one cohort batch at a time.
pub struct Tally<'p> {
    people: &'p People,
    kind: MetricKind,
    all: Counts,
    /// (grouping name, person field) for the person-level groupings asked for.
    fields: Vec<(&'static str, usize)>,
    /// Per requested field: counts by code.
    by_field: Vec<Vec<Counts>>,
    /// Counts by year, when `year` is asked for.
    by_year: Option<HashMap<Option<i64>, Counts>>,
}

impl<'p> Tally<'p> {
    /// A tally for `by` (each a person-level field or `year`).
    pub fn new(people: &'p People, kind: MetricKind, by: &[&str]) -> Result<Self> {
        let mut fields = Vec::new();
        for b in by {
            if *b == "year" {
                continue;
            }
            let f = people
                .field(b)
                .ok_or_else(|| AnalyticsError::Unknown(format!("unknown grouping {b:?}")))?;
            if !fields.iter().any(|(_, x)| *x == f) {
                fields.push((people.fields[f], f));
            }
        }
        let by_field = fields
            .iter()
            .map(|(_, f)| vec![Counts::default(); people.labels[*f].len()])
            .collect();
        Ok(Self {
            people,
            kind,
            all: Counts::default(),
            fields,
            by_field,
            by_year: by.contains(&"year").then(HashMap::default),
        })
    }

    /// Adds a cohort batch: `person_key` (text), `year` (integer),
    /// `numerator` (boolean) and `value` (number), one row per person counted.
    pub fn add(&mut self, b: &RecordBatch) -> Result<()> {
        let keys = strings(b.column(0))?;
        let years = cast(b.column(1), &DataType::Int64).map_err(arrow_err)?;
        let years = years
            .as_any()
            .downcast_ref::<Int64Array>()
            .ok_or_else(|| AnalyticsError::Unknown("year is not an integer".into()))?;
        let nums = cast(b.column(2), &DataType::Boolean).map_err(arrow_err)?;
        let nums = nums
            .as_any()
            .downcast_ref::<BooleanArray>()
            .ok_or_else(|| AnalyticsError::Unknown("numerator is not boolean".into()))?;
        let values = cast(b.column(3), &DataType::Float64).map_err(arrow_err)?;
        let values = values
            .as_any()
            .downcast_ref::<Float64Array>()
            .ok_or_else(|| AnalyticsError::Unknown("value is not a number".into()))?;
        let width = self.people.fields.len();
        let median = self.kind == MetricKind::Median;
        for r in 0..b.num_rows() {
            let hit = !nums.is_null(r) && nums.value(r);
            let value = (median && !values.is_null(r)).then(|| values.value(r));
            let row = if keys.is_null(r) {
                None
            } else {
                self.people.rows.get(keys.value(r)).copied()
            };
            count(&mut self.all, hit, value);
            for (slot, (_, f)) in self.fields.iter().enumerate() {
                let code = match row {
                    Some(row) => self.people.codes[row as usize * width + f],
                    None => self.people.unknown[*f],
                };
                count(&mut self.by_field[slot][code as usize], hit, value);
            }
            if let Some(years_seen) = &mut self.by_year {
                let y = (!years.is_null(r)).then(|| years.value(r));
                count(years_seen.entry(y).or_default(), hit, value);
            }
        }
        Ok(())
    }

    /// The cells: the whole cohort first, then each grouping's groups in order.
    pub fn cells(self, metric_id: &str) -> Vec<Cell> {
        let kind = self.kind;
        let cell = |by: &str, value: String, c: Counts| {
            let (numerator, rate) = match kind {
                MetricKind::Rate => (
                    c.numerator,
                    (c.denominator > 0).then(|| c.numerator as f64 / c.denominator as f64),
                ),
                MetricKind::Median => (c.denominator, median_of(c.values)),
            };
            Cell {
                metric_id: metric_id.to_owned(),
                group_by: by.to_owned(),
                group_value: value,
                numerator,
                denominator: c.denominator,
                rate,
                median: kind == MetricKind::Median,
            }
        };
        let mut cells = vec![cell("all", "all".to_owned(), self.all)];
        for ((name, f), counts) in self.fields.iter().zip(self.by_field) {
            for (code, c) in counts.into_iter().enumerate() {
                if c.denominator > 0 {
                    cells.push(cell(name, self.people.labels[*f][code].clone(), c));
                }
            }
        }
        if let Some(years) = self.by_year {
            for (y, c) in years {
                let label = y.map_or_else(|| UNKNOWN.to_owned(), |y| y.to_string());
                cells.push(cell("year", label, c));
            }
        }
        cells.retain(|c| c.denominator > 0);
        sort_cells(&mut cells);
        cells
    }
}

fn count(c: &mut Counts, hit: bool, value: Option<f64>) {
    c.denominator += 1;
    if hit {
        c.numerator += 1;
    }
    if let Some(v) = value {
        c.values.push(v);
    }
}

/// The median as SQL's `median` gives it: nulls left out, the mean of the
/// two middle values for an even count, none for no values.
fn median_of(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The whole cohort first, then by grouping and group.
pub fn sort_cells(cells: &mut [Cell]) {
    cells.sort_by(|a, b| {
        (a.group_by != "all", &a.group_by, &a.group_value).cmp(&(
            b.group_by != "all",
            &b.group_by,
            &b.group_value,
        ))
    });
}

pub(crate) fn arrow_err(e: datafusion::arrow::error::ArrowError) -> AnalyticsError {
    AnalyticsError::engine("reading results", e.into())
}

pub(crate) fn strings(a: &dyn Array) -> Result<StringArray> {
    if let Some(s) = a.as_any().downcast_ref::<StringArray>() {
        return Ok(s.clone());
    }
    cast(a, &DataType::Utf8)
        .map_err(arrow_err)?
        .as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| AnalyticsError::Unknown("expected text".into()))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::datatypes::{Field, Schema};

    use super::*;

    fn people() -> People {
        let schema = Arc::new(Schema::new(vec![
            Field::new("person_key", DataType::Utf8, false),
            Field::new("sex", DataType::Utf8, true),
        ]));
        let b = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["a", "b", "c"])),
                Arc::new(StringArray::from(vec![Some("female"), Some("male"), None])),
            ],
        )
        .unwrap();
        let mut p = PeopleBuilder::new(vec!["sex"]);
        p.add(&b).unwrap();
        p.finish()
    }

    fn cohort(
        keys: &[&str],
        years: &[Option<i64>],
        hits: &[bool],
        values: &[Option<f64>],
    ) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("person_key", DataType::Utf8, false),
            Field::new("year", DataType::Int64, true),
            Field::new("numerator", DataType::Boolean, true),
            Field::new("value", DataType::Float64, true),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(keys.to_vec())),
                Arc::new(Int64Array::from(years.to_vec())),
                Arc::new(BooleanArray::from(hits.to_vec())),
                Arc::new(Float64Array::from(values.to_vec())),
            ],
        )
        .unwrap()
    }

    #[test]
    fn rates_count_every_grouping_and_unknown_people() {
        let p = people();
        let mut t = Tally::new(&p, MetricKind::Rate, &["sex", "year"]).unwrap();
        let b = cohort(
            &["a", "b", "c", "zz"],
            &[Some(2024), Some(2024), None, Some(2025)],
            &[true, false, true, true],
            &[None; 4],
        );
        t.add(&b).unwrap();
        let cells = t.cells("m");
        let get = |by: &str, v: &str| {
            let c = cells
                .iter()
                .find(|c| c.group_by == by && c.group_value == v)
                .unwrap();
            (c.numerator, c.denominator)
        };
        assert_eq!(cells[0].group_by, "all");
        assert_eq!(get("all", "all"), (3, 4));
        assert_eq!(get("sex", "female"), (1, 1));
        assert_eq!(get("sex", "male"), (0, 1));
        // A null label and a person missing from the index are both unknown.
        assert_eq!(get("sex", "unknown"), (2, 2));
        assert_eq!(get("year", "2024"), (1, 2));
        assert_eq!(get("year", "unknown"), (1, 1));
        assert_eq!(get("year", "2025"), (1, 1));
        assert!(Tally::new(&p, MetricKind::Rate, &["shoe_size"]).is_err());
    }

    #[test]
    fn medians_leave_out_nulls_and_average_the_middle_pair() {
        let p = people();
        let mut t = Tally::new(&p, MetricKind::Median, &["sex"]).unwrap();
        let b = cohort(
            &["a", "a", "b", "b", "c"],
            &[Some(1); 5],
            &[true; 5],
            &[Some(10.0), Some(30.0), Some(20.0), None, None],
        );
        t.add(&b).unwrap();
        let cells = t.cells("m");
        let all = &cells[0];
        assert_eq!(
            (all.numerator, all.denominator, all.rate),
            (5, 5, Some(20.0))
        );
        let f = cells.iter().find(|c| c.group_value == "female").unwrap();
        assert_eq!(f.rate, Some(20.0));
        let u = cells.iter().find(|c| c.group_value == "unknown").unwrap();
        assert_eq!((u.denominator, u.rate), (1, None));
        assert_eq!(median_of(vec![]), None);
    }
}
