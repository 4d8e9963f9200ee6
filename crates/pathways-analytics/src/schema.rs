//! The participant-data file contract (docs/participant-data.md) as data:
//! each table's columns, their types, and which may be null.
//!
//! The loader validates against these definitions, and the engine registers
//! absent optional tables as empty tables of the same schema so every metric
//! query plans whatever a region shares.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// The kind of value a column holds, with the rule it must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// An integer within an inclusive range.
    Int(i32, i32),
    /// A decimal number, at least zero.
    Decimal,
    /// `true`/`false`, `1`/`0`, `t`/`f`, `yes`/`no`.
    Bool,
    /// ISO 8601 `YYYY-MM-DD`.
    Date,
    /// A CIP 2020 code, normalized to `NN.NNNN`.
    Cip,
    /// A NAICS 2022 code.
    Naics,
    /// `;`-separated NAICS prefixes.
    NaicsList,
    /// One of a closed vocabulary.
    Vocab(&'static [&'static str]),
}

impl Kind {
    /// The Arrow type stored in Parquet.
    pub fn data_type(self) -> DataType {
        match self {
            Kind::Int(..) => DataType::Int32,
            Kind::Decimal => DataType::Float64,
            Kind::Bool => DataType::Boolean,
            Kind::Date => DataType::Date32,
            Kind::Text | Kind::Cip | Kind::Naics | Kind::NaicsList | Kind::Vocab(_) => {
                DataType::Utf8
            }
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name in the file header.
    pub name: &'static str,
    /// Its kind.
    pub kind: Kind,
    /// Whether a value is required (an empty field is an error).
    pub required: bool,
}

/// One table of the contract.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// File stem (`students` for `students.csv`).
    pub name: &'static str,
    /// Its columns.
    pub columns: &'static [Column],
    /// Whether every load must include it.
    pub required: bool,
    /// Whether each row's `person_key` must exist in `students`.
    pub person_keyed: bool,
}

impl Table {
    /// The Arrow schema of the stored table. Booleans whose null means
    /// `false` are stored non-null; other optional columns are nullable.
    pub fn schema(&self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns
                .iter()
                .map(|c| Field::new(c.name, c.kind.data_type(), !c.required && c.kind != Kind::Bool))
                .collect::<Vec<_>>(),
        ))
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn req(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: true,
    }
}
const fn opt(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: false,
    }
}

const YEAR: Kind = Kind::Int(1900, 2200);
/// The federal seven race/ethnicity categories.
pub const RACE_ETHNICITY: &[&str] = &[
    "american_indian_alaska_native",
    "asian",
    "black",
    "hispanic",
    "native_hawaiian_pacific_islander",
    "white",
    "two_or_more",
];
const SEX: Kind = Kind::Vocab(&["F", "M", "X"]);
const NONTRAD: Kind = Kind::Vocab(&["F", "M"]);

/// Special-population flags (Perkins V §3(48)) kept on `students`.
pub const FLAGS: &[&str] = &[
    "economically_disadvantaged",
    "english_learner",
    "disability",
    "homeless",
    "foster_care",
    "migrant",
    "military_connected",
    "single_parent",
    "out_of_workforce",
];

/// Every table of the contract, `students` first.
pub const TABLES: &[Table] = &[
    Table {
        name: "students",
        required: true,
        person_keyed: false,
        columns: &[
            req("person_key", Kind::Text),
            opt("birth_date", Kind::Date),
            opt("sex", SEX),
            opt("race_ethnicity", Kind::Vocab(RACE_ETHNICITY)),
            opt("economically_disadvantaged", Kind::Bool),
            opt("english_learner", Kind::Bool),
            opt("disability", Kind::Bool),
            opt("homeless", Kind::Bool),
            opt("foster_care", Kind::Bool),
            opt("migrant", Kind::Bool),
            opt("military_connected", Kind::Bool),
            opt("single_parent", Kind::Bool),
            opt("out_of_workforce", Kind::Bool),
        ],
    },
    Table {
        name: "k12_enrollment",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("school_year", YEAR),
            req("district_id", Kind::Text),
            req("school_id", Kind::Text),
            req("grade", Kind::Int(6, 12)),
            req("cohort_year", YEAR),
        ],
    },
    Table {
        name: "cte_courses",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("school_year", YEAR),
            req("course_id", Kind::Text),
            req("program_of_study_id", Kind::Text),
            req("cip_code", Kind::Cip),
            req("credits", Kind::Decimal),
            req("completed", Kind::Bool),
            req("dual_credit", Kind::Bool),
            opt("nontraditional_for", NONTRAD),
        ],
    },
    Table {
        name: "programs_of_study",
        required: false,
        person_keyed: false,
        columns: &[
            req("program_of_study_id", Kind::Text),
            req("name", Kind::Text),
            req("pathway_id", Kind::Text),
            req("pathway_name", Kind::Text),
            opt("target_naics", Kind::NaicsList),
        ],
    },
    Table {
        name: "districts",
        required: false,
        person_keyed: false,
        columns: &[
            req("district_id", Kind::Text),
            req("name", Kind::Text),
            req("region_id", Kind::Text),
        ],
    },
    Table {
        name: "graduation",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("cohort_year", YEAR),
            req("graduation_date", Kind::Date),
            req(
                "diploma_type",
                Kind::Vocab(&["standard", "advanced", "alternate", "ged"]),
            ),
        ],
    },
    Table {
        name: "credentials_earned",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("date", Kind::Date),
            req("credential_id", Kind::Text),
            req(
                "credential_type",
                Kind::Vocab(&[
                    "industry_certification",
                    "license",
                    "certificate",
                    "associate",
                    "bachelor",
                    "apprenticeship",
                ]),
            ),
            req("recognized_postsecondary", Kind::Bool),
        ],
    },
    Table {
        name: "wbl",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("school_year", YEAR),
            req(
                "stage",
                Kind::Vocab(&[
                    "career_awareness",
                    "career_exploration",
                    "career_preparation",
                    "career_training",
                ]),
            ),
            req("activity_type", Kind::Text),
            req("hours", Kind::Decimal),
        ],
    },
    Table {
        name: "postsecondary_enrollment",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("year", YEAR),
            req("term", Kind::Vocab(&["fall", "spring", "summer"])),
            req("institution_id", Kind::Text),
            req(
                "level",
                Kind::Vocab(&["certificate", "associate", "bachelor", "graduate", "noncredit"]),
            ),
            opt("cip_code", Kind::Cip),
            opt("cte", Kind::Bool),
            opt("credits_earned", Kind::Decimal),
            opt("nontraditional_for", NONTRAD),
        ],
    },
    Table {
        name: "postsecondary_awards",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("date", Kind::Date),
            req("institution_id", Kind::Text),
            req(
                "award_level",
                Kind::Vocab(&["certificate", "associate", "bachelor", "graduate"]),
            ),
            req("cip_code", Kind::Cip),
        ],
    },
    Table {
        name: "workforce_participation",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req(
                "program",
                Kind::Vocab(&[
                    "wioa_adult",
                    "wioa_dislocated_worker",
                    "wioa_youth",
                    "wagner_peyser",
                    "other",
                ]),
            ),
            req("entry_date", Kind::Date),
            opt("exit_date", Kind::Date),
        ],
    },
    Table {
        name: "wages",
        required: false,
        person_keyed: true,
        columns: &[
            req("person_key", Kind::Text),
            req("year", YEAR),
            req("quarter", Kind::Int(1, 4)),
            req("employer_id", Kind::Text),
            opt("naics_code", Kind::Naics),
            req("wages", Kind::Decimal),
        ],
    },
];

/// The table named `name`.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}
