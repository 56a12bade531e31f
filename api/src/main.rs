/// Every request and every projected event allocates and frees many small values (JSON
/// trees, strings, rows): with the system allocator, malloc and free took a quarter of a
/// rebuild's CPU. mimalloc's thread-local free lists make them much cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    charter_api::cli::main(std::env::args_os()).await
}
