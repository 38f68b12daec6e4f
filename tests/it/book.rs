//! Books: finding a folder's documents, ordering them, assembling one
//! document of them, links between them and backlinks.

use std::path::{Path, PathBuf};

use camp_reader::load::book::{
    self, Book, BookSource, backlinks, link_section, link_text, load_book,
};
use camp_reader::model::document::BlockKind;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/book")
}

fn fixture_book() -> Book {
    load_book(&BookSource::Dir(fixture()), 1 << 20).expect("the fixture book loads")
}

fn names(book: &Book) -> Vec<&str> {
    book.parts.iter().map(|p| p.name.as_str()).collect()
}

fn titles(book: &Book) -> Vec<String> {
    (0..book.doc.sections.len())
        .map(|s| {
            format!(
                "{}{}",
                "  ".repeat(book.doc.sections[s].depth() as usize),
                book.doc.section_title(s)
            )
        })
        .collect()
}

#[test]
fn summary_gives_order_nesting_and_titles_then_the_unlisted() {
    let book = fixture_book();
    // SUMMARY.md's order (not the alphabet's), then what it does not list.
    assert_eq!(
        names(&book),
        [
            "README.md",
            "usage.md",
            "guide/install.md",
            "guide/config.md",
            "reference.toml",
            "broken.toml",
            "appendix.md",
            "guide/deep/notes.md",
        ]
    );
    assert_eq!(
        titles(&book),
        [
            "Welcome",
            "  About",
            "Using the tool",
            "  Keys",
            "  Searching",
            "  Installing",
            "    From source",
            "    From a package",
            "  Configuring",
            "Reference",
            "  Options",
            "  Files",
            "Broken data",
            "Appendix",
            "  Settings",
            "Other documents",
            "  Deep notes",
        ]
    );
}

#[test]
fn ignored_and_hidden_folders_and_the_summary_are_left_out() {
    let book = fixture_book();
    let text = book.doc.text();
    assert!(!text.contains("never appear"), "drafts/ or .hidden/ read");
    assert!(!names(&book).contains(&"SUMMARY.md"));
    let found = book::walk(&fixture());
    assert!(
        found
            .iter()
            .all(|p| !p.to_string_lossy().contains("drafts"))
    );
    assert!(
        found
            .iter()
            .all(|p| !p.to_string_lossy().contains(".hidden"))
    );
    assert_eq!(found.len(), 9, "{found:?}");
}

#[test]
fn a_broken_document_shows_its_error_in_place_of_its_text() {
    let book = fixture_book();
    let i = names(&book)
        .iter()
        .position(|n| *n == "broken.toml")
        .unwrap();
    let part = &book.parts[i];
    let e = part.error.as_ref().expect("broken.toml is broken");
    let location = e.location.as_ref().expect("located");
    assert_eq!((location.line, location.column), (5, 31));
    let s = part.sections.start as usize;
    let blocks = book.doc.own_blocks(s);
    let shown: Vec<&str> = blocks.map(|b| book.doc.block_text(b)).collect();
    assert!(shown[1].contains("broken.toml:5:31"), "{shown:?}");
    // The rest of the book is there, after it.
    assert_eq!(book.broken(), 1);
    assert!(book.doc.text().contains("The last word on lanterns"));
}

#[test]
fn links_between_chapters_point_into_the_book_and_out_of_it_relative_to_its_root() {
    let book = fixture_book();
    let doc = &book.doc;
    let target_of = |text: &str| {
        let link = (0..doc.links.len())
            .find(|&l| link_text(doc, l) == text)
            .unwrap_or_else(|| panic!("no link {text:?}"));
        (doc.link_target(link).to_string(), link_section(doc, link))
    };
    let install = doc.find_section("guide/install.md#from-source").unwrap();
    assert_eq!(
        target_of("the install chapter"),
        ("#guide/install.md#from-source".into(), Some(install))
    );
    // `../usage.md#keys` from guide/.
    let keys = doc.find_section("usage.md#keys").unwrap();
    assert_eq!(doc.section_title(keys), "Keys");
    assert_eq!(target_of("the keys").1, Some(keys));
    // A document without a fragment: its entry.
    let usage = doc.find_section("usage.md").unwrap();
    assert_eq!(target_of("configuration").0, "#guide/config.md");
    assert_eq!(doc.section_title(usage), "Using the tool");
    // Out of the book: relative to the book's root; the web as written.
    assert_eq!(target_of("outside document").0, "../book-outside.md");
    assert_eq!(target_of("the web").0, "https://example.org/");
}

#[test]
fn backlinks_list_every_place_linking_to_a_document() {
    let book = fixture_book();
    let i = book
        .part_of_path(&fixture().join("guide/install.md"))
        .unwrap();
    let found: Vec<(String, String)> = backlinks(&book.doc, book.parts[i].sections.clone())
        .into_iter()
        .map(|b| (book.location(b.from), link_text(&book.doc, b.link)))
        .collect();
    assert_eq!(
        found,
        [
            ("README.md › Welcome".into(), "the install chapter".into()),
            ("guide/config.md › Configuring".into(), "installing".into()),
            (
                "guide/deep/notes.md › Deep notes".into(),
                "from source".into()
            ),
        ]
    );
}

#[test]
fn sections_map_back_to_their_files_and_lines() {
    let book = fixture_book();
    let doc = &book.doc;
    let s = doc.find_section("guide/install.md#from-source").unwrap();
    let part = &book.parts[book.part_of_section(s).unwrap()];
    assert_eq!(part.name, "guide/install.md");
    assert_eq!(doc.sections[s].line, 5, "its heading's line in its file");
    assert_eq!(
        book.location(s),
        "guide/install.md › Installing › From source"
    );
    // "Other documents" heads no file.
    let other = doc.find_section("Other documents").unwrap();
    assert_eq!(book.part_of_section(other), None);
}

#[test]
fn the_text_before_a_documents_first_heading_is_its_entrys_own() {
    let book = fixture_book();
    let doc = &book.doc;
    let s = doc.find_section("guide/install.md").unwrap();
    let own: Vec<&str> = doc.own_blocks(s).map(|b| doc.block_text(b)).collect();
    assert_eq!(own, ["Installing", "Two ways."]);
    // Each document after the first starts after a rule.
    let before = doc.sections[s].heading_block as usize - 1;
    assert_eq!(doc.blocks[before].kind, BlockKind::Rule);
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn without_a_summary_readme_first_then_by_path_with_folders_as_subtrees() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("b.md", "# B\n\nb"),
            ("README.md", "# Home\n\nhome"),
            ("a.md", "# A\n\na"),
            ("sub/z.md", "# Z\n\nz"),
            ("sub/index.md", "# Sub home\n\ns"),
            ("plain/x.md", "# X\n\nx"),
            ("Cargo.toml", "[package]\nname = \"x\"\n"),
            ("c.txt", "not a document"),
        ],
    );
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert_eq!(
        titles(&book),
        ["Home", "A", "B", "plain", "  X", "Sub home", "  Z"]
    );
    assert_eq!(
        book.skipped.len(),
        1,
        "Cargo.toml is no camp-reader document"
    );
}

/// A document whose title heading follows its logo and badges: its first
/// section is its entry, the logo, badges and text in it, the heading
/// left out (the entry is titled by it), as with a title on top.
#[test]
fn a_title_after_a_logo_is_the_entry_with_the_logo_in_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("README.md", "# Home\n\nhome"),
            (
                "tool.md",
                "<p align=\"center\"><img src=\"logo.png\" alt=\"tool\"></p>\n\n[![CI](ci.svg)](https://ci.example)\n\n# Tool\n\nWords about the tool.\n\n## Use\n\nMore.\n",
            ),
        ],
    );
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert_eq!(titles(&book), ["Home", "Tool", "  Use"]);
    let doc = &book.doc;
    let entry = doc.find_section("tool.md").expect("the entry");
    assert_eq!(doc.section_title(entry), "Tool");
    let own: Vec<&str> = doc.own_blocks(entry).map(|b| doc.block_text(b)).collect();
    assert_eq!(
        own,
        ["Tool", "[img] tool", "[img] CI", "Words about the tool."],
        "the entry's heading, then the document's first section without its"
    );
    // Every block still in its place: the text is the blocks' text.
    for b in 0..doc.blocks.len() {
        assert!(doc.text().is_char_boundary(doc.blocks[b].start as usize));
    }
    let use_ = doc.find_section("tool.md#use").expect("its subsection");
    assert_eq!(
        doc.block_text(doc.sections[use_].heading_block as usize),
        "Use"
    );
}

/// regex's `testdata/fowler/*.toml` are no documents: their folders are
/// no chapters either (the trial saw empty `testdata › fowler` entries).
#[test]
fn a_folder_of_left_out_files_is_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("README.md", "# Home\n\nhome"),
            ("testdata/fowler/basic.toml", "[[test]]\nname = \"a\"\n"),
            ("testdata/misc.toml", "[[test]]\nname = \"b\"\n"),
            ("guide/deep/empty/Cargo.toml", "[package]\nname = \"x\"\n"),
            ("guide/use.md", "# Use\n\nuse"),
            // A README with no heading heads its folder by the folder's
            // name, not as another "README".
            ("bench/README.md", "Run `cargo bench`.\n"),
        ],
    );
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert_eq!(titles(&book), ["Home", "bench", "guide", "  Use"]);
    assert_eq!(book.skipped.len(), 3);
}

#[test]
fn gitignore_is_honoured_inside_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        &[
            (".gitignore", "out/\n"),
            ("a.md", "# A\n\na"),
            ("out/gen.md", "# Gen\n\ng"),
        ],
    );
    let found = book::walk(dir.path());
    assert_eq!(found, [dir.path().join("a.md")]);
}

#[test]
fn files_are_read_in_the_order_given() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("one.md", "# One\n\n1"),
            ("two.md", "# Two\n\n[one](one.md)"),
        ],
    );
    let files = vec![dir.path().join("two.md"), dir.path().join("one.md")];
    let book = load_book(&BookSource::Files(files), 1 << 20).unwrap();
    assert_eq!(names(&book), ["two.md", "one.md"]);
    assert_eq!(book.doc.link_target(0), "#one.md");
}

#[test]
fn an_empty_folder_is_an_error_and_a_book_of_left_out_files_still_has_a_section() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap_err();
    assert!(e.message.contains("no documents"), "{e}");
    write(dir.path(), &[("Cargo.toml", "[package]\n")]);
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert!(book.parts.is_empty());
    assert_eq!(book.doc.sections.len(), 1);
}

#[test]
fn a_document_with_invalid_utf8_is_read_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("a.md", "# A\n\nfine")]);
    std::fs::write(dir.path().join("b.md"), b"# B\n\nbad \xff byte\n").unwrap();
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert_eq!(book.broken(), 0, "read, not refused");
    assert!(book.doc.text().contains("bad \u{FFFD} byte"));
    assert_eq!(book.notes.len(), 1, "{:?}", book.notes);
    assert!(book.notes[0].contains("b.md"), "{:?}", book.notes);
    assert!(book.notes[0].contains("UTF-8"), "{:?}", book.notes);
    assert_eq!(
        book.doc.load_warning.as_deref(),
        Some(book.notes[0].as_str())
    );
}

#[cfg(unix)]
#[test]
fn fifos_links_into_dev_and_link_loops_are_left_out_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[("a.md", "# A\n\na"), ("sub/b.md", "# B\n\nb")],
    );
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md")).unwrap();
    // sub/loop → its own folder: a loop.
    std::os::unix::fs::symlink(dir.path().join("sub"), dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("a.md"), dir.path().join("linked.md")).unwrap();
    let (found, notes) = book::walk_noting(dir.path());
    let found: Vec<String> = found
        .iter()
        .map(|f| f.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    // A link to a document is followed.
    assert_eq!(found, ["a.md", "linked.md", "sub/b.md"]);
    let all = notes.join("\n");
    assert!(all.contains("pipe.md: a FIFO"), "{all}");
    assert!(all.contains("zero.md: a link into /dev"), "{all}");
    assert!(all.contains("sub/loop: a symbolic link loop"), "{all}");
    assert_eq!(notes.len(), 3, "{all}");
    // The book opens, and says so.
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert_eq!(book.notes.len(), 3);
    assert!(
        book.doc
            .load_warning
            .as_deref()
            .unwrap_or("")
            .contains("(and 2 more notes)"),
        "{:?}",
        book.doc.load_warning
    );
}

/// The walker used to open ignore files itself with a plain open: a FIFO
/// named `.gitignore` or `.ignore` (in any folder) hung the reader for
/// good, and a link to `/dev/zero` read without end (attack). They are
/// read without blocking, left out with a note, and the rules of the
/// others still hold (`!` included).
#[cfg(unix)]
#[test]
fn an_ignore_file_that_is_a_fifo_or_a_device_is_left_out_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (".git/HEAD", "ref: x\n"),
            (".gitignore", "skip.md\nsub/*\n!sub/keep.md\n"),
            ("a.md", "# A\n\na"),
            ("skip.md", "# S\n\ns"),
            ("sub/t.md", "# T\n\nt"),
            ("sub/keep.md", "# K\n\nk"),
            ("deep/c.md", "# C\n\nc"),
        ],
    );
    let fifo = |p: PathBuf| {
        let made = std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .unwrap();
        assert!(made.success());
    };
    fifo(dir.path().join("deep/.ignore"));
    fifo(dir.path().join(".git/info/exclude").tap_dir());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("deep/.gitignore")).unwrap();
    let (found, notes) = book::walk_noting(dir.path());
    let found: Vec<String> = found
        .iter()
        .map(|f| f.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(found, ["a.md", "deep/c.md", "sub/keep.md"]);
    let all = notes.join("\n");
    assert_eq!(notes.len(), 3, "{all}");
    assert!(all.contains("deep/.ignore"), "{all}");
    assert!(all.contains("deep/.gitignore"), "{all}");
    assert!(all.contains("exclude"), "{all}");
}

/// A `SUMMARY.md` naming files outside the book's folder (`../`, an
/// absolute path) does not make them chapters (attack: `--print` printed
/// `/etc/passwd`); a FIFO named `SUMMARY.md` is not waited on.
#[test]
fn a_summary_naming_files_outside_the_book_leaves_them_out() {
    let top = tempfile::tempdir().unwrap();
    write(top.path(), &[("secret.md", "# Secret\n\nSECRET-WORDS")]);
    let secret = top.path().join("secret.md");
    let dir = top.path().join("book");
    write(
        &dir,
        &[
            (
                "src/SUMMARY.md",
                &format!(
                    "# Summary\n\n- [In](in.md)\n- [Up](../../secret.md)\n- [Abs]({})\n",
                    secret.display()
                ),
            ),
            ("src/in.md", "# In\n\ninside"),
        ],
    );
    let book = load_book(&BookSource::Dir(dir.clone()), 1 << 20).unwrap();
    assert!(
        !book.doc.text().contains("SECRET-WORDS"),
        "{}",
        book.doc.text()
    );
    assert!(book.doc.text().contains("inside"));
    let outside = book
        .notes
        .iter()
        .filter(|n| n.contains("outside the book"))
        .count();
    assert_eq!(outside, 2, "{:?}", book.notes);
    #[cfg(unix)]
    {
        let fifo_book = top.path().join("fifo");
        write(&fifo_book, &[("a.md", "# A\n\na")]);
        let made = std::process::Command::new("mkfifo")
            .arg(fifo_book.join("SUMMARY.md"))
            .status()
            .unwrap();
        assert!(made.success());
        let book = load_book(&BookSource::Dir(fifo_book), 1 << 20).unwrap();
        assert!(book.doc.text().contains('a'));
    }
}

/// Makes `p`'s folder, for a file made at `p` next.
trait TapDir {
    fn tap_dir(self) -> Self;
}

impl TapDir for PathBuf {
    fn tap_dir(self) -> Self {
        if let Some(parent) = self.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        self
    }
}

#[test]
fn folders_nested_too_deep_are_said_to_be() {
    let dir = tempfile::tempdir().unwrap();
    let deep: String = (0..18).map(|i| format!("d{i}/")).collect();
    write(
        dir.path(),
        &[("a.md", "# A\n\na"), (&format!("{deep}x.md"), "# X\n\nx")],
    );
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert!(
        book.notes.iter().any(|n| n.contains("more than 16 deep")),
        "{:?}",
        book.notes
    );
    // Still read.
    assert!(book.doc.text().contains('x'));
    let shallow = tempfile::tempdir().unwrap();
    write(
        shallow.path(),
        &[("a.md", "# A\n\na"), ("d/x.md", "# X\n\nx")],
    );
    let book = load_book(&BookSource::Dir(shallow.path().into()), 1 << 20).unwrap();
    assert!(book.notes.is_empty(), "{:?}", book.notes);
}

/// A folder past [`book::LARGE_BOOK`]: a small README, then documents of
/// `each` bytes.
pub(crate) fn large_folder(dir: &Path, docs: usize, each: usize) {
    std::fs::write(dir.join("README.md"), "# Front\n\nThe front page.\n").unwrap();
    for i in 0..docs {
        let mut text = format!("# Chapter {i}\n\n");
        while text.len() < each {
            text.push_str("Words of a long chapter, over and over again.\n\n");
        }
        std::fs::write(dir.join(format!("ch{i:02}.md")), text).unwrap();
    }
}

#[test]
fn a_large_book_reads_its_first_documents_and_leaves_the_rest_as_entries() {
    let dir = tempfile::tempdir().unwrap();
    let each = 1 << 20;
    let docs = (book::LARGE_BOOK as usize / each) + 2;
    large_folder(dir.path(), docs, each);
    let source = BookSource::Dir(dir.path().into());
    let (first, _) = book::load_first(&source, 1 << 30).unwrap();
    // README, and the first chapter that reaches FIRST_READ: read.
    assert_eq!(first.unread, docs - 1);
    assert_eq!(first.parts.len(), docs + 1);
    assert!(
        first.doc.text().len() < 2 * each,
        "{}",
        first.doc.text().len()
    );
    // An unread one: its entry, titled by its name, and where it is.
    let last = format!("ch{:02}.md", docs - 1);
    let s = first.doc.find_section(&last).unwrap();
    assert_eq!(first.doc.section_title(s), last);
    assert!(first.doc.text().contains("(being read)"));
    // The whole: the same entries (ids), with their titles.
    let whole = load_book(&source, 1 << 30).unwrap();
    assert_eq!(whole.unread, 0);
    let s = whole.doc.find_section(&last).unwrap();
    assert_eq!(whole.doc.section_title(s), format!("Chapter {}", docs - 1));
    // A small book is read whole at once.
    let small = tempfile::tempdir().unwrap();
    large_folder(small.path(), 2, 1000);
    let (book, _) = book::load_first(&BookSource::Dir(small.path().into()), 1 << 30).unwrap();
    assert_eq!(book.unread, 0);
}

/// A symbolic link loop of files (a link to itself, two links to each
/// other) is reported as a folder loop is, naming the loop, never as a
/// raw "os error 40" (attack: the two were reported two ways).
#[cfg(unix)]
#[test]
fn a_file_link_loop_is_reported_as_a_loop_like_a_folder_loop() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[("a.md", "# A\n\na"), ("sub/b.md", "# B\n\nb")],
    );
    std::os::unix::fs::symlink(dir.path().join("self.md"), dir.path().join("self.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("two.md"), dir.path().join("one.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("one.md"), dir.path().join("two.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("sub"), dir.path().join("sub/loop")).unwrap();
    let (found, notes) = book::walk_noting(dir.path());
    assert_eq!(found.len(), 2, "{found:?}");
    let all = notes.join("\n");
    for name in ["self.md", "one.md", "two.md", "sub/loop"] {
        assert!(
            all.contains(&format!("left out {name}: a symbolic link loop")),
            "{all}"
        );
    }
    assert_eq!(notes.len(), 4, "{all}");
    assert!(!all.contains("os error"), "{all}");
}

/// An mdBook's `book.toml` names the book (`[book] title`), as mdBook's
/// own page does; without one, or with no title in it, the folder does.
#[test]
fn an_mdbook_is_titled_by_its_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\nauthors = [\"x\"]\ntitle = \"The Trial Book\"\n",
            ),
            ("src/SUMMARY.md", "# Summary\n\n- [Intro](intro.md)\n"),
            ("src/intro.md", "# Intro\n\nWords.\n"),
        ],
    );
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    assert_eq!(book.doc.title, "The Trial Book");
    std::fs::write(dir.path().join("book.toml"), "[book]\nauthors = [\"x\"]\n").unwrap();
    let book = load_book(&BookSource::Dir(dir.path().into()), 1 << 20).unwrap();
    let folder = dir.path().file_name().unwrap().to_string_lossy();
    assert_eq!(book.doc.title, folder);
}

/// Attack: a 200 MB document in a book of small ones. Read ahead of a
/// search it was parsed twice at once, and a stage holding it was a
/// second copy of most of the book: neither is done for such a document.
#[test]
fn a_huge_document_is_neither_read_ahead_nor_a_stage_of_its_own() {
    use camp_reader::load::book::{READ_AHEAD_MAX, load_in_stages, read_ahead};
    let dir = tempfile::tempdir().unwrap();
    large_folder(dir.path(), 10, 1 << 20);
    let mut huge = String::from("# Huge\n\n");
    while (huge.len() as u64) <= READ_AHEAD_MAX {
        huge.push_str("Words of a huge chapter, over and over again.\n\n");
    }
    huge.push_str("The zeppelinword is here.\n");
    std::fs::write(dir.path().join("ch99.md"), &huge).unwrap();
    let source = BookSource::Dir(dir.path().into());
    assert!(
        read_ahead(&source, 1 << 30, &|t: &str| t.contains("zeppelinword"))
            .unwrap()
            .is_none(),
        "read ahead past {READ_AHEAD_MAX} bytes"
    );
    let mut stages = Vec::new();
    let whole = load_in_stages(&source, 1 << 30, &|_| false, &mut |b| {
        stages.push(b.doc.text().len())
    })
    .unwrap();
    let total = whole.doc.text().len();
    // Every stage handed over holds less than half of the whole.
    assert!(
        stages.iter().all(|&s| s * 2 < total),
        "{stages:?} of {total}"
    );
}
