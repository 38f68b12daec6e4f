//! Progressive open in the built binary: a large Markdown file's first
//! screen comes up while the rest is read, a key that needs the rest
//! waits for it and is carried out, and a place left further down is
//! opened once it is read.

use std::time::Duration;

use crate::common::Pty;

/// The article repeated `copies` times, as Markdown, in `dir`.
fn big(dir: &std::path::Path, copies: usize) -> std::path::PathBuf {
    let path = dir.join("big.md");
    let text = camp_reader::testing::sample::article_markdown_copies(copies);
    std::fs::write(&path, text).unwrap();
    path
}

const LOAD: Duration = Duration::from_secs(90);

/// `G` pressed on the first screen of `path` (400 copies of the article)
/// ends at the whole document's end.
fn g_on_the_first_screen_ends_at_the_true_end(path: &std::path::Path) {
    let mut pty = Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 30);
    pty.wait_for("the first screen", |s| s.contains("Overview 1.1"));
    pty.send("G");
    pty.wait_for_within("the end of the whole document", LOAD, |s| {
        s.contains("External links 400.6") && s.lines().last().is_some_and(|l| l.contains("100%"))
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn g_pressed_while_loading_ends_at_the_true_end() {
    let dir = tempfile::tempdir().unwrap();
    g_on_the_first_screen_ends_at_the_true_end(&big(dir.path(), 400));
}

#[test]
fn a_place_left_further_down_is_opened_once_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = big(dir.path(), 400);
    let state = dir.path().join("state");
    let config = dir.path().join("config");
    let env = [
        ("XDG_STATE_HOME", state.to_str().unwrap()),
        ("XDG_CONFIG_HOME", config.to_str().unwrap()),
    ];
    let file = path.to_str().unwrap();
    let mut pty = Pty::spawn_with(
        &[file, "--section", "Residents and daily life 300.2"],
        100,
        30,
        &env,
    );
    pty.wait_for_within("the section, once read", LOAD, |s| {
        top_line(s).contains("Residents and daily life 300.2")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    let mut pty = Pty::spawn_with(&[file], 100, 30, &env);
    pty.wait_for_within("resumed there once read", LOAD, |s| {
        top_line(s).contains("Residents and daily life 300.2")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    // Quit before that place is read, without moving: it is still where
    // the document was left (attack: the first part's top was saved).
    let mut pty = Pty::spawn_with(&[file], 100, 30, &env);
    pty.wait_for("the first screen, the place still to come", |s| {
        s.contains("opens where you left it")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    let mut pty = Pty::spawn_with(&[file], 100, 30, &env);
    pty.wait_for_within("resumed there again once read", LOAD, |s| {
        top_line(s).contains("Residents and daily life 300.2")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn g_pressed_while_a_large_toml_file_loads_ends_at_the_true_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    std::fs::write(&path, camp_reader::testing::sample::article_copies(400)).unwrap();
    g_on_the_first_screen_ends_at_the_true_end(&path);
}

#[test]
fn a_save_while_the_rest_is_read_is_loaded_once_it_is() {
    // The watcher starts from the version the rest was read as: a save
    // made meanwhile is not lost.
    let dir = tempfile::tempdir().unwrap();
    let path = big(dir.path(), 400);
    let mut pty = Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 30);
    pty.wait_for("the first screen", |s| s.contains("Overview 1.1"));
    std::fs::write(&path, "# Saved meanwhile\n\nThe new text.\n").unwrap();
    pty.wait_for_within("the saved version", LOAD, |s| s.contains("The new text."));
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_search_typed_on_the_first_screen_goes_to_its_match_once_the_rest_is_read() {
    // Typed at once, while the rest is read: nothing matches in the first
    // part; the search is kept and goes to the match when the rest
    // arrives (it was dropped with "no match" before).
    let dir = tempfile::tempdir().unwrap();
    let path = big(dir.path(), 400);
    let mut pty = Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 30);
    pty.wait_for("the first screen", |s| s.contains("Overview 1.1"));
    pty.send("/Residents and daily life 300.2\r");
    pty.wait_for_within("the match, once read", LOAD, |s| {
        s.lines()
            .skip(1)
            .take(28)
            .any(|l| l.contains("Residents and daily life 300.2"))
            && s.lines().last().is_some_and(|l| !l.contains("loading"))
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// The text pane's top line (right of the sidebar).
fn top_line(screen: &str) -> &str {
    screen
        .lines()
        .nth(1)
        .and_then(|l| l.split('│').nth(1))
        .unwrap_or("")
}
