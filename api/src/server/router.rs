//! The router: every route, the OpenAPI document and page, the web pages, and the layers
//! around them.

use crate::http::openapi::ApiDoc;
use crate::http::{request_id, trace_context};
use crate::routes;
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, Request};
use axum::Router;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

/// Every route, the OpenAPI document and page, the web pages, and the layers around them.
pub(super) fn router(state: AppState) -> anyhow::Result<Router> {
    let timeouts = state.settings.timeouts;
    let (api, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::router())
        .split_for_parts();
    crate::http::openapi::document_retry_headers(&mut openapi);
    crate::http::openapi::document_edge_answers(&mut openapi);
    let openapi = crate::http::openapi::polish(openapi)?;
    // The pages call the API's routes in process, without the layers of the network edge
    // (request metrics, `Idempotency-Key`, `If-Match`).
    let pages = crate::pages::router(state.clone(), api.clone().with_state(state.clone()))?;
    let cors = crate::http::cors::layer(&state.settings.cors_origins);
    let api = api
        .route_layer(axum::middleware::from_fn(crate::http::preconditions::scope))
        // Inside `Idempotency-Key`, so that the answer kept for a key carries its token.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::freshness::answer,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::idempotency::once,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::http::metrics::track,
        ))
        .route(
            "/metrics",
            axum::routing::get(routes::metrics::render).layer(
                axum::middleware::from_fn_with_state(
                    state.settings.metrics_from,
                    crate::http::metrics::guard,
                ),
            ),
        )
        .merge(SwaggerUi::new("/docs").url("/api/openapi.json", openapi))
        // Under `/api/`, an unknown path is a problem; elsewhere, the pages' own 404 page.
        .route("/api/{*rest}", axum::routing::any(routes::no_such_route))
        .method_not_allowed_fallback(routes::method_not_allowed)
        .with_state(state);
    // CORS is for the API's clients only: the pages are same-origin forms.
    let api = match cors {
        Some(cors) => api.layer(cors),
        None => api,
    };
    Ok(api
        .merge(pages)
        // Every extractor reads the body through `extract::read_body` with its own limit.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            timeouts,
            crate::http::deadlines::limit,
        ))
        .layer(axum::middleware::from_fn(
            crate::http::caching::cache_control,
        ))
        // Inside the request's span, so that its line carries the request and trace ids.
        .layer(axum::middleware::from_fn(crate::http::access_log::record))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let id = request
                    .headers()
                    .get(&request_id::HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                let trace_id = trace_context::trace_id(request.headers());
                tracing::info_span!("request", method = %request.method(),
                        path = %logged_path(request.uri().path()), request_id = %id,
                        trace_id = trace_id.as_deref().unwrap_or_default(),
                        person = tracing::field::Empty, role = tracing::field::Empty)
            }),
        )
        .layer(axum::middleware::from_fn(trace_context::scope))
        .layer(axum::middleware::from_fn(request_id::scope)))
}

/// The path as logs show it: the key in a calendar feed's or an unsubscribe link's path
/// is a capability, and whoever reads the logs must not gain it.
fn logged_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in [
        "/api/v1/calendar/",
        "/api/v1/notifications/unsubscribe/",
        "/sign-in/link/",
    ] {
        if path.starts_with(prefix) {
            return format!("{prefix}{{key}}").into();
        }
    }
    path.into()
}
