//! The access log: one line at `info` per request served, inside the request's span (its
//! request and trace ids). It names the route template (`/api/v1/applications/{id}`), not
//! the path asked for, and never the query: a calendar key, a sign-in link's code or a
//! token put in a URL by mistake stays out of the logs.

use crate::http::request_id;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Logs `request` once it is answered.
pub async fn record(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    tracing::info!(
        method = %method,
        route = route.as_deref().unwrap_or("unmatched"),
        status = response.status().as_u16(),
        duration_ms = elapsed.as_secs_f64() * 1000.0,
        request_id = request_id::current().unwrap_or_default(),
        "request served"
    );
    response
}
