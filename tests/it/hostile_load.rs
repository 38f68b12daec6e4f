//! Hostile documents at load time: whatever a file holds, loading ends
//! quickly with a document or a clean `LoadError`; never a panic, a hang or
//! a stack overflow, and the error message itself is safe to print.
//!
//! Every case runs on its own thread under a time limit, so a hang fails
//! the test instead of blocking CI.

use crate::common;

use camp_reader::testing::output_check::is_bidi_control;
use common::within;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use camp_reader::load::{DEFAULT_MAX_SIZE, Input, LoadError, load, load_named, parse};
use camp_reader::model::document::Document;
use camp_reader::text::sanitize::sanitize;
use unicode_width::UnicodeWidthStr;

/// Generous for a debug build on a loaded 2-core machine; a hang is forever.
const LIMIT: Duration = Duration::from_secs(20);

const HEAD: &str = "title = \"x\"\n[[sections]]\ntitle = \"y\"\n";

/// Parses `text` under the time limit.
fn parse_within(what: &str, text: String) -> Result<Document, LoadError> {
    within(what, LIMIT, move || parse("hostile.toml", &text))
}

fn parse_err(what: &str, text: String) -> LoadError {
    match parse_within(what, text) {
        Ok(_) => panic!("{what}: loaded, expected an error"),
        Err(e) => {
            assert_printable(what, &e.to_string());
            e
        }
    }
}

fn load_within(what: &str, path: &Path, max_size: u64) -> Result<Document, LoadError> {
    let input = Input::File(path.to_path_buf());
    within(what, LIMIT, move || load(&input, max_size))
}

/// Loads the file at `path` as the command line names it (a FIFO is read)
/// under the time limit.
fn load_named_within(what: &str, path: &Path, max_size: u64) -> Result<Document, LoadError> {
    let input = Input::File(path.to_path_buf());
    within(what, LIMIT, move || {
        load_named(&input, max_size, None).map(|(doc, _)| doc)
    })
}

/// An error message may hold newlines between its lines and nothing else
/// a terminal would act on: no C0 control (ESC, BEL...), no DEL, no C1
/// control (8-bit CSI, OSC...), no bidi control.
fn assert_printable(what: &str, message: &str) {
    for (i, c) in message.char_indices() {
        let bad = (c.is_control() && c != '\n') || is_bidi_control(c);
        assert!(
            !bad,
            "{what}: unsafe {c:?} at byte {i} of the message:\n{message:?}"
        );
    }
    for b in message.bytes() {
        assert!(b != 0x1b && b != 0x07, "{what}: raw ESC or BEL byte");
    }
}

/// The message, the excerpt and the caret column (within the excerpt) of
/// an error with a location.
fn split_display(e: &LoadError) -> (String, String, usize) {
    let shown = e.to_string();
    let lines: Vec<&str> = shown.split('\n').collect();
    assert_eq!(lines.len(), 3, "message, excerpt, caret:\n{shown}");
    let excerpt = lines[1].strip_prefix("    ").expect("indented excerpt");
    let caret_line = lines[2].strip_prefix("    ").expect("indented caret");
    assert!(caret_line.ends_with('^') && caret_line.trim_start() == "^");
    let caret = caret_line.len() - 1;
    let loc = e.location.as_ref().expect("a location");
    assert_eq!(caret, loc.caret, "the caret drawn where the location says");
    (lines[0].to_string(), excerpt.to_string(), caret)
}

/// The character of `excerpt` that starts at display column `col`, if any
/// (widths of whole prefixes, as the caret is computed, so emoji sequences
/// count as the terminal shows them).
fn char_at_column(excerpt: &str, col: usize) -> Option<char> {
    excerpt
        .char_indices()
        .find(|&(i, _)| excerpt[..i].width() == col)
        .map(|(_, c)| c)
}

/// The caret sits under the (sanitized) character the location names.
fn assert_caret_under_error(what: &str, source: &str, e: &LoadError) {
    let (_, excerpt, caret) = split_display(e);
    let loc = e.location.as_ref().unwrap();
    let line = source
        .split('\n')
        .nth(loc.line - 1)
        .expect("the line exists");
    // A CRLF line ending is not part of the line.
    let line = line.strip_suffix('\r').unwrap_or(line);
    let wanted = line
        .chars()
        .nth(loc.column - 1)
        .map(|c| sanitize(&c.to_string()).chars().next().unwrap());
    let shown = char_at_column(&excerpt, caret);
    if wanted.is_none() {
        // The error is at the end of the line: the caret just after it.
        assert_eq!(caret, excerpt.width(), "{what}: caret after {excerpt:?}");
        return;
    }
    assert_eq!(
        shown, wanted,
        "{what}: caret at column {caret} of {excerpt:?} is not under {wanted:?}"
    );
}

// ---- deep nesting ----

#[test]
fn array_nesting_81_and_100_000_deep_is_a_clean_error() {
    for n in [81, 100_000] {
        for (what, text) in [
            (
                "arrays",
                format!("{HEAD}a = {}{}\n", "[".repeat(n), "]".repeat(n)),
            ),
            ("unclosed arrays", format!("{HEAD}a = {}\n", "[".repeat(n))),
            (
                "arrays as the title",
                format!("title = {}{}\n", "[".repeat(n), "]".repeat(n)),
            ),
            (
                "arrays in a body",
                format!("{HEAD}body = {}\"x\"{}\n", "[".repeat(n), "]".repeat(n)),
            ),
        ] {
            let e = parse_err(&format!("{n} {what}"), text.clone());
            assert!(e.location.is_some(), "{what}: {e}");
            assert!(e.to_string().len() < 1024, "{what}: bounded message");
            assert_caret_under_error(what, &text, &e);
        }
    }
}

#[test]
fn inline_table_nesting_81_and_100_000_deep_is_a_clean_error() {
    for n in [81, 100_000] {
        for (what, text) in [
            (
                "inline tables",
                format!("{HEAD}a = {}1{}\n", "{b=".repeat(n), "}".repeat(n)),
            ),
            (
                "unclosed inline tables",
                format!("{HEAD}a = {}\n", "{b=".repeat(n)),
            ),
            (
                "mixed arrays and tables",
                format!("{HEAD}a = {}1{}\n", "[{b=".repeat(n), "}]".repeat(n)),
            ),
            (
                "inline sections",
                format!(
                    "title = \"x\"\nsections = {}{}\n",
                    "[{title=\"t\", sections=".repeat(n),
                    "}]".repeat(n)
                ),
            ),
        ] {
            let e = parse_err(&format!("{n} {what}"), text.clone());
            assert!(e.to_string().len() < 1024, "{what}: bounded message");
            if e.location.is_some() {
                assert_caret_under_error(what, &text, &e);
            }
        }
    }
}

#[test]
fn nesting_within_the_parser_limit_is_still_an_error_not_a_crash() {
    // 79 levels: the parser accepts it, the document model rejects it.
    let text = format!("{HEAD}a = {}{}\n", "[".repeat(79), "]".repeat(79));
    let e = parse_err("79 arrays", text);
    assert!(e.to_string().contains("unknown field `a`"), "{e}");
}

#[test]
fn deep_section_headers_are_refused() {
    // Real sections nested one past the limit of 8.
    let mut text = String::from("title = \"x\"\n");
    let mut path = String::from("sections");
    for _ in 0..9 {
        text.push_str(&format!("[[{path}]]\ntitle = \"t\"\n"));
        path.push_str(".sections");
    }
    let e = parse_err("9 nested sections", text);
    assert!(e.to_string().contains("nest too deep"), "{e}");
    // A header 100,000 levels deep.
    let text = format!(
        "title = \"x\"\n[[{}]]\ntitle = \"t\"\n",
        ["sections"; 100_000].join(".")
    );
    parse_err("100,000 nested sections", text);
}

// ---- long garbage ----

#[test]
fn a_hundred_thousand_minus_signs_are_a_clean_error() {
    for text in [
        format!("{HEAD}a = {}\n", "-".repeat(100_000)),
        format!("{HEAD}body = {}1\n", "-".repeat(100_000)),
        format!("{}\n", "-".repeat(100_000)),
        format!("title = {}\n", "+-".repeat(50_000)),
    ] {
        let e = parse_err("minus signs", text.clone());
        assert!(
            e.to_string().len() < 1024,
            "bounded: {} bytes",
            e.to_string().len()
        );
        assert_caret_under_error("minus signs", &text, &e);
    }
}

#[test]
fn a_hundred_thousand_dotted_keys_are_a_clean_error() {
    let dotted = ["a"; 100_000].join(".");
    for text in [
        format!("{dotted} = 1\n"),
        format!("{HEAD}{dotted} = 1\n"),
        format!("[{dotted}]\n"),
        format!("{HEAD}[{dotted}]\nb = 1\n"),
        format!("[[{dotted}]]\n"),
        format!("{HEAD}x = {{ {dotted} = 1 }}\n"),
    ] {
        let e = parse_err("dotted keys", text);
        assert!(e.to_string().len() < 1024, "bounded: {e}");
    }
}

#[test]
fn duplicate_keys_are_an_error_at_the_second() {
    let text = "title = \"x\"\ntitle = \"y\"\n[[sections]]\ntitle = \"s\"\n".to_string();
    let e = parse_err("duplicate title", text.clone());
    let loc = e.location.as_ref().expect("located");
    assert_eq!((loc.line, loc.column), (2, 1), "{e}");
    assert!(e.to_string().contains("duplicate"), "{e}");
    assert_caret_under_error("duplicate title", &text, &e);

    let text = format!("{HEAD}body = \"a\"\nbody = \"b\"\n");
    let e = parse_err("duplicate body", text);
    assert_eq!(e.location.as_ref().unwrap().line, 5, "{e}");

    let text = format!("{HEAD}[[sections]]\ntitle = \"z\"\n[source]\n[source]\n");
    parse_err("duplicate table", text);
}

// ---- bounded messages ----

/// Whatever a file holds, its error message is short: echoed values are
/// cut (with `…`), so the message line stays under a few hundred columns.
#[test]
fn huge_keys_values_and_ids_give_bounded_messages() {
    let huge = "k".repeat(5 << 20);
    let id = "i".repeat(2 << 20);
    let cases = [
        (
            "5 MB unknown key",
            format!("title = \"x\"\n{huge} = 1\n[[sections]]\ntitle = \"y\"\n"),
            "unknown field",
        ),
        (
            "5 MB unknown key in a section",
            format!("{HEAD}\"{huge}\" = 1\n"),
            "unknown field",
        ),
        (
            "5 MB links string",
            format!("{HEAD}links = \"{huge}\"\n"),
            "invalid type",
        ),
        (
            "2 MB duplicate id",
            format!(
                "title = \"x\"\n[[sections]]\ntitle = \"a\"\nid = \"{id}\"\n[[sections]]\ntitle = \"b\"\nid = \"{id}\"\n"
            ),
            "duplicate section id",
        ),
        (
            "5 MB duplicate key",
            format!("title = \"x\"\n{huge} = 1\n{huge} = 2\n"),
            "duplicate key",
        ),
    ];
    for (what, text, names) in cases {
        let e = parse_err(what, text);
        assert!(e.message.contains(names), "{what}: {}", e.message);
        let shown = e.to_string();
        let first = shown.lines().next().unwrap_or_default();
        assert!(
            first.chars().count() <= 300,
            "{what}: a {}-character message line",
            first.chars().count()
        );
        assert!(
            shown.chars().count() <= 800,
            "{what}: {} characters",
            shown.chars().count()
        );
        if what != "5 MB duplicate key" {
            assert!(
                e.message.contains('…'),
                "{what}: the value is cut: {}",
                e.message
            );
        }
    }
}

// ---- cost ----

#[test]
fn a_hundred_thousand_repeated_titles_load_in_linear_time() {
    // Each repeated title used to retry `-2`, `-3`, … from the start:
    // 100,000 sections titled "a" took 5·10⁹ tries (hours).
    let n = 100_000;
    let text = format!(
        "title = \"x\"\n{}",
        "[[sections]]\ntitle = \"a\"\n".repeat(n)
    );
    let doc = parse_within("repeated titles", text).expect("valid document");
    assert_eq!(doc.sections.len(), n);
    assert_eq!(doc.section_id(0), "a");
    assert_eq!(doc.section_id(n - 1), format!("a-{n}"));
}

/// Inline markup nested tens of thousands deep (images in alt text,
/// emphasis in emphasis, …) loaded in quadratic time: every open and close
/// went over all the markup open around it (3.8 MB of nested images took
/// 35 s). Nesting is now capped: markup deeper than the cap is text of the
/// level above, so each step costs the same at any depth and at most the
/// cap's worth of links is recorded for one paragraph.
#[test]
fn deeply_nested_inline_markup_is_capped_and_loads_whole() {
    use camp_reader::load::rich::MAX_INLINE_DEPTH;
    use camp_reader::testing::sample::{MarkdownShape, write_markdown_shape};
    for shape in MarkdownShape::NESTED {
        let mut text = Vec::new();
        write_markdown_shape(shape, 200 << 10, &mut text).expect("writing to memory");
        let text = String::from_utf8(text).expect("UTF-8");
        let what = shape.name();
        let words = text.matches('a').count();
        let doc = within(what, LIMIT, move || {
            camp_reader::load::parse_markdown("n.md", "n", &text)
        })
        .expect("a document");
        // Every word is kept, however deep.
        assert_eq!(doc.text().matches('a').count(), words, "{what}");
        assert!(
            doc.links.len() <= MAX_INLINE_DEPTH as usize,
            "{what}: {} links recorded",
            doc.links.len()
        );
        assert!(doc.spans.len() <= 4 * MAX_INLINE_DEPTH as usize, "{what}");
    }
}

/// Lists and quotes nested on one line (`- ` ×16 000 took 5.7 s to load,
/// `> - ` ×100 000 over 120 s): containers nest at most
/// `MAX_CONTAINER_DEPTH` deep, deeper ones are blocks of the container
/// above, and the text is kept.
#[test]
fn list_markers_nested_on_one_line_are_capped_and_keep_the_text() {
    use camp_reader::load::rich::MAX_CONTAINER_DEPTH;
    use camp_reader::testing::sample::{MarkdownShape, write_markdown_shape};
    for shape in MarkdownShape::MARKERS {
        let mut text = Vec::new();
        write_markdown_shape(shape, 200 << 10, &mut text).expect("writing to memory");
        let text = String::from_utf8(text).expect("UTF-8");
        let what = shape.name();
        let doc = within(what, LIMIT, move || {
            camp_reader::load::parse_markdown("n.md", "n", &text)
        })
        .expect("a document");
        let last = doc.blocks.len() - 1;
        assert_eq!(doc.block_text(last), "x", "{what}");
        assert_eq!(doc.frames_of(last).len(), MAX_CONTAINER_DEPTH, "{what}");
        assert!(doc.frames.len() <= MAX_CONTAINER_DEPTH, "{what}");
    }
}

/// Below the cap nesting is kept whole; past it, each tight item's text
/// is a paragraph of its own in the deepest item kept.
#[test]
fn items_past_the_container_cap_are_paragraphs_of_the_deepest_item() {
    use camp_reader::load::rich::MAX_CONTAINER_DEPTH;
    let kept = "- ".repeat(MAX_CONTAINER_DEPTH) + "x\n";
    let doc = camp_reader::load::parse_markdown("n.md", "n", &kept).expect("a document");
    assert_eq!(
        doc.frames_of(doc.blocks.len() - 1).len(),
        MAX_CONTAINER_DEPTH
    );
    let indent = "  ".repeat(MAX_CONTAINER_DEPTH + 1);
    let deeper =
        "- ".repeat(MAX_CONTAINER_DEPTH + 2) + "a\n" + &indent + "- b\n" + &indent + "- c\n";
    let doc = camp_reader::load::parse_markdown("n.md", "n", &deeper).expect("a document");
    let texts: Vec<_> = (0..doc.blocks.len())
        .map(|b| (doc.block_text(b), doc.frames_of(b).len()))
        .filter(|&(_, depth)| depth > 0)
        .collect();
    assert_eq!(
        texts,
        [
            ("a", MAX_CONTAINER_DEPTH),
            ("b", MAX_CONTAINER_DEPTH),
            ("c", MAX_CONTAINER_DEPTH)
        ]
    );
}

#[test]
fn an_empty_file_is_an_error_naming_the_missing_title() {
    for text in ["", "\n\n", "# only a comment\n", "\u{feff}"] {
        let e = parse_err("empty", text.to_string());
        assert!(e.to_string().contains("title"), "{text:?}: {e}");
    }
}

#[test]
fn a_leading_bom_is_accepted() {
    let doc = parse_within("bom", format!("\u{feff}{HEAD}body = \"hello\"\n")).expect("loads");
    assert_eq!(doc.title, "x");
    assert_eq!(doc.sections.len(), 1);
    // From a file too.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.toml");
    std::fs::write(&path, format!("\u{feff}{HEAD}")).unwrap();
    let doc = load_within("bom file", &path, 1 << 20).expect("loads");
    assert_eq!(doc.title, "x");
}

// ---- bytes and files ----

#[test]
fn non_utf8_bytes_are_shown_as_replacement_characters_with_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (bytes, line, column, replaced) in [
        (b"# x\n\ntitle \xc3\xa9\xff\n".to_vec(), 3, 8, 1),
        (b"\xfe\xff".to_vec(), 1, 1, 2),
        (b"title x\r\n\x80".to_vec(), 2, 1, 1),
        // A truncated 4-byte sequence after an emoji: one sequence, one mark.
        (b"title \xf0\x9f\x98\x80\xf0\x9f\x98 end".to_vec(), 1, 8, 1),
    ] {
        let path = dir.path().join("bad.md");
        std::fs::write(&path, &bytes).unwrap();
        let doc = load_within("non-UTF-8", &path, 1 << 20).expect("shown, not refused");
        assert_eq!(
            doc.text().matches('\u{FFFD}').count(),
            replaced,
            "{:?}",
            doc.text()
        );
        let shown = doc.load_warning.clone().expect("a warning");
        assert_printable("non-UTF-8", &shown);
        assert!(shown.contains("UTF-8"), "{shown}");
        assert!(shown.contains(&format!(":{line}:{column}: ")), "{shown}");
        assert!(!shown.contains('\n'), "one line: {shown}");
    }
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_within("directory", dir.path(), 1 << 20).expect_err("a directory");
    assert!(e.to_string().contains("directory"), "{e}");
}

#[test]
fn dev_zero_is_refused_at_once() {
    let path = Path::new("/dev/zero");
    if !path.exists() {
        return;
    }
    // A character device would never end: it must be refused, not read.
    let e = within("/dev/zero", Duration::from_secs(5), move || {
        load(&Input::File(path.to_path_buf()), u64::MAX)
    })
    .expect_err("a device");
    assert!(e.to_string().contains("not a regular file"), "{e}");
    let e = load_within("/dev/null", Path::new("/dev/null"), 1 << 20).expect_err("a device");
    assert!(e.to_string().contains("not a regular file"), "{e}");
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let text = format!("{HEAD}body = \"{}\"\n", "a".repeat(4000));
    std::fs::write(&path, &text).unwrap();
    let e = load_within("too big", &path, 1000).expect_err("over the limit");
    assert!(e.to_string().contains("size limit"), "{e}");
    // Exactly at the limit is fine.
    let doc = load_within("at the limit", &path, text.len() as u64).expect("loads");
    assert_eq!(doc.title, "x");
    let e = load_within("one under", &path, text.len() as u64 - 1).expect_err("over");
    assert!(e.to_string().contains("size limit"), "{e}");
}

#[test]
fn a_missing_file_is_a_clean_error() {
    let e =
        load_within("missing", Path::new("/nonexistent/dir/x.toml"), 1 << 20).expect_err("missing");
    assert!(e.to_string().contains("no such file"), "{e}");
}

#[test]
fn a_hostile_file_name_is_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}lmth.toml";
    let path = dir.path().join(name);
    if std::fs::write(&path, "titel = 1\n").is_err() {
        return; // a file system that refuses such names
    }
    let e = load_within("hostile name", &path, 1 << 20).expect_err("bad document");
    assert_printable("hostile name", &e.to_string());
    assert!(e.to_string().contains("evil^[]0;pwned^G"), "{e}");
    let e = load_within("hostile dir", &dir.path().join(name).join("x"), 1 << 20)
        .expect_err("not a directory");
    assert_printable("hostile dir", &e.to_string());
}

// ---- FIFOs ----

fn mkfifo(dir: &Path, name: &str) -> Option<PathBuf> {
    let path = dir.join(name);
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .ok()?;
    status.success().then_some(path)
}

#[test]
fn a_fifo_with_a_writer_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fifo) = mkfifo(dir.path(), "doc-fifo") else {
        return; // no mkfifo here
    };
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        // Opening for writing waits for the reader.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        f.write_all(format!("{HEAD}body = \"from a fifo\"\n").as_bytes())
            .unwrap();
    });
    let doc = load_named_within("fifo", &fifo, 1 << 20).expect("loads");
    assert_eq!(doc.title, "x");
    assert!(doc.text().contains("from a fifo"));
    writer.join().unwrap();
}

/// A FIFO met any way but the command line (a link, a reload, `Ctrl-o`),
/// even behind a symbolic link, is refused at once: opening it plainly
/// would wait for a writer for good.
#[test]
fn a_fifo_not_named_on_the_command_line_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fifo) = mkfifo(dir.path(), "x.md") else {
        return;
    };
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for path in [fifo, link] {
        let e = load_within("fifo, no writer", &path, 1 << 20).expect_err("refused");
        assert!(e.to_string().contains("is a FIFO"), "{e}");
    }
}

/// A file whose size says 0 but which never ends (under /proc) holding
/// binary data is refused at its first block, not read to the limit.
#[cfg(target_os = "linux")]
#[test]
fn a_binary_proc_file_is_refused_at_its_first_block() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("x.md");
    std::os::unix::fs::symlink("/proc/self/pagemap", &link).unwrap();
    let e = load_within("pagemap", &link, DEFAULT_MAX_SIZE).expect_err("refused");
    assert!(
        e.to_string()
            .contains("not a text file (a NUL byte at offset"),
        "{e}"
    );
    // A text one (size 0 too) is read as text.
    let link = dir.path().join("y.md");
    std::os::unix::fs::symlink("/proc/self/status", &link).unwrap();
    let doc = load_within("status", &link, DEFAULT_MAX_SIZE).expect("loads");
    assert!(doc.text().contains("Name:"));
}

#[test]
fn a_fifo_that_never_ends_gets_the_size_error() {
    // A FIFO has no size to check up front: the reader must stop after
    // max_size bytes instead of reading an endless stream.
    let dir = tempfile::tempdir().unwrap();
    let Some(fifo) = mkfifo(dir.path(), "endless.fifo") else {
        return;
    };
    let writer_path = fifo.clone();
    std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        let chunk = vec![b'#'; 64 << 10];
        // Until the reader hangs up (EPIPE; SIGPIPE is ignored in Rust programs).
        while f.write_all(&chunk).is_ok() {}
    });
    let e = load_named_within("endless fifo", &fifo, 1 << 20).expect_err("over the limit");
    assert!(e.to_string().contains("size limit"), "{e}");
}

#[test]
fn a_fifo_whose_writer_comes_late_is_waited_for_then_read() {
    // Opening a FIFO that has no writer blocks, as `cat` does; the test
    // never relies on that alone: a writer always comes, half a second late.
    let dir = tempfile::tempdir().unwrap();
    let Some(fifo) = mkfifo(dir.path(), "late.fifo") else {
        return;
    };
    let writer_path = fifo.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&writer_path)
            .unwrap();
        f.write_all(HEAD.as_bytes()).unwrap();
    });
    let doc = load_named_within("late fifo", &fifo, 1 << 20).expect("loads");
    assert_eq!(doc.sections.len(), 1);
}

// ---- what the error message prints ----

#[test]
fn control_and_bidi_characters_on_the_failing_line_are_not_printed_raw() {
    let payload = "\u{1b}[2J\u{7}\u{1b}]0;pwned\u{7}\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\\
                   \u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;unterminated \u{9b}31m\u{9d}0;x\u{9c}\u{202e}\u{2066}\u{200f}";
    for (what, text) in [
        // Raw controls are not allowed in TOML: the error is at the first.
        ("bare value", format!("{HEAD}x = 1 {payload}\n")),
        ("in a string", format!("{HEAD}body = \"{payload}\"\n")),
        ("in a comment", format!("{HEAD}# {payload}\nbogus\n")),
        (
            "in a comment before the error",
            format!("{HEAD}bogus # {payload}\n"),
        ),
        // C1 and bidi controls are allowed in literal strings: the error is
        // the unknown key, and the line is shown.
        (
            "unknown key",
            format!("{HEAD}titel = '\u{9b}31m\u{202e}abc\u{9d}0;x\u{9c}\u{2067}'\n"),
        ),
        (
            "error after C1",
            format!("{HEAD}title = '\u{9b}31m\u{202e}abc\u{9d}' junk\n"),
        ),
        ("as the title", format!("title = \"{payload}\"\n")),
        ("CR in the line", format!("{HEAD}x = 1 \r\u{1b}[2J\r\n")),
    ] {
        let e = parse_err(what, text.clone());
        assert!(e.location.is_some(), "{what}: {e}");
        assert_caret_under_error(what, &text, &e);
    }
    // The unknown-key case shows the markers instead.
    let text = format!("{HEAD}titel = '\u{9b}31m\u{202e}'\n");
    let e = parse_err("markers", text);
    assert!(e.to_string().contains("'<U+009B>31m<U+202E>'"), "{e}");
}

#[test]
fn a_failing_line_full_of_wide_markers_keeps_the_caret_on_the_error() {
    // Each C1 or bidi character shows as 8 columns: a line of them is far
    // wider than the excerpt, yet the caret must stay under the error.
    for n in [20, 60, 99, 100, 150, 5_000] {
        for c in ['\u{9b}', '\u{202e}', '\u{e0041}'] {
            let junk: String = std::iter::repeat_n(c, n).collect();
            let text = format!("{HEAD}title = '{junk}' junk\n");
            let e = parse_err("markers before the error", text.clone());
            let shown = e.to_string();
            assert!(shown.len() < 1024, "{n}: bounded, {} bytes", shown.len());
            assert_caret_under_error(&format!("{n} x {c:?}"), &text, &e);
        }
    }
    // ESC (2 columns each) and tabs (up to 8) too.
    for junk in ["\u{1b}".repeat(150), "\t".repeat(150), "a\t".repeat(150)] {
        let text = format!("{HEAD}title = \"x\" {junk}junk\n");
        let e = parse_err("controls before the error", text.clone());
        assert_caret_under_error("controls before the error", &text, &e);
    }
}

#[test]
fn a_ten_megabyte_bad_line_gives_a_bounded_excerpt_with_the_caret_in_place() {
    let n = 10_000_000;
    for (what, text) in [
        (
            "BEL in the middle",
            format!(
                "{HEAD}body = \"{}\u{7}{}\"\n",
                "a".repeat(n / 2),
                "b".repeat(n / 2)
            ),
        ),
        (
            "unterminated",
            format!("{HEAD}body = \"{}\n", "a".repeat(n)),
        ),
        (
            "junk at the end",
            format!("{HEAD}body = \"{}\" junk\n", "a".repeat(n)),
        ),
        (
            "junk after CJK",
            format!("{HEAD}body = \"{}\" junk\n", "東".repeat(n / 3)),
        ),
        (
            "junk after C1",
            format!("{HEAD}body = '{}' junk\n", "\u{9b}".repeat(n / 2)),
        ),
        (
            "error at the start of a long line",
            format!("{HEAD}titel = \"{}\"\n", "a".repeat(n)),
        ),
    ] {
        let e = parse_err(what, text.clone());
        let shown = e.to_string();
        assert!(
            shown.len() < 1024,
            "{what}: {} bytes of message",
            shown.len()
        );
        assert_eq!(e.location.as_ref().unwrap().line, 4, "{what}");
        assert_caret_under_error(what, &text, &e);
    }
}

#[test]
fn line_and_column_count_characters_after_multibyte_text() {
    for (text, line, column) in [
        ("title = \"é\" junk\n", 1, 13),
        ("title = \"東京\" junk\n", 1, 14),
        ("title = \"😀\" junk\n", 1, 13),
        ("title = \"é東😀👨‍👩‍👧\" junk\n", 1, 20),
        ("# é東😀\n# 東\ntitle = \"é東😀\" junk\n", 3, 15),
        ("title = \"e\u{301}\" junk\n", 1, 14),
        ("title = \"x\"\r\n# é\r\ntitle2 = \"東\" junk\r\n", 3, 14),
    ] {
        let e = parse_err(text, text.to_string());
        let loc = e.location.as_ref().expect("located");
        assert_eq!((loc.line, loc.column), (line, column), "{text:?}: {e}");
        let (first, _, _) = split_display(&e);
        assert!(first.contains(&format!(":{line}:{column}: ")), "{first}");
        assert_caret_under_error(text, text, &e);
    }
}

#[test]
fn crlf_line_endings_are_not_shown_in_the_excerpt() {
    let text = "title = \"x\"\r\n[[sections]]\r\ntitle = \"y\"\r\nbogus = 1\r\n".to_string();
    let e = parse_err("crlf", text.clone());
    let (_, excerpt, _) = split_display(&e);
    assert_eq!(excerpt, "bogus = 1", "{e}");
    assert_caret_under_error("crlf", &text, &e);
    // An unterminated string: the error is at the end of the line.
    let text = "title = \"x\r\n".to_string();
    let e = parse_err("crlf unterminated", text.clone());
    let (_, excerpt, _) = split_display(&e);
    assert!(!excerpt.contains("^M"), "{e}");
}

/// Text that grows past what the model's `u32` offsets address once laid
/// out (a tab is 4 spaces in code and up to 8 in prose, a control
/// character a marker, a reference link copies its address) is refused
/// with the file's name, never built with offsets that wrap. The limit
/// (4 GiB) is lowered to 4 KiB here, so no gigabytes are needed: 1,200
/// tabs, 1.2 KB of file, are more than 4 KB of text in every format.
#[test]
fn text_laid_out_past_the_model_limit_is_refused_with_the_path() {
    use camp_reader::load::{Format, parse_input};
    use camp_reader::model::document::with_text_limit;
    let tabs = "\t".repeat(1200);
    let cases = [
        (
            "code.md",
            Format::Markdown,
            format!("# T\n\n```\n{tabs}\n```\n"),
        ),
        ("notes.txt", Format::Text, format!("a{tabs}b\n")),
        (
            "body.toml",
            Format::Toml,
            format!("title = \"T\"\n[[sections]]\ntitle = \"S\"\nbody = \"a{tabs}b\"\n"),
        ),
        (
            "refs.md",
            Format::Markdown,
            // Two labels in turn: a run of references to one label holds
            // its address once.
            format!(
                "# T\n\n{}\n\n[r]: /{}\n[s]: /{}\n",
                "[a][r] [b][s] ".repeat(20),
                "x".repeat(200),
                "y".repeat(200)
            ),
        ),
    ];
    // (Tabs in prose are one space now, as a browser shows them.)
    let prose = with_text_limit(4096, || {
        parse_input(
            &Input::File(PathBuf::from("prose.md")),
            Some(Format::Markdown),
            format!("# T\n\na{tabs}b\n"),
        )
    })
    .expect("a run of tabs in prose is one space");
    assert!(prose.text().contains("a b"), "{:?}", prose.text());
    for (name, format, text) in cases {
        let input = Input::File(PathBuf::from(name));
        let refused = with_text_limit(4096, || parse_input(&input, Some(format), text.clone()))
            .expect_err(name)
            .to_string();
        assert!(refused.starts_with(&format!("{name}: ")), "{refused}");
        assert!(refused.contains("4294967295 bytes"), "{refused}");
        // The same text under a limit it fits in loads.
        let doc = with_text_limit(1 << 20, || parse_input(&input, Some(format), text.clone()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let targets: usize = (0..doc.links.len()).map(|i| doc.link_target(i).len()).sum();
        assert!(doc.text().len() + targets > 4096, "{name}");
    }
}

/// Issue 24: a run of links to one address (references to one
/// definition) holds the address once, and a bare address found in the
/// text holds none (it points at its own text), yet every link gives its
/// target; in pieces as whole, and in a book built of such documents.
#[test]
fn shared_link_targets_give_each_link_its_target() {
    use camp_reader::load::{parse_markdown, parse_markdown_in_pieces};
    let addr = format!("https://example.org/{}", "x".repeat(40));
    let text = format!(
        "# T\n\n{}see {addr} and {addr}. [c](/c) [c](/c) [e][r]\n\n[r]: /r\n",
        "[a][r] ".repeat(30),
    );
    let mut want: Vec<String> = vec!["/r".into(); 30];
    want.extend([
        addr.clone(),
        addr.clone(),
        "/c".into(),
        "/c".into(),
        "/r".into(),
    ]);
    for doc in [
        parse_markdown("s.md", "s", &text).expect("loads"),
        parse_markdown_in_pieces("s.md", "s", &text, 64).expect("loads"),
    ] {
        let got: Vec<&str> = (0..doc.links.len()).map(|i| doc.link_target(i)).collect();
        assert_eq!(got, want);
        // Each address is held once at most: "/r" twice (the run, then
        // after the others), "/c" once; the bare addresses not at all.
        let model = format!("{doc:?}");
        assert!(model.contains("link_targets: \"/r/c/r\""), "{model}");
    }
}

/// Issue 25: an HTML table whose first row is wide, over short rows, once
/// cost rows × columns (each row padded to the first row's width with
/// empty cells, and each empty cell laid out): 145 KB took 400 MB and
/// aborted. Its model holds the cells written, and `--print` and the chop
/// layout give lines in proportion to the rows.
#[test]
fn a_wide_first_row_html_table_costs_what_its_input_does() {
    use camp_reader::model::document::BlockKind;
    use camp_reader::render::compose::{Src, lines_chop};
    use camp_reader::testing::sample::{MarkdownShape, write_markdown_shape};
    let mut bytes = Vec::new();
    write_markdown_shape(MarkdownShape::HtmlWideTable, 145_000, &mut bytes).expect("in memory");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let n = text.matches("<td>x</td>").count();
    assert!(n > 4000, "{n} rows");
    let doc = camp_reader::load::parse_markdown("wide.md", "wide", &text).expect("loads");
    let (block, table) = doc
        .blocks
        .iter()
        .enumerate()
        .find_map(|(i, b)| match b.kind {
            BlockKind::Table { table } => Some((i, table as usize)),
            _ => None,
        })
        .expect("a table");
    let t = &doc.tables[table];
    assert_eq!(t.columns(), n, "the first row's width");
    assert_eq!(t.row_count(), n + 1);
    assert_eq!(t.cells.len(), 2 * n, "the cells written, no padding");
    assert!(t.rows().skip(1).all(|r| r.len() == 1));
    assert!(
        doc.text().len() < 3 * n * 2,
        "{} bytes of text",
        doc.text().len()
    );
    // `--print` at 80 columns: `header: value` fields, one per cell that
    // holds text (an empty cell gives no line), and a gap between rows.
    let printed = camp_reader::render::print::print(&doc, None, 80, false);
    let fields = printed.lines().filter(|l| l.trim_end() == "c: x").count();
    assert_eq!(fields, n, "one field a row");
    assert!(
        printed.lines().count() < 2 * n + 20,
        "{} lines",
        printed.lines().count()
    );
    assert!(
        !printed.lines().any(|l| l.trim_end() == "c:"),
        "no empty field"
    );
    // Chopped (S), the table is laid out at its natural width: a line a
    // row and its borders, the cells written and no more.
    let src = Src::of(&doc, block);
    let lines = lines_chop(&doc, block, &src, 80, true);
    assert_eq!(
        lines.ranges.len(),
        n + 4,
        "top, header, middle, rows, bottom"
    );
}

/// Attack: with old Mac line endings (a carriage return alone), an ATX
/// heading swallowed every line up to the next line feed
/// (`## Sec\r\rtext\r\r- a` was one heading). They read as line feeds do.
#[test]
fn carriage_returns_alone_end_lines_as_line_feeds_do() {
    use camp_reader::load::parse_markdown;
    for lf in [
        "para one\n\n## Sec\n\ntext\n\n- a\n- b\n",
        "# T\n\npara one\nline two\n\n## Sec\n\ntext\n",
        "# T\n\n```\ncode\nmore\n```\n\n## Next {#n}\n\nEnd.\n",
    ] {
        let cr = lf.replace('\n', "\r");
        let crlf = lf.replace('\n', "\r\n");
        let want = parse_markdown("a.md", "a", lf).expect("loads");
        for other in [cr, crlf] {
            let got = parse_markdown("a.md", "a", &other).expect("loads");
            let texts = |d: &camp_reader::model::document::Document| {
                (0..d.blocks.len())
                    .map(|b| d.block_text(b).to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(texts(&got), texts(&want), "{other:?}");
            assert_eq!(got.title, want.title, "{other:?}");
            assert_eq!(got.sections.len(), want.sections.len(), "{other:?}");
        }
    }
}

/// The same in a TOML document's Markdown body (`markup = "markdown"`):
/// `## Sec\r\rtext` was one subheading, "Sec text".
#[test]
fn carriage_returns_alone_in_a_toml_markdown_body_end_lines_too() {
    use camp_reader::load::parse;
    let toml = |body: &str| {
        format!(
            "title = \"T\"\nmarkup = \"markdown\"\n[[sections]]\ntitle = \"A\"\nbody = {:?}\n",
            body
        )
        .replace("\\u{d}", "\\r")
    };
    let lf = "para one\n\n## Sec\n\ntext\n\n- a\n- b\n";
    let texts = |d: &camp_reader::model::document::Document| {
        (0..d.blocks.len())
            .map(|b| d.block_text(b).to_string())
            .collect::<Vec<_>>()
    };
    let want = parse("a.toml", &toml(lf)).expect("loads");
    assert!(
        texts(&want).iter().any(|t| t == "Sec"),
        "{:?}",
        texts(&want)
    );
    for other in [lf.replace('\n', "\r"), lf.replace('\n', "\r\n")] {
        let got = parse("a.toml", &toml(&other)).expect("loads");
        assert_eq!(texts(&got), texts(&want), "{other:?}");
    }
}

/// The marker shapes are given to pulldown-cmark with the markers past
/// the 128th dropped (its tree held every level: 154x the file): the
/// document is the one the whole line gives.
#[test]
fn list_markers_nested_on_one_line_load_as_the_whole_line_does() {
    use camp_reader::load::parse_markdown_in_pieces;
    use camp_reader::testing::sample::{MarkdownShape, write_markdown_shape};
    for shape in MarkdownShape::MARKERS {
        let mut text = Vec::new();
        write_markdown_shape(shape, 100 << 10, &mut text).expect("writing to memory");
        let text = String::from_utf8(text).expect("UTF-8");
        let whole = parse_markdown_in_pieces("n.md", "n", &text, usize::MAX).expect("whole");
        let pieced = parse_markdown_in_pieces("n.md", "n", &text, 16 << 10).expect("pieced");
        assert!(whole == pieced, "{}", shape.name());
    }
}
