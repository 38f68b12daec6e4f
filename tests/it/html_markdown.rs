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
use camp_reader::render::print::print;

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
            "Bold, italic, `code`, ~~gone~~ and ~~struck~~.",
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

/// Anchors inside a long section: in a list item, in the middle of a
/// paragraph, on a line of their own before a paragraph.
fn anchored_doc() -> Document {
    let mut md = String::from("# Anchors\n\n## Features\n\n");
    for i in 0..40 {
        md.push_str(&format!("Filler paragraph {i}.\n\n"));
    }
    md.push_str("- <a name=\"optional-float\"></a>**`float` feature**<br>\n  Provide floats.\n\n");
    md.push_str("Text before, <a id=\"mid\"></a>text after.\n\n");
    md.push_str("<a id=\"ID4ET\"></a>\nSome anchored paragraph\n\n");
    for i in 0..20 {
        md.push_str(&format!("More text {i}.\n\n"));
    }
    md.push_str("## Links\n\n[float](#optional-float), [mid](#mid), [para](#ID4ET).\n");
    parse_markdown("anchors.md", "anchors", &md).expect("a document")
}

#[test]
fn a_link_to_an_anchor_lands_on_the_block_holding_it() {
    use camp_reader::settings::keymap::Command;
    let doc = anchored_doc();
    let block_text = |doc: &Document, b: usize| doc.text()[doc.blocks[b].range()].to_string();
    let cases = [
        ("optional-float", "float feature"),
        ("mid", "Text before, text after."),
        ("ID4ET", "Some anchored paragraph"),
    ];
    let first_link = doc.links.len() - cases.len();
    for (k, (id, starts)) in cases.into_iter().enumerate() {
        let Target::Block { block, .. } = classify(&format!("#{id}"), &doc, None) else {
            panic!("#{id} is not a place in its section");
        };
        assert!(block_text(&doc, block).starts_with(starts), "#{id}");
        let features = doc.find_section(id).expect("a section");
        assert_eq!(doc.section_title(features), "Features");
        assert_eq!(
            doc.anchor_block(id, features),
            Some(block),
            "--section {id}"
        );
        // Followed, the block is the top line; Ctrl-o comes back.
        let mut a = App::new(anchored_doc(), Options::default());
        a.update(Event::Resize(80, 12));
        a.update(Event::JumpToSection(
            doc.find_section("Links").expect("Links"),
        ));
        let before = a.position();
        a.follow(first_link + k);
        let top = a.reader().top;
        assert!(
            block_text(&a.reader().doc, top.block).starts_with(starts),
            "#{id}"
        );
        assert_eq!(top.line, 0, "#{id}");
        a.update(Command::JumpBack);
        assert_eq!(a.position(), before, "#{id}: Ctrl-o comes back");
    }
    // The line holding only the anchor shows nothing, not even a space.
    let printed = camp_reader::render::print::print(&doc, None, 80, false);
    assert!(printed.contains("\nSome anchored paragraph\n"), "{printed}");
}

#[test]
fn an_inline_script_or_style_shows_nothing_of_its_body() {
    let md = "Inline <script>evil()</script> end.\n\n\
              A <script>if (a < b) { *x* `y` }\nmore</script> B <style>p{}</style>C\n\n\
              Unclosed <script>gone\n\nThe next paragraph is shown.\n";
    let doc = parse_markdown("s.md", "s", md).expect("a document");
    let printed = camp_reader::render::print::print(&doc, None, 80, false);
    for hidden in ["evil", "if (a", "more", "p{}", "gone"] {
        assert!(!printed.contains(hidden), "{hidden} in {printed}");
    }
    for shown in [
        "Inline end.",
        "A B C",
        "Unclosed",
        "The next paragraph is shown.",
    ] {
        assert!(printed.contains(shown), "{shown} not in {printed}");
    }
}

#[test]
fn an_open_details_summary_points_down() {
    let md = "<details open>\n<summary>Opened</summary>\n\nBody.\n\n</details>\n\n\
              <details>\n<summary>Closed</summary>\n\nMore.\n\n</details>\n";
    let doc = parse_markdown("d.md", "d", md).expect("a document");
    let printed = camp_reader::render::print::print(&doc, None, 80, false);
    assert!(printed.contains("▾ Opened"), "{printed}");
    assert!(printed.contains("▸ Closed"), "{printed}");
}

/// Inline HTML that would start or end a block (`<p>`, `<h1>`, `<pre>`,
/// a list, a whole `<table>`) inside a pipe table's cell stays in that
/// cell, set apart by ` · ` as in an HTML table's cell. It used to end
/// the table block in the middle of its cells: the later cells pointed
/// past the text and `--print` panicked (found by a proptest case).
#[test]
fn block_html_in_a_pipe_table_cell_stays_in_the_cell() {
    let cells = |md: &str| {
        let doc = parse_markdown("t.md", "t", md).expect("loads");
        assert_eq!(doc.tables.len(), 1, "{md:?}");
        let t = &doc.tables[0];
        t.cells
            .iter()
            .map(|c| doc.text()[c.start as usize..c.end as usize].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(cells("|a|b|\n|---|---|\n|x<p>|y|\n"), ["a", "b", "x", "y"]);
    assert_eq!(
        cells(
            "|a|b|\n|---|---|\n|x<table><tr><td>in</td></tr></table>|y<h1>z|\n|<pre>p|<ul><li>i<li>j|\n\nafter\n"
        ),
        ["a", "b", "x · in", "y · z", "p", "i · j"]
    );
    // An HTML table left open in a cell ends with it; HTML after the
    // pipe table is read as before.
    let md = "|a|b|\n|---|---|\n|x<table><tr><td>in|y|\n\nafter <b>b</b>\n\n<table><tr><td>c</td></tr></table>\n";
    let doc = parse_markdown("t.md", "t", md).expect("loads");
    assert_eq!(doc.tables.len(), 2);
    let printed = print(&doc, None, 40, false);
    assert!(printed.contains("│ x · in │ y │"), "{printed}");
    assert!(printed.contains("after b"), "{printed}");
    assert!(printed.contains("│ c │"), "{printed}");
    let md = "*```|!\n|---|:-:|\n![](#id)<p align=\"center\">";
    let doc = parse_markdown("t.md", "t", md).expect("loads");
    for width in 1..60 {
        print(&doc, None, width, false);
    }
}

/// The text of each table's cells, checking that each lies in its
/// table's block.
fn cells_in_blocks(doc: &Document) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        let camp_reader::model::document::BlockKind::Table { table } = b.kind else {
            continue;
        };
        let t = &doc.tables[table as usize];
        for c in &t.cells {
            assert!(
                b.start <= c.start && c.start <= c.end && c.end <= b.end,
                "cell {c:?} outside its block {}..{} in {:?}",
                b.start,
                b.end,
                doc.text()
            );
        }
        out.push(
            t.cells
                .iter()
                .map(|c| doc.text()[c.start as usize..c.end as usize].to_string())
                .collect(),
        );
    }
    out
}

/// An HTML table left open at a blank line goes on in the HTML blocks
/// after it (up to Markdown): its cells were written in the paragraphs
/// that followed its block, pointing outside it. `--print` panicked on
/// `<table><td><img src=g>` + blank line + `<h1>`, and the reader showed
/// the next block's text in the cell. A heading in a cell is a line of
/// it, as a `<p>` is.
#[test]
fn an_html_table_open_across_blank_lines_keeps_its_cells_in_its_block() {
    let cases: [(&str, &[&[&str]]); 5] = [
        ("<table><td><img src=g>\n\n<h1>", &[&["[img] g"]]),
        (
            "<table><tr><td><img src=\"logo.png\">\n\n<h2>My Project</h2>\n\ntext\n",
            &[&["[img] logo.png · My Project"]],
        ),
        (
            "<table>\n\n<tr><td>a</td><td>b</td></tr>\n\n<tr><td>c</td></tr>\n\n</table>\n\nafter\n",
            &[&["a", "b", "c"]],
        ),
        (
            "<table><tr><td>a\n\n<p>b</p></td></tr></table>\n",
            &[&["a · b"]],
        ),
        (
            "<table><tr><td><img src=x><h2>T</h2>u</td></tr></table>\n",
            &[&["[img] x · T · u"]],
        ),
    ];
    for (md, want) in cases {
        let doc = parse_markdown("t.md", "t", md).expect("loads");
        assert_eq!(cells_in_blocks(&doc), want, "{md:?}");
        for width in [80, 20, 3] {
            camp_reader::render::print::print(&doc, None, width, true);
        }
    }
    // What follows the table is read after it.
    let doc = parse_markdown(
        "t.md",
        "t",
        "<table><tr><td><img src=\"logo.png\">\n\n<h2>My Project</h2>\n\ntext\n",
    )
    .expect("loads");
    assert!(doc.text().ends_with("\ntext\n"), "{:?}", doc.text());
}
