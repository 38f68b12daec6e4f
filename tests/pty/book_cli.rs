//! Books on the command line: `--toc`, `--check`, `--print --search` and
//! `--backlinks` over the fixture book (tests/data/book), run as a user
//! runs them.

use std::process::Output;

use assert_cmd::Command;

fn run(args: &[&str]) -> Output {
    let tmp = std::env::temp_dir();
    Command::cargo_bin("camp-reader")
        .expect("the camp-reader binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_STATE_HOME", tmp.join("camp-reader-book-state"))
        .env("XDG_CONFIG_HOME", tmp.join("camp-reader-book-config"))
        .args(args)
        .output()
        .expect("run camp-reader")
}

fn out(o: &Output) -> (Option<i32>, String, String) {
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const BOOK: &str = "tests/data/book";

#[test]
fn toc_prints_the_books_outline() {
    let (code, stdout, _) = out(&run(&["--toc", BOOK]));
    assert_eq!(code, Some(0));
    assert!(
        stdout.starts_with("1 Welcome\n  1.1 About\n2 Using the tool\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  2.3 Installing\n    2.3.1 From source\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("6 Other documents\n  6.1 Deep notes\n"),
        "{stdout}"
    );
}

#[test]
fn check_reports_each_broken_document_and_goes_on() {
    let (code, stdout, stderr) = out(&run(&["--check", BOOK]));
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("tests/data/book/broken.toml:5:31: "),
        "{stderr}"
    );
    let last = stderr.lines().last().unwrap_or("");
    assert!(
        last.starts_with("tests/data/book: 8 documents (") && last.ends_with("1 unreadable"),
        "{stderr}"
    );
    // Without the broken one, all is well: one summary line.
    let files = ["tests/data/book/README.md", "tests/data/book/usage.md"];
    let (code, stdout, stderr) = out(&run(&[&["--check"][..], &files].concat()));
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("2 documents") && stdout.contains("all read"),
        "{stdout}"
    );
}

#[test]
fn search_prints_matches_under_their_documents_path_and_section() {
    let (code, stdout, _) = out(&run(&[
        "--print", "--search", "lantern", "--width", "80", BOOK,
    ]));
    assert_eq!(code, Some(0));
    let headings: Vec<&str> = stdout.lines().filter(|l| l.contains(" › ")).collect();
    assert_eq!(
        headings,
        [
            "README.md › Welcome › About",
            "usage.md › Using the tool › Keys",
            "usage.md › Using the tool › Searching",
            "guide/config.md › Configuring",
            "reference.toml › Reference › Options",
            "appendix.md › Appendix › Settings",
        ]
    );
    assert!(!stdout.contains("never appear"));
    let (code, stdout, stderr) = out(&run(&["--print", "--search", "zebra", BOOK]));
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    assert!(stderr.contains("no match"), "{stderr}");
}

#[test]
fn print_prints_the_whole_book() {
    let (code, stdout, _) = out(&run(&["--print", "--width", "80", BOOK]));
    assert_eq!(code, Some(0));
    let at = |s: &str| stdout.find(s).unwrap_or_else(|| panic!("{s:?} missing"));
    assert!(at("This small book tests books") < at("Run it on a folder"));
    assert!(at("Run it on a folder") < at("Build it with cargo"));
    assert!(at("Build it with cargo") < at("invalid basic string"));
    assert!(at("invalid basic string") < at("The last word on lanterns"));
}

#[test]
fn backlinks_prints_one_line_per_place() {
    let (code, stdout, stderr) = out(&run(&[
        "--backlinks",
        "tests/data/book/guide/install.md",
        BOOK,
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "README.md\tWelcome\tthe install chapter\n\
         guide/config.md\tConfiguring\tinstalling\n\
         guide/deep/notes.md\tDeep notes\tfrom source\n"
    );
    let (code, _, _) = out(&run(&[
        "--backlinks",
        "tests/data/book/README.md",
        "tests/data/book/README.md",
    ]));
    assert_eq!(code, Some(1), "nothing links to it");
}

#[test]
fn a_folder_with_no_documents_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = out(&run(&["--toc", dir.path().to_str().unwrap()]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no documents"), "{stderr}");
}

#[test]
fn numbers_reach_a_books_toc_and_print() {
    // The fixture mixes TOML and Markdown: numbered by default, and not
    // with `--numbers never`, in --toc and --print alike.
    let (code, stdout, _) = out(&run(&["--toc", "--numbers", "never", BOOK]));
    assert_eq!(code, Some(0));
    assert!(
        stdout.starts_with("Welcome\n  About\nUsing the tool\n"),
        "{stdout}"
    );
    let (_, printed, _) = out(&run(&["--print", "--numbers", "never", BOOK]));
    assert!(printed.contains("\nWelcome\n"), "{printed}");
    assert!(!printed.contains("1 Welcome"), "{printed}");
    // Markdown alone is not numbered unless asked, as one document is not.
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("README.md"), "# One\n\n## A\n\nText.\n").expect("write");
    std::fs::write(dir.path().join("two.md"), "# Two\n\n## B\n\nMore.\n").expect("write");
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let (_, toc, _) = out(&run(&["--toc", folder]));
    assert_eq!(toc, "One\n  A\nTwo\n  B\n");
    let (_, toc, _) = out(&run(&["--toc", "--numbers", "always", folder]));
    assert_eq!(toc, "1 One\n  1.1 A\n2 Two\n  2.1 B\n");
    let (_, printed, _) = out(&run(&["--print", "--numbers", "always", folder]));
    assert!(printed.contains("\n1.1 A\n"), "{printed}");
}

#[test]
fn a_mistyped_file_is_said_and_fails_after_the_rest_is_printed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.md");
    std::fs::write(&a, "# Alpha\n\nFirst words.\n\n## Two\n\nMore.\n").expect("write");
    let missing = dir.path().join("nonexist.md");
    let (a, missing) = (a.to_str().expect("utf-8"), missing.to_str().expect("utf-8"));
    for mode in ["--toc", "--print"] {
        let (code, stdout, stderr) = out(&run(&[mode, a, missing]));
        assert_eq!(code, Some(2), "{mode}: {stdout}{stderr}");
        assert!(stderr.contains("nonexist.md"), "{mode}: {stderr}");
        // Still a Markdown book: no section numbers.
        assert!(stdout.contains("Two"), "{mode}: {stdout}");
        assert!(!stdout.contains("1.1"), "{mode}: {stdout}");
    }
    // A broken document inside a folder is a warning: the folder was
    // asked for, not that file.
    let (code, _, stderr) = out(&run(&["--toc", BOOK]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains(".toml"),
        "{stderr}"
    );
}

/// A link to an id another document of the book lacks is reported, as
/// for a file read alone (it was not: the book sent it to the top).
#[test]
fn check_reports_an_id_another_document_of_the_book_lacks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\n[ok](b.md#beta-two) [gone](b.md#nope) [spot](b.md#spot)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# Beta\n\n## Beta two\n\n<a name=\"spot\"></a>Here.\n",
    )
    .unwrap();
    let (code, stdout, stderr) = out(&run(&["--check", dir.path().to_str().unwrap()]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    let a = dir.path().join("a.md").display().to_string();
    assert_eq!(
        lines[0],
        format!("{a}:3:28: broken link to b.md#nope: that document has no section or anchor #nope"),
        "{stderr}"
    );
}

/// A fragment names a heading whatever its case, as GitHub finds one (it
/// lowercases the fragment) and as `--check` of one file does: the same
/// links pass when the file they lead to is checked with it.
#[test]
fn check_finds_a_fragment_in_another_case_alone_or_with_its_target() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# B sec

Text.

## Two

T.
",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.md"),
        "# C

See [b](b.md#B-Sec), [two](b.md#TWO) and [here](#C).
",
    )
    .unwrap();
    let c = dir.path().join("c.md").display().to_string();
    let b = dir.path().join("b.md").display().to_string();
    for args in [
        vec!["--check", c.as_str()],
        vec!["--check", c.as_str(), b.as_str()],
    ] {
        let (code, stdout, stderr) = out(&run(&args));
        assert_eq!(code, Some(0), "{args:?}: {stdout}{stderr}");
    }
}

/// A link into a document of the book that cannot be read (a NUL byte)
/// says so, as `--check` on the linking document alone does: the book
/// said the document "has no section or anchor #x".
#[test]
fn check_reports_a_link_into_an_unreadable_document_of_the_book_as_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\n[b](b.md#x)\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "a\0b\n").unwrap();
    let (code, stdout, stderr) = out(&run(&["--check", dir.path().to_str().unwrap()]));
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    let a = dir.path().join("a.md").display().to_string();
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&format!("{a}:3:5: broken link to b.md#x: ")))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        line.contains(": it cannot be read: ")
            && line.ends_with("is not a text file (a NUL byte at offset 1)"),
        "{stderr}"
    );
    let (_, _, alone) = out(&run(&["--check", &a]));
    assert!(alone.contains(": it cannot be read: "), "{alone}");
}

/// A folder's link in a book is its README's place in the book: `--check`
/// looks for its `#id` there, and a folder with no README is broken.
#[test]
fn check_takes_a_folders_link_in_a_book_to_its_readme() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("guide")).unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "# Top\n\n[f](guide/) [p](guide/#part) [n](guide/#nope) [e](empty/)\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("guide/README.md"), "# Guide\n\n## Part\n").unwrap();
    let (code, stdout, stderr) = out(&run(&["--check", dir.path().to_str().unwrap()]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    let readme = dir.path().join("README.md").display().to_string();
    assert_eq!(
        lines[0],
        format!(
            "{readme}:3:34: broken link to guide/#nope: that document has no section or anchor #nope"
        ),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&format!("{readme}:3:51: broken link to empty"))
            && lines[1].contains("is a folder with no README"),
        "{stderr}"
    );
}

/// A book rewrites its documents' links as it reads them (to a place in
/// the book, or from its root): `--check` shows each as its document
/// writes it, and finds a TOML document's by that address.
#[test]
fn check_shows_a_books_links_as_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("guide")).unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("README.md"), "# Top\n\nText.\n").unwrap();
    std::fs::write(dir.path().join("guide/README.md"), "# Guide\n\n## Part\n").unwrap();
    std::fs::write(
        dir.path().join("sub/s.md"),
        "# S\n\n[g](../guide/#nope) [o](../outside.md#a)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sub/t.toml"),
        "title = \"T\"\nmarkup = \"markdown\"\n\n[[sections]]\ntitle = \"One\"\nbody = \"\"\"\nSee [g](../guide/#gone) and [o](../outside.md).\n\"\"\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = out(&run(&["--check", dir.path().to_str().unwrap()]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{stderr}");
    let s = dir.path().join("sub/s.md").display().to_string();
    let t = dir.path().join("sub/t.toml").display().to_string();
    assert_eq!(
        lines[..4],
        [
            format!(
                "{s}:3:5: broken link to ../guide/#nope: that document has no section or anchor #nope"
            ),
            format!("{s}:3:25: broken link to ../outside.md#a: no such file"),
            format!(
                "{t}:7:9: broken link to ../guide/#gone: that document has no section or anchor #gone"
            ),
            format!("{t}:7:33: broken link to ../outside.md: no such file"),
        ],
        "{stderr}"
    );
}

#[test]
fn check_reports_a_books_broken_links_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nTo [b](b.md#beta), [gone](c.md), [nowhere](#nothing), [web](https://e.org/).\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.md"), "# Beta\n\nBack to [a](a.md).\n").unwrap();
    let (code, stdout, stderr) = out(&run(&["--check", dir.path().to_str().unwrap()]));
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    // Each where it is written in its file, as for a lone document.
    let a = dir.path().join("a.md").display().to_string();
    assert_eq!(
        lines[0],
        format!("{a}:3:27: broken link to c.md: no such file"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&format!("{a}:3:44: broken link to #"))
            && lines[1].ends_with("nothing: no section or anchor has that id"),
        "{stderr}"
    );
    assert!(
        lines[2].ends_with(
            "2 documents (2 sections, 2 paragraphs, 5 links), all read, but 2 broken links"
        ),
        "{stderr}"
    );
}
