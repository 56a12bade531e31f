//! Network votes: the member hubs in good standing on the day the vote opens, one hub one
//! vote, the ballot cast (and changed) by whichever of the hub's delegates acts for it.
//!
//! The network is five hubs: Porto (delegates Rui and Sofia), Lisbon (Lena), Berlin (Jan),
//! Accra (Ama) and Lima (Inés). Braga joined after the vote opened. The vote is on
//! approving a candidate whose committee vote has passed; it opens on day 0 and closes at
//! the start of day 14, like the committee votes of the other tests.

mod ballots;
mod opening;
mod secret;

use super::*;
use crate::ids::HubId;
use crate::policy::Ballot;
use crate::roster::Delegation;

// ---- hubs and their delegates ------------------------------------------------------------

fn hub(n: u128) -> HubId {
    HubId(Uuid::from_u128(n))
}

fn porto() -> HubId {
    hub(0x4B01)
}

fn lisbon() -> HubId {
    hub(0x4B02)
}

fn berlin() -> HubId {
    hub(0x4B03)
}

fn accra() -> HubId {
    hub(0x4B04)
}

fn lima() -> HubId {
    hub(0x4B05)
}

/// A hub admitted after the vote opened.
fn braga() -> HubId {
    hub(0x4B06)
}

/// The network on the day the vote opened, with the hubs' names.
fn network() -> Vec<(HubId, String)> {
    [
        (porto(), "Impact Hub Porto"),
        (lisbon(), "Impact Hub Lisbon"),
        (berlin(), "Impact Hub Berlin"),
        (accra(), "Impact Hub Accra"),
        (lima(), "Impact Hub Lima"),
    ]
    .into_iter()
    .map(|(id, name)| (id, name.to_owned()))
    .collect()
}

fn delegate(id: u128, name: &str) -> Actor {
    actor(id, name, Role::Delegate)
}

/// Porto's first delegate.
fn rui() -> Actor {
    delegate(41, "Rui Costa")
}

/// Porto's second delegate.
fn sofia() -> Actor {
    delegate(42, "Sofia Reis")
}

/// The delegate of each hub of the network but Porto, with their hub.
fn other_delegates() -> [(Actor, HubId); 4] {
    [
        (delegate(43, "Lena Vogel"), lisbon()),
        (delegate(44, "Jan Novak"), berlin()),
        (delegate(45, "Ama Owusu"), accra()),
        (delegate(46, "Inés Quispe"), lima()),
    ]
}

/// What the roster says of a delegate of `hub` in good standing today.
fn acting_for(hub: HubId) -> Option<Delegation> {
    Some(Delegation {
        hub,
        in_good_standing: true,
    })
}

// ---- rules and histories -----------------------------------------------------------------

/// The default policy's network rule at the `approved` gate: secret, half the hubs must
/// take part, more than half of yes + no carries.
fn network_rule() -> VoteRule {
    policy()
        .gates
        .approved
        .vote_of(Electorate::Network)
        .cloned()
        .expect("the approved gate takes a network vote")
}

/// The same rule with open ballots, so that a test can read the choices in the events.
fn open_network_rule() -> VoteRule {
    VoteRule {
        ballot: Ballot::Open,
        ..network_rule()
    }
}

fn approval() -> Motion {
    Motion::Advance {
        to: Stage::Approved,
    }
}

fn network_vote_opened(rule: VoteRule) -> VoteEvent {
    VoteEvent::VoteOpened {
        vote_id: vote_id(),
        application_id: application_id(),
        stage: Stage::Candidate,
        motion: approval(),
        electorate: Vec::new(),
        hubs: network(),
        rule,
        policy_version: policy().version,
        closes_at: closes_at(),
        at: day(0),
    }
}

/// A network vote with open ballots on approving the candidate.
fn open_network_vote() -> Vec<VoteEvent> {
    vec![network_vote_opened(open_network_rule())]
}

/// The default policy's secret network vote on approving the candidate.
fn secret_network_vote() -> Vec<VoteEvent> {
    vec![network_vote_opened(network_rule())]
}

/// A delegate of `hub` casts or changes its ballot (sealed with nonce `n` in a secret vote).
fn cast_for(hub: HubId, choice: Choice, n: u8) -> VoteCommand {
    VoteCommand::Cast {
        choice,
        reason: None,
        seal: Some(seal(n)),
        delegation: acting_for(hub),
    }
}

/// `delegate`'s open ballot for `hub`, as recorded at `now()`.
fn hub_ballot(delegate: &Actor, hub: HubId, revision: u32, choice: Choice) -> VoteEvent {
    VoteEvent::BallotCast {
        member: delegate.id,
        hub: Some(hub),
        revision,
        choice: RecordedChoice::Open {
            choice,
            reason: None,
        },
        at: now(),
    }
}

fn recuse_for(hub: HubId) -> VoteCommand {
    VoteCommand::Recuse {
        reason: "Our hub coached the founders.".to_owned(),
        delegation: acting_for(hub),
    }
}

/// `history` with each of `ballots` cast in turn through the aggregate on day 2, each
/// with its own nonce.
fn with_hub_ballots(history: Vec<VoteEvent>, ballots: &[(Actor, HubId, Choice)]) -> Vec<VoteEvent> {
    let mut history = history;
    for (n, (delegate, hub, choice)) in (1..).zip(ballots) {
        let command = Authored::new(delegate.clone(), day(2), cast_for(*hub, *choice, n));
        let events = replayed(&history)
            .decide(command, &policy())
            .unwrap_or_else(|refusal| panic!("ballot {n}: {refusal}"));
        history.extend(events);
    }
    history
}

/// The hubs other than Porto casting `choices` in turn, through their delegates.
fn others_cast(choices: &[Choice]) -> Vec<(Actor, HubId, Choice)> {
    other_delegates()
        .into_iter()
        .zip(choices)
        .map(|((delegate, hub), choice)| (delegate, hub, *choice))
        .collect()
}

fn network_closed(tally: Tally, outcome: Outcome, at: DateTime<Utc>) -> VoteEvent {
    VoteEvent::VoteClosed {
        application_id: application_id(),
        motion: approval(),
        electorate: Electorate::Network,
        tally,
        outcome,
        at,
    }
}

/// A tally of the five-hub network.
fn tally_of_five(yes: u32, no: u32, abstain: u32, recused: u32) -> Tally {
    Tally {
        electorate: 5,
        yes,
        no,
        abstain,
        recused,
        did_not_vote: 5 - yes - no - abstain - recused,
    }
}
