//! The `hattama` binary: parse the command line, dispatch, map errors to exit codes.

use std::process::ExitCode;

fn main() -> ExitCode {
    match hattama::cli::run_from_args() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(err.kind.exit_code())
        }
    }
}
