//! Counting a vote under its rule. Exact integer arithmetic: 2 of 3 is two thirds.

use super::events::{Choice, Outcome, Tally};
use crate::policy::{Fraction, Threshold, VoteRule};

/// The tally of `electorate` members given each non-recused voter's latest choice and the
/// number of recusals.
pub fn count(electorate: usize, choices: &[Choice], recused: usize) -> Tally {
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    let of = |c: Choice| n(choices.iter().filter(|&&x| x == c).count());
    Tally {
        electorate: n(electorate),
        yes: of(Choice::Yes),
        no: of(Choice::No),
        abstain: of(Choice::Abstain),
        recused: n(recused),
        did_not_vote: n(electorate.saturating_sub(choices.len() + recused)),
    }
}

/// The outcome of `tally` under `rule`.
///
/// Quorum is a share of the whole electorate; yes, no and abstain count toward it,
/// recusals do not. The threshold is a share of yes among yes + no; with no yes or no at
/// all the motion is not carried.
pub fn decide_outcome(tally: &Tally, rule: &VoteRule) -> Outcome {
    let took_part = u64::from(tally.yes) + u64::from(tally.no) + u64::from(tally.abstain);
    if !at_least(took_part, u64::from(tally.electorate), rule.quorum) {
        return Outcome::NoQuorum;
    }
    let yes = u64::from(tally.yes);
    let decided = yes + u64::from(tally.no);
    let carried = decided > 0
        && match rule.threshold {
            Threshold::MoreThan(share) => more_than(yes, decided, share),
            Threshold::AtLeast(share) => at_least(yes, decided, share),
        };
    if carried {
        Outcome::Passed
    } else {
        Outcome::Failed
    }
}

/// part / whole >= share
fn at_least(part: u64, whole: u64, share: Fraction) -> bool {
    part * u64::from(share.denominator) >= whole * u64::from(share.numerator)
}

/// part / whole > share
fn more_than(part: u64, whole: u64, share: Fraction) -> bool {
    part * u64::from(share.denominator) > whole * u64::from(share.numerator)
}
