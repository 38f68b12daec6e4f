//! Property tests on books: any set of documents — empty, broken TOML,
//! invalid UTF-8, hostile Markdown, in nested folders or as a list of
//! files — loads as a book without a panic, and the reader draws it
//! (paging, the sidebar, a search with its match list and `B`) with no
//! escape sequence but the backend's own.

use std::sync::Arc;

use camp_reader::app::{App, Event, Options, Reader};
use camp_reader::load::book::{BookSource, load_book};
use camp_reader::settings::keymap::Command;
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::common::{Screen, type_query};
use crate::markdown_props::PIECES;

fn config() -> Config {
    Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    }
}

/// One document's bytes: Markdown pieces, TOML (good or broken), empty,
/// or bytes that are not UTF-8.
fn document() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(prop::sample::select(PIECES), 0..24)
            .prop_map(|p| p.concat().into_bytes()),
        Just(b"title = \"T\"\n[[sections]]\ntitle = \"S\"\nbody = \"text \\u001b[2J\"\n".to_vec()),
        Just(b"title = \"T\"\n[[sections]]\ntitle = \"unclosed\n".to_vec()),
        prop::collection::vec(any::<u8>(), 0..200),
        prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|p| {
            let mut b = p.concat().into_bytes();
            b.extend_from_slice(b"\xff\xfe\x1b]0;x\x07\xc3");
            b
        }),
    ]
}

/// A file's name: a folder or two deep, a Markdown or TOML extension,
/// hostile characters in it.
fn name() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["", "sub/", "sub/deeper/", "other/", "\u{1b}[31m/"][..]),
        prop::sample::select(&["README", "a", "b", "index", "x\u{202e}y", "\u{7}"][..]),
        prop::sample::select(&[".md", ".markdown", ".toml"][..]),
    )
        .prop_map(|(d, n, e)| format!("{d}{n}{e}"))
}

/// Draws the book at a few sizes, paging, searching and listing.
fn draw_book(source: &BookSource) {
    let Ok(book) = load_book(source, 1 << 20) else {
        return;
    };
    let (doc, index) = book.split();
    for (w, h) in [(80, 24), (30, 8), (1, 1)] {
        let reader = Reader::new(doc.clone()).in_book(Some(Arc::new(index.clone())));
        let mut app = App::with_reader(reader, Options::default());
        app.update(Event::Resize(w, h));
        let mut screen = Screen::new(w, h);
        screen.frame(&app, "first");
        app.update(Command::ToggleSidebar);
        screen.frame(&app, "sidebar");
        app.update(Command::SearchStart);
        type_query(&mut app, "a");
        app.update(Command::Accept);
        app.update(Command::ShowResults);
        screen.frame(&app, "match list");
        app.update(Command::SelectNext);
        screen.frame(&app, "match list, next");
        app.update(Command::Close);
        app.update(Command::SearchNext);
        app.update(Command::ShowBacklinks);
        screen.frame(&app, "backlinks");
        app.update(Command::Close);
        for i in 0..40 {
            let before = app.reader().top;
            app.update(Command::PageDown);
            screen.frame(&app, &format!("page {i}"));
            if app.reader().top == before {
                break;
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_folder_of_documents_loads_and_draws_safely(
        files in prop::collection::vec((name(), document()), 0..7)
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in &files {
            let path = dir.path().join(name);
            if std::fs::create_dir_all(path.parent().unwrap()).is_ok() {
                let _ = std::fs::write(&path, bytes);
            }
        }
        draw_book(&BookSource::Dir(dir.path().to_path_buf()));
    }

    #[test]
    fn any_list_of_files_loads_and_draws_safely(
        files in prop::collection::vec(document(), 1..5)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<_> = files
            .iter()
            .enumerate()
            .map(|(i, bytes)| {
                let path = dir.path().join(format!("d{i}.md"));
                std::fs::write(&path, bytes).unwrap();
                path
            })
            .collect();
        draw_book(&BookSource::Files(paths));
    }
}
