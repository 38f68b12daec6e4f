//! A book in the reader through the built binary: `v` edits the document
//! on screen, a changed, new or deleted file is reloaded in place, and the
//! place and marks are kept per book between runs.

use std::path::{Path, PathBuf};

use crate::common::Pty;
use crate::daily::{editor_args, recording_editor};

/// Paragraphs enough that the next document starts past the screen.
fn filler(what: &str) -> String {
    (1..=20)
        .map(|i| format!("{what} filler paragraph {i}.\n\n"))
        .collect()
}

/// A small book: README, alpha.md (two sections), beta.md; each longer
/// than a screen but beta.
fn book(dir: &Path) -> PathBuf {
    let root = dir.join("notes");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("README.md"),
        format!("# Welcome\n\nThe front page.\n\n{}", filler("Front")),
    )
    .unwrap();
    std::fs::write(
        root.join("alpha.md"),
        format!(
            "# Alpha\n\nThe first chapter.\n\n## Alpha two\n\nA line of alpha two.\n\n{}",
            filler("Alpha")
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("beta.md"),
        "# Beta\n\nThe second chapter.\n\n## Beta two\n\nSome words.\n\nThe gammaword is here.\n",
    )
    .unwrap();
    root
}

#[test]
fn v_in_a_folder_edits_the_document_on_screen_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = book(dir.path());
    let (editor, log) = recording_editor(dir.path());
    let mut pty = Pty::spawn_with(
        &[root.to_str().unwrap()],
        80,
        24,
        &[("VISUAL", editor.to_str().unwrap())],
    );
    pty.wait_text("The front page.");
    pty.send("/gammaword\r");
    pty.wait_for("the match", |s| s.contains("beta.md › Beta › Beta two"));
    pty.send("v");
    let args = editor_args(&mut pty, &log);
    let beta = std::fs::canonicalize(root.join("beta.md")).unwrap();
    assert_eq!(args, vec!["+9".to_string(), beta.display().to_string()]);
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn v_in_a_list_of_files_edits_the_document_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let root = book(dir.path());
    let (editor, log) = recording_editor(dir.path());
    let alpha = root.join("alpha.md");
    let beta = root.join("beta.md");
    let mut pty = Pty::spawn_with(
        &[alpha.to_str().unwrap(), beta.to_str().unwrap()],
        80,
        24,
        &[("VISUAL", editor.to_str().unwrap())],
    );
    pty.wait_text("The first chapter.");
    pty.send("/gammaword\r");
    pty.wait_for("the match", |s| s.contains("beta.md › Beta › Beta two"));
    pty.send("v");
    let args = editor_args(&mut pty, &log);
    let beta = std::fs::canonicalize(beta).unwrap();
    assert_eq!(args, vec!["+9".to_string(), beta.display().to_string()]);
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_changed_document_reloads_in_place_and_new_or_deleted_files_update_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let root = book(dir.path());
    let mut pty = Pty::spawn(&[root.to_str().unwrap()], 100, 30);
    pty.wait_text("The front page.");
    // Read at beta.md's second section.
    pty.send("/gammaword\r");
    pty.wait_for("the match", |s| s.contains("beta.md › Beta › Beta two"));
    // Edited on disk: the new text shows, the place stays.
    std::fs::write(
        root.join("beta.md"),
        "# Beta\n\nThe second chapter, edited.\n\n## Beta two\n\nSome words.\n\nThe gammaword is here.\n",
    )
    .unwrap();
    pty.wait_for("the edit", |s| s.contains("chapter, edited."));
    // Still reading there (the sidebar's marker; the status line says
    // "reloaded").
    assert!(pty.screen().contains("▶  Beta two"), "{}", pty.screen());
    // A new file: a new entry in the outline.
    std::fs::write(root.join("gamma.md"), "# Gamma arrives\n\nNew.\n").unwrap();
    pty.wait_for("the new entry", |s| s.contains("Gamma arrives"));
    // A deleted file: its entry goes.
    std::fs::remove_file(root.join("alpha.md")).unwrap();
    pty.wait_for("alpha gone", |s| {
        !s.contains("Alpha two") && s.contains("Gamma arrives")
    });
    assert!(pty.screen().contains("▶  Beta two"), "{}", pty.screen());
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_book_reopens_where_it_was_left_with_its_marks() {
    let dir = tempfile::tempdir().unwrap();
    let root = book(dir.path());
    let state = dir.path().join("state");
    let state = state.to_str().unwrap();
    let open = |args: &[&str]| Pty::spawn_with(args, 100, 30, &[("XDG_STATE_HOME", state)]);
    let mut pty = open(&[root.to_str().unwrap()]);
    pty.wait_text("The front page.");
    // A mark at alpha two, then on to beta's second section.
    pty.send(":Alpha two\r");
    pty.wait_for("alpha two", |s| s.contains("▶  Alpha two"));
    pty.send("mt");
    pty.send("/gammaword\r");
    pty.wait_for("beta two", |s| s.contains("beta.md › Beta › Beta two"));
    pty.send("q");
    assert!(pty.wait_exit().success());

    // The same folder, named another way: the same book.
    let other = format!("{}/./", root.display());
    let mut pty = open(&[&other]);
    pty.wait_for("resumed", |s| {
        s.contains("resumed at") && s.contains("gammaword")
    });
    pty.send("'t");
    pty.wait_for("the mark", |s| s.contains("▶  Alpha two"));
    pty.send("q");
    assert!(pty.wait_exit().success());

    // The files of the folder as a list are another book: from the top.
    let mut pty = open(&[
        root.join("alpha.md").to_str().unwrap(),
        root.join("beta.md").to_str().unwrap(),
    ]);
    pty.wait_text("The first chapter.");
    assert!(!pty.screen().contains("resumed"), "{}", pty.screen());
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// A folder past the size read before the first screen.
fn large_book(dir: &Path) -> PathBuf {
    let root = dir.join("large");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("README.md"), "# Front\n\nThe front page.\n").unwrap();
    let each = 1 << 20;
    let docs = (camp_reader::load::book::LARGE_BOOK as usize / each) + 2;
    for i in 0..docs {
        let mut text = format!("# Chapter {i}\n\n## Part one\n\n");
        while text.len() < each {
            text.push_str("Words of a long chapter, over and over again.\n\n");
        }
        if i + 1 == docs {
            text.push_str("## The end\n\nThe zeppelinword is here.\n");
        }
        std::fs::write(root.join(format!("ch{i:02}.md")), text).unwrap();
    }
    root
}

#[test]
fn a_large_book_shows_its_start_then_fills_in_and_reopens_where_left() {
    let dir = tempfile::tempdir().unwrap();
    let root = large_book(dir.path());
    let state = dir.path().join("state");
    let state = state.to_str().unwrap();
    let open = || {
        Pty::spawn_with(
            &[root.to_str().unwrap()],
            100,
            30,
            &[("XDG_STATE_HOME", state)],
        )
    };
    let mut pty = open();
    pty.wait_text("The front page.");
    // A search at once: its match in the last document, now or once the
    // book is whole.
    pty.send("/zeppelinword\r");
    pty.wait_for("the match", |s| s.contains("The zeppelinword is here."));
    // The outline filled in: the last chapter's title, not its file name.
    let last = format!(
        "Chapter {}",
        (camp_reader::load::book::LARGE_BOOK >> 20) + 1
    );
    assert!(pty.screen().contains(&last), "{}", pty.screen());
    pty.send("q");
    assert!(pty.wait_exit().success());

    // Reopened: where it was left, once the whole is read.
    let mut pty = open();
    pty.wait_for("resumed", |s| {
        s.contains("The zeppelinword is here.") && s.contains("resumed at")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// A link out of the book opens that document; `Ctrl-o` comes back to the
/// same place in the book, `Ctrl-r` forward again (trial and attack: the
/// jump list was emptied, "no older jump").
#[test]
fn ctrl_o_after_a_link_out_of_the_book_comes_back_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = book(dir.path());
    std::fs::write(
        root.join("beta.md"),
        "# Beta\n\nThe second chapter.\n\n## Beta two\n\nThe gammaword is here, \
         and [the outside](../outside.md).\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("outside.md"),
        "# Outside\n\nThe outside text.\n",
    )
    .unwrap();
    let mut pty = Pty::spawn(&[root.to_str().unwrap(), "--no-state"], 80, 24);
    pty.wait_text("The front page.");
    pty.send("/gammaword\r");
    pty.wait_for("the match", |s| s.contains("beta.md › Beta › Beta two"));
    // Where the book was left: its line in the status line (`line 82/`;
    // the count may still be `~` while the layout finishes).
    let screen = pty.screen();
    let line = screen
        .split("  ")
        .find(|w| w.trim_start().starts_with("line "))
        .expect("the status line's line")
        .trim()
        .split('/')
        .next()
        .map(|l| format!("{l}/"))
        .unwrap_or_default();
    pty.send("\t\r");
    pty.wait_for("the outside document", |s| {
        s.contains("The outside text.") && !s.contains("The gammaword")
    });
    pty.send("\x0f");
    pty.wait_for(
        &format!("the book again, at the same place ({line})"),
        |s| s.contains("The gammaword is here") && s.contains("opened notes") && s.contains(&line),
    );
    pty.send("\x12");
    pty.wait_for("the outside document again", |s| {
        s.contains("The outside text.") && !s.contains("The gammaword")
    });
    pty.send("\x0f");
    pty.wait_for("the book once more", |s| {
        s.contains("The gammaword is here") && s.contains(&line)
    });
    // It is the book: a section named by its document.
    pty.send("k");
    pty.wait_for("the book's status line", |s| {
        s.contains("alpha.md › Alpha › Alpha two") && s.contains("line 81/")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}
