//! Ending an application early: rejection by the secretariat or a committee vote, and
//! withdrawal by the founders.

use super::*;

/// A rejection, carrying out `vote_id` (if named) as a passed vote to reject.
fn reject(vote_id: Option<VoteId>) -> ApplicationCommand {
    ApplicationCommand::Reject {
        reason: " The city already has a hub in the network. ".to_owned(),
        vote: vote_id.map(passed_rejection),
    }
}

fn application_rejected(stage: Stage, vote_id: Option<VoteId>) -> ApplicationEvent {
    ApplicationEvent::ApplicationRejected {
        stage,
        reason: "The city already has a hub in the network.".to_owned(),
        vote_id,
        at: now(),
    }
}

fn withdraw(reason: Option<&str>) -> ApplicationCommand {
    ApplicationCommand::Withdraw {
        reason: reason.map(str::to_owned),
    }
}

#[tokio::test]
async fn the_secretariat_rejects_an_applied_application_on_its_own_authority() {
    given(opened())
        .when_async(by(secretary(), reject(None)))
        .await
        .then_expect_events(vec![application_rejected(Stage::Applied, None)]);
}

#[tokio::test]
async fn after_the_eligibility_gate_a_rejection_needs_a_committee_vote() {
    let cases = [
        (Stage::Eligible, eligible()),
        (Stage::PreCandidate, pre_candidate()),
        (Stage::Candidate, candidate()),
        (Stage::Approved, approved()),
    ];
    for (stage, history) in cases {
        given(history)
            .when_async(by(secretary(), reject(None)))
            .await
            .then_expect_error(ApplicationError::RejectionNeedsVote { stage });
    }
}

#[tokio::test]
async fn a_committee_vote_rejects_a_candidate() {
    given(candidate())
        .when_async(by(secretary(), reject(Some(rejection_vote()))))
        .await
        .then_expect_events(vec![application_rejected(
            Stage::Candidate,
            Some(rejection_vote()),
        )]);
}

#[tokio::test]
async fn a_committee_vote_rejects_an_approved_application_before_both_have_signed() {
    given([approved(), vec![signed(Party::Founders)]].concat())
        .when_async(by(secretary(), reject(Some(rejection_vote()))))
        .await
        .then_expect_events(vec![application_rejected(
            Stage::Approved,
            Some(rejection_vote()),
        )]);
}

#[tokio::test]
async fn a_rejection_gives_a_reason() {
    let command = ApplicationCommand::Reject {
        reason: "  ".to_owned(),
        vote: None,
    };
    given(opened())
        .when_async(by(secretary(), command))
        .await
        .then_expect_error(invalid("reason", InputProblem::Blank));
}

#[tokio::test]
async fn only_the_secretariat_or_charter_rejects_an_application() {
    for actor in [founder(), ana(), committee_member()] {
        let role = actor.role;
        given(opened())
            .when_async(by(actor, reject(Some(rejection_vote()))))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "reject an application",
            });
    }
}

#[tokio::test]
async fn an_application_that_has_ended_cannot_be_rejected() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), reject(Some(rejection_vote()))))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}

#[tokio::test]
async fn the_founders_withdraw_their_application_with_a_reason() {
    given(pre_candidate())
        .when_async(by(founder(), withdraw(Some(" We found no building. "))))
        .await
        .then_expect_events(vec![ApplicationEvent::ApplicationWithdrawn {
            stage: Stage::PreCandidate,
            reason: Some("We found no building.".to_owned()),
            at: now(),
        }]);
}

#[tokio::test]
async fn the_founders_may_withdraw_without_saying_why() {
    for reason in [None, Some("  ")] {
        given(opened())
            .when_async(by(founder(), withdraw(reason)))
            .await
            .then_expect_events(vec![ApplicationEvent::ApplicationWithdrawn {
                stage: Stage::Applied,
                reason: None,
                at: now(),
            }]);
    }
}

#[tokio::test]
async fn a_withdrawal_reason_has_no_control_characters() {
    given(opened())
        .when_async(by(founder(), withdraw(Some("We\u{7} quit"))))
        .await
        .then_expect_error(invalid("reason", InputProblem::ControlCharacters));
}

#[tokio::test]
async fn only_the_founders_withdraw_an_application() {
    for actor in [secretary(), ana(), committee_member()] {
        let role = actor.role;
        given(opened())
            .when_async(by(actor, withdraw(None)))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "withdraw an application",
            });
    }
}

#[tokio::test]
async fn a_founder_cannot_withdraw_another_teams_application() {
    given(opened())
        .when_async(by(founder_of_another_application(), withdraw(None)))
        .await
        .then_expect_error(ApplicationError::NotYourApplication);
}

#[tokio::test]
async fn an_application_that_has_ended_cannot_be_withdrawn() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(founder(), withdraw(None)))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
