//! What scripts read: `--json` output (tokens, migrations, the audit, the read models),
//! `--version` with the commit, shell completions.

use super::run::{charter, charter_command, Scratch};
use charter_tests::TestDatabase;
use serde_json::Value;

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"))
}

#[tokio::test]
async fn token_issue_token_list_and_audit_verify_print_json_for_scripts() {
    let database = TestDatabase::create().await;
    let scratch = Scratch::new();
    let url = database.url();
    let run = |args: &[&str]| charter(&url, &scratch.0, args);
    assert_eq!(run(&["migrate"]).code, Some(0));

    let issued = run(&[
        "token",
        "issue",
        "--role",
        "panelist",
        "--name",
        "Paula Panel",
        "--json",
    ]);
    assert_eq!(issued.code, Some(0), "{issued:?}");
    let issued = json(&issued.stdout);
    assert!(
        issued["token"]
            .as_str()
            .is_some_and(|t| t.starts_with("chr_")),
        "{issued}"
    );
    let person = issued["person"].as_str().expect("a person id");

    let listed = run(&["token", "list", "--person", person, "--json"]);
    assert_eq!(listed.code, Some(0), "{listed:?}");
    let listed = json(&listed.stdout);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["token_id"], issued["token_id"]);
    assert_eq!(listed[0]["status"], "active");

    let verified = run(&["audit", "verify", "--json"]);
    assert_eq!(verified.code, Some(0), "{verified:?}");
    let verified = json(&verified.stdout);
    assert_eq!(verified["intact"], true, "{verified}");
    assert!(
        verified["chains"]["events"].as_u64() > Some(0),
        "{verified}"
    );

    let status = run(&["projections", "status", "--json"]);
    assert_eq!(status.code, Some(0), "{status:?}");
    assert!(json(&status.stdout)["read_models"]
        .as_array()
        .is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn migrate_and_token_revoke_print_json_for_scripts() {
    let database = TestDatabase::create().await;
    let scratch = Scratch::new();
    let url = database.url();
    let run = |args: &[&str]| charter(&url, &scratch.0, args);

    let migrated = run(&["migrate", "--json"]);
    assert_eq!(migrated.code, Some(0), "{migrated:?}");
    let migrated = json(&migrated.stdout);
    let applied = migrated["applied"].as_array().expect("applied");
    assert!(
        applied.len() > 10,
        "a new database takes them all: {migrated}"
    );
    assert_eq!(migrated["schema_version"], *applied.last().expect("one"));
    assert_eq!(migrated["rebuilt"], serde_json::json!([]));
    let again = json(&run(&["migrate", "--json"]).stdout);
    assert_eq!(again["applied"], serde_json::json!([]), "{again}");
    assert_eq!(again["schema_version"], migrated["schema_version"]);

    let issued = run(&[
        "token",
        "issue",
        "--role",
        "committee",
        "--name",
        "Carla C",
        "--json",
    ]);
    let issued = json(&issued.stdout);
    let token_id = issued["token_id"].as_str().expect("a token id");
    let person = issued["person"].as_str().expect("a person id");
    let revoked = run(&["token", "revoke", token_id, "--json"]);
    assert_eq!(revoked.code, Some(0), "{revoked:?}");
    let revoked = json(&revoked.stdout);
    assert_eq!(revoked["revoked"], 1, "{revoked}");
    assert_eq!(revoked["token"]["token_id"], token_id);
    assert_eq!(revoked["token"]["status"], "revoked");
    let again = json(&run(&["token", "revoke", token_id, "--json"]).stdout);
    assert_eq!(again["revoked"], 0, "already revoked: {again}");
    assert_eq!(again["token"]["revoked_at"], revoked["token"]["revoked_at"]);
    let everyone = run(&["token", "revoke", "--person", person, "--json"]);
    assert_eq!(everyone.code, Some(0), "{everyone:?}");
    assert_eq!(
        json(&everyone.stdout),
        serde_json::json!({"person": person, "revoked": 0, "held": 1})
    );
    let unknown = run(&["token", "revoke", &uuid::Uuid::nil().to_string(), "--json"]);
    assert_ne!(unknown.code, Some(0));
    assert!(unknown.stdout.is_empty(), "{unknown:?}");
    assert!(unknown.stderr.contains("there is no token"), "{unknown:?}");
}

#[test]
fn version_names_the_commit_built_from() {
    let ran: super::run::Ran = charter_command()
        .arg("--version")
        .output()
        .expect("run charter")
        .into();
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map_or_else(
            || "unknown".to_owned(),
            |out| String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        );

    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert_eq!(
        ran.stdout.trim(),
        format!("charter {} (commit {commit})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_are_printed_for_a_shell_without_a_database() {
    let scratch = Scratch::new();
    let ran = charter(
        "postgres://postgres@127.0.0.1:1/never",
        &scratch.0,
        &["completions", "bash"],
    );

    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(ran.stdout.contains("_charter()"), "{}", ran.stdout);
    assert!(ran.stdout.contains("projections"), "{}", ran.stdout);
}
