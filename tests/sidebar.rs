//! The sidebar as drawn: the tree by indentation, deep entries that keep
//! their titles, and the current entry kept away from the edges.

use camp_reader::app::{App, Options};
use camp_reader::keymap::Action;
use camp_reader::load::parse;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn app_for(source: &str, w: u16, h: u16) -> App {
    let doc = parse("t.toml", source).unwrap();
    let mut app = App::new(doc, Options::default());
    app.update(Action::Resize(w, h));
    app
}

fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

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
        for (i, row) in rows.iter().take(a.doc.sections.len()).enumerate() {
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
