//! A hub's voting record: every network vote it was in the electorate of, from the vote
//! register's tables, with what it did as a reader may see it.
//!
//! As in the register (see `vote_register::secrecy`), a secret vote still open does not
//! show who took part: otherwise whoever reads the record could watch one hub's ballot
//! arrive alone and, with the tally, learn it. Its own delegates always see what their hub
//! did, as a receipt.

use super::rows::HubVoteEntry;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

impl HubVoteEntry {
    /// `hub`'s part in the vote as a delegate of `reader_hub` (or, with none, anyone else)
    /// may see it: withheld while the vote is a secret one still open, unless the reader
    /// represents the hub.
    pub fn seen_by(mut self, hub: Uuid, reader_hub: Option<Uuid>) -> Self {
        self.participation_withheld =
            reader_hub != Some(hub) && self.ballot == "secret" && self.closed_at.is_none();
        if self.participation_withheld {
            self.ballots_cast = None;
            self.last_cast_at = None;
            self.recused_at = None;
            self.choice = None;
        }
        self
    }
}

/// Every network vote `hub` was in the electorate of, newest first, as a delegate of
/// `reader_hub` (or anyone else, with none) may see it; only those after `after` (the
/// opening time and id of the last vote of a page before), at most `limit`.
pub async fn voting_record(
    pool: &PgPool,
    hub: Uuid,
    reader_hub: Option<Uuid>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<HubVoteEntry>, sqlx::Error> {
    let entries: Vec<HubVoteEntry> = sqlx::query_as(
        "SELECT v.vote_id, v.application_id, a.hub_name, v.motion, v.ballot, v.opened_at,
                v.closes_at, v.closed_at, v.outcome, h.ballots_cast, h.last_cast_at,
                h.recused_at,
                (SELECT b.choice FROM vote_hub_ballots b
                 WHERE b.vote_id = h.vote_id AND b.hub_id = h.hub_id
                 ORDER BY b.revision DESC LIMIT 1) AS choice
         FROM vote_hubs h JOIN votes v ON v.vote_id = h.vote_id
         LEFT JOIN application_summaries a ON a.application_id = v.application_id
         WHERE h.hub_id = $1
           AND ($3::timestamptz IS NULL OR (v.opened_at, v.vote_id) < ($3, $4))
         ORDER BY v.opened_at DESC, v.vote_id DESC
         LIMIT $2",
    )
    .bind(hub)
    .bind(limit)
    .bind(after.map(|(at, _)| at))
    .bind(after.map(|(_, id)| id))
    .fetch_all(pool)
    .await?;
    Ok(entries
        .into_iter()
        .map(|entry| entry.seen_by(hub, reader_hub))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use sqlx::types::Json;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, 9, 0, 0).unwrap()
    }

    fn entry(ballot: &str, closed: bool) -> HubVoteEntry {
        HubVoteEntry {
            vote_id: Uuid::from_u128(100),
            application_id: Uuid::from_u128(200),
            hub_name: Some("Impact Hub Faro".to_owned()),
            motion: Json(serde_json::json!({"kind": "advance", "to": "approved"})),
            ballot: ballot.to_owned(),
            opened_at: at(1),
            closes_at: at(15),
            closed_at: closed.then(|| at(15)),
            outcome: None,
            participation_withheld: false,
            ballots_cast: Some(2),
            last_cast_at: Some(at(3)),
            recused_at: None,
            choice: (ballot == "open").then(|| "yes".to_owned()),
        }
    }

    #[test]
    fn an_open_secret_vote_withholds_what_a_hub_did_from_all_but_its_delegates() {
        let (hub, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        for reader in [None, Some(other)] {
            let withheld = entry("secret", false).seen_by(hub, reader);
            assert!(withheld.participation_withheld);
            assert_eq!(withheld.ballots_cast, None);
            assert_eq!(withheld.last_cast_at, None);
        }
        let own = entry("secret", false).seen_by(hub, Some(hub));
        assert!(!own.participation_withheld);
        assert_eq!(own.ballots_cast, Some(2));
    }

    #[test]
    fn a_closed_secret_vote_and_an_open_ballot_show_what_the_hub_did() {
        let hub = Uuid::from_u128(1);
        for (ballot, closed) in [("secret", true), ("open", false), ("open", true)] {
            let shown = entry(ballot, closed).seen_by(hub, None);
            assert!(!shown.participation_withheld, "{ballot} {closed}");
            assert_eq!(shown.ballots_cast, Some(2));
        }
        let open = entry("open", false).seen_by(hub, None);
        assert_eq!(open.choice.as_deref(), Some("yes"));
    }
}
