//! The audit log: the event store itself, read for people who must check the record. An
//! application's log holds its own events and those of every committee vote about it, in
//! global position order, with actor, role, request id and policy version.

use crate::engine::event::{StoredEvent, COLUMNS};
use crate::engine::projection::ProjectionError;
use charter_domain::application::Application;
use charter_domain::vote::CommitteeVote;
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

/// One recorded event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntry {
    /// The event's position in the store; pages follow it.
    pub global_position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    /// When it happened, as the command said.
    pub occurred_at: Option<DateTime<Utc>>,
    /// When the store recorded it.
    pub recorded_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub request_id: Option<String>,
    pub policy_version: Option<String>,
    /// The event's fields. A secret ballot shows only that it was cast, sealed.
    #[schema(value_type = Object)]
    pub data: Value,
    /// True for a ballot or a recusal in a secret vote still open: who gave it (the
    /// actor, the member, the revision, the reason, the request id) is withheld until the
    /// vote closes, so that the log says how many took part, never who.
    pub withheld: bool,
}

/// A page of the audit log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<i64>,
}

/// The audit log of application `id` after position `after`, at most `limit` entries.
pub async fn application_log(
    pool: &PgPool,
    id: Uuid,
    after: i64,
    limit: i64,
) -> Result<AuditPage, sqlx::Error> {
    // The application's stream and its votes' (from the vote register, by application):
    // each read by its key, so a page costs what the application's history holds.
    let streams = application_streams(pool, id).await?;
    let (types, ids): (Vec<&str>, Vec<&str>) = streams
        .iter()
        .map(|(kind, id)| (kind.as_str(), id.as_str()))
        .unzip();
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM events
         JOIN unnest($1::text[], $2::text[]) AS s (aggregate_type, aggregate_id)
           USING (aggregate_type, aggregate_id)
         WHERE global_position > $3
         ORDER BY global_position
         LIMIT $4"
    ))
    .bind(&types)
    .bind(&ids)
    .bind(after)
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    let mut events = rows
        .iter()
        .map(|row| {
            let mut event = StoredEvent::from_row(row)?;
            // The log shows every payload as JSON: the tree is built here, where a payload
            // that is not JSON fails the read.
            event
                .payload
                .tree_mut()
                .map_err(|source| sqlx::Error::Decode(Box::new(source)))?;
            Ok(event)
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut conn = pool.acquire().await?;
    crate::engine::opening::open_events(&mut conn, &mut events)
        .await
        .map_err(|error| match error {
            ProjectionError::Database(error) => error,
            other => sqlx::Error::Protocol(other.to_string()),
        })?;
    let secret_and_open = secret_votes_open(pool, id).await?;
    let mut entries: Vec<AuditEntry> = events
        .into_iter()
        .map(entry)
        .map(|entry| withhold_if_secret(entry, &secret_and_open))
        .collect();
    let more = entries.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    entries.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_after = more
        .then(|| entries.last().map(|e| e.global_position))
        .flatten();
    Ok(AuditPage {
        entries,
        next_after,
    })
}

/// The secret votes about application `id` that have not closed, as the register knows
/// them. A register behind the store errs on the side of withholding: a vote it still
/// holds open may have closed since, never the other way round.
async fn secret_votes_open(pool: &PgPool, id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    let votes: Vec<Uuid> = sqlx::query_scalar(
        "SELECT vote_id FROM votes
         WHERE application_id = $1 AND ballot = 'secret' AND closed_at IS NULL",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(votes.into_iter().map(|vote| vote.to_string()).collect())
}

/// `entry` with who gave it withheld, if it is a ballot or recusal of one of `votes`.
fn withhold_if_secret(mut entry: AuditEntry, votes: &[String]) -> AuditEntry {
    let participation = matches!(entry.event_type.as_str(), "BallotCast" | "MemberRecused");
    if entry.aggregate_type != CommitteeVote::TYPE
        || !participation
        || !votes.contains(&entry.aggregate_id)
    {
        return entry;
    }
    entry.withheld = true;
    entry.actor_id = None;
    entry.actor_name = None;
    entry.request_id = None;
    if let Some(fields) = entry.data.as_object_mut() {
        for name in ["member", "hub", "revision", "reason"] {
            fields.remove(name);
        }
    }
    entry
}

fn entry(event: StoredEvent) -> AuditEntry {
    // Externally tagged: {"Variant": {fields}}.
    let mut data = event
        .payload()
        .ok()
        .and_then(|payload| payload.get(&event.event_type).cloned())
        .unwrap_or(Value::Null);
    let occurred_at = data
        .get("at")
        .and_then(Value::as_str)
        .and_then(|at| at.parse().ok());
    // A sealed ballot cannot be opened once its vote has closed, but its ciphertext is
    // no one's business either: the log says a sealed ballot was cast, nothing more.
    if let Some(choice) = data.get_mut("choice") {
        if choice.get("ballot").and_then(Value::as_str) == Some("sealed") {
            *choice = serde_json::json!({"ballot": "sealed"});
        }
    }
    AuditEntry {
        global_position: event.global_position,
        aggregate_type: event.aggregate_type,
        aggregate_id: event.aggregate_id,
        sequence: event.sequence,
        event_type: event.event_type,
        event_version: event.event_version,
        occurred_at,
        recorded_at: event.recorded_at,
        actor_id: event.metadata.actor_id,
        actor_name: event.metadata.actor_name,
        actor_role: event.metadata.actor_role,
        request_id: event.metadata.request_id,
        policy_version: event.metadata.policy_version,
        data,
        withheld: false,
    }
}

/// The streams of application `id`'s record: its own and each of its votes', as
/// `(aggregate_type, aggregate_id)`.
pub async fn application_streams(
    pool: &PgPool,
    id: Uuid,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let votes: Vec<Uuid> =
        sqlx::query_scalar("SELECT vote_id FROM votes WHERE application_id = $1 ORDER BY vote_id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    Ok(
        std::iter::once((Application::TYPE.to_owned(), id.to_string()))
            .chain(
                votes
                    .into_iter()
                    .map(|vote| (CommitteeVote::TYPE.to_owned(), vote.to_string())),
            )
            .collect(),
    )
}
