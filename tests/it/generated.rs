//! Shell completions and the man page, generated from the clap definition.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("camp-reader")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_cover_every_option() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["--completions", shell]);
        assert!(script.contains("camp-reader"), "{shell}");
        for flag in ["toc", "print", "search", "section", "no-mouse", "man"] {
            // fish spells long options `-l toc`.
            let found =
                script.contains(&format!("--{flag}")) || script.contains(&format!("-l {flag}"));
            assert!(found, "{shell} completion lacks --{flag}");
        }
    }
}

#[test]
fn man_page_is_roff_with_every_option() {
    let page = run(&["--man"]);
    assert!(page.contains(".TH camp-reader 1"));
    assert!(page.contains(".SH NAME"));
    for flag in ["toc", "print", "search", "section", "completions"] {
        assert!(
            page.contains(&format!("\\-\\-{flag}")),
            "man page lacks --{flag}"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    Command::cargo_bin("camp-reader")
        .unwrap()
        .args(["--completions", "tcsh"])
        .assert()
        .code(2);
}
