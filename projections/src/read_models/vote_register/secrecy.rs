//! What a reader may see of who took part in a vote.
//!
//! A secret vote never shows who chose what. While it is open it does not show who took
//! part either, only how many ([`super::Participation`]): otherwise whoever reads the
//! register could watch one member's ballot arrive alone and, with the tally, learn it.
//! Who voted, changed their ballot or recused is shown once the vote closes. A member
//! always sees their own part (their ballots' times, their recusal), as a receipt.

use super::rows::{HubMemberRecord, MemberRecord, VoteDetail, VoteSummary, VotingRecordEntry};
use uuid::Uuid;

/// Whether a vote of this ballot kind, closed at `closed_at`, withholds who took part.
fn withholds(ballot: &str, closed_at: Option<chrono::DateTime<chrono::Utc>>) -> bool {
    ballot == "secret" && closed_at.is_none()
}

impl VoteSummary {
    /// Whether the vote withholds who took part: a secret vote not yet closed.
    pub fn withholds_participation(&self) -> bool {
        withholds(&self.ballot, self.closed_at)
    }
}

impl MemberRecord {
    /// Empties what the member did.
    fn withhold(&mut self) {
        self.ballots_cast = None;
        self.last_cast_at = None;
        self.recused_at = None;
        self.recusal_reason = None;
    }
}

impl HubMemberRecord {
    /// Empties what the hub did.
    fn withhold(&mut self) {
        self.ballots_cast = None;
        self.last_cast_at = None;
        self.last_cast_by = None;
        self.recused_at = None;
        self.recused_by = None;
        self.recusal_reason = None;
    }
}

impl VoteDetail {
    /// The vote as `reader` (a delegate of `reader_hub`, if any) may see it: while
    /// participation is withheld, their own row and ballots (or their hub's) whole and
    /// nobody else's.
    pub fn seen_by(mut self, reader: Uuid, reader_hub: Option<Uuid>) -> Self {
        self.participation_withheld = self.vote.withholds_participation();
        if self.participation_withheld {
            for member in &mut self.electorate {
                if member.person_id != reader {
                    member.withhold();
                }
            }
            self.ballots.retain(|ballot| ballot.person_id == reader);
            for hub in &mut self.hubs {
                if Some(hub.hub_id) != reader_hub {
                    hub.withhold();
                }
            }
            self.hub_ballots
                .retain(|ballot| Some(ballot.hub_id) == reader_hub);
        }
        self
    }
}

impl VotingRecordEntry {
    /// `member`'s part in the vote as `reader` may see it: withheld while the vote is a
    /// secret one still open, unless the reader is the member.
    pub fn seen_by(mut self, member: Uuid, reader: Uuid) -> Self {
        self.participation_withheld = member != reader && withholds(&self.ballot, self.closed_at);
        if self.participation_withheld {
            self.ballots_cast = None;
            self.recused_at = None;
            self.choice = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::rows::{BallotRecord, HubBallotRecord, Participation};
    use super::*;
    use chrono::{TimeZone, Utc};
    use sqlx::types::Json;

    fn at(day: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, 9, 0, 0).unwrap()
    }

    fn member(n: u128, cast: i32, recused: bool) -> MemberRecord {
        MemberRecord {
            person_id: Uuid::from_u128(n),
            name: format!("Member {n}"),
            ballots_cast: Some(cast),
            last_cast_at: (cast > 0).then(|| at(2)),
            recused_at: recused.then(|| at(3)),
            recusal_reason: recused.then(|| "A conflict.".to_owned()),
        }
    }

    fn detail(ballot: &str, closed: bool) -> VoteDetail {
        VoteDetail {
            vote: VoteSummary {
                vote_id: Uuid::from_u128(100),
                application_id: Uuid::from_u128(200),
                hub_name: None,
                stage: "candidate".to_owned(),
                motion: Json(serde_json::json!({"kind": "appeal"})),
                rule: Json(serde_json::json!({})),
                ballot: ballot.to_owned(),
                voters: "committee".to_owned(),
                policy_version: "1".to_owned(),
                opened_at: at(1),
                opened_by: None,
                closes_at: at(15),
                closed_at: closed.then(|| at(15)),
                tally: None,
                outcome: None,
                participation: Participation {
                    voted: 1,
                    recused: 1,
                    awaiting: 1,
                },
            },
            participation_withheld: false,
            electorate: vec![member(1, 1, false), member(2, 0, true), member(3, 0, false)],
            ballots: vec![BallotRecord {
                person_id: Uuid::from_u128(1),
                revision: 1,
                cast_at: at(2),
                choice: None,
                reason: None,
            }],
            hubs: vec![hub(11, 1, false), hub(12, 0, true)],
            hub_ballots: vec![HubBallotRecord {
                hub_id: Uuid::from_u128(11),
                revision: 1,
                delegate_id: Uuid::from_u128(21),
                delegate_name: Some("Delegate 21".to_owned()),
                cast_at: at(2),
                choice: None,
                reason: None,
            }],
            carried_out: None,
        }
    }

    fn hub(n: u128, cast: i32, recused: bool) -> HubMemberRecord {
        HubMemberRecord {
            hub_id: Uuid::from_u128(n),
            name: format!("Hub {n}"),
            ballots_cast: Some(cast),
            last_cast_at: (cast > 0).then(|| at(2)),
            last_cast_by: (cast > 0).then(|| Uuid::from_u128(n + 10)),
            recused_at: recused.then(|| at(3)),
            recused_by: recused.then(|| Uuid::from_u128(n + 10)),
            recusal_reason: recused.then(|| "A conflict.".to_owned()),
        }
    }

    #[test]
    fn an_open_secret_vote_shows_a_delegate_only_their_own_hubs_part() {
        let seen = detail("secret", false).seen_by(Uuid::from_u128(21), Some(Uuid::from_u128(11)));
        assert_eq!(seen.hubs[0].ballots_cast, Some(1));
        assert_eq!(seen.hubs[0].last_cast_by, Some(Uuid::from_u128(21)));
        assert_eq!(seen.hubs[1].recused_at, None);
        assert_eq!(seen.hubs[1].recused_by, None);
        assert_eq!(seen.hub_ballots.len(), 1);

        let other = detail("secret", false).seen_by(Uuid::from_u128(22), Some(Uuid::from_u128(12)));
        assert_eq!(other.hubs[0].ballots_cast, None);
        assert_eq!(other.hubs[0].last_cast_by, None);
        assert_eq!(
            other.hubs[1].recused_at,
            Some(at(3)),
            "its own recusal shows"
        );
        assert!(other.hub_ballots.is_empty());

        let closed = detail("secret", true).seen_by(Uuid::from_u128(9), None);
        assert_eq!(closed.hubs[1].recused_by, Some(Uuid::from_u128(22)));
        assert_eq!(closed.hub_ballots.len(), 1);
    }

    #[test]
    fn an_open_secret_vote_shows_a_reader_only_their_own_part() {
        let seen = detail("secret", false).seen_by(Uuid::from_u128(1), None);
        assert!(seen.participation_withheld);
        assert_eq!(seen.electorate[0].ballots_cast, Some(1));
        assert_eq!(seen.electorate[0].last_cast_at, Some(at(2)));
        for other in &seen.electorate[1..] {
            assert_eq!(other.ballots_cast, None);
            assert_eq!(other.last_cast_at, None);
            assert_eq!(other.recused_at, None);
            assert_eq!(other.recusal_reason, None);
        }
        assert_eq!(seen.ballots.len(), 1);

        let secretariat = detail("secret", false).seen_by(Uuid::from_u128(9), None);
        assert!(secretariat
            .electorate
            .iter()
            .all(|m| m.ballots_cast.is_none()));
        assert!(secretariat.ballots.is_empty());
        assert_eq!(secretariat.vote.participation.voted, 1, "the count stays");
    }

    #[test]
    fn a_closed_secret_vote_and_an_open_ballot_show_who_took_part() {
        for (ballot, closed) in [("secret", true), ("open", false), ("open", true)] {
            let seen = detail(ballot, closed).seen_by(Uuid::from_u128(9), None);
            assert!(!seen.participation_withheld, "{ballot} {closed}");
            assert_eq!(seen.electorate[1].recused_at, Some(at(3)));
            assert_eq!(seen.ballots.len(), 1);
        }
    }

    #[test]
    fn a_voting_record_withholds_an_open_secret_vote_from_all_but_the_member() {
        let entry = |ballot: &str, closed: bool| VotingRecordEntry {
            vote_id: Uuid::from_u128(100),
            application_id: Uuid::from_u128(200),
            hub_name: None,
            motion: Json(serde_json::json!({"kind": "appeal"})),
            ballot: ballot.to_owned(),
            voters: "committee".to_owned(),
            opened_at: at(1),
            closed_at: closed.then(|| at(15)),
            outcome: None,
            participation_withheld: false,
            ballots_cast: Some(2),
            recused_at: Some(at(3)),
            choice: None,
        };
        let (member, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let withheld = entry("secret", false).seen_by(member, other);
        assert!(withheld.participation_withheld);
        assert_eq!((withheld.ballots_cast, withheld.recused_at), (None, None));
        let own = entry("secret", false).seen_by(member, member);
        assert_eq!(own.ballots_cast, Some(2));
        for (ballot, closed) in [("secret", true), ("open", false)] {
            let shown = entry(ballot, closed).seen_by(member, other);
            assert!(!shown.participation_withheld);
            assert_eq!(shown.ballots_cast, Some(2));
        }
    }
}
