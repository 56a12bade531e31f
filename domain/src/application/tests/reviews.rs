//! Panel reviews: filing a review of one document version, and revising it.

use super::*;
use DocumentKind::{FinancialProjection, PreliminaryReport};

/// Eligible, with Ana, Bruno and Chidi on the panel and version 1 of the preliminary report.
fn report_submitted() -> Vec<ApplicationEvent> {
    [eligible_with_panel(), vec![submitted(PreliminaryReport, 1)]].concat()
}

/// `report_submitted()` and Ana's review 1 of it, recommending a revision.
fn report_reviewed_by_ana() -> Vec<ApplicationEvent> {
    let review = review_filed(1, &ana(), PreliminaryReport, 1, Recommendation::Revise);
    [report_submitted(), vec![review]].concat()
}

fn file(kind: DocumentKind, version: u32, assessment: Assessment) -> ApplicationCommand {
    ApplicationCommand::FileReview {
        kind,
        version,
        assessment,
    }
}

fn file_report_review() -> ApplicationCommand {
    file(PreliminaryReport, 1, assessment(Recommendation::Advance))
}

fn revise(review: u32, assessment: Assessment) -> ApplicationCommand {
    ApplicationCommand::ReviseReview { review, assessment }
}

/// An assessment whose score for `criterion` is `score`, or absent when `None`.
fn scored(criterion: &str, score: Option<u8>) -> Assessment {
    let mut assessment = assessment(Recommendation::Advance);
    match score {
        Some(score) => assessment.scores.insert(criterion.to_owned(), score),
        None => assessment.scores.remove(criterion),
    };
    assessment
}

#[tokio::test]
async fn an_assigned_panelist_files_a_review_of_a_submitted_version() {
    let mut sent = assessment(Recommendation::Advance);
    sent.comments = format!("  {}\n", sent.comments);
    given(report_submitted())
        .when_async(by(ana(), file(PreliminaryReport, 1, sent)))
        .await
        .then_expect_events(vec![ApplicationEvent::PanelReviewFiled {
            review: 1,
            panelist_id: ana().id,
            kind: PreliminaryReport,
            version: 1,
            assessment: assessment(Recommendation::Advance),
            at: now(),
        }]);
}

#[tokio::test]
async fn reviews_are_numbered_within_the_application() {
    let events = given(pre_candidate_ready())
        .when_async(by(chidi(), file_report_review()))
        .await
        .inspect_result()
        .expect("Chidi may review the report");
    assert!(matches!(
        events.as_slice(),
        [ApplicationEvent::PanelReviewFiled { review: 3, .. }]
    ));
}

#[tokio::test]
async fn a_panelist_who_declared_a_conflict_cannot_file_a_review() {
    given([report_submitted(), vec![conflict_declared(&ana())]].concat())
        .when_async(by(ana(), file_report_review()))
        .await
        .then_expect_error(ApplicationError::PanelistRecused);
}

#[tokio::test]
async fn a_panelist_not_on_the_panel_cannot_file_a_review() {
    given(report_submitted())
        .when_async(by(dara(), file_report_review()))
        .await
        .then_expect_error(ApplicationError::PanelistNotAssigned);
}

#[tokio::test]
async fn a_review_must_name_a_version_that_was_submitted() {
    let unknown = [
        (PreliminaryReport, 2),
        (FinancialProjection, 1),
        (PreliminaryReport, 0),
    ];
    for (kind, version) in unknown {
        given(report_submitted())
            .when_async(by(
                ana(),
                file(kind, version, assessment(Recommendation::Advance)),
            ))
            .await
            .then_expect_error(ApplicationError::UnknownDocumentVersion { kind, version });
    }
}

#[tokio::test]
async fn a_panelist_reviews_each_version_only_once() {
    given(report_reviewed_by_ana())
        .when_async(by(ana(), file_report_review()))
        .await
        .then_expect_error(ApplicationError::ReviewAlreadyFiled {
            review: 1,
            kind: PreliminaryReport,
            version: 1,
        });
}

#[tokio::test]
async fn a_panelist_who_reviewed_an_old_version_may_review_the_new_one() {
    let history = [
        report_reviewed_by_ana(),
        vec![submitted(PreliminaryReport, 2)],
    ]
    .concat();
    let events = given(history)
        .when_async(by(
            ana(),
            file(PreliminaryReport, 2, assessment(Recommendation::Advance)),
        ))
        .await
        .inspect_result()
        .expect("a new version is a new review");
    assert!(matches!(
        events.as_slice(),
        [ApplicationEvent::PanelReviewFiled {
            review: 2,
            version: 2,
            ..
        }]
    ));
}

#[tokio::test]
async fn only_panelists_file_reviews() {
    for actor in [founder(), secretary(), committee_member()] {
        let role = actor.role;
        given(report_submitted())
            .when_async(by(actor, file_report_review()))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "file a panel review",
            });
    }
}

#[tokio::test]
async fn a_review_scores_every_criterion_of_the_rubric_from_one_to_five() {
    let cases = [
        (
            scored("team", None),
            invalid("scores.team", InputProblem::Required),
        ),
        (
            scored("impact", Some(0)),
            invalid("scores.impact", InputProblem::OutOfRange { min: 1, max: 5 }),
        ),
        (
            scored("community", Some(6)),
            invalid(
                "scores.community",
                InputProblem::OutOfRange { min: 1, max: 5 },
            ),
        ),
        (
            scored("vibes", Some(3)),
            invalid("scores.vibes", InputProblem::UnknownName),
        ),
    ];
    for (sent, refusal) in cases {
        given(report_submitted())
            .when_async(by(ana(), file(PreliminaryReport, 1, sent)))
            .await
            .then_expect_error(refusal);
    }
}

#[tokio::test]
async fn a_review_must_comment() {
    let mut sent = assessment(Recommendation::Advance);
    sent.comments = " ".to_owned();
    given(report_submitted())
        .when_async(by(ana(), file(PreliminaryReport, 1, sent)))
        .await
        .then_expect_error(invalid("comments", InputProblem::Blank));
}

#[tokio::test]
async fn no_review_is_filed_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(ana(), file_report_review()))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}

#[tokio::test]
async fn the_author_revises_their_review_and_the_filing_counts_as_revision_one() {
    given(report_reviewed_by_ana())
        .when_async(by(ana(), revise(1, assessment(Recommendation::Advance))))
        .await
        .then_expect_events(vec![ApplicationEvent::PanelReviewRevised {
            review: 1,
            revision: 2,
            assessment: assessment(Recommendation::Advance),
            at: now(),
        }]);
}

#[tokio::test]
async fn each_revision_of_a_review_gets_the_next_number() {
    let history = [
        report_reviewed_by_ana(),
        vec![review_revised(1, 2, Recommendation::Advance)],
    ]
    .concat();
    let events = given(history)
        .when_async(by(ana(), revise(1, assessment(Recommendation::Reject))))
        .await
        .inspect_result()
        .expect("a review can be revised again");
    assert!(matches!(
        events.as_slice(),
        [ApplicationEvent::PanelReviewRevised {
            review: 1,
            revision: 3,
            ..
        }]
    ));
}

#[tokio::test]
async fn a_review_that_was_never_filed_cannot_be_revised() {
    for review in [0, 2] {
        given(report_reviewed_by_ana())
            .when_async(by(
                ana(),
                revise(review, assessment(Recommendation::Advance)),
            ))
            .await
            .then_expect_error(ApplicationError::UnknownReview(review));
    }
}

#[tokio::test]
async fn a_panelist_cannot_revise_another_panelists_review() {
    given(report_reviewed_by_ana())
        .when_async(by(bruno(), revise(1, assessment(Recommendation::Advance))))
        .await
        .then_expect_error(ApplicationError::NotReviewAuthor { review: 1 });
}

#[tokio::test]
async fn a_panelist_recused_after_reviewing_cannot_revise_the_review() {
    given([report_reviewed_by_ana(), vec![conflict_declared(&ana())]].concat())
        .when_async(by(ana(), revise(1, assessment(Recommendation::Advance))))
        .await
        .then_expect_error(ApplicationError::PanelistRecused);
}

#[tokio::test]
async fn only_panelists_revise_reviews() {
    given(report_reviewed_by_ana())
        .when_async(by(
            secretary(),
            revise(1, assessment(Recommendation::Advance)),
        ))
        .await
        .then_expect_error(ApplicationError::RoleNotPermitted {
            role: Role::Secretariat,
            action: "revise a panel review",
        });
}

#[tokio::test]
async fn a_revised_review_still_scores_the_whole_rubric() {
    given(report_reviewed_by_ana())
        .when_async(by(ana(), revise(1, scored("team", None))))
        .await
        .then_expect_error(invalid("scores.team", InputProblem::Required));
}

#[tokio::test]
async fn no_review_is_revised_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(ana(), revise(1, assessment(Recommendation::Advance))))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
