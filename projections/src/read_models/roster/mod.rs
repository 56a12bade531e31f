//! The roster as a table: people, their committee seats, panel pool and secretariat
//! membership. Names and addresses are kept sealed under each person's own key (see
//! `charter_store::opening`); the queries open them. Each row keeps the person's own
//! version: the sequence of the roster's last event about them.

mod queries;

pub use queries::*;

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::{decode, one_by_one, ReadModel};
use async_trait::async_trait;
use charter_domain::personal::ERASED;
use charter_domain::roster::{Roster, RosterEvent};
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

/// Projects the roster into `people` and `committee_seats`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RosterProjection;

/// The projection's name, for waiting on it.
pub const NAME: &str = "roster";

#[async_trait]
impl ReadModel for RosterProjection {
    type Aggregate = Roster;
    const NAME: &'static str = NAME;
    const TABLES: &'static [&'static str] = &["people", "committee_seats"];
    /// Its own events record the erasures.
    const FOLLOWS_ERASURES: bool = false;

    async fn apply_batch(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        one_by_one(conn, events, apply).await
    }
}

/// Applies one roster event.
async fn apply(conn: &mut PgConnection, event: &StoredEvent) -> Result<(), ProjectionError> {
    let payload = decode::<Roster>(event)?;
    // A hub's own events are the hubs read model's (see `read_models::hubs`).
    let Some(person) = payload.person().map(|person| person.0) else {
        return Ok(());
    };
    match &*payload {
        RosterEvent::PersonRegistered {
            name, email, at, ..
        } => {
            sqlx::query(
                "INSERT INTO people (person_id, name, email, registered_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(person)
            .bind(event.seal(&[person], name))
            .bind(event.seal_opt(&[person], email.as_deref()))
            .bind(at)
            .execute(&mut *conn)
            .await?;
        }
        RosterEvent::CommitteeSeatTaken { since, .. } => {
            sqlx::query("INSERT INTO committee_seats (person_id, since) VALUES ($1, $2)")
                .bind(person)
                .bind(since)
                .execute(&mut *conn)
                .await?;
        }
        RosterEvent::CommitteeSeatLeft { on, .. } => {
            sqlx::query(
                "UPDATE committee_seats SET until = $2 WHERE person_id = $1 AND until IS NULL",
            )
            .bind(person)
            .bind(on)
            .execute(&mut *conn)
            .await?;
        }
        RosterEvent::PanelPoolJoined { expertise, .. } => {
            sqlx::query(
                "UPDATE people SET in_panel_pool = true, expertise = $2 WHERE person_id = $1",
            )
            .bind(person)
            .bind(Json(expertise))
            .execute(&mut *conn)
            .await?;
        }
        RosterEvent::PanelPoolLeft { .. } => {
            sqlx::query(
                "UPDATE people SET in_panel_pool = false, expertise = '[]' WHERE person_id = $1",
            )
            .bind(person)
            .execute(&mut *conn)
            .await?;
        }
        RosterEvent::SecretariatJoined { .. } => {
            member_of_secretariat(&mut *conn, person, true).await?
        }
        RosterEvent::SecretariatLeft { .. } => {
            member_of_secretariat(&mut *conn, person, false).await?
        }
        // Membership of the secretariat ends with the person's data (see the roster's
        // `evolve`); seats and the pool stay, as the record of what they did.
        RosterEvent::PersonalDataErased { .. } => {
            sqlx::query(
                "UPDATE people SET name = $2, email = NULL, secretariat = false
                 WHERE person_id = $1",
            )
            .bind(person)
            .bind(ERASED)
            .execute(&mut *conn)
            .await?;
        }
        // A delegation is the hub's, in the hubs read model; it moves the person's version.
        RosterEvent::DelegateAppointed { .. } | RosterEvent::DelegationEnded { .. } => {}
        RosterEvent::HubAdmitted { .. }
        | RosterEvent::HubSuspended { .. }
        | RosterEvent::HubReinstated { .. }
        | RosterEvent::HubLeft { .. } => return Ok(()),
    }
    // The person's own version: this event's sequence (an erasure's subject may be a
    // founder, with no row here).
    sqlx::query("UPDATE people SET version = $2 WHERE person_id = $1")
        .bind(person)
        .bind(event.sequence)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records whether `person` is a member of the secretariat.
async fn member_of_secretariat(
    conn: &mut PgConnection,
    person: Uuid,
    member: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE people SET secretariat = $2 WHERE person_id = $1")
        .bind(person)
        .bind(member)
        .execute(conn)
        .await?;
    Ok(())
}
