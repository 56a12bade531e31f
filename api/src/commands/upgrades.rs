//! What an upgrade needs beyond its migrations: facts a migration found missing, which
//! only commands may record (a migration writes no events; the record is the events').

use crate::commands::{CommandBus, CommandContext, CommandError};
use charter_domain::roster::{Roster, RosterCommand, RosterError, ROSTER_ID};
use charter_domain::{Actor, Authored, PersonId, Policy};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// Records the secretariat's members that migration `20261209000005` listed: each holder
/// of a working secretariat token with no membership fact joins, as the system, and their
/// row goes, so a restart repeats nothing and a member who leaves later stays out. A
/// person no longer on the roster, or erased meanwhile, is passed over. How many joined.
pub async fn record_secretariat_members(
    pool: &PgPool,
    roster: &CommandBus<Roster>,
    policy: &Policy,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let listed: Vec<Uuid> =
        sqlx::query_scalar("SELECT person_id FROM secretariat_backfill ORDER BY person_id")
            .fetch_all(pool)
            .await?;
    let actor = Actor::system("upgrade");
    let meta = CommandContext::of(actor.clone(), None).metadata(policy);
    let mut joined = 0;
    for person in listed {
        let command = RosterCommand::JoinSecretariat {
            person_id: PersonId(person),
        };
        let authored = Authored::new(actor.clone(), now, command);
        match roster.execute(ROSTER_ID, authored, &meta, None).await {
            Ok(_) => joined += 1,
            Err(CommandError::Refused(
                RosterError::AlreadyInSecretariat
                | RosterError::UnknownPerson(_)
                | RosterError::PersonErased(_),
            )) => {}
            Err(error) => return Err(error.into()),
        }
        sqlx::query("DELETE FROM secretariat_backfill WHERE person_id = $1")
            .bind(person)
            .execute(pool)
            .await?;
    }
    if joined > 0 {
        tracing::info!(joined, "secretariat members recorded from their tokens");
    }
    Ok(joined)
}
