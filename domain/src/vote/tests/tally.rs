//! Counting: quorum as a share of the whole electorate, thresholds as a share of yes among
//! yes + no, exact arithmetic at the boundaries.

use super::super::{count, decide_outcome};
use super::*;
use crate::policy::{Ballot, Fraction, Threshold};

fn share(text: &str) -> Fraction {
    text.parse().expect("a valid share")
}

fn rule(quorum: &str, threshold: Threshold) -> VoteRule {
    VoteRule {
        electorate: crate::policy::Electorate::Committee,
        quorum: share(quorum),
        threshold,
        ballot: Ballot::Open,
    }
}

/// Half must take part; more than half of yes + no carries.
fn simple_majority() -> VoteRule {
    rule("1/2", Threshold::MoreThan(share("1/2")))
}

/// Half must take part; at least two thirds of yes + no carries.
fn two_thirds() -> VoteRule {
    rule("1/2", Threshold::AtLeast(share("2/3")))
}

/// The outcome under `rule` when, of `electorate` members, `yes`, `no` and `abstain` voted
/// so and `recused` recused.
fn outcome(
    rule: &VoteRule,
    electorate: usize,
    yes: usize,
    no: usize,
    abstain: usize,
    recused: usize,
) -> Outcome {
    let choices = [
        vec![Choice::Yes; yes],
        vec![Choice::No; no],
        vec![Choice::Abstain; abstain],
    ]
    .concat();
    decide_outcome(&count(electorate, &choices, recused), rule)
}

#[test]
fn the_count_shows_each_choice_the_recusals_and_who_did_not_vote() {
    let choices = [Choice::Yes, Choice::No, Choice::Yes, Choice::Abstain];
    assert_eq!(
        count(7, &choices, 1),
        Tally {
            electorate: 7,
            yes: 2,
            no: 1,
            abstain: 1,
            recused: 1,
            did_not_vote: 2,
        }
    );
}

#[test]
fn quorum_is_met_when_the_share_of_the_whole_electorate_takes_part() {
    assert_eq!(outcome(&simple_majority(), 10, 3, 1, 1, 0), Outcome::Passed);
    assert_eq!(
        outcome(&simple_majority(), 10, 3, 1, 0, 0),
        Outcome::NoQuorum
    );
    assert_eq!(
        outcome(&simple_majority(), 10, 0, 0, 0, 0),
        Outcome::NoQuorum
    );
}

#[test]
fn quorum_counts_against_the_whole_electorate_however_few_remain_after_recusals() {
    // Four of ten vote and three recuse: four is less than half of ten, not of seven.
    assert_eq!(
        outcome(&simple_majority(), 10, 4, 0, 0, 3),
        Outcome::NoQuorum
    );
    // Two of four vote and two recuse: two is half of the whole four.
    assert_eq!(outcome(&simple_majority(), 4, 2, 0, 0, 2), Outcome::Passed);
}

#[test]
fn abstentions_count_toward_quorum_but_not_toward_the_threshold() {
    // One yes and two abstentions make the quorum of three, and one yes of one carries.
    assert_eq!(outcome(&simple_majority(), 6, 1, 0, 2, 0), Outcome::Passed);
    // Without the abstentions there is no quorum.
    assert_eq!(
        outcome(&simple_majority(), 6, 1, 0, 0, 0),
        Outcome::NoQuorum
    );
    // Abstentions do not break a tie.
    assert_eq!(outcome(&simple_majority(), 9, 2, 2, 5, 0), Outcome::Failed);
}

#[test]
fn a_motion_everyone_abstains_on_fails() {
    assert_eq!(outcome(&simple_majority(), 4, 0, 0, 4, 0), Outcome::Failed);
    let any_yes = rule("1/2", Threshold::AtLeast(share("0/1")));
    assert_eq!(outcome(&any_yes, 4, 0, 0, 4, 0), Outcome::Failed);
}

#[test]
fn a_tie_fails_a_motion_that_needs_more_than_half() {
    assert_eq!(outcome(&simple_majority(), 4, 2, 2, 0, 0), Outcome::Failed);
}

#[test]
fn a_tie_carries_a_motion_that_needs_at_least_half() {
    let half = rule("1/2", Threshold::AtLeast(share("1/2")));
    assert_eq!(outcome(&half, 4, 2, 2, 0, 0), Outcome::Passed);
}

#[test]
fn a_simple_majority_carries_a_motion_that_needs_more_than_half() {
    assert_eq!(outcome(&simple_majority(), 5, 3, 2, 0, 0), Outcome::Passed);
    assert_eq!(outcome(&simple_majority(), 5, 2, 3, 0, 0), Outcome::Failed);
}

#[test]
fn exactly_two_thirds_carries_a_two_thirds_motion() {
    assert_eq!(outcome(&two_thirds(), 3, 2, 1, 0, 0), Outcome::Passed);
    assert_eq!(outcome(&two_thirds(), 6, 4, 2, 0, 0), Outcome::Passed);
}

#[test]
fn less_than_two_thirds_fails_a_two_thirds_motion() {
    // Five of eight is 62.5 %.
    assert_eq!(outcome(&two_thirds(), 8, 5, 3, 0, 0), Outcome::Failed);
    assert_eq!(outcome(&two_thirds(), 8, 6, 2, 0, 0), Outcome::Passed);
}

#[test]
fn a_stricter_quorum_needs_more_members_to_take_part() {
    let two_thirds_quorum = rule("2/3", Threshold::MoreThan(share("1/2")));
    assert_eq!(
        outcome(&two_thirds_quorum, 9, 5, 0, 0, 0),
        Outcome::NoQuorum
    );
    assert_eq!(outcome(&two_thirds_quorum, 9, 5, 0, 1, 0), Outcome::Passed);
}
