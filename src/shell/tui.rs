//! The terminal event loop: turns terminal events into commands (and tells
//! the app what it learns as events), feeds them to `App::update`, performs the effects the app asks for, and draws after
//! each. It blocks on input (and on a reload finishing), so an idle reader
//! uses no CPU.

use std::io::{self, stdout};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui::{Terminal, backend::CrosstermBackend};

use crate::app::{App, Effect, Event, Msg};
use crate::load::Input;
use crate::load::book::FOLDER_READMES;
use crate::settings::keymap::Command;
use crate::shell::watch::{Reloaded, Reloader};
use crate::sys::terminal::{Capped, Guard, drawn_size, output_lock, suspend};
use crate::sys::wake::{Waiter, Woken};

/// Lines one wheel notch scrolls.
const WHEEL_LINES: i16 = 3;

type Term = Terminal<Capped<CrosstermBackend<std::io::BufWriter<std::io::Stdout>>>>;

/// Input that waits is handled before the next frame (a resize storm, a
/// burst of keys), but a frame is drawn at least this often.
const FRAME_AT_LEAST: Duration = Duration::from_millis(100);

/// How long a key that left a long block wrapping (`G`, a far jump, a
/// resize) goes on wrapping before its frame is drawn: a wrap this short
/// shows its place in the key's own frame, not a frame later.
const KEY_WRAP_BUDGET: Duration = Duration::from_millis(10);

/// Draws one frame while holding the output lock, after resizing the
/// screen buffers to the last size the terminal reported, if it changed.
fn draw(terminal: &mut Term, app: &App, resized: &mut Option<(u16, u16)>) -> io::Result<()> {
    let _lock = output_lock();
    if let Some((w, h)) = resized.take() {
        // A resize, or the redraw asked for after a suspend: repaint
        // everything, the screen may hold anything now. (`resize` clears
        // without asking the terminal where its cursor is, which `clear`
        // does and a silent terminal never answers.)
        terminal.resize(drawn_area(w, h))?;
    }
    terminal.draw(|frame| frame.render_widget(app, frame.area()))?;
    Ok(())
}

/// What one terminal event tells the app, if it means anything here.
pub fn message_for(app: &App, ev: &TermEvent) -> Option<Msg> {
    match ev {
        // Press only: Windows reports release and repeat kinds too.
        // Behind keys that wait for the rest of the document, a key is
        // read when it is carried out: after a `:` that waits, it is typed
        // into the prompt.
        TermEvent::Key(k) if k.kind == KeyEventKind::Press && app.keys_wait() => {
            Some(Msg::Key(crate::settings::keymap::Key::from_event(k)))
        }
        TermEvent::Key(k) if k.kind == KeyEventKind::Press => {
            let command = app.options().keymap.command_for_event(app.context(), k);
            // A key bound to nothing while reading is said to be so (a
            // less user's `x`), not ignored; elsewhere (a prompt, a list)
            // it means nothing.
            let reading = matches!(
                app.context(),
                crate::settings::keymap::Context::Text | crate::settings::keymap::Context::Sidebar
            );
            let key = crate::settings::keymap::Key::from_event(k);
            let named = !matches!(
                k.code,
                ratatui::crossterm::event::KeyCode::Modifier(_)
                    | ratatui::crossterm::event::KeyCode::Null
            );
            command
                .or_else(|| (reading && named).then_some(Command::NotBound(key)))
                .map(Msg::from)
        }
        TermEvent::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Command::Wheel {
                column: m.column,
                row: m.row,
                lines: WHEEL_LINES,
            }),
            MouseEventKind::ScrollUp => Some(Command::Wheel {
                column: m.column,
                row: m.row,
                lines: -WHEEL_LINES,
            }),
            // The horizontal wheel (shifted wheel in some terminals).
            MouseEventKind::ScrollRight | MouseEventKind::ScrollLeft => {
                Some(Command::WheelSideways {
                    column: m.column,
                    row: m.row,
                    right: m.kind == MouseEventKind::ScrollRight,
                })
            }
            MouseEventKind::Down(MouseButton::Left) => Some(Command::Click {
                column: m.column,
                row: m.row,
            }),
            // Reported because mouse capture asks for button-motion events.
            MouseEventKind::Drag(MouseButton::Left) => Some(Command::Drag {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        }
        .map(Msg::from),
        TermEvent::Paste(text) => Some(Command::Paste(text.clone()).into()),
        TermEvent::Resize(w, h) => {
            let (w, h) = drawn_size(*w, *h);
            Some(Event::Resize(w, h).into())
        }
        _ => None,
    }
}

/// Esc and the key typed after it, when their bytes were read together.
/// A terminal sends Esc as one ESC byte and Alt-x as ESC then x, so the
/// reader can tell them apart only by whether the bytes arrive together
/// (crossterm's rule; vim and less wait a little instead). Bytes typed a
/// moment apart still arrive together when the reader was busy between
/// them (a search over a huge document), or when a fast typist's `Esc ZZ`
/// is read at once: crossterm then reports Alt-Z, which nothing is bound
/// to, and both keys were lost. Unless the user's keymap binds that Alt
/// key where it was pressed, it is read as what was typed: Esc, then the
/// key. Returns the two events, Esc first.
pub fn split_escape(app: &App, ev: &TermEvent) -> Option<(TermEvent, TermEvent)> {
    use crate::settings::keymap::Key;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let TermEvent::Key(k) = ev else {
        return None;
    };
    if k.kind != KeyEventKind::Press || !k.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let keymap = &app.options().keymap;
    if keymap.lookup(app.context(), Key::from_event(k)).is_some() {
        return None;
    }
    let mut key = *k;
    key.modifiers.remove(KeyModifiers::ALT);
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    Some((TermEvent::Key(esc), TermEvent::Key(key)))
}

/// Keys typed into a prompt that are already waiting join the first into
/// one edit, as a paste does: a query pasted, or typed faster than frames
/// are drawn, is searched (or filtered) once, not once per character.
/// `waiting` gives the next event already waiting, if any. Returns the
/// message to carry out and the first waiting event that did not join.
pub fn coalesce(
    app: &App,
    msg: Msg,
    mut waiting: impl FnMut() -> io::Result<Option<TermEvent>>,
) -> io::Result<(Msg, Option<TermEvent>)> {
    use crate::settings::keymap::Context;
    let Msg::Command(Command::Insert(first)) = msg else {
        return Ok((msg, None));
    };
    if !matches!(
        app.context(),
        Context::Search | Context::GoTo | Context::Links
    ) {
        return Ok((msg, None));
    }
    let mut typed = String::from(first);
    while let Some(ev) = waiting()? {
        match message_for(app, &ev) {
            Some(Msg::Command(Command::Insert(c))) => typed.push(c),
            _ => return Ok((joined(typed), Some(ev))),
        }
    }
    Ok((joined(typed), None))
}

/// One character typed stays a key; more are one paste.
fn joined(typed: String) -> Msg {
    let mut chars = typed.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Command::Insert(c).into(),
        _ => Command::Paste(typed).into(),
    }
}

/// How long crossterm is given to say whether input waits. Events it has
/// already read from the terminal and parsed, but not yet handed out (a
/// burst of keys arrives in one read), are seen only by a poll with a
/// timeout above zero: with zero it returns at once, looking neither at
/// them nor at the terminal. Below a millisecond, its poll(2) of the
/// terminal has a zero timeout, so this is a check, not a wait.
const WAITING_PEEK: Duration = Duration::from_micros(50);

/// Whether input waits to be read.
fn input_waiting() -> io::Result<bool> {
    event::poll(WAITING_PEEK)
}

/// The next waiting event, if any.
fn waiting_event() -> io::Result<Option<TermEvent>> {
    if input_waiting()? {
        event::read().map(Some)
    } else {
        Ok(None)
    }
}

/// A terminal being set up on another thread (allocating its screen buffers
/// is a measurable part of start-up: `examples/first-frame.rs`), while the
/// document is prepared.
pub struct Prepared(std::thread::JoinHandle<io::Result<Term>>);

/// Starts setting up the terminal. Nothing is written to it yet.
fn prepare_new() -> Prepared {
    Prepared(std::thread::spawn(|| {
        // One write per frame instead of one per kilobyte.
        let out = std::io::BufWriter::with_capacity(1 << 16, stdout());
        Terminal::new(Capped::new(CrosstermBackend::new(out)))
    }))
}

/// The terminal [`prepare_early`] started setting up, not taken yet.
static EARLY: std::sync::Mutex<Option<Prepared>> = std::sync::Mutex::new(None);

/// Starts setting up the terminal as soon as the command line says the
/// reader will open, before the document is read: the set-up then ends
/// before the first frame needs it, where started later it was waited for
/// (`examples/first-frame.rs`). Taken by the next [`prepare`]; dropped
/// unused (nothing was written) if the document cannot be opened.
pub fn prepare_early() {
    if let Ok(mut early) = EARLY.lock()
        && early.is_none()
    {
        *early = Some(prepare_new());
    }
}

/// The terminal being set up: the one [`prepare_early`] started, else a
/// new one. Nothing is written to it yet.
pub fn prepare() -> Prepared {
    EARLY
        .lock()
        .ok()
        .and_then(|mut early| early.take())
        .unwrap_or_else(prepare_new)
}

/// The part of a `width`×`height` terminal that is drawn.
fn drawn_area(width: u16, height: u16) -> Rect {
    let (w, h) = drawn_size(width, height);
    Rect::new(0, 0, w, h)
}

/// What the event loop needs, besides the app, to perform the effects
/// `App::update` asks for.
#[derive(Debug, Clone)]
pub struct Host {
    /// Where the document came from: only a file can be edited or reloaded.
    pub input: Input,
    /// The largest document to load (`--max-size`).
    pub max_size: u64,
    /// The commands that open web and mail links, tried in turn.
    pub opener: Vec<Vec<String>>,
    /// Reload the document when its file changes.
    pub watch: bool,
    /// The version of the file the document was loaded from
    /// ([`crate::load::Version`]); `None` until the rest is read ([`Rest`]).
    pub version: Option<crate::load::Version>,
    /// The document was read from a pipe or FIFO (`camp-reader <(cmd)`),
    /// as [`is_pipe`] found it before the first frame: it is never watched
    /// or reloaded.
    pub piped: bool,
    /// `--format`, when given: a reload reads the file as that.
    pub format: Option<crate::load::Format>,
    /// The state file as read at start-up (`None` with state off): where
    /// a document opened by a link was left.
    pub state: Option<crate::settings::state::StateFile>,
    /// The book on screen at start, when it is one: watched and reloaded
    /// as a whole, `v` edits its parts.
    pub book: Option<HostBook>,
}

/// A book in the reader, for the loop: what to load again, its key in the
/// state file, and the version on screen.
#[derive(Debug, Clone)]
pub struct HostBook {
    pub source: crate::load::book::BookSource,
    pub key: String,
    pub index: std::sync::Arc<crate::load::book::BookIndex>,
    /// A large book whose first documents alone are read: the state
    /// file's part once it is whole (the marks, and the place when it was
    /// past them).
    pub resume: Option<RestResume>,
}

/// Whether `input` is a pipe or FIFO now (a file gone is not: it is still
/// watched, as it may come back).
pub fn is_pipe(input: &Input) -> bool {
    matches!(input, Input::File(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file()))
}

/// The longest address copied with OSC 52 (terminals cap what they take).
const MAX_COPY_BYTES: usize = 8192;

/// Saves copied code to a new file of its own in the temporary folder
/// (`camp-reader-code-XXXXXX.EXT`, readable by its owner only), kept for
/// the user to take it from; returns its path.
fn save_copy(text: &str, extension: &str) -> io::Result<std::path::PathBuf> {
    let suffix = format!(".{extension}");
    let mut file = tempfile::Builder::new()
        .prefix("camp-reader-code-")
        .suffix(&suffix)
        .tempfile()?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    io::Write::write_all(&mut file, b"\n")?;
    let (_, path) = file.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// Puts `text` on the terminal's clipboard: OSC 52, base64 (so nothing in
/// it can be a control), ended by ST.
fn copy_to_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let _lock = output_lock();
    let mut out = stdout();
    write!(out, "\x1b]52;c;{encoded}\x1b\\")?;
    out.flush()
}

/// Where a link that starts with `/`, `path` without it, leads from a
/// document in `dir`: the top of the repository holding `dir` (the
/// nearest folder with `.git`, a folder or a worktree's file), else `dir`;
/// with the latter, what to add to an error.
pub(crate) fn from_root(
    dir: &std::path::Path,
    path: &std::path::Path,
) -> (std::path::PathBuf, Option<String>) {
    match dir.ancestors().find(|d| d.join(".git").exists()) {
        Some(root) => (root.join(path), None),
        None => (
            dir.join(path),
            Some(
                "(no folder with .git above it: a link from / was looked for beside the document)"
                    .to_string(),
            ),
        ),
    }
}

/// What performing effects works with, besides the app.
struct Performer<'a> {
    host: &'a Host,
    mouse: bool,
    /// Loads the document again (a file only).
    reloader: Option<Reloader>,
    /// Loads the book again (a book only).
    book: Option<crate::shell::book::BookReloader>,
    /// Where the document on screen came from (another file once a link
    /// to one is followed).
    input: Input,
    /// Where each document was left, this run's documents included.
    state: crate::settings::state::StateFile,
    /// Where each document left in this run was left, to save at the end.
    left: Vec<crate::settings::state::DocState>,
    /// Wakes the loop when a reload has finished.
    waker: crate::sys::wake::Waker,
    /// A document being loaded on a thread of its own (a followed link):
    /// the reader stays usable meanwhile, and Esc drops it.
    pending: Option<Pending>,
}

/// A followed document being loaded off the loop's thread.
struct Pending {
    path: std::path::PathBuf,
    anchor: Option<String>,
    at: Option<crate::settings::state::Anchor>,
    /// The file as it is named in the status line.
    name: String,
    /// What a failure adds (where a `/` link was looked for).
    hint: Option<String>,
    result: std::sync::mpsc::Receiver<Loaded>,
    /// The result, once [`Pending::ready`] has seen it.
    ready: std::cell::OnceCell<Loaded>,
}

impl Pending {
    /// Whether the load has finished (its result is kept for the taking).
    fn ready(&self) -> bool {
        if self.ready.get().is_some() {
            return true;
        }
        let loaded = match self.result.try_recv() {
            Ok(loaded) => loaded,
            Err(std::sync::mpsc::TryRecvError::Empty) => return false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the load ended without a document".to_string())
            }
        };
        let _ = self.ready.set(loaded);
        true
    }
}

/// What a load off the loop's thread gave: the document and the hash of
/// its bytes, or the first line of the error.
/// For a link to a folder, the README in it (`None` when `path` is not a
/// folder; why not, naming the folder, when it has none the reader can
/// open). Only a few `stat`s, on the loop's thread as the stamp check is.
pub(crate) fn folder_readme(path: &std::path::Path) -> Option<Result<std::path::PathBuf, String>> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    // `../` and `a/./` are named by the folder they are.
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let name = canonical.file_name().map_or_else(
        || crate::sys::textfile::display_path(&canonical),
        |n| crate::text::sanitize::sanitize(&n.to_string_lossy()).into_owned(),
    );
    if let Err(e) = std::fs::read_dir(path) {
        return Some(Err(format!(
            "{name}/: cannot open the folder: {}",
            crate::sys::textfile::io_reason(&e)
        )));
    }
    let mut unreadable = None;
    for candidate in FOLDER_READMES {
        let p = path.join(candidate);
        match std::fs::metadata(&p) {
            Ok(m) if m.is_file() => return Some(Ok(p)),
            // A folder named README.md is passed over, as GitHub does.
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                unreadable.get_or_insert(format!(
                    "{name}/{candidate} is not a regular file (a FIFO, a device or a socket)"
                ));
            }
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                unreadable.get_or_insert(format!(
                    "{name}/{candidate}: {}",
                    crate::sys::textfile::io_reason(&e)
                ));
            }
            Err(_) => {}
        }
    }
    Some(Err(unreadable.unwrap_or_else(|| {
        format!(
            "{name}/ is a folder with no README.md or index.md: named on the command line, it is read as a book"
        )
    })))
}

type Loaded = Result<(crate::model::document::Document, u64), String>;

/// The rest of a document whose first part is on screen (a large
/// Markdown file, see [`crate::load::markdown_prefix`]): read, checked,
/// hashed and parsed on a thread once the first frame is up.
#[derive(Debug)]
pub struct Rest {
    pub input: Input,
    /// The file, of which only the start is read.
    pub part: crate::load::PartRead,
    /// How many bytes of the file the first part was parsed from.
    pub parsed: usize,
    /// What the file is read as.
    pub of: RestOf,
    /// The state file's part, when it is kept.
    pub resume: Option<RestResume>,
}

/// What a document read in two parts is, for reading the whole.
#[derive(Debug)]
pub enum RestOf {
    Markdown,
    /// TOML, whose first part showed these section ids: they are kept
    /// ([`crate::load::parse_toml_keeping`]).
    Toml {
        shown: Vec<String>,
    },
}

/// What the state file gives the document once it is whole.
#[derive(Debug, Clone)]
pub struct RestResume {
    /// The document's key in the state file.
    pub key: String,
    /// The place it was left is past the first part: go there.
    pub deferred: bool,
}

/// What reading the rest gave: the whole document, its content hash (the
/// state file's) and the version of the file read, or the first line of
/// the error.
pub type Whole = Result<
    (
        crate::model::document::Document,
        String,
        crate::load::Version,
    ),
    String,
>;

/// Reads the rest of a document whose first part is on screen (`part`,
/// read as `of` says) and parses the whole, telling `progress` how far
/// it is (percent). The rest of the file is read here, not before the
/// first frame: its bytes, their UTF-8 and the hash the watcher compares
/// with are those of the whole as read now.
pub fn read_whole(
    input: &Input,
    part: crate::load::PartRead,
    of: RestOf,
    progress: &dyn Fn(u8),
) -> Whole {
    let headline = |e: crate::load::LoadError| crate::load::headline(&e.to_string());
    let read = part.finish().map_err(headline)?;
    let version = crate::load::Version::of(&read);
    let warning = read
        .warning
        .as_ref()
        .map(|w| w.to_string())
        .map(|w| crate::load::headline(&w));
    let text = read.text;
    let len = text.len().max(1);
    let report = |at: usize| progress((at.min(len) as u128 * 100 / len as u128) as u8);
    let (mut doc, note) = match of {
        RestOf::Toml { shown } => {
            crate::load::parse_toml_keeping(input, text, &shown, &report).map_err(headline)?
        }
        RestOf::Markdown => {
            let doc =
                crate::load::parse_markdown_reporting(input, &text, &report).map_err(headline)?;
            drop(text);
            (doc, None)
        }
    };
    doc.load_warning = match (warning, note) {
        (Some(w), Some(n)) => Some(format!("{w} · {n}")),
        (w, n) => w.or(n),
    };
    let hash = crate::settings::state::content_hash(doc.text());
    Ok((doc, hash, version))
}

/// The rest of the document being read on a thread.
struct Reading {
    result: std::sync::mpsc::Receiver<Whole>,
    /// Percent read, as the thread says it.
    percent: std::sync::Arc<std::sync::atomic::AtomicU8>,
    /// Percent the app was told.
    told: std::cell::Cell<u8>,
    ready: std::cell::OnceCell<Whole>,
    resume: Option<RestResume>,
}

impl Reading {
    /// Starts reading `rest`; `waker` wakes the loop as it goes and when
    /// it is done.
    fn start(rest: Rest, waker: crate::sys::wake::Waker) -> Reading {
        use std::sync::atomic::Ordering;
        let (done, result) = std::sync::mpsc::channel();
        let percent = std::sync::Arc::new(std::sync::atomic::AtomicU8::new(0));
        let shared = percent.clone();
        let Rest {
            input,
            part,
            of,
            resume,
            ..
        } = rest;
        std::thread::spawn(move || {
            // Coarse: the loop is woken every 5%.
            let report = |p: u8| {
                if p >= shared.load(Ordering::Relaxed).saturating_add(5) {
                    shared.store(p, Ordering::Relaxed);
                    waker.wake();
                }
            };
            let whole = read_whole(&input, part, of, &report);
            let _ = done.send(whole);
            waker.wake();
        });
        Reading {
            result,
            percent,
            told: std::cell::Cell::new(0),
            ready: std::cell::OnceCell::new(),
            resume,
        }
    }

    /// What the loop is to hear of it now, if anything.
    fn news(&self) -> Option<Next> {
        if self.ready.get().is_some() {
            return Some(Next::Whole);
        }
        match self.result.try_recv() {
            Ok(whole) => {
                let _ = self.ready.set(whole);
                return Some(Next::Whole);
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                let _ = self
                    .ready
                    .set(Err("reading it ended without a document".to_string()));
                return Some(Next::Whole);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
        }
        let p = self.percent.load(std::sync::atomic::Ordering::Relaxed);
        (p > self.told.get()).then(|| {
            self.told.set(p);
            Next::Progress(p)
        })
    }
}

/// What tells a changed file apart without reading it: mtime and size.
fn stamp(path: &std::path::Path) -> Option<crate::app::Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// What performing effects asks of the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Repaint {
    /// Clear the terminal and write every cell again.
    all: bool,
    /// A program had the terminal: its size may have changed meanwhile.
    resize: bool,
}

impl Performer<'_> {
    /// Performs the effects the last update asked for. Returns what the
    /// screen needs besides the next frame.
    fn perform(&mut self, app: &mut App) -> io::Result<Repaint> {
        let mut repaint = Repaint::default();
        for effect in app.take_effects() {
            match effect {
                Effect::EditDocument {
                    line,
                    near,
                    seen,
                    lines_down,
                    file,
                } => {
                    if self.edit(app, line, near.as_deref(), seen, lines_down, file)? {
                        repaint = Repaint {
                            all: true,
                            resize: true,
                        };
                    }
                }
                Effect::Suspend => suspend(),
                Effect::Redraw => repaint.all = true,
                Effect::Reload => {
                    if app.reader().book.is_some()
                        && let Some(b) = &self.book
                    {
                        b.reload();
                    } else if let Some(r) = &self.reloader {
                        r.reload();
                    }
                }
                Effect::OpenUrl(url) => {
                    let note = match crate::sys::opener::open(&url, &self.host.opener) {
                        Ok(_) => format!("opened {url}"),
                        Err(why) => format!("could not open {url}: {why}"),
                    };
                    app.update(Event::Note(note));
                }
                Effect::Copy(text) => {
                    let note = if text.len() > MAX_COPY_BYTES {
                        format!("too long to copy ({} bytes)", text.len())
                    } else {
                        match copy_to_clipboard(&text) {
                            Ok(()) => format!("copied {text}"),
                            Err(e) => format!("could not copy: {e}"),
                        }
                    };
                    app.update(Event::Note(note));
                }
                Effect::CopyCode {
                    text,
                    what,
                    extension,
                    osc52,
                } => {
                    let fits = text.len() <= MAX_COPY_BYTES;
                    let report = if osc52 && fits {
                        match copy_to_clipboard(&text) {
                            Ok(()) => format!("copied {what}"),
                            Err(e) => format!("could not copy: {e}"),
                        }
                    } else {
                        let why = if osc52 {
                            format!("too long for the clipboard ({} bytes): ", text.len())
                        } else {
                            String::new()
                        };
                        match save_copy(&text, &extension) {
                            Ok(path) => format!(
                                "{why}saved {what} to {}",
                                crate::sys::textfile::display_path(&path)
                            ),
                            Err(e) => format!("could not save the code: {e}"),
                        }
                    };
                    app.update(Event::Report(report));
                }
                Effect::OpenDocument { path, anchor, at } => self.open(app, path, anchor, at),
                Effect::OpenBook { at } => self.open_book(app, at),
                Effect::SearchAhead { query, regex } => {
                    if let Some(b) = &self.book {
                        b.search_ahead(&query, regex);
                    }
                }
                Effect::OpenFromRoot { dir, path, anchor } => {
                    let (resolved, hint) = from_root(&dir, &path);
                    self.open(app, resolved, anchor, None);
                    if let Some(p) = &mut self.pending {
                        p.hint = hint;
                    }
                }
            }
        }
        Ok(repaint)
    }

    /// Loads the document at `path` as the command line does (a FIFO is
    /// refused) on a thread of its own, the status line saying "loading …"
    /// meanwhile; [`Performer::opened`] puts it on screen. A document kept
    /// from earlier whose file is unchanged is shown at once.
    fn open(
        &mut self,
        app: &mut App,
        path: std::path::PathBuf,
        anchor: Option<String>,
        at: Option<crate::settings::state::Anchor>,
    ) {
        // A link to a folder opens its README, as GitHub shows a folder.
        let path = match folder_readme(&path) {
            Some(Ok(readme)) => readme,
            Some(Err(why)) => {
                app.update(Event::OpenFailed(why));
                return;
            }
            None => path,
        };
        let file = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        // The reader kept for it shows again, unless its file changed.
        if app
            .kept(&file)
            .is_some_and(|r| r.stamp.is_some() && r.stamp == stamp(&file))
        {
            self.pending = None;
            let left_stamp = self.leave(app);
            app.update(Event::Reopened {
                file: file.into(),
                anchor,
                at,
                left_stamp,
            });
            self.now_showing(app, path);
            return;
        }
        let input = Input::File(path.clone());
        let name = input.display_name();
        let (send, result) = std::sync::mpsc::channel();
        let max_size = self.host.max_size;
        let waker = self.waker.clone();
        std::thread::spawn(move || {
            let format = match &input {
                Input::File(path) => Some(crate::load::Format::of_linked(path)),
                _ => None,
            };
            let loaded = crate::load::load_hashed(&input, max_size, format).map_err(|e| {
                let error = e.to_string();
                error.lines().next().unwrap_or_default().to_string()
            });
            // Nobody waits any more when the load was stopped.
            if send.send(loaded).is_ok() {
                waker.wake();
            }
        });
        app.update(Event::Note(format!(
            "loading {name}… (Esc or Ctrl-c stops)"
        )));
        // A newer open replaces one still loading.
        self.pending = Some(Pending {
            path,
            anchor,
            at,
            name,
            hint: None,
            result,
            ready: std::cell::OnceCell::new(),
        });
    }

    /// `Ctrl-o` back into the book a link led out of: its reader is kept
    /// in the app, so it shows at once; the book's own reloader watches
    /// it again, and the document left is no longer watched.
    fn open_book(&mut self, app: &mut App, at: crate::settings::state::Anchor) {
        self.pending = None;
        let left_stamp = self.leave(app);
        app.update(Event::ReopenedBook { at, left_stamp });
        self.reloader = None;
        self.input = self.host.input.clone();
    }

    /// The pending load and its result, once it has finished.
    fn take_loaded(&mut self) -> Option<(Pending, Loaded)> {
        if !self.pending.as_ref()?.ready() {
            return None;
        }
        let mut p = self.pending.take()?;
        let loaded = p.ready.take()?;
        Some((p, loaded))
    }

    /// Esc while a document loads: it is dropped, the reader stays.
    fn cancel(&mut self, app: &mut App) -> bool {
        match self.pending.take() {
            Some(p) => {
                app.update(Event::OpenFailed(format!("stopped loading {}", p.name)));
                true
            }
            None => false,
        }
    }

    /// The rest of the document was read: the whole takes the first
    /// part's place, and the state file gives its marks (and the place
    /// it was left, when that was further down).
    fn whole(&mut self, app: &mut App, reading: Reading) {
        let resume = reading.resume.clone();
        let Some(whole) = reading.ready.into_inner() else {
            return;
        };
        let on_screen = app.loading().is_some_and(|l| l.file == app.reader().file);
        // The watcher (of this document, not of one a link led to) starts
        // from the version read: when that could not be read whole, it
        // loads at the next change.
        if on_screen && let Some(reloader) = &self.reloader {
            reloader.shown(whole.as_ref().ok().map(|w| w.2));
        }
        match whole {
            Ok((doc, hash, version)) => {
                // The user's own moves meanwhile win over the place left.
                let untouched = app.resumes_when_read();
                app.update(Event::Loaded(Box::new(doc), version.hash));
                if let (Some(resume), true) = (resume, on_screen) {
                    let said = crate::app::session::restore(
                        app,
                        &self.state,
                        &resume.key,
                        &hash,
                        resume.deferred && untouched,
                    );
                    if let Some(said) = said {
                        app.update(Event::Report(said));
                    }
                }
            }
            Err(error) => {
                app.update(Event::LoadFailed(error));
            }
        }
    }

    /// Puts a loaded document on screen, or keeps the one there and shows
    /// why it did not load; the watcher follows it.
    fn opened(
        &mut self,
        app: &mut App,
        path: std::path::PathBuf,
        anchor: Option<String>,
        at: Option<crate::settings::state::Anchor>,
        loaded: Loaded,
    ) {
        use crate::app::session;
        let input = Input::File(path.clone());
        let file = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        let (doc, source_hash) = match loaded {
            Ok(loaded) => loaded,
            Err(first) => {
                app.update(Event::OpenFailed(first));
                return;
            }
        };
        let left_stamp = self.leave(app);
        let hash = crate::settings::state::content_hash(doc.text());
        let key = session::doc_key(&input, &hash);
        let resume = at
            .and_then(|at| crate::app::spot_of(&doc, &at))
            .map(|spot| (spot.block, spot.offset))
            .or_else(|| session::remembered_spot(&self.state, &key, &hash, &doc));
        app.update(Event::Opened {
            doc: Box::new(doc),
            file,
            source_hash,
            anchor,
            resume,
            left_stamp,
        });
        // Its marks, as it was left in an earlier run (or earlier in this
        // one, when its reader is no longer kept): leaving it again saves
        // them.
        session::restore(app, &self.state, &key, &hash, false);
        self.now_showing(app, path);
    }

    /// Leaving the document on screen for another: remembers where, for
    /// the state file, and says how its file is now (its reader is kept).
    fn leave(&mut self, app: &mut App) -> Option<crate::app::Stamp> {
        use crate::app::session;
        let hash = app.reader().text_hash().to_string();
        let key = match &self.host.book {
            Some(b) if app.reader().book.is_some() => b.key.clone(),
            _ => session::doc_key(&self.input, &hash),
        };
        let record = session::record(app, &key, &hash);
        // One record a document: going back and forth kept them all.
        self.left.retain(|r| r.key != record.key);
        self.left.push(record.clone());
        self.state.put(record);
        app.reader().file.as_deref().and_then(stamp)
    }

    /// The document at `path` is on screen now: the watcher follows it.
    fn now_showing(&mut self, app: &mut App, path: std::path::PathBuf) {
        let (reloader, problem) = Reloader::start(
            &path,
            self.host.max_size,
            Some(crate::load::Format::of_linked(&path)),
            self.host.watch,
            Some(crate::load::Version {
                hash: app.reader().source_hash,
                stamp: None,
            }),
            self.waker.clone(),
        );
        self.reloader = Some(reloader);
        self.input = Input::File(path);
        if let Some(problem) = problem {
            app.update(Event::Note(problem));
        }
    }

    /// `v`: the editor on the document's file (in a book, `file`: the
    /// part on screen), at the line of the words `near` from `line` on
    /// after `seen` others (else `line`), moved `lines_down`, then a reload.
    fn edit(
        &self,
        app: &mut App,
        line: u32,
        near: Option<&str>,
        seen: [u32; 2],
        lines_down: i32,
        file: Option<std::path::PathBuf>,
    ) -> io::Result<bool> {
        if let Some(file) = file {
            let path = std::fs::canonicalize(&file).unwrap_or(file);
            let line = self.line_in(&path, line, near, seen, lines_down);
            let result = crate::sys::terminal::outside(self.mouse, || {
                crate::sys::editor::edit(&path, line, |k| std::env::var_os(k))
            })?;
            if let Err(message) = result {
                app.update(Event::Report(message));
            }
            if let Some(b) = &self.book {
                b.reload();
            }
            return Ok(true);
        }
        // The document on screen: a followed link may have replaced the
        // one the reader started with (a file or standard input).
        let (Input::File(path), Some(reloader)) = (&self.input, &self.reloader) else {
            let what = match self.input {
                Input::Stdin => "a document read from standard input",
                Input::File(_) => "a document read from a pipe",
                Input::Embedded => "the embedded article",
            };
            app.update(Event::Report(format!("{what} cannot be edited")));
            return Ok(false);
        };
        let line = self.line_in(path, line, near, seen, lines_down);
        let result = crate::sys::terminal::outside(self.mouse, || {
            crate::sys::editor::edit(path, line, |k| std::env::var_os(k))
        })?;
        if let Err(message) = result {
            app.update(Event::Report(message));
        }
        reloader.reload();
        Ok(true)
    }
}

impl Performer<'_> {
    /// The line of `path` where the words `near` are, from `line` on
    /// after `seen` others, moved `lines_down` (a code line is found by its
    /// block's first words), never above `line`; else `line`. The file as it is
    /// now (an editor may have changed it since it was loaded: then the
    /// words are searched in the new text).
    fn line_in(
        &self,
        path: &std::path::Path,
        line: u32,
        near: Option<&str>,
        seen: [u32; 2],
        lines_down: i32,
    ) -> u32 {
        use crate::sys::textfile::{Fifo, read_document_file};
        let name = path.display().to_string();
        match near.map(|_| read_document_file(path, &name, self.host.max_size, Fifo::Refuse)) {
            Some(Ok(text)) => {
                crate::load::source_line::place_line(&text.text, line, near, seen, lines_down)
            }
            _ => line,
        }
    }
}

/// What the loop is given next.
enum Next {
    Event(TermEvent),
    Reloaded(Reloaded),
    /// A new version of the book was loaded.
    BookReloaded(crate::shell::book::BookReloaded),
    /// SIGTERM or SIGHUP: end as on a quit, so the state is saved.
    Quit,
    /// A followed document finished loading.
    Opened,
    /// The rest of the document on screen was read ([`Reading`]).
    Whole,
    /// This much of it (percent) is read.
    Progress(u8),
}

/// How long crossterm is given to read what woke the loop. With a zero
/// timeout its terminal source returns only events it has already read,
/// never reading the terminal; what woke the loop is there at once.
const PEEK: Duration = Duration::from_millis(1);

/// Waits for the next event or finished reload. With a waiter, the loop
/// sleeps in poll(2) on the terminal and the waker, and asks crossterm for
/// events only when something is there; without one, in crossterm's own
/// read.
fn next(
    waiter: Option<&Waiter>,
    reloader: Option<&Reloader>,
    book: Option<&crate::shell::book::BookReloader>,
    pending: Option<&Pending>,
    reading: Option<&Reading>,
    held: &mut Option<TermEvent>,
) -> io::Result<Next> {
    if let Some(ev) = held.take() {
        return Ok(Next::Event(ev));
    }
    loop {
        if crate::sys::terminal::quit_signal().is_some() {
            return Ok(Next::Quit);
        }
        if pending.is_some_and(Pending::ready) {
            return Ok(Next::Opened);
        }
        if let Some(news) = reading.and_then(Reading::news) {
            return Ok(news);
        }
        if let Some(result) = reloader.and_then(Reloader::take) {
            return Ok(Next::Reloaded(result));
        }
        if let Some(result) = book.and_then(crate::shell::book::BookReloader::take) {
            return Ok(Next::BookReloaded(result));
        }
        let Some(waiter) = waiter else {
            return event::read().map(Next::Event);
        };
        if event::poll(PEEK)? {
            return event::read().map(Next::Event);
        }
        if waiter.wait()? == Woken::TerminalClosed {
            return event::read().map(Next::Event);
        }
    }
}

/// What the reader ends with: the app, where the document on screen came
/// from (a followed link may have opened another), and where each document
/// left on the way was left, oldest first.
pub type Ended = (App, Input, Vec<crate::settings::state::DocState>);

/// Runs the reader until the user quits.
pub fn run(
    mut app: App,
    mouse: bool,
    prepared: Prepared,
    host: &Host,
    rest: Option<Rest>,
) -> io::Result<Ended> {
    let mut terminal = prepared
        .0
        .join()
        .map_err(|_| io::Error::other("the terminal could not be set up"))??;
    // The modes go out with the first frame. Declared after the guard, the
    // terminal is dropped (its writer flushed) before the guard restores.
    let mut guard = Guard::enter(mouse, terminal.backend_mut())?;
    let mut terminal = terminal;
    let size = terminal.size()?;
    app.update(Event::FirstSize(size.width, size.height));
    let mut resized = None;
    draw(&mut terminal, &app, &mut resized)?;
    guard.watch_signals();
    // Start crossterm's input reader (and its SIGWINCH handler) after the
    // first frame, which it would delay (`examples/first-frame.rs`); a resize
    // that came in between is caught by asking for the size once more.
    event::poll(Duration::ZERO)?;
    let now = terminal.size()?;
    if now != size {
        app.update(Event::Resize(now.width, now.height));
        terminal.autoresize()?;
        draw(&mut terminal, &app, &mut resized)?;
    }
    // Tests can make the reader panic on a key, or ask for more memory
    // than there is (an abort), to check the terminal is restored; nothing
    // sets these variables otherwise.
    #[cfg(feature = "test-support")]
    let test_key = |name| {
        std::env::var(name)
            .ok()
            .and_then(|k: String| k.chars().next())
    };
    #[cfg(feature = "test-support")]
    let (panic_key, alloc_key) = (
        test_key("CAMP_READER_TEST_PANIC_KEY"),
        test_key("CAMP_READER_TEST_ALLOC_KEY"),
    );
    // Every input that means something is drawn: `Terminal::draw` compares
    // with the last frame and writes only changed cells, so nothing has to
    // track what changed. Input already waiting is taken first (a resize
    // storm, a burst of keys), but a frame is drawn at least every
    // FRAME_AT_LEAST.
    let waiter = Waiter::new().ok();
    // SIGTERM and SIGHUP end the loop through the waker, so the state is
    // saved (see `terminal::quit_signal`).
    if let Some(w) = &waiter {
        crate::sys::terminal::wake_on_quit(w.waker());
    }
    let mut performer = Performer {
        host,
        mouse,
        reloader: None,
        book: None,
        input: host.input.clone(),
        state: host.state.clone().unwrap_or_default(),
        waker: waiter.as_ref().map(Waiter::waker).unwrap_or_default(),
        left: Vec::new(),
        pending: None,
    };
    // A pipe or FIFO (`camp-reader <(cmd)`) is read once: reading it again
    // would find it drained (or wait for a writer), so it is never watched.
    // Not looked at here: the first frame is up, and the file may have
    // been replaced since it was read (a FIFO put in its place must be
    // refused by a reload, not stop the watching).
    // Tests widen the window between the first frame and the watch
    // (where a file replaced was once taken for a pipe).
    #[cfg(feature = "test-support")]
    if let Some(ms) = std::env::var("CAMP_READER_TEST_WATCH_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
    if let Some(b) = &host.book {
        // A book is watched (and `v` reloads it) as a whole.
        let (reloader, problem) = crate::shell::book::BookReloader::start(
            b.source.clone(),
            &b.index.parts,
            host.max_size,
            host.watch,
            performer.waker.clone(),
        );
        // A large book's first documents are on screen: the whole now.
        if b.index.unread > 0 {
            reloader.fill();
        }
        performer.book = Some(reloader);
        if let Some(problem) = problem {
            app.update(Event::Note(problem));
            draw(&mut terminal, &app, &mut resized)?;
        }
    } else if let Input::File(path) = &host.input
        && !host.piped
    {
        let waker = performer.waker.clone();
        let (reloader, problem) = Reloader::start(
            path,
            host.max_size,
            host.format,
            host.watch,
            host.version,
            waker,
        );
        performer.reloader = Some(reloader);
        if let Some(problem) = problem {
            app.update(Event::Note(problem));
            draw(&mut terminal, &app, &mut resized)?;
        }
    }
    // The rest of the document, read now that the first screen is up.
    let mut reading = rest.map(|rest| Reading::start(rest, performer.waker.clone()));
    let mut owed = false;
    let mut drawn_at = Instant::now();
    // An event read while gathering typed keys that did not join them.
    let mut held: Option<TermEvent> = None;
    loop {
        if owed && app.wrap_pending() {
            let start = Instant::now();
            while app.wrap_pending()
                && start.elapsed() < KEY_WRAP_BUDGET
                && crate::sys::terminal::quit_signal().is_none()
                && held.is_none()
                && !input_waiting()?
            {
                app.update(Event::WrapStep);
            }
        }
        if owed && (drawn_at.elapsed() >= FRAME_AT_LEAST || (held.is_none() && !input_waiting()?)) {
            draw(&mut terminal, &app, &mut resized)?;
            owed = false;
            drawn_at = Instant::now();
        }
        // A search of a large document goes on in steps while no key waits.
        while app.search_in_progress()
            && crate::sys::terminal::quit_signal().is_none()
            && held.is_none()
            && !input_waiting()?
        {
            if app.update(Event::SearchStep) {
                draw(&mut terminal, &app, &mut resized)?;
                drawn_at = Instant::now();
            }
        }
        // So do the rest of the first layout (a small document's exact
        // line count), `G`'s wrapping of a long block toward the end, then
        // highlighting the code on screen: drawn when done, or a frame's
        // time after the last drawing, never holding a key.
        let steps = [
            (App::layout_pending as fn(&App) -> bool, Event::LayoutStep),
            (App::wrap_pending, Event::WrapStep),
            (App::highlight_pending, Event::HighlightStep),
        ];
        for (pending, step) in steps {
            while pending(&app)
                && crate::sys::terminal::quit_signal().is_none()
                && held.is_none()
                && !input_waiting()?
            {
                app.update(step.clone());
                if !pending(&app) || drawn_at.elapsed() >= Duration::from_millis(16) {
                    draw(&mut terminal, &app, &mut resized)?;
                    drawn_at = Instant::now();
                }
            }
        }
        let ev = match next(
            waiter.as_ref(),
            performer.reloader.as_ref(),
            performer.book.as_ref(),
            performer.pending.as_ref(),
            reading.as_ref(),
            &mut held,
        )? {
            Next::Progress(p) => {
                app.update(Event::LoadProgress(p));
                owed = true;
                continue;
            }
            Next::Whole => {
                if let Some(r) = reading.take() {
                    performer.whole(&mut app, r);
                }
                owed = true;
                continue;
            }
            Next::Event(ev) => ev,
            Next::Opened => {
                if let Some((p, loaded)) = performer.take_loaded() {
                    let loaded = match (loaded, p.hint) {
                        (Err(e), Some(hint)) => Err(format!("{e} {hint}")),
                        (loaded, _) => loaded,
                    };
                    performer.opened(&mut app, p.path, p.anchor, p.at, loaded);
                }
                owed = true;
                continue;
            }
            Next::Quit => return Ok((app, performer.input, performer.left)),
            Next::BookReloaded(result) => {
                let filling = app.reader().book.as_ref().is_some_and(|b| b.unread > 0);
                let untouched = app.position().0 == 0;
                app.update(match result {
                    Ok(book) => {
                        let (doc, index) = *book;
                        Event::BookReloaded(Box::new(doc), std::sync::Arc::new(index))
                    }
                    Err(error) => Event::ReloadFailed(error),
                });
                // The whole book: where it was left, as for a document
                // read in two parts.
                if filling
                    && app.reader().book.as_ref().is_some_and(|b| b.unread == 0)
                    && let Some(resume) = host.book.as_ref().and_then(|b| b.resume.as_ref())
                {
                    let hash = app.reader().text_hash().to_string();
                    let said = crate::app::session::restore(
                        &mut app,
                        &performer.state,
                        &resume.key,
                        &hash,
                        resume.deferred && untouched,
                    );
                    if let Some(said) = said {
                        app.update(Event::Report(said));
                    }
                }
                owed = true;
                continue;
            }
            Next::Reloaded(result) => {
                app.update(match result {
                    Ok(doc) => Event::Reloaded(doc),
                    Err(error) => Event::ReloadFailed(error),
                });
                owed = true;
                continue;
            }
        };
        // Esc and a key read together: Esc now, the key next.
        let ev = match split_escape(&app, &ev) {
            Some((esc, key)) => {
                held = Some(key);
                esc
            }
            None => ev,
        };
        if let TermEvent::Resize(w, h) = ev {
            // Applied to the screen buffers at the next frame.
            resized = Some((w, h));
            owed = true;
        } else {
            // crossterm reports a key before a resize that came first when
            // both wait: the key must apply at the new size.
            let size = terminal.size()?;
            if (size.width, size.height) != (app.size().width, app.size().height) {
                resized = Some((size.width, size.height));
                app.update(Event::Resize(size.width, size.height));
                owed = true;
            }
        }
        #[cfg(feature = "test-support")]
        if let TermEvent::Key(key) = &ev {
            use ratatui::crossterm::event::KeyCode;
            if panic_key.is_some_and(|k| key.code == KeyCode::Char(k)) {
                panic!("test panic on key {:?}", key.code);
            }
            if alloc_key.is_some_and(|k| key.code == KeyCode::Char(k)) {
                std::hint::black_box(vec![1u8; 1 << 36]);
            }
        }
        // Esc or Ctrl-c while a followed document loads stops the load.
        if let TermEvent::Key(k) = &ev
            && k.kind == KeyEventKind::Press
            && (k.code == ratatui::crossterm::event::KeyCode::Esc
                || (k.code == ratatui::crossterm::event::KeyCode::Char('c')
                    && k.modifiers
                        .contains(ratatui::crossterm::event::KeyModifiers::CONTROL)))
            && performer.cancel(&mut app)
        {
            owed = true;
            continue;
        }
        if let Some(msg) = message_for(&app, &ev) {
            let (msg, rest) = coalesce(&app, msg, waiting_event)?;
            // (Only an Insert reads on, and then nothing was held.)
            if rest.is_some() {
                held = rest;
            }
            app.update(msg);
            let repaint = performer.perform(&mut app)?;
            if repaint.all {
                // Clear the screen and forget the last frame, so every
                // cell is written again: a resize to the same size at the
                // next frame does both.
                let size = terminal.size()?;
                resized = Some((size.width, size.height));
                if repaint.resize {
                    app.update(Event::Resize(size.width, size.height));
                }
            }
            if app.quit() {
                return Ok((app, performer.input, performer.left));
            }
            owed = true;
        }
    }
}
