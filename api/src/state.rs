//! What every handler shares, and the one way they run commands.

use crate::auth::TokenCache;
use crate::clock::Clock;
use crate::commands::{Accepted, CommandBus, CommandContext, Prerequisite};
use crate::http::error::ApiError;
use crate::http::latest_writes::LatestWrites;
use crate::http::metrics::HttpMetrics;
use crate::settings::Settings;
use crate::workers::status::Workers;
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationEvent, VoteDecision,
};
use charter_domain::roster::Roster;
use charter_domain::vote::CommitteeVote;
use charter_domain::{Actor, ApplicationId, Authored, Policy, Refusable, VoteId};
use charter_projections::{Watermark, WatermarkError};
use charter_store::history::CheckpointKey;
use charter_store::keys::KeyDirectory;
use cqrs_es::Aggregate;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::PgPool;
use std::sync::Arc;

/// The state behind every route: one shared [`Shared`], so that the copy each request's
/// extractors and middleware take costs one reference count, not one per field (a
/// profile of metric 2 in BENCHMARKS.md put the per-field copies and drops at about 6%
/// of the server's CPU).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
#[derive(Debug)]
pub struct Shared {
    /// This instance's number, which its `Idempotency-Key` claims carry (see
    /// [`crate::server::instance`]).
    pub instance: i32,
    pub pool: PgPool,
    /// A streaming replica that serves reads once it has reached what they must show (see
    /// [`crate::http::replica_reads`]); none unless `--replica-url` names one.
    pub replica: Option<charter_projections::Replica>,
    /// How many reads the replica and the primary served.
    pub reads_served: crate::http::replica_reads::ReadsServed,
    pub settings: Settings,
    pub policy: Arc<Policy>,
    pub clock: Arc<dyn Clock>,
    pub applications: Arc<CommandBus<Application>>,
    pub roster: Arc<CommandBus<Roster>>,
    pub votes: Arc<CommandBus<CommitteeVote>>,
    pub watermark: Watermark,
    /// The tokens recently authenticated (see [`crate::auth::cache`]).
    pub tokens: Arc<TokenCache>,
    /// Request counts and latencies for `/metrics`.
    pub metrics: Arc<HttpMetrics>,
    /// Each local background worker's name and status.
    pub workers: Workers,
    /// How messages are written (links, sender), for the reminders the scheduler sends.
    pub writing: charter_notifications::outbox::Writing,
    /// Told when something is put in the outbox outside a projector (a sign-in code), so
    /// the senders need not wait for their next poll.
    pub outbox_wake: tokio::sync::watch::Sender<u64>,
    /// A secret of the key directory that keys what the database keeps of requests, codes
    /// and sessions, so that a reader of the database cannot match it against guesses.
    pub secret: ServerSecret,
    /// The key that signs checkpoints of the history, read from the key directory (made
    /// there) at first use: a server that never signs never touches the directory.
    pub checkpoint_key: tokio::sync::OnceCell<Arc<CheckpointKey>>,
    /// The latest position each recent writer wrote, which their reads wait for.
    pub latest_writes: LatestWrites,
}

/// A secret of the key directory (`server-secret.key`), never in the database: the key of
/// the HMACs kept for `Idempotency-Key`s, sign-in codes and links, and session ids.
#[derive(Clone)]
pub struct ServerSecret(Arc<zeroize::Zeroizing<Vec<u8>>>);

impl ServerSecret {
    /// The secret given.
    pub fn new(secret: zeroize::Zeroizing<Vec<u8>>) -> Self {
        Self(Arc::new(secret))
    }

    /// An HMAC-SHA256 under the secret for `purpose` (each use names its own, so that one
    /// use's values never stand for another's).
    pub fn mac(&self, purpose: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac
    }

    /// The HMAC of `parts` for `purpose`, each part length-prefixed.
    pub fn hash(&self, purpose: &str, parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = self.mac(purpose);
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }
}

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(..)")
    }
}

impl Shared {
    /// The key that signs checkpoints of the history (see [`Shared::checkpoint_key`]).
    pub async fn checkpoint_key(&self) -> std::io::Result<Arc<CheckpointKey>> {
        self.checkpoint_key
            .get_or_try_init(|| async {
                let keys = KeyDirectory::for_store(&self.settings.key_dir, &self.pool).await?;
                Ok(Arc::new(CheckpointKey::from_key_dir(&keys)?))
            })
            .await
            .cloned()
    }

    /// Wakes this instance's senders: the outbox has a message that should leave now.
    pub fn wake_senders(&self) {
        self.outbox_wake
            .send_modify(|count| *count = count.wrapping_add(1));
    }
}

impl AppState {
    /// Runs `command` on aggregate `id` in `context`, stamped with the server's clock.
    pub async fn run<A>(
        &self,
        commands: &CommandBus<A>,
        context: &CommandContext,
        id: &str,
        command: <A::Command as Envelope>::Inner,
        prerequisite: Option<&Prerequisite>,
    ) -> Result<Accepted<A::Event>, ApiError>
    where
        A: Aggregate + charter_domain::Versioned + Clone,
        A::Command: Envelope + Clone,
        A::Error: Refusable,
    {
        let metadata = context.metadata(&self.policy);
        let command = A::Command::wrap(context.actor.clone(), self.clock.now(), command);
        let expected = context.expected_version.take();
        Ok(commands
            .execute_expecting(id, command, &metadata, prerequisite, expected)
            .await?)
    }

    /// Runs `command` on application `id` in `context`.
    pub async fn execute(
        &self,
        context: &CommandContext,
        id: ApplicationId,
        command: ApplicationCommand,
    ) -> Result<Accepted<ApplicationEvent>, ApiError> {
        self.execute_with(context, id, command, None).await
    }

    /// Like [`AppState::execute`], writing `prerequisite` once the command is decided.
    pub async fn execute_with(
        &self,
        context: &CommandContext,
        id: ApplicationId,
        command: ApplicationCommand,
        prerequisite: Option<&Prerequisite>,
    ) -> Result<Accepted<ApplicationEvent>, ApiError> {
        self.run(
            &self.applications,
            context,
            &id.to_string(),
            command,
            prerequisite,
        )
        .await
    }

    /// The decision of closed vote `vote_id`, for a command that carries it out; `field`
    /// names the request field that gave the id.
    pub async fn vote_decision(
        &self,
        vote_id: VoteId,
        field: &str,
    ) -> Result<VoteDecision, ApiError> {
        let (vote, _) = self.votes.load(&vote_id.to_string()).await?;
        let unusable = |detail: String| ApiError::InvalidBody {
            detail,
            field: Some(field.to_owned()),
        };
        let (Some(application_id), Some(motion)) = (vote.application(), vote.motion()) else {
            return Err(unusable(format!("vote {vote_id} does not exist")));
        };
        let Some((_, outcome)) = vote.result() else {
            return Err(unusable(format!("vote {vote_id} has not closed yet")));
        };
        Ok(VoteDecision {
            vote_id,
            application_id,
            motion: motion.clone(),
            outcome,
            electorate: vote.electorate(),
        })
    }

    /// Waits until `projections` have applied the event at `position`, when one is given.
    pub async fn wait_for(
        &self,
        position: Option<i64>,
        projections: &[&str],
    ) -> Result<(), ApiError> {
        let position = match position {
            None | Some(0) => return Ok(()),
            Some(position) if position < 0 => {
                return Err(ApiError::BadRequest {
                    detail: "min_position must not be negative".to_owned(),
                    field: Some("min_position".to_owned()),
                })
            }
            Some(position) => position,
        };
        self.watermark
            .wait_for(position, projections, self.settings.max_read_wait)
            .await
            .map_err(|error| match error {
                WatermarkError::UnknownPosition(_) => ApiError::BadRequest {
                    detail: error.to_string(),
                    field: Some("min_position".to_owned()),
                },
                WatermarkError::TimedOut(_) => {
                    ApiError::Unavailable(format!("{error}; retry, or read without min_position"))
                }
                WatermarkError::Database(error) => error.into(),
            })
    }
}

/// A command type that wraps its inner command with who and when: `Authored<C>`.
pub trait Envelope {
    type Inner;
    fn wrap(by: Actor, at: chrono::DateTime<chrono::Utc>, inner: Self::Inner) -> Self;
}

impl<C> Envelope for Authored<C> {
    type Inner = C;
    fn wrap(by: Actor, at: chrono::DateTime<chrono::Utc>, inner: C) -> Self {
        Authored::new(by, at, inner)
    }
}
