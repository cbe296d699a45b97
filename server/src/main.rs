//! The `minping` binary: parses the command line and hands over to the library.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::run(server::cli::Cli::parse()).await
}
