//! Appealing a rejection: the founders lodge one appeal; a committee vote on the appeal
//! grants it (the application reopens where it was rejected) or dismisses it for good.

use super::*;

// ---- histories ---------------------------------------------------------------------------

/// A candidate rejected by the rejection vote.
fn rejected_as_candidate() -> Vec<ApplicationEvent> {
    let rejection = ApplicationEvent::ApplicationRejected {
        stage: Stage::Candidate,
        reason: rejection_grounds(),
        vote_id: Some(rejection_vote()),
        at: day(400),
    };
    [candidate(), vec![rejection]].concat()
}

fn appeal_lodged() -> ApplicationEvent {
    ApplicationEvent::AppealLodged {
        grounds: "The other hub closed last year.".to_owned(),
        at: day(410),
    }
}

/// `rejection`, then an appeal awaiting its vote.
fn appealed(rejection: Vec<ApplicationEvent>) -> Vec<ApplicationEvent> {
    [rejection, vec![appeal_lodged()]].concat()
}

/// A candidate rejected, appealed and reopened as a candidate.
fn reopened_as_candidate() -> Vec<ApplicationEvent> {
    let granted = ApplicationEvent::AppealGranted {
        vote_id: appeal_vote(),
        reopened_in: Stage::Candidate,
        at: day(450),
    };
    [appealed(rejected_as_candidate()), vec![granted]].concat()
}

/// A candidate rejected, appealed, and the appeal dismissed.
fn appeal_dismissed() -> Vec<ApplicationEvent> {
    let dismissed = ApplicationEvent::AppealDismissed {
        vote_id: appeal_vote(),
        at: day(450),
    };
    [appealed(rejected_as_candidate()), vec![dismissed]].concat()
}

// ---- commands ----------------------------------------------------------------------------

fn lodge(grounds: &str) -> ApplicationCommand {
    ApplicationCommand::LodgeAppeal {
        grounds: grounds.to_owned(),
    }
}

fn decide(outcome: Outcome) -> ApplicationCommand {
    ApplicationCommand::DecideAppeal {
        vote: decided_vote(appeal_vote(), Motion::Appeal, outcome),
    }
}

fn granted_in(reopened_in: Stage) -> ApplicationEvent {
    ApplicationEvent::AppealGranted {
        vote_id: appeal_vote(),
        reopened_in,
        at: now(),
    }
}

// ---- lodging -----------------------------------------------------------------------------

#[tokio::test]
async fn the_founders_appeal_a_rejection_with_their_grounds() {
    given(rejected_as_candidate())
        .when_async(by(founder(), lodge("  The other hub closed last year. ")))
        .await
        .then_expect_events(vec![ApplicationEvent::AppealLodged {
            grounds: "The other hub closed last year.".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn an_appeal_states_its_grounds() {
    given(rejected_as_candidate())
        .when_async(by(founder(), lodge(" \n ")))
        .await
        .then_expect_error(invalid("grounds", InputProblem::Blank));
}

#[tokio::test]
async fn only_the_founders_lodge_an_appeal() {
    for actor in [
        secretary(),
        committee_member(),
        ana(),
        Actor::system("test"),
    ] {
        let role = actor.role;
        given(rejected_as_candidate())
            .when_async(by(actor, lodge("The other hub closed.")))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "lodge an appeal",
            });
    }
}

#[tokio::test]
async fn a_founder_cannot_appeal_another_teams_rejection() {
    given(rejected_as_candidate())
        .when_async(by(founder_of_another_application(), lodge("Unfair.")))
        .await
        .then_expect_error(ApplicationError::NotYourApplication);
}

#[tokio::test]
async fn only_a_rejected_application_can_be_appealed() {
    let cases = [
        (Stage::Applied, opened()),
        (Stage::Candidate, candidate()),
        (Stage::Withdrawn, withdrawn()),
        (Stage::Initiative, initiative()),
    ];
    for (stage, history) in cases {
        given(history)
            .when_async(by(founder(), lodge("Unfair.")))
            .await
            .then_expect_error(ApplicationError::NotRejected { stage });
    }
}

#[tokio::test]
async fn a_rejection_at_the_eligibility_gate_can_be_appealed_too() {
    let result = given(rejected())
        .when_async(by(founder(), lodge("Unfair.")))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn an_application_appeals_only_once() {
    let histories = [
        appealed(rejected_as_candidate()),
        appeal_dismissed(),
        // Reopened by its appeal, then rejected again.
        [reopened_as_candidate(), rejected_again()].concat(),
    ];
    for history in histories {
        given(history)
            .when_async(by(founder(), lodge("Unfair.")))
            .await
            .then_expect_error(ApplicationError::AlreadyAppealed);
    }
}

fn rejected_again() -> Vec<ApplicationEvent> {
    vec![ApplicationEvent::ApplicationRejected {
        stage: Stage::Candidate,
        reason: rejection_grounds(),
        vote_id: Some(another_vote()),
        at: day(600),
    }]
}

// ---- deciding ----------------------------------------------------------------------------

#[tokio::test]
async fn a_passed_appeal_vote_reopens_the_application_in_the_stage_it_was_rejected_in() {
    given(appealed(rejected_as_candidate()))
        .when_async(by(secretary(), decide(Outcome::Passed)))
        .await
        .then_expect_events(vec![granted_in(Stage::Candidate)]);
}

#[tokio::test]
async fn an_application_rejected_at_the_eligibility_gate_reopens_as_applied() {
    given(appealed(rejected()))
        .when_async(by(secretary(), decide(Outcome::Passed)))
        .await
        .then_expect_events(vec![granted_in(Stage::Applied)]);
}

#[tokio::test]
async fn a_failed_or_inquorate_appeal_vote_dismisses_the_appeal() {
    for outcome in [Outcome::Failed, Outcome::NoQuorum] {
        given(appealed(rejected_as_candidate()))
            .when_async(by(secretary(), decide(outcome)))
            .await
            .then_expect_events(vec![ApplicationEvent::AppealDismissed {
                vote_id: appeal_vote(),
                at: now(),
            }]);
    }
}

#[tokio::test]
async fn charter_carries_out_an_appeal_vote() {
    given(appealed(rejected_as_candidate()))
        .when_async(by(Actor::system("vote outcome"), decide(Outcome::Passed)))
        .await
        .then_expect_events(vec![granted_in(Stage::Candidate)]);
}

#[tokio::test]
async fn founders_committee_members_and_panelists_do_not_decide_an_appeal() {
    for actor in [founder(), committee_member(), ana()] {
        let role = actor.role;
        given(appealed(rejected_as_candidate()))
            .when_async(by(actor, decide(Outcome::Passed)))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "decide an appeal",
            });
    }
}

#[tokio::test]
async fn an_appeal_is_decided_only_when_one_awaits_a_decision() {
    // A second appeal vote, since the dismissal already carried out the first.
    let second_vote = ApplicationCommand::DecideAppeal {
        vote: passed(another_vote(), Motion::Appeal),
    };
    for history in [rejected_as_candidate(), appeal_dismissed(), candidate()] {
        given(history)
            .when_async(by(secretary(), second_vote.clone()))
            .await
            .then_expect_error(ApplicationError::NoPendingAppeal);
    }
}

#[tokio::test]
async fn an_appeal_is_decided_only_by_a_vote_on_the_appeal() {
    let motions = [
        Motion::Reject {
            grounds: rejection_grounds(),
        },
        Motion::Advance {
            to: Stage::Candidate,
        },
    ];
    for motion in motions {
        let command = ApplicationCommand::DecideAppeal {
            vote: passed(appeal_vote(), motion),
        };
        given(appealed(rejected_as_candidate()))
            .when_async(by(secretary(), command))
            .await
            .then_expect_error(ApplicationError::VoteDecidedAnotherMotion {
                vote_id: appeal_vote(),
            });
    }
}

#[tokio::test]
async fn an_appeal_vote_about_another_application_does_not_decide_this_appeal() {
    let vote = VoteDecision {
        application_id: ApplicationId(Uuid::from_u128(0xB992)),
        ..passed(appeal_vote(), Motion::Appeal)
    };
    given(appealed(rejected_as_candidate()))
        .when_async(by(secretary(), ApplicationCommand::DecideAppeal { vote }))
        .await
        .then_expect_error(ApplicationError::VoteAboutAnotherApplication {
            vote_id: appeal_vote(),
        });
}

#[tokio::test]
async fn an_appeal_vote_carried_out_again_changes_nothing() {
    for history in [reopened_as_candidate(), appeal_dismissed()] {
        given(history)
            .when_async(by(secretary(), decide(Outcome::Passed)))
            .await
            .then_expect_events(vec![]);
    }
}

// ---- after the decision ------------------------------------------------------------------

#[tokio::test]
async fn after_a_granted_appeal_the_application_advances_again() {
    let history = [
        reopened_as_candidate(),
        approval_dossier(),
        interview_held(2, Stage::Candidate),
    ]
    .concat();
    // The committee's vote first: recorded, the gate awaits the network's.
    let committee = ApplicationCommand::AdvanceStage {
        to: Stage::Approved,
        vote: Some(passed_advance(approval_vote(), Stage::Approved)),
    };
    let recorded = ApplicationEvent::GateVotePassed {
        vote_id: approval_vote(),
        to: Stage::Approved,
        electorate: Electorate::Committee,
        at: now(),
    };
    given(history.clone())
        .when_async(by(secretary(), committee))
        .await
        .then_expect_events(vec![recorded.clone()]);
    // Then the network's, which advances it.
    let network = ApplicationCommand::AdvanceStage {
        to: Stage::Approved,
        vote: Some(passed_network_advance(
            network_approval_vote(),
            Stage::Approved,
        )),
    };
    given([history, vec![recorded]].concat())
        .when_async(by(secretary(), network))
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
async fn after_a_granted_appeal_the_founders_may_withdraw() {
    let result = given(reopened_as_candidate())
        .when_async(by(founder(), ApplicationCommand::Withdraw { reason: None }))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn the_vote_that_rejected_the_application_cannot_reject_it_again_after_the_appeal() {
    let same_vote_again = ApplicationCommand::Reject {
        reason: rejection_grounds(),
        vote: Some(passed_rejection(rejection_vote())),
    };
    given(reopened_as_candidate())
        .when_async(by(secretary(), same_vote_again))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn a_new_rejection_vote_rejects_a_reopened_application() {
    let new_vote = ApplicationCommand::Reject {
        reason: rejection_grounds(),
        vote: Some(passed_rejection(another_vote())),
    };
    given(reopened_as_candidate())
        .when_async(by(secretary(), new_vote))
        .await
        .then_expect_events(vec![ApplicationEvent::ApplicationRejected {
            stage: Stage::Candidate,
            reason: rejection_grounds(),
            vote_id: Some(another_vote()),
            at: now(),
        }]);
}

#[tokio::test]
async fn a_pending_or_dismissed_appeal_leaves_the_application_closed() {
    for history in [appealed(rejected_as_candidate()), appeal_dismissed()] {
        given(history)
            .when_async(by(
                secretary(),
                ApplicationCommand::ScheduleInterview {
                    scheduled_for: day(1_010),
                    location: "Rua do Almada 10, Porto".to_owned(),
                },
            ))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed {
                stage: Stage::Rejected,
            });
    }
}
