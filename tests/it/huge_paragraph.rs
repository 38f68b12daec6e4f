//! One paragraph of megabytes: a resize at its top wraps only what shows
//! (a paragraph is wrapped from its start, so no further than the view's
//! bottom and a piece ahead), scrolling wraps as far as it goes, and once
//! the paragraph has been wrapped to its end its height, and the total, are
//! exact.

use crate::common;

use camp_reader::app::Event;

use camp_reader::render::layout::{Layout, WRAP_STEP_BYTES};
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
    while app.wrap_pending() {
        app.update(Event::WrapStep);
    }
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

/// What one key or step may wrap: a step, and the lines the view's
/// settling wraps ahead of it.
const STEP_BOUND: usize = WRAP_STEP_BYTES + (64 << 10);

#[test]
fn g_wraps_a_long_paragraph_a_step_at_a_time_and_settles_where_a_whole_wrap_does() {
    let bytes = 3 << 20;
    let mut app = app_for(&document(bytes), 120, 40);
    let rows = app.regions().text.height as usize;
    let width = app.regions().text.width as usize;
    app.reset_wrap_counter();
    app.update(Command::Bottom);
    let first = app.reader().layout.wrapped_bytes;
    assert!(first <= STEP_BOUND, "G wrapped {first} bytes at once");
    assert!(app.wrap_pending(), "G finished a 3 MB paragraph in one key");
    // Meanwhile the view shows the last lines wrapped, and the status
    // line's total is an estimate.
    let buf = draw(&app);
    assert!(row(&buf, 5).contains("Camp") || row(&buf, 5).contains("Tirana"));
    let status = row(&buf, app.size().height - 1);
    assert!(status.contains('~'), "{status}");
    let mut steps = 0;
    while app.wrap_pending() {
        app.reset_wrap_counter();
        app.update(Event::WrapStep);
        let step = app.reader().layout.wrapped_bytes;
        assert!(step <= STEP_BOUND, "a step wrapped {step} bytes");
        steps += 1;
        assert!(steps <= bytes / WRAP_STEP_BYTES + 2, "{steps} steps");
    }
    assert!(steps >= 5, "{steps} steps");
    // Settled: the rows a whole wrap shows at the end, and an exact total.
    let doc = &app.reader().doc;
    let mut whole = Layout::new(doc, width);
    let want = whole.last_top(doc, rows);
    assert_eq!(app.reader().top, want);
    assert!(app.reader().layout.is_exact());
    let (_, total) = app.position();
    assert_eq!(total, whole.total_lines());
    let last = whole.lines(doc, 1).last().cloned().unwrap_or_default();
    let buf = draw(&app);
    let shown: String = (0..app.size().height).map(|y| row(&buf, y)).collect();
    assert!(
        shown.contains(doc.text()[last].trim()),
        "the paragraph's last line is not on screen"
    );
}

#[test]
fn another_key_stops_g_where_it_is() {
    let mut app = app_for(&document(3 << 20), 120, 40);
    app.update(Command::Bottom);
    assert!(app.wrap_pending());
    let (line, _) = app.position();
    app.reset_wrap_counter();
    app.update(Command::PageUp);
    assert!(!app.wrap_pending());
    assert!(app.reader().layout.wrapped_bytes <= STEP_BOUND);
    let (after, _) = app.position();
    assert!(after < line && line - after < 60, "{line} then {after}");
}
