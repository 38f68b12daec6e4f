//! What [`App::update`](super::App::update) is given: a [`Command`] (what
//! the user's key, mouse or paste means) or an [`Event`] (what the event
//! loop learned on its own). The two are different types, so `update`
//! tells them apart by matching, not by a hand-kept list.

use super::reader::Stamp;
use crate::model::document::Document;
use crate::settings::keymap::{Command, Key};
use crate::settings::state::Anchor;

/// What the event loop (or start-up) tells the reader; never a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// Start-up: the terminal's size before the first frame. As `Resize`,
    /// but a small document is wrapped only as far as the first screen
    /// needs (its line count an estimate, `~`); the rest is wrapped by
    /// [`Event::LayoutStep`] once the frame is drawn.
    FirstSize(u16, u16),
    /// Wrap what [`Event::FirstSize`] left, making the line count exact
    /// (sent while no key is waiting).
    LayoutStep,
    /// Search the next slice of a large document (sent while no key is
    /// waiting).
    SearchStep,
    /// Highlight the next slice of the code on screen (sent while no key
    /// is waiting).
    HighlightStep,
    /// Wrap the next piece of the long block `G` is going to the end of
    /// (sent while no key is waiting).
    WrapStep,
    /// Start-up: open at a section (`--section`, or a changed document's
    /// remembered section).
    JumpToSection(usize),
    /// Start-up: open at a block and the offset in the document text
    /// where the top line starts (where the reader left off, or the
    /// anchor `--section` names).
    Resume { block: usize, offset: usize },
    /// Start-up: search for `query` (`--search`), the view at the first match.
    StartSearch { query: String, regex: bool },
    /// Start-up: only the first part of the document is read; the rest
    /// follows ([`Event::Loaded`]). `section` is a `--section` not found
    /// in the first part, to open at once it is read.
    Loading { section: Option<String> },
    /// Start-up, while the rest is read: the document was left further
    /// down than the first part, in the section with this id; it opens
    /// there once read (see [`App::resumes_when_read`]).
    ///
    /// [`App::resumes_when_read`]: super::App::resumes_when_read
    ResumesWhenRead(String),
    /// This much of the document (percent) has been read.
    LoadProgress(u8),
    /// The whole document, of which the first part is on screen, and the
    /// hash of the text it was read from ([`crate::load::source_hash`]).
    Loaded(Box<Document>, u64),
    /// Reading the rest of the document failed (the error's first line).
    LoadFailed(String),
    /// A new version of the document was loaded.
    Reloaded(Box<Document>),
    /// A new version of the book on screen was loaded: its document and
    /// where each part is (a file added or removed changes the outline).
    /// When the book is not on screen (a link led out of it), the newest
    /// such version is kept and put in place when it is shown again.
    BookReloaded(Box<Document>, std::sync::Arc<crate::load::book::BookIndex>),
    /// Another document was loaded from `file` (its canonical path; a
    /// followed link, `Ctrl-o` back to one), whose bytes hashed to
    /// `source_hash`, to show at section `anchor`, else at `resume`
    /// (block, offset), else at the top. `left_stamp` is the file of the
    /// reader left, as it is now: that reader is kept, and shown again
    /// while its file is unchanged.
    Opened {
        doc: Box<Document>,
        file: std::path::PathBuf,
        source_hash: u64,
        anchor: Option<String>,
        resume: Option<(usize, usize)>,
        left_stamp: Option<Stamp>,
    },
    /// The same for a document whose reader is kept ([`App::kept`]) and
    /// whose file has not changed: shown again as it was left, or at `at`
    /// (a place of the jump list).
    ///
    /// [`App::kept`]: super::App::kept
    Reopened {
        file: std::sync::Arc<std::path::Path>,
        anchor: Option<String>,
        at: Option<Anchor>,
        left_stamp: Option<Stamp>,
    },
    /// The book the reader opened with is on screen again, at `at` (a
    /// place of the jump list), its reader as it was left; `left_stamp`
    /// as for [`Event::Reopened`]. Nothing happens when no book was left.
    ReopenedBook {
        at: Anchor,
        left_stamp: Option<Stamp>,
    },
    /// Another document did not load, or its load was stopped (why, in
    /// one line): the one on screen stays, and a jump to it is undone in
    /// the jump list, so it can be made again.
    OpenFailed(String),
    /// Loading the document again failed (the error's first line: path,
    /// line, column, what is wrong).
    ReloadFailed(String),
    /// What performing an effect gave (`cannot run the editor …`), shown
    /// over any message.
    Report(String),
    /// A note for the status line (a warning, where the reader resumed),
    /// shown unless a message of the user's own action is there.
    Note(String),
}

/// One input to `update`: either kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Command(Command),
    Event(Event),
    /// A key not yet read as a command: sent while keys wait for the rest
    /// of the document, whose replay may open a prompt the key is typed
    /// into. It is read as a command in the context it is carried out in.
    Key(Key),
}

impl From<Command> for Msg {
    fn from(command: Command) -> Self {
        Msg::Command(command)
    }
}

impl From<Event> for Msg {
    fn from(event: Event) -> Self {
        Msg::Event(event)
    }
}
