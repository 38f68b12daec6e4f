//! Markdown documents: what each construct becomes in the model, how the
//! format is chosen, and the command-line modes, the reader and its
//! remembered positions on a Markdown file.

use crate::common;

use camp_reader::load::{self, Format, IMAGE_MARKER, Input};
use camp_reader::model::document::{Align, BlockKind, Document, FrameKind, Inline, Marker, NONE};

fn md(src: &str) -> Document {
    load::parse_markdown("t.md", "t", src).expect("markdown loads")
}

/// Every block as (kind, text), in order.
fn blocks(doc: &Document) -> Vec<(BlockKind, String)> {
    (0..doc.blocks.len())
        .map(|i| (doc.blocks[i].kind, doc.block_text(i).to_string()))
        .collect()
}

/// The text of every span with the given style bit.
fn styled(doc: &Document, style: Inline) -> Vec<String> {
    doc.spans
        .iter()
        .filter(|s| s.style.contains(style))
        .map(|s| doc.text()[s.start as usize..s.end as usize].to_string())
        .collect()
}

fn outline(doc: &Document) -> Vec<(u8, String, String, String)> {
    doc.sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                s.depth(),
                doc.section_number(i).to_string(),
                doc.section_title(i).to_string(),
                doc.section_id(i).to_string(),
            )
        })
        .collect()
}

fn o(depth: u8, number: &str, title: &str, id: &str) -> (u8, String, String, String) {
    (depth, number.into(), title.into(), id.into())
}

// ---- structure ----

#[test]
fn headings_make_the_section_tree_and_skipped_levels_make_no_empty_sections() {
    let doc = md("# One\n\ntext\n\n### Deep\n\nmore\n\n## Two\n\n# Three\n");
    assert_eq!(
        outline(&doc),
        vec![
            o(0, "1", "One", "one"),
            o(1, "1.1", "Deep", "deep"),
            o(1, "1.2", "Two", "two"),
            o(0, "2", "Three", "three"),
        ]
    );
    assert_eq!(
        doc.title, "One",
        "two level-1 headings: the first, opening the document, names it"
    );
    assert_eq!(doc.sections[0].subtree_end, 3);
    assert_eq!(doc.sections[1].parent(), Some(0));
    assert_eq!(doc.sections[3].subtree_end, 4);
    assert_eq!(
        doc.block_text(doc.sections[0].heading_block as usize),
        "One"
    );
    assert_eq!(doc.own_blocks(0).len(), 2, "heading and its paragraph");
}

#[test]
fn a_lone_opening_level_one_heading_is_the_title_and_heads_its_text_as_on_github() {
    let doc = md("# Camp Reader\n\nA reader.\n\n## Install\n\nRun it.\n\n### From source\n");
    assert_eq!(doc.title, "Camp Reader");
    // Its heading is shown where it is written, with GitHub's anchor as
    // its id, not an "Overview" GitHub does not show.
    assert_eq!(doc.block_text(0), "Camp Reader");
    assert_eq!(
        outline(&doc),
        vec![
            o(0, "1", "Camp Reader", "camp-reader"),
            o(0, "2", "Install", "install"),
            o(1, "2.1", "From source", "from-source"),
        ]
    );
    assert_eq!(doc.block_text(1), "A reader.");
}

#[test]
fn a_link_or_image_in_the_title_heading_keeps_the_title_heading() {
    // A link there used to open "Overview" before the title dropped its
    // own text, taking "Overview" with it (a panic when ids were made).
    // A title's image is shown under it, as a badge is: its one link.
    for (src, title, links) in [
        ("# [Foo]\n[foo]: /url\n> bar\n", "Foo", &[][..]),
        (
            "![alt](/i.png) Title\n===\n\ntext\n",
            "Title",
            &["/i.png"][..],
        ),
    ] {
        let doc = md(src);
        assert_eq!(doc.block_text(0), title, "{src:?}");
        assert_eq!(doc.section_title(0), title, "{src:?}");
        let targets: Vec<&str> = (0..doc.links.len()).map(|l| doc.link_target(l)).collect();
        assert_eq!(targets, links, "{src:?}");
    }
}

#[test]
fn footnote_definitions_never_referenced_are_not_listed() {
    let doc = md("# A\n\n[^b]: Bee.\n\nText[^a].\n\n[^a]: Ay.\n\n# C\n\nSee.\n");
    let notes: Vec<(u32, String)> = (0..doc.blocks.len())
        .filter_map(|b| {
            doc.frames_of(b).iter().find_map(|f| match f.kind() {
                FrameKind::Note { number, .. } => Some((number, doc.block_text(b).to_string())),
                _ => None,
            })
        })
        .collect();
    // Only the cited note, as GitHub lists them: Bee. (never referenced)
    // is not shown anywhere.
    assert_eq!(notes, vec![(1, "Ay.".into())]);
    assert!(!doc.text().contains("Bee."), "{:?}", blocks(&doc));
    // At the document's end, after a rule and the "Footnotes" label.
    let b = blocks(&doc);
    let tail: Vec<_> = b[b.len() - 4..]
        .iter()
        .map(|(k, t)| (*k, t.as_str()))
        .collect();
    assert_eq!(
        tail,
        [
            (BlockKind::Paragraph, "See."),
            (BlockKind::Rule, ""),
            (BlockKind::Paragraph, "Footnotes"),
            (BlockKind::Paragraph, "Ay."),
        ]
    );
    // Only definitions: nothing cites them, so nothing is listed (no
    // label either).
    let only = md("[^x]: Only a note.\n");
    assert!(
        !blocks(&only)
            .iter()
            .any(|(_, t)| t.contains("Only a note") || t == "Footnotes"),
        "{:?}",
        blocks(&only)
    );
}

#[test]
fn an_image_in_an_images_alt_text_is_marked_once() {
    let doc = md("![foo ![bar](/url)](/url2)\n");
    let shown = doc.block_text(1);
    assert_eq!(shown.matches(IMAGE_MARKER).count(), 1, "{shown:?}");
    assert!(shown.ends_with("foo bar"), "{shown:?}");
}

#[test]
fn a_level_one_heading_after_text_or_repeated_is_a_section() {
    let doc = md("Intro.\n\n# Only\n\nx\n");
    assert_eq!(doc.title, "t");
    assert_eq!(
        outline(&doc),
        vec![o(0, "1", "Overview", "overview"), o(0, "2", "Only", "only")]
    );
    // Taken as the title first, then another `#`: both are sections,
    // the first, opening the document, still naming it.
    let doc = md("# A\n\ntext\n\n# B\n");
    assert_eq!(doc.title, "A");
    assert_eq!(
        outline(&doc),
        vec![o(0, "1", "A", "a"), o(0, "2", "B", "b")]
    );
    assert_eq!(blocks(&doc)[1], (BlockKind::Paragraph, "text".into()));
}

#[test]
fn front_matter_title_wins_and_front_matter_is_not_shown() {
    let doc = md("---\ntitle: \"From YAML\"\nauthor: x\n---\n# Heading\n\nBody.\n");
    assert_eq!(doc.title, "From YAML");
    assert_eq!(outline(&doc), vec![o(0, "1", "Heading", "heading")]);
    assert!(!doc.text().contains("author"));
    let doc = md("+++\ntitle = \"From TOML\"\n+++\n\nBody.\n");
    assert_eq!(doc.title, "From TOML");
    assert_eq!(outline(&doc), vec![o(0, "1", "Overview", "overview")]);
}

#[test]
fn a_document_without_headings_is_one_overview_section() {
    let doc = md("Just text.\n");
    assert_eq!(outline(&doc), vec![o(0, "1", "Overview", "overview")]);
    assert_eq!(doc.own_blocks(0), 0..2);
}

#[test]
fn section_ids_are_githubs_anchors_and_attribute_ids_are_honoured() {
    let doc = md(
        "## Hello, World!\n\n## Hello, World!\n\n## Hello, World!\n\n## API_v2 -- `foo()`\n\n\
         ## Custom {#my-id}\n\n## Manëz 東京\n",
    );
    let ids: Vec<_> = (0..doc.sections.len()).map(|i| doc.section_id(i)).collect();
    assert_eq!(
        ids,
        [
            "hello-world",
            "hello-world-1",
            "hello-world-2",
            "api_v2----foo",
            "my-id",
            "manëz-東京"
        ]
    );
    assert_eq!(doc.section_title(4), "Custom");
    assert_eq!(doc.find_section("my-id"), Some(4));
}

#[test]
fn sections_record_their_source_line() {
    let doc = md("Intro\n\n# A\n\ntext\n\nB\n-\n\n```\n# not a heading\n```\n\n### C\n");
    let lines: Vec<_> = (0..doc.sections.len())
        .map(|i| (doc.section_title(i), doc.sections[i].line))
        .collect();
    assert_eq!(lines, [("Overview", 1), ("A", 3), ("B", 7), ("C", 14)]);
}

// ---- blocks and inline text ----

#[test]
fn paragraphs_keep_hard_breaks_and_join_soft_ones() {
    let doc = md("one\ntwo  \nthree\\\nfour\n");
    assert_eq!(
        blocks(&doc)[1],
        (BlockKind::Paragraph, "one two\nthree\nfour".into())
    );
}

#[test]
fn inline_styles_become_sorted_spans_over_the_shown_text() {
    let doc = md("a *em* **strong** ~~gone~~ `co*de*` ***both*** <b>x</b>\n");
    let text = doc.block_text(1);
    // Inline HTML is read as a browser shows it: <b> is strong, no tag shown.
    assert_eq!(text, "a em strong gone co*de* both x");
    assert_eq!(styled(&doc, Inline::EMPHASIS), ["em", "both"]);
    assert_eq!(styled(&doc, Inline::STRONG), ["strong", "both", "x"]);
    assert_eq!(styled(&doc, Inline::STRIKE), ["gone"]);
    assert_eq!(styled(&doc, Inline::CODE), ["co*de*"]);
    assert!(styled(&doc, Inline::HTML).is_empty());
    for w in doc.spans.windows(2) {
        assert!(w[0].end <= w[1].start, "sorted, not overlapping");
    }
}

#[test]
fn links_fill_the_link_table_and_mark_their_text() {
    let doc = md("## Top\n\nSee [the *docs*](https://x.org/d) and [up](#top).\n");
    assert_eq!(doc.block_text(1), "See the docs and up.");
    let targets: Vec<_> = (0..doc.links.len()).map(|i| doc.link_target(i)).collect();
    assert_eq!(targets, ["https://x.org/d", "#top"]);
    let l = &doc.links[0];
    assert_eq!(&doc.text()[l.start as usize..l.end as usize], "the docs");
    assert_eq!(l.section, 0);
    assert_eq!(styled(&doc, Inline::LINK), ["the ", "docs", "up"]);
    let docs = doc
        .spans
        .iter()
        .find(|s| s.style.contains(Inline::EMPHASIS))
        .unwrap();
    assert!(docs.style.contains(Inline::LINK));
    assert_eq!(docs.link, 0);
}

#[test]
fn images_show_their_alt_text_marked_with_the_address_as_a_link() {
    let doc = md("![A cat](cat.png) and [![badge](b.svg)](https://ci)\n");
    let img = format!("{IMAGE_MARKER} A cat");
    let badge = format!("{IMAGE_MARKER} badge");
    assert_eq!(doc.block_text(1), format!("{img} and {badge}"));
    assert_eq!(styled(&doc, Inline::IMAGE), [img.clone(), badge.clone()]);
    let targets: Vec<_> = (0..doc.links.len()).map(|i| doc.link_target(i)).collect();
    // The badge is one link, its image that link's text (as on GitHub).
    assert_eq!(targets, ["cat.png", "https://ci"]);
    // The badge's text follows the link around it.
    let span = doc
        .spans
        .iter()
        .find(|s| s.style.contains(Inline::LINK))
        .unwrap();
    assert_eq!(span.link, 1);
}

#[test]
fn bulleted_lists_nest_with_levels_and_tight_items_join() {
    let doc = md("- a\n- b\n  - c\n  - d\n- e\n\nafter\n");
    let b = blocks(&doc);
    let texts: Vec<_> = b.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, ["Overview", "a", "b", "c", "d", "e", "after"]);
    let joins: Vec<_> = doc.blocks.iter().map(|b| b.joins_next()).collect();
    assert_eq!(joins, [false, true, true, true, true, false, false]);
    let markers: Vec<_> = (1..6)
        .map(
            |i| match doc.frames[doc.blocks[i].frame().unwrap() as usize].kind() {
                FrameKind::Item { marker, indent } => (marker, indent),
                k => panic!("{k:?}"),
            },
        )
        .collect();
    use Marker::Bullet;
    assert_eq!(
        markers,
        [
            (Bullet { level: 0 }, 2),
            (Bullet { level: 0 }, 2),
            (Bullet { level: 1 }, 2),
            (Bullet { level: 1 }, 2),
            (Bullet { level: 0 }, 2)
        ]
    );
    // `c` sits in an item inside `b`'s item.
    let chain = doc.frames_of(3);
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[0].first_block, 2);
    assert_eq!(chain[1].first_block, 3);
    assert_eq!(doc.blocks[6].frame(), None);
}

#[test]
fn loose_lists_do_not_join_and_items_hold_several_blocks() {
    let doc = md("- a\n\n  more a\n\n- b\n");
    let texts: Vec<_> = blocks(&doc).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["Overview", "a", "more a", "b"]);
    assert!(doc.blocks.iter().all(|b| !b.joins_next()));
    assert_eq!(doc.blocks[1].frame(), doc.blocks[2].frame());
}

#[test]
fn ordered_lists_keep_their_start_and_indent_for_the_widest_number() {
    let doc = md("8. h\n9. i\n10. j\n");
    let items: Vec<_> = (1..4)
        .map(|i| doc.frames[doc.blocks[i].frame().unwrap() as usize].kind())
        .collect();
    assert_eq!(
        items,
        [8, 9, 10].map(|n| FrameKind::Item {
            marker: Marker::Number(n),
            indent: 4
        })
    );
}

#[test]
fn task_items_carry_their_state() {
    let doc = md("- [ ] todo\n- [x] done\n");
    let markers: Vec<_> = (1..3)
        .map(
            |i| match doc.frames[doc.blocks[i].frame().unwrap() as usize].kind() {
                FrameKind::Item { marker, .. } => marker,
                k => panic!("{k:?}"),
            },
        )
        .collect();
    assert_eq!(
        markers,
        [Marker::Task { done: false }, Marker::Task { done: true }]
    );
    assert_eq!(doc.block_text(1), "todo");
}

#[test]
fn empty_items_and_quotes_still_get_a_block() {
    let doc = md("-\n- b\n\n>\n");
    let b = blocks(&doc);
    assert_eq!(b[1], (BlockKind::Paragraph, String::new()));
    assert_eq!(
        doc.frames[doc.blocks[1].frame().unwrap() as usize].first_block,
        1
    );
    let last = doc.blocks.len() - 1;
    assert_eq!(
        doc.frames[doc.blocks[last].frame().unwrap() as usize].kind(),
        FrameKind::Quote
    );
}

#[test]
fn code_blocks_keep_lines_verbatim_with_tabs_to_four_and_their_language() {
    let doc =
        md("```rust title=x\nfn main() {\n\tlet x = 1;  \n\n}\n```\n\n    indented\n    code\n");
    let b = blocks(&doc);
    let lang = match b[1].0 {
        BlockKind::Code { lang } => lang,
        k => panic!("{k:?}"),
    };
    assert_eq!(&*doc.langs[lang as usize], "rust");
    assert_eq!(b[1].1, "fn main() {\n    let x = 1;  \n\n}");
    assert_eq!(
        b[2],
        (BlockKind::Code { lang: NONE }, "indented\ncode".into())
    );
}

#[test]
fn code_lines_are_sanitized_one_by_one() {
    let doc = md("```\na\u{1b}[2Jb\n\u{7}\n```\n");
    assert_eq!(doc.block_text(1), "a^[[2Jb\n^G");
}

#[test]
fn block_quotes_nest_as_frames() {
    let doc = md("> outer\n>\n> > inner\n\nafter\n");
    assert_eq!(doc.frames_of(1).len(), 1);
    assert_eq!(doc.frames_of(2).len(), 2);
    assert!(
        doc.frames_of(2)
            .iter()
            .all(|f| f.kind() == FrameKind::Quote)
    );
    assert_eq!(doc.block_text(2), "inner");
    assert!(doc.frames_of(3).is_empty());
}

#[test]
fn tables_keep_cells_row_by_row_and_the_alignment() {
    let doc = md("| a | *b* | c |\n|:--|:-:|--:|\n| 1 | 2 |\n| x | y | z |\n");
    let (kind, text) = blocks(&doc).remove(1);
    let BlockKind::Table { table } = kind else {
        panic!("{kind:?}");
    };
    let t = &doc.tables[table as usize];
    assert_eq!(t.align, [Align::Left, Align::Center, Align::Right]);
    let cells: Vec<_> = t
        .cells
        .iter()
        .map(|c| &doc.text()[c.start as usize..c.end as usize])
        .collect();
    assert_eq!(cells, ["a", "b", "c", "1", "2", "", "x", "y", "z"]);
    assert_eq!(text, "a\nb\nc\n1\n2\n\nx\ny\nz");
    assert_eq!(styled(&doc, Inline::EMPHASIS), ["b"]);
}

#[test]
fn thematic_breaks_and_html_blocks() {
    let doc = md("a\n\n---\n\n<div>\n  <b>hi</b>\n</div>\n\nb\n");
    let b = blocks(&doc);
    assert_eq!(b[2], (BlockKind::Rule, String::new()));
    // An HTML block shows its text content, as GitHub does.
    assert_eq!(b[3], (BlockKind::Paragraph, "hi".into()));
    assert_eq!(b[4].1, "b");
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_listed_at_the_end_of_the_document() {
    let doc = md("# A\n\nx[^late] y[^early] z[^late]\n\n# B\n\nw[^b]\n\n\
         [^early]: Early note.\n[^late]: Late *note*.\n[^b]: In B.\n");
    let b = blocks(&doc);
    assert_eq!(b[1].1, "x[1] y[2] z[1]");
    assert_eq!(styled(&doc, Inline::NOTE_REF), ["[1]", "[2]", "[1]", "[3]"]);
    let notes: Vec<_> = (0..doc.blocks.len())
        .filter_map(|i| {
            let f = doc.blocks[i].frame()?;
            match doc.frames[f as usize].kind() {
                FrameKind::Note { number, .. } => {
                    Some((number, doc.block_text(i), doc.blocks[i].section))
                }
                _ => None,
            }
        })
        .collect();
    // All at the end, in the last section, as GitHub lists them: B's
    // heading and text, a rule, the "Footnotes" label, the three notes.
    assert_eq!(
        notes,
        [(1, "Late note.", 1), (2, "Early note.", 1), (3, "In B.", 1)]
    );
    assert_eq!(doc.own_blocks(0), 0..2);
    assert_eq!(doc.own_blocks(1), 2..9);
    assert_eq!(b[4], (BlockKind::Rule, String::new()));
    assert_eq!(b[5], (BlockKind::Paragraph, "Footnotes".into()));
}

#[test]
fn every_piece_of_text_is_sanitized() {
    let e = '\u{1b}';
    let doc = md(&format!(
        "# T{e}]0;x\u{7}\n\nA {e}[31m *b{e}c* `d\u{202e}` [l{e}](u&#x1b;x)\n\n| h{e} |\n|---|\n| c\u{7} |\n"
    ));
    assert!(
        !doc.text().chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        doc.text()
    );
    assert!(!doc.section_title(0).contains(e));
    assert!(!doc.link_target(0).contains(e));
}

#[test]
fn subheadings_inside_containers_do_not_make_sections() {
    let doc = md("# A\n\n> ## Quoted\n\n- # Listed\n");
    assert_eq!(doc.sections.len(), 1);
    let b = blocks(&doc);
    assert_eq!(b[1], (BlockKind::Subheading { level: 2 }, "Quoted".into()));
    assert_eq!(b[2], (BlockKind::Subheading { level: 1 }, "Listed".into()));
}

// ---- format selection ----

#[test]
fn the_extension_names_the_format() {
    use std::path::Path;
    for ext in ["md", "markdown", "mdown", "mkd", "mkdn", "MD"] {
        let name = format!("a.{ext}");
        assert_eq!(
            Format::from_path(Path::new(&name)),
            Some(Format::Markdown),
            "{ext}"
        );
    }
    assert_eq!(Format::from_path(Path::new("a.toml")), Some(Format::Toml));
    assert_eq!(Format::from_path(Path::new("README")), None);
    assert_eq!(Format::from_path(Path::new("a.txt")), None);
}

#[test]
fn without_an_extension_the_content_decides() {
    let toml = "title = \"T\"\n[[sections]]\ntitle = \"S\"\nbody = \"b\"\n";
    let doc = load::parse_any("x", "x", toml).unwrap();
    assert_eq!(doc.title, "T");
    let doc = load::parse_any("x", "x", "# Hello\n\n- a\n").unwrap();
    assert_eq!(doc.title, "Hello");
    // TOML with a mistake stays TOML, and says where.
    let bad = "title = \"T\"\n[[sections]]\ntitle = \n";
    let err = load::parse_any("x", "x", bad).unwrap_err();
    assert!(err.to_string().contains("x:3:"), "{err}");
}

#[test]
fn load_as_reads_a_file_in_the_format_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "title = \"T\"\n[[sections]]\ntitle = \"S\"\n").unwrap();
    let input = Input::File(path);
    assert_eq!(load::load(&input, 1 << 20).unwrap().title, "T");
    let doc = load::load_as(&input, 1 << 20, Some(Format::Markdown)).unwrap();
    assert_eq!(
        doc.title, "notes",
        "as Markdown: no heading, so the file name"
    );
}

// ---- the binary and the reader on a Markdown file ----

const GUIDE: &str = "# Field Guide

A short guide to **Albania** and its camps.

## Getting there

Take the *coastal* road:

- from Tirana
- from Durrës

```sh
drive --to manez
```

## Staying

> Quiet hours start at ten.

| Camp | Beds |
|------|-----:|
| Ashraf 3 | 3000 |

### Food

Meals are shared[^1].

[^1]: Three times a day.
";

fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("camp-reader").expect("the binary");
    let tmp = std::env::temp_dir();
    cmd.env("XDG_STATE_HOME", tmp.join("camp-reader-md-state"))
        .env("XDG_CONFIG_HOME", tmp.join("camp-reader-md-config"));
    cmd
}

/// The guide written as `name` in a fresh directory.
fn guide_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[track_caller]
fn ok_out(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err, "");
    String::from_utf8(out.stdout).unwrap()
}

/// `--check`'s places and messages (the attack): the address where it is
/// a link's, not where prose mentions it; lines ended by returns alone
/// counted; a long address cut; a folder link with no README broken, as
/// following it says; linear in the number of links.
#[test]
fn check_places_links_where_their_addresses_are_written() {
    let long = "a".repeat(3000);
    let (dir, path) = guide_file(
        "p.md",
        &format!("# P\r\rThe `#gone` id.\r\r[link](#gone) [f](empty/) [l](#{long})\r"),
    );
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = bin().arg("--check").arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].ends_with("p.md:5:8: broken link to #gone: no section or anchor has that id"),
        "{err}"
    );
    assert!(
        lines[1].ends_with("p.md:5:19: broken link to empty/: empty/ is a folder with no README.md or index.md: named on the command line, it is read as a book"),
        "{err}"
    );
    assert!(
        lines[2].contains("p.md:5:31: broken link to #aaaa"),
        "{err}"
    );
    assert!(lines[2].contains('…') && lines[2].len() < 300, "{err}");
    // 50,000 broken links: each found once, in one pass.
    let many: String = (0..50_000).map(|i| format!("[x](#nope{i})\n\n")).collect();
    let (_d, path) = guide_file("m.md", &format!("# M\n\n{many}"));
    let out = bin().arg("--check").arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("m.md:100001:5: broken link to #nope49999:"),
        "{}",
        &err[err.len() - 300..]
    );
}

/// `--check` places every broken link where it is used: a reference
/// link where `[text][label]` is written (not its definition further
/// down, which made every link after it lose its place), a link in a
/// footnote in the note, an HTML link at its address; and every line is one
/// shape, `file:line:col: …` (no `camp-reader: ` on the first alone), as
/// an editor's quickfix list reads it.
#[test]
fn check_places_reference_links_where_they_are_used() {
    let (_dir, path) = guide_file(
        "r.md",
        "# R\n\nSee [one][a] and [two][].\n\nInline [five](five.md) <a href=\"six.md\">six</a>.\n\nA note[^n].\n\n[a]: a.md\n[two]: two.md\n\n[^n]: Into [gone](gone.md).\n",
    );
    let out = bin().arg("--check").arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    let mut placed: Vec<(String, String)> = lines[..lines.len() - 1]
        .iter()
        .map(|l| {
            let (place, rest) = l.split_once(": broken link to ").expect(l);
            let target = rest.split(':').next().unwrap_or("").to_string();
            (
                place.rsplit('/').next().unwrap_or(place).to_string(),
                target,
            )
        })
        .collect();
    placed.sort();
    assert_eq!(
        placed,
        [
            ("r.md:12:19", "gone.md"),
            ("r.md:3:18", "two.md"),
            ("r.md:3:5", "a.md"),
            ("r.md:5:15", "five.md"),
            ("r.md:5:33", "six.md"),
        ]
        .map(|(p, t)| (p.to_string(), t.to_string())),
        "{err}"
    );
    // Every line starts with the file, the summary too.
    let file = path.display().to_string();
    for line in &lines {
        assert!(line.starts_with(&file), "{err}");
    }
    assert!(
        lines[lines.len() - 1].ends_with("r.md: read, but 5 broken links"),
        "{err}"
    );
    // In a TOML document's Markdown body too (found as text there): the
    // reference link at its label, the links after it still placed.
    let (_dir, path) = guide_file(
        "r.toml",
        "title = \"R\"\nmarkup = \"markdown\"\n\n[[sections]]\ntitle = \"One\"\nbody = \"\"\"\nSee [one][a].\n\nInline [five](five.md).\n\n[a]: a.md\n\"\"\"\n",
    );
    let out = bin().arg("--check").arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].ends_with("r.toml:7:10: broken link to a.md: no such file"),
        "{err}"
    );
    assert!(
        lines[1].ends_with("r.toml:9:15: broken link to five.md: no such file"),
        "{err}"
    );
}

/// `--check` reads a document a link names with `#id` (once, however
/// many links lead to it) and reports the id it does not have, as the
/// reader says following it; a folder's README too; a file it cannot
/// read is reported, not fatal; a source file's `#L10` is not looked at,
/// nor a TOML file that is no camp-reader document (a `Cargo.toml`).
/// A link to a symbolic link loop is reported as another document that
/// cannot be read is, with the reason in words.
#[test]
fn check_reports_a_link_to_a_symbolic_link_loop_as_unreadable() {
    let (dir, path) = guide_file("top.md", "# Top\n\n[l](loop.md) [x](loop.md#x)\n");
    std::os::unix::fs::symlink("loop.md", dir.path().join("loop.md")).unwrap();
    let out = bin().arg("--check").arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].ends_with(
            "top.md:3:5: broken link to loop.md: it cannot be read: a symbolic link loop"
        ),
        "{err}"
    );
    assert!(
        lines[1].ends_with(
            "top.md:3:18: broken link to loop.md#x: it cannot be read: a symbolic link loop"
        ),
        "{err}"
    );
}

#[test]
fn check_reports_an_id_another_document_lacks() {
    let (dir, path) = guide_file(
        "top.md",
        "# Top\n\n[bad](sub/README.md#nope) [ok](sub/README.md#part-two) [folder](sub/#gone)\n[big](big.md#x) [code](lib.rs#L10) [case](sub/README.md#Part-Two) [deps](Cargo.toml#dependencies)\n",
    );
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub/README.md"),
        "# Sub\n\ntext\n\n## Part two\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("big.md"),
        format!("# Big\n\n{}\n", "x".repeat(5000)),
    )
    .unwrap();
    std::fs::write(dir.path().join("lib.rs"), "fn main() {}\n").unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let out = bin()
        .args(["--check", "--max-size", "1000"])
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].ends_with("top.md:3:7: broken link to sub/README.md#nope: that document has no section or anchor #nope"),
        "{err}"
    );
    assert!(
        lines[1].ends_with(
            "top.md:3:65: broken link to sub/#gone: that document has no section or anchor #gone"
        ),
        "{err}"
    );
    assert!(
        lines[2].contains("top.md:4:7: broken link to big.md#x: it cannot be read: ")
            && lines[2].contains("over the size limit"),
        "{err}"
    );
    assert!(
        lines[3].ends_with("top.md: read, but 3 broken links"),
        "{err}"
    );
}

#[test]
fn toc_check_section_and_print_work_on_a_markdown_file() {
    let (_dir, path) = guide_file("guide.md", GUIDE);
    let toc = ok_out(bin().arg("--toc").arg(&path));
    // Markdown headings are not numbered (unless asked for).
    assert_eq!(toc, "Field Guide\nGetting there\nStaying\n  Food\n");
    let toc = ok_out(bin().args(["--toc", "--numbers", "always"]).arg(&path));
    assert_eq!(
        toc,
        "1 Field Guide\n2 Getting there\n3 Staying\n  3.1 Food\n"
    );
    let check = ok_out(bin().arg("--check").arg(&path));
    assert!(
        // The footnote reference is the one link (to its definition).
        // The "Footnotes" label above the note is a paragraph too.
        check.ends_with("ok: 4 sections, 8 paragraphs, 1 link\n"),
        "{check}"
    );
    // Links that lead nowhere are found, where their addresses are
    // written: exit status 1, the document read all the same.
    let (dir2, linked) = guide_file(
        "l.md",
        "# L\n\n[a](x) ![b](y.png) [c](#z) [d](#l) [e](here.md) [f](https://e.org/)\n",
    );
    std::fs::write(dir2.path().join("here.md"), "# Here\n").unwrap();
    let out = bin().arg("--check").arg(&linked).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].ends_with("l.md:3:5: broken link to x: no such file"),
        "{err}"
    );
    assert!(
        lines[1].ends_with("l.md:3:13: broken link to y.png: no such file"),
        "{err}"
    );
    assert!(
        lines[2].ends_with("l.md:3:24: broken link to #z: no section or anchor has that id"),
        "{err}"
    );
    assert!(
        lines[3].ends_with("l.md: read, but 3 broken links"),
        "{err}"
    );
    // Fixed, it is one line on standard output.
    std::fs::write(dir2.path().join("x"), "x").unwrap();
    std::fs::write(dir2.path().join("y.png"), "y").unwrap();
    std::fs::write(&linked, "# L\n\n[a](x) ![b](y.png) [d](#l) [e](here.md)\n").unwrap();
    let check = ok_out(bin().arg("--check").arg(&linked));
    assert!(
        check.ends_with("ok: 1 section, 1 paragraph, 4 links\n"),
        "{check}"
    );
    let sub = ok_out(bin().args(["--toc", "--section", "staying"]).arg(&path));
    assert_eq!(sub, "Staying\n  Food\n");
    let print = ok_out(bin().args(["--print", "--width", "60"]).arg(&path));
    assert!(print.starts_with("Field Guide\n"), "{print}");
    for shown in [
        "A short guide to Albania and its camps.",
        "from Durrës",
        "drive --to manez",
        "Quiet hours start at ten.",
        "Ashraf 3",
        "Meals are shared[1].",
        "Footnotes\n",
        "Three times a day.",
    ] {
        assert!(print.contains(shown), "{shown:?} missing from\n{print}");
    }
    assert!(!print.contains("**") && !print.contains("[^1]"), "{print}");
    // The note is listed after the label, which is after the text.
    let label = print.find("\nFootnotes\n").expect("the label");
    assert!(print.find("Meals are shared[1].") < Some(label), "{print}");
    assert!(print.find("Three times a day.") > Some(label), "{print}");
    let food = ok_out(bin().args(["--print", "--section", "3.1"]).arg(&path));
    assert!(
        food.contains("Meals") && !food.contains("Albania"),
        "{food}"
    );
}

#[test]
fn search_finds_the_shown_text_not_the_markup() {
    let (_dir, path) = guide_file("guide.md", GUIDE);
    let found = ok_out(bin().args(["--print", "--search", "albania"]).arg(&path));
    assert!(found.contains("A short guide to Albania"), "{found}");
    assert!(!found.contains("Quiet"), "{found}");
    let out = bin()
        .args(["--print", "--search", "**Albania**"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the markup is not in the text");
}

#[test]
fn stdin_and_other_extensions_are_recognised_by_content() {
    let toc = ok_out(bin().args(["--toc", "-"]).write_stdin(GUIDE));
    assert!(toc.contains("\n  Food\n"), "{toc}");
    let toml = "title = \"T\"\n[[sections]]\ntitle = \"Only\"\nbody = \"b\"\n";
    let toc = ok_out(bin().args(["--toc", "-"]).write_stdin(toml));
    assert_eq!(toc, "1 Only\n");
    let (_dir, path) = guide_file("guide.txt", GUIDE);
    assert!(ok_out(bin().arg("--toc").arg(&path)).contains("Getting there"));
}

#[test]
fn format_forces_a_reading() {
    let toml = "title = \"T\"\n[[sections]]\ntitle = \"Only\"\nbody = \"b\"\n";
    let (_dir, path) = guide_file("doc.md", toml);
    // By its extension, Markdown: no heading, one Overview section.
    assert_eq!(ok_out(bin().arg("--toc").arg(&path)), "Overview\n");
    let toc = ok_out(bin().args(["--toc", "--format", "toml"]).arg(&path));
    assert_eq!(toc, "1 Only\n");
    let (_dir, path) = guide_file("guide.toml", GUIDE);
    let out = bin().arg("--check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a .toml file is read as TOML");
    let toc = ok_out(bin().args(["--toc", "--format", "markdown"]).arg(&path));
    assert!(toc.contains("\n  Food\n"));
    let out = bin()
        .args(["--format", "rst", "--toc"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unreadable_markdown_files_get_located_errors() {
    let (dir, path) = guide_file("bad.md", "");
    std::fs::write(&path, b"# Title\n\nok\n\xff\x00 bad\n").unwrap();
    let out = bin().arg("--check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.md: is not a text file"), "{err}");
    let sub = dir.path().join("folder.md");
    std::fs::create_dir(&sub).unwrap();
    let out = bin().arg("--check").arg(&sub).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder.md"));
    let out = bin()
        .args(["--check", "--max-size", "10"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A blank Markdown file is a document that says it is empty.
    std::fs::write(&path, "  \n\n").unwrap();
    let out = bin().arg("--print").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("This file is empty."));
}

fn guide_app(w: u16, h: u16) -> camp_reader::app::App {
    use camp_reader::app::Event;
    use camp_reader::app::{App, Options};
    let mut app = App::new(md(GUIDE), Options::default());
    app.update(Event::Resize(w, h));
    app
}

#[test]
fn the_reader_moves_searches_and_goes_to_sections_of_a_markdown_document() {
    use camp_reader::settings::keymap::Command;
    let mut a = guide_app(100, 12);
    a.update(Command::NextSection);
    assert_eq!(a.current_section(), 1);
    a.update(Command::SearchStart);
    common::type_query(&mut a, "three times");
    a.update(Command::Accept);
    let s = a.reader().search.as_ref().expect("a search");
    let m = s
        .current_range(&a.reader().doc)
        .expect("a match in the footnote");
    assert_eq!(&a.reader().doc.text()[m], "Three times");
    assert_eq!(a.current_section(), 3);
    a.update(Command::GoToSection);
    common::type_query(&mut a, "getting");
    a.update(Command::Accept);
    assert_eq!(a.current_section(), 1);
    let screen: String = {
        let buf = common::draw(&a);
        (0..buf.area.height)
            .map(|y| common::row(&buf, y) + "\n")
            .collect()
    };
    assert!(screen.contains("Getting there"), "{screen}");
    if !a.sidebar_visible() {
        a.update(Command::ToggleSidebar);
    }
    assert!(a.sidebar_visible());
    let buf = common::draw(&a);
    let all: String = (0..buf.area.height).map(|y| common::row(&buf, y)).collect();
    assert!(
        all.contains("Staying") && all.contains("Food"),
        "the sidebar lists sections: {all}"
    );
}

#[test]
fn positions_and_marks_are_remembered_for_a_markdown_document() {
    use camp_reader::app::session;
    use camp_reader::settings::keymap::Command;
    use camp_reader::settings::state::{StateFile, content_hash};
    let hash = content_hash(GUIDE);
    let mut a = guide_app(80, 10);
    a.update(Command::NextSection);
    a.update(Command::NextSection);
    a.update(Command::MarkSet);
    a.update(Command::Insert('m'));
    a.update(Command::Top);
    let mut file = StateFile::default();
    file.put(session::record(&mut a, "k", &hash));
    let mut b = guide_app(50, 10);
    session::restore(&mut b, &file, "k", &hash, true).expect("resumed");
    assert_eq!(b.current_section(), 0);
    b.update(Command::MarkJump);
    b.update(Command::Insert('m'));
    assert_eq!(b.current_section(), 2, "the mark leads to Staying");
}

#[test]
fn a_markdown_file_opens_in_the_terminal() {
    let (dir, path) = guide_file("guide.md", GUIDE);
    let state = dir.path().join("state");
    let mut pty = common::Pty::spawn_with(
        &[path.to_str().unwrap()],
        90,
        24,
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
    );
    pty.wait_for("the guide", |s| {
        s.contains("Field Guide") && s.contains("Albania")
    });
    pty.send("]]");
    pty.wait_for("section 3", |s| s.contains("Quiet hours"));
    pty.send("q");
    assert!(pty.wait_exit().success());
}

// ---- Markdown bodies in TOML documents ----

const MARKUP_DOC: &str = r#"title = "Notes"
markup = "markdown"

[[sections]]
title = "First"
body = '''
We need **eggs**:

- milk
- flour

# Not a section

See [later](#second)[^n].

[^n]: A note.
'''

[[sections.links]]
text = "Home"
url = "https://example.org"

[[sections]]
title = "Second"
body = "Plain *enough*."
"#;

#[test]
fn markup_markdown_makes_every_body_markdown_without_new_sections() {
    let doc = load::parse("notes.toml", MARKUP_DOC).unwrap();
    assert_eq!(doc.markup, camp_reader::model::document::Markup::Markdown);
    assert_eq!(
        outline(&doc),
        vec![o(0, "1", "First", "first"), o(0, "2", "Second", "second")]
    );
    let b = blocks(&doc);
    let kinds: Vec<_> = b.iter().map(|(k, t)| (*k, t.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Heading, "First"),
            (BlockKind::Paragraph, "We need eggs:"),
            (BlockKind::Paragraph, "milk"),
            (BlockKind::Paragraph, "flour"),
            (BlockKind::Subheading { level: 1 }, "Not a section"),
            (BlockKind::Paragraph, "See later[1]."),
            // The body's notes at its end, under a rule and a label.
            (BlockKind::Rule, ""),
            (BlockKind::Paragraph, "Footnotes"),
            (BlockKind::Paragraph, "A note."),
            (
                BlockKind::Link { text_len: 4 },
                "Home <https://example.org>"
            ),
            (BlockKind::Heading, "Second"),
            (BlockKind::Paragraph, "Plain enough."),
        ]
    );
    assert_eq!(styled(&doc, Inline::STRONG), ["eggs", "Footnotes"]);
    assert_eq!(styled(&doc, Inline::EMPHASIS), ["enough"]);
    assert!(doc.frames_of(2).len() == 1 && doc.blocks[2].joins_next());
    assert!(matches!(
        doc.frames_of(8)[0].kind(),
        FrameKind::Note { number: 1, .. }
    ));
    let targets: Vec<_> = (0..doc.links.len()).map(|i| doc.link_target(i)).collect();
    assert_eq!(targets, ["#second", "#fn-n", "https://example.org"]);
    assert!(doc.blocks[..10].iter().all(|b| b.section == 0));
    assert_eq!(doc.blocks[11].section, 1);
}

#[test]
fn markup_bodies_read_alike_streamed_whole_and_in_chunks() {
    let streamed = load::parse_streaming("n.toml", MARKUP_DOC)
        .expect("the streaming reader reads it")
        .unwrap();
    let whole = load::parse_with_toml("n.toml", MARKUP_DOC).unwrap();
    assert_eq!(streamed, whole);
    // Over the chunking threshold: many sections, split in runs.
    let mut big = String::from("title = \"Big\"\nmarkup = \"markdown\"\n");
    for i in 0..400 {
        big.push_str(&format!(
            "\n[[sections]]\ntitle = \"S{i}\"\nbody = '''\n- **a{i}**\n- b\n\n# h\n'''\n"
        ));
    }
    let chunked = load::parse_in_chunks("b.toml", &big, 8, 2)
        .expect("it splits")
        .unwrap();
    assert_eq!(chunked, load::parse_with_toml("b.toml", &big).unwrap());
    assert_eq!(styled(&chunked, Inline::STRONG).len(), 400);
    assert!(
        chunked
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Subheading { level: 1 })
    );
    // A plain document's bodies stay plain, in chunks too.
    let plain = big.replace("markup = \"markdown\"\n", "");
    let chunked = load::parse_in_chunks("p.toml", &plain, 8, 2)
        .unwrap()
        .unwrap();
    assert!(chunked.spans.is_empty());
    assert!(
        chunked.block_text(1).starts_with("- **a0** - b"),
        "{}",
        chunked.block_text(1)
    );
}
