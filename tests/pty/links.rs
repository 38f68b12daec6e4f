//! Links through the binary: terminal hyperlinks in `--print` and in the
//! reader, and hostile link addresses in output and error messages.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use camp_reader::testing::output_check::{check_message, check_terminal_bytes};

const OPEN: &str = "\x1b]8;id=";

/// A document with a web link, a mail link, an internal link and hostile
/// addresses (escapes, BEL, C1, very long, non-ASCII, javascript:).
fn links_doc(dir: &Path) -> PathBuf {
    let long = format!("https://e.org/{}", "a".repeat(3000));
    let text = format!(
        r##"title = "Links"
[[sections]]
title = "Start"
body = "Read on."
[[sections.links]]
text = "the web"
url = "https://example.org/path"
[[sections.links]]
text = "mail"
url = "mailto:a@b.org"
[[sections.links]]
text = "inside"
url = "#start"
[[sections.links]]
text = "escapes"
url = "https://e.org/\u001b]0;pwned\u0007\u001b\\\u009c"
[[sections.links]]
text = "long"
url = "{long}"
[[sections.links]]
text = "non-ascii"
url = "https://例え.jp/ü"
[[sections.links]]
text = "script"
url = "javascript:alert(1)"
"##
    );
    let path = dir.join("links.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("camp-reader").expect("the binary");
    let tmp = std::env::temp_dir();
    cmd.env("XDG_STATE_HOME", tmp.join("camp-reader-links-state"))
        .env("XDG_CONFIG_HOME", tmp.join("camp-reader-links-config"));
    cmd
}

fn print(path: &Path, extra: &[&str]) -> String {
    let out = bin().arg("--print").args(extra).arg(path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

fn check_lines(text: &str) {
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        check_terminal_bytes(line.as_bytes()).unwrap_or_else(|why| panic!("{why}\n{text:?}"));
    }
}

#[test]
fn print_hyperlinks_always_never_and_auto_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let path = links_doc(dir.path());
    let always = print(&path, &["--hyperlinks", "always"]);
    check_lines(&always);
    assert!(always.contains("\x1b]8;id=cr0;https://example.org/path\x1b\\the web\x1b]8;;\x1b\\"));
    assert!(always.contains("\x1b]8;id=cr1;mailto:a@b.org\x1b\\mail\x1b]8;;\x1b\\"));
    // The address as written, percent-encoded (not the shown `^[`, `<U+009C>`).
    assert!(always.contains("\x1b]8;id=cr3;https://e.org/%1B]0;pwned%07%1B\\%C2%9C\x1b\\"));
    assert!(always.contains("https://%E4%BE%8B%E3%81%88.jp/%C3%BC\x1b\\non-ascii"));
    // The internal link, the long one and javascript: are text only.
    assert_eq!(always.matches(OPEN).count(), 4, "{always:?}");
    for never in [print(&path, &["--hyperlinks", "never"]), print(&path, &[])] {
        assert!(!never.contains('\x1b'), "{never:?}");
    }
}

#[test]
fn hyperlinks_from_the_config_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    let path = links_doc(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "hyperlinks = \"always\"\n").unwrap();
    let config = config.to_str().unwrap();
    assert!(print(&path, &["--config", config]).contains(OPEN));
    assert!(!print(&path, &["--config", config, "--hyperlinks", "never"]).contains(OPEN));
}

#[test]
fn print_to_a_terminal_hyperlinks_unless_term_is_dumb() {
    let dir = tempfile::tempdir().unwrap();
    let path = links_doc(dir.path());
    let path = path.to_str().unwrap();
    for (term, expected) in [("xterm-256color", true), ("dumb", false), ("linux", false)] {
        // Colour (on by default on a terminal) is tested in themes.rs.
        let mut pty = common::Pty::spawn_with(
            &["--print", "--color", "never", path],
            100,
            30,
            &[("TERM", term)],
        );
        assert_eq!(pty.wait_exit().exit_code(), 0);
        let raw = String::from_utf8(pty.raw.clone()).unwrap();
        check_lines(&raw);
        assert_eq!(raw.contains(OPEN), expected, "TERM={term}: {raw:?}");
        let shown = raw
            .replace("\x1b]8;id=cr0;https://example.org/path\x1b\\", "")
            .replace("\x1b]8;;\x1b\\", "");
        assert!(
            shown.contains("the web <https://example.org/path>"),
            "{shown:?}"
        );
    }
}

#[test]
fn the_reader_draws_hyperlinks_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = links_doc(dir.path());
    let path = path.to_str().unwrap();
    let mut pty = common::Pty::spawn(&[path, "--no-state"], 120, 40);
    pty.wait_text("the web");
    pty.send("q");
    pty.wait_exit();
    let raw = String::from_utf8(pty.raw.clone()).unwrap();
    for line in raw.split("\r\n") {
        // Only the terminal set-up and restore sequences besides a frame's.
        let line = line
            .replace("\x1b[?1049h", "")
            .replace("\x1b[?1049l", "")
            .replace(
                "\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h",
                "",
            )
            .replace(
                "\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l",
                "",
            )
            .replace("\x1b[?2004h", "")
            .replace("\x1b[?2004l", "");
        check_terminal_bytes(line.as_bytes()).unwrap_or_else(|why| panic!("{why}"));
    }
    // The link's cells, written together, are one hyperlink: its address
    // once, not once per character.
    assert!(
        raw.contains("\x1b]8;id=cr0;https://example.org/path\x1b\\the web\x1b]8;;\x1b\\"),
        "{raw:?}"
    );
    assert_eq!(raw.matches("\x1b]8;id=cr0;").count(), 1, "{raw:?}");
    assert!(!raw.contains("javascript:alert(1)\x1b\\"));
    let mut pty = common::Pty::spawn(&[path, "--no-state", "--hyperlinks", "never"], 120, 40);
    pty.wait_text("the web");
    pty.send("q");
    pty.wait_exit();
    assert!(!String::from_utf8_lossy(&pty.raw).contains("\x1b]8;"));
}

#[test]
fn errors_with_hostile_addresses_are_clean_messages() {
    let dir = tempfile::tempdir().unwrap();
    // Raw controls inside a TOML string are an error located on them; the
    // excerpt shows the address.
    let cases = [
        "url = \"https://e.org/\x1b]8;;https://evil\x07x\x1b]8;;\x07\"",
        "url = \"javascript:alert(1)\x1b[2J\"",
        "url = \"https://e.org/\u{9c}\u{202e}é\" nonsense",
        &format!("url = \"https://e.org/{}\u{7}\"", "a".repeat(3000)),
    ];
    for (i, url_line) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.toml"));
        std::fs::write(
            &path,
            format!("title = \"T\"\n[[sections]]\ntitle = \"A\"\n[[sections.links]]\ntext = \"x\"\n{url_line}\n"),
        )
        .unwrap();
        let out = bin().arg("--check").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        check_message(&err).unwrap_or_else(|why| panic!("{why}: {err:?}"));
        assert!(err.contains(":6:"), "located on the url line: {err}");
        assert!(
            err.len() < 2000,
            "the message is bounded: {} bytes",
            err.len()
        );
    }
    // A usage error echoing a hostile --hyperlinks value.
    let out = bin()
        .args(["--hyperlinks", "x\x1b]8;;https://evil\x07y\u{9c}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    check_message(&err).unwrap_or_else(|why| panic!("{why}: {err:?}"));
    assert!(err.contains("^[]8;;https://evil^G"), "{err}");
}

/// A fake opener that records its arguments in `record`.
fn fake_opener(dir: &Path, record: &Path) -> PathBuf {
    let script = dir.join("fake-opener");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {record:?}.tmp\nmv {record:?}.tmp {record:?}\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn wait_for_file(path: &Path) -> String {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{} never appeared", path.display());
}

#[test]
fn following_a_web_link_runs_the_configured_opener_with_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let path = links_doc(dir.path());
    let record = dir.path().join("record");
    let script = fake_opener(dir.path(), &record);
    let config_dir = dir.path().join("config");
    std::fs::create_dir_all(config_dir.join("camp-reader")).unwrap();
    std::fs::write(
        config_dir.join("camp-reader/config.toml"),
        format!("opener = [{:?}, \"--new-tab\"]\n", script.to_str().unwrap()),
    )
    .unwrap();
    // Tall enough for the link with the 3000-byte address and those after.
    let mut pty = common::Pty::spawn_with(
        &[path.to_str().unwrap(), "--no-state"],
        120,
        80,
        &[("XDG_CONFIG_HOME", config_dir.to_str().unwrap())],
    );
    pty.wait_text("the web");
    // `o` labels the links in reading order: `a` is the first, the web.
    pty.send("o");
    pty.wait_text("follow: type a label");
    pty.send("a");
    assert_eq!(
        wait_for_file(&record),
        "--new-tab\nhttps://example.org/path\n"
    );
    pty.wait_text("opened https://example.org/path");
    // The followed link is selected; Tab moves on, Enter follows: the
    // internal link jumps, javascript: is refused with the reason.
    pty.send("\t\t\r");
    pty.wait_text("→ Start");
    pty.send("\t\t\t\t\r");
    pty.wait_text("not opened: javascript: addresses are never opened");
    pty.send("q");
    pty.wait_exit();
}

#[test]
fn ctrl_w_moves_the_focus_to_the_sidebar() {
    let dir = tempfile::tempdir().unwrap();
    let path = links_doc(dir.path());
    let mut pty = common::Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 120, 40);
    pty.wait_text("the web");
    pty.send("\x17");
    pty.wait_for("the sidebar has the focus", |s| s.contains("┃"));
    pty.send("\t");
    pty.wait_for("the text has it back", |s| !s.contains("┃"));
    pty.send("q");
    pty.wait_exit();
}

#[test]
fn a_relative_link_opens_the_other_document_and_ctrl_o_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = String::from("# Alpha\n\nSee [beta details](b.md#details).\n\n");
    for i in 1..=30 {
        a.push_str(&format!("## A part {i}\n\nAlpha text {i}.\n\n"));
    }
    a.push_str("## Last\n\nOn to [beta](b.md).\n");
    std::fs::write(dir.path().join("a.md"), a).unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# Beta\n\nBack to [alpha](a.md).\n\n## Details\n\nThe beta details.\n",
    )
    .unwrap();
    let path = dir.path().join("a.md");
    let mut pty = common::Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Alpha text 1.");
    // Two lines down: the paragraph with the link is the top line.
    pty.send("jj");
    pty.wait_text("line 3/");
    pty.send("\t\r");
    pty.wait_for("beta is shown, named in the status line", |s| {
        s.contains("The beta details.") && s.contains("b.md") && !s.contains("Alpha text")
    });
    pty.send("\x0f");
    pty.wait_for("alpha again, where it was left", |s| {
        s.contains("See beta details.") && s.contains("line 3/") && s.contains("a.md")
    });
    pty.send("q");
    pty.wait_exit();
}

#[test]
fn marks_survive_a_visit_to_another_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = String::from("# Alpha\n\nMarked paragraph here.\n\n");
    for i in 1..=30 {
        a.push_str(&format!("## A part {i}\n\nAlpha text {i}.\n\n"));
    }
    a.push_str("## Last\n\nOn to [beta](b.md).\n");
    std::fs::write(dir.path().join("a.md"), a).unwrap();
    std::fs::write(dir.path().join("b.md"), "# Beta\n\nThe beta text.\n").unwrap();
    let path = dir.path().join("a.md");
    let mut pty = common::Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Alpha text 1.");
    pty.send("jjma");
    pty.wait_text("line 3/");
    pty.send("G");
    pty.wait_text("On to beta.");
    pty.send("\t\r");
    pty.wait_for("beta is shown", |s| s.contains("The beta text."));
    pty.send("\x0f");
    pty.wait_for("alpha again", |s| s.contains("opened Alpha"));
    // Without its marks, 'a would say the mark is not set.
    pty.send("'a");
    pty.wait_for("alpha at mark a", |s| {
        s.contains("Marked paragraph here.") && s.contains("line 3/")
    });
    pty.send("q");
    pty.wait_exit();
}

#[test]
fn a_link_to_a_document_that_fails_to_load_keeps_this_one_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder.md")).unwrap();
    std::fs::write(dir.path().join("bytes.md"), b"# Bytes\n\n\xff\x00 here\n").unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nAlpha body stays.\n\nLinks: [gone](missing.md), [dir](folder.md), [bad](bytes.md).\n",
    )
    .unwrap();
    let path = dir.path().join("a.md");
    let mut pty = common::Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 120, 24);
    pty.wait_text("Alpha body stays.");
    // Each Tab moves the link cursor on to the next link.
    for (file, why) in [
        ("missing.md", "no such file"),
        ("folder.md", "is a folder with no README.md"),
        ("bytes.md", "not a text file"),
    ] {
        pty.send("\t\r");
        pty.wait_for(&format!("{file}'s error, alpha still shown"), |s| {
            s.contains("Alpha body stays.") && pty_status(s).contains(file) && s.contains(why)
        });
        assert!(!pty.screen().contains("Bytes"), "{}", pty.screen());
    }
    pty.send("q");
    pty.wait_exit();
}

/// The last non-empty line of a screen: the status line.
fn pty_status(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// Follows the link to b.md from a.md, then comes back with Ctrl-o after
/// `meanwhile` has had its way with a.md; gives the screen shown. Not
/// watched: the watcher would reload a.md on its own, hiding what the
/// kept copy did.
fn back_to_a_after(first: &str, meanwhile: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    std::fs::write(&a, first).unwrap();
    std::fs::write(dir.path().join("b.md"), "# Beta\n\nBeta body.\n").unwrap();
    let mut pty = common::Pty::spawn(&[a.to_str().unwrap(), "--no-state", "--no-watch"], 100, 24);
    pty.wait_text("On to beta.");
    pty.send("\t\r");
    pty.wait_for("beta shown", |s| {
        s.contains("Beta body.") && !s.contains("On to beta.")
    });
    meanwhile(&a);
    pty.send("\x0f");
    pty.wait_for("alpha again", |s| {
        s.contains("On to beta.") && pty_status(s).contains("a.md")
    });
    let screen = pty.screen();
    pty.send("q");
    pty.wait_exit();
    screen
}

const ALPHA: &str = "# Alpha\n\nOld alpha text.\n\nOn to [beta](b.md).\n";

#[test]
fn ctrl_o_back_to_a_document_changed_meanwhile_shows_its_new_text() {
    let screen = back_to_a_after(ALPHA, |a| {
        std::fs::write(
            a,
            ALPHA.replace("Old alpha text.", "New alpha text, longer."),
        )
        .unwrap();
    });
    assert!(screen.contains("New alpha text, longer."), "{screen}");
    assert!(!screen.contains("Old alpha text."), "{screen}");
}

#[test]
fn ctrl_o_back_to_an_unchanged_document_reopens_it_without_reading() {
    // Same size and mtime: the kept copy is shown, so the file's new
    // bytes (which a read would show) are not.
    let screen = back_to_a_after(ALPHA, |a| {
        let modified = std::fs::metadata(a).unwrap().modified().unwrap();
        std::fs::write(a, ALPHA.replace("Old alpha", "Odd alpha")).unwrap();
        let file = std::fs::File::options().write(true).open(a).unwrap();
        file.set_modified(modified).unwrap();
    });
    assert!(screen.contains("Old alpha text."), "{screen}");
    assert!(!screen.contains("Odd alpha text."), "{screen}");
}

/// A followed document loads on a thread of its own: the status line says
/// "loading …", the reader answers meanwhile, and Ctrl-c (or Esc) stops the load and
/// stays. A link to a FIFO is refused at once (its open would wait for a
/// writer for good).
#[test]
fn a_followed_document_loads_off_the_loop_and_esc_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nSee [big](b.md) and [pipe](c.md).\n\nAlpha text.\n",
    )
    .unwrap();
    // Large enough that a debug build takes seconds to load it.
    let mut big = String::from("# Big\n\n");
    let para = "Some words of a long paragraph in a big document. ".repeat(20) + "\n\n";
    while big.len() < 40 << 20 {
        big.push_str(&para);
    }
    std::fs::write(dir.path().join("b.md"), big).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("c.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let path = dir.path().join("a.md");
    let mut pty = common::Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Alpha text.");
    pty.send("\t\r");
    pty.wait_for("loading in the status line", |s| {
        s.lines().last().is_some_and(|l| l.contains("loading"))
    });
    // Ctrl-c (a lone Esc is tested in daily.rs).
    pty.send("\x03");
    pty.wait_for("stopped, alpha still shown", |s| {
        s.contains("stopped loading") && s.contains("Alpha text.")
    });
    pty.watch_for(std::time::Duration::from_millis(500));
    assert!(pty.screen().contains("Alpha text."), "{}", pty.screen());
    // The FIFO: refused, and the reader still answers. (Esc, with no load
    // left, does what it does in the text: it lets go of the link cursor,
    // so two Tabs reach the FIFO's link. Before Esc and the next keys read
    // together were split, that Esc was read as Alt-Tab and lost with the
    // first Tab.)
    pty.send("\x1b");
    pty.send("\t\t\r");
    pty.wait_for("the FIFO refused", |s| s.contains("is a FIFO"));
    pty.send("q");
    pty.wait_exit();
}

// ---- Y: copying a code block (issue 22) ----

/// With a tab and an escape character, which the reader shows as 4
/// spaces and `^[`, and copies as written.
const CODE: &str = "fn main() {\n\tprintln!(\"hello\tthere \x1b[1m\");\n}";

/// A document with one Rust block, and a config folder whose config sets
/// `clipboard` as given.
fn code_setup(clipboard: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("code.md");
    std::fs::write(&doc, format!("# Code\n\nText.\n\n```rust\n{CODE}\n```\n")).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("clipboard = \"{clipboard}\"\n")).unwrap();
    (
        dir,
        doc.to_str().unwrap().to_string(),
        config.to_str().unwrap().to_string(),
    )
}

#[test]
fn y_then_a_label_saves_the_code_to_a_file_and_shows_its_path() {
    let (dir, doc, config) = code_setup("off");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut pty = common::Pty::spawn_with(
        &[&doc, "--config", &config, "--no-state"],
        100,
        30,
        &[("TMPDIR", tmp.to_str().unwrap())],
    );
    pty.wait_text("println!");
    pty.send("Y");
    pty.wait_text("copy code: type a label");
    pty.send("a");
    pty.wait_text("saved 3 lines of rust to ");
    let saved: Vec<PathBuf> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let name = saved[0].file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("camp-reader-code-") && name.ends_with(".rs"),
        "{name}"
    );
    assert_eq!(
        std::fs::read_to_string(&saved[0]).unwrap(),
        format!("{CODE}\n")
    );
    // The path shown is the file's (the status line may cut it).
    let status = pty.status_line();
    assert!(status.contains(&name[..20]), "{status}");
    pty.send("q");
    pty.wait_exit();
}

#[test]
fn y_then_a_label_copies_the_code_through_osc52_when_configured() {
    use base64::Engine;
    let (_dir, doc, config) = code_setup("osc52");
    let mut pty = common::Pty::spawn(&[&doc, "--config", &config, "--no-state"], 100, 30);
    pty.wait_text("println!");
    pty.send("Y");
    pty.wait_text("copy code: type a label");
    pty.send("a");
    pty.wait_text("copied 3 lines of rust");
    let raw = String::from_utf8_lossy(&pty.raw).into_owned();
    let encoded = base64::engine::general_purpose::STANDARD.encode(CODE);
    assert!(raw.contains(&format!("\x1b]52;c;{encoded}")), "{raw:?}");
    pty.send("q");
    pty.wait_exit();
}
