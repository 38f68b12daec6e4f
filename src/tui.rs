//! The terminal event loop: turns terminal events into actions, feeds them
//! to `App::update`, and draws only when something changed. It blocks on
//! input, so an idle reader uses no CPU.

use std::io::{self, Write, stdout};

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::{Terminal, backend::CrosstermBackend};

use crate::app::App;
use crate::keymap::Action;

/// Lines one wheel notch scrolls.
const WHEEL_LINES: i16 = 3;

/// Puts the terminal back: mouse off, cursor shown, main screen, cooked
/// mode. Safe to call more than once and from a panic hook.
pub fn restore_terminal() {
    let mut out = stdout();
    let _ = execute!(out, DisableMouseCapture, cursor::Show, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped, whatever path leaves the loop.
struct Guard;

impl Guard {
    fn enter(mouse: bool) -> io::Result<Guard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        enable_raw_mode()?;
        let guard = Guard;
        execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Maps one terminal event to an action, if it means anything here.
pub fn action_for(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        // Press only: Windows reports release and repeat kinds too.
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            app.keymap.action_for_event(app.context(), k)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                lines: WHEEL_LINES,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                lines: -WHEEL_LINES,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

/// Runs the reader until the user quits.
pub fn run(mut app: App, mouse: bool) -> io::Result<()> {
    let _guard = Guard::enter(mouse)?;
    // One write per frame instead of one per kilobyte.
    let out = std::io::BufWriter::with_capacity(1 << 16, stdout());
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
    // Start crossterm's input reader (and its SIGWINCH handler) after the
    // first frame, which it would delay by half a millisecond; a resize
    // that came in between is caught by asking for the size once more.
    event::poll(std::time::Duration::ZERO)?;
    let size = terminal.size()?;
    let mut dirty = app.update(Action::Resize(size.width, size.height));
    if dirty {
        terminal.autoresize()?;
    }
    loop {
        if dirty {
            terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
        }
        // A search of a large document goes on in steps while no key waits.
        while app.search_in_progress() && !event::poll(std::time::Duration::ZERO)? {
            if app.update(Action::SearchStep) {
                terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            }
        }
        let ev = event::read()?;
        if let Event::Resize(..) = ev {
            // Clear stale cells the new size no longer covers.
            terminal.autoresize()?;
        }
        dirty = match action_for(&app, &ev) {
            Some(action) => app.update(action),
            None => false,
        };
        if app.quit {
            return Ok(());
        }
    }
}
