//! The HTTP API, driven as clients drive it.

mod auth;
mod bad_input;
mod committee;
mod documents;
mod endings;
mod journey;
mod panel;
mod platform;
mod policy;
mod steps;
