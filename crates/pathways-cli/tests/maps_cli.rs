//! `pathways pathway import` and `check`/`export --map` on stored maps, on either backend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use pathways_store::testing::fresh_url;

fn pathways(db: &str, dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("pathways").unwrap();
    c.arg("--db")
        .arg(db)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("DATABASE_URL");
    c
}

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/examples/health-science-rn.ctdl.json")
}

#[tokio::test]
async fn import_a_ctdl_file_then_check_and_export_it_without_loss() {
    let (db, _guard) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let out = pathways(&db, d)
        .args(["pathway", "import"])
        .arg(fixture())
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.starts_with("imported map 1: Health Science to Registered Nurse (9 components)"),
        "{text}"
    );
    assert_eq!(text.matches("kept unknown property").count(), 3, "{text}");
    assert!(text.contains("ceterms:keyword"));

    let out = pathways(&db, d)
        .args(["pathway", "export", "--map", "1", "--format", "ctdl"])
        .assert()
        .success();
    let exported: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    assert_eq!(exported, original, "CTDL in, CTDL out: identical");

    let out = pathways(&db, d)
        .args(["pathway", "export", "--map", "1", "--format", "svg"])
        .assert()
        .success();
    let svg = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(svg.starts_with("<svg") && svg.contains("Registered Nurse"));

    let out = pathways(&db, d)
        .args(["pathway", "check", "--map", "1"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!text.contains("Error "), "{text}");

    // A second import of the exported file is a second map, equal on export.
    let again = d.join("again.json");
    std::fs::write(&again, serde_json::to_string(&exported).unwrap()).unwrap();
    let out = pathways(&db, d)
        .args(["pathway", "import", "--format", "json"])
        .arg(&again)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["id"], 2);
    assert_eq!(v["kept"].as_array().unwrap().len(), 3);

    // Malformed files name the file and the JSON path, and store nothing.
    let bad = d.join("bad.json");
    let mut doc = original.clone();
    let i = doc["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .position(|n| n["@type"] == "ceterms:CredentialComponent")
        .unwrap();
    doc["@graph"][i]["ceterms:precedes"] = serde_json::json!(7);
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out = pathways(&db, d)
        .args(["pathway", "import"])
        .arg(&bad)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains(&format!("bad.json: $.@graph[{i}].ceterms:precedes")),
        "{err}"
    );
    std::fs::write(&bad, "{\"@graph\": [").unwrap();
    let out = pathways(&db, d)
        .args(["pathway", "import"])
        .arg(&bad)
        .assert()
        .failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("line 1"));
    pathways(&db, d)
        .args(["pathway", "check", "--map", "3"])
        .assert()
        .failure();
    pathways(&db, d)
        .args(["pathway", "check"])
        .assert()
        .failure();
}
