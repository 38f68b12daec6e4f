//! Loading errors at the unit level: every bad input is reported with the
//! exact line and column, a message that names the problem, and a Display
//! form `PATH:LINE:COLUMN: message` + excerpt + caret under the column.
//! Plus the document model the loader builds (ids, paragraphs, numbering).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use crate::common;

use camp_reader::load::{
    DEFAULT_MAX_SIZE, EMBEDDED, EMBEDDED_NAME, Input, LoadError, MAX_DEPTH, load, paragraphs,
    parse, read_input, read_input_text,
};
use camp_reader::model::document::{BlockKind, Document, Markup};
use common::format_cases::{ACCEPTED, REFUSED};
use unicode_width::UnicodeWidthChar;

const NAME: &str = "doc.toml";

fn parse_err(text: &str) -> LoadError {
    match parse(NAME, text) {
        Ok(doc) => panic!("expected an error, got a document titled {:?}", doc.title),
        Err(e) => e,
    }
}

/// The excerpt from the caret's display column on.
fn under_caret(excerpt: &str, caret: usize) -> &str {
    let mut col = 0;
    for (i, c) in excerpt.char_indices() {
        if col == caret {
            return &excerpt[i..];
        }
        assert!(col < caret, "caret {caret} falls inside a wide character");
        col += c.width().unwrap_or(0);
    }
    assert_eq!(col, caret, "caret {caret} is past the excerpt {excerpt:?}");
    ""
}

/// Checks the whole error: path, LINE:COLUMN, message fragments, and the
/// three-line Display form with the caret under `at` (what the excerpt
/// shows from the offending column on).
#[track_caller]
fn check(e: &LoadError, path: &str, line: usize, column: usize, message: &[&str], at: &str) {
    assert_eq!(e.path, path, "{e}");
    let loc = e
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("no location: {e}"));
    assert_eq!((loc.line, loc.column), (line, column), "{e}");
    for part in message {
        assert!(
            e.message.contains(part),
            "message {:?} does not name {part:?}",
            e.message
        );
    }
    let shown = e.to_string();
    let lines: Vec<&str> = shown.split('\n').collect();
    assert_eq!(lines.len(), 3, "three lines expected:\n{shown}");
    assert_eq!(lines[0], format!("{path}:{line}:{column}: {}", e.message));
    assert_eq!(lines[1], format!("    {}", loc.excerpt));
    assert_eq!(lines[2], format!("    {}^", " ".repeat(loc.caret)));
    let rest = under_caret(&loc.excerpt, loc.caret);
    assert!(
        rest.starts_with(at),
        "caret should sit under {at:?}, but it is under {rest:?}:\n{shown}"
    );
    assert!(
        !shown.chars().any(|c| c.is_control() && c != '\n'),
        "raw control character in {shown:?}"
    );
}

// ---- TOML and schema errors --------------------------------------------

/// Every unknown key, wrong type, missing key and empty value of the shared
/// list (which the schema must reject too: tests/it/schema.rs).
#[test]
fn every_refused_document_is_an_error_at_its_place() {
    for case in REFUSED {
        let e = match parse(NAME, case.text) {
            Ok(_) => panic!("{}: loaded", case.what),
            Err(e) => e,
        };
        eprintln!("{}: {e}", case.what);
        check(&e, NAME, case.line, case.column, case.names, case.at);
    }
}

#[test]
fn every_accepted_document_loads() {
    for text in ACCEPTED {
        if let Err(e) = parse(NAME, text) {
            panic!("{text:?}: {e}");
        }
    }
}

#[test]
fn markup_is_read_and_defaults_to_plain() {
    let doc = |markup: &str| {
        let text = format!("title = \"x\"\n{markup}[[sections]]\ntitle = \"y\"\nbody = \"a\"\n");
        parse(NAME, &text).unwrap()
    };
    assert_eq!(doc("").markup, Markup::Plain);
    assert_eq!(doc("markup = \"plain\"\n").markup, Markup::Plain);
    assert_eq!(doc("markup = 'markdown'\n").markup, Markup::Markdown);
    // After inline sections too (the TOML parser reads that one).
    let text = "title = \"x\"\nsections = [{ title = \"y\" }]\nmarkup = \"markdown\"\n";
    assert_eq!(parse(NAME, text).unwrap().markup, Markup::Markdown);
}

#[test]
fn toml_syntax_error() {
    let e = parse_err("title = \"x\"\n[[sections]]\ntitle = \"y\"\nbody = \"a\" junk\n");
    check(&e, NAME, 4, 12, &["expected newline"], "junk");
}

#[test]
fn unterminated_string() {
    let e = parse_err("title = \"x\n[[sections]]\ntitle = \"y\"\n");
    let loc = e.location.as_ref().expect("located");
    assert_eq!(loc.line, 1, "{e}");
    assert!(
        e.message.contains("string") || e.message.contains("\""),
        "{e}"
    );
}

/// `levels` sections, each nested in the one before.
fn nested(levels: usize) -> String {
    let mut text = String::from("title = \"deep\"\n");
    let mut header = String::from("sections");
    for i in 1..=levels {
        text.push_str(&format!("[[{header}]]\ntitle = \"level {i}\"\n"));
        header.push_str(".sections");
    }
    text
}

#[test]
fn nesting_up_to_max_depth_is_accepted() {
    let doc = parse(NAME, &nested(MAX_DEPTH)).expect("MAX_DEPTH levels load");
    assert_eq!(doc.sections.len(), MAX_DEPTH);
    let last = doc.sections.len() - 1;
    assert_eq!(doc.sections[last].depth() as usize, MAX_DEPTH - 1);
    assert_eq!(
        doc.section_number(last).to_string(),
        ["1"; MAX_DEPTH].join(".")
    );
}

#[test]
fn nesting_deeper_than_max_depth() {
    assert_eq!(MAX_DEPTH, 8, "the documented limit");
    let e = parse_err(&nested(MAX_DEPTH + 1));
    // Line 1 is the title; level k's header is on line 2k.
    let line = 2 * (MAX_DEPTH + 1);
    check(
        &e,
        NAME,
        line,
        1,
        &["nest too deep", &format!("at most {MAX_DEPTH} levels")],
        "[[sections.sections",
    );
}

#[test]
fn duplicate_explicit_ids() {
    let e = parse_err(
        "title = \"x\"\n[[sections]]\ntitle = \"A\"\nid = \"same\"\n[[sections]]\ntitle = \"B\"\n[[sections.sections]]\ntitle = \"C\"\nid  =  \"same\"\n",
    );
    check(&e, NAME, 9, 8, &["duplicate section id `same`"], "\"same\"");
}

#[test]
fn columns_count_characters_after_multibyte_text() {
    // `ë` is two bytes but one column.
    let e = parse_err("title = \"Manëz\" x\n[[sections]]\ntitle = \"y\"\n");
    check(&e, NAME, 1, 17, &["expected newline"], "x");
    // Wide characters: the column counts characters, the caret display columns.
    let e = parse_err("title = \"x\"\n[[sections]]\ntitle = \"東京\" x\n");
    check(&e, NAME, 3, 14, &[], "x");
    assert_eq!(e.location.as_ref().unwrap().caret, 15, "{e}");
}

#[test]
fn tabs_on_the_failing_line_keep_the_caret_aligned() {
    let e = parse_err("title\t=\t3\n[[sections]]\ntitle = \"y\"\n");
    check(&e, NAME, 1, 9, &["invalid type"], "3");
    assert!(!e.to_string().contains('\t'));
}

#[test]
fn crlf_line_endings_are_not_shown() {
    let e = parse_err("title = \"x\"\r\n[[sections]]\r\ntitle = 3\r\n");
    check(&e, NAME, 3, 9, &["invalid type"], "3");
    assert_eq!(e.location.as_ref().unwrap().excerpt, "title = 3");
}

#[test]
fn control_characters_on_the_failing_line_are_shown_visibly() {
    let e =
        parse_err("title = \"x\"\n[[sections]]\ntitle = \"y\"\nbody = \"a\u{1b}[31m\u{7}\" junk\n");
    // ESC and BEL are one character each.
    check(&e, NAME, 4, 18, &["expected newline"], "junk");
    let shown = e.to_string();
    assert!(!shown.contains('\u{1b}'), "raw ESC in {shown:?}");
    assert!(!shown.contains('\u{7}'), "raw BEL in {shown:?}");
    assert!(shown.contains("a^[[31m^G\" junk"), "{shown}");
}

#[test]
fn control_characters_in_the_path_are_shown_visibly() {
    let e = load(
        &Input::File(PathBuf::from("/nonexistent/\u{1b}[2Jevil.toml")),
        DEFAULT_MAX_SIZE,
    )
    .unwrap_err();
    assert!(!e.to_string().contains('\u{1b}'), "{e}");
    assert!(e.path.contains("^[[2Jevil.toml"), "{e}");
}

#[test]
fn a_bom_is_accepted() {
    let doc = parse(NAME, "\u{feff}title = \"x\"\n[[sections]]\ntitle = \"y\"\n").unwrap();
    assert_eq!(doc.title, "x");
    assert_eq!(doc.section_title(0), "y");
    // Columns on the first line do not count the BOM.
    let e = parse_err("\u{feff}title = 3\n[[sections]]\ntitle = \"y\"\n");
    check(&e, NAME, 1, 9, &["invalid type"], "3");
}

// ---- reading files ------------------------------------------------------

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

const GOOD: &str = "title = \"x\"\n[[sections]]\ntitle = \"y\"\nbody = \"hello\"\n";

#[test]
fn a_good_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "good.toml", GOOD.as_bytes());
    let input = Input::File(path);
    assert_eq!(read_input(&input, DEFAULT_MAX_SIZE).unwrap(), GOOD);
    let doc = load(&input, DEFAULT_MAX_SIZE).unwrap();
    assert_eq!(doc.title, "x");
    assert_eq!(doc.paragraph_count(), 1);
}

#[test]
fn a_bom_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(GOOD.as_bytes());
    let path = write_file(dir.path(), "bom.toml", &bytes);
    let doc = load(&Input::File(path), DEFAULT_MAX_SIZE).unwrap();
    assert_eq!(doc.title, "x");
}

#[test]
fn errors_in_files_carry_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "bad.toml",
        b"title = 3\n[[sections]]\ntitle = \"y\"\n",
    );
    let e = load(&Input::File(path.clone()), DEFAULT_MAX_SIZE).unwrap_err();
    let shown = path.to_string_lossy();
    check(&e, &shown, 1, 9, &["invalid type"], "3");
    assert!(e.to_string().starts_with(&format!("{shown}:1:9: ")));
}

#[test]
fn not_utf8_is_shown_and_the_warning_points_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "latin1.toml",
        b"title = \"x\"\n[[sections]]\ntitle = \"A\"\nbody = \"\xc3\xa9t\xe9\" # \xff\n",
    );
    let input = Input::File(path.clone());
    let shown = path.to_string_lossy().into_owned();
    assert_eq!(
        read_input(&input, DEFAULT_MAX_SIZE).unwrap(),
        "title = \"x\"\n[[sections]]\ntitle = \"A\"\nbody = \"ét\u{FFFD}\" # \u{FFFD}\n"
    );
    let read = read_input_text(&input, DEFAULT_MAX_SIZE).unwrap();
    // `body = "ét` is 10 characters (12 bytes); the bad byte is the 11th,
    // shown as its value.
    check(
        &read.warning.unwrap(),
        &shown,
        4,
        11,
        &["not valid UTF-8"],
        "<0xE9>",
    );
    let doc = load(&input, DEFAULT_MAX_SIZE).unwrap();
    assert!(doc.text().contains("ét\u{FFFD}"));
    assert_eq!(
        doc.load_warning.as_deref(),
        Some(
            format!(
                "{shown}:4:11: not valid UTF-8: each invalid byte sequence is shown as \u{FFFD}"
            )
            .as_str()
        )
    );
}

#[test]
fn not_utf8_after_a_bom_does_not_count_the_bom() {
    // Same columns as a parse error in a BOM file: the BOM is no column.
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(
        dir.path(),
        "bom-latin1.toml",
        b"\xef\xbb\xbftitle = \"\xff\"\n",
    );
    let e = read_input_text(&Input::File(path.clone()), DEFAULT_MAX_SIZE)
        .unwrap()
        .warning
        .unwrap();
    check(
        &e,
        &path.to_string_lossy(),
        1,
        10,
        &["not valid UTF-8"],
        "<0xFF>",
    );
    assert_eq!(e.location.unwrap().excerpt, "title = \"<0xFF>\"");
}

#[test]
fn a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let e = load(&Input::File(path.clone()), DEFAULT_MAX_SIZE).unwrap_err();
    assert_eq!(e.location, None);
    assert_eq!(e.message, "cannot open: no such file");
    assert_eq!(
        e.to_string(),
        format!("{}: cannot open: no such file", path.display())
    );
}

#[test]
fn a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let e = load(&Input::File(dir.path().to_path_buf()), DEFAULT_MAX_SIZE).unwrap_err();
    assert_eq!(e.location, None);
    assert_eq!(
        e.to_string(),
        format!(
            "{}: is a directory, not a document file",
            dir.path().display()
        )
    );
}

#[test]
fn a_path_through_a_file_is_not_a_directory() {
    // Unreadable whoever runs the test (root included): ENOTDIR.
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "plain", GOOD.as_bytes());
    let path = file.join("doc.toml");
    let e = load(&Input::File(path.clone()), DEFAULT_MAX_SIZE).unwrap_err();
    assert_eq!(e.location, None);
    assert!(
        e.message.starts_with("cannot open: "),
        "unexpected message: {e}"
    );
    assert!(
        e.message.to_lowercase().contains("not a directory"),
        "message does not name the problem: {e}"
    );
    assert!(e.to_string().starts_with(&format!("{}: ", path.display())));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "secret.toml", GOOD.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let result = load(&Input::File(path.clone()), DEFAULT_MAX_SIZE);
    if std::fs::File::open(&path).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): permissions do not
        // apply, so the file must load like any other.
        let doc = result.expect("a file the process can open loads");
        assert_eq!(doc.title, "x");
    } else {
        let e = result.unwrap_err();
        assert_eq!(e.location, None);
        assert_eq!(
            e.to_string(),
            format!("{}: cannot open: permission denied", path.display())
        );
    }
}

#[test]
fn a_file_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_file(dir.path(), "big.toml", GOOD.as_bytes());
    let len = GOOD.len() as u64;
    let input = Input::File(path.clone());
    // Exactly at the limit is fine.
    assert!(load(&input, len).is_ok());
    let e = load(&input, len - 1).unwrap_err();
    assert_eq!(e.location, None);
    assert_eq!(
        e.to_string(),
        format!(
            "{}: file is over the size limit ({len} bytes > {} bytes; see --max-size)",
            path.display(),
            len - 1
        )
    );
    let e = read_input(&input, 10).unwrap_err();
    assert!(e.message.contains("over the size limit"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_cut_off_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("endless.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(status.success());
    // The writer never stops on its own: only a reader that gives up after
    // `limit` bytes (closing the FIFO, so the writer gets EPIPE) returns.
    let writer_path = fifo.clone();
    std::thread::spawn(move || {
        let Ok(mut w) = std::fs::OpenOptions::new().write(true).open(&writer_path) else {
            return;
        };
        let chunk = "# padding padding padding padding padding padding\n".repeat(1000);
        while w.write_all(chunk.as_bytes()).is_ok() {}
    });
    let limit = 4096;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _ = tx.send(camp_reader::load::read_named(&Input::File(fifo), limit));
    });
    let result = match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(r) => r,
        Err(RecvTimeoutError::Timeout) => panic!("reading a FIFO did not stop at the limit"),
        Err(RecvTimeoutError::Disconnected) => panic!("reading a FIFO panicked"),
    };
    let e = result.unwrap_err();
    assert_eq!(e.location, None);
    assert!(
        e.message.contains(&format!(
            "over the size limit ({} bytes > {limit} bytes",
            limit + 1
        )),
        "{e}"
    );
}

#[test]
fn inputs_from_arguments() {
    assert_eq!(Input::from_arg(None), Input::Embedded);
    assert_eq!(Input::from_arg(Some(Path::new("-"))), Input::Stdin);
    assert_eq!(
        Input::from_arg(Some(Path::new("a.toml"))),
        Input::File(PathBuf::from("a.toml"))
    );
    assert_eq!(Input::Embedded.display_name(), EMBEDDED_NAME);
    assert_eq!(Input::Stdin.display_name(), "<stdin>");
    assert_eq!(read_input(&Input::Embedded, 1).unwrap(), EMBEDDED);
}

#[test]
fn the_embedded_document_loads() {
    let doc = load(&Input::Embedded, DEFAULT_MAX_SIZE).unwrap();
    assert_eq!(doc, parse(EMBEDDED_NAME, EMBEDDED).unwrap());
    assert_eq!(doc.title, "Camp Ashraf 3");
    assert_eq!(doc.sections.len(), 6);
}

// ---- the model ----------------------------------------------------------

fn ids(doc: &Document) -> Vec<&str> {
    (0..doc.sections.len()).map(|i| doc.section_id(i)).collect()
}

fn sections(titles: &[&str]) -> String {
    let mut text = String::from("title = \"T\"\n");
    for t in titles {
        text.push_str(&format!("[[sections]]\ntitle = {t:?}\n"));
    }
    text
}

#[test]
fn slugs_are_derived_from_titles() {
    let doc = parse(
        NAME,
        &sections(&[
            "Raid by Albanian police",
            "  Manëz, Durrës!  ",
            "U.S.–Iran relations",
            "???",
        ]),
    )
    .unwrap();
    assert_eq!(
        ids(&doc),
        [
            "raid-by-albanian-police",
            "manez-durres",
            "u-s-iran-relations",
            "section"
        ]
    );
    // Titles are trimmed.
    assert_eq!(doc.section_title(1), "Manëz, Durrës!");
}

#[test]
fn duplicate_titles_get_numbered_ids() {
    let doc = parse(NAME, &sections(&["Notes", "Notes", "notes!", "Other"])).unwrap();
    assert_eq!(ids(&doc), ["notes", "notes-2", "notes-3", "other"]);
}

#[test]
fn explicit_ids_win_over_derived_ones() {
    let doc = parse(
        NAME,
        "title = \"T\"\n[[sections]]\ntitle = \"Notes\"\n[[sections]]\ntitle = \"Notes\"\n[[sections]]\ntitle = \"Third\"\nid = \"notes-2\"\n",
    )
    .unwrap();
    assert_eq!(ids(&doc), ["notes", "notes-3", "notes-2"]);
}

#[test]
fn paragraphs_split_on_blank_lines_and_join_single_newlines() {
    let body = "  First line\nsecond line.\n\n\n   \nSecond  paragraph\n  ends here.  \n";
    assert_eq!(
        paragraphs(body),
        ["First line second line.", "Second  paragraph ends here."]
    );
    assert!(paragraphs("\n \n\t\n").is_empty());
    let text = format!("title = \"T\"\n[[sections]]\ntitle = \"A\"\nbody = '''\n{body}'''\n");
    let doc = parse(NAME, &text).unwrap();
    let paras: Vec<&str> = (0..doc.blocks.len())
        .filter(|&b| doc.blocks[b].kind == BlockKind::Paragraph)
        .map(|b| doc.block_text(b))
        .collect();
    assert_eq!(paras, paragraphs(body));
    assert_eq!(doc.paragraph_count(), 2);
}

const TREE: &str = r#"
title = "T"
[[sections]]
title = "A"
body = "a"
[[sections.sections]]
title = "A one"
[[sections.sections]]
title = "A two"
[[sections.sections.sections]]
title = "Deep"
[[sections.sections.sections.links]]
text = "Ref"
url = "https://example.org"
[[sections]]
title = "B"
"#;

#[test]
fn nested_sections_get_number_paths_and_subtrees() {
    let doc = parse(NAME, TREE).unwrap();
    let numbers: Vec<String> = (0..doc.sections.len())
        .map(|i| doc.section_number(i).to_string())
        .collect();
    let got: Vec<(&str, &str, u8, Option<u32>, u32)> = (0..doc.sections.len())
        .map(|i| {
            let s = &doc.sections[i];
            (
                numbers[i].as_str(),
                doc.section_title(i),
                s.depth(),
                s.parent(),
                s.subtree_end,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1", "A", 0, None, 4),
            ("1.1", "A one", 1, Some(0), 2),
            ("1.2", "A two", 1, Some(0), 4),
            ("1.2.1", "Deep", 2, Some(2), 4),
            ("2", "B", 0, None, 5),
        ]
    );
    // A's subtree holds its own heading and paragraph, the headings of its
    // three descendants and Deep's link; not B.
    let a = doc.subtree_blocks(0);
    assert_eq!(a.len(), 6);
    let link = doc.blocks[a.end - 1];
    assert_eq!(link.kind, BlockKind::Link { text_len: 3 });
    assert_eq!(doc.block_text(a.end - 1), "Ref <https://example.org>");
    assert_eq!(doc.subtree_blocks(4), 6..7);
}

#[test]
fn find_section_by_id_and_title() {
    let doc = parse(NAME, TREE).unwrap();
    assert_eq!(doc.find_section("a-two"), Some(2));
    assert_eq!(doc.find_section("deep"), Some(3));
    assert_eq!(doc.find_section("A one"), Some(1));
    assert_eq!(doc.find_section("a ONE"), Some(1));
    assert_eq!(doc.find_section("  B  "), Some(4));
    assert_eq!(doc.find_section("nothing"), None);
    // An id is preferred to a title.
    let doc = parse(
        NAME,
        "title = \"T\"\n[[sections]]\ntitle = \"x\"\n[[sections]]\ntitle = \"Other\"\nid = \"x\"\n",
    )
    .unwrap();
    assert_eq!(doc.find_section("x"), Some(1));
}

#[test]
fn breadcrumbs_follow_the_ancestry() {
    let doc = parse(NAME, TREE).unwrap();
    assert_eq!(doc.breadcrumb(3), "A › A two › Deep");
    assert_eq!(doc.ancestry(3), [0, 2, 3]);
    assert_eq!(doc.breadcrumb(4), "B");
}

#[test]
fn the_loaded_source_is_the_last_block() {
    let doc = parse(
        NAME,
        "title = \"T\"\n[source]\nname = \"Wikipedia\"\nlicense = \"CC BY-SA\"\n[[sections]]\ntitle = \"A\"\n",
    )
    .unwrap();
    let last = doc.blocks.len() - 1;
    assert_eq!(doc.blocks[last].kind, BlockKind::Source);
    assert_eq!(doc.block_text(last), "Source: Wikipedia — CC BY-SA");
    assert_eq!(doc.content_block_end(), last);
}

#[test]
fn an_empty_document_says_so() {
    for text in ["", "  \n\n", "\u{feff}"] {
        let e = parse("empty.toml", text).unwrap_err();
        assert!(e.message.contains("the document is empty"), "{e}");
        assert_eq!(
            e.location.as_ref().map(|l| (l.line, l.column)),
            Some((1, 1))
        );
    }
}

#[test]
fn a_file_that_is_not_toml_gets_a_hint() {
    let e = parse("notes.md", "# Notes\n\nSome *markdown* text.\n").unwrap_err();
    assert!(
        e.message
            .contains("does not look like a camp-reader document"),
        "{e}"
    );
    // A real document with a typo gets no such hint.
    let e = parse("doc.toml", "title = \"t\"\n[[sections]]\ntitle = \n").unwrap_err();
    assert!(!e.message.contains("does not look like"), "{e}");
}
