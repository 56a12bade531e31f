//! Given/when/then tests of the `Application` aggregate, one file per part of the process.
//!
//! The fixtures here name the people involved and fix the clock; `history` builds the events
//! an application has at each point of its road, so that each test states only what it adds.
//! Every history uses the default policy: two reviews recommending advance per document,
//! interviews before `candidate` and `approved`, a committee vote at `candidate`, and at
//! `approved` the committee's vote and then the network's.

mod appeals;
mod checklist;
mod documents;
mod eligibility;
mod endings;
mod feedback;
mod gate_votes;
mod gates;
mod history;
mod interviews;
mod journey;
mod opening;
mod overdue;
mod panel;
mod permissions;
mod properties;
mod rescheduling;
mod reviews;
mod revisions;
mod signatures;
mod votes;

use super::{
    Application, ApplicationCommand, ApplicationError, ApplicationEvent, ApplicationServices,
    Assessment, Attendee, DocumentKind, Founder, InterviewStatus, InterviewStatusName, Missing,
    Party, Recommendation, Requirement, Stage, VoteDecision,
};
use crate::actor::{Actor, Authored, Role};
use crate::ids::{ApplicationId, PersonId, VoteId};
use crate::policy::{Electorate, Policy};
use crate::text::{InputError, InputProblem};
use crate::vote::{Motion, Outcome};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use cqrs_es::test::{AggregateTestExecutor, TestFramework};
use history::*;
use std::sync::Arc;
use uuid::Uuid;

// ---- people ------------------------------------------------------------------------------

fn application_id() -> ApplicationId {
    ApplicationId(Uuid::from_u128(0xA991))
}

fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

fn actor(id: u128, name: &str, role: Role, application: Option<ApplicationId>) -> Actor {
    Actor {
        id: person(id),
        name: name.to_owned(),
        role,
        application,
    }
}

/// Interview attendees with these names, each under a subject of their own.
fn attendees(names: &[&str]) -> Vec<Attendee> {
    (0u128..)
        .zip(names)
        .map(|(i, name)| Attendee::new(person(0x700 + i), *name))
        .collect()
}

/// A founder of the application under test.
fn founder() -> Actor {
    actor(1, "Marta Sousa", Role::Applicant, Some(application_id()))
}

/// A founder whose token is scoped to a different application.
fn founder_of_another_application() -> Actor {
    let elsewhere = ApplicationId(Uuid::from_u128(0xB992));
    actor(2, "Kofi Mensah", Role::Applicant, Some(elsewhere))
}

fn secretary() -> Actor {
    actor(3, "Ingrid Berg", Role::Secretariat, None)
}

fn committee_member() -> Actor {
    actor(4, "Lena Vogel", Role::Committee, None)
}

/// Panelists Ana, Bruno and Chidi sit on the panel from `eligible_with_panel()` on.
fn ana() -> Actor {
    actor(11, "Ana Lima", Role::Panelist, None)
}

fn bruno() -> Actor {
    actor(12, "Bruno Costa", Role::Panelist, None)
}

fn chidi() -> Actor {
    actor(13, "Chidi Okafor", Role::Panelist, None)
}

/// A panelist who is never assigned to the application.
fn dara() -> Actor {
    actor(14, "Dara Walsh", Role::Panelist, None)
}

// ---- time, votes, policy -----------------------------------------------------------------

/// Day `n` of the story; day 0 is the morning the application was opened.
fn day(n: i64) -> DateTime<Utc> {
    let opening = Utc
        .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .expect("a valid date");
    opening + TimeDelta::days(n)
}

/// When the command under test is issued: after everything in any given history.
fn now() -> DateTime<Utc> {
    day(1_000)
}

/// The committee vote that passed the `candidate` gate.
fn candidacy_vote() -> VoteId {
    VoteId(Uuid::from_u128(0x7071))
}

/// The committee vote that passed the `approved` gate (the first of its two votes).
fn approval_vote() -> VoteId {
    VoteId(Uuid::from_u128(0x7072))
}

/// The network vote that passed the `approved` gate after the committee's.
fn network_approval_vote() -> VoteId {
    VoteId(Uuid::from_u128(0x7075))
}

/// A committee vote on a motion to reject the application.
fn rejection_vote() -> VoteId {
    VoteId(Uuid::from_u128(0x7073))
}

/// A committee vote on the application's appeal.
fn appeal_vote() -> VoteId {
    VoteId(Uuid::from_u128(0x7074))
}

/// A vote no history has carried out, for tests where the vote is beside the point. A
/// vote already carried out would make the command a no-op instead.
fn another_vote() -> VoteId {
    VoteId(Uuid::from_u128(0x7079))
}

/// The grounds of every rejection motion in these tests.
fn rejection_grounds() -> String {
    "The city already has a hub in the network.".to_owned()
}

/// Vote `vote_id` closed with `outcome` on `motion` about the application under test.
fn decided_vote(vote_id: VoteId, motion: Motion, outcome: Outcome) -> VoteDecision {
    VoteDecision {
        electorate: Electorate::Committee,
        vote_id,
        application_id: application_id(),
        motion,
        outcome,
    }
}

/// Vote `vote_id` passed `motion` about the application under test.
fn passed(vote_id: VoteId, motion: Motion) -> VoteDecision {
    decided_vote(vote_id, motion, Outcome::Passed)
}

/// Vote `vote_id` passed the motion to advance the application into `to`.
fn passed_advance(vote_id: VoteId, to: Stage) -> VoteDecision {
    passed(vote_id, Motion::Advance { to })
}

/// Network vote `vote_id` passed the motion to advance the application into `to`.
fn passed_network_advance(vote_id: VoteId, to: Stage) -> VoteDecision {
    VoteDecision {
        electorate: Electorate::Network,
        ..passed_advance(vote_id, to)
    }
}

/// Vote `vote_id` passed the motion to reject the application.
fn passed_rejection(vote_id: VoteId) -> VoteDecision {
    passed(
        vote_id,
        Motion::Reject {
            grounds: rejection_grounds(),
        },
    )
}

fn policy_version() -> String {
    Policy::default().version
}

// ---- given / when ------------------------------------------------------------------------

/// The aggregate under the default policy, after `history`.
fn given(history: Vec<ApplicationEvent>) -> AggregateTestExecutor<Application> {
    TestFramework::<Application>::with(ApplicationServices::new(Arc::new(Policy::default())))
        .given(history)
}

/// `command` issued by `actor` at `now()`.
fn by(actor: Actor, command: ApplicationCommand) -> Authored<ApplicationCommand> {
    Authored::new(actor, now(), command)
}

/// The refusal of a field that breaks an input rule.
fn invalid(field: &str, problem: InputProblem) -> ApplicationError {
    ApplicationError::InvalidInput(InputError::new(field, problem))
}

/// The refusal of an advance into `to` that lacks `missing`.
fn gate_not_met(to: Stage, missing: Vec<Requirement>) -> ApplicationError {
    ApplicationError::GateNotMet {
        to,
        missing: Missing(missing),
    }
}
