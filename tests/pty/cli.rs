//! The built binary, run the way a user runs it: modes, exit statuses and
//! what lands on stdout and stderr. Output is captured through pipes, so
//! stdout is never a terminal here.

use crate::common;

use std::io::Write;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::CommandCargoExt;
use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse};
use unicode_width::UnicodeWidthStr;

/// Scratch state and config directories: the user's stay out of tests.
fn scratch_dirs() -> [(&'static str, std::path::PathBuf); 2] {
    let tmp = std::env::temp_dir();
    [
        ("XDG_STATE_HOME", tmp.join("camp-reader-cli-state")),
        ("XDG_CONFIG_HOME", tmp.join("camp-reader-cli-config")),
    ]
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("camp-reader").expect("the camp-reader binary");
    // A backtrace must not appear even when asked for.
    cmd.env("RUST_BACKTRACE", "1").envs(scratch_dirs());
    cmd
}

/// Runs with `/dev/null` on standard input, as from a terminal-less
/// script: assert_cmd gives an empty pipe, which with no FILE would be
/// read as the document (tests that pipe one in use `bin().write_stdin`).
fn run(args: &[&str]) -> Output {
    std::process::Command::cargo_bin("camp-reader")
        .expect("the camp-reader binary")
        .env("RUST_BACKTRACE", "1")
        .envs(scratch_dirs())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run camp-reader")
}

fn stdout(out: &Output) -> &str {
    std::str::from_utf8(&out.stdout).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> &str {
    std::str::from_utf8(&out.stderr).expect("stderr is UTF-8")
}

#[track_caller]
fn success(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} failed: {}",
        stderr(&out)
    );
    assert_eq!(stderr(&out), "", "{args:?} wrote to stderr");
    stdout(&out).to_string()
}

/// Exit status 2, nothing on stdout, one clean message on stderr.
#[track_caller]
fn failure(out: &Output) -> &str {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert_eq!(stdout(out), "", "stdout should be empty");
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(
        !err.to_lowercase().contains("backtrace"),
        "backtrace: {err}"
    );
    assert!(!err.contains("stack backtrace"), "{err}");
    assert!(!err.contains('\u{1b}'), "raw ESC on stderr: {err:?}");
    err
}

const TOC: &str = "\
1 Overview
2 Residents and daily life
3 Allegation of torture
4 Troll farm allegations
5 Raid by Albanian police
6 External links
";

/// `--numbers WHEN` for --toc and --print, and `numbers` in the config.
#[test]
fn numbers_on_the_command_line_and_in_the_config() {
    let dir = std::env::temp_dir().join(format!("camp-reader-numbers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let md = dir.join("CHANGES.md");
    std::fs::write(&md, "# Changes\n\n## 2.0.0\n\nNew.\n\n## 1.0.0\n\nOld.\n").expect("write");
    let md = md.to_str().expect("UTF-8 path");
    assert_eq!(success(&["--toc", md]), "2.0.0\n1.0.0\n");
    assert_eq!(
        success(&["--toc", "--numbers", "always", md]),
        "1 2.0.0\n2 1.0.0\n"
    );
    assert!(success(&["--print", "--numbers", "always", md]).contains("\n1 2.0.0\n"));
    assert!(success(&["--toc", "--numbers", "never"]).starts_with("Overview\n"));
    assert!(success(&["--toc", "--numbers", "auto"]).starts_with("1 Overview\n"));
    let config = dir.join("config.toml");
    std::fs::write(&config, "numbers = \"always\"\n").expect("write");
    let config = config.to_str().expect("UTF-8 path");
    assert_eq!(
        success(&["--config", config, "--toc", md]),
        "1 2.0.0\n2 1.0.0\n"
    );
    // The command line wins over the config.
    assert_eq!(
        success(&["--config", config, "--numbers", "auto", "--toc", md]),
        "2.0.0\n1.0.0\n"
    );
    let out = run(&["--numbers", "sometimes", "--toc"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn toc_of_the_embedded_document() {
    assert_eq!(success(&["--toc"]), TOC);
}

#[test]
fn toc_indents_nested_sections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.toml");
    std::fs::write(
        &path,
        "title = \"T\"\n[[sections]]\ntitle = \"A\"\n[[sections.sections]]\ntitle = \"A1\"\n[[sections.sections.sections]]\ntitle = \"A1a\"\n[[sections]]\ntitle = \"B\"\n",
    )
    .unwrap();
    assert_eq!(
        success(&["--toc", path.to_str().unwrap()]),
        "1 A\n  1.1 A1\n    1.1.1 A1a\n2 B\n"
    );
    // --section: that section's subtree, as --print --section prints it.
    assert_eq!(
        success(&["--toc", "--section", "A1", path.to_str().unwrap()]),
        "1.1 A1\n  1.1.1 A1a\n"
    );
    assert_eq!(
        success(&["--toc", "--section", "2", path.to_str().unwrap()]),
        "2 B\n"
    );
}

/// Blocks of printed text (split on blank lines), with all whitespace
/// removed so line breaks (also after hyphens) do not matter.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn print_at_width_60() {
    let text = success(&["--print", "--width", "60"]);
    let doc = parse(EMBEDDED_NAME, EMBEDDED).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    // Title, underlined to its width.
    assert_eq!(lines[0], "Camp Ashraf 3");
    assert_eq!(lines[1], "=============");
    assert_eq!(lines[2], "");

    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.width() <= 60,
            "line {} is {} columns: {line:?}",
            i + 1,
            line.width()
        );
        assert_eq!(*line, line.trim_end(), "trailing space on line {}", i + 1);
    }
    assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
    assert!(
        !text.contains("\n\n\n"),
        "blocks are separated by one blank line"
    );
    assert_eq!(
        *lines.last().unwrap(),
        "Source: Camp Ashraf 3 — Wikipedia — CC BY-SA"
    );

    // Each heading is numbered, underlined with `-` to its width, and
    // follows a blank line.
    for s in 0..doc.sections.len() {
        let heading = format!("{} {}", doc.section_number(s), doc.section_title(s));
        let at = lines
            .iter()
            .position(|l| *l == heading)
            .unwrap_or_else(|| panic!("no heading line {heading:?}"));
        assert_eq!(lines[at - 1], "", "blank line before {heading:?}");
        assert_eq!(lines[at + 1], "-".repeat(heading.width()));
        assert_eq!(lines[at + 2], "", "blank line after {heading:?}");
    }

    // Block by block, the text is the document's, in order: title, then
    // each section's heading, paragraphs and links, then the source.
    let blocks: Vec<&str> = text.trim_end().split("\n\n").collect();
    let mut expected = vec![format!("{}=============", doc.title)];
    for b in 0..doc.blocks.len() {
        let block = doc.blocks[b];
        expected.push(match block.kind {
            camp_reader::model::document::BlockKind::Heading => {
                let s = block.section as usize;
                let heading = format!("{} {}", doc.section_number(s), doc.section_title(s));
                format!("{heading}{}", "-".repeat(heading.width()))
            }
            _ => doc.block_text(b).to_string(),
        });
    }
    assert_eq!(blocks.len(), expected.len(), "{text}");
    for (got, want) in blocks.iter().zip(&expected) {
        assert_eq!(squash(got), squash(want));
    }
    // Wrapping is real: 22 paragraphs cannot fit on 22 lines of 60 columns.
    assert!(lines.len() > 100, "only {} lines", lines.len());
}

#[test]
fn print_one_section_only() {
    let text = success(&["--section", "raid-by-albanian-police", "--print"]);
    assert!(
        text.starts_with(
            "5 Raid by Albanian police\n-------------------------\n\nOn June 20, 2023,"
        ),
        "{text}"
    );
    assert!(text.ends_with("\nThe situation in the camp on June 21st was calm.\n"));
    for other in [
        "Camp Ashraf 3\n=",
        "4 Troll farm allegations",
        "6 External links",
        "Source:",
        "A darling of US conservatives",
    ] {
        assert!(!text.contains(other), "{other:?} printed with one section");
    }
    assert_eq!(text.matches("\n\n").count(), 8, "heading + 8 paragraphs");
    // By title, case-insensitively, gives the same, and so does an
    // anchor copied from an address, `#` and all.
    assert_eq!(
        success(&["--section", "raid by albanian police", "--print"]),
        text
    );
    assert_eq!(
        success(&["--section", "#raid-by-albanian-police", "--print"]),
        text
    );
}

/// A logo and badges before the title heading (crossterm's README) once
/// made an invented "Overview" section, which `--section overview` found
/// by its title and printed: the title's section. No section shows that
/// name now, so none is printed: the error names the ids.
#[test]
fn overview_is_no_section_of_a_readme_with_a_logo_before_its_title() {
    let dir = std::env::temp_dir().join(format!("camp-reader-cli-ov-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch dir");
    let file = dir.join("README.md");
    std::fs::write(
        &file,
        "<h1 align=\"center\"><img src=\"logo.png\" /></h1>\n\n\
         [![Donate](https://img.shields.io/badge/d.svg)](https://example.com/d)\n\n\
         # Terminal Library\n\nText.\n\n## Features\n\nF.\n",
    )
    .expect("write the README");
    let path = file.to_str().expect("a UTF-8 path");
    let out = run(&["--section", "overview", "--print", path]);
    let err = failure(&out).to_string();
    assert!(
        err.starts_with("camp-reader: no section with id or title \"overview\""),
        "{err}"
    );
    assert!(err.contains("terminal-library, features"), "{err}");
    assert!(
        success(&["--section", "#features", "--print", path]).contains("F."),
        "#features"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_section_exits_2_with_the_ids() {
    let out = run(&["--section", "nowhere", "--print"]);
    let err = failure(&out);
    assert!(
        err.starts_with("camp-reader: no section with id or title \"nowhere\""),
        "{err}"
    );
    assert!(err.contains("raid-by-albanian-police"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn check_prints_a_summary() {
    assert_eq!(
        success(&["--check"]),
        format!("{EMBEDDED_NAME}: ok: 6 sections, 22 paragraphs, 1 link\n")
    );
}

#[test]
fn piped_output_without_a_mode_prints() {
    let piped = success(&[]);
    assert_eq!(piped, success(&["--print"]));
    // Not a terminal, no --width: 80 columns.
    assert_eq!(piped, success(&["--print", "--width", "80"]));
    assert!(piped.starts_with("Camp Ashraf 3\n=============\n"));
    assert!(piped.lines().any(|l| l.width() > 60));
    assert!(piped.lines().all(|l| l.width() <= 80));
}

const SMALL: &str = "title = \"Small\"\n[[sections]]\ntitle = \"Only\"\nbody = \"\"\"\nOne\ntwo.\n\nThree.\n\"\"\"\n";

#[test]
fn dash_reads_stdin() {
    let out = bin()
        .args(["-", "--print", "--width", "40"])
        .write_stdin(SMALL)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Small\n=====\n\n1 Only\n------\n\nOne two.\n\nThree.\n"
    );
    let out = bin()
        .args(["-", "--check"])
        .write_stdin(SMALL)
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "<stdin>: ok: 1 section, 2 paragraphs, 0 links\n"
    );
}

#[test]
fn bad_stdin_names_stdin() {
    let out = bin()
        .args(["-"])
        .write_stdin("title = 3\n[[sections]]\ntitle = \"y\"\n")
        .output()
        .unwrap();
    let err = failure(&out);
    assert_eq!(
        err,
        "camp-reader: <stdin>:1:9: invalid type: integer `3`, expected a string\n    title = 3\n            ^\n"
    );
}

#[test]
fn endless_stdin_is_cut_off_at_the_size_limit() {
    let mut child = std::process::Command::cargo_bin("camp-reader")
        .unwrap()
        .args(["-", "--check", "--max-size", "10000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Never ends by itself: stops when the reader goes away (EPIPE).
    std::thread::spawn(move || {
        let chunk = "# padding padding padding padding padding padding\n".repeat(1000);
        while stdin.write_all(chunk.as_bytes()).is_ok() {}
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("camp-reader kept reading an endless stdin");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let err = failure(&out);
    assert_eq!(
        err,
        "camp-reader: <stdin>: file is over the size limit (10001 bytes > 10000 bytes; see --max-size)\n"
    );
}

/// Bad documents and where their errors are.
const BAD: &[(&str, &str, &str)] = &[
    (
        "syntax",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nbody = \"a\" junk\n",
        "4:12: ",
    ),
    ("type", "title = 3\n[[sections]]\ntitle = \"y\"\n", "1:9: "),
    ("missing-title", "[[sections]]\ntitle = \"y\"\n", "1:1: "),
    ("no-sections", "title = \"x\"\nsections = []\n", "2:12: "),
    (
        "unknown-key",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\ntitel = \"z\"\n",
        "4:1: ",
    ),
    (
        "link",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n[[sections.links]]\nurl = \"u\"\n",
        "4:1: ",
    ),
    (
        "dup-id",
        "title = \"x\"\n[[sections]]\ntitle = \"a\"\nid = \"i\"\n[[sections]]\ntitle = \"b\"\nid = \"i\"\n",
        "7:6: ",
    ),
    (
        "control",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nbody = \"\u{1b}[2J\" junk\n",
        "4:15: ",
    ),
];

#[test]
fn bad_files_exit_2_with_path_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, at) in BAD {
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, text).unwrap();
        let path = path.to_str().unwrap();
        for mode in [&[][..], &["--print"], &["--toc"], &["--check"]] {
            let mut args = mode.to_vec();
            args.push(path);
            let out = run(&args);
            let err = failure(&out);
            let prefix = format!("camp-reader: {path}:{at}");
            assert!(err.starts_with(&prefix), "{name} {mode:?}: {err}");
            let lines: Vec<&str> = err.lines().collect();
            assert_eq!(lines.len(), 3, "{name}: {err}");
            assert!(lines[2].trim_start() == "^", "{name}: {err}");
        }
    }
}

#[test]
fn not_utf8_is_printed_with_one_warning_at_the_bad_byte_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.md");
    std::fs::write(&path, b"# Man\xebz\n\nCaf\xe9 cr\xe8me.\n").unwrap();
    for mode in ["--print", "--check"] {
        let out = run(&[mode, path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{mode}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "camp-reader: warning: {}:1:6: not valid UTF-8: each invalid byte sequence is shown as \u{FFFD}\n",
                path.display()
            ),
            "{mode}"
        );
        if mode == "--print" {
            assert!(
                stdout(&out).contains("Caf\u{FFFD} cr\u{FFFD}me."),
                "{}",
                stdout(&out)
            );
        }
    }
}

#[test]
fn a_binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.md");
    std::fs::write(&path, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00").unwrap();
    let out = run(&["--print", path.to_str().unwrap()]);
    let err = failure(&out);
    assert!(
        err.starts_with(&format!(
            "camp-reader: {}: is not a text file (a NUL byte at offset 4)",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn a_missing_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.toml");
    let out = run(&[path.to_str().unwrap()]);
    assert_eq!(
        failure(&out),
        format!(
            "camp-reader: {}: cannot open: no such file\n",
            path.display()
        )
    );
}

#[test]
fn a_directory_without_documents_exits_2() {
    // A folder is a book (issue 23); one with no document in it is an error.
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["--check", dir.path().to_str().unwrap()]);
    assert_eq!(
        failure(&out),
        format!(
            "camp-reader: {}: no documents in this folder (.md, .markdown or .toml)\n",
            dir.path().display()
        )
    );
}

#[test]
fn a_file_over_max_size_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.toml");
    std::fs::write(&path, SMALL).unwrap();
    let len = SMALL.len();
    let p = path.to_str().unwrap();
    assert!(success(&["--check", "--max-size", &len.to_string(), p]).contains(": ok: "));
    let out = run(&["--check", "--max-size", &(len - 1).to_string(), p]);
    assert_eq!(
        failure(&out),
        format!(
            "camp-reader: {p}: file is over the size limit ({len} bytes > {} bytes; see --max-size)\n",
            len - 1
        )
    );
}

#[test]
fn help_exits_0() {
    let out = success(&["--help"]);
    assert!(out.contains("Usage: camp-reader"), "{out}");
    for flag in ["--toc", "--print", "--check", "--width", "--section"] {
        assert!(out.contains(flag), "--help does not mention {flag}");
    }
}

#[test]
fn help_man_page_and_description_name_markdown() {
    let help = success(&["--help"]);
    let first = help.lines().next().unwrap_or_default();
    assert!(first.contains("Markdown"), "--help begins {first:?}");
    let man = success(&["--man"]);
    let name = man
        .lines()
        .skip_while(|l| *l != ".SH NAME")
        .nth(1)
        .unwrap_or_default();
    assert!(name.contains("Markdown"), "the NAME line is {name:?}");
    assert!(env!("CARGO_PKG_DESCRIPTION").contains("Markdown"));
}

#[test]
fn version() {
    assert_eq!(
        success(&["--version"]),
        format!("camp-reader {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_flag_exits_2() {
    let out = run(&["--bogus"]);
    let err = failure(&out);
    assert!(err.contains("unexpected argument '--bogus'"), "{err}");
    assert!(err.contains("Usage:"), "{err}");
}

#[test]
fn width_0_exits_2() {
    let out = run(&["--print", "--width", "0"]);
    let err = failure(&out);
    assert!(err.contains("--width"), "{err}");
    assert!(err.contains("'0'"), "{err}");
}

#[test]
fn conflicting_modes_exit_2() {
    let out = run(&["--toc", "--check"]);
    let err = failure(&out);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn an_empty_search_query_is_a_usage_error() {
    Command::cargo_bin("camp-reader")
        .unwrap()
        .args(["--print", "--search", ""])
        .assert()
        .code(2);
}

// ---- hostile arguments (issue 15, item 1) ----

const HOSTILE_NAME: &str =
    "b\u{1b}]0;PWNED\u{7}\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}[2J\u{9b}31m\u{202e}.toml";

/// A bad value carrying a hostile file name's characters (several files
/// are a book since issue 23, so a glob no longer makes a usage error:
/// an invalid `--format` value is echoed the same way).
fn glob_with_hostile_name() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join(HOSTILE_NAME);
    let args = vec!["--format".to_string(), b.to_str().unwrap().to_string()];
    (dir, args)
}

#[test]
fn usage_errors_echo_arguments_sanitized_into_a_pipe() {
    let (_dir, args) = glob_with_hostile_name();
    for args in [
        args,
        vec![
            "--theme".to_string(),
            "x\u{1b}]0;PWN\u{7}\u{202e}".to_string(),
        ],
        vec![
            "--print".to_string(),
            "--width".to_string(),
            "\u{202e}\u{1b}[2J\u{85}".to_string(),
        ],
    ] {
        let out = bin().args(&args).output().unwrap();
        let err = failure(&out);
        camp_reader::testing::output_check::check_message(err)
            .unwrap_or_else(|why| panic!("{args:?}: {why}\n{err}"));
        assert!(
            err.contains("<U+202E>"),
            "the control is shown as a marker: {err}"
        );
        // The argument as typed, in visible notation: not a stripped form
        // that names another file or value.
        let shown = camp_reader::text::sanitize::sanitize(args.last().unwrap()).into_owned();
        let shown = shown.rsplit('/').next().unwrap();
        assert!(err.contains(shown), "{args:?}: {shown:?} not in\n{err}");
        assert!(err.contains("^["), "escapes are shown as ^[: {err}");
    }
}

#[test]
fn usage_errors_echo_arguments_sanitized_on_a_terminal() {
    let (_dir, args) = glob_with_hostile_name();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    for args in [&args[..], &["--theme", "x\u{1b}]0;PWN\u{7}\u{202e}"]] {
        let mut pty = common::Pty::spawn(args, 100, 30);
        let status = pty.wait_exit();
        assert_eq!(status.exit_code(), 2, "{}", pty.screen());
        // Line by line: the terminal ends lines with "\r\n" itself.
        let raw = String::from_utf8_lossy(&pty.raw).into_owned();
        for line in raw.split("\r\n") {
            camp_reader::testing::output_check::check_terminal_bytes(line.as_bytes())
                .unwrap_or_else(|why| panic!("{args:?}: {why}\n{raw}"));
        }
        assert!(raw.contains("error: "), "{raw}");
        assert!(
            raw.contains("^[]0;PWN"),
            "the OSC is shown, not dropped: {raw}"
        );
    }
}

// ---- closed streams and full disks (issue 15, item 9) ----

fn sh(script: &str, args: &[&str]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("camp-reader");
    bin_env(std::process::Command::new("sh"))
        .arg("-c")
        .arg(script)
        .arg(bin)
        .args(args)
        .output()
        .unwrap()
}

fn bin_env(mut cmd: std::process::Command) -> std::process::Command {
    cmd.envs(scratch_dirs());
    cmd
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_an_error() {
    for args in [
        &["--print"][..],
        &["--toc"],
        &["--help"],
        &["--version"],
        &["--print-config"],
    ] {
        let out = sh(r#"exec "$0" "$@" >&-"#, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&out),
            "camp-reader: cannot write output: standard output is closed\n",
            "{args:?}"
        );
    }
    // /dev/null is a place to write, not a closed stream.
    let out = sh(r#"exec "$0" "$@" >/dev/null"#, &["--print"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_full_disk_is_an_error() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    for args in [&["--print"][..], &["--help"], &["--version"], &["--man"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut cmd = bin_env(std::process::Command::cargo_bin("camp-reader").unwrap());
        let out = cmd.args(args).stdout(full).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&out),
            "camp-reader: cannot write output: no space left on device\n",
            "{args:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_closed_stdin_is_an_error_not_an_empty_document() {
    let out = sh(r#"exec "$0" - --check <&-"#, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "camp-reader: cannot read the document from standard input: it is closed\n"
    );
    // An empty stdin is still an empty document.
    let out = sh(r#"exec "$0" - --check </dev/null"#, &[]);
    assert!(
        stderr(&out).contains("the document is empty"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    for args in [&["--print"][..], &["--help"]] {
        let mut child = std::process::Command::cargo_bin("camp-reader")
            .unwrap()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Gone before (or while) it writes: EPIPE, as with `| head` or a pager that quit.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

// ---- FIFOs in place of the config and state files (issue 15, item 5) ----

/// A FIFO at `path` (with its directories), or `None` where there is no mkfifo.
fn mkfifo(path: &std::path::Path) -> Option<()> {
    std::fs::create_dir_all(path.parent()?).ok()?;
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .ok()?;
    status.success().then_some(())
}

#[cfg(unix)]
#[test]
fn a_fifo_as_config_file_is_refused_in_every_mode() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("camp-reader").join("config.toml");
    if mkfifo(&fifo).is_none() {
        return;
    }
    let shown = fifo.display().to_string();
    for args in [&["--print"][..], &["--toc"], &["--check"]] {
        let mut cmd = Command::cargo_bin("camp-reader").unwrap();
        // Before the fix, opening the FIFO waited for a writer forever.
        cmd.env("XDG_CONFIG_HOME", dir.path())
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .timeout(Duration::from_secs(10))
            .args(args);
        let out = cmd.output().unwrap();
        let err = failure(&out);
        assert_eq!(
            err,
            format!(
                "camp-reader: {shown}: is not a regular file (FIFOs, devices and sockets are not read)\n"
            ),
            "{args:?}"
        );
        let out = run(&["--config", &shown, args[0]]);
        assert!(failure(&out).contains("is not a regular file"), "{args:?}");
    }
    // The words /dev/zero gets.
    let out = run(&["--config", "/dev/zero", "--check"]);
    assert!(failure(&out).contains("/dev/zero: is not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_state_file_is_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("camp-reader").join("state.toml");
    if mkfifo(&fifo).is_none() {
        return;
    }
    let state = dir.path().to_str().unwrap();
    let mut pty = common::Pty::spawn_with(&["--from-start"], 250, 30, &[("XDG_STATE_HOME", state)]);
    // Before the fix the reader never drew: it waited on the FIFO.
    pty.wait_text("it is not a regular file (FIFOs, devices and sockets are not read)");
    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "{}", pty.screen());
    // Saving replaced the FIFO with a regular file.
    assert!(std::fs::metadata(&fifo).unwrap().is_file());
    // A state file is refused the same way when it is a device.
    let file = camp_reader::settings::state::Store::open(dir.path().join("dev"));
    std::fs::create_dir_all(dir.path().join("dev")).unwrap();
    if std::os::unix::fs::symlink("/dev/zero", file.path()).is_ok() {
        let (_, warning) =
            common::within("state on /dev/zero", Duration::from_secs(5), move || {
                file.load()
            });
        assert!(warning.unwrap().contains("it is not a regular file"));
    }
}

// ---- bounded messages (issue 15, item 6) ----

/// A document with `n` sections titled `s1` … `sN`.
fn many_sections(n: usize) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.toml");
    let mut text = String::from("title = \"Many\"\n");
    for i in 1..=n {
        text.push_str(&format!("[[sections]]\ntitle = \"s{i}\"\n"));
    }
    std::fs::write(&path, text).unwrap();
    (dir, path.to_str().unwrap().to_string())
}

#[test]
fn an_unknown_section_lists_ten_candidates_and_a_count() {
    let (_dir, path) = many_sections(100_000);
    // One argument can be at most 128 KiB (MAX_ARG_STRLEN).
    let nope = format!("nope{}", "x".repeat(100_000));
    let out = run(&[&path, "--toc", "--section", &nope]);
    let err = failure(&out);
    assert!(err.len() < 1_000, "{} bytes: {}", err.len(), &err[..300]);
    assert!(
        err.ends_with("(ids: s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, and 99990 more)\n"),
        "{err}"
    );
    assert!(err.contains("\"nopexxx"), "{err}");
    assert!(err.contains("x…\""), "{err}");
}

#[test]
fn a_huge_bad_argument_is_cut_in_the_usage_error() {
    let huge = "x".repeat(100_000);
    let out = run(&["--theme", &huge]);
    let err = failure(&out);
    assert!(err.len() < 1_000, "{} bytes", err.len());
    assert!(
        err.contains(&format!("invalid value '{}…'", "x".repeat(79))),
        "{err}"
    );
    // (Long queries are slow to compile today; 300 letters show the cut.)
    let out = run(&["--print", "--search", &huge[..300]]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("camp-reader: no match for \"{}…\"\n", "x".repeat(79))
    );
}

// ---- --print on a terminal (issue 10) ----

/// `--print` in a 200-column terminal: the widest line printed (without
/// colour, whose sequences have no width but are not counted so).
fn widest_printed_line(args: &[&str]) -> usize {
    let mut args = args.to_vec();
    args.extend(["--color", "never"]);
    let mut pty = common::Pty::spawn(&args, 200, 50);
    assert!(pty.wait_exit().success(), "{}", pty.screen());
    String::from_utf8_lossy(&pty.raw)
        .split("\r\n")
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

#[test]
fn print_on_a_wide_terminal_uses_the_readers_measure() {
    let widest = widest_printed_line(&["--print"]);
    assert!((90..=100).contains(&widest), "{widest}");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "measure = 60\n").unwrap();
    let config = config.to_str().unwrap();
    let widest = widest_printed_line(&["--print", "--config", config]);
    assert!((50..=60).contains(&widest), "{widest}");
    // --width wins.
    let widest = widest_printed_line(&["--print", "--config", config, "--width", "150"]);
    assert!((140..=150).contains(&widest), "{widest}");
}

// ---- --section by fuzzy match (issue 10) ----

#[test]
fn section_falls_back_to_the_single_best_fuzzy_match() {
    let out = success(&["--print", "--section", "troll"]);
    assert!(out.starts_with("4 Troll farm allegations\n"), "{out}");
    let out = success(&["--print", "--section", "albnian polce"]);
    assert!(out.starts_with("5 Raid by Albanian police\n"), "{out}");
    // An exact id, title or number still wins.
    let out = success(&["--print", "--section", "3"]);
    assert!(out.starts_with("3 Allegation of torture\n"), "{out}");
}

#[test]
fn an_ambiguous_fuzzy_section_is_an_error_naming_the_candidates() {
    let out = run(&["--print", "--section", "all"]);
    assert_eq!(
        failure(&out),
        "camp-reader: \"all\" could be any of 2 sections: 3 Allegation of torture, \
         4 Troll farm allegations (give the id, title or number)\n"
    );
    // Bounded however many tie.
    let (_dir, path) = many_sections(100_000);
    let out = run(&[&path, "--toc", "--section", "s"]);
    let err = failure(&out);
    assert!(err.len() < 1_000, "{} bytes", err.len());
    assert!(err.contains(", and "), "{err}");
    assert!(err.contains(" more (give the id"), "{err}");
}

/// A title that several sections have (a book's documents each with
/// "The Model") is an error naming them by id, as the README promises;
/// the first was taken silently.
#[test]
fn a_title_several_sections_have_is_an_error_naming_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.md");
    std::fs::write(
        &path,
        "# Doc\n\n## Basics\n\n### The Model\n\nOne.\n\n## Commands\n\n### The model\n\nTwo.\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let out = run(&[path, "--print", "--section", "the model"]);
    let err = failure(&out);
    assert!(
        err.contains("\"the model\" is the title of 2 sections: the-model (The Model), the-model-1 (The model) (give the id)"),
        "{err}"
    );
    let out = success(&[path, "--print", "--section", "the-model-1"]);
    assert!(out.contains("Two."), "{out}");
    // One section with the title: taken at once.
    let out = success(&[path, "--print", "--section", "Basics"]);
    assert!(out.contains("One.") && !out.contains("Two."), "{out}");
}

#[test]
fn print_search_finds_words_split_by_invisible_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.toml");
    std::fs::write(
        &path,
        "title = \"T\"\n[[sections]]\ntitle = \"Ships\"\n\
         body = \"Die Donau\u{ad}dampf\u{ad}schifffahrt fuhr.\"\n\
         [[sections]]\ntitle = \"Thai\"\nbody = \"ภาษา\u{200b}ไทย\u{200b}เป็น ภาษา\"\n\
         [[sections]]\ntitle = \"Other\"\nbody = \"Word\u{2060}joiner.\"\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    // Printed as shown: the invisible characters left out.
    let bodies = [
        "Die Donaudampfschifffahrt fuhr.",
        "ภาษาไทยเป็น ภาษา",
        "Wordjoiner.",
    ];
    for (query, found) in [("Donaudampf", 0), ("ภาษาไทยเป็น", 1), ("wordjoiner", 2)]
    {
        let out = success(&["--print", "--width", "80", "--search", query, p]);
        for (i, body) in bodies.iter().enumerate() {
            assert_eq!(out.contains(body), i == found, "{query}: {out}");
        }
    }
}

/// Offsets into a document are 32-bit: a larger limit is refused when the
/// command line is read, before anything is loaded.
#[test]
fn max_size_past_what_the_model_addresses_is_a_usage_error() {
    use camp_reader::model::document::MAX_ADDRESSABLE;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.toml");
    std::fs::write(&path, SMALL).unwrap();
    let p = path.to_str().unwrap();
    let most = MAX_ADDRESSABLE.to_string();
    assert!(success(&["--check", "--max-size", &most, p]).contains(": ok: "));
    for over in [(MAX_ADDRESSABLE + 1).to_string(), u64::MAX.to_string()] {
        let out = run(&["--check", "--max-size", &over, p]);
        let err = failure(&out);
        assert!(
            err.contains("--max-size") && err.contains(&over) && err.contains(&most),
            "{err}"
        );
    }
}

/// A document whose text would pass what the model addresses once laid
/// out is a clean error naming the file, exit 2 (the limit, 4 GiB, is
/// lowered for the test: 600 tabs in code are 2,400 bytes of text).
#[test]
fn text_laid_out_past_the_model_limit_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("tabs.md");
    std::fs::write(&path, format!("# T\n\n```\n{}\n```\n", "\t".repeat(600)))
        .expect("write the document");
    let out = std::process::Command::cargo_bin("camp-reader")
        .expect("the camp-reader binary")
        .env("CAMP_READER_TEST_TEXT_LIMIT", "2048")
        .envs(scratch_dirs())
        .arg("--print")
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .expect("run camp-reader");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tabs.md: the document's text would pass"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "{out:?}");
}
