//! CSV exports of the vote register and of the pipeline, for the committee and the
//! secretariat to take into a spreadsheet.

use super::{Consistency, ReadErrors, GENERAL_READ_MODELS};
use crate::auth::Principal;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::ApiQuery;
use crate::http::freshness::ReadAfter;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use charter_domain::application::Stage;
use charter_domain::Role;
use charter_projections::queries::exports;
use chrono::{DateTime, SecondsFormat, Utc};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(votes_csv))
        .routes(routes!(pipeline_csv))
}

/// A cell a spreadsheet will not run: text that starts like a formula gets a leading
/// apostrophe (hub names, grounds and the like are typed by people).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn csv_response(name: &str, rows: Vec<Vec<String>>) -> Result<Response, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(&row)
            .map_err(|e| ApiError::Internal(e.into()))?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

async fn allowed(
    state: &AppState,
    principal: &Principal,
    read: ReadAfter,
    consistency: &Consistency,
) -> ApiResult<()> {
    principal.require(
        &[Role::Committee, Role::Secretariat],
        "export the committee's records",
    )?;
    // The exports read the primary, which is never behind a replica.
    read.wait(state, consistency.min_position, GENERAL_READ_MODELS)
        .await?;
    principal.require_seat(state).await
}

/// Every vote, the committee's and the network's: motion, rule, electorate size (members,
/// or hubs in a network vote), tally, outcome, what was carried out, and who voted
/// (`voters`: `committee` or `network`, the last column). Never a ballot.
#[utoipa::path(operation_id = "export_votes_csv", get, path = "/api/v1/exports/votes.csv", tag = "committee",
    params(Consistency),
    responses((status = 200, description = "The vote register", content_type = "text/csv", body = String), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn votes_csv(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    allowed(&state, &principal, read, &consistency).await?;
    let mut rows = vec![[
        "vote_id",
        "application_id",
        "hub_name",
        "motion",
        "motion_detail",
        "ballot",
        "policy_version",
        "opened_at",
        "closes_at",
        "closed_at",
        "electorate",
        "yes",
        "no",
        "abstain",
        "recused",
        "did_not_vote",
        "outcome",
        "carried_out",
        "voters",
    ]
    .map(str::to_owned)
    .to_vec()];
    for vote in exports::votes(&state.pool).await? {
        let motion = &vote.motion.0;
        let text = |v: &serde_json::Value, key: &str| {
            v.get(key)
                .and_then(|x| x.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let count = |key: &str| {
            vote.tally
                .as_ref()
                .and_then(|t| t.0.get(key))
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        let detail = match text(motion, "kind").as_str() {
            "advance" => text(motion, "to"),
            "reject" => text(motion, "grounds"),
            _ => String::new(),
        };
        rows.push(vec![
            vote.vote_id.to_string(),
            vote.application_id.to_string(),
            cell(&vote.hub_name.unwrap_or_default()),
            text(motion, "kind"),
            cell(&detail),
            vote.ballot,
            cell(&vote.policy_version),
            time(vote.opened_at),
            time(vote.closes_at),
            vote.closed_at.map(time).unwrap_or_default(),
            vote.electorate.to_string(),
            count("yes"),
            count("no"),
            count("abstain"),
            count("recused"),
            count("did_not_vote"),
            vote.outcome.unwrap_or_default(),
            vote.carried_out.unwrap_or_default(),
            vote.voters,
        ]);
    }
    csv_response("votes.csv", rows)
}

/// Every application: stage, since when, days in stage, whether past the policy's
/// maximum, reviews, next deadline, appeal.
#[utoipa::path(operation_id = "export_pipeline_csv", get, path = "/api/v1/exports/pipeline.csv", tag = "committee",
    params(Consistency),
    responses((status = 200, description = "The pipeline", content_type = "text/csv", body = String), ReadErrors),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all)]
async fn pipeline_csv(
    State(state): State<AppState>,
    read: ReadAfter,
    principal: Principal,
    ApiQuery(consistency): ApiQuery<Consistency>,
) -> ApiResult<Response> {
    allowed(&state, &principal, read, &consistency).await?;
    let now = state.clock.now();
    let mut rows = vec![[
        "application_id",
        "hub_name",
        "city",
        "country",
        "stage",
        "stage_since",
        "days_in_stage",
        "max_days_in_stage",
        "overdue",
        "opened_at",
        "review_count",
        "next_deadline",
        "appeal",
    ]
    .map(str::to_owned)
    .to_vec()];
    for app in exports::pipeline(&state.pool).await? {
        let days = (now - app.stage_since).num_seconds() as f64 / 86_400.0;
        let max = Stage::parse(&app.stage)
            .and_then(|stage| state.policy.max_days_in_stage.get(&stage).copied());
        rows.push(vec![
            app.application_id.to_string(),
            cell(&app.hub_name),
            cell(&app.city),
            app.country,
            app.stage,
            time(app.stage_since),
            format!("{days:.1}"),
            max.map(|m| m.to_string()).unwrap_or_default(),
            max.map(|m| (days > f64::from(m)).to_string())
                .unwrap_or_default(),
            time(app.opened_at),
            app.review_count.to_string(),
            app.next_deadline.map(time).unwrap_or_default(),
            app.appeal.unwrap_or_default(),
        ]);
    }
    csv_response("pipeline.csv", rows)
}
