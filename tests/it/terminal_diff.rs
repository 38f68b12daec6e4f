//! What a real terminal shows after diffed frames: the reader's frames go
//! through its backend (`Capped` over ratatui's CrosstermBackend, which
//! writes only the cells that changed since the last frame) into a vt100
//! terminal emulator, and after
//! every scroll the emulator's screen must be identical to the screen of
//! a fresh draw at the same position. A cluster whose width the frame
//! buffer and the terminal count differently (emoji sequences, variation
//! selectors, keycaps) shifts the rest of the row in the terminal and
//! leaves cells behind that the next diff never clears.
//!
//! Each check runs twice: in plain vt100 (like xterm: a ZWJ is a zero-width
//! mark), and in vt100 taught tmux's rule (tmux 3.3 appends any non-ASCII
//! character written after a cell holding a ZWJ to that cell, taking no
//! column of its own), where a ZWJ sent after an emoji shifts the rest of
//! the row.

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use camp_reader::app::App;
use camp_reader::settings::keymap::Command;
use camp_reader::sys::terminal::Capped;
use common::app_for;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// A writer the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How the emulated terminal treats what follows a ZWJ.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Zwj {
    /// A zero-width mark, nothing more (xterm, VTE, vt100).
    Mark,
    /// What follows joins the cell holding the ZWJ (tmux).
    Joins,
}

/// A terminal emulator fed by a real backend.
struct Screen {
    terminal: Terminal<Capped<CrosstermBackend<Shared>>>,
    out: Shared,
    parser: vt100::Parser,
    zwj: Zwj,
}

impl Screen {
    fn new(w: u16, h: u16, zwj: Zwj) -> Screen {
        let out = Shared::default();
        let backend = Capped::new(CrosstermBackend::new(out.clone()));
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h));
        let terminal = Terminal::with_options(backend, ratatui::TerminalOptions { viewport })
            .expect("terminal");
        Screen {
            terminal,
            out,
            parser: vt100::Parser::new(h, w, 0),
            zwj,
        }
    }

    /// Feeds the backend's bytes to the emulator, under the ZWJ rule.
    fn feed(&mut self, bytes: &[u8]) {
        if self.zwj == Zwj::Mark {
            return self.parser.process(bytes);
        }
        let text = std::str::from_utf8(bytes).expect("the backend writes UTF-8");
        let mut utf8 = [0; 4];
        for c in text.chars() {
            // Escape sequences are ASCII: only printed text is joined.
            if !c.is_ascii() && self.after_zwj() {
                continue;
            }
            self.parser.process(c.encode_utf8(&mut utf8).as_bytes());
        }
    }

    /// Whether the cell left of the cursor (a wide one's first column)
    /// holds a ZWJ.
    fn after_zwj(&self) -> bool {
        let screen = self.parser.screen();
        let (row, col) = screen.cursor_position();
        let mut x = col.checked_sub(1);
        if let Some(c) = x.filter(|&x| x > 0)
            && screen
                .cell(row, c)
                .is_some_and(|cell| cell.is_wide_continuation())
        {
            x = Some(c - 1);
        }
        x.and_then(|x| screen.cell(row, x))
            .is_some_and(|cell| cell.contents().contains('\u{200d}'))
    }

    /// Draws a frame (diffed against the last) and returns the screen.
    fn draw(&mut self, app: &App) -> String {
        self.terminal
            .draw(|f| f.render_widget(app, f.area()))
            .expect("draw");
        let bytes = std::mem::take(&mut *self.out.0.lock().unwrap());
        self.feed(&bytes);
        self.contents()
    }

    /// Every cell's text, row by row (wide characters once).
    fn contents(&self) -> String {
        let screen = self.parser.screen();
        let (rows, cols) = screen.size();
        let mut s = String::new();
        for y in 0..rows {
            for x in 0..cols {
                match screen.cell(y, x) {
                    Some(c) if c.is_wide_continuation() => {}
                    Some(c) if c.has_contents() => s.push_str(c.contents()),
                    _ => s.push(' '),
                }
            }
            s.push('\n');
        }
        s
    }
}

/// Scripts and symbols whose clusters terminals measure in different ways.
const HARD: &[&str] = &[
    "नमस्ते दुनिया, यह एक परीक्षण है: कि की कु के कै को कौ ते ि ा क्ष त्र ज्ञ।",
    "I ❤\u{fe0f} emoji with variation selectors: ☺\u{fe0f} ✌\u{fe0f} ☀\u{fe0f} ✔\u{fe0f} and text ones ☺\u{fe0e}.",
    "Families 👨\u{200d}👩\u{200d}👧 and 👩\u{200d}💻 coders, 🏳\u{fe0f}\u{200d}🌈 flags, 👍🏽 thumbs.",
    "Flags: 🇵🇸 🇫🇷 🇯🇵 🇩🇪, a lone 🇵 variation🇵selector, keycaps 1\u{fe0f}\u{20e3} #\u{fe0f}\u{20e3}.",
    "東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都",
    "x東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都",
    "Combining: e\u{301}te\u{301} n\u{303}o a\u{20dd} ᄀ\u{1161}\u{11a8} 葛\u{e0100}城 ﾊﾞﾝ.",
    // ZWJ sequences with a text-default component, inside words.
    "abcdefghij x 🏴\u{200d}☠\u{fe0f} and more text tail tail",
    "a❤\u{fe0f}\u{200d}🔥b 🏳\u{fe0f}\u{200d}🌈 c🏳\u{fe0f}\u{200d}⚧\u{fe0f}d 👁\u{fe0f}\u{200d}🗨\u{fe0f} e🧑\u{200d}🍳f 👨\u{200d}👩\u{200d}👧\u{200d}👦 g",
];

fn hard_document() -> String {
    let mut toml = String::from("title = \"Widths\"\n");
    for section in 0..6 {
        // Titles show in the sidebar, the status line and the lists.
        let title = [
            "Part ❤\u{fe0f} 👨\u{200d}👩\u{200d}👧",
            "भाग कि स्ते",
            "🇵🇸 ﾊﾞ 1\u{fe0f}\u{20e3}",
        ][section % 3];
        toml.push_str(&format!(
            "[[sections]]\ntitle = \"{title} {section}\"\nbody = \"\"\"\n"
        ));
        for round in 0..3 {
            for (i, line) in HARD.iter().enumerate() {
                // Shift each paragraph a little so wide characters land on
                // every column, the last one included.
                let pad = "x".repeat((section + round + i) % 4);
                toml.push_str(&format!("{pad}{line} {line}\n\n"));
            }
        }
        toml.push_str("\"\"\"\n");
    }
    toml
}

fn fresh(app: &App, zwj: Zwj) -> String {
    let mut screen = Screen::new(app.size().width, app.size().height, zwj);
    screen.draw(app)
}

#[test]
fn diffed_frames_match_a_fresh_draw_after_every_scroll() {
    scroll_and_compare(Zwj::Mark);
}

#[test]
fn diffed_frames_match_a_fresh_draw_where_zwj_joins() {
    scroll_and_compare(Zwj::Joins);
}

/// A fresh draw puts every cell where the frame buffer has it whatever the
/// terminal does with a ZWJ: no gap or shift after an emoji sequence.
#[test]
fn a_fresh_draw_is_the_same_where_zwj_joins() {
    let toml = hard_document();
    for (w, h) in [(100, 40), (80, 24), (47, 15)] {
        let mut app = app_for(&toml, w, h);
        for _ in 0..8 {
            let joined = fresh(&app, Zwj::Joins);
            let plain = fresh(&app, Zwj::Mark);
            assert!(
                joined == plain,
                "{w}x{h}: a ZWJ moved cells\n--- tmux-like ---\n{joined}\n--- plain ---\n{plain}"
            );
            app.update(Command::PageDown);
        }
    }
}

fn scroll_and_compare(zwj: Zwj) {
    let toml = hard_document();
    for (w, h) in [(100, 40), (80, 24), (61, 20), (47, 15)] {
        let mut app = app_for(&toml, w, h);
        let mut screen = Screen::new(w, h, zwj);
        screen.draw(&app);
        let mut steps = Vec::new();
        steps.extend(std::iter::repeat_n(Command::LineDown, 12));
        steps.extend(std::iter::repeat_n(Command::PageDown, 6));
        steps.extend(std::iter::repeat_n(Command::LineUp, 7));
        steps.extend([
            Command::HalfPageDown,
            Command::NextSection,
            Command::LineDown,
        ]);
        steps.extend(std::iter::repeat_n(Command::PageUp, 3));
        steps.extend([
            Command::ToggleSidebar,
            Command::LineDown,
            Command::ToggleSidebar,
        ]);
        for (i, step) in steps.into_iter().enumerate() {
            app.update(step.clone());
            let diffed = screen.draw(&app);
            let want = fresh(&app, zwj);
            assert!(
                diffed == want,
                "{zwj:?} {w}x{h}, step {i} ({step:?}): the terminal differs from a fresh draw\n\
                 --- after diffed frames ---\n{diffed}\n--- fresh ---\n{want}"
            );
        }
    }
}
