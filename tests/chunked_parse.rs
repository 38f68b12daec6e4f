//! Large files are parsed in chunks split at `[[sections]]` headers. The
//! chunked parse must agree with the whole-file parse on every document:
//! the same model when it is valid, the same error when it is not (or it
//! gives up and lets the whole parse answer). Random documents mix what
//! breaks naive splitting: headers inside multi-line strings, an inline
//! `sections = [ … ]` beside `[[sections]]`, tables that reopen, duplicate
//! keys and ids, nesting, bad values.

use camp_reader::load::{parse, parse_in_chunks};
use proptest::prelude::*;

/// One piece of a document, written on its own lines.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0..40usize, 0..3usize).prop_map(|(n, pad)| format!(
            "[[sections]]\ntitle = \"S{n}\"\nbody = \"{}\"\n",
            "word ".repeat(pad * 20)
        )),
        2 => (0..6usize).prop_map(|n| format!("[[sections]]\ntitle = \"I\"\nid = \"x{n}\"\n")),
        2 => Just("[[sections]]\ntitle = \"M\"\nbody = \"\"\"\ntext\n[[sections]]\ntitle = \"fake\"\n\"\"\"\n".to_string()),
        1 => Just("[[sections]]\ntitle = \"L\"\nbody = '''\n[[sections]]\n'''\n".to_string()),
        2 => Just("[[sections.links]]\ntext = \"l\"\nurl = \"u\"\n".to_string()),
        2 => Just("[[sections.sections]]\ntitle = \"sub\"\n".to_string()),
        1 => Just("[source]\nname = \"n\"\n".to_string()),
        1 => Just("title = \"again\"\n".to_string()),
        1 => Just("bogus = 1\n".to_string()),
        1 => Just("[[sections]]\ntitle = \"\"\n".to_string()),
        1 => Just("[[sections]]\ntitle = 3\n".to_string()),
        1 => Just("[[sections]] # comment\ntitle = \"C\"\n".to_string()),
        1 => Just("[sections]\n".to_string()),
        1 => Just("# [[sections]]\n".to_string()),
    ]
}

/// What comes before the first table header.
fn head() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(""), Just("title = \"T\"\n"), Just("title = 'T'\n")],
    )
        .prop_map(|(string_header, inline, subtitle, title)| {
            let mut head = title.to_string();
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
    (head(), prop::collection::vec(piece(), 0..16))
        .prop_map(|(head, pieces)| format!("{head}\n{}", pieces.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn chunked_and_whole_parses_agree(text in document(), chunks in 2..7usize) {
        // Small, so `parse` reads it whole.
        let whole = parse("doc.toml", &text);
        if let Some(chunked) = parse_in_chunks("doc.toml", &text, chunks, 2) {
            prop_assert_eq!(chunked, whole);
        }
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
