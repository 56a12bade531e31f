//! The event store (`charter_store`) and the write side on it: appends, the announcer
//! and the listener, the hash chains' verification, aggregates loaded from the store and
//! the cache that spares a long stream its full replay.

mod aggregate_cache;
mod announcer;
mod append;
mod integrity;
mod integrity_scoped;
mod keys;
mod listener;
mod read_keys;
mod standby;
