//! Remembering where a document was left: resume at another width, marks,
//! an edited document, and the whole flow through the real binary.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::session;
use camp_reader::app::{App, Options};
use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse};
use camp_reader::settings::keymap::Command;
use camp_reader::settings::state::{StateFile, content_hash};
use common::Pty;

fn open(text: &str, w: u16, h: u16) -> App {
    let doc = parse(EMBEDDED_NAME, text).unwrap();
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(w, h));
    app
}

fn top_text(app: &App) -> (usize, std::ops::Range<usize>) {
    let r = app
        .reader()
        .layout
        .cached_lines(app.reader().top.block)
        .unwrap()[app.reader().top.line]
        .clone();
    (app.reader().top.block, r)
}

#[test]
fn resume_at_a_different_width_lands_on_the_same_paragraph() {
    let hash = content_hash(EMBEDDED);
    let mut wide = open(EMBEDDED, 120, 40);
    for _ in 0..45 {
        wide.update(Command::LineDown);
    }
    while wide.reader().top.line == 0
        || wide
            .reader()
            .layout
            .cached_lines(wide.reader().top.block)
            .unwrap()
            .len()
            <= wide.reader().top.line
    {
        wide.update(Command::LineDown);
    }
    let (block, line) = top_text(&wide);
    let saved = session::record(&mut wide, "k", &hash);
    let mut file = StateFile::default();
    file.put(saved);

    let mut narrow = open(EMBEDDED, 60, 20);
    let note = session::restore(&mut narrow, &file, "k", &hash, true).expect("resumed");
    assert!(note.starts_with("resumed at "), "{note}");
    let (block2, line2) = top_text(&narrow);
    assert_eq!(block2, block, "same paragraph");
    assert!(
        line2.start <= line.start && line.start < line2.end,
        "the old top line's start is on the new top line"
    );
}

#[test]
fn marks_are_remembered_with_the_position() {
    let hash = content_hash(EMBEDDED);
    let mut a = open(EMBEDDED, 100, 30);
    a.update(Command::NextSection);
    a.update(Command::NextSection);
    a.update(Command::MarkSet);
    a.update(Command::Insert('t'));
    let marked = a.spot();
    a.update(Command::Bottom);
    let mut file = StateFile::default();
    file.put(session::record(&mut a, "k", &hash));

    let mut b = open(EMBEDDED, 100, 30);
    session::restore(&mut b, &file, "k", &hash, false);
    assert_eq!(
        b.reader().top.block,
        0,
        "position not restored when not asked (--from-start)"
    );
    assert_eq!(b.reader().marks.named.get(&'t'), Some(&marked));
    b.update(Command::MarkJump);
    b.update(Command::Insert('t'));
    assert_eq!(b.spot(), marked);
}

#[test]
fn an_edited_document_falls_back_to_the_section_still_present() {
    let mut a = open(EMBEDDED, 100, 30);
    for _ in 0..4 {
        a.update(Command::NextSection);
    }
    for _ in 0..7 {
        a.update(Command::LineDown);
    }
    let old_hash = content_hash(EMBEDDED);
    let mut file = StateFile::default();
    file.put(session::record(&mut a, "k", &old_hash));

    // A paragraph added at the top: the hash changes, the sections stay,
    // and so does the place (issue 19 item 3: the same anchor).
    let edited = EMBEDDED.replacen("body = '''\n", "body = '''\nA new first paragraph.\n\n", 1);
    let mut b = open(&edited, 100, 30);
    let note = session::restore(&mut b, &file, "k", &content_hash(&edited), true).unwrap();
    assert!(
        note.contains("changed; resumed at the same place"),
        "{note}"
    );
    assert_eq!(b.current_section(), 4);
    let text = |app: &App| app.reader().doc.text()[top_text(app).1].to_string();
    assert_eq!(text(&b), text(&a), "the same top line");

    // Its section removed: start of the document, nothing said.
    let gone = EMBEDDED.replace("Raid by Albanian police", "Police raid");
    let mut c = open(&gone, 100, 30);
    assert_eq!(
        session::restore(&mut c, &file, "k", &content_hash(&gone), true),
        None
    );
    assert_eq!(c.reader().top.block, 0);
}

#[test]
fn keys_name_files_by_canonical_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.toml");
    std::fs::write(&path, EMBEDDED).unwrap();
    let direct = session::doc_key(&camp_reader::load::Input::File(path.clone()), "h");
    let dotted = session::doc_key(
        &camp_reader::load::Input::File(dir.path().join(".").join("doc.toml")),
        "h",
    );
    assert_eq!(direct, dotted);
    assert!(direct.starts_with("file:"));
    assert_eq!(
        session::doc_key(&camp_reader::load::Input::Embedded, "h"),
        "embedded:camp-ashraf-3"
    );
}

/// The reader in a pty with its own state directory.
fn reader(state: &std::path::Path, args: &[&str]) -> Pty {
    let state = state.to_str().unwrap();
    Pty::spawn_with(args, 90, 26, &[("XDG_STATE_HOME", state)])
}

#[test]
fn quitting_and_reopening_resumes_and_from_start_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = reader(dir.path(), &[]);
    pty.wait_text("h help");
    pty.send("]]]");
    pty.wait_for("section 4", |s| s.contains("▶4 Troll"));
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert!(dir.path().join("camp-reader/state.toml").exists());

    let mut pty = reader(dir.path(), &[]);
    pty.wait_for("resumed", |s| {
        s.contains("resumed at Troll farm allegations") && s.contains("▶4 Troll")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());

    let mut pty = reader(dir.path(), &["--from-start"]);
    pty.wait_for("at the top", |s| {
        s.contains("▶1 Overview") && !s.contains("resumed")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn no_state_neither_reads_nor_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = reader(dir.path(), &["--no-state"]);
    pty.wait_text("h help");
    pty.send("]q");
    assert!(pty.wait_exit().success());
    assert!(!dir.path().join("camp-reader").exists());
}

#[test]
fn a_corrupt_state_file_is_reported_once_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("camp-reader")).unwrap();
    let file = dir.path().join("camp-reader/state.toml");
    std::fs::write(&file, "this is not = = toml").unwrap();
    let mut pty = reader(dir.path(), &[]);
    pty.wait_for("warning", |s| s.contains("ignoring state file"));
    pty.send("]q");
    assert!(pty.wait_exit().success());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("section-id = \"residents-and-daily-life\""),
        "{text}"
    );
}

#[test]
fn an_unwritable_state_directory_still_reads_and_says_it_cannot_save() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the state directory should be: unwritable even
    // for root.
    std::fs::write(dir.path().join("camp-reader"), "").unwrap();
    let mut pty = reader(dir.path(), &[]);
    pty.wait_text("h help");
    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "the reader still ran and quit normally");
    // Said once, not "cannot save …: cannot save …".
    let screen = pty.screen();
    assert!(
        screen.contains("camp-reader: cannot save reading positions to "),
        "{screen}"
    );
    assert_eq!(screen.matches("cannot save").count(), 1, "{screen}");
}

#[test]
fn an_anchor_past_its_section_is_stale_not_wrapped() {
    let hash = content_hash(EMBEDDED);
    let mut a = open(EMBEDDED, 100, 30);
    for _ in 0..3 {
        a.update(Command::NextSection);
    }
    let good = session::record(&mut a, "k", &hash);
    let section = a.current_section();
    assert!(a.reader().doc.sections[section].heading_block > 6);
    for block in [u32::MAX - 5, u32::MAX, 1000] {
        let mut crafted = good.clone();
        crafted.position.block = block;
        crafted.marks.insert('c', crafted.position.clone());
        let mut file = StateFile::default();
        file.put(crafted);
        let mut b = open(EMBEDDED, 100, 30);
        // Before checked arithmetic, start + block wrapped (or panicked in
        // a debug build) and resumed in another section.
        assert_eq!(session::restore(&mut b, &file, "k", &hash, true), None);
        assert_eq!(
            (b.reader().top.block, b.reader().top.line),
            (0, 0),
            "block {block}"
        );
        assert!(b.reader().marks.named.is_empty(), "block {block}");
    }
    // In range, it still resumes.
    let mut file = StateFile::default();
    file.put(good);
    let mut c = open(EMBEDDED, 100, 30);
    assert!(session::restore(&mut c, &file, "k", &hash, true).is_some());
    assert_eq!(c.current_section(), section);
}

#[test]
fn documents_from_stdin_are_known_by_their_content_alone() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    std::fs::write(&a, EMBEDDED).unwrap();
    // Unrelated text, the same section ids.
    std::fs::write(
        &b,
        EMBEDDED.replacen("body = '''\n", "body = '''\nOther.\n\n", 1),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_camp-reader");
    let state = dir.path().join("state");
    let piped = |file: &std::path::Path| {
        Pty::spawn_sh(
            &format!(
                "XDG_STATE_HOME='{}' '{bin}' - < '{}'",
                state.display(),
                file.display()
            ),
            90,
            26,
        )
    };
    let mut pty = piped(&a);
    pty.wait_text("h help");
    pty.send("]]]");
    pty.wait_for("section 4", |s| s.contains("▶4 Troll"));
    pty.send("q");
    assert!(pty.wait_exit().success());

    // Before: "the document changed; resumed at the start of Troll farm…".
    let mut pty = piped(&b);
    pty.wait_for("a fresh start", |s| {
        s.contains("▶1 Overview") && s.contains("h help")
    });
    assert!(!pty.screen().contains("resumed"), "{}", pty.screen());
    pty.send("q");
    assert!(pty.wait_exit().success());

    let mut pty = piped(&a);
    pty.wait_for("resumed", |s| {
        s.contains("resumed at Troll farm allegations") && s.contains("▶4 Troll")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn search_history_is_kept_between_runs_with_the_regex_flag() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = reader(dir.path(), &[]);
    pty.wait_text("h help");
    // Keys are read in order: both searches are in the history by `q`.
    // Ctrl-r: a regular expression.
    pty.send("/albania\r/\x12tir.na\rq");
    assert!(pty.wait_exit().success());

    let mut pty = reader(dir.path(), &[]);
    pty.wait_text("h help");
    // ↑ in the prompt reaches the last run's queries, newest first.
    pty.send("/\x1b[A");
    pty.wait_for("the last query", |s| {
        s.lines().last().unwrap_or("").contains("tir.na")
    });
    let with_flag = pty.status_line();
    pty.send("\x1b[A");
    pty.wait_for("the one before", |s| {
        s.lines().last().unwrap_or("").contains("albania")
    });
    let without_flag = pty.status_line();
    assert_ne!(
        with_flag.replace("tir.na", ""),
        without_flag.replace("albania", ""),
        "the regex flag shows: {with_flag:?} / {without_flag:?}"
    );
    pty.send("\x1b\x1bq");
    assert!(pty.wait_exit().success());
    let text = std::fs::read_to_string(dir.path().join("camp-reader/state.toml")).unwrap();
    assert!(text.contains("query = \"tir.na\"\nregex = true"), "{text}");
}

#[test]
fn the_sidebar_setting_and_t_remembered_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "sidebar = \"hidden\"\n").unwrap();
    let config = config.to_str().unwrap();
    let other = dir.path().join("other.toml");
    std::fs::write(&other, EMBEDDED).unwrap();
    let other = other.to_str().unwrap();
    let sidebar_shown = |s: &str| s.contains("▶1 Overview");

    // Hidden at start on a wide window, as configured.
    let mut pty = reader(dir.path(), &["--config", config]);
    pty.wait_text("h help");
    assert!(!sidebar_shown(&pty.screen()), "{}", pty.screen());
    pty.send("t");
    pty.wait_for("the sidebar", sidebar_shown);
    pty.send("q");
    assert!(pty.wait_exit().success());

    // This document remembers `t`; another does not.
    let mut pty = reader(dir.path(), &["--config", config]);
    pty.wait_for("the sidebar", |s| sidebar_shown(s) && s.contains("h help"));
    pty.send("q");
    assert!(pty.wait_exit().success());
    let mut pty = reader(dir.path(), &["--config", config, other]);
    pty.wait_text("h help");
    assert!(!sidebar_shown(&pty.screen()), "{}", pty.screen());
    pty.send("q");
    assert!(pty.wait_exit().success());

    // "shown" on a narrow window, where auto would hide it.
    std::fs::write(dir.path().join("shown.toml"), "sidebar = \"shown\"\n").unwrap();
    let shown = dir.path().join("shown.toml");
    let state = dir.path().to_str().unwrap();
    let mut pty = Pty::spawn_with(
        &["--config", shown.to_str().unwrap(), other],
        56,
        20,
        &[("XDG_STATE_HOME", state)],
    );
    pty.wait_for("the sidebar", |s| s.contains("▶1 Overview"));
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// Readers of different documents quitting at once (a terminal closed
/// with several tabs) each keep their position: every quit reads, adds
/// and writes the state file under its lock.
#[test]
fn readers_quitting_at_once_each_keep_their_position() {
    let dir = tempfile::tempdir().unwrap();
    let count = 6;
    let docs: Vec<_> = (0..count)
        .map(|i| {
            let path = dir.path().join(format!("doc{i}.md"));
            std::fs::write(&path, format!("# Document {i}\n\nText of document {i}.\n")).unwrap();
            path
        })
        .collect();
    let state = dir.path().join("state");
    let mut ptys: Vec<_> = docs
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let mut pty = reader(&state, &[path.to_str().unwrap()]);
            pty.wait_text(&format!("Text of document {i}."));
            pty
        })
        .collect();
    for pty in &mut ptys {
        pty.send("q");
    }
    for pty in &mut ptys {
        assert!(pty.wait_exit().success());
    }
    let store = camp_reader::settings::state::Store::open(state.join("camp-reader"));
    let (file, warning) = store.load();
    assert_eq!(warning, None);
    assert_eq!(file.documents.len(), count, "{:?}", file.documents);
}

/// Two readers of the same document: the one that quits last wrote the
/// document's whole entry, and the marks the first set were lost. Marks
/// are merged with what is on disk: each reader's new marks survive the
/// other's quit, a mark one moved is where it moved it, and one neither
/// touched stays.
#[test]
fn two_readers_of_one_document_keep_each_others_marks() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let marks = |state: &std::path::Path| {
        let store = camp_reader::settings::state::Store::open(state.join("camp-reader"));
        let (file, warning) = store.load();
        assert_eq!(warning, None);
        let doc = file.documents.first().cloned().unwrap_or_default();
        doc.marks
    };
    // A first run leaves mark `c` at section 2.
    let mut pty = reader(&state, &[]);
    pty.wait_text("h help");
    pty.send("]");
    pty.wait_for("section 2", |s| s.contains("▶2 Residents"));
    pty.send("mc");
    pty.wait_text("mark c set");
    pty.send("q");
    assert!(pty.wait_exit().success());
    let c = marks(&state)[&'c'].clone();

    // Two readers open it; each sets a mark; the first to set quits first.
    let mut one = reader(&state, &[]);
    let mut two = reader(&state, &[]);
    one.wait_text("h help");
    two.wait_text("h help");
    // (Each resumes at section 2, where the first run left.)
    one.send("g]]");
    one.wait_for("section 3", |s| s.contains("▶3 "));
    one.send("ma");
    one.wait_text("mark a set");
    two.send("g]]]");
    two.wait_for("section 4", |s| s.contains("▶4 Troll"));
    two.send("mb");
    two.wait_text("mark b set");
    one.send("q");
    assert!(one.wait_exit().success());
    two.send("q");
    assert!(two.wait_exit().success());

    let kept = marks(&state);
    assert_eq!(
        kept.keys().copied().collect::<Vec<_>>(),
        ['a', 'b', 'c'],
        "{kept:?}"
    );
    assert_eq!(kept[&'c'], c, "the mark neither moved");

    // One moves `a`; the other, which never touched it, quits later: `a`
    // is where it was moved.
    let mut one = reader(&state, &[]);
    let mut two = reader(&state, &[]);
    one.wait_text("h help");
    two.wait_text("h help");
    one.send("g]]]]");
    one.wait_for("section 5", |s| s.contains("▶5 Raid"));
    one.send("ma");
    one.wait_text("mark a set");
    one.send("q");
    assert!(one.wait_exit().success());
    let moved = marks(&state)[&'a'].clone();
    assert_ne!(moved, kept[&'a']);
    two.send("q");
    assert!(two.wait_exit().success());
    assert_eq!(marks(&state)[&'a'], moved, "the move was undone");
}
