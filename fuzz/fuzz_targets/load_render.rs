//! Fuzz target: arbitrary bytes as a document, read both as TOML and as
//! Markdown, and as fenced code blocks whose info string is the input's
//! first line (random languages, attribute forms, hostile bytes) and whose
//! code is the rest. Loading must end in a document or an error whose
//! message is safe to print; a document must draw, through a real
//! crossterm backend, its code highlighted, into bytes that hold no escape
//! sequence but the backend's own (the byte rule of
//! tests/hostile_render.rs, `output_check`), print with no control
//! character but line breaks, and print in colour with SGR sequences only.
//!
//! Run: `cd fuzz && cargo +nightly fuzz run load_render -- -max_total_time=60`

#![no_main]

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use camp_reader::app::{App, Event, Options};
use camp_reader::load::{parse, parse_markdown};
use camp_reader::render::print::{Dress, Paint, print, print_dressed};
use camp_reader::settings::keymap::Command;
use camp_reader::settings::theme::Theme;
use camp_reader::testing::output_check::{check_message, check_terminal_bytes};
use libfuzzer_sys::fuzz_target;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first line as a fence's info string, the rest as its code, in
    // both fence forms (a backtick fence's info string cannot hold one).
    let (info, code) = text.split_once('\n').unwrap_or((text, ""));
    let fenced = format!("# Code\n\n```{info}\n{code}\n```\n\n~~~ {info}\n{code}\n~~~\n");
    for loaded in [
        parse("fuzz.toml", text),
        parse_markdown("fuzz.md", "fuzz", text),
        parse_markdown("fenced.md", "fenced", &fenced),
    ] {
        match loaded {
            Ok(doc) => read(doc, text),
            Err(e) => {
                let shown = e.to_string();
                if let Err(why) = check_message(&shown) {
                    panic!("unsafe error message: {why}\n{shown:?}");
                }
            }
        }
    }
});

/// Prints and draws `doc` at two sizes, with help, a search and its list.
fn read(doc: camp_reader::model::document::Document, text: &str) {
    let printed = print(&doc, None, 40, false);
    if let Some(c) = printed.chars().find(|&c| c.is_control() && c != '\n') {
        panic!("print wrote {c:?}");
    }
    // In colour (code highlighted): SGR sequences only, over the same text.
    let theme = Theme::dark();
    let dress = Dress {
        links: false,
        paint: Some(&theme as &dyn Paint),
    };
    let coloured = print_dressed(&doc, None, 40, dress);
    for line in coloured.lines() {
        if let Err(why) = check_terminal_bytes(line.as_bytes()) {
            panic!("print in colour: {why}");
        }
    }
    let mut app = App::new(doc, Options::default());
    for (w, h) in [(40, 10), (1, 1)] {
        app.update(Event::Resize(w, h));
        highlight(&mut app);
        draw_checked(&app, "opening");
        app.update(Command::Bottom);
        highlight(&mut app);
        draw_checked(&app, "end");
        app.update(Command::Help);
        draw_checked(&app, "help");
        app.update(Command::Close);
        app.update(Command::Top);
    }
    // A search for the first letters of the input, highlights drawn.
    app.update(Event::Resize(40, 10));
    app.update(Command::SearchStart);
    for c in text.chars().filter(|c| c.is_alphanumeric()).take(2) {
        app.update(Command::Insert(c));
    }
    app.update(Command::Accept);
    highlight(&mut app);
    draw_checked(&app, "search");
    app.update(Command::ShowResults);
    draw_checked(&app, "match list");
}

/// The highlighting steps the event loop runs between keys, to the end.
fn highlight(app: &mut App) {
    while app.highlight_pending() {
        app.update(Event::HighlightStep);
    }
}

/// Draws `app` through crossterm into memory and checks the bytes.
fn draw_checked(app: &App, what: &str) {
    let out = Shared::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, app.size().width, app.size().height)),
        },
    )
    .expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    drop(terminal);
    let bytes = out.0.borrow();
    if let Err(why) = check_terminal_bytes(&bytes) {
        panic!("{what}: {why}");
    }
}

/// A writer whose bytes can be read while the terminal owns it.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// ---- the byte rule (a copy of tests/hostile_render.rs) ----

