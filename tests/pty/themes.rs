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
