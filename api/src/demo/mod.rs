//! `charter demo`: a realistic sample network, loaded through the real command path.
//!
//! This first part is the script: forty-one founding teams over four simulated years,
//! planned step by step without touching anything. The runner that follows it over HTTP
//! comes next.
#![allow(dead_code)]

mod journey;
mod network;
mod plan;
mod rng;
mod stories;
mod words;

/// The seed of the demo's story: the same network on every run.
pub const SEED: u64 = 20_261_121;
