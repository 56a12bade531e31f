//! The aggregate cache is proven by reloading: after every command, and with another
//! instance writing to the same aggregates, the cached state equals a full replay.

use crate::projections::projector::{database, founder, opening, submission};
use charter_api::commands::{CommandBus, VersionMatch};
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationServices, DocumentKind,
};
use charter_domain::{Actor, ApplicationId, Authored, PersonId, Policy, Role};
use charter_store::EventMetadata;
use sqlx::PgPool;
use std::sync::Arc;

pub(super) fn commands(pool: &PgPool, cached: usize) -> Arc<CommandBus<Application>> {
    Arc::new(CommandBus::with_cache(
        pool.clone(),
        ApplicationServices::new(Arc::new(Policy::default())),
        20,
        cached,
    ))
}

fn secretary() -> Actor {
    Actor {
        id: PersonId::new(),
        name: "Sam Secretariat".to_owned(),
        role: Role::Secretariat,
        application: None,
    }
}

async fn run(
    commands: &CommandBus<Application>,
    id: ApplicationId,
    by: &Actor,
    command: ApplicationCommand,
) -> i64 {
    commands
        .execute(
            &id.to_string(),
            Authored::new(by.clone(), chrono::Utc::now(), command),
            &EventMetadata::default(),
            None,
        )
        .await
        .expect("accepted")
        .version
}

/// A new application `id`, opened by `founder` and granted eligibility.
pub(super) async fn eligible(
    commands: &CommandBus<Application>,
    id: ApplicationId,
    founder: &Actor,
) {
    run(commands, id, founder, opening(id)).await;
    run(
        commands,
        id,
        &secretary(),
        ApplicationCommand::GrantEligibility { note: None },
    )
    .await;
}

/// The state of `id` as a cache-less instance replays it from the first event.
async fn replayed(pool: &PgPool, id: ApplicationId) -> (Application, i64) {
    commands(pool, 0)
        .load(&id.to_string())
        .await
        .expect("replay")
}

#[tokio::test]
async fn after_every_command_the_cached_state_equals_a_full_replay() {
    let (_db, pool) = database().await;
    let cached = commands(&pool, 100);
    let id = ApplicationId::new();
    let founder = founder(id);
    eligible(&cached, id, &founder).await;
    for n in 1..=60 {
        let version = run(&cached, id, &founder, submission(n)).await;
        let (state, at) = cached.load(&id.to_string()).await.expect("cached load");
        assert_eq!(at, version);
        assert_eq!((state, at), replayed(&pool, id).await, "after command {n}");
    }
}

#[tokio::test]
async fn another_instance_writing_between_commands_is_seen_and_nothing_is_lost() {
    let (_db, pool) = database().await;
    let here = commands(&pool, 100);
    let there = commands(&pool, 100);
    let id = ApplicationId::new();
    let founder = founder(id);
    eligible(&here, id, &founder).await;
    // Alternating instances: each one's cache is behind by the other's last command.
    for n in 1..=20 {
        let writer = if n % 2 == 0 { &here } else { &there };
        run(writer, id, &founder, submission(n)).await;
    }
    // Both instances at once, each retrying on conflicts.
    let mut tasks = Vec::new();
    for (i, writer) in [here.clone(), there.clone()].into_iter().enumerate() {
        let founder = founder.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..25 {
                run(&writer, id, &founder, submission(1_000 * (i + 1) + n)).await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer");
    }
    let (full, version) = replayed(&pool, id).await;
    assert_eq!(
        version,
        2 + 20 + 50,
        "every accepted command is in the store once"
    );
    assert_eq!(
        here.load(&id.to_string()).await.expect("here"),
        (full.clone(), version)
    );
    assert_eq!(
        there.load(&id.to_string()).await.expect("there"),
        (full, version)
    );
}

#[tokio::test]
async fn a_long_stream_from_the_cache_equals_its_replay() {
    let (_db, pool) = database().await;
    let cached = commands(&pool, 100);
    let id = ApplicationId::new();
    let founder = founder(id);
    eligible(&cached, id, &founder).await;
    for n in 1..=500 {
        run(&cached, id, &founder, submission(n)).await;
    }
    // Another aggregate cached beside it changes nothing.
    let other = ApplicationId::new();
    run(&cached, other, &self::founder(other), opening(other)).await;
    let (state, version) = cached.load(&id.to_string()).await.expect("load");
    assert_eq!(version, 502);
    assert_eq!((state, version), replayed(&pool, id).await);
}

#[tokio::test]
async fn a_command_refused_or_stale_on_a_cached_state_is_decided_again_on_the_stores() {
    let (_db, pool) = database().await;
    let here = commands(&pool, 100);
    let there = commands(&pool, 100); // another instance on the same store
    let id = ApplicationId::new();
    let founder = founder(id);
    eligible(&here, id, &founder).await;
    // The other instance submits the first document; this one's cached state lacks it.
    assert_eq!(run(&there, id, &founder, submission(1)).await, 3);

    // On the cached state alone there is nothing to revise, and this would be refused.
    let request = ApplicationCommand::RequestRevision {
        kind: DocumentKind::PreliminaryReport,
        deadline: chrono::Utc::now() + chrono::Duration::days(14),
        reason: "The budget needs a second look.".to_owned(),
    };
    assert_eq!(run(&here, id, &secretary(), request).await, 4);

    // A client that read the version the other instance wrote is not told it is stale.
    // (This submission also answers the revision request: two events.)
    let read = run(&there, id, &founder, submission(2)).await;
    assert!(read > 5, "{read}");
    let accepted = here
        .execute_expecting(
            &id.to_string(),
            Authored::new(founder.clone(), chrono::Utc::now(), submission(3)),
            &EventMetadata::default(),
            None,
            Some(VersionMatch::OneOf(vec![read])),
        )
        .await
        .expect("accepted at the version the store holds");
    assert_eq!(accepted.version, read + 1);
    // A version the store does not hold is still refused as stale.
    let stale = here
        .execute_expecting(
            &id.to_string(),
            Authored::new(founder.clone(), chrono::Utc::now(), submission(4)),
            &EventMetadata::default(),
            None,
            Some(VersionMatch::OneOf(vec![read])),
        )
        .await;
    assert!(
        matches!(
            &stale,
            Err(charter_api::commands::CommandError::Stale { expected, actual })
                if *expected == VersionMatch::OneOf(vec![read]) && *actual == read + 1
        ),
        "{stale:?}"
    );
    assert_eq!(
        here.load(&id.to_string()).await.expect("load"),
        replayed(&pool, id).await
    );
}
