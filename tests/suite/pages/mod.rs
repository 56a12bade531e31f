//! The web pages over HTTP: signing in, sessions, form keys, refusals, languages.

mod sessions;
mod account;
mod sign_in;
pub(crate) mod support;
