//! The loader has three readings of a document: streaming (as it is
//! lexed), the TOML parser on the whole text, and the TOML parser on chunks
//! split at `[[sections]]` headers. All must agree on every document: the
//! same model when it is valid, the same error when it is not (a reading
//! may give up and let the whole parse answer). Random documents mix what
//! breaks naive readings: headers inside multi-line strings, an inline
//! `sections = [ … ]` beside `[[sections]]`, tables that reopen, keys in
//! any order, quoted and dotted keys, duplicate keys and ids, nesting, bad
//! values and bad bytes.

use camp_reader::load::{EMBEDDED, parse, parse_in_chunks, parse_streaming, parse_with_toml};
use camp_reader::testing::sample::{Shape, write_shape};
use proptest::prelude::*;

/// Pieces that are valid after a section (most of them anywhere).
const VALID: &[&str] = &[
    "[[sections]]\ntitle = \"M\"\nbody = \"\"\"\ntext\n[[sections]]\ntitle = \"fake\"\n\"\"\"\n",
    "[[sections]]\ntitle = \"L\"\nbody = '''\n[[sections]]\n'''\n",
    "[[sections.links]]\ntext = \"l\"\nurl = \"u\"\n",
    "[[sections.sections]]\ntitle = \"sub\"\n",
    "[[sections.sections.links]]\ntext = \"sub link\"\n",
    "[source]\nname = \"n\"\n",
    "[source]\n\"name\" = \"n\"\nurl = 'u'\n",
    "[[sections]] # comment\ntitle = \"C\"\n",
    "# [[sections]]\n",
    "[[sections]]\nbody = \"b\"\ntitle = \"body first\"\n",
    "[[sections]]\n\"title\" = 'quoted key'\n'body' = '''x\n\ny'''\n",
    "[[ sections ]]\ntitle = \"spaced\"\n[[ sections . links ]]\ntext = \"t\"\n",
    "[[sections]]\ntitle = \"inline\"\nlinks = [{ text = \"a\", url = \"\" }, { url = \"u\", text = \"b\" },]\n",
    "[[sections]]\ntitle = \"kids\"\nsections = [\n  { title = \"k1\", links = [{text = \"l\"}] }, # c\n  { title = \"k2\", sections = [{ title = \"k3\" }] },\n]\n",
    "[[sections]]\ntitle = \"nl in inline\"\nlinks = [{\n text = \"a\",\n url = \"u\",\n}]\n",
    "[[sections]]\ntitle = \"\"\"\nmulti\nline\"\"\"\nid = '''id-ml'''\n",
    "[[sections]]\ntitle = \"s\"\n[[sections.sections]]\ntitle = \"sub\"\n[[sections.links]]\ntext = \"late link\"\n",
    "[[sections.sections.sections]]\ntitle = \"deep\"\n",
    "[[sections]]\ntitle = \"\u{202e}bidi\u{1b}[31m\"\nbody = \"p1\\n\\np2\\u0007\"\n",
    "[[sections]]\ntitle = \"x\" # trailing comment\nid = \"x0\"   \n",
    "[[sections]]\ntitle=\"tight\"\nlinks=[{text=\"a\",url=\"b\"}]\n",
    "[[sections]]\ntitle = \"x\"\n[[sections.sections]]\ntitle = \"y\"\n[[sections.sections.sections]]\ntitle = \"z\"\n[[sections.sections]]\ntitle = \"w\"\n",
];

/// Pieces that make the document invalid, each in its own way.
const INVALID: &[&str] = &[
    "title = \"again\"\n",
    "bogus = 1\n",
    "[[sections]]\ntitle = \"\"\n",
    "[[sections]]\ntitle = 3\n",
    "[sections]\n",
    "[ [sections] ]\ntitle = \"split brackets\"\n",
    "[[sections]]\ntitle = \"late body\"\nlinks = [{ text = \"a\" }]\nbody = \"b\"\n",
    "[[sections]]\ntitle = \"t\"\nsections = [{ title = \"c\" }]\n[[sections.sections]]\ntitle = \"d\"\n",
    "[[sections]]\ntitle = \"t\"\nlinks = [{ text = \"c\" }]\n[[sections.links]]\ntext = \"d\"\n",
    "[[sections]]\ntitle = { text = \"x\" }\n",
    "[[sections]]\ntitle = [\"x\"]\n",
    "[[sections]]\ntitle = \"a\" \"b\"\n",
    "[[sections]]\ntitle = \"bad \\q escape\"\n",
    "[[sections]]\ntitle = \"unterminated\n",
    "[[sections]]\ntitle = \"crlf\"\r\nbody = \"x\"\r\n",
    "[[sections]]\ntitle = \"lone cr\"\rbody = \"x\"\n",
    "# control \u{1} in a comment\n",
    "[[sections]]\ntitle = \"dotted\"\nlinks.text = \"x\"\n",
    "[[sections]]\ntitle = \"x\"\n[[sections.links]]\nurl = \"no text\"\n",
    "[[sections]]\ntitle = \"x\"\n[[sections.links]]\ntext = \"  \"\n",
    "[[sections]]\ntitle = \"x\"\nid = \" \"\n",
    "[[sections]]\ntitle = \"x\"\n[sections.links]\ntext = \"t\"\n",
    "[[sections]]\ntitle = \"x\"\n[[sections.links]]\ntext = \"t\"\ntext = \"u\"\n",
    "[[sections]]\ntitle = \"x\"\nbody = \"a\"\nbody = \"b\"\n",
    "[[sections]]\ntitle = \"x\"\nsections = [{ title = \"a\" }, 3]\n",
    "[[sections]]\ntitle = \"x\"\nsections = [{ title = \"a\" }, { sections = [{ title = \"no title above\" }] }]\n",
    "[[sections]]\ntitle = \"x\"\nlinks = [{ text = \"a\" },, ]\n",
    "[[sections]]\ntitle = \"x\"\nlinks = [{ text = \"a\" , , }]\n",
    "[[sections]]\ntitle = \"nest\"\nsections = [{ title = \"1\", sections = [{ title = \"2\", sections = [{ title = \"3\", sections = [{ title = \"4\", sections = [{ title = \"5\", sections = [{ title = \"6\", sections = [{ title = \"7\", sections = [{ title = \"8\" }] }] }] }] }] }] }] }]\n",
];

/// One piece of a document, written on its own lines.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0..40usize, 0..3usize).prop_map(|(n, pad)| format!(
            "[[sections]]\ntitle = \"S{n}\"\nbody = \"{}\"\n",
            "word ".repeat(pad * 20)
        )),
        2 => (0..6usize).prop_map(|n| format!("[[sections]]\ntitle = \"I\"\nid = \"x{n}\"\n")),
        6 => prop::sample::select(VALID).prop_map(str::to_string),
        // Read as Markdown when the head says `markup = "markdown"`.
        2 => Just("[[sections]]\ntitle = \"md\"\nbody = \"\"\"\nWe need:\n\n- eggs\n- *milk* [x](#md)\n\n## Sub\n\n> quoted[^1]\n\n```rust\nfn main() {}\n```\n\n[^1]: a note\n\"\"\"\n".to_string()),
        1 => prop::sample::select(INVALID).prop_map(str::to_string),
    ]
}

/// What comes before the first table header.
fn head() -> impl Strategy<Value = String> {
    (
        (
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.1),
            any::<bool>(),
            prop_oneof![
                1 => Just(""),
                6 => Just("title = \"T\"\n"),
                6 => Just("title = 'T'\n"),
                1 => Just("title = \" \"\n"),
            ],
            prop_oneof![
                12 => Just(""),
                1 => Just("source = { name = \"n\", license = \"l\" }\n"),
                1 => Just("source.name = \"dotted\"\n"),
                1 => Just("subtitle = 3\n"),
                1 => Just("title = \"twice\"\n"),
                1 => Just("sections = [\n  { body = \"b\", title = \"i1\" },\n  { title = \"i2\", id = \"x1\", links = [{ text = \"l\", url = \"u\" }], sections = [{ title = \"i3\" }] },\n]\n"),
                1 => Just("sections = []\n"),
            ],
        ),
        prop_oneof![
            8 => Just(""),
            2 => Just("markup = \"markdown\"\n"),
            1 => Just("markup = 'plain'\n"),
            1 => Just("markup = \"html\"\n"),
            1 => Just("markup = 3\n"),
        ],
        any::<bool>(),
    )
        .prop_map(|((string_header, inline, subtitle, title, extra), markup, late)| {
            let mut head = title.to_string();
            // Before or after the other keys (an inline `sections` among them).
            if !late {
                head.push_str(markup);
            }
            head.push_str(extra);
            if late {
                head.push_str(markup);
            }
            if string_header {
                head.push_str("subtitle = \"\"\"\n[[sections]]\ntitle = \"in a string\"\n\"\"\"\n");
            } else if subtitle {
                head.push_str("subtitle = \"sub\"\n");
            }
            if inline {
                head.push_str("sections = [{ title = \"inline\" }]\n");
            }
            head
        })
}

fn document() -> impl Strategy<Value = String> {
    (head(), prop::collection::vec(piece(), 0..10))
        .prop_map(|(head, pieces)| format!("{head}\n{}", pieces.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn chunked_and_whole_parses_agree(text in document(), chunks in 2..7usize) {
        // Small, so the TOML parser reads it whole.
        let whole = parse_with_toml("doc.toml", &text);
        if let Some(chunked) = parse_in_chunks("doc.toml", &text, chunks, 2) {
            prop_assert_eq!(chunked, whole);
        }
    }

    #[test]
    fn streaming_and_toml_readings_agree(text in document()) {
        let whole = parse_with_toml("doc.toml", &text);
        if let Some(streamed) = parse_streaming("doc.toml", &text) {
            prop_assert_eq!(streamed, whole.clone());
        }
        prop_assert_eq!(parse("doc.toml", &text), whole);
    }
}

/// The reviewer's case at full size, through `parse` itself (over the
/// size at which it splits): a header inside a multi-line string before
/// an inline `sections = [ … ]`, then `[[sections]]` far below.
#[test]
fn an_inline_sections_array_beside_headers_is_refused_at_any_size() {
    let mut text = String::from(
        "title = \"t\"\nsubtitle = \"\"\"\n[[sections]]\n\"\"\"\nsections = [{ title = \"a\" }]\n",
    );
    let small = format!("{text}[[sections]]\ntitle = \"b\"\n");
    let e = parse("small.toml", &small).expect_err("invalid TOML");
    assert!(e.message.contains("duplicate key"), "{e}");
    while text.len() < 4_400_000 {
        text.push_str("# padding padding padding padding padding padding padding\n");
    }
    text.push_str("[[sections]]\ntitle = \"b\"\n");
    let e = parse("big.toml", &text).expect_err("invalid TOML");
    assert!(e.message.contains("duplicate key"), "{e}");
}

/// Every shape of document the format allows (bar dotted keys and links
/// given after a section's subsections) is read as it is lexed, never as
/// a TOML tree, and gives the TOML parser's model.
#[test]
fn every_sample_shape_is_read_as_it_is_lexed() {
    let mut texts = vec![("embedded".to_string(), EMBEDDED.to_string())];
    for shape in Shape::ALL {
        let mut text = Vec::new();
        write_shape(shape, 100_000, &mut text).unwrap();
        texts.push((shape.name().to_string(), String::from_utf8(text).unwrap()));
    }
    for (name, text) in texts {
        let streamed = parse_streaming("s.toml", &text)
            .unwrap_or_else(|| panic!("{name}: the streaming reader gave up"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            streamed,
            parse_with_toml("s.toml", &text).unwrap(),
            "{name}"
        );
    }
}

/// A TOML-minded edit: characters that change a document's structure.
fn edit() -> impl Strategy<Value = (prop::sample::Index, usize, String)> {
    (
        any::<prop::sample::Index>(),
        0..4usize,
        prop::collection::vec(
            prop::sample::select(vec![
                "[", "]", "{", "}", "\"", "'", "\"\"\"", "'''", "=", ",", ".", "\n", "\r\n", "#",
                " ", "\\", "\\n", "sections", "links", "title", "a", "é", "\u{1}", "1",
            ]),
            0..4,
        )
        .prop_map(|parts| parts.concat()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random edits of a real document: whatever they make of it, the
    /// streamed reading and the TOML parser's agree (and nothing panics).
    #[test]
    fn edited_documents_read_the_same_streamed_and_whole(
        edits in prop::collection::vec(edit(), 1..6)
    ) {
        let mut text = EMBEDDED.to_string();
        for (at, delete, insert) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut end = (i + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(i..end, &insert);
        }
        let whole = parse_with_toml("doc.toml", &text);
        if let Some(streamed) = parse_streaming("doc.toml", &text) {
            prop_assert_eq!(streamed, whole);
        }
    }
}

/// `markup` is read by every path: as the text is lexed, by the TOML
/// parser, and by the chunked parser (from the first chunk).
#[test]
fn markup_is_read_by_every_reader() {
    use camp_reader::model::document::Markup;
    let mut text = String::from("title = \"t\"\nmarkup = \"markdown\"\n");
    for i in 0..200 {
        text.push_str(&format!("[[sections]]\ntitle = \"s{i}\"\nbody = \"*b*\"\n"));
    }
    let whole = parse_with_toml("m.toml", &text).unwrap();
    assert_eq!(whole.markup, Markup::Markdown);
    // The bodies were read as Markdown: `*b*` is emphasis.
    assert_eq!(whole.spans.len(), 200, "{:?}", &whole.spans[..3]);
    let streamed = parse_streaming("m.toml", &text).expect("read as lexed");
    assert_eq!(streamed.unwrap(), whole);
    let chunked = parse_in_chunks("m.toml", &text, 4, 2).expect("split");
    assert_eq!(chunked.unwrap(), whole);
    // Given after the sections, only the TOML parser reads it.
    let late = "title = \"t\"\nsections = [{ title = \"a\" }]\nmarkup = \"markdown\"\n";
    assert!(parse_streaming("m.toml", late).is_none());
    assert_eq!(parse("m.toml", late).unwrap().markup, Markup::Markdown);
}

/// The line each section starts on (its header or its inline table's `{`),
/// the same in every reading: where `v` opens the editor.
#[test]
fn every_reading_gives_each_section_its_source_line() {
    let text = "title = \"T\"\n\n[[sections]]\ntitle = \"a\"\nbody = \"\"\"\none\n\ntwo\n\"\"\"\n\n\
                [[sections.sections]] # child\ntitle = \"b\"\n[[sections]]\ntitle = \"c\"\n\
                sections = [\n  { title = \"d\" },\n  { title = \"e\", sections = [{ title = \"f\" }] },\n]\n";
    let whole = parse_with_toml("doc.toml", text).unwrap();
    let lines: Vec<(&str, u32)> = (0..whole.sections.len())
        .map(|i| (whole.section_title(i), whole.sections[i].line))
        .collect();
    assert_eq!(
        lines,
        [
            ("a", 3),
            ("b", 11),
            ("c", 13),
            ("d", 16),
            ("e", 17),
            ("f", 17)
        ]
    );
    assert_eq!(parse_streaming("doc.toml", text).unwrap().unwrap(), whole);
    // Chunked: each chunk's lines count from the start of the whole text.
    let mut big = String::from("title = \"T\"\n");
    for i in 0..200 {
        big.push_str(&format!(
            "\n[[sections]]\ntitle = \"s{i}\"\nbody = \"\"\"\n{}\"\"\"\n",
            "line\n".repeat(i % 7)
        ));
    }
    let whole = parse_with_toml("big.toml", &big).unwrap();
    let chunked = parse_in_chunks("big.toml", &big, 5, 2).unwrap().unwrap();
    assert_eq!(chunked, whole);
    for (i, s) in whole.sections.iter().enumerate() {
        let header = big
            .match_indices(&format!("[[sections]]\ntitle = \"s{i}\""))
            .next()
            .unwrap()
            .0;
        let line = big[..header].matches('\n').count() + 1;
        assert_eq!(s.line as usize, line, "section {i}");
    }
}
