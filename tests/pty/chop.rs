//! Chop mode end to end: `--chop`, `S` and `→` in a terminal, `S`
//! remembered for the document, and `--print` never chopping.

use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;

use crate::common::Pty;

const DOC: &str = "# Wide\n\nSome prose.\n\n\
```\nlet numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]; // needle at the end\n```\n\n\
| Name | Description | Notes |\n| --- | --- | --- |\n| alpha | a cell long enough to push the table past the edge of a narrow pane | far cell |\n";

fn doc(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("wide.md");
    std::fs::write(&path, DOC).unwrap();
    path
}

fn status(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

#[test]
fn chop_flag_s_and_right_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = doc(dir.path());
    let mut pty = Pty::spawn(&[path.to_str().unwrap(), "--no-state", "--chop"], 60, 20);
    pty.wait_for("the code line cut with its marker", |s| {
        s.lines()
            .any(|l| l.contains("let numbers") && l.contains('»'))
    });
    assert!(!pty.screen().contains('↪'), "{}", pty.screen());
    assert!(!pty.screen().contains("needle"), "{}", pty.screen());
    // Right: half the pane sideways, the left marker, the column shown.
    pty.send("\x1b[C");
    pty.wait_for("scrolled right", |s| {
        s.lines().any(|l| l.contains('«')) && status(s).contains("col ")
    });
    pty.send("\x1b[C");
    pty.send("\x1b[C");
    pty.wait_for("the end of the code line", |s| s.contains("needle"));
    // S: chop off, the lines continue after ↪ and nothing is scrolled.
    pty.send("S");
    pty.wait_for("wrapped again", |s| s.contains('↪') && !s.contains('«'));
    assert!(!status(&pty.screen()).contains("col "));
    // And on again without --chop's help.
    pty.send("S");
    pty.wait_for("chopped again", |s| !s.contains('↪') && s.contains('»'));
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn s_is_remembered_for_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = doc(dir.path());
    let state = dir.path().join("state");
    let config = dir.path().join("config");
    let env = [
        ("XDG_STATE_HOME", state.to_str().unwrap()),
        ("XDG_CONFIG_HOME", config.to_str().unwrap()),
    ];
    let mut pty = Pty::spawn_with(&[path.to_str().unwrap()], 60, 20, &env);
    pty.wait_for("wrapped", |s| s.contains('↪'));
    pty.send("S");
    pty.wait_for("chopped", |s| s.contains('»') && !s.contains('↪'));
    pty.send("q");
    assert!(pty.wait_exit().success());
    let mut pty = Pty::spawn_with(&[path.to_str().unwrap()], 60, 20, &env);
    pty.wait_for("chopped at once", |s| {
        s.lines()
            .any(|l| l.contains("let numbers") && l.contains('»'))
    });
    assert!(!pty.screen().contains('↪'));
    // Turned off again: remembered off (the config's start is off too).
    pty.send("S");
    pty.wait_for("wrapped", |s| s.contains('↪'));
    pty.send("q");
    assert!(pty.wait_exit().success());
    let saved = std::fs::read_to_string(state.join("camp-reader/state.toml")).unwrap();
    assert!(!saved.contains("chop"), "{saved}");
}

fn print(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("camp-reader")
        .unwrap()
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn print_never_chops() {
    let dir = tempfile::tempdir().unwrap();
    let path = doc(dir.path());
    let file = path.to_str().unwrap();
    let plain = print(dir.path(), &["--print", "--width", "40", file]);
    assert!(plain.contains("needle") && plain.contains('↪'), "{plain}");
    assert!(plain.contains("far cell"), "{plain}");
    assert_eq!(
        print(dir.path(), &["--print", "--chop", "--width", "40", file]),
        plain
    );
    std::fs::create_dir_all(dir.path().join("config/camp-reader")).unwrap();
    std::fs::write(
        dir.path().join("config/camp-reader/config.toml"),
        "chop = true\n",
    )
    .unwrap();
    assert_eq!(
        print(dir.path(), &["--print", "--width", "40", file]),
        plain
    );
    for line in plain.lines() {
        assert!(!line.contains('»') && !line.contains('«'), "{line:?}");
    }
}
