//! The `charter` program for the CLI tests: the same `charter_api::cli::main` as
//! `api/src/main.rs`, built in this package so that the tests can run it as a real
//! process (`CARGO_BIN_EXE_charter-cli`), with its own standard output, standard error
//! and exit status.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    charter_api::cli::main(std::env::args_os()).await
}
