//! Drawing at the edges: degenerate and huge sizes, a resize storm, a
//! 5 MB word, wide characters at the last column, combining marks at the
//! start of a line. Nothing panics, and every cell drawn fits the buffer
//! (ratatui's `Buffer` panics on an out-of-bounds index, so no panic means
//! nothing was written outside it; the cell check covers wide symbols).

use crate::common;

use common::within;
use std::time::Duration;

use camp_reader::app::App;
use camp_reader::app::{Event, Msg};
use camp_reader::settings::keymap::Command;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use common::{app_for, embedded_app as embedded, row};

/// Every cell's symbol is printable and fits between its column and the
/// right edge; the cells a wide symbol covers hold nothing else.
fn check_cells(buf: &Buffer, what: &str) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut covered_until = area.left();
        for x in area.left()..area.right() {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(char::is_control),
                "{what}: control in cell ({x},{y}): {sym:?}"
            );
            let w = sym.width() as u16;
            if x < covered_until {
                // The hidden half of a wide character: blank.
                assert!(
                    sym == " " || sym.is_empty(),
                    "{what}: ({x},{y}) under a wide symbol holds {sym:?}"
                );
                continue;
            }
            assert!(
                x + w <= area.right(),
                "{what}: {sym:?} (width {w}) at column {x} of {} overflows",
                area.width
            );
            covered_until = x + w.max(1);
        }
    }
}

/// Draws through a TestBackend of the app's size and checks the cells.
fn draw(app: &App, what: &str) -> Buffer {
    let buf = common::draw(app);
    check_cells(&buf, what);
    buf
}

/// Renders straight into a buffer (for sizes a TestBackend makes slow).
fn render(app: &App, area: Rect, what: &str) -> Buffer {
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    check_cells(&buf, what);
    buf
}

/// Actions that reach every part of the screen.
fn tour() -> Vec<Command> {
    use Command::*;
    vec![
        PageDown,
        NextSection,
        FocusNext,
        LineDown,
        Close,
        SearchStart,
        Insert('a'),
        Accept,
        SearchNext,
        ShowResults,
        SelectNext,
        Close,
        GoToSection,
        Insert('r'),
        Close,
        Help,
        LineDown,
        Close,
        Bottom,
        ToggleSidebar,
        Top,
    ]
}

#[test]
fn tiny_sizes_draw_without_panic() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (1, 2),
        (2, 2),
        (3, 1),
        (1, 3),
        (0, 7),
        (7, 0),
    ] {
        let mut app = embedded(w, h);
        draw(&app, &format!("{w}x{h}"));
        for a in tour() {
            app.update(a.clone());
            draw(&app, &format!("{w}x{h} after {a:?}"));
        }
    }
}

#[test]
fn a_65535_column_row_draws_without_panic() {
    for (w, h) in [(65535, 1), (65535, 3)] {
        let mut app = embedded(w, h);
        let area = Rect::new(0, 0, w, h);
        render(&app, area, &format!("{w}x{h}"));
        for a in tour() {
            app.update(a.clone());
            render(&app, area, &format!("{w}x{h} after {a:?}"));
        }
    }
    // The text keeps its measure: lines are never wider than 100 columns.
    let app = embedded(65535, 5);
    let buf = render(&app, Rect::new(0, 0, 65535, 5), "65535x5");
    let text = row(&buf, 1);
    assert!(text.contains("Overview"), "{}", text.trim_end());
    // Past the sidebar, the text (wherever the pane puts it) spans at most
    // the measure; only the scrollbar is in the last column.
    let app_regions = app.regions();
    let pane = app_regions.pane;
    let drawn: Vec<u16> = (pane.x..pane.right() - 1)
        .filter(|&x| buf[(x, 1)].symbol() != " ")
        .collect();
    let (first, last) = (drawn[0], drawn[drawn.len() - 1]);
    assert!(last - first < 100, "text spans columns {first}..={last}");
}

#[test]
fn a_65535_row_terminal_draws_without_panic() {
    // Tall panes: the match list's height is a fraction of the pane's, and
    // must not overflow u16 on the way.
    for (w, h, frame_h) in [(1, 65535, 65535), (3, 65535, 65535), (80, 65535, 300)] {
        let mut app = embedded(w, h);
        let area = Rect::new(0, 0, w, frame_h);
        render(&app, area, &format!("{w}x{h}"));
        for a in [
            Command::SearchStart,
            Command::Insert('a'),
            Command::Accept,
            Command::ShowResults,
            Command::SelectNext,
            Command::PageDown,
            Command::Close,
            Command::Help,
            Command::Close,
            Command::Bottom,
        ] {
            app.update(a.clone());
            render(&app, area, &format!("{w}x{h} after {a:?}"));
        }
    }
}

#[test]
fn the_largest_sizes_update_and_draw_into_a_smaller_frame() {
    // No buffer can hold 65535x65535 cells, but the state arithmetic must
    // hold at that size, and drawing clips to the frame it is given.
    for (w, h) in [
        (65535, 65535),
        (65535, 0),
        (0, 65535),
        (65535, 4),
        (4, 65535),
    ] {
        let mut app = embedded(w, h);
        let frame = Rect::new(0, 0, w.min(200), h.min(50));
        render(&app, frame, &format!("{w}x{h}"));
        for a in tour().into_iter().chain([
            Command::Wheel {
                column: 65534,
                row: 65534,
                lines: -3,
            },
            Command::Click {
                column: 10,
                row: 65534,
            },
        ]) {
            app.update(a.clone());
            render(&app, frame, &format!("{w}x{h} after {a:?}"));
        }
    }
}

#[test]
fn a_frame_smaller_or_larger_than_the_app_believes_stays_inside() {
    let mut app = embedded(120, 40);
    app.update(Command::Help);
    for area in [
        Rect::new(0, 0, 10, 5),
        Rect::new(0, 0, 1, 1),
        Rect::new(5, 5, 20, 3),
        Rect::new(0, 0, 300, 100),
    ] {
        render(&app, area, &format!("{area:?}"));
    }
}

#[test]
fn a_resize_storm_draws_without_panic() {
    let mut app = embedded(200, 60);
    app.update(Command::NextSection);
    app.update(Command::NextSection);
    let sizes: Vec<(u16, u16)> = vec![
        (200, 60),
        (0, 0),
        (200, 60),
        (1, 1),
        (0, 60),
        (200, 0),
        (300, 300),
        (0, 0),
        (2, 1),
        (59, 24),
        (60, 24),
        (61, 24),
        (13, 3),
        (200, 60),
    ];
    for round in 0..3 {
        for &(w, h) in &sizes {
            app.update(Event::Resize(w, h));
            draw(&app, &format!("round {round}, {w}x{h}"));
            app.update(Command::LineDown);
            app.update(Command::PageDown);
            draw(&app, &format!("round {round}, {w}x{h}, scrolled"));
        }
        app.update(Command::Bottom);
    }
    // Large again: the same section as before the storm is still there.
    app.update(Event::Resize(200, 60));
    app.update(Command::Top);
    let buf = draw(&app, "after the storm");
    assert!(row(&buf, 1).contains("Overview"), "{}", row(&buf, 1));
}

#[test]
fn a_five_megabyte_word_draws_at_80x24_and_at_its_end() {
    for (what, word) in [
        ("ASCII", "x".repeat(5 << 20)),
        ("CJK", "東".repeat((5 << 20) / 3)),
    ] {
        let toml = format!(
            "title = \"Big word\"\n[[sections]]\ntitle = \"One\"\nbody = \"{word}\"\n\
             [[sections]]\ntitle = \"Two\"\nbody = \"after\"\n"
        );
        let buf = within(what, Duration::from_secs(120), move || {
            let mut app = app_for(&toml, 80, 24);
            draw(&app, "5 MB word, first frame");
            app.update(Command::PageDown);
            draw(&app, "5 MB word, page down");
            app.update(Command::Bottom);
            // G wraps the word a step per key, the rest between keys.
            while app.wrap_pending() {
                app.update(Event::WrapStep);
            }
            let buf = draw(&app, "5 MB word, G");
            app.update(Command::PrevSection);
            draw(&app, "5 MB word, [");
            app.update(Event::Resize(33, 9));
            draw(&app, "5 MB word, resized");
            buf
        });
        // At the end: the last section is shown.
        let shown: String = (0..24).map(|y| row(&buf, y) + "\n").collect();
        assert!(shown.contains("after"), "{what}:\n{shown}");
    }
}

/// Documents whose text puts a wide character on every column in turn,
/// including the last one of the text pane, in every region that draws
/// text: title, subtitle, sidebar, headings, paragraphs, links, status.
fn wide_doc(shift: usize) -> String {
    let pad = "a".repeat(shift);
    format!(
        r#"title = "{pad}東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京"
subtitle = "{pad}😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"
[[sections]]
title = "{pad}東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東東"
body = """
{pad}東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京

{pad}👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧

{pad}a 東 b 京 c 😀 d ❤️ e 🇫🇷 f 東京 g 東京東 h 東京東京 i 東京東京東 j 東京東京東京 k 東京東京東京東京
"""
[[sections.links]]
text = "{pad}東京東京東京東京東京東京東京東京東京東京東京"
url = "https://例え.テスト/東京東京東京東京東京東京東京東京"
[[sections.sections]]
title = "東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京"
"#
    )
}

#[test]
fn wide_characters_at_the_last_column_stay_inside() {
    for shift in 0..4 {
        let toml = wide_doc(shift);
        for (w, h) in [
            (80, 24),
            (81, 24),
            (61, 10),
            (60, 10),
            (41, 8),
            (20, 6),
            (5, 4),
            (3, 3),
            (2, 2),
            (1, 1),
        ] {
            let mut app = app_for(&toml, w, h);
            draw(&app, &format!("wide +{shift} at {w}x{h}"));
            for a in [
                Command::FocusNext,
                Command::LineDown,
                Command::Close,
                Command::SearchStart,
                Command::Insert('京'),
                Command::Accept,
                Command::ShowResults,
                Command::Close,
                Command::GoToSection,
                Command::Insert('東'),
                Command::Close,
                Command::PageDown,
                Command::Bottom,
            ] {
                app.update(a.clone());
                draw(&app, &format!("wide +{shift} at {w}x{h} after {a:?}"));
            }
        }
    }
}

#[test]
fn every_text_width_with_wide_characters_stays_inside() {
    // Widths 1..=130 put the pane's last column on every position of the
    // wide text (the sidebar appears at 60).
    let toml = wide_doc(1);
    for w in 1..=130 {
        let mut app = app_for(&toml, w, 12);
        draw(&app, &format!("width {w}"));
        app.update(Command::SearchStart);
        app.update(Command::Insert('東'));
        app.update(Command::Accept);
        draw(&app, &format!("width {w}, searching"));
    }
}

#[test]
fn combining_marks_at_the_start_of_a_line_stay_inside() {
    // A combining mark first in a paragraph, a title and a link, and after
    // a space where the wrap will start a new line with it.
    let marks = "\u{301}\u{308}\u{20dd}";
    let toml = format!(
        r#"title = "{marks}title"
subtitle = "\u0301"
[[sections]]
title = "\u0301\u0308 heading"
body = """
{marks}starts with marks

aaaa \u0301bbb cccc \u0308dddd eeee \u20ddffff gggg \u0301\u0301\u0301hhhh iiii

\u0301

e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301 zalgo
"""
[[sections.links]]
text = "\u0301link"
url = "\u0301"
"#
    );
    for w in [1, 2, 3, 5, 8, 9, 10, 11, 20, 40, 80] {
        let mut app = app_for(&toml, w, 10);
        draw(&app, &format!("marks at width {w}"));
        app.update(Command::SearchStart);
        app.update(Command::Insert('\u{301}'));
        app.update(Command::Accept);
        draw(&app, &format!("marks at width {w}, searching a mark"));
        app.update(Command::Bottom);
        draw(&app, &format!("marks at width {w}, end"));
    }
}

#[test]
fn huge_titles_draw_in_every_region() {
    // The document title, a section title (sidebar, heading, status line
    // breadcrumb, go-to list, match list) and a link, each 256 KB long
    // (a full scan of each per frame is the cost, so kept moderate for debug builds).
    let big = "T".repeat(256 << 10);
    let toml = format!(
        "title = \"{big}\"\nsubtitle = \"{big}\"\n[[sections]]\ntitle = \"{big}\"\nbody = \"x T\"\n\
         [[sections.links]]\ntext = \"{big}\"\nurl = \"{big}\"\n"
    );
    within("huge titles", Duration::from_secs(120), move || {
        let mut app = app_for(&toml, 100, 30);
        draw(&app, "huge titles");
        for a in [
            Msg::from(Command::FocusNext),
            Msg::from(Command::LineDown),
            Msg::from(Command::Close),
            Msg::from(Command::SearchStart),
            Msg::from(Command::Insert('x')),
            Msg::from(Command::Accept),
            Msg::from(Command::ShowResults),
            Msg::from(Command::Close),
            Msg::from(Command::GoToSection),
            Msg::from(Command::Insert('t')),
            Msg::from(Command::Close),
            Msg::from(Command::Bottom),
            Msg::from(Event::Resize(7, 4)),
        ] {
            app.update(a.clone());
            draw(&app, &format!("huge titles after {a:?}"));
        }
    });
}

/// An emoji ZWJ sequence in the chrome is drawn as the terminal shows it,
/// one emoji after another (as the text pane draws it): measured whole
/// (2 columns), the title bar, the status line and `=` showed only its
/// first emoji; cut, it is cut between emoji.
#[test]
fn zwj_emoji_in_the_chrome_show_whole() {
    let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
    let toml = format!(
        "title = \"Family {family} title\"\n[[sections]]\ntitle = \"Pirate \u{1f3f4}\u{200d}\u{2620}\u{fe0f} flag\"\nbody = \"text\"\n"
    );
    // The row as the terminal shows it: a wide symbol's filler cell left out.
    let row = |buf: &Buffer, y: u16| {
        let mut out = String::new();
        let mut x = buf.area.left();
        while x < buf.area.right() {
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            x += sym.width().max(1) as u16;
        }
        out
    };
    let mut app = app_for(&toml, 100, 20);
    let buf = common::draw(&app);
    assert!(
        row(&buf, 0).contains("Family \u{1f468}\u{1f469}\u{1f467} title"),
        "{:?}",
        row(&buf, 0)
    );
    app.update(Command::Info);
    let buf = common::draw(&app);
    let status = row(&buf, 19);
    assert!(
        status.contains("Family \u{1f468}\u{1f469}\u{1f467} title"),
        "{status:?}"
    );
    // Cut between two emoji of the sequence, never inside one.
    let app = app_for(&toml, 12, 20);
    let buf = common::draw(&app);
    let top = row(&buf, 0);
    assert!(top.contains("Family \u{1f468}…"), "{top:?}");
}
