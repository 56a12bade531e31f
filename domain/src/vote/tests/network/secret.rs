//! Secret network votes: each hub's ballot is sealed bound to the hub (not to the delegate
//! who cast it), so that any of its delegates may change it and it cannot be moved to
//! another hub; the secretariat closes early only once every hub has voted or recused.

use super::*;
use crate::vote::seal;

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

/// Every hub but Lima has voted: Porto (through Sofia) no, then the others.
fn four_hubs_voted() -> Vec<VoteEvent> {
    let mut ballots = vec![(sofia(), porto(), Choice::No)];
    ballots.extend(others_cast(&[Choice::Yes, Choice::Yes, Choice::Yes]));
    with_hub_ballots(secret_network_vote(), &ballots)
}

#[tokio::test]
async fn a_delegates_secret_ballot_is_sealed_under_the_hubs_name() {
    let mut events = given(secret_network_vote())
        .when_async(by(rui(), cast_for(porto(), Choice::No, 1)))
        .await
        .inspect_result()
        .expect("the ballot is cast");
    assert_eq!(events.len(), 1, "{events:?}");
    let event = events.remove(0);
    let VoteEvent::BallotCast {
        member,
        hub,
        revision,
        ..
    } = &event
    else {
        panic!("not a ballot: {event:?}");
    };
    assert_eq!((*member, *hub, *revision), (rui().id, Some(porto()), 1));
    let (nonce, ciphertext) = sealed(&event);
    let opened = |member: Uuid| seal::open(&KEY, &nonce, &ciphertext, vote_id(), member, 1);
    assert_eq!(opened(porto().0), Some(Choice::No));
    // Bound to the hub: neither the delegate's own name nor another hub opens it.
    assert_eq!(opened(rui().id.0), None);
    assert_eq!(opened(lisbon().0), None);
}

#[tokio::test]
async fn a_sealed_hub_ballot_moved_to_another_hub_does_not_open() {
    let mut history = with_hub_ballots(secret_network_vote(), &[(rui(), porto(), Choice::Yes)]);
    if let Some(VoteEvent::BallotCast { hub, .. }) = history.last_mut() {
        *hub = Some(lisbon());
    }
    given(history)
        .when_async(at_closing(secretary(), close(Some(KEY))))
        .await
        .then_expect_error(VoteError::KeyMismatch);
}

#[tokio::test]
async fn a_sealed_hub_ballot_opens_whichever_delegate_cast_it() {
    // The register names Rui as the caster; Sofia's name there changes nothing to the seal.
    let mut history = with_hub_ballots(secret_network_vote(), &[(rui(), porto(), Choice::Yes)]);
    if let Some(VoteEvent::BallotCast { member, .. }) = history.last_mut() {
        *member = sofia().id;
    }
    let result = given(history)
        .when_async(at_closing(secretary(), close(Some(KEY))))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_second_delegate_changes_the_hubs_sealed_ballot_and_the_latest_counts() {
    // Rui casts yes for Porto, Sofia changes it to no (revision 2): with Lisbon and Berlin
    // yes and Accra no, three yes of five would carry; the hub's latest ballot makes it two.
    let mut ballots = vec![
        (rui(), porto(), Choice::Yes),
        (sofia(), porto(), Choice::No),
    ];
    ballots.extend(others_cast(&[Choice::Yes, Choice::Yes, Choice::No]));
    let history = with_hub_ballots(secret_network_vote(), &ballots);
    let porto_revisions: Vec<u32> = history
        .iter()
        .filter_map(|event| match event {
            VoteEvent::BallotCast {
                hub: Some(hub),
                revision,
                ..
            } if *hub == porto() => Some(*revision),
            _ => None,
        })
        .collect();
    assert_eq!(porto_revisions, [1, 2]);
    given(history)
        .when_async(at_closing(charter(), close(Some(KEY))))
        .await
        .then_expect_events(vec![network_closed(
            tally_of_five(2, 2, 0, 0),
            Outcome::Failed,
            closes_at(),
        )]);
}

#[tokio::test]
async fn the_secretariat_cannot_close_a_secret_network_vote_while_a_hub_has_not_voted() {
    given(four_hubs_voted())
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_error(VoteError::SecretVoteAwaitsMembers {
            closes_at: closes_at(),
            awaiting: 1,
        });
}

#[tokio::test]
async fn the_secretariat_closes_it_early_once_every_hub_has_voted_or_recused() {
    let lima_recused = VoteEvent::MemberRecused {
        member: delegate(46, "Inés Quispe").id,
        hub: Some(lima()),
        reason: "Our hub coached the founders.".to_owned(),
        at: day(2),
    };
    given([four_hubs_voted(), vec![lima_recused]].concat())
        .when_async(by(secretary(), close(Some(KEY))))
        .await
        .then_expect_events(vec![network_closed(
            tally_of_five(3, 1, 0, 1),
            Outcome::Passed,
            now(),
        )]);
}

#[tokio::test]
async fn a_secret_network_ballot_needs_the_votes_key() {
    let unsealed = VoteCommand::Cast {
        choice: Choice::Yes,
        reason: None,
        seal: None,
        delegation: acting_for(porto()),
    };
    given(secret_network_vote())
        .when_async(by(rui(), unsealed))
        .await
        .then_expect_error(VoteError::KeyMissing);
}
