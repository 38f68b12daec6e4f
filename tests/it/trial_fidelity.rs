//! What a trial reader found on GitHub-style READMEs (issue 21): badge
//! rows, footnotes, empty header cells, images without alt text, badge
//! titles, HTML tables' cells, line breaks in cells.

use camp_reader::load::parse_markdown;
use camp_reader::model::document::Document;
use camp_reader::render::print::print;

fn md(text: &str) -> Document {
    parse_markdown("readme.md", "readme", text).expect("a document")
}

fn printed(text: &str) -> String {
    print(&md(text), None, 80, false)
}

/// The text of each link, in order.
fn link_texts(doc: &Document) -> Vec<&str> {
    doc.links
        .iter()
        .map(|l| &doc.text()[l.start as usize..l.end as usize])
        .collect()
}

/// simd-adler32's badge row: one space between badges, outside the links.
#[test]
fn a_badge_row_has_one_space_between_badges_outside_the_links() {
    let text = "# T\n\n<p align=\"center\">\n  <a href=\"https://docs.rs/x\">\n    <img alt=\"docs.rs badge\" src=\"https://img/docs.svg\">\n  </a>\n  <a href=\"https://crates.io/x\">\n    <img alt=\"crates.io badge\" src=\"https://img/v.svg\">\n  </a>\n</p>\n";
    let doc = md(text);
    assert!(
        doc.text()
            .contains("[img] docs.rs badge [img] crates.io badge"),
        "{:?}",
        doc.text()
    );
    assert_eq!(
        link_texts(&doc),
        ["[img] docs.rs badge", "[img] crates.io badge"]
    );
}

/// `![](…/ci.svg?branch=main)` shows its file name, as `<img>` does
/// (proptest's `[img] Build Status [img] [img] [img]`).
#[test]
fn a_markdown_image_without_alt_shows_its_file_name() {
    let out = printed(
        "# T\n\n[![](https://img.example/a/ci.svg?branch=main)](https://ci.example) ![x](y.png) ![](https://img.example/b%20c.png#f)\n",
    );
    assert!(
        out.contains("[img] ci.svg <https://ci.example> [img] x <y.png> [img] b c.png"),
        "{out}"
    );
}

/// GitHub lists only referenced footnotes, under a rule, apart from the
/// last section's text (rand_chacha's read as part of its License).
#[test]
fn footnotes_are_listed_under_a_label_and_unreferenced_ones_are_not() {
    let text = "# Notes\n\n## First\n\nAlpha[^b] and beta[^a].\n\n## License\n\nMIT.\n\n\
                [^a]: Note A.\n\n[^b]: Note B.\n\n[^unused]: Never referenced.\n";
    let doc = md(text);
    assert!(!doc.text().contains("Never referenced"), "{:?}", doc.text());
    let out = printed(text);
    let mit = out.find("MIT.").expect("the license");
    let label = out.find("Footnotes").expect("a label");
    let b = out.find("Note B.").expect("note b");
    let a = out.find("Note A.").expect("note a");
    assert!(mit < label && label < b && b < a, "{out}");
    // A rule between the last section's text and the label.
    let between = &out[mit..label];
    assert!(between.contains("───") || between.contains("---"), "{out}");
    // The references still link to the definitions.
    let links = link_texts(&doc);
    assert_eq!(links, ["[1]", "[2]"]);
    assert_eq!(doc.link_target(0), "#fn-b");
}

/// A title wider than the line is cut with `…`, not mid-word silently.
#[test]
fn a_title_cut_to_the_width_ends_with_an_ellipsis() {
    use camp_reader::app::{App, Event, Options};
    let doc = md("# A rather long title for a narrow window\n\nText.\n");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(20, 10));
    let buf = crate::common::draw(&app);
    let top = crate::common::row(&buf, 0);
    assert!(top.trim_end().ends_with('…'), "{top:?}");
    assert!(top.contains("A rather"), "{top:?}");
}

/// colspan.md, rag.md, nested.md and a `<br>`/`<li>` cell: every cell's
/// text is in the table, nothing is printed after it.
#[test]
fn html_tables_keep_every_cell() {
    let table_text = |text: &str| -> Vec<String> {
        let doc = md(text);
        doc.tables
            .iter()
            .flat_map(|t| t.cells.iter())
            .map(|c| doc.text()[c.start as usize..c.end as usize].to_string())
            .collect()
    };
    let colspan = "# T\n\n<table>\n<tr><th colspan=\"2\">Platforms</th></tr>\n<tr><td>Linux</td><td>yes</td></tr>\n<tr><td>Windows</td><td>no</td></tr>\n</table>\n";
    assert_eq!(
        table_text(colspan),
        ["Platforms", "", "Linux", "yes", "Windows", "no"]
    );
    let ragged = "# T\n\n<table>\n<tr><td>a</td></tr>\n<tr><td>b</td><td>c</td></tr>\n</table>\n";
    // The short row is not padded in the model (memory stays linear):
    // the table has the widest row's columns, and the second row's extra
    // cell is shown.
    assert_eq!(table_text(ragged), ["a", "b", "c"]);
    let doc = md(ragged);
    let t = &doc.tables[0];
    assert_eq!(t.columns(), 2);
    assert_eq!(t.rows().map(<[_]>::len).collect::<Vec<_>>(), [1, 2]);
    let out = printed(ragged);
    assert!(
        out.lines().any(|l| l.contains('b') && l.contains('c')),
        "{out}"
    );
    let nested = "# T\n\n<table>\n<tr><td>\n<table><tr><td>inner</td><td>b</td></tr></table>\n</td><td>outer2</td></tr>\n</table>\n\nafter\n";
    assert_eq!(table_text(nested), ["inner b", "outer2"]);
    let out = printed(nested);
    let end = out.rfind('┘').expect("a table");
    assert_eq!(out[end..].matches("outer2").count(), 0, "{out}");
    assert!(out[end..].contains("after"), "{out}");
    let cell =
        "# T\n\n<table><tr><td>a<br>b</td><td><ul><li>x</li><li>y</li></ul></td></tr></table>\n";
    assert_eq!(table_text(cell), ["a · b", "x · y"]);
}

/// `<br>` in a pipe table's cell (GitHub breaks the line there): written
/// ` · ` as in an HTML table's cell, in the model (the reader) and in
/// `--print`; none at a cell's start or end, a run of them is one, the
/// spaces around one are not kept, and code keeps it as written.
#[test]
fn a_line_break_in_a_pipe_table_cell_is_written_as_in_an_html_cell() {
    let text = "# T\n\n| a | b |\n|---|---|\n| one<br>two | x<br/>y<BR>z |\n| <br>p <br><br> q<br> | **s**<br>[l](https://e.org)<br>`c<br>d` |\n";
    let doc = md(text);
    let cells: Vec<&str> = doc.tables[0]
        .cells
        .iter()
        .map(|c| &doc.text()[c.start as usize..c.end as usize])
        .collect();
    assert_eq!(
        cells,
        [
            "a",
            "b",
            "one · two",
            "x · y · z",
            "p · q",
            "s · l · c<br>d"
        ]
    );
    // The link is only its text, the break outside it.
    assert_eq!(link_texts(&doc), ["l"]);
    let out = printed(text);
    assert!(out.contains("│ one · two │ x · y · z"), "{out}");
    assert!(
        out.contains("│ p · q     │ s · l <https://e.org> · `c<br>d`"),
        "{out}"
    );
}

/// convert_case's ```` ```{rust} ```` (R Markdown's braces): the label
/// is `rust`, the word the highlighter reads, not `rust}`.
#[test]
fn a_fence_language_in_braces_is_labelled_without_them() {
    use camp_reader::model::document::BlockKind;
    let doc = md(
        "# T\n\n```{rust}\nfn a() {}\n```\n\n```{.python}\nx = 1\n```\n\n```rust,ignore\ny\n```\n",
    );
    let labels: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Code { lang } => doc.langs.get(lang as usize).map(|l| &**l),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["rust", "python", "rust"]);
    let out = printed("# T\n\n```{rust}\nfn a() {}\n```\n");
    assert!(out.lines().any(|l| l.trim() == "rust"), "{out}");
    assert!(!out.contains("rust}"), "{out}");
}
