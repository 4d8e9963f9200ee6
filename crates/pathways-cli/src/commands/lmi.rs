//! `pathways lmi …`: load the shipped labor-market data and ask it questions.

use std::io::Write;
use std::time::Instant;

use anyhow::Context;
use pathways_store::Store;
use pathways_store::lmi::Loaded;

/// `pathways lmi <verb>`.
#[derive(Debug, clap::Subcommand)]
pub enum LmiCommand {
    /// Load the shipped BLS, O*NET and NCES release into the store (idempotent).
    Load,
    /// Search occupations by title ("nurse", "welder").
    Search {
        /// Words of a title.
        query: String,
    },
    /// An occupation's profile in an OEWS area.
    Profile {
        /// SOC code (29-1141).
        soc: String,
        /// OEWS area code (default: national).
        #[arg(long, default_value = "0000000")]
        area: String,
    },
    /// Targeted occupations of a region, with each test explained.
    Targeted {
        /// Region id.
        #[arg(long)]
        region: i64,
    },
    /// Gap analysis of a region as CSV.
    Gaps {
        /// Region id.
        #[arg(long)]
        region: i64,
    },
}

async fn market(store: &Store) -> anyhow::Result<pathways_lmi::LaborMarket> {
    let (label, files) = store
        .current_lmi_files()
        .await?
        .context("no labor-market data is loaded: run `pathways lmi load`")?;
    Ok(pathways_lmi::load::load(
        &pathways_lmi::DataFiles(files),
        &label,
    )?)
}

fn api(e: pathways_web::error::ApiError) -> anyhow::Error {
    anyhow::anyhow!(e.problem().detail)
}

/// Runs an `lmi` command.
pub async fn run(store: &Store, cmd: LmiCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        LmiCommand::Load => {
            let t = Instant::now();
            let (loaded, rows) = pathways_web::api::lmi::load_shipped(store)
                .await
                .map_err(api)?;
            match loaded {
                Loaded::New(id) => writeln!(
                    out,
                    "loaded release {id} ({}) and {rows} catalog occupations and industries in {:.1} s",
                    pathways_lmi::load::SHIPPED_LABEL,
                    t.elapsed().as_secs_f64()
                )?,
                Loaded::AlreadyLoaded(id) => {
                    writeln!(out, "release {id} is already loaded; nothing changed")?
                }
            }
            writeln!(
                out,
                "{}\n{}",
                pathways_lmi::SOURCE_CREDIT,
                pathways_lmi::ONET_CREDIT
            )?;
        }
        LmiCommand::Search { query } => {
            let m = market(store).await?;
            for h in m.search(&query, 15) {
                writeln!(
                    out,
                    "{}  {}{}",
                    h.soc,
                    h.title,
                    h.matched
                        .map(|a| format!("  (as \"{a}\")"))
                        .unwrap_or_default()
                )?;
            }
        }
        LmiCommand::Profile { soc, area } => {
            let m = market(store).await?;
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&m.profile(&soc, &area)?)?
            )?;
        }
        LmiCommand::Targeted { region } => {
            let m = market(store).await?;
            let (_, area) = pathways_web::api::lmi::region_area(store, region)
                .await
                .map_err(api)?;
            for a in m
                .assess(
                    &area,
                    &pathways_web::api::lmi::region_rule(store, region)
                        .await
                        .map_err(api)?,
                )?
                .iter()
                .filter(|a| a.targeted)
            {
                let why: Vec<String> = a.tests.iter().map(|t| t.because.clone()).collect();
                writeln!(out, "{}  {:<50} {}", a.soc, a.title, why.join("; "))?;
            }
            writeln!(out, "{}", pathways_lmi::SOURCE_CREDIT)?;
        }
        LmiCommand::Gaps { region } => {
            let m = market(store).await?;
            let (_, area) = pathways_web::api::lmi::region_area(store, region)
                .await
                .map_err(api)?;
            let (programs, _) = pathways_web::api::lmi::catalog_of(store, region)
                .await
                .map_err(api)?;
            write!(
                out,
                "{}",
                pathways_lmi::gaps::gaps_csv(
                    &m.gaps(
                        &area,
                        &pathways_web::api::lmi::region_rule(store, region)
                            .await
                            .map_err(api)?,
                        &programs
                    )?
                )
            )?;
        }
    }
    Ok(())
}
