//! Reading the roster: people by group and name, one person, seats and membership.

use charter_store::opening::open_texts;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{FromRow, PgPool};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

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
    /// Only the people after this one (by id) in the order; if they are no longer in the
    /// list (erased, or left the group), after as many as the number given.
    pub after: Option<(Uuid, i64)>,
}

/// The people `filter` names, by name, and how many come before them in the order. Names are sealed in the table, so the group is
/// chosen there (by its partial index) and the name filter, the order and the page are
/// applied here, after opening: a page costs one read of the group, which for a network's
/// roster (thousands of people at most) is a few milliseconds.
pub async fn list(
    pool: &PgPool,
    filter: &PeopleFilter,
) -> Result<(Vec<PersonView>, usize), sqlx::Error> {
    let group = match filter.group {
        None => "true",
        Some(PeopleGroup::PanelPool) => "in_panel_pool",
        Some(PeopleGroup::Secretariat) => "secretariat",
        Some(PeopleGroup::Committee) => {
            "person_id IN (SELECT person_id FROM committee_seats
                           WHERE until IS NULL OR until > current_date)"
        }
    };
    // The names of the whole group, to choose and order by; the rest of the page's only.
    let mut names: Vec<(Uuid, String)> =
        sqlx::query_as(&format!("SELECT person_id, name FROM people WHERE {group}"))
            .fetch_all(pool)
            .await?;
    open_texts(pool, names.iter_mut().map(|(_, name)| name)).await?;
    let prefix = filter.name.as_deref().map(str::to_lowercase);
    let mut names: Vec<(String, String, Uuid)> = names
        .into_iter()
        .map(|(id, name)| (name.to_lowercase(), name, id))
        .filter(|(key, ..)| {
            prefix
                .as_deref()
                .is_none_or(|prefix| key.starts_with(prefix))
        })
        .collect();
    names.sort_unstable();
    let skip = match filter.after {
        Some((after, shown)) => names
            .iter()
            .position(|(.., id)| *id == after)
            .map_or(usize::try_from(shown).unwrap_or(0), |at| at + 1),
        None => usize::try_from(filter.offset).unwrap_or(0),
    };
    let take = usize::try_from(filter.limit).unwrap_or(0);
    let page: Vec<(String, Uuid)> = names
        .into_iter()
        .skip(skip)
        .take(take)
        .map(|(_, name, id)| (name, id))
        .collect();
    let ids: Vec<Uuid> = page.iter().map(|(_, id)| *id).collect();
    let mut rows: HashMap<Uuid, PersonRow> = sqlx::query_as::<_, PersonRow>(
        "SELECT person_id, name, email, registered_at, in_panel_pool, expertise, secretariat
         FROM people WHERE person_id = ANY($1)",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| (row.person_id, row))
    .collect();
    let mut people: Vec<PersonRow> = page
        .into_iter()
        .filter_map(|(name, id)| {
            let mut row = rows.remove(&id)?;
            row.name = name;
            Some(row)
        })
        .collect();
    open_texts(pool, people.iter_mut().filter_map(|row| row.email.as_mut())).await?;
    let ids: Vec<Uuid> = people.iter().map(|row| row.person_id).collect();
    let seats: Vec<(Uuid, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT person_id, since, until FROM committee_seats
         WHERE person_id = ANY($1) ORDER BY since",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let people = people
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
        .collect();
    Ok((people, skip))
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
    Ok(find_versioned(pool, id).await?.map(|(person, _)| person))
}

/// A person's row with their own version, read in one statement.
#[derive(FromRow)]
struct VersionedRow {
    #[sqlx(flatten)]
    person: PersonRow,
    version: i64,
}

/// One person on the roster, with their own version: the sequence of the roster's last
/// event about them, which moves only when they change (the roster's own moves with
/// anyone).
pub async fn find_versioned(
    pool: &PgPool,
    id: Uuid,
) -> Result<Option<(PersonView, i64)>, sqlx::Error> {
    let row: Option<VersionedRow> = sqlx::query_as(
        "SELECT person_id, name, email, registered_at, in_panel_pool, expertise, secretariat,
                version
         FROM people WHERE person_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(VersionedRow {
        person: mut row,
        version,
    }) = row
    else {
        return Ok(None);
    };
    open_texts(pool, row.personal()).await?;
    let seats = sqlx::query_as(
        "SELECT since, until FROM committee_seats WHERE person_id = $1 ORDER BY since",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some((view(row, seats), version)))
}

impl PersonRow {
    /// The values kept sealed: the name and the address.
    fn personal(&mut self) -> impl Iterator<Item = &mut String> {
        std::iter::once(&mut self.name).chain(self.email.as_mut())
    }
}

/// The name of `person` as the roster keeps it, opened; `None` when they are not on it.
pub async fn name_of(pool: &PgPool, person: Uuid) -> Result<Option<String>, sqlx::Error> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM people WHERE person_id = $1")
        .bind(person)
        .fetch_optional(pool)
        .await?;
    let Some(mut name) = name else {
        return Ok(None);
    };
    open_texts(pool, [&mut name]).await?;
    Ok(Some(name))
}

/// Every person on the roster with an address, as `(id, name, address)`, opened: for
/// finding who an address belongs to, which the sealed table cannot answer by itself.
pub async fn with_addresses(pool: &PgPool) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    let mut people: Vec<(Uuid, String, String)> =
        sqlx::query_as("SELECT person_id, name, email FROM people WHERE email IS NOT NULL")
            .fetch_all(pool)
            .await?;
    open_texts(
        pool,
        people.iter_mut().flat_map(|(_, name, email)| [name, email]),
    )
    .await?;
    Ok(people)
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
