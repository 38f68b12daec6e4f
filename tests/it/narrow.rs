//! Narrow windows and long unbreakable things: emoji ZWJ chains wider than
//! the line, inline code and flags kept whole, tables that narrow before a
//! word is cut, in the reader and in `--print`.

use crate::common;

use camp_reader::app::{App, Options};
use camp_reader::load::parse_markdown;
use camp_reader::render::print::print;
use camp_reader::settings::keymap::Action;

fn markdown_app(md: &str, w: u16, h: u16) -> App {
    let doc = parse_markdown("test.md", "test", md).expect("loads");
    let mut app = App::new(doc, Options::default());
    app.update(Action::Resize(w, h));
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
