//! `pathways demo`: a realistic region in a fresh SQLite data directory, served.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use pathways_store::Store;

use crate::cli::DemoArgs;
use crate::config::Settings;

/// Builds the demo region and serves it until interrupted.
pub async fn run(data_dir: Option<PathBuf>, args: DemoArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let dir = data_dir.unwrap_or_else(|| PathBuf::from("pathways-demo"));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    // A fresh region every time: the demo is seeded and deterministic.
    for name in ["pathways.db", "pathways.db-wal", "pathways.db-shm"] {
        let p = dir.join(name);
        if p.exists() {
            std::fs::remove_file(&p)
                .with_context(|| format!("removing the previous demo {}", p.display()))?;
        }
    }
    let db = format!("sqlite://{}", dir.join("pathways.db").display());
    let store = Store::connect(&db)
        .await
        .context("creating the demo database")?;

    let pb = crate::progress::bar(pathways_demo::catalog::PATHWAYS.len() as u64, "pathways");
    let region = pathways_demo::seed_catalog(&store, &args.area, &|| pb.inc(1)).await?;
    pb.finish_and_clear();
    let lmi_started = Instant::now();
    pathways_web::api::lmi::load_shipped(&store)
        .await
        .map_err(|e| anyhow::anyhow!(e.problem().detail))?;
    tracing::info!(
        seconds = lmi_started.elapsed().as_secs_f64(),
        "labor-market data loaded"
    );
    let logins = pathways_demo::seed_accounts(&store, &region).await?;
    let mut counts = region.counts.clone();
    let roster = pathways_demo::wbl::DEMO_ROSTER;
    let pb = crate::progress::bar(roster as u64, "students");
    counts.extend(pathways_demo::wbl::seed_wbl(&store, &region, roster, &|| pb.inc(1)).await?);
    pb.finish_and_clear();
    let pb = crate::progress::bar(
        (roster + pathways_demo::advising::MIDDLE_SCHOOLERS) as u64,
        "plans",
    );
    counts.extend(pathways_demo::advising::seed_advising(&store, &region, &|| pb.inc(1)).await?);
    pb.finish_and_clear();
    counts.extend(pathways_demo::maps::seed_maps(&store, &region).await?);
    counts.extend(
        pathways_demo::partnership::seed_partnership(
            &store,
            &region,
            pathways_web::sharing::today(),
        )
        .await?,
    );
    // Participant records for the metrics (Parquet under <data dir>/participants/).
    let pb = crate::progress::bar(pathways_demo::participants::DEMO_STUDENTS, "participants");
    let participants =
        pathways_demo::participants::seed_participants(&store, &region, &dir, &mut |n| {
            pb.set_position(n)
        })
        .await?;
    pb.finish_and_clear();
    counts.push((
        "participant students",
        participants.rows_of(pathways_synth::Table::Students) as usize,
    ));
    counts.push((
        "participant records",
        participants.rows.iter().map(|(_, n)| *n as usize).sum(),
    ));
    // Load the participant records and compute every metric, so the equity
    // dashboard and the public outcomes page have data (issue #7).
    let metrics_started = Instant::now();
    let cells = pathways_demo::outcomes::seed_outcomes(&store, &dir.join("participants"), &dir)
        .await
        .context("loading the demo participant records and computing the metrics")?;
    counts.push(("metric cells", cells));
    tracing::info!(
        seconds = metrics_started.elapsed().as_secs_f64(),
        "participant data loaded and metrics computed"
    );

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Demo region \"{}\" built on OEWS area {} in {:.1} s:",
        pathways_demo::catalog::REGION,
        region.area,
        started.elapsed().as_secs_f64()
    )?;
    for (what, n) in &counts {
        writeln!(out, "  {n:>5} {what}")?;
    }
    writeln!(
        out,
        "\nSign in (password for every account: {}):",
        pathways_demo::DEMO_PASSWORD
    )?;
    for l in &logins {
        writeln!(
            out,
            "  {:<16} {:<32} ({})",
            l.role.title(),
            l.email,
            l.acts_for
        )?;
    }
    if args.no_serve {
        store.close().await;
        return Ok(());
    }
    let settings = Settings::resolve(Some(db), Some(dir), Some(args.bind), Default::default())?;
    drop(out);
    store.close().await;
    super::serve::run(settings).await
}
