//! The terminal is always given back: after SIGTERM, SIGHUP, a panic, an
//! abort (SIGABRT, an allocation that failed), a suspend and a closed
//! terminal, the tty modes are what they were
//! (`stty -g` matches) and the alternate screen was left.

#![cfg(unix)]

use crate::common;

use std::time::{Duration, Instant};

use common::Pty;

/// Runs the reader under `sh`, recording `stty -g` before and after.
fn wrapped(extra_env: &str, dir: &std::path::Path) -> Pty {
    let bin = env!("CARGO_BIN_EXE_camp-reader");
    let before = dir.join("before");
    let after = dir.join("after");
    let script = format!(
        "stty -g > '{}'; {extra_env} '{bin}'; echo \"rc=$?\"; stty -g > '{}'; echo done; sleep 5",
        before.display(),
        after.display()
    );
    Pty::spawn_sh(&script, 90, 26)
}

/// The pid of the reader: the shell's child.
fn reader_pid(pty: &Pty) -> i32 {
    let sh = pty.child.process_id().expect("shell pid");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let children =
            std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children")).unwrap_or_default();
        if let Some(pid) = children
            .split_whitespace()
            .next()
            .and_then(|p| p.parse().ok())
        {
            return pid;
        }
        assert!(Instant::now() < deadline, "no child process");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn kill(pid: i32, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

fn assert_restored(pty: &mut Pty, dir: &std::path::Path, rc: &str) {
    pty.wait_for("the shell after the reader", |s| s.contains("done"));
    assert!(
        pty.screen().contains(rc),
        "exit status {rc}; screen:\n{}",
        pty.screen()
    );
    assert!(
        !pty.parser.screen().alternate_screen(),
        "alternate screen left"
    );
    let before = std::fs::read_to_string(dir.join("before")).unwrap();
    let after = std::fs::read_to_string(dir.join("after")).unwrap();
    assert_eq!(before, after, "terminal modes restored");
    let _ = pty.child.kill();
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = wrapped("", dir.path());
    pty.wait_text("h help");
    assert!(pty.parser.screen().alternate_screen());
    kill(reader_pid(&pty), "TERM");
    assert_restored(&mut pty, dir.path(), "rc=143");
}

#[test]
fn sighup_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = wrapped("", dir.path());
    pty.wait_text("h help");
    kill(reader_pid(&pty), "HUP");
    assert_restored(&mut pty, dir.path(), "rc=129");
}

#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // No backtrace (RUST_BACKTRACE may be set where the tests run): its
    // lines would scroll the message off the 26-row screen.
    let mut pty = wrapped("RUST_BACKTRACE=0 CAMP_READER_TEST_PANIC_KEY=!", dir.path());
    pty.wait_text("h help");
    pty.send("!");
    assert_restored(&mut pty, dir.path(), "rc=101");
    assert!(
        pty.screen().contains("test panic"),
        "the panic message is shown after restoring"
    );
}

#[test]
fn sigabrt_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = wrapped("", dir.path());
    pty.wait_text("h help");
    kill(reader_pid(&pty), "ABRT");
    assert_restored(&mut pty, dir.path(), "rc=134");
}

#[test]
fn an_allocation_that_fails_restores_the_terminal() {
    // Under a 4 GB address-space limit the reader asks for 64 GiB: Rust
    // aborts the process, which runs no destructor and no panic hook.
    let dir = tempfile::tempdir().unwrap();
    let mut pty = wrapped(
        "ulimit -v 4000000; CAMP_READER_TEST_ALLOC_KEY=!",
        dir.path(),
    );
    pty.wait_text("h help");
    pty.send("!");
    assert_restored(&mut pty, dir.path(), "rc=134");
    // Rust says why before it aborts; what it writes to stderr while the
    // reader has the screen is held back and written once the alternate
    // screen is left, so the message stays readable.
    let raw = String::from_utf8_lossy(&pty.raw);
    let said = raw
        .find("memory allocation of")
        .expect("an allocation failed");
    let left = raw.rfind("\x1b[?1049l").expect("the alternate screen left");
    assert!(
        left < said,
        "the message comes after the alternate screen is left"
    );
}

/// Every signal whose default action ends the process gives the terminal
/// back, then ends it as the signal would (the shell sees 128 + signal).
#[test]
fn every_fatal_signal_restores_the_terminal() {
    for (signal, rc) in [
        ("USR1", "rc=138"),
        ("USR2", "rc=140"),
        ("ALRM", "rc=142"),
        ("XCPU", "rc=152"),
        ("VTALRM", "rc=154"),
        ("SEGV", "rc=139"),
        ("BUS", "rc=135"),
        ("INT", "rc=130"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut pty = wrapped("", dir.path());
        pty.wait_text("h help");
        kill(reader_pid(&pty), signal);
        assert_restored(&mut pty, dir.path(), rc);
    }
}

/// SIGTERM and SIGHUP (a closed terminal window) save where the reader
/// was before it ends, as a quit does.
#[test]
fn sigterm_and_sighup_save_the_position_first() {
    for (signal, rc) in [("TERM", "rc=143"), ("HUP", "rc=129")] {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let mut pty = wrapped(&format!("XDG_STATE_HOME='{}'", state.display()), dir.path());
        pty.wait_text("h help");
        pty.send("]]");
        pty.wait_for("section 3", |s| s.contains("▶3 "));
        kill(reader_pid(&pty), signal);
        assert_restored(&mut pty, dir.path(), rc);
        let saved = std::fs::read_to_string(state.join("camp-reader/state.toml"))
            .unwrap_or_else(|e| panic!("{signal}: no state saved ({e})"));
        assert!(saved.contains("[[documents]]"), "{saved}");
    }
}

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_camp-reader");
    let before = dir.path().join("before");
    let during = dir.path().join("during");
    // An interactive shell, so job control (fg) works.
    let mut pty = Pty::spawn_sh("exec bash --norc --noprofile -i", 90, 26);
    pty.send(&format!("stty -g > '{}'; '{bin}'\r", before.display()));
    pty.wait_text("h help");
    pty.send("]");
    pty.wait_for("section 2", |s| s.contains("▶2 Residents"));
    pty.send("\x1a");
    pty.wait_for("back at the shell", |s| s.contains("Stopped"));
    assert!(
        !pty.parser.screen().alternate_screen(),
        "suspended: main screen"
    );
    pty.send(&format!("stty -g > '{}'; fg\r", during.display()));
    pty.wait_for("redrawn after fg", |s| {
        s.contains("▶2 Residents") && s.contains("h help")
    });
    assert!(pty.parser.screen().alternate_screen());
    assert_eq!(
        std::fs::read_to_string(&before).unwrap(),
        std::fs::read_to_string(&during).unwrap(),
        "while suspended the terminal modes were the shell's"
    );
    pty.send("q");
    pty.wait_for("back at the shell", |s| !s.contains("h help"));
    assert!(!pty.parser.screen().alternate_screen());
    let _ = pty.child.kill();
}

#[test]
fn a_closed_terminal_ends_the_reader_within_a_second() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    // Without the shared harness: every handle on the pty must be dropped
    // for it to close, and the harness keeps a reader thread blocked on it.
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_camp-reader"));
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("help") {
        let n = reader.read(&mut buf).unwrap();
        assert!(n > 0, "output ended before the first screen");
        seen.extend_from_slice(&buf[..n]);
    }
    drop(reader);
    drop(pair.master);
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "reader still running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The reader in a pipe whose document comes after `delay` (a slow pipe:
/// the reader loads before it has the terminal), with `stty -g` recorded
/// before and after as [`wrapped`] does.
fn slow_pipe(dir: &std::path::Path, delay: &str) -> Pty {
    let bin = env!("CARGO_BIN_EXE_camp-reader");
    let doc = dir.join("doc.md");
    std::fs::write(&doc, "# Slow\n\nArrived late.\n").unwrap();
    let script = format!(
        "stty -g > '{}'; (sleep {delay}; cat '{}') | '{bin}'; echo \"rc=$?\"; stty -g > '{}'; echo done; sleep 5",
        dir.join("before").display(),
        doc.display(),
        dir.join("after").display()
    );
    Pty::spawn_sh(&script, 90, 26)
}

/// The reader among the shell's children (a pipeline has two).
fn reader_in_pipe(pty: &Pty) -> i32 {
    let sh = pty.child.process_id().expect("shell pid");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let children =
            std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children")).unwrap_or_default();
        let reader = children
            .split_whitespace()
            .filter_map(|p| p.parse::<i32>().ok())
            .find(|p| {
                std::fs::read_to_string(format!("/proc/{p}/comm"))
                    .is_ok_and(|c| c.trim() == "camp-reader")
            });
        if let Some(pid) = reader {
            return pid;
        }
        assert!(Instant::now() < deadline, "no reader process");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A `q` typed while the document still loads (the terminal was not raw
/// yet) was echoed on the user's screen. It is not, and it is read once
/// the reader is up: the reader quits, and the terminal's modes are what
/// they were.
#[test]
fn a_key_typed_during_a_slow_load_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = slow_pipe(dir.path(), "1.5");
    // The reader is started and reading its standard input.
    reader_in_pipe(&pty);
    std::thread::sleep(Duration::from_millis(300));
    pty.send("q");
    pty.wait_for("the shell after the reader", |s| s.contains("done"));
    let raw = String::from_utf8_lossy(&pty.raw).to_string();
    let before_reader = raw.split("\x1b[?1049h").next().unwrap_or("");
    assert!(
        !before_reader.contains('q'),
        "echoed before the reader was up: {before_reader:?}"
    );
    assert_restored(&mut pty, dir.path(), "rc=0");
}

/// Ended by a signal while the document loads (echo off), the terminal's
/// modes are given back all the same.
#[test]
fn a_signal_during_a_slow_load_restores_the_terminal() {
    // USR1, ALRM, XCPU and ABRT (an allocation that fails) left echo off:
    // only the first three had a handler before the screen was up.
    for (signal, rc) in [
        ("INT", "rc=130"),
        ("TERM", "rc=143"),
        ("HUP", "rc=129"),
        ("USR1", "rc=138"),
        ("ALRM", "rc=142"),
        ("XCPU", "rc=152"),
        ("ABRT", "rc=134"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut pty = slow_pipe(dir.path(), "3");
        let pid = reader_in_pipe(&pty);
        std::thread::sleep(Duration::from_millis(300));
        kill(pid, signal);
        assert_restored(&mut pty, dir.path(), rc);
    }
}
