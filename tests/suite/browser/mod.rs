//! Tests in a real browser. `harness` checks the browser support itself against a small
//! site of its own, served under the pages' strict Content-Security-Policy; `cast` and
//! `record` gather the people and write the record that the other tests start from.

mod cast;
mod demo;
mod harness;
mod journey;
mod keyboard;
mod record;
mod site;
mod walk;
