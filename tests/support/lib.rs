//! What the integration tests share: a fresh database per test, the real server on a
//! random port, callers holding real tokens, the check of a problem answer, and a real
//! browser.

mod app;
pub mod browser;
mod cluster;
mod database;
mod network;
mod problem;
mod process;
mod smtp;
mod webhooks;

pub use app::{init_logs, spawn_app, spawn_app_as, spawn_app_on, spawn_app_with, Caller, TestApp};
pub use browser::Browser;
pub use cluster::{private_cluster, PrivateCluster};
pub use database::{shared_key_dir, TestDatabase};
pub use problem::{assert_problem, assert_problem_about};
pub use process::{ServerProcess, DATABASE_ENV, LISTEN_ENV, SMTP_ENV};
pub use smtp::SmtpServer;
pub use webhooks::{Delivered, WebhookReceiver};
