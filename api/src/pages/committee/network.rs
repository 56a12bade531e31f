//! A network vote on the vote's pages: the member hubs of its electorate and what each did,
//! and every hub ballot with the delegate who cast it.
//!
//! The register decides what shows: while a secret vote is open, another hub's part is
//! withheld from everyone, and its rows come without it; the page only lays them out.

use super::super::api_client::Api;
use super::super::hubs::HubRecord;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// A member hub of a network vote's electorate and what it did (nothing, where withheld).
#[derive(Debug, Deserialize)]
pub(crate) struct HubRow {
    pub hub_id: Uuid,
    pub name: String,
    #[serde(default)]
    pub ballots_cast: Option<i32>,
    #[serde(default)]
    pub last_cast_at: Option<DateTime<Utc>>,
    /// The delegate who cast or changed the hub's ballot last.
    #[serde(default)]
    pub last_cast_by: Option<Uuid>,
    #[serde(default)]
    pub recused_at: Option<DateTime<Utc>>,
    /// The delegate who declared the hub's conflict.
    #[serde(default)]
    pub recused_by: Option<Uuid>,
    #[serde(default)]
    pub recusal_reason: Option<String>,
}

/// One ballot or change of a hub, naming its delegate; the choice only when open.
#[derive(Debug, Deserialize)]
pub(crate) struct HubBallot {
    pub hub_id: Uuid,
    pub revision: i32,
    pub delegate_id: Uuid,
    #[serde(default)]
    pub delegate_name: Option<String>,
    pub cast_at: DateTime<Utc>,
    #[serde(default)]
    pub choice: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

impl HubRow {
    /// The delegate who acted for the hub last: who recused it, or cast its ballot.
    pub fn acting(&self) -> Option<Uuid> {
        self.recused_by.or(self.last_cast_by)
    }
}

/// The delegates a network vote's page names, by id: those who cast a ballot it shows,
/// and, for a hub whose recusal it shows, that hub's delegates (from the hub's record,
/// since a delegate may recuse without ever casting).
pub(super) async fn delegate_names(
    api: &Api,
    hubs: &[HubRow],
    ballots: &[HubBallot],
) -> HashMap<Uuid, String> {
    let mut names: HashMap<Uuid, String> = ballots
        .iter()
        .filter_map(|ballot| Some((ballot.delegate_id, ballot.delegate_name.clone()?)))
        .collect();
    for row in hubs {
        let Some(by) = row.recused_by.or(row.last_cast_by) else {
            continue;
        };
        if names.contains_key(&by) {
            continue;
        }
        let path = format!("/api/v1/hubs/{}", row.hub_id);
        // Without the hub's record the page still stands: only the name is left out.
        if let Ok(hub) = api.get::<HubRecord>(&path).await {
            names.extend(
                hub.delegations
                    .into_iter()
                    .map(|delegation| (delegation.person_id, delegation.name)),
            );
        }
    }
    names
}
