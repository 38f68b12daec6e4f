//! Effects: the I/O an [`App::update`](super::App::update) asks for but may
//! not do itself (it is a pure state change). `update` leaves them on the
//! app; the event loop takes them after each update and performs them
//! (editing, reloading, opening, copying, suspending, redrawing), then
//! reports back with [`Event`](super::Event)s.

/// One piece of work for the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the reader, open the document in the user's editor, and
    /// reload it when the editor exits: at the first source line from
    /// `line` (1-based, where the section starts) on where the words
    /// `near` follow one another, after `seen[0]` times they do (the times
    /// the section shows them before the place; `seen[1]`: its first
    /// [`FEWEST_WORDS`](crate::load::source_line::FEWEST_WORDS) words, looked
    /// for when all are not found), else at `line`.
    ///
    /// In a book, `file` is the file of the document on screen (its
    /// part's, as found), and `line` a line of that file; `None`: the
    /// document's own file.
    ///
    /// `lines_down`: the place is that many source lines below the line
    /// of `near` (negative: above): in code, `near` is the block's first
    /// words and the place is found by its line's index in the block.
    EditDocument {
        line: u32,
        near: Option<String>,
        seen: [u32; 2],
        lines_down: i32,
        file: Option<std::path::PathBuf>,
    },
    /// Load the document again from its file.
    Reload,
    /// Open a web or mail address with the opener (`$BROWSER`, …).
    OpenUrl(crate::text::hyperlink::SafeUrl),
    /// Put text on the terminal's clipboard (OSC 52).
    Copy(String),
    /// Copy a code block's text (`Y`): to the terminal's clipboard (OSC
    /// 52) when `osc52`, else (or when too long for it) to a new file
    /// named `*.extension`, whose path is reported. `what` says what was
    /// copied: "12 lines of rust".
    CopyCode {
        text: String,
        what: String,
        extension: String,
        osc52: bool,
    },
    /// Load another document (a followed link, or `Ctrl-o` back to one)
    /// and show it in place of this one: at section `anchor` when given,
    /// else at `at`, else where the reader left it.
    OpenDocument {
        path: std::path::PathBuf,
        anchor: Option<String>,
        at: Option<crate::settings::state::Anchor>,
    },
    /// A search found nothing in the part of a large book read so far:
    /// search the files left to read as they are on disk, and hand over
    /// the book with the first one holding a match read
    /// ([`crate::load::book::read_ahead`]).
    SearchAhead { query: String, regex: bool },
    /// Show again the book the reader opened with, left by a link out of
    /// it (`Ctrl-o` back into it): its reader is kept, so nothing is read;
    /// at `at`, a place of the jump list.
    OpenBook { at: crate::settings::state::Anchor },
    /// [`Effect::OpenDocument`] for a link that starts with `/` (`path`,
    /// relative), in a document read from folder `dir`: from the top of
    /// the repository holding `dir`, the nearest folder above it with
    /// `.git`, else from `dir` (and a failure then says so).
    OpenFromRoot {
        dir: std::path::PathBuf,
        path: std::path::PathBuf,
        anchor: Option<String>,
    },
    /// Suspend the reader to the shell (Ctrl-z).
    Suspend,
    /// Clear the terminal and draw every cell again (Ctrl-l).
    Redraw,
}

/// Effects left by `update`, in the order asked for.
#[derive(Debug, Clone, Default)]
pub struct Effects(Vec<Effect>);

impl Effects {
    /// Asks the event loop for `effect`.
    pub fn push(&mut self, effect: Effect) {
        self.0.push(effect);
    }

    /// Everything asked for since the last call, oldest first.
    pub fn take(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.0)
    }

    /// How many are waiting.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
