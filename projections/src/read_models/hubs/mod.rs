//! The member hubs of the network as tables: each hub with its standing and its own
//! version (the sequence of the roster's last event about it), and every delegation, past
//! and present. Fed by the roster's hub events; the roster's other events are passed over.
//!
//! Nothing here is personal: a hub's name, city and country are the network's, and a
//! delegation names its person by id only (the roster's `people` keeps the name, sealed).
//! So it does not follow erasures, and an erasure leaves a delegation in the record.
//!
//! `queries.rs` reads the tables into the types of `rows.rs`; `record.rs` reads a hub's
//! part in the network votes (the vote register's `vote_hubs`), with the secrecy of a
//! secret vote still open.

mod queries;
mod record;
mod rows;

pub use queries::{exists, find, list, represented_by, HubFilter};
pub use record::voting_record;
pub use rows::{DelegateView, DelegationView, HubDetail, HubStanding, HubView, HubVoteEntry};

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::{decode, one_by_one, ReadModel};
use async_trait::async_trait;
use charter_domain::roster::{Roster, RosterEvent};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Projects the roster's hub events into `hubs` and `hub_delegates`.
#[derive(Debug, Clone, Copy, Default)]
pub struct HubsProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "hubs";

#[async_trait]
impl ReadModel for HubsProjection {
    type Aggregate = Roster;
    const NAME: &'static str = NAME;
    const TABLES: &'static [&'static str] = &["hubs", "hub_delegates"];
    /// It keeps no names: a delegation names its person by id.
    const FOLLOWS_ERASURES: bool = false;

    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        one_by_one(conn, events, apply).await
    }
}

/// Applies one roster event: a hub's, or nothing.
async fn apply(conn: &mut PgConnection, event: &StoredEvent) -> Result<(), ProjectionError> {
    let payload = decode::<Roster>(event)?;
    let Some(hub) = payload.hub().map(|hub| hub.0) else {
        return Ok(());
    };
    match &*payload {
        RosterEvent::HubAdmitted {
            name,
            city,
            country,
            joined,
            application_id,
            at,
            ..
        } => {
            // A replay finds the row there and changes nothing.
            sqlx::query(
                "INSERT INTO hubs (hub_id, name, city, country, joined, application_id, standing,
                                   standing_since, version)
                 VALUES ($1, $2, $3, $4, $5, $6, 'member', $7, $8)
                 ON CONFLICT (hub_id) DO NOTHING",
            )
            .bind(hub)
            .bind(name)
            .bind(city)
            .bind(country)
            .bind(joined)
            .bind(application_id.map(|id| id.0))
            .bind(at)
            .bind(event.sequence)
            .execute(&mut *conn)
            .await?;
        }
        RosterEvent::DelegateAppointed {
            person_id, since, ..
        } => {
            sqlx::query(
                "INSERT INTO hub_delegates (hub_id, person_id, since) VALUES ($1, $2, $3)
                 ON CONFLICT (hub_id, person_id, since) DO NOTHING",
            )
            .bind(hub)
            .bind(person_id.0)
            .bind(since)
            .execute(&mut *conn)
            .await?;
        }
        RosterEvent::DelegationEnded { person_id, on, .. } => {
            sqlx::query(
                "UPDATE hub_delegates SET until = $3
                 WHERE hub_id = $1 AND person_id = $2 AND until IS NULL",
            )
            .bind(hub)
            .bind(person_id.0)
            .bind(on)
            .execute(&mut *conn)
            .await?;
        }
        RosterEvent::HubSuspended { reason, at, .. } => {
            standing(conn, event, hub, "suspended", Some(reason), *at).await?;
        }
        RosterEvent::HubReinstated { at, .. } => {
            standing(conn, event, hub, "member", None, *at).await?;
        }
        RosterEvent::HubLeft { reason, at, .. } => {
            standing(conn, event, hub, "left", Some(reason), *at).await?;
        }
        RosterEvent::PersonRegistered { .. }
        | RosterEvent::CommitteeSeatTaken { .. }
        | RosterEvent::CommitteeSeatLeft { .. }
        | RosterEvent::PanelPoolJoined { .. }
        | RosterEvent::PanelPoolLeft { .. }
        | RosterEvent::SecretariatJoined { .. }
        | RosterEvent::SecretariatLeft { .. }
        | RosterEvent::PersonalDataErased { .. } => return Ok(()),
    }
    // The hub's own version: this event's sequence, never moved back by a replay.
    sqlx::query("UPDATE hubs SET version = $2 WHERE hub_id = $1 AND version < $2")
        .bind(hub)
        .bind(event.sequence)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records the hub's standing from `event`, unless the row already holds a later one.
async fn standing(
    conn: &mut PgConnection,
    event: &StoredEvent,
    hub: Uuid,
    standing: &str,
    reason: Option<&String>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE hubs SET standing = $2, standing_reason = $3, standing_since = $4
         WHERE hub_id = $1 AND version < $5",
    )
    .bind(hub)
    .bind(standing)
    .bind(reason)
    .bind(at)
    .bind(event.sequence)
    .execute(conn)
    .await?;
    Ok(())
}
