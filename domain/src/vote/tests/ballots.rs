//! Casting open ballots, changing them and recusing: who may, and until when.

use super::*;

fn recuse(reason: &str) -> VoteCommand {
    VoteCommand::Recuse {
        delegation: None,
        reason: reason.to_owned(),
    }
}

fn cast_with_reason(choice: Choice, reason: &str) -> VoteCommand {
    VoteCommand::Cast {
        delegation: None,
        choice,
        reason: Some(reason.to_owned()),
        seal: None,
    }
}

/// The open-ballot vote after the secretariat closed it.
fn closed_vote() -> Vec<VoteEvent> {
    let closed = VoteEvent::VoteClosed {
        electorate: crate::policy::Electorate::Committee,
        application_id: application_id(),
        motion: Motion::Advance {
            to: Stage::Candidate,
        },
        tally: tally_of_four(0, 0, 0, 0),
        outcome: Outcome::NoQuorum,
        at: day(2),
    };
    [open_ballot_vote(), vec![closed]].concat()
}

#[tokio::test]
async fn a_member_casts_an_open_ballot_with_a_reason() {
    given(open_ballot_vote())
        .when_async(by(
            aiko(),
            cast_with_reason(Choice::Yes, "  A strong team. "),
        ))
        .await
        .then_expect_events(vec![VoteEvent::BallotCast {
            hub: None,
            member: aiko().id,
            revision: 1,
            choice: RecordedChoice::Open {
                choice: Choice::Yes,
                reason: Some("A strong team.".to_owned()),
            },
            at: now(),
        }]);
}

#[tokio::test]
async fn a_member_who_changes_their_ballot_casts_revision_two() {
    given(
        [
            open_ballot_vote(),
            vec![open_ballot(&aiko(), 1, Choice::Yes)],
        ]
        .concat(),
    )
    .when_async(by(aiko(), cast(Choice::No, None)))
    .await
    .then_expect_events(vec![VoteEvent::BallotCast {
        hub: None,
        member: aiko().id,
        revision: 2,
        choice: RecordedChoice::Open {
            choice: Choice::No,
            reason: None,
        },
        at: now(),
    }]);
}

#[tokio::test]
async fn a_ballot_reason_has_no_control_characters() {
    given(open_ballot_vote())
        .when_async(by(aiko(), cast_with_reason(Choice::No, "No\u{7}")))
        .await
        .then_expect_error(invalid("reason", InputProblem::ControlCharacters));
}

#[tokio::test]
async fn a_committee_member_outside_the_electorate_neither_votes_nor_recuses() {
    for command in [cast(Choice::Yes, None), recuse("Conflict.")] {
        given(open_ballot_vote())
            .when_async(by(omar(), command))
            .await
            .then_expect_error(VoteError::NotInElectorate);
    }
}

#[tokio::test]
async fn a_member_declares_a_conflict_and_is_recused() {
    given(open_ballot_vote())
        .when_async(by(bea(), recuse(" I mentored the founders. ")))
        .await
        .then_expect_events(vec![VoteEvent::MemberRecused {
            hub: None,
            member: bea().id,
            reason: "I mentored the founders.".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn a_recusal_gives_a_reason() {
    given(open_ballot_vote())
        .when_async(by(bea(), recuse("  ")))
        .await
        .then_expect_error(invalid("reason", InputProblem::Blank));
}

#[tokio::test]
async fn a_recused_member_cannot_vote() {
    given([open_ballot_vote(), vec![recused(&bea())]].concat())
        .when_async(by(bea(), cast(Choice::Yes, None)))
        .await
        .then_expect_error(VoteError::Recused);
}

#[tokio::test]
async fn a_member_recuses_only_once() {
    given([open_ballot_vote(), vec![recused(&bea())]].concat())
        .when_async(by(bea(), recuse("Still conflicted.")))
        .await
        .then_expect_error(VoteError::AlreadyRecused);
}

#[tokio::test]
async fn a_member_who_voted_may_still_recuse() {
    let result = given([open_ballot_vote(), vec![open_ballot(&bea(), 1, Choice::No)]].concat())
        .when_async(by(bea(), recuse("I remembered a conflict.")))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn no_ballot_or_recusal_is_taken_once_the_voting_time_is_over() {
    for at in [closes_at(), day(20)] {
        for command in [cast(Choice::Yes, None), recuse("Conflict.")] {
            given(open_ballot_vote())
                .when_async(Authored::new(aiko(), at, command))
                .await
                .then_expect_error(VoteError::VotingTimeOver {
                    closes_at: closes_at(),
                });
        }
    }
}

#[tokio::test]
async fn a_ballot_a_moment_before_the_closing_time_counts() {
    let result = given(open_ballot_vote())
        .when_async(Authored::new(
            aiko(),
            closes_at() - TimeDelta::seconds(1),
            cast(Choice::Yes, None),
        ))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_closed_vote_takes_no_more_ballots_recusals_or_closings() {
    let commands = [
        (aiko(), cast(Choice::Yes, None)),
        (aiko(), recuse("Conflict.")),
        (secretary(), close(None)),
    ];
    for (actor, command) in commands {
        given(closed_vote())
            .when_async(by(actor, command))
            .await
            .then_expect_error(VoteError::Closed);
    }
}

#[tokio::test]
async fn only_committee_members_cast_ballots_or_recuse() {
    let others = [secretary(), charter()]
        .into_iter()
        .chain(founder_and_panelist());
    for actor in others {
        let role = actor.role;
        given(open_ballot_vote())
            .when_async(by(actor.clone(), cast(Choice::Yes, None)))
            .await
            .then_expect_error(VoteError::RoleNotPermitted {
                role,
                action: "cast a ballot",
            });
        given(open_ballot_vote())
            .when_async(by(actor, recuse("Conflict.")))
            .await
            .then_expect_error(VoteError::RoleNotPermitted {
                role,
                action: "recuse from a vote",
            });
    }
}
