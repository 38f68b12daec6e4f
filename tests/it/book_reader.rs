//! The fixture book (tests/data/book) in the reader: the status line
//! names the document, `n` crosses documents, links between chapters stay
//! in the book with the jump list, and `B` lists the places linking here;
//! each checked on the drawn screen.

use std::path::Path;
use std::sync::Arc;

use camp_reader::app::{App, Event, Options, Reader};
use camp_reader::load::book::{BookSource, load_book};
use camp_reader::settings::keymap::Command;

use crate::common::{draw, row, type_query};

fn book_app(w: u16, h: u16) -> App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/book");
    let book = load_book(&BookSource::Dir(dir.clone()), 1 << 20).expect("the fixture loads");
    let (doc, index) = book.split();
    // Relative links start at the book's folder, as in the reader.
    let reader = Reader::new(doc)
        .in_book(Some(Arc::new(index)))
        .in_dir(Some(dir));
    let mut app = App::with_reader(reader, Options::default());
    app.update(Event::Resize(w, h));
    app
}

fn status(app: &App) -> String {
    row(&draw(app), app.size().height - 1)
}

fn screen(app: &App) -> String {
    let buf = draw(app);
    (0..app.size().height)
        .map(|y| row(&buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_status_line_names_the_document_then_its_sections() {
    let mut a = book_app(120, 30);
    let s = a
        .reader()
        .doc
        .find_section("guide/install.md#from-source")
        .unwrap();
    a.update(Event::JumpToSection(s));
    assert!(
        status(&a).starts_with(" guide/install.md › Installing › From source "),
        "{}",
        status(&a)
    );
    // Narrow: the outer parts give way, the section stays.
    let mut a = book_app(40, 15);
    a.update(Event::JumpToSection(s));
    assert!(status(&a).contains("From source"), "{}", status(&a));
}

#[test]
fn n_crosses_documents_and_the_counter_covers_the_book() {
    // Short, so each match is a move.
    let mut a = book_app(120, 8);
    a.update(Command::SearchStart);
    type_query(&mut a, "lantern");
    a.update(Command::Accept);
    let n = a.reader().search.as_ref().map_or(0, |s| s.matches.len());
    // README 1, usage 3, config 1, reference 1, appendix 1 ("lanterns").
    assert_eq!(n, 7);
    let mut places = vec![status(&a)];
    for _ in 1..n {
        a.update(Command::SearchNext);
        places.push(status(&a));
    }
    let docs: Vec<&str> = places
        .iter()
        .map(|s| s.split(" › ").next().unwrap_or("").trim())
        .collect();
    assert_eq!(
        docs,
        [
            "README.md",
            "usage.md",
            "usage.md",
            "usage.md",
            "guide/config.md",
            "reference.toml",
            "appendix.md"
        ]
    );
    assert!(places[6].contains(&format!("match 7/{n}")), "{}", places[6]);
    // And on round: N goes back across documents.
    a.update(Command::SearchPrev);
    assert!(status(&a).starts_with(" reference.toml › Reference › Options"));
    // The hidden and ignored folders' lanterns are not in the book.
    assert!(!screen(&a).contains("never appear"));
}

#[test]
fn a_link_between_chapters_moves_within_the_book_and_ctrl_o_comes_back() {
    let mut a = book_app(120, 30);
    a.update(Command::ShowLinks);
    type_query(&mut a, "install chapter");
    a.update(Command::Accept);
    assert!(
        status(&a).starts_with(" → guide/install.md › Installing › From source"),
        "{}",
        status(&a)
    );
    assert!(screen(&a).contains("From source"));
    a.update(Command::LineDown);
    assert!(
        status(&a).starts_with(" guide/install.md › Installing › From source"),
        "{}",
        status(&a)
    );
    a.update(Command::JumpBack);
    assert!(
        status(&a).starts_with(" README.md › Welcome"),
        "{}",
        status(&a)
    );
}

#[test]
fn b_lists_the_places_linking_here_filters_and_goes_there() {
    let mut a = book_app(120, 30);
    let s = a
        .reader()
        .doc
        .find_section("guide/install.md#from-a-package")
        .unwrap();
    a.update(Event::JumpToSection(s));
    a.update(Command::ShowBacklinks);
    let shown = screen(&a);
    assert!(shown.contains("Linking to guide/install.md"), "{shown}");
    for row in [
        "README.md › Welcome: the install chapter",
        "guide/config.md › Configuring: installing",
        "guide/deep/notes.md › Deep notes: from source",
    ] {
        assert!(shown.contains(row), "{row} missing:\n{shown}");
    }
    assert!(status(&a).contains("3 places"), "{}", status(&a));
    type_query(&mut a, "config");
    let shown = screen(&a);
    assert!(status(&a).contains("1 place"), "{}", status(&a));
    assert!(!shown.contains("Deep notes: from source"), "{shown}");
    a.update(Command::Accept);
    assert!(
        status(&a).contains("guide/config.md › Configuring"),
        "{}",
        status(&a)
    );
    assert!(screen(&a).contains("The lantern setting is"));
    // Ctrl-o goes back to where B was pressed.
    a.update(Command::JumpBack);
    assert!(
        status(&a).contains("guide/install.md › Installing"),
        "{}",
        status(&a)
    );
}

#[test]
fn b_says_so_when_nothing_links_here() {
    let mut a = book_app(120, 30);
    let s = a.reader().doc.find_section("reference.toml").unwrap();
    a.update(Event::JumpToSection(s));
    a.update(Command::ShowBacklinks);
    assert!(a.prompt().is_none());
    assert!(
        status(&a).contains("nothing links to reference.toml"),
        "{}",
        status(&a)
    );
}

#[test]
fn a_broken_document_shows_its_error_where_its_text_would_be() {
    let mut a = book_app(120, 30);
    let s = a.reader().doc.find_section("broken.toml").unwrap();
    a.update(Event::JumpToSection(s));
    let shown = screen(&a);
    assert!(
        shown.contains("broken.toml:5:31: invalid basic string"),
        "{shown}"
    );
    assert!(shown.contains("Appendix"), "the rest follows:\n{shown}");
}

#[test]
fn v_edits_the_document_on_screen_at_its_own_line() {
    use camp_reader::app::Effect;
    let mut a = book_app(120, 30);
    // usage.md line 11: "A search for lantern finds every chapter…".
    a.update(Command::SearchStart);
    type_query(&mut a, "finds every chapter");
    a.update(Command::Accept);
    a.take_effects();
    a.update(Command::Edit);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/book");
    match a.take_effects().as_slice() {
        [
            Effect::EditDocument {
                line, near, file, ..
            },
        ] => {
            assert_eq!(file.as_deref(), Some(dir.join("usage.md").as_path()));
            // The section's line in usage.md, where the words are looked for.
            let source = std::fs::read_to_string(dir.join("usage.md")).unwrap();
            let at = camp_reader::load::source_line::source_line(
                &source,
                *line,
                near.as_deref().unwrap_or(""),
                [0, 0],
            );
            assert_eq!(at, Some(11), "line {line}, near {near:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn v_on_a_broken_document_opens_at_its_error_and_on_a_folder_says_why_not() {
    use camp_reader::app::Effect;
    let mut a = book_app(120, 30);
    let s = a.reader().doc.find_section("broken.toml").unwrap();
    a.update(Event::JumpToSection(s));
    a.take_effects();
    a.update(Command::Edit);
    match a.take_effects().as_slice() {
        [Effect::EditDocument { line, file, .. }] => {
            assert_eq!(*line, 5);
            assert!(file.as_ref().unwrap().ends_with("broken.toml"));
        }
        other => panic!("{other:?}"),
    }
    // "Other documents" is a heading of the book, not a file.
    let s = (0..a.reader().doc.sections.len())
        .find(|&i| a.reader().doc.section_title(i) == "Other documents")
        .unwrap();
    a.update(Event::JumpToSection(s));
    a.update(Command::Edit);
    assert!(a.take_effects().is_empty());
    assert!(status(&a).contains("nothing to edit"), "{}", status(&a));
}

#[test]
fn the_match_list_has_a_heading_per_document_with_its_count() {
    let mut a = book_app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "lantern");
    a.update(Command::Accept);
    a.update(Command::ShowResults);
    let shown = screen(&a);
    assert!(
        shown.contains("7 matches for \"lantern\" in 5 documents"),
        "{shown}"
    );
    // Each document's heading row, then its matches.
    let rows: Vec<&str> = shown
        .lines()
        .filter(|l| l.contains("match") || l.contains("lantern"))
        .collect();
    let heading = |name: &str, n: &str| {
        rows.iter()
            .position(|r| r.contains(name) && r.contains(n) && !r.contains("Press"))
            .unwrap_or_else(|| panic!("no heading {name} {n}:\n{shown}"))
    };
    let readme = heading("README.md", "1 match");
    let usage = heading("usage.md", "3 matches");
    let config = heading("guide/config.md", "1 match");
    assert!(readme < usage && usage < config, "{shown}");
    // usage.md's three matches follow its heading.
    assert_eq!(config - usage, 4, "{shown}");
    // Moving down through the list goes from match to match over the
    // headings: the second match is on the fourth row, under usage.md's.
    a.update(Command::SelectNext);
    let r = a.results().expect("the list is open");
    assert_eq!(r.selected, 1);
    assert_eq!(r.row_of(1), 3);
    assert_eq!(r.at_row(2), camp_reader::app::ResultRow::Heading(1));
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(1));
}

#[test]
fn the_sidebar_counts_each_documents_matches_on_its_entry() {
    let mut a = book_app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "lantern");
    a.update(Command::Accept);
    let shown = screen(&a);
    // usage.md has 3 (one in its own text, two in a section of its own):
    // its entry says 3.
    let row = shown
        .lines()
        .find(|l| l.contains("Using the tool"))
        .unwrap_or_else(|| panic!("{shown}"));
    let sidebar = row.split('│').next().unwrap_or("");
    assert!(sidebar.trim_end().ends_with(" 3"), "{row}");
}

#[test]
fn a_search_made_before_a_large_book_is_whole_goes_to_its_match_when_it_is() {
    use camp_reader::load::book::{LARGE_BOOK, load_first};
    let dir = tempfile::tempdir().unwrap();
    let each = 1 << 20;
    let docs = LARGE_BOOK as usize / each + 2;
    crate::book::large_folder(dir.path(), docs, each);
    let last = dir.path().join(format!("ch{:02}.md", docs - 1));
    let mut text = std::fs::read_to_string(&last).unwrap();
    text.push_str("## The end\n\nThe zeppelinword is here.\n");
    std::fs::write(&last, text).unwrap();
    let source = BookSource::Dir(dir.path().into());
    let (first, _) = load_first(&source, 1 << 30).unwrap();
    assert!(first.unread > 0);
    let (doc, index) = first.split();
    let reader = Reader::new(doc).in_book(Some(Arc::new(index)));
    let mut a = App::with_reader(reader, camp_reader::app::Options::default());
    a.update(Event::Resize(100, 30));
    a.update(Command::SearchStart);
    type_query(&mut a, "zeppelinword");
    a.update(Command::Accept);
    assert!(
        status(&a).contains("no match for \"zeppelinword\" yet"),
        "{}",
        status(&a)
    );
    assert!(!screen(&a).contains("The zeppelinword is here."));
    let (doc, index) = load_book(&source, 1 << 30).unwrap().split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert!(
        screen(&a).contains("The zeppelinword is here."),
        "{}",
        screen(&a)
    );
    assert!(status(&a).contains("match 1/1"), "{}", status(&a));
}

/// Filtered, the go-to list's rows are no tree: in a book each names its
/// document, as the status line does; so does each row of the link list
/// (trial: two "License" rows of two documents could not be told apart).
#[test]
fn the_go_to_and_link_lists_name_each_rows_document() {
    let mut a = book_app(120, 30);
    a.update(Command::GoToSection);
    type_query(&mut a, "from source");
    let s = screen(&a);
    assert!(
        s.contains("guide/install.md › Installing › From source"),
        "{s}"
    );
    a.update(Command::Close);
    // Unfiltered, the outline as a tree (titles, indented).
    a.update(Command::GoToSection);
    let s = screen(&a);
    assert!(!s.contains("guide/install.md › Installing"), "{s}");
    a.update(Command::Close);
    a.update(Command::ShowLinks);
    let s = screen(&a);
    assert!(
        s.contains("README.md › Welcome › the install chapter → "),
        "{s}"
    );
    // The address as written (relative to the book's root), not as the
    // book resolved it (`#guide/install.md#from-source`).
    assert!(
        s.contains("the install chapter → guide/install.md#from-source"),
        "{s}"
    );
    assert!(!s.contains("→ #guide"), "{s}");
    // The link cursor's status says the same.
    a.update(Command::Close);
    a.update(Command::LinkNext);
    let line = status(&a);
    assert!(!line.contains("→ #"), "{line}");
}

/// What the loop does with the `OpenDocument` a link out of the book
/// asked for, the file loading: its path.
fn open_asked(a: &mut App) -> std::path::PathBuf {
    use camp_reader::app::Effect;
    let path = match a.take_effects().as_slice() {
        [Effect::OpenDocument { path, .. }] => path.clone(),
        other => panic!("expected one OpenDocument, got {other:?}"),
    };
    let input = camp_reader::load::Input::File(path.clone());
    let doc = camp_reader::load::load(&input, 1 << 20).unwrap();
    a.update(Event::Opened {
        doc: Box::new(doc),
        file: std::fs::canonicalize(&path).unwrap(),
        source_hash: 0,
        anchor: None,
        resume: None,
        left_stamp: None,
    });
    path
}

/// What the loop does with the `OpenBook` Ctrl-o back into the book asked
/// for.
fn book_asked(a: &mut App) {
    use camp_reader::app::Effect;
    let at = match a.take_effects().as_slice() {
        [Effect::OpenBook { at }] => at.clone(),
        other => panic!("expected one OpenBook, got {other:?}"),
    };
    a.update(Event::ReopenedBook {
        at,
        left_stamp: None,
    });
}

/// The text pane: the screen above the status line, right of the
/// sidebar (whose marker follows the last jump, not the place).
fn text_rows(a: &App) -> String {
    let buf = draw(a);
    (0..a.size().height - 1)
        .map(|y| {
            let r = row(&buf, y);
            r.split_once('│').map_or(r.clone(), |(_, t)| t.to_string())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Follows the appendix's link out of the book (to ../book-outside.md);
/// gives the screen's text where it was followed.
fn leave_the_book(a: &mut App) -> String {
    let s = a.reader().doc.find_section("appendix.md#settings").unwrap();
    a.update(Event::JumpToSection(s));
    a.take_effects();
    let there = text_rows(a);
    let link = (0..a.reader().doc.links.len())
        .find(|&l| a.reader().doc.link_target(l).ends_with("book-outside.md"))
        .expect("the appendix links out of the book");
    a.follow(link);
    let path = open_asked(a);
    assert!(path.ends_with("book-outside.md"), "{path:?}");
    assert_eq!(a.reader().doc.title, "Outside");
    assert!(a.reader().book.is_none());
    there
}

/// A link out of the book opens that document; `Ctrl-o` comes back to the
/// same place in the book and `Ctrl-r` forward again (trial and attack:
/// the jump list was emptied, "no older jump").
#[test]
fn ctrl_o_after_a_link_out_of_the_book_comes_back_to_the_same_place() {
    let mut a = book_app(120, 30);
    let there = leave_the_book(&mut a);
    assert_eq!(a.jumps().depth(), (1, 0), "the book's place is kept");
    a.update(Command::JumpBack);
    book_asked(&mut a);
    assert!(a.reader().book.is_some(), "the book is on screen again");
    assert!(
        status(&a).contains("resumed where you left it"),
        "{}",
        status(&a)
    );
    at_the_settings(&mut a, &there);
    assert!(screen(&a).contains("The last word on lanterns."));
    // Forward: the outside document again, its reader kept.
    a.update(Command::JumpForward);
    open_asked(&mut a);
    assert_eq!(a.reader().doc.title, "Outside");
    // And back once more: the book is kept however often it is left.
    a.update(Command::JumpBack);
    book_asked(&mut a);
    at_the_settings(&mut a, &there);
    // The book's own jumps are still there behind it.
    a.update(Command::Top);
    a.update(Command::JumpBack);
    assert!(a.take_effects().is_empty(), "a jump inside the book");
    at_the_settings(&mut a, &there);
}

/// The view is where the link out was followed, in the book.
fn at_the_settings(a: &mut App, there: &str) {
    assert!(a.reader().book.is_some());
    assert_eq!(text_rows(a), there);
    assert!(screen(a).contains("The last word on lanterns."));
}

/// A new version of the book loaded while a link led out of it is put
/// in place when `Ctrl-o` shows the book again (it used to be dropped,
/// leaving a large book's first part for good).
#[test]
fn a_book_reloaded_while_left_is_the_new_version_when_back() {
    let mut a = book_app(120, 30);
    leave_the_book(&mut a);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# Welcome\n\nNew front.\n").unwrap();
    std::fs::write(
        dir.path().join("appendix.md"),
        "# Appendix\n\n## Settings\n\nThe new last word.\n",
    )
    .unwrap();
    let (doc, index) = load_book(&BookSource::Dir(dir.path().into()), 1 << 20)
        .unwrap()
        .split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert_eq!(a.reader().doc.title, "Outside", "not replaced off screen");
    a.update(Command::JumpBack);
    book_asked(&mut a);
    assert!(screen(&a).contains("The new last word."), "{}", screen(&a));
    assert!(status(&a).contains("reloaded"), "{}", status(&a));
}

/// A search that finds nothing in the part of a large book read so far
/// asks for the files left to be searched ahead of the reading; the book
/// with the document found read (and only it) shows its match before the
/// whole book is read (the target: a word in the last document within
/// 1 s, which reading the whole book missed).
#[test]
fn a_search_in_a_large_book_reads_the_document_with_the_match_ahead() {
    use camp_reader::app::Effect;
    use camp_reader::load::book::{LARGE_BOOK, load_first, read_ahead};
    let dir = tempfile::tempdir().unwrap();
    let each = 1 << 20;
    let docs = LARGE_BOOK as usize / each + 2;
    crate::book::large_folder(dir.path(), docs, each);
    let last = dir.path().join(format!("ch{:02}.md", docs - 1));
    let mut text = std::fs::read_to_string(&last).unwrap();
    text.push_str("## The end\n\nThe zeppelinword is here.\n");
    std::fs::write(&last, text).unwrap();
    let source = BookSource::Dir(dir.path().into());
    let (first, _) = load_first(&source, 1 << 30).unwrap();
    let unread = first.unread;
    assert!(unread > 1);
    let (doc, index) = first.split();
    let reader = Reader::new(doc).in_book(Some(Arc::new(index)));
    let mut a = App::with_reader(reader, camp_reader::app::Options::default());
    a.update(Event::Resize(100, 30));
    a.update(Command::SearchStart);
    type_query(&mut a, "zeppelinword");
    a.take_effects();
    a.update(Command::Accept);
    match a.take_effects().as_slice() {
        [Effect::SearchAhead { query, regex }] => {
            assert_eq!((query.as_str(), *regex), ("zeppelinword", false));
        }
        other => panic!("expected a SearchAhead, got {other:?}"),
    }
    // What the loop does with it (a word no file holds: nothing).
    assert!(
        read_ahead(&source, 1 << 30, &|t: &str| t.contains("nowhereword"))
            .unwrap()
            .is_none()
    );
    let (ahead, file) = read_ahead(&source, 1 << 30, &|t: &str| t.contains("zeppelinword"))
        .unwrap()
        .expect("the last document holds it");
    assert_eq!(file, last);
    assert_eq!(ahead.unread, unread - 1, "one document read ahead");
    let (doc, index) = ahead.split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert!(
        screen(&a).contains("The zeppelinword is here."),
        "{}",
        screen(&a)
    );
    assert!(status(&a).contains("match 1/1"), "{}", status(&a));
    // The whole book then takes its place where the view is.
    let (doc, index) = load_book(&source, 1 << 30).unwrap().split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert_eq!(a.reader().book.as_ref().map(|b| b.unread), Some(0));
    assert!(screen(&a).contains("The zeppelinword is here."));
    // A part read ahead that comes after the whole is not taken.
    let (late, _) = read_ahead(&source, 1 << 30, &|t: &str| t.contains("zeppelinword"))
        .unwrap()
        .unwrap();
    let (doc, index) = late.split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert_eq!(a.reader().book.as_ref().map(|b| b.unread), Some(0));
}

/// A large book's outline fills in as it is read: the stages of the fill
/// are handed over one after another, each with more documents read (and
/// titled in the sidebar), a stage never taking away the document a
/// search went to; a search waiting for its match stays through the
/// stages that do not hold it.
#[test]
fn the_outline_of_a_large_book_fills_in_stage_by_stage() {
    use camp_reader::load::book::{LARGE_BOOK, load_first, load_in_stages, read_ahead};
    let dir = tempfile::tempdir().unwrap();
    let each = 256 << 10;
    let docs = LARGE_BOOK as usize / each + 24;
    crate::book::large_folder(dir.path(), docs, each);
    let last = dir.path().join(format!("ch{:02}.md", docs - 1));
    let mut text = std::fs::read_to_string(&last).unwrap();
    text.push_str("## The end\n\nThe zeppelinword is here.\n");
    std::fs::write(&last, text).unwrap();
    let source = BookSource::Dir(dir.path().into());
    let (first, _) = load_first(&source, 1 << 30).unwrap();
    let (doc, index) = first.split();
    let reader = Reader::new(doc).in_book(Some(Arc::new(index)));
    let mut a = App::with_reader(reader, camp_reader::app::Options::default());
    a.update(Event::Resize(100, 30));
    // The sidebar's entries titled by their documents ("Chapter N"), not
    // by their file names (being read).
    let titled = |a: &App| screen(a).matches("Chapter ").count();
    let unread = |a: &App| a.reader().book.as_ref().map_or(0, |b| b.unread);
    a.update(Command::SearchStart);
    type_query(&mut a, "zeppelinword");
    a.update(Command::Accept);
    a.take_effects();
    let (ahead, found) = read_ahead(&source, 1 << 30, &|t: &str| t.contains("zeppelinword"))
        .unwrap()
        .unwrap();
    // The search's document is named to the fill once its first stage
    // is out, as when the search is made while the book is read.
    let named = std::cell::Cell::new(false);
    let mut stages = Vec::new();
    let whole = load_in_stages(
        &source,
        1 << 30,
        &|p: &std::path::Path| named.get() && p == found,
        &mut |b| {
            stages.push(b);
            named.set(true);
        },
    )
    .unwrap();
    assert_eq!(stages.len(), 2, "at 1/16 and 1/8 of the rest");
    // Before the search's document is read ahead: each stage shows more.
    let mut counts = vec![(unread(&a), titled(&a))];
    let before_named = stages[0].clone();
    let (doc, index) = stages.remove(0).split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    counts.push((unread(&a), titled(&a)));
    assert!(
        status(&a).contains("no match for \"zeppelinword\" yet"),
        "the search waits through a stage: {}",
        status(&a)
    );
    // The search's document read ahead: its match shows, and the later
    // stages (which read it too) keep it.
    let (doc, index) = ahead.split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert!(screen(&a).contains("The zeppelinword is here."));
    // A stage made before the search's document was named, arriving
    // late, would take it away: not taken.
    let (doc, index) = before_named.split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert!(screen(&a).contains("The zeppelinword is here."));
    for stage in stages {
        let (doc, index) = stage.split();
        a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
        assert!(screen(&a).contains("The zeppelinword is here."));
        counts.push((unread(&a), titled(&a)));
    }
    for w in counts.windows(2) {
        assert!(
            w[1].0 < w[0].0,
            "fewer left to read at each stage: {counts:?}"
        );
    }
    assert!(counts[1].1 > counts[0].1, "more entries titled: {counts:?}");
    let (doc, index) = whole.split();
    a.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
    assert_eq!(unread(&a), 0);
    assert!(screen(&a).contains("The zeppelinword is here."));
}

/// A link to another document's `#id` that it does not have lands at
/// that document's top in the book and says so, as following one in a
/// file read alone does (it landed there silently); an id of an anchor
/// inside it (`<a name>`) is found there.
#[test]
fn a_link_to_an_id_another_document_lacks_lands_at_its_top_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nTo [gone](b.md#nope), [two](b.md#beta-two) and [spot](b.md#spot).\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# Beta\n\nText.\n\n## Beta two\n\n<a name=\"spot\"></a>The spot.\n",
    )
    .unwrap();
    let book = load_book(&BookSource::Dir(dir.path().to_path_buf()), 1 << 20).unwrap();
    let (doc, index) = book.split();
    let link = |text: &str| {
        (0..doc.links.len())
            .find(|&l| camp_reader::load::book::link_text(&doc, l) == text)
            .unwrap_or_else(|| panic!("no link {text:?}"))
    };
    let (gone, two, spot) = (link("gone"), link("two"), link("spot"));
    let reader = Reader::new(doc)
        .in_book(Some(Arc::new(index)))
        .in_dir(Some(dir.path().to_path_buf()));
    let mut a = App::with_reader(reader, Options::default());
    a.update(Event::Resize(80, 20));
    a.follow(gone);
    assert!(
        status(&a).starts_with(" → b.md › Beta; no section #nope there"),
        "{}",
        status(&a)
    );
    assert!(screen(&a).contains("Text."), "{}", screen(&a));
    a.follow(two);
    assert!(
        status(&a).starts_with(" → b.md › Beta › Beta two"),
        "{}",
        status(&a)
    );
    a.follow(spot);
    assert!(
        status(&a).starts_with(" → b.md › Beta › Beta two") && !status(&a).contains("no section"),
        "{}",
        status(&a)
    );
}

/// A link to a folder of the book (`guide/`, `guide`) goes to the place
/// of that folder's README in the book, as a link to a file of it does
/// (it opened the README alone, leaving the book); with `#id`, to that
/// section of it.
#[test]
fn a_link_to_a_folder_of_the_book_goes_to_its_readme_in_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "README.md",
        "# Top\n\nSee [folder](guide/), [bare](guide), [part](guide/#part) and [aho](guide/aho.md).\n",
    );
    write(
        "guide/README.md",
        "# Guide\n\nIntro.\n\n## Part\n\nThe part.\n",
    );
    write("guide/aho.md", "# Aho\n\nCorasick.\n");
    let book = load_book(&BookSource::Dir(dir.path().to_path_buf()), 1 << 20).unwrap();
    let (doc, index) = book.split();
    let link = |text: &str| {
        (0..doc.links.len())
            .find(|&l| camp_reader::load::book::link_text(&doc, l) == text)
            .unwrap_or_else(|| panic!("no link {text:?}"))
    };
    let links = [link("folder"), link("bare"), link("part"), link("aho")];
    let reader = Reader::new(doc)
        .in_book(Some(Arc::new(index)))
        .in_dir(Some(dir.path().to_path_buf()));
    let mut a = App::with_reader(reader, Options::default());
    a.update(Event::Resize(80, 20));
    for (link, status_starts) in links.into_iter().zip([
        " → guide/README.md › Guide",
        " → guide/README.md › Guide",
        " → guide/README.md › Guide › Part",
        " → guide/aho.md › Aho",
    ]) {
        a.follow(link);
        // Nothing is opened from the disk: the book stays.
        assert!(a.take_effects().is_empty(), "{status_starts}");
        assert!(status(&a).starts_with(status_starts), "{}", status(&a));
        a.update(Command::JumpBack);
    }
}

/// A link to a logo-first document's title anchor (`a.md#tool`, the
/// heading after its logo and badges) goes to that document's entry, its
/// start, where the file read alone goes (it did nothing in a book).
#[test]
fn a_link_to_the_title_anchor_of_a_logo_first_document_goes_to_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("01-tool.md"),
        "<p align=\"center\"><img src=\"logo.png\" alt=\"tool logo\"></p>\n\n[![CI](ci.svg)](https://ci.example)\n\n# Tool for terminals\n\nWords about the tool.\n\n## Use\n\nMore.\n",
    )
    .unwrap();
    let mut other = String::from("# Other\n\n");
    for i in 1..=30 {
        other.push_str(&format!("Filler paragraph {i}.\n\n"));
    }
    other.push_str("See [the tool](01-tool.md#tool-for-terminals).\n");
    std::fs::write(dir.path().join("02-other.md"), other).unwrap();
    let book = load_book(&BookSource::Dir(dir.path().to_path_buf()), 1 << 20).unwrap();
    let (doc, index) = book.split();
    let link = (0..doc.links.len())
        .find(|&l| camp_reader::load::book::link_text(&doc, l) == "the tool")
        .expect("the link");
    let reader = Reader::new(doc)
        .in_book(Some(Arc::new(index)))
        .in_dir(Some(dir.path().to_path_buf()));
    let mut a = App::with_reader(reader, Options::default());
    a.update(Event::Resize(80, 20));
    a.update(Command::Bottom);
    assert!(
        !screen(&a).contains("Words about the tool."),
        "{}",
        screen(&a)
    );
    // Enter on it, as a reader does.
    for _ in 0..5 {
        if a.reader().link_cursor == Some(link) {
            break;
        }
        a.update(Command::LinkNext);
    }
    assert_eq!(a.reader().link_cursor, Some(link));
    a.update(Command::FollowSelected);
    assert!(status(&a).contains("→ 01-tool.md"), "{}", status(&a));
    assert!(
        screen(&a).contains("Words about the tool."),
        "{}",
        screen(&a)
    );
}

/// The link list shows each address as the document writes it, as
/// `--check` does, not as the book rewrote it (`./LICENSE` was `LICENSE`,
/// `#features` was `01-a.md#features`).
#[test]
fn the_link_list_shows_a_books_addresses_as_written() {
    let dir = std::env::temp_dir().join(format!("camp-reader-written-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    std::fs::write(
        dir.join("01-a.md"),
        "# A\n\nSee [the licence](./LICENSE) and [features](#features).\n\n## Features\n\nF.\n",
    )
    .expect("write a");
    std::fs::write(
        dir.join("02-b.md"),
        "# B\n\nBack to [a](./01-a.md#features).\n",
    )
    .expect("write b");
    std::fs::write(dir.join("LICENSE"), "MIT\n").expect("write the licence");
    let book = load_book(&BookSource::Dir(dir.clone()), 1 << 20).expect("the book loads");
    let (doc, index) = book.split();
    let reader = Reader::new(doc)
        .in_book(Some(Arc::new(index)))
        .in_dir(Some(dir.clone()));
    let mut a = App::with_reader(reader, Options::default());
    a.update(Event::Resize(120, 30));
    a.update(Command::ShowLinks);
    let shown = screen(&a);
    let _ = std::fs::remove_dir_all(&dir);
    for row in [
        "the licence → ./LICENSE",
        "features → #features",
        "a → ./01-a.md#features",
    ] {
        assert!(shown.contains(row), "{row:?} in\n{shown}");
    }
}

/// `#top` goes to the start, as in a browser, when nothing is named
/// `top`: in a file read alone, to its own start; in a book, `other.md#top`
/// and a document's own `#top` to that document's entry (it was a broken
/// link, `--check` said so too); a section named Top is gone to instead.
#[test]
fn a_link_to_top_goes_to_the_documents_start() {
    use camp_reader::model::link::{Target, classify};
    let mut long = String::from(
        "<p align=\"center\"><img src=\"logo.png\" alt=\"logo\"></p>\n\n# Alpha\n\nFirst words.\n\n# Later\n\n",
    );
    for i in 1..=30 {
        long.push_str(&format!("Filler paragraph {i}.\n\n"));
    }
    long.push_str("Back to [the top](#top) or [the page](#).\n");
    // Alone: the start, the logo's block.
    let doc = camp_reader::load::parse_markdown("a.md", "a", &long).unwrap();
    let link = doc.links.len() - 2;
    assert_eq!(
        classify(doc.link_target(link), &doc, None),
        Target::Block {
            section: 0,
            block: 0
        }
    );
    assert_eq!(
        classify(doc.link_target(link + 1), &doc, None),
        Target::Block {
            section: 0,
            block: 0
        }
    );
    let mut a = App::new(doc, Options::default());
    a.update(Event::Resize(80, 20));
    a.update(Command::Bottom);
    assert!(!screen(&a).contains("First words."));
    a.follow(link);
    assert!(status(&a).contains("→"), "{}", status(&a));
    // A section named Top is that section.
    let named = camp_reader::load::parse_markdown("n.md", "n", "# N\n\nx\n\n## Top\n\n[t](#top)\n")
        .unwrap();
    assert_eq!(
        classify(named.link_target(0), &named, None),
        Target::Section(1)
    );
    // In a book.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("01-a.md"), &long).unwrap();
    std::fs::write(
        dir.path().join("02-b.md"),
        "# Bravo\n\nTo [a's top](01-a.md#top).\n",
    )
    .unwrap();
    let book = load_book(&BookSource::Dir(dir.path().to_path_buf()), 1 << 20).unwrap();
    let (doc, index) = book.split();
    let entry = doc.find_section("01-a.md").expect("a's entry");
    let find = |text: &str| {
        (0..doc.links.len())
            .find(|&l| camp_reader::load::book::link_text(&doc, l) == text)
            .unwrap_or_else(|| panic!("no link {text:?}"))
    };
    for text in ["a's top", "the top", "the page"] {
        let l = find(text);
        let to = classify(doc.link_target(l), &doc, None);
        assert!(
            matches!(to, Target::Section(s) if s == entry),
            "{text}: {:?} → {to:?}",
            doc.link_target(l)
        );
    }
    let link = find("a's top");
    let reader = Reader::new(doc)
        .in_book(Some(Arc::new(index)))
        .in_dir(Some(dir.path().to_path_buf()));
    let mut a = App::with_reader(reader, Options::default());
    a.update(Event::Resize(80, 20));
    a.update(Command::Bottom);
    a.follow(link);
    assert!(status(&a).starts_with(" → 01-a.md"), "{}", status(&a));
}
