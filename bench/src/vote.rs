//! Metrics 3 and 3b: a hot vote. Every voter casts a ballot on the same vote at the same
//! moment; the vote is then closed, and the round repeated on a new application. Every
//! acknowledged ballot must be in the event store exactly once. In metric 3 the voters are
//! the committee's members, one member one ballot; in 3b the network's hubs, one hub one
//! ballot, each cast by the hub's delegate.

use crate::client::{Answer, Charter};
use crate::limit::Limit;
use crate::report::{verdict, Row};
use crate::stats::{ms, per_second, percent, Latencies};
use anyhow::Context;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

/// Who votes, and what tells their ballots apart in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Electorate {
    /// The committee seated today, one member one ballot (metric 3).
    Committee,
    /// The member hubs in good standing, one hub one ballot cast by its delegate (3b).
    Network,
}

impl Electorate {
    /// What the request opening the vote names: nothing for the committee, so that
    /// metric 3 opens its votes as it always has; the rule must name the network for 3b.
    fn asked(self) -> Option<&'static str> {
        match self {
            Electorate::Committee => None,
            Electorate::Network => Some("network"),
        }
    }

    /// The field of a `BallotCast` event that names the voter whose one ballot it is: in
    /// a network vote the hub, whichever delegate cast it.
    fn voter_field(self) -> &'static str {
        match self {
            Electorate::Committee => "member",
            Electorate::Network => "hub",
        }
    }
}

/// What the rounds gave.
#[derive(Debug)]
pub struct HotVote {
    pub electorate: Electorate,
    /// Voters casting at once: committee members or hubs' delegates.
    pub members: usize,
    pub rounds: usize,
    /// Acknowledged (2xx) ballots.
    pub ballots: usize,
    /// Time from the start of each round's ballots to the last answer, summed.
    pub casting: Duration,
    pub latencies: Latencies,
    /// 409 answers: conflicts the server gave up retrying.
    pub conflicts: usize,
    /// Other answers that were not 2xx.
    pub errors: usize,
    /// Acknowledged ballots missing from the store.
    pub lost: usize,
    /// Ballots in the store more often than once.
    pub doubled: usize,
}

/// One round's ballots, for checking against the store.
#[derive(Debug)]
struct Round {
    vote: String,
    acknowledged: usize,
}

/// Runs `rounds` rounds in which every one of `voters` (their tokens: one per member of
/// the `electorate`) casts, the secretariat opening and closing the votes; then counts the
/// ballots in the store through `pool`.
pub async fn measure(
    charter: &Charter,
    pool: &PgPool,
    secretariat: &str,
    electorate: Electorate,
    voters: &[String],
    rounds: usize,
) -> anyhow::Result<HotVote> {
    let mut latencies = Vec::new();
    let mut casting = Duration::ZERO;
    let (mut conflicts, mut errors) = (0, 0);
    let mut held = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let vote = open_vote(charter, secretariat, electorate, round).await?;
        let (answers, took) = cast_all(charter, &vote, voters).await?;
        casting += took;
        let mut acknowledged = 0;
        for answer in &answers {
            match answer.status {
                200..=299 => {
                    acknowledged += 1;
                    latencies.push(answer.latency);
                }
                409 => conflicts += 1,
                _ => {
                    errors += 1;
                    tracing::warn!(status = answer.status, body = %answer.body, "a ballot failed");
                }
            }
        }
        charter
            .close_vote(secretariat, &vote)
            .await?
            .expect_ok("closing the vote")?;
        held.push(Round { vote, acknowledged });
    }
    let (lost, doubled) = count_in_store(pool, electorate, &held).await?;
    Ok(HotVote {
        electorate,
        members: voters.len(),
        rounds,
        ballots: latencies.len(),
        casting,
        latencies: Latencies::new(latencies),
        conflicts,
        errors,
        lost,
        doubled,
    })
}

/// A new application, made eligible, with a motion to reject it put to `electorate`.
async fn open_vote(
    charter: &Charter,
    secretariat: &str,
    electorate: Electorate,
    round: usize,
) -> anyhow::Result<String> {
    let opened = charter
        .open_application(secretariat, &format!("vote {round}"))
        .await?
        .expect_ok("opening an application to vote on")?;
    let application = opened
        .text("application_id")
        .context("the opened application has no id")?;
    charter
        .grant_eligibility(secretariat, &application)
        .await?
        .expect_ok("granting eligibility")?;
    charter
        .open_vote(secretariat, &application, electorate.asked())
        .await?
        .expect_ok("opening the vote")?
        .text("vote_id")
        .context("the opened vote has no id")
}

/// Every voter casts at once; the answers, and the time from the start to the last one.
async fn cast_all(
    charter: &Charter,
    vote: &str,
    voters: &[String],
) -> anyhow::Result<(Vec<Answer>, Duration)> {
    let barrier = Arc::new(Barrier::new(voters.len()));
    let members = voters.iter().cloned().map(|token| {
        let (charter, barrier, vote) = (charter.clone(), barrier.clone(), vote.to_owned());
        tokio::spawn(async move {
            barrier.wait().await;
            let started = Instant::now();
            let answer = charter.cast_ballot(&token, &vote).await?;
            Ok::<_, anyhow::Error>((started, answer))
        })
    });
    let mut answers = Vec::with_capacity(voters.len());
    let (mut first, mut last) = (None::<Instant>, None::<Instant>);
    for member in futures::future::join_all(members).await {
        let (started, answer) = member??;
        first = Some(first.map_or(started, |first| first.min(started)));
        last = Some(last.map_or(answer.at, |last| last.max(answer.at)));
        answers.push(answer);
    }
    let took = match (first, last) {
        (Some(first), Some(last)) => last - first,
        _ => Duration::ZERO,
    };
    Ok((answers, took))
}

/// Lost and doubled ballots: each vote's `BallotCast` events against its acknowledged
/// ballots, and against the distinct voters (members, or hubs) whose ballots they are.
async fn count_in_store(
    pool: &PgPool,
    electorate: Electorate,
    rounds: &[Round],
) -> anyhow::Result<(usize, usize)> {
    let (mut lost, mut doubled) = (0, 0);
    for round in rounds {
        // Network votes are votes too: the same aggregate, the hub beside the delegate.
        let (stored, members): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(DISTINCT payload -> 'BallotCast' ->> $2)
             FROM events
             WHERE aggregate_type = 'CommitteeVote' AND event_type = 'BallotCast'
               AND aggregate_id = $1",
        )
        .bind(&round.vote)
        .bind(electorate.voter_field())
        .fetch_one(pool)
        .await?;
        let (stored, members) = (to_usize(stored), to_usize(members));
        lost += round.acknowledged.saturating_sub(members);
        doubled += stored.saturating_sub(members) + members.saturating_sub(round.acknowledged);
    }
    Ok((lost, doubled))
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

impl HotVote {
    /// The table's row.
    pub fn row(&self, limit: &Limit, peak_rss_mib: Option<f64>) -> Row {
        let rate = self.ballots as f64 / self.casting.as_secs_f64().max(1e-9);
        let errors = if self.errors > 0 {
            format!(", {} other failures", self.errors)
        } else {
            String::new()
        };
        let metric = match self.electorate {
            Electorate::Committee => format!(
                "3. Hot vote, {} members casting at once ({} rounds)",
                self.members, self.rounds
            ),
            Electorate::Network => format!(
                "3b. Hot network vote, {} hubs casting at once, one delegate each ({} rounds)",
                self.members, self.rounds
            ),
        };
        Row {
            metric,
            figure: format!(
                "{}, p50 {}, p99 {}; retries 0 (409s: {}); lost {}, doubled {}{errors}",
                per_second(rate, "ballots"),
                ms(self.latencies.p50()),
                ms(self.latencies.p99()),
                self.conflicts,
                self.lost,
                self.doubled
            ),
            target: "0 lost, 0 doubled".to_owned(),
            verdict: format!(
                "{}: {} of {} acknowledged; {} of the {}-client INSERT limit",
                verdict(self.lost == 0 && self.doubled == 0),
                self.ballots,
                self.members * self.rounds,
                percent(rate / limit.many_clients),
                limit.clients
            ),
            peak_rss_mib,
        }
    }
}
