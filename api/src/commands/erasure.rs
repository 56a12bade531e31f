//! Erasing a person's personal data on request, without breaking the audit.
//!
//! Their key is destroyed first, so that nothing sealed under it can be read from then on
//! (the events, and the hash chains over them, stay as they were); then the copies outside
//! the event store are dealt with: their tokens are revoked and lose the name, and stored
//! answers to retried commands that mention them are forgotten. Last, the erasure is
//! recorded on the roster, and each read model scrubs the person when it reaches that
//! event. Every step can be repeated, so an erasure interrupted by a crash is completed by
//! asking again.

use crate::commands::{CommandBus, CommandContext, CommandError};
use crate::http::error::ApiError;
use charter_domain::personal::ERASED;
use charter_domain::roster::{Roster, RosterCommand, RosterError, ROSTER_ID};
use charter_domain::{Authored, PersonId, Policy};
use charter_store::personal_data::{self, Destroyed};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

/// What an erasure did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Erasure {
    /// The person whose personal data was erased.
    pub subject: Uuid,
    /// The position of the event that records the erasure; pass it as `min_position` to
    /// a read to see the read models scrubbed.
    pub position: i64,
    /// The subject's own version on the roster after the erasure (the `ETag` of their
    /// read, when they are on the roster).
    pub version: i64,
    /// Tokens of the person that were still valid and are now revoked.
    pub tokens_revoked: u64,
    /// Stored answers to retried commands that mentioned the person, now forgotten.
    pub stored_answers_forgotten: u64,
}

/// Erases the personal data of `subject`, given in `context`.
pub async fn erase(
    pool: &PgPool,
    roster: &CommandBus<Roster>,
    policy: &Policy,
    context: &CommandContext,
    now: DateTime<Utc>,
    subject: PersonId,
) -> Result<Erasure, ApiError> {
    // An `If-Match` is checked before anything is destroyed, against the subject's own
    // version: an erasure cannot be undone, so it is not checked again at the append,
    // where a refusal would leave it half done.
    if let Some(expected) = context.expected_version.take() {
        let (roster_now, _) = roster.load(ROSTER_ID).await?;
        let actual = roster_now.version_of(subject);
        if !expected.accepts(actual) {
            return Err(CommandError::<RosterError>::Stale { expected, actual }.into());
        }
    }
    if personal_data::destroy_key(pool, subject.0).await? == Destroyed::Unknown {
        return Err(ApiError::NotFound(format!(
            "no personal data is kept under {subject}: it is not the id of a person on the \
             roster, of a founder or of an interview's attendee"
        )));
    }
    // Every copy of the key (old row versions, the WAL, backups) stops opening anything
    // once the key-encryption key it was wrapped under is gone. A failure here leaves the
    // rotation due, for the scheduler.
    if let Err(error) = charter_store::keys::rotation::rotate_if_due(pool).await {
        tracing::error!(%subject, %error, "the key-encryption key was not rotated after an erasure");
    }
    let tokens_revoked = sqlx::query(
        "UPDATE api_tokens SET name = $2, revoked_at = coalesce(revoked_at, now())
         WHERE person_id = $1 AND (name <> $2 OR revoked_at IS NULL)",
    )
    .bind(subject.0)
    .bind(ERASED)
    .execute(pool)
    .await?
    .rows_affected();
    // A stored answer mentions the person by id wherever it shows their data: the events
    // it lists name the subject next to every personal value.
    let stored_answers_forgotten = sqlx::query(
        "DELETE FROM idempotency_keys
         WHERE person_id = $1 OR position(convert_to($1::text, 'UTF8') IN body) > 0",
    )
    .bind(subject.0)
    .execute(pool)
    .await?
    .rows_affected();
    let accepted = roster
        .execute(
            ROSTER_ID,
            Authored::new(
                context.actor.clone(),
                now,
                RosterCommand::RecordErasure { subject },
            ),
            &context.metadata(policy),
            None,
        )
        .await?;
    tracing::info!(%subject, tokens_revoked, stored_answers_forgotten, "personal data erased");
    Ok(Erasure {
        subject: subject.0,
        position: accepted.position,
        version: accepted.version,
        tokens_revoked,
        stored_answers_forgotten,
    })
}
