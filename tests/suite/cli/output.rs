//! What scripts read: `--json` output, `--version` with the commit, shell completions.

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
