//! The same metric plans on an in-process Ballista cluster give the same cells
//! as local DataFusion.
#![cfg(feature = "cluster")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use pathways_analytics::{Definitions, Engine, cluster, load, spec};

/// Ballista's planner recurses deeply on these plans: run on big stacks.
#[test]
fn standalone_ballista_matches_local_datafusion() {
    let run = || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_stack_size(64 << 20)
            .enable_all()
            .build()
            .unwrap()
            .block_on(compare())
    };
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

async fn compare() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let files = load::source_files(&src).unwrap();
    load::validate_and_convert(&files, dir.path()).unwrap();
    let defs = Definitions::default();
    let local = Engine::local(dir.path(), &defs).await.unwrap();
    let remote = cluster::standalone(dir.path(), &defs).await.unwrap();
    // Every shipped metric: each is one Ballista job of many stages.
    let specs = spec::load(None).unwrap();
    assert!(specs.len() >= 24, "only {} metrics", specs.len());
    let by = ["sex", "district", "year"];
    let mut compared = 0;
    for s in &specs {
        let a = local.run(s, &by).await.unwrap();
        let b = remote
            .run(s, &by)
            .await
            .unwrap_or_else(|e| panic!("{} on Ballista: {e}", s.id));
        assert_eq!(a, b, "metric {}", s.id);
        compared += a.len();
    }
    assert!(compared > 100, "only {compared} cells compared");
}
