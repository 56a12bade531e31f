//! What an application's opening recorded in the clear (the hub's name, city and country:
//! not personal data), read from the store itself. A worker that needs them at an event of
//! its own (the process manager, the scheduler's reminders, the admissions) reads them here:
//! the read models that also keep them may not have come to the opening yet.

use charter_domain::application::Application;
use charter_domain::ApplicationId;
use cqrs_es::Aggregate;
use sqlx::PgConnection;

/// The hub an application is for, as its opening named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedHub {
    pub hub_name: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// The hub application `id` is for; `None` when the store holds no such application (or
/// its opening lacks the names, which no version of Charter wrote).
pub async fn opened_hub(
    conn: &mut PgConnection,
    id: ApplicationId,
) -> Result<Option<OpenedHub>, sqlx::Error> {
    // The key's prefix finds the application's events; its opening is the first.
    let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT payload -> 'ApplicationOpened' ->> 'hub_name',
                payload -> 'ApplicationOpened' ->> 'city',
                payload -> 'ApplicationOpened' ->> 'country'
         FROM events
         WHERE aggregate_type = $1 AND aggregate_id = $2 AND event_type = 'ApplicationOpened'
         ORDER BY sequence LIMIT 1",
    )
    .bind(Application::TYPE)
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some((Some(hub_name), Some(city), Some(country))) => Some(OpenedHub {
            hub_name,
            city,
            country,
        }),
        _ => None,
    })
}
