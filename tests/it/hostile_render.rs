//! The whole reader, drawn through a real crossterm backend into bytes:
//! whatever escape sequences, controls or bidi characters a document holds,
//! the only escape sequences that reach the terminal are the ones the
//! backend itself writes (cursor moves, colours, clears, cursor show/hide).

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::parse;
use camp_reader::settings::keymap::Command;
use common::{Screen, type_query};

use camp_reader::testing::output_check::{check_terminal_bytes, is_bidi_control};

#[test]
fn the_checker_itself_catches_what_it_should() {
    assert!(check_terminal_bytes(b"\x1b[1;1H\x1b[38;5;3mab\x1b[0m\x1b[?25l\x1b[2J").is_ok());
    assert!(check_terminal_bytes("\x1b[58:2::1:2:3mé東".as_bytes()).is_ok());
    for bad in [
        &b"\x1b]0;pwned\x07"[..],
        b"\x07",
        b"a\x1b",
        b"\x1b[2",
        b"\x1bc",
        b"\x1b[?1049h",
        b"\x1b[6n",
        b"\x1b[>c",
        b"\x1bP1$r\x1b\\",
        b"\r\n",
        b"\xc2\x9b31m",
        b"\xc2\x9d0;x\xc2\x9c",
        "\u{202e}".as_bytes(),
        b"\x9b",
    ] {
        assert!(check_terminal_bytes(bad).is_err(), "{bad:?}");
    }
}

// ---- a document full of payloads ----

/// Payloads written as TOML escapes (so they are raw controls once parsed).
const P_CSI: &str = r"\u001b[2J";
const P_OSC0: &str = r"\u001b]0;pwned\u0007";
const P_OSC8: &str = r"\u001b]8;;http://evil.example/\u001b\\click\u001b]8;;\u001b\\";
const P_OSC52: &str = r"\u001b]52;c;cHduZWQ=\u0007";
const P_OSC_OPEN: &str = r"\u001b]0;never ends";
const P_BEL: &str = r"\u0007";
const P_C1: &str = r"\u009b31m\u009d0;x\u009c\u0085\u008d";
const P_BIDI: &str = r"\u202ereversed\u202c \u2066isolate\u2069 \u200f";
const P_MISC: &str = r"\u001bc\u001bP1$r\u001b\\\u001b[6n\u001b[?1049h\u0008\u000d\u007f\u0000";

fn all_payloads() -> String {
    [
        P_CSI, P_OSC0, P_OSC8, P_OSC52, P_BEL, P_C1, P_BIDI, P_MISC, P_OSC_OPEN,
    ]
    .join(" ")
}

/// A document with payloads in every field the reader shows: title,
/// subtitle, every source field, section and subsection titles, ids,
/// paragraphs (long ones, so payloads land on wrap boundaries), link text
/// and urls; written both as TOML escapes and as raw characters where TOML
/// allows them (C1 and bidi characters in literal strings).
fn payload_doc() -> String {
    let all = all_payloads();
    let raw_c1_bidi = "\u{9b}2J \u{9d}0;raw\u{9c} \u{202e}raw-rlo \u{2067}";
    let long: String = (0..40)
        .map(|i| format!("word{i} {}", [P_CSI, P_OSC0, P_C1, P_BIDI, P_BEL][i % 5]))
        .collect::<Vec<_>>()
        .join(" ");
    let nospace = [P_CSI, P_OSC0, P_C1, P_BIDI, P_OSC52].join("").repeat(30);
    format!(
        r#"title = "Title {P_OSC0} {P_CSI} {P_BIDI} end"
subtitle = "Sub {P_C1} {P_BEL} {P_OSC52}"

[source]
name = "Name {P_OSC52}"
title = "Src {P_BIDI} {P_OSC0}"
url = "https://example.org/{P_OSC8}"
license = "Lic {P_OSC_OPEN}"
retrieved = "{P_C1}"

[[sections]]
title = "Sec {P_CSI} red {P_BIDI}"
id = "evil{P_CSI}"
body = """
First {all}

{long}

{nospace}

Ends with an unterminated OSC {P_OSC_OPEN}"""

[[sections.links]]
text = "link {P_OSC8} text"
url = "http://example.org/{P_CSI}{P_BEL}{P_C1}"

[[sections.links]]
text = "bare {P_OSC52}"

[[sections.sections]]
title = "Sub {P_C1}{P_OSC8}"
body = '''
Raw in a literal string: {raw_c1_bidi}
'''

[[sections.sections.sections]]
title = '{raw_c1_bidi}'
body = "{all}"

[[sections]]
title = "{P_OSC0}"
body = "{P_BIDI}{P_BIDI}{P_BIDI}"

[[sections.links]]
text = "{P_C1}"
url = "{P_BIDI}"
"#
    )
}

fn payload_app(w: u16, h: u16) -> App {
    let doc = parse("payloads.toml", &payload_doc()).expect("the payload document loads");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(w, h));
    app
}

fn draw_once(app: &App, what: &str) -> Vec<u8> {
    Screen::new(app.size().width, app.size().height).frame(app, what)
}

/// Pages through the whole document at this size, checking every frame.
fn page_through(app: &mut App, screen: &mut Screen, what: &str) {
    screen.frame(app, what);
    for i in 0..10_000 {
        let before = app.reader().top;
        app.update(Command::PageDown);
        screen.frame(app, &format!("{what}, page {i}"));
        if app.reader().top == before {
            return;
        }
    }
    panic!("{what}: paging never reached the end");
}

#[test]
fn the_payload_document_keeps_its_payloads_as_visible_text() {
    let app = payload_app(100, 30);
    assert!(
        app.reader().doc.title.contains("^[]0;pwned^G"),
        "{}",
        app.reader().doc.title
    );
    assert!(app.reader().doc.text().contains("<U+202E>"));
    assert!(app.reader().doc.text().contains("<U+009B>"));
    for c in app.reader().doc.text().chars() {
        assert!(
            !c.is_control() || c == '\n',
            "raw control {c:?} in the document text"
        );
        assert!(!is_bidi_control(c), "bidi control {c:?} in the text");
    }
}

#[test]
fn opening_screen_emits_only_backend_sequences() {
    let app = payload_app(100, 30);
    let mut screen = Screen::new(100, 30);
    screen.frame(&app, "opening screen");
    let shown = screen.contents(100, 30);
    // The payloads are drawn, as text.
    assert!(
        shown.contains("Title ^[]0;pwned^G ^[[2J <U+202E>"),
        "{shown}"
    );
    assert!(shown.contains("<U+009B>31m"), "{shown}");
    assert!(shown.contains("^[[2J"), "{shown}");
}

#[test]
fn every_page_at_several_sizes_emits_only_backend_sequences() {
    for (w, h) in [(100, 30), (80, 24), (40, 10), (17, 6), (3, 3)] {
        let mut app = payload_app(w, h);
        let mut screen = Screen::new(w, h);
        page_through(&mut app, &mut screen, &format!("{w}x{h}"));
        // And back up, line by line for a while (other diffs).
        for _ in 0..50 {
            app.update(Command::LineUp);
            screen.frame(&app, &format!("{w}x{h} line up"));
        }
    }
}

#[test]
fn tiny_screens_emit_only_backend_sequences() {
    for (w, h) in [(1, 1), (2, 1), (1, 2), (2, 2), (0, 0), (5, 0), (0, 5)] {
        let mut app = payload_app(w, h);
        draw_once(&app, &format!("{w}x{h}"));
        app.update(Command::Help);
        draw_once(&app, &format!("{w}x{h} help"));
        app.update(Command::Close);
        app.update(Command::Bottom);
        draw_once(&app, &format!("{w}x{h} end"));
    }
}

#[test]
fn search_highlights_over_payload_text_emit_only_backend_sequences() {
    let mut app = payload_app(100, 30);
    let mut screen = Screen::new(100, 30);
    screen.frame(&app, "before search");
    for (query, regex) in [
        ("pwned", false),
        ("U+202E", false),
        ("^[", false),
        (r"\^\[\]|<U\+00[89][0-9A-F]>", true),
        ("2J", false),
    ] {
        app.update(Command::SearchStart);
        if regex {
            app.update(Command::ToggleRegex);
        }
        for c in query.chars() {
            app.update(Command::Insert(c));
            screen.frame(&app, &format!("typing {query:?}"));
        }
        app.update(Command::Accept);
        let s = app.reader().search.as_ref().expect("a search in force");
        assert!(!s.matches.is_empty(), "{query:?} matches the payloads");
        screen.frame(&app, &format!("search {query:?}"));
        for _ in 0..s.matches.len().min(40) {
            app.update(Command::SearchNext);
            screen.frame(&app, &format!("n through {query:?}"));
        }
        // The match list shows sections and the text around each match.
        app.update(Command::ShowResults);
        assert!(app.results().is_some());
        screen.frame(&app, &format!("match list for {query:?}"));
        for _ in 0..20 {
            app.update(Command::SelectNext);
            screen.frame(&app, &format!("match list for {query:?}, next"));
        }
        app.update(Command::Close);
        screen.frame(&app, "match list closed");
        // The sidebar focused, counts shown.
        app.update(Command::FocusNext);
        app.update(Command::LineDown);
        screen.frame(&app, "sidebar focused with counts");
        app.update(Command::Close);
        if regex {
            app.update(Command::SearchStart);
            app.update(Command::ToggleRegex);
            app.update(Command::Close);
        }
    }
    // The match list at other sizes.
    for (w, h) in [(40, 10), (12, 5), (3, 3)] {
        screen.resize(&mut app, w, h);
        app.update(Command::ShowResults);
        screen.frame(&app, &format!("match list at {w}x{h}"));
        app.update(Command::Close);
    }
}

#[test]
fn a_typed_query_with_controls_emits_only_backend_sequences() {
    // Not from the document, but the prompt and the "no match" message
    // show what was typed: it must be as safe.
    let mut app = payload_app(100, 30);
    let mut screen = Screen::new(100, 30);
    app.update(Command::SearchStart);
    type_query(&mut app, "\u{1b}]0;x\u{7}\u{9b}\u{202e}\u{2066}q");
    screen.frame(&app, "prompt with controls");
    app.update(Command::Accept);
    screen.frame(&app, "no match message");
    app.update(Command::SearchStart);
    app.update(Command::ToggleRegex);
    type_query(&mut app, "(\u{1b}\u{202e}");
    screen.frame(&app, "regex error with controls");
    app.update(Command::Accept);
    screen.frame(&app, "regex error message");
    app.update(Command::GoToSection);
    type_query(&mut app, "\u{1b}[2J\u{202e}");
    screen.frame(&app, "go-to prompt with controls");
    app.update(Command::Accept);
    screen.frame(&app, "go-to: no section matches");
}

#[test]
fn go_to_candidates_emit_only_backend_sequences() {
    let mut app = payload_app(100, 30);
    let mut screen = Screen::new(100, 30);
    app.update(Command::GoToSection);
    screen.frame(&app, "go-to, every section");
    for c in "sub".chars() {
        app.update(Command::Insert(c));
        screen.frame(&app, "go-to, filtering");
    }
    for _ in 0..5 {
        app.update(Command::SelectNext);
        screen.frame(&app, "go-to, next candidate");
    }
    app.update(Command::Accept);
    screen.frame(&app, "after go-to");
}

#[test]
fn help_overlay_with_the_source_emits_only_backend_sequences() {
    for (w, h) in [(100, 30), (60, 20), (30, 8), (1, 1)] {
        let mut app = payload_app(w, h);
        let mut screen = Screen::new(w, h);
        app.update(Command::Help);
        screen.frame(&app, &format!("help at {w}x{h}"));
        // Scroll to the end of the help, where the source line is.
        for _ in 0..200 {
            app.update(Command::LineDown);
        }
        screen.frame(&app, &format!("help scrolled at {w}x{h}"));
    }
    // Tall enough for the whole help: the source line is drawn.
    let mut app = payload_app(100, 300);
    let mut screen = Screen::new(100, 300);
    app.update(Command::Help);
    screen.frame(&app, "help at 100x300");
    let shown = screen.contents(100, 300);
    assert!(shown.contains("Source: Src <U+202E>"), "{shown}");
}

#[test]
fn sidebar_and_status_line_emit_only_backend_sequences() {
    let mut app = payload_app(100, 30);
    let mut screen = Screen::new(100, 30);
    app.update(Command::FocusNext);
    for _ in 0..6 {
        app.update(Command::LineDown);
        screen.frame(&app, "sidebar cursor");
    }
    app.update(Command::Activate);
    screen.frame(&app, "after a sidebar jump (breadcrumb of payload titles)");
    for _ in 0..4 {
        app.update(Command::NextSection);
        screen.frame(&app, "next section");
    }
    app.update(Command::ToggleSidebar);
    screen.frame(&app, "sidebar hidden");
    let shown = screen.contents(100, 30);
    assert!(shown.contains('›') || shown.contains("Sub "), "{shown}");
}

#[test]
fn resizes_between_frames_emit_only_backend_sequences() {
    let mut app = payload_app(100, 30);
    let mut screen = Screen::new(100, 30);
    screen.frame(&app, "start");
    for (w, h) in [(50, 12), (1, 1), (0, 0), (120, 40), (7, 3), (100, 30)] {
        screen.resize(&mut app, w, h);
        screen.frame(&app, &format!("after resize to {w}x{h}"));
        app.update(Command::PageDown);
        screen.frame(&app, &format!("page down at {w}x{h}"));
    }
}

#[test]
fn the_fuzz_seed_with_payloads_loads_and_draws_safely() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/load_render/seed-payloads.toml"
    ))
    .expect("the seed file");
    let doc = parse("seed-payloads.toml", &seed).expect("the seed loads");
    let mut app = App::new(doc, Options::default());
    for (w, h) in [(40, 10), (1, 1), (100, 30)] {
        app.update(Event::Resize(w, h));
        draw_once(&app, &format!("seed at {w}x{h}"));
        app.update(Command::Help);
        draw_once(&app, &format!("seed help at {w}x{h}"));
        app.update(Command::Close);
    }
}

#[test]
fn the_fuzz_seed_with_html_loads_draws_and_prints_safely() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/load_render/seed-html.md"
    ))
    .expect("the seed file");
    let doc = camp_reader::load::parse_markdown("seed-html.md", "seed-html", &seed)
        .expect("the seed loads");
    let printed = camp_reader::render::print::print(&doc, None, 60, false);
    assert!(
        !printed.chars().any(|c| c.is_control() && c != '\n'),
        "{printed:?}"
    );
    for hidden in ["<p", "<img", "<a ", "</", "<!--", "never()"] {
        assert!(!printed.contains(hidden), "{hidden:?} in\n{printed}");
    }
    let mut app = App::new(doc, Options::default());
    for (w, h) in [(40, 10), (1, 1), (100, 30)] {
        app.update(Event::Resize(w, h));
        draw_once(&app, &format!("seed at {w}x{h}"));
        app.update(Command::PageDown);
        draw_once(&app, &format!("seed, a page down, at {w}x{h}"));
    }
}

/// HTML tables left open across blank lines, before HTML headings (an
/// attacker's finds: `--print` panicked on a cell range pointing past
/// its table's text), printed and drawn at several widths.
#[test]
fn open_html_tables_before_html_headings_print_and_draw_safely() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/load_render/seed-open-table.md"
    ))
    .expect("the seed file");
    let shapes = [
        "<table><td><img src=g>\n\n<h1>",
        "<table><tr><td><img src=\"logo.png\">\n\n<h2>My Project</h2>\n\ntext\n",
        "<table><td><a href=\"https://e.com/x\">a</a>\n\n<h2 id=q>b</h2>\n\n<h3>",
        "# T\n\n<table><tr><td>x\n\n<h1>A</h1>\n\n<table><td>y\n\n<h2>",
        // The proptest's shrunk case (`markdown_props`, CI at 7e655f0).
        "<div><table><tr><td><img src=\"x.png\" alt=\"a\u{1b}[2Jb\"># \n\n<p align=\"center\"># ",
        seed.as_str(),
    ];
    for md in shapes {
        let doc = camp_reader::load::parse_markdown("t.md", "t", md).expect("loads");
        for width in [60, 10, 1] {
            for links in [false, true] {
                camp_reader::render::print::print(&doc, None, width, links);
            }
        }
        let mut app = App::new(doc, Options::default());
        for (w, h) in [(40, 10), (1, 1)] {
            app.update(Event::Resize(w, h));
            draw_once(&app, &format!("{md:?} at {w}x{h}"));
        }
    }
}

// ---- hostile link addresses, drawn as terminal hyperlinks ----

/// Web links whose addresses hold escapes, BEL, C1 characters, bidi
/// controls, non-ASCII text, or are very long, and links that must never
/// be hyperlinked, in paragraphs long enough to wrap.
fn hostile_links_doc() -> String {
    let long = format!("https://e.org/{}", "a".repeat(3000));
    let links = [
        (
            "esc and bel in the address",
            r"https://e.org/\u001b]0;pwned\u0007x",
        ),
        (
            "st and osc52",
            r"https://e.org/\u001b\\\u001b]52;c;cHduZWQ=\u0007",
        ),
        ("c1 controls", r"https://e.org/\u009c\u009b2J\u009d0;x"),
        ("bidi override", r"https://e.org/\u202egpj.exe"),
        ("non-ascii", "https://例え.jp/ü?q=é"),
        ("a very long address", long.as_str()),
        ("script", "javascript:alert(1)"),
        ("mail", "mailto:a@b.org?subject=\\u001b[2J"),
        ("a file", "file:///etc/passwd"),
    ];
    let mut doc =
        String::from("title = \"Links\"\n[[sections]]\ntitle = \"A\"\nbody = \"Some text.\"\n");
    for (i, (text, url)) in links.iter().enumerate() {
        let text = format!(
            "{text} {}",
            "with a long wrapped link text ".repeat(i % 3 + 1)
        );
        doc.push_str(&format!(
            "[[sections.links]]\ntext = \"{text}\"\nurl = \"{url}\"\n"
        ));
    }
    doc
}

fn links_app(toml: &str, w: u16, h: u16, hyperlinks: bool) -> App {
    let doc = parse("links.toml", toml).expect("the links document loads");
    let options = Options {
        hyperlinks,
        ..Options::default()
    };
    let mut app = App::new(doc, options);
    app.update(Event::Resize(w, h));
    app
}

#[test]
fn hostile_link_addresses_as_hyperlinks_emit_only_the_allowed_osc8_form() {
    for toml in [hostile_links_doc(), payload_doc()] {
        for (w, h) in [(100, 30), (60, 20), (23, 8), (3, 3)] {
            let mut app = links_app(&toml, w, h, true);
            let mut screen = Screen::new(w, h);
            page_through(&mut app, &mut screen, &format!("hyperlinks {w}x{h}"));
            // The same screen as without hyperlinks.
            let mut plain = links_app(&toml, w, h, false);
            let mut plain_screen = Screen::new(w, h);
            page_through(&mut plain, &mut plain_screen, "plain");
            assert_eq!(
                screen.contents(w, h),
                plain_screen.contents(w, h),
                "{w}x{h}"
            );
        }
    }
}

#[test]
fn only_web_and_mail_links_short_enough_become_hyperlinks() {
    let app = links_app(&hostile_links_doc(), 200, 60, true);
    let bytes = draw_once(&app, "all links on one screen");
    let text = String::from_utf8(bytes).unwrap();
    let mut urls: Vec<&str> = text
        .split("\x1b]8;id=")
        .skip(1)
        .map(|s| {
            let url = s.split_once(';').map_or("", |(_, u)| u);
            url.split_once("\x1b\\").map_or(url, |(u, _)| u)
        })
        .collect();
    urls.dedup();
    assert_eq!(
        urls,
        [
            // The address as written, its controls, bidi and other
            // non-ASCII bytes percent-encoded (not the marked text the
            // loader shows: `^[`, `<U+009B>`).
            "https://e.org/%1B]0;pwned%07x",
            "https://e.org/%1B\\%1B]52;c;cHduZWQ=%07",
            "https://e.org/%C2%9C%C2%9B2J%C2%9D0;x",
            "https://e.org/%E2%80%AEgpj.exe",
            "https://%E4%BE%8B%E3%81%88.jp/%C3%BC?q=%C3%A9",
            "mailto:a@b.org?subject=%1B[2J",
        ]
    );
}

/// A Markdown link's address with C1 and bidi characters in it: the
/// hyperlink carries the address as written, percent-encoded, and the
/// link list and status line show the same, never the raw characters.
#[test]
fn a_markdown_link_with_c1_and_bidi_is_hyperlinked_to_its_encoded_address() {
    let md = "# T\n\nSee [this](https://e.org/a\u{9b}b\u{202e}c\u{85}d?q=\u{200b}é) \
              and <https://e.org/\u{2066}x\u{9d}>.\n";
    let doc = camp_reader::load::parse_markdown("links.md", "T", md).expect("loads");
    assert_eq!(
        doc.link_target(0),
        "https://e.org/a%C2%9Bb%E2%80%AEc%C2%85d?q=%E2%80%8Bé"
    );
    assert_eq!(doc.link_target(1), "https://e.org/%E2%81%A6x%C2%9D");
    let options = Options {
        hyperlinks: true,
        ..Options::default()
    };
    let mut app = App::new(doc, options);
    app.update(Event::Resize(100, 20));
    let text = String::from_utf8(draw_once(&app, "md links")).unwrap();
    let urls: Vec<&str> = text
        .split("\x1b]8;id=")
        .skip(1)
        .filter_map(|s| s.split_once(';')?.1.split_once("\x1b\\").map(|(u, _)| u))
        .collect();
    assert!(
        urls.contains(&"https://e.org/a%C2%9Bb%E2%80%AEc%C2%85d?q=%E2%80%8B%C3%A9"),
        "{urls:?}"
    );
    assert!(urls.contains(&"https://e.org/%E2%81%A6x%C2%9D"), "{urls:?}");
}
