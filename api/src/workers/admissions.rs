//! The process manager that admits a hub: once an application becomes an initiative (both
//! signatures on its agreement, after the votes its gates called for), its hub is a
//! member of the network, a co-owner with one vote.
//!
//! It is fed by the same durable, checkpointed subscription as the read models, and acts
//! on the application's `StageAdvanced` to `initiative`. Admitting is idempotent: the
//! roster refuses a second admission of the same application
//! ([`RosterError::ApplicationAlreadyAdmitted`]), which counts as done, so an event
//! replayed after a crash admits nothing twice. Any other refusal (the hub's name already
//! that of a current member) is recorded in `hub_admissions` and logged, for the
//! secretariat to settle by hand (registering the hub under another name), and the
//! subscription goes on; any other failure stops it at that event and is retried, as for
//! [`super::vote_outcomes`].

use crate::clock::Clock;
use crate::commands::{CommandBus, CommandContext, CommandError};
use async_trait::async_trait;
use charter_domain::application::{Application, ApplicationEvent, Stage};
use charter_domain::ids::HubId;
use charter_domain::roster::{HubCommand, Roster, RosterCommand, RosterError, ROSTER_ID};
use charter_domain::{Actor, ApplicationId, Authored, Policy};
use charter_notifications::notice::{Notice, NoticeKind, Recipient};
use charter_notifications::outbox::{enqueue, Writing};
use charter_projections::{Follows, Projection, ProjectionError, StoredEvent};
use charter_store::applications::opened_hub;
use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use sqlx::PgConnection;
use std::sync::Arc;

/// The process manager's name, also its checkpoint's.
pub const NAME: &str = "admissions";

/// The event types it acts on: an application's advances (only one to `initiative` admits).
const FOLLOWED: [&str; 1] = ["StageAdvanced"];

/// Admits the hubs of applications that became initiatives.
#[derive(Debug)]
pub struct Admissions {
    roster: Arc<CommandBus<Roster>>,
    policy: Arc<Policy>,
    clock: Arc<dyn Clock>,
    /// How the secretariat's message about a hub not admitted is written.
    writing: Writing,
}

impl Admissions {
    pub fn new(
        roster: Arc<CommandBus<Roster>>,
        policy: Arc<Policy>,
        clock: Arc<dyn Clock>,
        writing: Writing,
    ) -> Self {
        Self {
            roster,
            policy,
            clock,
            writing,
        }
    }
}

/// What became of one admission, as `hub_admissions` records it.
struct Admission {
    hub: Option<HubId>,
    result: &'static str,
    detail: Option<String>,
    /// The global position of the admission's event, when this run wrote it.
    position: Option<i64>,
}

#[async_trait]
impl Projection for Admissions {
    fn name(&self) -> &'static str {
        NAME
    }

    fn tables(&self) -> &'static [&'static str] {
        &["hub_admissions"]
    }

    fn handles(&self, aggregate_type: &str) -> bool {
        aggregate_type == Application::TYPE
    }

    /// Only the advances: of the rest its batches take no transaction.
    fn follows(&self) -> Follows {
        Follows::Only(&FOLLOWED)
    }

    /// What it carried out is recorded with its checkpoint: its batches wait for the disk.
    fn derived_only(&self) -> bool {
        false
    }

    async fn apply(
        &self,
        conn: &mut PgConnection,
        event: &StoredEvent,
    ) -> Result<(), ProjectionError> {
        let payload: ApplicationEvent = event
            .decode()
            .map_err(|e| ProjectionError::undecodable(event, e))?;
        let ApplicationEvent::StageAdvanced {
            to: Stage::Initiative,
            at,
            ..
        } = payload
        else {
            return Ok(());
        };
        let application = ApplicationId(event.aggregate_uuid()?);
        let (name, city, country) = opening(conn, event, application).await?;
        let admission = self
            .admit(event, application, name.clone(), city, country, at)
            .await?;
        if let (None, Some(reason)) = (admission.hub, &admission.detail) {
            // Told in the same transaction as the record, so exactly once.
            let notice = Notice::new(
                NoticeKind::AdmissionRefused,
                Recipient::Secretariat,
                charter_notifications::links::application(application),
            )
            .about(application)
            .text("hub", &name)
            .text("reason", reason);
            let key = format!("event/{}", event.global_position);
            enqueue(
                &mut *conn,
                &self.writing,
                &key,
                Some(event.global_position),
                &notice,
            )
            .await?;
        }
        sqlx::query(
            "INSERT INTO hub_admissions (application_id, hub_id, result, detail, at, position)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (application_id) DO UPDATE
             SET hub_id = EXCLUDED.hub_id, result = EXCLUDED.result, detail = EXCLUDED.detail,
                 at = EXCLUDED.at, position = EXCLUDED.position
             WHERE hub_admissions.result <> 'admitted'",
        )
        .bind(application.0)
        .bind(admission.hub.map(|hub| hub.0))
        .bind(admission.result)
        .bind(&admission.detail)
        .bind(at)
        .bind(admission.position)
        .execute(conn)
        .await?;
        Ok(())
    }
}

impl Admissions {
    /// Admits the hub of `application`, which became an initiative at `at`.
    async fn admit(
        &self,
        event: &StoredEvent,
        application: ApplicationId,
        name: String,
        city: String,
        country: String,
        at: DateTime<Utc>,
    ) -> Result<Admission, ProjectionError> {
        let hub = HubId::new();
        let command = RosterCommand::Hub(HubCommand::AdmitHub {
            hub_id: hub,
            name,
            city,
            country,
            joined: at.date_naive(),
            application_id: Some(application),
        });
        let actor = Actor::system("admission");
        let context = CommandContext::of(actor.clone(), Some(format!("admission:{application}")));
        let metadata = context.metadata(&self.policy);
        // Stamped when carried out, and never before the day it admits from (a clock
        // behind the event's would otherwise refuse the day as still to come).
        let now = self.clock.now().max(at);
        let command = Authored::new(actor, now, command);
        match self
            .roster
            .execute(ROSTER_ID, command, &metadata, None)
            .await
        {
            Ok(accepted) => Ok(Admission {
                hub: Some(hub),
                result: "admitted",
                detail: None,
                position: Some(accepted.position),
            }),
            // A replay: admitted by an earlier run.
            Err(CommandError::Refused(RosterError::ApplicationAlreadyAdmitted { hub })) => {
                Ok(Admission {
                    hub: Some(hub),
                    result: "admitted",
                    detail: None,
                    position: None,
                })
            }
            Err(CommandError::Refused(refusal)) => {
                tracing::warn!(%application, %refusal,
                    "the hub of an application that became an initiative could not be admitted");
                Ok(Admission {
                    hub: None,
                    result: "refused",
                    detail: Some(refusal.to_string()),
                    position: None,
                })
            }
            Err(error) => Err(ProjectionError::Effect {
                position: event.global_position,
                detail: error.to_string(),
            }),
        }
    }
}

/// The hub's name, city and country, as the application's opening recorded them.
async fn opening(
    conn: &mut PgConnection,
    event: &StoredEvent,
    application: ApplicationId,
) -> Result<(String, String, String), ProjectionError> {
    match opened_hub(conn, application).await? {
        Some(hub) => Ok((hub.hub_name, hub.city, hub.country)),
        None => Err(ProjectionError::Inconsistent {
            position: event.global_position,
            detail: format!("application {application} became an initiative, but its opening is not in the store"),
        }),
    }
}
