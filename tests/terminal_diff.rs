//! What a real terminal shows after diffed frames: the reader's frames go
//! through ratatui's CrosstermBackend (which writes only the cells that
//! changed since the last frame) into a vt100 terminal emulator, and after
//! every scroll the emulator's screen must be identical to the screen of
//! a fresh draw at the same position. A cluster whose width the frame
//! buffer and the terminal count differently (emoji sequences, variation
//! selectors, keycaps) shifts the rest of the row in the terminal and
//! leaves cells behind that the next diff never clears.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use camp_reader::app::App;
use camp_reader::keymap::Action;
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

/// A terminal emulator fed by a real backend.
struct Screen {
    terminal: Terminal<CrosstermBackend<Shared>>,
    out: Shared,
    parser: vt100::Parser,
}

impl Screen {
    fn new(w: u16, h: u16) -> Screen {
        let out = Shared::default();
        let backend = CrosstermBackend::new(out.clone());
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h));
        let terminal = Terminal::with_options(backend, ratatui::TerminalOptions { viewport })
            .expect("terminal");
        Screen {
            terminal,
            out,
            parser: vt100::Parser::new(h, w, 0),
        }
    }

    /// Draws a frame (diffed against the last) and returns the screen.
    fn draw(&mut self, app: &App) -> String {
        self.terminal
            .draw(|f| f.render_widget(app, f.area()))
            .expect("draw");
        let bytes = std::mem::take(&mut *self.out.0.lock().unwrap());
        self.parser.process(&bytes);
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

fn fresh(app: &App) -> String {
    let mut screen = Screen::new(app.size.width, app.size.height);
    screen.draw(app)
}

#[test]
fn diffed_frames_match_a_fresh_draw_after_every_scroll() {
    let toml = hard_document();
    for (w, h) in [(100, 40), (80, 24), (61, 20), (47, 15)] {
        let mut app = app_for(&toml, w, h);
        let mut screen = Screen::new(w, h);
        screen.draw(&app);
        let mut steps = Vec::new();
        steps.extend(std::iter::repeat_n(Action::LineDown, 12));
        steps.extend(std::iter::repeat_n(Action::PageDown, 6));
        steps.extend(std::iter::repeat_n(Action::LineUp, 7));
        steps.extend([Action::HalfPageDown, Action::NextSection, Action::LineDown]);
        steps.extend(std::iter::repeat_n(Action::PageUp, 3));
        steps.extend([
            Action::ToggleSidebar,
            Action::LineDown,
            Action::ToggleSidebar,
        ]);
        for (i, step) in steps.into_iter().enumerate() {
            app.update(step.clone());
            let diffed = screen.draw(&app);
            let want = fresh(&app);
            assert!(
                diffed == want,
                "{w}x{h}, step {i} ({step:?}): the terminal differs from a fresh draw\n\
                 --- after diffed frames ---\n{diffed}\n--- fresh ---\n{want}"
            );
        }
    }
}
