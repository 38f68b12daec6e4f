//! CommonMark conformance of what camp-reader shows.
//!
//! pulldown-cmark's crate source ships the CommonMark spec examples and its
//! GFM and extension suites, each example a Markdown input with reference
//! HTML (`tests/suite/*.rs`). The source is found through `cargo metadata`
//! (cargo downloaded it to build us) and read here; nothing of it is
//! copied into this repository. For every example, the text camp-reader
//! shows must equal the text content of the reference HTML: tags dropped
//! (block tags as white space), entities decoded, an image as its alt
//! text, white space runs as one space.
//!
//! "What is shown" is the loaded document's text — the characters the
//! text pane draws — plus the title when the document's own heading gave
//! it. Decorations camp-reader draws around that text (list markers,
//! quote bars, task boxes, code indents, a footnote definition's number,
//! the `[img]` mark before an image's alt text, the "Overview" heading
//! over text before the first heading, the name "Untitled" an empty
//! heading gets so the sidebar can list it, a title taken from front
//! matter, which the reference does not show) are left out, as the
//! reference has no counterpart for them; a footnote reference is shown
//! as `[1]`, so the reference's superscript `1` is read as `[1]`.
//!
//! Deliberate differences, each still checked another way:
//! - **Raw HTML is read as a browser reads it** (tags not shown, text
//!   kept). The shown text must be the reference's text content less
//!   what a browser never shows (comments, script and style bodies), or
//!   the same words differently spaced; where the reference's tag
//!   stripping misreads tag soup, what a browser shows is checked
//!   ([`BROWSER_READS`]).
//! - **Footnote definitions are listed where they are first referenced**
//!   (at the end of that section), not where they are written: the
//!   shown text must hold the same words, in any order.
//! - **Control characters are shown visibly** (`^L`), as in every
//!   document (the sanitizer's rule), even where the reference drops them
//!   as trailing white space: the shown text must equal the reference
//!   text once those marks are taken out.
//! - **An empty document is refused** ("the document is empty", exit
//!   status 2); the reference text is empty too.
//!
//! Examples written for syntax camp-reader does not enable (pulldown's
//! own harness turns on math, superscript, GitHub alerts, and per suite
//! smart punctuation, wikilinks, definition lists, subscript and the old
//! footnote syntax, and turns off front matter) are not applicable: they
//! are recognised by pulldown-cmark parsing the input differently under
//! camp-reader's options than under the harness's, counted and reported.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use camp_reader::load::{IMAGE_MARKER, OVERVIEW, parse_markdown};
use camp_reader::model::document::{BlockKind, Document, Inline};
use camp_reader::text::sanitize::sanitize;
use pulldown_cmark::{Event, Options, Parser};

/// The suites read: the CommonMark spec, the GFM suites, and the
/// suites of the extensions camp-reader enables.
const SUITES: [&str; 9] = [
    "spec",
    "gfm_table",
    "gfm_strikethrough",
    "gfm_tasklist",
    "table",
    "strikethrough",
    "footnotes",
    "heading_attrs",
    "metadata_blocks",
];

/// The title a document gets when it gives none; never shown as text.
const NO_TITLE: &str = "no-title-given";
/// The name of a section whose heading has no text.
const UNTITLED: &str = "Untitled";

struct Example {
    name: String,
    markdown: String,
    html: String,
    /// The harness's switches: smart punctuation, metadata blocks, old
    /// footnotes, subscript, wikilinks, definition lists.
    flags: [bool; 6],
}

/// The examples of one suite file: each `fn NAME()` with `let original =
/// r##"…"##;`, `let expected = r##"…"##;` and `test_markdown_html(original,
/// expected, FLAGS…)`.
fn read_suite(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let raw = |from: &str, key: &str| -> (String, usize) {
        let open = format!("let {key} = r##\"");
        let at = from
            .find(&open)
            .unwrap_or_else(|| panic!("{}: no `{open}`", path.display()))
            + open.len();
        let len = from[at..]
            .find("\"##;")
            .unwrap_or_else(|| panic!("{}: unterminated {key}", path.display()));
        (from[at..at + len].to_string(), at + len)
    };
    let mut examples = Vec::new();
    for chunk in text.split("#[test]").skip(1) {
        let name = chunk
            .split("fn ")
            .nth(1)
            .and_then(|s| s.split('(').next())
            .unwrap_or_else(|| panic!("{}: a test without a name", path.display()))
            .trim()
            .to_string();
        let (markdown, after) = raw(chunk, "original");
        let rest = &chunk[after..];
        let (html, after) = raw(rest, "expected");
        let call = "test_markdown_html(original, expected,";
        let args = rest[after..]
            .split(call)
            .nth(1)
            .and_then(|s| s.split(')').next())
            .unwrap_or_else(|| panic!("{}: {name} calls no test_markdown_html", path.display()));
        let flags: Vec<bool> = args
            .split(',')
            .map(|a| match a.trim() {
                "true" => true,
                "false" => false,
                other => panic!("{}: {name}: flag {other:?}", path.display()),
            })
            .collect();
        let flags: [bool; 6] = flags
            .try_into()
            .unwrap_or_else(|_| panic!("{}: {name}: not six flags", path.display()));
        examples.push(Example {
            name,
            markdown,
            html,
            flags,
        });
    }
    assert!(
        !examples.is_empty(),
        "{}: no examples found",
        path.display()
    );
    examples
}

/// The options pulldown-cmark's own harness renders the reference with
/// (its tests/lib.rs).
fn harness_options(flags: [bool; 6]) -> Options {
    let [smart, metadata, old_notes, subscript, wikilinks, deflists] = flags;
    let mut o = Options::ENABLE_MATH
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES;
    o |= if old_notes {
        Options::ENABLE_OLD_FOOTNOTES
    } else {
        Options::ENABLE_FOOTNOTES
    };
    for (on, opt) in [
        (wikilinks, Options::ENABLE_WIKILINKS),
        (subscript, Options::ENABLE_SUBSCRIPT),
        (
            metadata,
            Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
                | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS,
        ),
        (smart, Options::ENABLE_SMART_PUNCTUATION),
        (deflists, Options::ENABLE_DEFINITION_LIST),
    ] {
        if on {
            o |= opt;
        }
    }
    o
}

// The Markdown syntax camp-reader reads: the loader's own set.
use camp_reader::load::markdown_options as reader_options;

/// Decodes the character references pulldown-cmark and the spec's
/// reference HTML use (`&amp;`, `&lt;`, `&gt;`, `&quot;`, numeric ones);
/// panics on any other, so a new one cannot pass unnoticed.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 32) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                char::from_u32(u32::from_str_radix(&name[2..], 16).expect("hex reference"))
                    .unwrap_or('\u{fffd}')
            }
            _ if name.starts_with('#') => {
                char::from_u32(name[1..].parse().expect("decimal reference")).unwrap_or('\u{fffd}')
            }
            _ => panic!("reference HTML uses an entity this test does not decode: &{name};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Tags that end a line of text: their place becomes white space.
const BLOCK_TAGS: [&str; 22] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "dl",
];

/// Examples whose raw HTML a browser reads otherwise than the reference's
/// tag stripping: the Markdown, and the text a browser shows for it.
const BROWSER_READS: [(&str, &str); 6] = [
    // An unclosed start tag: the rest of the block is its attributes.
    ("<div id=\"foo\"\n*hi*\n", ""),
    ("<div class\nfoo\n", ""),
    ("<div *???-&&&-<---\n*foo*\n", ""),
    (
        "<a foo=\"bar\" bam = 'baz <em>\"</em>'\n_boolean zoop:33=zoop:33 />\n",
        "",
    ),
    // An image without alt text: its file name.
    ("*<img src=\"foo\" title=\"*\"/>\n", "* foo"),
    // CDATA outside foreign content is a bogus comment up to the first `>`.
    ("foo <![CDATA[>&<]]>\n", "foo &<]]>"),
];

/// Reference HTML without what a browser never shows: comments, and the
/// bodies of `<script>`, `<style>` and `<textarea>`-like raw elements.
pub(crate) fn browser_visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let comment = rest.find("<!--");
        let raw = ["<script", "<style"]
            .iter()
            .filter_map(|t| rest.find(t).map(|at| (at, *t)))
            .min();
        match (comment, raw) {
            (Some(c), r) if r.is_none_or(|(at, _)| c < at) => {
                out.push_str(&rest[..c]);
                rest = rest[c..].find("-->").map_or("", |e| &rest[c + e + 3..]);
            }
            (_, Some((at, tag))) => {
                out.push_str(&rest[..at]);
                let close = format!("</{}", &tag[1..]);
                rest = rest[at..]
                    .find(&close)
                    .and_then(|e| rest[at + e..].find('>').map(|g| &rest[at + e + g + 1..]))
                    .unwrap_or("");
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

/// The text content of reference HTML: tags dropped (block tags as a
/// line break), an image as its alt text, a footnote reference `1` as
/// `[1]`, a footnote definition's label dropped (camp-reader draws it as
/// decoration), entities decoded.
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Inside a footnote definition's label (dropped) or reference (kept
    // in brackets): how many `</sup>` close it.
    let mut skipping = false;
    let mut bracketing = false;
    while let Some(at) = rest.find('<') {
        if !skipping {
            out.push_str(&decode_entities(&rest[..at]));
        }
        rest = &rest[at..];
        // Only raw HTML passed through leaves a `<` unclosed.
        let Some(end) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name == "img" {
            if let Some(alt) = attribute(tag, "alt") {
                out.push_str(&decode_entities(alt));
            }
        } else if name == "sup" && tag.contains("footnote-definition-label") {
            skipping = true;
        } else if name == "sup" && tag.contains("footnote-reference") {
            bracketing = true;
            out.push('[');
        } else if tag == "/sup" && skipping {
            skipping = false;
        } else if tag == "/sup" && bracketing {
            bracketing = false;
            out.push(']');
        } else if BLOCK_TAGS.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

fn attribute<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {key}=\""))? + key.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// White space runs as one space, none at either end.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What camp-reader shows of `doc` (see the file's doc): the title when
/// the text gave it, then every block's text, with the `[img]` mark
/// before image alt text and a made-up "Overview" heading left out.
fn shown_text(doc: &Document, markdown: &str) -> String {
    let mut out = String::new();
    let front_matter = Parser::new_ext(markdown, reader_options())
        .any(|e| matches!(e, Event::Start(pulldown_cmark::Tag::MetadataBlock(_))));
    let made_up = |text: &str, name: &str| text == name && !markdown.contains(name);
    // A title heading that heads the text is shown once, as a heading;
    // so is a first level-1 heading naming a document with others (a
    // section of its own, its heading in the text).
    let level_1s = Parser::new_ext(markdown, reader_options())
        .filter(|e| {
            matches!(
                e,
                Event::Start(pulldown_cmark::Tag::Heading {
                    level: pulldown_cmark::HeadingLevel::H1,
                    ..
                })
            )
        })
        .count();
    let first_heading = doc
        .sections
        .first()
        .filter(|_| level_1s > 1)
        .map(|s| doc.block_text(s.heading_block as usize));
    if doc.title != NO_TITLE
        && !front_matter
        && !made_up(&doc.title, UNTITLED)
        && !doc.opens_with_title()
        && first_heading.map(normalise) != Some(normalise(&doc.title))
    {
        out.push_str(&doc.title);
        out.push('\n');
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        let text = doc.block_text(i);
        if block.kind == BlockKind::Heading
            && (i == 0 && made_up(text, OVERVIEW) || made_up(text, UNTITLED))
        {
            continue;
        }
        // The label over the listed footnotes, which the reference puts
        // in a `<section>` with no text.
        let after_rule = i > 0 && doc.blocks[i - 1].kind == BlockKind::Rule;
        if text == FOOTNOTES_LABEL && (after_rule || made_up(text, FOOTNOTES_LABEL)) {
            continue;
        }
        let range = block.range();
        let mut at = range.start;
        for span in doc.spans_in(range.clone()) {
            if span.style.contains(Inline::IMAGE)
                && doc.text()[span.start as usize..].starts_with(IMAGE_MARKER)
                && span.start as usize >= at
            {
                out.push_str(&doc.text()[at..span.start as usize]);
                at = span.start as usize + IMAGE_MARKER.len();
            }
        }
        out.push_str(&doc.text()[at..range.end]);
        out.push('\n');
    }
    out
}

/// The raw HTML of an example (blocks and inline), each fragment's
/// normalised text, in order.
fn raw_html(markdown: &str) -> Vec<String> {
    let mut fragments = Vec::new();
    let mut block = String::new();
    for event in Parser::new_ext(markdown, reader_options()) {
        match event {
            Event::Html(t) => block.push_str(&t),
            Event::InlineHtml(t) => fragments.push(normalise(&t)),
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => {
                fragments.push(normalise(&std::mem::take(&mut block)))
            }
            _ => {}
        }
    }
    fragments.retain(|f| !f.is_empty());
    fragments
}

/// The marks the sanitizer shows for the control characters in `md`.
fn markdown_controls(md: &str) -> Vec<String> {
    let mut marks: Vec<String> = md
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| sanitize(&c.to_string()).into_owned())
        .collect();
    marks.sort();
    marks.dedup();
    marks
}

fn without_control_marks(shown: &str, marks: &[String]) -> String {
    marks
        .iter()
        .fold(shown.to_string(), |s, m| s.replace(m.as_str(), " "))
}

/// The label camp-reader writes above the listed footnotes.
const FOOTNOTES_LABEL: &str = "Footnotes";

/// The file names shown for the images without alt text in `markdown`
/// (as for `<img>`: the address's last segment, without its query).
fn unnamed_image_files(markdown: &str) -> Vec<String> {
    let events: Vec<Event> = Parser::new_ext(markdown, reader_options()).collect();
    events
        .windows(2)
        .filter_map(|w| match w {
            [
                Event::Start(pulldown_cmark::Tag::Image { dest_url, .. }),
                Event::End(pulldown_cmark::TagEnd::Image),
            ] => {
                let path = dest_url.split(['?', '#']).next().unwrap_or("");
                let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                Some(if name.is_empty() { "image" } else { name }.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Whether `part`'s words are among `whole`'s (as a multiset).
fn words_within(part: &str, whole: &str) -> bool {
    let mut left = words(whole);
    words(part)
        .into_iter()
        .all(|w| match left.iter().position(|x| *x == w) {
            Some(i) => {
                left.remove(i);
                true
            }
            None => false,
        })
}

fn has_footnote_definition(markdown: &str) -> bool {
    Parser::new_ext(markdown, reader_options())
        .any(|e| matches!(e, Event::Start(pulldown_cmark::Tag::FootnoteDefinition(_))))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Pass,
    /// HTML the reference's text extraction misreads: what a browser
    /// shows instead (checked: [`BROWSER_READS`]).
    BrowserText,
    /// HTML read: the reference's words, spaced differently (a block
    /// tag's break where a browser puts a space or none).
    HtmlSpacing,
    /// Footnote definitions moved (checked: the same words).
    NotesMoved,
    /// Footnotes never referenced are not listed, as on GitHub (checked:
    /// the shown words are among the reference's).
    NotesUnlisted,
    /// An image without alt text shows its file name (checked: the
    /// shown text less those names is the reference's).
    ImageName,
    /// Control characters shown visibly (checked: the reference text
    /// through the sanitizer).
    Sanitized,
    /// An empty document refused (checked: the reference is empty).
    EmptyRefused,
    /// Written for syntax camp-reader does not enable.
    OtherDialect,
    Fail,
}

fn words(s: &str) -> Vec<&str> {
    let mut w: Vec<&str> = s.split_whitespace().collect();
    w.sort_unstable();
    w
}

fn judge(example: &Example) -> (Outcome, String) {
    let md = &example.markdown;
    let theirs: Vec<Event> = Parser::new_ext(md, harness_options(example.flags)).collect();
    let ours: Vec<Event> = Parser::new_ext(md, reader_options()).collect();
    if theirs != ours {
        return (Outcome::OtherDialect, String::new());
    }
    let expected = normalise(&html_text(&example.html));
    let doc = match parse_markdown("example.md", NO_TITLE, md) {
        Ok(doc) => doc,
        Err(_) if expected.is_empty() && md.trim().is_empty() => {
            return (Outcome::EmptyRefused, String::new());
        }
        Err(e) => return (Outcome::Fail, format!("load error: {e}")),
    };
    let shown = normalise(&shown_text(&doc, md));
    if shown == expected {
        return (Outcome::Pass, String::new());
    }
    if !markdown_controls(md).is_empty()
        && normalise(&without_control_marks(&shown, &markdown_controls(md))) == expected
    {
        return (Outcome::Sanitized, String::new());
    }
    // HTML is read as a browser reads it: the shown text is the
    // reference's text content (comments and script/style bodies aside,
    // which the reference's text content keeps as the raw HTML passes
    // through); the same words, in any spacing, where a block tag's
    // line break and a browser's space differ.
    if !raw_html(md).is_empty() {
        let expected = normalise(&html_text(&browser_visible(&example.html)));
        if shown == expected {
            return (Outcome::Pass, String::new());
        }
        if words(&shown) == words(&expected) {
            return (Outcome::HtmlSpacing, String::new());
        }
        if has_footnote_definition(md) && words_within(&shown, &expected) {
            return (Outcome::NotesUnlisted, String::new());
        }
        // Where the reference's text (tags cut at `<`…`>`) is not what a
        // browser shows: a tag left open runs to the end of its block
        // (its "text" is attributes), CDATA in HTML is a bogus comment
        // ending at the first `>`, and an image without alt text shows
        // (here) its file name. What a browser shows is checked instead.
        if let Some((_, browser)) = BROWSER_READS.iter().find(|(m, _)| *m == md.as_str()) {
            return if shown == *browser {
                (Outcome::BrowserText, String::new())
            } else {
                (
                    Outcome::Fail,
                    format!("HTML: shown {shown:?}, a browser shows {browser:?}"),
                )
            };
        }
        return (
            Outcome::Fail,
            format!("HTML: shown:    {shown:?}\nexpected: {expected:?}"),
        );
    }
    if has_footnote_definition(md) && words(&shown) == words(&expected) {
        return (Outcome::NotesMoved, String::new());
    }
    if has_footnote_definition(md) && words_within(&shown, &expected) {
        return (Outcome::NotesUnlisted, String::new());
    }
    let names = unnamed_image_files(md);
    if !names.is_empty() {
        let mut rest = words(&shown);
        for name in &names {
            if let Some(i) = rest.iter().position(|w| w == name) {
                rest.remove(i);
            }
        }
        if rest == words(&expected) {
            return (Outcome::ImageName, String::new());
        }
    }
    (
        Outcome::Fail,
        format!("shown:    {shown:?}\nexpected: {expected:?}"),
    )
}

#[test]
fn every_example_shows_the_reference_text() {
    let dir = common::dependency_source("pulldown-cmark").join("tests/suite");
    let mut counts: BTreeMap<(&str, Outcome), usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut total = 0;
    for suite in SUITES {
        for example in read_suite(&dir.join(format!("{suite}.rs"))) {
            total += 1;
            let (outcome, why) = std::panic::catch_unwind(|| judge(&example))
                .unwrap_or_else(|_| (Outcome::Fail, "panicked".to_string()));
            *counts.entry((suite, outcome)).or_default() += 1;
            if outcome == Outcome::Fail {
                failures.push(format!(
                    "{suite}::{}\n  markdown: {:?}\n  {}",
                    example.name,
                    example.markdown,
                    why.replace('\n', "\n  ")
                ));
            }
        }
    }
    let mut report = String::new();
    for ((suite, outcome), n) in &counts {
        report.push_str(&format!("{suite:>18} {outcome:?}: {n}\n"));
    }
    let pass: usize = counts
        .iter()
        .filter(|((_, o), _)| *o == Outcome::Pass)
        .map(|(_, n)| n)
        .sum();
    eprintln!("CommonMark conformance: {pass} of {total} examples pass exactly\n{report}");
    // The spec suite must be there in full: reading it wrongly must fail.
    let spec: usize = counts
        .iter()
        .filter(|((s, _), _)| *s == "spec")
        .map(|(_, n)| n)
        .sum();
    assert!(spec >= 600, "only {spec} spec examples were read");
    assert!(
        failures.is_empty(),
        "{} of {total} examples show other text than the reference:\n{}\n{report}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn reference_text_extraction() {
    assert_eq!(
        normalise(&html_text(
            "<p>a <em>b</em> &amp; &lt;c&gt; &#65;&#x42;</p>\n<ul>\n<li>d</li><li>e</li>\n</ul>"
        )),
        "a b & <c> AB d e"
    );
    assert_eq!(
        normalise(&html_text(
            r#"<p><img src="/u" alt="x &quot;y&quot;" /></p>"#
        )),
        "x \"y\""
    );
    assert_eq!(
        normalise(&html_text(
            "<p>a<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup></p>\n\
             <div class=\"footnote-definition\" id=\"n\"><sup class=\"footnote-definition-label\">1</sup>\n<p>note</p></div>"
        )),
        "a[1] note"
    );
    assert_eq!(normalise(&html_text("<td>a</td><td>b</td>")), "a b");
}
