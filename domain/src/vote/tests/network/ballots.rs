//! Casting and recusing in a network vote: the ballot is the hub's, whichever of its
//! delegates casts it; only hubs of the electorate fixed at opening, in good standing,
//! vote; the quorum is a share of the hubs.

use super::*;

#[tokio::test]
async fn a_delegate_casts_the_hubs_ballot() {
    given(open_network_vote())
        .when_async(by(rui(), cast_for(porto(), Choice::Yes, 1)))
        .await
        .then_expect_events(vec![hub_ballot(&rui(), porto(), 1, Choice::Yes)]);
}

#[tokio::test]
async fn another_delegate_of_the_hub_changes_the_same_ballot() {
    let history = [
        open_network_vote(),
        vec![hub_ballot(&rui(), porto(), 1, Choice::Yes)],
    ]
    .concat();
    given(history)
        .when_async(by(sofia(), cast_for(porto(), Choice::No, 2)))
        .await
        .then_expect_events(vec![hub_ballot(&sofia(), porto(), 2, Choice::No)]);
}

#[tokio::test]
async fn the_tally_counts_each_hub_once_with_its_latest_ballot() {
    // Rui casts yes for Porto, Sofia changes it to no, Rui back to yes: one hub, one yes.
    let ballots = [
        (rui(), porto(), Choice::Yes),
        (sofia(), porto(), Choice::No),
        (rui(), porto(), Choice::Yes),
    ];
    let history = with_hub_ballots(open_network_vote(), &ballots);
    let revisions: Vec<u32> = history
        .iter()
        .filter_map(|event| match event {
            VoteEvent::BallotCast { revision, .. } => Some(*revision),
            _ => None,
        })
        .collect();
    assert_eq!(revisions, [1, 2, 3]);
    given(history)
        .when_async(at_closing(secretary(), close(None)))
        .await
        .then_expect_events(vec![network_closed(
            tally_of_five(1, 0, 0, 0),
            Outcome::NoQuorum,
            closes_at(),
        )]);
}

#[tokio::test]
async fn a_new_delegate_changes_the_ballot_the_former_one_cast() {
    // Rui cast Porto's ballot, then his delegation ended and Sofia's began: the roster no
    // longer names a hub for him, and she changes the hub's ballot.
    let history = [
        open_network_vote(),
        vec![hub_ballot(&rui(), porto(), 1, Choice::Yes)],
    ]
    .concat();
    let no_longer = VoteCommand::Cast {
        choice: Choice::No,
        reason: None,
        seal: None,
        delegation: None,
    };
    given(history.clone())
        .when_async(by(rui(), no_longer))
        .await
        .then_expect_error(VoteError::NotADelegate);
    given(history)
        .when_async(by(sofia(), cast_for(porto(), Choice::Abstain, 2)))
        .await
        .then_expect_events(vec![hub_ballot(&sofia(), porto(), 2, Choice::Abstain)]);
}

#[tokio::test]
async fn a_hub_that_joined_after_the_vote_opened_is_not_in_its_electorate() {
    let braga_delegate = delegate(47, "Beatriz Lopes");
    given(open_network_vote())
        .when_async(by(
            braga_delegate.clone(),
            cast_for(braga(), Choice::Yes, 1),
        ))
        .await
        .then_expect_error(VoteError::NotInElectorate);
    given(open_network_vote())
        .when_async(by(
            braga_delegate,
            VoteCommand::Recuse {
                reason: "Too new to judge.".to_owned(),
                delegation: acting_for(braga()),
            },
        ))
        .await
        .then_expect_error(VoteError::NotInElectorate);
}

#[tokio::test]
async fn the_delegate_of_a_suspended_hub_cannot_vote_for_it() {
    let suspended = Some(Delegation {
        hub: porto(),
        in_good_standing: false,
    });
    let commands = [
        VoteCommand::Cast {
            choice: Choice::Yes,
            reason: None,
            seal: None,
            delegation: suspended,
        },
        VoteCommand::Recuse {
            reason: "Conflict.".to_owned(),
            delegation: suspended,
        },
    ];
    for command in commands {
        given(open_network_vote())
            .when_async(by(rui(), command))
            .await
            .then_expect_error(VoteError::HubNotInGoodStanding);
    }
}

#[tokio::test]
async fn a_committee_member_does_not_vote_in_a_network_vote() {
    // Even one who says they act for a hub: the token is the committee's.
    given(open_network_vote())
        .when_async(by(aiko(), cast_for(porto(), Choice::Yes, 1)))
        .await
        .then_expect_error(VoteError::NotADelegate);
}

#[tokio::test]
async fn a_delegate_does_not_vote_in_a_committee_vote() {
    let commands = [
        cast_for(porto(), Choice::Yes, 1),
        recuse_for(porto()),
        cast(Choice::Yes, None),
    ];
    for command in commands {
        given(open_ballot_vote())
            .when_async(by(rui(), command))
            .await
            .then_expect_error(VoteError::NotInElectorate);
    }
}

#[tokio::test]
async fn a_delegate_recuses_the_hub_as_a_whole() {
    given(open_network_vote())
        .when_async(by(rui(), recuse_for(porto())))
        .await
        .then_expect_events(vec![VoteEvent::MemberRecused {
            member: rui().id,
            hub: Some(porto()),
            reason: "Our hub coached the founders.".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn once_a_hub_is_recused_none_of_its_delegates_votes_or_recuses_again() {
    let recused = VoteEvent::MemberRecused {
        member: rui().id,
        hub: Some(porto()),
        reason: "Our hub coached the founders.".to_owned(),
        at: day(1),
    };
    let history = [open_network_vote(), vec![recused]].concat();
    for delegate in [rui(), sofia()] {
        given(history.clone())
            .when_async(by(delegate.clone(), cast_for(porto(), Choice::Yes, 1)))
            .await
            .then_expect_error(VoteError::Recused);
        given(history.clone())
            .when_async(by(delegate, recuse_for(porto())))
            .await
            .then_expect_error(VoteError::AlreadyRecused);
    }
}

#[tokio::test]
async fn a_recused_hub_counts_as_recused_in_the_tally() {
    let mut history = with_hub_ballots(
        open_network_vote(),
        &others_cast(&[Choice::Yes, Choice::Yes, Choice::No]),
    );
    history.push(VoteEvent::MemberRecused {
        member: sofia().id,
        hub: Some(porto()),
        reason: "Our hub coached the founders.".to_owned(),
        at: day(2),
    });
    given(history)
        .when_async(at_closing(charter(), close(None)))
        .await
        .then_expect_events(vec![network_closed(
            tally_of_five(2, 1, 0, 1),
            Outcome::Passed,
            closes_at(),
        )]);
}

#[tokio::test]
async fn the_quorum_is_a_share_of_the_hubs() {
    // Five hubs, half must take part: two are too few, three are enough.
    let cases = [
        (
            vec![Choice::Yes, Choice::Yes],
            tally_of_five(2, 0, 0, 0),
            Outcome::NoQuorum,
        ),
        (
            vec![Choice::Yes, Choice::Yes, Choice::Abstain],
            tally_of_five(2, 0, 1, 0),
            Outcome::Passed,
        ),
        (
            vec![Choice::Yes, Choice::No, Choice::No],
            tally_of_five(1, 2, 0, 0),
            Outcome::Failed,
        ),
    ];
    for (choices, tally, outcome) in cases {
        let history = with_hub_ballots(open_network_vote(), &others_cast(&choices));
        given(history)
            .when_async(at_closing(charter(), close(None)))
            .await
            .then_expect_events(vec![network_closed(tally, outcome, closes_at())]);
    }
}

#[tokio::test]
async fn two_delegates_of_one_hub_do_not_make_a_quorum() {
    // Porto's two delegates and Lisbon's: two hubs of five took part, not three.
    let ballots = [
        (rui(), porto(), Choice::Yes),
        (sofia(), porto(), Choice::Yes),
        (delegate(43, "Lena Vogel"), lisbon(), Choice::Yes),
    ];
    given(with_hub_ballots(open_network_vote(), &ballots))
        .when_async(at_closing(charter(), close(None)))
        .await
        .then_expect_events(vec![network_closed(
            tally_of_five(2, 0, 0, 0),
            Outcome::NoQuorum,
            closes_at(),
        )]);
}
