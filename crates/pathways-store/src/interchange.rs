//! CSV import and export of the catalog, with documented columns.
//!
//! Files refer to other records by natural key (an organization's name, a
//! course's provider and code), never by database id, so the same file loads
//! into any installation. An import checks every row first and reports every
//! problem with its line, column and reason; only a file without problems is
//! written, in one transaction. Re-importing the same file changes nothing.

use std::collections::HashMap;
use std::io::{Read, Write};

use pathways_domain::catalog::*;
use pathways_domain::vocab::*;
use pathways_domain::{CipCode, NaicsCode, SocCode, Validate};
use sqlx::{AnyConnection, Row};

use crate::Store;
use crate::entity::{self, Entity, Upserted};
use crate::error::{Result, StoreError};
use crate::sql::Sql;

/// The catalog entities that can be imported and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogEntity {
    /// Regions.
    Regions,
    /// Organizations.
    Organizations,
    /// Occupations.
    Occupations,
    /// Industries.
    Industries,
    /// Programs.
    Programs,
    /// Courses.
    Courses,
    /// Credentials.
    Credentials,
    /// Pathways.
    Pathways,
}

impl CatalogEntity {
    /// All, in an order where each file's references are already loaded.
    pub const ALL: [CatalogEntity; 8] = [
        CatalogEntity::Regions,
        CatalogEntity::Organizations,
        CatalogEntity::Occupations,
        CatalogEntity::Industries,
        CatalogEntity::Programs,
        CatalogEntity::Courses,
        CatalogEntity::Credentials,
        CatalogEntity::Pathways,
    ];

    /// The plural name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            CatalogEntity::Regions => "regions",
            CatalogEntity::Organizations => "organizations",
            CatalogEntity::Occupations => "occupations",
            CatalogEntity::Industries => "industries",
            CatalogEntity::Programs => "programs",
            CatalogEntity::Courses => "courses",
            CatalogEntity::Credentials => "credentials",
            CatalogEntity::Pathways => "pathways",
        }
    }

    /// Parses a plural name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.name() == s)
    }

    /// The CSV columns, in order. Lists are separated by `;`.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            CatalogEntity::Regions => &["name", "area_codes"],
            CatalogEntity::Organizations => &[
                "name", "sector", "kind", "region", "parent", "city", "naics", "website",
            ],
            CatalogEntity::Occupations => &["soc", "title", "description"],
            CatalogEntity::Industries => &["naics", "title"],
            CatalogEntity::Programs => &[
                "provider",
                "name",
                "kind",
                "cip",
                "seats",
                "annual_completers",
                "description",
            ],
            CatalogEntity::Courses => &[
                "provider",
                "code",
                "title",
                "credit_hours",
                "level",
                "dual_credit",
                "advanced_academic",
                "subject",
                "prerequisites",
            ],
            CatalogEntity::Credentials => &[
                "name",
                "kind",
                "issuer",
                "issuer_org",
                "occupations",
                "stacks_into",
            ],
            CatalogEntity::Pathways => &[
                "region",
                "name",
                "sector",
                "target_occupations",
                "programs",
                "courses",
                "description",
            ],
        }
    }
}

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    /// Column name.
    pub column: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.reason
        )
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows with problems; nothing was written.
    #[error("{file}: {} problem(s), nothing was imported:\n{}", .problems.len(), .problems.iter().map(|p| format!("  {}: {p}", .file)).collect::<Vec<_>>().join("\n"))]
    Rows {
        /// The file's name.
        file: String,
        /// Every problem.
        problems: Vec<RowProblem>,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// Rows read.
    pub rows: u64,
    /// New records.
    pub created: u64,
    /// Changed records.
    pub updated: u64,
    /// Records already equal to their row.
    pub unchanged: u64,
}

type Record = HashMap<String, String>;

fn list(v: &str) -> Vec<String> {
    v.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn opt(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Natural-key lookups of records already in the store.
#[derive(Debug, Default)]
struct Keys {
    regions: HashMap<String, Id>,
    orgs: HashMap<String, Id>,
    programs: HashMap<(Id, String), Id>,
    courses: HashMap<(Id, String), Id>,
    credentials: HashMap<String, Id>,
    // Reverse maps for export.
    region_names: HashMap<Id, String>,
    org_names: HashMap<Id, String>,
    program_keys: HashMap<Id, (Id, String)>,
    course_keys: HashMap<Id, (Id, String)>,
    credential_names: HashMap<Id, String>,
}

async fn pairs(conn: &mut AnyConnection, sql: &str) -> Result<Vec<(Id, String, Option<Id>)>> {
    let rows = Sql::new(sql).query().fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("k")?,
                r.try_get::<Option<Id>, _>("p").unwrap_or(None),
            ))
        })
        .collect()
}

impl Keys {
    async fn load(conn: &mut AnyConnection) -> Result<Self> {
        let mut k = Keys::default();
        for (id, name, _) in pairs(conn, "SELECT id, name AS k, NULL AS p FROM regions").await? {
            k.regions.insert(name.clone(), id);
            k.region_names.insert(id, name);
        }
        for (id, name, _) in
            pairs(conn, "SELECT id, name AS k, NULL AS p FROM organizations").await?
        {
            k.orgs.insert(name.clone(), id);
            k.org_names.insert(id, name);
        }
        for (id, name, p) in
            pairs(conn, "SELECT id, name AS k, provider_id AS p FROM programs").await?
        {
            let key = (p.unwrap_or_default(), name);
            k.programs.insert(key.clone(), id);
            k.program_keys.insert(id, key);
        }
        for (id, code, p) in
            pairs(conn, "SELECT id, code AS k, provider_id AS p FROM courses").await?
        {
            let key = (p.unwrap_or_default(), code);
            k.courses.insert(key.clone(), id);
            k.course_keys.insert(id, key);
        }
        for (id, name, _) in pairs(conn, "SELECT id, name AS k, NULL AS p FROM credentials").await?
        {
            k.credentials.insert(name.clone(), id);
            k.credential_names.insert(id, name);
        }
        Ok(k)
    }
}

/// Collects problems for one row.
struct RowCheck<'a> {
    line: u64,
    problems: &'a mut Vec<RowProblem>,
}

impl RowCheck<'_> {
    fn bad(&mut self, column: &str, reason: impl Into<String>) {
        self.problems.push(RowProblem {
            line: self.line,
            column: column.to_owned(),
            reason: reason.into(),
        });
    }

    fn parse<T, E: std::fmt::Display>(
        &mut self,
        column: &str,
        v: &str,
        f: impl FnOnce(&str) -> std::result::Result<T, E>,
    ) -> Option<T> {
        match f(v) {
            Ok(x) => Some(x),
            Err(e) => {
                self.bad(column, e.to_string());
                None
            }
        }
    }

    fn int(&mut self, column: &str, v: &str) -> Option<i64> {
        if v.trim().is_empty() {
            return Some(0);
        }
        self.parse(column, v.trim(), |s| {
            s.parse::<i64>()
                .map_err(|_| format!("{s:?} is not a whole number"))
        })
    }

    fn count(&mut self, column: &str, v: &str) -> Option<i64> {
        let n = self.int(column, v)?;
        if n < 0 {
            self.bad(column, "must not be negative");
            return None;
        }
        Some(n)
    }

    fn float(&mut self, column: &str, v: &str) -> Option<f64> {
        self.parse(column, v.trim(), |s| {
            s.parse::<f64>()
                .map_err(|_| format!("{s:?} is not a number"))
        })
    }

    fn flag(&mut self, column: &str, v: &str) -> Option<bool> {
        match v.trim().to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "n" | "0" => Some(false),
            "true" | "yes" | "y" | "1" => Some(true),
            other => {
                self.bad(column, format!("{other:?} is not true/false"));
                None
            }
        }
    }

    fn socs(&mut self, column: &str, v: &str) -> Vec<SocCode> {
        list(v)
            .iter()
            .filter_map(|s| self.parse(column, s, SocCode::parse))
            .collect()
    }

    fn validated<T: Validate>(
        &mut self,
        input: T,
        column_of: impl Fn(&str) -> String,
    ) -> Option<T> {
        match input.validate() {
            Ok(()) => Some(input),
            Err(errs) => {
                for e in errs {
                    self.bad(&column_of(&e.field), e.message);
                }
                None
            }
        }
    }
}

fn same_column(f: &str) -> String {
    f.to_owned()
}

/// A parsed row: the input, plus references by name still to resolve after
/// earlier rows of the same file are written.
enum Parsed {
    Region(RegionInput),
    Org(OrganizationInput, Option<String>),
    Occupation(OccupationInput),
    Industry(IndustryInput),
    Program(ProgramInput),
    Course(CourseInput, Vec<String>),
    Credential(CredentialInput, Vec<String>),
    Pathway(PathwayInput),
}

fn parse_row(
    e: CatalogEntity,
    r: &Record,
    keys: &Keys,
    file_names: &FileNames,
    c: &mut RowCheck,
) -> Option<Parsed> {
    let g = |k: &str| r.get(k).map(String::as_str).unwrap_or("");
    let org = |c: &mut RowCheck, col: &str, name: &str, required: bool| -> Option<Option<Id>> {
        let name = name.trim();
        if name.is_empty() {
            if required {
                c.bad(col, "must name an organization");
                return None;
            }
            return Some(None);
        }
        match keys.orgs.get(name) {
            Some(id) => Some(Some(*id)),
            None if file_names.orgs.contains_key(name) => Some(Some(-1)),
            None => {
                c.bad(
                    col,
                    format!("no organization named {name:?} (import organizations first)"),
                );
                None
            }
        }
    };
    match e {
        CatalogEntity::Regions => {
            let areas: Vec<AreaCode> = list(g("area_codes"))
                .iter()
                .filter_map(|a| c.parse("area_codes", a, AreaCode::parse))
                .collect();
            let input = RegionInput {
                name: g("name").trim().to_owned(),
                area_codes: areas,
            };
            c.validated(input, same_column).map(Parsed::Region)
        }
        CatalogEntity::Organizations => {
            let sector = c.parse("sector", g("sector"), Sector::parse);
            let kind = if g("kind").trim().is_empty() {
                Some(OrganizationKind::Other)
            } else {
                c.parse("kind", g("kind"), OrganizationKind::parse)
            };
            let region = match opt(g("region")) {
                None => Some(None),
                Some(n) => match keys.regions.get(&n) {
                    Some(id) => Some(Some(*id)),
                    None => {
                        c.bad(
                            "region",
                            format!("no region named {n:?} (import regions first)"),
                        );
                        None
                    }
                },
            };
            let parent_name = opt(g("parent"));
            let parent_ok = match &parent_name {
                Some(p) if !keys.orgs.contains_key(p) && !file_names.orgs.contains_key(p) => {
                    c.bad(
                        "parent",
                        format!("no organization named {p:?} in the store or this file"),
                    );
                    false
                }
                _ => true,
            };
            let naics = match opt(g("naics")) {
                None => Some(None),
                Some(n) => c.parse("naics", &n, NaicsCode::parse).map(Some),
            };
            let (Some(sector), Some(kind), Some(region_id), Some(naics), true) =
                (sector, kind, region, naics, parent_ok)
            else {
                return None;
            };
            let input = OrganizationInput {
                name: g("name").trim().to_owned(),
                sector,
                kind,
                region_id,
                parent_id: parent_name.as_ref().and_then(|p| keys.orgs.get(p).copied()),
                city: opt(g("city")),
                naics,
                website: opt(g("website")),
            };
            c.validated(input, |f| {
                if f == "parent_id" {
                    "parent".into()
                } else {
                    f.to_owned()
                }
            })
            .map(|i| Parsed::Org(i, parent_name))
        }
        CatalogEntity::Occupations => {
            let soc = c.parse("soc", g("soc"), SocCode::parse)?;
            let input = OccupationInput {
                soc,
                title: g("title").trim().to_owned(),
                description: opt(g("description")),
            };
            c.validated(input, same_column).map(Parsed::Occupation)
        }
        CatalogEntity::Industries => {
            let naics = c.parse("naics", g("naics"), NaicsCode::parse)?;
            let input = IndustryInput {
                naics,
                title: g("title").trim().to_owned(),
            };
            c.validated(input, same_column).map(Parsed::Industry)
        }
        CatalogEntity::Programs => {
            let provider = org(c, "provider", g("provider"), true);
            let kind = c.parse("kind", g("kind"), ProgramKind::parse);
            let cip = c.parse("cip", g("cip"), CipCode::parse);
            let seats = c.count("seats", g("seats"));
            let completers = c.count("annual_completers", g("annual_completers"));
            let (
                Some(Some(provider_id)),
                Some(kind),
                Some(cip),
                Some(seats),
                Some(annual_completers),
            ) = (provider, kind, cip, seats, completers)
            else {
                return None;
            };
            let input = ProgramInput {
                name: g("name").trim().to_owned(),
                kind,
                cip,
                provider_id,
                seats,
                annual_completers,
                description: opt(g("description")),
            };
            c.validated(input, |f| {
                if f == "provider_id" {
                    "provider".into()
                } else {
                    f.to_owned()
                }
            })
            .map(Parsed::Program)
        }
        CatalogEntity::Courses => {
            let provider = org(c, "provider", g("provider"), true);
            let credit = c.float("credit_hours", g("credit_hours"));
            let level = c.parse("level", g("level"), CourseLevel::parse);
            let dual = c.flag("dual_credit", g("dual_credit"));
            let adv = c.flag("advanced_academic", g("advanced_academic"));
            let (
                Some(Some(provider_id)),
                Some(credit_hours),
                Some(level),
                Some(dual_credit),
                Some(advanced_academic),
            ) = (provider, credit, level, dual, adv)
            else {
                return None;
            };
            let prereqs = list(g("prerequisites"));
            let prov_name = g("provider").trim().to_owned();
            for p in &prereqs {
                let known = keys.courses.contains_key(&(provider_id, p.clone()))
                    || file_names
                        .courses
                        .contains_key(&(prov_name.clone(), p.clone()));
                if !known {
                    c.bad(
                        "prerequisites",
                        format!("no course {p:?} of {prov_name} in the store or this file"),
                    );
                }
            }
            let input = CourseInput {
                code: g("code").trim().to_owned(),
                title: g("title").trim().to_owned(),
                credit_hours,
                provider_id,
                level,
                dual_credit,
                advanced_academic,
                subject: opt(g("subject")),
                prerequisite_ids: vec![],
            };
            c.validated(input, |f| {
                if f == "provider_id" {
                    "provider".into()
                } else {
                    f.to_owned()
                }
            })
            .map(|i| Parsed::Course(i, prereqs))
        }
        CatalogEntity::Credentials => {
            let kind = c.parse("kind", g("kind"), CredentialKind::parse);
            let issuer = org(c, "issuer_org", g("issuer_org"), false);
            let occupations = c.socs("occupations", g("occupations"));
            let stacks = list(g("stacks_into"));
            for s in &stacks {
                if !keys.credentials.contains_key(s) && !file_names.credentials.contains_key(s) {
                    c.bad(
                        "stacks_into",
                        format!("no credential named {s:?} in the store or this file"),
                    );
                }
            }
            let (Some(kind), Some(issuer_id)) = (kind, issuer) else {
                return None;
            };
            let input = CredentialInput {
                name: g("name").trim().to_owned(),
                kind,
                issuer: g("issuer").trim().to_owned(),
                issuer_id,
                occupations,
                stacks_into_ids: vec![],
            };
            c.validated(input, same_column)
                .map(|i| Parsed::Credential(i, stacks))
        }
        CatalogEntity::Pathways => {
            let region = match keys.regions.get(g("region").trim()) {
                Some(id) => Some(*id),
                None => {
                    c.bad(
                        "region",
                        format!(
                            "no region named {:?} (import regions first)",
                            g("region").trim()
                        ),
                    );
                    None
                }
            };
            let sector = c.parse("sector", g("sector"), IndustrySector::parse);
            let targets = c.socs("target_occupations", g("target_occupations"));
            let mut program_ids = Vec::new();
            for p in list(g("programs")) {
                let id = p.split_once('|').and_then(|(prov, name)| {
                    keys.orgs
                        .get(prov.trim())
                        .and_then(|o| keys.programs.get(&(*o, name.trim().to_owned())))
                });
                match id {
                    Some(id) => program_ids.push(*id),
                    None => c.bad(
                        "programs",
                        format!("no program {p:?} (write provider|program name)"),
                    ),
                }
            }
            let mut course_ids = Vec::new();
            for p in list(g("courses")) {
                let id = p.split_once('|').and_then(|(prov, code)| {
                    keys.orgs
                        .get(prov.trim())
                        .and_then(|o| keys.courses.get(&(*o, code.trim().to_owned())))
                });
                match id {
                    Some(id) => course_ids.push(*id),
                    None => c.bad(
                        "courses",
                        format!("no course {p:?} (write provider|course code)"),
                    ),
                }
            }
            let (Some(region_id), Some(sector)) = (region, sector) else {
                return None;
            };
            let input = PathwayInput {
                name: g("name").trim().to_owned(),
                sector,
                region_id,
                target_occupations: targets,
                program_ids,
                course_ids,
                description: opt(g("description")),
            };
            c.validated(input, same_column).map(Parsed::Pathway)
        }
    }
}

/// Names defined by the file itself (for references between its rows).
#[derive(Debug, Default)]
struct FileNames {
    orgs: HashMap<String, u64>,
    courses: HashMap<(String, String), u64>,
    credentials: HashMap<String, u64>,
}

fn natural_key(e: CatalogEntity, r: &Record) -> Vec<String> {
    let g = |k: &str| r.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    match e {
        CatalogEntity::Regions | CatalogEntity::Organizations | CatalogEntity::Credentials => {
            vec![g("name")]
        }
        CatalogEntity::Occupations => vec![g("soc")],
        CatalogEntity::Industries => vec![g("naics")],
        CatalogEntity::Programs => vec![g("provider"), g("name")],
        CatalogEntity::Courses => vec![g("provider"), g("code")],
        CatalogEntity::Pathways => vec![g("region"), g("name")],
    }
}

/// Reads a CSV into records, checking the header.
fn read_records(
    e: CatalogEntity,
    reader: impl Read,
    problems: &mut Vec<RowProblem>,
) -> Vec<(u64, Record)> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::Headers)
        .from_reader(reader);
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_owned())
            .collect(),
        Err(err) => {
            problems.push(RowProblem {
                line: 1,
                column: "(header)".into(),
                reason: err.to_string(),
            });
            return vec![];
        }
    };
    let known = e.columns();
    for h in &headers {
        if !known.contains(&h.as_str()) {
            problems.push(RowProblem {
                line: 1,
                column: h.clone(),
                reason: format!(
                    "unknown column; {} files have: {}",
                    e.name(),
                    known.join(", ")
                ),
            });
        }
    }
    let required: &[&str] = match e {
        CatalogEntity::Regions | CatalogEntity::Credentials => &["name"],
        CatalogEntity::Organizations => &["name", "sector"],
        CatalogEntity::Occupations => &["soc", "title"],
        CatalogEntity::Industries => &["naics", "title"],
        CatalogEntity::Programs => &["provider", "name", "kind", "cip"],
        CatalogEntity::Courses => &["provider", "code", "title", "credit_hours", "level"],
        CatalogEntity::Pathways => &["region", "name", "sector"],
    };
    for r in required {
        if !headers.iter().any(|h| h == r) {
            problems.push(RowProblem {
                line: 1,
                column: (*r).to_owned(),
                reason: "required column is missing".into(),
            });
        }
    }
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i as u64 + 2;
        match rec {
            Ok(rec) => {
                let line = rec.position().map(|p| p.line()).unwrap_or(line);
                out.push((
                    line,
                    headers
                        .iter()
                        .cloned()
                        .zip(rec.iter().map(str::to_owned))
                        .collect(),
                ));
            }
            Err(err) => {
                let line = err.position().map(|p| p.line()).unwrap_or(line);
                problems.push(RowProblem {
                    line,
                    column: "(row)".into(),
                    reason: err.to_string(),
                });
            }
        }
    }
    out
}

/// Checks every row of a file against the store's natural keys: the rows
/// parsed, or every problem found (sorted by line and column).
fn validate(
    entity: CatalogEntity,
    records: &[(u64, Record)],
    keys: &Keys,
    mut problems: Vec<RowProblem>,
) -> std::result::Result<Vec<(u64, Parsed)>, Vec<RowProblem>> {
    let mut names = FileNames::default();
    let mut seen: HashMap<Vec<String>, u64> = HashMap::new();
    for (line, r) in records {
        let key = natural_key(entity, r);
        if let Some(first) = seen.insert(key.clone(), *line) {
            problems.push(RowProblem {
                line: *line,
                column: entity.columns()[usize::from(key.len() > 1)].to_owned(),
                reason: format!("duplicates line {first}: the same record appears twice"),
            });
        }
        let g = |k: &str| r.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
        match entity {
            CatalogEntity::Organizations => {
                names.orgs.insert(g("name"), *line);
            }
            CatalogEntity::Courses => {
                names.courses.insert((g("provider"), g("code")), *line);
            }
            CatalogEntity::Credentials => {
                names.credentials.insert(g("name"), *line);
            }
            _ => {}
        }
    }
    let mut parsed = Vec::with_capacity(records.len());
    for (line, r) in records {
        let mut check = RowCheck {
            line: *line,
            problems: &mut problems,
        };
        if let Some(p) = parse_row(entity, r, keys, &names, &mut check) {
            parsed.push((*line, p));
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
        return Err(problems);
    }
    Ok(parsed)
}

/// The pure parse/validate step of a catalog import, without a store: reads
/// `reader` as a CSV of `entity` and checks every row as an import into an
/// empty catalog would (references must then point at rows of the same
/// file). Returns the number of valid rows, or every problem found. Nothing
/// is written anywhere; this is what `import_csv` runs before its writes,
/// exposed for fuzzing and for checking a file ahead of an import.
pub fn check_csv(
    entity: CatalogEntity,
    reader: impl Read,
) -> std::result::Result<usize, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let records = read_records(entity, reader, &mut problems);
    validate(entity, &records, &Keys::default(), problems).map(|p| p.len())
}

impl Store {
    /// Imports a CSV file of `entity`: all rows or nothing.
    pub async fn import_csv(
        &self,
        entity: CatalogEntity,
        file_name: &str,
        reader: impl Read,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> std::result::Result<ImportSummary, ImportError> {
        let mut problems = Vec::new();
        let records = read_records(entity, reader, &mut problems);
        let mut tx = self.begin().await?;
        let keys = Keys::load(&mut tx).await?;
        let parsed =
            validate(entity, &records, &keys, problems).map_err(|problems| ImportError::Rows {
                file: file_name.to_owned(),
                problems,
            })?;
        let total = parsed.len() as u64;
        let mut summary = ImportSummary {
            rows: total,
            ..Default::default()
        };
        let mut keys = keys;
        // Rows that refer to other rows of the same file are written after them.
        let mut pending = parsed;
        let mut round_problems = Vec::new();
        let mut done = 0u64;
        while !pending.is_empty() {
            let before = pending.len();
            let mut next_round = Vec::new();
            for (line, p) in pending {
                match resolve(p, &keys) {
                    Ok(input) => {
                        let outcome = write(&mut tx, &input, &keys).await.map_err(|e| match e {
                            StoreError::Invalid(errs) => ImportError::Rows {
                                file: file_name.to_owned(),
                                problems: errs
                                    .into_iter()
                                    .map(|f| RowProblem {
                                        line,
                                        column: f.field,
                                        reason: f.message,
                                    })
                                    .collect(),
                            },
                            other => ImportError::Store(other),
                        })?;
                        let id = match outcome {
                            Upserted::Created(id) => {
                                summary.created += 1;
                                id
                            }
                            Upserted::Updated(id) => {
                                summary.updated += 1;
                                id
                            }
                            Upserted::Unchanged(id) => {
                                summary.unchanged += 1;
                                id
                            }
                        };
                        remember(&input, id, &mut keys);
                        done += 1;
                        if done.is_multiple_of(256) || done == total {
                            progress(done, total);
                        }
                    }
                    Err(waiting) => next_round.push((line, waiting)),
                }
            }
            if next_round.len() == before {
                for (line, p) in &next_round {
                    let column = match p {
                        Parsed::Org(..) => "parent",
                        Parsed::Course(..) => "prerequisites",
                        _ => "stacks_into",
                    };
                    round_problems.push(RowProblem {
                        line: *line,
                        column: column.into(),
                        reason: "refers to rows that form a cycle".into(),
                    });
                }
                return Err(ImportError::Rows {
                    file: file_name.to_owned(),
                    problems: round_problems,
                });
            }
            pending = next_round;
        }
        tx.commit().await.map_err(StoreError::from)?;
        self.touch_catalog();
        Ok(summary)
    }

    /// Exports every record of `entity` as CSV with the documented columns.
    pub async fn export_csv(&self, entity: CatalogEntity, out: impl Write) -> Result<u64> {
        let mut conn = self.conn().await?;
        let keys = Keys::load(&mut conn).await?;
        let mut w = csv::Writer::from_writer(out);
        let io = |e: csv::Error| {
            StoreError::Database(sqlx::Error::Io(std::io::Error::other(e.to_string())))
        };
        w.write_record(entity.columns()).map_err(io)?;
        let join = |v: Vec<String>| v.join(";");
        let org = |id: Option<Id>| {
            id.and_then(|i| keys.org_names.get(&i).cloned())
                .unwrap_or_default()
        };
        let mut after = None;
        let mut n = 0u64;
        loop {
            macro_rules! page {
                ($t:ty) => {{
                    let p = entity::list::<$t>(&mut conn, &Default::default(), after, 500).await?;
                    after = p.next_cursor;
                    p.items
                }};
            }
            let rows: Vec<Vec<String>> = match entity {
                CatalogEntity::Regions => page!(RegionInput)
                    .into_iter()
                    .map(|s| {
                        let f = s.fields;
                        vec![
                            f.name,
                            join(f.area_codes.iter().map(|a| a.to_string()).collect()),
                        ]
                    })
                    .collect(),
                CatalogEntity::Organizations => page!(OrganizationInput)
                    .into_iter()
                    .map(|s| {
                        let f = s.fields;
                        vec![
                            f.name,
                            f.sector.to_string(),
                            f.kind.to_string(),
                            f.region_id
                                .and_then(|r| keys.region_names.get(&r).cloned())
                                .unwrap_or_default(),
                            org(f.parent_id),
                            f.city.unwrap_or_default(),
                            f.naics.map(|n| n.to_string()).unwrap_or_default(),
                            f.website.unwrap_or_default(),
                        ]
                    })
                    .collect(),
                CatalogEntity::Occupations => page!(OccupationInput)
                    .into_iter()
                    .map(|s| {
                        let f = s.fields;
                        vec![
                            f.soc.to_string(),
                            f.title,
                            f.description.unwrap_or_default(),
                        ]
                    })
                    .collect(),
                CatalogEntity::Industries => page!(IndustryInput)
                    .into_iter()
                    .map(|s| vec![s.fields.naics.to_string(), s.fields.title])
                    .collect(),
                CatalogEntity::Programs => page!(ProgramInput)
                    .into_iter()
                    .map(|s| {
                        let f = s.fields;
                        vec![
                            org(Some(f.provider_id)),
                            f.name,
                            f.kind.to_string(),
                            f.cip.to_string(),
                            f.seats.to_string(),
                            f.annual_completers.to_string(),
                            f.description.unwrap_or_default(),
                        ]
                    })
                    .collect(),
                CatalogEntity::Courses => page!(CourseInput)
                    .into_iter()
                    .map(|s| {
                        let f = s.fields;
                        let pre = f
                            .prerequisite_ids
                            .iter()
                            .filter_map(|i| keys.course_keys.get(i).map(|k| k.1.clone()))
                            .collect();
                        vec![
                            org(Some(f.provider_id)),
                            f.code,
                            f.title,
                            f.credit_hours.to_string(),
                            f.level.to_string(),
                            f.dual_credit.to_string(),
                            f.advanced_academic.to_string(),
                            f.subject.unwrap_or_default(),
                            join(pre),
                        ]
                    })
                    .collect(),
                CatalogEntity::Credentials => page!(CredentialInput)
                    .into_iter()
                    .map(|s| {
                        let f = s.fields;
                        let stacks = f
                            .stacks_into_ids
                            .iter()
                            .filter_map(|i| keys.credential_names.get(i).cloned())
                            .collect();
                        vec![
                            f.name,
                            f.kind.to_string(),
                            f.issuer,
                            org(f.issuer_id),
                            join(f.occupations.iter().map(|o| o.to_string()).collect()),
                            join(stacks),
                        ]
                    })
                    .collect(),
                CatalogEntity::Pathways => page!(PathwayInput)
                    .into_iter()
                    .map(|s| {
                        let f = s.fields;
                        let programs = f
                            .program_ids
                            .iter()
                            .filter_map(|i| {
                                keys.program_keys
                                    .get(i)
                                    .map(|(p, n)| format!("{}|{}", org(Some(*p)), n))
                            })
                            .collect();
                        let courses = f
                            .course_ids
                            .iter()
                            .filter_map(|i| {
                                keys.course_keys
                                    .get(i)
                                    .map(|(p, c)| format!("{}|{}", org(Some(*p)), c))
                            })
                            .collect();
                        vec![
                            keys.region_names
                                .get(&f.region_id)
                                .cloned()
                                .unwrap_or_default(),
                            f.name,
                            f.sector.to_string(),
                            join(f.target_occupations.iter().map(|o| o.to_string()).collect()),
                            join(programs),
                            join(courses),
                            f.description.unwrap_or_default(),
                        ]
                    })
                    .collect(),
            };
            for r in rows {
                w.write_record(&r).map_err(io)?;
                n += 1;
            }
            if after.is_none() {
                break;
            }
        }
        w.flush()
            .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        Ok(n)
    }
}

/// An input ready to write, or the parsed row back when it still waits for
/// rows of the same file it refers to.
#[allow(clippy::result_large_err)] // the Err is the row itself, handed back to wait a round
fn resolve(p: Parsed, keys: &Keys) -> std::result::Result<Resolved, Parsed> {
    match p {
        Parsed::Region(i) => Ok(Resolved::Region(i)),
        Parsed::Org(mut i, parent) => match parent {
            None => Ok(Resolved::Org(i)),
            Some(name) => match keys.orgs.get(&name) {
                Some(id) => {
                    i.parent_id = Some(*id);
                    Ok(Resolved::Org(i))
                }
                None => Err(Parsed::Org(i, Some(name))),
            },
        },
        Parsed::Occupation(i) => Ok(Resolved::Occupation(i)),
        Parsed::Industry(i) => Ok(Resolved::Industry(i)),
        Parsed::Program(mut i) => {
            if i.provider_id < 0 {
                return Err(Parsed::Program(i));
            }
            i.provider_id = i.provider_id.max(0);
            Ok(Resolved::Program(i))
        }
        Parsed::Course(mut i, prereqs) => {
            let ids: Option<Vec<Id>> = prereqs
                .iter()
                .map(|c| keys.courses.get(&(i.provider_id, c.clone())).copied())
                .collect();
            match ids {
                Some(ids) => {
                    i.prerequisite_ids = ids;
                    Ok(Resolved::Course(i))
                }
                None => Err(Parsed::Course(i, prereqs)),
            }
        }
        Parsed::Credential(mut i, stacks) => {
            let ids: Option<Vec<Id>> = stacks
                .iter()
                .map(|c| keys.credentials.get(c).copied())
                .collect();
            match ids {
                Some(ids) => {
                    i.stacks_into_ids = ids;
                    Ok(Resolved::Credential(i))
                }
                None => Err(Parsed::Credential(i, stacks)),
            }
        }
        Parsed::Pathway(i) => Ok(Resolved::Pathway(i)),
    }
}

enum Resolved {
    Region(RegionInput),
    Org(OrganizationInput),
    Occupation(OccupationInput),
    Industry(IndustryInput),
    Program(ProgramInput),
    Course(CourseInput),
    Credential(CredentialInput),
    Pathway(PathwayInput),
}

async fn write(conn: &mut AnyConnection, r: &Resolved, keys: &Keys) -> Result<Upserted> {
    async fn up<E: Entity>(conn: &mut AnyConnection, e: &E, may_exist: bool) -> Result<Upserted> {
        if may_exist {
            entity::upsert(conn, e).await
        } else {
            Ok(Upserted::Created(entity::insert(conn, e).await?))
        }
    }
    let may_exist = keys.may_hold(r);
    match r {
        Resolved::Region(i) => up(conn, i, may_exist).await,
        Resolved::Org(i) => up(conn, i, may_exist).await,
        Resolved::Occupation(i) => up(conn, i, may_exist).await,
        Resolved::Industry(i) => up(conn, i, may_exist).await,
        Resolved::Program(i) => up(conn, i, may_exist).await,
        Resolved::Course(i) => up(conn, i, may_exist).await,
        Resolved::Credential(i) => up(conn, i, may_exist).await,
        Resolved::Pathway(i) => up(conn, i, may_exist).await,
    }
}

impl Keys {
    /// Whether the store may already hold `r`'s natural key. The keys were
    /// read inside the import's transaction and follow every row it writes,
    /// so "no" is certain and the row is inserted without looking it up
    /// first (half the round trips of a fresh import); kinds the keys do not
    /// track are always looked up.
    fn may_hold(&self, r: &Resolved) -> bool {
        match r {
            Resolved::Region(i) => self.regions.contains_key(&i.name),
            Resolved::Org(i) => self.orgs.contains_key(&i.name),
            Resolved::Program(i) => self.programs.contains_key(&(i.provider_id, i.name.clone())),
            Resolved::Course(i) => self.courses.contains_key(&(i.provider_id, i.code.clone())),
            Resolved::Credential(i) => self.credentials.contains_key(&i.name),
            Resolved::Occupation(_) | Resolved::Industry(_) | Resolved::Pathway(_) => true,
        }
    }
}

fn remember(r: &Resolved, id: Id, keys: &mut Keys) {
    match r {
        Resolved::Org(i) => {
            keys.orgs.insert(i.name.clone(), id);
        }
        Resolved::Course(i) => {
            keys.courses.insert((i.provider_id, i.code.clone()), id);
        }
        Resolved::Credential(i) => {
            keys.credentials.insert(i.name.clone(), id);
        }
        Resolved::Region(i) => {
            keys.regions.insert(i.name.clone(), id);
        }
        Resolved::Program(i) => {
            keys.programs.insert((i.provider_id, i.name.clone()), id);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_csv_counts_valid_rows_and_lists_every_problem() {
        let ok = "name,area_codes\nCapital Area,0012420\n";
        assert_eq!(check_csv(CatalogEntity::Regions, ok.as_bytes()), Ok(1));
        let bad = "name,sector,kind,region,parent,city,naics,website\n\
                   Austin ISD,secondary,district,Nowhere,,Austin,,\n\
                   Austin ISD,secondary,district,Nowhere,,Austin,,\n";
        let problems = check_csv(CatalogEntity::Organizations, bad.as_bytes()).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.line == 3 && p.reason.contains("duplicates line 2"))
        );
        assert!(problems.iter().any(|p| p.column == "region"));
        // Not CSV at all: a problem, not a panic.
        assert!(check_csv(CatalogEntity::Courses, &b"\xff\xfe\"\n\"x"[..]).is_err());
    }
}
