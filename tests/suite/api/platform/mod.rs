//! What every deployment relies on besides the routes themselves: health, readiness, the
//! OpenAPI document and its page, and the request id that ties a response to its events.

mod metrics;
mod openapi;
mod probes;
mod read_models;
mod request_ids;
