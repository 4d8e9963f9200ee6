//! `pathways backup` and `pathways restore`.

use std::path::Path;

use anyhow::Context;

use crate::config::Settings;

/// Writes the snapshot beside the target and renames it into place.
pub async fn backup(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let store = super::open(settings).await?;
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".pathways-backup-{}.tmp", std::process::id()));
    let out = std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let rows = match store.backup(std::io::BufWriter::new(out)).await {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
    };
    std::fs::rename(&tmp, file).with_context(|| format!("renaming to {}", file.display()))?;
    eprintln!("backed up {rows} rows to {}", file.display());
    Ok(())
}

/// Restores into an empty database.
pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let store = super::open(settings).await?;
    let input = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let rows = store
        .restore(std::io::BufReader::new(input))
        .await
        .with_context(|| format!("restoring {}", file.display()))?;
    eprintln!("restored {rows} rows from {}", file.display());
    Ok(())
}
