//! `pathways pathway …`: a catalog pathway's map, checks and CTDL export.

use std::io::Write;

use anyhow::Context;
use pathways_domain::catalog::PathwayInput;
use pathways_store::Store;

/// `pathways pathway <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum PathwayCommand {
    /// Run the map's quality checks; exit 1 when any finding is an error.
    Check {
        /// Pathway id.
        id: i64,
    },
    /// Export the pathway map.
    Export {
        /// Pathway id.
        id: i64,
        /// Output format.
        #[arg(long, default_value = "ctdl")]
        format: ExportFormat,
    },
}

/// Map export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    /// CTDL JSON-LD (Credential Engine).
    Ctdl,
    /// The SVG diagram.
    Svg,
}

async fn map(
    store: &Store,
    id: i64,
) -> anyhow::Result<(
    pathways_maps::Pathway,
    std::collections::HashMap<pathways_domain::SocCode, pathways_maps::WageFacts>,
)> {
    let p = store
        .get::<PathwayInput>(id)
        .await
        .with_context(|| format!("pathway {id}"))?;
    let lmi = match store.current_lmi_files().await? {
        Some((label, files)) => Some(pathways_lmi::load::load(
            &pathways_lmi::DataFiles(files),
            &label,
        )?),
        None => None,
    };
    let area = pathways_web::api::lmi::region_area(store, p.fields.region_id)
        .await
        .ok()
        .map(|(_, a)| a);
    pathways_web::pathway_map::build(store, &p, lmi.as_ref(), area.as_deref())
        .await
        .map_err(|e| anyhow::anyhow!(e.problem().detail))
}

/// Runs a `pathway` command.
pub async fn run(store: &Store, cmd: PathwayCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        PathwayCommand::Check { id } => {
            let (m, wages) = map(store, id).await?;
            let findings = pathways_maps::check(&m, &wages);
            for f in &findings {
                writeln!(
                    out,
                    "{:?} {}: {} [{}]",
                    f.severity,
                    f.code,
                    f.message,
                    f.component_ids.join(", ")
                )?;
            }
            if findings.is_empty() {
                writeln!(out, "{}: no findings", m.name)?;
            }
            if findings
                .iter()
                .any(|f| matches!(f.severity, pathways_maps::Severity::Error))
            {
                anyhow::bail!("{} has errors", m.name);
            }
        }
        PathwayCommand::Export { id, format } => {
            let (m, wages) = map(store, id).await?;
            match format {
                ExportFormat::Ctdl => writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&pathways_maps::export_ctdl(&m))?
                )?,
                ExportFormat::Svg => {
                    let layout = pathways_maps::layout(&m, &wages);
                    writeln!(out, "{}", pathways_maps::render_svg(&m, &layout, &wages))?;
                }
            }
        }
    }
    Ok(())
}
