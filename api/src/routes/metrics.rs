//! Prometheus metrics at `/metrics`: requests by route template, method and status with
//! latency histograms, projection lag, the commands' append statements and groups, and
//! whether each background worker is healthy.

use crate::state::AppState;
use crate::workers::status::{has_lag, worker_status, COUNTED_UP_TO};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

/// The metrics in the Prometheus text format.
pub async fn render(State(state): State<AppState>) -> Response {
    let mut out = String::new();
    state.metrics.render(&mut out);
    crate::http::process_metrics::render(&mut out);
    state.reads_served.render(&mut out);
    out.push_str("# HELP charter_projection_events_behind Events written but not yet applied by a projection, counted up to 10000.\n");
    out.push_str("# TYPE charter_projection_events_behind gauge\n");
    let mut seconds = String::new();
    for (name, _) in state.workers.iter().filter(|(name, _)| has_lag(name)) {
        let counted = charter_projections::lag_up_to(&state.pool, name, COUNTED_UP_TO).await;
        if let Ok((events, behind)) = counted {
            let _ = writeln!(
                out,
                "charter_projection_events_behind{{projection=\"{name}\"}} {events}"
            );
            let _ = writeln!(
                seconds,
                "charter_projection_seconds_behind{{projection=\"{name}\"}} {behind}"
            );
        }
    }
    out.push_str("# HELP charter_projection_seconds_behind Age of the oldest event a projection has not applied.\n");
    out.push_str("# TYPE charter_projection_seconds_behind gauge\n");
    out.push_str(&seconds);
    let appenders = [
        (
            state.applications.aggregate_type(),
            state.applications.append_stats(),
            state.applications.appends_waiting(),
        ),
        (
            state.roster.aggregate_type(),
            state.roster.append_stats(),
            state.roster.appends_waiting(),
        ),
        (
            state.votes.aggregate_type(),
            state.votes.append_stats(),
            state.votes.appends_waiting(),
        ),
    ];
    family(
        &mut out,
        ("charter_append_statements_total", "counter"),
        "Statements that wrote commands' appends: a group of the commands that waited while another was written, or one alone.",
        appenders.iter().map(|(aggregate, stats, _)| (*aggregate, stats.statements())),
    );
    family(
        &mut out,
        ("charter_appends_total", "counter"),
        "Commands' appends those statements carried (over the statements: the mean group).",
        appenders
            .iter()
            .map(|(aggregate, stats, _)| (*aggregate, stats.appends())),
    );
    family(
        &mut out,
        ("charter_appends_waiting", "gauge"),
        "Commands' appends waiting for a group being written to finish.",
        appenders.iter().map(|(aggregate, _, waiting)| {
            (*aggregate, u64::try_from(*waiting).unwrap_or(u64::MAX))
        }),
    );
    out.push_str("# HELP charter_worker_healthy 1 when a projector or the scheduler is running or standing by, 0 when failing or stopped.\n");
    out.push_str("# TYPE charter_worker_healthy gauge\n");
    for (name, status) in state.workers.iter() {
        let (status, healthy) = worker_status(&status.borrow());
        let healthy = u8::from(healthy);
        let _ = writeln!(
            out,
            "charter_worker_healthy{{worker=\"{name}\",status=\"{status}\"}} {healthy}"
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        out,
    )
        .into_response()
}

/// Writes one family of series labelled by aggregate type: `(name, type)`, its help and
/// each aggregate type's value.
fn family<'a>(
    out: &mut String,
    (name, kind): (&str, &str),
    help: &str,
    samples: impl Iterator<Item = (&'a str, u64)>,
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
    for (aggregate, value) in samples {
        let _ = writeln!(out, "{name}{{aggregate=\"{aggregate}\"}} {value}");
    }
}
