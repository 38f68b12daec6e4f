//! Measures the time from starting a program in a 120×40 pseudo-terminal
//! to its first full screen, for camp-reader and for comparison `less`.
//!
//!     cargo build --release
//!     cargo run --release --example first-frame -- [FILE.toml|embedded] [RUNS]
//!
//! camp-reader's first frame is recognised by its status line (`? help`);
//! less's by its prompt at the bottom of the screen. Prints the median.

use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn time_to_screen(cmd: CommandBuilder, done: &dyn Fn(&vt100::Screen) -> bool) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(40, 120, 0);
    let elapsed = loop {
        let bytes = rx.recv_timeout(Duration::from_secs(30)).expect("output");
        parser.process(&bytes);
        if done(parser.screen()) {
            break start.elapsed();
        }
    };
    let _ = writer.write_all(b"q");
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // `embedded` (or nothing) for the built-in article; paths are made
    // absolute because the pty's child does not start in this directory.
    let file = std::env::args()
        .nth(1)
        .filter(|f| f != "embedded")
        .map(|f| std::fs::canonicalize(&f).unwrap_or_else(|_| PathBuf::from(f)));
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/camp-reader");
    let last_row = |s: &vt100::Screen| s.rows(0, 120).nth(39).unwrap_or_default();

    let reader_times: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut cmd = CommandBuilder::new(&bin);
            if let Some(f) = &file {
                cmd.arg(f);
            }
            cmd.env("TERM", "xterm-256color");
            cmd.env(
                "XDG_STATE_HOME",
                std::env::temp_dir().join("camp-reader-bench-state"),
            );
            time_to_screen(cmd, &|s| last_row(s).contains("? help"))
        })
        .collect();
    println!(
        "camp-reader {}: {:?}",
        file.as_ref()
            .map_or("(embedded)".into(), |f| f.display().to_string()),
        median(reader_times)
    );

    // less on the same text: the plain print of the document.
    let text = std::env::temp_dir().join("camp-reader-first-frame.txt");
    let mut print = std::process::Command::new(&bin);
    print.args(["--print", "--width", "86"]);
    if let Some(f) = &file {
        print.arg(f);
    }
    let out = print.output().expect("camp-reader --print");
    std::fs::write(&text, out.stdout).expect("write text");
    let less_times: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut cmd = CommandBuilder::new("less");
            cmd.arg(&text);
            cmd.env("TERM", "xterm-256color");
            cmd.env("LESS", "");
            time_to_screen(cmd, &|s| {
                let row = last_row(s);
                let row = row.trim_end();
                row.ends_with(':') || row.contains(".txt") || row.contains("(END)")
            })
        })
        .collect();
    println!("less on the same text: {:?}", median(less_times));
}
