//! The deadlines as the projector sees them, and the writes the events of both aggregates
//! share: a deadline opened with its people, a deadline closed, a person who has acted.

use super::rows::DeadlineKind;
use super::submissions::Run;
use super::{applications, votes, DeadlinesProjection, NAME};
use crate::engine::event::StoredEvent;
use crate::engine::projection::{Projection, ProjectionError};
use async_trait::async_trait;
use charter_domain::application::{Application, ApplicationEvent};
use charter_domain::roster::Roster;
use charter_domain::vote::{CommitteeVote, VoteEvent};
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

#[async_trait]
impl Projection for DeadlinesProjection {
    fn name(&self) -> &'static str {
        NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        &[
            "deadlines",
            "deadline_people",
            "deadline_parties",
            "deadline_delegates",
        ]
    }

    /// An application's documents, reviews, revisions, interviews and stages, the votes
    /// about it, and the hubs' delegates who are reminded of network votes. It keeps no
    /// names, only ids: it need not follow erasures.
    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == Application::TYPE
            || aggregate_type == CommitteeVote::TYPE
            || aggregate_type == Roster::TYPE
    }

    /// Decodes the payload ahead; a failure is left for the apply to report.
    fn prepare(&self, event: &StoredEvent) {
        if event.aggregate_type == Application::TYPE {
            let _ = event.decoded::<ApplicationEvent>();
        } else if event.aggregate_type == CommitteeVote::TYPE {
            let _ = event.decoded::<VoteEvent>();
        }
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        if event.aggregate_type == Application::TYPE {
            applications::apply(conn, event).await
        } else if event.aggregate_type == CommitteeVote::TYPE {
            votes::apply(conn, event).await
        } else {
            votes::record_delegation(conn, event).await
        }
    }

    /// Each event as [`Projection::apply`] takes it, but for documents submitted one after
    /// another, which are written together (see `submissions.rs`).
    async fn apply_all(
        &self,
        conn: &mut PgConnection,
        events: &[&StoredEvent],
    ) -> Result<(), ProjectionError> {
        let mut run = Run::default();
        for event in events {
            if run.take(event)? {
                continue;
            }
            run.write(&mut *conn).await?;
            self.apply(&mut *conn, event).await?;
        }
        Ok(run.write(conn).await?)
    }
}

/// A deadline as it is opened; the fields its kind does not use stay `None`.
#[derive(Debug)]
pub(super) struct Opened {
    pub key: String,
    pub kind: DeadlineKind,
    pub application_id: Uuid,
    pub due_at: Option<DateTime<Utc>>,
    pub runs_from: Option<DateTime<Utc>>,
    pub stage: Option<&'static str>,
    pub document_kind: Option<&'static str>,
    pub document_version: Option<i32>,
    pub request: Option<i32>,
    pub vote_id: Option<Uuid>,
    pub motion: Option<serde_json::Value>,
    pub interview: Option<i32>,
    pub location: Option<String>,
    /// A secret vote's closing: due for its whole electorate until it closes.
    pub secret: bool,
}

/// Who a new deadline is for.
pub(super) enum People<'a> {
    /// Nobody by name (a stay in a stage: the secretariat is told).
    Nobody,
    /// These people.
    These(&'a [Uuid]),
    /// The application's parties in this role (`founder` or `panelist`).
    Parties(&'static str),
}

impl Opened {
    /// A deadline of `kind` about `application_id`, with nothing else said yet.
    pub(super) fn new(kind: DeadlineKind, key: String, application_id: Uuid) -> Self {
        Self {
            key,
            kind,
            application_id,
            due_at: None,
            runs_from: None,
            stage: None,
            document_kind: None,
            document_version: None,
            request: None,
            vote_id: None,
            motion: None,
            interview: None,
            location: None,
            secret: false,
        }
    }

    /// Writes the deadline and its people. A replayed event finds it there and changes
    /// nothing.
    pub(super) async fn write(
        self,
        conn: &mut PgConnection,
        people: People<'_>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO deadlines (deadline_key, kind, application_id, due_at, runs_from, stage,
               document_kind, document_version, request, vote_id, motion, interview, location,
               secret)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             ON CONFLICT (deadline_key) DO NOTHING",
        )
        .bind(&self.key)
        .bind(self.kind.as_str())
        .bind(self.application_id)
        .bind(self.due_at)
        .bind(self.runs_from)
        .bind(self.stage)
        .bind(self.document_kind)
        .bind(self.document_version)
        .bind(self.request)
        .bind(self.vote_id)
        .bind(self.motion.map(Json))
        .bind(self.interview)
        .bind(&self.location)
        .bind(self.secret)
        .execute(&mut *conn)
        .await?;
        match people {
            People::Nobody => {}
            People::These(people) => {
                sqlx::query(
                    "INSERT INTO deadline_people (deadline_key, person_id)
                     SELECT $1, person FROM unnest($2::uuid[]) AS p(person)
                     ON CONFLICT DO NOTHING",
                )
                .bind(&self.key)
                .bind(people)
                .execute(conn)
                .await?;
            }
            People::Parties(role) => {
                sqlx::query(
                    "INSERT INTO deadline_people (deadline_key, person_id)
                     SELECT $1, person_id FROM deadline_parties
                     WHERE application_id = $2 AND role = $3
                     ON CONFLICT DO NOTHING",
                )
                .bind(&self.key)
                .bind(self.application_id)
                .bind(role)
                .execute(conn)
                .await?;
            }
        }
        Ok(())
    }
}

/// Closes the open deadline `key`, `by` what made it no longer due, at `at`.
pub(super) async fn close(
    conn: &mut PgConnection,
    key: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE deadlines SET done_at = $3, done_by = $2
         WHERE deadline_key = $1 AND done_at IS NULL",
    )
    .bind(key)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await
    .map(drop)
}

/// `person` has done what deadline `key` asked of them.
pub(super) async fn acted(
    conn: &mut PgConnection,
    key: &str,
    person: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM deadline_people WHERE deadline_key = $1 AND person_id = $2")
        .bind(key)
        .bind(person)
        .execute(conn)
        .await
        .map(drop)
}
