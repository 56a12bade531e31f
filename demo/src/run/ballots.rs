//! The steps of a vote, each a request as the person who takes it: the secretariat opens
//! and closes, committee members vote for themselves, and delegates for their hubs.

use super::Runner;
use crate::steps::AppStep;
use crate::DemoError;
use serde_json::{json, Value};
use uuid::Uuid;

impl Runner<'_> {
    /// Takes `step`, a step of a vote on application `id` (of story `index`).
    pub(super) async fn vote_step(
        &mut self,
        index: usize,
        id: Uuid,
        step: &AppStep,
        what: &str,
    ) -> Result<(), DemoError> {
        let secretariat = self.secretariat()?.clone();
        let response = match step {
            AppStep::OpenVote { motion, electorate } => {
                let body = json!({
                    "application_id": id, "motion": motion, "electorate": electorate,
                });
                let response = self
                    .client
                    .post(what, &secretariat, "/api/v1/votes", &body, 201)
                    .await?;
                self.opened_vote(index, &response, *electorate, what)?;
                response
            }
            AppStep::Cast { slot, choice } => {
                let body = json!({ "choice": choice });
                let Some(response) = self.take_part(index, *slot, "ballots", &body, what).await?
                else {
                    return Ok(());
                };
                response
            }
            AppStep::Recuse { slot, reason } => {
                let body = json!({ "reason": reason });
                let Some(response) = self
                    .take_part(index, *slot, "recusals", &body, what)
                    .await?
                else {
                    return Ok(());
                };
                response
            }
            AppStep::Handover { slot, choice } => {
                let Some(response) = self
                    .handover(index, *slot, &json!({ "choice": choice }), what)
                    .await?
                else {
                    return Ok(());
                };
                response
            }
            AppStep::CloseVote { expect } => {
                let vote = self.take_vote(index, what)?;
                let path = format!("/api/v1/votes/{vote}/close");
                let response = self
                    .client
                    .post(what, &secretariat, &path, &json!({}), 200)
                    .await?;
                self.saw(&response);
                return self.carried_out(&vote, *expect, what).await;
            }
            AppStep::CloseAtClosingTime { expect } => {
                let vote = self.take_vote(index, what)?;
                self.scheduler_round(what).await?;
                return self.carried_out(&vote, *expect, what).await;
            }
            other => {
                return Err(DemoError::unexpected(
                    what,
                    format!("not a step of a vote: {other:?}"),
                ))
            }
        };
        self.saw(&response);
        Ok(())
    }

    /// The member (or the hub's delegate) in `slot` of the open vote posts `body` to its
    /// `action` (ballots or recusals). Nothing where a network vote's slot lies beyond the
    /// hubs voting.
    async fn take_part(
        &mut self,
        index: usize,
        slot: usize,
        action: &str,
        body: &Value,
        what: &str,
    ) -> Result<Option<Value>, DemoError> {
        let (vote, caller) = if self.open_vote(index, what)?.is_network() {
            match self.hub_elector(index, slot, what)? {
                Some((vote, _, delegate)) => (vote, delegate),
                None => return Ok(None),
            }
        } else {
            self.member(index, slot, what)?
        };
        let path = format!("/api/v1/votes/{vote}/{action}");
        let response = self.client.post(what, &caller, &path, body, 201).await?;
        self.took_part(index, slot);
        Ok(Some(response))
    }

    /// A hub's delegate hands over to a successor, who changes the hub's ballot to `body`'s.
    /// The hub in `slot`, or where its delegates all began today (their term cannot end
    /// the day it began), the next hub in the vote's order that can hand over.
    async fn handover(
        &mut self,
        index: usize,
        slot: usize,
        body: &Value,
        what: &str,
    ) -> Result<Option<Value>, DemoError> {
        let hubs = self.open_vote(index, what)?.hubs().len();
        let mut chosen = None;
        for next in (0..hubs).map(|i| (slot + i) % hubs) {
            if let Some((vote, hub, _)) = self.hub_elector(index, next, what)? {
                if self.can_hand_over(hub) {
                    chosen = Some((vote, hub, next));
                    break;
                }
            }
        }
        let Some((vote, hub, slot)) = chosen else {
            return Err(DemoError::unexpected(
                what,
                "no hub of the vote has a delegate who can hand over today",
            ));
        };
        let successor = self.hand_over(hub, slot, what).await?;
        let path = format!("/api/v1/votes/{vote}/ballots");
        let response = self.client.post(what, &successor, &path, body, 201).await?;
        self.took_part(index, slot);
        Ok(Some(response))
    }
}
