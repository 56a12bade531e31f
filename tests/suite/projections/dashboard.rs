//! The dashboard's figures on known stays: time in stage, outcomes, overdue, open votes.

use charter_domain::application::Stage;
use charter_projections::queries::dashboard::dashboard;
use charter_tests::{init_logs, TestDatabase};
use chrono::{Duration, TimeZone, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

#[tokio::test]
async fn time_in_stage_outcomes_overdue_and_missing_voters_come_from_event_times() {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(4).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    charter_store::keys::open(&database.key_dir(), &pool)
        .await
        .expect("open the key directory");
    let now = Utc
        .with_ymd_and_hms(2030, 6, 1, 12, 0, 0)
        .single()
        .expect("time");

    // Four stays in `eligible` that ended after 10, 20, 30 and 40 days; two still there
    // for 5 and 100 days.
    let ended = [
        (10, "advanced"),
        (20, "advanced"),
        (30, "advanced"),
        (40, "rejected"),
    ];
    for (days, left_by) in ended {
        let entered = now - Duration::days(200);
        sqlx::query(
            "INSERT INTO application_stays (application_id, stage, entered_at, left_at, left_by)
             VALUES ($1, 'eligible', $2, $3, $4)",
        )
        .bind(Uuid::new_v4())
        .bind(entered)
        .bind(entered + Duration::days(days))
        .bind(left_by)
        .execute(&pool)
        .await
        .expect("stay");
    }
    let late = Uuid::new_v4();
    for (id, days) in [(Uuid::new_v4(), 5), (late, 100)] {
        let entered = now - Duration::days(days);
        sqlx::query(
            "INSERT INTO application_summaries (application_id, city, country, hub_name, founders,
               stage, stage_since, opened_at, version, updated_at)
             VALUES ($1, 'Lisbon', 'PT', 'Impact Hub Lisbon', '[]', 'eligible', $2, $2, 2, $2)",
        )
        .bind(id)
        .bind(entered)
        .execute(&pool)
        .await
        .expect("summary");
        sqlx::query("INSERT INTO application_stays (application_id, stage, entered_at) VALUES ($1, 'eligible', $2)")
            .bind(id)
            .bind(entered)
            .execute(&pool)
            .await
            .expect("stay");
    }
    // An open vote: one member voted, one recused, one has not voted.
    let vote = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO votes (vote_id, application_id, stage, motion, rule, ballot, policy_version,
           opened_at, closes_at, version)
         VALUES ($1, $2, 'eligible', '{\"kind\":\"appeal\"}', '{}', 'open', 'v', $3, $4, 1)",
    )
    .bind(vote)
    .bind(late)
    .bind(now - Duration::days(1))
    .bind(now + Duration::days(1))
    .execute(&pool)
    .await
    .expect("vote");
    let waiting = Uuid::new_v4();
    for (person, name, ballots, recused) in [
        (Uuid::new_v4(), "Voted", 1, false),
        (Uuid::new_v4(), "Recused", 0, true),
        (waiting, "Waiting", 0, false),
    ] {
        sqlx::query(
            "INSERT INTO vote_members (vote_id, person_id, name, ballots_cast, recused_at)
             VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)",
        )
        .bind(vote)
        .bind(person)
        .bind(name)
        .bind(ballots)
        .bind(recused)
        .execute(&pool)
        .await
        .expect("member");
    }

    let limits = BTreeMap::from([(Stage::Eligible, 30u32)]);
    let years = now - Duration::days(5 * 365);
    let board = dashboard(&pool, now, years, &limits)
        .await
        .expect("dashboard");
    assert_eq!(board.stages.len(), 8);
    let eligible = board
        .stages
        .iter()
        .find(|s| s.stage == "eligible")
        .expect("eligible");
    assert_eq!((eligible.current, eligible.completed), (2, 4));
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-6);
    assert!(close(eligible.completed_median_days, 25.0), "{eligible:?}");
    assert!(close(eligible.completed_p90_days, 37.0), "{eligible:?}");
    assert!(close(eligible.current_median_days, 52.5), "{eligible:?}");
    assert!(close(eligible.current_p90_days, 90.5), "{eligible:?}");
    assert_eq!(
        (eligible.passed, eligible.rejected, eligible.withdrawn),
        (3, 1, 0)
    );
    let applied = board
        .stages
        .iter()
        .find(|s| s.stage == "applied")
        .expect("applied");
    assert_eq!(
        (
            applied.current,
            applied.completed,
            applied.current_median_days
        ),
        (0, 0, None)
    );

    assert_eq!(board.overdue.len(), 1);
    assert_eq!(board.overdue[0].application_id, late);
    assert_eq!(board.overdue[0].max_days, 30);
    assert!((board.overdue[0].days_in_stage - 100.0).abs() < 1e-6);

    assert_eq!(board.open_votes.len(), 1);
    assert_eq!(board.open_votes[0].electorate, 3);
    let waiting_names: Vec<_> = board.open_votes[0]
        .not_voted
        .as_ref()
        .expect("an open ballot names who has not voted")
        .0
        .iter()
        .map(|m| m.person_id)
        .collect();
    assert_eq!(waiting_names, vec![waiting]);

    // A window that began 175 days ago holds the stays that ended 170 and 160 days ago
    // (after 30 and 40 days); the applications in the stage now are counted all the same.
    let recent = dashboard(&pool, now, now - Duration::days(175), &limits)
        .await
        .expect("dashboard");
    let eligible = recent
        .stages
        .iter()
        .find(|s| s.stage == "eligible")
        .expect("eligible");
    assert_eq!((eligible.current, eligible.completed), (2, 2));
    assert!(close(eligible.completed_median_days, 35.0), "{eligible:?}");
    assert_eq!(
        (eligible.passed, eligible.rejected, eligible.withdrawn),
        (1, 1, 0)
    );
}
