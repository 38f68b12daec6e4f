//! Daily-use fixes (issue 19) through the built binary in a pty: the
//! editor on the right file and line, links and pipes as a less user
//! expects them.

use crate::common::Pty;

use std::path::{Path, PathBuf};

/// An editor that writes its arguments, one a line, to `log` and exits.
pub(crate) fn recording_editor(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("editor.log");
    let script = dir.join("editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > '{0}.part'\nmv '{0}.part' '{0}'\n",
            log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (script, log)
}

/// What the editor was given, once it has run and the reader is back on
/// its screen (keys sent before then would go to the editor). The log is
/// written whole (renamed into place), never seen half-written.
pub(crate) fn editor_args(pty: &mut Pty, log: &Path) -> Vec<String> {
    const ENTER: &[u8] = b"\x1b[?1049h";
    let entries = |raw: &[u8]| raw.windows(ENTER.len()).filter(|w| *w == ENTER).count();
    let before = entries(&pty.raw);
    let deadline = std::time::Instant::now() + crate::common::TIMEOUT;
    loop {
        if let Ok(text) = std::fs::read_to_string(log)
            && entries(&pty.raw) > before
        {
            return text.lines().map(str::to_string).collect();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the editor never ran; screen:\n{}",
            pty.screen()
        );
        pty.watch_for(std::time::Duration::from_millis(50));
    }
}

/// A docs tree: README.md linking to docs/sub/deep.md's fifth-line heading.
fn docs_tree(dir: &Path, link: &str) -> PathBuf {
    std::fs::create_dir_all(dir.join("docs/sub")).unwrap();
    std::fs::write(
        dir.join("README.md"),
        format!("# Read me\n\nSee [the deep page]({link}).\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("docs/sub/deep.md"),
        "# Deep\n\nIntro of the deep page.\n\n## Réglages avancés\n\nThe advanced settings.\n",
    )
    .unwrap();
    dir.join("docs/sub/deep.md")
}

#[test]
fn v_after_a_link_edits_the_document_on_screen_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let deep = docs_tree(dir.path(), "docs/sub/deep.md#réglages-avancés");
    let (editor, log) = recording_editor(dir.path());
    let readme = dir.path().join("README.md");
    let mut pty = Pty::spawn_with(
        &[readme.to_str().unwrap()],
        80,
        24,
        &[("VISUAL", editor.to_str().unwrap())],
    );
    pty.wait_text("the deep page");
    pty.send("\t\r");
    pty.wait_text("The advanced settings.");
    pty.send("v");
    let args = editor_args(&mut pty, &log);
    let deep = std::fs::canonicalize(deep).unwrap();
    assert_eq!(args, vec!["+5".to_string(), deep.display().to_string()]);
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn v_after_a_link_out_of_standard_input_edits_the_linked_file() {
    let dir = tempfile::tempdir().unwrap();
    let deep = std::fs::canonicalize(docs_tree(dir.path(), "x")).unwrap();
    let (editor, log) = recording_editor(dir.path());
    let piped = dir.path().join("piped.md");
    std::fs::write(
        &piped,
        format!(
            "# Piped\n\nSee [the deep page]({}#réglages-avancés).\n",
            deep.display()
        ),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_camp-reader");
    let script = format!(
        "cat '{}' | VISUAL='{}' '{bin}' -",
        piped.display(),
        editor.display()
    );
    let mut pty = Pty::spawn_sh(&script, 80, 24);
    pty.wait_text("the deep page");
    pty.send("\t\r");
    pty.wait_text("The advanced settings.");
    pty.send("v");
    let args = editor_args(&mut pty, &log);
    assert_eq!(args, vec!["+5".to_string(), deep.display().to_string()]);
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn an_empty_markdown_file_opens_and_is_watched_as_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, " \n\n").unwrap();
    let mut pty = Pty::spawn(&[notes.to_str().unwrap()], 80, 24);
    pty.wait_text("This file is empty.");
    assert!(pty.screen().lines().next().unwrap_or("").contains("notes"));
    std::fs::write(&notes, "# Notes\n\nA first thought.\n").unwrap();
    pty.wait_text("A first thought.");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn invalid_utf8_is_shown_with_the_warning_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.md");
    std::fs::write(&path, b"# Man\xebz\n\nCaf\xe9 cr\xe8me.\n").unwrap();
    let mut pty = Pty::spawn(&[path.to_str().unwrap()], 120, 24);
    // (vt100 keeps no U+FFFD on its screen: tmux shows `Caf� cr�me.`.)
    pty.wait_text("Caf");
    pty.wait_for("the warning", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("latin1.md:1:6: not valid UTF-8"))
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_pipe_with_no_file_named_is_read_and_keys_come_from_the_terminal() {
    let bin = env!("CARGO_BIN_EXE_camp-reader");
    let script = format!("printf '# Piped in\\n\\nFrom the pipe, no dash.\\n' | '{bin}'");
    let mut pty = Pty::spawn_sh(&script, 80, 24);
    pty.wait_text("From the pipe, no dash.");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn standard_input_as_a_file_a_pipe_or_dev_null_with_no_file_named() {
    use assert_cmd::Command;
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.md");
    std::fs::write(
        &doc,
        "# Redirected\n\nRead from a file on standard input.\n",
    )
    .unwrap();
    let run = |stdin: std::process::Stdio| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_camp-reader"))
            .arg("--print")
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .stdin(stdin)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // A regular file.
    let shown = run(std::fs::File::open(&doc).unwrap().into());
    assert!(
        shown.contains("Read from a file on standard input."),
        "{shown}"
    );
    // /dev/null (a character device): the embedded article, as a script
    // gets it.
    let shown = run(std::process::Stdio::null());
    assert!(shown.starts_with("Camp Ashraf 3"), "{shown}");
    // A pipe.
    let out = Command::new(env!("CARGO_BIN_EXE_camp-reader"))
        .arg("--toc")
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .write_stdin("# Piped\n\n## One\n\n## Two\n")
        .output()
        .unwrap();
    // Markdown headings carry no numbers by default (numbers = "auto").
    assert_eq!(String::from_utf8_lossy(&out.stdout), "One\nTwo\n");
}

/// `v` with a code block's `}` line on top (a line with no words) opens
/// that line, not the next line with words (serde's README at 120×40:
/// the `}` on line 57 opened line 59, `fn main() {`).
#[test]
fn v_at_a_code_line_with_no_words_opens_that_line() {
    let dir = tempfile::tempdir().unwrap();
    let (editor, log) = recording_editor(dir.path());
    let mut doc = String::from(
        "# Demo\n\nIntro text.\n\n```rust\nstruct Point {\n    x: i32,\n}\n\nfn main() {\n    let point = 1;\n}\n```\n",
    );
    for i in 1..=40 {
        doc.push_str(&format!("\nFiller paragraph {i}.\n"));
    }
    let brace = doc.lines().position(|l| l == "}").unwrap() as u32 + 1;
    assert_eq!(brace, 8);
    let path = dir.path().join("demo.md");
    std::fs::write(&path, &doc).unwrap();
    let mut pty = Pty::spawn_with(
        &[path.to_str().unwrap(), "--no-state"],
        80,
        24,
        &[("VISUAL", editor.to_str().unwrap())],
    );
    pty.wait_text("Filler paragraph 1.");
    // The text's line of the first `}`: its row below the title row.
    let is_brace = |row: &str| {
        row.split('│')
            .nth(1)
            .is_some_and(|t| t.trim_end_matches(['█', '│', ' ']).trim() == "}")
    };
    let row = pty
        .screen()
        .lines()
        .position(is_brace)
        .unwrap_or_else(|| panic!("no `}}` row:\n{}", pty.screen()));
    pty.send(&format!(":{row}\r"));
    pty.wait_text(&format!("line {row}/"));
    let screen = pty.screen();
    let top = screen.lines().nth(1).unwrap_or("");
    assert!(is_brace(top), "the `}}` on top:\n{screen}");
    let _ = std::fs::remove_file(&log);
    pty.send("v");
    let args = editor_args(&mut pty, &log);
    assert_eq!(args[0], format!("+{brace}"), "{screen}");
    pty.wait_text("Filler");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// The last non-empty line of a screen: the status line.
fn status_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_failed_ctrl_r_keeps_the_forward_jump_for_when_the_file_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    let beta = "# Beta\n\nThe beta text.\n";
    std::fs::write(&a, "# Alpha\n\nOn to [beta](b.md).\n\nAlpha text.\n").unwrap();
    std::fs::write(&b, beta).unwrap();
    let mut pty = Pty::spawn(&[a.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Alpha text.");
    pty.send("\t\r");
    pty.wait_text("The beta text.");
    pty.send("\x0f");
    pty.wait_text("Alpha text.");
    std::fs::remove_file(&b).unwrap();
    pty.send("\x12");
    // The error itself, not the "loading b.md…" said while the load runs:
    // a second Ctrl-R before the load ends would find no newer jump.
    pty.wait_for("the error, alpha still shown", |s| {
        s.contains("Alpha text.") && status_line(s).contains("cannot open")
    });
    std::fs::write(&b, beta).unwrap();
    pty.send("\x12");
    pty.wait_for("beta again (not 'no newer jump')", |s| {
        s.contains("The beta text.")
    });
    pty.send("q");
    pty.wait_exit();
}

/// The number after the first `word ` on screen below the title row.
fn number_after(screen: &str, word: &str) -> Option<u32> {
    screen.lines().skip(1).find_map(|l| {
        let at = l.find(word)? + word.len();
        let digits: String = l[at..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })
}

#[test]
fn v_opens_at_the_link_cursor_else_the_match_on_screen_else_the_top_line() {
    let dir = tempfile::tempdir().unwrap();
    let (editor, log) = recording_editor(dir.path());
    // One section; paragraph i on source line 2i + 1.
    let mut faq = String::from("# FAQ\n");
    for i in 1..=60 {
        faq.push_str(&format!(
            "\nQuestion {i} has a distinct answer, number {i}."
        ));
        if i % 10 == 5 {
            faq.push_str(&format!(" See [site {i}](https://example.org/{i})."));
        }
        if i == 47 {
            faq.push_str(" It holds the needle phrase.");
        }
        faq.push('\n');
    }
    let path = dir.path().join("faq.md");
    std::fs::write(&path, &faq).unwrap();
    let mut pty = Pty::spawn_with(
        &[path.to_str().unwrap(), "--no-state"],
        80,
        24,
        &[("VISUAL", editor.to_str().unwrap())],
    );
    pty.wait_text("Question 1 has");
    let edit_line = |pty: &mut Pty| {
        let _ = std::fs::remove_file(&log);
        pty.send("v");
        let args = editor_args(pty, &log);
        pty.wait_text("Question");
        args[0].clone()
    };

    // The top line: far into the one section, not its line 1.
    pty.send(":60\r");
    pty.wait_text("line 60/");
    let top = number_after(&pty.screen(), "Question ").expect("a question on screen");
    assert!(top > 20, "{}", pty.screen());
    assert_eq!(edit_line(&mut pty), format!("+{}", 2 * top + 1));

    // The current match, on screen (below the top line).
    pty.send("/needle phrase\r");
    pty.wait_for("the match shown", |s| s.contains("match 1/1"));
    let top = number_after(&pty.screen(), "Question ").unwrap();
    assert!(top < 47, "the match is not the top line: {}", pty.screen());
    assert_eq!(edit_line(&mut pty), "+95");

    // The link cursor wins over the match.
    pty.send("\t");
    pty.wait_text("→ https://example.org/");
    let screen = pty.screen();
    let said = format!("\n{}", status_line(&screen));
    let link = number_after(&said, "site ").expect("the link said");
    assert_ne!(link, 47);
    assert_eq!(edit_line(&mut pty), format!("+{}", 2 * link + 1));
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_link_to_a_license_opens_it_as_plain_text_and_a_binary_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nRead the [license](LICENSE) or the [logo](logo.png).\n\nAlpha text.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("LICENSE"),
        "Short line one\nShort line two\n\n* not a list item *\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("logo.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    let a = dir.path().join("a.md");
    let mut pty = Pty::spawn(&[a.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Alpha text.");
    pty.send("\t\r");
    pty.wait_for("the license, its lines kept", |s| {
        s.lines()
            .any(|l| l.contains("Short line one") && !l.contains("two"))
            && s.lines().any(|l| l.contains("Short line two"))
            && s.contains("* not a list item *")
            && !s.contains("1 LICENSE")
    });
    pty.send("\x0f");
    pty.wait_text("Alpha text.");
    // Alpha comes back as it was left, its link cursor on the license.
    pty.send("\t\r");
    pty.wait_for("the binary refused with the reason", |s| {
        s.contains("Alpha text.") && status_line(s).contains("not a text file")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_link_to_a_folder_opens_its_readme_as_github_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Alpha\n\nSee the [examples](examples/), the [empty](empty) and [pipe](pipe/).\n\nAlpha text.\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("examples")).unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::create_dir(dir.path().join("pipe")).unwrap();
    let fifo = dir.path().join("pipe/README.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(
        dir.path().join("examples/README.md"),
        "# Examples\n\nThe examples' own text.\n",
    )
    .unwrap();
    let a = dir.path().join("a.md");
    let mut pty = Pty::spawn(&[a.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Alpha text.");
    pty.send("\t\r");
    pty.wait_text("The examples' own text.");
    pty.send("\x0f");
    pty.wait_text("Alpha text.");
    // A folder with no README: said so, naming the folder; nothing moves.
    // (The link cursor is still on the examples link, as it was left.)
    pty.send("\t\r");
    pty.wait_for("the folder named, with the way to read it", |s| {
        s.contains("Alpha text.") && status_line(s).contains("empty/ is a folder with no README.md")
    });
    // A README that is a FIFO: said so, never waited for.
    pty.send("\t\r");
    pty.wait_for("the FIFO named", |s| {
        s.contains("Alpha text.") && status_line(s).contains("pipe/README.md is not a regular file")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_link_from_slash_opens_from_the_repository_top_else_beside_the_document() {
    let dir = tempfile::tempdir().unwrap();
    // A repository: docs/sub/deep.md links to /README.md, at its top.
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("docs/sub")).unwrap();
    std::fs::write(repo.join("README.md"), "# Top\n\nThe top readme.\n").unwrap();
    std::fs::write(
        repo.join("docs/sub/deep.md"),
        "# Deep\n\nUp to [the readme](/README.md).\n\nDeep text.\n",
    )
    .unwrap();
    let deep = repo.join("docs/sub/deep.md");
    let mut pty = Pty::spawn(&[deep.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Deep text.");
    pty.send("\t\r");
    pty.wait_text("The top readme.");
    pty.send("q");
    assert!(pty.wait_exit().success());

    // No repository: beside the document, and a failure says so.
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("b.md"), "# B\n\nThe b text.\n").unwrap();
    std::fs::write(
        plain.join("a.md"),
        "# A\n\nSee [b](/b.md) and [gone](/gone.md).\n\nA text.\n",
    )
    .unwrap();
    let a = plain.join("a.md");
    let mut pty = Pty::spawn(&[a.to_str().unwrap(), "--no-state"], 200, 24);
    pty.wait_text("A text.");
    pty.send("\t\t\r");
    pty.wait_for("why /gone.md failed", |s| {
        s.contains("A text.") && status_line(s).contains("no folder with .git above")
    });
    // The next Tab wraps round to /b.md.
    pty.send("\t\r");
    pty.wait_text("The b text.");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn a_file_caught_half_written_keeps_the_view_and_the_marks_for_the_whole_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut full = String::from("# Long\n\n");
    for s in 1..=20 {
        full.push_str(&format!("## Part {s}\n\n"));
        for p in 1..=4 {
            full.push_str(&format!("Paragraph {p} of part {s} of the long file.\n\n"));
        }
    }
    let path = dir.path().join("long.md");
    std::fs::write(&path, &full).unwrap();
    let mut pty = Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Paragraph 1 of part 1 ");
    // `line N/` of the status line.
    let line_of = |screen: &str| {
        let at = status_line(screen);
        at[at.find("line ").expect("the line number")..]
            .split('/')
            .next()
            .unwrap()
            .to_string()
    };
    pty.send("80%");
    pty.wait_for("at 80%", |s| {
        s.contains("Part 1") && !s.contains("Paragraph 1 of part 1 ")
    });
    let marked = line_of(&pty.screen());
    pty.send("ma");
    pty.wait_text("mark a set");
    pty.send("54%");
    pty.wait_for("at 54%", |s| !s.contains("mark a set"));
    let screen = pty.screen();
    let top = screen.lines().nth(1).unwrap_or("").to_string();
    let line = line_of(&screen);
    assert_ne!(line, marked);

    // `gen > file`: the first write, then the rest 0.6 s later.
    std::fs::write(&path, &full[..full.len() / 3]).unwrap();
    pty.wait_for("the first part loaded", |s| {
        status_line(s).contains("not in this version")
    });
    pty.send("'a");
    pty.wait_for("mark a says where it was", |s| {
        status_line(s).contains("mark a: its place (section Part 16) is not in this version")
    });
    std::thread::sleep(std::time::Duration::from_millis(600));
    std::fs::write(&path, &full).unwrap();
    pty.wait_for("the view back where it was", |s| {
        status_line(s).contains("reloaded")
            && status_line(s).contains(&format!("{line}/"))
            && s.lines().nth(1).unwrap_or("") == top
    });
    pty.send("'a");
    pty.wait_for("mark a back", |s| {
        status_line(s).contains(&format!("{marked}/"))
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// Esc and the next keys read at once (typed fast, or typed while the
/// reader was busy) are Esc and those keys, not Alt and a key nothing is
/// bound to; a lone Esc is Esc.
#[test]
fn esc_then_keys_read_together_are_each_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, "# Alpha\n\nSome words to search for.\n").unwrap();
    for keys in ["\x1bZZ", "\x1bq"] {
        let mut pty = Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 80, 24);
        pty.wait_text("Some words");
        pty.send("/words\r");
        pty.wait_for("the match", |s| status_line(s).contains("match"));
        // One write: the reader reads the bytes together.
        pty.send(keys);
        assert!(pty.wait_exit().success(), "{keys:?} quits");
    }

    // A lone Esc stops a followed document's load.
    let mut big = String::from("# Big\n\n");
    let para = "Some words of a long paragraph in a big document. ".repeat(20) + "\n\n";
    while big.len() < 40 << 20 {
        big.push_str(&para);
    }
    std::fs::write(dir.path().join("big.md"), big).unwrap();
    std::fs::write(&path, "# Alpha\n\nSee [big](big.md).\n\nAlpha text.\n").unwrap();
    let mut pty = Pty::spawn(&[path.to_str().unwrap(), "--no-state"], 100, 24);
    pty.wait_text("Alpha text.");
    pty.send("\t\r");
    pty.wait_for("loading", |s| status_line(s).contains("loading"));
    pty.send("\x1b");
    pty.wait_for("stopped by a lone Esc", |s| {
        status_line(s).contains("stopped loading") && s.contains("Alpha text.")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn v_opens_at_the_second_place_of_words_a_long_section_shows_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (editor, log) = recording_editor(dir.path());
    // One section: a list of links, then the places they name, each
    // paragraph on its own line, the same sentence twice.
    let mut text = String::from("# Guide\n\n- [alpha switch](#a)\n- [beta switch](#b)\n\n");
    for name in ["alpha", "beta"] {
        text.push_str(&format!("**{name} switch**\n\n"));
        for i in 1..=8 {
            text.push_str(&format!("Filler {i} about {name}.\n\n"));
        }
        text.push_str("Depend on the crate with care.\n\n");
    }
    let path = dir.path().join("guide.md");
    std::fs::write(&path, &text).unwrap();
    let line_of = |what: &str, nth: usize| {
        let all: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(what))
            .map(|(i, _)| i + 1)
            .collect();
        format!("+{}", all[nth])
    };
    let mut pty = Pty::spawn_with(
        &[path.to_str().unwrap(), "--no-state"],
        80,
        24,
        &[("VISUAL", editor.to_str().unwrap())],
    );
    pty.wait_text("Filler 1 about alpha");
    let edit_line = |pty: &mut Pty| {
        let _ = std::fs::remove_file(&log);
        pty.send("v");
        let args = editor_args(pty, &log);
        pty.wait_text("Filler");
        args[0].clone()
    };
    // The second match of the sentence, on screen.
    pty.send("/Depend on\r");
    pty.wait_for("the first match", |s| s.contains("match 1/2"));
    pty.send("n");
    pty.wait_for("the second match", |s| s.contains("match 2/2"));
    assert_eq!(edit_line(&mut pty), line_of("Depend on", 1));
    // The heading's words, shown first in the list of links.
    pty.send("g");
    pty.wait_text("Filler 1 about alpha");
    pty.send("/beta switch\r");
    pty.wait_for("the first match", |s| s.contains("match 1/"));
    pty.send("n");
    pty.wait_for("the second match", |s| s.contains("match 2/"));
    assert_eq!(edit_line(&mut pty), line_of("**beta switch**", 0));
    pty.send("q");
    assert!(pty.wait_exit().success());
}
