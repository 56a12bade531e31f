//! What every route shares: the one error type, the extractors that give bad input the
//! project's own problem body, the middleware (request ids, `Idempotency-Key`, `If-Match`,
//! request metrics, timeouts, caching) and the OpenAPI document.

pub mod caching;
pub mod deadlines;
pub mod downloads;
pub mod edge_rules;
pub mod error;
pub mod extract;
pub mod freshness;
pub mod idempotency;
pub mod latest_writes;
pub mod metrics;
pub mod openapi;
pub mod preconditions;
pub mod request_id;
pub mod strict;
