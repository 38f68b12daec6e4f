//! Issue 22: opening a large code-heavy Markdown file takes no more
//! memory with highlighting than without. The peak is the parse of the
//! rest on its thread; the grammars are not loaded on top of it (code on
//! the first screen waits plain until the whole is read).

use std::sync::atomic::Ordering;

use crate::common::code_heavy_markdown;
use crate::counting::{LIVE_BYTES as LIVE, ONE_AT_A_TIME, PEAK_BYTES as PEAK};

use camp_reader::app::{App, Event, Options};
use camp_reader::load::{Input, markdown_prefix, parse_markdown_reporting};

/// Set in the child process that measures one opening.
const CHILD: &str = "CAMP_READER_HIGHLIGHT_PEAK_LANG";

/// The peak heap of opening the code-heavy file whose blocks say `lang`,
/// as the reader does: the first part shown (and its code highlighted
/// as far as that goes), the rest parsed (on a thread in the reader,
/// here in turn), then the whole shown and highlighted.
fn opening_peak(lang: &str) -> usize {
    let text = code_heavy_markdown(lang);
    let input = Input::File("big.md".into());
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let (part, _) = markdown_prefix(&input, None, &text, text.len())
        .expect("reads")
        .expect("opens progressively");
    let mut app = App::new(part, Options::default());
    app.update(Event::Loading { section: None });
    app.update(Event::Resize(120, 40));
    let mut steps = 0;
    while app.highlight_pending() && steps < 10_000 {
        app.update(Event::HighlightStep);
        steps += 1;
    }
    // The thread's copy of the text, parsed and dropped before it sends.
    let rest = text.clone();
    let whole = parse_markdown_reporting(&input, &rest, &|_| {}).expect("loads");
    drop(rest);
    app.update(Event::Loaded(Box::new(whole), 0));
    while app.highlight_pending() && steps < 20_000 {
        app.update(Event::HighlightStep);
        steps += 1;
    }
    PEAK.load(Ordering::Relaxed) - before
}

/// The peak measured in a process of its own (the grammars, once loaded,
/// stay for the process's life).
fn peak_in_own_process(lang: &str) -> usize {
    let out = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "highlight_peak::one_opening",
            "--exact",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD, lang)
        .output()
        .expect("run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    stdout
        .lines()
        .find_map(|l| {
            l.split("peak ")
                .nth(1)?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no peak in {stdout}"))
}

#[test]
fn one_opening() {
    let Some(lang) = std::env::var_os(CHILD) else {
        return;
    };
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let peak = opening_peak(&lang.to_string_lossy());
    println!("peak {peak}");
}

#[test]
fn highlighting_adds_nothing_to_the_peak_of_opening_a_large_file() {
    // The children measure; what this process allocates meanwhile (their
    // output) must not count in another test's peak.
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // `none`: a language word that is plain, as long as `rust`.
    let plain = peak_in_own_process("none");
    let rust = peak_in_own_process("rust");
    eprintln!("peak: {rust} bytes highlighted, {plain} plain");
    assert!(rust <= plain, "{rust} against {plain}");
}
