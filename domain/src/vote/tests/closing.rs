//! Closing a vote: who may close it and when, and the tally it records.

use super::*;

fn candidacy() -> Motion {
    Motion::Advance {
        to: Stage::Candidate,
    }
}

/// The open-ballot vote with these ballots cast.
fn with_ballots(ballots: Vec<VoteEvent>) -> Vec<VoteEvent> {
    [open_ballot_vote(), ballots].concat()
}

/// Aiko and Bea yes, Carl no: quorum met, carried.
fn carried() -> Vec<VoteEvent> {
    with_ballots(vec![
        open_ballot(&aiko(), 1, Choice::Yes),
        open_ballot(&bea(), 1, Choice::Yes),
        open_ballot(&carl(), 1, Choice::No),
    ])
}

#[tokio::test]
async fn the_secretariat_closes_a_vote_early_and_the_tally_is_recorded() {
    given(carried())
        .when_async(by(secretary(), close(None)))
        .await
        .then_expect_events(vec![vote_closed(
            candidacy(),
            tally_of_four(2, 1, 0, 0),
            Outcome::Passed,
        )]);
}

#[tokio::test]
async fn only_a_members_latest_ballot_counts() {
    let changed = with_ballots(vec![
        open_ballot(&aiko(), 1, Choice::Yes),
        open_ballot(&bea(), 1, Choice::Yes),
        open_ballot(&aiko(), 2, Choice::No),
        open_ballot(&carl(), 1, Choice::No),
    ]);
    given(changed)
        .when_async(by(secretary(), close(None)))
        .await
        .then_expect_events(vec![vote_closed(
            candidacy(),
            tally_of_four(1, 2, 0, 0),
            Outcome::Failed,
        )]);
}

#[tokio::test]
async fn the_ballot_of_a_member_who_later_recused_does_not_count() {
    let history = with_ballots(vec![
        open_ballot(&aiko(), 1, Choice::Yes),
        open_ballot(&bea(), 1, Choice::No),
        recused(&aiko()),
    ]);
    given(history)
        .when_async(by(secretary(), close(None)))
        .await
        .then_expect_events(vec![vote_closed(
            candidacy(),
            tally_of_four(0, 1, 0, 1),
            Outcome::NoQuorum,
        )]);
}

#[tokio::test]
async fn too_few_ballots_close_a_vote_without_quorum() {
    given(with_ballots(vec![open_ballot(&aiko(), 1, Choice::Yes)]))
        .when_async(by(secretary(), close(None)))
        .await
        .then_expect_events(vec![vote_closed(
            candidacy(),
            tally_of_four(1, 0, 0, 0),
            Outcome::NoQuorum,
        )]);
}

#[tokio::test]
async fn abstentions_make_the_quorum_and_yes_carries() {
    let history = with_ballots(vec![
        open_ballot(&aiko(), 1, Choice::Yes),
        open_ballot(&bea(), 1, Choice::Abstain),
    ]);
    given(history)
        .when_async(by(secretary(), close(None)))
        .await
        .then_expect_events(vec![vote_closed(
            candidacy(),
            tally_of_four(1, 0, 1, 0),
            Outcome::Passed,
        )]);
}

#[tokio::test]
async fn charter_does_not_close_a_vote_before_its_closing_time() {
    given(carried())
        .when_async(by(charter(), close(None)))
        .await
        .then_expect_error(VoteError::NotYetClosable {
            closes_at: closes_at(),
        });
}

#[tokio::test]
async fn charter_closes_a_vote_once_its_closing_time_has_come() {
    for at in [closes_at(), day(15)] {
        given(carried())
            .when_async(Authored::new(charter(), at, close(None)))
            .await
            .then_expect_events(vec![VoteEvent::VoteClosed {
                electorate: crate::policy::Electorate::Committee,
                application_id: application_id(),
                motion: candidacy(),
                tally: tally_of_four(2, 1, 0, 0),
                outcome: Outcome::Passed,
                at,
            }]);
    }
}

#[tokio::test]
async fn only_the_secretariat_or_charter_closes_a_vote() {
    for actor in [aiko()].into_iter().chain(founder_and_panelist()) {
        let role = actor.role;
        given(carried())
            .when_async(by(actor, close(None)))
            .await
            .then_expect_error(VoteError::RoleNotPermitted {
                role,
                action: "close a vote",
            });
    }
}

#[test]
fn a_replayed_vote_shows_its_motion_electorate_and_result() {
    let closed = vote_closed(candidacy(), tally_of_four(2, 1, 0, 0), Outcome::Passed);
    let vote = replayed(&[carried(), vec![closed]].concat());
    assert_eq!(vote.id(), Some(vote_id()));
    assert_eq!(vote.application(), Some(application_id()));
    assert_eq!(vote.motion(), Some(&candidacy()));
    assert_eq!(vote.rule(), Some(&candidacy_rule()));
    assert_eq!(vote.closes_at(), Some(closes_at()));
    assert_eq!(vote.members().len(), 4);
    assert_eq!(
        vote.result(),
        Some((tally_of_four(2, 1, 0, 0), Outcome::Passed))
    );
}
