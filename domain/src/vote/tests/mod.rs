//! Tests of the `CommitteeVote` aggregate: given/when/then for every command and refusal,
//! plain tests for the tally.
//!
//! The electorate is Aiko, Bea, Carl and Dina; Omar sits on the committee but not in this
//! vote's electorate. The vote opens on day 0 and closes at the start of day 14.

mod ballots;
mod closing;
mod early_close;
mod network;
mod opening;
mod permissions;
mod secret;
mod tally;

use super::{
    Choice, CommitteeVote, Elector, Electors, Motion, Outcome, RecordedChoice, SealingKey, Tally,
    VoteCommand, VoteError, VoteEvent, VoteServices, VoteSubject, KEY_LEN, NONCE_LEN,
};
use crate::actor::{Actor, Authored, Role};
use crate::application::Stage;
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::policy::{Electorate, Policy, VoteRule};
use crate::text::{InputError, InputProblem};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use cqrs_es::test::{AggregateTestExecutor, TestFramework};
use std::sync::Arc;
use uuid::Uuid;

// ---- people ------------------------------------------------------------------------------

fn vote_id() -> VoteId {
    VoteId(Uuid::from_u128(0x7071))
}

fn application_id() -> ApplicationId {
    ApplicationId(Uuid::from_u128(0xA991))
}

fn actor(id: u128, name: &str, role: Role) -> Actor {
    Actor {
        id: PersonId(Uuid::from_u128(id)),
        name: name.to_owned(),
        role,
        application: None,
    }
}

fn aiko() -> Actor {
    actor(31, "Aiko Tanaka", Role::Committee)
}

fn bea() -> Actor {
    actor(32, "Bea Santos", Role::Committee)
}

fn carl() -> Actor {
    actor(33, "Carl Nilsson", Role::Committee)
}

fn dina() -> Actor {
    actor(34, "Dina Haddad", Role::Committee)
}

/// A committee member who took their seat after the vote opened.
fn omar() -> Actor {
    actor(35, "Omar Farouk", Role::Committee)
}

fn secretary() -> Actor {
    actor(3, "Ingrid Berg", Role::Secretariat)
}

/// Charter, closing a vote whose time is over.
fn charter() -> Actor {
    Actor::system("vote closing")
}

/// Someone in each role that takes no part in votes.
fn founder_and_panelist() -> [Actor; 2] {
    [
        Actor {
            application: Some(application_id()),
            ..actor(1, "Marta Sousa", Role::Applicant)
        },
        actor(11, "Ana Lima", Role::Panelist),
    ]
}

fn electorate() -> Vec<Elector> {
    [aiko(), bea(), carl(), dina()]
        .into_iter()
        .map(|member| (member.id, member.name))
        .collect()
}

// ---- time and policy ---------------------------------------------------------------------

/// Day `n` of the vote; it opens on day 0.
fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 6, 9, 0, 0)
        .single()
        .expect("a valid time")
        + TimeDelta::days(n)
}

/// When the vote closes by itself: the default policy's fourteen voting days.
fn closes_at() -> DateTime<Utc> {
    day(14)
}

/// When the command under test is issued: inside the voting time.
fn now() -> DateTime<Utc> {
    day(3)
}

fn policy() -> Policy {
    Policy::default()
}

/// The default policy's rule for the `candidate` gate: open, half must take part, more
/// than half of yes + no carries.
fn candidacy_rule() -> VoteRule {
    policy()
        .gates
        .candidate
        .vote_of(Electorate::Committee)
        .cloned()
        .expect("the candidate gate takes a vote")
}

/// The default policy's rule for the `approved` gate: secret, two thirds carries.
fn approval_rule() -> VoteRule {
    policy()
        .gates
        .approved
        .vote_of(Electorate::Committee)
        .cloned()
        .expect("the approved gate takes a vote")
}

// ---- histories ---------------------------------------------------------------------------

fn vote_opened(stage: Stage, motion: Motion, rule: VoteRule) -> VoteEvent {
    VoteEvent::VoteOpened {
        hubs: Vec::new(),
        vote_id: vote_id(),
        application_id: application_id(),
        stage,
        motion,
        electorate: electorate(),
        rule,
        policy_version: policy().version,
        closes_at: closes_at(),
        at: day(0),
    }
}

/// An open-ballot vote on advancing a pre-candidate into `candidate`.
fn open_ballot_vote() -> Vec<VoteEvent> {
    vec![vote_opened(
        Stage::PreCandidate,
        Motion::Advance {
            to: Stage::Candidate,
        },
        candidacy_rule(),
    )]
}

/// A secret-ballot vote on approving a candidate.
fn secret_ballot_vote() -> Vec<VoteEvent> {
    vec![vote_opened(
        Stage::Candidate,
        Motion::Advance {
            to: Stage::Approved,
        },
        approval_rule(),
    )]
}

/// `member`'s open ballot, without a reason.
fn open_ballot(member: &Actor, revision: u32, choice: Choice) -> VoteEvent {
    VoteEvent::BallotCast {
        hub: None,
        member: member.id,
        revision,
        choice: RecordedChoice::Open {
            choice,
            reason: None,
        },
        at: day(2),
    }
}

fn recused(member: &Actor) -> VoteEvent {
    VoteEvent::MemberRecused {
        hub: None,
        member: member.id,
        reason: "I mentored the founders.".to_owned(),
        at: day(1),
    }
}

// ---- secret ballots ----------------------------------------------------------------------

/// The secret-ballot key of the vote under test.
const KEY: [u8; KEY_LEN] = [7; KEY_LEN];

/// The vote's key with nonce `n`: each ballot of a test gets its own `n`.
fn seal(n: u8) -> SealingKey {
    SealingKey {
        key: KEY,
        nonce: [n; NONCE_LEN],
    }
}

fn cast(choice: Choice, seal: Option<SealingKey>) -> VoteCommand {
    VoteCommand::Cast {
        delegation: None,
        choice,
        reason: None,
        seal,
    }
}

/// The vote after `history`.
fn replayed(history: &[VoteEvent]) -> CommitteeVote {
    use cqrs_es::Aggregate;
    let mut vote = CommitteeVote::default();
    for event in history.iter().cloned() {
        vote.apply(event);
    }
    vote
}

/// `history` with each of `ballots` cast in turn (with nonces 1, 2, ...) through the
/// aggregate, as a secret vote records them.
fn with_secret_ballots(history: Vec<VoteEvent>, ballots: &[(Actor, Choice)]) -> Vec<VoteEvent> {
    let mut history = history;
    for (n, (member, choice)) in (1..).zip(ballots) {
        let command = Authored::new(member.clone(), day(2), cast(*choice, Some(seal(n))));
        let events = replayed(&history)
            .decide(command, &policy())
            .unwrap_or_else(|refusal| panic!("ballot {n}: {refusal}"));
        history.extend(events);
    }
    history
}

// ---- given / when ------------------------------------------------------------------------

fn given(history: Vec<VoteEvent>) -> AggregateTestExecutor<CommitteeVote> {
    given_under(policy(), history)
}

fn given_under(policy: Policy, history: Vec<VoteEvent>) -> AggregateTestExecutor<CommitteeVote> {
    TestFramework::<CommitteeVote>::with(VoteServices {
        policy: Arc::new(policy),
    })
    .given(history)
}

/// `command` issued by `actor` at `now()`.
fn by(actor: Actor, command: VoteCommand) -> Authored<VoteCommand> {
    Authored::new(actor, now(), command)
}

/// `command` issued by `actor` at the vote's closing time.
fn at_closing(actor: Actor, command: VoteCommand) -> Authored<VoteCommand> {
    Authored::new(actor, closes_at(), command)
}

fn close(key: Option<[u8; KEY_LEN]>) -> VoteCommand {
    VoteCommand::Close { key }
}

fn vote_closed(motion: Motion, tally: Tally, outcome: Outcome) -> VoteEvent {
    VoteEvent::VoteClosed {
        electorate: crate::policy::Electorate::Committee,
        application_id: application_id(),
        motion,
        tally,
        outcome,
        at: now(),
    }
}

/// The vote closed at its closing time.
fn closed_at_closing(motion: Motion, tally: Tally, outcome: Outcome) -> VoteEvent {
    VoteEvent::VoteClosed {
        electorate: crate::policy::Electorate::Committee,
        application_id: application_id(),
        motion,
        tally,
        outcome,
        at: closes_at(),
    }
}

/// A tally of the four-member electorate.
fn tally_of_four(yes: u32, no: u32, abstain: u32, recused: u32) -> Tally {
    Tally {
        electorate: 4,
        yes,
        no,
        abstain,
        recused,
        did_not_vote: 4 - yes - no - abstain - recused,
    }
}

fn invalid(field: &str, problem: InputProblem) -> VoteError {
    VoteError::InvalidInput(InputError::new(field, problem))
}
