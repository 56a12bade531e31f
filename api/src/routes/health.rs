//! Liveness and readiness.

use crate::state::AppState;
use crate::workers::status::{has_lag, worker_status, COUNTED_UP_TO};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
}

/// The process is alive.
#[derive(Debug, Serialize, ToSchema)]
pub struct Alive {
    pub status: &'static str,
}

/// Answers as long as the process serves HTTP.
#[utoipa::path(operation_id = "check_liveness", get, path = "/healthz", tag = "health", responses((status = 200, body = Alive)))]
async fn healthz() -> Json<Alive> {
    Json(Alive { status: "ok" })
}

/// Whether the server can do its work, and how far behind the read models are.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    pub database: bool,
    /// Every migration this build knows has been applied.
    pub migrations: bool,
    pub projections: Vec<ProjectionLag>,
}

/// One read model's distance from the event store.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectionLag {
    pub name: String,
    /// `running`, `standby` (another instance does the work), `failing: ...`, `starting`,
    /// `stopped`. The scheduler is listed too, without lag.
    pub status: String,
    /// Events written but not yet applied, counted up to 10,000 (a longer backlog shows
    /// as 10,000; `seconds_behind` tells how old it is); absent for the scheduler, or when
    /// the database cannot be asked.
    pub events_behind: Option<i64>,
    /// Age of the oldest event not yet applied; absent likewise.
    pub seconds_behind: Option<f64>,
}

/// Ready when the database answers, migrations are applied and no projector is failing.
#[utoipa::path(operation_id = "check_readiness", get, path = "/readyz", tag = "health",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
async fn readyz(State(state): State<AppState>) -> Response {
    let database = sqlx::query("SELECT 1").execute(&state.pool).await.is_ok();
    let migrations = database && migrations_applied(&state).await;
    let mut projections = Vec::new();
    let mut failing = false;
    for (name, status) in state.workers.iter() {
        let (shown, healthy) = worker_status(&status.borrow());
        failing |= !healthy && shown.starts_with("failing");
        let status = shown;
        let (events_behind, seconds_behind) = if database && has_lag(name) {
            match charter_projections::lag_up_to(&state.pool, name, COUNTED_UP_TO).await {
                Ok((events, seconds)) => (Some(events), Some(seconds)),
                Err(_) => (None, None),
            }
        } else {
            (None, None)
        };
        projections.push(ProjectionLag {
            name: (*name).to_owned(),
            status,
            events_behind,
            seconds_behind,
        });
    }
    let ready = database && migrations && !failing;
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" },
        database,
        migrations,
        projections,
    };
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body)).into_response()
}

async fn migrations_applied(state: &AppState) -> bool {
    let known = charter_store::db::MIGRATOR.iter().count();
    let applied: Result<i64, _> =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&state.pool)
            .await;
    applied.is_ok_and(|n| usize::try_from(n).is_ok_and(|n| n >= known))
}
