//! `pathways plans …`: bulk check of stored plans, import and export.
//!
//! `check` exits 1 when any plan is off track (errors in its checks), like
//! `pathways pathway check`, so a nightly job can alert on it; the report is
//! printed either way. Import validates every row first and saves nothing
//! when any is bad; each imported plan becomes a new version ("imported").

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use pathways_advising::plan::{PlanInput, PlannedCourse, PlannedCredential, PlannedWbl, Term};
use pathways_domain::wbl::WblActivity;
use pathways_domain::{SocCode, Validate};
use pathways_store::Store;
use pathways_store::advising::{Actor, PlanScope};

use crate::cli::Format;

/// `pathways plans <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum PlansCommand {
    /// Check every stored plan against today's catalog; exit 1 if any is off track.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Import plans from FILE (.json: an array of {student_ref, plan}; .csv: one row per item).
    Import {
        /// The file.
        file: PathBuf,
    },
    /// Export every plan.
    Export {
        /// json or csv.
        #[arg(long, value_enum, default_value = "json")]
        format: FileFormat,
        /// Write here (atomically) instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

/// Interchange formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FileFormat {
    /// A JSON array of {student_ref, status, version, plan}.
    Json,
    /// CSV, one row per course, credential or activity.
    Csv,
}

/// The CSV columns.
pub const CSV_HEADER: [&str; 9] = [
    "student_ref",
    "goal_soc",
    "pathway_id",
    "kind",
    "ref",
    "grade",
    "term",
    "completed",
    "route",
];

/// One plan in the JSON interchange.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanRecord {
    student_ref: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
    plan: PlanInput,
}

/// Runs a `plans` command.
pub async fn run(store: &Store, cmd: PlansCommand) -> anyhow::Result<()> {
    match cmd {
        PlansCommand::Check { format } => check(store, format).await,
        PlansCommand::Import { file } => import(store, &file).await,
        PlansCommand::Export { format, out } => export(store, format, out.as_deref()).await,
    }
}

async fn check(store: &Store, format: Format) -> anyhow::Result<()> {
    let (summary, reports) = store.check_all_plans(PlanScope::All).await?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let off: Vec<_> = reports
                .iter()
                .filter(|(_, r)| !r.on_track)
                .map(|(s, r)| serde_json::json!({"student_ref": s, "findings": r.findings}))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({"summary": summary, "off_track": off})
                )?
            )?;
        }
        Format::Text => {
            for (s, r) in reports.iter().filter(|(_, r)| !r.on_track) {
                for f in r
                    .findings
                    .iter()
                    .filter(|f| f.severity == pathways_advising::Severity::Error)
                {
                    writeln!(out, "{s}: {} — {}", f.message, f.fix)?;
                }
            }
            writeln!(
                out,
                "checked {} plans: {} on track, {} off track; {} students without a plan",
                summary.checked, summary.on_track, summary.off_track, summary.without_plan
            )?;
        }
    }
    if summary.off_track > 0 {
        bail!("{} plans are off track", summary.off_track);
    }
    Ok(())
}

fn csv_rows(r: &PlanRecord) -> Vec<[String; 9]> {
    let p = &r.plan;
    let head = |kind: &str, id: String, grade: String, term: &str, done: bool| {
        [
            r.student_ref.clone(),
            p.goal_soc.map(|s| s.to_string()).unwrap_or_default(),
            p.pathway_id.map(|x| x.to_string()).unwrap_or_default(),
            kind.to_owned(),
            id,
            grade,
            term.to_owned(),
            if done { "true".into() } else { "false".into() },
            p.postsecondary.route.as_str().to_owned(),
        ]
    };
    let mut rows = Vec::new();
    for c in &p.courses {
        rows.push(head(
            "course",
            c.course_id.to_string(),
            c.grade.to_string(),
            c.term.as_str(),
            c.completed,
        ));
    }
    for c in &p.credentials {
        rows.push(head(
            "credential",
            c.credential_id.to_string(),
            c.grade.to_string(),
            "",
            false,
        ));
    }
    for w in &p.wbl {
        rows.push(head(
            "wbl",
            w.activity.as_str().to_owned(),
            w.grade.to_string(),
            "",
            w.completed,
        ));
    }
    if rows.is_empty() {
        rows.push(head("plan", String::new(), String::new(), "", false));
    }
    rows
}

async fn export(store: &Store, format: FileFormat, out: Option<&Path>) -> anyhow::Result<()> {
    let records: Vec<PlanRecord> = store
        .plans(PlanScope::All)
        .await?
        .into_iter()
        .map(|p| PlanRecord {
            student_ref: p.student_ref,
            status: Some(p.status.as_str().to_owned()),
            version: Some(p.version),
            plan: p.plan,
        })
        .collect();
    let buf = match format {
        FileFormat::Json => {
            let mut b = serde_json::to_vec_pretty(&records)?;
            b.push(b'\n');
            b
        }
        FileFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(CSV_HEADER)?;
            for r in &records {
                for row in csv_rows(r) {
                    w.write_record(&row)?;
                }
            }
            w.into_inner().context("writing CSV")?
        }
    };
    match out {
        None => std::io::stdout().lock().write_all(&buf)?,
        Some(path) => {
            let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
            std::fs::write(&tmp, &buf).with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path)
                .with_context(|| format!("renaming to {}", path.display()))?;
            eprintln!("wrote {} plans to {}", records.len(), path.display());
        }
    }
    Ok(())
}

fn parse_csv(file: &Path, text: &str) -> anyhow::Result<Vec<PlanRecord>> {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let headers = rd.headers()?.clone();
    for h in CSV_HEADER {
        if !headers.iter().any(|x| x == h) {
            bail!("{}: line 1: missing column {h}", file.display());
        }
    }
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or(0);
    let mut plans: BTreeMap<String, PlanInput> = BTreeMap::new();
    for (i, row) in rd.records().enumerate() {
        let line = i + 2;
        let row = row.with_context(|| format!("{}: line {line}", file.display()))?;
        let at = |f: &str| format!("{}: line {line}, column {f}", file.display());
        let get = |f: &str| row.get(col(f)).unwrap_or("").trim();
        let student = get("student_ref");
        if student.is_empty() {
            bail!("{}: must not be empty", at("student_ref"));
        }
        let plan = plans.entry(student.to_owned()).or_default();
        if !get("goal_soc").is_empty() {
            plan.goal_soc = Some(SocCode::parse(get("goal_soc")).with_context(|| at("goal_soc"))?);
        }
        if !get("pathway_id").is_empty() {
            plan.pathway_id = Some(
                get("pathway_id")
                    .parse()
                    .with_context(|| at("pathway_id"))?,
            );
        }
        if !get("route").is_empty() {
            plan.postsecondary.route = pathways_advising::plan::AfterHighSchool::parse(get(
                "route",
            ))
            .with_context(|| format!("{}: unknown route {:?}", at("route"), get("route")))?;
        }
        let grade = || -> anyhow::Result<i64> { get("grade").parse().with_context(|| at("grade")) };
        let completed = matches!(get("completed"), "true" | "1" | "yes");
        match get("kind") {
            "course" => plan.courses.push(PlannedCourse {
                course_id: get("ref").parse().with_context(|| at("ref"))?,
                grade: grade()?,
                term: match get("term") {
                    "" => Term::Year,
                    t => Term::parse(t)
                        .with_context(|| format!("{}: unknown term {t:?}", at("term")))?,
                },
                completed,
            }),
            "credential" => plan.credentials.push(PlannedCredential {
                credential_id: get("ref").parse().with_context(|| at("ref"))?,
                grade: grade()?,
            }),
            "wbl" => plan.wbl.push(PlannedWbl {
                activity: WblActivity::parse(get("ref")).with_context(|| at("ref"))?,
                grade: grade()?,
                opportunity_id: None,
                completed,
            }),
            "plan" => {}
            other => bail!(
                "{}: unknown kind {other:?}; use course, credential, wbl or plan",
                at("kind")
            ),
        }
    }
    Ok(plans
        .into_iter()
        .map(|(student_ref, plan)| PlanRecord {
            student_ref,
            status: None,
            version: None,
            plan,
        })
        .collect())
}

async fn import(store: &Store, file: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let records: Vec<PlanRecord> = if is_json {
        let de = &mut serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(de)
            .map_err(|e| anyhow::anyhow!("{}: at {}: {}", file.display(), e.path(), e.inner()))?
    } else {
        parse_csv(file, &text)?
    };
    // Validate everything before saving anything.
    let mut problems = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if store.student(&r.student_ref).await?.is_none() {
            problems.push(format!(
                "plan {} (student {}): student_ref: no such student",
                i + 1,
                r.student_ref
            ));
        }
        if let Err(errs) = r.plan.validate() {
            for e in errs {
                problems.push(format!(
                    "plan {} (student {}): {}: {}",
                    i + 1,
                    r.student_ref,
                    e.field,
                    e.message
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "{}: nothing imported:\n  {}",
            file.display(),
            problems.join("\n  ")
        );
    }
    let cat = store.check_catalog().await?;
    let actor = Actor {
        user_id: None,
        role: "import".into(),
        name: format!("pathways plans import {}", file.display()),
    };
    let (mut on, mut off) = (0, 0);
    for r in &records {
        let Some(s) = store.student(&r.student_ref).await? else {
            continue;
        };
        let facts = pathways_advising::check::StudentFacts {
            school_id: s.fields.school_id,
            grade: s.fields.grade,
            completed_course_ids: s.fields.completed_course_ids.clone(),
        };
        let report = pathways_advising::check_plan(&cat, &facts, &r.plan);
        if report.on_track {
            on += 1;
        } else {
            off += 1;
        }
        let version = store.plan(&r.student_ref).await?.map(|p| p.version);
        store
            .save_plan(
                &r.student_ref,
                version,
                &r.plan,
                &report,
                &actor,
                "imported",
            )
            .await?;
    }
    eprintln!(
        "imported {} plans from {} ({on} on track, {off} saved as drafts with findings)",
        records.len(),
        file.display()
    );
    Ok(())
}
