//! Charter's HTTP API, its wiring and the `charter` command line.
//!
//! `main.rs` only parses the command line and calls [`cli::run`]; everything else lives
//! here so that integration tests build the same [`server::Server`] the binary runs.
//!
//! - [`http`]: what every route shares: errors, extractors, middleware, the OpenAPI document;
//! - [`auth`]: bearer tokens and who a request acts for;
//! - [`routes`]: one module per resource;
//! - [`commands`]: the write path: running a command on an aggregate (appended to the
//!   event store of `charter_store`), and the operations built on it (votes, enrolment,
//!   erasure);
//! - [`workers`]: what runs beside the requests (projectors, the scheduler, the vote
//!   outcomes process manager, cache invalidation) and the status they report;
//! - [`cli`]: the `charter` subcommands.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod demo;
pub mod http;
pub mod pages;
pub mod routes;
pub mod server;
pub mod settings;
pub mod state;
pub mod telemetry;
pub mod workers;

pub use server::Server;
pub use settings::Settings;
