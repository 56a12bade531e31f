//! Opening an application, and what can be asked of one that was never opened.

use super::*;

fn founders(list: &[(&str, &str)]) -> Vec<Founder> {
    list.iter()
        .enumerate()
        .map(|(i, (name, email))| Founder {
            person_id: person(100 + i as u128),
            name: (*name).to_owned(),
            email: (*email).to_owned(),
        })
        .collect()
}

fn open_with(country: &str, founders: Vec<Founder>) -> ApplicationCommand {
    ApplicationCommand::Open {
        application_id: application_id(),
        city: "  Porto ".to_owned(),
        country: country.to_owned(),
        hub_name: "Impact Hub Porto".to_owned(),
        founders,
    }
}

fn open() -> ApplicationCommand {
    open_with("pt", founders(&[("Marta Sousa", "Marta@HubPorto.pt")]))
}

#[tokio::test]
async fn a_founder_opens_their_application_with_tidied_city_country_and_email() {
    given(vec![])
        .when_async(by(founder(), open()))
        .await
        .then_expect_events(vec![ApplicationEvent::ApplicationOpened {
            application_id: application_id(),
            city: "Porto".to_owned(),
            country: "PT".to_owned(),
            hub_name: "Impact Hub Porto".to_owned(),
            founders: founders(&[("Marta Sousa", "marta@hubporto.pt")]),
            opened_by: founder().id,
            at: now(),
        }]);
}

#[tokio::test]
async fn the_secretariat_may_open_an_application_on_behalf_of_a_team() {
    let events = given(vec![])
        .when_async(by(secretary(), open()))
        .await
        .inspect_result()
        .expect("the secretariat may open an application");
    assert!(matches!(
        events.as_slice(),
        [ApplicationEvent::ApplicationOpened { opened_by, .. }] if *opened_by == secretary().id
    ));
}

#[tokio::test]
async fn a_founder_cannot_open_an_application_their_token_is_not_scoped_to() {
    given(vec![])
        .when_async(by(founder_of_another_application(), open()))
        .await
        .then_expect_error(ApplicationError::NotYourApplication);
}

#[tokio::test]
async fn panelists_and_committee_members_cannot_open_an_application() {
    for actor in [ana(), committee_member()] {
        let role = actor.role;
        given(vec![])
            .when_async(by(actor, open()))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "open an application",
            });
    }
}

#[tokio::test]
async fn an_application_cannot_be_opened_twice() {
    for actor in [founder(), secretary()] {
        given(opened())
            .when_async(by(actor, open()))
            .await
            .then_expect_error(ApplicationError::AlreadyOpened);
    }
}

#[tokio::test]
async fn a_founder_of_another_application_learns_nothing_by_reopening_this_one() {
    given(opened())
        .when_async(by(founder_of_another_application(), open()))
        .await
        .then_expect_error(ApplicationError::NotYourApplication);
}

#[tokio::test]
async fn a_blank_city_is_refused() {
    let command = ApplicationCommand::Open {
        application_id: application_id(),
        city: "   ".to_owned(),
        country: "PT".to_owned(),
        hub_name: "Impact Hub Porto".to_owned(),
        founders: founders(&[("Marta Sousa", "marta@hubporto.pt")]),
    };
    given(vec![])
        .when_async(by(founder(), command))
        .await
        .then_expect_error(invalid("city", InputProblem::Blank));
}

#[tokio::test]
async fn a_blank_hub_name_is_refused() {
    let command = ApplicationCommand::Open {
        application_id: application_id(),
        city: "Porto".to_owned(),
        country: "PT".to_owned(),
        hub_name: String::new(),
        founders: founders(&[("Marta Sousa", "marta@hubporto.pt")]),
    };
    given(vec![])
        .when_async(by(founder(), command))
        .await
        .then_expect_error(invalid("hub_name", InputProblem::Blank));
}

#[tokio::test]
async fn a_country_must_be_a_two_letter_iso_code() {
    let expected = invalid(
        "country",
        InputProblem::Malformed {
            expected: "an ISO 3166-1 alpha-2 country code such as \"PT\"",
        },
    );
    for country in ["Portugal", "P1", "", "ÅB"] {
        let command = open_with(country, founders(&[("Marta Sousa", "marta@hubporto.pt")]));
        given(vec![])
            .when_async(by(founder(), command))
            .await
            .then_expect_error(expected.clone());
    }
}

#[tokio::test]
async fn an_application_needs_at_least_one_founder() {
    given(vec![])
        .when_async(by(founder(), open_with("PT", vec![])))
        .await
        .then_expect_error(invalid("founders", InputProblem::TooFew { min: 1 }));
}

#[tokio::test]
async fn an_application_names_at_most_twelve_founders() {
    let many: Vec<Founder> = (0..13)
        .map(|i| Founder {
            person_id: person(100 + i),
            name: format!("Founder {i}"),
            email: format!("founder{i}@hubporto.pt"),
        })
        .collect();
    given(vec![])
        .when_async(by(founder(), open_with("PT", many)))
        .await
        .then_expect_error(invalid("founders", InputProblem::TooMany { max: 12 }));
}

#[tokio::test]
async fn a_founder_needs_a_name() {
    let team = founders(&[
        ("Marta Sousa", "marta@hubporto.pt"),
        (" ", "rui@hubporto.pt"),
    ]);
    given(vec![])
        .when_async(by(founder(), open_with("PT", team)))
        .await
        .then_expect_error(invalid("founders[1].name", InputProblem::Blank));
}

#[tokio::test]
async fn a_founder_needs_a_well_formed_email_address() {
    let expected = invalid(
        "founders[0].email",
        InputProblem::Malformed {
            expected: "an e-mail address",
        },
    );
    for email in [
        "marta",
        "@hubporto.pt",
        "marta@hubporto",
        "marta@@hubporto.pt",
        "marta sousa@hubporto.pt",
    ] {
        let team = founders(&[("Marta Sousa", email)]);
        given(vec![])
            .when_async(by(founder(), open_with("PT", team)))
            .await
            .then_expect_error(expected.clone());
    }
}

#[tokio::test]
async fn two_founders_cannot_share_an_email_address_in_any_spelling() {
    let team = founders(&[
        ("Marta Sousa", "marta@hubporto.pt"),
        ("Rui Sousa", "MARTA@hubporto.pt"),
    ]);
    given(vec![])
        .when_async(by(founder(), open_with("PT", team)))
        .await
        .then_expect_error(invalid("founders[1].email", InputProblem::Duplicate));
}

#[tokio::test]
async fn every_other_command_on_an_application_never_opened_is_not_found() {
    let commands = [
        (
            secretary(),
            ApplicationCommand::GrantEligibility { note: None },
        ),
        (
            founder(),
            ApplicationCommand::SubmitDocument {
                kind: DocumentKind::PreliminaryReport,
                sha256: digest(DocumentKind::PreliminaryReport, 1),
                size: 10,
                media_type: "application/pdf".to_owned(),
                file_name: "report.pdf".to_owned(),
            },
        ),
        (
            secretary(),
            ApplicationCommand::AssignPanelist {
                panelist_id: ana().id,
                name: ana().name,
            },
        ),
        (
            ana(),
            ApplicationCommand::DeclareConflict {
                reason: "I know them.".to_owned(),
            },
        ),
        (
            ana(),
            ApplicationCommand::FileReview {
                kind: DocumentKind::PreliminaryReport,
                version: 1,
                assessment: assessment(Recommendation::Advance),
            },
        ),
        (
            ana(),
            ApplicationCommand::ReviseReview {
                review: 1,
                assessment: assessment(Recommendation::Advance),
            },
        ),
        (
            secretary(),
            ApplicationCommand::RequestRevision {
                kind: DocumentKind::PreliminaryReport,
                deadline: day(1_100),
                reason: "Sources, please.".to_owned(),
            },
        ),
        (
            secretary(),
            ApplicationCommand::ScheduleInterview {
                scheduled_for: day(1_010),
                location: "Porto".to_owned(),
            },
        ),
        (
            secretary(),
            ApplicationCommand::RecordInterview {
                interview: 1,
                notes: "Held.".to_owned(),
                attendees: attendees(&["Marta Sousa"]),
            },
        ),
        (
            secretary(),
            ApplicationCommand::CancelInterview {
                interview: 1,
                reason: "Ill.".to_owned(),
            },
        ),
        (
            secretary(),
            ApplicationCommand::AdvanceStage {
                to: Stage::Eligible,
                vote: None,
            },
        ),
        (
            secretary(),
            ApplicationCommand::Reject {
                reason: "No.".to_owned(),
                vote: None,
            },
        ),
        (founder(), ApplicationCommand::Withdraw { reason: None }),
        (founder(), ApplicationCommand::Sign),
    ];
    for (actor, command) in commands {
        given(vec![])
            .when_async(by(actor, command))
            .await
            .then_expect_error(ApplicationError::NotFound);
    }
}
