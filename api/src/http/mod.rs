//! What every route shares: the one error type, the extractors that give bad input the
//! project's own problem body, the middleware (request ids, trace context, the access log,
//! `Idempotency-Key`, `If-Match`, request metrics, timeouts, caching) and the OpenAPI
//! document.

pub mod access_log;
pub mod caching;
pub mod cors;
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
pub mod paging;
pub mod preconditions;
pub mod process_metrics;
pub mod replica_reads;
pub mod request_id;
pub mod strict;
pub mod trace_context;
