//! Releasing panel feedback to the founders: a review as it stands, without its author.

use super::*;
use DocumentKind::PreliminaryReport;

/// Ana's review 1 of the preliminary report, filed recommending a revision, then revised
/// to recommend advance (revision 2).
fn reviewed_and_revised() -> Vec<ApplicationEvent> {
    [
        eligible_with_panel(),
        vec![
            submitted(PreliminaryReport, 1),
            review_filed(1, &ana(), PreliminaryReport, 1, Recommendation::Revise),
            review_revised(1, 2, Recommendation::Advance),
        ],
    ]
    .concat()
}

fn release(review: u32, revision: u32, note: Option<&str>) -> ApplicationCommand {
    ApplicationCommand::ReleaseFeedback {
        review,
        revision,
        note: note.map(str::to_owned),
    }
}

fn released(revision: u32, recommendation: Recommendation) -> ApplicationEvent {
    ApplicationEvent::PanelFeedbackReleased {
        review: 1,
        revision,
        kind: PreliminaryReport,
        version: 1,
        assessment: assessment(recommendation),
        note: Some("The panel's view, as promised.".to_owned()),
        at: now(),
    }
}

#[tokio::test]
async fn the_secretariat_releases_the_latest_revision_of_a_review_with_what_was_shown() {
    given(reviewed_and_revised())
        .when_async(by(
            secretary(),
            release(1, 2, Some("  The panel's view, as promised. ")),
        ))
        .await
        .then_expect_events(vec![released(2, Recommendation::Advance)]);
}

#[tokio::test]
async fn a_release_is_refused_once_that_revision_is_out_and_allowed_again_after_a_revision() {
    let mut history = reviewed_and_revised();
    history.push(released(2, Recommendation::Advance));
    given(history.clone())
        .when_async(by(secretary(), release(1, 2, None)))
        .await
        .then_expect_error(ApplicationError::FeedbackAlreadyReleased {
            review: 1,
            revision: 2,
        });
    history.push(review_revised(1, 3, Recommendation::Reject));
    given(history)
        .when_async(by(secretary(), release(1, 3, None)))
        .await
        .then_expect_events(vec![ApplicationEvent::PanelFeedbackReleased {
            review: 1,
            revision: 3,
            kind: PreliminaryReport,
            version: 1,
            assessment: assessment(Recommendation::Reject),
            note: None,
            at: now(),
        }]);
}

#[tokio::test]
async fn only_the_secretariat_releases_feedback() {
    for actor in [founder(), ana(), committee_member()] {
        let role = actor.role;
        given(reviewed_and_revised())
            .when_async(by(actor, release(1, 2, None)))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "release panel feedback",
            });
    }
}

#[tokio::test]
async fn an_unknown_review_cannot_be_released() {
    given(reviewed_and_revised())
        .when_async(by(secretary(), release(2, 1, None)))
        .await
        .then_expect_error(ApplicationError::UnknownReview(2));
}

#[tokio::test]
async fn feedback_can_be_released_after_the_application_has_closed() {
    let mut history = reviewed_and_revised();
    history.push(ApplicationEvent::ApplicationWithdrawn {
        stage: Stage::Eligible,
        reason: None,
        at: day(120),
    });
    given(history)
        .when_async(by(
            secretary(),
            release(1, 2, Some("The panel's view, as promised.")),
        ))
        .await
        .then_expect_events(vec![released(2, Recommendation::Advance)]);
}

#[tokio::test]
async fn an_overlong_note_is_refused() {
    given(reviewed_and_revised())
        .when_async(by(secretary(), release(1, 2, Some(&"x".repeat(4_001)))))
        .await
        .then_expect_error(invalid("note", InputProblem::TooLong { max: 4_000 }));
}

#[tokio::test]
async fn a_revision_other_than_the_latest_is_not_released() {
    for stale in [1, 3] {
        given(reviewed_and_revised())
            .when_async(by(secretary(), release(1, stale, None)))
            .await
            .then_expect_error(ApplicationError::NotLatestRevision {
                review: 1,
                revision: stale,
                latest: 2,
            });
    }
}
