//! A rebuild switched in: exactly the live rows, and the live model kept meanwhile.

use super::{seed, settled, snapshot};

use charter_projections::{Projection, Rebuild};
use charter_tests::spawn_app;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn a_rebuild_gives_exactly_the_rows_of_the_live_read_models() {
    let app = spawn_app().await;
    seed(&app).await;
    settled(&app.pool).await;
    let live = snapshot(&app.pool).await;
    assert!(
        live["application_reviews"].len() >= 3,
        "the seed has reviews"
    );
    assert!(live["vote_ballots"].len() >= 3, "the seed has ballots");
    assert_eq!(
        live["application_feedback"].len(),
        1,
        "the seed released feedback"
    );
    assert_eq!(
        live["application_interviews"].len(),
        2,
        "the seed has interviews"
    );

    // Damage the live tables behind the projector's back: a rebuild reads the events, not
    // the tables, so it puts everything right.
    sqlx::query("UPDATE application_summaries SET hub_name = 'damaged'")
        .execute(&app.pool)
        .await
        .expect("damage");
    sqlx::query("DELETE FROM vote_ballots")
        .execute(&app.pool)
        .await
        .expect("damage");
    sqlx::query("DELETE FROM people")
        .execute(&app.pool)
        .await
        .expect("damage");
    assert_ne!(snapshot(&app.pool).await, live);

    for projection in charter_projections::all() {
        let mut reports = 0;
        let done = Rebuild::run(&app.pool, projection, 7, |_| reports += 1)
            .await
            .expect("rebuild");
        assert!(reports > 1, "progress is reported batch by batch");
        assert_eq!(done.read, done.total, "every event was read once");
        assert!((done.percent() - 100.0).abs() < f64::EPSILON);
    }
    assert_eq!(snapshot(&app.pool).await, live);
    let leftovers: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'charter_re%'")
            .fetch_one(&app.pool)
            .await
            .expect("schemas");
    assert_eq!(leftovers, 0, "the copies and the old tables are dropped");

    // Every read model together, in one pass over the events: the same rows again.
    for damage in [
        "UPDATE application_summaries SET hub_name = 'damaged'",
        "DELETE FROM application_timeline",
        "DELETE FROM vote_ballots",
    ] {
        sqlx::query(damage)
            .execute(&app.pool)
            .await
            .expect("damage");
    }
    assert_ne!(snapshot(&app.pool).await, live);
    let done = Rebuild::run_group(
        &app.pool,
        "read_models",
        charter_projections::all(),
        7,
        |_| {},
    )
    .await
    .expect("rebuild all");
    assert_eq!(done.read, done.total, "every event was read once");
    assert_eq!(snapshot(&app.pool).await, live);
    app.stop().await;
}

#[tokio::test]
async fn readers_keep_the_live_model_during_a_rebuild_and_writes_made_meanwhile_are_kept() {
    let app = spawn_app().await;
    let secretariat = seed(&app).await;
    settled(&app.pool).await;
    let projection: Arc<dyn Projection> = Arc::new(
        charter_projections::read_models::application_summary::ApplicationSummaryProjection,
    );

    // A reader lists applications over and over through the whole rebuild.
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (client, address, token, stop) = (
            app.client.clone(),
            app.address.clone(),
            secretariat.token.clone(),
            stop.clone(),
        );
        tokio::spawn(async move {
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let response = client
                    .get(format!("{address}/api/v1/applications"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("send");
                assert_eq!(response.status(), 200, "a read during the rebuild");
                let page: serde_json::Value = response.json().await.expect("JSON");
                let list = page["items"].as_array().cloned().expect("a page");
                assert!(
                    list.iter().all(|a| a["hub_name"] != "stray"),
                    "the copy is never visible"
                );
                seen.push(list.len());
            }
            seen
        })
    };

    let mut rebuild = Rebuild::prepare(&app.pool, projection, 5)
        .await
        .expect("prepare");
    rebuild.catch_up(|_| {}).await.expect("catch up");
    // The copy is built but not in use: the live model still answers, and a row put
    // only into the copy shows nowhere.
    sqlx::query(
        "INSERT INTO charter_rebuild_application_summary.application_summaries
           (application_id, city, country, hub_name, founders, stage, stage_since, opened_at,
            version, updated_at)
         VALUES (gen_random_uuid(), 'Nowhere', 'XX', 'stray', '[]', 'applied', now(), now(), 1, now())",
    )
    .execute(&app.pool)
    .await
    .expect("a stray row in the copy");
    sqlx::query("DELETE FROM charter_rebuild_application_summary.application_summaries WHERE hub_name = 'stray'")
        .execute(&app.pool)
        .await
        .expect("remove it again");

    // Written after the copy caught up: the live projector applies it, and the switch
    // brings the copy up to the live checkpoint first.
    let (_, late) = app.open_application("Coimbra").await;
    let late_id = late["application_id"].as_str().expect("id").to_owned();
    let position = late["position"].as_i64().expect("position");
    let seen_live = app
        .read(
            &format!("/api/v1/applications/{late_id}"),
            &secretariat,
            position,
        )
        .await;
    assert_eq!(seen_live["city"], "Coimbra");
    let before = snapshot(&app.pool).await;

    rebuild.switch().await.expect("switch");
    // The switch brought the copy up to the live checkpoint: the late application is there
    // the moment the switch commits, not only once the live projector moves on.
    let present: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM application_summaries WHERE application_id = $1::text::uuid",
    )
    .bind(&late_id)
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(present, 1);
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    let seen = reader.await.expect("reader");
    assert!(!seen.is_empty());
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "the list never shrank: {seen:?}"
    );
    let seen_after = app
        .read(
            &format!("/api/v1/applications/{late_id}"),
            &secretariat,
            position,
        )
        .await;
    assert_eq!(seen_after, seen_live);
    settled(&app.pool).await;
    assert_eq!(snapshot(&app.pool).await, before);
    app.stop().await;
}
