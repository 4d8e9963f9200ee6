//! The backup archive: one tar file holding the store snapshot and the files
//! the store points at (Parquet participant data, linkage results), closed by
//! a manifest of SHA-256 checksums.
//!
//! The manifest comes last, so a backup is written in one pass; restore reads
//! the archive twice — once to check every checksum, once to extract — so
//! nothing is touched until the whole archive is known to be intact.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's name inside the archive.
pub const MANIFEST: &str = "MANIFEST.json";
/// The store snapshot's name inside the archive.
pub const STORE: &str = "store.json.gz";
/// The archive format this build writes and reads.
pub const FORMAT: u32 = 2;

/// What an archive holds, with each entry's checksum.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Archive format.
    pub format: u32,
    /// When the store snapshot was taken (RFC 3339).
    pub taken_at: String,
    /// Backend the store was read from.
    pub source: String,
    /// Rows in the store snapshot.
    pub rows: usize,
    /// Every entry but the manifest, in archive order.
    pub entries: Vec<Entry>,
}

/// One file in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Path inside the archive (relative, `/`-separated).
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content (lower-case hex).
    pub sha256: String,
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// True when `p` is a plain relative path (no root, no `..`), so an entry
/// can never be extracted outside the folder it is restored into.
pub fn is_safe(p: &str) -> bool {
    !p.is_empty()
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Writes an archive entry by entry.
pub struct Writer<W: Write> {
    tar: tar::Builder<W>,
    entries: Vec<Entry>,
}

impl<W: Write> Writer<W> {
    /// Starts an archive on `out`.
    pub fn new(out: W) -> Self {
        Self {
            tar: tar::Builder::new(out),
            entries: Vec::new(),
        }
    }

    fn append(&mut self, path: &str, bytes: u64, data: impl Read) -> anyhow::Result<Entry> {
        if !is_safe(path) || self.entries.iter().any(|e| e.path == path) {
            bail!("archive entry {path} is not a fresh relative path");
        }
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        let mut r = Hashing {
            inner: data,
            hash: Sha256::new(),
            bytes: 0,
        };
        self.tar
            .append_data(&mut header, path, &mut r)
            .with_context(|| format!("writing {path} into the backup"))?;
        if r.bytes != bytes {
            bail!("{path} changed size while it was backed up");
        }
        let e = Entry {
            path: path.to_owned(),
            bytes,
            sha256: hex(&r.hash.finalize()),
        };
        self.entries.push(e.clone());
        Ok(e)
    }

    /// Adds `data` as `path`.
    pub fn add_bytes(&mut self, path: &str, data: &[u8]) -> anyhow::Result<Entry> {
        self.append(path, data.len() as u64, data)
    }

    /// Adds the file at `src` as `path`.
    pub fn add_file(&mut self, path: &str, src: &Path) -> anyhow::Result<Entry> {
        let f = File::open(src).with_context(|| format!("opening {}", src.display()))?;
        let bytes = f.metadata()?.len();
        self.append(path, bytes, BufReader::new(f))
    }

    /// Closes the archive with its manifest; returns the manifest and the output.
    pub fn finish(mut self, mut manifest: Manifest) -> anyhow::Result<(Manifest, W)> {
        manifest.entries = std::mem::take(&mut self.entries);
        let text = serde_json::to_vec_pretty(&manifest)?;
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        self.tar
            .append_data(&mut header, MANIFEST, text.as_slice())?;
        let out = self.tar.into_inner()?;
        Ok((manifest, out))
    }
}

fn open(path: &Path) -> anyhow::Result<tar::Archive<BufReader<File>>> {
    let f = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    Ok(tar::Archive::new(BufReader::new(f)))
}

/// Reads the whole archive, checks every entry against the manifest (each
/// listed once, nothing unlisted, sizes and SHA-256 equal, paths relative)
/// and returns the manifest and the store snapshot's bytes.
pub fn verify(path: &Path) -> anyhow::Result<(Manifest, Vec<u8>)> {
    let mut seen: BTreeMap<String, Entry> = BTreeMap::new();
    let mut manifest = None;
    let mut store = None;
    let mut archive = open(path)?;
    for entry in archive
        .entries()
        .with_context(|| format!("{} is not a backup archive", path.display()))?
    {
        let mut entry = entry.context("reading the backup archive")?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular || !is_safe(&name) {
            bail!("the backup holds {name}, which is not a plain file at a relative path");
        }
        if name == MANIFEST {
            let mut text = Vec::new();
            entry.read_to_end(&mut text)?;
            let m: Manifest =
                serde_json::from_slice(&text).context("the backup's manifest is unreadable")?;
            manifest = Some(m);
            continue;
        }
        let mut r = Hashing {
            inner: &mut entry,
            hash: Sha256::new(),
            bytes: 0,
        };
        if name == STORE {
            let mut buf = Vec::new();
            r.read_to_end(&mut buf)?;
            store = Some(buf);
        } else {
            std::io::copy(&mut r, &mut std::io::sink())?;
        }
        let e = Entry {
            path: name.clone(),
            bytes: r.bytes,
            sha256: hex(&r.hash.finalize()),
        };
        if seen.insert(name.clone(), e).is_some() {
            bail!("the backup holds {name} twice");
        }
    }
    let Some(manifest) = manifest else {
        bail!("the backup has no manifest: it is incomplete");
    };
    if manifest.format != FORMAT {
        bail!("unsupported backup format {}", manifest.format);
    }
    if manifest.entries.len() != seen.len() {
        bail!(
            "the manifest lists {} files but the backup holds {}",
            manifest.entries.len(),
            seen.len()
        );
    }
    for want in &manifest.entries {
        match seen.get(&want.path) {
            Some(got) if got == want => {}
            Some(_) => bail!(
                "{} does not match its checksum: the backup is damaged",
                want.path
            ),
            None => bail!("{} is missing from the backup", want.path),
        }
    }
    let store = store.context("the backup holds no store snapshot")?;
    Ok((manifest, store))
}

/// Extracts every entry but the manifest and the store snapshot into
/// `dest`, checking each against the manifest again as it is written.
pub fn extract(path: &Path, manifest: &Manifest, dest: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let want: BTreeMap<&str, &Entry> = manifest
        .entries
        .iter()
        .map(|e| (e.path.as_str(), e))
        .collect();
    let mut written = Vec::new();
    let mut archive = open(path)?;
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if name == MANIFEST || name == STORE {
            continue;
        }
        let Some(e) = want.get(name.as_str()) else {
            bail!("{name} is not in the manifest");
        };
        if !is_safe(&name) {
            bail!("{name} is not a relative path");
        }
        let to = dest.join(&name);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let mut out = File::create(&to).with_context(|| format!("creating {}", to.display()))?;
        let mut r = Hashing {
            inner: &mut entry,
            hash: Sha256::new(),
            bytes: 0,
        };
        std::io::copy(&mut r, &mut out)?;
        out.sync_all()?;
        if hex(&r.hash.finalize()) != e.sha256 || r.bytes != e.bytes {
            bail!("{name} changed while it was restored");
        }
        written.push(to);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn manifest() -> Manifest {
        Manifest {
            format: FORMAT,
            taken_at: "2026-01-01T00:00:00Z".into(),
            source: "sqlite".into(),
            rows: 0,
            entries: vec![],
        }
    }

    #[test]
    fn round_trips_and_catches_a_flipped_byte() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.tar");
        let mut w = Writer::new(File::create(&file).unwrap());
        w.add_bytes(STORE, b"snapshot").unwrap();
        w.add_bytes("analytics/abc/students.parquet", b"PAR1 data PAR1")
            .unwrap();
        let (m, _) = w.finish(manifest()).unwrap();
        assert_eq!(m.entries.len(), 2);
        let (got, store) = verify(&file).unwrap();
        assert_eq!(store, b"snapshot");
        assert_eq!(got.entries, m.entries);
        let out = dir.path().join("out");
        let written = extract(&file, &got, &out).unwrap();
        assert_eq!(
            std::fs::read(&written[0]).unwrap(),
            b"PAR1 data PAR1".to_vec()
        );

        // Damage one byte of the Parquet entry's content: verify refuses.
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.windows(4).position(|w| w == b"data").unwrap();
        bytes[at] = b'D';
        std::fs::write(&file, &bytes).unwrap();
        let err = verify(&file).unwrap_err().to_string();
        assert!(err.contains("students.parquet does not match"), "{err}");
    }

    #[test]
    fn refuses_paths_outside_the_folder() {
        assert!(is_safe("analytics/abc/x.parquet"));
        assert!(!is_safe("../x"));
        assert!(!is_safe("/etc/passwd"));
        assert!(!is_safe(""));
        let mut w = Writer::new(Vec::new());
        assert!(w.add_bytes("../escape", b"x").is_err());
    }

    #[test]
    fn a_truncated_archive_has_no_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.tar");
        let mut w = Writer::new(Vec::new());
        w.add_bytes(STORE, b"snapshot").unwrap();
        w.add_bytes("linkage/1/links.parquet", &[7u8; 4096])
            .unwrap();
        let (_, bytes) = w.finish(manifest()).unwrap();
        // Cut the archive before the manifest.
        std::fs::write(&file, &bytes[..2048]).unwrap();
        assert!(verify(&file).is_err());
    }
}
