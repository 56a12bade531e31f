use clap::Parser;

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
