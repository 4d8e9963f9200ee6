//! `pathways backup` and `pathways restore`: one archive holding a consistent
//! snapshot of the store and of the files it points at.
//!
//! The store's rows are read in one transaction. The files are those the
//! snapshot names: each participant-data load (`analytics_loads.path`, a
//! folder named by its checksum that is never changed once renamed into
//! place) and each linkage run's result files (`linkage_runs.files`, whose
//! SHA-256 the run recorded — a file that no longer matches fails the
//! backup rather than being saved inconsistent). The archive is written
//! beside its target and renamed into place.
//!
//! Restore checks every checksum before touching anything, extracts the files
//! into a staging folder in the data directory, moves them into place, and
//! restores the rows in one transaction; if any step fails the files it
//! placed are removed again, so a restore happens whole or not at all. Paths
//! in the restored rows point into the new data directory
//! (`analytics/<checksum>`, `linkage/<run id>`), so a backup moves between
//! machines and between SQLite and PostgreSQL.

mod archive;

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use pathways_store::backup::{Snapshot, TableRows};
use pathways_store::linkage_runs::LinkageRunFile;
use serde_json::Value;

use crate::config::Settings;
use archive::{Manifest, Writer};

/// One folder of files the snapshot points at.
struct Tree {
    /// Where it goes in the archive (and under the data directory on restore).
    prefix: String,
    /// Where it is now.
    dir: PathBuf,
    /// The files to take, relative to `dir`, with the checksum the store
    /// recorded for each (None when it recorded none).
    files: Vec<(String, Option<String>)>,
}

fn text<'a>(t: &'a TableRows, row: &'a [Value], col: &str) -> anyhow::Result<&'a str> {
    let i = t.column(col).with_context(|| format!("no column {col}"))?;
    row.get(i)
        .and_then(Value::as_str)
        .with_context(|| format!("{col} is not text"))
}

fn safe_name(s: &str) -> anyhow::Result<&str> {
    if archive::is_safe(s) && !s.contains('/') && !s.contains('\\') {
        Ok(s)
    } else {
        bail!("{s:?} is not a plain file or folder name")
    }
}

/// Every file under `dir`, relative and sorted.
fn walk(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let here = dir.join(&rel);
        for e in std::fs::read_dir(&here).with_context(|| format!("reading {}", here.display()))? {
            let e = e?;
            let r = rel.join(e.file_name());
            if e.file_type()?.is_dir() {
                stack.push(r);
            } else {
                out.push(r.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The folders the snapshot points at.
fn trees(snap: &Snapshot) -> anyhow::Result<Vec<Tree>> {
    let mut out = Vec::new();
    if let Some(t) = snap.tables.get("analytics_loads") {
        for row in &t.rows {
            let checksum = safe_name(text(t, row, "checksum")?)?;
            let dir = PathBuf::from(text(t, row, "path")?);
            let files = walk(&dir)
                .with_context(|| format!("participant data load {checksum}"))?
                .into_iter()
                .map(|f| (f, None))
                .collect();
            out.push(Tree {
                prefix: format!("analytics/{checksum}"),
                dir,
                files,
            });
        }
    }
    if let Some(t) = snap.tables.get("linkage_runs") {
        for row in &t.rows {
            let id = t
                .column("id")
                .and_then(|i| row.get(i))
                .and_then(Value::as_i64)
                .context("a linkage run has no id")?;
            let files: Vec<LinkageRunFile> = serde_json::from_str(text(t, row, "files")?)
                .with_context(|| format!("linkage run {id}: its file list"))?;
            let mut list = Vec::new();
            for f in files {
                list.push((safe_name(&f.name)?.to_owned(), Some(f.sha256)));
            }
            out.push(Tree {
                prefix: format!("linkage/{id}"),
                dir: PathBuf::from(text(t, row, "output_dir")?),
                files: list,
            });
        }
    }
    Ok(out)
}

/// Writes the archive to `out`; returns its manifest.
fn write_archive(snap: &Snapshot, out: impl Write) -> anyhow::Result<Manifest> {
    let mut w = Writer::new(out);
    let mut store = Vec::new();
    snap.write(&mut store)?;
    w.add_bytes(archive::STORE, &store)?;
    for tree in trees(snap)? {
        for (rel, recorded) in &tree.files {
            let e = w.add_file(&format!("{}/{rel}", tree.prefix), &tree.dir.join(rel))?;
            if recorded.as_ref().is_some_and(|r| *r != e.sha256) {
                bail!(
                    "{} no longer matches the checksum its run recorded; re-run it or remove the run before backing up",
                    tree.dir.join(rel).display()
                );
            }
        }
    }
    let (manifest, out) = w.finish(Manifest {
        format: archive::FORMAT,
        taken_at: snap.taken_at.clone(),
        source: snap.source.clone(),
        rows: snap.rows(),
        entries: vec![],
    })?;
    let mut out = out;
    out.flush()?;
    Ok(manifest)
}

/// Writes the archive beside the target and renames it into place.
pub async fn backup(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let store = super::open(settings).await?;
    let snap = store.snapshot().await?;
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".pathways-backup-{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))
        .and_then(|f| {
            let mut out = BufWriter::new(f);
            let m = write_archive(&snap, &mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            Ok(m)
        });
    let manifest = match written {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, file).with_context(|| format!("renaming to {}", file.display()))?;
    eprintln!(
        "backed up {} rows and {} files to {}",
        manifest.rows,
        manifest.entries.len().saturating_sub(1),
        file.display()
    );
    Ok(())
}

/// Points the snapshot's file paths into `data_dir`.
fn relocate(snap: &mut Snapshot, data_dir: &Path) -> anyhow::Result<()> {
    if let Some(t) = snap.tables.get_mut("analytics_loads") {
        let (c, p) = (t.column("checksum"), t.column("path"));
        let (Some(c), Some(p)) = (c, p) else {
            bail!("analytics_loads lacks checksum or path");
        };
        for row in &mut t.rows {
            let checksum = row[c].as_str().unwrap_or_default().to_owned();
            let to = data_dir.join("analytics").join(safe_name(&checksum)?);
            row[p] = Value::from(to.to_string_lossy().into_owned());
        }
    }
    if let Some(t) = snap.tables.get_mut("linkage_runs") {
        let (i, o) = (t.column("id"), t.column("output_dir"));
        let (Some(i), Some(o)) = (i, o) else {
            bail!("linkage_runs lacks id or output_dir");
        };
        for row in &mut t.rows {
            let id = row[i].as_i64().context("a linkage run has no id")?;
            let to = data_dir.join("linkage").join(id.to_string());
            row[o] = Value::from(to.to_string_lossy().into_owned());
        }
    }
    Ok(())
}

/// The folders a restore places (`analytics/<checksum>`, `linkage/<id>`).
fn placed_dirs(manifest: &Manifest) -> Vec<String> {
    let mut out: Vec<String> = manifest
        .entries
        .iter()
        .filter_map(|e| {
            let mut parts = e.path.splitn(3, '/');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), Some(_)) => Some(format!("{a}/{b}")),
                _ => None,
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Restores into an empty database and the data directory, all or nothing.
pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let store = super::open(settings).await?;
    let mut magic = [0u8; 2];
    std::fs::File::open(file)
        .and_then(|mut f| f.read_exact(&mut magic))
        .with_context(|| format!("opening {}", file.display()))?;
    if magic == [0x1f, 0x8b] {
        // A store-only backup from before archives (gzip JSON).
        let input = std::fs::File::open(file)?;
        let rows = store
            .restore(std::io::BufReader::new(input))
            .await
            .with_context(|| format!("restoring {}", file.display()))?;
        eprintln!("restored {rows} rows from {}", file.display());
        return Ok(());
    }
    let (manifest, store_bytes) =
        archive::verify(file).with_context(|| format!("checking {}", file.display()))?;
    let mut snap = Snapshot::read(store_bytes.as_slice())?;
    if !store.is_empty().await? {
        bail!("restore needs an empty database, and this one has rows");
    }
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("creating {}", settings.data_dir.display()))?;
    let data_dir = std::fs::canonicalize(&settings.data_dir)?;
    let dirs = placed_dirs(&manifest);
    for d in &dirs {
        if data_dir.join(d).exists() {
            bail!(
                "{} already exists; restore into a data directory without it",
                data_dir.join(d).display()
            );
        }
    }
    relocate(&mut snap, &data_dir)?;
    let stage = data_dir.join(format!(".restore-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&stage);
    let mut placed: Vec<PathBuf> = Vec::new();
    let result = async {
        archive::extract(file, &manifest, &stage)?;
        for d in &dirs {
            let to = data_dir.join(d);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(stage.join(d), &to)
                .with_context(|| format!("moving files into {}", to.display()))?;
            placed.push(to);
        }
        let rows = store.restore_snapshot(&snap).await?;
        anyhow::Ok(rows)
    }
    .await;
    let _ = std::fs::remove_dir_all(&stage);
    match result {
        Ok(rows) => {
            eprintln!(
                "restored {rows} rows and {} files from {}",
                manifest.entries.len().saturating_sub(1),
                file.display()
            );
            Ok(())
        }
        Err(e) => {
            for p in &placed {
                let _ = std::fs::remove_dir_all(p);
            }
            Err(e.context(format!("restoring {}; nothing was changed", file.display())))
        }
    }
}
