//! The demo network (the `charter-demo` crate) told to this server: built in this process
//! with the story's clock, on a loopback port, as the demo's [`Host`].

use crate::clock::Clock;
use crate::commands::enrolment::{enroll, Enrolment as TokenEnrolment};
use crate::server::Server;
use crate::settings::{MailSettings, Settings};
use crate::state::AppState;
use crate::workers::scheduler;
use charter_demo::{Enrolment, Host, HostError, Issued, SimulatedClock};
use charter_domain::Policy;
use charter_store::db;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

pub use charter_demo::{
    events_in_store, policy, Caller, DemoError, DemoReport, DemoToken, HubCounts, VoteCounts,
    DEMO_POLICY,
};

/// Loads the demo network into the database behind `pool` under `policy` (see
/// [`charter_demo::load`]), telling it to a server built in this process.
/// The messages its history gives rise to go where `mail` says.
pub async fn load(
    pool: &PgPool,
    policy: &Policy,
    mail: &MailSettings,
    key_dir: &Path,
) -> Result<DemoReport, DemoError> {
    load_scaled(pool, policy, mail, key_dir, 1).await
}

/// [`load`] with every story told `scale` times (see [`charter_demo::load_scaled`]).
pub async fn load_scaled(
    pool: &PgPool,
    policy: &Policy,
    mail: &MailSettings,
    key_dir: &Path,
    scale: usize,
) -> Result<DemoReport, DemoError> {
    let mut host = InProcess {
        pool: pool.clone(),
        policy: policy.clone(),
        mail: mail.clone(),
        key_dir: key_dir.to_owned(),
        running: None,
    };
    charter_demo::load_scaled(pool, policy, &mut host, scale).await
}

/// The story's clock, as the server reads it.
#[derive(Debug)]
struct StoryClock(Arc<SimulatedClock>);

impl Clock for StoryClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

/// The server the demo starts, and what it needs to start one.
#[derive(Debug)]
struct InProcess {
    pool: PgPool,
    policy: Policy,
    mail: MailSettings,
    key_dir: PathBuf,
    running: Option<Running>,
}

#[derive(Debug)]
struct Running {
    state: AppState,
    shutdown: CancellationToken,
    serving: JoinHandle<anyhow::Result<()>>,
}

impl InProcess {
    fn state(&self) -> Result<&AppState, HostError> {
        self.running
            .as_ref()
            .map(|running| &running.state)
            .ok_or_else(|| "the demo's server has not started".into())
    }
}

#[async_trait::async_trait]
impl Host for InProcess {
    async fn migrate(&self) -> Result<(), HostError> {
        Ok(db::migrate(&self.pool).await?)
    }

    async fn start(&mut self, clock: Arc<SimulatedClock>) -> Result<u16, HostError> {
        let settings = Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            policy: self.policy.clone(),
            // The demo runs the scheduler itself, at the simulated moments the story
            // needs; left to its own timer it would act at random points of the story.
            scheduler_interval: Duration::from_secs(24 * 60 * 60),
            // A loader, not the server: the real one logs the history and signs it.
            checkpoint_interval: None,
            mail: self.mail.clone(),
            key_dir: self.key_dir.clone(),
            ..Settings::default()
        };
        let server =
            Server::build_with_clock(settings, self.pool.clone(), Arc::new(StoryClock(clock)))
                .await?;
        let port = server.port();
        let state = server.state().clone();
        let shutdown = CancellationToken::new();
        // In a span, so that its log lines (its own address, say) are not taken for the
        // real server's under `charter serve --demo`.
        let serving = tokio::spawn(
            server
                .run_until_stopped(shutdown.clone())
                .instrument(tracing::info_span!("demo")),
        );
        self.running = Some(Running {
            state,
            shutdown,
            serving,
        });
        Ok(port)
    }

    async fn enrol(&self, enrolment: Enrolment) -> Result<Issued, HostError> {
        let state = self.state()?;
        let issued = enroll(
            &state.pool,
            &state.roster,
            &state.policy,
            enrolment.at,
            TokenEnrolment {
                role: enrolment.role,
                name: enrolment.name,
                email: enrolment.email,
                person: enrolment.person,
                application: None,
                expertise: enrolment.expertise,
                expires_at: None,
            },
        )
        .await?;
        Ok(Issued {
            token: issued.token,
            person: issued.person,
            application: issued.application,
        })
    }

    async fn scheduler_round(&self) -> Result<(), HostError> {
        Ok(scheduler::run_once(self.state()?, None).await?)
    }

    async fn stop(&mut self) -> Result<(), HostError> {
        let Some(running) = self.running.take() else {
            return Ok(());
        };
        running.shutdown.cancel();
        running.serving.await??;
        Ok(())
    }
}
