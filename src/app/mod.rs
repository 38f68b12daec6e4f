//! The reader's state and `update`: every change happens here, as a pure
//! function of the current state and one [`Command`] or [`Event`]. No I/O,
//! no drawing.

mod backlinks;
mod book;
mod chop;
mod effect;
mod event;
mod find;
mod frame;
mod help;
mod jumps;
mod links;
mod loading;
mod marks;
mod pointer;
mod reader;
mod reload;
pub mod session;

pub use book::{Group, ResultRow};
pub use effect::{Effect, Effects};
pub use event::{Event, Msg};
pub use find::{LINK_FILTER_STEP, Prompt, PromptKind, Results, SEARCH_STEP_BYTES, Search};
pub use frame::{Composed, LinkPiece};
pub use help::{HelpLine, HelpPage};
pub use jumps::{JUMPS_KEPT, JumpList};
pub use links::{Labels, LabelsFor, labels};
pub use loading::{Loading, extends};
pub use marks::{Pending, Spot};
pub use reader::{AwayMark, Marks, Reader, Restored, ScrollSpy, Stamp, Toc};
pub use reload::{anchor_of, spot_of};

use reader::{ResizeAnchor, WrapGoal};

use ratatui::layout::{Margin, Rect, Size};

use crate::load::rich::IMAGE_MARKER;
use crate::load::source_line::NEAR_WORDS;
use crate::model::document::{Document, FrameKind, Numbers};
use crate::render::layout::Pos;
use crate::settings::config::{DEFAULT_MEASURE, DEFAULT_SIDEBAR_WIDTH};
use crate::settings::keymap::{Command, Context, Keymap};
use crate::settings::theme::Theme;

/// Columns the text keeps beside a sidebar shown by default (or the
/// measure, when narrower): the sidebar narrows, then hides, first.
pub const TEXT_MIN_WIDTH: u16 = 60;
/// The narrowest a sidebar shown by default gets before it hides.
pub const SIDEBAR_MIN_WIDTH: u16 = 14;
/// The most a sidebar grows on a wide window (see `sidebar_width_if`).
pub const SIDEBAR_GROWN_MAX: u16 = 48;
/// Lines kept from the previous page on a page move.
const PAGE_OVERLAP: usize = 2;
/// The most columns `=` gives the file's path, the title and the section.
const INFO_PART_MAX: usize = 80;
/// Columns of blank space left of the text.
pub const TEXT_MARGIN: u16 = 2;
/// Entries kept between the sidebar's current entry and its top or bottom
/// edge when the list is longer than the sidebar (vim's `scrolloff`).
pub const SIDEBAR_SCROLLOFF: usize = 3;
/// Moves longer than this many screens go by line number, in O(log n),
/// instead of wrapping every block they pass.
const FAR_SCREENS: i64 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Text,
    Sidebar,
}

/// Settings that come from the command line or the config file, all known
/// before the reader starts.
#[derive(Debug, Clone)]
pub struct Options {
    pub measure: usize,
    pub sidebar_width: u16,
    /// The sidebar at start: `None` shown when the window is wide enough.
    pub sidebar: Option<bool>,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Web and mail links as terminal hyperlinks (OSC 8).
    pub hyperlinks: bool,
    /// Copy addresses to the clipboard with OSC 52 (else show them).
    pub clipboard_osc52: bool,
    /// When headings show section numbers (applied to every document
    /// opened).
    pub numbers: Numbers,
    /// Chop mode at start (`--chop`, `chop = true`; `S` toggles it).
    pub chop: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            measure: DEFAULT_MEASURE,
            sidebar_width: DEFAULT_SIDEBAR_WIDTH,
            sidebar: None,
            keymap: Keymap::default(),
            theme: Theme::default(),
            hyperlinks: false,
            clipboard_osc52: false,
            numbers: Numbers::Auto,
            chop: false,
        }
    }
}

/// Screen regions, a pure function of the terminal size and the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Regions {
    pub title: Rect,
    pub sidebar: Option<Rect>,
    /// The text pane including its scrollbar column.
    pub pane: Rect,
    /// Where text lines are drawn.
    pub text: Rect,
    pub scrollbar: Rect,
    pub status: Rect,
}

/// What sits over the reading view and takes the keys. One at a time: each
/// is opened from the reading view and closes back to it (none opens
/// another), so a stack would only add states nothing can reach.
#[derive(Debug, Clone, Default)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per app: boxing the prompt would save nothing"
)]
pub enum Overlay {
    #[default]
    None,
    Help {
        scroll: usize,
    },
    /// The search (`/`) or go-to (`:`) prompt in the status line.
    Prompt(Prompt),
    /// The list of every match (`&`).
    Results(Results),
    /// A key waiting for the next (`m`, `'`).
    Pending(Pending),
    /// Labels over the links on screen (`o`, `C`).
    Labels(Labels),
}

/// The table of contents on the left, as the shell shows it (where its
/// cursor stands in a document is the [`Reader`]'s [`Toc`]).
#[derive(Debug, Clone, Default)]
pub struct Sidebar {
    /// `None`: shown when the terminal is wide enough; `Some` once toggled.
    pub shown: Option<bool>,
    pub focus: Focus,
}

/// The queries typed this run (the search in force is the [`Reader`]'s).
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// Earlier queries (and whether each was a regex), oldest first.
    pub history: Vec<(String, bool)>,
    /// Whether a new search starts as a regular expression: as the
    /// prompt's toggle was last left, for the rest of the session.
    pub regex: bool,
    /// Searches begun (a query typed or pasted, run again, recalled): a
    /// pasted query must begin one, not one per character.
    pub searches_begun: u64,
    /// Whether the last search was backward (`?`): `n` after `Esc`
    /// cleared it goes on that way, as in vim.
    pub backward: bool,
}

/// Readers kept besides the one on screen: a link or `Ctrl-o` back to one
/// shows it as it was left, without reading its file again while the file
/// is unchanged.
pub const READERS_KEPT: usize = 3;

/// The shell: the reader on screen and the few recently left, and what is
/// the same whatever the document (settings, the terminal's size, the
/// overlay, the status line, the jump list, the search history, the
/// effects asked of the event loop). Its fields are private: `update`
/// changes them, the accessors read them.
pub struct App {
    /// The document on screen, and all about reading it.
    reader: Reader,
    /// Readers left for another, newest first (only those of a file).
    recent: Vec<Reader>,
    /// The book the reader opened with, while a link out of it shows
    /// another document: kept whatever else is visited (it is the only
    /// way back into the book), and shown again by `Ctrl-o`.
    left_book: Option<Box<Reader>>,
    /// A new version of that book, loaded while it was not on screen:
    /// put in place when it is shown again.
    left_book_update: Option<(Document, std::sync::Arc<crate::load::book::BookIndex>)>,
    options: Options,
    /// The terminal's size, in cells.
    size: Size,
    sidebar: Sidebar,
    overlay: Overlay,
    find: Find,
    /// Where `Ctrl-o` and the forward key go.
    jumps: JumpList,
    /// The jump list as it was before a jump to another document that
    /// has not loaded yet: a load that fails (or is stopped) puts it back,
    /// so the jump can be made again once the file is there.
    jumps_before_open: Option<JumpList>,
    status: Status,
    quit: bool,
    /// I/O asked for by the last updates, for the event loop to perform.
    effects: Effects,
    /// Documents shown in this run, the first included: the status line
    /// names the file once there is more than one.
    docs_visited: usize,
    /// The left button went down on the scrollbar: dragging moves the view.
    scrollbar_held: bool,
    /// The text pane's rows as composed for the frame on screen.
    composed: Composed,
    /// Chop mode (less's `-S`): code, HTML and table lines are cut at the
    /// pane's edge and scroll sideways ([`Reader::xoff`]).
    chop: bool,
    /// Columns a sideways step moves once a count was typed before one
    /// (`4→`), as less keeps it for later steps; else half the pane.
    sideways: Option<usize>,
    /// The document is still being read (progressive open).
    loading: Option<Loading>,
    /// Keys pressed while a re-wrap (a resize far into a long block) is
    /// still on its way to the place it keeps, oldest first: carried out
    /// there, in order, so a key moves from the place read before the
    /// resize, not from the part wrapped so far.
    rewrap_waiting: Vec<loading::Waiting>,
}

/// What the status line says besides the position.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// A message. It stays until a key changes the view (or says
    /// something new), so a long one can be read.
    pub message: Option<String>,
    /// A count being typed before a command (`5j`).
    pub count: Option<u32>,
}

impl App {
    /// The reader on `doc`, read from no file (tests, the embedded
    /// article, standard input).
    pub fn new(doc: Document, options: Options) -> Self {
        App::with_reader(Reader::new(doc), options)
    }

    /// The shell around `reader`.
    pub fn with_reader(mut reader: Reader, options: Options) -> Self {
        reader.doc.set_numbers(options.numbers);
        let sidebar = options.sidebar;
        let chop = options.chop;
        App {
            reader,
            recent: Vec::new(),
            left_book: None,
            left_book_update: None,
            options,
            size: Size::default(),
            sidebar: Sidebar {
                shown: sidebar,
                ..Sidebar::default()
            },
            overlay: Overlay::None,
            find: Find::default(),
            jumps: JumpList::default(),
            jumps_before_open: None,
            status: Status::default(),
            quit: false,
            effects: Effects::default(),
            docs_visited: 1,
            scrollbar_held: false,
            composed: Composed::default(),
            chop,
            sideways: None,
            loading: None,
            rewrap_waiting: Vec::new(),
        }
    }

    /// Whether chop mode is on.
    pub fn chop(&self) -> bool {
        self.chop
    }

    /// The document on screen, and all about reading it.
    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// The readers left for another, newest first.
    pub fn recent(&self) -> &[Reader] {
        &self.recent
    }

    /// The reader kept for `file` (canonical), if it was shown earlier in
    /// this run and is among the few kept.
    pub fn kept(&self, file: &std::path::Path) -> Option<&Reader> {
        self.recent.iter().find(|r| r.file.as_deref() == Some(file))
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The settings, for a test to change between updates (a remapped
    /// key, another theme).
    #[cfg(feature = "test-support")]
    pub fn options_mut(&mut self) -> &mut Options {
        &mut self.options
    }

    /// Starts counting the blocks wrapped afresh (tests of the work a key
    /// costs).
    #[cfg(feature = "test-support")]
    pub fn reset_wrap_counter(&mut self) {
        self.reader.layout.reset_wrap_counter();
    }

    /// The terminal's size, in cells.
    pub fn size(&self) -> Size {
        self.size
    }

    pub fn sidebar(&self) -> &Sidebar {
        &self.sidebar
    }

    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// The queries typed this run and earlier.
    pub fn find(&self) -> &Find {
        &self.find
    }

    /// Where `Ctrl-o` and the forward key go.
    pub fn jumps(&self) -> &JumpList {
        &self.jumps
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Whether the user asked to quit.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Documents shown in this run, the first included.
    pub fn docs_visited(&self) -> usize {
        self.docs_visited
    }

    /// The I/O asked for and not yet taken.
    pub fn effects(&self) -> &Effects {
        &self.effects
    }

    /// The I/O asked for since the last call, oldest first, for the event
    /// loop to perform.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        self.effects.take()
    }

    /// The prompt, when one is open.
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.overlay {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        }
    }

    /// The match list, when it is open.
    pub fn results(&self) -> Option<&Results> {
        match &self.overlay {
            Overlay::Results(r) => Some(r),
            _ => None,
        }
    }

    /// Which part of the keymap applies now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help { .. } => Context::Help,
            Overlay::Results(_) => Context::Results,
            Overlay::Prompt(p) => match p.kind {
                PromptKind::Search => Context::Search,
                PromptKind::GoTo => Context::GoTo,
                PromptKind::Links | PromptKind::Backlinks => Context::Links,
            },
            Overlay::Pending(Pending::SetMark) => Context::MarkSet,
            Overlay::Pending(Pending::JumpMark) => Context::MarkJump,
            Overlay::Pending(Pending::Quit) => Context::AfterZ,
            Overlay::Labels(_) => Context::LinkLabels,
            Overlay::None if self.sidebar.focus == Focus::Sidebar && self.sidebar_visible() => {
                Context::Sidebar
            }
            Overlay::None => Context::Text,
        }
    }

    pub fn sidebar_visible(&self) -> bool {
        self.sidebar_width() > 0
    }

    /// The sidebar's columns (0: hidden). Asked for (`t`, `sidebar =
    /// "shown"`), it gets its width, at most 3/8 of the screen; by default
    /// it leaves the text [`TEXT_MIN_WIDTH`] columns (besides the
    /// scrollbar and margins), narrowing down to [`SIDEBAR_MIN_WIDTH`],
    /// and hides below that.
    pub fn sidebar_width(&self) -> u16 {
        self.sidebar_width_if(self.sidebar.shown)
    }

    /// The sidebar's columns at this size were it `shown` (`None`: auto).
    fn sidebar_width_if(&self, shown: Option<bool>) -> u16 {
        let w = self.size.width;
        if w <= 1 {
            return 0;
        }
        let asked = self
            .options
            .sidebar_width
            .min((u32::from(w) * 3 / 8) as u16)
            .max(1);
        let width = match shown {
            Some(true) => asked,
            Some(false) => 0,
            None => {
                let text =
                    TEXT_MIN_WIDTH.min(self.options.measure.min(usize::from(u16::MAX)) as u16);
                let room = w.saturating_sub(text + 1 + 2 * TEXT_MARGIN);
                let width = self.options.sidebar_width.min(room);
                if width >= SIDEBAR_MIN_WIDTH { width } else { 0 }
            }
        };
        if width == 0 {
            return 0;
        }
        // A wide window leaves columns the text, at its measure, never
        // uses: the sidebar takes them for titles it would cut (a
        // changelog's `Version 5.0.0 (2022-…)`), up to SIDEBAR_GROWN_MAX.
        let measure = self.options.measure.min(usize::from(u16::MAX)) as u16;
        let spare = w.saturating_sub(measure.saturating_add(1 + 2 * TEXT_MARGIN));
        let wanted = self.reader.widest_entry().min(SIDEBAR_GROWN_MAX);
        width.max(wanted.min(spare))
    }

    pub fn regions(&self) -> Regions {
        let (w, h) = (self.size.width, self.size.height);
        let title = Rect::new(0, 0, w, h.min(1));
        let status = if h >= 2 {
            Rect::new(0, h - 1, w, 1)
        } else {
            Rect::new(0, 0, 0, 0)
        };
        let body_h = h.saturating_sub(2);
        let body_y = h.min(1);
        let sidebar_w = self.sidebar_width();
        let sidebar = (sidebar_w > 0).then(|| Rect::new(0, body_y, sidebar_w, body_h));
        let pane = Rect::new(sidebar_w, body_y, w - sidebar_w, body_h);
        let scroll_w = u16::from(pane.width >= 2);
        let scrollbar = Rect::new(pane.right() - scroll_w, body_y, scroll_w, body_h);
        let margin = if pane.width > TEXT_MARGIN * 2 + 10 {
            TEXT_MARGIN
        } else {
            0
        };
        // On a wide pane the measure-wide column is centred, like glow.
        let column =
            Rect::new(pane.x, body_y, pane.width - scroll_w, body_h).inner(Margin::new(margin, 0));
        let measure = self.options.measure.min(u16::MAX as usize) as u16;
        let text = crate::render::centred(column, measure);
        Regions {
            title,
            sidebar,
            pane,
            text,
            scrollbar,
            status,
        }
    }

    pub fn text_rows(&self) -> usize {
        self.regions().text.height as usize
    }

    /// The section being read (scroll-spy).
    pub fn current_section(&self) -> usize {
        if let Some(s) = self.reader.spy.jump_target.or(self.reader.spy.end_section) {
            return s;
        }
        self.reader
            .doc
            .blocks
            .get(self.reader.top.block)
            .map_or(0, |b| b.section as usize)
    }

    /// The section of the top line (the one being read, unless a jump's
    /// target or the end of the document says otherwise).
    fn top_section(&self) -> usize {
        self.reader
            .doc
            .blocks
            .get(self.reader.top.block)
            .map_or(0, |b| b.section as usize)
    }

    /// Absolute line of the top of the pane and the total (0-based top).
    pub fn position(&self) -> (u64, u64) {
        (
            self.reader.layout.line_of(self.reader.top),
            self.reader.layout.total_lines(),
        )
    }

    /// Percentage read, counted at the bottom of the pane like less.
    pub fn percent(&self) -> u64 {
        let (top, total) = self.position();
        if total == 0 {
            return 100;
        }
        ((top + self.text_rows() as u64).min(total) * 100 / total).min(100)
    }

    /// Applies one command or event and settles the state for drawing:
    /// this is the only way the state changes. Returns whether to draw:
    /// always, except after a background search step that found nothing
    /// new.
    pub fn update(&mut self, msg: impl Into<Msg>) -> bool {
        let msg = match msg.into() {
            Msg::Key(key) => match self.command_for_key(key) {
                Some(command) => Msg::Command(command),
                // It waits for the rest of the document (or means nothing).
                None => {
                    // (The status line says how many wait.)
                    if self.keys_wait() {
                        self.status.message = None;
                    }
                    return true;
                }
            },
            msg => msg,
        };
        // Work for the event loop alone: the state does not change (a count
        // being typed stays, so does the message).
        match msg {
            Msg::Command(Command::Suspend) => {
                self.effects.push(Effect::Suspend);
                return true;
            }
            Msg::Command(Command::Redraw) => {
                self.effects.push(Effect::Redraw);
                return true;
            }
            _ => {}
        }
        // Messages last until a key, not an event of the loop or a start-up
        // command, and only a key that changes the view.
        let is_key = matches!(msg, Msg::Command(_));
        let earlier_message = if is_key {
            self.status.message.take()
        } else {
            None
        };
        // The digits of a count show as the message until the count is used.
        let counting = self.status.count.is_some();
        let view_before = self.view_key();
        // Only a re-wrap moves the top without leaving the anchor.
        let rewrap = matches!(
            msg,
            Msg::Event(Event::Resize(..) | Event::FirstSize(..))
                | Msg::Command(Command::ToggleSidebar | Command::ToggleChop)
        );
        let anchor_held = rewrap
            && self
                .reader
                .resize_anchor
                .is_some_and(|a| a.top == self.reader.top);
        if let Msg::Command(Command::Count(d)) = msg {
            let n = self
                .status
                .count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(u32::from(d));
            self.status.count = Some(n.min(999_999_999));
            self.status.message = self.status.count.map(|n| n.to_string());
            return true;
        }
        // A count applies to the next key only.
        let count = if is_key {
            self.status.count.take()
        } else {
            None
        };
        if let Msg::Command(command) = &msg
            && self.held_for_load(command, count)
        {
            // The status line says how many keys wait.
            self.status.message = None;
            return true;
        }
        if let Msg::Command(command) = &msg
            && self.held_for_rewrap(command, count)
        {
            self.status.message = None;
            return true;
        }
        let top_before = self.reader.top;
        let effects_before = self.effects.len();
        let jump = matches!(self.context(), Context::Text | Context::Sidebar)
            && matches!(
                msg,
                Msg::Command(
                    Command::Top
                        | Command::Bottom
                        | Command::NextSection
                        | Command::PrevSection
                        | Command::NextParagraph
                        | Command::PrevParagraph
                        | Command::Activate
                        | Command::Click { .. }
                        | Command::SearchNext
                        | Command::SearchPrev
                        | Command::Percent
                )
            );
        match msg {
            Msg::Event(event) => {
                if let Some(redraw) = self.event(event) {
                    return redraw;
                }
            }
            Msg::Command(command) => self.command(command, count),
            // Read as a command above.
            Msg::Key(_) => {}
        }
        // A jump still wrapping toward its place (`G` into a long block)
        // has not moved the view yet: it is a jump all the same.
        let going = matches!(
            self.reader.wrap_goal,
            Some(WrapGoal::End | WrapGoal::Line(_))
        );
        if jump && (self.reader.top != top_before || going) {
            let from = self.reader.spot_of(top_before);
            self.record_jump(from);
        }
        self.settle();
        if rewrap {
            // A wider pane may show what was scrolled to: no more sideways
            // than that needs.
            self.fit_sideways();
        }
        // A key that asked the loop for something (open, copy, edit) gets
        // its answer ("opened …", "copied …") in the line, not the old
        // message: Tab's "text → address" would otherwise hide it.
        if self.status.message.is_none()
            && !counting
            && self.view_key() == view_before
            && self.effects.len() == effects_before
        {
            self.status.message = earlier_message;
        }
        // A failed reload is said until the document loads again.
        if self.status.message.is_none() {
            self.status.message.clone_from(&self.reader.reload_error);
        }
        if let Some(a) = self.reader.resize_anchor.as_mut().filter(|_| rewrap) {
            if anchor_held || a.fresh {
                a.top = self.reader.top;
            }
            a.fresh = false;
        }
        // The re-wrap reached its place (or something else ended it: a
        // reload, another document): the keys that waited for it now.
        if !self.rewrap_waiting.is_empty() && !self.rewrap_pending() {
            let waiting = std::mem::take(&mut self.rewrap_waiting);
            self.replay(waiting);
        }
        true
    }

    /// Whether a re-wrap is still on its way to the top line's place.
    fn rewrap_pending(&self) -> bool {
        matches!(self.reader.wrap_goal, Some(WrapGoal::Offset { .. }))
    }

    /// Whether `command` waits for a re-wrap under way; if so it is kept,
    /// and the re-wrap takes a step (as any key during `G` does). Every
    /// key but quitting waits: moving from the part wrapped so far lost
    /// the place (a resize and `j` at once, 99% became 33%).
    fn held_for_rewrap(&mut self, command: &Command, count: Option<u32>) -> bool {
        if matches!(command, Command::Quit)
            || (self.rewrap_waiting.is_empty() && !self.rewrap_pending())
        {
            return false;
        }
        self.rewrap_waiting
            .push(loading::Waiting::Command(command.clone(), count));
        if let Some(WrapGoal::Offset {
            block,
            offset,
            blank,
        }) = self.reader.wrap_goal
        {
            self.rewrap_step(block, offset, blank);
        }
        self.settle();
        if !self.rewrap_pending() {
            let waiting = std::mem::take(&mut self.rewrap_waiting);
            self.replay(waiting);
        }
        true
    }

    /// One step of a re-wrap toward the top line's place.
    fn rewrap_step(&mut self, block: usize, offset: usize, blank: bool) {
        self.step_to_offset(block, offset, blank);
        if self.reader.wrap_goal.is_none()
            && let Some(a) = &mut self.reader.resize_anchor
        {
            // The re-wrap's place, reached: kept as its top.
            a.top = self.reader.top;
        }
    }

    /// What the loop learned. `Some(draw)` when the update is over (a
    /// search step settles and answers itself).
    fn event(&mut self, event: Event) -> Option<bool> {
        match event {
            Event::Resize(w, h) => self.resize(w, h, false),
            Event::FirstSize(w, h) => self.resize(w, h, true),
            Event::LayoutStep => self.reader.layout.finish(&self.reader.doc),
            Event::SearchStep => {
                // Steps run back to back while no key waits: draw only
                // those that show something new.
                if self.link_filter_step() {
                    return Some(true);
                }
                let before = self.search_progress();
                self.search_step();
                self.settle();
                return Some(self.search_progress() != before);
            }
            Event::HighlightStep => {
                // Between keys: colour more of the code on screen.
                return Some(
                    self.reader
                        .highlight
                        .step(&self.reader.doc, self.options.theme.code_theme.as_deref()),
                );
            }
            Event::WrapStep => {
                let top = self.reader.top;
                match self.reader.wrap_goal {
                    Some(WrapGoal::End) => self.go_to_end(),
                    Some(WrapGoal::Line(pos)) => self.step_to_line(pos),
                    Some(WrapGoal::Back { from, delta, block }) => {
                        self.step_back(from, delta, block)
                    }
                    Some(WrapGoal::Offset {
                        block,
                        offset,
                        blank,
                    }) => self.rewrap_step(block, offset, blank),
                    None => {}
                }
                // On the way, the view has not moved (`G` shows the end,
                // not the places between): nothing to settle or compose
                // again at every step of a long code line.
                if self.reader.top == top
                    && matches!(
                        self.reader.wrap_goal,
                        Some(WrapGoal::End | WrapGoal::Line(_) | WrapGoal::Back { .. })
                    )
                {
                    return Some(false);
                }
            }
            Event::JumpToSection(section) => self.jump_to_section(section),
            Event::Resume { block, offset } => self.go_to_spot(Spot { block, offset }),
            Event::StartSearch { query, regex } => self.start_search(&query, regex),
            Event::Reloaded(doc) => {
                self.reload(*doc);
                // A newer version than the one being read: it is whole.
                if self.loading.is_some() {
                    self.load_failed_quietly();
                }
            }
            Event::BookReloaded(doc, index) => self.book_reloaded(*doc, index),
            Event::ReopenedBook { at, left_stamp } => self.reopen_book(at, left_stamp),
            Event::ResumesWhenRead(section_id) => {
                if let Some(l) = &mut self.loading {
                    l.resume = Some(section_id);
                }
            }
            Event::Loading { section } => {
                self.loading = Some(Loading {
                    section,
                    file: self.reader.file.clone(),
                    ..Loading::default()
                });
            }
            Event::LoadProgress(percent) => self.load_progress(percent),
            Event::Loaded(doc, source_hash) => self.loaded(*doc, source_hash),
            Event::LoadFailed(error) => self.load_failed(error),
            Event::Opened {
                doc,
                file,
                source_hash,
                anchor,
                resume,
                left_stamp,
            } => self.open_reader(
                Reader::from_file(*doc, file.into(), source_hash),
                anchor,
                resume.map(|(block, offset)| Spot { block, offset }),
                left_stamp,
            ),
            Event::Reopened {
                file,
                anchor,
                at,
                left_stamp,
            } => self.reopen_reader(&file, anchor, at, left_stamp),
            Event::ReloadFailed(error) => self.reload_failed(error),
            Event::OpenFailed(error) => self.open_failed(error),
            Event::Report(message) => self.status.message = Some(message),
            Event::Note(note) => {
                // What the user's own actions said comes first.
                if self.status.message.is_none() {
                    self.status.message = Some(note);
                }
            }
        }
        None
    }

    /// What a key (or the mouse, or a paste) means where it was pressed.
    fn command(&mut self, command: Command, count: Option<u32>) {
        // Another key stops `G`'s (or a far jump's) wrapping where it is.
        self.reader.wrap_goal = None;
        // `n` goes on from the match Esc cleared only straight after it.
        if !matches!(
            command,
            Command::SearchNext | Command::SearchPrev | Command::ClearSearch
        ) {
            self.reader.cleared_match = None;
        }
        match command {
            Command::Quit => self.quit = true,
            Command::Wheel { column, row, lines } => self.wheel(column, row, lines),
            Command::Click { column, row } => self.click(column, row),
            Command::Drag { column, row } => self.drag(column, row),
            Command::WheelSideways { column, row, right } => {
                self.wheel_sideways(column, row, right)
            }
            other => match self.context() {
                Context::Help => self.help_action(other),
                Context::Search | Context::GoTo | Context::Links => self.prompt_action(other),
                Context::MarkSet | Context::MarkJump | Context::AfterZ => self.mark_action(other),
                Context::LinkLabels => self.labels_action(other),
                Context::Results => self.results_action(other),
                Context::Sidebar => self.sidebar_action(other),
                Context::Text => self.text_action(other, count),
            },
        }
    }

    /// What a key must change for the message to go: where the text is,
    /// which overlay or pane has the keys, and the search shown.
    #[expect(clippy::type_complexity, reason = "compared, never taken apart")]
    fn view_key(
        &self,
    ) -> (
        Pos,
        usize,
        Context,
        bool,
        Option<(usize, Option<usize>)>,
        (bool, usize),
    ) {
        (
            self.reader.top,
            // `[` at the end moves the marked section without moving the
            // text: a change of view all the same.
            self.current_section(),
            self.context(),
            self.sidebar_visible(),
            self.reader
                .search
                .as_ref()
                .map(|s| (s.matches.len(), s.current)),
            (self.chop, self.reader.xoff),
        )
    }

    /// What a background search step can change on screen: the counter,
    /// the sidebar's counts and (with a new current match) the view.
    fn search_progress(&self) -> Option<(usize, Option<usize>, bool)> {
        let s = self.reader.search.as_ref()?;
        Some((s.matches.len(), s.current, s.in_progress()))
    }

    fn help_action(&mut self, action: Command) {
        let page = (self.size.height as usize).saturating_sub(4).max(1);
        let Overlay::Help { scroll } = self.overlay else {
            return;
        };
        let scroll = match action {
            Command::Close => {
                self.overlay = Overlay::None;
                return;
            }
            Command::LineDown => scroll.saturating_add(1),
            Command::LineUp => scroll.saturating_sub(1),
            Command::PageDown => scroll.saturating_add(page),
            Command::PageUp => scroll.saturating_sub(page),
            Command::Top => 0,
            Command::Bottom => usize::MAX,
            _ => scroll,
        };
        self.overlay = Overlay::Help { scroll };
    }

    fn sidebar_action(&mut self, action: Command) {
        let last = self.reader.doc.sections.len().saturating_sub(1);
        match action {
            Command::LineDown => self.reader.toc.cursor = (self.reader.toc.cursor + 1).min(last),
            Command::LineUp => self.reader.toc.cursor = self.reader.toc.cursor.saturating_sub(1),
            Command::Top => self.reader.toc.cursor = 0,
            Command::Bottom => self.reader.toc.cursor = last,
            Command::Activate => {
                self.jump_to_section(self.reader.toc.cursor);
                self.sidebar.focus = Focus::Text;
            }
            Command::Close | Command::FocusNext | Command::FocusPrev => {
                self.sidebar.focus = Focus::Text
            }
            other => self.text_action(other, None),
        }
        self.keep_cursor_visible();
    }

    fn text_action(&mut self, action: Command, count: Option<u32>) {
        let rows = self.text_rows().max(1);
        let page = rows.saturating_sub(PAGE_OVERLAP).max(1) as i64;
        let times = i64::from(count.unwrap_or(1).max(1));
        match action {
            Command::LineDown => self.scroll(times),
            Command::LineUp => self.scroll(-times),
            Command::PageDown => self.scroll(page * times),
            Command::PageUp => self.scroll(-page * times),
            Command::HalfPageDown => self.scroll((rows as i64 / 2).max(1) * times),
            Command::HalfPageUp => self.scroll(-(rows as i64 / 2).max(1) * times),
            // With a count, g and G go to that line, like less and vim.
            Command::Top | Command::Bottom if count.is_some() => {
                self.go_to_line(u64::from(count.unwrap_or(1).max(1)) - 1);
            }
            Command::Top => {
                self.reader.spy.jump_target = None;
                self.reader.top = Pos::default();
            }
            Command::Bottom => {
                self.reader.spy.jump_target = None;
                self.go_to_end();
            }
            Command::Percent => {
                let percent = u64::from(count.unwrap_or(0).min(100));
                let line = self.reader.layout.total_lines() * percent / 100;
                self.go_to_line(line);
            }
            // Counts are applied at once, never one step at a time: a key
            // must not keep the reader busy whatever its count.
            Command::NextSection => self.section_move(times),
            Command::PrevSection => self.section_move(-times),
            Command::NextParagraph => self.paragraph_move(times),
            Command::PrevParagraph => self.paragraph_move(-times),
            Command::Info => self.status.message = Some(self.info()),
            Command::Edit => match self.edit_here() {
                Ok(effect) => self.effects.push(effect),
                Err(why) => self.status.message = Some(why),
            },
            Command::JumpBack => self.jump_back(times.unsigned_abs() as usize),
            Command::LinkNext => self.move_link_cursor(true),
            Command::LinkPrev => self.move_link_cursor(false),
            Command::FollowSelected => match self.reader.link_cursor {
                Some(link) => self.follow(link),
                None => self.scroll(times),
            },
            Command::LinkLabels => self.open_labels(LabelsFor::Follow),
            Command::CopyLabels => self.open_labels(LabelsFor::Copy),
            Command::CodeLabels => self.open_labels(LabelsFor::CopyCode),
            Command::CopyLink => match self.reader.link_cursor {
                Some(link) => self.copy(link),
                None => {
                    self.status.message =
                        Some(match self.options.keymap.first_key(&Command::LinkNext) {
                            Some(key) => format!("no link selected ({key} selects one)"),
                            None => "no link selected".to_string(),
                        })
                }
            },
            Command::JumpForward => self.jump_forward(times.unsigned_abs() as usize),
            Command::SearchNext | Command::SearchPrev => {
                self.next_match(action == Command::SearchNext, times.unsigned_abs());
            }
            Command::NotBound(key) => {
                // A key that draws nothing (U+202E, a combining mark, a
                // C1 control) is named by its code point.
                let key = match key.code {
                    ratatui::crossterm::event::KeyCode::Char(c)
                        if c.is_control()
                            || unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) == 0
                            || crate::text::sanitize::sanitize(c.encode_utf8(&mut [0; 4]))
                                != c.to_string() =>
                    {
                        format!(
                            "{}{}U+{:04X}",
                            if key.ctrl { "Ctrl-" } else { "" },
                            if key.alt { "Alt-" } else { "" },
                            c as u32
                        )
                    }
                    _ => key.to_string(),
                };
                let help = self.options.keymap.first_key(&Command::Help);
                self.status.message = Some(match help {
                    Some(help) => format!("{key} is not a key here ({help}: help)"),
                    None => format!("{key} is not a key here"),
                });
            }
            Command::SearchStart => self.open_prompt(PromptKind::Search),
            Command::SearchBackStart => {
                self.open_prompt(PromptKind::Search);
                if let Overlay::Prompt(p) = &mut self.overlay {
                    p.backward = true;
                }
            }
            Command::GoToSection => self.open_prompt(PromptKind::GoTo),
            Command::ShowLinks if self.reader.doc.links.is_empty() => {
                // A TOML link entry written without an address is counted
                // as a link (`--check`, `=`) but has nowhere to go.
                self.status.message = Some(match self.reader.doc.link_count() {
                    0 => "this document has no links".into(),
                    n => format!(
                        "no link to follow: {}",
                        if n == 1 {
                            "its link has no address".to_string()
                        } else {
                            format!("its {n} links have no address")
                        }
                    ),
                })
            }
            Command::ShowLinks => self.open_prompt(PromptKind::Links),
            Command::ShowBacklinks => self.show_backlinks(),
            Command::ShowResults => self.open_results(),
            Command::ClearSearch => {
                let doc = &self.reader.doc;
                self.reader.cleared_match = self
                    .reader
                    .search
                    .as_ref()
                    .filter(|_| self.reader.current_in_view)
                    .and_then(|s| s.current_range(doc))
                    .map(|r| r.start);
                self.reader.search = None;
                // And the link `Tab` chose: `Shift-Tab` went on from it.
                self.reader.link_cursor = None;
            }
            Command::Help => self.overlay = Overlay::Help { scroll: 0 },
            Command::MarkSet => {
                self.overlay = Overlay::Pending(Pending::SetMark);
                self.status.message = Some("set mark: type a letter".into());
            }
            Command::QuitPrefix => {
                self.overlay = Overlay::Pending(Pending::Quit);
                self.status.message = Some("Z: Z again quits".into());
            }
            Command::MarkJump => {
                self.overlay = Overlay::Pending(Pending::JumpMark);
                self.status.message = Some("go to mark: type a letter (' for back)".into());
            }
            Command::FocusNext | Command::FocusPrev => {
                if self.sidebar_visible() {
                    self.sidebar.focus = Focus::Sidebar;
                    self.reader.toc.cursor = self.current_section();
                    self.keep_cursor_visible();
                } else {
                    self.status.message = Some(
                        match self.options.keymap.first_key(&Command::ToggleSidebar) {
                            Some(key) => format!("sidebar hidden ({key} shows it)"),
                            None => "sidebar hidden".to_string(),
                        },
                    );
                }
            }
            Command::ToggleSidebar => {
                let shown = !self.sidebar_visible();
                // Back to the start's choice when it shows the same, so
                // that `t` twice gives back the same layout (a sidebar
                // shown by default is narrower than one asked for).
                let start = self.options.sidebar;
                self.sidebar.shown = if (self.sidebar_width_if(start) > 0) == shown {
                    start
                } else {
                    Some(shown)
                };
                if !shown {
                    self.sidebar.focus = Focus::Text;
                }
                self.relayout();
            }
            Command::ToggleChop => {
                self.chop = !self.chop;
                if !self.chop {
                    self.reader.xoff = 0;
                }
                self.relayout();
                self.status.message = Some(if self.chop {
                    let keys = match (
                        self.options.keymap.first_key(&Command::ScrollLeft),
                        self.options.keymap.first_key(&Command::ScrollRight),
                    ) {
                        (Some(l), Some(r)) => format!(" ({l} {r} scroll)"),
                        _ => String::new(),
                    };
                    format!("chop on: wide code and tables cut at the edge{keys}")
                } else {
                    "chop off: long lines continue after ↪".to_string()
                });
            }
            Command::ScrollRight => self.scroll_sideways(true, count),
            Command::ScrollLeft => self.scroll_sideways(false, count),
            _ => {}
        }
    }

    fn scroll(&mut self, delta: i64) {
        let rows = self.text_rows().max(1);
        if delta > 0
            && self
                .reader
                .layout
                .at_end(&self.reader.doc, self.reader.top, rows)
        {
            self.status.message = Some("end of document".into());
            return;
        }
        if delta < 0 && self.reader.top == Pos::default() {
            self.status.message = Some("top of document".into());
            return;
        }
        self.reader.spy.jump_target = None;
        let far = (rows as i64).saturating_mul(FAR_SCREENS);
        if delta < 0
            && delta.unsigned_abs() <= far.unsigned_abs()
            && let Some(block) = self.reader.layout.long_unwrapped_before(
                &self.reader.doc,
                self.reader.top,
                delta.unsigned_abs(),
            )
        {
            // Back into a long block not wrapped yet: wrapped in steps
            // first (moving back wraps it whole).
            self.step_back(self.reader.top, delta, block);
            return;
        }
        if delta.unsigned_abs() <= far.unsigned_abs() {
            self.reader.top = self
                .reader
                .layout
                .advance(&self.reader.doc, self.reader.top, delta);
            return;
        }
        // A long way (a count): by line number, without wrapping what lies
        // between (`999999999j` costs what `G` costs).
        let line = (self.reader.layout.line_of(self.reader.top) as i64).saturating_add(delta);
        // Near the end by the heights known now: `G`, in steps (the end
        // itself would wrap a long last block whole).
        let last_line = (self.reader.layout.total_lines() as i64).saturating_sub(rows as i64);
        if line <= 0 {
            self.reader.top = Pos::default();
        } else if line >= last_line {
            self.go_to_end();
        } else {
            let pos = self.reader.layout.line_target(line as u64);
            self.step_to_line(pos);
        }
    }

    /// The top at line `line` (0-based, the status line's number less
    /// one): `40G`, `:40` and `%`. Far into a long block not wrapped yet,
    /// in steps ([`Self::step_to_line`]).
    fn go_to_line(&mut self, line: u64) {
        self.reader.spy.jump_target = None;
        // A line number means the exact count: a small document whose
        // first screen was wrapped alone (`:60` typed as it opens) is
        // wrapped whole first, or its estimates put line 60 at 58.
        if self.reader.layout.owed() {
            self.reader.layout.finish(&self.reader.doc);
        }
        let pos = self.reader.layout.line_target(line);
        self.step_to_line(pos);
    }

    /// Moves the top to `pos`, wrapping at most a step of its block: until
    /// the block is wrapped that far the view stays where it was (the
    /// status line says where it goes) and the goal is kept, so the loop
    /// goes on between keys. (It showed the last lines wrapped so far: a
    /// place between, `32%`, before the one asked for.)
    fn step_to_line(&mut self, pos: Pos) {
        let rows = self.text_rows().max(1);
        let r = &mut self.reader;
        // The screen below the line too, so settling wraps no more.
        if r.layout
            .wrap_step_to_line(&r.doc, pos.block, pos.line.saturating_add(rows))
        {
            r.top = r.layout.clamp_pos(&r.doc, pos);
            r.wrap_goal = None;
        } else {
            r.wrap_goal = Some(WrapGoal::Line(pos));
        }
    }

    /// Moves the top `delta` lines back from `from` once `block` is
    /// wrapped to its end, a step at a time; until then the view stays.
    fn step_back(&mut self, from: Pos, delta: i64, block: usize) {
        let r = &mut self.reader;
        if r.layout.wrap_step(&r.doc, block) {
            r.top = r.layout.advance(&r.doc, from, delta);
            r.wrap_goal = None;
        } else {
            r.top = from;
            r.wrap_goal = Some(WrapGoal::Back { from, delta, block });
        }
    }

    /// Moves the top to the line holding byte `offset` of `block` (or the
    /// blank line after it), in steps as [`Self::step_to_line`].
    fn step_to_offset(&mut self, block: usize, offset: usize, blank: bool) {
        let rows = self.text_rows().max(1);
        let r = &mut self.reader;
        let reached = if blank {
            r.layout.wrap_step_to_line(&r.doc, block, usize::MAX)
        } else {
            r.layout.wrap_step_to_offset(&r.doc, block, offset)
        };
        if !reached {
            r.top = r.layout.wrapped_end(block, rows);
            r.wrap_goal = Some(WrapGoal::Offset {
                block,
                offset,
                blank,
            });
            return;
        }
        let line = if blank {
            r.layout.lines(&r.doc, block).len()
        } else {
            r.layout.line_containing(&r.doc, block, offset)
        };
        r.top = Pos { block, line };
        r.wrap_goal = None;
    }

    fn jump_to_section(&mut self, section: usize) {
        if section >= self.reader.doc.sections.len() {
            return;
        }
        // The first section from the document's start (a logo and badges
        // before its title heading).
        self.reader.top = Pos {
            block: self.reader.doc.section_start(section),
            line: 0,
        };
        // The section asked for is the one being read, even where the top
        // line cannot reach its heading or the end of the document would
        // mark the last heading on screen (settle runs after this).
        self.clamp_top();
        self.reader.spy.jump_target = Some(section);
    }

    /// `]` (positive `by`) and `[`: from the section the sidebar marks as
    /// current, `by` sections on, stopping at the first or last; whatever
    /// the scroll position, `]` from section k goes to k + 1.
    fn section_move(&mut self, by: i64) {
        let n = self.reader.doc.sections.len();
        let k = self.current_section();
        if by > 0 && k + 1 >= n {
            self.status.message = Some("no next section".into());
        } else if by < 0 && k == 0 {
            self.status.message = Some("no previous section".into());
        } else {
            let steps = usize::try_from(by.unsigned_abs()).unwrap_or(usize::MAX);
            let target = if by > 0 {
                k.saturating_add(steps).min(n - 1)
            } else {
                k.saturating_sub(steps)
            };
            self.jump_to_section(target);
        }
    }

    /// `}` (positive `by`) and `{`: the start of the block `by` blocks on
    /// (every paragraph, heading and link is a block, set apart by a blank
    /// line). `{` inside a block goes to its start first, like vim.
    fn paragraph_move(&mut self, by: i64) {
        let rows = self.text_rows().max(1);
        let steps = usize::try_from(by.unsigned_abs()).unwrap_or(usize::MAX);
        let last_block = self.reader.doc.blocks.len().saturating_sub(1);
        let block = if by > 0 {
            if self
                .reader
                .layout
                .at_end(&self.reader.doc, self.reader.top, rows)
            {
                self.status.message = Some("end of document".into());
                return;
            }
            self.reader.top.block.saturating_add(steps).min(last_block)
        } else {
            if self.reader.top == Pos::default() {
                self.status.message = Some("top of document".into());
                return;
            }
            let from = self.reader.top.block + usize::from(self.reader.top.line > 0);
            from.saturating_sub(steps)
        };
        self.reader.spy.jump_target = None;
        self.reader.top = Pos { block, line: 0 };
    }

    /// `v`: the editor at what the reader points at, the thing visibly
    /// pointed at first: the link under the cursor, else the current match
    /// when it is on screen, else the top line (the next block when it is
    /// blank or an alert's title). The model knows the source line of each
    /// section's start; the loop finds the words shown there in the source
    /// from that line on, after as many others as the section shows before
    /// the place: a link's own words, the others to its block's end. In a
    /// book, the file of the document the place is in (a folder's heading
    /// has none: why not, for the status line).
    fn edit_here(&mut self) -> Result<Effect, String> {
        let doc = &self.reader.doc;
        let matched = self
            .reader
            .search
            .as_ref()
            .filter(|_| self.reader.current_in_view)
            .and_then(|s| s.current_range(doc));
        let (at, link_end) = match (self.reader.link_cursor, matched) {
            (Some(link), _) if link < doc.links.len() => {
                let l = &doc.links[link];
                (l.start as usize, Some(l.end as usize))
            }
            (_, Some(m)) => (m.start, None),
            // A section jumped to whose heading cannot reach the top (the
            // last, short ones): its heading, the section being read. Not
            // the last section the sidebar marks at the end (`G`): the top
            // line is what is read there.
            _ if self
                .reader
                .spy
                .jump_target
                .is_some_and(|s| s != self.top_section()) =>
            {
                (
                    self.reader
                        .doc
                        .sections
                        .get(self.current_section())
                        .and_then(|s| doc.blocks.get(s.heading_block as usize))
                        .map_or(0, |b| b.start as usize),
                    None,
                )
            }
            _ => {
                let top = self.reader.top;
                let start = self.reader.offset_of(top);
                // The blank line after a block, or an alert's title (not
                // in the source as shown): the next block.
                let blank = self
                    .reader
                    .layout
                    .cached_lines(top.block)
                    .is_some_and(|lines| top.line >= lines.len());
                let doc = &self.reader.doc;
                let title = |block: usize| {
                    let frame = doc.blocks.get(block).and_then(|b| b.frame());
                    frame
                        .and_then(|f| doc.frames.get(f as usize))
                        .is_some_and(|f| {
                            matches!(f.kind(), FrameKind::Alert(_))
                                && f.first_block as usize == block
                        })
                };
                let mut block = top.block + usize::from(blank);
                if title(block) {
                    block += 1;
                }
                match doc.blocks.get(block) {
                    Some(b) if block != top.block => (b.start as usize, None),
                    _ => (start, None),
                }
            }
        };
        let doc = &self.reader.doc;
        let block = doc.block_at_offset(at);
        let Some(b) = doc.blocks.get(block) else {
            return Ok(Effect::EditDocument {
                line: 1,
                near: None,
                seen: [0; 2],
                lines_down: 0,
                file: None,
            });
        };
        // In a book: the part's file; a part that could not be read opens
        // at its error's line.
        let part = match &self.reader.book {
            Some(index) => match index.part_of_section(b.section as usize) {
                Some(p) => Some(&index.parts[p]),
                None => {
                    return Err(format!(
                        "{} is a folder of the book, not a document: nothing to edit",
                        doc.section_title(b.section as usize)
                    ));
                }
            },
            None => None,
        };
        if let Some(part) = part
            && let Some(error) = &part.error
        {
            return Ok(Effect::EditDocument {
                line: error.location.as_ref().map_or(1, |l| l.line.max(1) as u32),
                near: None,
                seen: [0; 2],
                lines_down: 0,
                file: Some(part.path.clone()),
            });
        }
        let file = part.map(|p| p.path.clone());
        let section = doc.sections.get(b.section as usize);
        let line = section.map_or(1, |s| s.line.max(1));
        // From the start of the word `at` is in, to the link's or the
        // block's end.
        let text = doc.text();
        let end = link_end
            .unwrap_or(b.end as usize)
            .min(b.end as usize)
            .min(text.len());
        let mut from = at.clamp(b.start as usize, end);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let word_start = text[b.start as usize..from]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map_or(from, |(i, _)| b.start as usize + i);
        // An image's marker is the reader's, not the source's: blanked
        // (the same length, so offsets hold) where words are taken.
        let unmarked = |s: &str| s.replace(IMAGE_MARKER, &" ".repeat(IMAGE_MARKER.len()));
        // Code keeps its lines as written, so a place in it is found by
        // the block's first words and its line's index under them: a line
        // with no words (`}`, a blank one) has none of its own to find,
        // and the last `}` of a block has none after it in the block.
        let verbatim = matches!(
            b.kind,
            crate::model::document::BlockKind::Code { .. }
                | crate::model::document::BlockKind::Html
        );
        let (word_start, lines_down) = match text[b.start as usize..end]
            .find(char::is_alphanumeric)
            .map(|i| b.start as usize + i)
        {
            Some(first) if verbatim => {
                let lines = |from: usize, to: usize| text[from..to].matches('\n').count() as i64;
                let down = lines(b.start as usize, from) - lines(b.start as usize, first);
                (first, i32::try_from(down).unwrap_or(0))
            }
            _ => (word_start, 0),
        };
        let near = crate::load::source_line::words(&unmarked(&text[word_start..end]), NEAR_WORDS)
            .join(" ");
        // The section's text as shown, to the end of the place's words.
        let section_start = section
            .and_then(|_| doc.blocks.get(doc.section_start(b.section as usize)))
            .map_or(0, |h| (h.start as usize).min(word_start));
        let seen = crate::load::source_line::seen_before(
            &unmarked(&text[section_start..end]),
            word_start - section_start,
            &near,
        );
        Ok(Effect::EditDocument {
            line,
            near: (!near.is_empty()).then_some(near),
            seen,
            lines_down,
            file,
        })
    }

    /// What `=` and Ctrl-g show, like less: the document, its size, and
    /// where the view is.
    /// Where the document was read from, as `=` names it: its file,
    /// `standard input`, or a book's folder and the file of the part
    /// being read (`docs/ › guide/install.md`); `None` for a document
    /// from nowhere (the embedded article, a test's).
    fn source_name(&self) -> Option<String> {
        let display_path = |p: &std::path::Path| {
            crate::text::sanitize::sanitize(&p.to_string_lossy()).into_owned()
        };
        let r = &self.reader;
        if let Some(book) = &r.book {
            let root = display_path(&book.root);
            let root = if root.ends_with('/') {
                root
            } else {
                root + "/"
            };
            return Some(match book.part_of_section(self.current_section()) {
                Some(p) => format!("{root} › {}", book.parts[p].name),
                None => root,
            });
        }
        if let Some(file) = &r.file {
            return Some(display_path(file));
        }
        r.stdin.then(|| "standard input".to_string())
    }

    fn info(&self) -> String {
        let (top, total) = self.position();
        let approx = if self.reader.layout.is_exact() {
            ""
        } else {
            "~"
        };
        let n = self.reader.doc.sections.len();
        let k = self.current_section();
        let here = if k < n {
            // Numbered only where the text shows numbers (`numbers`).
            format!(
                "section {}/{n} {}",
                k + 1,
                crate::text::wrap::ellipsize(
                    &self.reader.doc.numbered_title(k),
                    INFO_PART_MAX,
                    false
                )
            )
        } else {
            String::new()
        };
        // The lines on screen, as less's `=` gives them.
        let first = (top + 1).min(total.max(1));
        let last = (top + self.text_rows() as u64).min(total).max(first);
        let paragraphs = self.reader.doc.paragraph_count();
        // A path or title of thousands of columns would fill the screen
        // (a message is shown whole): the path keeps its end, the file's
        // name; the title its start.
        let mut info = format!(
            "{}{} · {n} section{}, {paragraphs} paragraph{} · {here} · lines {first}-{last}/{approx}{total} · {}%",
            self.source_name()
                .map_or(String::new(), |s| crate::text::wrap::ellipsize(
                    &s,
                    INFO_PART_MAX,
                    true
                ) + " · "),
            crate::text::wrap::ellipsize(&self.reader.doc.title, INFO_PART_MAX, false),
            if n == 1 { "" } else { "s" },
            if paragraphs == 1 { "" } else { "s" },
            self.percent()
        );
        // The jump list's depth once there is one (Ctrl-o / Ctrl-r).
        let (back, forward) = self.jumps.depth();
        if back + forward > 0 {
            info.push_str(&format!(" · jumps: {back} back, {forward} forward"));
        }
        info
    }

    /// `lazily`: a small document is wrapped as far as shown, the rest
    /// owed ([`crate::render::layout::Layout::set_view_lazily`]).
    fn resize(&mut self, w: u16, h: u16, lazily: bool) {
        self.size.width = w;
        self.size.height = h;
        self.reader.toc.followed = None;
        self.relayout_as(lazily);
    }

    /// Re-wraps for the current text width, keeping the top line anchored
    /// to the same place in its paragraph.
    fn relayout(&mut self) {
        self.relayout_as(false);
    }

    fn relayout_as(&mut self, lazily: bool) {
        let width = self.regions().text.width.max(1) as usize;
        // Nothing to keep before the first layout. The anchor of the last
        // re-wrap holds while the view has not moved since; it also undoes
        // a clamp at the end of the document that a taller size made.
        // While a re-wrap is still on its way to the anchor, the top is
        // the part wrapped so far, not a place read: the anchor holds.
        let anchor = match self.reader.resize_anchor {
            _ if self.reader.layout.width() == 0 => None,
            Some(a) if a.top == self.reader.top || self.rewrap_pending() => Some(a),
            _ => self.anchor_offset(),
        }
        .map(|a| ResizeAnchor { fresh: true, ..a });
        if width != self.reader.layout.width() || self.chop != self.reader.layout.chop() {
            let (doc, layout) = (&self.reader.doc, &mut self.reader.layout);
            if lazily {
                layout.set_view_lazily(doc, width, self.chop);
            } else {
                layout.set_view(doc, width, self.chop);
            }
        }
        if let Some(a) = anchor {
            // Far into a long block, in steps.
            self.step_to_offset(a.block, a.offset, a.blank);
        }
        self.reader.resize_anchor = anchor;
    }

    /// Where the top line starts: a byte of its block, or the blank line
    /// after the block.
    fn anchor_offset(&mut self) -> Option<ResizeAnchor> {
        let block = self.reader.top.block;
        if block >= self.reader.doc.blocks.len() {
            return None;
        }
        // Only as far into a long block as the top line.
        self.reader
            .layout
            .height_past(&self.reader.doc, block, self.reader.top.line);
        let lines = self.reader.layout.cached_lines(block)?;
        let (offset, blank) = match lines.get(self.reader.top.line) {
            Some(r) => (r.start, false),
            None => (lines.last()?.start, true),
        };
        Some(ResizeAnchor {
            block,
            offset,
            blank,
            top: self.reader.top,
            fresh: true,
        })
    }

    /// Clamps the scroll; returns the last position the top can take.
    /// Clamps the scroll; returns whether the view is at the end (the top
    /// at the last position it can take). Where the end is is found only
    /// when the view is near it, so a long block is not wrapped to its end.
    fn clamp_top(&mut self) -> bool {
        let rows = self.text_rows().max(1);
        self.reader.top = self
            .reader
            .layout
            .clamp_pos(&self.reader.doc, self.reader.top);
        if !self
            .reader
            .layout
            .at_end(&self.reader.doc, self.reader.top, rows)
        {
            return false;
        }
        let last = self.reader.layout.last_top(&self.reader.doc, rows);
        self.reader.top = self.reader.top.min(last);
        true
    }

    /// Makes the state consistent after any action: clamps the scroll,
    /// keeps the sidebar following the reader, wraps what will be drawn.
    fn settle(&mut self) {
        let at_end = self.clamp_top();
        if !self.sidebar_visible() && self.sidebar.focus == Focus::Sidebar {
            self.sidebar.focus = Focus::Text;
        }
        let last_section = self.reader.doc.sections.len().saturating_sub(1);
        self.reader.toc.cursor = self.reader.toc.cursor.min(last_section);
        let rows = self.text_rows();
        // Wrap the visible blocks now so drawing only reads the cache, and
        // note the last heading on screen.
        let mut p = self.reader.top;
        let mut shown = 0;
        let mut last_heading = None;
        // While the rest of this document is parsed on a thread, that
        // parse holds the most memory the reader ever will: the grammars
        // (over a megabyte of tables, and their code) are not loaded on
        // top of it. Code shows plain until the whole arrives.
        let defer_highlighting = !crate::render::highlight::loaded()
            && self
                .loading
                .as_ref()
                .is_some_and(|l| l.file == self.reader.file);
        while shown < rows && p.block < self.reader.doc.blocks.len() {
            let h =
                self.reader
                    .layout
                    .height_past(&self.reader.doc, p.block, p.line + rows - shown);
            let block = self.reader.doc.blocks[p.block];
            if block.kind == crate::model::document::BlockKind::Heading && p.line == 0 {
                last_heading = Some(block.section as usize);
            }
            if matches!(block.kind, crate::model::document::BlockKind::Code { .. })
                && !defer_highlighting
                && let Some(lines) = self.reader.layout.cached_lines(p.block)
            {
                // Highlight as far down this block as the screen reaches.
                let last = (p.line + rows - shown).min(lines.len());
                if let Some(r) = last.checked_sub(1).and_then(|i| lines.get(i)) {
                    self.reader.highlight.want(&self.reader.doc, p.block, r.end);
                }
            }
            shown += h.saturating_sub(p.line);
            p = Pos {
                block: p.block + 1,
                line: 0,
            };
        }
        // One bounded step now, so a screen of small code blocks is drawn
        // coloured at once; the loop does the rest between keys.
        if self.reader.highlight.pending() {
            self.reader
                .highlight
                .step(&self.reader.doc, self.options.theme.code_theme.as_deref());
        }
        // At the end of the document the top line cannot reach the last
        // sections; the last heading on screen is the one being read.
        self.reader.spy.end_section = if at_end && self.reader.top != Pos::default() {
            last_heading
        } else {
            None
        };
        let current = self.current_section();
        if self.sidebar.focus == Focus::Text && self.reader.toc.followed != Some(current) {
            self.keep_visible_in_sidebar(current);
            self.reader.toc.followed = Some(current);
        }
        if self.sidebar.focus == Focus::Sidebar {
            // Also after a resize made the sidebar shorter.
            self.keep_cursor_visible();
        }
        self.reader.current_in_view = self.current_match_in(self.reader.top.block..p.block);
        // What the frame shows, composed once: drawing, the link cursor
        // and clicks read it.
        self.compose_frame();
        self.settle_link_cursor();
        if let Overlay::Help { scroll } = self.overlay {
            let max = self.help_max_scroll();
            self.overlay = Overlay::Help {
                scroll: scroll.min(max),
            };
        }
    }

    fn sidebar_rows(&self) -> usize {
        self.regions().sidebar.map_or(0, |r| r.height as usize)
    }

    fn keep_cursor_visible(&mut self) {
        self.keep_visible_in_sidebar(self.reader.toc.cursor);
    }

    /// Scrolls the sidebar so `entry` shows with [`SIDEBAR_SCROLLOFF`]
    /// entries above and below it, where the list has them.
    fn keep_visible_in_sidebar(&mut self, entry: usize) {
        let rows = self.sidebar_rows();
        if rows == 0 {
            return;
        }
        let margin = SIDEBAR_SCROLLOFF.min(rows.saturating_sub(1) / 2);
        let highest = entry.saturating_sub(margin);
        let lowest = (entry + margin + 1).saturating_sub(rows);
        self.reader.toc.offset = self.reader.toc.offset.clamp(lowest, highest);
        let max = self.reader.doc.sections.len().saturating_sub(rows);
        self.reader.toc.offset = self.reader.toc.offset.min(max);
    }

    /// Moves the view to the end of the document, wrapping at most a step
    /// of a long block not wrapped yet: until it is wrapped to its end the
    /// view stays where it was (the status line says `going to the end`)
    /// and the goal stays set, so the loop goes on between keys. Once
    /// settled the view is the one wrapping the whole block gives: the
    /// first place shown after `G` is the end, never one on the way.
    fn go_to_end(&mut self) {
        let rows = self.text_rows().max(1);
        let r = &mut self.reader;
        if let Some(block) = r.layout.tail_unwrapped(&r.doc, rows) {
            r.layout.wrap_step(&r.doc, block);
        }
        match r.layout.tail_unwrapped(&r.doc, rows) {
            Some(_) => {
                r.wrap_goal = Some(WrapGoal::End);
            }
            None => {
                r.top = r.layout.last_top(&r.doc, rows);
                r.wrap_goal = None;
            }
        }
    }

    /// True while `G` (or a far jump) is wrapping a long block; the event
    /// loop then feeds `Event::WrapStep` between keys.
    pub fn wrap_pending(&self) -> bool {
        self.reader.wrap_goal.is_some()
    }

    /// True while the layout [`Event::FirstSize`] left is not finished;
    /// the event loop then feeds `Event::LayoutStep` between keys.
    pub fn layout_pending(&self) -> bool {
        self.reader.layout.owed()
    }

    /// True while code on screen is not highlighted yet; the event loop
    /// then feeds `Event::HighlightStep` between keys.
    pub fn highlight_pending(&self) -> bool {
        self.reader.highlight.pending()
    }

    /// True while a search still has part of the document to cover, or the
    /// link list's filter links to score; the event loop then feeds
    /// `Event::SearchStep` between keys.
    pub fn search_in_progress(&self) -> bool {
        self.reader.search.as_ref().is_some_and(Search::in_progress)
            || self.link_filter_in_progress()
    }
}
