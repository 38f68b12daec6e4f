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
    // Meanwhile the view stays at the top, and the status line's total
    // is an estimate.
    assert_eq!(app.position().0, 0);
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

/// Another key stops `G` before it gets there: the view never left where
/// `G` was pressed, and the key moves from there.
#[test]
fn another_key_stops_g_where_it_is() {
    let mut app = app_for(&document(3 << 20), 120, 40);
    app.update(Command::PageDown);
    let (line, _) = app.position();
    app.update(Command::Bottom);
    assert!(app.wrap_pending());
    assert_eq!(
        app.position().0,
        line,
        "the view stays until the end is known"
    );
    app.reset_wrap_counter();
    app.update(Command::LineDown);
    assert!(!app.wrap_pending());
    assert!(app.reader().layout.wrapped_bytes <= STEP_BOUND);
    assert_eq!(app.position().0, line + 1);
}

/// Sends the digits of `n` as a count.
fn count(app: &mut camp_reader::app::App, n: u64) {
    for d in n.to_string().bytes() {
        app.update(Command::Count(d - b'0'));
    }
}

/// Steps the wrapping a key left until it settles, each step within
/// the bound; how many steps it took.
fn settle_in_steps(app: &mut camp_reader::app::App, what: &str) -> usize {
    let mut steps = 0;
    while app.wrap_pending() {
        app.reset_wrap_counter();
        app.update(Event::WrapStep);
        let step = app.reader().layout.wrapped_bytes;
        assert!(step <= STEP_BOUND, "{what}: a step wrapped {step} bytes");
        steps += 1;
        assert!(steps < 1000, "{what}: never settles");
    }
    steps
}

/// A count before `G`, `%` and a long scroll (`N j`) far into a paragraph
/// of megabytes wrapped it from its start in one key (linear in the
/// paragraph: 0.27 s for 8 MB in a release build). Each now wraps a step
/// a key, the loop wraps the rest between keys, and the view lands on the
/// line a whole wrap gives.
#[test]
fn far_jumps_into_a_long_paragraph_wrap_in_steps_and_land_where_a_whole_wrap_does() {
    let bytes = 3 << 20;
    for key in ["count G", "percent", "count j"] {
        let mut app = app_for(&document(bytes), 120, 40);
        let width = app.regions().text.width as usize;
        let (_, total) = app.position();
        // 60% of the way, by the estimated total (as the key reckons).
        let line = total * 6 / 10;
        app.reset_wrap_counter();
        match key {
            "count G" => {
                count(&mut app, line + 1);
                app.update(Command::Bottom);
            }
            "percent" => {
                count(&mut app, 60);
                app.update(Command::Percent);
            }
            _ => {
                count(&mut app, line);
                app.update(Command::LineDown);
            }
        }
        let first = app.reader().layout.wrapped_bytes;
        assert!(first <= STEP_BOUND, "{key}: wrapped {first} bytes at once");
        assert!(app.wrap_pending(), "{key}: went 60% into 3 MB in one key");
        let steps = settle_in_steps(&mut app, key);
        assert!(steps >= 5, "{key}: {steps} steps");
        // The heading and its blank line come first.
        let doc = &app.reader().doc;
        let mut whole = Layout::new(doc, width);
        let want = whole.pos_at_line(doc, line);
        assert_eq!(app.reader().top, want, "{key}");
        assert_eq!(app.position().0, line, "{key}");
    }
}

/// A resize far into a paragraph of megabytes keeps the top line's place:
/// that place is found by wrapping the paragraph at the new width from its
/// start, a step a key and the rest between keys.
#[test]
fn a_resize_far_into_a_long_paragraph_wraps_in_steps_and_keeps_the_place() {
    let mut app = app_for(&document(3 << 20), 120, 40);
    count(&mut app, 60);
    app.update(Command::Percent);
    settle_in_steps(&mut app, "percent");
    let top = app.reader().top;
    let offset = app
        .reader()
        .layout
        .cached_lines(top.block)
        .expect("wrapped")[top.line]
        .start;
    app.reset_wrap_counter();
    app.update(Event::Resize(90, 30));
    let first = app.reader().layout.wrapped_bytes;
    assert!(
        first <= STEP_BOUND,
        "the resize wrapped {first} bytes at once"
    );
    assert!(app.wrap_pending());
    settle_in_steps(&mut app, "resize");
    let width = app.regions().text.width as usize;
    let doc = &app.reader().doc;
    let mut whole = Layout::new(doc, width);
    let line = whole.line_containing(doc, top.block, offset);
    assert_eq!(app.reader().top.block, top.block);
    assert_eq!(app.reader().top.line, line);
    // Back to the first size: the same top line as before.
    app.update(Event::Resize(120, 40));
    settle_in_steps(&mut app, "resize back");
    assert_eq!(app.reader().top, top);
}

/// Paging up from the section after a paragraph of megabytes not wrapped
/// yet wrapped the paragraph whole in one key; it is now wrapped a step a
/// key, and the view then moves back as a whole wrap has it.
#[test]
fn page_up_into_a_long_paragraph_not_wrapped_yet_wraps_it_in_steps() {
    let words = "Camp Ashraf 3 lies in Manëz, Durrës County, between Tirana and the coast; ";
    let body = words.repeat((3 << 20) / words.len());
    let after = "Short.\\n\\n".repeat(100);
    let toml = format!(
        "title = \"Big\"\n[[sections]]\ntitle = \"One\"\nbody = \"{body}\"\n[[sections]]\ntitle = \"Two\"\nbody = \"{after}\"\n"
    );
    let mut app = app_for(&toml, 120, 40);
    let width = app.regions().text.width as usize;
    app.update(Command::NextSection);
    let from = app.reader().top;
    assert_eq!(from.block, 2, "at the second section's heading");
    app.reset_wrap_counter();
    app.update(Command::PageUp);
    let first = app.reader().layout.wrapped_bytes;
    assert!(first <= STEP_BOUND, "page-up wrapped {first} bytes at once");
    assert!(app.wrap_pending());
    settle_in_steps(&mut app, "page up");
    let doc = &app.reader().doc;
    let mut whole = Layout::new(doc, width);
    let rows = app.regions().text.height as i64;
    let want = whole.advance(doc, from, -(rows - 2).max(1));
    assert_eq!(app.reader().top, want);
}

/// `G` on one line of code megabytes long (issue 25 item 16: 1.0–1.5 s
/// on a 30 MB line), with wrapping on: a step a key, and the view settles
/// where a whole wrap has the end.
#[test]
fn g_on_a_long_code_line_wraps_in_steps_and_settles_at_the_end() {
    let line = "let x = foo(bar, baz) + qux * 42; // a comment here ".repeat((3 << 20) / 52);
    let md = format!("# Code\n\n```rust\n{line}\n```\n");
    let doc = camp_reader::load::parse_markdown("c.md", "c", &md).expect("a document");
    let mut app = camp_reader::app::App::new(doc, camp_reader::app::Options::default());
    app.update(Event::Resize(120, 40));
    let rows = app.regions().text.height as usize;
    let width = app.regions().text.width as usize;
    app.reset_wrap_counter();
    app.update(Command::Bottom);
    let first = app.reader().layout.wrapped_bytes;
    assert!(first <= STEP_BOUND, "G wrapped {first} bytes at once");
    assert!(app.wrap_pending());
    // The steps on the way compose nothing: the view has not moved (each
    // composed the frame again, most of a step on a long code line).
    let composed = camp_reader::render::compose::lines_composed();
    let mut steps = 0;
    while app.wrap_pending() {
        let before = camp_reader::render::compose::lines_composed();
        app.update(Event::WrapStep);
        steps += 1;
        if app.wrap_pending() {
            assert_eq!(
                camp_reader::render::compose::lines_composed(),
                before,
                "step {steps} composed the view again"
            );
        }
    }
    assert!(steps >= 5, "{steps} steps");
    // Once there, the end is composed once.
    let rows_composed = camp_reader::render::compose::lines_composed() - composed;
    assert_eq!(rows_composed, rows as u64);
    let doc = &app.reader().doc;
    let mut whole = Layout::new(doc, width);
    assert_eq!(app.reader().top, whole.last_top(doc, rows));
}

/// The place far into a paragraph of megabytes, after `60%` settled: its
/// top and the byte its top line starts at.
fn far_into_a_long_paragraph() -> (
    camp_reader::app::App,
    camp_reader::render::layout::Pos,
    usize,
) {
    let mut app = app_for(&document(3 << 20), 120, 40);
    count(&mut app, 60);
    app.update(Command::Percent);
    settle_in_steps(&mut app, "percent");
    let top = app.reader().top;
    let offset = app
        .reader()
        .layout
        .cached_lines(top.block)
        .expect("wrapped")[top.line]
        .start;
    (app, top, offset)
}

/// The line of `block` holding byte `offset` at the app's text width, by
/// a whole wrap.
fn line_at_width(app: &camp_reader::app::App, block: usize, offset: usize) -> usize {
    let width = app.regions().text.width as usize;
    let doc = &app.reader().doc;
    Layout::new(doc, width).line_containing(doc, block, offset)
}

/// A key pressed while a resize is still re-wrapping toward the top
/// line's place moved from the part wrapped so far, and the place was
/// lost (the UI attack: 99% became 33%). It waits for the re-wrap and
/// moves from the place; so do keys after it, and a second resize
/// meanwhile keeps the same place.
#[test]
fn a_key_during_a_re_wrap_moves_from_the_place_kept() {
    let (mut app, top, offset) = far_into_a_long_paragraph();
    app.update(Event::Resize(90, 30));
    assert!(app.wrap_pending(), "the resize re-wraps in steps");
    app.update(Command::LineDown);
    assert!(
        app.status_text()
            .unwrap_or_default()
            .contains("1 key waits"),
        "{:?}",
        app.status_text()
    );
    app.update(Command::LineDown);
    settle_in_steps(&mut app, "keys after a resize");
    let line = line_at_width(&app, top.block, offset);
    assert_eq!(
        app.reader().top,
        camp_reader::render::layout::Pos {
            block: top.block,
            line: line + 2
        }
    );

    // Resizes and keys interleaved, with steps between some: back to the
    // first size, `k` twice, the place is the first one again.
    let (mut app, top, offset) = far_into_a_long_paragraph();
    app.update(Event::Resize(90, 30));
    app.update(Event::WrapStep);
    app.update(Event::Resize(70, 20));
    app.update(Command::LineDown);
    app.update(Event::WrapStep);
    app.update(Event::Resize(100, 35));
    app.update(Command::LineUp);
    // Where the view is, as the state file would keep it on `q`: the
    // place, not the part wrapped so far.
    let spot = app.spot();
    assert_eq!((spot.block, spot.offset), (top.block, offset));
    settle_in_steps(&mut app, "resizes and keys");
    let line = line_at_width(&app, top.block, offset);
    assert_eq!(app.reader().top.line, line);
    app.update(Event::Resize(120, 40));
    settle_in_steps(&mut app, "back to the first size");
    assert_eq!(app.reader().top, top);
}

/// `G` in a code block of 50,000 lines drew a place on the way first
/// (`32% …/~31812`, the last lines wrapped so far), then the end. The view
/// now stays where it was, the status line saying where it goes, until
/// the end is known; the first place it shows is the end. `''` comes back.
#[test]
fn g_in_a_long_code_block_shows_no_place_on_the_way() {
    let code: String = (0..50_000)
        .map(|i| format!("let line_{i} = compute({i}) + other_value * 2;\n"))
        .collect();
    let md = format!("# Code\n\nBefore.\n\n```rust\n{code}```\n");
    let doc = camp_reader::load::parse_markdown("c.md", "c", &md).expect("a document");
    let mut app = camp_reader::app::App::new(doc, camp_reader::app::Options::default());
    app.update(Event::Resize(120, 40));
    let rows = app.regions().text.height as usize;
    let width = app.regions().text.width as usize;
    let before = app.reader().top;
    app.update(Command::Bottom);
    assert!(app.wrap_pending(), "G wrapped 2 MB of code in one key");
    let mut steps = 0;
    while app.wrap_pending() {
        assert_eq!(app.reader().top, before, "a place on the way shown");
        let said = app.status_text().unwrap_or_default();
        assert!(said.contains("going to the end"), "{said:?}");
        app.update(Event::WrapStep);
        steps += 1;
    }
    assert!(steps >= 2, "{steps} steps");
    let doc = &app.reader().doc;
    let mut whole = Layout::new(doc, width);
    assert_eq!(app.reader().top, whole.last_top(doc, rows));
    assert!(!app.status_text().unwrap_or_default().contains("going"));
    let buf = draw(&app);
    let shown: String = (0..app.size().height).map(|y| row(&buf, y)).collect();
    assert!(
        shown.contains("let line_49999 ="),
        "the end is not on screen"
    );
    // `''` goes back to where `G` was pressed.
    app.update(Command::MarkJump);
    app.update(Command::Insert('\''));
    assert_eq!(app.reader().top, before);
}

/// Dragging the scrollbar to its bottom wrapped a long last paragraph
/// whole, at every drag event (the exact last top was looked for first).
/// A click or a drag now wraps at most a step, as `G` does; the rest is
/// wrapped between events, and the view lands where a whole wrap has
/// the end.
#[test]
fn dragging_the_scrollbar_wraps_a_long_last_paragraph_in_steps() {
    let mut app = app_for(&document(3 << 20), 120, 40);
    let rows = app.regions().text.height as usize;
    let width = app.regions().text.width as usize;
    let bar = app.regions().scrollbar;
    let (column, top, bottom) = (bar.x, bar.y, bar.y + bar.height - 1);
    let rows_dragged = (top..=bottom).step_by(5).chain([bottom]);
    for (i, row) in std::iter::once(top).chain(rows_dragged).enumerate() {
        app.reset_wrap_counter();
        if i == 0 {
            app.update(Command::Click { column, row });
        } else {
            app.update(Command::Drag { column, row });
        }
        let wrapped = app.reader().layout.wrapped_bytes;
        assert!(
            wrapped <= STEP_BOUND,
            "a click or drag to row {row} wrapped {wrapped} bytes"
        );
    }
    settle_in_steps(&mut app, "drag to the bottom");
    let doc = &app.reader().doc;
    let mut whole = Layout::new(doc, width);
    assert_eq!(app.reader().top, whole.last_top(doc, rows));
}

/// A mark set, or the position recorded at quit, at the top of a long
/// paragraph wrapped the whole paragraph to find where the top line
/// starts; it now wraps only as far as that line.
#[test]
fn a_mark_or_the_quit_at_the_top_of_a_long_paragraph_wraps_only_to_it() {
    let mut app = app_for(&document(3 << 20), 120, 40);
    for _ in 0..3 {
        app.update(Command::PageDown);
    }
    let top = app.reader().top;
    assert_eq!(top.block, 1, "{top:?}");
    app.reset_wrap_counter();
    app.update(Command::MarkSet);
    app.update(Command::Insert('a'));
    let wrapped = app.reader().layout.wrapped_bytes;
    assert!(wrapped <= STEP_BOUND, "a mark wrapped {wrapped} bytes");
    let state = camp_reader::app::session::record(&mut app, "key", "hash");
    let wrapped = app.reader().layout.wrapped_bytes;
    assert!(wrapped <= STEP_BOUND, "the quit wrapped {wrapped} bytes");
    // The place kept is the top line's start.
    let start = app.reader().layout.cached_lines(1).unwrap_or(&[])[top.line].start;
    assert_eq!(
        state.position.offset as usize,
        start - app.reader().doc.blocks[1].start as usize,
        "{:?}",
        state.position
    );
}
