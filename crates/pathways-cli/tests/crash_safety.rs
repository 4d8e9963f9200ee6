//! Killing the server in the middle of an import leaves nothing half-written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use pathways_store::testing::fresh_url;

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("pathways")
}

/// Starts `pathways serve` on a free port; returns the child, its address and its log lines.
fn serve(db: &str) -> (Child, String, mpsc::Receiver<String>) {
    let mut child = Command::new(bin())
        .args(["--db", db, "serve", "--bind", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let (tx, rx) = mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    (child, addr, rx)
}

#[tokio::test(flavor = "multi_thread")]
async fn killing_the_server_mid_import_writes_nothing() {
    let (db, _dir) = fresh_url().await.unwrap();
    let ok = Command::new(bin())
        .args([
            "--db",
            &db,
            "admin",
            "create",
            "--email",
            "admin@region.org",
            "--name",
            "Admin",
        ])
        .env("PATHWAYS_ADMIN_PASSWORD", "correct horse battery")
        .env_remove("DATABASE_URL")
        .status()
        .unwrap();
    assert!(ok.success());
    let token = Command::new(bin())
        .args([
            "--db",
            &db,
            "token",
            "create",
            "--email",
            "admin@region.org",
            "--name",
            "t",
            "--scope",
            "write",
        ])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();

    let mut csv = String::from("name,sector,kind,region,parent,city,naics,website\n");
    for i in 0..30_000 {
        csv.push_str(&format!("Employer {i:05},employer,other,,,Austin,,\n"));
    }
    let (mut child, addr, logs) = serve(&db);
    let client = reqwest::Client::new();
    let url = format!("http://{addr}/api/v1/imports/organizations");
    let body = csv.clone();
    let tok = token.clone();
    let c2 = client.clone();
    let upload = tokio::spawn(async move {
        c2.post(url)
            .bearer_auth(tok)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await
    });
    // Wait until the server is inside the import, then kill it without warning.
    let started = loop {
        match logs.recv_timeout(Duration::from_secs(60)) {
            Ok(l) if l.contains("import started") => break true,
            Ok(_) => continue,
            Err(_) => break false,
        }
    };
    assert!(started, "the server never started the import");
    std::thread::sleep(Duration::from_millis(200));
    let finished_early = logs.try_iter().any(|l| l.contains("import finished"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        upload.await.unwrap().is_err(),
        "the upload was cut off by the kill"
    );
    assert!(
        !finished_early,
        "the import finished before the kill; make the file larger"
    );

    let (mut child, addr, _logs) = serve(&db);
    let page: serde_json::Value = client
        .get(format!("http://{addr}/api/v1/organizations?limit=5"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        page["items"].as_array().unwrap().is_empty(),
        "no organization of the interrupted import was written"
    );
    // The same upload, uninterrupted, imports everything.
    let r = client
        .post(format!("http://{addr}/api/v1/imports/organizations"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let summary: serde_json::Value = r.json().await.unwrap();
    assert_eq!(summary["created"], 30_000);
    child.kill().unwrap();
    child.wait().unwrap();
}
