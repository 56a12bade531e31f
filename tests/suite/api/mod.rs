//! The HTTP API, driven as clients drive it.

mod journey;
