//! `pathways`: the command line of the regional career-pathways system.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;
mod config;
mod progress;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    commands::init_tracing(args.verbose);
    match commands::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Bad input is exit 1 with a message naming file, line and field;
            // usage errors are exit 2 (clap).
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
