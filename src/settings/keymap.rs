//! The one keymap table. Key handling, the help overlay and the README's key
//! list are all generated from [`default_bindings`], so they cannot drift.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the user's input means: a key through the keymap table (or the
/// mouse, or pasted text). What the event loop learns on its own (a resize,
/// a finished load, a search step) is an `Event` of the app instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    LineDown,
    LineUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    NextSection,
    PrevSection,
    /// `}` / `{`: the start of the next / previous paragraph (block).
    NextParagraph,
    PrevParagraph,
    /// `=` / Ctrl-g: the document, its size and where the view is.
    Info,
    /// `v`: edit the document at the current section, then reload it.
    Edit,
    FocusNext,
    FocusPrev,
    /// Jump to the section under the sidebar cursor and focus the text.
    Activate,
    ToggleSidebar,
    /// `S`: chop mode on or off (less's `-S`): code, HTML and table lines
    /// cut at the pane's edge instead of continued.
    ToggleChop,
    /// `Left` / `Right` in chop mode: the text pane sideways by half its
    /// width.
    ScrollLeft,
    ScrollRight,
    Help,
    /// Close an overlay or give focus back to the text.
    Close,
    Quit,
    /// `Z`: waits for a second `Z`, which quits (less's and vim's `ZZ`).
    QuitPrefix,
    /// Suspend to the shell (Ctrl-z); `fg` comes back: an effect the
    /// event loop performs.
    Suspend,
    /// Clear the terminal and draw the whole screen again (Ctrl-l, `r`,
    /// as in less): an effect the event loop performs, the state does not
    /// change.
    Redraw,
    /// A key bound to nothing where it was pressed (reading or the
    /// sidebar): said so, with the help key, rather than nothing.
    NotBound(Key),
    /// A digit of a count typed before a command (`5j`, `30G`, `50%`).
    Count(u8),
    /// Go to a percentage of the document (the count; `%` or `p`).
    Percent,
    /// `m`: the next letter names a mark to set here.
    MarkSet,
    /// `'`: the next letter names a mark to go to (`''`: back to before the
    /// last jump).
    MarkJump,
    /// `Ctrl-o`: back to the place before the last jump, through the jump
    /// list (a count goes further back).
    JumpBack,
    /// Forward through the jump list again after going back.
    JumpForward,
    /// Move the link cursor to the next / previous link on screen.
    LinkNext,
    LinkPrev,
    /// `Enter` while reading: follow the link under the link cursor, or
    /// scroll one line when none is selected.
    FollowSelected,
    /// `o`: a label over every link on screen; typing one follows it.
    LinkLabels,
    /// `c`: copy the address of the link under the link cursor.
    CopyLink,
    /// `C`: a label over every link on screen; typing one copies it.
    CopyLabels,
    /// `Y`: a label over every code block on screen; typing one copies
    /// its code.
    CodeLabels,
    /// Open the search prompt (`/`).
    SearchStart,
    /// Open the backward search prompt (`?`, as in less and vim): the
    /// match shown is the last one before the end of the screen, and `n`
    /// goes on backward.
    SearchBackStart,
    SearchNext,
    SearchPrev,
    /// Forget the search and its highlights.
    ClearSearch,
    /// Open the list of every match.
    ShowResults,
    /// Open the go-to-section prompt (`:`).
    GoToSection,
    /// `L`: the list of every link, filtered by typing.
    ShowLinks,
    /// `B`: every place linking to this document (in a book) or section,
    /// filtered by typing.
    ShowBacklinks,
    /// Prompt editing.
    Insert(char),
    /// Text pasted into the terminal (bracketed paste): one edit of the
    /// prompt, however long.
    Paste(String),
    DeleteBack,
    DeleteForward,
    ClearInput,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    HistoryPrev,
    HistoryNext,
    ToggleRegex,
    /// Accept the prompt or the list selection.
    Accept,
    /// Move the selection in a list.
    SelectNext,
    SelectPrev,
    /// Mouse wheel: lines to scroll (negative = up) at a screen cell.
    Wheel {
        column: u16,
        row: u16,
        lines: i16,
    },
    /// Mouse click (left button pressed) at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse moved with the left button held, now at a screen cell.
    Drag {
        column: u16,
        row: u16,
    },
    /// The mouse's horizontal wheel (or a sideways swipe) at a screen
    /// cell: to the right, or to the left.
    WheelSideways {
        column: u16,
        row: u16,
        right: bool,
    },
}

/// Where a key is pressed; the same key can mean different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Reading the text (the default).
    Text,
    /// The sidebar has focus.
    Sidebar,
    /// The help overlay is open.
    Help,
    /// Typing a search (`/`).
    Search,
    /// Typing a section name (`:`).
    GoTo,
    /// The link list (`L`), filtered by typing.
    Links,
    /// The list of matches is open.
    Results,
    /// After `m`, waiting for a mark letter.
    MarkSet,
    /// After `'`, waiting for a mark letter or `'`.
    MarkJump,
    /// After `o` or `C`: typing a link's label.
    LinkLabels,
    /// After `Z`, waiting for the second `Z` of `ZZ`.
    AfterZ,
}

impl Context {
    pub fn label(self) -> &'static str {
        match self {
            Context::Text => "reading",
            Context::Sidebar => "sidebar",
            Context::Help => "help",
            Context::Search => "search prompt",
            Context::GoTo => "go-to prompt",
            Context::Links => "link list",
            Context::Results => "match list",
            Context::MarkSet => "after m",
            Context::MarkJump => "after '",
            Context::LinkLabels => "link labels",
            Context::AfterZ => "after Z",
        }
    }
}

/// A key with its modifiers, e.g. `Ctrl-f`, `G`, `PgDn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Self {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Normalises a terminal key event: Shift is part of the character for
    /// character keys (`G`), so it is not compared separately.
    pub fn from_event(e: &KeyEvent) -> Self {
        let code = match e.code {
            KeyCode::Char(c) if e.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            c => c,
        };
        Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses names such as `j`, `G`, `Ctrl-f`, `ctrl+d`, `PgDn`, `Space`, `F1`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 2
                && (lower.starts_with("ctrl-") || lower.starts_with("ctrl+"))
            {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 2
                && (lower.starts_with("alt-") || lower.starts_with("alt+"))
            {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "up" | "↑" => KeyCode::Up,
                "down" | "↓" => KeyCode::Down,
                "left" | "←" => KeyCode::Left,
                "right" | "→" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "delete" | "del" => KeyCode::Delete,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
                }
                _ => return None,
            },
        };
        Some(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One row of the keymap table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub contexts: &'static [Context],
    pub keys: Vec<Key>,
    pub command: Command,
    /// Stable name used in the config file (`[keys]`).
    pub name: &'static str,
    /// What it does, for the help, the README and the man page. `{name}`
    /// stands for the first key of the binding called `name`, so a
    /// remapped key is named right: read it through [`Keymap::help_of`].
    pub help: &'static str,
}

const TEXT: &[Context] = &[Context::Text];
const SIDEBAR: &[Context] = &[Context::Sidebar];
const READING: &[Context] = &[Context::Text, Context::Sidebar];
const HELP: &[Context] = &[Context::Help];
const PROMPTS: &[Context] = &[Context::Search, Context::GoTo, Context::Links];
const SEARCH: &[Context] = &[Context::Search];
const GOTO: &[Context] = &[Context::GoTo, Context::Links];
const LINKS: &[Context] = &[Context::Links];
const RESULTS: &[Context] = &[Context::Results];
const MARKS: &[Context] = &[Context::MarkSet, Context::MarkJump];
const LABELS: &[Context] = &[Context::LinkLabels];
const AFTER_Z: &[Context] = &[Context::AfterZ];

macro_rules! binding {
    ($ctx:expr, [$($key:expr),* $(,)?], $command:expr, $name:literal, $help:literal) => {
        Binding { contexts: $ctx, keys: vec![$($key),*], command: $command, name: $name, help: $help }
    };
}

/// The default bindings, in the order the help overlay lists them.
#[rustfmt::skip]
pub fn default_bindings() -> Vec<Binding> {
    use KeyCode::*;
    let k = Key::plain;
    let c = Key::char;
    vec![
        binding!(TEXT, [c('j'), k(Down), c('e'), Key::ctrl('e'), Key::ctrl('n'), c('J')], Command::LineDown, "line-down", "scroll down one line"),
        binding!(TEXT, [c('k'), k(Up), c('y'), Key::ctrl('y'), Key::ctrl('p'), c('K')], Command::LineUp, "line-up", "scroll up one line"),
        binding!(TEXT, [c(' '), k(PageDown), Key::ctrl('f'), c('f'), c('z')], Command::PageDown, "page-down", "one page down (2 lines overlap)"),
        binding!(TEXT, [c('b'), k(PageUp), Key::ctrl('b'), c('w')], Command::PageUp, "page-up", "one page up (2 lines overlap)"),
        binding!(TEXT, [Key::ctrl('d'), c('d')], Command::HalfPageDown, "half-page-down", "half a page down"),
        binding!(TEXT, [Key::ctrl('u'), c('u')], Command::HalfPageUp, "half-page-up", "half a page up"),
        binding!(TEXT, [c('g'), k(Home), c('<')], Command::Top, "top", "top of document"),
        binding!(TEXT, [c('G'), k(End), c('>')], Command::Bottom, "bottom", "end of document"),
        binding!(READING, [c(']')], Command::NextSection, "next-section", "next section heading"),
        binding!(READING, [c('[')], Command::PrevSection, "prev-section", "previous section heading"),
        binding!(READING, [c('}')], Command::NextParagraph, "next-paragraph", "next paragraph"),
        binding!(READING, [c('{')], Command::PrevParagraph, "prev-paragraph", "previous paragraph (or the start of this one)"),
        binding!(READING, [c('/')], Command::SearchStart, "search", "search the text (then {search-next} / {search-prev})"),
        binding!(READING, [c('?')], Command::SearchBackStart, "search-back", "search backward (then {search-next} goes on backward, as in less and vim)"),
        binding!(READING, [c('n')], Command::SearchNext, "search-next", "next match in the search's direction (wraps around)"),
        binding!(READING, [c('N')], Command::SearchPrev, "search-prev", "match in the other direction (wraps around)"),
        binding!(READING, [c('&')], Command::ShowResults, "search-results", "list every match"),
        binding!(TEXT, [k(Esc)], Command::ClearSearch, "search-clear", "clear the search and the link Tab chose"),
        binding!(READING, [c(':')], Command::GoToSection, "go-to-section", "go to a section by name (fuzzy)"),
        binding!(READING, [c('L')], Command::ShowLinks, "link-list", "list every link (type to filter)"),
        binding!(READING, [c('B')], Command::ShowBacklinks, "backlinks", "list every place linking here (type to filter)"),
        binding!(TEXT, [c('%'), c('p')], Command::Percent, "percent", "N{percent}: go to N percent of the document"),
        binding!(TEXT, [c('0'), c('1'), c('2'), c('3'), c('4'), c('5'), c('6'), c('7'), c('8'), c('9')], Command::Count(0), "count", "a count for the next key: 5{line-down}, 3{next-section}, 40{bottom} (line 40), 50{percent}"),
        binding!(READING, [c('m')], Command::MarkSet, "mark-set", "{mark-set} then a letter: set a mark here"),
        binding!(READING, [c('\'')], Command::MarkJump, "mark-jump", "{mark-jump} then a letter: go to that mark; {mark-jump}' back to before the last jump"),
        binding!(READING, [Key::ctrl('o')], Command::JumpBack, "jump-back", "back through the jump list (sections, searches, marks, links)"),
        // Vim's Ctrl-i is the Tab byte in most terminals; Ctrl-r (vim's redo:
        // undo the step back) is a byte of its own everywhere.
        binding!(READING, [Key::ctrl('r')], Command::JumpForward, "jump-forward", "forward through the jump list after {jump-back}"),
        binding!(MARKS, [k(Esc)], Command::Close, "mark-cancel", "cancel a mark"),
        // Tab moves through links, as in a browser; the sidebar has a key
        // of its own (vim's window key).
        binding!(TEXT, [k(Tab)], Command::LinkNext, "link-next", "select the next link on screen"),
        binding!(TEXT, [k(BackTab)], Command::LinkPrev, "link-prev", "select the previous link on screen"),
        binding!(TEXT, [k(Enter)], Command::FollowSelected, "link-follow", "follow the selected link (none selected: scroll down one line)"),
        binding!(TEXT, [c('o')], Command::LinkLabels, "link-labels", "a label on every link on screen: type one to follow it"),
        binding!(TEXT, [c('c')], Command::CopyLink, "link-copy", "copy the selected link's address"),
        binding!(TEXT, [c('C')], Command::CopyLabels, "link-copy-label", "a label on every link on screen: type one to copy its address"),
        binding!(TEXT, [c('Y')], Command::CodeLabels, "code-copy-label", "a label on every code block on screen: type one to copy its code"),
        binding!(LABELS, [k(Esc), Key::ctrl('c')], Command::Close, "link-labels-cancel", "cancel the labels"),
        binding!(READING, [Key::ctrl('w')], Command::FocusNext, "focus-next", "move focus between sidebar and text"),
        binding!(SIDEBAR, [k(Tab), k(BackTab)], Command::FocusPrev, "focus-prev", "sidebar: back to the text"),
        binding!(SIDEBAR, [c('j'), k(Down)], Command::LineDown, "sidebar-down", "sidebar: cursor down"),
        binding!(SIDEBAR, [c('k'), k(Up)], Command::LineUp, "sidebar-up", "sidebar: cursor up"),
        binding!(SIDEBAR, [c('g'), k(Home)], Command::Top, "sidebar-first", "sidebar: first section"),
        binding!(SIDEBAR, [c('G'), k(End)], Command::Bottom, "sidebar-last", "sidebar: last section"),
        binding!(SIDEBAR, [k(Enter), c('l'), k(Right)], Command::Activate, "sidebar-open", "sidebar: jump there, focus the text"),
        binding!(SIDEBAR, [k(Esc), c('h'), k(Left)], Command::Close, "sidebar-leave", "sidebar: focus the text"),
        binding!(READING, [c('t')], Command::ToggleSidebar, "toggle-sidebar", "show / hide the sidebar"),
        binding!(TEXT, [c('h')], Command::Help, "help-reading", "help, as in less ({help-close} closes it)"),
        binding!(READING, [k(F(1))], Command::Help, "help", "help, from the sidebar too"),
        binding!(READING, [c('='), Key::ctrl('g')], Command::Info, "info", "document, size and where you are (as in less)"),
        binding!(READING, [c('v')], Command::Edit, "edit", "edit at this line: the link cursor, the match on screen, or the top line ($VISUAL, $EDITOR or vi), then reload"),
        binding!(READING, [c('S')], Command::ToggleChop, "toggle-chop", "chop mode: wide code and tables cut at the edge (as less -S)"),
        binding!(TEXT, [k(Right)], Command::ScrollRight, "scroll-right", "chopped lines: scroll right by half the pane (a count N: N columns, kept for later steps, as in less)"),
        binding!(TEXT, [k(Left)], Command::ScrollLeft, "scroll-left", "chopped lines: scroll back left"),
        binding!(HELP, [k(Esc), c('q'), c('h'), c('?'), k(F(1))], Command::Close, "help-close", "close help"),
        binding!(HELP, [c('j'), k(Down)], Command::LineDown, "help-down", "scroll help"),
        binding!(HELP, [c('k'), k(Up)], Command::LineUp, "help-up", "scroll help back"),
        binding!(HELP, [c(' '), k(PageDown), c('f')], Command::PageDown, "help-page-down", "help: page down"),
        binding!(HELP, [c('b'), k(PageUp)], Command::PageUp, "help-page-up", "help: page up"),
        binding!(HELP, [c('g'), k(Home)], Command::Top, "help-top", "help: top"),
        binding!(HELP, [c('G'), k(End)], Command::Bottom, "help-bottom", "help: end"),
        binding!(PROMPTS, [k(Enter)], Command::Accept, "prompt-accept", "prompt: accept"),
        binding!(PROMPTS, [k(Esc), Key::ctrl('c'), Key::ctrl('g')], Command::Close, "prompt-cancel", "prompt: cancel, back to where you were"),
        binding!(PROMPTS, [k(Backspace), Key::ctrl('h')], Command::DeleteBack, "prompt-backspace", "prompt: delete before the cursor"),
        binding!(PROMPTS, [k(Delete)], Command::DeleteForward, "prompt-delete", "prompt: delete under the cursor"),
        binding!(PROMPTS, [Key::ctrl('u')], Command::ClearInput, "prompt-clear", "prompt: clear"),
        binding!(PROMPTS, [k(Left), Key::ctrl('b')], Command::CursorLeft, "prompt-left", "prompt: cursor left"),
        binding!(PROMPTS, [k(Right), Key::ctrl('f')], Command::CursorRight, "prompt-right", "prompt: cursor right"),
        binding!(PROMPTS, [k(Home), Key::ctrl('a')], Command::CursorHome, "prompt-home", "prompt: cursor to start"),
        binding!(PROMPTS, [k(End), Key::ctrl('e')], Command::CursorEnd, "prompt-end", "prompt: cursor to end"),
        binding!(SEARCH, [k(Up)], Command::HistoryPrev, "search-history-prev", "search prompt: earlier query"),
        binding!(SEARCH, [k(Down)], Command::HistoryNext, "search-history-next", "search prompt: later query"),
        binding!(SEARCH, [Key::ctrl('r')], Command::ToggleRegex, "search-regex", "search prompt: toggle regular expression"),
        binding!(LINKS, [Key::ctrl('y')], Command::CopyLink, "link-list-copy", "link list: copy the selected link's address"),
        binding!(GOTO, [k(Down), Key::ctrl('n'), k(Tab)], Command::SelectNext, "goto-next", "go-to prompt: next candidate"),
        binding!(GOTO, [k(Up), Key::ctrl('p'), k(BackTab)], Command::SelectPrev, "goto-prev", "go-to prompt: previous candidate"),
        binding!(RESULTS, [c('j'), k(Down), Key::ctrl('n')], Command::SelectNext, "results-next", "match list: next (previews it)"),
        binding!(RESULTS, [c('k'), k(Up), Key::ctrl('p')], Command::SelectPrev, "results-prev", "match list: previous (previews it)"),
        binding!(RESULTS, [k(PageDown), c(' ')], Command::PageDown, "results-page-down", "match list: page down"),
        binding!(RESULTS, [k(PageUp), c('b')], Command::PageUp, "results-page-up", "match list: page up"),
        binding!(RESULTS, [c('g'), k(Home)], Command::Top, "results-first", "match list: first match"),
        binding!(RESULTS, [c('G'), k(End)], Command::Bottom, "results-last", "match list: last match"),
        binding!(RESULTS, [k(Enter)], Command::Accept, "results-jump", "match list: jump there"),
        binding!(RESULTS, [k(Esc), c('q'), c('&')], Command::Close, "results-close", "match list: close, back to where you were"),
        binding!(READING, [c('q'), c('Q'), Key::ctrl('c')], Command::Quit, "quit", "quit"),
        binding!(READING, [c('Z')], Command::QuitPrefix, "quit-prefix", "{quit-prefix}{quit-confirm}: quit, as in less and vim"),
        binding!(AFTER_Z, [c('Z')], Command::Quit, "quit-confirm", "the second Z of ZZ: quit (any other key cancels the first)"),
        binding!(READING, [Key::ctrl('l'), c('r')], Command::Redraw, "redraw", "clear and redraw the whole screen"),
        binding!(READING, [Key::ctrl('z')], Command::Suspend, "suspend", "suspend to the shell (fg returns)"),
        binding!(HELP, [Key::ctrl('c')], Command::Quit, "help-quit", "quit"),
        binding!(RESULTS, [Key::ctrl('c')], Command::Quit, "results-quit", "quit"),
    ]
}

/// The help overlay's groups: the contexts whose bindings each lists, under
/// a title (`{name}` placeholders as in [`Binding::help`]).
pub const HELP_GROUPS: &[(&[Context], &str)] = &[
    (&[Context::Text, Context::AfterZ], "Reading"),
    (&[Context::Sidebar], "Sidebar ({focus-next})"),
    (
        &[Context::Search, Context::GoTo, Context::Links],
        "Search and go-to prompts, link list ({link-list})",
    ),
    (&[Context::Results], "Match list ({search-results})"),
    (&[Context::MarkSet, Context::MarkJump], "Marks"),
    (
        &[Context::LinkLabels],
        "Link labels ({link-labels}, {link-copy-label})",
    ),
    (&[Context::Help], "Help"),
];

/// The `{name}` placeholders in a help text, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        names.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    names
}

/// The keymap in force: defaults, possibly remapped by the config.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: default_bindings(),
        }
    }
}

impl Keymap {
    /// Replaces the keys of the binding called `name` (its `Binding::name`,
    /// as in the config file's `[keys]`); an empty list unbinds it. False
    /// when no binding has that name.
    pub fn remap(&mut self, name: &str, keys: Vec<Key>) -> bool {
        match self.bindings.iter_mut().find(|b| b.name == name) {
            Some(b) => {
                b.keys = keys;
                true
            }
            None => false,
        }
    }

    /// The first key of the first binding of `command` (in table order),
    /// as shown on screen (`?`, `Ctrl-r`); `None` when that binding has no
    /// key.
    pub fn first_key(&self, command: &Command) -> Option<String> {
        self.first_key_where(|b| b.command == *command)
    }

    /// The same for the first binding of `command` that applies in
    /// `context` (`Close` is `Esc` in a prompt, `q` among others in help).
    pub fn first_key_in(&self, context: Context, command: &Command) -> Option<String> {
        self.first_key_where(|b| b.command == *command && b.contexts.contains(&context))
    }

    fn first_key_where(&self, pick: impl Fn(&Binding) -> bool) -> Option<String> {
        // A binding left with no key gives way to the next one of the
        // command (`help-reading` unbound: `help`'s F1).
        self.bindings
            .iter()
            .filter(|b| pick(b))
            .find_map(|b| b.keys.first())
            .map(Key::to_string)
    }

    /// The first key of the binding called `name` (its config-file name),
    /// for the `{name}` placeholders of help texts.
    fn key_named(&self, name: &str) -> Option<String> {
        self.first_key_where(|b| b.name == name)
    }

    /// `text` with each `{name}` replaced by the key of that binding.
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            out.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            out.push_str(&self.key_named(name).unwrap_or_else(|| "(unbound)".into()));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// What a binding does, naming the keys in force.
    pub fn help_of(&self, b: &Binding) -> String {
        self.fill(b.help)
    }

    /// The command bound to `key` in `context`.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Command> {
        self.bound(context, key).or_else(|| {
            // Ctrl-j left unbound is Enter: keys typed before the terminal
            // is raw arrive with Enter turned into a line feed (ICRNL),
            // and vim and less take Ctrl-j as Enter in command lines.
            (key == Key::ctrl('j'))
                .then(|| self.bound(context, Key::plain(KeyCode::Enter)))
                .flatten()
        })
    }

    fn bound(&self, context: Context, key: Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.contexts.contains(&context) && b.keys.contains(&key))
            .map(|b| match (&b.command, key.code) {
                // One binding covers the ten digits; the key says which.
                (Command::Count(_), KeyCode::Char(d)) => {
                    Command::Count(d.to_digit(10).map_or(0, |d| d as u8))
                }
                (command, _) => command.clone(),
            })
    }

    pub fn command_for_event(&self, context: Context, event: &KeyEvent) -> Option<Command> {
        self.command_for_key(context, Key::from_event(event))
    }

    /// What `key` means in `context`: its binding, else a character typed
    /// into a prompt.
    pub fn command_for_key(&self, context: Context, key: Key) -> Option<Command> {
        if let Some(command) = self.lookup(context, key) {
            return Some(command);
        }
        match (context, key.code) {
            // In a prompt, any other printable key is typed.
            (
                Context::Search
                | Context::GoTo
                | Context::Links
                | Context::MarkSet
                | Context::MarkJump
                | Context::LinkLabels,
                KeyCode::Char(c),
            ) if !key.ctrl && !key.alt => Some(Command::Insert(c)),
            // After `Z`, any other key only cancels it.
            (Context::AfterZ, _) => Some(Command::Close),
            _ => None,
        }
    }

    /// Rows for the help overlay: (keys, description).
    pub fn help_rows(&self) -> Vec<(String, String)> {
        // Grouped by where the keys apply, each group under a heading row
        // (empty keys).
        let hidden = [
            "help-quit",
            "help-down",
            "help-up",
            "help-page-down",
            "help-page-up",
            "help-top",
            "help-bottom",
            "results-quit",
        ];
        let mut rows = Vec::new();
        for &(contexts, title) in HELP_GROUPS {
            let members: Vec<&Binding> = self
                .bindings
                .iter()
                .filter(|b| !b.keys.is_empty() && !hidden.contains(&b.name))
                .filter(|b| b.contexts.first().is_some_and(|c| contexts.contains(c)))
                .collect();
            if members.is_empty() {
                continue;
            }
            rows.push((String::new(), self.fill(title)));
            rows.extend(
                members
                    .into_iter()
                    .map(|b| (keys_label(&b.keys), self.help_of(b))),
            );
        }
        rows
    }

    /// The README's key table (Markdown).
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| keys | where | action |\n| --- | --- | --- |\n");
        for b in &self.bindings {
            let keys: Vec<String> = b.keys.iter().map(|k| format!("`{k}`")).collect();
            let ctx: Vec<&str> = b.contexts.iter().map(|c| c.label()).collect();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                keys.join(" ").replace('|', "\\|"),
                ctx.join(", "),
                self.help_of(b)
            ));
        }
        out
    }
}

pub fn keys_label(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for name in [
            "j",
            "G",
            "Ctrl-f",
            "Space",
            "PgDn",
            "Shift-Tab",
            "Enter",
            "F1",
            "]",
        ] {
            let key = Key::parse(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(key.to_string(), name);
        }
        assert_eq!(Key::parse("ctrl+D"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("nonsense"), None);
        assert_eq!(Key::parse("F99"), None);
    }

    #[test]
    fn same_key_means_different_things_by_context() {
        let map = Keymap::default();
        assert_eq!(
            map.lookup(Context::Text, Key::char('j')),
            Some(Command::LineDown)
        );
        assert_eq!(
            map.lookup(Context::Sidebar, Key::plain(KeyCode::Enter)),
            Some(Command::Activate)
        );
        assert_eq!(
            map.lookup(Context::Help, Key::char('q')),
            Some(Command::Close)
        );
        assert_eq!(
            map.lookup(Context::Text, Key::char('q')),
            Some(Command::Quit)
        );
        assert_eq!(map.lookup(Context::Text, Key::char('x')), None);
    }

    #[test]
    fn less_and_vim_keys_for_help_info_and_paragraphs() {
        let map = Keymap::default();
        let text = |k: Key| map.lookup(Context::Text, k);
        assert_eq!(text(Key::char('h')), Some(Command::Help));
        // `?` searches backward, as in less and vim, not help.
        assert_eq!(text(Key::char('?')), Some(Command::SearchBackStart));
        assert_eq!(
            map.lookup(Context::Sidebar, Key::char('?')),
            Some(Command::SearchBackStart)
        );
        assert_eq!(text(Key::char('=')), Some(Command::Info));
        assert_eq!(text(Key::ctrl('g')), Some(Command::Info));
        assert_eq!(text(Key::char('}')), Some(Command::NextParagraph));
        assert_eq!(text(Key::char('{')), Some(Command::PrevParagraph));
        // In the sidebar `h` still leaves it, as in vim.
        assert_eq!(
            map.lookup(Context::Sidebar, Key::char('h')),
            Some(Command::Close)
        );
        // Remapped, `h` is no longer help.
        let mut map = Keymap::default();
        map.remap("help-reading", vec![]);
        assert_eq!(map.lookup(Context::Text, Key::char('h')), None);
    }

    #[test]
    fn a_line_feed_is_enter_wherever_enter_is_bound() {
        // Typed before raw mode, Enter reaches us as a line feed (Ctrl-j).
        let map = Keymap::default();
        for context in [
            Context::Text,
            Context::Sidebar,
            Context::Search,
            Context::GoTo,
            Context::Links,
            Context::Results,
        ] {
            assert_eq!(
                map.lookup(context, Key::ctrl('j')),
                map.lookup(context, Key::plain(KeyCode::Enter)),
                "{context:?}"
            );
            assert!(map.lookup(context, Key::ctrl('j')).is_some(), "{context:?}");
        }
        // Bound by the reader to something else, it is that.
        let mut map = Keymap::default();
        assert!(map.remap("line-down", vec![Key::ctrl('j')]));
        assert_eq!(
            map.lookup(Context::Text, Key::ctrl('j')),
            Some(Command::LineDown)
        );
        assert_eq!(
            map.lookup(Context::Search, Key::ctrl('j')),
            Some(Command::Accept)
        );
    }

    #[test]
    fn ctrl_and_shift_events_normalise() {
        let e = KeyEvent::new(
            KeyCode::Char('F'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Key::from_event(&e), Key::ctrl('f'));
        let e = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), Key::char('G'));
    }

    #[test]
    fn remap_replaces_keys_by_name() {
        let mut map = Keymap::default();
        assert!(map.remap("line-down", vec![Key::char('x'), Key::ctrl('j')]));
        assert_eq!(
            map.lookup(Context::Text, Key::char('x')),
            Some(Command::LineDown)
        );
        assert_eq!(map.lookup(Context::Text, Key::char('j')), None);
        assert!(map.remap("quit", vec![]));
        assert_eq!(map.lookup(Context::Text, Key::char('q')), None);
        assert!(!map.remap("no-such-action", vec![Key::char('z')]));
        assert_eq!(
            map.lookup(Context::Text, Key::char('z')),
            Some(Command::PageDown)
        );
    }

    #[test]
    fn every_placeholder_in_a_help_text_names_a_binding() {
        let map = Keymap::default();
        let texts = map
            .bindings
            .iter()
            .map(|b| b.help)
            .chain(HELP_GROUPS.iter().map(|&(_, title)| title));
        let mut checked = 0;
        for text in texts {
            for name in placeholders(text) {
                assert!(
                    map.bindings.iter().any(|b| b.name == name),
                    "{{{name}}} in {text:?} names no binding"
                );
                checked += 1;
            }
        }
        // The texts do name keys: the check above ran.
        assert!(checked >= 10, "{checked}");
        assert_eq!(placeholders("a {x} b {y-z} {"), ["x", "y-z"]);
    }

    #[test]
    fn keys_are_found_by_their_command() {
        let mut map = Keymap::default();
        assert_eq!(map.first_key(&Command::LinkNext).as_deref(), Some("Tab"));
        assert_eq!(map.first_key(&Command::Help).as_deref(), Some("h"));
        assert_eq!(
            map.first_key_in(Context::Help, &Command::Close).as_deref(),
            Some("Esc")
        );
        assert_eq!(
            map.first_key_in(Context::Results, &Command::Accept)
                .as_deref(),
            Some("Enter")
        );
        map.remap("link-next", vec![Key::char('x')]);
        assert_eq!(map.first_key(&Command::LinkNext).as_deref(), Some("x"));
        // Unbound: no key to name (not another binding's).
        map.remap("help-reading", vec![]);
        assert_eq!(map.first_key(&Command::Help).as_deref(), Some("F1"));
        map.remap("help", vec![]);
        assert_eq!(map.first_key(&Command::Help), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let map = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for b in &map.bindings {
            for ctx in b.contexts {
                for key in &b.keys {
                    assert!(seen.insert((*ctx, *key)), "{key} bound twice in {ctx:?}");
                }
            }
        }
    }
}
