//! Books on the command line: `--toc`, `--print`, `--check`,
//! `--print --search` and `--backlinks` over a folder or several files.

use crate::load::book::{self, Book, BookSource};
use crate::render::print;
use crate::shell::cli::{Cli, Failure, Mode, print_width, resolve_section};
use crate::text::diagnostic::cut;

/// Loads the book `source` names.
pub fn load(cli: &Cli, source: &BookSource) -> Result<Book, Failure> {
    Ok(book::load_book(source, cli.max_size)?)
}

/// The book `--backlinks FILE BOOK…` reads: a folder, or the files.
pub fn backlinks_source(cli: &Cli) -> Result<BookSource, Failure> {
    let mut all: Vec<std::path::PathBuf> = cli.file.iter().cloned().collect();
    all.extend(cli.more.iter().cloned());
    match all.as_slice() {
        [] => Err(Failure::Usage(
            "--backlinks FILE needs the book: a folder or files after it".to_string(),
        )),
        [one] if one.is_dir() => Ok(BookSource::Dir(one.clone())),
        _ => Ok(BookSource::Files(all)),
    }
}

/// `--backlinks FILE BOOK…`: one line per place linking to FILE, its
/// document, section (within the document) and link text, separated by
/// tabs. Nothing found is exit status 1, as `--search` finds nothing.
pub fn backlinks_text(book: &Book, file: &std::path::Path) -> Result<String, Failure> {
    let Some(part) = book.part_of_path(file) else {
        return Err(Failure::Usage(format!(
            "{} is not a document of the book",
            crate::sys::textfile::display_path(file)
        )));
    };
    let to = book.parts[part].sections.clone();
    let mut out = String::new();
    for b in book::backlinks(&book.doc, to) {
        let place = book.location(b.from);
        let (path, section) = place.split_once(" › ").unwrap_or((place.as_str(), ""));
        out.push_str(&format!(
            "{path}\t{section}\t{}\n",
            book::link_text(&book.doc, b.link)
        ));
    }
    if out.is_empty() {
        return Err(Failure::NoMatch(format!(
            "nothing in the book links to {}",
            book.parts[part].name
        )));
    }
    Ok(out)
}

/// `--check` on a book: every document read, each broken one reported
/// (path:line:col and what is wrong). Ok: one summary line. Broken: the
/// errors and the summary as the failure (exit status 2).
pub fn check_text(cli: &Cli, source: &BookSource, book: &Book) -> Result<String, Failure> {
    let broken = book.broken();
    let docs = book.parts.len();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut summary = format!(
        "{}: {} ({}), {}",
        source.display_name(),
        plural(docs, "document", "documents"),
        print::summary(&book.doc),
        if broken == 0 {
            "none broken".to_string()
        } else {
            format!("{broken} broken")
        }
    );
    if !book.skipped.is_empty() {
        summary.push_str(&format!(
            "; {} left out (not camp-reader documents)",
            plural(book.skipped.len(), "TOML file", "TOML files")
        ));
    }
    let _ = cli;
    if broken == 0 {
        return Ok(format!("{summary}\n"));
    }
    let mut text = String::new();
    for part in book.parts.iter().filter_map(|p| p.error.as_ref()) {
        text.push_str(&part.to_string());
        text.push('\n');
    }
    text.push_str(&summary);
    Err(Failure::Reported(text))
}

/// What a non-interactive mode prints for a book.
pub fn batch_text(
    cli: &Cli,
    config: &crate::settings::config::Config,
    mode: Mode,
    source: &BookSource,
    book: &Book,
) -> Result<String, Failure> {
    let doc = &book.doc;
    if let Some(file) = &cli.backlinks {
        return backlinks_text(book, file);
    }
    let section = resolve_section(doc, cli.section.as_deref())?;
    match mode {
        Mode::Toc => Ok(print::toc(doc, section)),
        Mode::Check => check_text(cli, source, book),
        Mode::Print | Mode::Interactive => {
            let width = print_width(
                cli.width,
                crate::shell::cli::terminal_cols(),
                config.measure,
            );
            let (links, theme) = crate::shell::cli::print_look(cli, config)?;
            let dress = print::Dress {
                links,
                paint: theme.as_ref().map(|t| t as &dyn print::Paint),
            };
            let Some(query) = &cli.search else {
                return Ok(print::print_dressed(doc, section, width, dress));
            };
            let matcher =
                crate::find::search::Matcher::new(query, cli.regex).map_err(Failure::Usage)?;
            let matches = matcher
                .map(|m| crate::find::matches::MatchList::search(doc, &m))
                .unwrap_or_default();
            let heading = |s: usize| book.location(s);
            let (text, blocks) =
                print::print_matches_under(doc, matches.blocks(), section, width, dress, &heading);
            if blocks == 0 {
                return Err(Failure::NoMatch(format!("no match for {:?}", cut(query))));
            }
            Ok(text)
        }
        _ => Err(Failure::Usage(
            "--to-markdown and --to-toml read one document, not a book".to_string(),
        )),
    }
}

/// Runs a non-interactive mode on a book, writing to standard output.
pub fn run_batch(
    cli: &Cli,
    config: &crate::settings::config::Config,
    mode: Mode,
    source: &BookSource,
    book: &mut Book,
) -> Result<(), Failure> {
    // One setting for the reader, `--toc` and `--print`, as for a document.
    book.doc.set_numbers(cli.numbers.unwrap_or(config.numbers));
    let text = batch_text(cli, config, mode, source, book)?;
    crate::sys::streams::write_stdout(text.as_bytes()).map_err(Failure::Io)
}

/// Opens a book in the full-screen reader.
pub fn run_interactive(
    cli: &Cli,
    config: crate::settings::config::Config,
    source: &BookSource,
    book: Book,
) -> Result<(), Failure> {
    let (doc, index) = book.split();
    let place = crate::shell::cli::BookPlace {
        index: std::sync::Arc::new(index),
        key: source.key(),
    };
    // Not watched: no version to tell apart (issue 23).
    let version = crate::load::Version {
        hash: 0,
        stamp: None,
    };
    crate::shell::cli::run_reader(cli, config, doc, Some(version), Some(place), None)
}
