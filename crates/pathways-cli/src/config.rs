//! Layered configuration: flags, then environment (clap reads both), then an
//! optional `pathways.toml`, then defaults.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// Settings read from `pathways.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Database URL.
    pub db: Option<String>,
    /// Address to serve on.
    pub bind: Option<String>,
    /// Data directory.
    pub data_dir: Option<PathBuf>,
    /// Send HSTS (behind TLS).
    pub hsts: Option<bool>,
    /// Failed logins before lockout.
    pub lockout_threshold: Option<i64>,
    /// Seconds catalog lists are cached (0 disables).
    pub cache_ttl_secs: Option<u64>,
}

impl FileConfig {
    /// Reads `path`, or `./pathways.toml` if it exists, or nothing.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let default = Path::new("pathways.toml");
        let path = match path {
            Some(p) => p,
            None if default.exists() => default,
            None => return Ok(Self::default()),
        };
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{}: invalid configuration", path.display()))
    }
}

/// The resolved settings every command uses.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Database URL.
    pub db: String,
    /// Data directory (SQLite file, Parquet data, backups).
    #[allow(dead_code)] // read by the data and demo commands as they land
    pub data_dir: PathBuf,
    /// Address to serve on.
    pub bind: String,
    /// Send HSTS.
    pub hsts: bool,
    /// Failed logins before lockout.
    pub lockout_threshold: i64,
    /// Seconds catalog lists are cached (0 disables).
    pub cache_ttl_secs: u64,
}

/// Default address: loopback only, so a first run exposes nothing.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

impl Settings {
    /// Resolves flags/environment over the file over defaults.
    pub fn resolve(
        db: Option<String>,
        data_dir: Option<PathBuf>,
        bind: Option<String>,
        file: FileConfig,
    ) -> anyhow::Result<Self> {
        let data_dir = data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("pathways-data"));
        let db = match db.or(file.db) {
            Some(url) => url,
            None => {
                std::fs::create_dir_all(&data_dir)
                    .with_context(|| format!("creating data directory {}", data_dir.display()))?;
                format!("sqlite://{}", data_dir.join("pathways.db").display())
            }
        };
        Ok(Self {
            db,
            data_dir,
            bind: bind
                .or(file.bind)
                .unwrap_or_else(|| DEFAULT_BIND.to_owned()),
            hsts: file.hsts.unwrap_or(false),
            lockout_threshold: file.lockout_threshold.unwrap_or(5),
            cache_ttl_secs: std::env::var("PATHWAYS_CACHE_TTL_SECS")
                .ok()
                .and_then(|v| v.parse().ok())
                .or(file.cache_ttl_secs)
                .unwrap_or(2),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_file_and_defaults_fill_the_rest() {
        let file = FileConfig {
            bind: Some("0.0.0.0:9000".into()),
            db: Some("postgres://x/y".into()),
            ..Default::default()
        };
        let s = Settings::resolve(None, None, Some("127.0.0.1:1".into()), file).unwrap();
        assert_eq!(s.bind, "127.0.0.1:1");
        assert_eq!(s.db, "postgres://x/y");
        assert_eq!(s.data_dir, PathBuf::from("pathways-data"));
    }
}
