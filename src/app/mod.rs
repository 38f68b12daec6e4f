//! The reader's state and `update`: every change happens here, as a pure
//! function of the current state and one [`Command`] or [`Event`]. No I/O,
//! no drawing.

mod backlinks;
mod effect;
mod event;
mod find;
mod help;
mod jumps;
mod links;
mod marks;
mod pointer;
mod reload;
pub mod session;

pub use effect::{Effect, Effects};
pub use event::{Event, Msg};
pub use find::{LINK_FILTER_STEP, Prompt, PromptKind, Results, SEARCH_STEP_BYTES, Search};
pub use help::{HelpLine, HelpPage};
pub use jumps::{JUMPS_KEPT, JumpList};
pub use links::{Labels, LabelsFor, LinkPiece, labels};
pub use marks::{Pending, Spot};
pub use reload::{anchor_of, spot_of};

use ratatui::layout::{Constraint, Flex, Margin, Rect, Size};

use crate::model::document::{Document, Numbers};
use crate::render::layout::{Layout, Pos};
use crate::settings::config::{DEFAULT_MEASURE, DEFAULT_SIDEBAR_WIDTH};
use crate::settings::keymap::{Command, Context, Keymap};
use crate::settings::theme::Theme;

/// Columns the text keeps beside a sidebar shown by default (or the
/// measure, when narrower): the sidebar narrows, then hides, first.
pub const TEXT_MIN_WIDTH: u16 = 60;
/// The narrowest a sidebar shown by default gets before it hides.
pub const SIDEBAR_MIN_WIDTH: u16 = 14;
/// Lines kept from the previous page on a page move.
const PAGE_OVERLAP: usize = 2;
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

/// The table of contents on the left.
#[derive(Debug, Clone, Default)]
pub struct Sidebar {
    /// `None`: shown when the terminal is wide enough; `Some` once toggled.
    pub shown: Option<bool>,
    pub focus: Focus,
    /// The entry under the cursor while the sidebar has focus.
    pub cursor: usize,
    /// The first entry shown.
    pub offset: usize,
    /// The section the sidebar last scrolled to follow; it re-follows only
    /// when the reader moves to another one, so the wheel can browse it.
    followed: Option<usize>,
}

/// Which section counts as the one being read when the top line alone
/// cannot tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScrollSpy {
    /// Section the last jump went to, shown as current until the next scroll
    /// (a short last section can never reach the top of the pane).
    pub jump_target: Option<usize>,
    /// At the end of the document: the last section whose heading shows.
    end_section: Option<usize>,
}

/// The search in force and the queries typed this run.
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub search: Option<Search>,
    /// Earlier queries (and whether each was a regex), oldest first.
    pub history: Vec<(String, bool)>,
    /// Whether a new search starts as a regular expression: as the
    /// prompt's toggle was last left, for the rest of the session.
    pub regex: bool,
    /// Whether the current match is on screen (kept by `settle`): the
    /// status line counts `match 3/12` only then, else `12 matches`.
    pub current_in_view: bool,
    /// Searches begun (a query typed or pasted, run again, recalled): a
    /// pasted query must begin one, not one per character.
    pub searches_begun: u64,
}

/// Marks set with `m`, and where `''` goes back to.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub named: std::collections::BTreeMap<char, Spot>,
    /// Where the view was before the last jump.
    pub last_jump: Option<Spot>,
}

pub struct App {
    pub doc: Document,
    pub layout: Layout,
    pub options: Options,
    /// The terminal's size, in cells.
    pub size: Size,
    /// First visible line of the text pane.
    pub top: Pos,
    pub spy: ScrollSpy,
    pub sidebar: Sidebar,
    pub overlay: Overlay,
    pub find: Find,
    pub marks: Marks,
    /// Where `Ctrl-o` and the forward key go.
    pub jumps: JumpList,
    pub status: Status,
    pub quit: bool,
    /// I/O asked for by the last updates, for the event loop to perform.
    pub effects: Effects,
    /// The link selected with Tab / Shift-Tab, while it is on screen.
    pub link_cursor: Option<usize>,
    /// The directory of the document's file: relative links start there
    /// (`None` for standard input and the embedded article).
    pub doc_dir: Option<std::path::PathBuf>,
    /// The document's file, canonical (`None` for standard input and the
    /// embedded article): what the jump list's places elsewhere name.
    pub doc_file: Option<std::sync::Arc<std::path::Path>>,
    /// Documents shown in this run, the first included: the status line
    /// names the file once there is more than one.
    pub docs_visited: usize,
    /// The document a followed link replaced, for the event loop to keep
    /// (reopened at once when a link or `Ctrl-o` leads back to it).
    pub left_behind: Option<Box<Document>>,
    /// Why the document's file failed to load again: shown in the status
    /// line until a version loads.
    pub reload_error: Option<String>,
    /// The book the document is, when it is one: each part's file and
    /// sections (the status line names the document, `B` lists backlinks).
    pub book: Option<std::sync::Arc<crate::load::book::BookIndex>>,
    /// The code blocks' syntax highlighting, advanced by `update` (a step
    /// per action, more between keys) and only read while drawing.
    pub highlight: crate::render::highlight::Highlighter,
    /// The left button went down on the scrollbar: dragging moves the view.
    scrollbar_held: bool,
    /// Where the top line was anchored at the last re-wrap, kept while the
    /// view has not moved since, so resizes that come back to a size come
    /// back to the same top line (each re-wrap anchoring afresh drifts up).
    resize_anchor: Option<ResizeAnchor>,
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

/// A top line kept across re-wraps: the byte where it starts in its block
/// (or the blank line after the block), and the top it gave last.
#[derive(Debug, Clone, Copy)]
struct ResizeAnchor {
    block: usize,
    offset: usize,
    blank: bool,
    /// The top after the re-wrap settled (clamped at the end).
    top: Pos,
    /// Set by a re-wrap until the action that caused it has settled.
    fresh: bool,
}

impl App {
    pub fn new(mut doc: Document, options: Options) -> Self {
        doc.set_numbers(options.numbers);
        // Laid out on the first resize, when the width is known.
        let layout = Layout::new(&doc, 0);
        let sidebar = options.sidebar;
        App {
            doc,
            layout,
            options,
            size: Size::default(),
            top: Pos::default(),
            spy: ScrollSpy::default(),
            sidebar: Sidebar {
                shown: sidebar,
                ..Sidebar::default()
            },
            overlay: Overlay::None,
            find: Find::default(),
            marks: Marks::default(),
            jumps: JumpList::default(),
            status: Status::default(),
            quit: false,
            effects: Effects::default(),
            link_cursor: None,
            doc_dir: None,
            doc_file: None,
            docs_visited: 1,
            left_behind: None,
            reload_error: None,
            book: None,
            scrollbar_held: false,
            resize_anchor: None,
            highlight: Default::default(),
        }
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
        match shown {
            Some(true) => asked,
            Some(false) => 0,
            None => {
                let text =
                    TEXT_MIN_WIDTH.min(self.options.measure.min(usize::from(u16::MAX)) as u16);
                let room = w.saturating_sub(text + 1 + 2 * TEXT_MARGIN);
                let width = self.options.sidebar_width.min(room);
                if width >= SIDEBAR_MIN_WIDTH { width } else { 0 }
            }
        }
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
        let [text] = ratatui::layout::Layout::horizontal([Constraint::Max(measure)])
            .flex(Flex::Center)
            .areas(column);
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
        if let Some(s) = self.spy.jump_target.or(self.spy.end_section) {
            return s;
        }
        self.doc
            .blocks
            .get(self.top.block)
            .map_or(0, |b| b.section as usize)
    }

    /// Absolute line of the top of the pane and the total (0-based top).
    pub fn position(&self) -> (u64, u64) {
        (self.layout.line_of(self.top), self.layout.total_lines())
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
        let msg = msg.into();
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
            Msg::Event(Event::Resize(..)) | Msg::Command(Command::ToggleSidebar)
        );
        let anchor_held = rewrap && self.resize_anchor.is_some_and(|a| a.top == self.top);
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
        let top_before = self.top;
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
        }
        if jump && self.top != top_before {
            let from = self.spot_of(top_before);
            self.record_jump(from);
        }
        self.settle();
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
            self.status.message.clone_from(&self.reload_error);
        }
        if let Some(a) = self.resize_anchor.as_mut().filter(|_| rewrap) {
            if anchor_held || a.fresh {
                a.top = self.top;
            }
            a.fresh = false;
        }
        true
    }

    /// What the loop learned. `Some(draw)` when the update is over (a
    /// search step settles and answers itself).
    fn event(&mut self, event: Event) -> Option<bool> {
        match event {
            Event::Resize(w, h) => self.resize(w, h),
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
                return Some(self.highlight.step(&self.doc));
            }
            Event::JumpToSection(section) => self.jump_to_section(section),
            Event::Resume { block, offset } => self.go_to_spot(Spot { block, offset }),
            Event::StartSearch { query, regex } => self.start_search(&query, regex),
            Event::Reloaded(doc) => self.reload(*doc),
            Event::Opened {
                doc,
                file,
                anchor,
                resume,
            } => self.open_document(*doc, file, anchor, resume),
            Event::ReloadFailed(error) => self.reload_failed(error),
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
        match command {
            Command::Quit => self.quit = true,
            Command::Wheel { column, row, lines } => self.wheel(column, row, lines),
            Command::Click { column, row } => self.click(column, row),
            Command::Drag { column, row } => self.drag(column, row),
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
    fn view_key(&self) -> (Pos, Context, bool, Option<(usize, Option<usize>)>) {
        (
            self.top,
            self.context(),
            self.sidebar_visible(),
            self.find
                .search
                .as_ref()
                .map(|s| (s.matches.len(), s.current)),
        )
    }

    /// What a background search step can change on screen: the counter,
    /// the sidebar's counts and (with a new current match) the view.
    fn search_progress(&self) -> Option<(usize, Option<usize>, bool)> {
        let s = self.find.search.as_ref()?;
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
        let last = self.doc.sections.len().saturating_sub(1);
        match action {
            Command::LineDown => self.sidebar.cursor = (self.sidebar.cursor + 1).min(last),
            Command::LineUp => self.sidebar.cursor = self.sidebar.cursor.saturating_sub(1),
            Command::Top => self.sidebar.cursor = 0,
            Command::Bottom => self.sidebar.cursor = last,
            Command::Activate => {
                self.jump_to_section(self.sidebar.cursor);
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
                self.spy.jump_target = None;
                self.top = Pos::default();
            }
            Command::Bottom => {
                self.spy.jump_target = None;
                self.top = self.layout.last_top(&self.doc, rows);
            }
            Command::Percent => {
                let percent = u64::from(count.unwrap_or(0).min(100));
                let line = self.layout.total_lines() * percent / 100;
                self.spy.jump_target = None;
                self.top = self.layout.pos_at_line(&self.doc, line);
            }
            // Counts are applied at once, never one step at a time: a key
            // must not keep the reader busy whatever its count.
            Command::NextSection => self.section_move(times),
            Command::PrevSection => self.section_move(-times),
            Command::NextParagraph => self.paragraph_move(times),
            Command::PrevParagraph => self.paragraph_move(-times),
            Command::Info => self.status.message = Some(self.info()),
            Command::Edit => {
                let line = self
                    .doc
                    .sections
                    .get(self.current_section())
                    .map_or(1, |s| s.line.max(1));
                self.effects.push(Effect::EditDocument { line });
            }
            Command::JumpBack => self.jump_back(times.unsigned_abs() as usize),
            Command::LinkNext => self.move_link_cursor(true),
            Command::LinkPrev => self.move_link_cursor(false),
            Command::FollowSelected => match self.link_cursor {
                Some(link) => self.follow(link),
                None => self.scroll(times),
            },
            Command::LinkLabels => self.open_labels(LabelsFor::Follow),
            Command::CopyLabels => self.open_labels(LabelsFor::Copy),
            Command::CopyLink => match self.link_cursor {
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
            Command::SearchStart => self.open_prompt(PromptKind::Search),
            Command::GoToSection => self.open_prompt(PromptKind::GoTo),
            Command::ShowLinks if self.doc.links.is_empty() => {
                self.status.message = Some("this document has no links".into())
            }
            Command::ShowLinks => self.open_prompt(PromptKind::Links),
            Command::ShowBacklinks => self.show_backlinks(),
            Command::ShowResults => self.open_results(),
            Command::ClearSearch => self.find.search = None,
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
                    self.sidebar.cursor = self.current_section();
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
            _ => {}
        }
    }

    fn scroll(&mut self, delta: i64) {
        let rows = self.text_rows().max(1);
        if delta > 0 && self.layout.at_end(&self.doc, self.top, rows) {
            self.status.message = Some("end of document".into());
            return;
        }
        if delta < 0 && self.top == Pos::default() {
            self.status.message = Some("top of document".into());
            return;
        }
        self.spy.jump_target = None;
        let far = (rows as i64).saturating_mul(FAR_SCREENS);
        if delta.unsigned_abs() <= far.unsigned_abs() {
            self.top = self.layout.advance(&self.doc, self.top, delta);
            return;
        }
        // A long way (a count): by line number, without wrapping what lies
        // between (`999999999j` costs what `G` costs).
        let line = (self.layout.line_of(self.top) as i64).saturating_add(delta);
        let last = self.layout.last_top(&self.doc, rows);
        let last_line = self.layout.line_of(last) as i64;
        self.top = if line <= 0 {
            Pos::default()
        } else if line >= last_line {
            last
        } else {
            self.layout.pos_at_line(&self.doc, line as u64)
        };
    }

    /// The top at line `line` (0-based, the status line's number less
    /// one): `40G` and `:40`.
    fn go_to_line(&mut self, line: u64) {
        self.spy.jump_target = None;
        self.top = self.layout.pos_at_line(&self.doc, line);
    }

    fn jump_to_section(&mut self, section: usize) {
        let Some(s) = self.doc.sections.get(section) else {
            return;
        };
        self.top = Pos {
            block: s.heading_block as usize,
            line: 0,
        };
        self.spy.jump_target = None;
        self.clamp_top();
        if self.current_section() != section {
            self.spy.jump_target = Some(section);
        }
    }

    /// `]` (positive `by`) and `[`: from the section the sidebar marks as
    /// current, `by` sections on, stopping at the first or last; whatever
    /// the scroll position, `]` from section k goes to k + 1.
    fn section_move(&mut self, by: i64) {
        let n = self.doc.sections.len();
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
        let last_block = self.doc.blocks.len().saturating_sub(1);
        let block = if by > 0 {
            if self.layout.at_end(&self.doc, self.top, rows) {
                self.status.message = Some("end of document".into());
                return;
            }
            self.top.block.saturating_add(steps).min(last_block)
        } else {
            if self.top == Pos::default() {
                self.status.message = Some("top of document".into());
                return;
            }
            let from = self.top.block + usize::from(self.top.line > 0);
            from.saturating_sub(steps)
        };
        self.spy.jump_target = None;
        self.top = Pos { block, line: 0 };
    }

    /// What `=` and Ctrl-g show, like less: the document, its size, and
    /// where the view is.
    fn info(&self) -> String {
        let (top, total) = self.position();
        let approx = if self.layout.is_exact() { "" } else { "~" };
        let n = self.doc.sections.len();
        let k = self.current_section();
        let here = if k < n {
            format!(
                "section {}/{n} {} {}",
                k + 1,
                self.doc.section_number(k),
                self.doc.section_title(k)
            )
        } else {
            String::new()
        };
        let mut info = format!(
            "{} · {n} sections, {} paragraphs · {here} · line {}/{approx}{total} · {}%",
            self.doc.title,
            self.doc.paragraph_count(),
            (top + 1).min(total.max(1)),
            self.percent()
        );
        // The jump list's depth once there is one (Ctrl-o / Ctrl-r).
        let (back, forward) = self.jumps.depth();
        if back + forward > 0 {
            info.push_str(&format!(" · jumps: {back} back, {forward} forward"));
        }
        info
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.size.width = w;
        self.size.height = h;
        self.sidebar.followed = None;
        self.relayout();
    }

    /// Re-wraps for the current text width, keeping the top line anchored
    /// to the same place in its paragraph.
    fn relayout(&mut self) {
        let width = self.regions().text.width.max(1) as usize;
        // Nothing to keep before the first layout. The anchor of the last
        // re-wrap holds while the view has not moved since; it also undoes
        // a clamp at the end of the document that a taller size made.
        let anchor = match self.resize_anchor {
            _ if self.layout.width() == 0 => None,
            Some(a) if a.top == self.top => Some(a),
            _ => self.anchor_offset(),
        }
        .map(|a| ResizeAnchor { fresh: true, ..a });
        if width != self.layout.width() {
            self.layout.set_width(&self.doc, width);
        }
        if let Some(a) = anchor {
            let line = if a.blank {
                self.layout.lines(&self.doc, a.block).len()
            } else {
                self.layout.line_containing(&self.doc, a.block, a.offset)
            };
            self.top = Pos {
                block: a.block,
                line,
            };
        }
        self.resize_anchor = anchor;
    }

    /// Where the top line starts: a byte of its block, or the blank line
    /// after the block.
    fn anchor_offset(&mut self) -> Option<ResizeAnchor> {
        let block = self.top.block;
        if block >= self.doc.blocks.len() {
            return None;
        }
        // Only as far into a long block as the top line.
        self.layout.height_past(&self.doc, block, self.top.line);
        let lines = self.layout.cached_lines(block)?;
        let (offset, blank) = match lines.get(self.top.line) {
            Some(r) => (r.start, false),
            None => (lines.last()?.start, true),
        };
        Some(ResizeAnchor {
            block,
            offset,
            blank,
            top: self.top,
            fresh: true,
        })
    }

    /// Clamps the scroll; returns the last position the top can take.
    /// Clamps the scroll; returns whether the view is at the end (the top
    /// at the last position it can take). Where the end is is found only
    /// when the view is near it, so a long block is not wrapped to its end.
    fn clamp_top(&mut self) -> bool {
        let rows = self.text_rows().max(1);
        self.top = self.layout.clamp_pos(&self.doc, self.top);
        if !self.layout.at_end(&self.doc, self.top, rows) {
            return false;
        }
        let last = self.layout.last_top(&self.doc, rows);
        self.top = self.top.min(last);
        true
    }

    /// Makes the state consistent after any action: clamps the scroll,
    /// keeps the sidebar following the reader, wraps what will be drawn.
    fn settle(&mut self) {
        let at_end = self.clamp_top();
        if !self.sidebar_visible() && self.sidebar.focus == Focus::Sidebar {
            self.sidebar.focus = Focus::Text;
        }
        let last_section = self.doc.sections.len().saturating_sub(1);
        self.sidebar.cursor = self.sidebar.cursor.min(last_section);
        let rows = self.text_rows();
        // Wrap the visible blocks now so drawing only reads the cache, and
        // note the last heading on screen.
        let mut p = self.top;
        let mut shown = 0;
        let mut last_heading = None;
        while shown < rows && p.block < self.doc.blocks.len() {
            let h = self
                .layout
                .height_past(&self.doc, p.block, p.line + rows - shown);
            let block = self.doc.blocks[p.block];
            if block.kind == crate::model::document::BlockKind::Heading && p.line == 0 {
                last_heading = Some(block.section as usize);
            }
            if matches!(block.kind, crate::model::document::BlockKind::Code { .. })
                && let Some(lines) = self.layout.cached_lines(p.block)
            {
                // Highlight as far down this block as the screen reaches.
                let last = (p.line + rows - shown).min(lines.len());
                if let Some(r) = last.checked_sub(1).and_then(|i| lines.get(i)) {
                    self.highlight.want(&self.doc, p.block, r.end);
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
        if self.highlight.pending() {
            self.highlight.step(&self.doc);
        }
        // At the end of the document the top line cannot reach the last
        // sections; the last heading on screen is the one being read.
        self.spy.end_section = if at_end && self.top != Pos::default() {
            last_heading
        } else {
            None
        };
        let current = self.current_section();
        if self.sidebar.focus == Focus::Text && self.sidebar.followed != Some(current) {
            self.keep_visible_in_sidebar(current);
            self.sidebar.followed = Some(current);
        }
        if self.sidebar.focus == Focus::Sidebar {
            // Also after a resize made the sidebar shorter.
            self.keep_cursor_visible();
        }
        self.find.current_in_view = self.current_match_in(self.top.block..p.block);
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
        self.keep_visible_in_sidebar(self.sidebar.cursor);
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
        self.sidebar.offset = self.sidebar.offset.clamp(lowest, highest);
        let max = self.doc.sections.len().saturating_sub(rows);
        self.sidebar.offset = self.sidebar.offset.min(max);
    }

    /// True while code on screen is not highlighted yet; the event loop
    /// then feeds `Event::HighlightStep` between keys.
    pub fn highlight_pending(&self) -> bool {
        self.highlight.pending()
    }

    /// True while a search still has part of the document to cover, or the
    /// link list's filter links to score; the event loop then feeds
    /// `Event::SearchStep` between keys.
    pub fn search_in_progress(&self) -> bool {
        self.find.search.as_ref().is_some_and(Search::in_progress) || self.link_filter_in_progress()
    }
}
