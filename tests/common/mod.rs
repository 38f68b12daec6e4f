//! Test support shared by the integration tests: an app of a given size,
//! drawing it to a buffer, reading a row, typing into a prompt; a time
//! limit for calls that could hang; and a pseudo-terminal harness that runs
//! the built binary in a pty, feeds its output to a vt100 parser, and lets
//! tests wait for what the screen shows; a crossterm terminal drawing
//! into memory whose every frame is checked against the terminal byte
//! rule.

#![allow(dead_code)]

pub mod format_cases;

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse};
use camp_reader::settings::keymap::Command;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// The reader on a document given as TOML text, sized `w`×`h`.
pub fn app_for(toml: &str, w: u16, h: u16) -> App {
    app_with(toml, Options::default(), w, h)
}

/// The same with options (a theme, a measure…).
pub fn app_with(toml: &str, options: Options, w: u16, h: u16) -> App {
    let doc = parse("test.toml", toml).expect("test document loads");
    sized(App::new(doc, options), w, h)
}

/// The reader on the embedded article, sized `w`×`h`.
pub fn embedded_app(w: u16, h: u16) -> App {
    let doc = parse(EMBEDDED_NAME, EMBEDDED).expect("embedded document loads");
    sized(App::new(doc, Options::default()), w, h)
}

fn sized(mut app: App, w: u16, h: u16) -> App {
    app.update(Event::Resize(w, h));
    app
}

/// The whole screen drawn through a TestBackend of the app's size.
pub fn draw(app: &App) -> Buffer {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size().width, app.size().height)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// Row `y` of a buffer as text (wide characters once, their filler cells
/// as ratatui leaves them).
pub fn row(buf: &Buffer, y: u16) -> String {
    (buf.area.left()..buf.area.right())
        .map(|x| buf[(x, y)].symbol())
        .collect()
}

/// Types `text` into whatever prompt is open, one key at a time.
pub fn type_query(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Command::Insert(c));
    }
}

pub struct Pty {
    pub parser: vt100::Parser,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    /// Everything the program wrote, for byte-level checks.
    pub raw: Vec<u8>,
}

pub const TIMEOUT: Duration = Duration::from_secs(10);

impl Pty {
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Pty {
        Pty::spawn_with(args, cols, rows, &[])
    }

    pub fn spawn_with(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_camp-reader"));
        for a in args {
            cmd.arg(a);
        }
        Pty::spawn_cmd(cmd, cols, rows, env)
    }

    /// Runs a shell command line (e.g. a pipe into the binary) in the pty.
    pub fn spawn_sh(script: &str, cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(script);
        Pty::spawn_cmd(cmd, cols, rows, &[])
    }

    fn spawn_cmd(mut cmd: CommandBuilder, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let system = native_pty_system();
        let pair = system
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        cmd.env("TERM", "xterm-256color");
        // Keep tests away from the user's state and config.
        // A fresh state directory per run, so parallel tests never resume
        // each other's reading positions.
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let scratch =
            std::env::temp_dir().join(format!("camp-reader-pty-{}-{run}", std::process::id()));
        cmd.env("XDG_STATE_HOME", scratch.join("state"));
        cmd.env("XDG_CONFIG_HOME", scratch.join("config"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn camp-reader");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Pty {
            parser: vt100::Parser::new(rows, cols, 0),
            rx,
            writer,
            child,
            master: pair.master,
            raw: Vec::new(),
        }
    }

    fn pump(&mut self, wait: Duration) -> bool {
        match self.rx.recv_timeout(wait) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                while let Ok(more) = self.rx.try_recv() {
                    self.parser.process(&more);
                    self.raw.extend_from_slice(&more);
                }
                true
            }
            Err(_) => false,
        }
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        let screen = self.parser.screen();
        let (_, cols) = screen.size();
        screen.rows(0, cols).collect::<Vec<_>>().join("\n")
    }

    /// Waits until the screen satisfies `pred`; panics with the screen if not.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        self.wait_for_within(what, TIMEOUT, pred);
    }

    /// [`Pty::wait_for`] with a time limit of its own (for work a debug
    /// build does slowly on a loaded machine).
    pub fn wait_for_within(&mut self, what: &str, limit: Duration, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + limit;
        loop {
            if pred(&self.screen()) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until the screen satisfies `done`, calling `each` with the
    /// screen after every piece of output read (not only the last of a
    /// burst): what a user could have seen on the way.
    pub fn wait_seeing_each(
        &mut self,
        what: &str,
        mut each: impl FnMut(&str),
        done: impl Fn(&str) -> bool,
    ) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let screen = self.screen();
            each(&screen);
            if done(&screen) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            if let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
        }
    }

    /// Reads what the program draws for `time`, whatever it is (to show
    /// that something did not happen).
    pub fn watch_for(&mut self, time: Duration) {
        let deadline = Instant::now() + time;
        while Instant::now() < deadline {
            self.pump(Duration::from_millis(50));
        }
    }

    pub fn wait_text(&mut self, text: &str) {
        let t = text.to_string();
        self.wait_for(text, move |s| s.contains(&t));
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Waits for the program to exit and drains its output.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                while self.pump(Duration::from_millis(100)) {}
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("program did not exit; screen:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// The last row of the screen (the status line).
    pub fn status_line(&self) -> String {
        let screen = self.screen();
        screen.lines().last().unwrap_or("").to_string()
    }
}

// ---- drawing through crossterm into memory, byte-checked ----

/// A writer whose bytes the test can read while the terminal owns it.
#[derive(Clone, Default)]
pub struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A crossterm terminal of a fixed size writing into memory, frames
/// drawn one after the other (so later frames are diffs, as for real).
pub struct Screen {
    terminal: Terminal<ratatui::backend::CrosstermBackend<Shared>>,
    out: Shared,
    /// Everything written so far, for the vt100 view.
    all: Vec<u8>,
    frames: usize,
}

impl Screen {
    pub fn new(w: u16, h: u16) -> Screen {
        let out = Shared::default();
        let terminal = Terminal::with_options(
            ratatui::backend::CrosstermBackend::new(out.clone()),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
            },
        )
        .expect("terminal");
        Screen {
            terminal,
            out,
            all: Vec::new(),
            frames: 0,
        }
    }

    /// Draws `app`, checks this frame's bytes, returns them.
    pub fn frame(&mut self, app: &App, what: &str) -> Vec<u8> {
        self.terminal
            .draw(|f| f.render_widget(app, f.area()))
            .expect("draw");
        let bytes = std::mem::take(&mut *self.out.0.borrow_mut());
        self.frames += 1;
        if let Err(e) = camp_reader::testing::output_check::check_terminal_bytes(&bytes) {
            panic!("{what} (frame {}): {e}", self.frames);
        }
        self.all.extend_from_slice(&bytes);
        bytes
    }

    pub fn resize(&mut self, app: &mut App, w: u16, h: u16) {
        app.update(Event::Resize(w, h));
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, w, h))
            .expect("resize");
        let bytes = std::mem::take(&mut *self.out.0.borrow_mut());
        camp_reader::testing::output_check::check_terminal_bytes(&bytes).expect("resize output");
        self.all.extend_from_slice(&bytes);
    }

    /// The screen as a terminal shows it.
    pub fn contents(&self, w: u16, h: u16) -> String {
        let mut parser = vt100::Parser::new(h, w, 0);
        parser.process(&self.all);
        parser.screen().contents()
    }
}

/// Runs `f` on a thread with a 2 MiB stack (Rust's default for spawned threads,
/// less than a main thread's 8 MiB, so deep recursion shows up here first) and fails the test if it
/// panics or does not answer within `limit`.
pub fn within<T: Send + 'static>(
    what: &str,
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name(what.to_string())
        .stack_size(2 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("spawn");
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(RecvTimeoutError::Timeout) => panic!("{what}: no answer within {limit:?} (hang)"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// The source directories of the packages this project depends on (for
/// this host, dev-dependencies included), as `cargo metadata` resolves
/// them: `(name, version, directory)`, sorted by name. Cargo has already
/// downloaded them to build the tests. Panics (it never skips) when cargo
/// cannot say, so a test built on third-party sources cannot pass
/// vacuously.
pub fn dependency_sources() -> Vec<(String, String, std::path::PathBuf)> {
    let host = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .arg("-vV")
        .output()
        .expect("run rustc -vV");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc -vV names the host");
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--filter-platform",
            &host,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let members: Vec<&str> = meta["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    let mut deps: Vec<(String, String, std::path::PathBuf)> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| !members.contains(&p["id"].as_str().unwrap_or_default()))
        .map(|p| {
            let manifest = std::path::PathBuf::from(p["manifest_path"].as_str().expect("path"));
            (
                p["name"].as_str().expect("name").to_string(),
                p["version"].as_str().expect("version").to_string(),
                manifest
                    .parent()
                    .expect("a manifest's directory")
                    .to_path_buf(),
            )
        })
        .collect();
    deps.sort();
    deps
}

/// Every `README.md` and `CHANGELOG.md` among the dependencies' sources,
/// in a stable order. Panics when fewer than 50 are found: a registry
/// without them would make every check over them vacuous.
pub fn dependency_documents() -> Vec<std::path::PathBuf> {
    let mut docs = Vec::new();
    for (_, _, dir) in dependency_sources() {
        for name in ["README.md", "CHANGELOG.md"] {
            let path = dir.join(name);
            if path.is_file() {
                docs.push(path);
            }
        }
    }
    assert!(
        docs.len() >= 50,
        "only {} READMEs and changelogs found among the dependencies",
        docs.len()
    );
    docs
}

/// The source directory of dependency `name`; panics when it is not one.
pub fn dependency_source(name: &str) -> std::path::PathBuf {
    let deps = dependency_sources();
    let found = deps.iter().find(|(n, _, _)| n == name);
    let (_, _, dir) = found.unwrap_or_else(|| panic!("{name} is not among the dependencies"));
    assert!(
        dir.is_dir(),
        "{name}'s source is missing at {}",
        dir.display()
    );
    dir.clone()
}

/// A Markdown file over the size that opens progressively, code on its
/// first screen and all the way down; with `lang` as every block's
/// language.
pub fn code_heavy_markdown(lang: &str) -> String {
    let mut text = format!("# Code\n\n```{lang}\nfn main() {{ let x = 42; }}\n```\n\n");
    let mut i = 0;
    while text.len() < camp_reader::load::PROGRESSIVE_FROM + (64 << 10) {
        text.push_str(&format!(
            "## Part {i}\n\nSome prose about part {i}.\n\n```{lang}\nfn part_{i}() -> u32 {{ {i} }}\n```\n\n"
        ));
        i += 1;
    }
    text
}
