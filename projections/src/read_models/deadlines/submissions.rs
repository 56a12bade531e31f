//! A run of documents submitted, one after another in a batch, written in three statements
//! whatever its length, with the same result as taking each alone (see `applications.rs`):
//! each version's review is due from its panelists, and replaces the version before it.
//!
//! A statement per event was what limited a rebuild: the benchmark's store, all documents
//! submitted, rebuilt at 2,200 events a second (BENCHMARKS.md, issue 26).

use super::rows::{number, review_key};
use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use crate::read_models::read_model::decode;
use charter_domain::application::{Application, ApplicationEvent};
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use sqlx::PgConnection;
use uuid::Uuid;

/// The documents submitted by a run of events, one entry per event in each column.
#[derive(Debug, Default)]
pub(super) struct Run {
    keys: Vec<String>,
    applications: Vec<Uuid>,
    kinds: Vec<&'static str>,
    versions: Vec<i32>,
    at: Vec<DateTime<Utc>>,
}

impl Run {
    /// Takes `event` into the run if it submits a document; whether it did.
    pub(super) fn take(&mut self, event: &StoredEvent) -> Result<bool, ProjectionError> {
        if event.aggregate_type != Application::TYPE {
            return Ok(false);
        }
        let ApplicationEvent::DocumentSubmitted {
            kind, version, at, ..
        } = &*decode::<Application>(event)?
        else {
            return Ok(false);
        };
        let id = event.aggregate_uuid()?;
        self.keys.push(review_key(id, *kind, *version));
        self.applications.push(id);
        self.kinds.push(kind.as_str());
        self.versions.push(number(*version));
        self.at.push(*at);
        Ok(true)
    }

    /// Writes the run and empties it.
    pub(super) async fn write(&mut self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.keys.is_empty() {
            return Ok(());
        }
        // The version open before the run's first of each kind is replaced by it.
        sqlx::query(
            "UPDATE deadlines d SET done_at = f.at, done_by = 'replaced'
             FROM (SELECT DISTINCT ON (app, kind) app, kind, at
                   FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])
                        WITH ORDINALITY AS s (app, kind, at, n)
                   ORDER BY app, kind, n) f
             WHERE d.application_id = f.app AND d.kind = 'review_due'
               AND d.document_kind = f.kind AND d.done_at IS NULL",
        )
        .bind(&self.applications)
        .bind(&self.kinds)
        .bind(&self.at)
        .execute(&mut *conn)
        .await?;
        // Each version, replaced by the next of its kind in the run if there is one. A
        // replayed event finds its deadline there and changes nothing.
        sqlx::query(
            "INSERT INTO deadlines (deadline_key, kind, application_id, runs_from,
               document_kind, document_version, done_at, done_by)
             SELECT key, 'review_due', app, at, kind, version, next_at,
                    CASE WHEN next_at IS NOT NULL THEN 'replaced' END
             FROM (SELECT s.*, lead(at) OVER (PARTITION BY app, kind ORDER BY n) AS next_at
                   FROM unnest($1::text[], $2::uuid[], $3::text[], $4::int[],
                               $5::timestamptz[])
                        WITH ORDINALITY AS s (key, app, kind, version, at, n)) r
             ON CONFLICT (deadline_key) DO NOTHING",
        )
        .bind(&self.keys)
        .bind(&self.applications)
        .bind(&self.kinds)
        .bind(&self.versions)
        .bind(&self.at)
        .execute(&mut *conn)
        .await?;
        // Due from the application's panelists.
        sqlx::query(
            "INSERT INTO deadline_people (deadline_key, person_id)
             SELECT s.key, p.person_id
             FROM unnest($1::text[], $2::uuid[]) AS s (key, app)
             JOIN deadline_parties p ON p.application_id = s.app AND p.role = 'panelist'
             ON CONFLICT DO NOTHING",
        )
        .bind(&self.keys)
        .bind(&self.applications)
        .execute(&mut *conn)
        .await?;
        *self = Self::default();
        Ok(())
    }
}
