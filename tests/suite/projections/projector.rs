//! The projector on a real database: global order, late commits, replays, gaps.

use async_trait::async_trait;
use charter_api::commands::CommandBus;
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationEvent, ApplicationServices, DocumentKind, Founder,
};
use charter_domain::{Actor, ApplicationId, Authored, PersonId, Policy, Role};
use charter_projections::listener::{self, WakeProjectors};
use charter_projections::{
    EventMetadata, Follows, LocalCheckpoints, Projection, ProjectionError, Projector,
    ProjectorSettings, ProjectorStatus, StoredEvent,
};
use charter_tests::{init_logs, TestDatabase};
use cqrs_es::{Aggregate, DomainEvent};
use sqlx::{PgConnection, PgPool};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Records every event it is given; the primary key refuses a second application.
struct Census;

#[async_trait]
impl Projection for Census {
    fn name(&self) -> &'static str {
        "census"
    }
    fn tables(&self) -> &'static [&'static str] {
        &["census"]
    }
    fn handles(&self, _aggregate_type: &str) -> bool {
        true
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        sqlx::query(
            "INSERT INTO census (global_position, aggregate_id, sequence) VALUES ($1, $2, $3)",
        )
        .bind(event.global_position)
        .bind(&event.aggregate_id)
        .bind(event.sequence)
        .execute(conn)
        .await?;
        Ok(())
    }
}

pub(crate) async fn database() -> (TestDatabase, PgPool) {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(40).await;
    charter_api::store::db::migrate(&pool)
        .await
        .expect("migrate");
    sqlx::query("CREATE TABLE census (global_position bigint PRIMARY KEY, aggregate_id text NOT NULL, sequence bigint NOT NULL)")
        .execute(&pool)
        .await
        .expect("census table");
    (database, pool)
}

pub(crate) fn founder(id: ApplicationId) -> Actor {
    Actor {
        id: PersonId::new(),
        name: "Ana Sousa".to_owned(),
        role: Role::Applicant,
        application: Some(id),
    }
}

pub(crate) fn opening(id: ApplicationId) -> ApplicationCommand {
    ApplicationCommand::Open {
        application_id: id,
        city: "Lisbon".to_owned(),
        country: "PT".to_owned(),
        hub_name: "Impact Hub Lisbon".to_owned(),
        founders: vec![Founder {
            person_id: charter_domain::PersonId::new(),
            name: "Ana Sousa".to_owned(),
            email: "ana@lisbon.example".to_owned(),
        }],
    }
}

pub(crate) fn submission(n: usize) -> ApplicationCommand {
    submission_of(DocumentKind::PreliminaryReport, n)
}

/// The `n`-th version submitted of a document of `kind` (its content differs from every
/// other `n`'s).
pub(crate) fn submission_of(kind: DocumentKind, n: usize) -> ApplicationCommand {
    ApplicationCommand::SubmitDocument {
        kind,
        sha256: format!("{n:064x}"),
        size: 100,
        media_type: "application/pdf".to_owned(),
        file_name: format!("report-{n}.pdf"),
    }
}

pub(crate) fn commands(pool: &PgPool) -> Arc<CommandBus<Application>> {
    Arc::new(CommandBus::new(
        pool.clone(),
        ApplicationServices::new(Arc::new(Policy::default())),
        10,
    ))
}

/// Opens an application and submits `documents` versions, one command per transaction.
pub(crate) async fn write_history(
    commands: &CommandBus<Application>,
    documents: usize,
) -> ApplicationId {
    let id = ApplicationId::new();
    let by = founder(id);
    let meta = EventMetadata::default();
    let now = chrono::Utc::now();
    commands
        .execute(
            &id.to_string(),
            Authored::new(by.clone(), now, opening(id)),
            &meta,
            None,
        )
        .await
        .expect("open");
    for n in 1..=documents {
        commands
            .execute(
                &id.to_string(),
                Authored::new(by.clone(), now, submission(n)),
                &meta,
                None,
            )
            .await
            .expect("submit");
    }
    id
}

/// Appends an opening event by hand in a transaction that stays open for `hold` after
/// its insert, so that later transactions commit before it.
async fn append_late(pool: &PgPool, hold: Duration) -> ApplicationId {
    let id = ApplicationId::new();
    let event = ApplicationEvent::ApplicationOpened {
        application_id: id,
        city: "Porto".to_owned(),
        country: "PT".to_owned(),
        hub_name: "Impact Hub Porto".to_owned(),
        founders: vec![],
        opened_by: PersonId::new(),
        at: chrono::Utc::now(),
    };
    let mut tx = pool.begin().await.expect("begin");
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         VALUES ($1, $2, 1, $3, $4, $5, '{}')",
    )
    .bind(Application::TYPE)
    .bind(id.to_string())
    .bind(event.event_type())
    .bind(event.event_version())
    .bind(serde_json::to_value(&event).expect("payload"))
    .execute(&mut *tx)
    .await
    .expect("insert");
    sqlx::query("SELECT pg_sleep($1)")
        .bind(hold.as_secs_f64())
        .execute(&mut *tx)
        .await
        .expect("hold");
    tx.commit().await.expect("commit");
    id
}

fn projectors(pool: &PgPool) -> Vec<Projector> {
    projectors_with(pool, 7)
}

/// One projector per read model (and the census), reading `batch_size` events at a time.
fn projectors_with(pool: &PgPool, batch_size: i64) -> Vec<Projector> {
    let advanced = watch::Sender::new(0);
    let settings = ProjectorSettings {
        batch_size,
        idle_poll: Duration::from_millis(50),
        ..ProjectorSettings::default()
    };
    let mut all = charter_projections::all();
    all.push(Arc::new(Census));
    all.into_iter()
        .map(|projection| {
            Projector::new(pool.clone(), projection, settings.clone(), advanced.clone())
        })
        .collect()
}

/// Every read model and the census fed by one projector, as the server feeds them.
pub(crate) fn group(pool: &PgPool) -> Projector {
    group_with(pool, 7)
}

fn group_with(pool: &PgPool, batch_size: i64) -> Projector {
    let mut all = charter_projections::all();
    all.push(Arc::new(Census));
    Projector::group(
        pool.clone(),
        all,
        ProjectorSettings {
            batch_size,
            idle_poll: Duration::from_millis(50),
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    )
}

async fn checkpoint(pool: &PgPool, name: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT global_position, events_applied FROM projection_checkpoints WHERE projection = $1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await
    .expect("checkpoint")
    .unwrap_or((0, 0))
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_committing_writers_are_neither_skipped_nor_applied_twice() {
    let (_database, pool) = database().await;
    let shutdown = CancellationToken::new();
    let wake = watch::Sender::new(0u64);
    tokio::spawn(listener::listen(
        pool.clone(),
        WakeProjectors(wake.clone()),
        shutdown.clone(),
    ));
    // As the server runs them: the read models (and the census) in one group.
    let group = group(&pool);
    let statuses = group.statuses();
    let running = vec![tokio::spawn(group.run(wake.subscribe(), shutdown.clone()))];

    // Sixteen writers commit promptly while eight hold their transaction open after
    // inserting, so events with later positions commit before theirs.
    let commands = commands(&pool);
    let mut writers = tokio::task::JoinSet::new();
    for n in 0..24u64 {
        let (commands, pool) = (commands.clone(), pool.clone());
        writers.spawn(async move {
            tokio::time::sleep(Duration::from_millis(n * 7 % 50)).await;
            if n % 3 == 0 {
                append_late(&pool, Duration::from_millis(150 + n * 10)).await;
            } else {
                write_history(&commands, 5).await;
            }
        });
    }
    while let Some(done) = writers.join_next().await {
        done.expect("writer");
    }

    let events = count(&pool, "SELECT count(*) FROM events").await;
    assert_eq!(events, 8 + 16 * 6);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    for name in ["census", "application_summary", "application_timeline"] {
        loop {
            let (_, applied) = checkpoint(&pool, name).await;
            if applied >= events || tokio::time::Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    for (name, status) in &statuses {
        assert!(
            !matches!(*status.borrow(), ProjectorStatus::Failing(_)),
            "{name} failed: {:?}",
            *status.borrow()
        );
        // Every event read exactly once: none skipped, none read twice.
        let (position, applied) = checkpoint(&pool, name).await;
        assert_eq!(applied, events, "{name} read each event once");
        assert_eq!(
            position,
            count(&pool, "SELECT max(global_position) FROM events").await
        );
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM application_timeline").await,
        events
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM application_summaries").await,
        24
    );
    let wrong_versions = count(
        &pool,
        "SELECT count(*) FROM application_summaries s
         WHERE s.version <> (SELECT max(sequence) FROM events e WHERE e.aggregate_id = s.application_id::text)",
    )
    .await;
    assert_eq!(
        wrong_versions, 0,
        "each summary is at its application's last event"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM application_documents").await,
        16 * 5
    );

    shutdown.cancel();
    for task in running {
        task.await.expect("projector stops");
    }
}

/// Every row of the read-model tables, as text, in a fixed order.
async fn read_models(pool: &PgPool) -> Vec<String> {
    let mut rows = Vec::new();
    for table in [
        "application_summaries",
        "application_documents",
        "application_panel",
        "application_revision_requests",
        "application_reviews",
        "application_stays",
        "application_timeline",
        "census",
    ] {
        let dump: Option<String> = sqlx::query_scalar(&format!(
            "SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM {table} t"
        ))
        .fetch_one(pool)
        .await
        .expect("dump");
        rows.push(format!("{table}:\n{}", dump.unwrap_or_default()));
    }
    rows
}

#[tokio::test]
async fn a_replay_from_the_first_event_changes_no_read_model() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    for _ in 0..3 {
        write_history(&commands, 2).await;
    }
    let projectors = projectors(&pool);
    for projector in &projectors {
        assert_eq!(projector.catch_up().await.expect("catch up"), 9);
    }
    let before = read_models(&pool).await;

    sqlx::query("UPDATE projection_checkpoints SET tx_id = '0', global_position = 0")
        .execute(&pool)
        .await
        .expect("rewind");
    for projector in &projectors {
        assert_eq!(
            projector.catch_up().await.expect("replay"),
            9,
            "every event read again"
        );
    }
    assert_eq!(read_models(&pool).await, before);
    assert_eq!(checkpoint(&pool, "census").await.1, 18);
}

#[tokio::test]
async fn an_event_that_arrives_before_its_predecessor_stops_the_projector_loudly() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    write_history(&commands, 1).await;
    // A second event of a stream whose first is missing: the global order is broken.
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
         SELECT aggregate_type, 'f0000000-0000-0000-0000-000000000000', 2, event_type, event_version, payload, metadata
         FROM events WHERE sequence = 2",
    )
    .execute(&pool)
    .await
    .expect("insert a gap");
    let census = projectors(&pool).pop().expect("census projector");
    let error = census.catch_up().await.expect_err("the gap is refused");
    assert!(
        matches!(
            error,
            ProjectionError::OutOfOrder {
                sequence: 2,
                last: 0,
                ..
            }
        ),
        "{error}"
    );
    // The projector stopped before the gap: the batch holding it was not committed, and
    // what was committed earlier is exactly what the checkpoint says. (How many events
    // came before depends on how batches were cut, which transactions open elsewhere on
    // the server can change.)
    let (position, applied) = checkpoint(&pool, "census").await;
    assert!(
        position < 3,
        "the checkpoint is before the gap at position 3"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, applied);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM census WHERE global_position = 3"
        )
        .await,
        0
    );
    let again = census.catch_up().await.expect_err("still refused on retry");
    assert!(
        matches!(again, ProjectionError::OutOfOrder { .. }),
        "{again}"
    );
}

#[tokio::test]
async fn the_event_store_refuses_updates_deletes_and_truncation() {
    let (_database, pool) = database().await;
    write_history(&commands(&pool), 1).await;
    for statement in [
        "UPDATE events SET payload = '{}'",
        "DELETE FROM events",
        "TRUNCATE events",
    ] {
        let error = sqlx::query(statement)
            .execute(&pool)
            .await
            .expect_err(statement);
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM events").await, 2);
}

/// The group reads whole histories in a batch, so read models that write a run of events
/// in one statement do; the projectors of one read one event at a time, so they apply
/// each event alone. Both must give the same rows.
#[tokio::test]
async fn a_group_builds_the_same_read_models_as_one_projector_each() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    for documents in [0, 3, 1, 4] {
        write_history(&commands, documents).await;
    }
    let events = count(&pool, "SELECT count(*) FROM events").await;
    let group = group_with(&pool, 500);
    assert_eq!(
        group.catch_up().await.expect("group catch up"),
        usize::try_from(events).expect("count")
    );
    for name in group.names() {
        assert_eq!(
            checkpoint(&pool, name).await,
            (events, events),
            "{name} is at the last event, having read each once"
        );
    }
    let by_group = read_models(&pool).await;
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);

    // The same events, one projector per read model, from nothing.
    let mut tables: Vec<&str> = vec!["projection_checkpoints", "projection_streams"];
    for projection in charter_projections::all() {
        tables.extend(projection.tables());
    }
    tables.push("census");
    sqlx::query(&format!("TRUNCATE {}", tables.join(", ")))
        .execute(&pool)
        .await
        .expect("empty the read models");
    for projector in projectors_with(&pool, 1) {
        projector.catch_up().await.expect("catch up alone");
    }
    assert_eq!(read_models(&pool).await, by_group);

    // And a replay through the group changes nothing.
    sqlx::query("UPDATE projection_checkpoints SET tx_id = '0', global_position = 0")
        .execute(&pool)
        .await
        .expect("rewind");
    group.catch_up().await.expect("replay");
    assert_eq!(read_models(&pool).await, by_group);
}

/// Refuses the event at position 3, every time.
struct Refuser;

#[async_trait]
impl Projection for Refuser {
    fn name(&self) -> &'static str {
        "refuser"
    }
    fn tables(&self) -> &'static [&'static str] {
        &[]
    }
    fn handles(&self, _aggregate_type: &str) -> bool {
        true
    }
    async fn apply(
        &self,
        _conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if event.global_position == 3 {
            return Err(ProjectionError::Inconsistent {
                position: 3,
                detail: "refused for the test".to_owned(),
            });
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_model_that_fails_in_a_group_stops_alone() {
    fails_alone(1).await;
}

/// In lanes (a rebuild's), the members of the other lane commit their batch whatever the
/// failing one's does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_model_that_fails_in_a_lane_of_its_own_stops_alone() {
    fails_alone(2).await;
}

async fn fails_alone(lanes: usize) {
    let (_database, pool) = database().await;
    write_history(&commands(&pool), 4).await;
    let events = count(&pool, "SELECT count(*) FROM events").await;
    let group = Projector::group(
        pool.clone(),
        vec![Arc::new(Refuser), Arc::new(Census)],
        ProjectorSettings {
            retry_after_error: Duration::from_millis(20),
            idle_poll: Duration::from_millis(20),
            lanes,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    );
    // Batches may be cut short by transactions open elsewhere on the server (other
    // tests'), so step until the refusal comes, and on until the census has everything.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let error = loop {
        match group.step().await {
            Err(error) => break error,
            Ok(_) => assert!(tokio::time::Instant::now() < deadline, "no refusal"),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert!(
        matches!(error, ProjectionError::Inconsistent { position: 3, .. }),
        "{error}"
    );
    while checkpoint(&pool, "census").await.1 < events {
        let refused = group
            .step()
            .await
            .expect_err("the refuser fails every time");
        assert!(matches!(refused, ProjectionError::Inconsistent { .. }));
        assert!(tokio::time::Instant::now() < deadline, "the census goes on");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The census went on alone; the refuser kept its place before the event it refuses.
    assert_eq!(checkpoint(&pool, "census").await, (events, events));
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);
    assert!(checkpoint(&pool, "refuser").await.0 < 3);

    // Running, the refuser shows as failing and the census as running; the census is
    // never given an event twice (its primary key would refuse it).
    let shutdown = CancellationToken::new();
    let statuses = group.statuses();
    let running = tokio::spawn(group.run(watch::Sender::new(0).subscribe(), shutdown.clone()));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let failing = matches!(*statuses[0].1.borrow(), ProjectorStatus::Failing(_));
        let census_running = *statuses[1].1.borrow() == ProjectorStatus::Running;
        if failing && census_running {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "statuses: {:?}",
            statuses
                .iter()
                .map(|s| s.1.borrow().clone())
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    write_history(&commands(&pool), 1).await;
    let all = count(&pool, "SELECT count(*) FROM events").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while checkpoint(&pool, "census").await.1 < all {
        assert!(tokio::time::Instant::now() < deadline, "the census goes on");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, all);
    assert!(checkpoint(&pool, "refuser").await.0 < 3);
    shutdown.cancel();
    running.await.expect("stops");
}

/// A read model added later (or one that failed for a while) starts far behind the others;
/// it catches up apart while the others keep following the newest events.
#[tokio::test]
async fn a_read_model_far_behind_does_not_hold_the_others_back() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    for _ in 0..3 {
        write_history(&commands, 4).await;
    }
    let group = group_with(&pool, 5);
    group.catch_up().await.expect("catch up");
    // The census starts again from nothing, as a read model added later would.
    for statement in [
        "TRUNCATE census",
        "DELETE FROM projection_checkpoints WHERE projection = 'census'",
        "DELETE FROM projection_streams WHERE projection = 'census'",
    ] {
        sqlx::query(statement)
            .execute(&pool)
            .await
            .expect(statement);
    }
    write_history(&commands, 1).await;
    let events = count(&pool, "SELECT count(*) FROM events").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    // A transaction open anywhere on the server (other tests run beside this one) can
    // hide the newest events from the summary for a while; the census, reading old ones,
    // rightly goes on meanwhile.
    let mut held_back = false;
    while checkpoint(&pool, "application_summary").await.1 < events {
        held_back |= group.step().await.expect("step").blocked;
        assert!(
            tokio::time::Instant::now() < deadline,
            "the summary goes on"
        );
    }
    // Reading five events a batch from the first, the census could not have reached the
    // events the summary had already applied (the fifteen before) if the summary waited.
    let (_, census) = checkpoint(&pool, "census").await;
    assert!(
        census < 15 || held_back,
        "the census applied {census} events meanwhile"
    );
    group.catch_up().await.expect("the census catches up");
    assert_eq!(checkpoint(&pool, "census").await.1, events);
    assert_eq!(count(&pool, "SELECT count(*) FROM census").await, events);
}

/// Follows only `Ticker` streams, recording each event it applies in the census.
struct TickerWatcher;

#[async_trait]
impl Projection for TickerWatcher {
    fn name(&self) -> &'static str {
        "ticker_watcher"
    }
    fn tables(&self) -> &'static [&'static str] {
        &["census"]
    }
    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == "Ticker"
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        Census.apply(conn, event).await
    }
}

fn ticker_watcher(pool: &PgPool) -> Projector {
    Projector::new(
        pool.clone(),
        Arc::new(TickerWatcher),
        ProjectorSettings {
            batch_size: 2,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    )
}

async fn tick(pool: &PgPool, sequence: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT * FROM append_events('Ticker', 't-1', $1, ARRAY['Ticked'], ARRAY['1.0'],
                                     ARRAY['{}'], ARRAY['{}'], NULL, NULL)",
    )
    .bind(sequence)
    .fetch_one(pool)
    .await
    .expect("tick")
}

/// Waits until `events` events are readable by every transaction. Other tests'
/// transactions can hide the newest events for a moment (the snapshot's xmin is
/// server-wide); once below it, they stay readable, so batches are exact.
async fn until_readable(pool: &PgPool, events: i64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while count(
        pool,
        "SELECT count(*) FROM events WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())",
    )
    .await
        < events
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the events become readable"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn events_nobody_follows_are_passed_over_without_a_transaction_and_stored_when_idle() {
    let (_db, pool) = database().await;
    write_history(&commands(&pool), 3).await; // 4 events no watcher follows
    let last_unfollowed: i64 = count(&pool, "SELECT max(global_position) FROM events").await;
    until_readable(&pool, 4).await;

    // A batch of two unfollowed events moves the checkpoint in memory only.
    let watcher = ticker_watcher(&pool);
    assert_eq!(watcher.step().await.expect("step").read, 2);
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (0, 0));
    // A projector that starts now (another instance taking over) reads them again.
    let successor = ticker_watcher(&pool);
    assert_eq!(successor.step().await.expect("step").read, 2);

    // Idle, it stores how far it got.
    assert_eq!(watcher.catch_up().await.expect("catch up"), 2);
    assert_eq!(
        checkpoint(&pool, "ticker_watcher").await,
        (last_unfollowed, 4)
    );

    // A followed event is applied with its checkpoint, once, by either projector.
    let first_tick = tick(&pool, 1).await;
    write_history(&commands(&pool), 1).await;
    let second_tick = tick(&pool, 2).await;
    assert_eq!(successor.catch_up().await.expect("catch up"), 6);
    // Behind the stored checkpoint, the first reads a batch the other applied: it applies
    // nothing twice (the census's primary key would refuse it).
    watcher.catch_up().await.expect("catch up");
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT global_position FROM census ORDER BY global_position")
            .fetch_all(&pool)
            .await
            .expect("census");
    assert_eq!(applied, vec![first_tick, second_tick]);
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (second_tick, 8));
}

#[tokio::test]
async fn a_checkpoint_moved_back_by_hand_is_not_overwritten_by_events_passed_over() {
    let (_db, pool) = database().await;
    let commands = commands(&pool);
    write_history(&commands, 3).await; // 4 events no watcher follows
    until_readable(&pool, 4).await;
    let local = LocalCheckpoints::default();
    let watcher = ticker_watcher(&pool).publishing(local.clone());
    watcher.catch_up().await.expect("catch up");
    let stored = checkpoint(&pool, "ticker_watcher").await;
    assert_eq!(stored.1, 4);

    // Two more, passed over in memory (stored a second later, if events keep coming).
    write_history(&commands, 1).await;
    until_readable(&pool, 6).await;
    assert_eq!(watcher.step().await.expect("step").read, 2);
    assert!(local.of("ticker_watcher").is_some());
    // Meanwhile, the checkpoint is moved back by hand.
    sqlx::query(
        "UPDATE projection_checkpoints SET tx_id = '0', global_position = 0, events_applied = 0
         WHERE projection = 'ticker_watcher'",
    )
    .execute(&pool)
    .await
    .expect("moved back");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    write_history(&commands, 1).await;
    until_readable(&pool, 8).await;
    // Two more passed over, a second after the first: time to store them, but the hand's
    // move stands, and nothing is published as reached until read again from there.
    assert_eq!(watcher.step().await.expect("step").read, 2);
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (0, 0));
    assert_eq!(local.of("ticker_watcher"), None);
    watcher.catch_up().await.expect("catch up");
    let last: i64 = count(&pool, "SELECT max(global_position) FROM events").await;
    assert_eq!(checkpoint(&pool, "ticker_watcher").await, (last, 8));
    assert_eq!(local.of("ticker_watcher").map(|(_, at)| at), Some(last));
}

/// Follows only the documents of applications, not their openings, recording each in the
/// census.
struct DocumentWatcher;

#[async_trait]
impl Projection for DocumentWatcher {
    fn name(&self) -> &'static str {
        "document_watcher"
    }
    fn tables(&self) -> &'static [&'static str] {
        &["census"]
    }
    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == Application::TYPE
    }
    fn follows(&self) -> Follows {
        Follows::Only(&["DocumentSubmitted"])
    }
    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        assert_eq!(
            event.event_type, "DocumentSubmitted",
            "given only documents"
        );
        Census.apply(conn, event).await
    }
}

#[tokio::test]
async fn a_projection_that_follows_some_event_types_gets_each_of_those_once_and_no_other() {
    let (_db, pool) = database().await;
    let commands = commands(&pool);
    let watcher = Projector::new(
        pool.clone(),
        Arc::new(DocumentWatcher),
        ProjectorSettings {
            batch_size: 3,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    );
    let documents = "SELECT global_position FROM events WHERE event_type = 'DocumentSubmitted'
                     ORDER BY global_position";
    let census = "SELECT global_position FROM census ORDER BY global_position";
    let positions = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_all(&pool)
                .await
                .expect(sql)
        }
    };
    // Each stream starts with an event it does not follow: the first it is given is the
    // second.
    for _ in 0..3 {
        write_history(&commands, 5).await;
    }
    assert_eq!(watcher.catch_up().await.expect("catch up"), 18);
    assert_eq!(positions(census).await, positions(documents).await);
    assert_eq!(checkpoint(&pool, "document_watcher").await.1, 18);

    // Its stream guards see gaps (the openings) and still recognise a replay: read
    // again from the first event, nothing is applied twice (the census's primary key
    // would refuse it).
    sqlx::query("UPDATE projection_checkpoints SET tx_id = '0', global_position = 0")
        .execute(&pool)
        .await
        .expect("rewind");
    assert_eq!(watcher.catch_up().await.expect("replay"), 18);
    write_history(&commands, 2).await;
    watcher.catch_up().await.expect("catch up");
    let applied = positions(census).await;
    assert_eq!(applied.len(), 17);
    assert_eq!(applied, positions(documents).await);
}

#[tokio::test]
async fn a_paced_projector_woken_waits_its_pace_then_reads_what_came_meanwhile() {
    let (_db, pool) = database().await;
    let pace = Duration::from_millis(400);
    let projector = Projector::new(
        pool.clone(),
        Arc::new(Census),
        ProjectorSettings {
            // Only a wake-up starts a pass here.
            idle_poll: Duration::from_secs(30),
            pace,
            ..ProjectorSettings::default()
        },
        watch::Sender::new(0),
    );
    let wake = watch::Sender::new(0u64);
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(projector.run(wake.subscribe(), shutdown.clone()));
    // Idle once it has looked at the empty store.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let commands = commands(&pool);
    write_history(&commands, 1).await;
    let woken = tokio::time::Instant::now();
    wake.send_modify(|n| *n += 1);
    write_history(&commands, 1).await;
    let census = "SELECT count(*) FROM census";
    while count(&pool, census).await < 4 {
        assert!(woken.elapsed() < Duration::from_secs(10), "applied in time");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(woken.elapsed() >= pace, "read no sooner than its pace");
    shutdown.cancel();
    running.await.expect("stops");
}

#[tokio::test]
async fn the_lag_a_health_check_shows_is_counted_up_to_a_cap_and_keeps_the_oldest_age() {
    let (_db, pool) = database().await;
    for sequence in 1..=5 {
        tick(&pool, sequence).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;

    // Nothing has projected into "nobody" yet: every event is behind.
    let (all, age) = charter_projections::lag(&pool, "nobody")
        .await
        .expect("lag");
    let (counted, counted_age) = charter_projections::lag_up_to(&pool, "nobody", 3)
        .await
        .expect("capped lag");

    assert_eq!(all, 5);
    assert_eq!(counted, 3, "counted up to the cap");
    assert!(age >= 0.05, "the oldest event is {age} s old");
    // The same oldest event, a moment later.
    assert!(
        counted_age >= age && counted_age - age < 1.0,
        "{counted_age} vs {age}"
    );
    let (under, _) = charter_projections::lag_up_to(&pool, "nobody", 10)
        .await
        .expect("lag under the cap");
    assert_eq!(under, 5, "a backlog under the cap is counted whole");
}
