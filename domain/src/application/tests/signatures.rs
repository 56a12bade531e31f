//! Signing the membership agreement: the founders for their side, the secretariat for the
//! association; the second signature makes the application an initiative.

use super::*;

fn signature_recorded(party: Party, signatory: &Actor) -> ApplicationEvent {
    ApplicationEvent::SignatureRecorded {
        party,
        signatory_id: signatory.id,
        signatory_name: signatory.name.clone(),
        at: now(),
    }
}

fn became_an_initiative() -> ApplicationEvent {
    ApplicationEvent::StageAdvanced {
        from: Stage::Approved,
        to: Stage::Initiative,
        vote_id: None,
        policy_version: policy_version(),
        at: now(),
    }
}

#[tokio::test]
async fn a_founder_signs_first_for_the_founders() {
    given(approved())
        .when_async(by(founder(), ApplicationCommand::Sign))
        .await
        .then_expect_events(vec![signature_recorded(Party::Founders, &founder())]);
}

#[tokio::test]
async fn the_secretariat_signs_first_for_the_association() {
    given(approved())
        .when_async(by(secretary(), ApplicationCommand::Sign))
        .await
        .then_expect_events(vec![signature_recorded(Party::Association, &secretary())]);
}

#[tokio::test]
async fn the_association_signing_second_makes_the_application_an_initiative() {
    given([approved(), vec![signed(Party::Founders)]].concat())
        .when_async(by(secretary(), ApplicationCommand::Sign))
        .await
        .then_expect_events(vec![
            signature_recorded(Party::Association, &secretary()),
            became_an_initiative(),
        ]);
}

#[tokio::test]
async fn the_founders_signing_second_make_the_application_an_initiative() {
    given([approved(), vec![signed(Party::Association)]].concat())
        .when_async(by(founder(), ApplicationCommand::Sign))
        .await
        .then_expect_events(vec![
            signature_recorded(Party::Founders, &founder()),
            became_an_initiative(),
        ]);
}

#[tokio::test]
async fn a_side_signs_only_once() {
    let cases = [
        (founder(), Party::Founders),
        (secretary(), Party::Association),
    ];
    for (actor, party) in cases {
        given([approved(), vec![signed(party)]].concat())
            .when_async(by(actor, ApplicationCommand::Sign))
            .await
            .then_expect_error(ApplicationError::AlreadySigned { party });
    }
}

#[tokio::test]
async fn the_agreement_cannot_be_signed_before_approval() {
    let cases = [
        (Stage::Applied, opened()),
        (Stage::Eligible, eligible()),
        (Stage::PreCandidate, pre_candidate()),
        (Stage::Candidate, approved_ready()),
    ];
    for (stage, history) in cases {
        given(history)
            .when_async(by(founder(), ApplicationCommand::Sign))
            .await
            .then_expect_error(ApplicationError::NotReadyForSignature { stage });
    }
}

#[tokio::test]
async fn only_founders_and_the_secretariat_sign() {
    for actor in [ana(), committee_member()] {
        let role = actor.role;
        given(approved())
            .when_async(by(actor, ApplicationCommand::Sign))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "sign the membership agreement",
            });
    }
}

#[tokio::test]
async fn a_founder_cannot_sign_for_another_team() {
    given(approved())
        .when_async(by(
            founder_of_another_application(),
            ApplicationCommand::Sign,
        ))
        .await
        .then_expect_error(ApplicationError::NotYourApplication);
}

#[tokio::test]
async fn nothing_is_signed_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), ApplicationCommand::Sign))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
