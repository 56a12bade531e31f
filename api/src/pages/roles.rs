//! The roles a person may act in on the pages, read from the record: a committee seat held
//! today, a place in the panel pool or on a panel, a place on the secretariat, the
//! delegation of a member hub held today, a founding team's application. The API's own rules still decide, on every call, what each may do.

use super::session::{Capacity, SignedIn};
use charter_domain::Role;
use charter_projections::read_models::roster;
use charter_store::opening::{open_texts, strings_in};
use chrono::NaiveDate;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

/// The people an address belongs to: on the roster, or a founder of an application (a
/// founder may have an id of their own without being on the roster). Addresses are kept
/// sealed, so every one is opened and compared here; addresses are compared in any case,
/// in normalisation form C (see `charter_domain::text::line`).
pub async fn people_at(pool: &PgPool, address: &str) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    let wanted = charter_domain::text::normalised(address.trim()).to_lowercase();
    let mut found: Vec<(Uuid, String)> = roster::with_addresses(pool)
        .await?
        .into_iter()
        .filter(|(_, _, email)| email.to_lowercase() == wanted)
        .map(|(person, name, _)| (person, name))
        .collect();
    let mut founders: Vec<Value> = sqlx::query_scalar("SELECT founders FROM application_summaries")
        .fetch_all(pool)
        .await?;
    open_texts(pool, founders.iter_mut().flat_map(strings_in)).await?;
    for founder in founders.iter().filter_map(Value::as_array).flatten() {
        let field = |name: &str| founder.get(name).and_then(Value::as_str);
        let person = field("person_id").and_then(|id| Uuid::parse_str(id).ok());
        if let (Some(person), Some(email)) = (person, field("email")) {
            if email.to_lowercase() == wanted {
                found.push((person, field("name").unwrap_or_default().to_owned()));
            }
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// Every role `person` may act in on `today`, for the pages to offer.
pub async fn capacities(
    pool: &PgPool,
    person: Uuid,
    today: NaiveDate,
) -> Result<Vec<Capacity>, sqlx::Error> {
    let mut roles = staff(pool, person, today).await?;
    let founded: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT application_id, hub_name FROM application_summaries
         WHERE founders @> jsonb_build_array(jsonb_build_object('person_id', $1::text))
         ORDER BY opened_at",
    )
    .bind(person.to_string())
    .fetch_all(pool)
    .await?;
    roles.extend(founded.into_iter().map(|(application, hub)| Capacity {
        person,
        role: Role::Applicant,
        application: Some(application),
        label: hub,
    }));
    Ok(roles)
}

/// The network's own roles `person` holds on `today`: secretariat, committee, panelist,
/// and delegate of a member hub (labelled with the hub's name).
async fn staff(
    pool: &PgPool,
    person: Uuid,
    today: NaiveDate,
) -> Result<Vec<Capacity>, sqlx::Error> {
    let (secretariat, committee, panelist): (bool, bool, bool) = sqlx::query_as(
        "SELECT
            EXISTS (SELECT 1 FROM people WHERE person_id = $1 AND secretariat),
            EXISTS (SELECT 1 FROM committee_seats WHERE person_id = $1
                    AND since <= $2 AND (until IS NULL OR until > $2)),
            EXISTS (SELECT 1 FROM people WHERE person_id = $1 AND in_panel_pool)
              OR EXISTS (SELECT 1 FROM application_panel WHERE panelist_id = $1 AND recused_at IS NULL)",
    )
    .bind(person)
    .bind(today)
    .fetch_one(pool)
    .await?;
    // A hub that has left the network gives its delegates nothing more to do; a suspended
    // one's delegates still follow its votes (the API says the same).
    let represented: Option<String> = sqlx::query_scalar(
        "SELECT h.name FROM hub_delegates d JOIN hubs h ON h.hub_id = d.hub_id
         WHERE d.person_id = $1 AND d.since <= $2 AND (d.until IS NULL OR $2 < d.until)
           AND h.standing <> 'left'
         ORDER BY d.since DESC LIMIT 1",
    )
    .bind(person)
    .bind(today)
    .fetch_optional(pool)
    .await?;
    let mut roles = Vec::new();
    for (held, role) in [
        (secretariat, Role::Secretariat),
        (committee, Role::Committee),
        (panelist, Role::Panelist),
    ] {
        if held {
            roles.push(Capacity {
                person,
                role,
                application: None,
                label: String::new(),
            });
        }
    }
    if let Some(hub) = represented {
        roles.push(Capacity {
            person,
            role: Role::Delegate,
            application: None,
            label: hub,
        });
    }
    Ok(roles)
}

/// Whether the role a session acts in is still the person's.
pub async fn still_holds(
    pool: &PgPool,
    signed: &SignedIn,
    today: NaiveDate,
) -> Result<bool, sqlx::Error> {
    // One narrow question per request, not the whole list of capacities.
    if signed.role == Role::Applicant {
        let Some(application) = signed.application else {
            return Ok(false);
        };
        return sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM application_summaries WHERE application_id = $1
                AND founders @> jsonb_build_array(jsonb_build_object('person_id', $2::text)))",
        )
        .bind(application)
        .bind(signed.person.to_string())
        .fetch_one(pool)
        .await;
    }
    let held = staff(pool, signed.person, today).await?;
    Ok(held.iter().any(|capacity| capacity.role == signed.role))
}

/// Each role's navigation: where its links go, and their text ids.
pub fn navigation(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Applicant => &[
            ("/", "nav-application"),
            ("/documents", "nav-documents"),
            ("/timeline", "nav-timeline"),
            ("/account", "nav-account"),
        ],
        Role::Panelist => &[("/", "nav-reviews"), ("/account", "nav-account")],
        Role::Delegate => &[("/", "nav-votes"), ("/account", "nav-account")],
        Role::Committee => &[
            ("/", "nav-votes"),
            ("/register", "nav-register"),
            ("/dashboard", "nav-dashboard"),
            ("/account", "nav-account"),
        ],
        Role::Secretariat | Role::System => &[
            ("/", "nav-pipeline"),
            ("/people", "nav-people"),
            ("/hubs", "nav-hubs"),
            ("/deliveries", "nav-deliveries"),
            ("/account", "nav-account"),
        ],
    }
}
