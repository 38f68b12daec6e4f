//! Property tests on arbitrary Markdown (HTML and GitHub's extensions
//! among it): loading never panics (it fails
//! only on empty text); the reader draws it at any size, every frame
//! holding no escape sequence but the backend's own; `--print` writes no
//! control character but line breaks (and, to a terminal, only the
//! hyperlink sequences the byte rule allows).

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::parse_markdown;
use camp_reader::settings::keymap::Command;
use camp_reader::testing::output_check::check_terminal_bytes;
use common::Screen;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config() -> Config {
    Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Pieces of Markdown syntax, hostile text and ordinary words: joined at
/// random they make every block and inline kind, nested and broken.
#[rustfmt::skip]
pub(crate) const PIECES: &[&str] = &[
    "# ", "## ", "###### ", "Title\n===\n", "\n", "\n\n", "\n\n\n", "- ", "* ", "+ ", "1. ",
    "9) ", "  ", "    ", "\t", "> ", ">> ", "```", "```rust\n", "~~~", "|", "| a | b |\n",
    "|---|:-:|\n", "---", "***", "- [x] ", "- [ ] ", "*", "**", "_", "__", "~~", "`", "``", "[",
    "]", "](", ")", "](#id)", "](https://example.org/a b)", "![", "![alt](/i.png)", "<",
    ">", "<div>", "</div>", "<b>", "<!-- ", " -->", "<https://x.org>", "[^1]", "[^1]: ",
    "[^n]: note\n", "&amp;", "&#0;", "&lt;", "\\", "{#anchor}", "---\ntitle: T\n---\n",
    "+++\ntitle = 'T'\n+++\n", "word ", "Camp Ashraf ", "Manëz ", "日本語の", "مرحبا ",
    "🇦🇱", "👩‍👩‍👧", "e\u{301}", "\u{ad}", "\u{1b}[31m", "\u{1b}]0;x\u{7}", "\u{7}",
    "\u{9b}", "\u{202e}", "\u{200b}", "\u{feff}", "\r", "\r\n", "\0", "\u{b}", "\u{c}",
    "a\u{2028}b", "longwordlongwordlongwordlongwordlongwordlongword",
    // HTML as READMEs write it, and hostile inside tags and attributes.
    "<p align=\"center\">", "</p>", "<img src=\"x.png\" alt=\"a\u{1b}[2Jb\">", "<img>",
    "<a href=\"https://x.org/\u{9b}q\">", "<a name=\"n\u{202e}\">", "</a>", "<h3 id=\"q\">",
    "</h3>", "<h1 align=center>", "<table><tr><td>", "</td><td>", "</td></tr></table>",
    "<details><summary>", "</summary>", "</details>", "<kbd>", "</kbd>", "<sub>2</sub>",
    "<sup>", "<pre>", "</pre>", "<script>", "</script>", "<style>", "<br>", "<hr/>",
    "&nbsp;", "&#x1b;", "&#x9b;", "&copy;", "<picture><source srcset=s>", "<!--", "-->",
    "<video>", "<center>", "<div\u{7}>", "<x-unknown y=\"\u{0}\">",
    // GitHub's extensions.
    "https://example.org/a_(b)", "www.x.org/p.", "a.b+c@d.example", ":tada:", ":+1:",
    "::", "> [!NOTE]\n", "> [!WARNING]\n> ", "[^n]",
];

fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z ]{1,12}",
        // A fence with a random info string: a language, an alias, an
        // attribute form, or any characters at all.
        1 => (
            prop::sample::select(&["```", "~~~", "\n```", "\n~~~ "][..]),
            prop_oneof![
                prop::sample::select(&["rust", "rs,ignore", "{.python}", "py title=\"x.py\"", "DIFF", "json5", "sh", "c++", "nosuch"][..]).prop_map(str::to_string),
                "\\PC{0,16}",
                any::<String>(),
            ],
        )
            .prop_map(|(fence, info)| format!("{fence}{info}\n")),
    ];
    prop::collection::vec(piece, 1..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_markdown_loads_draws_and_prints_safely(
        md in markdown(),
        w in 1u16..100,
        h in 1u16..30,
        print_width in 1usize..100,
    ) {
        let doc = match parse_markdown("props.md", "props", &md) {
            Ok(doc) => doc,
            Err(e) => {
                // Only empty text is refused.
                prop_assert!(md.trim_start_matches('\u{feff}').trim().is_empty(), "{e}");
                return Ok(());
            }
        };
        let printed = camp_reader::render::print::print(&doc, None, print_width, false);
        if let Some(c) = printed.chars().find(|&c| c.is_control() && c != '\n') {
            prop_assert!(false, "--print wrote {c:?}: {printed:?}");
        }
        // To a terminal, links become hyperlinks: only that form passes.
        let linked = camp_reader::render::print::print(&doc, None, print_width, true);
        for line in linked.split('\n') {
            if let Err(e) = check_terminal_bytes(line.as_bytes()) {
                prop_assert!(false, "--print to a terminal: {e}: {line:?}");
            }
        }
        // In colour, code highlighted: SGR sequences only, over the same text.
        let theme = camp_reader::settings::theme::Theme::dark();
        let dress = camp_reader::render::print::Dress {
            links: false,
            paint: Some(&theme as &dyn camp_reader::render::print::Paint),
        };
        let coloured = camp_reader::render::print::print_dressed(&doc, None, print_width, dress);
        for line in coloured.split('\n') {
            if let Err(e) = check_terminal_bytes(line.as_bytes()) {
                prop_assert!(false, "--print --color always: {e}: {line:?}");
            }
            prop_assert!(!line.contains("\x1b]"), "no OSC without links: {line:?}");
        }
        let mut stripped = String::new();
        for (i, part) in coloured.split("\x1b[").enumerate() {
            stripped.push_str(if i == 0 { part } else { &part[part.find('m').map_or(0, |m| m + 1)..] });
        }
        // Nothing but SGR added, and the spaces that carry a code block's
        // background to its edge.
        let trimmed = |t: &str| t.split('\n').map(str::trim_end).collect::<Vec<_>>().join("\n");
        prop_assert_eq!(trimmed(&stripped), trimmed(&printed), "nothing but SGR added");
        // A coloured line only adds spaces after the plain one.
        for (c, p) in stripped.split('\n').zip(printed.split('\n')) {
            if c != p {
                prop_assert!(c.trim_end() == p.trim_end() && c.starts_with(p), "{:?} against {:?}", c, p);
            }
        }
        let mut app = App::new(doc, Options::default());
        app.update(Event::Resize(w, h));
        let mut screen = Screen::new(w, h);
        screen.frame(&app, "opening");
        for (i, action) in [
            Command::PageDown,
            Command::PageDown,
            Command::NextSection,
            Command::Bottom,
            Command::PageUp,
            Command::Help,
            Command::Close,
            Command::Top,
        ]
        .into_iter()
        .enumerate()
        {
            app.update(action);
            screen.frame(&app, &format!("step {i}"));
        }
        app.update(Event::StartSearch { query: "a".to_string(), regex: false });
        screen.frame(&app, "search highlights");
        screen.resize(&mut app, w.saturating_add(13), h);
        screen.frame(&app, "after a resize");
    }
}
