//! What every deployment relies on besides the routes themselves: health, readiness, the
//! OpenAPI document and its page, the request id that ties a response to its events, what
//! caches may keep, and the timeouts slow clients meet.

mod caching;
mod cors;
mod metrics;
mod openapi;
mod openapi_clients;
mod probes;
mod read_models;
mod request_ids;
mod timeouts;
mod trace_context;
