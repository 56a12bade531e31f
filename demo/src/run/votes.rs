//! Votes as the runner follows them: the electorate (committee members, or member hubs) in
//! the plan's order, and waiting for what the server does by itself (the process manager,
//! the scheduler).

use super::Runner;
use crate::client::{text, Caller};
use crate::rng::Rng;
use crate::DemoError;
use charter_domain::policy::Electorate;
use charter_domain::vote::Outcome;
use charter_domain::PersonId;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a closed vote may take to be carried out before the demo gives up.
const OUTCOME_WAIT: Duration = Duration::from_secs(30);

/// A vote open on an application, and its electorate in the order the plan's slots use.
#[derive(Debug)]
pub(crate) struct OpenVote {
    id: String,
    /// The committee members of a committee vote; empty in a network vote.
    members: Vec<PersonId>,
    /// The member hubs of a network vote; empty in a committee vote.
    hubs: Vec<Uuid>,
    /// The slots that have voted or recused.
    pub(crate) took_part: BTreeSet<usize>,
}

impl OpenVote {
    /// Whether the network votes.
    pub(crate) fn is_network(&self) -> bool {
        !self.hubs.is_empty()
    }

    /// The hubs in the electorate, in slot order.
    pub(crate) fn hubs(&self) -> &[Uuid] {
        &self.hubs
    }
}

impl Runner<'_> {
    /// Remembers the vote just opened, with its electorate in a shuffled order that
    /// depends only on the seed, the application and how many votes it has had.
    pub(super) fn opened_vote(
        &mut self,
        index: usize,
        response: &Value,
        electorate: Electorate,
        what: &str,
    ) -> Result<(), DemoError> {
        let id = text(response, "vote_id", what)?.to_owned();
        let field = match electorate {
            Electorate::Committee => "/events/0/data/electorate",
            Electorate::Network => "/events/0/data/hubs",
        };
        let listed = response
            .pointer(field)
            .and_then(Value::as_array)
            .ok_or_else(|| DemoError::unexpected(what, "the vote has no electorate"))?;
        // By name, then shuffled: the same order on every run whatever the ids.
        let mut electors: Vec<(String, Uuid)> = listed
            .iter()
            .filter_map(|elector| {
                let id = Uuid::parse_str(elector[0].as_str()?).ok()?;
                Some((elector[1].as_str()?.to_owned(), id))
            })
            .collect();
        electors.sort();
        let app = &mut self.apps[index];
        app.votes_opened += 1;
        let salt = (u64::try_from(index).unwrap_or(0) << 8) | app.votes_opened;
        Rng::new(self.seed ^ salt.wrapping_mul(0x9FB2_1C65_1E98_DF25)).shuffle(&mut electors);
        let ids = electors.into_iter().map(|(_, id)| id);
        app.vote = Some(match electorate {
            Electorate::Committee => OpenVote {
                id,
                members: ids.map(PersonId).collect(),
                hubs: Vec::new(),
                took_part: BTreeSet::new(),
            },
            Electorate::Network => OpenVote {
                id,
                members: Vec::new(),
                hubs: ids.collect(),
                took_part: BTreeSet::new(),
            },
        });
        Ok(())
    }

    /// The open vote on application `index`.
    pub(super) fn open_vote(&self, index: usize, what: &str) -> Result<&OpenVote, DemoError> {
        self.apps[index]
            .vote
            .as_ref()
            .ok_or_else(|| DemoError::unexpected(what, "no vote is open"))
    }

    /// The open network votes at the end of the story.
    pub(crate) fn open_network_votes(&self) -> impl Iterator<Item = &OpenVote> {
        self.apps
            .iter()
            .filter_map(|app| app.vote.as_ref())
            .filter(|vote| vote.is_network())
    }

    /// Who acts for `slot` of the open network vote on application `index`: the vote, the
    /// hub (an index into the runner's hubs) and its delegate. `None` where the slot lies
    /// beyond the hubs voting (the plan counts on the largest network the story can have).
    pub(super) fn hub_elector(
        &self,
        index: usize,
        slot: usize,
        what: &str,
    ) -> Result<Option<(String, usize, Caller)>, DemoError> {
        let vote = self.open_vote(index, what)?;
        let Some(id) = vote.hubs.get(slot) else {
            return Ok(None);
        };
        let hub = self
            .hub_index(*id)
            .ok_or_else(|| DemoError::unexpected(what, "a hub the demo did not register"))?;
        let delegate = self
            .delegate(hub, slot)
            .ok_or_else(|| DemoError::unexpected(what, "a hub without a delegate"))?;
        Ok(Some((vote.id.clone(), hub, delegate.clone())))
    }

    /// Notes that `slot` of the open vote on application `index` took part.
    pub(super) fn took_part(&mut self, index: usize, slot: usize) {
        if let Some(vote) = self.apps[index].vote.as_mut() {
            vote.took_part.insert(slot);
        }
    }

    /// The open vote on application `index` and the member in `slot` of its electorate.
    pub(super) fn member(
        &self,
        index: usize,
        slot: usize,
        what: &str,
    ) -> Result<(String, Caller), DemoError> {
        let vote = self.open_vote(index, what)?;
        let person = vote.members.get(slot).ok_or_else(|| {
            DemoError::unexpected(what, format!("the electorate has no place {slot}"))
        })?;
        let member = self
            .committee
            .iter()
            .find(|member| member.person == *person)
            .ok_or_else(|| DemoError::unexpected(what, "an elector the demo did not enrol"))?;
        Ok((vote.id.clone(), member.clone()))
    }

    pub(super) fn take_vote(&mut self, index: usize, what: &str) -> Result<String, DemoError> {
        self.apps[index]
            .vote
            .take()
            .map(|vote| vote.id)
            .ok_or_else(|| DemoError::unexpected(what, "no vote is open"))
    }

    /// One round of Charter's own scheduler at the simulated now. It finds what is due in
    /// the read models, so they catch up first; what it writes is then waited for too.
    pub async fn scheduler_round(&mut self, what: &str) -> Result<(), DemoError> {
        self.caught_up(what).await?;
        self.host
            .scheduler_round()
            .await
            .map_err(DemoError::Scheduler)?;
        self.written_meanwhile().await
    }

    /// Takes in what the server wrote by itself (the scheduler, the process manager),
    /// whose positions no response reported.
    pub(super) async fn written_meanwhile(&mut self) -> Result<(), DemoError> {
        let last: Option<i64> = sqlx::query_scalar("SELECT max(global_position) FROM events")
            .fetch_one(&self.pool)
            .await?;
        self.position = self.position.max(last.unwrap_or(0));
        Ok(())
    }

    /// Waits until the read models have applied every command so far.
    pub async fn caught_up(&self, what: &str) -> Result<(), DemoError> {
        let path = format!("/api/v1/dashboard?min_position={}", self.position);
        self.client.get(what, self.secretariat()?, &path).await?;
        Ok(())
    }

    /// Waits until the process manager has carried out closed vote `vote` (its result is
    /// in the register), and checks the vote ended as the story needs. The process
    /// manager stamps what it does with the simulated clock, which stays put meanwhile.
    pub(super) async fn carried_out(
        &mut self,
        vote: &str,
        expect: Outcome,
        what: &str,
    ) -> Result<(), DemoError> {
        let secretariat = self.secretariat()?.clone();
        let deadline = Instant::now() + OUTCOME_WAIT;
        let mut path = format!("/api/v1/votes/{vote}?min_position={}", self.position);
        let register = loop {
            let register = self.client.get(what, &secretariat, &path).await?;
            if !register["carried_out"].is_null() {
                break register;
            }
            if Instant::now() > deadline {
                return Err(DemoError::NotCarriedOut {
                    vote: vote.to_owned(),
                });
            }
            path = format!("/api/v1/votes/{vote}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        let outcome = &register["outcome"];
        if *outcome != json!(expect) {
            return Err(DemoError::unexpected(
                what,
                format!(
                    "the vote ended {outcome}, the story needs {}",
                    json!(expect)
                ),
            ));
        }
        if register["carried_out"]["result"] == "refused" {
            return Err(DemoError::unexpected(
                what,
                format!(
                    "the vote could not be carried out: {}",
                    register["carried_out"]
                ),
            ));
        }
        self.written_meanwhile().await
    }
}
