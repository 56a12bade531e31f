//! What a rebuild refuses: a second one at once, undoing a migration, losing a tie.

use charter_projections::{Projection, Rebuild};
use charter_tests::spawn_app;
use std::sync::Arc;

#[tokio::test]
async fn a_second_rebuild_of_the_same_read_model_is_refused_while_one_runs() {
    let app = spawn_app().await;
    let projection: Arc<dyn Projection> =
        Arc::new(charter_projections::read_models::roster::RosterProjection);
    let first = Rebuild::prepare(&app.pool, projection.clone(), 100)
        .await
        .expect("prepare");
    let second = Rebuild::prepare(&app.pool, projection.clone(), 100).await;
    assert!(
        matches!(
            second,
            Err(charter_projections::RebuildError::Busy("roster"))
        ),
        "{second:?}"
    );
    first.abandon().await.expect("abandon");
    let again = Rebuild::prepare(&app.pool, projection, 100)
        .await
        .expect("free again");
    again.switch().await.expect("switch");
    app.stop().await;
}

#[tokio::test]
async fn a_rebuild_refuses_to_undo_a_migration_or_to_lose_what_depends_on_a_table() {
    let app = spawn_app().await;
    app.caller(charter_domain::Role::Committee, "Carla Committee")
        .await;
    let projection: Arc<dyn Projection> =
        Arc::new(charter_projections::read_models::roster::RosterProjection);

    // A migration while the copy is built: switching in the old shape would undo it.
    let mut rebuild = Rebuild::prepare(&app.pool, projection.clone(), 100)
        .await
        .expect("prepare");
    rebuild.catch_up(|_| {}).await.expect("catch up");
    sqlx::query("ALTER TABLE people ADD COLUMN pronouns text")
        .execute(&app.pool)
        .await
        .expect("migrate");
    let refused = rebuild.switch().await;
    assert!(
        matches!(&refused, Err(charter_projections::RebuildError::ShapeChanged { table }) if table == "people"),
        "{refused:?}"
    );
    let kept: i64 = sqlx::query_scalar("SELECT count(pronouns) + count(*) FROM people")
        .fetch_one(&app.pool)
        .await
        .expect("the live table keeps its new column and its rows");
    assert_eq!(kept, 1);

    // A view on a table would be dropped with the old table.
    sqlx::query("CREATE VIEW seated AS SELECT person_id FROM committee_seats")
        .execute(&app.pool)
        .await
        .expect("view");
    let refused = Rebuild::prepare(&app.pool, projection, 100).await;
    assert!(
        matches!(&refused, Err(charter_projections::RebuildError::Uncopyable { table, .. }) if table == "committee_seats"),
        "{refused:?}"
    );
    let leftovers: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'charter_re%'")
            .fetch_one(&app.pool)
            .await
            .expect("schemas");
    assert_eq!(leftovers, 0);
    app.stop().await;
}
