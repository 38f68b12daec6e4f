//! Rich blocks drawn and printed: every block kind of the showcase
//! document in the text pane at 80 and 40 columns in each theme and with
//! NO_COLOR (characters and a map of the styles on them), `--print` of
//! each kind, search highlights across style changes, and the pane's
//! bounds at every width.

use crate::common;

use std::collections::BTreeMap;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::settings::keymap::Command;
use camp_reader::settings::theme::{Theme, ThemeName};
use camp_reader::testing::showcase;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub(crate) fn themes() -> Vec<(&'static str, Theme)> {
    let mut v: Vec<_> = ThemeName::ALL
        .into_iter()
        .map(|n| (n.name(), Theme::by_name(n)))
        .collect();
    v.push(("no-color", Theme::no_color()));
    v
}

fn app(theme: Theme, w: u16, h: u16) -> App {
    let options = Options {
        theme,
        ..Options::default()
    };
    let mut app = App::new(showcase::document(), options);
    app.update(Event::Resize(w, h));
    app
}

/// The text pane as rows of characters, each followed by a row of style
/// letters (one letter per distinct style, in order of appearance; `.`
/// for an untouched cell), and the legend of the letters.
pub(crate) fn pane_with_styles(buf: &Buffer, area: Rect) -> String {
    let mut letters: BTreeMap<String, char> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut text = String::new();
        let mut styles = String::new();
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            let style = format!("{:?}", cell.style());
            let plain = cell.fg == ratatui::style::Color::Reset
                && cell.bg == ratatui::style::Color::Reset
                && cell.modifier.is_empty();
            let letter = if plain {
                '.'
            } else {
                let next = (b'a' + letters.len() as u8 % 26) as char;
                *letters.entry(style.clone()).or_insert_with(|| {
                    order.push(style.clone());
                    next
                })
            };
            styles.push(letter);
        }
        out.push_str(&format!("|{}|\n|{}|\n", text, styles));
    }
    out.push('\n');
    for style in order {
        out.push_str(&format!("{}: {}\n", letters[&style], style));
    }
    out
}

#[test]
fn every_block_kind_in_every_theme_at_80_and_40_columns() {
    for width in [80u16, 40] {
        for (name, theme) in themes() {
            let a = app(theme, width, 120);
            let buf = common::draw(&a);
            let area = a.regions().text;
            insta::assert_snapshot!(format!("rich_{name}_{width}"), pane_with_styles(&buf, area));
        }
    }
}

#[test]
fn print_writes_what_the_pane_shows_for_each_kind() {
    let doc = showcase::document();
    for width in [80, 40] {
        let text = camp_reader::render::print::print(&doc, None, width, false);
        insta::assert_snapshot!(format!("rich_print_{width}"), text);
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= width,
                "{width}: {line:?}"
            );
        }
        let joined = text.replace('\n', " ");
        for shown in [
            "link to the web <https://example.org/page>",
            "a map of the camp <map.png>",
        ] {
            assert!(joined.contains(shown), "{width}: {shown:?} in\n{text}");
        }
        for shown in [
            "• eggs",
            "  ◦ semi-skimmed",
            "10. tenth",
            "☑ done task",
            "│ │ A quote inside the quote.",
            "┌──────┬─────┬",
            "│ Item │ Qty │",
            "[1] The footnote's text",
            "<div class=\"note\">",
        ] {
            assert!(text.contains(shown), "{width}: {shown:?} in\n{text}");
        }
        // A tight list has no blank line between its items.
        assert!(text.contains("• eggs\n• milk"), "{text}");
    }
    let wide = camp_reader::render::print::print(&doc, None, 80, false);
    assert!(
        wide.contains(
            "      println!(\"a line of code long enough to be cut at forty columns\");\n"
        ),
        "code unwrapped when it fits: {wide}"
    );
    let narrow = camp_reader::render::print::print(&doc, None, 40, false);
    assert!(
        narrow.contains("\n  ↪gh to be cut"),
        "a cut code line continues: {narrow}"
    );
}

/// Every line of every block at every width from 1 to 120 fits the width,
/// and the whole app draws at each without panicking.
#[test]
fn nothing_is_drawn_outside_the_pane_at_any_width() {
    let doc = showcase::document();
    for width in 1..=120usize {
        for block in 0..doc.blocks.len() {
            let src = camp_reader::render::compose::Src::of(&doc, block);
            let lines = camp_reader::render::compose::lines(&doc, block, &src, width);
            for i in 0..lines.ranges.len() {
                let segs = camp_reader::render::compose::line(
                    &doc,
                    block,
                    &src,
                    &lines.ranges,
                    lines.grid.as_deref(),
                    i,
                    width,
                );
                let w: usize = segs.iter().map(|s| s.width()).sum();
                assert!(w <= width, "block {block} line {i} at {width}: {segs:?}");
            }
            let blank = camp_reader::render::compose::blank_line(&doc, block, width);
            assert!(blank.iter().map(|s| s.width()).sum::<usize>() <= width);
        }
        let text = camp_reader::render::print::print(&doc, None, width, false);
        // But a URL wider than the line, printed whole on a line of its
        // own (after a quote's bar or a list's indent, if any).
        let whole_url = |l: &str| {
            let (head, url) = l.rsplit_once(' ').unwrap_or(("", l));
            url.contains("://") && !head.chars().any(char::is_alphanumeric)
        };
        assert!(
            text.lines()
                .all(|l| unicode_width::UnicodeWidthStr::width(l) <= width.max(1) || whole_url(l)),
            "print at {width}"
        );
    }
    for w in 1..=60u16 {
        let a = app(Theme::default(), w, 10);
        common::draw(&a);
        let mut a = a;
        a.update(Command::Bottom);
        common::draw(&a);
    }
}

#[test]
fn a_table_too_narrow_for_its_columns_becomes_header_value_lines() {
    let doc = showcase::document();
    let block = doc
        .blocks
        .iter()
        .position(|b| {
            matches!(
                b.kind,
                camp_reader::model::document::BlockKind::Table { .. }
            )
        })
        .unwrap();
    let src = camp_reader::render::compose::Src::of(&doc, block);
    let shown = |width: usize| -> Vec<String> {
        let lines = camp_reader::render::compose::lines(&doc, block, &src, width);
        (0..lines.ranges.len())
            .map(|i| {
                camp_reader::render::compose::plain(&camp_reader::render::compose::line(
                    &doc,
                    block,
                    &src,
                    &lines.ranges,
                    lines.grid.as_deref(),
                    i,
                    width,
                ))
            })
            .collect()
    };
    // The grid holds each column's widest word (`Item`, `Qty`,
    // `long-life`) and its borders from 20 columns on, tight; narrower,
    // it would cut words: fields, the value below its key, or beside it
    // when both fit.
    assert_eq!(shown(20)[0], "┌────┬───┬─────────┐");
    assert_eq!(shown(26)[0], "┌──────┬─────┬───────────┐");
    assert_eq!(shown(19)[..2], ["Item: eggs", "Qty:  12"]);
    let narrow = shown(6);
    assert!(narrow.iter().all(|l| !l.contains('│')), "{narrow:?}");
    assert_eq!(narrow[..4], ["Item:", "eggs", "Qty:", "12"], "{narrow:?}");
    // Keys beside their values when both fit.
    let mut m = camp_reader::testing::showcase::Make::new();
    m.section("Wide").table(
        &[camp_reader::model::document::Align::None; 8],
        &[
            &["a", "b", "c", "d", "e", "f", "g", "h"],
            &["1", "2", "3", "4", "5", "6", "7", "8"],
        ],
    );
    let wide = m.build("T");
    let src = camp_reader::render::compose::Src::of(&wide, 1);
    let lines = camp_reader::render::compose::lines(&wide, 1, &src, 12);
    let first = camp_reader::render::compose::line(
        &wide,
        1,
        &src,
        &lines.ranges,
        lines.grid.as_deref(),
        0,
        12,
    );
    assert_eq!(camp_reader::render::compose::plain(&first), "a: 1");
    assert_eq!(lines.ranges.len(), 8);
    // At 1 column, still every cell's letters, one column at a time.
    let one: String = shown(1).concat();
    for word in ["eggs", "milk", "free", "weeks"] {
        let letters: String = word.chars().collect();
        assert!(one.contains(&letters), "{word} in {one}");
    }
}

#[test]
fn a_search_highlight_covers_exactly_the_match_across_style_changes() {
    let mut a = app(Theme::no_color(), 80, 40);
    a.update(Command::SearchStart);
    common::type_query(&mut a, "strong, both, str");
    a.update(Command::Accept);
    let buf = common::draw(&a);
    let area = a.regions().text;
    let (y, row) = (area.top()..area.bottom())
        .map(|y| (y, common::row(&buf, y)))
        .find(|(_, r)| r.contains("strong, both, struck"))
        .expect("the styled line is drawn");
    let at = row.find("strong, both, str").unwrap();
    let x0 = row[..at].chars().count() as u16;
    let n = "strong, both, str".chars().count() as u16;
    use ratatui::style::Modifier;
    for x in x0..x0 + n {
        assert!(
            buf[(x, y)].modifier.contains(Modifier::REVERSED),
            "cell {x} is the current match"
        );
    }
    for x in [x0 - 1, x0 + n] {
        assert!(
            !buf[(x, y)].modifier.contains(Modifier::REVERSED),
            "cell {x}"
        );
    }
    // Each cell keeps its own style under the match: `both` is italic and
    // bold, `str` of `struck` crossed out.
    let both = x0 + "strong, ".len() as u16;
    assert!(
        buf[(both, y)]
            .modifier
            .contains(Modifier::ITALIC | Modifier::BOLD)
    );
    assert!(
        buf[(x0 + n - 1, y)]
            .modifier
            .contains(Modifier::CROSSED_OUT)
    );
}

mod props {
    use camp_reader::model::document::{BlockKind, Document, FrameKind, Inline, Marker};
    use camp_reader::render::compose::{self, Src};
    use camp_reader::render::layout::Layout;
    use camp_reader::testing::showcase::Make;
    use proptest::prelude::*;

    /// Words of several scripts and widths, with soft hyphens, URLs and
    /// hard breaks among them.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,12}",
            Just("東京都".to_string()),
            Just("co\u{ad}op\u{ad}er\u{ad}ate".to_string()),
            Just("https://example.org/a/b?c=d&e#f".to_string()),
            Just("\n".to_string()),
            Just("é\u{301}".to_string()),
            "[a-z]{30,60}",
        ]
    }

    fn piece() -> impl Strategy<Value = (String, u16)> {
        (prop::collection::vec(word(), 1..6), 0u16..256).prop_map(|(w, style)| (w.join(" "), style))
    }

    #[derive(Debug, Clone)]
    enum Kind {
        Text(Vec<(String, u16)>),
        Code(String),
        Html(String),
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop_oneof![
            3 => prop::collection::vec(piece(), 1..5).prop_map(Kind::Text),
            1 => prop::collection::vec("[ -~]{0,90}", 1..4).prop_map(|l| Kind::Code(l.join("\n"))),
            1 => prop::collection::vec("[ -~]{0,50}", 1..3).prop_map(|l| Kind::Html(l.join("\n"))),
        ]
    }

    /// Blocks, each inside 0–3 frames (quotes and list items).
    fn doc() -> impl Strategy<Value = Document> {
        prop::collection::vec(
            (kind(), prop::collection::vec(0u8..3, 0..4), any::<bool>()),
            1..6,
        )
        .prop_map(|blocks| {
            let mut m = Make::new();
            m.section("S");
            for (kind, frames, joins) in blocks {
                let mut parent = None;
                for f in frames {
                    let k = match f {
                        0 => FrameKind::Quote,
                        1 => FrameKind::Item {
                            marker: Marker::Bullet { level: 0 },
                            indent: 2,
                        },
                        _ => FrameKind::Item {
                            marker: Marker::Number(123),
                            indent: 5,
                        },
                    };
                    parent = Some(m.frame(k, parent));
                }
                match kind {
                    Kind::Text(pieces) => {
                        let pieces: Vec<_> = pieces
                            .iter()
                            .map(|(t, s)| (t.as_str(), Inline(*s), None))
                            .collect();
                        m.block(BlockKind::Paragraph, &pieces, parent, joins);
                    }
                    Kind::Code(t) => {
                        m.code(Some("sh"), &t, parent);
                    }
                    Kind::Html(t) => {
                        m.block(
                            BlockKind::Html,
                            &[(t.as_str(), Inline::default(), None)],
                            parent,
                            joins,
                        );
                    }
                }
            }
            m.build("T")
        })
    }

    fn visible(s: &str) -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}'))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn lines_keep_every_character_in_order_and_fit(doc in doc(), width in 1usize..100) {
            let mut layout = Layout::new(&doc, width);
            for block in 0..doc.blocks.len() {
                let src = Src::of(&doc, block);
                let lines = compose::lines(&doc, block, &src, width);
                // The layout's lazy cut is the same as the whole one.
                prop_assert_eq!(layout.lines(&doc, block), &lines.ranges[..]);
                let mut shown = String::new();
                for i in 0..lines.ranges.len() {
                    let segs = compose::line(&doc, block, &src, &lines.ranges, None, i, width);
                    let w: usize = segs.iter().map(|s| s.width()).sum();
                    prop_assert!(w <= width, "line {} of block {} is {} wide", i, block, w);
                    for s in &segs {
                        if let Some(r) = &s.source
                            && s.text == doc.text()[r.clone()] {
                                shown.push_str(&s.text);
                            }
                    }
                }
                // A heading's title needs room beside its number (as before
                // rich text); every other kind shows all its text.
                // A wide character cannot be shown in one column.
                if doc.blocks[block].kind != BlockKind::Heading && width > 1 {
                    prop_assert_eq!(visible(&shown), visible(doc.block_text(block)), "block {}", block);
                }
            }
        }
    }
}

/// Issue 13 draws on top of the composed lines: each visible link piece
/// covers exactly the cells where its text is drawn, past list markers,
/// quote bars and style changes; `--print` to a terminal makes the text
/// of a web link a hyperlink and leaves the rest plain.
#[test]
fn link_pieces_and_hyperlinks_follow_the_composed_text() {
    let a = app(Theme::no_color(), 80, 60);
    let buf = common::draw(&a);
    let pieces = a.visible_links();
    let web = pieces
        .iter()
        .find(|p| a.reader().doc.link_target(p.link) == "https://example.org/page")
        .expect("the web link is on screen");
    let drawn: String = web
        .x
        .clone()
        .map(|x| buf[(x, web.y)].symbol().to_string())
        .collect();
    assert!(
        drawn.len() > 4 && "link to the web".starts_with(&drawn),
        "{drawn:?}"
    );
    let row = common::row(&buf, web.y);
    let at = row.find("link").unwrap();
    assert_eq!(web.x.start, row[..at].chars().count() as u16);

    let doc = showcase::document();
    let linked = camp_reader::render::print::print(&doc, None, 80, true);
    assert!(linked.contains("\u{1b}]8;"), "a hyperlink: {linked:?}");
    let plain = camp_reader::render::print::print(&doc, None, 80, false);
    assert!(!plain.contains('\u{1b}'));
    // The same characters once the hyperlinks are taken out.
    let stripped = strip_osc8(&linked);
    assert_eq!(stripped, plain);
}

/// `s` without its OSC 8 sequences (`ESC ] 8 ; params ; url ESC \`).
fn strip_osc8(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\u{1b}]8;") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find("\u{1b}\\").map_or(after.len(), |j| j + 2);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Matches inside a table cell and a cut code line are painted where
/// those characters are drawn: past the borders and padding, and past the
/// `↪` of a continued line.
#[test]
fn search_highlights_land_in_table_cells_and_continued_code_lines() {
    use ratatui::style::Modifier;
    for (query, shown) in [
        ("free range", "free range"),
        ("gh to be cut", "gh to be cut"),
    ] {
        let mut a = app(Theme::no_color(), 40, 80);
        a.update(Command::SearchStart);
        common::type_query(&mut a, query);
        a.update(Command::Accept);
        let buf = common::draw(&a);
        let area = a.regions().text;
        let (y, row) = (area.top()..area.bottom())
            .map(|y| (y, common::row(&buf, y)))
            .find(|(_, r)| r.contains(shown))
            .unwrap_or_else(|| panic!("{shown} drawn"));
        let at = row.find(shown).unwrap();
        let x0 = row[..at].chars().count() as u16;
        let n = shown.chars().count() as u16;
        let marked: Vec<bool> = (area.left()..area.right())
            .map(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
            .collect();
        let expected: Vec<bool> = (area.left()..area.right())
            .map(|x| x >= x0 && x < x0 + n)
            .collect();
        assert_eq!(marked, expected, "{query}: {row}");
    }
}
