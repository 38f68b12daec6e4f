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
            "all read".to_string()
        } else {
            format!("{broken} unreadable")
        }
    );
    if !book.skipped.is_empty() {
        summary.push_str(&format!(
            "; {} left out (not camp-reader documents)",
            plural(book.skipped.len(), "TOML file", "TOML files")
        ));
    }
    // Links between the book's documents were resolved as it was read;
    // the rest lead out of it, relative to its root.
    let root = std::fs::canonicalize(&book.root).unwrap_or_else(|_| book.root.clone());
    let mut links = crate::shell::linkcheck::broken_links(
        &book.doc,
        Some(&root),
        &crate::shell::linkcheck::look_on_disk,
        &|p| crate::shell::linkcheck::open_on_disk(p, cli.max_size),
    );
    // A link into a document of the book that could not be read: said as
    // `--check` on the linking document alone says it (not "no section").
    for b in &mut links {
        if let Some(why) = unread_part_linked(book, b.link) {
            b.why = why;
        }
    }
    if broken == 0 && links.is_empty() {
        return Ok(format!("{summary}\n"));
    }
    let mut text = String::new();
    for part in book.parts.iter().filter_map(|p| p.error.as_ref()) {
        text.push_str(&part.to_string());
        text.push('\n');
    }
    let places = link_places(cli, book, &links);
    for (b, (place, written)) in links.iter().zip(places) {
        // The address as its document writes it; as the book has it
        // (rewritten) only when that document cannot be read again.
        let message = b.message(
            written
                .as_deref()
                .unwrap_or_else(|| book.doc.link_target(b.link)),
        );
        match place {
            Some(place) => text.push_str(&format!("{place}: {message}\n")),
            None => {
                let section = book.doc.links.get(b.link).map_or(0, |l| l.section as usize);
                text.push_str(&format!("{}: {message}\n", book.location(section)));
            }
        }
    }
    if broken > 0 {
        text.push_str(&summary);
        return Err(Failure::Reported(text));
    }
    let n = links.len();
    summary.push_str(&format!(
        ", but {n} broken link{}",
        if n == 1 { "" } else { "s" }
    ));
    text.push_str(&summary);
    Err(Failure::Findings(text))
}

/// Why link `link` of the book leads nowhere when it leads into one of
/// its documents that could not be read (`#b.md#x`, b.md unreadable).
fn unread_part_linked(book: &Book, link: usize) -> Option<String> {
    let target = book
        .doc
        .links
        .get(link)
        .map(|_| book.doc.link_target(link))?;
    let id = target.trim().strip_prefix('#')?;
    let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
    let name = id.split('#').next()?;
    let section = book.doc.section_with_id(name)?;
    let error = book
        .parts
        .get(book.part_of_section(section)?)?
        .error
        .as_ref()?;
    Some(format!(
        "it cannot be read: {}",
        crate::load::headline(&error.to_string())
    ))
}

/// Where each of the book's broken `links` is written, `path:line:col`,
/// as for a lone document, and its address as written there: each
/// document with one is read again (within the size limit) and its
/// links placed ([`places_in`]); `None` where it cannot be read (then
/// the link is named by its section).
///
/// [`places_in`]: crate::shell::linkcheck::places_in
fn link_places(
    cli: &Cli,
    book: &Book,
    links: &[crate::shell::linkcheck::Broken],
) -> Vec<(Option<String>, Option<String>)> {
    let doc = &book.doc;
    let part_of = |link: usize| {
        doc.links
            .get(link)
            .and_then(|l| book.part_of_section(l.section as usize))
    };
    let mut out = vec![(None, None); links.len()];
    let mut i = 0;
    while i < links.len() {
        // The broken links of one document: the links are in reading
        // order, and so are the documents.
        let part = part_of(links[i].link);
        let run = links[i..]
            .iter()
            .take_while(|b| part_of(b.link) == part)
            .count();
        let these = i..i + run;
        i += run;
        let Some(part) = part.map(|p| &book.parts[p]) else {
            continue;
        };
        let Ok(source) = crate::sys::textfile::read_document_file(
            &part.path,
            &part.name,
            cli.max_size,
            crate::sys::textfile::Fifo::Refuse,
        ) else {
            continue;
        };
        let s = &part.sections;
        let of = doc.links.partition_point(|l| l.section < s.start)
            ..doc.links.partition_point(|l| l.section < s.end);
        let markdown =
            crate::load::Format::from_path(&part.path) != Some(crate::load::Format::Toml);
        let wanted: Vec<usize> = links[these.clone()].iter().map(|b| b.link).collect();
        let places =
            crate::shell::linkcheck::places_in(doc, &source.text, markdown, of, &wanted, true);
        let shown = crate::sys::textfile::display_path(&part.path);
        for (slot, place) in out[these].iter_mut().zip(places) {
            *slot = (
                place.at.map(|(line, col)| format!("{shown}:{line}:{col}")),
                place.written,
            );
        }
    }
    out
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
    // What was read lossily or left out, on stderr: the output is still
    // made.
    for note in &book.notes {
        crate::shell::cli::warn(Some(note));
    }
    let text = batch_text(cli, config, mode, source, book)?;
    crate::sys::streams::write_stdout(text.as_bytes()).map_err(Failure::Io)?;
    // A document that could not be read (broken TOML, a mistyped name)
    // is said on stderr: `--toc` shows no error in its place. A file the
    // command line named is the failing exit status too, as `cat` and
    // `grep` give for a file they cannot read; the rest was still
    // written. (`--check` reports them as its output.)
    if matches!(mode, Mode::Check) || cli.backlinks.is_some() {
        return Ok(());
    }
    let broken: Vec<String> = book
        .parts
        .iter()
        .filter_map(|p| p.error.as_ref().map(|e| e.to_string()))
        .collect();
    match source {
        BookSource::Files(_) if !broken.is_empty() => Err(Failure::Reported(broken.join("\n"))),
        _ => {
            for error in broken {
                crate::shell::cli::warn(Some(&error));
            }
            Ok(())
        }
    }
}

/// Opens a book in the full-screen reader: a large one shows its first
/// documents at once and is read whole behind the first screen
/// ([`book::load_first`]), the outline filling in when it is.
pub fn open_interactive(
    cli: &Cli,
    config: crate::settings::config::Config,
    source: &BookSource,
) -> Result<(), Failure> {
    let (mut book, _) = book::load_first(source, cli.max_size)?;
    if book.unread > 0 {
        let reading = format!("reading {} more documents…", book.unread);
        book.doc.load_warning = Some(match book.doc.load_warning.take() {
            Some(w) => format!("{reading} · {w}"),
            None => reading,
        });
    }
    run_interactive(cli, config, source, book)
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
        source: source.clone(),
    };
    // The book's parts are watched, not the version of one file.
    let version = crate::load::Version {
        hash: 0,
        stamp: None,
    };
    crate::shell::cli::run_reader(cli, config, doc, Some(version), Some(place), None)
}

/// What a reload of a book gave: the new book (its document and index),
/// or why there is none (one line).
pub type BookReloaded = Result<Box<(crate::model::document::Document, book::BookIndex)>, String>;

/// What tells one version of a book from another without comparing
/// text: each part's name, its bytes' hash and whether it is broken, in
/// reading order (a file added, removed, moved or edited changes it).
pub fn signature(parts: &[book::Part]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.name.hash(&mut h);
        p.hash.hash(&mut h);
        p.error.is_some().hash(&mut h);
    }
    h.finish()
}

enum BookRequest {
    /// A large book's first documents are on screen: read the whole in
    /// stages, each handed over ([`book::load_in_stages`]).
    Fill,
    /// Something in the book's folder changed: reload once writes settle.
    Changed,
    /// Reload now (the editor has exited).
    Now,
    /// The reader has ended.
    Stop,
}

/// Live reload of a book: its folder (recursively) or its files' folders
/// are watched, and on a change the whole book is found, read and put
/// together again on a thread of its own ([`book::load_book`]: a new or
/// deleted file changes the outline). A version whose parts are those on
/// screen ([`signature`]) is not handed over.
pub struct BookReloader {
    requests: std::sync::mpsc::Sender<BookRequest>,
    results: std::sync::mpsc::Receiver<BookReloaded>,
    /// What a search ahead of the reading needs ([`Self::search_ahead`]).
    source: BookSource,
    max_size: u64,
    done: std::sync::mpsc::Sender<BookReloaded>,
    waker: crate::sys::wake::Waker,
    /// The documents read ahead of a search: every later stage of the
    /// fill reads them too.
    ahead: ReadAhead,
}

/// Files read ahead of a search, shared with the thread filling the book.
type ReadAhead = std::sync::Arc<std::sync::Mutex<Vec<std::path::PathBuf>>>;

impl Drop for BookReloader {
    fn drop(&mut self) {
        let _ = self.requests.send(BookRequest::Stop);
    }
}

impl BookReloader {
    /// Starts the loading thread for the book `source`, whose version on
    /// screen has `parts`; with `watch`, watches it (a failure to watch
    /// is returned, as a note: the book is still reloaded when asked).
    pub fn start(
        source: BookSource,
        parts: &[book::Part],
        max_size: u64,
        watch: bool,
        waker: crate::sys::wake::Waker,
    ) -> (BookReloader, Option<String>) {
        let (requests, incoming) = std::sync::mpsc::channel();
        let (done, results) = std::sync::mpsc::channel();
        let (watcher, problem) = if watch {
            match watch_book(&source, requests.clone()) {
                Ok(w) => (Some(w), None),
                Err(e) => (
                    None,
                    Some(format!(
                        "not watching the book: {}",
                        crate::text::sanitize::sanitize(&e.to_string())
                    )),
                ),
            }
        } else {
            (None, None)
        };
        let mut last = signature(parts);
        let this = BookReloader {
            requests,
            results,
            source: source.clone(),
            max_size,
            done: done.clone(),
            waker: waker.clone(),
            ahead: ReadAhead::default(),
        };
        let ahead = std::sync::Arc::clone(&this.ahead);
        std::thread::spawn(move || {
            // Kept alive as long as the thread: dropping it unwatches.
            let _watcher = watcher;
            use std::sync::mpsc::RecvTimeoutError;
            loop {
                let (mut now, mut fill) = match incoming.recv() {
                    Ok(BookRequest::Changed) => (false, false),
                    Ok(BookRequest::Now) => (true, false),
                    Ok(BookRequest::Fill) => (true, true),
                    Ok(BookRequest::Stop) | Err(_) => return,
                };
                while !now {
                    match incoming.recv_timeout(crate::shell::watch::DEBOUNCE) {
                        Ok(BookRequest::Changed) => {}
                        Ok(BookRequest::Now) => now = true,
                        Ok(BookRequest::Fill) => (now, fill) = (true, true),
                        Ok(BookRequest::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        Err(RecvTimeoutError::Timeout) => break,
                    }
                }
                let loaded = if fill {
                    // Each stage on screen as it is read: the outline
                    // fills in.
                    let read_now = |p: &std::path::Path| {
                        ahead
                            .lock()
                            .is_ok_and(|a| a.iter().any(|f| f.as_path() == p))
                    };
                    let mut stage = |b: book::Book| {
                        if done.send(Ok(Box::new(b.split()))).is_ok() {
                            waker.wake();
                        }
                    };
                    book::load_in_stages(&source, max_size, &read_now, &mut stage)
                } else {
                    book::load_book(&source, max_size)
                };
                let result = match loaded {
                    Ok(b) => {
                        let this = signature(&b.parts);
                        if this == last {
                            continue;
                        }
                        last = this;
                        Ok(Box::new(b.split()))
                    }
                    Err(e) => Err(e.to_string().lines().next().unwrap_or("").to_string()),
                };
                if done.send(result).is_err() {
                    return;
                }
                waker.wake();
            }
        });
        (this, problem)
    }

    /// A search found nothing in the part of a large book read so far:
    /// the files left to read are searched on a thread of their own
    /// ([`book::read_ahead`]), and the book with the first match's
    /// document read is handed over as a new version (still being read).
    pub fn search_ahead(&self, query: &str, regex: bool) {
        let matcher = match crate::find::search::Matcher::new(query, regex) {
            Ok(Some(m)) => m,
            _ => return,
        };
        let (source, max_size) = (self.source.clone(), self.max_size);
        let (done, waker) = (self.done.clone(), self.waker.clone());
        let ahead = std::sync::Arc::clone(&self.ahead);
        std::thread::spawn(move || {
            let found = |text: &str| matcher.find_iter(text, 0).next().is_some();
            if let Ok(Some((b, path))) = book::read_ahead(&source, max_size, &found) {
                // Named before the book is sent: no later stage of the
                // fill leaves it out.
                if let Ok(mut a) = ahead.lock() {
                    a.push(path);
                }
                if done.send(Ok(Box::new(b.split()))).is_ok() {
                    waker.wake();
                }
            }
        });
    }

    /// Loads the book again now, watched or not.
    pub fn reload(&self) {
        let _ = self.requests.send(BookRequest::Now);
    }

    /// Reads the whole of a large book whose first documents are on
    /// screen, handing over each stage as it is read.
    pub fn fill(&self) {
        let _ = self.requests.send(BookRequest::Fill);
    }

    /// The latest finished load, if one finished since the last call.
    pub fn take(&self) -> Option<BookReloaded> {
        // A part read ahead of a search never hides a whole book that
        // came before it.
        let mut last: Option<BookReloaded> = None;
        for result in self.results.try_iter() {
            let partial = matches!(&result, Ok(b) if b.1.unread > 0);
            let have_whole = matches!(&last, Some(Ok(b)) if b.1.unread == 0);
            if !(partial && have_whole) {
                last = Some(result);
            }
        }
        last
    }
}

/// Watches a folder book recursively (any change below it that can be a
/// document: a file of the book's kinds, a folder, an ignore file), or
/// the folders of a list of files (those files only).
fn watch_book(
    source: &BookSource,
    requests: std::sync::mpsc::Sender<BookRequest>,
) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher as _};
    let absolute = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let files: Option<Vec<std::path::PathBuf>> = match source {
        BookSource::Dir(_) => None,
        BookSource::Files(files) => Some(files.iter().map(|f| absolute(f)).collect()),
    };
    let root = match source {
        BookSource::Dir(dir) => absolute(dir),
        BookSource::Files(_) => std::path::PathBuf::new(),
    };
    let wanted = files.clone();
    let below = root.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else {
            return;
        };
        if event.need_rescan() {
            let _ = requests.send(BookRequest::Changed);
            return;
        }
        if !crate::shell::watch::changes_content(&event.kind) {
            return;
        }
        let matters = event.paths.iter().any(|p| match &wanted {
            Some(files) => files.contains(p),
            None => book::matters_to_a_folder_book(p.strip_prefix(&below).unwrap_or(p)),
        });
        if matters {
            let _ = requests.send(BookRequest::Changed);
        }
    })?;
    match (source, &files) {
        (BookSource::Dir(_), _) => watcher.watch(&root, RecursiveMode::Recursive)?,
        (_, Some(files)) => {
            let mut dirs: Vec<std::path::PathBuf> = Vec::new();
            for f in files {
                let d = f
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new("."))
                    .to_path_buf();
                if !dirs.contains(&d) {
                    watcher.watch(&d, RecursiveMode::NonRecursive)?;
                    dirs.push(d);
                }
            }
        }
        _ => {}
    }
    Ok(watcher)
}
