//! Tests in a real browser. `harness` checks the browser support itself against a small
//! site of its own, served under the pages' strict Content-Security-Policy.

mod demo;
mod harness;
mod journey;
mod sign_in;
mod site;
mod walk;
