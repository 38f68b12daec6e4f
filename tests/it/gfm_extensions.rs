//! GitHub's extensions to Markdown, as GitHub shows them: autolink
//! literals (where an address ends, never in code or inside a link),
//! alerts (a title line and a colour of their own, the `[!NOTE]` marker
//! not shown), emoji shortcodes (unknown ones and code kept), drawn in
//! every theme and NO_COLOR at 80 and 40 columns, and printed.

use crate::common;
use crate::rich_render::{pane_with_styles, themes};

use camp_reader::app::{App, Event, Options};
use camp_reader::load::parse_markdown;
use camp_reader::model::document::{AlertKind, Document, FrameKind};
use camp_reader::model::link::{Target, classify};
use camp_reader::settings::theme::Theme;

const DOC: &str = r#"# Extensions

## :rocket: Launch :tada:

See https://example.com/docs?x=1, www.example.org/help. or
(https://en.wikipedia.org/wiki/Rust_(programming_language)) and mail
someone+tag@example.net. Not `https://in.code/ :tada:`, not
[a link www.inside.org](https://outside.org), and not http://. nor
a.b-c_d@a.b- either.

Ship it :rocket: :+1: but :not_an_emoji_name: and `std::hash::Hash` stay,
as does std::hash::Hash.

> [!NOTE]
> Useful information that users should know, even when skimming.

> [!TIP]
> Helpful advice for doing things better or more easily.

> [!IMPORTANT]
> Key information users need to know to achieve their goal.

> [!WARNING]
> Urgent info that needs immediate user attention to avoid problems.

> [!CAUTION]
> Advises about risks or negative outcomes of certain actions.

> A plain quote, [!NOTE] in the middle stays.

```
:tada: https://example.com in a code block
```
"#;

fn doc() -> Document {
    parse_markdown("ext.md", "ext", DOC).expect("a document")
}

fn app(theme: Theme, w: u16, h: u16) -> App {
    let options = Options {
        theme,
        ..Options::default()
    };
    let mut app = App::new(doc(), options);
    app.update(Event::Resize(w, h));
    app
}

/// Each link's shown text and address.
fn links(doc: &Document) -> Vec<(String, String)> {
    (0..doc.links.len())
        .map(|i| {
            let l = &doc.links[i];
            let text = doc.text()[l.start as usize..l.end as usize].to_string();
            (text, doc.link_target(i).to_string())
        })
        .collect()
}

#[test]
fn addresses_in_text_are_links_and_end_where_gfm_ends_them() {
    let doc = doc();
    let pairs = [
        (
            "https://example.com/docs?x=1",
            "https://example.com/docs?x=1",
        ),
        ("www.example.org/help", "http://www.example.org/help"),
        (
            "https://en.wikipedia.org/wiki/Rust_(programming_language)",
            "https://en.wikipedia.org/wiki/Rust_(programming_language)",
        ),
        ("someone+tag@example.net", "mailto:someone+tag@example.net"),
        ("a link www.inside.org", "https://outside.org"),
    ];
    let found = links(&doc);
    assert_eq!(
        found,
        pairs
            .iter()
            .map(|(t, u)| (t.to_string(), u.to_string()))
            .collect::<Vec<_>>(),
        "only these links, in order: none in code, none inside a link, \
         none for `http://.` or an address ending in `-`"
    );
    // They are links like any other: followed to the web.
    for i in 0..4 {
        assert!(
            matches!(classify(doc.link_target(i), &doc, None), Target::Web(_)),
            "{:?}",
            doc.link_target(i)
        );
    }
}

#[test]
fn shortcodes_become_emoji_but_not_in_code_or_paths() {
    let doc = doc();
    let text = doc.text();
    assert!(text.contains("Ship it 🚀 👍 but :not_an_emoji_name: and std::hash::Hash stay"));
    assert!(text.contains("as does std::hash::Hash."));
    assert!(
        text.contains("Not https://in.code/ :tada:, not"),
        "inline code kept"
    );
    assert!(text.contains(":tada: https://example.com in a code block"));
    // A heading's emoji, and GitHub's id for it, made from the names.
    let section = (0..doc.sections.len())
        .find(|&i| doc.section_title(i) == "🚀 Launch 🎉")
        .expect("the heading shows its emoji");
    assert_eq!(doc.section_id(section), "rocket-launch-tada");
    assert_eq!(
        classify("#rocket-launch-tada", &doc, None),
        Target::Section(section)
    );
}

#[test]
fn alerts_have_a_title_line_and_no_marker() {
    let doc = doc();
    let alerts: Vec<AlertKind> = doc
        .frames
        .iter()
        .filter_map(|f| match f.kind() {
            FrameKind::Alert(kind) => Some(kind),
            _ => None,
        })
        .collect();
    assert_eq!(alerts, AlertKind::ALL, "one alert of each kind, in order");
    for f in doc
        .frames
        .iter()
        .filter(|f| matches!(f.kind(), FrameKind::Alert(_)))
    {
        let FrameKind::Alert(kind) = f.kind() else {
            unreachable!()
        };
        let title = doc.blocks[f.first_block as usize];
        assert_eq!(
            &doc.text()[title.range()],
            format!("{} {}", kind.marker(), kind.title())
        );
        assert!(title.joins_next(), "the text follows its title directly");
        assert_eq!(unicode_width::UnicodeWidthStr::width(kind.marker()), 1);
    }
    let text = doc.text();
    for marker in [
        "[!NOTE]",
        "[!TIP]",
        "[!IMPORTANT]",
        "[!WARNING]",
        "[!CAUTION]",
    ] {
        assert!(
            !text.contains(&format!("{marker}\n")),
            "{marker} is not shown"
        );
    }
    assert!(text.contains("A plain quote, [!NOTE] in the middle stays."));
}

#[test]
fn every_theme_gives_each_alert_kind_its_own_style() {
    for (name, theme) in themes() {
        let styles: Vec<_> = AlertKind::ALL.iter().map(|&k| theme.alert(k)).collect();
        for s in &styles {
            assert_ne!(*s, theme.quote_bar, "{name}: an alert is not a plain quote");
            assert_ne!(*s, theme.text, "{name}: the title stands out of the text");
        }
        let colours = styles.iter().filter_map(|s| s.fg).collect::<Vec<_>>();
        if !colours.is_empty() {
            let mut unique = colours.clone();
            unique.dedup();
            assert_eq!(unique.len(), 5, "{name}: five colours");
        }
    }
}

#[test]
fn every_case_in_every_theme_at_80_and_40_columns() {
    for width in [80u16, 40] {
        for (name, theme) in themes() {
            let a = app(theme, width, 70);
            let buf = common::draw(&a);
            let area = a.regions().text;
            insta::assert_snapshot!(format!("gfm_{name}_{width}"), pane_with_styles(&buf, area));
        }
    }
}

#[test]
fn print_shows_the_extensions() {
    let doc = doc();
    for width in [80, 40] {
        let text = camp_reader::render::print::print(&doc, None, width, false);
        insta::assert_snapshot!(format!("gfm_print_{width}"), text);
        for shown in ["┃ ⓘ Note", "┃ ⚠ Warning", "┃ ⊘ Caution", "🚀 Launch 🎉"] {
            assert!(text.contains(shown), "{width}: {shown:?} in\n{text}");
        }
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(joined.contains("www.example.org/help <http://www.example.org/help>."));
        // A mail address is its own text: no `<mailto:…>` after it.
        assert!(joined.contains("mail someone+tag@example.net. Not"));
        assert!(!joined.contains("[!NOTE]\n"));
    }
}

/// A long section, so the footnote's definition is off the first screen.
fn notes_doc() -> Document {
    let mut md = String::from("# Notes\n\n## Body\n\nA claim[^src] and another[^Two].\n\n");
    for i in 0..40 {
        md.push_str(&format!("Filler paragraph {i}.\n\n"));
    }
    md.push_str("[^src]: The source, at length.\n\n[^two]: A second note.\n\n## After\n\n");
    for i in 0..20 {
        md.push_str(&format!("More text {i}.\n\n"));
    }
    parse_markdown("notes.md", "notes", &md).expect("a document")
}

#[test]
fn a_footnote_reference_is_a_link_to_its_definition_and_ctrl_o_comes_back() {
    use camp_reader::settings::keymap::Command;
    let doc = notes_doc();
    let refs: Vec<(String, String)> = links(&doc);
    assert_eq!(
        refs,
        [
            ("[1]".to_string(), "#fn-src".to_string()),
            ("[2]".to_string(), "#fn-two".to_string())
        ],
        "labels are matched without case, as the definitions are"
    );
    // The link lands on the definition's first block, not its section.
    for (i, text) in [(0, "The source, at length."), (1, "A second note.")] {
        let Target::Block { block, .. } = classify(doc.link_target(i), &doc, None) else {
            panic!("{:?} is not a place", doc.link_target(i));
        };
        assert_eq!(&doc.text()[doc.blocks[block].range()], text);
    }
    let mut a = App::new(notes_doc(), Options::default());
    a.update(Event::Resize(80, 12));
    let before = a.position();
    a.follow(1);
    // The notes are listed at the document's end (as on GitHub): the
    // view goes as far as it can, to the end, the definition on screen.
    let shown = &a.reader().doc;
    let note = (0..shown.blocks.len())
        .find(|&b| &shown.text()[shown.blocks[b].range()] == "A second note.")
        .expect("the note's block");
    assert!(a.reader().top.block <= note, "the note is on screen");
    assert_eq!(a.percent(), 100);
    a.update(Command::JumpBack);
    assert_eq!(a.position(), before, "Ctrl-o comes back to the reference");
    // --print shows no address after a reference.
    let printed = camp_reader::render::print::print(&doc, None, 80, false);
    assert!(printed.contains("A claim[1] and another[2]."), "{printed}");
}

/// `<user@host>` is CommonMark's mail autolink (as GitHub shows it): a
/// `mailto:` link, not a relative path to a file named like an address.
#[test]
fn a_mail_address_in_angle_brackets_is_a_mail_link() {
    let doc = parse_markdown(
        "mail.md",
        "mail",
        "Mail <kkosako0@gmail.com>, <https://x.org> and <mailto:a@b.org>.\n",
    )
    .expect("valid document");
    assert_eq!(
        links(&doc),
        [
            ("kkosako0@gmail.com", "mailto:kkosako0@gmail.com"),
            ("https://x.org", "https://x.org"),
            ("mailto:a@b.org", "mailto:a@b.org"),
        ]
        .map(|(t, u)| (t.to_string(), u.to_string()))
    );
    assert!(matches!(
        classify(doc.link_target(0), &doc, None),
        Target::Web(_)
    ));
    // Printed once each: an address that is its own text gets no
    // `<address>` after it, `mailto:` written or not (the trial).
    let printed = camp_reader::render::print::print(&doc, None, 100, false);
    assert!(
        printed.contains("Mail kkosako0@gmail.com, https://x.org and mailto:a@b.org."),
        "{printed}"
    );
}
