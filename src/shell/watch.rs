//! Live reload: the document's file is watched (inotify, kqueue, FSEvents
//! through `notify`, never polled) and loaded again on a thread of its own
//! when it changes, so the version on screen stays usable until the new
//! one is ready. The event loop takes each finished load and hands it to
//! the app.
//!
//! The directory is watched, not the file: most editors save by writing a
//! new file and renaming it over the old one, or delete and recreate it,
//! and a watch on the old file would see only its removal. A directory
//! that is deleted is watched through its nearest ancestor until it is
//! created again, then watched anew; for a document opened through a
//! symbolic link, the link's directory is watched as well as its
//! target's, found again at every load (a link pointed elsewhere is
//! followed there). Only the directories that hold the document are
//! watched while they are there: a busy parent (`/tmp`) would flood the
//! watcher, and events dropped in an overflow make it look again.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::load::{self, Format, Input, Version};
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
    /// A directory on the way was created again: watch it anew, then load.
    Rewatch,
    /// The reader has moved on: end the thread.
    Stop,
    /// The version on screen, once it is known ([`Reloader::shown`]):
    /// `None` when the whole file could not be read.
    Shown(Option<Version>),
}

/// How the document is read.
struct Reading {
    input: Input,
    max_size: u64,
    format: Option<Format>,
    /// How many times the file was read.
    reads: Arc<AtomicUsize>,
}

/// Loads the document again when it changes, or when asked.
pub struct Reloader {
    requests: Sender<Request>,
    results: Receiver<Reloaded>,
    reads: Arc<AtomicUsize>,
}

impl Drop for Reloader {
    fn drop(&mut self) {
        // The watcher lives on the loading thread and holds a sender too.
        let _ = self.requests.send(Request::Stop);
    }
}

impl Reloader {
    /// Starts the loading thread for `path` (read as `format`, when given)
    /// and, with `watch`, watches it; `shown` is the version on screen
    /// (`None`: not known yet, the file is still being read; it is given
    /// by [`Reloader::shown`] and nothing is loaded until then), `waker`
    /// wakes the event loop when a load has finished. A file that cannot
    /// be watched is still reloaded when asked ([`Reloader::reload`]); the
    /// error says why watching failed. A change made since the version on
    /// screen was read is loaded at once: when the version's stamp says
    /// the file is unchanged, nothing is read.
    pub fn start(
        path: &Path,
        max_size: u64,
        format: Option<Format>,
        watch: bool,
        shown: Option<Version>,
        waker: Waker,
    ) -> (Reloader, Option<String>) {
        let input = Input::File(path.to_path_buf());
        let (requests, incoming) = mpsc::channel();
        let (done, results) = mpsc::channel();
        let (watching, error) = if watch {
            match Watching::start(path, requests.clone()) {
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
        if watching.is_some()
            && let Some(shown) = shown
        {
            let _ = requests.send(Request::Shown(Some(shown)));
        }
        let reads = Arc::new(AtomicUsize::new(0));
        let reading = Reading {
            input,
            max_size,
            format,
            reads: reads.clone(),
        };
        std::thread::spawn(move || {
            load_loop(&reading, watching, shown, &incoming, &done, &waker);
        });
        let reloader = Reloader {
            requests,
            results,
            reads,
        };
        (reloader, error)
    }

    /// Loads the file again now, whether or not it is watched (once the
    /// version on screen is known).
    pub fn reload(&self) {
        let _ = self.requests.send(Request::Now);
    }

    /// The version on screen is known now (the whole file was read:
    /// `None` when it could not be); what was asked meanwhile is done.
    pub fn shown(&self, shown: Option<Version>) {
        let _ = self.requests.send(Request::Shown(shown));
    }

    /// How many times the file was read (and hashed) since the start: an
    /// idle reader reads nothing.
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }

    /// The latest finished load, if one finished since the last call.
    pub fn take(&self) -> Option<Reloaded> {
        self.results.try_iter().last()
    }
}

/// The watches on a document: the directory of the path as named and of
/// the file it resolves to (a symbolic link and its target, which an
/// editor saves beside). A directory that is gone is watched through its
/// nearest ancestor that is there, until it is back.
struct Watching {
    watcher: notify::RecommendedWatcher,
    /// The document's path as named, absolute but not resolved.
    named: PathBuf,
    /// The paths whose events matter, shared with the watcher's callback.
    wanted: Arc<Mutex<Wanted>>,
    /// The directories watched now.
    watched: Vec<PathBuf>,
}

#[derive(Default)]
struct Wanted {
    /// The document as named and the file it resolves to.
    files: Vec<PathBuf>,
    /// Their directories: one removed or created means watching anew.
    dirs: Vec<PathBuf>,
}

impl Watching {
    fn start(path: &Path, requests: Sender<Request>) -> notify::Result<Watching> {
        let named = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let wanted = Arc::new(Mutex::new(Wanted::default()));
        let seen = wanted.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else {
                return;
            };
            // Events were dropped (the queue overflowed): look again.
            if event.need_rescan() {
                let _ = requests.send(Request::Rewatch);
                return;
            }
            let wanted = seen.lock().unwrap_or_else(|p| p.into_inner());
            for p in &event.paths {
                if wanted.dirs.contains(p)
                    && matches!(event.kind, EventKind::Create(_) | EventKind::Remove(_))
                {
                    let _ = requests.send(Request::Rewatch);
                } else if wanted.files.contains(p) && changes_content(&event.kind) {
                    let _ = requests.send(Request::Changed);
                }
            }
        })?;
        let mut watching = Watching {
            watcher,
            named,
            wanted,
            watched: Vec::new(),
        };
        watching.refresh(true)?;
        Ok(watching)
    }

    /// Watches what the document's path resolves to now (a link may have
    /// been pointed elsewhere); with `again`, every directory anew (one
    /// deleted and created again has lost its watch).
    fn refresh(&mut self, again: bool) -> notify::Result<()> {
        let target = std::fs::canonicalize(&self.named).ok();
        let mut files = vec![self.named.clone()];
        files.extend(target.filter(|t| *t != self.named));
        let mut dirs: Vec<PathBuf> = Vec::new();
        for f in &files {
            push_new(&mut dirs, parent_dir(f));
        }
        // Set before watching: a directory created meanwhile is seen.
        {
            let mut wanted = self.wanted.lock().unwrap_or_else(|p| p.into_inner());
            wanted.dirs = dirs.clone();
            wanted.files = files;
        }
        let mut watch: Vec<PathBuf> = Vec::new();
        let mut first_error = None;
        for dir in &dirs {
            // The directory, else its nearest ancestor that is there.
            let mut at = dir.as_path();
            loop {
                while !at.exists()
                    && let Some(up) = at.parent().filter(|u| !u.as_os_str().is_empty())
                {
                    at = up;
                }
                if (again || !self.watched.iter().any(|w| w == at))
                    && !watch.iter().any(|w| w == at)
                {
                    match self.watcher.watch(at, RecursiveMode::NonRecursive) {
                        // Deleted between the look and the watch: one up.
                        Err(e)
                            if is_gone(&e)
                                && let Some(up) =
                                    at.parent().filter(|u| !u.as_os_str().is_empty()) =>
                        {
                            at = up;
                            continue;
                        }
                        Err(e) => {
                            first_error.get_or_insert(e);
                        }
                        Ok(()) => {}
                    }
                }
                break;
            }
            push_new(&mut watch, at.to_path_buf());
        }
        for old in &self.watched {
            if !watch.contains(old) {
                let _ = self.watcher.unwatch(old);
            }
        }
        self.watched = watch;
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Whether watching failed because the path is not there (any more).
fn is_gone(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn push_new(list: &mut Vec<PathBuf>, item: PathBuf) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Whether an event can mean new content: anything but reading (our own
/// loads open and read the file).
pub fn changes_content(kind: &EventKind) -> bool {
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
/// loaded again. Until the version on screen is known, nothing is loaded:
/// what is asked meanwhile is done once it is.
fn load_loop(
    reading: &Reading,
    mut watching: Option<Watching>,
    shown: Option<Version>,
    incoming: &Receiver<Request>,
    done: &Sender<Reloaded>,
    waker: &Waker,
) {
    let Reading {
        input,
        max_size,
        format,
        reads,
    } = reading;
    let mut last = shown.map(|v| v.hash);
    // What was asked before the version on screen was known: (load now,
    // watch anew).
    let mut owed: Option<(bool, bool)> = None;
    if shown.is_none() {
        loop {
            let asked = match incoming.recv() {
                Ok(Request::Stop) | Err(_) => return,
                Ok(Request::Shown(version)) => {
                    last = version.map(|v| v.hash);
                    // Changed while it was read: the load is due now.
                    if owed.is_none() && watching.is_some() && !unchanged(input, version) {
                        owed = Some((true, false));
                    }
                    break;
                }
                Ok(Request::Changed) => (false, false),
                Ok(Request::Now) => (true, false),
                Ok(Request::Rewatch) => (true, true),
            };
            let (now, again) = owed.unwrap_or_default();
            owed = Some((now || asked.0, again || asked.1));
        }
    }
    loop {
        let (mut now, mut again) = match owed.take() {
            // Changes seen during the read settled long ago.
            Some((_, again)) => (true, again),
            None => match incoming.recv() {
                Ok(Request::Stop) | Err(_) => return,
                Ok(Request::Shown(version)) => {
                    // Watching from now on: what changed before is found
                    // by the stamp, else by comparing.
                    if unchanged(input, version) {
                        continue;
                    }
                    (true, false)
                }
                Ok(Request::Changed) => (false, false),
                Ok(Request::Now) => (true, false),
                Ok(Request::Rewatch) => (true, true),
            },
        };
        while !now {
            match incoming.recv_timeout(DEBOUNCE) {
                Ok(Request::Changed | Request::Shown(_)) => {}
                Ok(Request::Now) => now = true,
                Ok(Request::Rewatch) => (now, again) = (true, true),
                Ok(Request::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        // A link pointed elsewhere, a directory back: watch what is there now.
        if let Some(w) = &mut watching {
            let _ = w.refresh(again);
        }
        reads.fetch_add(1, Ordering::Relaxed);
        let read = load::read_input_text(input, *max_size);
        let this = read.as_ref().ok().map(|t| load::source_hash(&t.text));
        if this.is_some() && this == last {
            continue;
        }
        last = this;
        let result = read
            .and_then(|t| load::parse_read(input, *format, t).map(Box::new))
            .map_err(|e| headline(&e.to_string()));
        if done.send(result).is_err() {
            return;
        }
        waker.wake();
    }
}

/// Whether the file is, by its stamp, the `version` read: nothing need be
/// read to know it is unchanged.
fn unchanged(input: &Input, version: Option<Version>) -> bool {
    match (input, version.and_then(|v| v.stamp)) {
        (Input::File(path), Some(stamp)) => stamp.unchanged(path),
        _ => false,
    }
}

/// The first line of an error (`PATH:LINE:COLUMN: message`), without the
/// excerpt under it: what fits in the status line.
fn headline(error: &str) -> String {
    error.lines().next().unwrap_or(error).to_string()
}
