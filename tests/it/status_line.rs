//! The status line says each thing once, counts the current match only
//! while it is on screen, and shows a long message whole until a key
//! changes the view.

use crate::common;

use camp_reader::app::Event;

use camp_reader::settings::keymap::Command;
use common::{draw, embedded_app as app, row, type_query};

/// The bottom two rows, where a status message can show.
fn bottom(a: &camp_reader::app::App) -> (String, String) {
    let buf = draw(a);
    (
        row(&buf, a.size().height - 2),
        row(&buf, a.size().height - 1),
    )
}

#[test]
fn no_match_is_said_once_after_n() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "Zzz");
    a.update(Command::Accept);
    let (_, status) = bottom(&a);
    assert_eq!(
        status.matches("no match for \"Zzz\"").count(),
        1,
        "{status}"
    );
    a.update(Command::SearchNext);
    let (above, status) = bottom(&a);
    let shown = format!("{above}\n{status}");
    assert_eq!(shown.matches("no match for").count(), 1, "{shown}");
}

#[test]
fn the_counter_names_the_current_match_only_while_it_is_on_screen() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "Albania");
    a.update(Command::Accept);
    let n = a.reader().search.as_ref().map_or(0, |s| s.matches.len());
    assert!(n > 3);
    let (_, status) = bottom(&a);
    assert!(status.contains(&format!("match 1/{n}")), "{status}");
    // Far away from it: how many, not which.
    a.update(Command::Bottom);
    let (_, status) = bottom(&a);
    assert!(status.contains(&format!("{n} matches")), "{status}");
    assert!(!status.contains("match "), "{status}");
    // `n` brings a match into view, and the counter back.
    a.update(Command::SearchNext);
    let (_, status) = bottom(&a);
    assert!(status.contains(&format!("/{n}")), "{status}");
}

#[test]
fn a_long_message_shows_whole_and_stays_until_the_view_changes() {
    let warning = "the state file is damaged (state.toml:3:7: expected a table); \
                   reading positions start afresh and the file is kept as state.toml.bad";
    let mut a = app(80, 24);
    a.update(Event::Note(warning.to_string()));
    // Its last row beside the status fields, so three rows at 80 columns.
    let words = |a: &camp_reader::app::App| {
        let buf = draw(a);
        (a.size().height - 3..a.size().height)
            .map(|y| row(&buf, y))
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(words(&a).contains(warning), "{}", words(&a));
    // Keys that change nothing on screen leave it there.
    a.update(Command::ClearSearch);
    a.update(Command::LineUp); // at the top already: says so instead
    assert_eq!(a.status().message.as_deref(), Some("top of document"));
    let mut b = app(80, 24);
    b.update(Event::Note(warning.to_string()));
    b.update(Command::ClearSearch);
    assert_eq!(b.status().message.as_deref(), Some(warning));
    assert!(words(&b).contains(warning), "{}", words(&b));
    // A key that moves the text lets it go.
    b.update(Command::LineDown);
    assert_eq!(b.status().message, None);
    assert!(!words(&b).contains("damaged"), "{}", words(&b));
}

#[test]
fn a_long_breadcrumb_keeps_the_section_being_read() {
    // Eight levels, each with a long title: the outer ones give way.
    let mut toml = String::from("title = \"Deep\"\n");
    let mut header = String::from("sections");
    for level in 1..=8 {
        toml.push_str(&format!(
            "[[{header}]]\ntitle = \"Nest level {level} with a fairly long title\"\nbody = \"Text {level}.\"\n"
        ));
        header.push_str(".sections");
    }
    let mut a = common::app_for(&toml, 80, 24);
    a.update(Event::JumpToSection(7));
    let (_, status) = bottom(&a);
    assert!(
        status.contains("Nest level 8 with a fairly long title"),
        "{status}"
    );
    assert!(status.trim_start().starts_with("… › "), "{status}");
    // When it fits, the whole path shows.
    let mut a = common::app_for(&toml, 120, 24);
    a.update(Event::JumpToSection(1));
    let (_, status) = bottom(&a);
    assert!(
        status.contains(
            " Nest level 1 with a fairly long title › Nest level 2 with a fairly long title "
        ),
        "{status}"
    );
}

#[test]
fn a_message_longer_than_two_rows_takes_as_many_as_it_needs() {
    let warning = "ignoring state file /tmp/some/where/camp-reader/state.toml: it is not \
                   valid TOML (line 2, column 1: unquoted keys cannot be empty, expected \
                   letters, numbers, `-`, `_`); it will be replaced when positions are saved";
    for (w, h) in [(80u16, 24u16), (50, 15)] {
        let mut a = app(w, h);
        let cut_before = (1..h)
            .map(|y| row(&draw(&a), y))
            .collect::<String>()
            .matches('…')
            .count();
        a.update(Event::Note(warning.to_string()));
        let buf = draw(&a);
        let shown = (1..h)
            .map(|y| row(&buf, y))
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(shown.contains(warning), "{w}x{h}: {shown}");
        // No more `…` than the screen had before (sidebar entries may be cut).
        assert!(
            shown.matches('…').count() <= cut_before,
            "{w}x{h}: cut: {shown}"
        );
    }
}

/// `=` says where the view is, as less's does, with its percent: the
/// status line's own percent gives way to it, never shown twice (the
/// trial's `· 30%   30%`).
#[test]
fn info_never_shows_the_percent_twice() {
    for (w, h) in [(100u16, 30u16), (80, 24), (40, 12)] {
        let mut a = app(w, h);
        let pct = format!("{}%", a.percent());
        a.update(Command::Info);
        let (above, status) = bottom(&a);
        let shown = format!("{above}\n{status}");
        assert_eq!(shown.matches(&pct).count(), 1, "{w}x{h}: {shown}");
        // Nor the lines: `lines 1-28/127` says what `line 1/127` would.
        let (_, total) = a.position();
        assert_eq!(
            shown.matches(&format!("/{total}")).count(),
            1,
            "{w}x{h}: {shown}"
        );
    }
}

/// The title bar keeps a margin on the right as on the left, so a long
/// title's `…` never shows beside the help overlay's top-right corner.
#[test]
fn a_cut_title_keeps_its_right_margin_beside_the_help_overlay() {
    let title = "A title far too long for forty columns of terminal width";
    let mut a = common::app_for(
        &format!("title = \"{title}\"\n[[sections]]\ntitle = \"One\"\nbody = \"Text.\"\n"),
        40,
        12,
    );
    let top = row(&draw(&a), 0);
    assert!(top.contains('…'), "{top:?}");
    assert!(top.ends_with("… "), "{top:?}");
    a.update(Command::Help);
    let top = row(&draw(&a), 0);
    assert!(!top.contains('…'), "{top:?}");
}

/// The link list's prompt is set apart from what is typed, as `/` and `:`
/// are by their shape: `L: docs`, never `Ldocs`.
#[test]
fn the_link_lists_prompt_letter_is_set_apart_from_the_filter() {
    let mut a = app(80, 24);
    a.update(Command::SearchStart);
    type_query(&mut a, "camp");
    let (_, status) = bottom(&a);
    assert!(status.starts_with("/camp"), "{status:?}");
    let mut a = common::app_for(
        "title = \"T\"\n[[sections]]\ntitle = \"S\"\nbody = \"Text.\"\n\
         [[sections.links]]\ntext = \"Docs\"\nurl = \"https://docs.example\"\n",
        80,
        24,
    );
    a.update(Command::ShowLinks);
    type_query(&mut a, "docs");
    let (_, status) = bottom(&a);
    assert!(status.starts_with("L: docs"), "{status:?}");
}

/// A field a message says already (the search counter's words) is not
/// repeated beside it.
#[test]
fn a_message_repeats_no_field() {
    let mut a = app(80, 24);
    a.update(Command::SearchStart);
    type_query(&mut a, "Zzz");
    a.update(Command::Accept);
    a.update(Event::Note("no match for \"Zzz\" yet".to_string()));
    let (above, status) = bottom(&a);
    let shown = format!("{above}\n{status}");
    assert_eq!(shown.matches("no match for").count(), 1, "{shown}");
}
