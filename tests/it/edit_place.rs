//! `v`: the source line of the place pointed at when the same words are
//! shown more than once in a long section, in a list inside an alert, or
//! as a badge's alt text (issue 19 item 2).

use camp_reader::app::{App, Effect, Event};
use camp_reader::load::source_line::place_line;
use camp_reader::settings::keymap::Command;

/// One long section where the same words come back, an alert with a
/// link in a nested list, and a badge.
fn document() -> String {
    let mut t = String::from("# Guide\n\nIntro.\n\n## Switches\n\n");
    t.push_str("- [alpha switch](#alpha-switch)\n- [beta switch](#beta-switch)\n\n");
    t.push_str("The Widget engine is described below.\n\n");
    for i in 1..=6 {
        t.push_str(&format!("Filler paragraph {i} of the long section.\n\n"));
    }
    t.push_str("**alpha switch**\n\nDepend on the crate with care.\n\n");
    for i in 7..=12 {
        t.push_str(&format!("Filler paragraph {i} of the long section.\n\n"));
    }
    t.push_str("> [!WARNING]\n> Notes on engines:\n> - first note\n");
    t.push_str(">   - uses [Widget](https://example.org/Widget) as the default engine.\n\n");
    t.push_str("**beta switch**\n\nDepend on the crate with care.\n\n");
    t.push_str("Related:\n\n- [alpha switch](#alpha-switch)\n- [beta switch](#beta-switch)\n\n");
    t.push_str("## Badges\n\nSome words before it.\n\n");
    t.push_str(
        "[![Crates.io](https://img.example/Crates.io/v)](https://crates.example/Crates.io)\n\n",
    );
    t.push_str("The end of the badges.\n");
    t
}

/// The source line `v` asks the editor to open at, found as the loop finds it.
fn edit_line(a: &mut App, source: &str) -> u32 {
    a.update(Command::Edit);
    match a.take_effects().as_slice() {
        [
            Effect::EditDocument {
                line,
                near,
                seen,
                lines_down,
                ..
            },
        ] => place_line(source, *line, near.as_deref(), *seen, *lines_down),
        other => panic!("{other:?}"),
    }
}

/// The 1-based lines of `source` holding `what`.
fn lines_of(source: &str, what: &str) -> Vec<u32> {
    source
        .lines()
        .zip(1..)
        .filter(|(l, _)| l.contains(what))
        .map(|(_, n)| n)
        .collect()
}

fn app(source: &str) -> App {
    let doc = camp_reader::load::parse_markdown("guide.md", "guide", source).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(60, 10));
    a
}

/// Tabs to the `nth` link (from 0) whose text is `text`, bringing it on
/// screen first with a search for `near` (a word just above it).
fn select_link(a: &mut App, text: &str, near: &str) {
    a.update(Event::StartSearch {
        query: near.into(),
        regex: false,
    });
    let wanted = {
        let doc = &a.reader().doc;
        let found = doc.text().find(near).unwrap();
        doc.links
            .iter()
            .position(|l| {
                l.start as usize > found && &doc.text()[l.start as usize..l.end as usize] == text
            })
            .unwrap()
    };
    for _ in 0..20 {
        a.update(Command::LinkNext);
        if a.reader().link_cursor == Some(wanted) {
            return;
        }
    }
    panic!("link {text} after {near} not selected");
}

#[test]
fn v_from_the_top_line_never_goes_back_as_the_view_goes_down() {
    let source = document();
    let mut a = app(&source);
    let mut last = 0;
    let mut seen = Vec::new();
    for _ in 0..200 {
        let line = edit_line(&mut a, &source);
        assert!(line >= last, "from line {last} back to {line}");
        seen.push(line);
        last = line;
        a.update(Command::LineDown);
    }
    // The repeated paragraph's second place and the alert's text (not
    // its title, which the source does not show as such) are opened at.
    let care = lines_of(&source, "Depend on the crate");
    assert!(seen.contains(&care[1]), "{seen:?}");
    let notes = lines_of(&source, "Notes on engines")[0];
    assert!(seen.contains(&notes), "{seen:?}");
}

#[test]
fn v_at_a_link_whose_words_the_section_showed_before_opens_at_that_link() {
    let source = document();
    let mut a = app(&source);
    select_link(&mut a, "alpha switch", "Related");
    let want = lines_of(&source, "- [alpha switch]");
    assert_eq!(edit_line(&mut a, &source), want[1], "not the first list's");
    select_link(&mut a, "beta switch", "Related");
    let want = lines_of(&source, "- [beta switch]");
    assert_eq!(edit_line(&mut a, &source), want[1]);
}

#[test]
fn v_at_a_link_in_a_list_in_an_alert_opens_at_its_line() {
    let source = document();
    let mut a = app(&source);
    select_link(&mut a, "Widget", "first note");
    assert_eq!(
        edit_line(&mut a, &source),
        lines_of(&source, "[Widget](")[0]
    );
    // The same place as the current match on screen.
    let mut a = app(&source);
    a.update(Event::StartSearch {
        query: "Widget".into(),
        regex: false,
    });
    a.update(Command::SearchNext);
    assert!(a.reader().current_in_view);
    assert_eq!(
        edit_line(&mut a, &source),
        lines_of(&source, "[Widget](")[0]
    );
}

#[test]
fn v_at_a_badge_opens_at_its_image() {
    let source = document();
    let mut a = app(&source);
    select_link(&mut a, "[img] Crates.io", "Some words");
    assert_eq!(
        edit_line(&mut a, &source),
        lines_of(&source, "![Crates.io]")[0]
    );
}

/// At the end of the document the sidebar marks the last section (its
/// heading cannot reach the top), but `v` opens the top line, as the key
/// list says: after `G`, the text on the top line, not the last heading
/// further down (the trial: regex's README opened at `### License`).
#[test]
fn v_after_the_end_opens_at_the_top_line_not_the_last_heading() {
    let mut source = String::from("# Guide\n\n## Benchmarks\n\n");
    for i in 1..=30 {
        source.push_str(&format!("Timing line {i} of the benchmarks.\\\n"));
    }
    source.push_str("\n## License\n\nMIT.\n");
    let mut a = app(&source);
    a.update(Command::Bottom);
    let top = a.reader().top;
    let doc = &a.reader().doc;
    assert_eq!(a.current_section(), doc.find_section("license").unwrap());
    // The top line is one of the paragraph's lines: which, the layout says.
    let line = a.reader().layout.cached_lines(top.block).unwrap()[top.line].clone();
    let words = doc.text()[line].to_string();
    let n: u32 = words
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("top line {words:?}"));
    let want = lines_of(&source, &format!("Timing line {n} "))[0];
    assert_eq!(edit_line(&mut a, &source), want, "top line {words:?}");
}

/// Every line of a code block, its last `}` too, opens at its own source
/// line: a line with no words after it in the block opened the section's
/// heading (crossterm's README: the `}` on line 137 opened `+93`).
#[test]
fn v_on_each_line_of_a_code_block_opens_that_line() {
    let mut source =
        String::from("# Doc\n\nIntro.\n\n## S\n\n```rust\nfn main() {\n    a();\n}\n```\n");
    for i in 1..=20 {
        source.push_str(&format!("\nFiller paragraph {i}.\n"));
    }
    let mut a = app(&source);
    let lines: Vec<&str> = source.lines().collect();
    let mut checked = Vec::new();
    for _ in 0..12 {
        // The first text row, under the title row.
        let top = crate::common::row(&crate::common::draw(&a), 1);
        let top = top.trim_matches(|c: char| c == '│' || c == '█' || c.is_whitespace());
        if let Some(want) = ["fn main() {", "a();", "}"]
            .iter()
            .find(|l| top == **l)
            .and_then(|l| lines.iter().position(|s| s.trim() == *l))
        {
            let want = want as u32 + 1;
            assert_eq!(edit_line(&mut a, &source), want, "top line {top:?}");
            checked.push(want);
        }
        a.update(Command::LineDown);
    }
    assert_eq!(checked.len(), 3, "{checked:?}");
}
