//! `pathways wbl …`: placements and the students' WBL records.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use pathways_domain::placement::PlacementStatus;
use pathways_store::Store;
use pathways_store::placements::PlacementScope;

use crate::cli::Format;

/// `pathways wbl <noun> <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum WblCommand {
    /// Placements and their training agreements.
    #[command(subcommand)]
    Placements(PlacementsCommand),
    /// Write every student's WBL record (stage, activity, approved hours per
    /// school year) as the participant data contract's `wbl` table.
    #[command(after_help = "Example:\n  pathways wbl export-records --out data/wbl.csv")]
    ExportRecords {
        /// Write here (atomically) instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

/// `pathways wbl placements <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum PlacementsCommand {
    /// List placements with status, missing sign-offs and hours.
    List {
        /// Only this status (draft, awaiting_signatures, active, completed, withdrawn).
        #[arg(long)]
        status: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    // Beside the target, then renamed: a reader never sees half a file.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("wbl"),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))
}

/// Runs a `wbl` command.
pub async fn run(store: &Store, cmd: WblCommand) -> anyhow::Result<()> {
    match cmd {
        WblCommand::Placements(PlacementsCommand::List { status, format }) => {
            let status = status
                .as_deref()
                .map(PlacementStatus::parse)
                .transpose()
                .map_err(|e| anyhow::anyhow!("--status: {e}"))?;
            let list: Vec<_> = store
                .placements(&PlacementScope::All, None)
                .await?
                .into_iter()
                .filter(|p| status.is_none_or(|s| p.status == s))
                .collect();
            let mut out = std::io::stdout().lock();
            match format {
                Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?,
                Format::Text => {
                    writeln!(
                        out,
                        "{:>5}  {:<10} {:<20} {:<40} {:>8} {:>8}  missing sign-offs",
                        "id", "student", "status", "opportunity", "approved", "logged"
                    )?;
                    for p in &list {
                        let missing: Vec<&str> = p.missing.iter().map(|m| m.as_str()).collect();
                        writeln!(
                            out,
                            "{:>5}  {:<10} {:<20} {:<40} {:>8} {:>8}  {}",
                            p.id,
                            p.student_ref,
                            p.status.as_str(),
                            p.opportunity_title.chars().take(40).collect::<String>(),
                            p.hours_approved,
                            p.hours_logged,
                            if missing.is_empty() {
                                "-".to_owned()
                            } else {
                                missing.join(",")
                            }
                        )?;
                    }
                }
            }
        }
        WblCommand::ExportRecords { out } => {
            let rows = store.wbl_records().await?;
            let mut refs: Vec<String> = rows.iter().map(|r| r.person_key.clone()).collect();
            refs.dedup();
            if !refs.is_empty() {
                store
                    .audit(&pathways_store::audit::AuditEntry {
                        id: None,
                        at: String::new(),
                        actor_user_id: None,
                        actor_role: "cli".into(),
                        action: "export".into(),
                        entity: "wbl_record".into(),
                        record_ids: refs.join(","),
                        agreement_id: None,
                        purpose: Some("participant data (wbl table)".into()),
                        request_id: None,
                    })
                    .await?;
            }
            let csv = pathways_web::api::placements::records_csv(&rows);
            match out {
                None => std::io::stdout().lock().write_all(csv.as_bytes())?,
                Some(path) => {
                    write_atomically(&path, csv.as_bytes())?;
                    eprintln!("wrote {} WBL records to {}", rows.len(), path.display());
                }
            }
        }
    }
    Ok(())
}
