//! Notices about a committee vote's own events.

use super::application::to_each;
use super::VoteFacts;
use crate::links;
use crate::notice::{Arg, Notice, NoticeKind, Recipient};
use charter_domain::policy::Ballot;
use charter_domain::vote::{Motion, Outcome, VoteEvent};

/// The notices `event` gives rise to; `facts` is the vote as it stands after the event.
/// A ballot or a recusal tells nobody: the register shows them to those who may read it.
pub fn decide(event: &VoteEvent, facts: &VoteFacts) -> Vec<Notice> {
    let told = |kind: NoticeKind| {
        to_each(&facts.electorate, |person| {
            Notice::new(kind, Recipient::Person(person), links::vote(facts.vote_id))
                .about(facts.application_id)
                .text("hub", &facts.hub_name)
                .with("motion", Arg::motion(&facts.motion))
                .text(
                    "voters",
                    if facts.network {
                        "network"
                    } else {
                        "committee"
                    },
                )
        })
    };
    match event {
        VoteEvent::VoteOpened { closes_at, .. } => {
            let ballot = match facts.ballot {
                Ballot::Open => "open",
                Ballot::Secret => "secret",
            };
            told(NoticeKind::VoteOpened)
                .into_iter()
                .map(|notice| {
                    notice
                        .with("closes", Arg::Time(*closes_at))
                        .text("ballot", ballot)
                })
                .collect()
        }
        VoteEvent::BallotCast { .. } | VoteEvent::MemberRecused { .. } => Vec::new(),
        VoteEvent::VoteClosed {
            outcome,
            tally,
            motion,
            ..
        } => {
            // A vote that carries something out is told when the application records it
            // (with what was done), or, if it cannot be, by the process manager: see
            // `decide::application` and the secretariat's `OutcomeNotCarriedOut`.
            let carries_out = *outcome == Outcome::Passed || *motion == Motion::Appeal;
            if carries_out {
                return Vec::new();
            }
            let outcome = match outcome {
                Outcome::Passed => "passed",
                Outcome::Failed => "failed",
                Outcome::NoQuorum => "no_quorum",
            };
            told(NoticeKind::VoteClosed)
                .into_iter()
                .map(|notice| {
                    notice
                        .text("outcome", outcome)
                        .with("tally", Arg::tally(Some(tally)))
                        .with(
                            "carried_out",
                            Arg::phrase("carried_out-nothing", Vec::new()),
                        )
                })
                .collect()
        }
    }
}
