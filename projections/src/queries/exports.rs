//! Rows for the CSV exports of the vote register and of the pipeline.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::{FromRow, PgPool};
use uuid::Uuid;

/// One vote, as exported.
#[derive(Debug, Clone, FromRow)]
pub struct VoteRow {
    pub vote_id: Uuid,
    pub application_id: Uuid,
    pub hub_name: Option<String>,
    pub motion: Json<serde_json::Value>,
    pub ballot: String,
    pub policy_version: String,
    pub opened_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub electorate: i64,
    /// Who voted: `committee` or `network`.
    pub voters: String,
    pub tally: Option<Json<serde_json::Value>>,
    pub outcome: Option<String>,
    pub carried_out: Option<String>,
}

/// Every vote, oldest first.
pub async fn votes(pool: &PgPool) -> Result<Vec<VoteRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.vote_id, v.application_id, a.hub_name, v.motion, v.ballot, v.policy_version,
                v.opened_at, v.closes_at, v.closed_at,
                (SELECT count(*) FROM vote_members m WHERE m.vote_id = v.vote_id)
                  + (SELECT count(*) FROM vote_hubs h WHERE h.vote_id = v.vote_id) AS electorate,
                v.electorate AS voters,
                v.tally, v.outcome, o.result AS carried_out
         FROM votes v
         LEFT JOIN application_summaries a ON a.application_id = v.application_id
         LEFT JOIN vote_outcome_actions o ON o.vote_id = v.vote_id
         ORDER BY v.opened_at, v.vote_id",
    )
    .fetch_all(pool)
    .await
}

/// One application, as exported.
#[derive(Debug, Clone, FromRow)]
pub struct PipelineRow {
    pub application_id: Uuid,
    pub hub_name: String,
    pub city: String,
    pub country: String,
    pub stage: String,
    pub stage_since: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
    pub review_count: i32,
    pub next_deadline: Option<DateTime<Utc>>,
    pub appeal: Option<String>,
}

/// Every application, oldest first.
pub async fn pipeline(pool: &PgPool) -> Result<Vec<PipelineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT application_id, hub_name, city, country, stage, stage_since, opened_at,
                review_count, next_deadline, appeal
         FROM application_summaries ORDER BY opened_at, application_id",
    )
    .fetch_all(pool)
    .await
}
