//! The participant-data file contract (docs/participant-data.md) as data:
//! every table the generator writes, its columns, types and nullability.
//! The contract test in `tests/contract.rs` holds this list against the
//! document, so the two cannot drift apart silently.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Schema};

/// A column type of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    String,
    /// A 32-bit integer (years, grades, quarters).
    Int,
    /// A decimal number (credits, hours, dollars), written as a 64-bit float.
    Decimal,
    /// `true` / `false`.
    Bool,
    /// An ISO 8601 calendar date.
    Date,
}

impl ColumnType {
    /// The Arrow / Parquet type the column is written as.
    pub fn arrow(self) -> DataType {
        match self {
            ColumnType::String => DataType::Utf8,
            ColumnType::Int => DataType::Int32,
            ColumnType::Decimal => DataType::Float64,
            ColumnType::Bool => DataType::Boolean,
            ColumnType::Date => DataType::Date32,
        }
    }
}

/// One column: name, type, and whether the contract marks it required.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Column name, as in the contract.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
    /// Required (never null).
    pub required: bool,
}

const fn col(name: &'static str, ty: ColumnType, required: bool) -> Column {
    Column { name, ty, required }
}

use ColumnType::{Bool, Date, Decimal, Int, String as Str};

/// The tables the generator writes, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per person.
    Students,
    /// One row per student and school year.
    K12Enrollment,
    /// One row per CTE course taken.
    CteCourses,
    /// The programs of study (reference table).
    ProgramsOfStudy,
    /// The districts (reference table).
    Districts,
    /// One row per graduate.
    Graduation,
    /// Industry certifications, licenses and awards.
    CredentialsEarned,
    /// Work-based learning activities.
    Wbl,
    /// One row per postsecondary term enrolled.
    PostsecondaryEnrollment,
    /// Certificates and degrees conferred.
    PostsecondaryAwards,
    /// WIOA and other workforce program participation.
    WorkforceParticipation,
    /// Unemployment-insurance wage records, one per person, employer and quarter.
    Wages,
}

impl Table {
    /// Every table.
    pub const ALL: [Table; 12] = [
        Table::Students,
        Table::K12Enrollment,
        Table::CteCourses,
        Table::ProgramsOfStudy,
        Table::Districts,
        Table::Graduation,
        Table::CredentialsEarned,
        Table::Wbl,
        Table::PostsecondaryEnrollment,
        Table::PostsecondaryAwards,
        Table::WorkforceParticipation,
        Table::Wages,
    ];

    /// The file stem (`students` → `students.csv`).
    pub fn name(self) -> &'static str {
        match self {
            Table::Students => "students",
            Table::K12Enrollment => "k12_enrollment",
            Table::CteCourses => "cte_courses",
            Table::ProgramsOfStudy => "programs_of_study",
            Table::Districts => "districts",
            Table::Graduation => "graduation",
            Table::CredentialsEarned => "credentials_earned",
            Table::Wbl => "wbl",
            Table::PostsecondaryEnrollment => "postsecondary_enrollment",
            Table::PostsecondaryAwards => "postsecondary_awards",
            Table::WorkforceParticipation => "workforce_participation",
            Table::Wages => "wages",
        }
    }

    /// The columns, in file order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Students => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("birth_date", Date, false),
                    col("sex", Str, false),
                    col("race_ethnicity", Str, false),
                    col("economically_disadvantaged", Bool, false),
                    col("english_learner", Bool, false),
                    col("disability", Bool, false),
                    col("homeless", Bool, false),
                    col("foster_care", Bool, false),
                    col("migrant", Bool, false),
                    col("military_connected", Bool, false),
                    col("single_parent", Bool, false),
                    col("out_of_workforce", Bool, false),
                ];
                C
            }
            Table::K12Enrollment => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("school_year", Int, true),
                    col("district_id", Str, true),
                    col("school_id", Str, true),
                    col("grade", Int, true),
                    col("cohort_year", Int, true),
                ];
                C
            }
            Table::CteCourses => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("school_year", Int, true),
                    col("course_id", Str, true),
                    col("program_of_study_id", Str, true),
                    col("cip_code", Str, true),
                    col("credits", Decimal, true),
                    col("completed", Bool, true),
                    col("dual_credit", Bool, true),
                    col("nontraditional_for", Str, false),
                ];
                C
            }
            Table::ProgramsOfStudy => {
                const C: &[Column] = &[
                    col("program_of_study_id", Str, true),
                    col("name", Str, true),
                    col("pathway_id", Str, true),
                    col("pathway_name", Str, true),
                    col("target_naics", Str, false),
                ];
                C
            }
            Table::Districts => {
                const C: &[Column] = &[
                    col("district_id", Str, true),
                    col("name", Str, true),
                    col("region_id", Str, true),
                ];
                C
            }
            Table::Graduation => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("cohort_year", Int, true),
                    col("graduation_date", Date, true),
                    col("diploma_type", Str, true),
                ];
                C
            }
            Table::CredentialsEarned => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("date", Date, true),
                    col("credential_id", Str, true),
                    col("credential_type", Str, true),
                    col("recognized_postsecondary", Bool, true),
                ];
                C
            }
            Table::Wbl => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("school_year", Int, true),
                    col("stage", Str, true),
                    col("activity_type", Str, true),
                    col("hours", Decimal, true),
                ];
                C
            }
            Table::PostsecondaryEnrollment => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("year", Int, true),
                    col("term", Str, true),
                    col("institution_id", Str, true),
                    col("level", Str, true),
                    col("cip_code", Str, false),
                    col("cte", Bool, false),
                    col("credits_earned", Decimal, false),
                    col("nontraditional_for", Str, false),
                ];
                C
            }
            Table::PostsecondaryAwards => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("date", Date, true),
                    col("institution_id", Str, true),
                    col("award_level", Str, true),
                    col("cip_code", Str, true),
                ];
                C
            }
            Table::WorkforceParticipation => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("program", Str, true),
                    col("entry_date", Date, true),
                    col("exit_date", Date, false),
                ];
                C
            }
            Table::Wages => {
                const C: &[Column] = &[
                    col("person_key", Str, true),
                    col("year", Int, true),
                    col("quarter", Int, true),
                    col("employer_id", Str, true),
                    col("naics_code", Str, false),
                    col("wages", Decimal, true),
                ];
                C
            }
        }
    }

    /// The Arrow schema the table is written with.
    pub fn schema(self) -> Arc<Schema> {
        let fields: Vec<Field> = self
            .columns()
            .iter()
            .map(|c| Field::new(c.name, c.ty.arrow(), !c.required))
            .collect();
        Arc::new(Schema::new(fields))
    }
}

/// One cell, borrowed for the moment it takes to append it.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// Text.
    Str(&'a str),
    /// Integer.
    Int(i32),
    /// Decimal.
    Dec(f64),
    /// Boolean.
    Bool(bool),
    /// A date as days since 1970-01-01.
    Date(i32),
    /// Null (only in optional columns).
    Null,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`); `month` 1–12, `day` 1–31.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }

    #[test]
    fn every_table_starts_with_its_key() {
        for t in Table::ALL {
            let first = t.columns()[0];
            assert!(first.required, "{}", t.name());
            assert!(matches!(
                first.name,
                "person_key" | "program_of_study_id" | "district_id"
            ));
        }
    }
}
