//! Submitting documents: each submission is a new, immutable version.

use super::*;
use DocumentKind::{FinancialProjection, PreliminaryReport};

pub(super) fn submit(kind: DocumentKind, sha256: &str) -> ApplicationCommand {
    ApplicationCommand::SubmitDocument {
        kind,
        sha256: sha256.to_owned(),
        size: 48_213,
        media_type: "application/pdf".to_owned(),
        file_name: "report.pdf".to_owned(),
    }
}

/// The event `submit(kind, &digest(kind, version))` produces.
pub(super) fn document_submitted(kind: DocumentKind, version: u32) -> ApplicationEvent {
    ApplicationEvent::DocumentSubmitted {
        kind,
        version,
        sha256: digest(kind, version),
        size: 48_213,
        media_type: "application/pdf".to_owned(),
        file_name: "report.pdf".to_owned(),
        submitted_by: founder().id,
        at: now(),
    }
}

#[tokio::test]
async fn a_founder_submits_the_first_version_of_a_document() {
    let command = ApplicationCommand::SubmitDocument {
        kind: PreliminaryReport,
        sha256: digest(PreliminaryReport, 1).to_uppercase(),
        size: 48_213,
        media_type: "Application/PDF".to_owned(),
        file_name: " report.pdf ".to_owned(),
    };
    given(eligible())
        .when_async(by(founder(), command))
        .await
        .then_expect_events(vec![document_submitted(PreliminaryReport, 1)]);
}

#[tokio::test]
async fn a_new_version_of_a_document_gets_the_next_number() {
    given([eligible(), vec![submitted(PreliminaryReport, 1)]].concat())
        .when_async(by(
            founder(),
            submit(PreliminaryReport, &digest(PreliminaryReport, 2)),
        ))
        .await
        .then_expect_events(vec![document_submitted(PreliminaryReport, 2)]);
}

#[tokio::test]
async fn versions_are_numbered_per_kind_of_document() {
    given([eligible(), vec![submitted(PreliminaryReport, 1)]].concat())
        .when_async(by(
            founder(),
            submit(FinancialProjection, &digest(FinancialProjection, 1)),
        ))
        .await
        .then_expect_events(vec![document_submitted(FinancialProjection, 1)]);
}

#[tokio::test]
async fn a_version_with_the_same_content_as_the_latest_is_a_duplicate() {
    let same_bytes = digest(PreliminaryReport, 1).to_uppercase();
    given([eligible(), vec![submitted(PreliminaryReport, 1)]].concat())
        .when_async(by(founder(), submit(PreliminaryReport, &same_bytes)))
        .await
        .then_expect_error(ApplicationError::DuplicateDocument {
            kind: PreliminaryReport,
            version: 1,
        });
}

#[tokio::test]
async fn only_founders_submit_documents() {
    for actor in [secretary(), ana(), committee_member()] {
        let role = actor.role;
        given(eligible())
            .when_async(by(
                actor,
                submit(PreliminaryReport, &digest(PreliminaryReport, 1)),
            ))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "submit a document",
            });
    }
}

#[tokio::test]
async fn a_founder_cannot_submit_to_another_teams_application() {
    given(eligible())
        .when_async(by(
            founder_of_another_application(),
            submit(PreliminaryReport, &digest(PreliminaryReport, 1)),
        ))
        .await
        .then_expect_error(ApplicationError::NotYourApplication);
}

#[tokio::test]
async fn the_sha256_must_be_sixty_four_hexadecimal_digits() {
    let expected = invalid(
        "sha256",
        InputProblem::Malformed {
            expected: "64 hexadecimal digits",
        },
    );
    let too_short = "ab".repeat(31);
    let not_hex = "zz".repeat(32);
    for sha256 in [too_short.as_str(), not_hex.as_str(), ""] {
        given(eligible())
            .when_async(by(founder(), submit(PreliminaryReport, sha256)))
            .await
            .then_expect_error(expected.clone());
    }
}

#[tokio::test]
async fn an_empty_file_is_refused() {
    let command = ApplicationCommand::SubmitDocument {
        kind: PreliminaryReport,
        sha256: digest(PreliminaryReport, 1),
        size: 0,
        media_type: "application/pdf".to_owned(),
        file_name: "report.pdf".to_owned(),
    };
    given(eligible())
        .when_async(by(founder(), command))
        .await
        .then_expect_error(invalid(
            "size",
            InputProblem::OutOfRange {
                min: 1,
                max: i64::MAX,
            },
        ));
}

#[tokio::test]
async fn the_media_type_must_read_type_slash_subtype() {
    let command = ApplicationCommand::SubmitDocument {
        kind: PreliminaryReport,
        sha256: digest(PreliminaryReport, 1),
        size: 10,
        media_type: "pdf".to_owned(),
        file_name: "report.pdf".to_owned(),
    };
    given(eligible())
        .when_async(by(founder(), command))
        .await
        .then_expect_error(invalid(
            "media_type",
            InputProblem::Malformed {
                expected: "a media type such as \"application/pdf\"",
            },
        ));
}

#[tokio::test]
async fn the_file_name_must_not_name_a_folder() {
    let expected = invalid(
        "file_name",
        InputProblem::Malformed {
            expected: "a file name without folders",
        },
    );
    for file_name in ["../report.pdf", "drafts\\report.pdf", ".."] {
        let command = ApplicationCommand::SubmitDocument {
            kind: PreliminaryReport,
            sha256: digest(PreliminaryReport, 1),
            size: 10,
            media_type: "application/pdf".to_owned(),
            file_name: file_name.to_owned(),
        };
        given(eligible())
            .when_async(by(founder(), command))
            .await
            .then_expect_error(expected.clone());
    }
}

#[tokio::test]
async fn no_document_is_taken_once_the_application_has_ended() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(
                founder(),
                submit(PreliminaryReport, &digest(PreliminaryReport, 9)),
            ))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
