//! One module per command; each turns arguments into calls on the crates.

mod admin;
pub mod analytics;
mod backup;
mod catalog_io;
pub mod data_generate;
mod demo;
pub mod linkage;
pub mod lmi;
pub mod matching;
pub mod partnership;
pub mod pathway;
pub mod plans;
mod serve;
pub mod wbl;

use anyhow::Context;
use pathways_store::Store;

use crate::cli::{Cli, Command};
use crate::config::{FileConfig, Settings};

/// Sets up logging on stderr; `RUST_LOG` overrides `-v`.
pub fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn,pathways=info",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

async fn open(settings: &Settings) -> anyhow::Result<Store> {
    Store::connect(&settings.db)
        .await
        .with_context(|| format!("opening the database {}", redact(&settings.db)))
}

/// Hides a password in a database URL before it is shown.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    // The engines are synchronous and need no database.
    match &cli.command {
        Command::Match(cmd) => return matching::dispatch(cmd),
        Command::Pages => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for (path, who) in pathways_web::page_routes() {
                writeln!(out, "{path}\t{}", who.join(","))?;
            }
            return Ok(());
        }
        Command::Link(cmd) if !cmd.needs_store() => return linkage::run(cmd),
        Command::Data(analytics::DataCommand::Generate(args)) => {
            return data_generate::run(args);
        }
        _ => {}
    }
    let file = FileConfig::load(cli.config.as_deref())?;
    let bind = match &cli.command {
        Command::Serve(a) => a.bind.clone(),
        _ => None,
    };
    let settings = Settings::resolve(cli.db.clone(), cli.data_dir.clone(), bind, file)?;
    let rt = runtime()?;
    match cli.command {
        Command::Demo(args) => rt.block_on(demo::run(cli.data_dir, args)),
        Command::Serve(_) => rt.block_on(serve::run(settings)),
        Command::Import(args) => rt.block_on(catalog_io::import(&settings, &args)),
        Command::Export(args) => rt.block_on(catalog_io::export(&settings, &args)),
        Command::Backup { file } => rt.block_on(backup::backup(&settings, &file)),
        Command::Restore { file } => rt.block_on(backup::restore(&settings, &file)),
        Command::Match(_) => Ok(()),
        Command::Link(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            linkage::run_with_store(&store, &cmd).await
        }),
        Command::Pathway(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            pathway::run(&store, cmd).await
        }),
        Command::Lmi(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            lmi::run(&store, cmd).await
        }),
        Command::Plans(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            plans::run(&store, cmd).await
        }),
        Command::Data(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            analytics::data(&settings, &store, cmd).await
        }),
        Command::Metrics(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            analytics::metrics(&settings, &store, cmd).await
        }),
        Command::Wbl(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            wbl::run(&store, cmd).await
        }),
        Command::Partnership(cmd) => rt.block_on(async {
            let store = open(&settings).await?;
            partnership::run(&store, cmd).await
        }),
        Command::Admin(cmd) => rt.block_on(admin::admin(&settings, cmd)),
        Command::Token(cmd) => rt.block_on(admin::token(&settings, cmd)),
        // Answered above, before any store is opened.
        Command::Pages => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
