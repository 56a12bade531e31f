//! The process manager: a closed vote drives the application it decided.
//!
//! It is fed by the same durable, checkpointed subscription as the read models. Carrying
//! out a vote is idempotent (the application records the votes it has carried out), so an
//! event replayed after a crash changes nothing twice. A business refusal (a passed
//! advance whose gate is still not met) is recorded in `vote_outcome_actions` and logged;
//! any other failure stops the subscription at that event and is retried, with the
//! projector's status (and so `/readyz`) showing it, never dropped.

use crate::clock::Clock;
use crate::commands::{CommandBus, CommandContext, CommandError};
use async_trait::async_trait;
use charter_domain::application::{
    Application, ApplicationCommand, ApplicationEvent, VoteDecision,
};
use charter_domain::vote::{CommitteeVote, Motion, Outcome, VoteEvent};
use charter_domain::{Actor, Authored, Policy, VoteId};
use charter_notifications::notice::{Arg, Notice, NoticeKind, Recipient};
use charter_notifications::notifier::facts::hub_name;
use charter_notifications::outbox::{enqueue, Writing};
use charter_projections::{Follows, Projection, ProjectionError, StoredEvent};
use cqrs_es::Aggregate;
use sqlx::PgConnection;
use std::sync::Arc;

/// The process manager's name, also its checkpoint's.
pub const NAME: &str = "vote_outcomes";

/// The event types it acts on: [`VoteEvent::VoteClosed`] and
/// [`ApplicationEvent::CARRYING_OUT_VOTES`].
const FOLLOWED: [&str; 6] = [
    VoteEvent::CLOSED,
    ApplicationEvent::CARRYING_OUT_VOTES[0],
    ApplicationEvent::CARRYING_OUT_VOTES[1],
    ApplicationEvent::CARRYING_OUT_VOTES[2],
    ApplicationEvent::CARRYING_OUT_VOTES[3],
    ApplicationEvent::CARRYING_OUT_VOTES[4],
];
const _: () = assert!(ApplicationEvent::CARRYING_OUT_VOTES.len() == 5);

/// Carries out closed votes on their applications.
#[derive(Debug)]
pub struct VoteOutcomes {
    applications: Arc<CommandBus<Application>>,
    policy: Arc<Policy>,
    clock: Arc<dyn Clock>,
    /// How the secretariat's message about a vote not carried out is written.
    writing: Writing,
}

impl VoteOutcomes {
    pub fn new(
        applications: Arc<CommandBus<Application>>,
        policy: Arc<Policy>,
        clock: Arc<dyn Clock>,
        writing: Writing,
    ) -> Self {
        Self {
            applications,
            policy,
            clock,
            writing,
        }
    }
}

#[async_trait]
impl Projection for VoteOutcomes {
    fn name(&self) -> &'static str {
        NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        &["vote_outcome_actions"]
    }

    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == CommitteeVote::TYPE || aggregate_type == Application::TYPE
    }

    /// A closed vote, and an application's events that can carry one out: of the rest
    /// (the documents, reviews and ballots that make most of the store) its batches take
    /// no transaction and do not wait for the disk.
    fn follows(&self) -> Follows {
        Follows::Only(&FOLLOWED)
    }

    /// What it carried out is recorded with its checkpoint: its batches wait for the disk.
    fn derived_only(&self) -> bool {
        false
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if event.aggregate_type == Application::TYPE {
            return record_carried_out(conn, event).await;
        }
        let payload: VoteEvent = event
            .decode()
            .map_err(|e| ProjectionError::undecodable(event, e))?;
        let VoteEvent::VoteClosed {
            application_id,
            motion,
            electorate,
            outcome,
            at,
            ..
        } = payload
        else {
            return Ok(());
        };
        let vote = VoteDecision {
            vote_id: VoteId(event.aggregate_uuid()?),
            application_id,
            motion: motion.clone(),
            outcome,
            electorate,
        };
        let (action, command) = match (&motion, outcome) {
            (Motion::Advance { to }, Outcome::Passed) => (
                format!("advance to {to}"),
                Some(ApplicationCommand::AdvanceStage {
                    to: *to,
                    vote: Some(vote.clone()),
                }),
            ),
            (Motion::Reject { grounds }, Outcome::Passed) => (
                "reject".to_owned(),
                Some(ApplicationCommand::Reject {
                    reason: grounds.clone(),
                    vote: Some(vote.clone()),
                }),
            ),
            (Motion::Appeal, _) => (
                "decide the appeal".to_owned(),
                Some(ApplicationCommand::DecideAppeal { vote: vote.clone() }),
            ),
            _ => ("none: the motion did not pass".to_owned(), None),
        };
        let (result, detail, position) = match command {
            None => ("nothing_to_do", None, None),
            Some(command) => {
                let actor = Actor::system("vote outcome");
                let context = CommandContext::of(
                    actor.clone(),
                    Some(format!("vote-outcome:{}", vote.vote_id)),
                );
                let metadata = context.metadata(&self.policy);
                // Stamped when carried out, which is after everything the application
                // recorded meanwhile; replays change nothing whatever their time.
                let command = Authored::new(actor, self.clock.now(), command);
                match self
                    .applications
                    .execute(&application_id.to_string(), command, &metadata, None)
                    .await
                {
                    Ok(accepted) => ("carried_out", None, Some(accepted.position)),
                    Err(CommandError::Refused(refusal)) => {
                        tracing::warn!(vote = %vote.vote_id, %application_id, %refusal,
                            "a closed vote could not be carried out");
                        ("refused", Some(refusal.to_string()), None)
                    }
                    Err(error) => {
                        return Err(ProjectionError::Effect {
                            position: event.global_position,
                            detail: error.to_string(),
                        })
                    }
                }
            }
        };
        sqlx::query(
            "INSERT INTO vote_outcome_actions
                 (vote_id, application_id, action, result, detail, at, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (vote_id) DO UPDATE
             SET action = EXCLUDED.action, result = EXCLUDED.result, detail = EXCLUDED.detail,
                 at = EXCLUDED.at, position = EXCLUDED.position",
        )
        .bind(vote.vote_id.0)
        .bind(application_id.0)
        .bind(&action)
        .bind(result)
        .bind(&detail)
        .bind(at)
        .bind(position)
        .execute(&mut *conn)
        .await?;
        if let ("refused", Some(reason)) = (result, &detail) {
            // Told in the same transaction as the record, so exactly once.
            let notice = Notice::new(
                NoticeKind::OutcomeNotCarriedOut,
                Recipient::Secretariat,
                charter_notifications::links::application(application_id),
            )
            .about(application_id)
            .text("hub", hub_name(&mut *conn, application_id).await?)
            .with("motion", Arg::motion(&motion))
            .text("reason", reason);
            let key = format!("event/{}", event.global_position);
            enqueue(
                conn,
                &self.writing,
                &key,
                Some(event.global_position),
                &notice,
            )
            .await?;
        }
        Ok(())
    }
}

/// A vote carried out on the application later than its closing (the secretariat citing a
/// passed vote once the gate is met): the record says so.
async fn record_carried_out(
    conn: &mut PgConnection,
    event: &StoredEvent,
) -> Result<(), ProjectionError> {
    let payload: ApplicationEvent = event
        .decode()
        .map_err(|e| ProjectionError::undecodable(event, e))?;
    let Some(vote) = payload.vote() else {
        return Ok(());
    };
    sqlx::query(
        "UPDATE vote_outcome_actions
         SET result = 'carried_out', detail = NULL, at = $2, position = $3
         WHERE vote_id = $1 AND result <> 'carried_out'",
    )
    .bind(vote.0)
    .bind(payload.at())
    .bind(event.global_position)
    .execute(conn)
    .await?;
    Ok(())
}
