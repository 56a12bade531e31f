//! Building the server and running it with its background workers.

mod connections;
pub mod instance;
mod router;

use crate::clock::{Clock, SystemClock};
use crate::commands::{upgrades, CommandBus};
use crate::settings::Settings;
use crate::state::{AppState, ServerSecret, Shared};
use crate::workers::admissions::Admissions;
use crate::workers::invalidation;
use crate::workers::notifications::{self, NotificationWorkers};
use crate::workers::projector_thread::ProjectorThread;
use crate::workers::status::{HISTORY, SCHEDULER};
use crate::workers::vote_outcomes::VoteOutcomes;
use crate::workers::{history, scheduler};
use axum::Router;
use charter_domain::application::{self, ApplicationServices};
use charter_domain::roster::{Roster, RosterServices};
use charter_domain::vote::{CommitteeVote, VoteServices};
use charter_projections::{
    LocalCheckpoints, Projector, ProjectorSettings, ProjectorStatus, Watermark,
};
use charter_store::db;
use charter_store::listener::WakeProjectors;
use charter_store::{Announcer, RecentAppends};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// The server, bound to its port, with its projectors ready to start.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// The read models' projector, run on `read_models_thread`.
    read_models: Projector,
    read_models_thread: ProjectorThread,
    /// The process managers, run on the request runtime (they carry out commands).
    outcomes: Projector,
    /// The notifier, the webhooks' subscriber and the delivery worker, unless off.
    notifications: Option<NotificationWorkers>,
    /// Told when a projector commits (the delivery worker wakes on it).
    advanced: watch::Sender<u64>,
    scheduler: watch::Sender<ProjectorStatus>,
    /// The history worker's status, unless it does not run here.
    history: Option<watch::Sender<ProjectorStatus>>,
    wake: watch::Sender<u64>,
    announcer: Announcer,
    /// The lock that tells others this instance lives.
    instance: instance::InstanceLock,
}

/// At most one NOTIFY of new events to other instances per this much time (see
/// [`Announcer::run`]): their projectors learn of this instance's events at most this much
/// later, and a busy instance sends at most 200 a second.
const ANNOUNCE_SPACING: Duration = Duration::from_millis(5);

/// How long a read waits for a connection to the replica before it is served by the
/// primary: a replica that is away costs a read no more than this.
const REPLICA_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(1);

/// The process manager's pace (see [`ProjectorSettings::pace`]): a closed vote is carried
/// out at most this much later, and under a steady stream of commands it reads a batch
/// every 25 ms instead of one after every command.
const OUTCOMES_PACE: Duration = Duration::from_millis(25);

/// The connections the read models' projector may hold at once: one per lane, one for a
/// read-ahead, and one while it takes its lock (that one then leaves the pool).
fn projector_connections(settings: &ProjectorSettings) -> u32 {
    let lanes = u32::try_from(settings.lanes.max(1)).unwrap_or(u32::MAX);
    lanes
        .saturating_add(u32::from(settings.read_ahead))
        .saturating_add(1)
}

impl Server {
    /// Applies pending migrations (and carries out the read-model rebuilds they ask for),
    /// binds the listening socket (port 0 picks a free one) and wires routes, commands and
    /// projectors. Nothing runs until [`Server::run_until_stopped`].
    pub async fn build(settings: Settings, pool: PgPool) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, pool, Arc::new(SystemClock)).await
    }

    /// Like [`Server::build`], with the clock commands are stamped with.
    pub async fn build_with_clock(
        settings: Settings,
        pool: PgPool,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        db::migrate(&pool).await?;
        // Before anything seals or opens a key: the first start wraps the keys an earlier
        // version kept in the clear.
        charter_store::keys::open(&settings.key_dir, &pool).await?;
        let secret = ServerSecret::new(
            charter_store::keys::KeyDirectory::for_store(&settings.key_dir, &pool)
                .await?
                .read_or_create("server-secret.key", 32)?,
        );
        // Before anything reads or feeds the read models: a migration may have asked for a
        // rebuild of one (its new table filled from the events already applied).
        charter_projections::rebuild_due(
            &pool,
            &charter_projections::all(),
            charter_projections::REBUILD_BATCH_SIZE,
        )
        .await?;
        let listener = TcpListener::bind(settings.listen).await?;
        let writing = notifications::writing(&settings.mail, &listener)?;
        let advanced = watch::Sender::new(0u64);
        // Commands wake this instance's projectors themselves once their events commit.
        let wake = watch::Sender::new(0u64);
        let announcer = Announcer::background(wake.clone());
        // Each append's transaction id, for this instance's reads that wait for it.
        let recent = RecentAppends::default();
        let policy = Arc::new(settings.policy.clone());
        let attempts = settings.command_attempts;
        let applications = Arc::new(
            CommandBus::<application::Application>::new(
                pool.clone(),
                ApplicationServices::new(policy.clone()),
                attempts,
            )
            .announcing(announcer.clone())
            .recording(recent.clone()),
        );
        let roster = Arc::new(
            CommandBus::<Roster>::new(pool.clone(), RosterServices, attempts)
                .announcing(announcer.clone())
                .recording(recent.clone()),
        );
        // Facts a migration found missing are recorded before anyone is served.
        upgrades::record_secretariat_members(&pool, &roster, &policy, clock.now()).await?;
        let votes = Arc::new(
            CommandBus::<CommitteeVote>::new(
                pool.clone(),
                VoteServices {
                    policy: policy.clone(),
                },
                attempts,
            )
            .announcing(announcer.clone())
            .recording(recent.clone()),
        );
        // The read models share one projector: each batch is read once and committed once
        // for all of them. The process managers (carrying out closed votes, admitting the
        // hubs of new initiatives) have their own: their batches carry out commands, wait
        // for the disk, and fail or succeed apart from the read models.
        // Readers wait for the read models' projector: it runs on a thread of its own,
        // with connections of its own (see `projector_thread`).
        let local = LocalCheckpoints::default();
        let read_models_thread = ProjectorThread::start(
            (*pool.connect_options()).clone(),
            projector_connections(&settings.projector),
        )?;
        let read_models = Projector::group(
            read_models_thread.pool().clone(),
            charter_projections::all(),
            settings.projector.clone(),
            advanced.clone(),
        )
        .publishing(local.clone());
        let outcomes = Projector::group(
            pool.clone(),
            vec![
                Arc::new(VoteOutcomes::new(
                    applications.clone(),
                    policy.clone(),
                    clock.clone(),
                    writing.clone(),
                )),
                Arc::new(Admissions::new(
                    roster.clone(),
                    policy.clone(),
                    clock.clone(),
                    writing.clone(),
                )),
            ],
            ProjectorSettings {
                pace: OUTCOMES_PACE,
                ..settings.projector.clone()
            },
            advanced.clone(),
        );
        let notifications = if settings.notifications {
            Some(NotificationWorkers::build(
                &pool,
                &settings.mail,
                &writing,
                &settings.projector,
                &advanced,
            )?)
        } else {
            None
        };
        let scheduler = watch::Sender::new(ProjectorStatus::Starting);
        let mut workers: Vec<_> = [&read_models, &outcomes]
            .into_iter()
            .flat_map(Projector::statuses)
            .chain(notifications.iter().flat_map(NotificationWorkers::statuses))
            .collect();
        workers.push((SCHEDULER, scheduler.subscribe()));
        let history = settings
            .checkpoint_interval
            .map(|_| watch::Sender::new(ProjectorStatus::Starting));
        if let Some(history) = &history {
            workers.push((HISTORY, history.subscribe()));
        }
        // Taken before anyone is served: every claim this instance makes names it.
        let instance = instance::InstanceLock::take(&pool).await?;
        // Connected lazily: a replica that is away only sends reads to the primary.
        let replica = settings.replica.as_ref().map(|replica| {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(replica.connections)
                .acquire_timeout(REPLICA_ACQUIRE_TIMEOUT)
                .connect_lazy(&replica.url);
            pool.map(|pool| charter_projections::Replica::new(pool, replica.wait))
        });
        let replica = replica.transpose()?;
        let state = AppState::new(Shared {
            instance: instance.id(),
            pool: pool.clone(),
            replica,
            reads_served: Default::default(),
            policy,
            applications,
            roster,
            votes,
            watermark: Watermark::new(pool, advanced.subscribe())
                .with_local(local)
                .with_recent(recent),
            tokens: Arc::default(),
            workers,
            metrics: Default::default(),
            settings,
            clock,
            writing,
            outbox_wake: advanced.clone(),
            latest_writes: Default::default(),
            secret,
            checkpoint_key: Default::default(),
        });
        let router = router::router(state.clone())?;
        Ok(Self {
            listener,
            router,
            state,
            read_models,
            read_models_thread,
            outcomes,
            notifications,
            advanced,
            scheduler,
            history,
            wake,
            announcer,
            instance,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The state the handlers share (for in-process callers such as tests and the demo).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves HTTP and runs the projectors until `shutdown` is cancelled, then lets
    /// in-flight requests finish (for at most the shutdown timeout: the connections still
    /// busy then are dropped) and stops the workers.
    pub async fn run_until_stopped(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let mut workers = JoinSet::new();
        let (applications, roster, votes) = (
            self.state.applications.clone(),
            self.state.roster.clone(),
            self.state.votes.clone(),
        );
        let caches = invalidation::Caches {
            tokens: self.state.tokens.clone(),
            forget_keys: Box::new(move || {
                applications.forget_cached();
                roster.forget_cached();
                votes.forget_cached();
            }),
            read_keys: charter_store::opening::ReadKeys::of(&self.state.pool),
            projectors: WakeProjectors(self.wake.clone()),
        };
        workers.spawn(self.instance.hold(shutdown.clone()));
        workers.spawn(invalidation::listen(
            self.state.pool.clone(),
            caches,
            shutdown.clone(),
        ));
        let statuses = [&self.read_models, &self.outcomes]
            .into_iter()
            .flat_map(Projector::statuses)
            .chain(
                self.notifications
                    .iter()
                    .flat_map(NotificationWorkers::statuses),
            )
            .map(|(_, status)| status)
            .collect();
        workers.spawn(self.announcer.run(
            self.state.pool.clone(),
            statuses,
            ANNOUNCE_SPACING,
            shutdown.clone(),
        ));
        workers.spawn(
            self.read_models_thread.run(
                self.read_models
                    .run(self.wake.subscribe(), shutdown.clone()),
            ),
        );
        workers.spawn(self.outcomes.run(self.wake.subscribe(), shutdown.clone()));
        if let Some(notifications) = self.notifications {
            notifications.spawn(
                &mut workers,
                self.state.pool.clone(),
                &self.wake,
                &self.advanced,
                &shutdown,
            );
        }
        workers.spawn(scheduler::run(
            self.state.clone(),
            self.state.settings.scheduler_interval,
            self.scheduler,
            shutdown.clone(),
        ));
        if let Some(status) = self.history {
            workers.spawn(history::run(self.state.clone(), status, shutdown.clone()));
        }
        tracing::info!(address = %self.listener.local_addr()?, "charter serves");
        connections::serve(
            self.listener,
            self.router,
            self.state.settings.timeouts,
            shutdown.clone(),
        )
        .await;
        // However the server ended, the workers end with it.
        shutdown.cancel();
        while workers.join_next().await.is_some() {}
        Ok(())
    }
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("stop requested; finishing in-flight work");
}
