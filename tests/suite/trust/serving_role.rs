//! The server runs as a role that cannot rewrite history, and works as it did.

use crate::api::steps::{appeal_vote, cast, close, AppealVote};
use charter_tests::{init_logs, spawn_app_as, TestDatabase};
use serde_json::json;
use sqlx::postgres::PgPoolOptions;
use uuid::Uuid;

#[tokio::test]
async fn a_server_on_the_serving_role_works_and_that_role_cannot_rewrite_history() {
    init_logs();
    let database = TestDatabase::create().await;
    let owner = database.pool(2).await;
    charter_store::db::migrate(&owner)
        .await
        .expect("migrate as the owner");
    let role = format!("charter_serving_{}", Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE ROLE {role} LOGIN"))
        .execute(&owner)
        .await
        .expect("create the role");
    charter_store::roles::grant_serving(&owner, &role)
        .await
        .expect("grant");
    assert!(
        charter_store::roles::grant_serving(&owner, "postgres")
            .await
            .is_err(),
        "a superuser is refused: it could rewrite history anyway"
    );
    let serving = PgPoolOptions::new()
        .max_connections(20)
        .connect_with(database.options.clone().username(&role))
        .await
        .expect("log in as the serving role");

    // A whole secret vote, an erasure and the scheduler, served as that role.
    let app = spawn_app_as(database, serving.clone(), |_| {}).await;
    let AppealVote {
        secretariat,
        members,
        founder,
        vote,
        ..
    } = appeal_vote(&app, "Braga").await;
    for member in &members {
        cast(&app, member, &vote, json!({"choice": "yes"})).await;
    }
    close(&app, &secretariat, &vote).await;
    let erased = app
        .post(
            &format!("/api/v1/people/{}/erasure", founder.person),
            &secretariat,
            &json!({}),
        )
        .await;
    assert!(
        erased.status().is_success(),
        "{}",
        erased.text().await.unwrap_or_default()
    );
    charter_api::workers::scheduler::run_once(&app.state, None)
        .await
        .expect("the scheduler runs as the serving role");

    // The role cannot change history, nor the means that guard it.
    for attack in [
        "UPDATE events SET payload = '{}' WHERE global_position = 1",
        "DELETE FROM events WHERE global_position = 1",
        "TRUNCATE events",
        "ALTER TABLE events DISABLE TRIGGER USER",
        "UPDATE document_blobs SET content = 'x'",
        "DELETE FROM document_blobs",
        "UPDATE stream_heads SET sequence = 1",
        "CREATE OR REPLACE FUNCTION event_hash(bytea, text, text, bigint, text, text, json, \
         json, bigint, uuid, timestamptz) RETURNS bytea LANGUAGE sql AS 'SELECT NULL::bytea'",
        "DELETE FROM _sqlx_migrations",
        "DELETE FROM merkle_leaves",
        "UPDATE merkle_checkpoints SET signature = signature",
    ] {
        let refused = sqlx::query(attack).execute(&serving).await;
        let error = refused.expect_err(attack).to_string();
        assert!(
            error.contains("permission denied") || error.contains("must be owner"),
            "{attack}: {error}"
        );
    }
    let database = app.stop_keeping_database().await;
    serving.close().await;
    sqlx::query(&format!("DROP OWNED BY {role}"))
        .execute(&owner)
        .await
        .expect("drop its grants");
    sqlx::query(&format!("DROP ROLE {role}"))
        .execute(&owner)
        .await
        .expect("drop the role");
    owner.close().await;
    drop(database);
}
