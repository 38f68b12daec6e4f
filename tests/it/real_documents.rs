//! Markdown no one here wrote: every `README.md` and `CHANGELOG.md` in the
//! sources of this project's dependencies (found through `cargo metadata`;
//! read where cargo keeps them, never copied here) opens, draws at
//! 120×40 (every page), 80×24 and 30×10 (every page laid out, every
//! fifth drawn) with only the backend's own
//! escape sequences, and its `--print` text holds every word of the
//! file's text content and shows no HTML tag or comment outside code.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use camp_reader::app::{App, Options};
use camp_reader::load::{self, DEFAULT_MAX_SIZE, Input};
use camp_reader::model::document::Document;
use camp_reader::settings::keymap::Command;
use camp_reader::text::sanitize::sanitize;
use common::Screen;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

fn open(path: &Path) -> Document {
    load::load(&Input::File(path.to_path_buf()), DEFAULT_MAX_SIZE)
        .unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()))
}

/// Pages through every document at `w`×`h`, drawing every `every`th page
/// and the last, checking every frame's bytes. (Every page is laid out;
/// drawing all of them at one size puts every character through the
/// backend, and a debug build draws a frame in milliseconds.)
fn draws_at(w: u16, h: u16, every: usize) {
    for path in common::dependency_documents() {
        let mut app = App::new(open(&path), Options::default());
        app.update(camp_reader::app::Event::Resize(w, h));
        let mut screen = Screen::new(w, h);
        let what = format!("{} at {w}×{h}", path.display());
        screen.frame(&app, &what);
        for page in 1.. {
            let before = app.reader().top;
            app.update(Command::PageDown);
            let last = app.reader().top == before;
            if last || page % every == 0 {
                screen.frame(&app, &format!("{what}, page {page}"));
            }
            if last {
                break;
            }
        }
    }
}

#[test]
fn every_readme_and_changelog_draws_at_120_by_40() {
    draws_at(120, 40, 1);
}

#[test]
fn every_readme_and_changelog_draws_at_80_by_24() {
    draws_at(80, 24, 5);
}

#[test]
fn every_readme_and_changelog_draws_at_30_by_10() {
    draws_at(30, 10, 5);
}

/// Letters and digits in runs: punctuation, markers and line breaks
/// around a word do not change it.
/// `text` without the backticks between two letters or digits, which
/// then count as one word, in the text as in `--print` (which adds one
/// after inline code: `` `File`s ``).
fn join_backticks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let letter = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(|c| c.is_alphanumeric())
    };
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| !(c == '`' && letter(i.checked_sub(1)) && letter(Some(i + 1))))
        .map(|(_, &c)| c)
        .collect()
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The text content of Markdown, as pulldown-cmark reads it: text, code,
/// raw HTML (camp-reader shows it literally), no link addresses.
fn text_content(markdown: &str) -> String {
    let options = load::markdown_options();
    let mut out = String::new();
    let mut in_metadata = false;
    // An HTML block's lines, read whole for their text content (tags and
    // comments dropped, an image as its alt text, entities decoded).
    let mut html = String::new();
    let html_words =
        |raw: &str| crate::commonmark::html_text(&crate::commonmark::browser_visible(raw));
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Html(t) => html.push_str(&t),
            Event::End(TagEnd::HtmlBlock) => {
                out.push(' ');
                out.push_str(&html_words(&html));
                out.push(' ');
                html.clear();
            }
            Event::InlineHtml(t) => out.push_str(&html_words(&t)),
            Event::Text(t) | Event::Code(t) if !in_metadata => out.push_str(&t),
            // Inline pieces run together (`CompactString`s is one word);
            // blocks, items, cells and line breaks part words.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::Start(_)
            | Event::End(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[test]
fn every_readme_and_changelog_prints_every_word() {
    for path in common::dependency_documents() {
        let doc = open(&path);
        // Wide enough that no line wraps: a code line longer than the
        // width is cut mid-word (with a continuation mark) by design.
        let printed = camp_reader::render::print::print(&doc, None, 1 << 16, false);
        // `--print` writes `text <address>` for each link whose address
        // is not its text: take out exactly those, once per link, so a
        // link inside a word (`[Constraint](url)s`) joins up again and
        // no address word counts as text.
        let printed = (0..doc.links.len()).fold(printed, |printed, l| {
            let written = doc.link_target(l);
            let address = format!(" <{}>", sanitize(written));
            printed.replacen(&address, "", 1)
        });
        // `--print` sets inline code between backticks: one between two
        // letters (`` `CompactString`s ``) was not in the text.
        let printed = join_backticks(&printed);
        let mut have: HashMap<&str, usize> = HashMap::new();
        for w in words(&printed) {
            *have.entry(w).or_default() += 1;
        }
        let source = std::fs::read_to_string(&path).expect("read");
        let content = join_backticks(&text_content(&source));
        let mut need: HashMap<&str, usize> = HashMap::new();
        for w in words(&content) {
            *need.entry(w).or_default() += 1;
        }
        // GitHub shows a `:smile:` gemoji knows as its picture: that word
        // is the emoji in `--print`.
        let pictured = |w: &str| {
            source.contains(&format!(":{w}:"))
                && emojis::get_by_shortcode(w).is_some_and(|e| printed.contains(e.as_str()))
        };
        let mut missing: Vec<String> = need
            .iter()
            .filter(|(w, n)| have.get(*w).copied().unwrap_or(0) < **n && !pictured(w))
            .map(|(w, n)| format!("{w} ({n}×, printed {}×)", have.get(w).unwrap_or(&0)))
            .collect();
        missing.sort();
        assert!(
            missing.is_empty(),
            "{}: --print lacks {} words: {}",
            path.display(),
            missing.len(),
            missing.join(", ")
        );
    }
}

/// An HTML tag (of an element READMEs use) or comment, as text.
fn html_tag() -> regex::Regex {
    regex::Regex::new(
        r"(?i)<!--|</?(a|abbr|b|big|blockquote|br|center|code|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|ol|p|picture|pre|s|samp|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|var|video)(\s[^<>]*)?/?>",
    )
    .expect("a valid pattern")
}

#[test]
fn no_readme_or_changelog_shows_an_html_tag_or_comment_outside_code() {
    use camp_reader::model::document::{BlockKind, Inline};
    let tag = html_tag();
    let mut seen = Vec::new();
    for path in common::dependency_documents() {
        let doc = open(&path);
        let source = std::fs::read_to_string(&path).expect("read");
        for (i, b) in doc.blocks.iter().enumerate() {
            if matches!(b.kind, BlockKind::Code { .. }) {
                continue;
            }
            // The block's text with inline code blanked out.
            let mut text: Vec<u8> = doc.text().as_bytes()[b.range()].to_vec();
            for s in doc.spans_in(b.range()) {
                if s.style.contains(Inline::CODE) {
                    let from = (s.start.max(b.start) - b.start) as usize;
                    let to = (s.end.min(b.end) - b.start) as usize;
                    text[from..to].fill(b' ');
                }
            }
            let text = String::from_utf8_lossy(&text);
            for m in tag.find_iter(&text) {
                // Written escaped (`Pin\<P\>`): text its author meant.
                let escaped = format!("\\{}", m.as_str());
                if source.contains(&escaped) || source.contains(&escaped.replace('>', "\\>")) {
                    continue;
                }
                seen.push(format!("{} block {i}: {:?}", path.display(), m.as_str()));
            }
        }
    }
    assert!(
        seen.is_empty(),
        "{} shown:\n{}",
        seen.len(),
        seen.join("\n")
    );
}

#[test]
fn the_tag_pattern_finds_tags_and_comments() {
    let tag = html_tag();
    for shown in [
        "<p align=\"center\">",
        "</a>",
        "<br/>",
        "<IMG src=x>",
        "<!-- x -->",
    ] {
        assert!(tag.is_match(shown), "{shown}");
    }
    for prose in ["Vec<T>", "a < b > c", "<https://x.org>", "Result<S, E>"] {
        assert!(!tag.is_match(prose), "{prose}");
    }
}
