//! Carrying out committee votes: a vote must be about this application, decide the motion
//! the command claims and have passed; a vote is carried out once; Charter itself may
//! carry one out.

use super::*;
use crate::actor::Role;
use cqrs_es::DomainEvent;

fn advance_to_candidate(vote: VoteDecision) -> ApplicationCommand {
    ApplicationCommand::AdvanceStage {
        to: Stage::Candidate,
        vote: Some(vote),
    }
}

fn reject(vote: VoteDecision) -> ApplicationCommand {
    ApplicationCommand::Reject {
        reason: rejection_grounds(),
        vote: Some(vote),
    }
}

fn became_a_candidate() -> ApplicationEvent {
    ApplicationEvent::StageAdvanced {
        from: Stage::PreCandidate,
        to: Stage::Candidate,
        vote_id: Some(candidacy_vote()),
        policy_version: policy_version(),
        at: now(),
    }
}

fn rejected_as(stage: Stage) -> ApplicationEvent {
    ApplicationEvent::ApplicationRejected {
        stage,
        reason: rejection_grounds(),
        vote_id: Some(rejection_vote()),
        at: now(),
    }
}

/// Charter, carrying out the outcome of a closed vote.
fn charter() -> Actor {
    Actor::system("vote outcome")
}

#[tokio::test]
async fn a_vote_about_another_application_does_not_advance_this_one() {
    let elsewhere = VoteDecision {
        application_id: ApplicationId(Uuid::from_u128(0xB992)),
        ..passed_advance(candidacy_vote(), Stage::Candidate)
    };
    given(candidate_ready())
        .when_async(by(secretary(), advance_to_candidate(elsewhere)))
        .await
        .then_expect_error(ApplicationError::VoteAboutAnotherApplication {
            vote_id: candidacy_vote(),
        });
}

#[tokio::test]
async fn a_vote_about_another_application_does_not_reject_this_one() {
    let elsewhere = VoteDecision {
        application_id: ApplicationId(Uuid::from_u128(0xB992)),
        ..passed_rejection(rejection_vote())
    };
    given(candidate())
        .when_async(by(secretary(), reject(elsewhere)))
        .await
        .then_expect_error(ApplicationError::VoteAboutAnotherApplication {
            vote_id: rejection_vote(),
        });
}

#[tokio::test]
async fn a_vote_that_decided_another_motion_does_not_advance_the_application() {
    let motions = [
        Motion::Advance {
            to: Stage::Approved,
        },
        Motion::Reject {
            grounds: rejection_grounds(),
        },
        Motion::Appeal,
    ];
    for motion in motions {
        given(candidate_ready())
            .when_async(by(
                secretary(),
                advance_to_candidate(passed(candidacy_vote(), motion)),
            ))
            .await
            .then_expect_error(ApplicationError::VoteDecidedAnotherMotion {
                vote_id: candidacy_vote(),
            });
    }
}

#[tokio::test]
async fn a_vote_to_advance_does_not_reject_the_application() {
    let to_approve = passed_advance(rejection_vote(), Stage::Approved);
    given(candidate())
        .when_async(by(secretary(), reject(to_approve)))
        .await
        .then_expect_error(ApplicationError::VoteDecidedAnotherMotion {
            vote_id: rejection_vote(),
        });
}

#[tokio::test]
async fn a_vote_that_did_not_pass_does_not_advance_the_application() {
    for outcome in [Outcome::Failed, Outcome::NoQuorum] {
        let vote = decided_vote(
            candidacy_vote(),
            Motion::Advance {
                to: Stage::Candidate,
            },
            outcome,
        );
        given(candidate_ready())
            .when_async(by(secretary(), advance_to_candidate(vote)))
            .await
            .then_expect_error(ApplicationError::VoteNotPassed {
                vote_id: candidacy_vote(),
            });
    }
}

#[tokio::test]
async fn a_rejection_vote_that_did_not_pass_does_not_reject_the_application() {
    for outcome in [Outcome::Failed, Outcome::NoQuorum] {
        let vote = VoteDecision {
            outcome,
            ..passed_rejection(rejection_vote())
        };
        given(candidate())
            .when_async(by(secretary(), reject(vote)))
            .await
            .then_expect_error(ApplicationError::VoteNotPassed {
                vote_id: rejection_vote(),
            });
    }
}

#[tokio::test]
async fn the_vote_is_checked_before_the_gate() {
    // The gate lacks its interview, but the vote is the first thing wrong with the command.
    let failed = decided_vote(
        candidacy_vote(),
        Motion::Advance {
            to: Stage::Candidate,
        },
        Outcome::Failed,
    );
    given([pre_candidate(), candidacy_dossier()].concat())
        .when_async(by(secretary(), advance_to_candidate(failed)))
        .await
        .then_expect_error(ApplicationError::VoteNotPassed {
            vote_id: candidacy_vote(),
        });
}

#[tokio::test]
async fn an_advance_vote_carried_out_again_changes_nothing_though_the_stage_has_moved() {
    // `candidate()` already holds the advance that carried out the candidacy vote.
    given(candidate())
        .when_async(by(
            secretary(),
            advance_to_candidate(passed_advance(candidacy_vote(), Stage::Candidate)),
        ))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn a_carried_out_vote_cited_for_another_motion_is_refused_not_ignored() {
    // The candidacy vote decided the advance into candidate, not the one into approved.
    given(candidate())
        .when_async(by(
            secretary(),
            ApplicationCommand::AdvanceStage {
                to: Stage::Approved,
                vote: Some(passed_advance(candidacy_vote(), Stage::Candidate)),
            },
        ))
        .await
        .then_expect_error(ApplicationError::VoteDecidedAnotherMotion {
            vote_id: candidacy_vote(),
        });
}

#[tokio::test]
async fn a_rejection_vote_carried_out_again_changes_nothing_though_the_application_is_closed() {
    given([candidate(), vec![rejected_as(Stage::Candidate)]].concat())
        .when_async(by(charter(), reject(passed_rejection(rejection_vote()))))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn a_vote_carried_out_in_the_same_session_twice_gives_events_only_the_first_time() {
    let first = given(candidate_ready())
        .when_async(by(
            charter(),
            advance_to_candidate(passed_advance(candidacy_vote(), Stage::Candidate)),
        ))
        .await
        .inspect_result()
        .expect("the first time the vote is carried out");
    assert_eq!(first, vec![became_a_candidate()]);
    given([candidate_ready(), first].concat())
        .when_async(by(
            charter(),
            advance_to_candidate(passed_advance(candidacy_vote(), Stage::Candidate)),
        ))
        .await
        .then_expect_events(vec![]);
}

#[tokio::test]
async fn charter_carries_out_a_passed_vote_to_advance() {
    given(candidate_ready())
        .when_async(by(
            charter(),
            advance_to_candidate(passed_advance(candidacy_vote(), Stage::Candidate)),
        ))
        .await
        .then_expect_events(vec![became_a_candidate()]);
}

#[tokio::test]
async fn charter_carries_out_a_passed_vote_to_reject() {
    given(candidate())
        .when_async(by(charter(), reject(passed_rejection(rejection_vote()))))
        .await
        .then_expect_events(vec![rejected_as(Stage::Candidate)]);
}

#[tokio::test]
async fn charter_acts_only_on_a_vote_never_on_its_own_authority() {
    let commands = [
        ApplicationCommand::Reject {
            reason: rejection_grounds(),
            vote: None,
        },
        ApplicationCommand::AdvanceStage {
            to: Stage::Approved,
            vote: None,
        },
    ];
    for command in commands {
        let action = command.action();
        given(candidate())
            .when_async(by(charter(), command))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role: Role::System,
                action,
            });
    }
}

#[tokio::test]
async fn committee_members_and_panelists_do_not_carry_out_votes_themselves() {
    for actor in [committee_member(), ana()] {
        let role = actor.role;
        given(candidate_ready())
            .when_async(by(
                actor.clone(),
                advance_to_candidate(passed_advance(candidacy_vote(), Stage::Candidate)),
            ))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "advance the stage",
            });
        given(candidate())
            .when_async(by(actor, reject(passed_rejection(rejection_vote()))))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "reject an application",
            });
    }
}

#[tokio::test]
async fn a_refused_role_is_refused_even_for_a_vote_already_carried_out() {
    given(candidate())
        .when_async(by(
            committee_member(),
            advance_to_candidate(passed_advance(candidacy_vote(), Stage::Candidate)),
        ))
        .await
        .then_expect_error(ApplicationError::RoleNotPermitted {
            role: Role::Committee,
            action: "advance the stage",
        });
}

#[test]
fn the_events_that_carry_out_a_vote_are_the_ones_named_as_carrying_out_votes() {
    let vote_id = rejection_vote();
    let carrying = [
        became_a_candidate(),
        gate_vote_passed(approval_vote(), Stage::Approved, Electorate::Committee),
        rejected_as(Stage::Candidate),
        ApplicationEvent::AppealGranted {
            vote_id,
            reopened_in: Stage::Candidate,
            at: now(),
        },
        ApplicationEvent::AppealDismissed { vote_id, at: now() },
    ];
    for event in &carrying {
        assert!(event.vote().is_some(), "{event:?}");
        assert!(
            ApplicationEvent::CARRYING_OUT_VOTES.contains(&event.event_type().as_str()),
            "{} is not named",
            event.event_type()
        );
    }
    let named: std::collections::HashSet<String> =
        carrying.iter().map(DomainEvent::event_type).collect();
    assert_eq!(named.len(), ApplicationEvent::CARRYING_OUT_VOTES.len());
}
