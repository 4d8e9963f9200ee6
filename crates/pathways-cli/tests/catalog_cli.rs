//! `pathways import` / `export` / `admin` through the binary, on either backend.
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

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const ORGS: &str = "name,sector,kind,region,parent,city,naics,website
Austin ISD,secondary,district,Capital Area,,Austin,,
Travis Early College High School,secondary,school,Capital Area,Austin ISD,Austin,,
Austin Community College,postsecondary,community_college,Capital Area,,Austin,,https://www.austincc.edu
St. David's Medical Center,employer,other,Capital Area,,Austin,622110,
";

const COURSES: &str = "provider,code,title,credit_hours,level,dual_credit,advanced_academic,subject,prerequisites
Austin Community College,NURA 1301,Nurse Aide for Health Care Organizations I,3,college,true,false,cte,HPRS 1201
Austin Community College,HPRS 1201,Introduction to Health Professions,2,college,true,false,cte,
";

#[tokio::test]
async fn import_is_all_or_nothing_idempotent_and_round_trips() {
    let (db, _dir) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let regions = write(d, "regions.csv", "name,area_codes\nCapital Area,0012420\n");
    let orgs = write(d, "organizations.csv", ORGS);
    let courses = write(d, "courses.csv", COURSES);

    pathways(&db, d)
        .args(["import", "regions"])
        .arg(&regions)
        .assert()
        .success();
    let out = pathways(&db, d)
        .args(["import", "organizations"])
        .arg(&orgs)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("4 created"));
    // Prerequisites may refer to a later row of the same file.
    pathways(&db, d)
        .args(["import", "courses"])
        .arg(&courses)
        .assert()
        .success();

    // The same file again changes nothing.
    let out = pathways(&db, d)
        .args(["import", "organizations", "--format", "json"])
        .arg(&orgs)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v[0]["summary"]["unchanged"], 4);
    assert_eq!(v[0]["summary"]["created"], 0);

    // Export writes the same columns back; re-importing the export is a no-op.
    let exported = d.join("out.csv");
    pathways(&db, d)
        .args(["export", "courses", "--out"])
        .arg(&exported)
        .assert()
        .success();
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.starts_with("provider,code,title,credit_hours,level"));
    assert!(text.contains("NURA 1301"));
    let out = pathways(&db, d)
        .args(["import", "courses"])
        .arg(&exported)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("2 unchanged"));

    // Every bad row is reported with line, column and reason; nothing is written.
    let bad = write(
        d,
        "bad.csv",
        "provider,name,kind,cip,seats,annual_completers,description
Austin Community College,Nursing ADN,associate,51.3801,60,48,
Nowhere College,Welding,certificate_level_1,48.0508,20,10,
Austin Community College,Welding,diploma,48.05088,-5,x,
",
    );
    let out = pathways(&db, d)
        .args(["import", "programs"])
        .arg(&bad)
        .assert()
        .failure()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for expected in [
        "line 3, column provider: no organization named \"Nowhere College\"",
        "line 4, column annual_completers",
        "line 4, column cip",
        "line 4, column kind",
        "line 4, column seats",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let out = pathways(&db, d)
        .args(["export", "programs"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout)
            .lines()
            .count(),
        1,
        "only the header: nothing was imported"
    );
}

#[tokio::test]
async fn unknown_columns_and_entities_are_clear_errors() {
    let (db, _dir) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "r.csv", "name,colour\nX,red\n");
    let out = pathways(&db, tmp.path())
        .args(["import", "regions"])
        .arg(&f)
        .assert()
        .failure();
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr)
            .contains("line 1, column colour: unknown column")
    );
    let out = pathways(&db, tmp.path())
        .args(["import", "widgets"])
        .arg(&f)
        .assert()
        .failure();
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr).contains("unknown entity \"widgets\"")
    );
}

#[tokio::test]
async fn admin_create_and_token() {
    let (db, _dir) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    pathways(&db, tmp.path())
        .args([
            "admin",
            "create",
            "--email",
            "pat@region.org",
            "--name",
            "Pat",
        ])
        .env("PATHWAYS_ADMIN_PASSWORD", "short")
        .assert()
        .failure();
    pathways(&db, tmp.path())
        .args([
            "admin",
            "create",
            "--email",
            "pat@region.org",
            "--name",
            "Pat",
        ])
        .write_stdin("a long enough passphrase\n")
        .env_remove("PATHWAYS_ADMIN_PASSWORD")
        .assert()
        .success();
    let out = pathways(&db, tmp.path())
        .args([
            "token",
            "create",
            "--email",
            "pat@region.org",
            "--name",
            "ci",
        ])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).starts_with("pwt_"));
}

#[tokio::test]
async fn backup_and_restore_round_trip_through_the_cli() {
    let (db, _d1) = fresh_url().await.unwrap();
    let (db2, _d2) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let regions = write(d, "regions.csv", "name,area_codes\nCapital Area,0012420\n");
    let orgs = write(d, "organizations.csv", ORGS);
    pathways(&db, d)
        .args(["import", "regions"])
        .arg(&regions)
        .assert()
        .success();
    pathways(&db, d)
        .args(["import", "organizations"])
        .arg(&orgs)
        .assert()
        .success();
    let file = d.join("snap.pathways-backup");
    pathways(&db, d).arg("backup").arg(&file).assert().success();
    pathways(&db2, d)
        .arg("restore")
        .arg(&file)
        .assert()
        .success();
    let a = pathways(&db, d)
        .args(["export", "organizations"])
        .assert()
        .success();
    let b = pathways(&db2, d)
        .args(["export", "organizations"])
        .assert()
        .success();
    assert_eq!(a.get_output().stdout, b.get_output().stdout);
    // A second restore is refused: the target is no longer empty.
    pathways(&db2, d)
        .arg("restore")
        .arg(&file)
        .assert()
        .failure();
}

#[tokio::test]
async fn pathway_check_and_ctdl_export() {
    let (db, _dir) = fresh_url().await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    pathways(&db, d)
        .args(["import", "regions"])
        .arg(write(d, "r.csv", "name,area_codes\nCapital Area,0012420\n"))
        .assert()
        .success();
    pathways(&db, d)
        .args(["import", "organizations"])
        .arg(write(d, "o.csv", ORGS))
        .assert()
        .success();
    pathways(&db, d)
        .args(["import", "courses"])
        .arg(write(d, "c.csv", COURSES))
        .assert()
        .success();
    pathways(&db, d).args(["import", "credentials"]).arg(write(d, "cr.csv", "name,kind,issuer,issuer_org,occupations,stacks_into\nCertified Nurse Aide,industry_certification,Texas HHSC,,31-1131,\n")).assert().success();
    pathways(&db, d).args(["import", "pathways"]).arg(write(d, "p.csv", "region,name,sector,target_occupations,programs,courses,description\nCapital Area,Nursing,health_care,31-1131,,Austin Community College|HPRS 1201;Austin Community College|NURA 1301,\n")).assert().success();
    let out = pathways(&db, d)
        .args(["pathway", "export", "1"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("ceterms:Pathway") && text.contains("Certified Nurse Aide"),
        "{text}"
    );
    let out = pathways(&db, d).args(["pathway", "check", "1"]).assert();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!text.is_empty());
    pathways(&db, d)
        .args(["pathway", "export", "99"])
        .assert()
        .failure();
}
