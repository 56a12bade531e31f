//! How each event changes a vote's state. Never refuses: the event already happened.

use super::aggregate::{CommitteeVote, Member};
use super::events::VoteEvent;

impl CommitteeVote {
    /// The state after `event`.
    pub(super) fn evolve(&mut self, event: VoteEvent) {
        match event {
            VoteEvent::VoteOpened {
                vote_id,
                application_id,
                stage,
                motion,
                electorate,
                hubs,
                rule,
                closes_at,
                ..
            } => {
                self.id = Some(vote_id);
                self.application = Some(application_id);
                self.stage = Some(stage);
                self.motion = Some(motion);
                self.rule = Some(rule);
                self.closes_at = Some(closes_at);
                let people = electorate.into_iter().map(|(id, name)| (id.0, name));
                let hubs = hubs.into_iter().map(|(id, name)| (id.0, name));
                self.members = people
                    .chain(hubs)
                    .map(|(id, name)| {
                        (
                            id,
                            Member {
                                name,
                                recused: false,
                                ballots: Vec::new(),
                            },
                        )
                    })
                    .collect();
            }
            VoteEvent::BallotCast {
                member,
                hub,
                choice,
                ..
            } => {
                let key = hub.map_or(member.0, |hub| hub.0);
                if let Some(member) = self.members.get_mut(&key) {
                    member.ballots.push(choice);
                }
            }
            VoteEvent::MemberRecused { member, hub, .. } => {
                let key = hub.map_or(member.0, |hub| hub.0);
                if let Some(member) = self.members.get_mut(&key) {
                    member.recused = true;
                }
            }
            VoteEvent::VoteClosed { tally, outcome, .. } => self.closed = Some((tally, outcome)),
        }
    }
}
