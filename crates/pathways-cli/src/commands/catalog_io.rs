//! `pathways import` and `pathways export`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use pathways_store::interchange::{CatalogEntity, ImportSummary};

use crate::cli::{ExportArgs, Format, ImportArgs};
use crate::config::Settings;

fn entity(name: &str) -> anyhow::Result<CatalogEntity> {
    CatalogEntity::parse(name).with_context(|| {
        let all: Vec<&str> = CatalogEntity::ALL.iter().map(|e| e.name()).collect();
        format!(
            "unknown entity {name:?}; expected one of: {}",
            all.join(", ")
        )
    })
}

async fn import_file(
    store: &pathways_store::Store,
    e: CatalogEntity,
    path: &Path,
) -> anyhow::Result<ImportSummary> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let pb = crate::progress::bar(0, e.name());
    if size < 64 * 1024 {
        pb.finish_and_clear();
    }
    let progress = |done: u64, total: u64| {
        pb.set_length(total);
        pb.set_position(done);
    };
    let name = path.display().to_string();
    let result = store
        .import_csv(e, &name, std::io::BufReader::new(file), &progress)
        .await;
    pb.finish_and_clear();
    Ok(result?)
}

/// Imports one file, or every ENTITY.csv of a directory in dependency order.
pub async fn import(settings: &Settings, args: &ImportArgs) -> anyhow::Result<()> {
    let store = super::open(settings).await?;
    let mut results = Vec::new();
    if args.entity == "all" {
        if !args.path.is_dir() {
            bail!(
                "{} is not a directory (with `all`, give a directory of ENTITY.csv files)",
                args.path.display()
            );
        }
        for e in CatalogEntity::ALL {
            let f = args.path.join(format!("{}.csv", e.name()));
            if f.exists() {
                results.push((e, import_file(&store, e, &f).await?));
            }
        }
    } else {
        let e = entity(&args.entity)?;
        results.push((e, import_file(&store, e, &args.path).await?));
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let v: Vec<_> = results
                .iter()
                .map(|(e, s)| serde_json::json!({"entity": e.name(), "summary": s}))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Text => {
            for (e, s) in &results {
                writeln!(
                    out,
                    "{}: {} rows — {} created, {} updated, {} unchanged",
                    e.name(),
                    s.rows,
                    s.created,
                    s.updated,
                    s.unchanged
                )?;
            }
        }
    }
    Ok(())
}

/// Exports an entity to stdout or atomically to a file.
pub async fn export(settings: &Settings, args: &ExportArgs) -> anyhow::Result<()> {
    let store = super::open(settings).await?;
    let e = entity(&args.entity)?;
    match &args.out {
        None => {
            let mut buf = Vec::new();
            store.export_csv(e, &mut buf).await?;
            std::io::stdout().lock().write_all(&buf)?;
        }
        Some(path) => {
            // Write beside the target, then rename: a reader never sees half a file.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = dir.join(format!(
                ".{}.tmp-{}",
                path.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("export"),
                std::process::id()
            ));
            let mut buf = Vec::new();
            let n = store.export_csv(e, &mut buf).await?;
            std::fs::write(&tmp, &buf).with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path)
                .with_context(|| format!("renaming to {}", path.display()))?;
            eprintln!("wrote {n} {} to {}", e.name(), path.display());
        }
    }
    Ok(())
}
