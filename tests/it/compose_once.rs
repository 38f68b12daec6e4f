//! A frame composes each visible line once: `update` composes the text
//! pane's rows, and drawing them (the text, the link cursor, the labels,
//! the hyperlink cells) and a click on a link only read them.

use camp_reader::app::{App, Event, Options};
use camp_reader::render::compose::lines_composed;
use camp_reader::settings::keymap::Command;

use crate::common::{draw, row};

/// A document longer than the screen with web links on every line.
fn linked_app(w: u16, h: u16) -> App {
    let mut text = String::from("# Links\n\n");
    for i in 0..60 {
        text.push_str(&format!(
            "Paragraph {i} with [a web link {i}](https://example.com/{i}) and\n\
             a [second one](https://example.org/{i}) that wraps onto more lines\n\
             at a narrow width.\n\n"
        ));
        if i % 10 == 9 {
            text.push_str(&format!("## Part {i}\n\n```\ncode {i}\n```\n\n"));
        }
    }
    let doc = camp_reader::load::parse_markdown("links.md", "links", &text).expect("loads");
    let options = Options {
        hyperlinks: true,
        ..Options::default()
    };
    let mut app = App::new(doc, options);
    app.update(Event::Resize(w, h));
    app
}

#[test]
fn each_visible_line_is_composed_once_a_frame_and_drawing_composes_none() {
    let mut app = linked_app(80, 24);
    let rows = app.text_rows() as u64;
    assert!(rows > 10);
    let keys = [
        Command::LinkNext,
        Command::LineDown,
        Command::PageDown,
        Command::LinkNext,
        Command::LinkLabels,
        Command::Close,
        Command::Bottom,
        Command::Top,
    ];
    for key in keys {
        let before = lines_composed();
        app.update(key.clone());
        let buf = draw(&app);
        let composed = lines_composed() - before;
        assert_eq!(
            composed, rows,
            "{key:?}: {composed} lines composed for {rows} rows"
        );
        assert_eq!(app.composed().rows.len() as u64, rows, "{key:?}");
        // What is drawn is what was composed.
        let (y, first) = &app.composed().rows[0];
        let shown: String = first.iter().map(|s| s.text.as_ref()).collect();
        assert!(row(&buf, *y).contains(shown.trim()), "{key:?}: {shown:?}");
        // Drawing again composes nothing.
        let before = lines_composed();
        draw(&app);
        assert_eq!(lines_composed(), before, "{key:?}: the view composed");
    }
    assert!(!app.visible_links().is_empty());
}

#[test]
fn a_click_on_a_link_finds_it_in_the_frame_without_composing() {
    let mut app = linked_app(80, 24);
    draw(&app);
    let piece = app.visible_links()[0].clone();
    let before = lines_composed();
    let found = app.link_at(piece.x.start, piece.y);
    assert_eq!(lines_composed(), before, "finding the link composed lines");
    assert_eq!(found, Some(piece.link));
    app.update(Command::Click {
        column: piece.x.start,
        row: piece.y,
    });
    // A web link asks the loop to open it; the frame was composed once.
    assert_eq!(lines_composed() - before, app.text_rows() as u64);
    assert!(!app.effects().is_empty());
}
