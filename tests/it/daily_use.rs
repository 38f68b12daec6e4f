//! Daily-use habits and fixes (issue 19), through `App::update` and the
//! key table, as a less or vim user meets them.

use crate::common;

use camp_reader::app::{App, Event};
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};

/// One key pressed, as the event loop maps it (the keymap in force for
/// the context the app is in).
fn press(app: &mut App, code: KeyCode) {
    let ev = TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(msg) = camp_reader::shell::tui::message_for(app, &ev) {
        app.update(msg);
    }
}

fn chars(app: &mut App, keys: &str) {
    for c in keys.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn less_keys_j_k_z_w_move_and_an_unbound_key_says_so() {
    let mut a = common::embedded_app(100, 30);
    chars(&mut a, "z");
    let paged = a.position().0;
    assert!(paged > 20, "z: a page down, as in less ({paged})");
    chars(&mut a, "w");
    assert_eq!(a.position().0, 0, "w: a page back");
    chars(&mut a, "JJ");
    assert_eq!(a.position().0, 2, "J: a line down");
    chars(&mut a, "K");
    assert_eq!(a.position().0, 1, "K: a line up");
    chars(&mut a, "x");
    assert_eq!(
        a.status().message.as_deref(),
        Some("x is not a key here (h: help)")
    );
    assert_eq!(a.position().0, 1, "nothing moved");
    // A key that draws nothing is named by its code point.
    chars(&mut a, "\u{202e}");
    assert_eq!(
        a.status().message.as_deref(),
        Some("U+202E is not a key here (h: help)")
    );
    chars(&mut a, "\u{301}");
    assert_eq!(
        a.status().message.as_deref(),
        Some("U+0301 is not a key here (h: help)")
    );
    // In a prompt, it is typed.
    chars(&mut a, "/x");
    assert_eq!(
        a.prompt().map(|p| p.input().to_string()).as_deref(),
        Some("x")
    );
}

#[test]
fn capital_q_and_zz_quit_as_in_less() {
    let mut a = common::embedded_app(100, 30);
    chars(&mut a, "Q");
    assert!(a.quit(), "Q quits");

    let mut a = common::embedded_app(100, 30);
    chars(&mut a, "Z");
    assert!(!a.quit(), "one Z waits for the second");
    chars(&mut a, "Z");
    assert!(a.quit(), "ZZ quits");
}

#[test]
fn z_then_another_key_quits_nothing_and_cancels() {
    let mut a = common::embedded_app(100, 30);
    chars(&mut a, "Zj");
    assert!(!a.quit());
    let top = a.reader().top;
    // The Z was cancelled by j: a later lone Z waits again, and j scrolls.
    chars(&mut a, "j");
    assert_ne!(a.reader().top, top, "j scrolls once Z is cancelled");
    press(&mut a, KeyCode::Char('Z'));
    press(&mut a, KeyCode::Esc);
    chars(&mut a, "Z");
    assert!(!a.quit(), "Esc cancelled the first Z");
}

const LINKS: &str = r##"title = "Links"
[[sections]]
title = "Start"
body = "Some opening text."
[[sections.links]]
text = "Go to the end"
url = "#the-end"
[[sections.links]]
text = "Example site"
url = "https://example.org/page"
[[sections]]
title = "The end"
body = "Final words."
"##;

/// What the status line says after the event loop has performed what the
/// last key asked for and reported back with a note (as it does for an
/// opened address or a copy).
fn performed(a: &mut App, note: &str) -> String {
    assert!(!a.take_effects().is_empty(), "the key asked for nothing");
    a.update(Event::Note(note.to_string()));
    a.status().message.clone().unwrap_or_default()
}

#[test]
fn a_link_chosen_with_tab_says_opened_and_copied_as_labels_do() {
    let osc52 = camp_reader::app::Options {
        clipboard_osc52: true,
        ..camp_reader::app::Options::default()
    };
    let opened = "opened https://example.org/page";
    let copied = "copied https://example.org/page";
    for (keys, note) in [(KeyCode::Enter, opened), (KeyCode::Char('c'), copied)] {
        // Tab to the web link, then Enter or c.
        let mut a = common::app_with(LINKS, osc52.clone(), 80, 16);
        press(&mut a, KeyCode::Tab);
        press(&mut a, KeyCode::Tab);
        assert_eq!(a.reader().link_cursor, Some(1));
        press(&mut a, keys);
        assert_eq!(performed(&mut a, note), note, "after Tab, {keys:?}");

        // The same link through a label (o or C) says the same.
        let mut a = common::app_with(LINKS, osc52.clone(), 80, 16);
        let first = if keys == KeyCode::Enter { 'o' } else { 'C' };
        chars(&mut a, &first.to_string());
        let Some(camp_reader::app::Overlay::Labels(l)) = Some(&a.overlay()) else {
            unreachable!()
        };
        let label = l.targets.iter().find(|(_, i)| *i == 1).unwrap().0.clone();
        chars(&mut a, &label);
        assert_eq!(performed(&mut a, note), note, "after a label");
    }
}

fn status(a: &App) -> String {
    common::row(&common::draw(a), a.size().height - 1)
}

/// Three sections, the third with two subsections, each of many lines.
fn numbered_doc() -> String {
    let body = "A line of text that is long enough to wrap. ".repeat(40);
    let mut doc = String::from("title = \"Numbered\"\n");
    for title in ["One", "Two", "Three"] {
        doc.push_str(&format!(
            "[[sections]]\ntitle = \"{title}\"\nbody = \"\"\"\n{body}\n\n{body}\n\"\"\"\n"
        ));
    }
    for title in ["Three one", "Three two"] {
        doc.push_str(&format!(
            "[[sections.sections]]\ntitle = \"{title}\"\nbody = \"{body}\"\n"
        ));
    }
    doc
}

#[test]
fn colon_n_goes_to_line_n_when_no_section_has_that_number() {
    let mut a = common::app_for(&numbered_doc(), 100, 30);
    assert!(a.position().1 > 150);
    chars(&mut a, ":120");
    assert!(status(&a).contains("Enter: line 120"), "{}", status(&a));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.status().message, None, "no 'no section matches'");
    assert_eq!(a.position().0, 119);
    assert!(status(&a).contains("line 120/"), "{}", status(&a));
    // A jump: '' comes back.
    chars(&mut a, "''");
    assert_eq!(a.position().0, 0);

    // Section numbers keep working, nested ones too.
    chars(&mut a, ":3.2");
    assert!(!status(&a).contains("line"), "{}", status(&a));
    press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.reader().doc.section_title(a.current_section()),
        "Three two"
    );
    chars(&mut a, ":2");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.reader().doc.section_title(a.current_section()), "Two");
    // Beyond the end: the end, as 999999G.
    chars(&mut a, ":99999999999999999999999");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.percent(), 100);
}

#[test]
fn colon_n_is_a_line_where_section_numbers_are_not_shown() {
    // A Markdown file shows no section numbers (numbers = auto), so `:3`
    // is line 3 as in vim, not the third section nobody sees numbered
    // (trial: crossterm's CHANGELOG, `:3` went to "Version 0.28.1").
    let body = "A line of text that is long enough to wrap. ".repeat(40);
    let md: String = ["# Changes", "## 0.29", "## 0.28.1", "## 0.28", "## 0.27"]
        .iter()
        .map(|h| format!("{h}\n\n{body}\n\n"))
        .collect();
    let doc = camp_reader::load::parse_markdown("CHANGELOG.md", "CHANGELOG", &md).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(100, 30));
    chars(&mut a, ":3");
    assert!(status(&a).contains("Enter: line 3"), "{}", status(&a));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.position().0, 2);
    // A title is still found, and a dotted number is a title's words.
    chars(&mut a, ":0.28.1");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.reader().doc.section_title(a.current_section()), "0.28.1");
    // Shown numbers (numbers = always) make `:3` the third section again.
    let doc = camp_reader::load::parse_markdown("CHANGELOG.md", "CHANGELOG", &md).unwrap();
    let options = camp_reader::app::Options {
        numbers: camp_reader::model::document::Numbers::Always,
        ..Default::default()
    };
    let mut a = App::new(doc, options);
    a.update(Event::Resize(100, 30));
    chars(&mut a, ":3");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.reader().doc.section_title(a.current_section()), "0.28.1");
}

#[test]
fn the_section_gone_to_is_marked_even_on_the_last_screen_and_stale_messages_go() {
    // Short sections at the end, all on the last screen: the top line
    // cannot reach their headings (trial: `:links` marked the last
    // heading on screen, and `[` at the end kept "no next section").
    let body = "A line of text that is long enough to wrap. ".repeat(40);
    let mut md = format!("# Doc\n\n## Long\n\n{body}\n\n{body}\n\n");
    for h in ["Links and code", "Setext heading", "Last"] {
        md.push_str(&format!("## {h}\n\nA short paragraph.\n\n"));
    }
    let doc = camp_reader::load::parse_markdown("t.md", "t", &md).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(100, 30));
    chars(&mut a, ":links");
    press(&mut a, KeyCode::Enter);
    let title = |a: &App| {
        a.reader()
            .doc
            .section_title(a.current_section())
            .to_string()
    };
    assert_eq!(title(&a), "Links and code");
    assert!(status(&a).contains("Links and code"), "{}", status(&a));
    chars(&mut a, "G");
    assert_eq!(title(&a), "Last");
    chars(&mut a, "]");
    assert!(status(&a).contains("no next section"), "{}", status(&a));
    chars(&mut a, "[");
    assert_eq!(title(&a), "Setext heading");
    assert!(!status(&a).contains("no next section"), "{}", status(&a));
}

#[test]
fn an_empty_markdown_file_opens_and_an_empty_toml_file_is_still_refused() {
    use camp_reader::load::{Input, load};
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in ["", "  \n\t\n", "\u{feff}\n"].into_iter().enumerate() {
        let path = dir.path().join(format!("note {i}.md"));
        std::fs::write(&path, text).unwrap();
        let doc = load(&Input::File(path.clone()), 1 << 20).expect("an empty .md opens");
        assert_eq!(doc.title, format!("note {i}"));
        assert!(
            doc.text().contains("This file is empty."),
            "{:?}",
            doc.text()
        );
        assert_eq!(doc.sections.len(), 1);

        let toml = path.with_extension("toml");
        std::fs::write(&toml, text).unwrap();
        let e = load(&Input::File(toml), 1 << 20).unwrap_err();
        assert!(e.message.contains("needs a `title`"), "{e}");
    }
}

/// Two documents linking to each other, read from a.md.
fn a_and_b(dir: &std::path::Path) -> (App, std::path::PathBuf, std::path::PathBuf) {
    use camp_reader::app::{Options, Reader};
    let a = dir.join("a.md");
    let b = dir.join("b.md");
    std::fs::write(&a, "# Alpha\n\nOn to [beta](b.md).\n").unwrap();
    std::fs::write(&b, "# Beta\n\nBack to [alpha](a.md).\n").unwrap();
    let doc = camp_reader::load::load(&camp_reader::load::Input::File(a.clone()), 1 << 20).unwrap();
    let file = std::fs::canonicalize(&a).unwrap();
    let reader = Reader::from_file(doc, file.into(), 0);
    let mut app = App::with_reader(reader, Options::default());
    app.update(Event::Resize(80, 16));
    (app, a, b)
}

/// What the loop does with an `OpenDocument` effect whose file loads.
fn opened(app: &mut App, path: &std::path::Path) {
    let input = camp_reader::load::Input::File(path.to_path_buf());
    let doc = camp_reader::load::load(&input, 1 << 20).unwrap();
    app.update(Event::Opened {
        doc: Box::new(doc),
        file: std::fs::canonicalize(path).unwrap(),
        source_hash: 0,
        anchor: None,
        resume: None,
        left_stamp: None,
    });
}

/// The one `OpenDocument` the last key asked for: its path.
fn asked_to_open(app: &mut App) -> std::path::PathBuf {
    match app.take_effects().as_slice() {
        [camp_reader::app::Effect::OpenDocument { path, .. }] => path.clone(),
        other => panic!("expected one OpenDocument, got {other:?}"),
    }
}

#[test]
fn a_failed_ctrl_r_keeps_the_jump_list_and_works_once_the_file_is_back() {
    use camp_reader::settings::keymap::Command;
    let dir = tempfile::tempdir().unwrap();
    let (mut a, a_path, b_path) = a_and_b(dir.path());
    a.follow(0);
    assert_eq!(asked_to_open(&mut a), b_path);
    opened(&mut a, &b_path);
    assert_eq!(a.reader().doc.title, "Beta");
    a.update(Command::JumpBack);
    let back = asked_to_open(&mut a);
    assert_eq!(back, std::fs::canonicalize(&a_path).unwrap());
    opened(&mut a, &back);
    assert_eq!(a.reader().doc.title, "Alpha");
    let depth = a.jumps().depth();
    assert_eq!(depth.1, 1, "beta is ahead");

    // b.md is gone: Ctrl-r asks for it, the load fails (what the loop says
    // then), and the list is as it was.
    std::fs::remove_file(&b_path).unwrap();
    a.update(Command::JumpForward);
    let forward = asked_to_open(&mut a);
    a.update(Event::OpenFailed(format!(
        "{}: no such file",
        forward.display()
    )));
    assert_eq!(a.reader().doc.title, "Alpha");
    assert!(
        a.status()
            .message
            .as_deref()
            .unwrap_or("")
            .contains("no such file")
    );
    assert_eq!(a.jumps().depth(), depth, "the failed jump kept the list");

    // Back again: Ctrl-r works (not "no newer jump").
    std::fs::write(&b_path, "# Beta\n\nBack to [alpha](a.md).\n").unwrap();
    a.update(Command::JumpForward);
    assert_eq!(asked_to_open(&mut a), forward);
    opened(&mut a, &forward);
    assert_eq!(a.reader().doc.title, "Beta");

    // The same for a link whose file is missing, and a load stopped with
    // Esc: the list is as before the link was followed.
    let depth = a.jumps().depth();
    std::fs::remove_file(&a_path).unwrap();
    a.follow(0);
    asked_to_open(&mut a);
    a.update(Event::OpenFailed("stopped loading a.md".into()));
    assert_eq!(a.jumps().depth(), depth);
    assert_eq!(a.reader().doc.title, "Beta");
}

/// The words `v` asks the loop to find in the source.
fn edit_near(a: &mut App) -> String {
    use camp_reader::settings::keymap::Command;
    a.update(Command::Edit);
    match a.take_effects().as_slice() {
        [camp_reader::app::Effect::EditDocument { near, .. }] => near.clone().unwrap_or_default(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn v_points_at_the_link_cursor_then_the_match_on_screen_then_the_top_line() {
    use camp_reader::settings::keymap::Command;
    let mut text = String::from("# FAQ\n\n");
    for i in 1..=40 {
        text.push_str(&format!("Question {i} has an answer"));
        if i == 15 {
            text.push_str(" with a [link here](https://example.org)");
        }
        if i == 14 {
            text.push_str(" and the needle");
        }
        text.push_str(".\n\n");
    }
    let doc = camp_reader::load::parse_markdown("faq.md", "faq", &text).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(80, 12));
    for _ in 0..10 {
        a.update(Command::LineDown);
    }
    let top = edit_near(&mut a);
    assert!(top.starts_with("Question "), "{top}");
    a.update(Event::StartSearch {
        query: "needle".into(),
        regex: false,
    });
    assert!(a.reader().current_in_view);
    assert_eq!(edit_near(&mut a), "needle");
    a.update(Command::LinkNext);
    assert!(a.reader().link_cursor.is_some());
    assert_eq!(edit_near(&mut a), "link here");
    // The match off screen: the top line again.
    a.update(Command::Top);
    assert!(!a.reader().current_in_view);
    let near = edit_near(&mut a);
    assert!(!near.contains("needle") && !near.contains("link"), "{near}");
}

#[test]
fn links_to_license_contributing_and_txt_files_are_followed_as_plain_text() {
    use camp_reader::load::{Format, Input, load_hashed};
    use camp_reader::model::link::{Target, classify};
    let dir = tempfile::tempdir().unwrap();
    let doc = camp_reader::load::parse_markdown("a.md", "a", "# A\n\ntext\n").unwrap();
    for name in [
        "LICENSE",
        "CONTRIBUTING",
        "notes.txt",
        "docs/CHANGES.rst#top",
    ] {
        match classify(name, &doc, Some(dir.path())) {
            Target::Document { path, .. } => {
                assert_eq!(path, dir.path().join(name.split('#').next().unwrap()))
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    // Plain text: the file's name as title and one section, lines kept,
    // nothing read as markup.
    let license = dir.path().join("LICENSE");
    std::fs::write(
        &license,
        "MIT License\n\nPermission is hereby *granted*,\n  free of [charge], to any person\n# obtaining a copy\n",
    )
    .unwrap();
    let (doc, _) = load_hashed(
        &Input::File(license.clone()),
        1 << 20,
        Some(Format::of_linked(&license)),
    )
    .unwrap();
    assert_eq!(doc.title, "LICENSE");
    assert_eq!(doc.sections.len(), 1);
    assert!(doc.links.is_empty());
    assert!(
        doc.text().contains(
            "Permission is hereby *granted*,\n  free of [charge], to any person\n# obtaining a copy"
        ),
        "{:?}",
        doc.text()
    );
    // Markdown and TOML by their names.
    assert_eq!(
        Format::of_linked(std::path::Path::new("x/README.md")),
        Format::Markdown
    );
    assert_eq!(
        Format::of_linked(std::path::Path::new("doc.toml")),
        Format::LinkedToml
    );
    // A binary file is refused, with the reason.
    let png = dir.path().join("logo.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let e = load_hashed(
        &Input::File(png.clone()),
        1 << 20,
        Some(Format::of_linked(&png)),
    )
    .unwrap_err();
    assert!(e.to_string().contains("not a text file"), "{e}");
}

#[test]
fn a_link_from_slash_is_from_the_repository_top_and_stays_a_path_without_a_folder() {
    use camp_reader::model::link::{Target, classify};
    let doc = camp_reader::load::parse_markdown("a.md", "a", "# A\n\ntext\n").unwrap();
    let dir = std::path::Path::new("/repo/docs/sub");
    assert_eq!(
        classify("/README.md#install", &doc, Some(dir)),
        Target::FromRoot {
            dir: dir.to_path_buf(),
            path: "README.md".into(),
            fragment: Some("install".into()),
        }
    );
    // Standard input has no folder: the file system's path.
    assert_eq!(
        classify("/tmp/x.md", &doc, None),
        Target::Document {
            path: "/tmp/x.md".into(),
            fragment: None,
        }
    );
}

/// A one-section FAQ of `n` questions.
fn faq(n: usize) -> String {
    let mut text = String::from("# FAQ\n\n");
    for i in 1..=n {
        text.push_str(&format!(
            "Question {i}: a question with an answer long enough to wrap once.\n\n"
        ));
    }
    text
}

fn faq_app(text: &str) -> App {
    let doc = camp_reader::load::parse_markdown("faq.md", "faq", text).unwrap();
    let mut app = App::new(doc, camp_reader::app::Options::default());
    app.update(Event::Resize(60, 20));
    app
}

#[test]
fn a_changed_file_resumes_at_the_same_anchor_and_the_section_only_when_it_is_gone() {
    use camp_reader::app::session;
    use camp_reader::settings::keymap::Command;
    use camp_reader::settings::state::{StateFile, content_hash};
    let v1 = faq(60);
    let mut a = faq_app(&v1);
    a.update(Command::Percent);
    for d in [5, 4] {
        a.update(Command::Count(d));
    }
    a.update(Command::Percent);
    assert!(a.percent() >= 54, "{}", a.percent());
    let (top, line) = (a.reader().top, a.position().0);
    let mut file = StateFile::default();
    file.put(session::record(&mut a, "k", &content_hash(&v1)));

    // `echo x >> file`: the same place, not line 1.
    let v2 = v1.clone() + "x\n";
    let mut b = faq_app(&v2);
    let note = session::restore(&mut b, &file, "k", &content_hash(&v2), true).unwrap();
    assert_eq!(
        note,
        "the document changed; resumed at the same place in FAQ"
    );
    assert_eq!((b.reader().top, b.position().0), (top, line));

    // The place cut away: the section's start, said.
    let v3 = faq(10);
    let mut c = faq_app(&v3);
    let note = session::restore(&mut c, &file, "k", &content_hash(&v3), true).unwrap();
    assert_eq!(note, "the document changed; resumed at the start of FAQ");
    assert_eq!(c.position().0, 0);
}

/// A document of sections, each of a few wrapped paragraphs.
fn long_doc(sections: usize) -> String {
    let mut text = String::from("# Long\n\n");
    for s in 1..=sections {
        text.push_str(&format!("## Part {s}\n\n"));
        for p in 1..=4 {
            text.push_str(&format!(
                "Paragraph {p} of part {s}, with enough words in it to wrap once or twice at sixty columns.\n\n"
            ));
        }
    }
    text
}

fn reloaded(a: &mut App, text: &str) {
    let doc = camp_reader::load::parse_markdown("long.md", "long", text).unwrap();
    a.update(Event::Reloaded(Box::new(doc)));
}

#[test]
fn a_heading_renamed_while_read_keeps_the_place_and_the_marks_without_alarm() {
    use camp_reader::settings::keymap::Command;
    let full = long_doc(6);
    let doc = camp_reader::load::parse_markdown("long.md", "long", &full).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(60, 20));
    for d in "55".bytes() {
        a.update(Command::Count(d - b'0'));
    }
    a.update(Command::Percent);
    a.update(Command::LineDown);
    a.update(Command::MarkSet);
    a.update(Command::Insert('a'));
    let (spot, line) = (a.spot(), a.position().0);
    let title = a
        .reader()
        .doc
        .section_title(a.current_section())
        .to_string();
    // The heading being read gets a new name (a new id): nothing else moves.
    let edited = full.replacen(
        &format!("# {title}\n"),
        &format!("# {title} (renamed)\n"),
        1,
    );
    assert_ne!(edited, full);
    reloaded(&mut a, &edited);
    let said = a.status().message.clone().unwrap_or_default();
    assert!(!said.contains("not in this version"), "{said}");
    // The same block and line; its offset moved by the longer heading.
    let moved = camp_reader::app::Spot {
        offset: spot.offset + " (renamed)".len(),
        ..spot
    };
    assert_eq!((a.spot(), a.position().0), (moved, line));
    assert!(a.reader().marks.away.is_empty());
    assert_eq!(a.reader().marks.named.get(&'a'), Some(&moved));
}

#[test]
fn a_file_rewritten_in_two_writes_keeps_the_view_and_the_marks() {
    use camp_reader::settings::keymap::Command;
    let full = long_doc(20);
    let doc = camp_reader::load::parse_markdown("long.md", "long", &full).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(60, 20));
    let go = |a: &mut App, percent: u8| {
        for d in percent.to_string().bytes() {
            a.update(Command::Count(d - b'0'));
        }
        a.update(Command::Percent);
        a.update(Command::LineDown);
    };
    let mark = |a: &mut App, c: char| {
        a.update(Command::MarkSet);
        a.update(Command::Insert(c));
    };
    let jump = |a: &mut App, c: char| {
        a.update(Command::MarkJump);
        a.update(Command::Insert(c));
    };
    go(&mut a, 80);
    mark(&mut a, 'a');
    let a_spot = a.spot();
    go(&mut a, 10);
    mark(&mut a, 'b');
    let b_spot = a.spot();
    go(&mut a, 54);
    let (top, line) = (a.reader().top, a.position().0);
    let section = a
        .reader()
        .doc
        .section_title(a.current_section())
        .to_string();

    // The first write: a third of the file, cut in the middle of a part.
    let cut = full.len() / 3;
    reloaded(&mut a, &full[..full[..cut].rfind(' ').unwrap()]);
    assert_ne!(a.position().0, line, "the place is not in this version");
    let said = a.status().message.clone().unwrap_or_default();
    assert!(said.contains("not in this version"), "{said}");
    jump(&mut a, 'a');
    let said = a.status().message.clone().unwrap_or_default();
    assert!(
        said.starts_with("mark a: its place (section Part "),
        "{said}"
    );
    assert!(said.ends_with("is not in this version"), "{said}");
    let here = a.reader().top;
    // 'b is in this part of the file.
    assert_eq!(a.reader().marks.named.get(&'b'), Some(&b_spot));

    // The second write: all of it. The view and the marks come back.
    reloaded(&mut a, &full);
    assert_eq!((a.reader().top, a.position().0), (top, line));
    assert_eq!(
        a.reader().doc.section_title(a.current_section()),
        section.as_str()
    );
    assert!(a.reader().marks.away.is_empty());
    jump(&mut a, 'a');
    assert_eq!(a.spot(), a_spot);
    jump(&mut a, 'b');
    assert_eq!(a.spot(), b_spot);
    assert_ne!(here, top);

    // A section cut and pasted back in two saves: the same.
    let mut a2 = App::new(
        camp_reader::load::parse_markdown("long.md", "long", &full).unwrap(),
        camp_reader::app::Options::default(),
    );
    a2.update(Event::Resize(60, 20));
    go(&mut a2, 54);
    mark(&mut a2, 'c');
    let (top, c_spot) = (a2.reader().top, a2.spot());
    let part = a2
        .reader()
        .doc
        .section_title(a2.current_section())
        .to_string();
    let start = full.find(&format!("## {part}\n")).unwrap();
    let end = full[start + 3..]
        .find("## ")
        .map_or(full.len(), |e| start + 3 + e);
    let without = format!("{}{}", &full[..start], &full[end..]);
    reloaded(&mut a2, &without);
    assert!(!a2.reader().marks.named.contains_key(&'c'));
    reloaded(&mut a2, &full);
    assert_eq!(a2.reader().top, top);
    assert_eq!(a2.reader().marks.named.get(&'c'), Some(&c_spot));
}

#[test]
fn a_view_moved_after_a_version_without_its_place_stays_where_it_was_moved() {
    use camp_reader::settings::keymap::Command;
    let full = long_doc(20);
    let doc = camp_reader::load::parse_markdown("long.md", "long", &full).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(60, 20));
    a.update(Command::Bottom);
    reloaded(&mut a, &long_doc(5));
    // The reader moves on: the place chosen now is the one kept.
    a.update(Command::Top);
    a.update(Command::LineDown);
    let (top, line) = (a.reader().top, a.position().0);
    reloaded(&mut a, &full);
    assert_eq!((a.reader().top, a.position().0), (top, line));
}

#[test]
fn esc_and_a_key_read_together_are_esc_then_the_key_unless_that_alt_key_is_bound() {
    use camp_reader::settings::keymap::Key;
    use camp_reader::shell::tui::split_escape;
    let alt = |c: char| TermEvent::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    let key = |code: KeyCode| TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE));
    let mut a = common::embedded_app(100, 30);
    // `Esc ZZ` typed fast: crossterm reports Alt-Z, then Z.
    let (esc, z) = split_escape(&a, &alt('Z')).expect("Alt-Z is Esc, Z");
    assert_eq!(
        (esc.clone(), z.clone()),
        (key(KeyCode::Esc), key(KeyCode::Char('Z')))
    );
    for ev in [esc, z, key(KeyCode::Char('Z'))] {
        assert!(split_escape(&a, &ev).is_none());
        if let Some(msg) = camp_reader::shell::tui::message_for(&a, &ev) {
            a.update(msg);
        }
    }
    assert!(a.quit(), "Esc Z Z quits");
    // Other Alt keys too (Esc then Enter), and a lone Esc is Esc.
    let enter = TermEvent::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    assert_eq!(
        split_escape(&a, &enter).map(|(_, k)| k),
        Some(key(KeyCode::Enter))
    );
    // An Alt key the user bound stays theirs.
    let mut a = common::embedded_app(100, 30);
    assert!(
        a.options_mut()
            .keymap
            .remap("quit", vec![Key::parse("Alt-q").unwrap()])
    );
    assert!(split_escape(&a, &alt('q')).is_none());
    if let Some(msg) = camp_reader::shell::tui::message_for(&a, &alt('q')) {
        a.update(msg);
    }
    assert!(a.quit(), "Alt-q bound to quit");
}

/// A changelog's sections of the same name (its many "Bug Fixes") are
/// told apart by their versions in the lists that are not a tree: the
/// go-to list once filtered, the search results (`&`) and the link list
/// (`L`), as the status line does (the trial: 26 rows of "Bug Fixes").
#[test]
fn lists_name_a_sections_parent_where_titles_repeat() {
    use camp_reader::settings::keymap::Command;
    let mut text = String::from("# Changelog\n\nAll notable changes.\n\n");
    for v in ["1.6.0", "1.5.0", "1.4.0"] {
        text.push_str(&format!(
            "## {v}\n\n### Bug Fixes\n\n- Fixed a regression in [{v}](https://x.org/{v}).\n\n"
        ));
    }
    let doc = camp_reader::load::parse_markdown("CHANGELOG.md", "CHANGELOG", &text).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(100, 20));
    let screen = |a: &App| {
        let buf = common::draw(a);
        (0..a.size().height)
            .map(|y| common::row(&buf, y))
            .collect::<Vec<_>>()
            .join("\n")
    };
    a.update(Command::GoToSection);
    common::type_query(&mut a, "bug");
    let s = screen(&a);
    for v in ["1.6.0", "1.5.0", "1.4.0"] {
        assert!(s.contains(&format!("{v} › Bug Fixes")), "{s}");
    }
    a.update(Command::Close);
    a.update(Event::StartSearch {
        query: "regression".into(),
        regex: false,
    });
    a.update(Command::ShowResults);
    let s = screen(&a);
    for v in ["1.6.0", "1.5.0", "1.4.0"] {
        assert!(s.contains(&format!("{v} › Bug Fixes")), "{s}");
    }
    assert_eq!(
        camp_reader::find::search::link_row(&a.reader().doc, 1),
        "1.5.0 › Bug Fixes › 1.5.0 → https://x.org/1.5.0"
    );
}

/// Rows of the lists that are no tree, with a huge part (a 60 KB heading,
/// a 2 KB link text): each part is cut to its share with `…`, so the
/// parent, the title, the link's text and its address all show (the
/// trial: a long title hid the link's text and address).
#[test]
fn list_rows_cut_each_part_so_every_part_shows() {
    use camp_reader::settings::keymap::Command;
    let huge_title = format!("Zebra {}", "stripes and more stripes ".repeat(2500));
    let long_text = format!("Linkword {}", "words of a link ".repeat(130));
    let text = format!(
        "# Doc\n\nIntro.\n\n## Parent heading\n\n### {huge_title}\n\nSee [{long_text}](https://example.org/target) and the needle.\n"
    );
    assert!(huge_title.len() > 60_000 && long_text.len() > 2_000);
    let doc = camp_reader::load::parse_markdown("doc.md", "doc", &text).unwrap();
    for width in [80u16, 200] {
        let mut a = App::new(doc.clone(), camp_reader::app::Options::default());
        a.update(Event::Resize(width, 30));
        let rows = |a: &App| {
            let buf = common::draw(a);
            (0..a.size().height)
                .map(|y| common::row(&buf, y))
                .collect::<Vec<_>>()
        };
        // The lists stand at the bottom, over the text and the sidebar.
        let row_with = |rows: &[String], words: &str| {
            rows.iter()
                .rev()
                .find(|r| r.contains(words))
                .cloned()
                .unwrap_or_else(|| panic!("no row with {words:?} at {width}:\n{}", rows.join("\n")))
        };
        // `:` filtered: the parent and the title.
        a.update(Command::GoToSection);
        common::type_query(&mut a, "zebra");
        let row = row_with(&rows(&a), "Zebra");
        assert!(
            row.contains("Parent") && row.contains('…'),
            "{width}: {row}"
        );
        a.update(Command::Close);
        // `&`: the parent, the title and the match.
        a.update(Event::StartSearch {
            query: "needle".into(),
            regex: false,
        });
        a.update(Command::ShowResults);
        let row = row_with(&rows(&a), "needle");
        assert!(
            row.contains("Par") && row.contains("Zebra"),
            "{width}: {row}"
        );
        a.update(Command::Close);
        // `L`: the parent, the title, the link's text and its address.
        a.update(Command::ShowLinks);
        let row = row_with(&rows(&a), "Linkword");
        for part in ["Parent", "Zebra", "→ https://exam"] {
            assert!(row.contains(part), "{width}: {part:?} in {row}");
        }
        assert!(row.matches('…').count() >= 2, "{width}: {row}");
    }
}

/// A file named on the command line is read as GitHub shows it, by its
/// name: source code (`main.go`, `go.mod`) and a licence as plain text,
/// lines and tabs kept (read as Markdown, `import (` and its lines ran
/// into one paragraph under a made-up "Overview"); `notes.txt` and a name
/// with no extension are still read as their content says.
#[test]
fn a_named_source_file_or_licence_is_plain_text_and_notes_txt_is_guessed() {
    use camp_reader::load::{Format, Input, load};
    use std::path::Path;
    assert_eq!(Format::of_named(Path::new("main.go")), Some(Format::Text));
    assert_eq!(Format::of_named(Path::new("go.mod")), Some(Format::Text));
    assert_eq!(
        Format::of_named(Path::new("LICENSE-MIT")),
        Some(Format::Text)
    );
    assert_eq!(Format::of_named(Path::new("COPYING")), Some(Format::Text));
    assert_eq!(Format::of_named(Path::new("a.MD")), Some(Format::Markdown));
    assert_eq!(Format::of_named(Path::new("notes.txt")), None);
    assert_eq!(Format::of_named(Path::new("README")), None);
    let dir = tempfile::tempdir().unwrap();
    let go = dir.path().join("main.go");
    std::fs::write(
        &go,
        "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n# not a heading\n",
    )
    .unwrap();
    let doc = load(&Input::File(go), 1 << 20).unwrap();
    assert_eq!(doc.title, "main.go");
    assert_eq!(doc.sections.len(), 1);
    // One code block in its language (highlighted, chopped by `S`), its
    // lines kept (a tab as 4 spaces, as in a fence).
    assert!(
        doc.text().contains("import (\n    \"fmt\"\n"),
        "{:?}",
        doc.text()
    );
    let code: Vec<u32> = doc
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            camp_reader::model::document::BlockKind::Code { lang } => Some(lang),
            _ => None,
        })
        .collect();
    assert_eq!(code.len(), 1);
    assert_eq!(doc.langs.get(code[0] as usize).map(|l| &**l), Some("go"));
    // A licence is prose: paragraphs, no code block.
    let license = dir.path().join("LICENSE-MIT");
    std::fs::write(&license, "MIT License\n\nPermission is hereby granted\n").unwrap();
    let doc = load(&Input::File(license), 1 << 20).unwrap();
    assert!(
        doc.blocks
            .iter()
            .all(|b| !matches!(b.kind, camp_reader::model::document::BlockKind::Code { .. }))
    );
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "# Notes\n\n- *one*\n").unwrap();
    assert_eq!(load(&Input::File(notes), 1 << 20).unwrap().title, "Notes");
}

/// A link to a `Cargo.toml` opens it as plain text, as a link to a
/// `LICENSE` does: it is no camp-reader document (following it showed
/// `unknown field bin at the top level`, while `--check` found the link
/// fine). A camp-reader TOML document linked is read as one.
#[test]
fn a_linked_toml_file_that_is_no_document_is_plain_text() {
    use camp_reader::load::{Format, Input, load_hashed};
    let dir = tempfile::tempdir().unwrap();
    let cargo = dir.path().join("Cargo.toml");
    std::fs::write(&cargo, "[package]\nname = \"x\"\n\n[[bin]]\nname = \"y\"\n").unwrap();
    let (doc, _) = load_hashed(
        &Input::File(cargo.clone()),
        1 << 20,
        Some(Format::of_linked(&cargo)),
    )
    .expect("shown as text");
    assert_eq!(doc.title, "Cargo.toml");
    assert!(
        doc.text().contains("[[bin]]\nname = \"y\""),
        "{:?}",
        doc.text()
    );
    let camp = dir.path().join("notes.toml");
    std::fs::write(
        &camp,
        "title = \"T\"\n[[sections]]\ntitle = \"S\"\nbody = \"b\"\n",
    )
    .unwrap();
    let (doc, _) = load_hashed(
        &Input::File(camp.clone()),
        1 << 20,
        Some(Format::of_linked(&camp)),
    )
    .expect("a document");
    assert_eq!(doc.title, "T");
    // A site's config has a title and no sections: text. A document's
    // key may be quoted, after a `[source]` table, or after a BOM.
    let hugo = dir.path().join("hugo.toml");
    std::fs::write(
        &hugo,
        "baseURL = \"https://x.org/\"\ntitle = \"My Hugo Site\"\n[params]\na = 1\n",
    )
    .unwrap();
    let (doc, _) = load_hashed(
        &Input::File(hugo.clone()),
        1 << 20,
        Some(Format::of_linked(&hugo)),
    )
    .expect("shown as text");
    assert_eq!(doc.title, "hugo.toml");
    for (name, text) in [
        (
            "c2.toml",
            "\"title\" = \"T\"\n[source]\nname = \"n\"\n[[sections]]\ntitle = \"A\"\nbody = \"x\"\n",
        ),
        (
            "c5.toml",
            "\u{feff}title = \"T\"\n[[ sections ]]\ntitle = \"A\"\nbody = \"x\"\n",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (doc, _) = load_hashed(
            &Input::File(path.clone()),
            1 << 20,
            Some(Format::of_linked(&path)),
        )
        .expect("a document");
        assert_eq!(doc.title, "T", "{name}");
    }
    // Named on the command line too, a TOML file opening with another
    // table is text (it was the error `unknown field dev-dependencies`);
    // one that starts as a document does and has no sections is still
    // the error saying what a document needs.
    let doc = camp_reader::load::load(&Input::File(cargo), 1 << 20).expect("text");
    assert_eq!(doc.title, "Cargo.toml");
    let half = dir.path().join("half.toml");
    std::fs::write(&half, "title = \"T\"\n[[section]]\ntitle = \"S\"\n").unwrap();
    assert!(camp_reader::load::load(&Input::File(half), 1 << 20).is_err());
}
