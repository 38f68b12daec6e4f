//! Chop mode (issue 21, as less's `-S`): `S`, `Left`/`Right`, the
//! markers, and what follows the sideways scroll (matches, the link
//! cursor, clicks, hyperlink cells); prose keeps wrapping; `--print`
//! never chops.

use crate::common;

use camp_reader::app::{App, Event, Options};
use camp_reader::load::parse_markdown;
use camp_reader::render::compose::{CHOP_LEFT, CHOP_RIGHT, Role, Segment};
use camp_reader::settings::keymap::Command;
use camp_reader::text::wrap::text_width;

/// A code line, a wide table with a link in its last column, a long
/// paragraph, and wide characters in code.
const DOC: &str = "# Chop\n\n\
Some prose that is long enough to wrap over more than one line of a narrow pane, as prose always does.\n\n\
```rust\nfn main() { let numbers = vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]; println!(\"{numbers:?} needle\"); }\nshort();\n```\n\n\
| Target | Triple | Implementation | More |\n| --- | --- | --- | --- |\n\
| Linux, Android | *-linux-* | getrandom system call if available, otherwise /dev/urandom | [far link](https://example.org/far) |\n\
| Windows | *-windows-* | ProcessPrng | none |\n\n\
```\n東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都 end\n```\n\n\
The end.\n";

fn app(md: &str, chop: bool, w: u16, h: u16) -> App {
    let doc = parse_markdown("chop.md", "chop", md).expect("loads");
    let mut app = App::new(
        doc,
        Options {
            chop,
            sidebar: Some(false),
            ..Options::default()
        },
    );
    app.update(Event::Resize(w, h));
    app
}

fn rows(app: &App) -> Vec<String> {
    app.composed()
        .rows
        .iter()
        .map(|(_, segs)| segs.iter().map(|s| s.text.as_ref()).collect())
        .collect()
}

fn screen(app: &App) -> Vec<String> {
    let buf = common::draw(app);
    let area = app.regions().text;
    (area.top()..area.bottom())
        .map(|y| {
            // A wide glyph once, not with the blank cell it covers.
            let mut out = String::new();
            let mut x = area.left();
            while x < area.right() {
                let symbol = buf[(x, y)].symbol();
                out.push_str(symbol);
                x += text_width(symbol).max(1) as u16;
            }
            out
        })
        .collect()
}

fn row_with<'a>(rows: &'a [String], needle: &str) -> Option<&'a String> {
    rows.iter().find(|r| r.contains(needle))
}

#[test]
fn code_and_table_lines_are_cut_while_prose_wraps() {
    let wrapped = app(DOC, false, 60, 60);
    let chopped = app(DOC, true, 60, 60);
    let (w, c) = (rows(&wrapped), rows(&chopped));
    // Without chop the code line goes on after ↪; with it, it is one row
    // ending in the marker.
    assert!(w.iter().any(|r| r.contains('↪')), "{w:#?}");
    assert!(!c.iter().any(|r| r.contains('↪')), "{c:#?}");
    let code = row_with(&c, "fn main()").expect("code row");
    assert!(code.trim_end().ends_with(CHOP_RIGHT), "{code:?}");
    assert!(!c.iter().any(|r| r.contains("needle")), "cut: {c:#?}");
    // The table keeps its natural columns: a row a line, cut at the edge.
    let linux = row_with(&c, "Linux, Android").expect("table row");
    assert!(linux.trim_end().ends_with(CHOP_RIGHT), "{linux:?}");
    assert!(!c.iter().any(|r| r.contains("otherwise")), "{c:#?}");
    assert_eq!(c.iter().filter(|r| r.contains("Linux")).count(), 1);
    // Prose wraps the same either way.
    let prose = |rows: &[String]| {
        rows.iter()
            .filter(|r| r.contains("prose") || r.contains("as prose always"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(prose(&c).len() >= 2, "{c:#?}");
    assert_eq!(prose(&c), prose(&w));
    // Nothing is drawn past the pane.
    let width = chopped.regions().text.width as usize;
    for r in &c {
        assert!(text_width(r) <= width, "{r:?}");
    }
}

#[test]
fn right_and_left_scroll_by_half_the_pane_with_markers() {
    let mut a = app(DOC, true, 60, 60);
    let half = a.regions().text.width as usize / 2;
    assert_eq!(a.sideways_step(), half);
    a.update(Command::ScrollRight);
    assert_eq!(a.reader().xoff, half);
    let r = rows(&a);
    let code = row_with(&r, "vec![").expect("code row");
    // Hidden on both sides: both markers.
    assert!(code.trim_start().starts_with(CHOP_LEFT), "{code:?}");
    assert!(code.trim_end().ends_with(CHOP_RIGHT), "{code:?}");
    // The column the window starts at is the one half a pane in.
    let full = "fn main() { let numbers = vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];";
    let after_marker = code.trim_start().trim_start_matches(CHOP_LEFT);
    // Code is set in 2 columns: the text's column `half - 2` is the
    // window's first, behind the marker; the next one shows.
    assert!(
        full[half - 2 + 1..].starts_with(&after_marker[..10]),
        "{after_marker:?} vs {:?}",
        &full[half - 1..]
    );
    // Prose does not move.
    assert!(row_with(&r, "Some prose").is_some(), "{r:#?}");
    a.update(Command::ScrollLeft);
    assert_eq!(a.reader().xoff, 0);
    a.update(Command::ScrollLeft);
    assert_eq!(a.reader().xoff, 0);
    assert_eq!(a.status().message.as_deref(), Some("at the left edge"));
    // Right goes on only while something is hidden there.
    for _ in 0..50 {
        a.update(Command::ScrollRight);
    }
    let far = a.reader().xoff;
    assert!(far > half && far < 400, "{far}");
    assert_eq!(
        a.status().message.as_deref(),
        Some("nothing more to the right")
    );
    assert!(!a.composed().hidden_right);
    // The status line says where the window starts.
    let buf = common::draw(&a);
    let status = common::row(&buf, buf.area.height - 1);
    assert!(status.contains(&format!("col {}", far + 1)), "{status:?}");
}

#[test]
fn a_count_before_an_arrow_is_columns_and_stays_for_later_steps() {
    // less: "N RIGHTARROW" scrolls N characters, and N becomes the default.
    let mut a = app(DOC, true, 60, 60);
    let half = a.sideways_step();
    a.update(Command::Count(4));
    a.update(Command::ScrollRight);
    assert_eq!(a.reader().xoff, 4);
    a.update(Command::ScrollRight);
    assert_eq!(a.reader().xoff, 8, "the count is kept");
    a.update(Command::ScrollLeft);
    assert_eq!(a.reader().xoff, 4);
    assert_eq!(a.sideways_step(), 4);
    assert_ne!(half, 4);
}

#[test]
fn s_toggles_chop_and_arrows_say_so_when_it_is_off() {
    let mut a = app(DOC, false, 60, 60);
    a.update(Command::ScrollRight);
    assert_eq!(a.reader().xoff, 0);
    assert!(
        a.status()
            .message
            .as_deref()
            .is_some_and(|m| m.contains("S chops")),
        "{:?}",
        a.status().message
    );
    a.update(Command::ToggleChop);
    assert!(a.chop());
    assert!(!rows(&a).iter().any(|r| r.contains('↪')));
    a.update(Command::ScrollRight);
    assert!(a.reader().xoff > 0);
    a.update(Command::ToggleChop);
    assert!(!a.chop());
    assert_eq!(a.reader().xoff, 0);
    assert!(rows(&a).iter().any(|r| r.contains('↪')));
    // The keys are in the one keymap table.
    use camp_reader::settings::keymap::{Context, Key, Keymap};
    use ratatui::crossterm::event::KeyCode;
    let map = Keymap::default();
    assert_eq!(
        map.lookup(Context::Text, Key::char('S')),
        Some(Command::ToggleChop)
    );
    assert_eq!(
        map.lookup(Context::Text, Key::plain(KeyCode::Right)),
        Some(Command::ScrollRight)
    );
    assert_eq!(
        map.lookup(Context::Text, Key::plain(KeyCode::Left)),
        Some(Command::ScrollLeft)
    );
}

#[test]
fn the_top_line_stays_when_chop_is_toggled() {
    let mut a = app(DOC, false, 40, 10);
    a.update(Command::Bottom);
    let before = rows(&a)[0].clone();
    a.update(Command::ToggleChop);
    a.update(Command::ToggleChop);
    assert_eq!(rows(&a)[0], before);
}

#[test]
fn the_horizontal_wheel_scrolls_the_text_pane() {
    let mut a = app(DOC, true, 60, 60);
    let t = a.regions().text;
    a.update(Command::WheelSideways {
        column: t.x + 2,
        row: t.y + 2,
        right: true,
    });
    assert_eq!(a.reader().xoff, a.sideways_step());
    // Over the title line: nothing.
    a.update(Command::WheelSideways {
        column: t.x + 2,
        row: 0,
        right: false,
    });
    assert_eq!(a.reader().xoff, a.sideways_step());
    a.update(Command::WheelSideways {
        column: t.x + 2,
        row: t.y + 2,
        right: false,
    });
    assert_eq!(a.reader().xoff, 0);
}

#[test]
fn a_match_off_to_the_side_is_scrolled_to() {
    let mut a = app(DOC, true, 60, 60);
    a.update(Command::SearchStart);
    common::type_query(&mut a, "needle");
    a.update(Command::Accept);
    assert!(a.reader().xoff > 0, "scrolled sideways");
    let shown = screen(&a);
    assert!(
        shown.iter().any(|r| r.contains("needle")),
        "{shown:#?} at {}",
        a.reader().xoff
    );
    // The match is painted where it is drawn.
    let buf = common::draw(&a);
    let t = a.regions().text;
    let y = (t.top()..t.bottom())
        .find(|&y| common::row(&buf, y).contains("needle"))
        .expect("row");
    let line = common::row(&buf, y);
    let col = line[..line.find("needle").unwrap()].chars().count() as u16;
    let style = buf[(col, y)].style();
    let current = a.options().theme.search_current;
    assert_eq!(style.bg, current.bg.or(style.bg), "{style:?}");
    assert!(
        style.add_modifier.contains(current.add_modifier),
        "{style:?} vs {current:?}"
    );
    // Back to the start, n shows it again.
    for _ in 0..20 {
        a.update(Command::ScrollLeft);
    }
    assert_eq!(a.reader().xoff, 0);
    assert!(!screen(&a).iter().any(|r| r.contains("needle")));
    a.update(Command::SearchNext);
    assert!(screen(&a).iter().any(|r| r.contains("needle")));
}

#[test]
fn tab_reaches_a_link_off_to_the_side_and_clicks_follow_the_scroll() {
    let mut a = app(DOC, true, 60, 60);
    assert!(a.visible_links().is_empty(), "{:?}", a.visible_links());
    a.update(Command::LinkNext);
    let link = a.reader().link_cursor.expect("a link selected");
    assert!(a.reader().xoff > 0);
    let piece = a
        .visible_links()
        .iter()
        .find(|p| p.link == link)
        .expect("the link is drawn")
        .clone();
    // Its cells show its text, and a click there finds it.
    let buf = common::draw(&a);
    let drawn: String = piece
        .x
        .clone()
        .map(|x| buf[(x, piece.y)].symbol())
        .collect();
    assert_eq!(drawn, "far link");
    assert_eq!(a.link_at(piece.x.start, piece.y), Some(link));
    assert_eq!(a.link_at(piece.x.start.saturating_sub(3), piece.y), None);
    // Its hyperlink cells (OSC 8) are those cells.
    let mut b = app(DOC, true, 60, 60);
    b.options_mut().hyperlinks = true;
    b.update(Command::LinkNext);
    let buf = common::draw(&b);
    let marked: Vec<u16> = (0..buf.area.width)
        .filter(|&x| buf[(x, piece.y)].symbol().contains("example.org/far"))
        .collect();
    assert_eq!(marked, piece.x.clone().collect::<Vec<_>>());
}

/// Each column of `full` (a line of text as laid out from column 0), its
/// glyph, or `None` on the second column of a wide one.
fn columns(full: &str) -> Vec<Option<char>> {
    let mut out = Vec::new();
    for c in full.chars() {
        out.push(Some(c));
        for _ in 1..text_width(c.encode_utf8(&mut [0; 4])) {
            out.push(None);
        }
    }
    out
}

#[test]
fn wide_characters_at_the_edges_are_never_halved() {
    let line = "東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都東京都 end";
    let full = columns(&format!("  {line}"));
    for width in [20u16, 21, 33, 40] {
        let mut a = app(DOC, true, width + 4, 60);
        let pane = a.regions().text.width as usize;
        for step in 0..12 {
            let xoff = a.reader().xoff;
            let r = rows(&a);
            let Some(row) = r.iter().find(|r| r.contains("東") || r.contains(" end")) else {
                panic!("no row at {width}/{step}: {r:#?}");
            };
            assert!(text_width(row) <= pane, "{row:?}");
            // Every glyph shown sits at its own column of the line.
            let mut col = 0;
            for c in row.chars() {
                let w = text_width(c.encode_utf8(&mut [0; 4]));
                if c == '東' || c == '京' || c == '都' {
                    assert_eq!(
                        full.get(xoff + col).copied().flatten(),
                        Some(c),
                        "{row:?} at {xoff}, width {width}"
                    );
                }
                col += w;
            }
            a.update(Command::ScrollRight);
        }
    }
}

#[test]
fn resizing_keeps_the_scroll_and_the_rows_inside_the_pane() {
    let mut a = app(DOC, true, 60, 30);
    a.update(Command::ScrollRight);
    let xoff = a.reader().xoff;
    for (w, h) in [(40, 12), (120, 40), (12, 6), (3, 3), (80, 24)] {
        a.update(Event::Resize(w, h));
        // Something is still hidden to the right (or no chopped row
        // shows): the scroll stays.
        assert!(
            a.composed().hidden_right || !a.composed().chopped,
            "{w}x{h}"
        );
        assert_eq!(a.reader().xoff, xoff);
        let width = a.regions().text.width as usize;
        for (_, segs) in &a.composed().rows {
            let used: usize = segs.iter().map(Segment::width).sum();
            assert!(used <= width, "{w}x{h}: {segs:?}");
        }
    }
    // Scrolled to the end, then made wider: back left as far as nothing
    // shows hidden on the right.
    let mut a = app(DOC, true, 40, 60);
    for _ in 0..40 {
        a.update(Command::ScrollRight);
    }
    let far = a.reader().xoff;
    a.update(Event::Resize(104, 60));
    let xoff = a.reader().xoff;
    assert!(xoff < far, "{xoff} {far}");
    assert!(!a.composed().hidden_right);
    a.update(Command::ScrollLeft);
    assert!(a.composed().hidden_right || xoff == 0);
}

#[test]
fn chop_is_remembered_per_document_when_s_changed_it() {
    use camp_reader::app::session;
    use camp_reader::settings::state::{DocState, StateFile};
    let mut a = app(DOC, false, 60, 20);
    assert_eq!(session::chop_choice(&a, false), None);
    a.update(Command::ToggleChop);
    assert_eq!(session::chop_choice(&a, false), Some(true));
    // Started chopped (--chop, or the config): only turning it off is news.
    assert_eq!(session::chop_choice(&a, true), None);
    let mut file = StateFile::default();
    file.put(DocState {
        chop: session::chop_choice(&a, false),
        ..session::record(&mut a, "file:/x.md", "h")
    });
    let text = toml::to_string(&file).expect("serializes");
    assert!(text.contains("chop = true"), "{text}");
    let back: StateFile = toml::from_str(&text).expect("reads");
    assert_eq!(session::remembered_chop(&back, "file:/x.md"), Some(true));
    assert_eq!(session::remembered_chop(&back, "file:/y.md"), None);
}

fn pane_text(app: &App) -> String {
    screen(app)
        .iter()
        .map(|r| r.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn chopped_screens_at_80_and_40_columns() {
    for width in [80u16, 40] {
        let mut a = app(DOC, true, width, 40);
        insta::assert_snapshot!(format!("chop_{width}"), pane_text(&a));
        a.update(Command::ScrollRight);
        insta::assert_snapshot!(format!("chop_{width}_right"), pane_text(&a));
    }
}

#[test]
fn code_labels_and_markers_take_their_roles() {
    let mut a = app(DOC, true, 60, 60);
    a.update(Command::ScrollRight);
    // A code row's marks keep the block's background (the label's role);
    // a table's are continuation marks.
    let mut kinds = std::collections::BTreeSet::new();
    for (_, row) in &a.composed().rows {
        let code = row.iter().any(|s| s.role == Role::Code);
        for s in row
            .iter()
            .filter(|s| s.text == CHOP_LEFT || s.text == CHOP_RIGHT)
        {
            let want = if code {
                Role::Label
            } else {
                Role::Continuation
            };
            assert_eq!(s.role, want, "{row:?}");
            assert!(s.source.is_none());
            kinds.insert(code);
        }
    }
    assert_eq!(kinds.len(), 2, "marks in code and in a table");
    // The language line stays at the pane's right edge.
    let r = rows(&a);
    let label = row_with(&r, "rust").expect("label row");
    assert!(!label.contains(CHOP_LEFT), "{label:?}");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever the document, width, scroll and resizes: no row of
        /// the pane is wider than the pane and none carries a control
        /// character; a wide glyph is never cut.
        #[test]
        fn chopped_rows_fit_the_pane(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "```\n", "| a | b |\n| - | - |\n", "| 東京 | x\u{301}y |\n", "東京都", "\u{1f600}",
                "\u{1f468}\u{200d}\u{1f469}", "word ", "\t", "\u{1b}[31m", "\n", "\n\n", "> ", "- ",
                "[l](https://e.org) ",
                // (After a blank line: a <pre> inside a table row leaks its
                // line ends into the cell, a loader matter of its own.)
                "\n\n<pre>\nx 東\n</pre>\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ]), 0..60),
            width in 1u16..90,
            height in 1u16..30,
            rights in 0usize..8,
            lefts in 0usize..3,
            resize in 1u16..100,
        ) {
            let md = format!("# T\n\n{}", pieces.concat());
            let mut a = app(&md, true, width, height);
            for i in 0..rights + lefts {
                a.update(if i < rights { Command::ScrollRight } else { Command::ScrollLeft });
                check(&a)?;
            }
            a.update(Command::LineDown);
            check(&a)?;
            a.update(Event::Resize(resize, height));
            check(&a)?;
        }

        /// The showcase holds every kind of block (a raw HTML block too).
        #[test]
        fn the_showcase_chopped_fits(width in 1u16..90, rights in 0usize..6) {
            let doc = camp_reader::testing::showcase::document();
            let mut a = App::new(doc, Options { chop: true, ..Options::default() });
            a.update(Event::Resize(width, 200));
            for _ in 0..rights {
                a.update(Command::ScrollRight);
                check(&a)?;
            }
        }
    }

    fn check(a: &App) -> Result<(), TestCaseError> {
        let width = a.regions().text.width as usize;
        for (_, segs) in &a.composed().rows {
            let used: usize = segs.iter().map(Segment::width).sum();
            prop_assert!(used <= width, "{} > {}: {:?}", used, width, segs);
            for s in segs {
                prop_assert!(!s.text.chars().any(char::is_control), "{:?}", s.text);
            }
        }
        let buf = common::draw(a);
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                prop_assert!(!buf[(x, y)].symbol().chars().any(char::is_control));
            }
        }
        Ok(())
    }
}

/// A line of code megabytes long is composed only near the window: what a
/// frame holds stays a screen's worth wherever the scroll is.
#[test]
fn a_huge_code_line_is_composed_near_the_window_only() {
    let line: String = "abc 東京 ".repeat(100_000);
    let md = format!("# H\n\n```\n{line}\n```\n");
    let mut a = app(&md, true, 80, 10);
    for step in 0..5 {
        let bytes: usize = a
            .composed()
            .rows
            .iter()
            .flat_map(|(_, s)| s)
            .map(|s| s.text.len())
            .sum();
        assert!(bytes < 4_000, "step {step}: {bytes} bytes composed");
        assert!(a.composed().hidden_right);
        a.update(Command::ScrollRight);
    }
    assert!(a.reader().xoff > 0);
}

/// A match scrolled to while the query is typed is left on Esc, and each
/// new letter searches from where the prompt opened, sideways too.
#[test]
fn esc_in_the_search_prompt_goes_back_sideways_too() {
    let mut a = app(DOC, true, 60, 60);
    a.update(Command::SearchStart);
    common::type_query(&mut a, "needle");
    assert!(a.reader().xoff > 0);
    a.update(Command::Close);
    assert_eq!(a.reader().xoff, 0);
    // Typed on: "fn main" is at the start, the scroll goes back there.
    a.update(Command::SearchStart);
    common::type_query(&mut a, "needle");
    assert!(a.reader().xoff > 0);
    for _ in 0.."needle".len() {
        a.update(Command::DeleteBack);
    }
    common::type_query(&mut a, "fn main");
    assert_eq!(a.reader().xoff, 0);
    // The match list's Esc too.
    a.update(Command::Close);
    a.update(Command::SearchStart);
    common::type_query(&mut a, "needle");
    a.update(Command::Accept);
    let scrolled = a.reader().xoff;
    assert!(scrolled > 0);
    for _ in 0..20 {
        a.update(Command::ScrollLeft);
    }
    a.update(Command::ShowResults);
    a.update(Command::SelectNext);
    a.update(Command::Close);
    assert_eq!(a.reader().xoff, 0);
}

/// In chop mode a control character's notation (`^?`, `^[`, `<U+0085>`)
/// cut by an edge shows as blanks, as a wide glyph does: never a part of
/// it (`^?^»` was seen).
#[test]
fn a_control_characters_notation_is_never_cut_in_part() {
    let mut line = String::new();
    for i in 0..12 {
        line.push_str(&"x".repeat(i % 5));
        line.push_str(["\u{7f}", "\u{1b}", "\u{85}"][i % 3]);
    }
    let md = format!("# C\n\n```\n{line} end\n```\n");
    // The line as shown from column 0 (code is set 2 columns in), and
    // the column range of each notation in it.
    let shown = format!(
        "  {}",
        line.replace('\u{7f}', "^?")
            .replace('\u{1b}', "^[")
            .replace('\u{85}', "<U+0085>")
    );
    let mut notations = Vec::new();
    let mut at = 0;
    while at < shown.len() {
        let n = camp_reader::text::sanitize::notation_len(&shown[at..]);
        match n {
            Some(n) => {
                notations.push(at..at + n);
                at += n;
            }
            None => at += 1,
        }
    }
    assert_eq!(notations.len(), 12, "{shown:?}");
    let mut cut_seen = 0;
    for width in [9u16, 10, 11, 13, 17, 23] {
        let mut a = app(&md, true, width + 4, 20);
        let pane = a.regions().text.width as usize;
        a.update(Command::Count(1));
        for _ in 0..shown.len() {
            let xoff = a.reader().xoff;
            let r = rows(&a);
            let row = r
                .last()
                .filter(|row| !row.trim().is_empty())
                .unwrap_or_else(|| panic!("no code row at {xoff}: {r:#?}"));
            assert!(text_width(row) <= pane, "{row:?}");
            let cols: Vec<char> = row.chars().collect();
            // Every column that shows a part of a notation shows that
            // column of the line, and so do all the notation's columns.
            for n in &notations {
                let overlaps = n.start < xoff + pane && n.end > xoff;
                let inside = n.start > xoff && n.end < xoff + pane;
                cut_seen += usize::from(overlaps && !inside);
                let part: Vec<usize> = n
                    .clone()
                    .filter(|&c| c >= xoff && c - xoff < cols.len())
                    .filter(|&c| cols[c - xoff] == shown.as_bytes()[c] as char)
                    .collect();
                if part.is_empty() {
                    continue;
                }
                assert_eq!(
                    part.len(),
                    n.len(),
                    "{:?} shown in part at offset {xoff}, width {width}: {row:?}",
                    &shown[n.clone()]
                );
            }
            // A notation an edge cuts leaves blanks: no caret or `<U+`
            // piece stands beside a marker.
            let inner = row
                .trim()
                .trim_start_matches(CHOP_LEFT)
                .trim_end_matches(CHOP_RIGHT);
            assert!(
                !inner.starts_with(['?', '[']) && !inner.ends_with('^'),
                "{row:?} at {xoff}, width {width}"
            );
            a.update(Command::ScrollRight);
        }
    }
    // The loop met notations at the edges (so it tested something).
    assert!(cut_seen > 50, "{cut_seen}");
}
