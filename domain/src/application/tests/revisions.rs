//! Revision requests: the secretariat asks for a new version of a document by a deadline,
//! and the founders answer with one.

use super::documents::{document_submitted, submit};
use super::*;
use DocumentKind::{FinancialProjection, PreliminaryReport};

fn request_revision(kind: DocumentKind, deadline: DateTime<Utc>) -> ApplicationCommand {
    ApplicationCommand::RequestRevision {
        kind,
        deadline,
        reason: " The financial assumptions need sources. ".to_owned(),
    }
}

#[tokio::test]
async fn the_secretariat_requests_a_revision_of_a_submitted_document() {
    given([eligible(), vec![submitted(FinancialProjection, 1)]].concat())
        .when_async(by(
            secretary(),
            request_revision(FinancialProjection, day(1_100)),
        ))
        .await
        .then_expect_events(vec![ApplicationEvent::RevisionRequested {
            request: 1,
            kind: FinancialProjection,
            deadline: day(1_100),
            reason: "The financial assumptions need sources.".to_owned(),
            at: now(),
        }]);
}

#[tokio::test]
async fn revision_requests_are_numbered_within_the_application() {
    let history = [
        eligible(),
        vec![
            submitted(FinancialProjection, 1),
            revision_requested(1, FinancialProjection),
        ],
    ]
    .concat();
    let events = given(history)
        .when_async(by(
            secretary(),
            request_revision(FinancialProjection, day(1_100)),
        ))
        .await
        .inspect_result()
        .expect("a second request is accepted");
    assert!(matches!(
        events.as_slice(),
        [ApplicationEvent::RevisionRequested { request: 2, .. }]
    ));
}

#[tokio::test]
async fn a_revision_cannot_be_requested_of_a_document_never_submitted() {
    given(eligible())
        .when_async(by(
            secretary(),
            request_revision(FinancialProjection, day(1_100)),
        ))
        .await
        .then_expect_error(ApplicationError::NothingToRevise {
            kind: FinancialProjection,
        });
}

#[tokio::test]
async fn a_revision_deadline_must_lie_after_the_request() {
    for deadline in [now(), day(999)] {
        given([eligible(), vec![submitted(FinancialProjection, 1)]].concat())
            .when_async(by(
                secretary(),
                request_revision(FinancialProjection, deadline),
            ))
            .await
            .then_expect_error(invalid("deadline", InputProblem::NotInFuture));
    }
}

#[tokio::test]
async fn a_revision_request_must_give_a_reason() {
    let command = ApplicationCommand::RequestRevision {
        kind: FinancialProjection,
        deadline: day(1_100),
        reason: "\n ".to_owned(),
    };
    given([eligible(), vec![submitted(FinancialProjection, 1)]].concat())
        .when_async(by(secretary(), command))
        .await
        .then_expect_error(invalid("reason", InputProblem::Blank));
}

#[tokio::test]
async fn only_the_secretariat_requests_revisions() {
    given([eligible(), vec![submitted(FinancialProjection, 1)]].concat())
        .when_async(by(ana(), request_revision(FinancialProjection, day(1_100))))
        .await
        .then_expect_error(ApplicationError::RoleNotPermitted {
            role: Role::Panelist,
            action: "request a revision",
        });
}

#[tokio::test]
async fn no_revision_is_requested_once_the_application_has_ended() {
    given(withdrawn())
        .when_async(by(
            secretary(),
            request_revision(FinancialProjection, day(1_100)),
        ))
        .await
        .then_expect_error(ApplicationError::ApplicationClosed {
            stage: Stage::Withdrawn,
        });
}

#[tokio::test]
async fn a_new_version_answers_the_open_revision_request_for_its_kind() {
    let history = [
        eligible(),
        vec![
            submitted(FinancialProjection, 1),
            revision_requested(1, FinancialProjection),
        ],
    ]
    .concat();
    given(history)
        .when_async(by(
            founder(),
            submit(FinancialProjection, &digest(FinancialProjection, 2)),
        ))
        .await
        .then_expect_events(vec![
            document_submitted(FinancialProjection, 2),
            ApplicationEvent::RevisionRequestAnswered {
                request: 1,
                kind: FinancialProjection,
                version: 2,
                at: now(),
            },
        ]);
}

#[tokio::test]
async fn a_new_version_of_another_kind_leaves_a_revision_request_open() {
    let history = [
        eligible(),
        vec![
            submitted(FinancialProjection, 1),
            revision_requested(1, FinancialProjection),
        ],
    ]
    .concat();
    given(history)
        .when_async(by(
            founder(),
            submit(PreliminaryReport, &digest(PreliminaryReport, 1)),
        ))
        .await
        .then_expect_events(vec![document_submitted(PreliminaryReport, 1)]);
}

#[tokio::test]
async fn an_answered_revision_request_is_not_answered_again() {
    let history = [
        eligible(),
        vec![
            submitted(FinancialProjection, 1),
            revision_requested(1, FinancialProjection),
            submitted(FinancialProjection, 2),
            revision_answered(1, FinancialProjection, 2),
        ],
    ]
    .concat();
    given(history)
        .when_async(by(
            founder(),
            submit(FinancialProjection, &digest(FinancialProjection, 3)),
        ))
        .await
        .then_expect_events(vec![document_submitted(FinancialProjection, 3)]);
}

#[tokio::test]
async fn one_new_version_answers_every_open_request_for_its_kind() {
    let history = [
        eligible(),
        vec![
            submitted(FinancialProjection, 1),
            revision_requested(1, FinancialProjection),
            revision_requested(2, FinancialProjection),
        ],
    ]
    .concat();
    let answered = |request| ApplicationEvent::RevisionRequestAnswered {
        request,
        kind: FinancialProjection,
        version: 2,
        at: now(),
    };
    given(history)
        .when_async(by(
            founder(),
            submit(FinancialProjection, &digest(FinancialProjection, 2)),
        ))
        .await
        .then_expect_events(vec![
            document_submitted(FinancialProjection, 2),
            answered(1),
            answered(2),
        ]);
}
