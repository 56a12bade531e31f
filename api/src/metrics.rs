//! Prometheus metrics at `/metrics`: requests by route template, method and status with
//! latency histograms, projection lag, the commands' append statements and groups, and
//! whether each background worker is healthy.

use crate::routes::health::worker_status;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Default, Clone)]
struct Series {
    count: u64,
    seconds: f64,
    /// Observations at or below each bound of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
}

/// Request counts and latencies since the process started.
#[derive(Debug, Default)]
pub struct HttpMetrics {
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl HttpMetrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut series = self
            .series
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = series
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default();
        entry.count += 1;
        entry.seconds += seconds;
        for (bound, bucket) in BUCKETS.iter().zip(entry.buckets.iter_mut()) {
            if seconds <= *bound {
                *bucket += 1;
            }
        }
    }

    fn render(&self, out: &mut String) {
        let series = self
            .series
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        out.push_str("# HELP charter_http_requests_total HTTP requests served, by route template, method and status.\n");
        out.push_str("# TYPE charter_http_requests_total counter\n");
        for ((method, route, status), s) in &series {
            let _ = writeln!(
                out,
                "charter_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str(
            "# HELP charter_http_request_duration_seconds Time to serve an HTTP request.\n",
        );
        out.push_str("# TYPE charter_http_request_duration_seconds histogram\n");
        for ((method, route, status), s) in &series {
            let labels = format!("method=\"{method}\",route=\"{route}\",status=\"{status}\"");
            for (bound, count) in BUCKETS.iter().zip(s.buckets) {
                let _ = writeln!(
                    out,
                    "charter_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "charter_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "charter_http_request_duration_seconds_sum{{{labels}}} {}",
                s.seconds
            );
            let _ = writeln!(
                out,
                "charter_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
    }
}

/// Times every routed request. Runs inside the router, so it sees the route template
/// (`/api/v1/applications/{id}`), not the path with its ids.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// The metrics in the Prometheus text format.
pub async fn render(State(state): State<AppState>) -> Response {
    let mut out = String::new();
    state.metrics.render(&mut out);
    out.push_str("# HELP charter_projection_events_behind Events written but not yet applied by a projection, counted up to 10000.\n");
    out.push_str("# TYPE charter_projection_events_behind gauge\n");
    let mut seconds = String::new();
    for (name, _) in state.workers.iter() {
        if *name == crate::scheduler::NAME {
            continue;
        }
        let counted =
            charter_projections::lag_up_to(&state.pool, name, crate::routes::health::COUNTED_UP_TO)
                .await;
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
