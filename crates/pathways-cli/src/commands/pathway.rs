//! `pathways pathway …`: pathway maps — checks, CTDL/SVG export and CTDL import.
//!
//! Two kinds of map are addressed: a catalog pathway's map, derived from the
//! catalog on the fly (`pathways pathway check 3`), and a stored, editable map
//! (`pathways pathway check --map 7`), which is what `import` creates.

use std::io::Write;

use anyhow::Context;
use pathways_domain::catalog::PathwayInput;
use pathways_store::Store;

/// `pathways pathway <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum PathwayCommand {
    /// Run the map's quality checks; exit 1 when any finding is an error.
    ///
    /// Give a catalog pathway id, or `--map ID` for a stored map.
    Check {
        /// Catalog pathway id (its map is derived from the catalog).
        #[arg(required_unless_present = "map")]
        id: Option<i64>,
        /// A stored map's id instead (see `pathways pathway import`).
        #[arg(long, conflicts_with = "id")]
        map: Option<i64>,
    },
    /// Export a pathway map (catalog pathway id, or `--map ID` for a stored map).
    Export {
        /// Catalog pathway id (its map is derived from the catalog).
        #[arg(required_unless_present = "map")]
        id: Option<i64>,
        /// A stored map's id instead.
        #[arg(long, conflicts_with = "id")]
        map: Option<i64>,
        /// Output format.
        #[arg(long, default_value = "ctdl")]
        format: ExportFormat,
    },
    /// Import a CTDL JSON-LD pathway file as a new stored map; prints its id
    /// and every unknown property kept (exit 1 with each problem's JSON path
    /// when the file is malformed; nothing is stored then).
    ///
    /// Example: pathways pathway import docs/examples/health-science-rn.ctdl.json --region 1
    Import {
        /// The CTDL JSON-LD file.
        file: std::path::PathBuf,
        /// Owning organization id.
        #[arg(long)]
        organization: Option<i64>,
        /// Region id whose labor-market data gives exits their wages.
        #[arg(long)]
        region: Option<i64>,
        /// Publish the map (readable by everyone).
        #[arg(long)]
        publish: bool,
        /// Output: text or json.
        #[arg(long, default_value = "text")]
        format: OutputFormat,
    },
}

/// Output formats of `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Lines for people.
    Text,
    /// One JSON object.
    Json,
}

type Wages = std::collections::HashMap<pathways_domain::SocCode, pathways_maps::WageFacts>;

async fn lmi(store: &Store) -> anyhow::Result<Option<pathways_lmi::LaborMarket>> {
    Ok(match store.current_lmi_files().await? {
        Some((label, files)) => Some(pathways_lmi::load::load(
            &pathways_lmi::DataFiles(files),
            &label,
        )?),
        None => None,
    })
}

/// A catalog pathway's map (`id`) or a stored map (`map`), with its wages.
async fn addressed(
    store: &Store,
    id: Option<i64>,
    map_id: Option<i64>,
) -> anyhow::Result<(pathways_maps::Pathway, Wages)> {
    match (id, map_id) {
        (_, Some(m)) => {
            let stored = store.map(m).await.with_context(|| format!("map {m}"))?;
            let lmi = lmi(store).await?;
            let wages = pathways_web::pathway_map::map_wages(
                store,
                lmi.as_ref(),
                stored.settings.region_id,
                &stored.pathway,
            )
            .await;
            Ok((stored.pathway, wages))
        }
        (Some(id), None) => map(store, id).await,
        (None, None) => anyhow::bail!("give a catalog pathway id or --map ID"),
    }
}

async fn import(
    store: &Store,
    file: &std::path::Path,
    settings: pathways_store::maps::MapSettings,
    format: OutputFormat,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let name = file.display();
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {name}"))?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{name}: line {}, column {}: malformed JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    let (pathway, report) = pathways_maps::import_ctdl(&doc).map_err(|e| {
        let lines: Vec<String> = e
            .problems
            .iter()
            .map(|p| format!("{name}: {}: {}", p.path, p.message))
            .collect();
        anyhow::anyhow!("{} problem(s):\n{}", lines.len(), lines.join("\n"))
    })?;
    let stored = store
        .create_map(&settings, pathway)
        .await
        .with_context(|| format!("storing {name}"))?;
    if format == OutputFormat::Json {
        let v = serde_json::json!({
            "id": stored.meta.id,
            "name": stored.pathway.name,
            "components": stored.pathway.components.len(),
            "kept": report.kept,
            "notes": report.notes,
        });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    writeln!(
        out,
        "imported map {}: {} ({} components)",
        stored.meta.id,
        stored.pathway.name,
        stored.pathway.components.len()
    )?;
    for k in &report.kept {
        writeln!(out, "kept unknown property {k}")?;
    }
    for n in &report.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
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
    let lmi = lmi(store).await?;
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
        PathwayCommand::Check { id, map } => {
            let (m, wages) = addressed(store, id, map).await?;
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
        PathwayCommand::Export { id, map, format } => {
            let (m, wages) = addressed(store, id, map).await?;
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
        PathwayCommand::Import {
            file,
            organization,
            region,
            publish,
            format,
        } => {
            let settings = pathways_store::maps::MapSettings {
                organization_id: organization,
                region_id: region,
                source_pathway_id: None,
                published: publish,
            };
            import(store, &file, settings, format, &mut out).await?;
        }
    }
    Ok(())
}
