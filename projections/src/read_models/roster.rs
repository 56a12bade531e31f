//! The roster as a table: people, their committee seats, panel pool and secretariat
//! membership.

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::{decode, one_by_one, ReadModel};
use async_trait::async_trait;
use charter_domain::personal::ERASED;
use charter_domain::roster::{Roster, RosterEvent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection, PgPool};
use utoipa::ToSchema;
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
    let person = payload.person().0;
    match &*payload {
        RosterEvent::PersonRegistered {
            name, email, at, ..
        } => {
            sqlx::query(
                "INSERT INTO people (person_id, name, email, registered_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(person)
            .bind(name)
            .bind(email)
            .bind(at)
            .execute(conn)
            .await?;
        }
        RosterEvent::CommitteeSeatTaken { since, .. } => {
            sqlx::query("INSERT INTO committee_seats (person_id, since) VALUES ($1, $2)")
                .bind(person)
                .bind(since)
                .execute(conn)
                .await?;
        }
        RosterEvent::CommitteeSeatLeft { on, .. } => {
            sqlx::query(
                "UPDATE committee_seats SET until = $2 WHERE person_id = $1 AND until IS NULL",
            )
            .bind(person)
            .bind(on)
            .execute(conn)
            .await?;
        }
        RosterEvent::PanelPoolJoined { expertise, .. } => {
            sqlx::query(
                "UPDATE people SET in_panel_pool = true, expertise = $2 WHERE person_id = $1",
            )
            .bind(person)
            .bind(Json(expertise))
            .execute(conn)
            .await?;
        }
        RosterEvent::PanelPoolLeft { .. } => {
            sqlx::query(
                "UPDATE people SET in_panel_pool = false, expertise = '[]' WHERE person_id = $1",
            )
            .bind(person)
            .execute(conn)
            .await?;
        }
        RosterEvent::SecretariatJoined { .. } => member_of_secretariat(conn, person, true).await?,
        RosterEvent::SecretariatLeft { .. } => member_of_secretariat(conn, person, false).await?,
        // Membership of the secretariat ends with the person's data (see the roster's
        // `evolve`); seats and the pool stay, as the record of what they did.
        RosterEvent::PersonalDataErased { .. } => {
            sqlx::query(
                "UPDATE people SET name = $2, email = NULL, secretariat = false
                 WHERE person_id = $1",
            )
            .bind(person)
            .bind(ERASED)
            .execute(conn)
            .await?;
        }
    }
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

/// A committee seat.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct SeatView {
    pub since: NaiveDate,
    /// The first day the person no longer sits; absent while they sit.
    pub until: Option<NaiveDate>,
}

/// A person on the roster.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonView {
    pub person_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub registered_at: DateTime<Utc>,
    pub in_panel_pool: bool,
    pub expertise: Vec<String>,
    /// Whether the person is a member of the secretariat.
    pub secretariat: bool,
    pub committee_seats: Vec<SeatView>,
}

#[derive(FromRow)]
struct PersonRow {
    person_id: Uuid,
    name: String,
    email: Option<String>,
    registered_at: DateTime<Utc>,
    in_panel_pool: bool,
    expertise: Json<Vec<String>>,
    secretariat: bool,
}

/// Which group of the roster to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeopleGroup {
    /// In the panel pool now.
    PanelPool,
    /// Holding a committee seat today or one to come.
    Committee,
    /// Members of the secretariat.
    Secretariat,
}

/// Which people to list, and which page of them.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    pub group: Option<PeopleGroup>,
    /// Only names that start with this, in any case.
    pub name: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The people `filter` names, by name: one index range (by name, or the group's partial
/// index), so a page costs the same however many people the roster has kept.
pub async fn list(pool: &PgPool, filter: &PeopleFilter) -> Result<Vec<PersonView>, sqlx::Error> {
    let group = match filter.group {
        None => "true",
        Some(PeopleGroup::PanelPool) => "in_panel_pool",
        Some(PeopleGroup::Secretariat) => "secretariat",
        Some(PeopleGroup::Committee) => {
            "person_id IN (SELECT person_id FROM committee_seats
                           WHERE until IS NULL OR until > current_date)"
        }
    };
    // The prefix's LIKE wildcards are escaped, so a name with `%` or `_` matches itself.
    let prefix = filter.name.as_deref().map(|name| {
        name.to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    });
    let people: Vec<PersonRow> = sqlx::query_as(&format!(
        "SELECT person_id, name, email, registered_at, in_panel_pool, expertise, secretariat
         FROM people
         WHERE {group} AND ($1::text IS NULL OR lower(name) LIKE $1 || '%')
         ORDER BY name, person_id LIMIT $2 OFFSET $3"
    ))
    .bind(prefix)
    .bind(filter.limit)
    .bind(filter.offset)
    .fetch_all(pool)
    .await?;
    let ids: Vec<Uuid> = people.iter().map(|row| row.person_id).collect();
    let seats: Vec<(Uuid, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT person_id, since, until FROM committee_seats
         WHERE person_id = ANY($1) ORDER BY since",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    Ok(people
        .into_iter()
        .map(|row| {
            let committee_seats = seats
                .iter()
                .filter(|(id, ..)| *id == row.person_id)
                .map(|(_, since, until)| SeatView {
                    since: *since,
                    until: *until,
                })
                .collect();
            view(row, committee_seats)
        })
        .collect())
}

/// Whether `person` holds a committee seat on `day` (as the read model knows it).
pub async fn holds_seat(pool: &PgPool, person: Uuid, day: NaiveDate) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM committee_seats
         WHERE person_id = $1 AND since <= $2 AND (until IS NULL OR $2 < until))",
    )
    .bind(person)
    .bind(day)
    .fetch_one(pool)
    .await
}

/// Whether `person` is a member of the secretariat (as the read model knows it).
pub async fn is_secretariat(pool: &PgPool, person: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM people WHERE person_id = $1 AND secretariat)")
        .bind(person)
        .fetch_one(pool)
        .await
}

/// One person on the roster.
pub async fn find(pool: &PgPool, id: Uuid) -> Result<Option<PersonView>, sqlx::Error> {
    let row: Option<PersonRow> = sqlx::query_as(
        "SELECT person_id, name, email, registered_at, in_panel_pool, expertise, secretariat
         FROM people WHERE person_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let seats = sqlx::query_as(
        "SELECT since, until FROM committee_seats WHERE person_id = $1 ORDER BY since",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some(view(row, seats)))
}

fn view(row: PersonRow, committee_seats: Vec<SeatView>) -> PersonView {
    PersonView {
        person_id: row.person_id,
        name: row.name,
        email: row.email,
        registered_at: row.registered_at,
        in_panel_pool: row.in_panel_pool,
        expertise: row.expertise.0,
        secretariat: row.secretariat,
        committee_seats,
    }
}
