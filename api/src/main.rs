use clap::Parser;

/// Every request and every projected event allocates and frees many small values (JSON
/// trees, strings, rows): with the system allocator, malloc and free took a quarter of a
/// rebuild's CPU. mimalloc's thread-local free lists make them much cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    charter_api::telemetry::init();
    let cli = charter_api::cli::Cli::parse();
    match charter_api::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
