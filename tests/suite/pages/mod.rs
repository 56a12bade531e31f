//! The web pages over HTTP: signing in, sessions, form keys, refusals, languages.

mod founders;
mod founders_agreement;
mod sessions;
mod sign_in;
pub(crate) mod support;
