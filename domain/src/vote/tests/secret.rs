//! Secret ballots: sealed so that the event store never shows who chose what, opened only
//! at closing with the vote's key.

use super::*;

const REASON: &str = "The space design ignores the neighbours.";

fn cast_with_reason(choice: Choice, reason: Option<&str>, seal: Option<SealingKey>) -> VoteCommand {
    VoteCommand::Cast {
        delegation: None,
        choice,
        reason: reason.map(str::to_owned),
        seal,
    }
}

/// The one event of Aiko's first ballot in the secret vote.
async fn first_secret_ballot(choice: Choice, reason: Option<&str>) -> VoteEvent {
    let mut events = given(secret_ballot_vote())
        .when_async(by(aiko(), cast_with_reason(choice, reason, Some(seal(1)))))
        .await
        .inspect_result()
        .expect("the ballot is cast");
    assert_eq!(events.len(), 1, "{events:?}");
    events.remove(0)
}

/// The nonce and ciphertext of a sealed ballot.
fn sealed(event: &VoteEvent) -> (String, String) {
    match event {
        VoteEvent::BallotCast {
            choice: RecordedChoice::Sealed { nonce, ciphertext },
            ..
        } => (nonce.clone(), ciphertext.clone()),
        other => panic!("not a sealed ballot: {other:?}"),
    }
}

/// The words of an event as the event store keeps it, lower-cased.
fn stored_words(event: &VoteEvent) -> Vec<String> {
    let json = serde_json::to_string(event).expect("an event serializes");
    json.split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn approval() -> Motion {
    Motion::Advance {
        to: Stage::Approved,
    }
}

#[tokio::test]
async fn a_secret_ballot_is_stored_without_its_choice_or_reason() {
    for choice in [Choice::Yes, Choice::No, Choice::Abstain] {
        let event = first_secret_ballot(choice, Some(REASON)).await;
        sealed(&event);
        let json = serde_json::to_string(&event).expect("an event serializes");
        assert!(!json.contains(REASON), "{json}");
        assert!(!json.contains("neighbours"), "{json}");
        let words = stored_words(&event);
        for word in ["yes", "no", "abstain"] {
            assert!(!words.iter().any(|w| w == word), "{word} in {json}");
        }
    }
}

#[tokio::test]
async fn the_same_check_finds_the_choice_of_an_open_ballot() {
    // Shows that the check above would see a choice if one were stored.
    let mut events = given(open_ballot_vote())
        .when_async(by(aiko(), cast(Choice::No, None)))
        .await
        .inspect_result()
        .expect("the ballot is cast");
    assert!(stored_words(&events.remove(0)).iter().any(|w| w == "no"));
}

#[tokio::test]
async fn a_sealed_ballot_is_as_long_whatever_the_choice() {
    for reason in [None, Some(REASON)] {
        let mut lengths = Vec::new();
        for choice in [Choice::Yes, Choice::No, Choice::Abstain] {
            let (_, ciphertext) = sealed(&first_secret_ballot(choice, reason).await);
            lengths.push(ciphertext.len());
        }
        assert!(
            lengths.windows(2).all(|pair| pair[0] == pair[1]),
            "reason {reason:?}: lengths {lengths:?} tell the choices apart"
        );
    }
}

#[test]
fn no_length_of_reason_lets_the_ciphertext_tell_the_choice() {
    // Every reason length around the first two padding boundaries (256 and 512 bytes, a
    // reason of about 224 and 480 characters), where one choice could tip a ballot into
    // the next block while another stays under it; and the longest reason allowed.
    let vote = replayed(&secret_ballot_vote());
    for len in (200..=260).chain(456..=516).chain([1, 4_000]) {
        let reason = "r".repeat(len);
        let lengths: Vec<usize> = [Choice::Yes, Choice::No, Choice::Abstain]
            .into_iter()
            .map(|choice| {
                let command = cast_with_reason(choice, Some(&reason), Some(seal(1)));
                let events = vote
                    .decide(Authored::new(aiko(), now(), command), &policy())
                    .expect("the ballot is cast");
                sealed(&events[0]).1.len()
            })
            .collect();
        assert!(
            lengths.windows(2).all(|pair| pair[0] == pair[1]),
            "a reason of {len} characters: lengths {lengths:?} tell the choices apart"
        );
    }
}

#[tokio::test]
async fn the_same_choice_cast_twice_is_sealed_under_a_new_nonce_into_a_new_ciphertext() {
    let history = with_secret_ballots(secret_ballot_vote(), &[(aiko(), Choice::Yes)]);
    let first = sealed(history.last().expect("a ballot"));
    let mut events = given(history)
        .when_async(by(aiko(), cast(Choice::Yes, Some(seal(9)))))
        .await
        .inspect_result()
        .expect("the ballot is changed");
    let second = sealed(&events.remove(0));
    assert_ne!(first.0, second.0);
    assert_ne!(first.1, second.1);
}

#[tokio::test]
async fn a_secret_ballot_cannot_be_cast_without_the_votes_key() {
    given(secret_ballot_vote())
        .when_async(by(aiko(), cast(Choice::Yes, None)))
        .await
        .then_expect_error(VoteError::KeyMissing);
}

#[tokio::test]
async fn an_open_ballot_is_recorded_in_the_clear_even_when_a_key_is_given() {
    given(open_ballot_vote())
        .when_async(by(aiko(), cast(Choice::Yes, Some(seal(1)))))
        .await
        .then_expect_events(vec![VoteEvent::BallotCast {
            hub: None,
            member: aiko().id,
            revision: 1,
            choice: RecordedChoice::Open {
                choice: Choice::Yes,
                reason: None,
            },
            at: now(),
        }]);
}

#[tokio::test]
async fn closing_with_the_key_counts_each_members_latest_sealed_ballot() {
    // Carl changes no to yes: three yes of four carries the two-thirds rule; counting his
    // first ballot would have made it a tie.
    let ballots = [
        (aiko(), Choice::Yes),
        (bea(), Choice::Yes),
        (carl(), Choice::No),
        (dina(), Choice::No),
        (carl(), Choice::Yes),
    ];
    given(with_secret_ballots(secret_ballot_vote(), &ballots))
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_events(vec![vote_closed(
            approval(),
            tally_of_four(3, 1, 0, 0),
            Outcome::Passed,
        )]);
}

#[tokio::test]
async fn exactly_two_thirds_of_sealed_ballots_carries_the_approval() {
    let ballots = [
        (aiko(), Choice::Yes),
        (bea(), Choice::Yes),
        (carl(), Choice::No),
    ];
    // Dina has not voted: the vote closes at its time.
    given(with_secret_ballots(secret_ballot_vote(), &ballots))
        .when_async(at_closing(secretary(), close(Some(KEY))))
        .await
        .then_expect_events(vec![closed_at_closing(
            approval(),
            tally_of_four(2, 1, 0, 0),
            Outcome::Passed,
        )]);
}

#[tokio::test]
async fn sealed_ballots_are_not_counted_without_the_key() {
    let history = with_secret_ballots(secret_ballot_vote(), &[(aiko(), Choice::Yes)]);
    given(history)
        .when_async(at_closing(secretary(), close(None)))
        .await
        .then_expect_error(VoteError::KeyMissing);
}

#[tokio::test]
async fn sealed_ballots_are_not_counted_with_another_key() {
    let history = with_secret_ballots(secret_ballot_vote(), &[(aiko(), Choice::Yes)]);
    given(history)
        .when_async(at_closing(secretary(), close(Some([8; KEY_LEN]))))
        .await
        .then_expect_error(VoteError::KeyMismatch);
}

#[tokio::test]
async fn a_sealed_ballot_moved_to_another_member_does_not_open() {
    let mut history = with_secret_ballots(secret_ballot_vote(), &[(aiko(), Choice::Yes)]);
    if let Some(VoteEvent::BallotCast { member, .. }) = history.last_mut() {
        *member = bea().id;
    }
    given(history)
        .when_async(at_closing(secretary(), close(Some(KEY))))
        .await
        .then_expect_error(VoteError::KeyMismatch);
}
