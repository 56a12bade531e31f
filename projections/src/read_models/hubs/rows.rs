//! The hubs as they are read: the rows and views the API serves.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::FromRow;
use utoipa::ToSchema;
use uuid::Uuid;

/// A hub's place in the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum HubStanding {
    /// In good standing: it votes in network votes.
    Member,
    /// Suspended, for a reason: no vote until reinstated.
    Suspended,
    /// Left the network for good.
    Left,
}

/// A delegate of a hub today, by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DelegateView {
    pub person_id: Uuid,
    /// As the roster has it now.
    pub name: String,
    pub since: NaiveDate,
}

/// One delegation, past, present or to come.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DelegationView {
    pub person_id: Uuid,
    /// As the roster has it now.
    pub name: String,
    /// The first day the person represents the hub.
    pub since: NaiveDate,
    /// The first day they no longer do; absent while they do.
    pub until: Option<NaiveDate>,
}

/// A member hub as listed.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct HubView {
    pub hub_id: Uuid,
    pub name: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The first day the hub is a member.
    pub joined: NaiveDate,
    /// The application that admitted it; absent for a hub older than Charter.
    pub application_id: Option<Uuid>,
    pub standing: HubStanding,
    /// Why it was suspended or left; absent for a member in good standing.
    pub standing_reason: Option<String>,
    /// When the standing last changed (the admission, for a hub never suspended).
    pub standing_since: DateTime<Utc>,
    /// Who represents the hub today, by name.
    #[sqlx(skip)]
    pub delegates: Vec<DelegateView>,
}

/// A member hub with every delegation, past and present.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HubDetail {
    #[serde(flatten)]
    pub hub: HubView,
    /// Every delegation, oldest first.
    pub delegations: Vec<DelegationView>,
    /// Where the hub's voting record is read, paged, the latest vote first: a resource of
    /// its own, since it grows with every network vote while the hub's version (its
    /// `ETag`) moves only with the hub.
    pub voting_record: String,
}

/// A hub's part in one network vote.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
pub struct HubVoteEntry {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    /// The application's hub (the one the vote may admit), as the read models know it.
    pub hub_name: Option<String>,
    #[schema(value_type = Object)]
    pub motion: Json<serde_json::Value>,
    /// `open` or `secret`.
    pub ballot: String,
    pub opened_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// `passed`, `failed` or `no_quorum` once closed.
    pub outcome: Option<String>,
    /// True for a secret vote still open, read by anyone but a delegate of the hub: what
    /// the hub did is withheld until it closes (`ballots_cast` absent, the rest empty).
    #[sqlx(default)]
    pub participation_withheld: bool,
    /// How many times the hub's delegates cast or changed its ballot; absent where
    /// withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballots_cast: Option<i32>,
    pub last_cast_at: Option<DateTime<Utc>>,
    /// When the hub recused (a delegate declared its conflict of interest).
    pub recused_at: Option<DateTime<Utc>>,
    /// The hub's latest choice: for an open ballot only.
    pub choice: Option<String>,
}
