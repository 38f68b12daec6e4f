//! `App::update` for every action: scrolling, clamping, section jumps,
//! sidebar focus and cursor, help, mouse, and resize anchoring.

use crate::common;

use camp_reader::app::{App, Focus};
use camp_reader::app::{Event, Msg};
use camp_reader::render::layout::Pos;
use camp_reader::settings::keymap::{Command, Context};
use common::embedded_app as app;

fn top_line(app: &App) -> u64 {
    app.position().0
}

/// The text of the first visible line.
fn first_line_text(app: &App) -> String {
    let lines = app
        .reader()
        .layout
        .cached_lines(app.reader().top.block)
        .expect("visible block is wrapped");
    lines
        .get(app.reader().top.line)
        .map(|r| app.reader().doc.text()[r.clone()].to_string())
        .unwrap_or_default()
}

#[test]
fn line_moves_and_clamps_at_both_ends() {
    let mut a = app(120, 40);
    assert!(a.update(Command::LineDown));
    assert_eq!(top_line(&a), 1);
    a.update(Command::LineUp);
    assert_eq!(top_line(&a), 0);
    // At the top: no move, a message.
    assert!(a.update(Command::LineUp));
    assert_eq!(top_line(&a), 0);
    assert_eq!(a.status().message.as_deref(), Some("top of document"));
    // The message clears on the next key.
    a.update(Command::LineDown);
    assert_eq!(a.status().message, None);
}

#[test]
fn pages_keep_two_lines_of_overlap() {
    let mut a = app(120, 40);
    let rows = a.text_rows() as u64;
    a.update(Command::PageDown);
    assert_eq!(top_line(&a), rows - 2);
    a.update(Command::PageUp);
    assert_eq!(top_line(&a), 0);
    a.update(Command::HalfPageDown);
    assert_eq!(top_line(&a), rows / 2);
    a.update(Command::HalfPageUp);
    assert_eq!(top_line(&a), 0);
}

#[test]
fn bottom_shows_the_last_line_at_the_bottom_and_never_scrolls_past() {
    let mut a = app(120, 40);
    a.update(Command::Bottom);
    let (top, total) = a.position();
    assert_eq!(top + a.text_rows() as u64, total);
    assert_eq!(a.percent(), 100);
    a.update(Command::LineDown);
    assert_eq!(a.position().0, top);
    assert_eq!(a.status().message.as_deref(), Some("end of document"));
    a.update(Command::PageDown);
    assert_eq!(a.position().0, top);
    a.update(Command::Top);
    assert_eq!(a.reader().top, Pos::default());
}

#[test]
fn section_jumps_put_the_heading_at_the_top() {
    let mut a = app(120, 40);
    a.update(Command::NextSection);
    assert_eq!(a.current_section(), 1);
    assert_eq!(first_line_text(&a), "Residents and daily life");
    a.update(Command::NextSection);
    assert_eq!(a.current_section(), 2);
    a.update(Command::PrevSection);
    assert_eq!(a.current_section(), 1);
    // From inside a section, `[` goes to the one before the section the
    // sidebar marks: moves are exact whatever the scroll position.
    a.update(Command::NextSection);
    for _ in 0..3 {
        a.update(Command::LineDown);
    }
    assert_eq!(a.current_section(), 2);
    a.update(Command::PrevSection);
    assert_eq!(a.current_section(), 1);
    assert_eq!(a.reader().top.line, 0);
    a.update(Command::PrevSection);
    assert_eq!(a.current_section(), 0);
    a.update(Command::PrevSection);
    assert_eq!(a.status().message.as_deref(), Some("no previous section"));
}

#[test]
fn jumping_to_a_short_last_section_marks_it_current_even_when_clamped() {
    let mut a = app(120, 40);
    for _ in 0..5 {
        a.update(Command::NextSection);
    }
    assert_eq!(a.current_section(), 5, "External links is current");
    a.update(Command::NextSection);
    assert_eq!(a.status().message.as_deref(), Some("no next section"));
    // Scrolling up hands the highlight back to the scroll-spy.
    a.update(Command::LineUp);
    assert_eq!(
        a.current_section(),
        a.reader().doc.blocks[a.reader().top.block].section as usize
    );
}

#[test]
fn scroll_spy_follows_the_top_line() {
    let mut a = app(120, 40);
    let heading = a.reader().doc.sections[2].heading_block as usize;
    while a.reader().top.block < heading {
        a.update(Command::LineDown);
    }
    assert_eq!(a.current_section(), 2);
    a.update(Command::LineUp);
    assert_eq!(a.current_section(), 1);
}

#[test]
fn sidebar_focus_cursor_and_activate() {
    let mut a = app(120, 40);
    a.update(Command::FocusNext);
    assert_eq!(a.sidebar().focus, Focus::Sidebar);
    assert_eq!(a.reader().toc.cursor, 0);
    a.update(Command::LineDown);
    a.update(Command::LineDown);
    assert_eq!(a.reader().toc.cursor, 2);
    // The text did not move while the cursor did.
    assert_eq!(top_line(&a), 0);
    a.update(Command::Bottom);
    assert_eq!(a.reader().toc.cursor, a.reader().doc.sections.len() - 1);
    a.update(Command::Top);
    a.update(Command::LineDown);
    a.update(Command::Activate);
    assert_eq!(a.sidebar().focus, Focus::Text);
    assert_eq!(a.current_section(), 1);
    a.update(Command::FocusPrev);
    assert_eq!(a.sidebar().focus, Focus::Sidebar);
    a.update(Command::Close);
    assert_eq!(a.sidebar().focus, Focus::Text);
}

#[test]
fn sidebar_hides_below_60_columns_and_t_toggles_it() {
    let mut a = app(59, 20);
    assert!(!a.sidebar_visible());
    a.update(Command::FocusNext);
    assert_eq!(
        a.sidebar().focus,
        Focus::Text,
        "no focus on a hidden sidebar"
    );
    a.update(Command::ToggleSidebar);
    assert!(a.sidebar_visible());
    let mut b = app(100, 20);
    assert!(b.sidebar_visible());
    b.update(Command::FocusNext);
    b.update(Command::ToggleSidebar);
    assert!(!b.sidebar_visible());
    assert_eq!(b.sidebar().focus, Focus::Text);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut a = app(80, 24);
    a.update(Command::Help);
    assert!(a.help_scroll().is_some());
    // Keys are the help's own while it is open.
    a.update(Command::LineDown);
    assert_eq!(a.help_scroll().unwrap_or(0), 1);
    assert_eq!(top_line(&a), 0);
    a.update(Command::Close);
    assert!(a.help_scroll().is_none());
    a.update(Command::Help);
    a.update(Command::Quit);
    assert!(a.quit());
}

#[test]
fn quit_sets_the_flag() {
    let mut a = app(80, 24);
    assert!(a.update(Command::Quit));
    assert!(a.quit());
}

#[test]
fn resize_keeps_the_reading_line_anchored_to_its_paragraph() {
    let mut a = app(120, 40);
    for _ in 0..30 {
        a.update(Command::LineDown);
    }
    // Stand in the middle of a paragraph, not on a blank line.
    while first_line_text(&a).is_empty() || a.reader().top.line == 0 {
        a.update(Command::LineDown);
    }
    let block = a.reader().top.block;
    let text = first_line_text(&a);
    assert!(!text.is_empty(), "top is a text line");
    let offset = a.reader().layout.cached_lines(block).unwrap()[a.reader().top.line].start;
    a.update(Event::Resize(50, 30));
    assert_eq!(
        a.reader().top.block,
        block,
        "same paragraph after narrowing (top {:?}, text {text:?})",
        a.reader().top
    );
    let r = a.reader().layout.cached_lines(block).unwrap()[a.reader().top.line].clone();
    assert!(
        r.start <= offset && offset <= r.end,
        "the old first word is on the top line"
    );
    a.update(Event::Resize(120, 40));
    assert_eq!(a.reader().top.block, block);
    assert_eq!(
        first_line_text(&a),
        text,
        "back to the same line at the same width"
    );
}

#[test]
fn resize_clamps_the_scroll_offset() {
    let mut a = app(80, 10);
    a.update(Command::Bottom);
    a.update(Event::Resize(80, 60));
    let (top, total) = a.position();
    assert!(top + a.text_rows() as u64 <= total.max(a.text_rows() as u64));
    assert!(top + (a.text_rows() as u64) >= total || top == 0);
}

#[test]
fn tiny_sizes_and_tiny_documents_do_not_panic() {
    for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 2), (3, 3), (65535, 1)] {
        let mut a = app(w, h);
        for action in [
            Command::PageDown,
            Command::Bottom,
            Command::NextSection,
            Command::FocusNext,
            Command::LineDown,
            Command::Activate,
            Command::ToggleSidebar,
            Command::Help,
            Command::Top,
        ] {
            a.update(action);
        }
    }
    for src in [
        "title = \"x\"\n[[sections]]\ntitle = \"one\"\n",
        "title = \"x\"\n[[sections]]\ntitle = \"a\"\nbody = \"word\"\n",
    ] {
        let mut a = common::app_for(src, 1, 1);
        for action in [
            Msg::from(Command::PageDown),
            Msg::from(Command::Bottom),
            Msg::from(Command::NextSection),
            Msg::from(Event::Resize(80, 24)),
            Msg::from(Command::LineDown),
            Msg::from(Command::PageUp),
        ] {
            a.update(action);
        }
        assert_eq!(
            a.reader().top,
            Pos::default(),
            "a one-screen document never scrolls"
        );
    }
}

#[test]
fn wheel_scrolls_the_pane_under_the_pointer_and_click_jumps() {
    let mut a = app(120, 40);
    let r = a.regions();
    let pane = r.pane;
    a.update(Command::Wheel {
        column: pane.x + 5,
        row: pane.y + 3,
        lines: 3,
    });
    assert_eq!(top_line(&a), 3);
    let sidebar = r.sidebar.unwrap();
    a.update(Command::Wheel {
        column: sidebar.x + 1,
        row: sidebar.y,
        lines: 3,
    });
    assert_eq!(
        top_line(&a),
        3,
        "wheel over the sidebar does not scroll the text"
    );
    // Click on the fourth sidebar entry.
    a.update(Command::Click {
        column: sidebar.x + 2,
        row: sidebar.y + 3,
    });
    assert_eq!(a.current_section(), 3);
    assert_eq!(a.reader().toc.cursor, 3);
    // A click past the entries does nothing.
    a.update(Command::Click {
        column: sidebar.x + 2,
        row: sidebar.y + 30,
    });
    assert_eq!(a.current_section(), 3);
}

#[test]
fn text_is_never_wider_than_the_measure() {
    let mut a = app(400, 40);
    assert_eq!(a.reader().layout.width(), 100);
    a.update(Event::Resize(60, 40));
    assert!(a.reader().layout.width() < 60);
}

fn count(a: &mut App, n: u32) {
    for d in n.to_string().chars() {
        a.update(Command::Count(d.to_digit(10).unwrap() as u8));
    }
}

#[test]
fn counts_repeat_moves_and_pick_lines_and_percentages() {
    let mut a = app(120, 40);
    count(&mut a, 5);
    assert_eq!(
        a.status().message.as_deref(),
        Some("5"),
        "the count being typed shows"
    );
    a.update(Command::LineDown);
    assert_eq!(top_line(&a), 5);
    a.update(Command::LineDown);
    assert_eq!(top_line(&a), 6, "a count applies to one key only");
    count(&mut a, 3);
    a.update(Command::NextSection);
    assert_eq!(a.current_section(), 3);
    count(&mut a, 40);
    a.update(Command::Bottom);
    assert_eq!(top_line(&a), 39, "40G goes to line 40");
    count(&mut a, 1);
    a.update(Command::Top);
    assert_eq!(top_line(&a), 0);
    count(&mut a, 50);
    a.update(Command::Percent);
    let (_, total) = a.position();
    assert_eq!(top_line(&a), total / 2);
    // A huge count is clamped, never a panic.
    count(&mut a, 999_999_999);
    a.update(Command::Bottom);
    a.update(Command::LineUp);
}

#[test]
fn at_the_end_the_last_heading_on_screen_is_current() {
    let mut a = app(120, 40);
    a.update(Command::Bottom);
    assert_eq!(a.current_section(), 5, "External links shows at the bottom");
    a.update(Command::Top);
    assert_eq!(a.current_section(), 0);
}

#[test]
fn sections_can_be_found_by_number() {
    let a = app(80, 24);
    assert_eq!(a.reader().doc.find_section("5"), Some(4));
    assert_eq!(a.reader().doc.find_section("5."), Some(4));
    assert_eq!(a.reader().doc.find_section("9"), None);
}

#[test]
fn help_scrolls_by_page_and_stops_at_its_last_line() {
    let mut a = app(80, 24);
    a.update(Command::Help);
    a.update(Command::Bottom);
    let max = a.help_max_scroll();
    assert!(max > 0, "the help is longer than 24 rows");
    assert_eq!(a.help_scroll().unwrap_or(0), max);
    a.update(Command::LineDown);
    assert_eq!(
        a.help_scroll().unwrap_or(0),
        max,
        "no scrolling past the end"
    );
    a.update(Command::Top);
    a.update(Command::PageDown);
    assert!(a.help_scroll().unwrap_or(0) > 1);
    // On a tall screen everything fits: nothing to scroll.
    let mut tall = app(200, 200);
    tall.update(Command::Help);
    tall.update(Command::LineDown);
    assert_eq!(tall.help_scroll().unwrap_or(0), 0);
}

#[test]
fn next_section_stops_at_the_last_and_prev_after_bottom_goes_back_one() {
    // Issue 10 item 1: at 120x60 `]` went 2,3,4,5,6 then 4,5,6,4, and
    // after `G`, `[` landed on 3 instead of 5.
    let mut a = app(120, 60);
    let mut seen = Vec::new();
    for _ in 0..9 {
        a.update(Command::NextSection);
        seen.push(a.current_section() + 1);
    }
    assert_eq!(seen, [2, 3, 4, 5, 6, 6, 6, 6, 6]);
    assert_eq!(a.status().message.as_deref(), Some("no next section"));
    a.update(Command::Bottom);
    assert_eq!(a.current_section() + 1, 6, "the sidebar marks the last");
    a.update(Command::PrevSection);
    assert_eq!(a.current_section() + 1, 5);
    for want in [4, 3, 2, 1] {
        a.update(Command::PrevSection);
        assert_eq!(a.current_section() + 1, want);
    }
}

#[test]
fn section_moves_are_exact_from_every_scroll_position() {
    for (w, h) in [(120, 60), (120, 40), (80, 24), (60, 12)] {
        let mut a = app(w, h);
        a.update(Command::Bottom);
        let last_line = top_line(&a);
        let n = a.reader().doc.sections.len();
        for line in 0..=last_line {
            for forward in [true, false] {
                let b = &mut a;
                count(b, line as u32 + 1);
                b.update(Command::Top);
                let k = b.current_section();
                b.update(if forward {
                    Command::NextSection
                } else {
                    Command::PrevSection
                });
                let want = if forward { k + 1 } else { k.wrapping_sub(1) };
                if want < n {
                    assert_eq!(b.current_section(), want, "{w}x{h} line {line}");
                } else {
                    assert_eq!(b.current_section(), k, "{w}x{h} line {line}");
                    assert!(b.status().message.is_some(), "{w}x{h} line {line}: says so");
                }
            }
        }
    }
}

#[test]
fn counted_section_moves_stop_at_the_ends() {
    let mut a = app(120, 40);
    count(&mut a, 2);
    a.update(Command::NextSection);
    assert_eq!(a.current_section(), 2);
    count(&mut a, 999_999_999);
    a.update(Command::NextSection);
    assert_eq!(a.current_section(), a.reader().doc.sections.len() - 1);
    count(&mut a, 999_999_999);
    a.update(Command::PrevSection);
    assert_eq!(a.current_section(), 0);
}

#[test]
fn braces_move_by_paragraph() {
    let mut a = app(120, 40);
    a.update(Command::NextParagraph);
    assert_eq!(a.reader().top, Pos { block: 1, line: 0 });
    count(&mut a, 3);
    a.update(Command::NextParagraph);
    assert_eq!(a.reader().top, Pos { block: 4, line: 0 });
    a.update(Command::LineDown);
    a.update(Command::PrevParagraph);
    assert_eq!(
        a.reader().top,
        Pos { block: 4, line: 0 },
        "the start of this one first"
    );
    a.update(Command::PrevParagraph);
    assert_eq!(a.reader().top, Pos { block: 3, line: 0 });
    count(&mut a, 999_999_999);
    a.update(Command::PrevParagraph);
    assert_eq!(a.reader().top, Pos::default());
    a.update(Command::PrevParagraph);
    assert_eq!(a.status().message.as_deref(), Some("top of document"));
    count(&mut a, 999_999_999);
    a.update(Command::NextParagraph);
    let end = a.reader().top;
    a.update(Command::Bottom);
    assert_eq!(a.reader().top, end, "a big count ends at the end");
    a.update(Command::NextParagraph);
    assert_eq!(a.status().message.as_deref(), Some("end of document"));
}

#[test]
fn info_names_the_document_its_size_and_where_the_view_is() {
    let mut a = app(120, 40);
    a.update(Command::NextSection);
    a.update(Command::Info);
    let m = a.status().message.clone().expect("a message");
    let paragraphs = a.reader().doc.paragraph_count();
    let (top, total) = a.position();
    for part in [
        a.reader().doc.title.clone(),
        "6 sections".to_string(),
        format!("{paragraphs} paragraphs"),
        "section 2/6 2 Residents and daily life".to_string(),
        // The lines on screen of all, as less's `=` says `lines 1-40/900`.
        format!("lines {}-{}/{total}", top + 1, top + a.text_rows() as u64),
        format!("{}%", a.percent()),
    ] {
        assert!(m.contains(&part), "{part:?} in {m:?}");
    }
    // A document from nowhere (the embedded article) names no source.
    assert!(m.starts_with(&a.reader().doc.title), "{m:?}");
}

/// `=` names where the document was read from, first, as less does: its
/// file, standard input, or a book's folder and the part being read.
#[test]
fn info_names_the_file_standard_input_or_the_books_part() {
    use camp_reader::app::{Options, Reader};
    let doc = || camp_reader::load::parse_markdown("n.md", "n", "# Notes\n\ntext\n").unwrap();
    let info = |reader: Reader| {
        let mut a = App::with_reader(reader, Options::default());
        a.update(Event::Resize(80, 20));
        a.update(Command::Info);
        a.status().message.clone().expect("a message")
    };
    let file: std::sync::Arc<std::path::Path> = std::path::Path::new("/docs/n.md").into();
    let m = info(Reader::from_file(doc(), file, 0));
    assert!(
        m.starts_with("/docs/n.md · Notes · 1 section, 1 paragraph · "),
        "{m:?}"
    );
    assert!(m.contains(" · lines 1-"), "{m:?}");
    let m = info(Reader::new(doc()).from_stdin());
    assert!(m.starts_with("standard input · Notes · "), "{m:?}");

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/book");
    let book = camp_reader::load::book::load_book(
        &camp_reader::load::book::BookSource::Dir(dir.clone()),
        1 << 20,
    )
    .expect("the fixture loads");
    let (bdoc, index) = book.split();
    let part = index.parts[1].clone();
    let mut a = App::with_reader(
        Reader::new(bdoc).in_book(Some(std::sync::Arc::new(index))),
        Options::default(),
    );
    a.update(Event::Resize(80, 20));
    a.update(Event::JumpToSection(part.sections.start as usize));
    a.update(Command::Info);
    let m = a.status().message.clone().expect("a message");
    assert!(
        m.starts_with(&format!("{}/ › {} · ", dir.display(), part.name)),
        "{m:?}"
    );
}

/// A path, title or section title of thousands of columns is cut in
/// `=`, keeping the file's name and the title's start: the message, shown
/// whole, once filled the screen.
#[test]
fn info_cuts_a_huge_path_and_title() {
    use camp_reader::app::{Options, Reader};
    let title = "T".repeat(3000);
    let doc = camp_reader::load::parse_markdown("x.md", "x", &format!("# {title}\n\ntext\n"))
        .expect("loads");
    let path = format!("/{}/x.md", vec!["d".repeat(200); 20].join("/"));
    let file: std::sync::Arc<std::path::Path> = std::path::Path::new(&path).into();
    let mut a = App::with_reader(Reader::from_file(doc, file, 0), Options::default());
    a.update(Event::Resize(100, 30));
    a.update(Command::Info);
    let m = a.status().message.clone().expect("a message");
    use unicode_width::UnicodeWidthStr;
    assert!(m.width() < 400, "{} columns: {m:?}", m.width());
    assert!(m.starts_with("…ddd"), "{m:?}");
    assert!(m.contains("/x.md · TTT"), "{m:?}");
    assert!(m.contains("T… · 1 section, 1 paragraph · "), "{m:?}");
}

#[test]
fn a_huge_count_scrolls_to_the_end_at_once() {
    let mut a = app(120, 40);
    count(&mut a, 999_999_999);
    a.update(Command::LineDown);
    let end = a.reader().top;
    a.update(Command::Bottom);
    assert_eq!(a.reader().top, end);
    count(&mut a, 999_999_999);
    a.update(Command::PageUp);
    assert_eq!(a.reader().top, Pos::default());
    // A count of many screens lands on the line it names.
    let mut a = app(120, 12);
    assert!(a.text_rows() * 4 < 60);
    count(&mut a, 60);
    a.update(Command::LineDown);
    assert_eq!(top_line(&a), 60);
    count(&mut a, 50);
    a.update(Command::LineUp);
    assert_eq!(top_line(&a), 10);
}

fn search(a: &mut App, query: &str) {
    a.update(Command::SearchStart);
    for c in query.chars() {
        a.update(Command::Insert(c));
    }
    a.update(Command::Accept);
}

fn inside(area: ratatui::layout::Rect, row: u16) -> (u16, u16) {
    (area.x + 3, area.y + 1 + row)
}

#[test]
fn the_wheel_scrolls_the_match_list_under_the_pointer_and_clicks_pick_rows() {
    // Issue 10 item 7: the wheel over the `&` list scrolled the text.
    let mut a = app(120, 40);
    search(&mut a, "mek");
    a.update(Command::ShowResults);
    let list = a.results_area().expect("the list is open");
    let n = a.reader().search.as_ref().unwrap().matches.len();
    assert!(n > a.results_rows() + 3, "more matches than rows");
    let top = a.reader().top;
    let (column, row) = inside(list, 0);
    a.update(Command::Wheel {
        column,
        row,
        lines: 3,
    });
    assert_eq!(a.results().unwrap().offset, 3, "the list scrolled");
    assert_eq!(a.reader().top, top, "not the text behind it");
    a.update(Command::Wheel {
        column,
        row,
        lines: -30,
    });
    assert_eq!(a.results().unwrap().offset, 0);
    // A click selects a row and previews it; a second click follows it.
    let (column, row) = inside(list, 2);
    a.update(Command::Click { column, row });
    assert_eq!(a.results().unwrap().selected, 2);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(2));
    a.update(Command::Click { column, row });
    assert_eq!(a.context(), Context::Text, "followed");
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(2));
}

#[test]
fn the_go_to_list_scrolls_and_follows_a_clicked_section() {
    let mut a = app(120, 40);
    a.update(Command::GoToSection);
    let list = a.goto_area().expect("candidates shown");
    let (column, row) = inside(list, 3);
    a.update(Command::Click { column, row });
    assert_eq!(a.prompt().unwrap().selected, 3);
    assert_eq!(a.context(), Context::GoTo);
    a.update(Command::Click { column, row });
    assert_eq!(a.context(), Context::Text);
    assert_eq!(a.current_section(), 3);
    a.update(Command::GoToSection);
    let (column, row) = inside(list, 0);
    a.update(Command::Wheel {
        column,
        row,
        lines: 3,
    });
    assert_eq!(
        a.prompt().unwrap().selected,
        3,
        "the wheel moves through it"
    );
    assert_eq!(a.current_section(), 3, "the text stays");
}

#[test]
fn the_wheel_scrolls_help_wherever_it_is() {
    let mut a = app(80, 24);
    a.update(Command::Help);
    a.update(Command::Wheel {
        column: 40,
        row: 10,
        lines: 3,
    });
    assert_eq!(a.help_scroll(), Some(1));
    assert_eq!(top_line(&a), 0);
}

#[test]
fn a_click_or_drag_on_the_scrollbar_moves_there() {
    let mut a = app(120, 40);
    let bar = a.regions().scrollbar;
    a.update(Command::Click {
        column: bar.x,
        row: bar.bottom() - 1,
    });
    let end = a.reader().top;
    a.update(Command::Bottom);
    assert_eq!(a.reader().top, end, "the bottom of the bar is the end");
    a.update(Command::Top);
    a.update(Command::Click {
        column: bar.x,
        row: bar.y + bar.height / 2,
    });
    let (top, _) = a.position();
    let (last, _) = {
        let mut b = app(120, 40);
        b.update(Command::Bottom);
        b.position()
    };
    assert!(
        top.abs_diff(last / 2) <= last / bar.height as u64 + 1,
        "{top} of {last}"
    );
    // Dragging (anywhere, once the bar was grabbed) follows the pointer.
    a.update(Command::Drag {
        column: bar.x - 20,
        row: bar.y,
    });
    assert_eq!(a.reader().top, Pos::default());
    a.update(Command::Drag {
        column: bar.x,
        row: bar.bottom() + 5,
    });
    assert_eq!(a.reader().top, end);
    // A drag that did not start on the bar moves nothing.
    let pane = a.regions().text;
    a.update(Command::Click {
        column: pane.x,
        row: pane.y,
    });
    a.update(Command::Drag {
        column: bar.x,
        row: bar.y,
    });
    assert_eq!(a.reader().top, end);
}

#[test]
fn on_a_wide_pane_the_text_column_is_measure_wide_and_centred() {
    for w in [100u16, 131, 132, 133, 160, 201, 250] {
        let mut a = app(w, 30);
        if a.regions().sidebar.is_some() {
            a.update(Command::ToggleSidebar);
        }
        let r = a.regions();
        let inner_left = r.pane.x + 2;
        let inner_right = r.scrollbar.x - 2;
        let measure = a.options().measure as u16;
        assert_eq!(
            r.text.width,
            measure.min(inner_right - inner_left),
            "width {w}"
        );
        let left = r.text.x - inner_left;
        let right = inner_right - r.text.right();
        assert!(
            left.abs_diff(right) <= 1,
            "width {w}: {left} left, {right} right"
        );
    }
}
