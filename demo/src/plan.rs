//! The demo's script: every step of every story, with the simulated time it happens at.
//!
//! Planning is pure: it reads the stories, the policy and a seed, and touches nothing.
//! Running the plan (`run.rs`) is what drives the server. Keeping the two apart means the
//! whole multi-year story can be checked in a unit test, and the runner only has to follow
//! it in time order.

use super::hubs::FOUNDING_HUBS;
use super::journey::{Journey, NetworkSize};
use super::network::{Story, HANDOVER_DAY, LEAVING_MEMBER};
use super::rng::Rng;
use super::steps::{AppStep, NetworkStep, Step};
use super::stories;
use charter_domain::application::Stage;
use charter_domain::Policy;
use chrono::{DateTime, Duration, Utc};

/// A step and when it happens.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub at: DateTime<Utc>,
    pub step: Step,
}

/// The whole script, in time order.
#[derive(Debug, Clone)]
pub struct Plan {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub stories: &'static [Story],
    pub steps: Vec<Planned>,
    /// How many steps fell after the end and were left out (none, with the default
    /// policy: a stricter policy's longer stories may not fit).
    pub left_out: usize,
}

/// How many years of history the demo simulates.
pub const YEARS: i64 = 4;

impl Plan {
    /// The script of every story, ending at `end` (the real now, so that votes still open
    /// close in the future and the dashboards look current).
    #[cfg(test)]
    pub fn new(policy: &Policy, seed: u64, end: DateTime<Utc>) -> Self {
        Self::scaled(policy, seed, end, 1)
    }

    /// The script of every story told `scale` times (see [`stories::told`]): each telling
    /// draws its own gaps, scores and quiet spell, so the copies start and end at other
    /// dates than the first.
    pub fn scaled(policy: &Policy, seed: u64, end: DateTime<Utc>, scale: usize) -> Self {
        let stories = stories::told(scale);
        let start = end - Duration::days(365 * YEARS + 1);
        let mut steps = vec![
            Planned {
                at: start,
                step: Step::Network(NetworkStep::EnrolStaff),
            },
            Planned {
                at: start,
                step: Step::Network(NetworkStep::RegisterHubs),
            },
            Planned {
                at: start + Duration::days(HANDOVER_DAY),
                step: Step::Network(NetworkStep::SeatNewMember),
            },
            Planned {
                at: start + Duration::days(HANDOVER_DAY + 7),
                step: Step::Network(NetworkStep::EndSeat(LEAVING_MEMBER)),
            },
        ];
        let network = NetworkSize {
            founding: FOUNDING_HUBS.len(),
            most: FOUNDING_HUBS.len()
                + stories
                    .iter()
                    .filter(|story| story.final_stage() == Stage::Initiative)
                    .count(),
        };
        let mut left_out = 0;
        for (index, story) in stories.iter().enumerate() {
            let salt = u64::try_from(index).unwrap_or(0).wrapping_add(1);
            let mut rng = Rng::new(seed ^ salt.wrapping_mul(0xA24B_AED4_963E_E407));
            let journey = Journey::new(story, policy, network, &mut rng, start).tell();
            let quiet = Duration::days(rng.between(story.quiet_days.0, story.quiet_days.1))
                + Duration::hours(rng.between(1, 20));
            let told = journey.len();
            let placed = place(journey, start, end, quiet);
            left_out += told - placed.len();
            for (at, step) in placed {
                steps.push(Planned {
                    at,
                    step: Step::App(index, step),
                });
            }
        }
        // Stable: steps of one application at the same instant keep their order.
        steps.sort_by_key(|planned| planned.at);
        Self {
            start,
            end,
            stories,
            steps,
            left_out,
        }
    }
}

/// Moves a story told from `start` so that its last step lies `quiet` before `end`, by
/// whole weeks so that steps stay on working days; a story too long for that starts a
/// week after `start` instead. Steps that would fall after `end` are left out: any
/// beginning of a story is itself a story that makes sense.
fn place(
    journey: Vec<(DateTime<Utc>, AppStep)>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    quiet: Duration,
) -> Vec<(DateTime<Utc>, AppStep)> {
    let (Some((first, _)), Some((last, _))) = (journey.first(), journey.last()) else {
        return journey;
    };
    let week = Duration::days(7);
    let earliest = start + week - *first;
    let wanted = end - quiet - *last;
    let weeks = |d: Duration| d.num_seconds().div_euclid(week.num_seconds());
    let shift = if wanted < earliest {
        // Whole weeks, rounded up, so that the story still starts after the staff.
        week * i32::try_from(weeks(earliest) + 1).unwrap_or(0)
    } else {
        week * i32::try_from(weeks(wanted)).unwrap_or(0)
    };
    journey
        .into_iter()
        .map(|(at, step)| (at + shift, step))
        .filter(|(at, _)| *at <= end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{AppStep, Plan, Step};
    use crate::SEED;
    use charter_domain::application::Stage;
    use charter_domain::policy::Electorate;
    use charter_domain::vote::Motion;
    use charter_domain::Policy;
    use chrono::{Duration, TimeZone, Utc};
    use std::collections::BTreeSet;

    fn policy() -> Policy {
        crate::policy().expect("the demo's policy")
    }

    fn plan() -> Plan {
        let end = Utc
            .with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
            .single()
            .expect("a time");
        Plan::new(&policy(), SEED, end)
    }

    #[test]
    fn every_story_fits_on_any_weekday_under_the_demos_policy_or_the_default() {
        for policy in [policy(), Policy::default()] {
            for day in 0..7 {
                let end = plan().end + Duration::days(day);
                let plan = Plan::new(&policy, SEED, end);
                assert_eq!(plan.left_out, 0, "no story is cut short ({day})");
            }
        }
    }

    #[test]
    fn the_network_decides_approvals_after_the_committee_and_hears_appeals() {
        let plan = plan();
        let opened: Vec<(usize, &Motion, Electorate)> = plan
            .steps
            .iter()
            .filter_map(|planned| match &planned.step {
                Step::App(story, AppStep::OpenVote { motion, electorate }) => {
                    Some((*story, motion, *electorate))
                }
                _ => None,
            })
            .collect();
        let approvals = Motion::Advance {
            to: Stage::Approved,
        };
        for (story, motion, electorate) in &opened {
            if *electorate == Electorate::Network && **motion == approvals {
                assert!(
                    opened.iter().any(|(s, m, e)| s == story
                        && **m == approvals
                        && *e == Electorate::Committee),
                    "the committee votes first"
                );
            }
        }
        let network = |motion: &Motion| {
            opened
                .iter()
                .filter(|(_, m, e)| *m == motion && *e == Electorate::Network)
                .count()
        };
        assert!(network(&approvals) > plan.stories.len() / 4);
        assert_eq!(network(&Motion::Appeal), 3);
        let joined = plan
            .steps
            .iter()
            .filter(|s| matches!(s.step, Step::App(_, AppStep::JoinNetwork)))
            .count();
        let initiatives = plan
            .stories
            .iter()
            .filter(|s| s.final_stage() == Stage::Initiative);
        assert_eq!(joined, initiatives.count());
    }

    #[test]
    fn every_story_fits_between_the_start_and_the_end_in_time_order() {
        let plan = plan();
        assert_eq!(plan.left_out, 0, "no story is cut short");
        assert!(plan.steps.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(plan
            .steps
            .iter()
            .all(|s| s.at >= plan.start && s.at <= plan.end));
        let opened = plan
            .steps
            .iter()
            .filter(|s| matches!(s.step, Step::App(_, AppStep::Open)))
            .count();
        assert_eq!(opened, plan.stories.len());
    }

    #[test]
    fn the_stories_end_in_every_stage() {
        let plan = plan();
        let ends: BTreeSet<Stage> = plan.stories.iter().map(|s| s.final_stage()).collect();
        assert_eq!(ends, Stage::ALL.into_iter().collect());
    }

    #[test]
    fn scale_two_tells_every_story_twice_in_hubs_of_their_own() {
        let end = plan().end;
        let plan = Plan::scaled(&policy(), SEED, end, 2);
        assert_eq!(plan.stories.len(), 2 * super::stories::STORIES.len());
        let opened = plan
            .steps
            .iter()
            .filter(|s| matches!(s.step, Step::App(_, AppStep::Open)))
            .count();
        assert_eq!(opened, plan.stories.len(), "every application is opened");
        let hubs: BTreeSet<String> = plan.stories.iter().map(|s| s.hub_name()).collect();
        let slugs: BTreeSet<&str> = plan.stories.iter().map(|s| s.slug).collect();
        assert_eq!(hubs.len(), plan.stories.len(), "hub names are distinct");
        assert_eq!(slugs.len(), plan.stories.len(), "addresses are distinct");
        assert_eq!(plan.left_out, 0, "no story is cut short");
        assert_eq!(plan.stories.iter().filter(|s| s.showcase).count(), 1);
    }

    #[test]
    fn the_same_seed_tells_the_same_story() {
        assert_eq!(plan().steps, plan().steps);
        let end = plan().end;
        assert_ne!(Plan::new(&policy(), SEED + 1, end).steps, plan().steps);
    }
}
