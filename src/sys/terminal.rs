//! The terminal's modes: entering the reader's (raw mode, alternate screen,
//! hidden cursor, mouse and bracketed paste) and giving the user's back on
//! every way out: a normal exit, an error, a panic, a signal (SIGTERM,
//! SIGHUP, SIGINT, SIGQUIT), a suspend, and an abort (an allocation that
//! failed, a stack overflow), and the size of what is drawn.

use std::io::{self, Write, stdout};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::{Position, Size};

/// The most columns and rows drawn. A terminal can claim 65535×65535
/// cells; the screen buffers of that (two of them, ~40 bytes a cell) would
/// be 340 GB. Past this size the rest of the window is left blank.
pub const MAX_DRAWN: u16 = 1000;

/// The size drawn in a terminal of `width`×`height`.
pub fn drawn_size(width: u16, height: u16) -> (u16, u16) {
    (width.min(MAX_DRAWN), height.min(MAX_DRAWN))
}

/// A backend that reports at most [`MAX_DRAWN`] columns and rows, so the
/// screen buffers ratatui sizes from it stay small whatever the terminal
/// claims; the rest of a larger window is cleared and left blank.
pub struct Capped<B>(pub B);

impl<B: Backend> Backend for Capped<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.0.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.0.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        let size = self.0.size()?;
        let (width, height) = drawn_size(size.width, size.height);
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        let mut size = self.0.window_size()?;
        let (width, height) = drawn_size(size.columns_rows.width, size.columns_rows.height);
        size.columns_rows = Size { width, height };
        Ok(size)
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush()
    }
}

/// Held while writing to the terminal, so a signal handler thread never
/// restores the terminal in the middle of a frame.
static OUTPUT: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn output_lock() -> std::sync::MutexGuard<'static, ()> {
    OUTPUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Raw mode, alternate screen, hidden cursor, bracketed paste (a paste
/// arrives as one event, not as keys) and (optionally) mouse.
fn enter_terminal(mouse: bool) -> io::Result<()> {
    abort::arm();
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Handles the signals that would otherwise leave the terminal broken:
/// SIGTERM, SIGHUP (the terminal went away), SIGINT and SIGQUIT restore it
/// and exit; SIGTSTP (Ctrl-z, or `kill -TSTP`) restores it, stops, and on
/// `fg` re-enters and asks for a redraw (a SIGWINCH, which crossterm turns
/// into a resize event). SIGABRT has its own handler (see [`abort`]).
#[cfg(unix)]
fn watch_signals(mouse: bool) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            // The terminal sends these to the editor too (the same process
            // group): it decides, as system(3) leaves them to the child.
            // A stop stops the reader without touching the terminal.
            if CHILD_RUNNING.load(std::sync::atomic::Ordering::SeqCst) {
                if signal == SIGTSTP {
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                }
                if matches!(signal, SIGINT | SIGQUIT | SIGTSTP) {
                    continue;
                }
            }
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

/// Set while a program the reader started (the editor) has the terminal.
static CHILD_RUNNING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs `run` (the editor) with the terminal as the reader found it — the
/// main screen, cooked mode, no mouse — then puts the reader's modes back.
/// The caller redraws the whole screen after.
pub fn outside<T>(mouse: bool, run: impl FnOnce() -> T) -> io::Result<T> {
    use std::sync::atomic::Ordering;
    {
        let _lock = output_lock();
        restore_terminal();
        CHILD_RUNNING.store(true, Ordering::SeqCst);
    }
    let out = run();
    let _lock = output_lock();
    CHILD_RUNNING.store(false, Ordering::SeqCst);
    enter_terminal(mouse)?;
    Ok(out)
}

/// Suspends like Ctrl-z in a shell (the signal thread does the work).
pub fn suspend() {
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    }
}

/// Puts the terminal back: mouse and bracketed paste off, cursor shown,
/// main screen, cooked mode. Safe to call more than once and from a panic
/// hook.
pub fn restore_terminal() {
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        cursor::Show,
        LeaveAlternateScreen
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
    abort::disarm();
}

/// The terminal in the reader's modes; restored when dropped, whatever
/// path leaves the reader.
pub struct Guard;

impl Guard {
    pub fn enter(mouse: bool) -> io::Result<Guard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        abort::install();
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

/// An abort (`std::process::abort`: an allocation that failed, a stack
/// overflow, a panic while panicking) runs no destructor and no panic hook,
/// and the signal thread cannot run either: the process is gone before it
/// is scheduled. So SIGABRT gets a handler of its own that does only what
/// is safe in a signal handler: it writes reset sequences prepared in
/// advance and puts back, with `tcsetattr`, the terminal modes saved before
/// raw mode was entered; then the default action ends the process.
#[cfg(unix)]
mod abort {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};

    use ratatui::crossterm::Command;
    use ratatui::crossterm::cursor;
    use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture};
    use ratatui::crossterm::terminal::LeaveAlternateScreen;

    /// What the handler needs, prepared before it can run.
    struct Saved {
        /// The controlling terminal (kept open for the whole run).
        fd: libc::c_int,
        termios: libc::termios,
        reset: Vec<u8>,
    }

    static SAVED: OnceLock<Saved> = OnceLock::new();
    /// True while the terminal is in the reader's modes.
    static ARMED: AtomicBool = AtomicBool::new(false);

    /// Saves the terminal's modes (before raw mode) and installs the handler.
    pub fn install() {
        if SAVED.get().is_some() {
            return;
        }
        use std::os::fd::IntoRawFd;
        // The terminal itself, as crossterm uses it for raw mode: the
        // document may come on stdin.
        let Ok(tty) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
        else {
            return;
        };
        let fd = tty.into_raw_fd();
        // SAFETY: `termios` is plain data filled in by `tcgetattr`.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is open and `termios` is a valid place to write.
        if unsafe { libc::tcgetattr(fd, &mut termios) } != 0 {
            // SAFETY: `fd` is ours and used nowhere else.
            unsafe { libc::close(fd) };
            return;
        }
        let mut reset = String::new();
        let _ = DisableMouseCapture.write_ansi(&mut reset);
        let _ = DisableBracketedPaste.write_ansi(&mut reset);
        let _ = cursor::Show.write_ansi(&mut reset);
        let _ = LeaveAlternateScreen.write_ansi(&mut reset);
        let _ = SAVED.set(Saved {
            fd,
            termios,
            reset: reset.into_bytes(),
        });
        // SAFETY: the handler only reads `SAVED` (set above, never changed
        // again) and `ARMED`, and calls async-signal-safe functions.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_abort as extern "C" fn(libc::c_int) as libc::sighandler_t;
            // Back to the default action once it has run.
            action.sa_flags = libc::SA_RESETHAND;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGABRT, &action, std::ptr::null_mut());
        }
    }

    pub fn arm() {
        ARMED.store(true, Ordering::SeqCst);
    }

    pub fn disarm() {
        ARMED.store(false, Ordering::SeqCst);
    }

    extern "C" fn on_abort(signal: libc::c_int) {
        if ARMED.swap(false, Ordering::SeqCst)
            && let Some(saved) = SAVED.get()
        {
            // SAFETY: write(2) and tcsetattr(3) are async-signal-safe;
            // the buffer and the termios were set before the handler
            // was installed and are never changed.
            unsafe {
                libc::write(saved.fd, saved.reset.as_ptr().cast(), saved.reset.len());
                libc::tcsetattr(saved.fd, libc::TCSANOW, &saved.termios);
            }
        }
        // The handler was reset to the default action on entry; raised
        // again, the signal ends the process as an abort once this returns.
        // SAFETY: raise(3) is async-signal-safe.
        unsafe {
            libc::raise(signal);
        }
    }
}

#[cfg(not(unix))]
mod abort {
    pub fn install() {}
    pub fn arm() {}
    pub fn disarm() {}
}
