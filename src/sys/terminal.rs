//! The terminal's modes: entering the reader's (raw mode, alternate screen,
//! hidden cursor, mouse and bracketed paste) and giving the user's back on
//! every way out: a normal exit, an error, a panic, every signal whose
//! default action ends the process (SIGTERM and SIGHUP after the state is
//! saved), a suspend, an abort (an allocation that failed, a stack
//! overflow) and a fault; standard error held back while the screen is
//! the reader's; and the size of what is drawn.

use std::io::{self, Write, stdout};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, queue};
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
/// claims; the rest of a larger window is cleared and left blank. It also
/// writes each frame in fewer bytes than crossterm's backend (see
/// `write_frame`).
pub struct Capped<B> {
    backend: B,
    /// The screen is blank as far as ratatui knows (the alternate screen as
    /// entered, or just cleared) and nothing was drawn since: every cell
    /// the next frame's diff skips is a blank cell.
    blank: bool,
}

impl<B> Capped<B> {
    pub fn new(backend: B) -> Capped<B> {
        Capped {
            backend,
            blank: true,
        }
    }
}

impl<B: Backend<Error = io::Error> + Write> Backend for Capped<B> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        let joined = join_hyperlinks(&cells);
        let blank = std::mem::take(&mut self.blank);
        // The joined cells in place of theirs; every other cell as it is
        // (a first frame writes the whole screen: no copy of each cell).
        let mut joined = joined.iter().peekable();
        let cells = cells.into_iter().enumerate().map(move |(i, (x, y, cell))| {
            match joined.next_if(|(j, _)| *j == i) {
                Some((_, own)) => (x, y, own),
                None => (x, y, cell),
            }
        });
        // Under NO_COLOR crossterm writes colours its own way (as nothing):
        // its backend draws then.
        if ratatui::crossterm::style::Colored::ansi_color_disabled_memoized() {
            return self.backend.draw(cells);
        }
        let frame = write_frame(cells, blank);
        self.backend.write_all(&frame)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.blank = false;
        self.backend.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.backend.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.backend.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.backend.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.backend.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.backend.clear()?;
        self.blank = true;
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.backend.clear_region(clear_type)?;
        // Only a whole clear leaves every cell blank.
        self.blank = clear_type == ClearType::All;
        Ok(())
    }

    fn size(&self) -> Result<Size, Self::Error> {
        let size = self.backend.size()?;
        let (width, height) = drawn_size(size.width, size.height);
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        let mut size = self.backend.window_size()?;
        let (width, height) = drawn_size(size.columns_rows.width, size.columns_rows.height);
        size.columns_rows = Size { width, height };
        Ok(size)
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        Backend::flush(&mut self.backend)
    }
}

/// Bytes written around the frames (the modes entered with the first).
impl<B: Write> Write for Capped<B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.backend.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.backend.flush()
    }
}

/// The cells of a frame's writes with each run of hyperlinked cells
/// written as one hyperlink: every linked cell holds a whole OSC 8 link
/// (`view/links.rs`: the frame diff may write any one cell alone), so a
/// link's text repeats its address once per character. Cells written one
/// after another on a row in this one write, in the same link, keep the
/// opening on the first and the closing on the last: the terminal shows
/// the same link, and is out of it after the run. Returns the cells that
/// change, by their index in `cells`, in order (none when no cells join).
/// A screen of links was 4 times the bytes.
fn join_hyperlinks(cells: &[(u16, u16, &Cell)]) -> Vec<(usize, Cell)> {
    use crate::text::hyperlink::{CLOSE, unwrap_cell};
    let links: Vec<Option<(&str, &str)>> = cells
        .iter()
        .map(|(_, _, c)| unwrap_cell(c.symbol()))
        .collect();
    // Whether cell i continues the link of cell i - 1.
    let joins = |i: usize| {
        i > 0
            && i < cells.len()
            && cells[i].1 == cells[i - 1].1
            && cells[i].0 > cells[i - 1].0
            && matches!((links[i - 1], links[i]), (Some((a, _)), Some((b, _))) if a == b)
    };
    let mut out = Vec::new();
    for (i, link) in links.iter().enumerate() {
        let Some((open, text)) = link else {
            continue;
        };
        let first = !joins(i);
        let last = !joins(i + 1);
        if !(first && last) {
            let mut cell = cells[i].2.clone();
            let symbol = format!(
                "{}{text}{}",
                if first { open } else { "" },
                if last { CLOSE } else { "" }
            );
            cell.set_symbol(&symbol);
            out.push((i, cell));
        }
    }
    out
}

/// A frame's changed cells as the bytes that write them. crossterm's
/// backend moves the cursor to every cell that does not follow the one
/// before, writes each attribute as its own sequence, and each colour pair
/// again after it: the diff skips the blank cells between words, so a first
/// frame of prose was a cursor address per word (a README's first screen:
/// 6.5 KB where less writes 1.8 KB). Cells that follow each other are
/// written one after the other, as there; and where the cursor is known
/// (only printable ASCII written since it was placed, so every terminal
/// agrees where it is):
/// - a gap of up to four cells in a `blank` frame (cells the diff skipped
///   are blank cells then) is written as spaces, when the pen is the blank
///   cell's and no hyperlink is open;
/// - any other gap is a forward move (`ESC[nC`) when that is shorter than
///   an address;
///
/// and the attributes and colours that change between two cells are one
/// SGR sequence. Elsewhere (a wide or ambiguous character written, a new
/// row) the cursor is addressed as before. What ends on screen is what
/// crossterm's backend leaves (`a_frame_shows_what_crossterms_backend_shows`).
fn write_frame<'a>(cells: impl Iterator<Item = (u16, u16, &'a Cell)>, blank: bool) -> Vec<u8> {
    use std::io::Write as _;
    let mut out: Vec<u8> = Vec::with_capacity(8 << 10);
    let mut pen = Pen::BLANK;
    // The column after the cell written last, and its row.
    let mut at: Option<(u16, u16)> = None;
    // Whether the cursor is there for sure: only printable ASCII was
    // written since it was placed.
    let mut sure = false;
    let mut in_link = false;
    for (x, y, cell) in cells {
        match at {
            // The next cell: no move, as crossterm's backend does.
            Some((cx, cy)) if cy == y && cx == x => {}
            Some((cx, cy)) if sure && cy == y && cx < x => {
                let gap = usize::from(x - cx);
                if blank && gap <= 4 && pen == Pen::BLANK && !in_link {
                    out.extend_from_slice(&b"    "[..gap]);
                } else if gap < 100 {
                    let _ = write!(out, "\x1b[{gap}C");
                } else {
                    let _ = write!(out, "\x1b[{};{}H", y + 1, x + 1);
                }
            }
            _ if x == 0 => {
                let _ = write!(out, "\x1b[{}H", y + 1);
            }
            _ => {
                let _ = write!(out, "\x1b[{};{}H", y + 1, x + 1);
            }
        }
        let to = Pen::of(cell);
        pen.change_to(&to, &mut out);
        pen = to;
        let symbol = cell.symbol();
        out.extend_from_slice(symbol.as_bytes());
        let placed = at != Some((x, y));
        let narrow;
        (narrow, in_link) = after_symbol(symbol, in_link);
        sure = narrow && (sure || placed);
        at = Some((x + 1, y));
    }
    // As crossterm's backend ends a frame: everything reset.
    out.extend_from_slice(b"\x1b[0m");
    out
}

/// After writing `symbol` with a hyperlink open or not: whether the cursor
/// moved exactly one column (the text is one printable ASCII character,
/// inside OSC 8 sequences or not), and whether a hyperlink is open.
fn after_symbol(symbol: &str, mut in_link: bool) -> (bool, bool) {
    let mut rest = symbol;
    let mut text = 0;
    let mut narrow = true;
    while !rest.is_empty() {
        if let Some(osc) = rest.strip_prefix("\x1b]8;") {
            let Some(end) = osc.find("\x1b\\") else {
                return (false, true);
            };
            in_link = !osc.starts_with(";\x1b\\");
            rest = &osc[end + 2..];
            continue;
        }
        let b = rest.as_bytes()[0];
        narrow &= (b' '..=b'~').contains(&b);
        text += 1;
        rest = match rest.char_indices().nth(1) {
            Some((i, _)) => &rest[i..],
            None => "",
        };
    }
    (narrow && text == 1, in_link)
}

/// The attributes and colours a cell is written with.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: ratatui::style::Color,
    bg: ratatui::style::Color,
    underline: ratatui::style::Color,
    modifier: ratatui::style::Modifier,
}

impl Pen {
    /// A blank cell's, and the terminal's after a reset.
    const BLANK: Pen = Pen {
        fg: ratatui::style::Color::Reset,
        bg: ratatui::style::Color::Reset,
        underline: ratatui::style::Color::Reset,
        modifier: ratatui::style::Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Writes what changes `self` into `to`, as one SGR sequence: the
    /// parameters crossterm's backend writes, in its order.
    fn change_to(&self, to: &Pen, out: &mut Vec<u8>) {
        use ratatui::style::Modifier as M;
        if self == to {
            return;
        }
        let mut params: Vec<u8> = Vec::with_capacity(32);
        let mut param = |p: &str| {
            if !params.is_empty() {
                params.push(b';');
            }
            params.extend_from_slice(p.as_bytes());
        };
        let (from, to_m) = (self.modifier, to.modifier);
        let removed = from - to_m;
        let added = to_m - from;
        if removed.contains(M::REVERSED) {
            param("27");
        }
        let reset_intensity = removed.intersects(M::BOLD | M::DIM);
        if reset_intensity {
            // Normal intensity ends both; what stays is set again.
            param("22");
            if to_m.contains(M::DIM) {
                param("2");
            }
            if to_m.contains(M::BOLD) {
                param("1");
            }
        }
        for (m, off) in [
            (M::ITALIC, "23"),
            (M::UNDERLINED, "24"),
            (M::CROSSED_OUT, "29"),
            (M::HIDDEN, "28"),
        ] {
            if removed.contains(m) {
                param(off);
            }
        }
        if removed.intersects(M::SLOW_BLINK | M::RAPID_BLINK) {
            param("25");
        }
        for (m, on, after_reset) in [
            (M::REVERSED, "7", false),
            (M::BOLD, "1", true),
            (M::ITALIC, "3", false),
            (M::UNDERLINED, "4", false),
            (M::DIM, "2", true),
            (M::CROSSED_OUT, "9", false),
            (M::HIDDEN, "8", false),
            (M::SLOW_BLINK, "5", false),
            (M::RAPID_BLINK, "6", false),
        ] {
            if added.contains(m) && !(after_reset && reset_intensity) {
                param(on);
            }
        }
        if self.fg != to.fg || self.bg != to.bg {
            param(&colour(38, to.fg));
            param(&colour(48, to.bg));
        }
        if self.underline != to.underline {
            param(&colour(58, to.underline));
        }
        if !params.is_empty() {
            out.extend_from_slice(b"\x1b[");
            out.extend_from_slice(&params);
            out.push(b'm');
        }
    }
}

/// A colour's SGR parameters as crossterm writes them: `base` (38, 48 or
/// 58) and the 256-colour index or the RGB value; the default is `base + 1`.
fn colour(base: u8, c: ratatui::style::Color) -> String {
    use ratatui::style::Color as C;
    let index = match c {
        C::Reset => return (base + 1).to_string(),
        C::Rgb(r, g, b) => return format!("{base};2;{r};{g};{b}"),
        C::Indexed(i) => i,
        C::Black => 0,
        C::Red => 1,
        C::Green => 2,
        C::Yellow => 3,
        C::Blue => 4,
        C::Magenta => 5,
        C::Cyan => 6,
        C::Gray => 7,
        C::DarkGray => 8,
        C::LightRed => 9,
        C::LightGreen => 10,
        C::LightYellow => 11,
        C::LightBlue => 12,
        C::LightMagenta => 13,
        C::LightCyan => 14,
        C::White => 15,
    };
    format!("{base};5;{index}")
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
fn enter_terminal(mouse: bool, out: &mut impl Write) -> io::Result<()> {
    abort::arm();
    enable_raw_mode()?;
    queue_modes(mouse, out)
}

/// The modes other than raw mode, queued on `out`: the caller flushes it.
fn queue_modes(mouse: bool, out: &mut impl Write) -> io::Result<()> {
    queue!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        queue!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// [`enter_terminal`], written at once.
fn enter_terminal_now(mouse: bool) -> io::Result<()> {
    let mut out = stdout();
    enter_terminal(mouse, &mut out)?;
    out.flush()
}

/// The signals whose default action ends the process, that can be caught,
/// and that are not a fault of the running code (SIGPIPE is left out: Rust
/// programs ignore it, a write to a closed pipe is an error): each restores the
/// terminal, then ends the process as its default action would (re-raised,
/// so the parent sees the signal). SIGTERM and SIGHUP save state first
/// (see [`quit_signal`]); faults and SIGABRT have a handler of their own
/// (see [`abort`]).
#[cfg(unix)]
const FATAL: &[libc::c_int] = &[
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGVTALRM,
    libc::SIGPROF,
    libc::SIGXCPU,
    libc::SIGXFSZ,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGPOLL,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGPWR,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGSTKFLT,
];

/// SIGTERM or SIGHUP, once one has come: the event loop ends as on a quit,
/// the caller saves the state and exits with `128 + signal`.
static QUIT_SIGNAL: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// Wakes the event loop when SIGTERM or SIGHUP comes.
static QUIT_WAKER: std::sync::Mutex<Option<crate::sys::wake::Waker>> = std::sync::Mutex::new(None);

/// How long the event loop is given to end, and the state to be saved,
/// after SIGTERM or SIGHUP; then the signal thread ends the process itself.
pub const QUIT_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// The SIGTERM or SIGHUP that asked the reader to end, if one did.
pub fn quit_signal() -> Option<i32> {
    match QUIT_SIGNAL.load(std::sync::atomic::Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// Where to wake the event loop when SIGTERM or SIGHUP comes.
pub fn wake_on_quit(waker: crate::sys::wake::Waker) {
    *QUIT_WAKER.lock().unwrap_or_else(|p| p.into_inner()) = Some(waker);
}

/// Ends the process for `signal` as its default action does, the terminal
/// restored by the caller.
#[cfg(unix)]
pub fn die_of(signal: i32) -> ! {
    // SAFETY: resetting a disposition and raising a signal touch no memory
    // of ours; the default action of every signal this is called for ends
    // the process (delivered to this thread, it ends all of them).
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(signal);
    }
    // Not reached; if it were (a signal ignored by the parent's mask), the
    // status says which signal it was.
    std::process::exit(128 + signal)
}

#[cfg(not(unix))]
pub fn die_of(signal: i32) -> ! {
    std::process::exit(128 + signal)
}

/// Exits after a SIGTERM or SIGHUP, once the state is saved: as the signal
/// would (re-raised, the terminal is restored by now).
pub fn exit_if_quit_by_signal() {
    if let Some(signal) = quit_signal() {
        die_of(signal);
    }
}

/// Handles the signals that would otherwise leave the terminal broken:
/// SIGTERM and SIGHUP (the terminal went away) end the event loop, which
/// saves the state, restores the terminal and exits as the signal would
/// (or the signal thread does so itself after [`QUIT_GRACE`]); every other
/// signal in [`FATAL`] (SIGINT, SIGQUIT, SIGUSR1, SIGALRM, SIGXCPU…)
/// restores it and is re-raised; SIGTSTP (Ctrl-z, or `kill -TSTP`)
/// restores it, stops, and on `fg` re-enters and asks for a redraw (a
/// SIGWINCH, which crossterm turns into a resize event). SIGABRT and the
/// faults have their own handler (see [`abort`]).
/// The handlers are installed here; the thread that acts on what they
/// catch is started by [`watch_signals`] (after the first frame: a signal
/// caught before waits for it).
#[cfg(unix)]
fn catch_signals() -> io::Result<Signals> {
    use signal_hook::consts::{SIGHUP, SIGTERM, SIGTSTP};
    let mut all = vec![SIGTERM, SIGHUP, SIGTSTP];
    all.extend_from_slice(FATAL);
    signal_hook::iterator::Signals::new(all)
}

#[cfg(unix)]
type Signals = signal_hook::iterator::Signals;
#[cfg(not(unix))]
type Signals = ();

#[cfg(unix)]
fn watch_signals(mut signals: Signals, mouse: bool) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
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
            if matches!(signal, SIGTERM | SIGHUP) && quit_signal().is_none() {
                QUIT_SIGNAL.store(signal, std::sync::atomic::Ordering::SeqCst);
                let waker = QUIT_WAKER.lock().unwrap_or_else(|p| p.into_inner()).clone();
                if let Some(waker) = waker {
                    waker.wake();
                    // The loop ends, the state is saved, the process exits;
                    // if that takes too long (a load under way, an editor
                    // running), end it from here, unsaved.
                    std::thread::sleep(QUIT_GRACE);
                }
            }
            let lock = output_lock();
            restore_terminal();
            if signal == SIGTSTP {
                let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                // Resumed by `fg`.
                let _ = enter_terminal_now(mouse);
                drop(lock);
                let _ = signal_hook::low_level::raise(SIGWINCH);
            } else {
                die_of(signal);
            }
        }
    });
}

#[cfg(not(unix))]
fn catch_signals() -> io::Result<Signals> {
    Ok(())
}

#[cfg(not(unix))]
fn watch_signals(_signals: Signals, _mouse: bool) {}

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
    enter_terminal_now(mouse)?;
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
pub struct Guard {
    mouse: bool,
    /// Caught, waiting for [`Guard::watch_signals`].
    signals: Option<Signals>,
}

impl Guard {
    /// Raw mode, and the signals that end or stop the reader caught. The
    /// other modes are queued on `out` (the terminal's writer, declared
    /// after the guard so that it is flushed before the guard restores),
    /// to be written with the first frame: one write instead of three.
    pub fn enter(mouse: bool, out: &mut impl Write) -> io::Result<Guard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        // The terminal's own modes first (echo was off while the
        // document loaded): raw mode saves them to put back, and so does
        // the abort handler.
        unquiet();
        abort::install();
        // Made first: it restores the terminal if entering fails halfway.
        let mut guard = Guard {
            mouse,
            signals: None,
        };
        abort::arm();
        enable_raw_mode()?;
        guard.signals = Some(catch_signals()?);
        // Last: nothing after it can fail, so what is queued is written
        // (a failure before it leaves nothing queued to come after the
        // guard's restoring).
        queue_modes(mouse, out)?;
        Ok(guard)
    }

    /// Starts acting on the signals caught (a thread), once the first
    /// frame is up: starting a thread took a tenth of a millisecond
    /// before it.
    pub fn watch_signals(&mut self) {
        if let Some(signals) = self.signals.take() {
            watch_signals(signals, self.mouse);
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _lock = output_lock();
        restore_terminal();
    }
}

/// An abort (`std::process::abort`: an allocation that failed, a stack
/// overflow, a panic while panicking) or a fault (SIGSEGV, SIGBUS, SIGILL,
/// SIGFPE, SIGTRAP, SIGSYS) runs no destructor and no panic hook,
/// and the signal thread cannot run either: the process is gone before it
/// is scheduled. So SIGABRT gets a handler of its own that does only what
/// is safe in a signal handler: it writes reset sequences prepared in
/// advance and puts back, with `tcsetattr`, the terminal modes saved before
/// raw mode was entered; then the default action ends the process.
/// The terminal itself, opened as crossterm does for raw mode (the
/// document may come on stdin), and its modes now: the descriptor is
/// kept open for good by the caller, to put the modes back from a signal
/// handler.
#[cfg(unix)]
fn tty_modes() -> Option<(libc::c_int, libc::termios)> {
    use std::os::fd::IntoRawFd;
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let fd = tty.into_raw_fd();
    // SAFETY: `termios` is plain data filled in by `tcgetattr`.
    let mut termios: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: `fd` is open and `termios` is a valid place to write.
    if unsafe { libc::tcgetattr(fd, &mut termios) } != 0 {
        // SAFETY: `fd` is ours and used nowhere else.
        unsafe { libc::close(fd) };
        return None;
    }
    Some((fd, termios))
}

#[cfg(unix)]
mod abort {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

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
        let Some((fd, termios)) = super::tty_modes() else {
            return;
        };
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
            // Back to the default action once it has run; on the
            // alternate signal stack Rust sets up, so a stack overflow's
            // fault can run it.
            action.sa_flags = libc::SA_RESETHAND | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            for signal in [
                libc::SIGABRT,
                libc::SIGILL,
                libc::SIGFPE,
                libc::SIGTRAP,
                libc::SIGSYS,
            ] {
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
            // SIGSEGV and SIGBUS: Rust's handler tells a stack overflow
            // (it says so, then aborts); ours restores the terminal and
            // hands the fault back to it.
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fault
                as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
                as libc::sighandler_t;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            for (i, signal) in [libc::SIGSEGV, libc::SIGBUS].into_iter().enumerate() {
                let mut previous: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut previous) == 0 {
                    let _ = PREVIOUS[i].set(previous);
                    libc::sigaction(signal, &action, std::ptr::null_mut());
                }
            }
        }
    }

    /// Rust's own SIGSEGV and SIGBUS actions, put back by [`on_fault`].
    static PREVIOUS: [OnceLock<libc::sigaction>; 2] = [OnceLock::new(), OnceLock::new()];

    /// A fault (or `kill -SEGV`): the terminal back, then what Rust would
    /// have done. A real fault happens again on return, under Rust's
    /// action; a signal sent by a process is raised again.
    extern "C" fn on_fault(signal: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
        restore_now();
        let slot = usize::from(signal != libc::SIGSEGV);
        // SAFETY: sigaction, signal and raise are async-signal-safe; the
        // previous actions were set before this handler was installed.
        // `info` is the kernel's, valid for this call.
        unsafe {
            match PREVIOUS[slot].get() {
                Some(previous) => libc::sigaction(signal, previous, std::ptr::null_mut()),
                None => libc::sigaction(signal, std::ptr::null(), std::ptr::null_mut()),
            };
            if info.is_null() || (*info).si_code <= 0 {
                libc::signal(signal, libc::SIG_DFL);
                libc::raise(signal);
            }
        }
    }

    /// Leaves the reader's modes from a signal handler, once.
    fn restore_now() {
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
        // What was said before ("memory allocation of … failed", "has
        // overflowed its stack"), now on the main screen.
        release_stderr();
    }

    /// Standard error as it was, while [`CAPTURE`] stands in for it.
    static SAVED_STDERR: AtomicI32 = AtomicI32::new(-1);
    /// An unlinked file that takes what is written to standard error while
    /// the reader has the terminal (a message written on the alternate
    /// screen is wiped with it): written out once the terminal is back.
    static CAPTURE: AtomicI32 = AtomicI32::new(-1);

    pub fn arm() {
        ARMED.store(true, Ordering::SeqCst);
        capture_stderr();
    }

    pub fn disarm() {
        ARMED.store(false, Ordering::SeqCst);
        release_stderr();
    }

    /// Sends standard error to [`CAPTURE`] while it is the terminal (an
    /// allocation failure, a stack overflow or a library would write over
    /// the reader's screen, and the message would go when it is left).
    fn capture_stderr() {
        use std::io::IsTerminal;
        use std::os::fd::IntoRawFd;
        if SAVED_STDERR.load(Ordering::SeqCst) >= 0 || !std::io::stderr().is_terminal() {
            return;
        }
        let capture = match CAPTURE.load(Ordering::SeqCst) {
            -1 => match memory_file().or_else(|| tempfile::tempfile().ok()) {
                Some(f) => {
                    let fd = f.into_raw_fd();
                    CAPTURE.store(fd, Ordering::SeqCst);
                    fd
                }
                None => return,
            },
            fd => fd,
        };
        // SAFETY: dup and dup2 on descriptors this process owns.
        unsafe {
            let saved = libc::dup(libc::STDERR_FILENO);
            if saved < 0 {
                return;
            }
            if libc::dup2(capture, libc::STDERR_FILENO) < 0 {
                libc::close(saved);
                return;
            }
            SAVED_STDERR.store(saved, Ordering::SeqCst);
        }
    }

    /// A file in memory (Linux's `memfd_create`): made before the first
    /// frame, and a temporary file on disk costs an inode and its journal
    /// (a measurable part of start-up on ext4). Elsewhere, `None`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn memory_file() -> Option<std::fs::File> {
        use std::os::fd::FromRawFd;
        // SAFETY: the name is a NUL-terminated string; a new descriptor
        // this process then owns, or -1.
        let fd = unsafe { libc::memfd_create(c"camp-reader-stderr".as_ptr(), libc::MFD_CLOEXEC) };
        // SAFETY: `fd` was just created and is owned by nothing else.
        (fd >= 0).then(|| unsafe { std::fs::File::from_raw_fd(fd) })
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn memory_file() -> Option<std::fs::File> {
        None
    }

    /// Puts standard error back and writes out what it was given
    /// meanwhile. Async-signal-safe (dup2, lseek, read, write, ftruncate):
    /// the abort handler calls it.
    fn release_stderr() {
        let saved = SAVED_STDERR.swap(-1, Ordering::SeqCst);
        if saved < 0 {
            return;
        }
        let capture = CAPTURE.load(Ordering::SeqCst);
        // SAFETY: both descriptors are ours; the buffer is on the stack.
        unsafe {
            libc::dup2(saved, libc::STDERR_FILENO);
            libc::close(saved);
            libc::lseek(capture, 0, libc::SEEK_SET);
            let mut buf = [0u8; 4096];
            loop {
                let n = libc::read(capture, buf.as_mut_ptr().cast(), buf.len());
                if n <= 0 {
                    break;
                }
                let mut done = 0;
                while done < n {
                    let w = libc::write(
                        libc::STDERR_FILENO,
                        buf.as_ptr().add(done as usize).cast(),
                        (n - done) as usize,
                    );
                    if w <= 0 {
                        break;
                    }
                    done += w;
                }
            }
            libc::ftruncate(capture, 0);
            libc::lseek(capture, 0, libc::SEEK_SET);
        }
    }

    extern "C" fn on_abort(signal: libc::c_int) {
        restore_now();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::hyperlink::{CLOSE, SafeUrl, wrap};
    use ratatui::backend::CrosstermBackend;

    /// A terminal that keeps what is written to it.
    #[derive(Clone, Default)]
    struct Screen(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Screen {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// What drawing `cells` writes to the terminal.
    fn written(cells: &[(u16, u16, Cell)]) -> String {
        let screen = Screen::default();
        let mut backend = Capped::new(CrosstermBackend::new(screen.clone()));
        backend
            .draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
            .expect("draws");
        Backend::flush(&mut backend).expect("flushes");
        String::from_utf8(screen.0.borrow().clone()).expect("UTF-8")
    }

    fn cell(symbol: &str) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(symbol);
        c
    }

    #[test]
    fn a_run_of_linked_cells_is_written_as_one_hyperlink() {
        let a = SafeUrl::new("https://a.org/").unwrap();
        let b = SafeUrl::new("https://b.org/").unwrap();
        let open_a = "\x1b]8;id=cr0;https://a.org/\x1b\\";
        let open_b = "\x1b]8;id=cr1;https://b.org/\x1b\\";
        let mut cells: Vec<(u16, u16, Cell)> = Vec::new();
        // Row 0: "xy" linked to a, "z" to b right after, a plain space,
        // then "w" linked to a again.
        for (x, ch, url, id) in [
            (0, "x", &a, "cr0"),
            (1, "y", &a, "cr0"),
            (2, "z", &b, "cr1"),
        ] {
            cells.push((x, 0, cell(&wrap(ch, url, id))));
        }
        cells.push((3, 0, cell(" ")));
        cells.push((4, 0, cell(&wrap("w", &a, "cr0"))));
        // Row 1: "uv" of a, continued from row 0 (another row: its own).
        cells.push((0, 1, cell(&wrap("u", &a, "cr0"))));
        cells.push((1, 1, cell(&wrap("v", &a, "cr0"))));
        // Row 2: a gap the diff skipped (cell 1 unchanged): still joined,
        // the cursor moves inside the link and writes nothing there.
        cells.push((0, 2, cell(&wrap("p", &a, "cr0"))));
        cells.push((2, 2, cell(&wrap("q", &a, "cr0"))));
        let out = written(&cells);
        assert!(out.contains(&format!("{open_a}xy{CLOSE}")), "{out:?}");
        assert!(out.contains(&format!("{open_b}z{CLOSE}")), "{out:?}");
        assert!(out.contains(&format!("{open_a}w{CLOSE}")), "{out:?}");
        assert!(out.contains(&format!("{open_a}uv{CLOSE}")), "{out:?}");
        assert!(out.contains(&format!("{open_a}p")), "{out:?}");
        assert!(out.contains(&format!("q{CLOSE}")), "{out:?}");
        // Every opening is closed before anything else is written.
        assert_eq!(out.matches("\x1b]8;id=").count(), 5);
        assert_eq!(out.matches(CLOSE).count(), 5);
        let mut open = false;
        for (i, _) in out.match_indices("\x1b]8;") {
            let closing = out[i..].starts_with(CLOSE);
            assert_eq!(closing, open, "at {i}: {out:?}");
            open = !closing;
        }
        assert!(!open);
        // The same text, fewer bytes than a link per cell.
        let unjoined: usize = cells.iter().map(|(_, _, c)| c.symbol().len()).sum();
        assert!(out.len() < unjoined, "{} against {unjoined}", out.len());
    }

    #[test]
    fn cells_without_links_or_a_lone_linked_cell_are_written_as_they_are() {
        let a = SafeUrl::new("https://a.org/").unwrap();
        let cells = [
            (0, 0, cell("x")),
            (1, 0, cell(&wrap("t", &a, "cr0"))),
            (5, 3, cell(&wrap("s", &a, "cr0"))),
        ];
        let refs: Vec<(u16, u16, &Cell)> = cells.iter().map(|(x, y, c)| (*x, *y, c)).collect();
        assert!(join_hyperlinks(&refs).is_empty());
        let out = written(&cells);
        assert!(out.contains(&format!("\x1b]8;id=cr0;https://a.org/\x1b\\t{CLOSE}")));
        assert!(out.contains(&format!("\x1b]8;id=cr0;https://a.org/\x1b\\s{CLOSE}")));
    }

    /// A terminal (vt100) fed by a ratatui terminal of `w`×`h` over `backend`.
    struct Emulated<B: Backend> {
        terminal: ratatui::Terminal<B>,
        out: Screen,
        parser: vt100::Parser,
    }

    impl<B: Backend> Emulated<B> {
        fn new(backend: B, out: Screen, w: u16, h: u16) -> Self {
            let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h));
            let terminal =
                ratatui::Terminal::with_options(backend, ratatui::TerminalOptions { viewport })
                    .expect("terminal");
            Emulated {
                terminal,
                out,
                parser: vt100::Parser::new(h, w, 0),
            }
        }

        /// Draws `frame` (diffed against the last); the bytes written.
        fn draw(&mut self, frame: &ratatui::buffer::Buffer) -> Vec<u8> {
            self.terminal
                .draw(|f| f.buffer_mut().merge(frame))
                .expect("draw");
            let bytes = std::mem::take(&mut *self.out.0.borrow_mut());
            self.parser.process(&bytes);
            bytes
        }

        /// Every cell: its text and everything it is drawn with.
        fn cells(&self) -> Vec<String> {
            let screen = self.parser.screen();
            let (rows, cols) = screen.size();
            let mut cells = Vec::new();
            for y in 0..rows {
                for x in 0..cols {
                    let c = screen.cell(y, x).expect("in the screen");
                    // A space written is a blank cell, as one never written.
                    let text = if c.contents() == " " {
                        ""
                    } else {
                        c.contents()
                    };
                    cells.push(format!(
                        "{y},{x} {text:?} {:?} {:?} b{} d{} i{} u{} r{} w{}",
                        c.fgcolor(),
                        c.bgcolor(),
                        c.bold(),
                        c.dim(),
                        c.italic(),
                        c.underline(),
                        c.inverse(),
                        c.is_wide_continuation(),
                    ));
                }
            }
            cells
        }
    }

    /// A small random generator (xorshift), for frames.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// A frame of words with blanks between them, styled spans, colours of
    /// every kind, wide and ambiguous characters and hyperlinks.
    fn random_frame(rng: &mut Rng, w: u16, h: u16) -> ratatui::buffer::Buffer {
        use ratatui::style::{Color, Modifier, Style};
        let a = SafeUrl::new("https://a.org/").expect("url");
        let words = [
            "the", "a", "fun,", "way", "to", "build", "字符", "▶", "│", "é", "👍", "x", "",
        ];
        let colours = [
            Color::Reset,
            Color::Red,
            Color::LightCyan,
            Color::DarkGray,
            Color::Indexed(8),
            Color::Indexed(200),
            Color::Rgb(1, 2, 3),
        ];
        let modifiers = [
            Modifier::empty(),
            Modifier::BOLD,
            Modifier::DIM,
            Modifier::ITALIC | Modifier::UNDERLINED,
            Modifier::REVERSED,
            Modifier::BOLD | Modifier::DIM,
            Modifier::CROSSED_OUT | Modifier::HIDDEN,
            Modifier::SLOW_BLINK,
        ];
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        for y in 0..h {
            let mut x = rng.below(3) as u16;
            while x < w {
                let word = words[rng.below(words.len())];
                // Prose is mostly unstyled; some spans are not.
                let style = if rng.below(3) == 0 {
                    Style::default()
                        .fg(colours[rng.below(colours.len())])
                        .bg(colours[rng.below(colours.len())])
                        .add_modifier(modifiers[rng.below(modifiers.len())])
                } else {
                    Style::default()
                };
                if rng.below(6) == 0 && word.is_ascii() {
                    // A linked word: each cell holds the whole link, as
                    // the reader's text view writes it.
                    for (i, ch) in word.chars().enumerate() {
                        let cx = x + i as u16;
                        if cx < w {
                            let cell = &mut buf[(cx, y)];
                            cell.set_symbol(&wrap(&ch.to_string(), &a, "cr0"));
                            cell.set_style(style);
                        }
                    }
                    x += word.len() as u16;
                } else {
                    let (nx, _) = buf.set_stringn(x, y, word, usize::from(w - x), style);
                    x = nx;
                }
                x += 1 + rng.below(8) as u16 * u16::from(rng.below(3) == 0);
            }
        }
        buf
    }

    #[test]
    fn a_frame_shows_what_crossterms_backend_shows() {
        let (w, h) = (30, 6);
        for seed in 1..200 {
            let mut rng = Rng(seed * 7919);
            let theirs_out = Screen::default();
            let mut theirs =
                Emulated::new(CrosstermBackend::new(theirs_out.clone()), theirs_out, w, h);
            let ours_out = Screen::default();
            let mut ours = Emulated::new(
                Capped::new(CrosstermBackend::new(ours_out.clone())),
                ours_out,
                w,
                h,
            );
            // A first frame, then frames diffed against it, with a clear
            // (as a resize makes) between some.
            for step in 0..4 {
                if step == 2 && seed % 2 == 0 {
                    // The screen cleared and new terminals on it: what
                    // `Terminal::clear` leaves (it asks a real terminal).
                    let parsers = (theirs.parser, ours.parser);
                    theirs =
                        Emulated::new(CrosstermBackend::new(theirs.out.clone()), theirs.out, w, h);
                    ours = Emulated::new(
                        Capped::new(CrosstermBackend::new(ours.out.clone())),
                        ours.out,
                        w,
                        h,
                    );
                    (theirs.parser, ours.parser) = parsers;
                    theirs.parser.process(b"\x1b[2J");
                    ours.parser.process(b"\x1b[2J");
                }
                let frame = random_frame(&mut rng, w, h);
                theirs.draw(&frame);
                ours.draw(&frame);
                assert_eq!(ours.cells(), theirs.cells(), "seed {seed}, frame {step}");
            }
        }
    }

    #[test]
    fn a_first_frame_of_prose_writes_the_blanks_between_words_not_cursor_moves() {
        let cells: Vec<(u16, u16, Cell)> = [(0, "a"), (1, "b"), (3, "c"), (6, "d"), (20, "e")]
            .into_iter()
            .map(|(x, s)| (x, 0, cell(s)))
            .chain([(0, 1, cell("f")), (4, 1, cell("g"))])
            // Cells that follow each other need no move whatever they
            // are; past a character whose width terminals may count
            // otherwise, the next gap is an address.
            .chain([(0, 2, cell("─")), (1, 2, cell("─")), (4, 2, cell("h"))])
            .collect();
        let out = written(&cells);
        assert_eq!(
            out,
            "\x1b[1Hab c  d\x1b[13Ce\x1b[2Hf   g\x1b[3H──\x1b[3;5Hh\x1b[0m"
        );
    }
}

/// Keys typed while the document loads, before the reader has the
/// terminal (a big file on a slow disk, `(sleep 3; cat big.md) |
/// camp-reader`), must not be echoed on the user's screen: the terminal
/// echoed them, as it was not raw yet (a `q` showed). [`quiet`] turns the
/// terminal's echo off until [`Guard::enter`] takes it (the keys wait in
/// its input and are read by the reader then) or the run ends before. The
/// terminal's own modes are put back on every way out: [`Quiet`] when
/// dropped, and a signal that ends or stops the process meanwhile
/// (Ctrl-C, SIGTERM, SIGHUP, Ctrl-\, Ctrl-z) puts them back from its
/// handler before its default action. Ctrl-C still works: only echo is off.
pub struct Quiet(());

/// Turns the terminal's echo off while the document loads (see [`Quiet`]);
/// nothing when there is no controlling terminal.
pub fn quiet() -> Quiet {
    #[cfg(unix)]
    quiet::begin();
    Quiet(())
}

/// Gives the terminal its own modes back, if [`quiet`] took them: before
/// the reader enters its own (raw mode keeps the keys typed meanwhile,
/// unechoed, for the reader to read), or at the end of a run that never
/// got there.
pub fn unquiet() {
    #[cfg(unix)]
    quiet::end();
}

impl Drop for Quiet {
    fn drop(&mut self) {
        unquiet();
    }
}

#[cfg(unix)]
mod quiet {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The terminal and its modes as found, set once before any handler
    /// can read them.
    struct Saved {
        fd: libc::c_int,
        termios: libc::termios,
    }

    static SAVED: OnceLock<Saved> = OnceLock::new();
    /// True while echo is off by [`begin`].
    static ON: AtomicBool = AtomicBool::new(false);
    /// The signals whose default action ends or stops the process, that
    /// the terminal, a user or a limit sends while the document loads:
    /// every one the screen's guard handles ([`super::FATAL`]: SIGUSR1,
    /// SIGXCPU…, which left echo off), SIGTERM, SIGHUP, SIGTSTP, and
    /// SIGABRT (an allocation that fails aborts).
    fn signals() -> impl Iterator<Item = libc::c_int> {
        super::FATAL.iter().copied().chain([
            libc::SIGTERM,
            libc::SIGHUP,
            libc::SIGTSTP,
            libc::SIGABRT,
        ])
    }
    /// Their actions before [`begin`], put back by [`end`].
    static PREVIOUS: OnceLock<Vec<(libc::c_int, libc::sigaction)>> = OnceLock::new();

    pub fn begin() {
        if SAVED.get().is_some() {
            return;
        }
        let Some((fd, termios)) = super::tty_modes() else {
            return;
        };
        if SAVED.set(Saved { fd, termios }).is_err() {
            return;
        }
        // SAFETY: the handler reads only `SAVED` (set above, never changed
        // again) and `ON`, and calls async-signal-safe functions;
        // `previous` is a valid place for each old action.
        unsafe {
            let mut previous = Vec::new();
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            for signal in signals() {
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(signal, &action, &mut old);
                previous.push((signal, old));
            }
            let _ = PREVIOUS.set(previous);
        }
        let mut quiet = termios;
        quiet.c_lflag &= !(libc::ECHO | libc::ECHONL);
        ON.store(true, Ordering::SeqCst);
        // SAFETY: `fd` is open; `quiet` is a valid termios.
        if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) } != 0 {
            end();
        }
    }

    /// The terminal's modes back, and the signals' actions.
    pub fn end() {
        let Some(saved) = SAVED.get() else {
            return;
        };
        if !ON.swap(false, Ordering::SeqCst) {
            return;
        }
        // SAFETY: `fd` is open and `termios` the modes read from it; the
        // previous actions were read by `sigaction` itself.
        unsafe {
            libc::tcsetattr(saved.fd, libc::TCSANOW, &saved.termios);
            if let Some(previous) = PREVIOUS.get() {
                for (signal, old) in previous {
                    libc::sigaction(*signal, old, std::ptr::null_mut());
                }
            }
        }
    }

    /// A signal while echo is off: the modes back, then the default
    /// action (the process ends, or stops until `fg`).
    extern "C" fn on_signal(signal: libc::c_int) {
        if ON.swap(false, Ordering::SeqCst)
            && let Some(saved) = SAVED.get()
        {
            // SAFETY: tcsetattr(3) is async-signal-safe; `saved` was set
            // before the handler was installed and is never changed.
            unsafe {
                libc::tcsetattr(saved.fd, libc::TCSANOW, &saved.termios);
            }
        }
        // SAFETY: signal(2) and raise(3) are async-signal-safe.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}
