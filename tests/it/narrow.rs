//! Narrow windows and long unbreakable things: emoji ZWJ chains wider than
//! the line, inline code and flags kept whole, tables that narrow before a
//! word is cut, in the reader and in `--print`.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, HelpLine, Options};
use camp_reader::load::parse_markdown;
use camp_reader::render::print::print;
use camp_reader::settings::keymap::Command;

fn markdown_app(md: &str, w: u16, h: u16) -> App {
    let doc = parse_markdown("test.md", "test", md).expect("loads");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(w, h));
    app
}

fn screen(app: &App) -> Vec<String> {
    let buf = common::draw(app);
    (0..buf.area.height).map(|y| common::row(&buf, y)).collect()
}

/// Issue 25 item 15: 21 joined emoji are one cluster 42 columns wide; at
/// 40 columns they used to give an empty line in both the reader and
/// `--print`. They are broken after a joiner: every emoji is shown.
#[test]
fn a_zwj_chain_wider_than_the_column_is_shown_in_the_reader_and_print() {
    for n in [20, 21, 45] {
        let chain = vec!["👨"; n].join("\u{200d}");
        let md = format!("# T\n\nbefore\n\n{chain}\n\nafter\n\n```\n{chain}\n```\n");
        let doc = parse_markdown("t.md", "t", &md).expect("loads");
        for width in [40, 30, 9] {
            let out = print(&doc, None, width, false);
            assert_eq!(out.matches('👨').count(), 2 * n, "{n} at {width}:\n{out}");
            for line in out.lines() {
                assert!(
                    camp_reader::text::wrap::text_width(line) <= width,
                    "{n} at {width}: {line:?}"
                );
            }
        }
        let app = markdown_app(&md, 40, 40);
        let rows = screen(&app);
        let shown: usize = rows.iter().map(|r| r.matches('👨').count()).sum();
        assert_eq!(shown, 2 * n, "{n} in the reader:\n{}", rows.join("\n"));
    }
}

/// The sidebar shown by default leaves the text at least 60 columns (or
/// the measure, when narrower): it narrows, then hides; `t` still shows it.
#[test]
fn the_sidebar_leaves_the_text_sixty_columns() {
    let md = "# T\n\n## One\n\ntext\n\n## Two\n\nmore\n";
    for w in 20..=200u16 {
        let app = markdown_app(md, w, 24);
        let r = app.regions();
        if let Some(s) = r.sidebar {
            assert!(
                r.text.width >= 60,
                "{w}: text {} beside a sidebar of {}",
                r.text.width,
                s.width
            );
            assert!(s.width >= 14, "{w}: a sidebar of {}", s.width);
        }
        assert_eq!(r.sidebar.is_some(), w >= 79, "{w}");
    }
    let app = markdown_app(md, 80, 24);
    let r = app.regions();
    assert_eq!((r.sidebar.map(|s| s.width), r.text.width), (Some(15), 60));
    let app = markdown_app(md, 120, 24);
    assert_eq!(app.regions().sidebar.map(|s| s.width), Some(30));
    // A measure under 60: the text keeps the measure.
    let doc = parse_markdown("t.md", "t", md).expect("loads");
    let mut app = App::new(
        doc,
        Options {
            measure: 40,
            ..Options::default()
        },
    );
    app.update(Event::Resize(80, 24));
    assert_eq!(app.regions().sidebar.map(|s| s.width), Some(30));
    assert_eq!(app.regions().text.width, 40);
    // Asked for, it shows at any width.
    let mut app = markdown_app(md, 70, 24);
    assert!(!app.sidebar_visible());
    app.update(Command::ToggleSidebar);
    assert!(app.sidebar_visible());
    assert_eq!(app.regions().sidebar.map(|s| s.width), Some(26));
}

/// `--print` has no colour: inline code is set between backticks, as
/// written in Markdown, so `fast\w+` does not read as prose; a code span
/// inside a link keeps its backticks before the address.
#[test]
fn print_marks_inline_code() {
    let md = "# T\n\nUse `fast\\w+` or [`Regex::new`](https://docs.rs/x), `a` `b`.\n\n## The `--chop` flag\n\n- with **`bold code`**\n";
    let doc = parse_markdown("t.md", "t", md).expect("loads");
    let out = print(&doc, None, 80, false);
    assert!(
        out.contains("Use `fast\\w+` or `Regex::new` <https://docs.rs/x>, `a` `b`."),
        "{out}"
    );
    assert!(
        out.contains("\nThe `--chop` flag\n-----------------\n"),
        "{out}"
    );
    assert!(out.contains("• with `bold code`"), "{out}");
    // Wrapped with the backticks counted: no line over the width but
    // the address, printed whole on a line of its own.
    for width in 8..40 {
        let out = print(&doc, None, width, false);
        assert!(
            out.lines()
                .all(|l| l.chars().count() <= width || l.starts_with("<https://docs.rs/x>")),
            "{width}:\n{out}"
        );
        assert_eq!(out.matches('`').count(), 12, "{width}:\n{out}");
    }
}

/// A table like getrandom's (long words in one column, prose in another)
/// and a 14-column one: at every width, no word is cut while another
/// column could give room or the `header: value` layout would hold it; a
/// word is cut only when it alone is wider than the column it could get.
#[test]
fn table_words_are_cut_only_when_wider_than_any_column_they_could_get() {
    let header14: Vec<String> = (1..=14).map(|i| format!("Column{i}")).collect();
    let md = format!(
        "# T\n\n\
         | Target | Target Triple | Implementation |\n|---|---|---|\n\
         | Linux, Android | `*-linux-*` | getrandom system call if available, otherwise `/dev/urandom` after polling `/dev/random` |\n\
         | Windows 10+ | `*-windows-*` | ProcessPrng on Rust 1.78+, RtlGenRandom otherwise |\n\
         | VxWorks | `*-wrs-vxworks-*` | randABytes after checking entropy pool initialization |\n\n\
         | {} |\n|{}\n| {} |\n",
        header14.join(" | "),
        "---|".repeat(14),
        (1..=14)
            .map(|i| format!("v{i}"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let doc = parse_markdown("t.md", "t", &md).expect("loads");
    let tables: Vec<Vec<&str>> = doc
        .tables
        .iter()
        .map(|t| {
            t.cells
                .iter()
                .map(|c| &doc.text()[c.start as usize..c.end as usize])
                .collect()
        })
        .collect();
    for width in 12..=120 {
        let out = print(&doc, None, width, false);
        for (t, cells) in doc.tables.iter().zip(&tables) {
            let columns = t.columns();
            let header_widest = cells[..columns]
                .iter()
                .map(|c| c.chars().count())
                .max()
                .unwrap();
            let value_room = if header_widest + 6 <= width {
                width - header_widest - 2
            } else {
                width
            };
            for cell in cells {
                // (A word of code is printed between backticks.)
                for word in cell
                    .split(' ')
                    .filter(|w| w.chars().count() + 2 <= value_room)
                {
                    assert!(
                        out.lines().any(|l| l.contains(word)),
                        "{width}: {word:?} is cut:\n{out}"
                    );
                }
            }
        }
    }
    for width in [80, 40] {
        insta::assert_snapshot!(format!("tables_{width}"), print(&doc, None, width, false));
    }
}

/// An empty header cell (convert_case's Links table) has no key in the
/// `header: value` layout: its value stands alone, no bare `:`.
#[test]
fn an_empty_header_cell_gives_no_bare_colon() {
    let md = "# T\n\n| | `convert_case` | `convert_case_extras` | `ccase` |\n| --- | --- | --- | --- |\n\
              | Repository | [github](https://github.com/rutrum/convert-case) | [github](https://github.com/rutrum/convert-case-extras) | [github](https://github.com/rutrum/ccase) |\n\
              | Documentation | [docs.rs](https://docs.rs/convert_case) | [docs.rs](https://docs.rs/convert_case_extras) | |\n";
    let doc = parse_markdown("t.md", "t", md).expect("loads");
    for width in [50, 80] {
        let out = print(&doc, None, width, false);
        assert!(out.contains("Repository"), "{width}:\n{out}");
        assert!(
            out.contains("\n`ccase`:"),
            "{width}: the layout is not header: value\n{out}"
        );
        assert!(
            out.lines().all(|l| !l.trim_start().starts_with(':')),
            "{width}: a bare colon\n{out}"
        );
    }
}

/// CJK breaks between characters, so a long Japanese cell is no
/// unbreakable word: a three-column table stays a table at 80 columns
/// and wraps that cell, as GitHub does (trial: it fell back to the
/// `header: value` layout below 100 columns).
#[test]
fn a_long_cjk_cell_wraps_inside_its_table() {
    let md = "# T\n\n| 名前 | 説明 | 状態 |\n|---|---|---|\n| 項目 | とても長い説明文がここに入ります。表の中で折り返されるべき日本語の文章です。 | 完了 |\n";
    let doc = parse_markdown("t.md", "t", md).expect("loads");
    for width in [40, 60, 80] {
        let out = print(&doc, None, width, false);
        assert!(!out.contains("説明: "), "{width}:\n{out}");
        assert!(out.contains('│'), "{width}:\n{out}");
        assert!(
            out.lines()
                .all(|l| camp_reader::text::wrap::text_width(l) <= width),
            "{width}:\n{out}"
        );
    }
}

/// The help wraps a description under itself, never cuts it (trial: `one
/// page down (2 lines ov│` at 50×15, then `the link cursor, the match on
/// scree…` at 80×24 with 15 columns left empty at 120×40): scrolled
/// through, every description reads whole at every size.
#[test]
fn the_help_overlay_wraps_every_description_whole() {
    for (w, h) in [(40u16, 12u16), (50, 15), (80, 24), (120, 40), (200, 60)] {
        let mut app = markdown_app("# T\n\nWords.\n", w, h);
        app.update(Command::Help);
        let max = app.help_max_scroll();
        let page = app.help_page();
        let inside = usize::from(page.area.width) - 2;
        for scroll in (0..=max).step_by(page.rows().max(1)).chain([max]) {
            let mut app = markdown_app("# T\n\nWords.\n", w, h);
            app.update(Command::Help);
            for _ in 0..scroll {
                app.update(Command::LineDown);
            }
            for row in screen(&app) {
                assert!(!row.contains('…'), "{w}×{h}: {row}");
            }
        }
        // Every line fits in the frame, and the lines read in order.
        let mut seen = String::new();
        for line in &page.lines {
            let text = match line {
                HelpLine::Binding { keys, help } => {
                    let width = page.key_width + 2 + camp_reader::text::wrap::text_width(help);
                    assert!(help.is_empty() || width <= inside, "{w}×{h}: {help}");
                    format!("{keys} {help}")
                }
                HelpLine::Text(t) | HelpLine::Heading(t) => {
                    assert!(
                        camp_reader::text::wrap::text_width(t) <= inside,
                        "{w}×{h}: {t}"
                    );
                    t.clone()
                }
            };
            seen.push_str(&text);
            seen.push('\n');
        }
        // The words of each description in order, whatever the line breaks.
        let words: Vec<&str> = seen
            .split(|c: char| c.is_whitespace() || c == '│')
            .filter(|s| !s.is_empty())
            .collect();
        let joined = words.join(" ");
        for (keys, help) in app.options().keymap.help_rows() {
            if keys.is_empty() {
                continue;
            }
            let want = help.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                joined.contains(&want),
                "{w}×{h}: {want:?} not whole in\n{seen}"
            );
        }
    }
    // Wide enough, each is on one line.
    let app = {
        let mut app = markdown_app("# T\n\nWords.\n", 140, 50);
        app.update(Command::Help);
        app
    };
    assert!(
        screen(&app)
            .iter()
            .any(|r| r.contains("one page down (2 lines overlap)")),
    );
}
