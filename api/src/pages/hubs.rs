//! The member hubs as the pages read them (`GET /api/v1/hubs/{id}`), and the hub a
//! delegate signed in represents: what the delegate's home, the vote's page and the
//! secretariat's hub pages share.

use super::visitor::Member;
use super::PageState;
use charter_domain::Role;
use charter_projections::read_models::hubs as read_model;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

/// A member hub as `GET /api/v1/hubs/{id}` answers: its standing and every delegation.
#[derive(Debug, Deserialize)]
pub(crate) struct HubRecord {
    pub hub_id: Uuid,
    pub name: String,
    pub city: String,
    pub country: String,
    pub joined: NaiveDate,
    /// The application that admitted it; none for a hub older than Charter.
    #[serde(default)]
    pub application_id: Option<Uuid>,
    /// `member`, `suspended` or `left`.
    pub standing: String,
    #[serde(default)]
    pub standing_reason: Option<String>,
    pub standing_since: DateTime<Utc>,
    /// Who represents it today.
    #[serde(default)]
    pub delegates: Vec<Delegate>,
    /// Every delegation, past and present, oldest first.
    #[serde(default)]
    pub delegations: Vec<Delegation>,
}

/// A delegate of a hub today.
#[derive(Debug, Deserialize)]
pub(crate) struct Delegate {
    pub person_id: Uuid,
    pub name: String,
    pub since: NaiveDate,
}

/// One delegation, past or present.
#[derive(Debug, Deserialize)]
pub(crate) struct Delegation {
    pub person_id: Uuid,
    pub name: String,
    pub since: NaiveDate,
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

impl HubRecord {
    /// Whether the hub votes: a member in good standing.
    pub fn in_good_standing(&self) -> bool {
        self.standing == "member"
    }

    /// The name of whoever held a delegation of the hub, by id.
    pub fn delegate_name(&self, person: Uuid) -> Option<&str> {
        self.delegations
            .iter()
            .find(|delegation| delegation.person_id == person)
            .map(|delegation| delegation.name.as_str())
    }
}

/// The hub the member represents today, when they act as a delegate: the same reading of
/// the record the API authorises a delegate by.
pub(crate) async fn represented(
    state: &PageState,
    member: &Member,
) -> Result<Option<Uuid>, sqlx::Error> {
    if member.role() != Role::Delegate {
        return Ok(None);
    }
    let today = state.app.clock.now().date_naive();
    let found = read_model::represented_by(&state.app.pool, member.signed.person, today).await?;
    Ok(found.map(|(hub, _)| hub))
}
