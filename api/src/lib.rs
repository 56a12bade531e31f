//! Charter's HTTP API, its wiring and the `charter` command line.
//!
//! `main.rs` only parses the command line and calls [`cli::run`]; everything else lives
//! here so that integration tests build the same [`startup::Application`] the binary runs.

pub mod aggregate_cache;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod committee;
pub mod db;
pub mod demo;
pub mod erasure;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod invalidation;
pub mod metrics;
pub mod openapi;
pub mod people;
pub mod preconditions;
pub mod projector_thread;
pub mod request_id;
pub mod routes;
pub mod scheduler;
pub mod sealing;
pub mod settings;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use settings::Settings;
pub use startup::Application;
