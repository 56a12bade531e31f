//! `/votes/{id}`: a vote's record (motion, rule, electorate, moments, tally, ballots or
//! participation, recusals) and, while it is open and the reader may vote, the ballot form.
//! A network vote shows its member hubs instead of committee members, and lets a delegate
//! cast their hub's ballot (the hub parts are in `network.rs`).

use super::super::hubs::{represented, HubRecord};
use super::super::render::{page, Chrome};
use super::super::visitor::Member;
use super::network::delegate_names;
use super::record::VoteRecord;
use super::{hub_name, refused, PageState};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use charter_domain::Role;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// What a refused ballot form carries back to the page.
#[derive(Debug, Default)]
pub(super) struct Posted {
    pub choice: String,
    pub reason: String,
}

#[derive(Debug, Template)]
#[template(path = "committee/vote.html")]
struct VotePage {
    page: Chrome,
    vote: VoteRecord,
    hub_name: String,
    /// The reader is in the electorate (or represents a hub that is), not recused, the
    /// hub in good standing, and the vote is open.
    may_vote: bool,
    /// The reader's own participation (their hub's, in a network vote), if in the
    /// electorate.
    mine: Option<Mine>,
    /// The hub a delegate represents, with its standing.
    hub: Option<HubRecord>,
    /// The delegates the page names, by id.
    names: HashMap<Uuid, String>,
    /// Whether the reader may read the application's audit log (not a delegate).
    may_audit: bool,
    posted: Posted,
}

/// What the member (or their hub) has done in this vote.
#[derive(Debug)]
struct Mine {
    ballots_cast: i32,
    last_cast_at: Option<DateTime<Utc>>,
    recused: bool,
    /// In a network vote: the delegate who cast the hub's ballot last, or recused it.
    by: Option<String>,
}

impl VotePage {
    /// Whether the refused form had `choice` chosen.
    fn chose(&self, choice: &str) -> bool {
        self.posted.choice == choice
    }

    /// Whether the member has voted already, so that the form changes their ballot.
    fn changing(&self) -> bool {
        self.mine.as_ref().is_some_and(|mine| mine.ballots_cast > 0)
    }

    /// The text `id` as the reader's part in the vote says it: its `-hub` variant in a
    /// network vote, where a delegate acts for their hub.
    fn own(&self, id: &str) -> String {
        if self.vote.is_network() {
            self.page.t(&format!("{id}-hub"))
        } else {
            self.page.t(id)
        }
    }

    /// The name of a delegate the page names, or nothing when unknown.
    fn delegate(&self, id: impl std::borrow::Borrow<Option<Uuid>>) -> &str {
        id.borrow()
            .and_then(|id| self.names.get(&id))
            .map_or("", String::as_str)
    }

    /// Whether the reader's hub is suspended or has left: it has no vote.
    fn hub_without_vote(&self) -> bool {
        self.hub.as_ref().is_some_and(|hub| !hub.in_good_standing())
    }
}

/// Shows the vote's record.
pub(super) async fn show(
    State(state): State<PageState>,
    mut member: Member,
    Path(id): Path<Uuid>,
) -> Response {
    render(&state, &mut member, id, Vec::new(), Posted::default()).await
}

/// The vote's page, with the errors of a refused ballot (422) when there are any.
pub(super) async fn render(
    state: &PageState,
    member: &mut Member,
    id: Uuid,
    errors: Vec<super::super::render::FieldError>,
    posted: Posted,
) -> Response {
    let api = member.api(state);
    let vote = match api.read::<VoteRecord>(&format!("/api/v1/votes/{id}")).await {
        Ok(vote) => vote,
        Err(problem) => return refused(member, &problem).await,
    };
    let hub_name = match &vote.hub_name {
        Some(name) => name.clone(),
        None => hub_name(&api, vote.application_id).await,
    };
    let reader_hub = match represented(state, member).await {
        Ok(hub) => hub,
        Err(error) => {
            let chrome = member.chrome("failed-heading").await;
            return super::super::unavailable(chrome, &error);
        }
    };
    let hub = match reader_hub {
        Some(hub) => api
            .get::<HubRecord>(&format!("/api/v1/hubs/{hub}"))
            .await
            .ok(),
        None => None,
    };
    let names = if vote.is_network() {
        delegate_names(&api, &vote.hubs, &vote.hub_ballots).await
    } else {
        HashMap::new()
    };
    let now = state.app.clock.now();
    let mine = if vote.is_network() {
        reader_hub
            .and_then(|hub| vote.hub_row(hub))
            .map(|row| Mine {
                ballots_cast: row.ballots_cast.unwrap_or_default(),
                last_cast_at: row.last_cast_at,
                recused: row.recused_at.is_some(),
                by: row
                    .recused_by
                    .or(row.last_cast_by)
                    .and_then(|by| names.get(&by).cloned()),
            })
    } else {
        vote.elector(member.signed.person).map(|elector| Mine {
            ballots_cast: elector.ballots_cast.unwrap_or_default(),
            last_cast_at: elector.last_cast_at,
            recused: elector.recused_at.is_some(),
            by: None,
        })
    };
    let standing = hub.as_ref().is_none_or(HubRecord::in_good_standing);
    let may_vote = vote.is_open(now) && standing && mine.as_ref().is_some_and(|mine| !mine.recused);
    let mut chrome = member.chrome("vote-title").await;
    chrome.errors = errors;
    page(&VotePage {
        page: chrome,
        vote,
        hub_name,
        may_vote,
        mine,
        hub,
        names,
        may_audit: member.role() != Role::Delegate,
        posted,
    })
}
crate::framed!(VotePage);
