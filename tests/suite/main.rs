//! Charter's integration tests: one binary, a fresh database per test.

mod api;
mod audit;
mod browser;
mod cli;
mod faults;
mod notifications;
mod pages;
mod projections;
mod store;
mod trust;
