//! Measures the time from starting a program in a 120×40 pseudo-terminal
//! to its first full screen, for camp-reader and for comparison `less`.
//!
//!     cargo build --release
//!     cargo run --release --example first-frame -- [FILE.toml|FILE.md|embedded] [RUNS]
//!     cargo run --release --example first-frame -- --compare FILE.md MARKER [RUNS]
//!     cargo run --release --example first-frame -- --search FILE QUERY [RUNS]
//!     cargo run --release --example first-frame -- --keys FILE KEYS UNTIL [RUNS]
//!     cargo run --release --example first-frame -- --start-keys FILE KEYS UNTIL [RUNS]
//!
//! camp-reader's first frame is recognised by its status line (`h help`);
//! less's by its prompt at the bottom of the screen. The default mode runs
//! the two in turn, one run each, and prints each one's median and
//! quartiles and the median of the run-by-run ratio.
//!
//! `--compare` runs the Markdown readers a user would pick instead on the
//! same file — camp-reader, frogmouth, treemd, and less on the raw file —
//! each until MARKER (text near the start of the document) is on screen,
//! and prints a table row per reader: median time to that first screen,
//! and the peak resident memory (the process's `VmHWM`) and CPU time spent
//! in the 2 s after it (idle CPU). Readers not installed are skipped;
//! `FROGMOUTH` and `TREEMD` name their executables if not on `PATH`. A run
//! that takes over 120 s or 12 GB is stopped and reported as such.
//!
//! `--search` writes `/QUERY` and Enter at once from the top (a query
//! pasted, or typed faster than frames are drawn) into camp-reader and
//! into less on the plain print, and prints the median time until QUERY
//! shows in the text, and the most CPU time spent in the second after.

use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn time_to_screen(cmd: CommandBuilder, done: &dyn Fn(&vt100::Screen) -> bool) -> Duration {
    run_to_screen(cmd, done, Duration::from_secs(30), Duration::ZERO)
        .expect("first screen")
        .elapsed
}

/// What one run of a reader measured.
struct Run {
    elapsed: Duration,
    /// Peak resident memory, bytes.
    peak_rss: u64,
    /// CPU time used in the 2 s after the first screen.
    idle_cpu: Duration,
}

/// Why a run gave no figure.
#[derive(Debug)]
enum Stopped {
    Timeout(Duration),
    Memory(u64),
    Exited(String),
}

const MEMORY_LIMIT: u64 = 12 << 30;

/// A Linux process's `VmHWM` and `VmRSS` (bytes), and its CPU time.
// A measuring tool, not the reader: its one `sysconf` call stays here.
#[allow(unsafe_code)]
fn proc_stats(pid: u32) -> Option<(u64, u64, Duration)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .map(|v| v * 1024)
    };
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Some((
        kb("VmHWM:")?,
        kb("VmRSS:")?,
        Duration::from_millis(ticks * 1000 / hz),
    ))
}

/// Runs `cmd` until `done` is on screen, then watches its CPU time for
/// `idle` (the time the first screen took is all the default mode needs).
fn run_to_screen(
    cmd: CommandBuilder,
    done: &dyn Fn(&vt100::Screen) -> bool,
    limit: Duration,
    idle: Duration,
) -> Result<Run, Stopped> {
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
    let pid = child.process_id().unwrap_or(0);
    let mut parser = vt100::Parser::new(40, 120, 0);
    let stop = |child: &mut Box<dyn portable_pty::Child + Send + Sync>| {
        let _ = child.kill();
        let _ = child.wait();
    };
    let elapsed = loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(bytes) => parser.process(&bytes),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(_) => {
                let screen = parser.screen().contents();
                stop(&mut child);
                return Err(Stopped::Exited(screen));
            }
        }
        if done(parser.screen()) {
            break start.elapsed();
        }
        if start.elapsed() > limit {
            stop(&mut child);
            return Err(Stopped::Timeout(limit));
        }
        if let Some((_, rss, _)) = proc_stats(pid).filter(|s| s.1 > MEMORY_LIMIT) {
            stop(&mut child);
            return Err(Stopped::Memory(rss));
        }
    };
    // Idle: nothing typed for `idle`; keep reading so the reader never blocks
    // on a full pty.
    let cpu_before = proc_stats(pid).map_or(Duration::ZERO, |s| s.2);
    let idle_until = Instant::now() + idle;
    while Instant::now() < idle_until {
        if let Ok(bytes) = rx.recv_timeout(Duration::from_millis(50)) {
            parser.process(&bytes);
        }
    }
    let (peak_rss, _, cpu_after) = proc_stats(pid).unwrap_or((0, 0, cpu_before));
    let _ = writer.write_all(b"q");
    stop(&mut child);
    Ok(Run {
        elapsed,
        peak_rss,
        idle_cpu: cpu_after.saturating_sub(cpu_before),
    })
}

/// After `first` is on screen, writes `keys` in one write (as a paste into
/// a terminal without bracketed paste delivers them) and times until
/// `done`; then the CPU time the process spends in the next second.
/// The camp-reader binary measured: `CAMP_READER_BIN`, else this
/// checkout's release build.
fn reader_bin() -> PathBuf {
    std::env::var_os("CAMP_READER_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/camp-reader"),
        PathBuf::from,
    )
}

/// KEYS written once the first screen is up; the time until `done`, and
/// the CPU time in the second after. With `from_start`, the keys go as
/// soon as the first screen is up and the time counts from the start;
/// else the first screen is let settle and the time counts from the keys.
fn time_keys(
    cmd: CommandBuilder,
    first: &dyn Fn(&vt100::Screen) -> bool,
    keys: &[u8],
    done: &dyn Fn(&vt100::Screen) -> bool,
    from_start: bool,
) -> (Duration, Duration) {
    let spawned = Instant::now();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
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
    let pid = child.process_id().unwrap_or(0);
    let mut parser = vt100::Parser::new(40, 120, 0);
    let wait = |parser: &mut vt100::Parser, pred: &dyn Fn(&vt100::Screen) -> bool| {
        let limit = Instant::now() + Duration::from_secs(60);
        while !pred(parser.screen()) {
            assert!(
                Instant::now() < limit,
                "timed out:\n{}",
                parser.screen().contents()
            );
            if let Ok(bytes) = rx.recv_timeout(Duration::from_millis(20)) {
                parser.process(&bytes);
            }
        }
    };
    wait(&mut parser, first);
    if !from_start {
        // Let the first screen settle (nothing more to draw).
        std::thread::sleep(Duration::from_millis(500));
    }
    while let Ok(bytes) = rx.try_recv() {
        parser.process(&bytes);
    }
    let start = if from_start { spawned } else { Instant::now() };
    writer.write_all(keys).expect("keys");
    writer.flush().expect("flush");
    wait(&mut parser, done);
    let elapsed = start.elapsed();
    let cpu_before = proc_stats(pid).map_or(Duration::ZERO, |s| s.2);
    let idle_until = Instant::now() + Duration::from_secs(1);
    while Instant::now() < idle_until {
        if let Ok(bytes) = rx.recv_timeout(Duration::from_millis(20)) {
            parser.process(&bytes);
        }
    }
    let cpu_after = proc_stats(pid).map_or(cpu_before, |s| s.2);
    let _ = child.kill();
    let _ = child.wait();
    (elapsed, cpu_after.saturating_sub(cpu_before))
}

/// `--search FILE QUERY [RUNS]`: `/QUERY` and Enter written at once from
/// the top of FILE, in camp-reader and in less on its plain print: the
/// time to the match on screen, and the CPU time in the second after.
fn search(file: PathBuf, query: String, runs: usize) {
    let bin = reader_bin();
    let last_row = |s: &vt100::Screen| s.rows(0, 120).nth(39).unwrap_or_default();
    let keys = format!("/{query}\r");
    let shown = |s: &vt100::Screen| s.rows(0, 120).take(39).any(|r| r.contains(query.as_str()));
    let report = |name: &str, runs: Vec<(Duration, Duration)>| {
        let times = median(runs.iter().map(|r| r.0).collect());
        let cpu = runs.iter().map(|r| r.1).max().unwrap_or_default();
        println!(
            "{name}: Enter to the match on screen {} (median of {}), CPU in the next second at most {}",
            human(times),
            runs.len(),
            human(cpu)
        );
    };
    let reader: Vec<_> = (0..runs)
        .map(|_| {
            let mut cmd = CommandBuilder::new(&bin);
            cmd.arg(&file);
            cmd.env("TERM", "xterm-256color");
            cmd.env(
                "XDG_STATE_HOME",
                std::env::temp_dir().join("camp-reader-bench-state-search"),
            );
            time_keys(
                cmd,
                &|s| last_row(s).contains("h help"),
                keys.as_bytes(),
                &shown,
                false,
            )
        })
        .collect();
    report("camp-reader", reader);
    let text = std::env::temp_dir().join("camp-reader-first-frame.txt");
    let out = std::process::Command::new(&bin)
        .args(["--print", "--width", "86"])
        .arg(&file)
        .output()
        .expect("camp-reader --print");
    std::fs::write(&text, out.stdout).expect("write text");
    let less: Vec<_> = (0..runs)
        .map(|_| {
            let mut cmd = CommandBuilder::new("less");
            cmd.arg(&text);
            cmd.env("TERM", "xterm-256color");
            cmd.env("LESS", "");
            time_keys(
                cmd,
                &|s| {
                    let row = last_row(s);
                    row.trim_end().ends_with(':') || row.contains(".txt")
                },
                keys.as_bytes(),
                &shown,
                false,
            )
        })
        .collect();
    report("less on the same text", less);
}

/// `--keys FILE KEYS UNTIL [RUNS]`: KEYS written at once after the first
/// screen of FILE (`\r` for Enter); the median time until UNTIL shows
/// anywhere on screen (the status line too). `--start-keys`: KEYS written
/// the moment the first screen is up, the time counted from the start
/// (`G` while a large file loads). `CAMP_READER_BIN` names the binary.
fn keys(file: PathBuf, keys: String, until: String, runs: usize, from_start: bool) {
    let bin = reader_bin();
    let last_row = |s: &vt100::Screen| s.rows(0, 120).nth(39).unwrap_or_default();
    let keys = keys.replace("\\r", "\r");
    let shown = |s: &vt100::Screen| s.contents().contains(until.as_str());
    let runs: Vec<_> = (0..runs)
        .map(|_| {
            let mut cmd = CommandBuilder::new(&bin);
            cmd.arg(&file);
            cmd.env("TERM", "xterm-256color");
            cmd.env(
                "XDG_STATE_HOME",
                std::env::temp_dir().join("camp-reader-bench-state-keys"),
            );
            time_keys(
                cmd,
                &|s| last_row(s).contains("h help"),
                keys.as_bytes(),
                &shown,
                from_start,
            )
        })
        .collect();
    let cpu = runs.iter().map(|r| r.1).max().unwrap_or_default();
    println!(
        "{keys:?} to {until:?}: {} (median of {}), CPU in the next second at most {}",
        human(median(runs.iter().map(|r| r.0).collect())),
        runs.len(),
        human(cpu)
    );
}

/// The executable `name` on `PATH` (or in `~/.cargo/bin`), or what the
/// environment variable `var` says.
fn find_program(name: &str, var: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(home)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// `--compare FILE MARKER [RUNS]`: one table row per reader.
fn compare(file: PathBuf, marker: String, runs: usize) {
    let bin = reader_bin();
    let size = std::fs::metadata(&file).map_or(0, |m| m.len());
    let readers: Vec<(&str, Option<PathBuf>, Vec<String>)> = vec![
        ("camp-reader", Some(bin), vec![]),
        ("frogmouth", find_program("frogmouth", "FROGMOUTH"), vec![]),
        ("treemd", find_program("treemd", "TREEMD"), vec![]),
        (
            "less (raw file)",
            find_program("less", "LESS_PROGRAM"),
            vec![],
        ),
    ];
    println!(
        "{} ({:.1} MB), first screen showing {marker:?}, median of {runs}",
        file.display(),
        size as f64 / 1e6
    );
    println!("| reader | first screen | peak RSS | RSS / file | CPU in 2 s idle |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, program, args) in readers {
        let Some(program) = program else {
            println!("| {name} | not installed | | | |");
            continue;
        };
        let mut results = Vec::new();
        let mut stopped = None;
        for _ in 0..runs {
            let mut cmd = CommandBuilder::new(&program);
            for a in &args {
                cmd.arg(a);
            }
            cmd.arg(&file);
            cmd.env("TERM", "xterm-256color");
            cmd.env("LESS", "");
            cmd.env(
                "XDG_STATE_HOME",
                std::env::temp_dir().join("camp-reader-bench-state"),
            );
            let marker = marker.clone();
            let done = move |s: &vt100::Screen| s.contents().contains(&marker);
            match run_to_screen(cmd, &done, Duration::from_secs(120), Duration::from_secs(2)) {
                Ok(run) => results.push(run),
                Err(e) => {
                    stopped = Some(e);
                    break;
                }
            }
        }
        match stopped {
            Some(Stopped::Timeout(limit)) => {
                println!("| {name} | > {} s (stopped) | | | |", limit.as_secs())
            }
            Some(Stopped::Memory(rss)) => println!(
                "| {name} | (stopped at {:.1} GB) | > {:.1} GB | | |",
                rss as f64 / 1e9,
                rss as f64 / 1e9
            ),
            Some(Stopped::Exited(screen)) => {
                println!("| {name} | exited before showing the document | | | |");
                eprintln!("{name}'s last screen:\n{screen}");
            }
            None => {
                results.sort_by_key(|r| r.elapsed);
                let mid = &results[results.len() / 2];
                let peak = results.iter().map(|r| r.peak_rss).max().unwrap_or(0);
                let idle = results.iter().map(|r| r.idle_cpu).max().unwrap_or_default();
                println!(
                    "| {name} | {} | {:.1} MB | {:.1}× | {} ms |",
                    human(mid.elapsed),
                    peak as f64 / 1e6,
                    peak as f64 / size.max(1) as f64,
                    idle.as_millis()
                );
            }
        }
    }
}

fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.0} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, file, marker, rest @ ..] = args.as_slice()
        && flag == "--compare"
    {
        let runs = rest.first().and_then(|r| r.parse().ok()).unwrap_or(3);
        let file = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
        compare(file, marker.clone(), runs);
        return;
    }
    if let [flag, file, k, until, rest @ ..] = args.as_slice()
        && (flag == "--keys" || flag == "--start-keys")
    {
        let runs = rest.first().and_then(|r| r.parse().ok()).unwrap_or(3);
        let file = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
        keys(file, k.clone(), until.clone(), runs, flag == "--start-keys");
        return;
    }
    if let [flag, file, query, rest @ ..] = args.as_slice()
        && flag == "--search"
    {
        let runs = rest.first().and_then(|r| r.parse().ok()).unwrap_or(3);
        let file = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
        search(file, query.clone(), runs);
        return;
    }
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
    let bin = reader_bin();
    let last_row = |s: &vt100::Screen| s.rows(0, 120).nth(39).unwrap_or_default();

    // less on the same text: the plain print of the document. Each run
    // of camp-reader is followed by one of less, so a change in the
    // machine's load between runs weighs on both alike.
    let text = std::env::temp_dir().join(format!(
        "camp-reader-first-frame-{}.txt",
        std::process::id()
    ));
    let mut print = std::process::Command::new(&bin);
    print.args(["--print", "--width", "86"]);
    if let Some(f) = &file {
        print.arg(f);
    }
    let out = print.output().expect("camp-reader --print");
    std::fs::write(&text, out.stdout).expect("write text");
    let state =
        std::env::temp_dir().join(format!("camp-reader-bench-state-{}", std::process::id()));
    let mut reader_times = Vec::with_capacity(runs);
    let mut less_times = Vec::with_capacity(runs);
    let mut ratios = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut cmd = CommandBuilder::new(&bin);
        if let Some(f) = &file {
            cmd.arg(f);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", &state);
        let reader = time_to_screen(cmd, &|s| last_row(s).contains("h help"));
        let mut cmd = CommandBuilder::new("less");
        cmd.arg(&text);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LESS", "");
        let less = time_to_screen(cmd, &|s| {
            let row = last_row(s);
            let row = row.trim_end();
            row.ends_with(':') || row.contains(".txt") || row.contains("(END)")
        });
        ratios.push(reader.as_secs_f64() / less.as_secs_f64());
        reader_times.push(reader);
        less_times.push(less);
    }
    let _ = std::fs::remove_file(&text);
    let _ = std::fs::remove_dir_all(&state);
    println!(
        "camp-reader {}: {}",
        file.as_ref()
            .map_or("(embedded)".into(), |f| f.display().to_string()),
        quartiles(reader_times)
    );
    println!("less on the same text: {}", quartiles(less_times));
    ratios.sort_by(f64::total_cmp);
    println!(
        "camp-reader / less, run by run: median {:.2}x (quartiles {:.2}x to {:.2}x)",
        ratios[ratios.len() / 2],
        ratios[ratios.len() / 4],
        ratios[ratios.len() * 3 / 4]
    );
}

/// The median, with the first and third quartiles.
fn quartiles(mut v: Vec<Duration>) -> String {
    v.sort();
    format!(
        "median {:?} (quartiles {:?} to {:?}, {} runs)",
        v[v.len() / 2],
        v[v.len() / 4],
        v[v.len() * 3 / 4],
        v.len()
    )
}
