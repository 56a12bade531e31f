//! An older backup restored over the store: the checkpoints signed since name it.

use super::support::{checkpoint, named, seeded, verify_on};
use crate::api::steps::submit;
use charter_store::history::audit::Difference;
use charter_tests::TestDatabase;
use std::process::Command;

#[tokio::test]
async fn restoring_an_older_backup_is_named_a_rollback() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (older, older_file) = checkpoint(app).await;
    let dump = std::env::temp_dir().join(format!("{}.dump", app.database.name));
    let dumped = Command::new("pg_dump")
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(app.database.url())
        .status()
        .expect("pg_dump runs");
    assert!(dumped.success(), "pg_dump");
    submit(
        app,
        &seeded.applicant,
        "preliminary_report",
        "a later version",
    )
    .await;
    let (newer, newer_file) = checkpoint(app).await;
    assert!(newer.tree_size > older.tree_size);

    let restored = TestDatabase::create().await;
    let status = Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(restored.url())
        .arg(&dump)
        .status()
        .expect("pg_restore runs");
    let _ = std::fs::remove_file(&dump);
    assert!(status.success(), "pg_restore");
    let pool = restored.pool(2).await;

    let report = verify_on(&pool, app, &[&older_file, &newer_file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    assert_eq!(
        named(&report),
        &Difference::RolledBack {
            tree_size: newer.tree_size,
            time: newer.time.clone(),
            log_size: older.tree_size,
        }
    );
    assert_eq!(report.log.contained, vec![older.tree_size]);
    pool.close().await;
    seeded.app.stop().await;
}
