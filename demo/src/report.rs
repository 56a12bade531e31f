//! What the demo loaded, read back through the API, and the tokens to explore it with.

use super::client::Caller;
use super::network::LEAVING_MEMBER;
use super::plan::{Plan, YEARS};
use super::run::Runner;
use super::{events_in_store, DemoError};
use charter_domain::Role;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

/// Votes in the register.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VoteCounts {
    pub total: usize,
    /// Still open at the end of the story.
    pub open: usize,
    pub secret: usize,
    /// Put to the member hubs, one hub one vote (the rest are the committee's).
    pub network: usize,
}

/// The member hubs at the end of the story.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HubCounts {
    /// Members in good standing.
    pub members: usize,
    /// Of them, the hubs of applications that became initiatives, admitted by Charter.
    pub admitted: usize,
    /// Their delegates now.
    pub delegates: usize,
}

/// A token to explore the demo with, and why this person is worth a look.
#[derive(Debug, Clone)]
pub struct DemoToken {
    pub caller: Caller,
    pub why: String,
    /// The address the person signs in to the pages with.
    pub email: Option<String>,
}

/// What the demo loaded.
#[derive(Debug, Clone)]
pub struct DemoReport {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub applications: usize,
    /// Applications per stage now, in pipeline order.
    pub stages: Vec<(String, i64)>,
    pub votes: VoteCounts,
    pub hubs: HubCounts,
    /// Events in the store.
    pub events: i64,
    pub elapsed: Duration,
    pub tokens: Vec<DemoToken>,
}

impl DemoReport {
    /// How many applications are in `stage` now.
    pub fn in_stage(&self, stage: &str) -> i64 {
        self.stages
            .iter()
            .find(|(name, _)| name == stage)
            .map_or(0, |(_, count)| *count)
    }
}

/// Reads the dashboard and the vote register as the secretariat, and picks the tokens.
pub(super) async fn compile(
    runner: &Runner<'_>,
    plan: &Plan,
    now: DateTime<Utc>,
) -> Result<DemoReport, DemoError> {
    let step = "the summary";
    let secretariat = runner.secretariat()?;
    let board = runner
        .client
        .get(step, secretariat, "/api/v1/dashboard")
        .await?;
    let stages = board["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s["stage"].as_str()?.to_owned(), s["current"].as_i64()?)))
        .collect();
    let register = runner
        .client
        .get(step, secretariat, "/api/v1/votes?limit=500")
        .await?;
    let register = register["items"].as_array().cloned().unwrap_or_default();
    let votes = VoteCounts {
        total: register.len(),
        open: register.iter().filter(|v| v["closed_at"].is_null()).count(),
        secret: register.iter().filter(|v| v["ballot"] == "secret").count(),
        // The rule fixed at opening names who votes.
        network: register
            .iter()
            .filter(|v| v["rule"]["electorate"] == "network")
            .count(),
    };
    let listed = runner
        .client
        .get(step, secretariat, "/api/v1/hubs?limit=500")
        .await?;
    let members: Vec<&Value> = listed["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|hub| hub["standing"] == "member")
        .collect();
    let hubs = HubCounts {
        members: members.len(),
        admitted: members
            .iter()
            .filter(|hub| !hub["application_id"].is_null())
            .count(),
        delegates: members
            .iter()
            .map(|hub| hub["delegates"].as_array().map_or(0, Vec::len))
            .sum(),
    };
    let mut tokens = vec![DemoToken {
        caller: secretariat.clone(),
        why: "runs the process: panels, interviews, votes".to_owned(),
        email: None,
    }];
    tokens.extend(committee_member(runner, &board));
    tokens.extend(delegate(runner));
    tokens.extend(panelist(runner).await?);
    if let Some((index, story)) = plan.stories.iter().enumerate().find(|(_, s)| s.showcase) {
        if let Some(founders) = runner.founders(index) {
            tokens.push(DemoToken {
                caller: founders.clone(),
                why: format!("founder of {}, a revision is due", story.hub_name()),
                email: None,
            });
        }
    }
    // The address each signs in to the pages with, as the roster knows it. The pages offer
    // no delegate's role to sign in to: a delegate votes for their hub over the API.
    for token in tokens
        .iter_mut()
        .filter(|t| t.caller.role != Role::Delegate)
    {
        let person = runner
            .client
            .get(
                step,
                secretariat,
                &format!("/api/v1/people/{}", token.caller.person),
            )
            .await?;
        token.email = person["email"].as_str().map(str::to_owned);
    }
    Ok(DemoReport {
        from: plan.start,
        to: now,
        applications: plan.stories.len(),
        stages,
        votes,
        hubs,
        events: events_in_store(&runner.pool).await?,
        elapsed: Duration::ZERO,
        tokens,
    })
}

/// Checks that every application ended in the stage its story says, as the read
/// models show it: a story that drifted from the server's rules fails loudly here.
pub(super) async fn check_endings(runner: &Runner<'_>, plan: &Plan) -> Result<(), DemoError> {
    let step = "checking the endings";
    let listed = runner
        .client
        .get(
            step,
            runner.secretariat()?,
            "/api/v1/applications?limit=500",
        )
        .await?;
    let stages: HashMap<String, String> = listed["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let id = item["application_id"].as_str()?.to_owned();
            Some((id, item["stage"].as_str()?.to_owned()))
        })
        .collect();
    for (index, story) in plan.stories.iter().enumerate() {
        let id = runner.application_id(index);
        let stage = id.and_then(|id| stages.get(&id.to_string()));
        let wanted = story.final_stage();
        if stage.map(String::as_str) != Some(wanted.as_str()) {
            return Err(DemoError::unexpected(
                step,
                format!(
                    "{} ended in {stage:?}, its story in {wanted}",
                    story.hub_name()
                ),
            ));
        }
    }
    Ok(())
}

/// A seated member who has not yet voted in an open vote, so that they can.
fn committee_member(runner: &Runner<'_>, board: &Value) -> Option<DemoToken> {
    let seated: Vec<&Caller> = runner
        .committee
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != LEAVING_MEMBER)
        .map(|(_, member)| member)
        .collect();
    let waiting = board["open_votes"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|vote| vote["not_voted"].as_array().into_iter().flatten())
        .filter_map(|person| person["person_id"].as_str());
    for person in waiting {
        if let Some(member) = seated.iter().find(|m| m.person.to_string() == person) {
            return Some(DemoToken {
                caller: (*member).clone(),
                why: "committee member; has not yet voted in an open vote".to_owned(),
                email: None,
            });
        }
    }
    seated.first().map(|member| DemoToken {
        caller: (*member).clone(),
        why: "committee member".to_owned(),
        email: None,
    })
}

/// A delegate of one of the association's hubs that has not yet voted in a network vote
/// still open, so that they can.
fn delegate(runner: &Runner<'_>) -> Option<DemoToken> {
    let waiting = runner.open_network_votes().flat_map(|vote| {
        vote.hubs()
            .iter()
            .enumerate()
            .filter(|(slot, _)| !vote.took_part.contains(slot))
            .map(|(_, hub)| *hub)
    });
    let founding = |id: uuid::Uuid| runner.hubs.iter().find(|hub| hub.id == id && hub.founding);
    let (hub, why) = match waiting.filter_map(founding).next() {
        Some(hub) => (hub, "; the hub has not yet voted in an open network vote"),
        None => (runner.hubs.first()?, ""),
    };
    let (caller, _) = hub.delegates.first()?;
    Some(DemoToken {
        caller: caller.clone(),
        why: format!("delegate of {}{why}", hub.name),
        email: None,
    })
}

/// The panelist with the most versions awaiting their review.
async fn panelist(runner: &Runner<'_>) -> Result<Option<DemoToken>, DemoError> {
    let mut busiest: Option<(usize, &Caller)> = None;
    for panelist in &runner.panelists {
        let queue = runner
            .client
            .get("a review queue", panelist, "/api/v1/reviews/queue")
            .await?;
        let awaiting = queue["awaiting"].as_array().map_or(0, Vec::len);
        if busiest.is_none_or(|(most, _)| awaiting > most) {
            busiest = Some((awaiting, panelist));
        }
    }
    Ok(busiest.map(|(awaiting, panelist)| DemoToken {
        caller: panelist.clone(),
        why: format!("expert panelist; {awaiting} document versions await their review"),
        email: None,
    }))
}

impl fmt::Display for DemoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Loaded the demo network: {} applications over {YEARS} simulated years ({} to {}),\n\
             {} events in {:.1} s.\n",
            self.applications,
            self.from.date_naive(),
            self.to.date_naive(),
            self.events,
            self.elapsed.as_secs_f64(),
        )?;
        writeln!(f, "Applications per stage:")?;
        for (stage, count) in &self.stages {
            writeln!(f, "  {stage:<14} {count:>3}")?;
        }
        writeln!(
            f,
            "\nMember hubs: {} ({} older than Charter, {} admitted as initiatives), with {} \
             delegates",
            self.hubs.members,
            self.hubs.members.saturating_sub(self.hubs.admitted),
            self.hubs.admitted,
            self.hubs.delegates,
        )?;
        writeln!(
            f,
            "Votes: {} ({} of the committee, {} of the network, one hub one vote; {} secret \
             ballots, {} still open)\n",
            self.votes.total,
            self.votes.total.saturating_sub(self.votes.network),
            self.votes.network,
            self.votes.secret,
            self.votes.open
        )?;
        writeln!(
            f,
            "People to explore with: sign in at /sign-in with their address (the code arrives in\n\
         the maildir), or call the API with their token. The tokens are shown only this once:\n\
         Charter keeps only their hashes."
        )?;
        for token in &self.tokens {
            let caller = &token.caller;
            writeln!(
                f,
                "  {:<12} {} ({})",
                caller.role.as_str(),
                caller.name,
                token.why
            )?;
            if let Some(email) = &token.email {
                writeln!(f, "               sign in as {email}")?;
            }
            writeln!(f, "               {}", caller.token)?;
            if let Some(application) = caller.application {
                writeln!(f, "               application {application}")?;
            }
        }
        Ok(())
    }
}
