//! The server signs checkpoints on its schedule, only when the log grew, into the anchor
//! directory; and an untouched store passes the check with them as it grows.

use super::support::{checkpoint, verify};
use crate::api::steps::submit;
use charter_domain::Role;
use charter_store::history::{Checkpoint, CheckpointKey};
use charter_store::keys::KeyDirectory;
use charter_tests::spawn_app_with;
use std::path::PathBuf;
use std::time::Duration;

/// The checkpoint files in the anchor directory.
fn anchored(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|store| {
            std::fs::read_dir(store.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|file| file.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn the_server_signs_checkpoints_of_a_growing_log_into_the_anchor_directory() {
    let app = spawn_app_with(|settings| {
        settings.checkpoint_interval = Some(Duration::from_millis(200));
        settings.history_poll = Duration::from_millis(50);
    })
    .await;
    let secretariat = app.caller(Role::Secretariat, "Sam Secretariat").await;
    let (applicant, _) = app.open_application("Lisbon").await;
    submit(&app, &applicant, "preliminary_report", "the report").await;
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let latest: Checkpoint = loop {
        let response = app
            .get("/api/v1/audit/checkpoints/latest", &secretariat)
            .await;
        if response.status() == 200 {
            let latest: Checkpoint = response.json().await.expect("a checkpoint");
            if latest.tree_size == u64::try_from(events).expect("count") {
                break latest;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no checkpoint of every event"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let keys = KeyDirectory::for_store(&app.database.key_dir(), &app.pool)
        .await
        .expect("the key directory");
    let key = CheckpointKey::from_key_dir(&keys)
        .expect("the key")
        .public();
    let files = anchored(&app.database.anchor_dir());
    assert!(!files.is_empty());
    let mut sizes = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a file");
        let checkpoint: Checkpoint = serde_json::from_str(&text).expect("a checkpoint");
        checkpoint
            .verify(&key)
            .expect("signed with the key directory's key");
        sizes.push(checkpoint.tree_size);
    }
    assert!(sizes.contains(&latest.tree_size), "{sizes:?}");
    // Nothing new, nothing signed.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(anchored(&app.database.anchor_dir()).len(), files.len());

    // The store, untouched, still contains every one of them as it grows.
    submit(&app, &applicant, "preliminary_report", "a second version").await;
    let (_, taken) = checkpoint(&app).await;
    submit(&app, &applicant, "preliminary_report", "a third version").await;
    let mut given: Vec<&PathBuf> = files.iter().collect();
    given.push(&taken);
    let report = verify(&app, &given).await;
    assert!(report.intact(), "{report}");
    assert!(report.log.contained.contains(&latest.tree_size), "{report}");
    report.clone().into_result().expect("the command succeeds");

    // A checkpoint altered after it was signed is not believed.
    let mut altered: Checkpoint =
        serde_json::from_str(&std::fs::read_to_string(&taken).expect("file")).expect("JSON");
    altered.tree_size -= 1;
    let altered_file = app.database.anchor_dir().join("altered.json");
    std::fs::write(
        &altered_file,
        serde_json::to_string(&altered).expect("JSON"),
    )
    .expect("write");
    let report = verify(&app, &[&altered_file]).await;
    assert_eq!(
        report.log.first_difference.as_ref().map(|d| d.code()),
        Some("unsigned"),
        "{report}"
    );
    app.stop().await;
}
