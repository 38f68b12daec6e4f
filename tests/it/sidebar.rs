//! The sidebar as drawn: the tree by indentation, deep entries that keep
//! their titles, and the current entry kept away from the edges.

use crate::common;

use camp_reader::app::App;
use camp_reader::settings::keymap::Command;
use common::{app_for, draw};

/// The sidebar's rows as text (without its border).
fn sidebar_rows(app: &App) -> Vec<String> {
    let buf = draw(app);
    let s = app.regions().sidebar.expect("sidebar shown");
    (s.top()..s.bottom())
        .map(|y| {
            (s.left()..s.right() - 1)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

/// Sections nested `levels` deep, each with a title starting `Level`.
fn nested(levels: usize) -> String {
    let mut s = String::from("title = \"Deep\"\n");
    let mut path = String::from("sections");
    for level in 1..=levels {
        s.push_str(&format!("[[{path}]]\ntitle = \"Level {level} heading\"\n"));
        path.push_str(".sections");
    }
    s
}

#[test]
fn deep_entries_keep_their_titles_and_the_tree_shows_by_indentation() {
    for (w, h) in [(120, 40), (100, 30), (80, 24)] {
        let a = app_for(&nested(8), w, h);
        let rows = sidebar_rows(&a);
        let mut last_indent = 0;
        for (i, row) in rows.iter().take(a.reader().doc.sections.len()).enumerate() {
            assert!(
                row.contains(&format!("Level {}", i + 1)),
                "{w}x{h}: entry {i} shows no title: {row:?}"
            );
            let indent = row.chars().skip(1).take_while(|&c| c == ' ').count();
            assert!(
                indent >= last_indent,
                "{w}x{h}: the tree indents: {rows:#?}"
            );
            if i > 0 && i < 3 {
                assert!(indent > last_indent, "{w}x{h}: level {} indents", i + 1);
            }
            last_indent = indent;
        }
    }
}

/// `n` top-level sections with a few lines each.
fn many(n: usize) -> String {
    let mut s = String::from("title = \"Many\"\n");
    for i in 1..=n {
        s.push_str(&format!(
            "[[sections]]\ntitle = \"Part {i}\"\nbody = \"Some words.\\n\\nMore words.\"\n"
        ));
    }
    s
}

/// Rows of context above and below `entry` in the sidebar.
fn margins(app: &App, entry: usize) -> (usize, usize) {
    let rows = app.regions().sidebar.unwrap().height as usize;
    let offset = app.reader().toc.offset;
    assert!(entry >= offset && entry < offset + rows, "{entry} shows");
    (entry - offset, offset + rows - 1 - entry)
}

#[test]
fn the_current_entry_keeps_three_rows_from_the_edges() {
    let mut a = app_for(&many(60), 100, 24);
    let n = a.reader().doc.sections.len();
    // The scroll-spy, moving down and back up.
    for _ in 0..n - 1 {
        a.update(Command::NextSection);
        let k = a.current_section();
        let (above, below) = margins(&a, k);
        assert!(below >= 3 || k + below + 1 == n, "{k}: {below} below");
        assert!(above >= 3 || k == above, "{k}: {above} above");
    }
    for _ in 0..n - 1 {
        a.update(Command::PrevSection);
        let k = a.current_section();
        let (above, below) = margins(&a, k);
        assert!(above >= 3 || k == above, "{k}: {above} above");
        assert!(below >= 3 || k + below + 1 == n, "{k}: {below} below");
    }
    // The cursor when the sidebar has focus.
    a.update(Command::FocusNext);
    for _ in 0..n - 1 {
        a.update(Command::LineDown);
        let c = a.reader().toc.cursor;
        let (_, below) = margins(&a, c);
        assert!(
            below >= 3 || c + below + 1 == n,
            "cursor {c}: {below} below"
        );
    }
    for _ in 0..n - 1 {
        a.update(Command::LineUp);
        let c = a.reader().toc.cursor;
        let (above, _) = margins(&a, c);
        assert!(above >= 3 || c == above, "cursor {c}: {above} above");
    }
}

#[test]
fn a_short_sidebar_keeps_what_margin_it_can() {
    // Five rows: the cursor stays in the middle row.
    let mut a = app_for(&many(30), 100, 7);
    a.update(Command::FocusNext);
    for _ in 0..10 {
        a.update(Command::LineDown);
    }
    assert_eq!(margins(&a, a.reader().toc.cursor), (2, 2));
}

/// On a wide window the sidebar takes the columns the text, at its
/// measure, leaves empty, for titles it would cut (syntect's changelog
/// cut `Version 5.0.0 (2022-…)` at 200 columns with 100 spare); the text
/// keeps its measure, and a window with no such room keeps the width set.
#[test]
fn a_wide_window_grows_the_sidebar_into_columns_the_text_leaves() {
    let mut md = String::from("# Changelog\n\n");
    for v in ["5.0.0 (2022-05-03), fancy-regex", "4.7.1 (2022-02-02)"] {
        md.push_str(&format!("## Version {v}\n\nText.\n\n"));
    }
    let doc = camp_reader::load::parse_markdown("CHANGELOG.md", "CHANGELOG", &md).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(camp_reader::app::Event::Resize(200, 20));
    let rows = sidebar_rows(&a);
    assert!(
        rows.iter()
            .any(|r| r.contains("Version 5.0.0 (2022-05-03), fancy-regex")),
        "{rows:#?}"
    );
    assert!(a.regions().text.width >= 100, "{:?}", a.regions().text);
    a.update(camp_reader::app::Event::Resize(120, 20));
    assert_eq!(a.regions().sidebar.unwrap().width, 30);
    assert!(sidebar_rows(&a).iter().any(|r| r.contains('…')));
}
