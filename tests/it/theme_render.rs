//! What each theme (and NO_COLOR) really puts on screen, read back from
//! the drawn cells with reverse video applied: the current match stands out
//! from everything, heading levels differ, a link without an address is a
//! plain reference.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::EMBEDDED;
use camp_reader::model::document::BlockKind;
use camp_reader::render::layout::heading_prefix_width;
use camp_reader::settings::keymap::Command;
use camp_reader::settings::theme::{Theme, ThemeName};
use common::draw;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthChar;

/// A colour as the terminal shows it: its own default foreground or
/// background, or a named colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    DefaultFg,
    DefaultBg,
    Named(Color),
}

/// Every theme with the terminal defaults it is made for: the dark ones
/// assume light text on black, the light one black text on white; the
/// colourless ones keep the terminal's defaults abstract.
fn themes() -> Vec<(&'static str, Theme, Ink, Ink)> {
    let mut v = Vec::new();
    for name in ThemeName::ALL {
        let (fg, bg) = match name {
            ThemeName::Dark | ThemeName::HighContrast => {
                (Ink::Named(Color::White), Ink::Named(Color::Black))
            }
            ThemeName::Light => (Ink::Named(Color::Black), Ink::Named(Color::White)),
            ThemeName::Terminal => (Ink::DefaultFg, Ink::DefaultBg),
        };
        v.push((name.name(), Theme::by_name(name), fg, bg));
    }
    v.push((
        "NO_COLOR",
        Theme::no_color(),
        Ink::DefaultFg,
        Ink::DefaultBg,
    ));
    v
}

/// (foreground, background) of a cell as seen, reverse video applied.
fn seen(cell: &Cell, default_fg: Ink, default_bg: Ink) -> (Ink, Ink) {
    let ink = |c: Color, default: Ink| match c {
        Color::Reset => default,
        c => Ink::Named(c),
    };
    let fg = ink(cell.fg, default_fg);
    let bg = ink(cell.bg, default_bg);
    if cell.modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

fn app_for(source: &str, theme: Theme, w: u16, h: u16) -> App {
    let options = Options {
        theme,
        ..Options::default()
    };
    common::app_with(source, options, w, h)
}

/// Every drawn character of the text pane: (cell x, y, document byte
/// offset, block), walking the lines the way the text view draws them.
fn text_cells(app: &App) -> Vec<(u16, u16, usize, usize)> {
    let area = app.regions().text;
    let text = app.reader().doc.text();
    let mut out = Vec::new();
    let (mut block, mut line) = (app.reader().top.block, app.reader().top.line);
    let mut y = area.y;
    while y < area.bottom() && block < app.reader().doc.blocks.len() {
        let lines = app
            .reader()
            .layout
            .cached_lines(block)
            .expect("visible blocks are wrapped");
        while y < area.bottom() && line <= lines.len() {
            if let Some(range) = lines.get(line) {
                let mut x = area.x + heading_prefix_width(&app.reader().doc, block) as u16;
                for (i, c) in text[range.clone()].char_indices() {
                    if x < area.right() && !c.is_whitespace() {
                        out.push((x, y, range.start + i, block));
                    }
                    x += c.width().unwrap_or(0) as u16;
                }
            }
            y += 1;
            line += 1;
        }
        block += 1;
        line = 0;
    }
    out
}

#[test]
fn the_current_match_differs_from_other_matches_and_text_in_both_colours() {
    for (name, theme, fg, bg) in themes() {
        let mut a = app_for(EMBEDDED, theme, 120, 40);
        a.update(Command::SearchStart);
        for c in "guardian".chars() {
            a.update(Command::Insert(c));
        }
        a.update(Command::Accept);
        let buf = draw(&a);
        let search = a.reader().search.as_ref().expect("a search in force");
        let current = search
            .current_range(&a.reader().doc)
            .expect("a current match");
        let all: Vec<_> = search
            .iter_from(&a.reader().doc, 0)
            .map(|(_, m)| m)
            .collect();
        let (mut cur, mut other, mut plain) = (Vec::new(), Vec::new(), Vec::new());
        for (x, y, offset, block) in text_cells(&a) {
            let look = seen(&buf[(x, y)], fg, bg);
            if current.contains(&offset) {
                cur.push(look);
            } else if all.iter().any(|m| m.contains(&offset)) {
                other.push(look);
            } else if a.reader().doc.blocks[block].kind == BlockKind::Paragraph {
                plain.push(look);
            }
        }
        assert!(!cur.is_empty(), "{name}: the current match is on screen");
        assert!(!other.is_empty(), "{name}: another match is on screen");
        assert!(!plain.is_empty(), "{name}: plain text is on screen");
        for &(cf, cb) in &cur {
            for (what, others) in [("another match", &other), ("plain text", &plain)] {
                for &(of, ob) in others.iter() {
                    assert_ne!(cf, of, "{name}: current match foreground = {what}'s");
                    assert_ne!(cb, ob, "{name}: current match background = {what}'s");
                }
            }
        }
    }
}

const LEVELS: &str = r#"title = "Levels"
[[sections]]
title = "Alpha"
body = "Plain words here."
[[sections.links]]
text = "Followed"
url = "https://example.org/x"
[[sections.links]]
text = "Unfollowed"
[[sections.sections]]
title = "Bravo"
[[sections.sections.sections]]
title = "Charlie"
[[sections.sections.sections.sections]]
title = "Delta"
"#;

/// The cells where `word` is drawn in the text pane (right of the sidebar).
fn cells_of<'a>(buf: &'a Buffer, app: &App, word: &str) -> Vec<&'a Cell> {
    let area = app.regions().text;
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(i) = row.find(word) {
            let x = area.x + row[..i].chars().count() as u16;
            return (x..x + word.chars().count() as u16)
                .map(|x| &buf[(x, y)])
                .collect();
        }
    }
    panic!("{word} not drawn");
}

#[test]
fn heading_levels_look_different_in_every_theme() {
    for (name, theme, fg, bg) in themes() {
        let a = app_for(LEVELS, theme, 100, 30);
        let buf = draw(&a);
        let look = |word: &str| {
            let cells = cells_of(&buf, &a, word);
            let first = (seen(cells[0], fg, bg), cells[0].modifier);
            for c in &cells {
                assert_eq!(
                    (seen(c, fg, bg), c.modifier),
                    first,
                    "{name}: {word} is even"
                );
            }
            first
        };
        let levels = [look("Alpha"), look("Bravo"), look("Charlie")];
        let text = look("Plain");
        for i in 0..3 {
            assert_ne!(levels[i], text, "{name}: level {} looks like text", i + 1);
            for j in i + 1..3 {
                assert_ne!(
                    levels[i],
                    levels[j],
                    "{name}: levels {} and {}",
                    i + 1,
                    j + 1
                );
            }
        }
        assert_eq!(
            look("Delta"),
            levels[2],
            "{name}: level 4 looks like level 3"
        );
        if matches!(name, "NO_COLOR" | "terminal") {
            // Without colour the attributes alone tell the levels apart.
            for i in 0..3 {
                for j in i + 1..3 {
                    assert_ne!(levels[i].1, levels[j].1, "{name}: levels {i}, {j}");
                }
            }
        }
    }
}

#[test]
fn a_link_without_an_address_is_a_reference_in_the_text_colour() {
    for (name, theme, fg, bg) in themes() {
        let a = app_for(LEVELS, theme, 100, 30);
        let buf = draw(&a);
        let text = cells_of(&buf, &a, "Plain")[0].clone();
        let link = cells_of(&buf, &a, "Followed")[0].clone();
        for c in cells_of(&buf, &a, "Unfollowed") {
            assert_eq!(seen(c, fg, bg), seen(&text, fg, bg), "{name}: text colours");
            assert!(c.modifier.contains(Modifier::ITALIC), "{name}: italics");
            assert!(
                !c.modifier.contains(Modifier::UNDERLINED),
                "{name}: no underline"
            );
            assert_ne!(
                (seen(c, fg, bg), c.modifier),
                (seen(&link, fg, bg), link.modifier),
                "{name}: unlike a link"
            );
        }
        assert!(
            link.modifier.contains(Modifier::UNDERLINED),
            "{name}: a link is underlined"
        );
    }
}

/// Every rich kind of text in the showcase document, as drawn, looks
/// different from plain text in every theme, and without colour by its
/// attributes alone.
#[test]
fn rich_text_kinds_look_different_from_plain_text_in_every_theme() {
    for (name, theme, fg, bg) in themes() {
        let options = Options {
            theme,
            ..Options::default()
        };
        let mut a = App::new(camp_reader::testing::showcase::document(), options);
        a.update(Event::Resize(100, 120));
        let buf = draw(&a);
        let look = |word: &str| {
            let c = cells_of(&buf, &a, word)[0];
            (seen(c, fg, bg), c.modifier)
        };
        let plain = look("Plain");
        for word in [
            "emphasis", "strong", "both", "struck", "inline", "link", "map", "[1]", "<kbd>",
            "fn main", "rust", "│ A", "• eggs", "┌", "Item",
        ] {
            let kind = look(word);
            assert_ne!(kind, plain, "{name}: {word} looks like plain text");
            if matches!(name, "NO_COLOR" | "terminal") {
                assert_ne!(kind.1, plain.1, "{name}: {word} by attributes");
            }
        }
    }
}
