//! What every handler shares.

use crate::auth::Principal;
use crate::clock::Clock;
use crate::commands::{Accepted, ApplicationCommands, Attachment, CommandError};
use crate::error::ApiError;
use crate::request_id;
use crate::settings::Settings;
use charter_domain::application::ApplicationCommand;
use charter_domain::{ApplicationId, Authored};
use charter_projections::{EventMetadata, ProjectorStatus, Watermark, WatermarkError};
use sqlx::PgPool;
use std::sync::Arc;
use tokio::sync::watch;

/// The state behind every route.
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    pub applications: Arc<ApplicationCommands>,
    pub watermark: Watermark,
    /// Each local projector's name and status.
    pub projectors: Arc<Vec<(&'static str, watch::Receiver<ProjectorStatus>)>>,
}

impl AppState {
    /// Runs `command` on application `id` as `principal`, stamped with the server's clock
    /// and the request's id.
    pub async fn execute(
        &self,
        principal: &Principal,
        id: ApplicationId,
        command: ApplicationCommand,
    ) -> Result<Accepted, ApiError> {
        self.execute_with(principal, id, command, None).await
    }

    /// Like [`AppState::execute`], storing `attachment` once the command is decided.
    pub async fn execute_with(
        &self,
        principal: &Principal,
        id: ApplicationId,
        command: ApplicationCommand,
        attachment: Option<&Attachment>,
    ) -> Result<Accepted, ApiError> {
        let metadata = EventMetadata {
            actor_id: Some(principal.person.0),
            actor_name: Some(principal.name.clone()),
            actor_role: Some(principal.role.as_str().to_owned()),
            request_id: request_id::current(),
            policy_version: None,
        };
        let command = Authored::new(principal.actor(), self.clock.now(), command);
        self.applications
            .execute(id, command, &metadata, attachment)
            .await
            .map_err(|error| match error {
                CommandError::Refused(refusal) => ApiError::Refused(refusal),
                CommandError::Contended { .. } => ApiError::ConcurrentWrite(error.to_string()),
                CommandError::Database(error) => error.into(),
                CommandError::Store(_) => ApiError::Internal(error.into()),
            })
    }

    /// Waits until `projections` have applied the event at `position`, when one is given.
    pub async fn wait_for(
        &self,
        position: Option<i64>,
        projections: &[&str],
    ) -> Result<(), ApiError> {
        let position = match position {
            None | Some(0) => return Ok(()),
            Some(position) if position < 0 => {
                return Err(ApiError::BadRequest {
                    detail: "min_position must not be negative".to_owned(),
                    field: Some("min_position".to_owned()),
                })
            }
            Some(position) => position,
        };
        self.watermark
            .wait_for(position, projections, self.settings.max_read_wait)
            .await
            .map_err(|error| match error {
                WatermarkError::UnknownPosition(_) => ApiError::BadRequest {
                    detail: error.to_string(),
                    field: Some("min_position".to_owned()),
                },
                WatermarkError::TimedOut(_) => {
                    ApiError::Unavailable(format!("{error}; retry, or read without min_position"))
                }
                WatermarkError::Database(error) => error.into(),
            })
    }
}
