//! Themes as files: `--print-theme`, themes of one's own in the themes
//! folder (`--theme NAME`, `theme = "NAME"`), and a bad theme file's error.

use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

use crate::common;

/// The binary with its config folder (and so its themes folder) in `config`.
fn run_in(config: &std::path::Path, args: &[&str]) -> Output {
    Command::cargo_bin("camp-reader")
        .expect("the camp-reader binary")
        .env("XDG_CONFIG_HOME", config)
        .env("XDG_STATE_HOME", config.join("state"))
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("run camp-reader")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// A config folder with `themes/NAME.toml` for each of `themes`.
fn config_with(themes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let themes_dir = dir.path().join("camp-reader").join("themes");
    std::fs::create_dir_all(&themes_dir).unwrap();
    for (name, body) in themes {
        std::fs::write(themes_dir.join(format!("{name}.toml")), body).unwrap();
    }
    dir
}

#[test]
fn print_theme_prints_a_builtin_theme_as_its_file() {
    let dir = config_with(&[]);
    for (name, file) in [
        ("dark", include_str!("../../assets/themes/dark.toml")),
        ("light", include_str!("../../assets/themes/light.toml")),
        (
            "high-contrast",
            include_str!("../../assets/themes/high-contrast.toml"),
        ),
        (
            "terminal",
            include_str!("../../assets/themes/terminal.toml"),
        ),
    ] {
        let out = run_in(dir.path(), &["--print-theme", name]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), file, "{name}");
    }
    let out = run_in(dir.path(), &["--print-theme", "solarized"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("unknown theme \"solarized\" (themes: dark, light, high-contrast, terminal)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_theme_file_of_ones_own_inherits_and_is_printed_whole() {
    let dir = config_with(&[(
        "mine",
        "inherits = \"dark\"\n\"heading.top\" = { fg = \"#ff0000\", modifiers = [\"bold\"] }\n",
    )]);
    let out = run_in(dir.path(), &["--print-theme", "mine"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(
        printed.contains(
            "\"heading.top\"                     = { fg = \"#ff0000\", modifiers = [\"bold\"] }\n"
        ),
        "{printed}"
    );
    // What it did not set is dark's.
    assert!(
        printed.contains(
            "\"heading\"                         = { fg = \"yellow\", modifiers = [\"bold\"] }\n"
        ),
        "{printed}"
    );
    // Listed among the themes an unknown name is told about.
    let out = run_in(dir.path(), &["--theme", "nope", "--print"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("terminal, mine)"),
        "{}",
        text(&out.stderr)
    );

    // Drawn in the reader, by --theme and by the config file.
    let config = dir.path().to_str().unwrap();
    for (args, config_text) in [
        (&["--theme", "mine"][..], None),
        (&[][..], Some("theme = \"mine\"\n")),
    ] {
        if let Some(t) = config_text {
            std::fs::write(dir.path().join("camp-reader").join("config.toml"), t).unwrap();
        }
        let mut pty = common::Pty::spawn_with(args, 100, 30, &[("XDG_CONFIG_HOME", config)]);
        pty.wait_text("Camp Ashraf");
        pty.watch_for(std::time::Duration::from_millis(300));
        let raw = String::from_utf8_lossy(&pty.raw).into_owned();
        assert!(raw.contains("38;2;255;0;0"), "{args:?}: the heading is red");
        pty.send("q");
        pty.wait_exit();
    }
}

#[test]
fn a_bad_theme_file_is_an_error_with_its_place_and_status_2() {
    let dir = config_with(&[(
        "bad",
        "inherits = \"dark\"\n\"link\" = { fg = \"purple\" }\n",
    )]);
    let path = dir.path().join("camp-reader/themes/bad.toml");
    let expected = format!(
        "camp-reader: {}:2:17: unknown colour \"purple\"",
        path.display()
    );
    // Named on the command line, or in the config file; in the reader and
    // in every other mode that reads the config.
    let config = dir.path().join("camp-reader").join("config.toml");
    for (args, config_text) in [
        (&["--theme", "bad", "--print"][..], ""),
        (&["--theme", "bad", "--check"][..], ""),
        (&["--print"][..], "theme = \"bad\"\n"),
    ] {
        std::fs::write(&config, config_text).unwrap();
        let out = run_in(dir.path(), args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&expected), "{args:?}: {err}");
        assert!(
            err.contains("\"link\" = { fg = \"purple\" }"),
            "the line is shown: {err}"
        );
        assert_eq!(out.stdout, b"", "{args:?}");
    }
    std::fs::write(&config, "").unwrap();
    let mut pty = common::Pty::spawn_with(
        &["--theme", "bad"],
        100,
        30,
        &[("XDG_CONFIG_HOME", dir.path().to_str().unwrap())],
    );
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 2);
    assert!(
        pty.screen().contains("2:17: unknown colour"),
        "{}",
        pty.screen()
    );
}

// ---- --print --color, --code-theme, --list-themes (issue 22) ----

const CODE_DOC: &str =
    "# Code\n\nSome *em* and `code`.\n\n```rust\nfn main() {\n    let x: u32 = 42; // c\n}\n```\n";

/// The SGR parameter lists in `text`, checking that every escape
/// sequence in it is an SGR (`ESC [ digits and ; m`).
fn sgr_only(text: &str) -> Vec<&str> {
    text.split('\x1b')
        .skip(1)
        .map(|seq| {
            let end = seq
                .find('m')
                .unwrap_or_else(|| panic!("not an SGR: {seq:?}"));
            let params = seq.strip_prefix('[').expect("a CSI");
            let params = &params[..end - 1];
            assert!(
                params.bytes().all(|b| b.is_ascii_digit() || b == b';'),
                "not an SGR: {seq:?}"
            );
            params
        })
        .collect()
}

fn strip(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('\x1b').enumerate() {
        out.push_str(if i == 0 {
            part
        } else {
            &part[part.find('m').unwrap() + 1..]
        });
    }
    out
}

#[test]
fn print_color_always_adds_only_sgr_and_the_default_to_a_pipe_stays_plain() {
    let dir = config_with(&[]);
    let doc = dir.path().join("code.md");
    std::fs::write(&doc, CODE_DOC).unwrap();
    let doc = doc.to_str().unwrap();
    let plain = run_in(dir.path(), &["--print", doc]);
    assert_eq!(plain.status.code(), Some(0));
    let plain = text(&plain.stdout);
    assert!(!plain.contains('\x1b'), "{plain:?}");
    for args in [
        vec!["--print", "--color", "never", doc],
        vec!["--print", "--color", "auto", doc],
        vec![doc],
    ] {
        let out = run_in(dir.path(), &args);
        assert_eq!(text(&out.stdout), plain, "{args:?}: plain to a pipe");
    }
    let coloured = text(&run_in(dir.path(), &["--print", "--color", "always", doc]).stdout);
    let sgr = sgr_only(&coloured);
    assert!(sgr.len() > 5, "{coloured:?}");
    // Nothing but SGR added, and the spaces that carry the code block's
    // background to its edge.
    let stripped = strip(&coloured);
    let trimmed: Vec<&str> = stripped.split('\n').map(str::trim_end).collect();
    assert_eq!(trimmed.join("\n"), plain, "nothing but SGR added");
    assert!(
        stripped.lines().any(|l| l.ends_with(' ')),
        "the dark theme's code background reaches the block's edge"
    );
    for line in coloured.lines() {
        camp_reader::testing::output_check::check_terminal_bytes(line.as_bytes())
            .unwrap_or_else(|why| panic!("{why}"));
    }
    // The Rust line: at least three foreground colours.
    let line = coloured
        .lines()
        .find(|l| strip(l).contains("let x"))
        .unwrap();
    let fgs: std::collections::BTreeSet<&str> = sgr_only(line)
        .into_iter()
        .filter_map(|p| {
            p.split(';')
                .find(|c| matches!(c.parse::<u8>(), Ok(30..=37 | 90..=97)))
        })
        .collect();
    assert!(fgs.len() >= 3, "{fgs:?} in {line:?}");
    // The config's `color` does the same; the command line wins over it.
    std::fs::write(
        dir.path().join("camp-reader/config.toml"),
        "color = \"always\"\n",
    )
    .unwrap();
    let out = text(&run_in(dir.path(), &["--print", doc]).stdout);
    assert_eq!(out, coloured);
    let out = text(&run_in(dir.path(), &["--print", "--color", "never", doc]).stdout);
    assert_eq!(out, plain);
}

#[test]
fn print_color_auto_colours_a_terminal_unless_no_color_is_set() {
    let dir = config_with(&[]);
    let doc = dir.path().join("code.md");
    std::fs::write(&doc, CODE_DOC).unwrap();
    let doc = doc.to_str().unwrap();
    let run = |env: &[(&str, &str)], color: &str| {
        let mut pty = common::Pty::spawn_with(&["--print", "--color", color, doc], 80, 30, env);
        assert_eq!(pty.wait_exit().exit_code(), 0);
        String::from_utf8_lossy(&pty.raw).into_owned()
    };
    let coloured = run(&[("NO_COLOR", "")], "auto");
    assert!(
        coloured.contains("\x1b["),
        "auto on a terminal: {coloured:?}"
    );
    for line in coloured.split("\r\n") {
        sgr_only(line);
    }
    let plain = run(&[("NO_COLOR", "1")], "auto");
    assert!(!plain.contains('\x1b'), "NO_COLOR under auto: {plain:?}");
    let plain = run(&[("NO_COLOR", "")], "never");
    assert!(!plain.contains('\x1b'), "never: {plain:?}");
    // always with NO_COLOR: the reader's NO_COLOR look, attributes only.
    let attributes = run(&[("NO_COLOR", "1")], "always");
    let sgr = sgr_only(&attributes);
    assert!(!sgr.is_empty(), "{attributes:?}");
    for p in sgr {
        assert!(
            p.split(';')
                .all(|c| matches!(c, "0" | "1" | "2" | "3" | "4" | "7" | "9")),
            "no colour under NO_COLOR: {p:?}"
        );
    }
}

#[test]
fn code_theme_from_the_command_line_the_config_or_a_theme_file() {
    let dir = config_with(&[(
        "mono",
        "inherits = \"dark\"\ncode-theme = \"Monokai Extended\"\n",
    )]);
    let doc = dir.path().join("code.md");
    std::fs::write(&doc, CODE_DOC).unwrap();
    let doc = doc.to_str().unwrap();
    let print = |args: &[&str]| {
        let mut all = vec!["--print", "--color", "always", doc];
        all.extend_from_slice(args);
        let out = run_in(dir.path(), &all);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let roles = print(&[]);
    // Monokai's keyword colour (#f92672) in true colour, as bat shows it.
    let monokai = print(&["--code-theme", "monokai extended"]);
    assert!(monokai.contains("38;2;249;38;114"), "{monokai:?}");
    assert!(!roles.contains("38;2;"), "{roles:?}");
    assert_eq!(strip(&monokai), strip(&roles));
    assert_eq!(print(&["--theme", "mono"]), monokai, "from a theme file");
    std::fs::write(
        dir.path().join("camp-reader/config.toml"),
        "code-theme = \"Monokai Extended\"\n",
    )
    .unwrap();
    assert_eq!(print(&[]), monokai, "from the config");
    // An unknown scheme is an error naming the ones there are.
    let out = run_in(dir.path(), &["--print", "--code-theme", "nope", doc]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("ansi, base16") && err.contains("--list-themes"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("camp-reader/config.toml"),
        "\ncode-theme = \"nope\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["--print", doc]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("config.toml:2:14:"), "{err}");
    assert!(
        err.contains("`code-theme` must name a colour scheme"),
        "{err}"
    );
}

#[test]
fn list_themes_lists_builtin_user_and_code_themes() {
    let dir = config_with(&[("mine", "inherits = \"light\"\n")]);
    let doc = dir.path().join("code.md");
    std::fs::write(&doc, CODE_DOC).unwrap();
    let doc = doc.to_str().unwrap();
    let out = run_in(dir.path(), &["--list-themes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .collect();
    for name in [
        "dark",
        "light",
        "high-contrast",
        "terminal",
        "Monokai Extended",
        "Solarized (light)",
        "ansi",
    ] {
        assert!(names.contains(&name), "{name} in {listed}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("mine (") && n.ends_with("themes/mine.toml)")),
        "{listed}"
    );
    // Every code theme listed can be chosen.
    let code = listed.split("\n\n").nth(1).expect("two lists");
    for name in code.lines().filter_map(|l| l.strip_prefix("  ")) {
        let out = run_in(
            dir.path(),
            &["--print", "--code-theme", name, "--color", "always", doc],
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
    }
}
