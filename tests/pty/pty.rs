//! End to end: the real binary in a pseudo-terminal, read through vt100.

use crate::common;

use common::Pty;

#[test]
fn opens_navigates_shows_help_and_restores_the_terminal() {
    let mut pty = Pty::spawn(&[], 100, 30);
    pty.wait_for("first screen", |s| {
        s.contains("Camp Ashraf 3") && s.contains("h help")
    });
    assert!(
        pty.parser.screen().alternate_screen(),
        "the reader uses the alternate screen"
    );
    assert!(pty.screen().contains("▶1 Overview"));

    pty.send("]");
    pty.wait_for("section 2 at the top, marked in the sidebar", |s| {
        s.lines()
            .nth(1)
            .is_some_and(|l| l.contains("│  2 Residents and daily life"))
            && s.contains("▶2 Residents")
    });

    pty.send("G");
    pty.wait_for("end of document", |s| {
        s.contains("100%") && s.contains("Source: Camp Ashraf 3")
    });

    pty.send("h");
    pty.wait_text("Keys —");
    assert!(pty.screen().contains("scroll down one line"));

    // `q` closes help first, then quits.
    pty.send("q");
    pty.wait_for("help closed", |s| !s.contains("Keys —"));
    pty.send("q");
    let status = pty.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !pty.parser.screen().alternate_screen(),
        "alternate screen was left"
    );
    let raw = String::from_utf8_lossy(&pty.raw);
    assert!(
        raw.contains("\x1b[?1049l"),
        "leave-alternate-screen sequence was sent"
    );
    assert!(
        raw.contains("\x1b[?1000l") || raw.contains("\x1b[?1006l"),
        "mouse reporting turned off"
    );
}

#[test]
fn resize_rewraps_and_keeps_the_place() {
    let mut pty = Pty::spawn(&["--section", "troll-farm-allegations"], 100, 30);
    pty.wait_for("opened at the section", |s| {
        s.lines()
            .nth(1)
            .is_some_and(|l| l.contains("4 Troll farm allegations"))
    });
    pty.master
        .resize(portable_pty::PtySize {
            rows: 20,
            cols: 50,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    pty.parser.screen_mut().set_size(20, 50);
    pty.wait_for("re-wrapped at 50 columns, same section", |s| {
        s.lines()
            .nth(1)
            .is_some_and(|l| l.contains("4 Troll farm allegations"))
            && s.contains("Troll farm")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn reads_the_document_from_a_pipe_and_keys_from_the_terminal() {
    // stdin is a pipe holding the document; keys come through the pty.
    let bin = env!("CARGO_BIN_EXE_camp-reader");
    let doc =
        "title = \"Piped\"\n[[sections]]\ntitle = \"Only section\"\nbody = \"From a pipe.\"\n";
    let script = format!("printf '%s' '{doc}' | '{bin}' -");
    let mut pty = Pty::spawn_sh(&script, 80, 24);
    pty.wait_text("From a pipe.");
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn dash_with_a_terminal_as_standard_input_is_refused() {
    let mut pty = Pty::spawn(&["-"], 80, 24);
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", pty.screen());
    assert!(
        pty.screen()
            .contains("standard input is a terminal: pipe a document in, or name a file"),
        "{}",
        pty.screen()
    );
}

#[test]
fn searching_reads_the_match_counter_from_the_screen() {
    let mut pty = Pty::spawn(&[], 100, 30);
    pty.wait_text("h help");
    pty.send("/rrumbullaku");
    pty.wait_for("incremental match counter", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.starts_with("/rrumbullaku") && l.contains("match 1/2"))
    });
    pty.send("\r");
    pty.wait_for("prompt closed, counter kept", |s| {
        s.lines()
            .last()
            .is_some_and(|l| !l.starts_with('/') && l.contains("match 1/2"))
    });
    pty.send("n");
    pty.wait_for("second match", |s| {
        s.lines().last().is_some_and(|l| l.contains("match 2/2"))
    });
    pty.send("n");
    pty.wait_for("wrapped", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("search wrapped") && l.contains("match 1/2"))
    });
    // The sidebar shows where the matches are.
    assert!(
        pty.screen()
            .lines()
            .any(|l| l.contains("5 Raid by Albanian police") && l.contains(" 2"))
    );
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn search_flag_opens_at_the_first_match() {
    let mut pty = Pty::spawn(&["--search", "durres"], 100, 30);
    pty.wait_for("counter", |s| {
        s.lines().last().is_some_and(|l| l.contains("match 1/2"))
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn ctrl_l_and_r_clear_and_redraw_the_whole_screen() {
    let mut pty = Pty::spawn(&[], 100, 30);
    // The whole first screen: from the title to the status line, its line
    // count exact (the first frame shows an estimate, `~`, until the rest
    // of the document is wrapped right after it).
    let whole =
        |s: &str| s.contains("h help") && s.contains("that expired in 2018.") && !s.contains("/~");
    pty.wait_for("first screen", whole);
    let first = pty.screen();
    for key in ["\x0c", "r"] {
        // Cells the terminal shows but the reader never drew (what a width
        // disagreement leaves behind), where its last frame has text.
        pty.parser.process(b"\x1b[3;1HLEFTOVER\x1b[30;90Hstale");
        assert!(pty.screen().contains("LEFTOVER"));
        pty.send(key);
        pty.wait_for("redrawn", |s| {
            whole(s) && !s.contains("LEFTOVER") && !s.contains("stale")
        });
        assert_eq!(pty.screen(), first, "after {key:?}");
    }
}

/// Resizes the pty (the program gets SIGWINCH) without resizing the vt100
/// screen that reads it, which could not hold 65535×65535 cells either.
fn resize_pty(pty: &Pty, cols: u16, rows: u16) {
    pty.master
        .resize(portable_pty::PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
}

#[test]
fn a_huge_window_and_a_resize_storm_never_kill_the_reader() {
    // The screen buffers of a 65535x65535 terminal would take hundreds of
    // gigabytes; what is drawn is capped and the reader keeps answering.
    let mut pty = Pty::spawn(&[], 90, 26);
    pty.wait_text("h help");
    resize_pty(&pty, 65535, 65535);
    pty.send("j");
    // A storm of sizes up to 65535, with keys in between.
    let mut seed: u32 = 0x2545_f491;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    for i in 0..40 {
        let cols = (next() % 65536) as u16;
        let rows = (next() % 65536) as u16;
        resize_pty(&pty, cols, rows);
        if i % 4 == 0 {
            pty.send("j");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(
            pty.child.try_wait().unwrap().is_none(),
            "the reader ended after a resize to {cols}x{rows}"
        );
    }
    resize_pty(&pty, 65535, 65535);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        pty.child.try_wait().unwrap().is_none(),
        "alive at 65535x65535"
    );
    // Back to a normal size: it answers at that size, the key typed with
    // the resize included.
    resize_pty(&pty, 90, 26);
    pty.parser.screen_mut().set_size(26, 90);
    pty.send("G");
    // Frames of 1000x1000 cells take a debug build a while to draw.
    let slow = std::time::Duration::from_secs(60);
    pty.wait_for_within("the end of the document at 90x26", slow, |s| {
        s.contains("100%") && s.contains("Source: Camp Ashraf 3")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// The percentage the status line gives the view (`37%  line 12/80`),
/// not a load's (`loading 45% ·`).
fn view_percent(screen: &str) -> Option<u32> {
    let status = screen.lines().last()?;
    let at = status.find("%  line ")?;
    let digits: String = status[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// `G` in a code block of 50,000 lines drew a place on the way first
/// (`32% …/~31812`), then the end. Every screen drawn after `G` is now the
/// view it was pressed in or the end.
#[test]
fn g_in_a_long_code_block_draws_no_place_on_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("code.md");
    let code: String = (0..50_000)
        .map(|i| format!("let line_{i} = compute({i}) + other_value * 2;\n"))
        .collect();
    std::fs::write(&path, format!("# Code\n\nBefore.\n\n```rust\n{code}```\n")).unwrap();
    let mut pty = Pty::spawn(&[path.to_str().unwrap()], 100, 30);
    pty.wait_for("first screen", |s| view_percent(s) == Some(0));
    pty.send("G");
    let mut seen = Vec::new();
    pty.wait_seeing_each(
        "the end",
        |s| {
            if let Some(p) = view_percent(s)
                && seen.last() != Some(&p)
            {
                seen.push(p);
            }
        },
        |s| s.contains("let line_49999 =") && view_percent(s) == Some(100),
    );
    assert!(
        seen.iter().all(|&p| p == 0 || p == 100),
        "places shown after G: {seen:?}%"
    );
    pty.send("q");
    assert!(pty.wait_exit().success());
}
