//! The notifier: a checkpointed subscriber to the event log, like the read models, that
//! decides who is told what about each event and puts the messages in the outbox in the
//! same transaction that moves its checkpoint. So a message is decided exactly once per
//! event and recipient, and a crash between the commit and the sending loses nothing: the
//! outbox still holds it.
//!
//! Like the process manager it is never rebuilt: a rebuild would decide every message
//! again (the outbox's keys would keep them from being sent twice, but the words would be
//! written again under today's names).

mod delegates;
pub mod facts;
pub mod upgrade;

use crate::decide;
use crate::notice::Notice;
use crate::outbox::{enqueue, Writing};
use async_trait::async_trait;
use charter_domain::application::{Application, ApplicationEvent};
use charter_domain::roster::{Roster, RosterEvent};
use charter_domain::vote::{CommitteeVote, VoteEvent};
use charter_domain::{ApplicationId, VoteId};
use charter_projections::{Projection, ProjectionError, StoredEvent};
use cqrs_es::Aggregate;
use sqlx::PgConnection;

/// The notifier's name, also its checkpoint's.
pub const NAME: &str = "notifier";

/// Decides the messages the event log gives rise to.
#[derive(Debug)]
pub struct Notifier {
    writing: Writing,
    /// The last event nobody is told about (see the migration `notifications_from`).
    from: tokio::sync::OnceCell<i64>,
}

impl Notifier {
    pub fn new(writing: Writing) -> Self {
        Self {
            writing,
            from: tokio::sync::OnceCell::new(),
        }
    }

    /// Whether the event is older than notifications on this database.
    async fn before_notifications(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<bool, sqlx::Error> {
        let from = self
            .from
            .get_or_try_init(|| async {
                sqlx::query_scalar::<_, i64>("SELECT global_position FROM notifications_from")
                    .fetch_optional(&mut *conn)
                    .await
                    .map(Option::unwrap_or_default)
            })
            .await?;
        Ok(event.global_position <= *from)
    }

    async fn put(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
        notices: Vec<Notice>,
    ) -> Result<(), ProjectionError> {
        if notices.is_empty() || self.before_notifications(&mut *conn, event).await? {
            return Ok(());
        }
        let key = format!("event/{}", event.global_position);
        for notice in &notices {
            enqueue(
                &mut *conn,
                &self.writing,
                &key,
                Some(event.global_position),
                notice,
            )
            .await?;
        }
        Ok(())
    }
}

#[async_trait]
impl Projection for Notifier {
    fn name(&self) -> &'static str {
        NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        &[
            "notice_people",
            "notice_applications",
            "notice_interviews",
            "notice_votes",
            "notice_delegates",
        ]
    }

    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == Application::TYPE
            || aggregate_type == CommitteeVote::TYPE
            || aggregate_type == Roster::TYPE
    }

    /// The messages it writes are not derived again: its batches wait for the disk.
    fn derived_only(&self) -> bool {
        false
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        let undecodable = |error| ProjectionError::undecodable(event, error);
        if event.aggregate_type == Roster::TYPE {
            let payload: RosterEvent = event.decode().map_err(undecodable)?;
            // First what it says of the person: the invitation goes to the address it gives.
            facts::record_roster(&mut *conn, event, &payload).await?;
            let notices = decide::roster_event(&payload);
            return self.put(conn, event, notices).await;
        }
        if event.aggregate_type == CommitteeVote::TYPE {
            let payload: VoteEvent = event.decode().map_err(undecodable)?;
            let id = VoteId(event.aggregate_uuid()?);
            facts::record_vote(&mut *conn, id, &payload).await?;
            let Some(vote) = facts::vote(&mut *conn, id).await? else {
                return Ok(());
            };
            let notices = decide::vote_event(&payload, &vote);
            return self.put(conn, event, notices).await;
        }
        let payload: ApplicationEvent = event.decode().map_err(undecodable)?;
        let id = ApplicationId(event.aggregate_uuid()?);
        // An opening tells nobody: it only makes the application known.
        if matches!(payload, ApplicationEvent::ApplicationOpened { .. }) {
            return Ok(facts::record_application(&mut *conn, event, id, &payload).await?);
        }
        let Some(mut application) = facts::application(&mut *conn, id).await? else {
            tracing::warn!(position = event.global_position, %id,
                "an event of an application the notifier does not know: nobody is told");
            return Ok(());
        };
        if let Some(interview) = facts::interview_of(&payload) {
            application.interview = facts::interview(&mut *conn, id, interview).await?;
        }
        let vote = match payload.vote() {
            Some(vote) => facts::vote(&mut *conn, vote).await?,
            None => None,
        };
        let notices = decide::application_event(&payload, &application, vote.as_ref());
        facts::record_application(&mut *conn, event, id, &payload).await?;
        self.put(conn, event, notices).await
    }
}
