//! A gate that takes more than one vote: the `approved` gate of the default policy needs
//! the committee's vote, then the network's. The first passed vote is recorded
//! (`GateVotePassed`) while the gate awaits the other; the last one advances.

use super::*;
use crate::application::Check;
use cqrs_es::Aggregate;

fn advance(to: Stage, vote: VoteDecision) -> ApplicationCommand {
    ApplicationCommand::AdvanceStage {
        to,
        vote: Some(vote),
    }
}

/// The committee's passed vote on approving the candidate.
fn committee_approval() -> ApplicationCommand {
    advance(
        Stage::Approved,
        passed_advance(approval_vote(), Stage::Approved),
    )
}

/// The network's passed vote on approving the candidate.
fn network_approval() -> ApplicationCommand {
    advance(
        Stage::Approved,
        passed_network_advance(network_approval_vote(), Stage::Approved),
    )
}

fn vote_requirement(electorate: Electorate) -> Requirement {
    Requirement::Vote { electorate }
}

fn after(history: Vec<ApplicationEvent>) -> Application {
    let mut application = Application::default();
    for event in history {
        application.apply(event);
    }
    application
}

/// The vote requirements of the next gate, each with whether it is met.
fn vote_checks(history: Vec<ApplicationEvent>) -> Vec<Check> {
    after(history)
        .checklist(&Policy::default())
        .expect("an open application has a next gate")
        .checks
        .into_iter()
        .filter(|check| matches!(check.requirement, Requirement::Vote { .. }))
        .collect()
}

/// Approved by the committee, then rejected by a vote and reopened as a candidate on
/// appeal: the stage changed twice since the committee's vote passed.
fn reopened_after_the_committees_approval() -> Vec<ApplicationEvent> {
    let after_approval = vec![
        ApplicationEvent::ApplicationRejected {
            stage: Stage::Candidate,
            reason: rejection_grounds(),
            vote_id: Some(rejection_vote()),
            at: day(400),
        },
        ApplicationEvent::AppealLodged {
            grounds: "The network's vote was held in the summer break.".to_owned(),
            at: day(410),
        },
        ApplicationEvent::AppealGranted {
            vote_id: appeal_vote(),
            reopened_in: Stage::Candidate,
            at: day(450),
        },
    ];
    [approved_by_committee(), after_approval].concat()
}

#[tokio::test]
async fn the_committees_passed_approval_is_recorded_while_the_gate_awaits_the_network() {
    given(approved_ready())
        .when_async(by(secretary(), committee_approval()))
        .await
        .then_expect_events(vec![ApplicationEvent::GateVotePassed {
            vote_id: approval_vote(),
            to: Stage::Approved,
            electorate: Electorate::Committee,
            at: now(),
        }]);
}

#[tokio::test]
async fn the_networks_passed_vote_then_approves_the_candidate() {
    given(approved_by_committee())
        .when_async(by(secretary(), network_approval()))
        .await
        .then_expect_events(vec![ApplicationEvent::StageAdvanced {
            from: Stage::Candidate,
            to: Stage::Approved,
            vote_id: Some(network_approval_vote()),
            policy_version: policy_version(),
            at: now(),
        }]);
}

#[tokio::test]
async fn without_a_vote_the_approval_gate_lists_both_in_order() {
    given(approved_ready())
        .when_async(by(
            secretary(),
            ApplicationCommand::AdvanceStage {
                to: Stage::Approved,
                vote: None,
            },
        ))
        .await
        .then_expect_error(gate_not_met(
            Stage::Approved,
            vec![
                vote_requirement(Electorate::Committee),
                vote_requirement(Electorate::Network),
            ],
        ));
}

#[tokio::test]
async fn once_the_committee_has_passed_only_the_networks_vote_is_missing() {
    given(approved_by_committee())
        .when_async(by(
            secretary(),
            ApplicationCommand::AdvanceStage {
                to: Stage::Approved,
                vote: None,
            },
        ))
        .await
        .then_expect_error(gate_not_met(
            Stage::Approved,
            vec![vote_requirement(Electorate::Network)],
        ));
}

#[test]
fn the_checklist_shows_both_votes_and_which_has_passed() {
    let unmet = |electorate| Check {
        requirement: vote_requirement(electorate),
        met: false,
    };
    let met = |electorate| Check {
        requirement: vote_requirement(electorate),
        met: true,
    };
    assert_eq!(
        vote_checks(approved_ready()),
        [unmet(Electorate::Committee), unmet(Electorate::Network)]
    );
    assert_eq!(
        vote_checks(approved_by_committee()),
        [met(Electorate::Committee), unmet(Electorate::Network)]
    );
    // Everything else is met: the network's vote is all the gate lacks.
    let application = after(approved_by_committee());
    assert_eq!(application.gate_votes_passed(), vec![Electorate::Committee]);
    let gate = Policy::default()
        .gate(Stage::Approved)
        .cloned()
        .expect("gate");
    assert_eq!(
        application.missing_for(&gate, None),
        [vote_requirement(Electorate::Network)]
    );
    assert_eq!(
        application.missing_for(&gate, Some(Electorate::Network)),
        []
    );
}

#[tokio::test]
async fn the_committees_vote_carried_out_again_changes_nothing() {
    given(approved_by_committee())
        .when_async(by(secretary(), committee_approval()))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn a_second_committee_vote_on_the_gate_is_not_recorded() {
    let again = advance(
        Stage::Approved,
        passed_advance(another_vote(), Stage::Approved),
    );
    given(approved_by_committee())
        .when_async(by(secretary(), again))
        .await
        .then_expect_error(gate_not_met(
            Stage::Approved,
            vec![vote_requirement(Electorate::Network)],
        ));
}

#[tokio::test]
async fn a_passed_vote_is_not_recorded_while_the_gate_lacks_more_than_votes() {
    // The space design is missing: the committee's vote is refused, not kept for later.
    let without_space_design = [
        candidate(),
        reviewed_by_two(9, &[DocumentKind::FuturePlan]),
        interview_held(2, Stage::Candidate),
    ]
    .concat();
    given(without_space_design)
        .when_async(by(secretary(), committee_approval()))
        .await
        .then_expect_error(gate_not_met(
            Stage::Approved,
            vec![
                Requirement::Document {
                    kind: DocumentKind::SpaceDesign,
                },
                vote_requirement(Electorate::Network),
            ],
        ));
}

#[tokio::test]
async fn a_passed_vote_of_an_electorate_the_gate_does_not_take_is_not_recorded() {
    // The candidate gate takes the committee's vote only.
    let network = advance(
        Stage::Candidate,
        passed_network_advance(candidacy_vote(), Stage::Candidate),
    );
    given(candidate_ready())
        .when_async(by(secretary(), network))
        .await
        .then_expect_error(gate_not_met(
            Stage::Candidate,
            vec![vote_requirement(Electorate::Committee)],
        ));
}

#[tokio::test]
async fn a_failed_network_vote_does_not_approve() {
    let failed = VoteDecision {
        outcome: Outcome::Failed,
        ..passed_network_advance(network_approval_vote(), Stage::Approved)
    };
    given(approved_by_committee())
        .when_async(by(secretary(), advance(Stage::Approved, failed)))
        .await
        .then_expect_error(ApplicationError::VoteNotPassed {
            vote_id: network_approval_vote(),
        });
}

#[test]
fn a_passed_gate_vote_does_not_survive_a_stage_change() {
    // Advancing into `approved` clears it: the next gate starts afresh.
    assert_eq!(after(approved()).gate_votes_passed(), vec![]);
    // So does leaving the stage and coming back: rejected, then reopened on appeal.
    let reopened = after(reopened_after_the_committees_approval());
    assert_eq!(reopened.stage(), Some(Stage::Candidate));
    assert_eq!(reopened.gate_votes_passed(), vec![]);
}

#[tokio::test]
async fn after_a_reopening_the_committee_must_vote_again_before_the_network_approves() {
    given(reopened_after_the_committees_approval())
        .when_async(by(
            secretary(),
            ApplicationCommand::AdvanceStage {
                to: Stage::Approved,
                vote: None,
            },
        ))
        .await
        .then_expect_error(gate_not_met(
            Stage::Approved,
            vec![
                vote_requirement(Electorate::Committee),
                vote_requirement(Electorate::Network),
            ],
        ));
}
