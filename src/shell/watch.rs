//! Live reload: the document's file is watched (inotify, kqueue, FSEvents
//! through `notify`, never polled) and loaded again on a thread of its own
//! when it changes, so the version on screen stays usable until the new
//! one is ready. The event loop takes each finished load and hands it to
//! the app.
//!
//! The directory is watched, not the file: most editors save by writing a
//! new file and renaming it over the old one, or delete and recreate it,
//! and a watch on the old file would see only its removal.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::load::{self, Format, Input};
use crate::model::document::Document;
use crate::sys::wake::Waker;

/// A burst of writes (an editor's save) is loaded once, this long after
/// the last of them.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What a load gave: the new version, or why there is none (one line:
/// `PATH:LINE:COLUMN: what is wrong`).
pub type Reloaded = Result<Box<Document>, String>;

enum Request {
    /// The file changed: load it once writes have settled.
    Changed,
    /// Load it now (the editor has exited).
    Now,
}

/// How the document is read.
struct Reading {
    input: Input,
    max_size: u64,
    format: Option<Format>,
}

/// Loads the document again when it changes, or when asked.
pub struct Reloader {
    requests: Sender<Request>,
    results: Receiver<Reloaded>,
    /// Kept alive while the reader runs; `None` with watching off.
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Reloader {
    /// Starts the loading thread for `path` (read as `format`, when given)
    /// and, with `watch`, watches it; `shown` is the hash of the version on screen
    /// ([`load::source_hash`]), `waker` wakes the event loop when a load
    /// has finished. A file that cannot be watched is still reloaded when
    /// asked ([`Reloader::reload`]); the error says why watching failed.
    /// A change made since the version on screen was read is loaded at
    /// once.
    pub fn start(
        path: &Path,
        max_size: u64,
        format: Option<Format>,
        watch: bool,
        shown: u64,
        waker: Waker,
    ) -> (Reloader, Option<String>) {
        let input = Input::File(path.to_path_buf());
        // The file itself, even when opened through a symbolic link: its
        // directory is where an editor writes.
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let (requests, incoming) = mpsc::channel();
        let (done, results) = mpsc::channel();
        let (watcher, error) = if watch {
            match watch_file(&path, requests.clone()) {
                Ok(w) => (Some(w), None),
                Err(e) => (
                    None,
                    Some(format!(
                        "not watching {}: {}",
                        input.display_name(),
                        crate::text::sanitize::sanitize(&e.to_string())
                    )),
                ),
            }
        } else {
            (None, None)
        };
        // Watching from now on: what changed before is found by comparing.
        if watcher.is_some() {
            let _ = requests.send(Request::Now);
        }
        let reading = Reading {
            input,
            max_size,
            format,
        };
        std::thread::spawn(move || load_loop(&reading, shown, &incoming, &done, &waker));
        let reloader = Reloader {
            requests,
            results,
            _watcher: watcher,
        };
        (reloader, error)
    }

    /// Loads the file again now, whether or not it is watched.
    pub fn reload(&self) {
        let _ = self.requests.send(Request::Now);
    }

    /// The latest finished load, if one finished since the last call.
    pub fn take(&self) -> Option<Reloaded> {
        self.results.try_iter().last()
    }
}

/// Watches the directory of `path` and sends a request for every change
/// to a file of that name.
fn watch_file(
    path: &Path,
    requests: Sender<Request>,
) -> notify::Result<notify::RecommendedWatcher> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path.file_name().map(|n| n.to_os_string());
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else {
            return;
        };
        let ours = event
            .paths
            .iter()
            .any(|p| p.file_name().map(|n| n.to_os_string()) == name);
        if ours && changes_content(&event.kind) {
            let _ = requests.send(Request::Changed);
        }
    })?;
    watcher.watch(&dir, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Whether an event can mean new content: anything but reading (our own
/// loads open and read the file).
fn changes_content(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The loading thread: waits (blocked, no timer) for a request, lets a
/// burst of changes settle, loads, and hands the result over. A file whose
/// bytes are those of the last load (touched, or saved unchanged) is not
/// loaded again.
fn load_loop(
    reading: &Reading,
    shown: u64,
    incoming: &Receiver<Request>,
    done: &Sender<Reloaded>,
    waker: &Waker,
) {
    let Reading {
        input,
        max_size,
        format,
    } = reading;
    let mut last = Some(shown);
    while let Ok(first) = incoming.recv() {
        let mut now = matches!(first, Request::Now);
        while !now {
            match incoming.recv_timeout(DEBOUNCE) {
                Ok(Request::Changed) => {}
                Ok(Request::Now) => now = true,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let text = load::read_input(input, *max_size);
        let this = text.as_ref().ok().map(|t| load::source_hash(t));
        if this.is_some() && this == last {
            continue;
        }
        last = this;
        let result = text
            .and_then(|t| load::parse_input(input, *format, t).map(Box::new))
            .map_err(|e| headline(&e.to_string()));
        if done.send(result).is_err() {
            return;
        }
        waker.wake();
    }
}

/// The first line of an error (`PATH:LINE:COLUMN: message`), without the
/// excerpt under it: what fits in the status line.
fn headline(error: &str) -> String {
    error.lines().next().unwrap_or(error).to_string()
}
