//! Invisible and special characters as the reader draws them: bidi marks
//! and zero-width characters take no cell, a soft hyphen shows as `-` only
//! where a line breaks at it, no-break spaces never break, URLs break only
//! after `/ ? & #`, and search highlights cover exactly the cells of the
//! characters shown. Each at several text widths.

use crate::common;

use camp_reader::app::{App, Options};
use camp_reader::settings::keymap::Command;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// A document with one paragraph, read at a text width of `measure`.
fn app_for(body: &str, measure: usize) -> App {
    let toml = format!("title = \"T\"\n[[sections]]\ntitle = \"S\"\nbody = \"{body}\"\n");
    let options = Options {
        measure,
        ..Options::default()
    };
    // Wide enough for any measure used here, sidebar hidden.
    let mut app = common::app_with(&toml, options, 200, 30);
    if app.regions().sidebar.is_some() {
        app.update(Command::ToggleSidebar);
    }
    assert_eq!(app.regions().text.width as usize, measure);
    app
}

fn render(app: &App) -> Buffer {
    let area = Rect::new(0, 0, app.size().width, app.size().height);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buf
}

/// The text pane's rows, trailing blanks cut.
fn text_rows(app: &App) -> Vec<String> {
    let buf = render(app);
    let text = app.regions().text;
    (text.top()..text.bottom())
        .map(|y| {
            let row: String = (text.left()..text.right())
                .map(|x| buf[(x, y)].symbol())
                .collect();
            row.trim_end().to_string()
        })
        .collect()
}

/// The paragraph's rows: after the heading and its blank line.
fn paragraph(app: &App) -> Vec<String> {
    text_rows(app)
        .into_iter()
        .skip(2)
        .take_while(|r| !r.is_empty())
        .collect()
}

#[test]
fn bidi_marks_take_no_cell_and_are_not_shown() {
    let body = "In 1990\u{200f} (בערך) the \u{200e}camp\u{61c} moved.";
    for measure in [12, 20, 40, 80] {
        let rows = paragraph(&app_for(body, measure));
        let all = rows.join(" ");
        assert!(!all.contains("<U+"), "{measure}: {rows:?}");
        assert!(all.contains("1990 (בערך)"), "{measure}: {rows:?}");
        assert!(all.contains("camp moved."), "{measure}: {rows:?}");
    }
}

#[test]
fn soft_hyphens_show_only_where_a_line_breaks() {
    let body = "Die Donau\u{ad}dampf\u{ad}schiff\u{ad}fahrts\u{ad}gesell\u{ad}schaft fuhr.";
    let want: [(usize, &[&str]); 4] = [
        (
            10,
            &[
                "Die Donau-",
                "dampf-",
                "schiff-",
                "fahrts-",
                "gesell-",
                "schaft",
                "fuhr.",
            ],
        ),
        (
            20,
            &["Die Donaudampf-", "schifffahrtsgesell-", "schaft fuhr."],
        ),
        (30, &["Die Donaudampfschifffahrts-", "gesellschaft fuhr."]),
        (60, &["Die Donaudampfschifffahrtsgesellschaft fuhr."]),
    ];
    for (measure, rows) in want {
        assert_eq!(paragraph(&app_for(body, measure)), rows, "at {measure}");
    }
    // Never a hyphen anywhere else, whatever the width.
    for measure in 4..50 {
        for row in paragraph(&app_for(body, measure)) {
            assert!(!row.contains('\u{ad}') && !row.contains("<U+"), "{row:?}");
            assert!(row.chars().count() <= measure, "{measure}: {row:?}");
            if let Some(i) = row.find('-') {
                assert_eq!(i + 1, row.len(), "{measure}: {row:?}");
            }
        }
    }
}

#[test]
fn zero_width_space_breaks_and_word_joiner_glues() {
    let thai = "ภาษา\u{200b}ไทย\u{200b}ไม่\u{200b}มี\u{200b}ช่องว่าง";
    for measure in [4, 7, 10, 30] {
        let rows = paragraph(&app_for(thai, measure));
        assert!(rows.len() > 1 || measure == 30, "{measure}: {rows:?}");
        assert!(!rows.join("").contains("<U+"), "{measure}: {rows:?}");
        // Breaks fall between words only.
        assert_eq!(rows.concat(), "ภาษาไทยไม่มีช่องว่าง", "{measure}");
    }
    assert_eq!(paragraph(&app_for(thai, 7)), ["ภาษาไทย", "ไม่มี", "ช่องว่าง"]);
    assert_eq!(paragraph(&app_for(thai, 10)), ["ภาษาไทยไม่มี", "ช่องว่าง"]);
    // U+2060 after a hyphen forbids the break a hyphen allows.
    let joined = "x pre-\u{2060}war and pre-war";
    for measure in [6, 8, 9] {
        let rows = paragraph(&app_for(joined, measure));
        assert!(
            !rows.iter().any(|r| r.ends_with("x pre-")),
            "{measure}: {rows:?}"
        );
        assert!(!rows.join("").contains("<U+"));
    }
    // A hyphenated word that fits on a line moves to the next whole.
    assert_eq!(
        paragraph(&app_for(joined, 8)),
        ["x", "pre-war", "and", "pre-war"]
    );
    assert_eq!(
        paragraph(&app_for(joined, 6)),
        ["x", "pre-wa", "r and", "pre-", "war"]
    );
}

#[test]
fn no_break_spaces_never_break() {
    let body = "a walk of 10\u{a0}km at 5\u{202f}% grade";
    for measure in [5, 6, 7, 9, 12] {
        let rows = paragraph(&app_for(body, measure));
        let joined = rows.join("|");
        assert!(joined.contains("10\u{a0}km"), "{measure}: {rows:?}");
        assert!(joined.contains("5\u{202f}%"), "{measure}: {rows:?}");
    }
}

#[test]
fn urls_never_break_after_the_scheme() {
    let body = "read <https://example.org/camp/history?lang=en&page=2#top> today";
    for measure in [30, 40, 50, 60, 70] {
        let rows = paragraph(&app_for(body, measure));
        for row in &rows {
            assert!(!row.ends_with("https://"), "{measure}: {rows:?}");
        }
    }
    // Whole on its own line when it fits there.
    assert_eq!(
        paragraph(&app_for(body, 56)),
        [
            "read",
            "<https://example.org/camp/history?lang=en&page=2#top>",
            "today"
        ]
    );
    assert_eq!(
        paragraph(&app_for(body, 30)),
        [
            "read <https://example.org/",
            "camp/history?lang=en&page=2#",
            "top> today"
        ]
    );
}

/// The symbols of the cells drawn with the search style, row by row.
fn highlighted(app: &App) -> Vec<String> {
    let buf = render(app);
    let text = app.regions().text;
    let bg = app.options().theme.search_match.bg;
    let current = app.options().theme.search_current;
    let mut out = Vec::new();
    for y in text.top()..text.bottom() {
        let mut run = String::new();
        for x in text.left()..text.right() {
            let cell = &buf[(x, y)];
            let style = cell.style();
            let is_match = (bg.is_some() && style.bg == bg)
                || (current
                    .add_modifier
                    .contains(ratatui::style::Modifier::REVERSED)
                    && style
                        .add_modifier
                        .contains(ratatui::style::Modifier::REVERSED))
                || (current.bg.is_some() && style.bg == current.bg);
            if is_match {
                run.push_str(cell.symbol());
            }
        }
        if !run.is_empty() {
            out.push(run);
        }
    }
    out
}

fn search(app: &mut App, query: &str, regex: bool) {
    app.update(Command::SearchStart);
    if regex {
        app.update(Command::ToggleRegex);
    }
    for c in query.chars() {
        app.update(Command::Insert(c));
    }
    app.update(Command::Accept);
    assert!(
        app.reader()
            .search
            .as_ref()
            .is_some_and(|s| !s.matches.is_empty()),
        "no match for {query:?}"
    );
}

#[test]
fn highlights_cover_exactly_the_shown_characters() {
    // A match ending in a zero-width space covers `ay`, not the next cell.
    let mut app = app_for("pay\u{200b}pal and e\u{301}t\u{e9}", 40);
    search(&mut app, "ay.", true);
    assert_eq!(highlighted(&app), ["ay"]);
    // A match on a decomposed letter covers its whole cluster, once.
    let mut app = app_for("pay\u{200b}pal and e\u{301}t\u{e9}", 40);
    search(&mut app, "e\u{301}t", false);
    assert_eq!(highlighted(&app), ["e\u{301}t"]);
}

#[test]
fn a_highlight_across_a_soft_hyphen_break_covers_the_hyphen() {
    let body = "Die Donau\u{ad}dampf\u{ad}schiff fuhr.";
    for (measure, want) in [
        (10, vec!["Donau-", "dampf"]),
        (16, vec!["Donaudampf"]),
        (40, vec!["Donaudampf"]),
    ] {
        let mut app = app_for(body, measure);
        search(&mut app, "Donau.dampf", true);
        assert_eq!(highlighted(&app), want, "at {measure}");
    }
}

#[test]
fn a_literal_match_across_invisible_characters_highlights_the_word_shown() {
    // Soft hyphens: the match covers the hyphen drawn where a line breaks.
    let body = "Die Donau\u{ad}dampf\u{ad}schiff fuhr.";
    for (measure, want) in [
        (10, vec!["Donau-", "dampf"]),
        (16, vec!["Donaudampf"]),
        (40, vec!["Donaudampf"]),
    ] {
        let mut app = app_for(body, measure);
        search(&mut app, "donaudampf", false);
        assert_eq!(highlighted(&app), want, "at {measure}");
    }
    // Zero-width spaces: a line may break inside the match.
    let thai = "ภาษา\u{200b}ไทย\u{200b}เป็น\u{200b}ภาษา";
    for (measure, want) in [(4, vec!["ภาษา", "ไทย", "เป็น"]), (30, vec!["ภาษาไทยเป็น"])]
    {
        let mut app = app_for(thai, measure);
        search(&mut app, "ภาษาไทยเป็น", false);
        assert_eq!(highlighted(&app), want, "at {measure}");
    }
    // A word joiner: nothing before or after the word is covered.
    let mut app = app_for("a Word\u{2060}joiner\u{200b} b", 40);
    search(&mut app, "wordjoiner", false);
    assert_eq!(highlighted(&app), ["Wordjoiner"]);
}
