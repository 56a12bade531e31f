//! The HTTP API, driven as clients drive it.

mod attendees;
mod audit;
mod auth;
mod bad_input;
mod demo;
mod documents;
mod endings;
pub(crate) mod erasure;
mod exports;
mod founders_view;
mod interviews;
mod journey;
mod lists;
mod outcomes;
mod panel;
mod platform;
mod policy;
mod retries;
mod reviews;
mod sealed_reads;
mod secretariat;
mod status;
pub(crate) mod steps;
mod tokens;
mod tokens_cache;
mod upgrades;
mod votes;
