//! The terminal event loop: turns terminal events into actions, feeds them
//! to `App::update`, and draws after each. It blocks on input, so an idle
//! reader uses no CPU.

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

/// Held while writing to the terminal, so a signal handler thread never
/// restores the terminal in the middle of a frame.
static OUTPUT: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn output_lock() -> std::sync::MutexGuard<'static, ()> {
    OUTPUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Raw mode, alternate screen, hidden cursor and (optionally) mouse.
fn enter_terminal(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Handles the signals that would otherwise leave the terminal broken:
/// SIGTERM, SIGHUP (the terminal went away), SIGINT and SIGQUIT restore it
/// and exit; SIGTSTP (Ctrl-z, or `kill -TSTP`) restores it, stops, and on
/// `fg` re-enters and asks for a redraw (a SIGWINCH, which crossterm turns
/// into a resize event).
#[cfg(unix)]
fn watch_signals(mouse: bool) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let lock = output_lock();
            restore_terminal();
            if signal == SIGTSTP {
                let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                // Resumed by `fg`.
                let _ = enter_terminal(mouse);
                drop(lock);
                let _ = signal_hook::low_level::raise(SIGWINCH);
            } else {
                std::process::exit(128 + signal);
            }
        }
    });
    Ok(())
}

#[cfg(not(unix))]
fn watch_signals(_mouse: bool) -> io::Result<()> {
    Ok(())
}

/// Suspends like Ctrl-z in a shell (the signal thread does the work).
fn suspend() {
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    }
}

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
        let guard = Guard;
        enter_terminal(mouse)?;
        watch_signals(mouse)?;
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _lock = output_lock();
        restore_terminal();
    }
}

type Term = Terminal<CrosstermBackend<std::io::BufWriter<std::io::Stdout>>>;

/// Draws one frame while holding the output lock.
fn draw(terminal: &mut Term, app: &App) -> io::Result<()> {
    let _lock = output_lock();
    terminal.draw(|frame| frame.render_widget(app, frame.area()))?;
    Ok(())
}

/// Maps one terminal event to an action, if it means anything here.
pub fn action_for(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        // Press only: Windows reports release and repeat kinds too.
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            app.options.keymap.action_for_event(app.context(), k)
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
            // Reported because mouse capture asks for button-motion events.
            MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

/// A terminal being set up on another thread (allocating its screen buffers
/// is a measurable part of start-up: `examples/first-frame.rs`), while the
/// document is prepared.
pub struct Prepared(std::thread::JoinHandle<io::Result<Term>>);

/// Starts setting up the terminal. Nothing is written to it yet.
pub fn prepare() -> Prepared {
    Prepared(std::thread::spawn(|| {
        // One write per frame instead of one per kilobyte.
        let out = std::io::BufWriter::with_capacity(1 << 16, stdout());
        Terminal::new(CrosstermBackend::new(out))
    }))
}

/// Runs the reader until the user quits.
pub fn run(mut app: App, mouse: bool, prepared: Prepared) -> io::Result<App> {
    let _guard = Guard::enter(mouse)?;
    let mut terminal = prepared
        .0
        .join()
        .map_err(|_| io::Error::other("the terminal could not be set up"))??;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    draw(&mut terminal, &app)?;
    // Start crossterm's input reader (and its SIGWINCH handler) after the
    // first frame, which it would delay (`examples/first-frame.rs`); a resize
    // that came in between is caught by asking for the size once more.
    event::poll(std::time::Duration::ZERO)?;
    let now = terminal.size()?;
    if now != size {
        app.update(Action::Resize(now.width, now.height));
        terminal.autoresize()?;
        draw(&mut terminal, &app)?;
    }
    // Tests can make the reader panic on a key, to check the terminal is
    // restored; nothing sets this variable otherwise.
    #[cfg(feature = "test-support")]
    let panic_key = std::env::var("CAMP_READER_TEST_PANIC_KEY")
        .ok()
        .and_then(|k| k.chars().next());
    loop {
        // A search of a large document goes on in steps while no key waits.
        while app.search_in_progress() && !event::poll(std::time::Duration::ZERO)? {
            if app.update(Action::SearchStep) {
                draw(&mut terminal, &app)?;
            }
        }
        let ev = event::read()?;
        if let Event::Resize(w, h) = ev {
            // A resize, or the redraw asked for after a suspend: repaint
            // everything, the screen may hold anything now. (`resize`
            // clears without asking the terminal where its cursor is,
            // which `clear` does and a silent terminal never answers.)
            let _lock = output_lock();
            terminal.resize(ratatui::layout::Rect::new(0, 0, w, h))?;
        }
        #[cfg(feature = "test-support")]
        if let (Some(k), Event::Key(key)) = (panic_key, &ev) {
            if key.code == ratatui::crossterm::event::KeyCode::Char(k) {
                panic!("test panic on key {k:?}");
            }
        }
        match action_for(&app, &ev) {
            Some(Action::Suspend) => suspend(),
            Some(Action::Redraw) => {
                // Clear the screen and forget the last frame, so every cell
                // is written again (`resize` to the same size does both
                // without asking the terminal where its cursor is).
                let size = terminal.size()?;
                {
                    let _lock = output_lock();
                    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
                }
                draw(&mut terminal, &app)?;
            }
            // Every input that means something is drawn: `Terminal::draw`
            // compares with the last frame and writes only changed cells,
            // so nothing has to track what changed.
            Some(action) => {
                app.update(action);
                if app.quit {
                    return Ok(app);
                }
                draw(&mut terminal, &app)?;
            }
            None => {}
        }
    }
}
