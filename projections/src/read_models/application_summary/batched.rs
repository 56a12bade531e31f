//! The summary's writes that are gathered over a batch and made in one statement each:
//! new applications, document versions, and each application's version.

use crate::engine::event::StoredEvent;
use crate::engine::projection::ProjectionError;
use charter_domain::application::{ApplicationEvent, Founder};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// New applications waiting to be inserted (their summary, in the `applied` stage, and
/// their first stay), column by column.
#[derive(Debug, Default)]
pub(super) struct Openings {
    application_id: Vec<Uuid>,
    city: Vec<String>,
    country: Vec<String>,
    hub_name: Vec<String>,
    founders: Vec<serde_json::Value>,
    at: Vec<DateTime<Utc>>,
}

impl Openings {
    /// Gathers the application `event` opens, each founder's name and address sealed
    /// under that founder's key.
    pub(super) fn push(&mut self, id: Uuid, event: &StoredEvent, payload: &ApplicationEvent) {
        let ApplicationEvent::ApplicationOpened {
            city,
            country,
            hub_name,
            founders,
            at,
            ..
        } = payload
        else {
            return;
        };
        self.application_id.push(id);
        self.city.push(city.clone());
        self.country.push(country.clone());
        self.hub_name.push(hub_name.clone());
        let founders: Vec<Founder> = founders
            .iter()
            .map(|founder| {
                let subject = [founder.person_id.0];
                Founder {
                    person_id: founder.person_id,
                    name: event.seal(&subject, &founder.name),
                    email: event.seal(&subject, &founder.email),
                }
            })
            .collect();
        self.founders
            .push(serde_json::to_value(founders).unwrap_or(serde_json::Value::Null));
        self.at.push(*at);
    }

    /// Inserts the applications gathered so far, and forgets them. (Their version is set
    /// with every other application's, by [`Versions`].)
    pub(super) async fn insert(&mut self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.application_id.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(self);
        sqlx::query(
            "INSERT INTO application_summaries
               (application_id, city, country, hub_name, founders, stage, stage_since,
                opened_at, version, updated_at)
             SELECT id, city, country, hub_name, founders, 'applied', at, at, 0, at
             FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[],
                         $6::timestamptz[]) AS o (id, city, country, hub_name, founders, at)",
        )
        .bind(&rows.application_id)
        .bind(rows.city)
        .bind(rows.country)
        .bind(rows.hub_name)
        .bind(rows.founders)
        .bind(&rows.at)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO application_stays (application_id, stage, entered_at)
             SELECT id, 'applied', at FROM unnest($1::uuid[], $2::timestamptz[]) AS o (id, at)",
        )
        .bind(&rows.application_id)
        .bind(&rows.at)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// Document versions waiting to be inserted, column by column.
#[derive(Debug, Default)]
pub(super) struct Documents {
    application_id: Vec<Uuid>,
    kind: Vec<&'static str>,
    version: Vec<i32>,
    sha256: Vec<String>,
    size: Vec<i64>,
    media_type: Vec<String>,
    file_name: Vec<String>,
    submitted_by: Vec<Uuid>,
    submitted_at: Vec<DateTime<Utc>>,
}

impl Documents {
    pub(super) fn push(&mut self, id: Uuid, payload: &ApplicationEvent) {
        let ApplicationEvent::DocumentSubmitted {
            kind,
            version,
            sha256,
            size,
            media_type,
            file_name,
            submitted_by,
            at,
        } = payload
        else {
            return;
        };
        self.application_id.push(id);
        self.kind.push(kind.as_str());
        self.version
            .push(i32::try_from(*version).unwrap_or(i32::MAX));
        self.sha256.push(sha256.clone());
        self.size.push(i64::try_from(*size).unwrap_or(i64::MAX));
        self.media_type.push(media_type.clone());
        self.file_name.push(file_name.clone());
        self.submitted_by.push(submitted_by.0);
        self.submitted_at.push(*at);
    }

    /// Inserts the versions gathered so far, and forgets them.
    pub(super) async fn insert(&mut self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.application_id.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(self);
        sqlx::query(
            "INSERT INTO application_documents
               (application_id, kind, version, sha256, size, media_type, file_name,
                submitted_by, submitted_at)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::bigint[],
                                  $6::text[], $7::text[], $8::uuid[], $9::timestamptz[])",
        )
        .bind(rows.application_id)
        .bind(rows.kind)
        .bind(rows.version)
        .bind(rows.sha256)
        .bind(rows.size)
        .bind(rows.media_type)
        .bind(rows.file_name)
        .bind(rows.submitted_by)
        .bind(rows.submitted_at)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// Each application's last event in a batch: its version and time, set in one statement.
#[derive(Debug, Default)]
pub(super) struct Versions {
    /// Application, sequence and time of its last event, and the global position of its
    /// first (where a missing summary would first have been needed).
    last: Vec<(Uuid, i64, DateTime<Utc>, i64)>,
    index: std::collections::HashMap<Uuid, usize>,
}

impl Versions {
    pub(super) fn set(&mut self, id: Uuid, event: &StoredEvent, at: DateTime<Utc>) {
        let entry = (id, event.sequence, at, event.global_position);
        match self.index.get(&id) {
            Some(&n) => {
                let first = self.last[n].3;
                self.last[n] = (id, event.sequence, at, first);
            }
            None => {
                self.index.insert(id, self.last.len());
                self.last.push(entry);
            }
        }
    }

    /// Moves every summary to its last event; an application without a summary is an
    /// inconsistency (its opening event was never applied).
    pub(super) async fn update(&self, conn: &mut PgConnection) -> Result<(), ProjectionError> {
        if self.last.is_empty() {
            return Ok(());
        }
        let ids: Vec<Uuid> = self.last.iter().map(|v| v.0).collect();
        let sequences: Vec<i64> = self.last.iter().map(|v| v.1).collect();
        let times: Vec<DateTime<Utc>> = self.last.iter().map(|v| v.2).collect();
        let touched: Vec<Uuid> = sqlx::query_scalar(
            "UPDATE application_summaries s SET version = v.version, updated_at = v.at
             FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS v (id, version, at)
             WHERE s.application_id = v.id
             RETURNING s.application_id",
        )
        .bind(&ids)
        .bind(&sequences)
        .bind(&times)
        .fetch_all(&mut *conn)
        .await?;
        if touched.len() == ids.len() {
            return Ok(());
        }
        match self.last.iter().find(|v| !touched.contains(&v.0)) {
            Some(&(id, _, _, position)) => Err(ProjectionError::Inconsistent {
                position,
                detail: format!("no summary for application {id}"),
            }),
            None => Ok(()),
        }
    }
}
