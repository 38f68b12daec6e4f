//! One paragraph of megabytes: a resize at its top wraps only what shows
//! (a paragraph is wrapped from its start, so no further than the view's
//! bottom and a piece ahead), scrolling wraps as far as it goes, and once
//! the paragraph has been wrapped to its end its height, and the total, are
//! exact.

use crate::common;

use camp_reader::app::Event;

use camp_reader::settings::keymap::Command;
use camp_reader::text::wrap::wrap_ranges;
use common::{app_for, draw, row};

/// A document whose one section is a paragraph of about `bytes` bytes.
fn document(bytes: usize) -> String {
    let words = "Camp Ashraf 3 lies in Manëz, Durrës County, between Tirana and the coast; ";
    let body = words.repeat(bytes / words.len());
    format!("title = \"Big\"\n[[sections]]\ntitle = \"One\"\nbody = \"{body}\"\n")
}

#[test]
fn a_resize_at_the_top_wraps_only_what_shows() {
    let mut app = app_for(&document(1 << 20), 120, 40);
    let block = 1;
    let full = wrap_ranges(app.reader().doc.block_text(block), 100).len();
    assert!(full > 10_000, "{full} lines");
    for (w, h) in [(60, 20), (120, 40), (80, 24), (200, 60)] {
        app.update(Event::Resize(w, h));
        let wrapped = app
            .reader()
            .layout
            .cached_lines(block)
            .map_or(0, <[_]>::len);
        assert!(
            wrapped > 0 && wrapped <= usize::from(h) + 300,
            "{w}x{h}: {wrapped} lines wrapped at the top"
        );
    }
    // Scrolling wraps further as it goes, and what is drawn is the text.
    for _ in 0..5 {
        app.update(Command::PageDown);
    }
    let buf = draw(&app);
    assert!(
        row(&buf, 10).contains("Camp")
            || row(&buf, 10).contains("Ashraf")
            || row(&buf, 10).contains("Tirana")
    );
    let wrapped = app
        .reader()
        .layout
        .cached_lines(block)
        .map_or(0, <[_]>::len);
    assert!(
        wrapped < full / 2,
        "{wrapped} of {full} lines wrapped after 5 pages"
    );
}

#[test]
fn once_wrapped_to_its_end_the_height_and_total_are_exact() {
    let mut app = app_for(&document(1 << 20), 120, 40);
    let width = app.regions().text.width as usize;
    assert!(!app.reader().layout.is_exact());
    app.update(Command::Bottom);
    let lines = wrap_ranges(app.reader().doc.block_text(1), width).len();
    assert!(
        app.reader().layout.is_exact(),
        "the total is still an estimate"
    );
    let (_, total) = app.position();
    // The heading, its blank line, and the paragraph.
    assert_eq!(total, 2 + lines as u64);
    let buf = draw(&app);
    let status = row(&buf, app.size().height - 1);
    assert!(!status.contains('~'), "{status}");
    assert!(status.contains(&format!("/{total}")), "{status}");
}
