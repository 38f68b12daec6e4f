//! Fuzz target: arbitrary bytes as a document. Loading must end in a
//! document or an error whose message is safe to print; a document must
//! draw, through a real crossterm backend, into bytes that hold no escape
//! sequence but the backend's own (the same rule as tests/hostile_render.rs,
//! copied here because a fuzz crate cannot use the tests' code).
//!
//! Run: `cd fuzz && cargo +nightly fuzz run load_render -- -max_total_time=60`

#![no_main]

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use camp_reader::app::{App, Options};
use camp_reader::keymap::Action;
use camp_reader::load::parse;
use libfuzzer_sys::fuzz_target;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = match parse("fuzz.toml", text) {
        Ok(doc) => doc,
        Err(e) => {
            let shown = e.to_string();
            if let Err(why) = check_message(&shown) {
                panic!("unsafe error message: {why}\n{shown:?}");
            }
            return;
        }
    };
    let mut app = App::new(doc, Options::default());
    for (w, h) in [(40, 10), (1, 1)] {
        app.update(Action::Resize(w, h));
        draw_checked(&app, "opening");
        app.update(Action::Bottom);
        draw_checked(&app, "end");
        app.update(Action::Help);
        draw_checked(&app, "help");
        app.update(Action::Close);
        app.update(Action::Top);
    }
    // A search for the first letters of the input, highlights drawn.
    app.update(Action::Resize(40, 10));
    app.update(Action::SearchStart);
    for c in text.chars().filter(|c| c.is_alphanumeric()).take(2) {
        app.update(Action::Insert(c));
    }
    app.update(Action::Accept);
    draw_checked(&app, "search");
    app.update(Action::ShowResults);
    draw_checked(&app, "match list");
});

/// Draws `app` through crossterm into memory and checks the bytes.
fn draw_checked(app: &App, what: &str) {
    let out = Shared::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, app.width, app.height)),
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

/// Bidi controls: embeddings, overrides, isolates and marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// An error message: newlines between its lines, and no control or bidi
/// character.
fn check_message(s: &str) -> Result<(), String> {
    match s
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || is_bidi_control(c))
    {
        Some(c) => Err(format!("{c:?} in the message")),
        None => Ok(()),
    }
}

fn around(bytes: &[u8], at: usize) -> String {
    let from = at.saturating_sub(16);
    let to = (at + 24).min(bytes.len());
    format!("{:?}", String::from_utf8_lossy(&bytes[from..to]))
}

/// Checks one CSI sequence starting at `start` (an ESC) and returns the
/// index just past it: `ESC [`, parameter bytes, one allowed final byte.
fn check_csi(bytes: &[u8], start: usize) -> Result<usize, String> {
    if bytes.get(start + 1) != Some(&b'[') {
        return Err(format!(
            "ESC at {start} does not start a CSI: {}",
            around(bytes, start)
        ));
    }
    let params_start = start + 2;
    let mut i = params_start;
    while i < bytes.len() && (0x30..=0x3f).contains(&bytes[i]) {
        i += 1;
    }
    let params = &bytes[params_start..i];
    let Some(&last) = bytes.get(i) else {
        return Err(format!("unterminated CSI at {start}"));
    };
    let numeric = |extra: &[u8]| {
        params
            .iter()
            .all(|b| b.is_ascii_digit() || extra.contains(b))
    };
    let ok = match last {
        b'm' => numeric(b";:"),
        b'H' | b'f' => numeric(b";"),
        b'J' | b'K' | b'A' | b'B' | b'C' | b'D' | b'G' => numeric(b""),
        b'h' | b'l' => params == b"?25",
        _ => false,
    };
    if !ok {
        return Err(format!(
            "unexpected CSI at {start}: {}",
            around(bytes, start)
        ));
    }
    Ok(i + 1)
}

/// UTF-8; every ESC starts an allowed CSI; no other C0 control, DEL, raw
/// C1 character or bidi control.
fn check_terminal_bytes(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("output is not UTF-8: {e}"))?;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x1b => i = check_csi(bytes, i)?,
            b @ (0x00..=0x1f | 0x7f) => {
                return Err(format!(
                    "raw control byte {b:#04x} at {i}: {}",
                    around(bytes, i)
                ));
            }
            _ => i += 1,
        }
    }
    for (i, c) in text.char_indices() {
        if ('\u{80}'..='\u{9f}').contains(&c) {
            return Err(format!("raw C1 {c:?} at {i}: {}", around(bytes, i)));
        }
        if is_bidi_control(c) {
            return Err(format!("bidi control {c:?} at {i}: {}", around(bytes, i)));
        }
    }
    Ok(())
}
