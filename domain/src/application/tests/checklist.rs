//! The founders' checklist of the next gate: every requirement, met or missing, by the
//! rule the advance itself is checked with.

use super::*;
use crate::application::{Check, Checklist};
use cqrs_es::Aggregate;
use DocumentKind::*;

fn after(history: Vec<ApplicationEvent>) -> Application {
    let mut application = Application::default();
    for event in history {
        application.apply(event);
    }
    application
}

fn checks(history: Vec<ApplicationEvent>) -> Checklist {
    after(history)
        .checklist(&Policy::default())
        .expect("an open application has a next gate")
}

fn met(requirement: Requirement) -> Check {
    Check {
        requirement,
        met: true,
    }
}

fn missing(requirement: Requirement) -> Check {
    Check {
        requirement,
        met: false,
    }
}

fn reviews(kind: DocumentKind, version: u32, have: u32) -> Requirement {
    Requirement::Reviews {
        kind,
        version,
        recommendation: Recommendation::Advance,
        have,
        need: 2,
    }
}

#[test]
fn an_eligible_application_sees_what_the_pre_candidate_gate_still_needs() {
    let nothing_yet = checks(eligible_with_panel());
    assert_eq!(nothing_yet.to, Stage::PreCandidate);
    assert_eq!(
        nothing_yet.checks,
        [missing(Requirement::Document {
            kind: PreliminaryReport
        })]
    );

    let history = [
        eligible_with_panel(),
        vec![
            submitted(PreliminaryReport, 1),
            review_filed(1, &ana(), PreliminaryReport, 1, Recommendation::Advance),
            revision_requested(1, PreliminaryReport),
        ],
    ]
    .concat();
    assert_eq!(
        checks(history).checks,
        [
            met(Requirement::Document {
                kind: PreliminaryReport
            }),
            missing(reviews(PreliminaryReport, 1, 1)),
            missing(Requirement::RevisionAnswered {
                request: 1,
                kind: PreliminaryReport
            }),
        ]
    );
}

#[test]
fn a_gate_that_is_met_but_for_its_vote_says_so() {
    let list = checks(candidate_ready());
    assert_eq!(list.to, Stage::Candidate);
    let unmet: Vec<&Requirement> = list
        .checks
        .iter()
        .filter(|check| !check.met)
        .map(|check| &check.requirement)
        .collect();
    assert_eq!(
        unmet,
        [&Requirement::Vote {
            electorate: Electorate::Committee
        }]
    );
    assert!(list.checks.contains(&met(Requirement::Interview)));
    assert!(list
        .checks
        .contains(&met(reviews(FinancialProjection, 1, 2))));
    // The same rule refuses the advance for the same reason.
    let application = after(candidate_ready());
    let gate = Policy::default()
        .gate(Stage::Candidate)
        .cloned()
        .expect("gate");
    assert_eq!(
        application.missing_for(&gate, None),
        [Requirement::Vote {
            electorate: Electorate::Committee
        }]
    );
}

#[test]
fn an_approved_application_waits_for_both_signatures() {
    let mut history = approved();
    assert_eq!(
        checks(history.clone()),
        Checklist {
            to: Stage::Initiative,
            checks: vec![
                missing(Requirement::Signature {
                    party: Party::Founders
                }),
                missing(Requirement::Signature {
                    party: Party::Association
                }),
            ],
        }
    );
    history.push(signed(Party::Founders));
    assert_eq!(
        checks(history).checks[0],
        met(Requirement::Signature {
            party: Party::Founders
        })
    );
}

#[test]
fn a_closed_application_has_no_next_gate() {
    for (stage, history) in ended() {
        assert_eq!(
            after(history).checklist(&Policy::default()),
            None,
            "{stage}"
        );
    }
    assert_eq!(after(initiative()).checklist(&Policy::default()), None);
    assert_eq!(Application::default().checklist(&Policy::default()), None);
}
