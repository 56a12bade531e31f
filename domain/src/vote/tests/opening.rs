//! Opening a vote: the rule comes from the policy for the motion, the motion must fit the
//! application, and there must be an electorate and time to vote.

use super::*;
use crate::policy::{Ballot, Threshold};

fn subject(stage: Stage) -> VoteSubject {
    VoteSubject {
        passed: Vec::new(),
        application_id: application_id(),
        stage,
        appeal_pending: false,
    }
}

fn appealed() -> VoteSubject {
    VoteSubject {
        appeal_pending: true,
        ..subject(Stage::Rejected)
    }
}

fn open(subject: VoteSubject, motion: Motion) -> VoteCommand {
    open_with(subject, motion, electorate(), None)
}

fn open_with(
    subject: VoteSubject,
    motion: Motion,
    electorate: Vec<Elector>,
    closes_at: Option<DateTime<Utc>>,
) -> VoteCommand {
    VoteCommand::Open {
        vote_id: vote_id(),
        subject,
        motion,
        electors: Electors {
            committee: electorate,
            hubs: Vec::new(),
        },
        asked: None,
        closes_at,
    }
}

/// A vote on advancing a pre-candidate, with this electorate and closing time.
fn candidacy_with(electorate: Vec<Elector>, closes_at: Option<DateTime<Utc>>) -> VoteCommand {
    open_with(
        subject(Stage::PreCandidate),
        advance_to(Stage::Candidate),
        electorate,
        closes_at,
    )
}

fn advance_to(to: Stage) -> Motion {
    Motion::Advance { to }
}

fn rejection(grounds: &str) -> Motion {
    Motion::Reject {
        grounds: grounds.to_owned(),
    }
}

/// The vote `command` opens under `policy`, issued on day 0.
async fn opened_under(policy: Policy, command: VoteCommand) -> VoteEvent {
    let mut events = given_under(policy, vec![])
        .when_async(Authored::new(secretary(), day(0), command))
        .await
        .inspect_result()
        .expect("the vote opens");
    assert_eq!(events.len(), 1, "{events:?}");
    events.remove(0)
}

fn rule_of(event: &VoteEvent) -> &VoteRule {
    match event {
        VoteEvent::VoteOpened { rule, .. } => rule,
        other => panic!("not an opening: {other:?}"),
    }
}

#[tokio::test]
async fn the_secretariat_opens_a_vote_that_closes_after_the_policys_voting_days() {
    let opened = opened_under(
        policy(),
        open(subject(Stage::PreCandidate), advance_to(Stage::Candidate)),
    )
    .await;
    assert_eq!(opened, open_ballot_vote().remove(0));
}

#[tokio::test]
async fn a_vote_closes_at_the_time_the_secretariat_gives() {
    let command = candidacy_with(electorate(), Some(day(5)));
    let VoteEvent::VoteOpened { closes_at, .. } = opened_under(policy(), command).await else {
        panic!("not an opening");
    };
    assert_eq!(closes_at, day(5));
}

#[tokio::test]
async fn a_vote_cannot_close_at_or_before_the_moment_it_opens() {
    for when in [day(0), day(-1)] {
        let command = candidacy_with(electorate(), Some(when));
        given(vec![])
            .when_async(Authored::new(secretary(), day(0), command))
            .await
            .then_expect_error(invalid("closes_at", InputProblem::NotInFuture));
    }
}

#[tokio::test]
async fn each_motion_takes_its_own_rule_from_the_policy() {
    // A policy whose every rule differs, so that a rule taken from the wrong place shows.
    let mut custom = policy();
    let rule = |quorum: &str, ballot| VoteRule {
        electorate: crate::policy::Electorate::Committee,
        quorum: quorum.parse().expect("a share"),
        threshold: Threshold::MoreThan("1/2".parse().expect("a share")),
        ballot,
    };
    custom.gates.candidate.votes = vec![rule("1/5", Ballot::Open)];
    custom.gates.approved.votes = vec![rule("2/5", Ballot::Secret)];
    custom.motions.rejection = rule("3/5", Ballot::Open);
    custom.motions.appeal = rule("4/5", Ballot::Secret);
    let cases = [
        (
            subject(Stage::PreCandidate),
            advance_to(Stage::Candidate),
            "1/5",
        ),
        (
            subject(Stage::Candidate),
            advance_to(Stage::Approved),
            "2/5",
        ),
        (subject(Stage::Eligible), rejection("No building."), "3/5"),
        (appealed(), Motion::Appeal, "4/5"),
    ];
    for (subject, motion, quorum) in cases {
        let opened = opened_under(custom.clone(), open(subject, motion.clone())).await;
        assert_eq!(rule_of(&opened).quorum.to_string(), quorum, "{motion:?}");
    }
}

#[tokio::test]
async fn the_approval_vote_is_secret_and_needs_two_thirds() {
    let opened = opened_under(
        policy(),
        open(subject(Stage::Candidate), advance_to(Stage::Approved)),
    )
    .await;
    assert_eq!(rule_of(&opened), &approval_rule());
    assert_eq!(rule_of(&opened).ballot, Ballot::Secret);
}

#[tokio::test]
async fn a_rejection_motion_states_its_grounds_trimmed() {
    let opened = opened_under(
        policy(),
        open(subject(Stage::Candidate), rejection("  No building. ")),
    )
    .await;
    let VoteEvent::VoteOpened { motion, rule, .. } = opened else {
        panic!("not an opening");
    };
    assert_eq!(motion, rejection("No building."));
    assert_eq!(rule, policy().motions.rejection);
    given(vec![])
        .when_async(by(
            secretary(),
            open(subject(Stage::Candidate), rejection(" ")),
        ))
        .await
        .then_expect_error(invalid("motion.grounds", InputProblem::Blank));
}

#[tokio::test]
async fn an_advance_must_name_the_next_stage() {
    let cases = [
        (Stage::PreCandidate, Stage::Approved),
        (Stage::PreCandidate, Stage::PreCandidate),
        (Stage::Candidate, Stage::PreCandidate),
        (Stage::Rejected, Stage::Candidate),
    ];
    for (stage, to) in cases {
        let result = given(vec![])
            .when_async(by(secretary(), open(subject(stage), advance_to(to))))
            .await
            .inspect_result();
        assert!(
            matches!(result, Err(VoteError::MotionNotApplicable(_))),
            "{stage} to {to}: {result:?}"
        );
    }
}

#[tokio::test]
async fn an_advance_through_a_gate_without_a_vote_is_not_put_to_the_vote() {
    let cases = [
        (Stage::Applied, Stage::Eligible),
        (Stage::Eligible, Stage::PreCandidate),
        (Stage::Approved, Stage::Initiative),
    ];
    for (stage, to) in cases {
        let result = given(vec![])
            .when_async(by(secretary(), open(subject(stage), advance_to(to))))
            .await
            .inspect_result();
        assert!(
            matches!(result, Err(VoteError::MotionNotApplicable(_))),
            "{stage} to {to}: {result:?}"
        );
    }
}

#[tokio::test]
async fn an_application_that_has_ended_is_not_put_to_a_rejection_vote() {
    for stage in [Stage::Rejected, Stage::Withdrawn, Stage::Initiative] {
        let result = given(vec![])
            .when_async(by(secretary(), open(subject(stage), rejection("No."))))
            .await
            .inspect_result();
        assert!(
            matches!(result, Err(VoteError::MotionNotApplicable(_))),
            "{stage}: {result:?}"
        );
    }
}

#[tokio::test]
async fn an_appeal_vote_needs_a_rejected_application_with_an_appeal_lodged() {
    let not_appealed = [
        subject(Stage::Rejected),
        VoteSubject {
            appeal_pending: true,
            ..subject(Stage::Candidate)
        },
    ];
    for subject in not_appealed {
        let result = given(vec![])
            .when_async(by(secretary(), open(subject.clone(), Motion::Appeal)))
            .await
            .inspect_result();
        assert!(
            matches!(result, Err(VoteError::MotionNotApplicable(_))),
            "{subject:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_vote_needs_someone_on_the_committee() {
    let command = candidacy_with(vec![], None);
    given(vec![])
        .when_async(by(secretary(), command))
        .await
        .then_expect_error(VoteError::NoElectorate {
            electorate: crate::policy::Electorate::Committee,
        });
}

#[tokio::test]
async fn a_vote_is_opened_only_once() {
    given(open_ballot_vote())
        .when_async(by(
            secretary(),
            open(subject(Stage::PreCandidate), advance_to(Stage::Candidate)),
        ))
        .await
        .then_expect_error(VoteError::AlreadyOpened);
}

#[tokio::test]
async fn only_the_secretariat_opens_a_vote() {
    let others = [aiko(), charter()]
        .into_iter()
        .chain(founder_and_panelist());
    for actor in others {
        let role = actor.role;
        given(vec![])
            .when_async(by(
                actor,
                open(subject(Stage::PreCandidate), advance_to(Stage::Candidate)),
            ))
            .await
            .then_expect_error(VoteError::RoleNotPermitted {
                role,
                action: "open a vote",
            });
    }
}

#[tokio::test]
async fn nothing_happens_in_a_vote_that_was_never_opened() {
    let commands = [
        (aiko(), cast(Choice::Yes, None)),
        (
            aiko(),
            VoteCommand::Recuse {
                delegation: None,
                reason: "Conflict.".to_owned(),
            },
        ),
        (secretary(), close(None)),
    ];
    for (actor, command) in commands {
        given(vec![])
            .when_async(by(actor, command))
            .await
            .then_expect_error(VoteError::NotFound);
    }
}
