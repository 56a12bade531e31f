//! Reading the hubs: listed by name, one with its delegations, and whom a delegate
//! represents.

use super::rows::{DelegateView, DelegationView, HubDetail, HubStanding, HubView};
use charter_store::opening::open_texts;
use chrono::NaiveDate;
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

/// The columns of a [`HubView`], from `hubs`.
const COLUMNS: &str = "hub_id, name, city, country, joined, application_id, standing, \
    standing_reason, standing_since";

/// Which hubs to list, and which page of them.
#[derive(Debug, Clone, Default)]
pub struct HubFilter {
    /// Only the hubs of this standing.
    pub standing: Option<HubStanding>,
    /// Only the hubs after this one in the order: its name, in lower case, and its id.
    pub after: Option<(String, Uuid)>,
    pub limit: i64,
}

/// The hubs `filter` names, by name in any case, then by id, each with the delegates who
/// represent it on `today`.
pub async fn list(
    pool: &PgPool,
    filter: &HubFilter,
    today: NaiveDate,
) -> Result<Vec<HubView>, sqlx::Error> {
    let mut hubs: Vec<HubView> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM hubs
         WHERE ($1::text IS NULL OR standing = $1)
           AND ($2::text IS NULL OR (lower(name), hub_id) > ($2, $3))
         ORDER BY lower(name), hub_id
         LIMIT $4"
    ))
    .bind(filter.standing)
    .bind(filter.after.as_ref().map(|(name, _)| name))
    .bind(filter.after.as_ref().map(|(_, id)| id))
    .bind(filter.limit)
    .fetch_all(pool)
    .await?;
    let ids: Vec<Uuid> = hubs.iter().map(|hub| hub.hub_id).collect();
    let mut delegates = delegations(pool, &ids, Some(today)).await?;
    for hub in &mut hubs {
        hub.delegates = delegates
            .iter_mut()
            .filter(|(id, _)| *id == hub.hub_id)
            .map(|(_, delegation)| DelegateView {
                person_id: delegation.person_id,
                name: std::mem::take(&mut delegation.name),
                since: delegation.since,
            })
            .collect();
    }
    Ok(hubs)
}

/// A hub's row with its own version, read in one statement.
#[derive(FromRow)]
struct VersionedRow {
    #[sqlx(flatten)]
    hub: HubView,
    version: i64,
}

/// One hub, with every delegation and those of `today` as its delegates, and its own
/// version: the sequence of the roster's last event about it, which moves only when it
/// changes (the roster's own moves with anyone).
pub async fn find(
    pool: &PgPool,
    id: Uuid,
    today: NaiveDate,
) -> Result<Option<(HubDetail, i64)>, sqlx::Error> {
    let row: Option<VersionedRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS}, version FROM hubs WHERE hub_id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(VersionedRow { mut hub, version }) = row else {
        return Ok(None);
    };
    let delegations: Vec<DelegationView> = delegations(pool, &[id], None)
        .await?
        .into_iter()
        .map(|(_, delegation)| delegation)
        .collect();
    hub.delegates = delegations
        .iter()
        .filter(|delegation| held_on(delegation, today))
        .map(|delegation| DelegateView {
            person_id: delegation.person_id,
            name: delegation.name.clone(),
            since: delegation.since,
        })
        .collect();
    let voting_record = format!("/api/v1/hubs/{id}/votes");
    Ok(Some((
        HubDetail {
            hub,
            delegations,
            voting_record,
        },
        version,
    )))
}

/// Whether `delegation` is held on `day`.
fn held_on(delegation: &DelegationView, day: NaiveDate) -> bool {
    delegation.since <= day && delegation.until.is_none_or(|until| day < until)
}

/// A delegation as read: the hub, the person, their name (sealed) and the days.
type DelegationRow = (Uuid, Uuid, Option<String>, NaiveDate, Option<NaiveDate>);

/// The delegations of `hubs` (those held on `day`, when given), oldest first, with the
/// names the roster has now, opened.
async fn delegations(
    pool: &PgPool,
    hubs: &[Uuid],
    day: Option<NaiveDate>,
) -> Result<Vec<(Uuid, DelegationView)>, sqlx::Error> {
    let rows: Vec<DelegationRow> = sqlx::query_as(
        "SELECT d.hub_id, d.person_id, p.name, d.since, d.until
         FROM hub_delegates d LEFT JOIN people p ON p.person_id = d.person_id
         WHERE d.hub_id = ANY($1)
           AND ($2::date IS NULL OR (d.since <= $2 AND (d.until IS NULL OR $2 < d.until)))
         ORDER BY d.since, d.person_id",
    )
    .bind(hubs)
    .bind(day)
    .fetch_all(pool)
    .await?;
    let mut delegations: Vec<(Uuid, DelegationView)> = rows
        .into_iter()
        .map(|(hub, person_id, name, since, until)| {
            let delegation = DelegationView {
                person_id,
                // The roster's read model may not have the person yet: it catches up
                // apart from this one.
                name: name.unwrap_or_default(),
                since,
                until,
            };
            (hub, delegation)
        })
        .collect();
    open_texts(
        pool,
        delegations
            .iter_mut()
            .map(|(_, delegation)| &mut delegation.name)
            .filter(|name| !name.is_empty()),
    )
    .await?;
    Ok(delegations)
}

/// The hub `person` represents on `day`, and its standing, as the read model knows it;
/// `None` when they represent none.
pub async fn represented_by(
    pool: &PgPool,
    person: Uuid,
    day: NaiveDate,
) -> Result<Option<(Uuid, HubStanding)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT h.hub_id, h.standing FROM hub_delegates d JOIN hubs h ON h.hub_id = d.hub_id
         WHERE d.person_id = $1 AND d.since <= $2 AND (d.until IS NULL OR $2 < d.until)
         ORDER BY d.since DESC LIMIT 1",
    )
    .bind(person)
    .bind(day)
    .fetch_optional(pool)
    .await
}

/// Whether hub `id` is one the read model knows, whatever its standing.
pub async fn exists(pool: &PgPool, id: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM hubs WHERE hub_id = $1)")
        .bind(id)
        .fetch_one(pool)
        .await
}
