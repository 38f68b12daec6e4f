use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use camp_reader::cli::{self, Cli, Mode};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout_tty = std::io::stdout().is_terminal();
    let mode = cli.mode(stdout_tty);
    let result = cli::load_document(&cli).and_then(|doc| match mode {
        Mode::Interactive => cli::run_interactive(&cli, doc),
        _ => cli::run_batch(&cli, mode, &doc, &mut std::io::stdout().lock()),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("camp-reader: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
