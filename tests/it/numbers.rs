//! Heading numbers: TOML documents numbered, Markdown not (`numbers =
//! "auto"`), or always, or never; one setting for the text pane, the
//! sidebar, the lists over the text, `--toc` and `--print`.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse, parse_markdown};
use camp_reader::model::document::{Document, Numbers};
use camp_reader::render::print::{print, toc};

const MD: &str =
    "# Notes\n\n## 15.2.0\n\nFixed things.\n\n### Details\n\nMore.\n\n## 15.1.0\n\nOlder.\n";

fn markdown() -> Document {
    parse_markdown("CHANGELOG.md", "CHANGELOG", MD).expect("loads")
}

fn toml() -> Document {
    parse(EMBEDDED_NAME, EMBEDDED).expect("loads")
}

fn with(mut doc: Document, numbers: Numbers) -> Document {
    doc.set_numbers(numbers);
    doc
}

fn screen(doc: Document, numbers: Numbers) -> String {
    let options = Options {
        numbers,
        sidebar: Some(true),
        ..Options::default()
    };
    let mut app = App::new(doc, options);
    app.update(Event::Resize(100, 20));
    let buf = common::draw(&app);
    (0..buf.area.height)
        .map(|y| common::row(&buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn markdown_shows_no_numbers_by_default_and_toml_does() {
    let md = markdown();
    assert!(!md.numbered());
    let out = print(&md, None, 80, false);
    assert!(out.contains("\n15.2.0\n------\n"), "{out}");
    assert!(
        !out.contains("1 15.2.0") && !out.contains("1.1 Details"),
        "{out}"
    );
    assert_eq!(toc(&md, None), "15.2.0\n  Details\n15.1.0\n");
    let shown = screen(markdown(), Numbers::Auto);
    assert!(!shown.contains("1 15.2.0"), "{shown}");
    assert!(shown.contains("▶15.2.0"), "sidebar:\n{shown}");
    assert!(shown.contains("│  15.2.0"), "text pane:\n{shown}");

    let doc = toml();
    assert!(doc.numbered());
    assert!(toc(&doc, None).starts_with("1 Overview\n"));
    assert!(print(&doc, None, 80, false).contains("\n1 Overview\n"));
    let shown = screen(toml(), Numbers::Auto);
    assert!(shown.contains("▶1 Overview"), "sidebar:\n{shown}");
    assert!(shown.contains("│  1 Overview"), "text pane:\n{shown}");
}

#[test]
fn always_and_never_apply_to_every_view() {
    let md = with(markdown(), Numbers::Always);
    assert_eq!(toc(&md, None), "1 15.2.0\n  1.1 Details\n2 15.1.0\n");
    let out = print(&md, None, 80, false);
    assert!(out.contains("\n1 15.2.0\n--------\n"), "{out}");
    assert!(out.contains("\n1.1 Details\n"), "{out}");
    let shown = screen(markdown(), Numbers::Always);
    assert!(shown.contains("▶1 15.2.0"), "{shown}");
    assert!(shown.contains("│  1 15.2.0"), "{shown}");

    let doc = with(toml(), Numbers::Never);
    assert!(toc(&doc, None).starts_with("Overview\n"));
    let out = print(&doc, None, 80, false);
    assert!(out.contains("\nOverview\n--------\n"), "{out}");
    let shown = screen(toml(), Numbers::Never);
    assert!(!shown.contains("1 Overview"), "{shown}");
    assert!(shown.contains("▶Overview"), "{shown}");
}

#[test]
fn a_wrapped_heading_without_numbers_is_not_indented() {
    let md = "# T\n\n## A heading long enough to wrap at forty columns wide\n\ntext\n";
    let doc = parse_markdown("t.md", "t", md).expect("loads");
    let out = print(&doc, None, 40, false);
    assert!(
        out.contains("\nA heading long enough to wrap at forty\ncolumns wide\n"),
        "{out}"
    );
}
