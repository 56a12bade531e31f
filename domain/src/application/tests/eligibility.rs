//! The eligibility gate: the secretariat checks the basics of an applied application.

use super::*;
use DocumentKind::PreliminaryReport;

fn grant(note: Option<&str>) -> ApplicationCommand {
    ApplicationCommand::GrantEligibility {
        note: note.map(str::to_owned),
    }
}

fn eligibility_granted(note: Option<&str>) -> ApplicationEvent {
    ApplicationEvent::EligibilityGranted {
        note: note.map(str::to_owned),
        policy_version: policy_version(),
        at: now(),
    }
}

#[tokio::test]
async fn the_secretariat_grants_eligibility_to_an_applied_application() {
    given(opened())
        .when_async(by(secretary(), grant(Some("  Basics checked by phone. "))))
        .await
        .then_expect_events(vec![eligibility_granted(Some("Basics checked by phone."))]);
}

#[tokio::test]
async fn a_blank_eligibility_note_is_left_out() {
    given(opened())
        .when_async(by(secretary(), grant(Some(" \n "))))
        .await
        .then_expect_events(vec![eligibility_granted(None)]);
}

#[tokio::test]
async fn advancing_an_applied_application_to_eligible_grants_eligibility() {
    given(opened())
        .when_async(by(
            secretary(),
            ApplicationCommand::AdvanceStage {
                to: Stage::Eligible,
                vote: None,
            },
        ))
        .await
        .then_expect_events(vec![eligibility_granted(None)]);
}

#[tokio::test]
async fn eligibility_is_granted_only_to_an_applied_application() {
    for (from, history) in [
        (Stage::Eligible, eligible()),
        (Stage::Candidate, candidate()),
    ] {
        given(history.clone())
            .when_async(by(secretary(), grant(None)))
            .await
            .then_expect_error(ApplicationError::IllegalTransition {
                from,
                to: Stage::Eligible,
            });
        given(history)
            .when_async(by(
                secretary(),
                ApplicationCommand::AdvanceStage {
                    to: Stage::Eligible,
                    vote: None,
                },
            ))
            .await
            .then_expect_error(ApplicationError::IllegalTransition {
                from,
                to: Stage::Eligible,
            });
    }
}

#[tokio::test]
async fn only_the_secretariat_grants_eligibility() {
    for actor in [founder(), ana(), committee_member()] {
        let role = actor.role;
        given(opened())
            .when_async(by(actor, grant(None)))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "grant eligibility",
            });
    }
}

#[tokio::test]
async fn an_unanswered_revision_request_holds_back_eligibility() {
    let history = [
        opened(),
        vec![
            submitted(PreliminaryReport, 1),
            revision_requested(1, PreliminaryReport),
        ],
    ]
    .concat();
    given(history)
        .when_async(by(secretary(), grant(None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::Eligible,
            vec![Requirement::RevisionAnswered {
                request: 1,
                kind: PreliminaryReport,
            }],
        ));
}

#[tokio::test]
async fn no_eligibility_is_granted_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), grant(None)))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
