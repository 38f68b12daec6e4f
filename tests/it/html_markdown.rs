//! HTML inside Markdown, read as GitHub shows it: every case (comments,
//! images, links, anchors, headings, breaks, inline styles, `<kbd>`,
//! sub/superscript, details, tables, pre, hidden and unknown elements,
//! entities) drawn at 80 and 40 columns in every theme and NO_COLOR, and
//! printed; anchors and HTML headings are places links and `--section`
//! reach.

use crate::common;
use crate::rich_render::{pane_with_styles, themes};

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::parse_markdown;
use camp_reader::model::document::Document;
use camp_reader::model::link::{Target, classify};

/// Every HTML case of the issue, as READMEs write them.
const DOC: &str = r#"<p align="center">
  <img src="assets/logo.png" alt="Logo" width="200">
</p>
<h1 align="center">Alacritty</h1>

<p align="center">
  <a href="https://crates.io/crates/x"><img src="https://img.shields.io/crates/v/x.svg"></a>
  <a href="https://docs.rs/x"><img alt="docs" src="b.svg"></a>
</p>

<!-- omit in TOC -->
## <a name="uri-parameters"></a>URI parameters

Press <kbd>Ctrl</kbd>+<kbd>C</kbd>. H<sub>2</sub>O and mc<sup>2</sup>, a<sup>note</sup>.
<b>Bold</b>, <i>italic</i>, <code>code</code>, <del>gone</del> and <s>struck</s>.
Go to [the FAQ](#config), [the parameters](#uri-parameters) or [the anchor](#ID4ET).
<!--
A whole paragraph its author hid.
-->

<a id="ID4ET"></a>
## Second &copy; 2024

<h3 name="config">How do I configure it?</h3>

<div>Some text<br>after a break.</div><center>Centred &amp; <em>done</em></center>

<details>
<summary>Click to expand</summary>

Content *shown* under it.

</details>

<table>
  <tr><th>Name</th><th>Link</th></tr>
  <tr><td>ripgrep</td><td><a href="https://example.org/rg">rg</a></td></tr>
</table>

<picture>
  <source media="(prefers-color-scheme: dark)" srcset="dark.png">
  <img alt="A diagram" src="light.png">
</picture>

<script>alert("never shown")</script>
<style>p { color: red }</style>
<video src="x.mp4">Your browser has no video.</video>
<hr>
<pre>
fn main() {
    println!("hi");
}
</pre>
"#;

fn doc() -> Document {
    parse_markdown("readme.md", "readme", DOC).expect("a document")
}

fn app(theme: camp_reader::settings::theme::Theme, w: u16, h: u16) -> App {
    let options = Options {
        theme,
        ..Options::default()
    };
    let mut app = App::new(doc(), options);
    app.update(Event::Resize(w, h));
    app
}

#[test]
fn every_html_case_in_every_theme_at_80_and_40_columns() {
    for width in [80u16, 40] {
        for (name, theme) in themes() {
            let a = app(theme, width, 90);
            let buf = common::draw(&a);
            let area = a.regions().text;
            insta::assert_snapshot!(format!("html_{name}_{width}"), pane_with_styles(&buf, area));
        }
    }
}

#[test]
fn print_shows_what_github_shows_and_no_tag() {
    let doc = doc();
    assert_eq!(doc.title, "Alacritty", "the centred <h1> is the title");
    for width in [80, 40] {
        let text = camp_reader::render::print::print(&doc, None, width, false);
        insta::assert_snapshot!(format!("html_print_{width}"), text);
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for shown in [
            "[img] Logo",
            "[img] docs <https://docs.rs/x>",
            "[img] x.svg <https://crates.io/crates/x>",
            "Press Ctrl+C.",
            "H₂O and mc², anote.",
            "Bold, italic, `code`, gone and struck.",
            "Second © 2024",
            "How do I configure it?",
            "Some text after a break.",
            "Centred & done",
            "▸ Click to expand",
            "Content shown under it.",
            "ripgrep",
            "│ rg",
            "[img] A diagram",
            "Your browser has no video.",
            "println!(\"hi\");",
        ] {
            assert!(joined.contains(shown), "{width}: {shown:?} in\n{text}");
        }
        for hidden in [
            "<p",
            "<img",
            "<a ",
            "</",
            "<!--",
            "<kbd",
            "<br",
            "<h1",
            "<t",
            "<d",
            "<s",
            "<v",
            "<pre",
            "omit in TOC",
            "hid.",
            "never shown",
            "color: red",
            "&copy;",
            "&amp;",
        ] {
            assert!(!joined.contains(hidden), "{width}: {hidden:?} in\n{text}");
        }
    }
}

#[test]
fn anchors_and_html_headings_are_places_links_reach() {
    let doc = doc();
    let section = |title: &str| {
        (0..doc.sections.len())
            .find(|&i| doc.section_title(i) == title)
            .unwrap_or_else(|| panic!("no section {title:?}"))
    };
    // An anchor inside a heading is its id; an `<h3 name>` is a section
    // with that id; an anchor before a heading names the heading's section.
    assert_eq!(doc.section_id(section("URI parameters")), "uri-parameters");
    assert_eq!(doc.section_id(section("How do I configure it?")), "config");
    for (target, title) in [
        ("#uri-parameters", "URI parameters"),
        ("#config", "How do I configure it?"),
        ("#ID4ET", "Second © 2024"),
    ] {
        assert_eq!(
            classify(target, &doc, None),
            Target::Section(section(title)),
            "{target}"
        );
        assert_eq!(doc.find_section(&target[1..]), Some(section(title)));
    }
    // Every link of the document resolves: none is broken.
    for i in 0..doc.links.len() {
        assert!(
            !matches!(
                classify(doc.link_target(i), &doc, None),
                Target::Broken { .. }
            ),
            "{}",
            doc.link_target(i)
        );
    }
}
