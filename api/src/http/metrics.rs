//! The requests' part of the metrics at `/metrics` (see [`crate::routes::metrics`]):
//! requests by route template, method and status, with latency histograms; and who may
//! read them.

use crate::http::error::ApiError;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::Arc;
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

    /// Writes the request series in the Prometheus text format.
    pub fn render(&self, out: &mut String) {
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
pub async fn track(
    State(metrics): State<Arc<HttpMetrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Who may read `/metrics` (`--metrics-from`). The metrics tell how busy the server is,
/// which routes are called and how far each worker is: nothing for the open internet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsFrom {
    /// Clients on this machine only (a local scraper, or a proxy with its own rules).
    #[default]
    Loopback,
    /// Every client.
    Any,
}

impl MetricsFrom {
    /// Whether a client at `peer` may read the metrics; `None` is a request made in
    /// process, from no network peer.
    pub fn admits(self, peer: Option<SocketAddr>) -> bool {
        match (self, peer) {
            (MetricsFrom::Any, _) | (_, None) => true,
            (MetricsFrom::Loopback, Some(peer)) => peer.ip().to_canonical().is_loopback(),
        }
    }
}

/// Refuses `/metrics` to the clients [`MetricsFrom`] does not admit, with 403.
pub async fn guard(State(from): State<MetricsFrom>, request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    if from.admits(peer) {
        return next.run(request).await;
    }
    ApiError::Forbidden(
        "the metrics are served to clients on the server's own machine only \
         (see --metrics-from)"
            .to_owned(),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_admits_only_clients_on_this_machine() {
        let at = |address: &str| Some(address.parse::<SocketAddr>().expect("an address"));
        let from = MetricsFrom::Loopback;
        assert!(from.admits(at("127.0.0.1:5000")));
        assert!(from.admits(at("[::1]:5000")));
        assert!(from.admits(at("[::ffff:127.0.0.1]:5000")));
        assert!(!from.admits(at("192.0.2.7:5000")));
        assert!(!from.admits(at("[2001:db8::1]:5000")));
        assert!(MetricsFrom::Any.admits(at("192.0.2.7:5000")));
    }
}
