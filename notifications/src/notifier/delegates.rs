//! Whom the notifier tells of a network vote: the delegates of its hubs on the day it opens,
//! kept from the roster's events in `notice_delegates`.

use charter_domain::ids::HubId;
use charter_domain::roster::RosterEvent;
use chrono::NaiveDate;
use sqlx::PgConnection;
use uuid::Uuid;

/// Keeps the delegations up to date with a roster event; any other event changes nothing.
pub async fn record(conn: &mut PgConnection, payload: &RosterEvent) -> Result<(), sqlx::Error> {
    match payload {
        RosterEvent::DelegateAppointed {
            hub_id,
            person_id,
            since,
            ..
        } => {
            sqlx::query(
                "INSERT INTO notice_delegates (hub_id, person_id, since) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
            )
            .bind(hub_id.0)
            .bind(person_id.0)
            .bind(since)
            .execute(conn)
            .await?;
        }
        RosterEvent::DelegationEnded {
            hub_id,
            person_id,
            on,
            ..
        } => {
            sqlx::query(
                "UPDATE notice_delegates SET until = $3
                 WHERE hub_id = $1 AND person_id = $2 AND until IS NULL",
            )
            .bind(hub_id.0)
            .bind(person_id.0)
            .bind(on)
            .execute(conn)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// The delegates of `hubs` on `day`.
pub async fn of(
    conn: &mut PgConnection,
    hubs: &[(HubId, String)],
    day: NaiveDate,
) -> Result<Vec<Uuid>, sqlx::Error> {
    if hubs.is_empty() {
        return Ok(Vec::new());
    }
    let hubs: Vec<Uuid> = hubs.iter().map(|(hub, _)| hub.0).collect();
    sqlx::query_scalar(
        "SELECT DISTINCT person_id FROM notice_delegates
         WHERE hub_id = ANY($1) AND since <= $2 AND (until IS NULL OR until > $2)
         ORDER BY person_id",
    )
    .bind(&hubs)
    .bind(day)
    .fetch_all(conn)
    .await
}
