//! The read models' projector keeps its own connections, apart from the requests' pool.

use charter_domain::Role;
use charter_tests::spawn_app;
use uuid::Uuid;

#[tokio::test]
async fn the_read_models_keep_up_while_requests_hold_every_connection_of_their_pool() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Secretariat").await;
    let (_, opened) = app.open_application("Lisbon").await;
    let position = opened["position"].as_i64().expect("a position");
    app.read("/api/v1/dashboard", &secretariat, position).await;
    let read_models: Vec<&'static str> = charter_projections::all()
        .iter()
        .map(|projection| projection.name())
        .collect();
    // Every connection the requests share is taken, as under a burst of commands: all
    // of spawn_app's 20 that the server's listeners do not keep.
    let mut held = Vec::new();
    let wait = std::time::Duration::from_millis(500);
    while let Ok(taken) = tokio::time::timeout(wait, app.pool.acquire()).await {
        held.push(taken.expect("a request connection"));
    }
    assert!(held.len() >= 15, "only {} connections taken", held.len());
    // Another process appends an application: a copy of the first one's opening, under
    // a new id.
    let elsewhere = app.database.pool(1).await;
    let id = Uuid::new_v4();
    let appended: i64 = sqlx::query_scalar(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         SELECT aggregate_type, $1, 1, event_type, event_version, payload, metadata
         FROM events WHERE global_position = $2
         RETURNING global_position",
    )
    .bind(id.to_string())
    .bind(position)
    .fetch_one(&elsewhere)
    .await
    .expect("append elsewhere");

    // The read models' projector has connections of its own: it applies the event while
    // the requests' pool stays empty (it polls, since nothing here announces the event).
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let behind: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM projection_checkpoints c, events e
             WHERE e.global_position = $1 AND c.projection = ANY($2)
               AND (c.tx_id, c.global_position) < (e.tx_id, e.global_position)",
        )
        .bind(appended)
        .bind(&read_models)
        .fetch_one(&elsewhere)
        .await
        .expect("checkpoints");
        if behind == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{behind} read models did not apply the event while the requests' pool was empty"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    drop(held);
    let summary = app
        .read(
            &format!("/api/v1/applications/{id}"),
            &secretariat,
            appended,
        )
        .await;
    assert_eq!(summary["city"], "Lisbon", "{summary}");
}
