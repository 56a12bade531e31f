//! Read-your-writes on a real database: what waiting readers are told, by the database and
//! by the projectors of their own process.

use super::projector::{commands, database, founder, submission, write_history};
use async_trait::async_trait;
use charter_api::commands::CommandBus;
use charter_domain::application::Application;
use charter_domain::{ApplicationId, Authored};
use charter_projections::{
    EventMetadata, LocalCheckpoints, Projection, ProjectionError, Projector, ProjectorSettings,
    ProjectorStatus, StoredEvent, Watermark,
};
use sqlx::{PgConnection, PgPool};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// The newest event's `(tx_id, global_position)`.
async fn newest(pool: &PgPool) -> (i64, i64) {
    sqlx::query_as(
        "SELECT tx_id::text::bigint, global_position FROM events
         ORDER BY global_position DESC LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .expect("an event")
}

/// Waits until `what` holds; panics after five seconds.
async fn until(what: &str, mut holds: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !holds() {
        assert!(Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_woken_again_and_again_still_asks_the_database_at_its_pace() {
    let (_database, pool) = database().await;
    write_history(&commands(&pool), 0).await;
    let (tx_id, position) = newest(&pool).await;
    let advanced = watch::Sender::new(0u64);
    let watermark = Watermark::new(pool.clone(), advanced.subscribe());
    let waiting = tokio::spawn(async move {
        watermark
            .wait_for(position, &["census"], Duration::from_secs(5))
            .await
    });
    // The readers are woken far more often than they poll, by projectors of this process
    // that do not feed the read model waited for.
    let waker = tokio::spawn(async move {
        loop {
            advanced.send_modify(|n| *n += 1);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!waiting.is_finished(), "not reached yet");
    // Another instance's projector reaches the event.
    sqlx::query(
        "INSERT INTO projection_checkpoints (projection, tx_id, global_position)
         VALUES ('census', $1::bigint::text::xid8, $2)",
    )
    .bind(tx_id)
    .bind(position)
    .execute(&pool)
    .await
    .expect("checkpoint");
    // Well before its own timeout (it would time out, as it did, if the wake-ups kept
    // putting off its next look).
    tokio::time::timeout(Duration::from_secs(4), waiting)
        .await
        .expect("seen at the next poll, however often woken meanwhile")
        .expect("joined")
        .expect("reached");
    waker.abort();
}

/// Each event applied, by global position, with what had been published as reached then.
type Seen = Arc<Mutex<Vec<(i64, Option<(i64, i64)>)>>>;

/// What a witness does on the event of a given sequence, instead of applying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trouble {
    Panic,
    /// Never finishes (as on a connection that no longer answers).
    Hang,
}

/// Notes, as each event is applied, what this process's projectors had published of it:
/// never that it was reached already.
struct Witness {
    name: &'static str,
    local: LocalCheckpoints,
    seen: Seen,
    trouble: Option<(i64, Trouble)>,
}

impl Witness {
    fn new(name: &'static str, local: &LocalCheckpoints, trouble: Option<(i64, Trouble)>) -> Self {
        Self {
            name,
            local: local.clone(),
            seen: Arc::default(),
            trouble,
        }
    }
}

#[async_trait]
impl Projection for Witness {
    fn name(&self) -> &'static str {
        self.name
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
        self.seen
            .lock()
            .expect("seen")
            .push((event.global_position, self.local.of(self.name)));
        match self.trouble {
            Some((sequence, Trouble::Panic)) if sequence == event.sequence => {
                panic!("the witness panics")
            }
            Some((sequence, Trouble::Hang)) if sequence == event.sequence => {
                std::future::pending::<()>().await;
            }
            _ => {}
        }
        Ok(())
    }
}

fn settings() -> ProjectorSettings {
    ProjectorSettings {
        batch_size: 1,
        idle_poll: Duration::from_millis(20),
        ..ProjectorSettings::default()
    }
}

/// Submits the `n`-th document version of application `id`.
async fn submit(commands: &CommandBus<Application>, id: ApplicationId, n: usize) {
    commands
        .execute(
            &id.to_string(),
            Authored::new(founder(id), chrono::Utc::now(), submission(n)),
            &EventMetadata::default(),
            None,
        )
        .await
        .expect("submit");
}

/// A witness's projector, running, publishing what it reached in `local`.
struct Running {
    local: LocalCheckpoints,
    seen: Seen,
    status: watch::Receiver<ProjectorStatus>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
    _wake: watch::Sender<u64>,
}

fn run(pool: &PgPool, witness: Witness, settings: ProjectorSettings) -> Running {
    let (local, seen) = (witness.local.clone(), Arc::clone(&witness.seen));
    let projector = Projector::new(
        pool.clone(),
        Arc::new(witness),
        settings,
        watch::Sender::new(0),
    )
    .publishing(local.clone());
    let status = projector.statuses().remove(0).1;
    let (wake, shutdown) = (watch::Sender::new(0u64), CancellationToken::new());
    let task = tokio::spawn(projector.run(wake.subscribe(), shutdown.clone()));
    Running {
        local,
        seen,
        status,
        shutdown,
        task,
        _wake: wake,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkpoint_moved_back_by_hand_is_no_longer_published_as_reached() {
    let (_database, pool) = database().await;
    let commands = commands(&pool);
    let id = write_history(&commands, 2).await;
    let reached = newest(&pool).await;
    let witness = Witness::new("witness", &LocalCheckpoints::default(), None);
    let running = run(&pool, witness, settings());
    let (local, seen) = (&running.local, Arc::clone(&running.seen));
    until("all three events published", || {
        local.of("witness") == Some(reached)
    })
    .await;

    // Moved back to the start, its streams forgotten: every event is applied again.
    let mut tx = pool.begin().await.expect("begin");
    sqlx::query("DELETE FROM projection_streams WHERE projection = 'witness'")
        .execute(&mut *tx)
        .await
        .expect("streams");
    sqlx::query(
        "UPDATE projection_checkpoints SET tx_id = '0', global_position = 0, events_applied = 0
         WHERE projection = 'witness'",
    )
    .execute(&mut *tx)
    .await
    .expect("moved back");
    tx.commit().await.expect("commit");
    until("every event applied twice", || {
        seen.lock().expect("seen").len() == 6
    })
    .await;
    // And a new one after them.
    submit(&commands, id, 3).await;
    let newest = newest(&pool).await;
    until("the new event published", || {
        local.of("witness") == Some(newest)
    })
    .await;
    running.shutdown.cancel();
    running.task.await.expect("stopped");

    let seen = seen.lock().expect("seen").clone();
    assert_eq!(seen.len(), 7);
    for (position, published) in seen {
        assert!(
            published.is_none_or(|(_, at)| at < position),
            "event {position} was published as reached ({published:?}) while it was applied"
        );
    }
    assert_eq!(
        running.local.of("witness"),
        None,
        "a stopped projector publishes nothing"
    );
}

/// Starts a witness of the application it opens, with `trouble` on its second event;
/// returns it once the opening is published, with the application.
async fn troubled(
    pool: &PgPool,
    trouble: Trouble,
    settings: ProjectorSettings,
) -> (Running, Arc<CommandBus<Application>>, ApplicationId) {
    let commands = commands(pool);
    let id = write_history(&commands, 0).await;
    let opened = newest(pool).await;
    let witness = Witness::new("witness", &LocalCheckpoints::default(), Some((2, trouble)));
    let running = run(pool, witness, settings);
    until("the opening published", || {
        running.local.of("witness") == Some(opened)
    })
    .await;
    (running, commands, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projector_that_panics_withdraws_what_it_published_and_reads_failing() {
    let (_database, pool) = database().await;
    let (running, commands, id) = troubled(&pool, Trouble::Panic, settings()).await;
    submit(&commands, id, 1).await;
    let ended = tokio::time::timeout(Duration::from_secs(5), running.task)
        .await
        .expect("the projector ended");
    assert!(ended.expect_err("a panic").is_panic());
    // Readers ask the database, which tells the truth, instead of waiting for a projector
    // that no longer moves; the health check shows it.
    assert_eq!(running.local.of("witness"), None);
    assert!(
        matches!(&*running.status.borrow(), ProjectorStatus::Failing(why) if why.contains("panicked")),
        "{:?}",
        running.status.borrow()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_that_never_finishes_is_given_up_and_readers_stop_counting_on_it() {
    let (_database, pool) = database().await;
    let stuck_after = ProjectorSettings {
        stuck_after: Duration::from_millis(300),
        ..settings()
    };
    let (mut running, commands, id) = troubled(&pool, Trouble::Hang, stuck_after).await;
    let opened = newest(&pool).await;
    submit(&commands, id, 1).await;
    tokio::time::timeout(
        Duration::from_secs(5),
        running.status.wait_for(|status| {
            matches!(status, ProjectorStatus::Failing(why) if why.contains("did not finish"))
        }),
    )
    .await
    .expect("the stuck batch is given up")
    .expect("status");
    until("nothing published", || {
        running.local.of("witness").is_none()
    })
    .await;
    // It takes its locks again and the same batch sticks again: failing all along.
    let watched = tokio::time::timeout(Duration::from_secs(1), async {
        loop {
            running.status.changed().await.expect("status");
            let status = running.status.borrow_and_update().clone();
            assert!(
                matches!(status, ProjectorStatus::Failing(_)),
                "reads {status:?} while its batch keeps sticking"
            );
        }
    })
    .await;
    assert!(watched.is_err(), "watched for a second");
    // Its transaction was rolled back: the checkpoint is still after the opening.
    let stored: (i64, i64) = sqlx::query_as(
        "SELECT tx_id::text::bigint, global_position FROM projection_checkpoints
         WHERE projection = 'witness'",
    )
    .fetch_one(&pool)
    .await
    .expect("checkpoint");
    assert_eq!(stored, opened);

    running.shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(5), running.task)
        .await
        .expect("stops, though its batches keep getting stuck")
        .expect("stopped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_gives_a_stuck_batch_a_few_seconds_not_a_minute() {
    let (_database, pool) = database().await;
    let (running, commands, id) = troubled(&pool, Trouble::Hang, settings()).await;
    let seen = Arc::clone(&running.seen);
    submit(&commands, id, 1).await;
    until("the second event's batch under way", || {
        seen.lock().expect("seen").len() == 2
    })
    .await;
    running.shutdown.cancel();
    // Within the grace period (5 s) and well before the batch would count as stuck (a
    // minute).
    tokio::time::timeout(Duration::from_secs(15), running.task)
        .await
        .expect("stopped after the grace period")
        .expect("stopped");
    assert_eq!(running.local.of("witness"), None);
}
