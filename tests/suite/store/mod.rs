//! The write side's store: aggregates loaded from the event store, and the cache that
//! spares a long stream its full replay.

mod aggregate_cache;
mod append;
