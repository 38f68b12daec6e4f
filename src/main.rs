use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use camp_reader::shell::book;
use camp_reader::shell::cli::{self, Cli, Mode};

fn main() -> ExitCode {
    let cli = match Cli::from_env() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(cli::clap_exit(&e)),
    };
    let mode = cli.mode(std::io::stdout().is_terminal());
    // Keys typed while the document loads are not echoed; the terminal's
    // modes come back when the reader takes it, or when this is dropped.
    // Not while a small file loads (about a millisecond, no time to type
    // in): echo off and on again took 16-20 µs of it
    // (`examples/first-frame.rs`).
    let slow = mode == Mode::Interactive && !cli::quick_document(&cli);
    let _quiet = slow.then(camp_reader::sys::terminal::quiet);
    if mode == Mode::Interactive {
        camp_reader::shell::tui::prepare_early();
    }
    let result = match mode {
        Mode::Completions
        | Mode::Man
        | Mode::PrintConfig
        | Mode::PrintTheme
        | Mode::ListThemes
        | Mode::PrintSchema => cli::run_generated(&cli),
        // A bad config file is an error in every mode, not only on screen.
        // A conversion reads the document's text itself.
        Mode::ToMarkdown | Mode::ToToml => {
            cli::load_config(&cli).and_then(|_| cli::run_convert(&cli, mode))
        }
        _ if cli.backlinks.is_some() => cli::load_config(&cli).and_then(|config| {
            let source = book::backlinks_source(&cli)?;
            let mut loaded = book::load(&cli, &source)?;
            book::run_batch(&cli, &config, mode, &source, &mut loaded)
        }),
        _ if let Some(source) = cli.book() => cli::load_config(&cli).and_then(|config| {
            if mode == Mode::Interactive {
                return book::open_interactive(&cli, config, &source);
            }
            let mut loaded = book::load(&cli, &source)?;
            book::run_batch(&cli, &config, mode, &source, &mut loaded)
        }),
        _ => cli::load_config(&cli).and_then(|config| match mode {
            Mode::Interactive => cli::open_interactive(&cli, config),
            _ => {
                let (doc, _) = cli::load_document(&cli)?;
                cli::run_batch(&cli, &config, mode, doc)
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!: a closed stderr must not turn an error into a panic.
            let _ = std::io::stderr().write_all(e.stderr_text().as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}
