//! Advancing from one stage to the next, and what each gate needs.

use super::*;
use DocumentKind::{
    CommunityStrategy, FeasibilityStudy, FinancialProjection, FuturePlan, PreliminaryReport,
};

/// An advance into `to`, carrying out `vote_id` (if named) as a passed vote on that very
/// advance.
fn advance(to: Stage, vote_id: Option<VoteId>) -> ApplicationCommand {
    ApplicationCommand::AdvanceStage {
        to,
        vote: vote_id.map(|vote_id| passed_advance(vote_id, to)),
    }
}

fn stage_advanced(from: Stage, to: Stage, vote_id: Option<VoteId>) -> ApplicationEvent {
    ApplicationEvent::StageAdvanced {
        from,
        to,
        vote_id,
        policy_version: policy_version(),
        at: now(),
    }
}

/// What the `pre_candidate` gate says of the preliminary report's `version` when it has
/// `have` reviews recommending advance.
fn report_reviews(version: u32, have: u32) -> Requirement {
    Requirement::Reviews {
        kind: PreliminaryReport,
        version,
        recommendation: Recommendation::Advance,
        have,
        need: 2,
    }
}

#[tokio::test]
async fn an_eligible_application_whose_report_has_two_advancing_reviews_becomes_a_pre_candidate() {
    given(pre_candidate_ready())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_events(vec![stage_advanced(
            Stage::Eligible,
            Stage::PreCandidate,
            None,
        )]);
}

#[tokio::test]
async fn the_pre_candidate_gate_asks_for_the_preliminary_report() {
    given(eligible_with_panel())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::PreCandidate,
            vec![Requirement::Document {
                kind: PreliminaryReport,
            }],
        ));
}

#[tokio::test]
async fn a_report_with_one_advancing_review_lacks_the_second() {
    let history = [
        eligible_with_panel(),
        vec![
            submitted(PreliminaryReport, 1),
            review_filed(1, &ana(), PreliminaryReport, 1, Recommendation::Advance),
        ],
    ]
    .concat();
    given(history)
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::PreCandidate,
            vec![report_reviews(1, 1)],
        ));
}

#[tokio::test]
async fn only_reviews_of_the_latest_document_version_count() {
    given([pre_candidate_ready(), vec![submitted(PreliminaryReport, 2)]].concat())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::PreCandidate,
            vec![report_reviews(2, 0)],
        ));
}

#[tokio::test]
async fn reviews_from_a_recused_panelist_do_not_count() {
    given([pre_candidate_ready(), vec![conflict_declared(&bruno())]].concat())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::PreCandidate,
            vec![report_reviews(1, 1)],
        ));
}

#[tokio::test]
async fn a_review_revised_away_from_advance_no_longer_counts() {
    let revised = review_revised(2, 2, Recommendation::Revise);
    given([pre_candidate_ready(), vec![revised]].concat())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::PreCandidate,
            vec![report_reviews(1, 1)],
        ));
}

#[tokio::test]
async fn a_review_revised_to_advance_counts() {
    let history = [
        eligible_with_panel(),
        vec![
            submitted(PreliminaryReport, 1),
            review_filed(1, &ana(), PreliminaryReport, 1, Recommendation::Advance),
            review_filed(2, &bruno(), PreliminaryReport, 1, Recommendation::Revise),
            review_revised(2, 2, Recommendation::Advance),
        ],
    ]
    .concat();
    let result = given(history)
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_dissenting_review_does_not_block_a_gate_that_has_its_advancing_reviews() {
    let dissent = review_filed(3, &chidi(), PreliminaryReport, 1, Recommendation::Reject);
    let result = given([pre_candidate_ready(), vec![dissent]].concat())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .inspect_result();
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn an_unanswered_revision_request_blocks_the_advance() {
    given(
        [
            pre_candidate_ready(),
            vec![revision_requested(1, PreliminaryReport)],
        ]
        .concat(),
    )
    .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
    .await
    .then_expect_error(gate_not_met(
        Stage::PreCandidate,
        vec![Requirement::RevisionAnswered {
            request: 1,
            kind: PreliminaryReport,
        }],
    ));
}

/// `pre_candidate_ready()`, then a revision request answered by version 2 of the report.
fn revision_answered_by_version_two() -> Vec<ApplicationEvent> {
    let answer = vec![
        revision_requested(1, PreliminaryReport),
        submitted(PreliminaryReport, 2),
        revision_answered(1, PreliminaryReport, 2),
    ];
    [pre_candidate_ready(), answer].concat()
}

#[tokio::test]
async fn an_answered_revision_request_no_longer_blocks_but_the_new_version_needs_reviews() {
    given(revision_answered_by_version_two())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::PreCandidate,
            vec![report_reviews(2, 0)],
        ));
}

#[tokio::test]
async fn a_revised_document_with_its_own_reviews_passes_the_gate() {
    let reviews = vec![
        review_filed(3, &ana(), PreliminaryReport, 2, Recommendation::Advance),
        review_filed(4, &chidi(), PreliminaryReport, 2, Recommendation::Advance),
    ];
    given([revision_answered_by_version_two(), reviews].concat())
        .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
        .await
        .then_expect_events(vec![stage_advanced(
            Stage::Eligible,
            Stage::PreCandidate,
            None,
        )]);
}

#[tokio::test]
async fn the_candidate_gate_lists_everything_it_lacks_in_policy_order() {
    given(pre_candidate())
        .when_async(by(secretary(), advance(Stage::Candidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::Candidate,
            vec![
                Requirement::Document {
                    kind: FeasibilityStudy,
                },
                Requirement::Document {
                    kind: FinancialProjection,
                },
                Requirement::Document {
                    kind: CommunityStrategy,
                },
                Requirement::Interview,
                Requirement::Vote {
                    electorate: Electorate::Committee,
                },
            ],
        ));
}

#[tokio::test]
async fn a_gate_that_needs_a_vote_lists_the_vote_when_none_is_named() {
    given(candidate_ready())
        .when_async(by(secretary(), advance(Stage::Candidate, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::Candidate,
            vec![Requirement::Vote {
                electorate: Electorate::Committee,
            }],
        ));
}

#[tokio::test]
async fn a_pre_candidate_meeting_the_gate_becomes_a_candidate_on_a_passed_vote() {
    given(candidate_ready())
        .when_async(by(
            secretary(),
            advance(Stage::Candidate, Some(candidacy_vote())),
        ))
        .await
        .then_expect_events(vec![stage_advanced(
            Stage::PreCandidate,
            Stage::Candidate,
            Some(candidacy_vote()),
        )]);
}

#[tokio::test]
async fn an_interview_scheduled_but_not_held_does_not_count() {
    let history = [
        pre_candidate(),
        candidacy_dossier(),
        vec![interview_scheduled(1, day(990))],
    ]
    .concat();
    given(history)
        .when_async(by(
            secretary(),
            advance(Stage::Candidate, Some(candidacy_vote())),
        ))
        .await
        .then_expect_error(gate_not_met(Stage::Candidate, vec![Requirement::Interview]));
}

#[tokio::test]
async fn an_interview_counts_only_if_held_in_the_current_stage() {
    // Interview 1 was held while pre-candidate; the approval gate needs one as candidate.
    given([candidate(), approval_dossier()].concat())
        .when_async(by(
            secretary(),
            advance(Stage::Approved, Some(approval_vote())),
        ))
        .await
        .then_expect_error(gate_not_met(
            Stage::Approved,
            vec![
                Requirement::Interview,
                Requirement::Vote {
                    electorate: Electorate::Network,
                },
            ],
        ));
}

// A candidate meeting the approval gate is approved once both its votes passed: see
// `gate_votes.rs`.

#[tokio::test]
async fn the_approval_gate_reviews_the_future_plan_and_space_design() {
    let without_space_design = [
        candidate(),
        reviewed_by_two(9, &[FuturePlan]),
        interview_held(2, Stage::Candidate),
    ]
    .concat();
    given(without_space_design)
        .when_async(by(secretary(), advance(Stage::Approved, None)))
        .await
        .then_expect_error(gate_not_met(
            Stage::Approved,
            vec![
                Requirement::Document {
                    kind: DocumentKind::SpaceDesign,
                },
                Requirement::Vote {
                    electorate: Electorate::Committee,
                },
                Requirement::Vote {
                    electorate: Electorate::Network,
                },
            ],
        ));
}

#[tokio::test]
async fn an_advance_cannot_skip_a_stage() {
    let cases = [
        (opened(), Stage::Applied, Stage::PreCandidate),
        (pre_candidate_ready(), Stage::Eligible, Stage::Candidate),
        (candidate_ready(), Stage::PreCandidate, Stage::Approved),
    ];
    for (history, from, to) in cases {
        given(history)
            .when_async(by(secretary(), advance(to, Some(another_vote()))))
            .await
            .then_expect_error(ApplicationError::IllegalTransition { from, to });
    }
}

#[tokio::test]
async fn an_advance_never_makes_an_initiative() {
    given(approved())
        .when_async(by(
            secretary(),
            advance(Stage::Initiative, Some(another_vote())),
        ))
        .await
        .then_expect_error(ApplicationError::IllegalTransition {
            from: Stage::Approved,
            to: Stage::Initiative,
        });
}

#[tokio::test]
async fn an_advance_neither_repeats_nor_goes_back_nor_ends_an_application() {
    for to in [
        Stage::PreCandidate,
        Stage::Applied,
        Stage::Rejected,
        Stage::Withdrawn,
    ] {
        given(pre_candidate())
            .when_async(by(secretary(), advance(to, Some(another_vote()))))
            .await
            .then_expect_error(ApplicationError::IllegalTransition {
                from: Stage::PreCandidate,
                to,
            });
    }
}

#[tokio::test]
async fn only_the_secretariat_or_charter_advances_an_application() {
    for actor in [founder(), ana(), committee_member()] {
        let role = actor.role;
        given(pre_candidate_ready())
            .when_async(by(actor, advance(Stage::PreCandidate, None)))
            .await
            .then_expect_error(ApplicationError::RoleNotPermitted {
                role,
                action: "advance the stage",
            });
    }
}

#[tokio::test]
async fn an_application_that_has_ended_does_not_advance() {
    for (stage, history) in ended() {
        given(history)
            .when_async(by(secretary(), advance(Stage::PreCandidate, None)))
            .await
            .then_expect_error(ApplicationError::ApplicationClosed { stage });
    }
}
