//! The web pages over HTTP: signing in, sessions, form keys, refusals, languages.

mod account;
mod committee;
mod founders;
mod founders_agreement;
mod founders_closed;
mod founders_timeline;
mod messages;
pub(crate) mod network;
mod panelists;
mod refusals;
mod secretariat;
mod secretariat_decisions;
mod secretariat_interviews;
mod secretariat_lists;
mod sessions;
mod sign_in;
pub(crate) mod support;
