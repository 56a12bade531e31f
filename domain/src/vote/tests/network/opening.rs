//! Opening a network vote, and a gate's votes held in the policy's order: at the
//! `approved` gate, the committee's first, then the network's.

use super::*;

/// A candidate, whose approval votes of `passed` have passed in this stage.
fn candidate_with(passed: Vec<Electorate>) -> VoteSubject {
    VoteSubject {
        application_id: application_id(),
        stage: Stage::Candidate,
        appeal_pending: false,
        passed,
    }
}

/// The secretariat asks for a vote on `motion` about `subject`, of the electorate `asked`
/// for (or whose turn it is), with today's committee and network.
fn open_asking(subject: VoteSubject, motion: Motion, asked: Option<Electorate>) -> VoteCommand {
    VoteCommand::Open {
        vote_id: vote_id(),
        subject,
        motion,
        electors: Electors {
            committee: electorate(),
            hubs: network(),
        },
        asked,
        closes_at: None,
    }
}

/// The approval vote asked for once the committee's has passed.
fn open_network_approval(asked: Option<Electorate>) -> VoteCommand {
    open_asking(
        candidate_with(vec![Electorate::Committee]),
        approval(),
        asked,
    )
}

/// `command` issued by the secretariat on day 0.
fn on_day_zero(command: VoteCommand) -> Authored<VoteCommand> {
    Authored::new(secretary(), day(0), command)
}

// ---- the network's electorate ------------------------------------------------------------

#[tokio::test]
async fn a_network_vote_fixes_the_hubs_in_good_standing_as_its_electorate() {
    // The committee seated today is handed over too, and left out: the rule is the network's.
    given(vec![])
        .when_async(on_day_zero(open_network_approval(None)))
        .await
        .then_expect_events(secret_network_vote());
}

#[tokio::test]
async fn a_network_vote_needs_a_hub_in_good_standing() {
    let command = VoteCommand::Open {
        vote_id: vote_id(),
        subject: candidate_with(vec![Electorate::Committee]),
        motion: approval(),
        electors: Electors {
            committee: electorate(),
            hubs: Vec::new(),
        },
        asked: None,
        closes_at: None,
    };
    given(vec![])
        .when_async(on_day_zero(command))
        .await
        .then_expect_error(VoteError::NoElectorate {
            electorate: Electorate::Network,
        });
}

#[tokio::test]
async fn a_committee_vote_leaves_the_hubs_out() {
    given(vec![])
        .when_async(on_day_zero(open_asking(
            candidate_with(Vec::new()),
            approval(),
            None,
        )))
        .await
        .then_expect_events(secret_ballot_vote());
}

#[test]
fn a_network_vote_keys_its_members_by_hub() {
    let vote = replayed(&secret_network_vote());
    assert_eq!(vote.electorate(), Electorate::Network);
    let members: Vec<Uuid> = vote.members().keys().copied().collect();
    let mut hubs: Vec<Uuid> = network().into_iter().map(|(id, _)| id.0).collect();
    hubs.sort();
    assert_eq!(members, hubs);
}

#[tokio::test]
async fn a_closed_network_vote_says_the_network_voted() {
    let history = with_hub_ballots(
        open_network_vote(),
        &others_cast(&[Choice::Yes, Choice::Yes, Choice::Yes, Choice::No]),
    );
    given(history)
        .when_async(by(secretary(), close(None)))
        .await
        .then_expect_events(vec![network_closed(
            tally_of_five(3, 1, 0, 0),
            Outcome::Passed,
            now(),
        )]);
}

// ---- a gate's votes in order -------------------------------------------------------------

#[tokio::test]
async fn the_network_votes_on_approval_only_once_the_committee_has_passed_it() {
    given(vec![])
        .when_async(on_day_zero(open_asking(
            candidate_with(Vec::new()),
            approval(),
            Some(Electorate::Network),
        )))
        .await
        .then_expect_error(VoteError::AwaitsEarlierVote {
            electorate: Electorate::Committee,
        });
}

#[tokio::test]
async fn asking_for_the_network_by_name_after_the_committee_passed_opens_its_vote() {
    given(vec![])
        .when_async(on_day_zero(open_network_approval(Some(
            Electorate::Network,
        ))))
        .await
        .then_expect_events(secret_network_vote());
}

#[tokio::test]
async fn the_committee_does_not_vote_again_on_a_gate_it_has_passed() {
    given(vec![])
        .when_async(on_day_zero(open_network_approval(Some(
            Electorate::Committee,
        ))))
        .await
        .then_expect_error(VoteError::GateVoteAlreadyPassed {
            electorate: Electorate::Committee,
        });
}

#[tokio::test]
async fn no_vote_opens_on_a_gate_whose_votes_have_all_passed() {
    let both = candidate_with(vec![Electorate::Committee, Electorate::Network]);
    for (asked, electorate) in [
        (None, Electorate::Network),
        (Some(Electorate::Network), Electorate::Network),
        (Some(Electorate::Committee), Electorate::Committee),
    ] {
        given(vec![])
            .when_async(on_day_zero(open_asking(both.clone(), approval(), asked)))
            .await
            .then_expect_error(VoteError::GateVoteAlreadyPassed { electorate });
    }
}

#[tokio::test]
async fn the_network_is_not_asked_about_a_gate_that_takes_only_the_committees_vote() {
    let pre_candidate = VoteSubject {
        stage: Stage::PreCandidate,
        ..candidate_with(Vec::new())
    };
    let candidacy = Motion::Advance {
        to: Stage::Candidate,
    };
    given(vec![])
        .when_async(on_day_zero(open_asking(
            pre_candidate,
            candidacy,
            Some(Electorate::Network),
        )))
        .await
        .then_expect_error(VoteError::MotionNotApplicable(
            "the policy's gate into that stage takes no vote of that electorate",
        ));
}

#[tokio::test]
async fn the_network_is_not_asked_about_a_motion_the_policy_puts_to_the_committee() {
    let motions = [
        (
            candidate_with(Vec::new()),
            Motion::Reject {
                grounds: "The city already has a hub in the network.".to_owned(),
            },
        ),
        (
            VoteSubject {
                stage: Stage::Rejected,
                appeal_pending: true,
                ..candidate_with(Vec::new())
            },
            Motion::Appeal,
        ),
    ];
    for (subject, motion) in motions {
        given(vec![])
            .when_async(on_day_zero(open_asking(
                subject,
                motion,
                Some(Electorate::Network),
            )))
            .await
            .then_expect_error(VoteError::MotionNotApplicable(
                "the policy puts this motion to the other electorate",
            ));
    }
}

#[tokio::test]
async fn asking_the_committee_by_name_for_its_own_motion_is_the_same_as_not_asking() {
    given(vec![])
        .when_async(on_day_zero(open_asking(
            candidate_with(Vec::new()),
            approval(),
            Some(Electorate::Committee),
        )))
        .await
        .then_expect_events(secret_ballot_vote());
}
