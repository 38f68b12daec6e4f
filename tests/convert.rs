//! `--to-markdown` (and `--to-toml`): what the binary writes, and that
//! loading the converted document gives the model of the original.

use std::path::Path;

use assert_cmd::Command;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("camp-reader").expect("the camp-reader binary");
    let tmp = std::env::temp_dir();
    cmd.env("XDG_STATE_HOME", tmp.join("camp-reader-convert-state"))
        .env("XDG_CONFIG_HOME", tmp.join("camp-reader-convert-config"));
    cmd
}

/// Runs with `args` on a file holding `text`: (status, stdout, stderr).
fn convert(text: &str, name: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    run_on(&path, args)
}

fn run_on(path: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).arg(path).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_embedded_article_as_markdown() {
    let out = bin().arg("--to-markdown").output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Camp Ashraf 3\n\n## Overview {#overview}\n\nCamp Ashraf 3 is"));
    assert!(
        md.contains("\n## Raid by Albanian police {#raid-by-albanian-police}\n"),
        "{md}"
    );
    assert!(
        md.ends_with("\nSource: Camp Ashraf 3 — Wikipedia — CC BY-SA\n"),
        "{md}"
    );
}

const NESTED: &str = r#"title = "T"
subtitle = "Sub \"quoted\""
[[sections]]
title = "A *star* and # hash"
id = "a"
body = """
- not a list

1. not numbered either
"""
[[sections.links]]
text = "Ref [1]"
url = "https://example.org/a b"
[[sections.links]]
text = "No address"
[[sections.sections]]
title = "A.1"
"#;

#[test]
fn front_matter_holds_a_subtitle_and_plain_text_is_escaped() {
    let (status, md, err) = convert(NESTED, "n.toml", &["--to-markdown"]);
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(
        md,
        "---\ntitle: \"T\"\nsubtitle: \"Sub \\\"quoted\\\"\"\n---\n\n\
         # A \\*star\\* and \\# hash {#a}\n\n\\- not a list\n\n1\\. not numbered either\n\n\
         - [Ref \\[1\\]](<https://example.org/a b>)\n- No address\n\n\
         ## A.1 {#a-1}\n"
    );
}

#[test]
fn markdown_bodies_are_kept_as_written() {
    let text = "title = \"T\"\nmarkup = \"markdown\"\n[[sections]]\ntitle = \"S\"\nbody = \"\"\"\n- eggs\n- milk\n\n```rust\nfn main() {}\n\"\"\"\n[[sections.links]]\ntext = \"L\"\nurl = \"u\"\n";
    let (status, md, err) = convert(text, "m.toml", &["--to-markdown"]);
    assert_eq!(status, Some(0), "{err}");
    // The open fence is closed (in a file it would run on).
    assert_eq!(
        md,
        "# T\n\n## S {#s}\n\n- eggs\n- milk\n\n```rust\nfn main() {}\n```\n\n- [L](u)\n"
    );
    // The link list does not continue a list the body ends with.
    let text = text.replace("\n\n```rust\nfn main() {}\n", "\n");
    let (_, md, _) = convert(&text, "m.toml", &["--to-markdown"]);
    assert_eq!(md, "# T\n\n## S {#s}\n\n- eggs\n- milk\n\n* [L](u)\n");
}

#[test]
fn what_markdown_cannot_hold_is_refused() {
    let mut deep = String::from("title = \"T\"\n");
    let mut header = String::from("sections");
    for i in 1..=7 {
        deep.push_str(&format!("[[{header}]]\ntitle = \"L{i}\"\n"));
        header.push_str(".sections");
    }
    let (status, md, err) = convert(&deep, "deep.toml", &["--to-markdown"]);
    assert_eq!(status, Some(2));
    assert_eq!(md, "");
    assert!(
        err.contains(
            "deep.toml: cannot write as Markdown: section 1.1.1.1.1.1.1 is nested 7 levels deep"
        ),
        "{err}"
    );
    // Six levels fit, with the title in front matter.
    let six = deep.rsplit_once("[[").unwrap().0.to_string();
    let (status, md, err) = convert(&six, "six.toml", &["--to-markdown"]);
    assert_eq!(status, Some(0), "{err}");
    assert!(
        md.starts_with("---\ntitle: \"T\"\n---\n\n# L1 {#l1}\n"),
        "{md}"
    );
    assert!(md.contains("\n###### L6 {#l6}\n"), "{md}");

    let spaced = "title = \"T\"\n[[sections]]\ntitle = \"S\"\nid = \"two words\"\n";
    let (status, _, err) = convert(spaced, "id.toml", &["--to-markdown"]);
    assert_eq!(status, Some(2));
    assert!(err.contains("section 1 has the id \"two words\""), "{err}");
}

#[test]
fn a_bad_document_is_a_located_error() {
    let (status, md, err) = convert("title = 3\n", "bad.toml", &["--to-markdown"]);
    assert_eq!(status, Some(2));
    assert_eq!(md, "");
    assert!(err.contains("bad.toml:1:9: invalid type"), "{err}");
}
