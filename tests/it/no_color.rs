//! Without colour (NO_COLOR, or the terminal theme) everything the reader
//! distinguishes still differs on screen: current match vs other matches,
//! the focused pane, the current section and the sidebar cursor.

use crate::common;

use camp_reader::app::App;
use camp_reader::settings::keymap::Command;
use camp_reader::settings::theme::{Theme, no_color_requested};
use common::{draw, row};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app(theme: Theme) -> App {
    let mut app = common::embedded_app(120, 40);
    app.options_mut().theme = theme;
    app
}

/// Cells (x, y) where `word` starts on screen, in the text pane.
fn find(buf: &Buffer, word: &str, from_x: u16) -> Vec<(u16, u16)> {
    let mut hits = Vec::new();
    for y in 0..buf.area.height {
        let r = row(buf, y);
        for (i, _) in r.match_indices(word) {
            let x = r[..i].chars().count() as u16;
            if x >= from_x {
                hits.push((x, y));
            }
        }
    }
    hits
}

#[test]
fn no_color_env_means_non_empty() {
    assert!(no_color_requested(|k| (k == "NO_COLOR").then(|| "1".into())));
    assert!(!no_color_requested(|k| (k == "NO_COLOR").then(|| "".into())));
    assert!(!no_color_requested(|_| None));
}

#[test]
fn without_colour_matches_focus_and_sections_stay_distinct() {
    for theme in [Theme::no_color(), Theme::terminal()] {
        let mut a = app(theme.clone());
        a.update(Command::SearchStart);
        for c in "guardian".chars() {
            a.update(Command::Insert(c));
        }
        a.update(Command::Accept);
        let buf = draw(&a);
        if theme == Theme::no_color() {
            for cell in buf.content() {
                assert!(
                    matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                    "NO_COLOR: a cell has a colour: {cell:?}"
                );
            }
        }
        let text_x = a.regions().text.x;
        let hits = find(&buf, "Guardian", text_x);
        assert!(hits.len() >= 2, "two matches on screen");
        let current: Vec<_> = hits
            .iter()
            .filter(|&&(x, y)| buf[(x, y)].modifier.contains(Modifier::REVERSED))
            .collect();
        assert_eq!(current.len(), 1, "exactly one match looks current");
        for &(x, y) in &hits {
            let m = buf[(x, y)].modifier;
            assert!(
                m.contains(Modifier::UNDERLINED) || m.contains(Modifier::BOLD),
                "every match is marked"
            );
        }
        let plain = buf[(text_x + 2, a.regions().text.y + 2)].modifier;
        let (hx, hy) = hits[0];
        assert_ne!(
            buf[(hx, hy)].modifier,
            plain,
            "a match differs from plain text"
        );

        // Focus: the sidebar border changes when the sidebar has focus, and
        // its cursor differs from the current-section highlight.
        let sidebar = a.regions().sidebar.unwrap();
        let border_x = sidebar.right() - 1;
        let unfocused = (
            buf[(border_x, sidebar.y)].symbol().to_string(),
            buf[(border_x, sidebar.y)].modifier,
        );
        a.update(Command::FocusNext);
        a.update(Command::LineDown);
        let buf = draw(&a);
        let focused = (
            buf[(border_x, sidebar.y)].symbol().to_string(),
            buf[(border_x, sidebar.y)].modifier,
        );
        assert_ne!(
            focused, unfocused,
            "the focused pane is visible without colour"
        );
        let current_row = sidebar.y + a.current_section() as u16 - a.reader().toc.offset as u16;
        let cursor_row = sidebar.y + a.reader().toc.cursor as u16 - a.reader().toc.offset as u16;
        assert_ne!(current_row, cursor_row);
        let style_at = |y: u16| {
            (
                buf[(sidebar.x + 3, y)].modifier,
                buf[(sidebar.x, y)].symbol().to_string(),
            )
        };
        assert_ne!(
            style_at(current_row),
            style_at(cursor_row),
            "cursor and current section differ"
        );
        assert!(
            buf[(sidebar.x + 3, cursor_row)]
                .modifier
                .contains(Modifier::REVERSED)
        );
        assert_eq!(buf[(sidebar.x, current_row)].symbol(), "▶");
    }
}
