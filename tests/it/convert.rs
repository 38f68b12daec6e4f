//! `--to-markdown` and `--to-toml`: what the binary writes, and that
//! loading the converted document gives the model of the original: for
//! the embedded article and for every Markdown document among the
//! dependencies' sources (read where cargo keeps them).

use crate::common;

use std::path::Path;

use camp_reader::load::convert::{to_markdown, to_toml};
use camp_reader::load::{self, EMBEDDED, markdown_options, parse, parse_markdown};
use camp_reader::model::document::{BlockKind, Document};

fn bin() -> std::process::Command {
    let tmp = std::env::temp_dir();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_camp-reader"));
    cmd.env("XDG_STATE_HOME", tmp.join("camp-reader-convert-state"))
        .env("XDG_CONFIG_HOME", tmp.join("camp-reader-convert-config"))
        // Not an empty pipe (assert_cmd's): with no FILE a pipe is the
        // document.
        .stdin(std::process::Stdio::null());
    cmd
}

/// Runs with `args` on a file holding `text`: (status, stdout, stderr).
fn convert(text: &str, name: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    run_on(&path, args)
}

fn run_on(path: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).arg(path).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_embedded_article_as_markdown() {
    let out = bin().arg("--to-markdown").output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Camp Ashraf 3\n\n## Overview {#overview}\n\nCamp Ashraf 3 is"));
    assert!(
        md.contains("\n## Raid by Albanian police {#raid-by-albanian-police}\n"),
        "{md}"
    );
    assert!(
        md.ends_with("\nSource: Camp Ashraf 3 — Wikipedia — CC BY-SA\n"),
        "{md}"
    );
}

const NESTED: &str = r#"title = "T"
subtitle = "Sub \"quoted\""
[[sections]]
title = "A *star* and # hash"
id = "a"
body = """
- not a list

1. not numbered either
"""
[[sections.links]]
text = "Ref [1]"
url = "https://example.org/a b"
[[sections.links]]
text = "No address"
[[sections.sections]]
title = "A.1"
"#;

#[test]
fn front_matter_holds_a_subtitle_and_plain_text_is_escaped() {
    let (status, md, err) = convert(NESTED, "n.toml", &["--to-markdown"]);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(
        md,
        "---\ntitle: \"T\"\nsubtitle: \"Sub \\\"quoted\\\"\"\n---\n\n\
         # A \\*star\\* and \\# hash {#a}\n\n\\- not a list\n\n1\\. not numbered either\n\n\
         - [Ref \\[1\\]](<https://example.org/a b>)\n- No address\n\n\
         ## A.1 {#a-1}\n"
    );
}

#[test]
fn markdown_bodies_are_kept_as_written() {
    let text = "title = \"T\"\nmarkup = \"markdown\"\n[[sections]]\ntitle = \"S\"\nbody = \"\"\"\n- eggs\n- milk\n\n```rust\nfn main() {}\n\"\"\"\n[[sections.links]]\ntext = \"L\"\nurl = \"u\"\n";
    let (status, md, err) = convert(text, "m.toml", &["--to-markdown"]);
    assert_eq!(status, Some(0), "{err}");
    // The open fence is closed (in a file it would run on).
    assert_eq!(
        md,
        "# T\n\n## S {#s}\n\n- eggs\n- milk\n\n```rust\nfn main() {}\n```\n\n- [L](u)\n"
    );
    // The link list does not continue a list the body ends with.
    let text = text.replace("\n\n```rust\nfn main() {}\n", "\n");
    let (_, md, _) = convert(&text, "m.toml", &["--to-markdown"]);
    assert_eq!(md, "# T\n\n## S {#s}\n\n- eggs\n- milk\n\n* [L](u)\n");
}

#[test]
fn what_markdown_cannot_hold_is_refused() {
    let mut deep = String::from("title = \"T\"\n");
    let mut header = String::from("sections");
    for i in 1..=7 {
        deep.push_str(&format!("[[{header}]]\ntitle = \"L{i}\"\n"));
        header.push_str(".sections");
    }
    let (status, md, err) = convert(&deep, "deep.toml", &["--to-markdown"]);
    assert_eq!(status, Some(2));
    assert_eq!(md, "");
    assert!(
        err.contains(
            "deep.toml: cannot write as Markdown: section 1.1.1.1.1.1.1 is nested 7 levels deep"
        ),
        "{err}"
    );
    // Six levels fit, with the title in front matter.
    let six = deep.rsplit_once("[[").unwrap().0.to_string();
    let (status, md, err) = convert(&six, "six.toml", &["--to-markdown"]);
    assert_eq!(status, Some(0), "{err}");
    assert!(
        md.starts_with("---\ntitle: \"T\"\n---\n\n# L1 {#l1}\n"),
        "{md}"
    );
    assert!(md.contains("\n###### L6 {#l6}\n"), "{md}");

    let spaced = "title = \"T\"\n[[sections]]\ntitle = \"S\"\nid = \"two words\"\n";
    let (status, _, err) = convert(spaced, "id.toml", &["--to-markdown"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("section 1 has the id \"two words\""), "{err}");
}

#[test]
fn a_bad_document_is_a_located_error() {
    let (status, md, err) = convert("title = 3\n", "bad.toml", &["--to-markdown"]);
    assert_eq!(status, Some(2));
    assert_eq!(md, "");
    assert!(err.contains("bad.toml:1:9: invalid type"), "{err}");
}

// ---- round trips ----

/// What a reader sees of a document, block kinds aside: its title; each
/// section's id, title, depth and parent; the text of each block in
/// reading order, by section (a TOML link block by its text, as a
/// Markdown link shows it, and the source line as a paragraph); and each
/// link's text, section and target.
#[derive(Debug, PartialEq)]
struct Seen {
    title: String,
    sections: Vec<(String, String, u8, Option<u32>)>,
    texts: Vec<(u32, String)>,
    links: Vec<(u32, String, String)>,
}

fn seen(doc: &Document) -> Seen {
    let sections = (0..doc.sections.len())
        .map(|i| {
            (
                doc.section_id(i).to_string(),
                doc.section_title(i).to_string(),
                doc.sections[i].depth(),
                doc.sections[i].parent(),
            )
        })
        .collect();
    let texts = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind != BlockKind::Heading)
        .map(|(i, b)| {
            let text = doc.block_text(i);
            let text = match b.kind {
                BlockKind::Link { text_len } => &text[..text_len as usize],
                _ => text,
            };
            (b.section, text.to_string())
        })
        .collect();
    let links = (0..doc.links.len())
        .filter(|&i| !in_heading(doc, doc.links[i].start))
        .map(|i| {
            let l = &doc.links[i];
            (
                l.section,
                doc.text()[l.start as usize..l.end as usize].to_string(),
                doc.link_target(i).to_string(),
            )
        })
        .collect();
    Seen {
        title: doc.title.clone(),
        sections,
        texts,
        links,
    }
}

/// Whether byte `at` of the text is in a heading (a section title: plain
/// text in TOML, so a Markdown heading's styles and links do not carry
/// over).
fn in_heading(doc: &Document, at: u32) -> bool {
    let block = doc.block_at_offset(at as usize);
    doc.blocks[block].kind == BlockKind::Heading
}

/// A block as it is drawn: kind (a code block's language by name), section,
/// text, the frames around it, and whether it joins the next.
type Shape = (String, u32, String, String, bool);

/// The model's structure, where it can be compared across formats: every
/// block, every styled span and link outside the headings (a link by its
/// target), and the tables.
#[derive(Debug, PartialEq)]
struct Structure {
    blocks: Vec<Shape>,
    spans: Vec<(u32, u32, u16, Option<String>)>,
    tables: Vec<String>,
}

fn model(doc: &Document) -> Structure {
    use camp_reader::model::document::NONE;
    // A title heading after a logo and badges is drawn below them; a TOML
    // section starts with its heading. The same blocks, that one first,
    // and the text before it moved down by its length.
    // (once_cell's `# Overview` too, though a later `#` follows.)
    let title = doc
        .sections
        .first()
        .map(|s| s.heading_block as usize)
        .filter(|&h| h > 0 && h < doc.blocks.len())
        .map(|h| {
            let b = doc.blocks[h];
            (h, b.start, b.end + 1)
        });
    let moved = |o: u32| match title {
        Some((_, start, end)) if o < start => o + (end - start),
        _ => o,
    };
    let mut blocks: Vec<_> = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let kind = match b.kind {
                BlockKind::Code { lang } if lang != NONE => {
                    format!("Code {}", doc.langs[lang as usize])
                }
                k => format!("{k:?}"),
            };
            let frames = format!(
                "{:?}",
                doc.frames_of(i)
                    .iter()
                    .map(|f| f.kind())
                    .collect::<Vec<_>>()
            );
            (
                kind,
                b.section,
                doc.block_text(i).to_string(),
                frames,
                b.joins_next(),
            )
        })
        .collect();
    if let Some((h, _, _)) = title {
        blocks[..=h].rotate_right(1);
    }
    let spans = doc
        .spans
        .iter()
        .filter(|s| !in_heading(doc, s.start))
        .map(|s| {
            let target = (s.link != NONE).then(|| doc.link_target(s.link as usize).to_string());
            (moved(s.start), moved(s.end), s.style.0, target)
        })
        .collect();
    let tables = doc.tables.iter().map(|t| format!("{t:?}")).collect();
    Structure {
        blocks,
        spans,
        tables,
    }
}

#[test]
fn the_embedded_article_reads_the_same_as_markdown() {
    let doc = parse("camp-ashraf-3.toml", EMBEDDED).unwrap();
    let md = to_markdown(&doc, None).unwrap();
    let back = parse_markdown("camp-ashraf-3.md", "camp-ashraf-3", &md).unwrap();
    assert_eq!(seen(&back), seen(&doc), "{md}");
    // And back to TOML: the Markdown's model again, exactly.
    let toml = to_toml(&back, &md, markdown_options()).unwrap();
    let again = parse("camp-ashraf-3.toml", &toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    assert_eq!(model(&again), model(&back), "{toml}");
}

#[test]
fn hostile_and_awkward_text_reads_the_same_as_markdown() {
    let text = r#"title = "A *title* with # and {braces}"
[source]
name = "<Site> & co"
url = "https://example.org/a_b*c"
[[sections]]
title = "1. Not a list"
id = "x_1"
body = """
- dash
+ plus
> quote
# hash
1) paren
2024. a year
***
<div>html</div>
&amp; `code` *em* _em_ ~~strike~~ [link](u) ![img](i) [^1] | a | b |
\\ back\\slash \u001b[31m escape \u202e bidi
"""
[[sections.links]]
text = "Link [with] *marks*"
url = "https://example.org/x (y)"
[[sections.links]]
text = "- no address"
[[sections.sections]]
title = "Trailing ##"
"#;
    let doc = parse("t.toml", text).unwrap();
    let md = to_markdown(&doc, None).unwrap();
    let back = parse_markdown("t.md", "t", &md).unwrap();
    assert_eq!(seen(&back), seen(&doc), "{md}");
}

#[test]
fn a_markdown_document_in_toml_reads_the_same_as_markdown() {
    let text = r#"title = "T"
markup = "markdown"
[[sections]]
title = "S"
body = '''
We need:

- eggs
- *milk* and [a link](https://example.org)

> quoted

| a | b |
|---|--:|
| 1 | 2 |

```rust
fn main() {}
'''
[[sections.sections]]
title = "Sub"
body = "Text[^n].\n\n[^n]: The note."
"#;
    let doc = parse("m.toml", text).unwrap();
    let bodies = load::toml_bodies("m.toml", text).unwrap();
    let md = to_markdown(&doc, Some(&bodies)).unwrap();
    let back = parse_markdown("m.md", "m", &md).unwrap();
    assert_eq!(model(&back), model(&doc), "{md}");
}

/// The first place `a` (converted) and `b` (original) differ.
fn first_diff<T: PartialEq + std::fmt::Debug>(what: &str, a: &[T], b: &[T]) -> Option<String> {
    if a == b {
        return None;
    }
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    Some(format!(
        "{what} {i} of {} vs {}: {:?} vs {:?}",
        a.len(),
        b.len(),
        a.get(i),
        b.get(i)
    ))
}

#[test]
fn every_real_markdown_document_reads_the_same_as_toml() {
    let mut failed = Vec::new();
    let docs = common::dependency_documents();
    let mut html_sections = 0;
    let mut with_notes = 0;
    let mut with_badges = 0;
    for path in &docs {
        let text = std::fs::read_to_string(path).unwrap();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // `--to-toml` makes sections of Markdown headings only (it keeps
        // HTML as written, in the bodies): a document whose sections or
        // ids come from HTML (`<h2>`, `<a name>` in a heading) reads
        // otherwise once converted. Counted, and held to a few.
        let html_heading = text.lines().any(|l| {
            let l = l.trim_start().to_ascii_lowercase();
            (1..=6).any(|n| l.contains(&format!("<h{n}")))
                || (l.starts_with('#') && l.contains('<'))
        });
        if html_heading {
            html_sections += 1;
            continue;
        }
        // A title heading's badges (`# Serde [![CI]](…)`) show under the
        // title when the Markdown is read, but a TOML title is plain text:
        // once converted they are gone, as the README says. Counted, and
        // held to a few.
        let title_images = text
            .lines()
            .find(|l| l.starts_with("# "))
            .is_some_and(|l| l.contains("!["));
        if title_images {
            with_badges += 1;
            continue;
        }
        // Footnotes are listed at the end of a Markdown document (as on
        // GitHub) but at the end of their body in a TOML one (each body
        // is read alone): once converted they move. Counted, and held to
        // a few.
        let notes = text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("[^") && l.contains("]:")
        });
        if notes {
            with_notes += 1;
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy();
        let doc = parse_markdown("doc.md", &stem, text).unwrap();
        let toml = match to_toml(&doc, text, markdown_options()) {
            Ok(toml) => toml,
            Err(e) => {
                failed.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let again = match parse("doc.toml", &toml) {
            Ok(again) => again,
            Err(e) => {
                failed.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let (a, b) = (seen(&again), seen(&doc));
        let (c, d) = (model(&again), model(&doc));
        let diff = first_diff("section", &a.sections, &b.sections)
            .or_else(|| first_diff("text", &a.texts, &b.texts))
            .or_else(|| first_diff("link", &a.links, &b.links))
            .or_else(|| first_diff("block", &c.blocks, &d.blocks))
            .or_else(|| first_diff("span", &c.spans, &d.spans))
            .or_else(|| first_diff("table", &c.tables, &d.tables));
        if let Some(diff) = diff {
            failed.push(format!("{}: {diff}", path.display()));
            continue;
        }
        // And on to Markdown again: the same text once more.
        let bodies = load::toml_bodies("doc.toml", &toml).unwrap();
        let md = match to_markdown(&again, Some(&bodies)) {
            Ok(md) => md,
            Err(e) => {
                failed.push(format!("{}: back to Markdown: {e}", path.display()));
                continue;
            }
        };
        let back = parse_markdown("again.md", &stem, &md).unwrap();
        let (e, f) = (seen(&back), seen(&doc));
        let diff = first_diff("section", &e.sections, &f.sections)
            .or_else(|| first_diff("text", &e.texts, &f.texts))
            .or_else(|| first_diff("link", &e.links, &f.links))
            .or_else(|| {
                (e.title != f.title).then(|| format!("title {:?} vs {:?}", e.title, f.title))
            });
        if let Some(diff) = diff {
            failed.push(format!("{}: back to Markdown: {diff}", path.display()));
        }
    }
    eprintln!(
        "{html_sections} documents with HTML headings, {with_notes} with footnotes and \
         {with_badges} with badges in their title left out"
    );
    assert!(html_sections * 10 < docs.len(), "{html_sections} left out");
    assert!(with_badges * 10 < docs.len(), "{with_badges} left out");
    assert!(with_notes * 20 < docs.len(), "{with_notes} left out");
    assert!(
        failed.is_empty(),
        "{} of {} documents:\n{}",
        failed.len(),
        docs.len(),
        failed.join("\n")
    );
}

/// An HTML heading after text (`<h2>Sub</h2>` as a block, `<h1>` after
/// a first paragraph, `<h2>` inside a paragraph) makes a section as the
/// reader shows it: `--to-toml` refused them all ("no heading found for
/// section 2"). They convert, and read the same as TOML and back as
/// Markdown.
#[test]
fn html_headings_after_text_convert_and_come_back() {
    for md in [
        "# Doc\n\ntext\n\n<h2>Sub</h2>\n\nmore\n",
        "Intro\n\n<h1>Real</h1>\n",
        "# Doc\n\ntext <h2>Sub</h2> more\n\nend\n",
        "# Doc\n\ntext\n\n<div>\n<H3 id=\"x\">Three</H3>\n</div>\n\nafter\n\n## Four\n\nlast\n",
    ] {
        let doc = parse_markdown("doc.md", "doc", md).unwrap();
        let toml = to_toml(&doc, md, markdown_options()).unwrap_or_else(|e| panic!("{md:?}: {e}"));
        let again = parse("doc.toml", &toml).unwrap_or_else(|e| panic!("{md:?}: {e}\n{toml}"));
        // (The reader keeps the spaces around an inline heading in the
        // paragraph's pieces: "text ", " more". Compared trimmed.)
        let trimmed = |t: Vec<(u32, String)>| {
            t.into_iter()
                .map(|(s, t)| (s, t.trim().to_string()))
                .collect::<Vec<_>>()
        };
        let (a, b) = (seen(&again), seen(&doc));
        assert_eq!(a.sections, b.sections, "{md:?}\n{toml}");
        assert_eq!(trimmed(a.texts), trimmed(b.texts), "{md:?}\n{toml}");
        let bodies = load::toml_bodies("doc.toml", &toml).unwrap();
        let back = to_markdown(&again, Some(&bodies)).unwrap();
        let back = parse_markdown("again.md", "doc", &back).unwrap();
        let (e, f) = (seen(&back), seen(&doc));
        assert_eq!(e.sections, f.sections, "{md:?}\n{toml}");
        assert_eq!(trimmed(e.texts), trimmed(f.texts), "{md:?}\n{toml}");
    }
}

#[test]
fn markdown_as_toml_from_the_binary() {
    let md = "---\ntitle: Notes\n---\n\nIntro with [a ref][r].\n\n## Install {#install}\n\nRun it:\n\n```sh\ncargo install x\n```\n\n### On Linux\n\nSee [docs][r].\n\n[r]: https://example.org\n";
    let (status, toml, err) = convert(md, "notes.md", &["--to-toml"]);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(
        toml,
        "title = \"Notes\"\nmarkup = \"markdown\"\n\n\
         [[sections]]\ntitle = \"Overview\"\nid = \"overview\"\nbody = \"\"\"\n[r]: https://example.org\n\nIntro with [a ref][r].\n\"\"\"\n\n\
         [[sections]]\ntitle = \"Install\"\nid = \"install\"\nbody = \"\"\"\nRun it:\n\n```sh\ncargo install x\n```\n\"\"\"\n\n\
         [[sections.sections]]\ntitle = \"On Linux\"\nid = \"on-linux\"\nbody = \"\"\"\nSee [docs][r].\n\n[r]: https://example.org\n\"\"\"\n"
    );
    // A document in its own format already is refused, each way.
    let (status, _, err) = convert(
        "title = \"T\"\n[[sections]]\ntitle = \"S\"\n",
        "t.toml",
        &["--to-toml"],
    );
    assert_eq!(status, Some(2));
    assert!(
        err.contains("t.toml is a camp-reader TOML document already"),
        "{err}"
    );
    let (status, _, err) = convert(md, "n.md", &["--to-markdown"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("n.md is Markdown already"), "{err}");
    // Another name: what the conversion reads, as --format says.
    let (status, out, err) = convert(md, "notes.txt", &["--to-toml"]);
    assert_eq!((status, out), (Some(0), toml), "{err}");
}

/// A definition is copied into a body only where a reference to it was
/// resolved there: a section that merely mentions `[label]` (in code, or
/// escaped) gets nothing, and one with several references gets it once.
#[test]
fn to_toml_copies_a_definition_only_where_it_is_used() {
    let mut md =
        String::from("# T\n\nIntro.\n\n[label]: https://example.org/a-rather-long-address\n");
    let sections = 2000;
    for i in 0..sections {
        md.push_str(&format!("\n## S{i}\n\n`[label]` and \\[label\\]\n"));
    }
    md.push_str("\n## Uses\n\n[label] and [again][label] and [label][]\n");
    let doc = parse_markdown("t.md", "t", &md).unwrap();
    let toml = to_toml(&doc, &md, markdown_options()).unwrap();
    assert_eq!(
        toml.matches("[label]: https://").count(),
        2,
        "where it is and where it is used, once"
    );
    assert!(
        toml.len() < 4 * md.len(),
        "{} from {}",
        toml.len(),
        md.len()
    );
    let back = parse("t.toml", &toml).unwrap();
    let used = back.sections.len() - 1;
    let targets = (0..back.links.len())
        .filter(|&i| back.links[i].section as usize == used)
        .map(|i| back.link_target(i))
        .collect::<Vec<_>>();
    assert_eq!(
        targets, ["https://example.org/a-rather-long-address"; 3],
        "the references still resolve"
    );
}

/// The conversions at a scale where they were quadratic (20k sections each
/// using a definition made elsewhere: 29.5 s at 16k; 100k links: 3.6 s,
/// both in a release build): each definition is copied once, each link
/// found. Their times are measured by `examples/convert-scale.rs`.
#[test]
fn conversions_of_many_definitions_and_links() {
    let n = 20_000;
    let mut md = String::from("# T\n");
    for i in 0..n {
        md.push_str(&format!("\n## S{i}\n\n[l{i}]\n"));
    }
    for i in 0..n {
        md.push_str(&format!("\n[l{i}]: u{i}\n"));
    }
    let doc = parse_markdown("t.md", "t", &md).unwrap();
    let toml = to_toml(&doc, &md, markdown_options()).unwrap();
    assert!(
        toml.len() < 4 * md.len(),
        "{} from {}",
        toml.len(),
        md.len()
    );
    // All definitions are in the last section's body; each other section
    // gets a copy of the one it uses.
    assert_eq!(toml.matches("]: u").count(), 2 * n - 1);

    let mut toml = String::from("title = \"T\"\n[[sections]]\ntitle = \"S\"\n");
    for i in 0..100_000 {
        toml.push_str(&format!(
            "[[sections.links]]\ntext = \"L{i}\"\nurl = \"u{i}\"\n"
        ));
    }
    let doc = parse("t.toml", &toml).unwrap();
    let md = to_markdown(&doc, None).unwrap();
    assert!(md.contains("- [L0](u0)\n- [L1](u1)\n"));
    assert!(md.contains("- [L99999](u99999)\n"));
}

/// C1 controls, bidi overrides and invisible characters are written as
/// `\uXXXX` escapes, never raw, and read back as themselves.
#[test]
fn to_toml_escapes_controls_bidi_and_invisibles() {
    let md = "# T\u{202e}x\n\n## S\u{9b}31m\n\nA \u{9d}0;t\u{9c} b\u{202e}c \u{200b}d\u{2066}e\u{e0041}\u{ad}\u{7f} \"\"\" q\"\n";
    let doc = parse_markdown("t.md", "t", md).unwrap();
    let toml = to_toml(&doc, md, markdown_options()).unwrap();
    for c in [
        '\u{9b}',
        '\u{9c}',
        '\u{9d}',
        '\u{202e}',
        '\u{200b}',
        '\u{2066}',
        '\u{e0041}',
        '\u{ad}',
        '\u{7f}',
    ] {
        assert!(!toml.contains(c), "{c:?} raw in {toml}");
    }
    assert!(toml.contains("A \\u009D0;t\\u009C b\\u202Ec"), "{toml}");
    assert!(toml.contains("\\U000E0041"), "{toml}");
    let back = parse("t.toml", &toml).unwrap();
    assert_eq!(seen(&back), seen(&doc));
}
