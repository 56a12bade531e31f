//! What the integration tests share: a fresh database per test, the real server on a
//! random port, and callers holding real tokens.

mod app;
mod database;
mod process;

pub use app::{init_logs, spawn_app, spawn_app_on, spawn_app_with, Caller, TestApp};
pub use database::TestDatabase;
pub use process::{ServerProcess, DATABASE_ENV, LISTEN_ENV};
