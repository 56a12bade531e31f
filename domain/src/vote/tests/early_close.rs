//! Closing a secret vote before its time: only once every member has voted or recused, so
//! that an early close cannot single out the few who took part (finding 4 of issue 26:
//! closed when the register shows one member alone has voted, the tally is that member's
//! choice). An open ballot names its voters anyway and may be closed early as before.

use super::*;

fn approval() -> Motion {
    Motion::Advance {
        to: Stage::Approved,
    }
}

#[tokio::test]
async fn the_secretariat_cannot_close_a_secret_vote_early_while_members_have_not_voted() {
    // Aiko alone has voted: closing now would publish her choice as the tally.
    let history = with_secret_ballots(secret_ballot_vote(), &[(aiko(), Choice::No)]);
    given(history)
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_error(VoteError::SecretVoteAwaitsMembers {
            closes_at: closes_at(),
            awaiting: 3,
        });
}

#[tokio::test]
async fn nor_before_anyone_has_voted() {
    given(secret_ballot_vote())
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_error(VoteError::SecretVoteAwaitsMembers {
            closes_at: closes_at(),
            awaiting: 4,
        });
}

#[tokio::test]
async fn a_moment_before_its_closing_time_is_still_early() {
    let history = with_secret_ballots(
        secret_ballot_vote(),
        &[
            (aiko(), Choice::Yes),
            (bea(), Choice::Yes),
            (carl(), Choice::No),
        ],
    );
    let moment = closes_at() - TimeDelta::seconds(1);
    given(history)
        .when_async(Authored::new(secretary(), moment, close(Some(KEY))))
        .await
        .then_expect_error(VoteError::SecretVoteAwaitsMembers {
            closes_at: closes_at(),
            awaiting: 1,
        });
}

#[tokio::test]
async fn the_secretariat_closes_a_secret_vote_early_once_every_member_has_voted() {
    let ballots = [
        (aiko(), Choice::Yes),
        (bea(), Choice::Yes),
        (carl(), Choice::No),
        (dina(), Choice::Abstain),
    ];
    given(with_secret_ballots(secret_ballot_vote(), &ballots))
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_events(vec![vote_closed(
            approval(),
            tally_of_four(2, 1, 1, 0),
            Outcome::Passed,
        )]);
}

#[tokio::test]
async fn a_recused_member_counts_as_having_acted() {
    let mut history = with_secret_ballots(
        secret_ballot_vote(),
        &[(aiko(), Choice::Yes), (bea(), Choice::Yes)],
    );
    history.extend([recused(&carl()), recused(&dina())]);
    given(history)
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_events(vec![vote_closed(
            approval(),
            tally_of_four(2, 0, 0, 2),
            Outcome::Passed,
        )]);
}

#[tokio::test]
async fn a_member_who_voted_then_recused_has_acted_and_their_ballot_does_not_count() {
    let ballots = [
        (aiko(), Choice::No),
        (bea(), Choice::Yes),
        (carl(), Choice::Yes),
        (dina(), Choice::Yes),
    ];
    let mut history = with_secret_ballots(secret_ballot_vote(), &ballots);
    history.push(recused(&aiko()));
    given(history)
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_events(vec![vote_closed(
            approval(),
            tally_of_four(3, 0, 0, 1),
            Outcome::Passed,
        )]);
}

#[tokio::test]
async fn at_its_closing_time_the_secretariat_closes_a_secret_vote_whoever_voted() {
    let history = with_secret_ballots(secret_ballot_vote(), &[(aiko(), Choice::Yes)]);
    given(history)
        .when_async(at_closing(secretary(), close(Some(KEY))))
        .await
        .then_expect_events(vec![closed_at_closing(
            approval(),
            tally_of_four(1, 0, 0, 0),
            Outcome::NoQuorum,
        )]);
}

#[tokio::test]
async fn charter_closes_a_secret_vote_at_its_time_whoever_voted() {
    let history = with_secret_ballots(secret_ballot_vote(), &[(aiko(), Choice::Yes)]);
    given(history)
        .when_async(at_closing(charter(), close(Some(KEY))))
        .await
        .then_expect_events(vec![closed_at_closing(
            approval(),
            tally_of_four(1, 0, 0, 0),
            Outcome::NoQuorum,
        )]);
}

#[tokio::test]
async fn charter_still_does_not_close_a_secret_vote_early_even_when_all_have_voted() {
    let ballots = [
        (aiko(), Choice::Yes),
        (bea(), Choice::Yes),
        (carl(), Choice::Yes),
        (dina(), Choice::Yes),
    ];
    given(with_secret_ballots(secret_ballot_vote(), &ballots))
        .when_async(by(charter(), close(Some(KEY))))
        .await
        .then_expect_error(VoteError::NotYetClosable {
            closes_at: closes_at(),
        });
}

#[tokio::test]
async fn an_open_ballot_is_still_closed_early_with_members_yet_to_vote() {
    let history = [
        open_ballot_vote(),
        vec![open_ballot(&aiko(), 1, Choice::Yes)],
    ]
    .concat();
    given(history)
        .when_async(by(secretary(), close(None)))
        .await
        .then_expect_events(vec![vote_closed(
            Motion::Advance {
                to: Stage::Candidate,
            },
            tally_of_four(1, 0, 0, 0),
            Outcome::NoQuorum,
        )]);
}

#[test]
fn the_refusal_names_the_closing_time_and_how_many_are_awaited() {
    let refusal = VoteError::SecretVoteAwaitsMembers {
        closes_at: closes_at(),
        awaiting: 2,
    };
    assert_eq!(refusal.code(), "secret-vote-awaits-members");
    assert_eq!(refusal.refusal(), crate::refusal::Refusal::Conflict);
    assert_eq!(
        serde_json::json!(refusal.values()),
        serde_json::json!({"closes_at": "2026-04-20T09:00:00Z", "awaiting": 2})
    );
}
