//! Long literal queries: a paste is one edit of the prompt (bracketed
//! paste), `--search` is one edit too, and a literal query of any length up
//! to 10,000 characters works (the accent-folding regex was refused as too
//! large over ~600 letters).

use crate::common;

use assert_cmd::Command;
use camp_reader::settings::keymap;
use common::{Pty, app_for};

/// `n` letters, varied so the query is not one repeated letter.
fn letters(n: usize) -> String {
    (0..n)
        .map(|i| (b'a' + (i * 7 % 26) as u8) as char)
        .collect()
}

fn doc_with(word: &str) -> String {
    format!(
        "title = \"Long\"\n[[sections]]\ntitle = \"One\"\nbody = \"before\"\n\
         [[sections]]\ntitle = \"Two\"\nbody = \"here: {word}, and {} after\"\n",
        word.to_uppercase()
    )
}

#[test]
fn a_paste_is_one_edit_at_the_cursor() {
    let mut app = app_for(&doc_with("xyz"), 80, 24);
    app.update(keymap::Command::SearchStart);
    app.update(keymap::Command::Insert('a'));
    app.update(keymap::Command::Insert('b'));
    app.update(keymap::Command::CursorLeft);
    app.update(keymap::Command::Paste("x\ny\tz\u{7}".into()));
    let p = app.prompt().expect("the prompt is open");
    assert_eq!(p.input(), "ax y zb", "line breaks and tabs become spaces");
    assert_eq!(p.split_at_cursor(), ("ax y z", "b"));
    // The search ran for the pasted text.
    assert_eq!(
        app.reader().search.as_ref().map(|s| s.query.as_str()),
        Some("ax y zb")
    );
}

#[test]
fn pasting_two_thousand_letters_searches_them() {
    let word = letters(2000);
    let mut app = app_for(&doc_with(&word), 80, 24);
    app.update(keymap::Command::SearchStart);
    app.update(keymap::Command::Paste(word.clone()));
    let s = app.reader().search.as_ref().expect("a search");
    assert_eq!(s.error, None);
    assert_eq!(s.matches.len(), 2, "lowercase: both cases match");
    app.update(keymap::Command::Accept);
    let s = app.reader().search.as_ref().expect("kept after Enter");
    let m = s.current_range(&app.reader().doc).expect("a current match");
    assert_eq!(&app.reader().doc.text()[m], word);
}

#[test]
fn search_flag_takes_a_ten_thousand_letter_literal() {
    let word = letters(10_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.toml");
    std::fs::write(&path, doc_with(&word)).unwrap();
    let out = Command::cargo_bin("camp-reader")
        .unwrap()
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .args(["--print", "--width", "80", "--search", &word])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("2 Two"), "the matching block is printed");
    assert!(!stdout.contains("before"), "and only it");
}

#[test]
fn a_bracketed_paste_in_the_terminal_searches_once() {
    let word = letters(2000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.toml");
    std::fs::write(&path, doc_with(&word)).unwrap();
    let mut pty = Pty::spawn(&[path.to_str().unwrap()], 100, 30);
    pty.wait_text("h help");
    assert!(
        String::from_utf8_lossy(&pty.raw).contains("\x1b[?2004h"),
        "bracketed paste is turned on"
    );
    pty.send("/");
    pty.send(&format!("\x1b[200~{word}\x1b[201~"));
    pty.wait_for("both matches counted", |s| {
        s.lines().last().is_some_and(|l| l.contains("match 1/2"))
    });
    pty.send("\r");
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert!(
        String::from_utf8_lossy(&pty.raw).contains("\x1b[?2004l"),
        "and off again at the end"
    );
}
