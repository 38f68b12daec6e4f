//! Syntax highlighting of code blocks: colours from each theme's code
//! roles, none under NO_COLOR, search matches on top, and highlighting in
//! bounded steps however large a block or a line.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::parse_markdown;
use camp_reader::render::compose::CHOP_LEFT;
use camp_reader::render::highlight::{MAX_LINE, STEP_BYTES};
use camp_reader::settings::keymap::Command;
use camp_reader::settings::theme::{Theme, ThemeName};
use common::{draw, row};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// One block in each language the issue names, an unknown one and none.
const LANGUAGES: &str = r#"# Code

```rust
// A comment
fn main() -> Result<(), String> {
    let x: u32 = 42;
    println!("hello {x}");
}
```

```python
def f(a, b=3):
    return "s" + str(a)  # note
```

```bash
for f in *.md; do echo "$f" | wc -l; done
```

```toml
[package]
name = "x"  # the name
version = 3
```

```json
{"a": [1, true, null], "b": "s"}
```

```yaml
key: value
list: [1, 2]  # comment
```

```go
func main() { fmt.Println("hi", 42) }
```

```js
const f = (a) => a + 1; // js
```

```ts
let n: number = 1;
```

```c
#include <stdio.h>
int main(void) { return 0; }
```

```diff
 context
-removed line
+added line
```

```nosuchlanguage
fn main() { "not coloured" }
```

```
fn main() { "not coloured either" }
```
"#;

fn app_with(source: &str, theme: Theme, w: u16, h: u16) -> App {
    let doc = parse_markdown("t.md", "t", source).expect("loads");
    let mut app = App::new(
        doc,
        Options {
            theme,
            ..Options::default()
        },
    );
    app.update(Event::Resize(w, h));
    app
}

/// Runs the steps the event loop would run between keys; how many.
fn finish(app: &mut App) -> usize {
    let mut steps = 0;
    while app.highlight_pending() {
        app.update(Event::HighlightStep);
        steps += 1;
        assert!(steps < 100_000, "highlighting never ends");
    }
    steps
}

/// The row showing `text`.
fn row_of(buf: &Buffer, text: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| row(buf, y).contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen"))
}

/// The distinct foreground colours of the non-blank cells of row `y`
/// where `text` is shown.
fn colours(buf: &Buffer, y: u16, text: &str) -> Vec<Color> {
    let r = row(buf, y);
    let from = r[..r.find(text).expect("text on the row")].chars().count() as u16;
    let mut out = Vec::new();
    for x in from..from + text.chars().count() as u16 {
        let c = &buf[(x, y)];
        if c.symbol().trim().is_empty() {
            continue;
        }
        if !out.contains(&c.fg) {
            out.push(c.fg);
        }
    }
    out
}

fn themes() -> Vec<(&'static str, Theme)> {
    let mut v: Vec<_> = ThemeName::ALL
        .into_iter()
        .map(|n| (n.name(), Theme::by_name(n)))
        .collect();
    v.push(("no-color", Theme::no_color()));
    v
}

#[test]
fn a_rust_line_shows_at_least_three_colours_and_diff_lines_differ() {
    for name in [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::Terminal,
    ] {
        let mut app = app_with(LANGUAGES, Theme::by_name(name), 100, 90);
        finish(&mut app);
        let buf = draw(&app);
        let y = row_of(&buf, "let x: u32 = 42;");
        let c = colours(&buf, y, "let x: u32 = 42;");
        assert!(c.len() >= 3, "{name:?}: {c:?} on {:?}", row(&buf, y));
        let plus = row_of(&buf, "+added line");
        let minus = row_of(&buf, "-removed line");
        let at = |y: u16| {
            let r = row(&buf, y);
            let x = r[..r.find("line").unwrap()].chars().count() as u16;
            buf[(x, y)].style()
        };
        assert_ne!(at(plus), at(minus), "{name:?}");
        // Unknown and missing languages are plain: one colour.
        for plain in ["\"not coloured\"", "\"not coloured either\""] {
            let y = row_of(&buf, plain);
            assert_eq!(
                colours(&buf, y, plain).len(),
                1,
                "{name:?}: {}",
                row(&buf, y)
            );
        }
    }
}

#[test]
fn without_colour_code_has_attributes_only() {
    let mut app = app_with(LANGUAGES, Theme::no_color(), 100, 90);
    finish(&mut app);
    let buf = draw(&app);
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    // Keywords still stand out, by bold.
    let y = row_of(&buf, "let x: u32 = 42;");
    let r = row(&buf, y);
    let x = r[..r.find("let").unwrap()].chars().count() as u16;
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
}

/// Row `y` as runs of text with their look, for snapshots.
fn styled_row(buf: &Buffer, y: u16) -> String {
    let mut out = String::new();
    let mut last: Option<Style> = None;
    for x in 0..buf.area.width {
        let cell = &buf[(x, y)];
        let style = Style::new()
            .fg(cell.fg)
            .bg(cell.bg)
            .add_modifier(cell.modifier);
        if last != Some(style) {
            let mut tag = Vec::new();
            if cell.fg != Color::Reset {
                tag.push(format!("{:?}", cell.fg));
            }
            if cell.bg != Color::Reset {
                tag.push(format!("on {:?}", cell.bg));
            }
            if !cell.modifier.is_empty() {
                tag.push(format!("{:?}", cell.modifier));
            }
            out.push_str(&format!("‹{}›", tag.join(" ")));
            last = Some(style);
        }
        out.push_str(cell.symbol());
    }
    out.trim_end().to_string()
}

#[test]
fn every_language_in_every_theme() {
    for (name, theme) in themes() {
        let mut app = app_with(LANGUAGES, theme, 72, 90);
        finish(&mut app);
        let buf = draw(&app);
        let rows: Vec<String> = (0..buf.area.height)
            .map(|y| styled_row(&buf, y))
            .filter(|r| !r.chars().all(|c| c == ' '))
            .collect();
        insta::assert_snapshot!(format!("languages_{name}"), rows.join("\n"));
    }
}

#[test]
fn search_matches_are_drawn_over_syntax_colours() {
    let theme = Theme::dark();
    let mut app = app_with(LANGUAGES, theme.clone(), 100, 90);
    app.update(Event::StartSearch {
        query: "println".into(),
        regex: false,
    });
    finish(&mut app);
    let buf = draw(&app);
    let y = row_of(&buf, "println!");
    let r = row(&buf, y);
    let x = r[..r.find("println").unwrap()].chars().count() as u16;
    let cell = &buf[(x, y)];
    let current = theme.code_block.patch(theme.search_current);
    assert_eq!(cell.bg, current.bg.unwrap());
    assert!(cell.modifier.contains(Modifier::REVERSED));
}

/// The keys a reader presses through a huge block.
const KEYS: [Command; 8] = [
    Command::Bottom,
    Command::PageUp,
    Command::PageUp,
    Command::Top,
    Command::PageDown,
    Command::LineDown,
    Command::HalfPageDown,
    Command::Bottom,
];

/// What a key may wait for, in bytes parsed: the frame (16 ms) at 0.4
/// KB/ms, with room left to lay out and draw (release build: Rust parses
/// at 0.8 KB/ms with oniguruma, JavaScript, the slowest grammar measured,
/// at 0.2). A key waits for at most two steps: the one under way between
/// keys when it comes, and the one it runs itself.
const FRAME_BUDGET_BYTES: usize = 6 << 10;

/// Presses `keys`, checking that each key parses at most one step, that
/// no step (the key's, or any the loop runs between keys) parses more than
/// half the frame budget, and so that no key waits longer than the frame.
/// Returns the bytes parsed in all.
fn press_counting_steps(app: &mut App, keys: &[Command]) -> usize {
    const MAX_STEP: usize = FRAME_BUDGET_BYTES / 2;
    const { assert!(STEP_BYTES <= MAX_STEP) };
    let mut parsed = 0;
    for key in keys {
        let before = app.reader().highlight.steps;
        app.update(key.clone());
        let steps = app.reader().highlight.steps - before;
        // A key highlights at most one step's worth: the rest is left
        // to the loop, between keys.
        assert!(steps <= 1, "{key:?}: {steps} steps");
        let bytes = app.reader().highlight.last_step_bytes;
        if steps == 1 {
            assert!(bytes <= MAX_STEP, "{key:?}: {bytes} bytes in a step");
            parsed += bytes;
        }
        // Every step between keys is bounded too.
        let mut n = 0;
        while app.highlight_pending() && n < 40 {
            app.update(Event::HighlightStep);
            let bytes = app.reader().highlight.last_step_bytes;
            assert!(bytes <= MAX_STEP, "{key:?}: {bytes} bytes in a step");
            parsed += bytes;
            n += 1;
        }
    }
    parsed
}

#[test]
fn a_20000_line_block_and_a_100_kb_line_are_highlighted_in_bounded_steps() {
    let mut long = String::from("# Big\n\n```rust\n");
    for i in 0..20_000 {
        long.push_str(&format!("let x{i} = \"s\" + {i}; // c\n"));
    }
    long.push_str("```\n");
    let mut wide = String::from("# Wide\n\n```rust\nlet a = 1;\n");
    wide.push_str(&format!("let b = \"{}\";\n", "x".repeat(100 << 10)));
    wide.push_str("let c = 3;\n```\n");
    for source in [long, wide] {
        let mut app = app_with(&source, Theme::dark(), 100, 40);
        press_counting_steps(&mut app, &KEYS);
        // Given the steps, what is on screen gets its colours: `G` wraps
        // a long block in steps too, as the loop gives them between keys.
        app.update(Command::Bottom);
        while app.wrap_pending() {
            app.update(Event::WrapStep);
        }
        finish(&mut app);
        let buf = draw(&app);
        let y = (0..buf.area.height)
            .rev()
            .find(|&y| row(&buf, y).contains("let c = 3;") || row(&buf, y).contains("let x19999"))
            .expect("code at the bottom");
        let r = row(&buf, y);
        let text = if r.contains("let c") {
            "let c = 3;"
        } else {
            "let x19999 = \"s\""
        };
        assert!(colours(&buf, y, text).len() >= 3, "{r}");
    }
}

#[test]
fn a_line_over_the_limit_stays_plain_and_the_code_after_it_is_coloured() {
    let source = format!(
        "# Wide\n\n```rust\nlet a = 1;\nlet b = \"{}\"; let d = 4;\nlet c = 3;\n```\n",
        "x".repeat(MAX_LINE)
    );
    let mut app = app_with(&source, Theme::dark(), 100, 40);
    app.update(Command::Bottom);
    finish(&mut app);
    let buf = draw(&app);
    let y = row_of(&buf, "let d = 4;");
    assert_eq!(colours(&buf, y, "let d = 4;").len(), 1, "{}", row(&buf, y));
    // The parse goes on from the state before the long line: its opening
    // quote does not turn the next line into a string.
    let y = row_of(&buf, "let c = 3;");
    assert!(
        colours(&buf, y, "let c = 3;").len() >= 3,
        "{}",
        row(&buf, y)
    );
}

#[test]
fn a_long_line_is_parsed_in_pieces_with_its_state_carried_across_them() {
    // A string 3 steps long: cut inside it, then code after it on the
    // same line, and a line after that.
    let inside = "y".repeat(3 * STEP_BYTES);
    let source = format!("# Long\n\n```rust\nlet b = \"{inside}\"; let n = 42;\nlet c = 3;\n```\n");
    let mut app = app_with(&source, Theme::dark(), 100, 200);
    press_counting_steps(&mut app, &[Command::Bottom, Command::Top]);
    assert!(!app.highlight_pending());
    // One line, parsed in more steps than it is steps long.
    let steps = app.reader().highlight.steps;
    assert!(steps as usize > inside.len() / STEP_BYTES, "{steps} steps");
    let buf = draw(&app);
    // The string keeps the string's colour past every cut.
    let string = colours(&buf, row_of(&buf, "let b = \"yyy"), "yyy");
    assert_eq!(string.len(), 1);
    let rows: Vec<u16> = (0..buf.area.height)
        .filter(|&y| row(&buf, y).contains("yyyyyyyyyy"))
        .collect();
    assert!(rows.len() > 60, "the string wraps over many rows");
    for y in rows {
        let r = row(&buf, y);
        let from = r.find('y').unwrap();
        let n = r[from..].chars().take_while(|&c| c == 'y').count();
        assert_eq!(colours(&buf, y, &"y".repeat(n)), string, "row {y}: {r}");
    }
    // After the string, on the same line and the next, code again.
    let y = row_of(&buf, "let n = 42;");
    assert!(
        colours(&buf, y, "let n = 42;").len() >= 3,
        "{}",
        row(&buf, y)
    );
    let y = row_of(&buf, "let c = 3;");
    assert!(
        colours(&buf, y, "let c = 3;").len() >= 3,
        "{}",
        row(&buf, y)
    );
}

// ---- --print --color: the same colours, as SGR sequences ----

use camp_reader::render::print::{Dress, Paint, print, print_dressed};

/// `line` as runs: the SGR parameters in force (after the last reset)
/// and the text shown with them.
fn sgr_runs(line: &str) -> Vec<(String, String)> {
    let mut runs = Vec::new();
    let mut params = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('\x1b') {
        if at > 0 {
            runs.push((params.clone(), rest[..at].to_string()));
        }
        let seq = &rest[at..];
        let end = seq.find('m').expect("an SGR sequence");
        let p = &seq[2..end];
        params = if p == "0" {
            String::new()
        } else {
            p.to_string()
        };
        rest = &seq[end + 1..];
    }
    if !rest.is_empty() {
        runs.push((params, rest.to_string()));
    }
    runs
}

/// The foreground colour an SGR parameter list sets (its text as written).
fn sgr_fg(params: &str) -> Option<String> {
    let p: Vec<&str> = params.split(';').collect();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            "38" if p.get(i + 1) == Some(&"5") => return Some(p[i..i + 3].join(";")),
            "38" if p.get(i + 1) == Some(&"2") => return Some(p[i..i + 5].join(";")),
            "48" if p.get(i + 1) == Some(&"5") => i += 3,
            "48" if p.get(i + 1) == Some(&"2") => i += 5,
            c if matches!(c.parse::<u8>(), Ok(30..=37 | 90..=97)) => return Some(c.to_string()),
            _ => i += 1,
        }
    }
    None
}

/// The distinct foreground colours of the visible characters of `text`
/// on the printed line that shows it.
fn printed_colours(printed: &str, text: &str) -> Vec<Option<String>> {
    let line = printed
        .lines()
        .find(|l| strip_sgr(l).contains(text))
        .unwrap_or_else(|| panic!("{text:?} not printed"));
    let runs = sgr_runs(line);
    let plain: String = runs.iter().map(|(_, t)| t.as_str()).collect();
    let from = plain.find(text).expect("text on the line");
    let mut out = Vec::new();
    let mut at = 0;
    for (params, t) in &runs {
        let (start, end) = (at, at + t.len());
        at = end;
        if end <= from || start >= from + text.len() || t.trim().is_empty() {
            continue;
        }
        let fg = sgr_fg(params);
        if !out.contains(&fg) {
            out.push(fg);
        }
    }
    out
}

/// `text` without its SGR sequences.
fn strip_sgr(text: &str) -> String {
    sgr_runs(text).into_iter().map(|(_, t)| t).collect()
}

fn printed_in(theme: &Theme, source: &str) -> (String, String) {
    let doc = parse_markdown("t.md", "t", source).expect("loads");
    let dress = Dress {
        links: false,
        paint: Some(theme as &dyn Paint),
    };
    (
        print(&doc, None, 72, false),
        print_dressed(&doc, None, 72, dress),
    )
}

#[test]
fn print_with_colour_adds_sgr_sequences_and_nothing_else() {
    for (name, theme) in themes() {
        let (plain, coloured) = printed_in(&theme, LANGUAGES);
        assert!(!plain.contains('\x1b'), "{name}: plain print has no escape");
        assert!(coloured.contains("\x1b["), "{name}: colour was asked for");
        for line in coloured.lines() {
            camp_reader::testing::output_check::check_terminal_bytes(line.as_bytes())
                .unwrap_or_else(|why| panic!("{name}: {why}"));
            // Every sequence is an SGR: ESC [ digits and ; then m.
            for seq in line.split('\x1b').skip(1) {
                let end = seq.find('m').unwrap_or_else(|| panic!("{name}: {seq:?}"));
                assert!(
                    seq.starts_with('[')
                        && seq[1..end].bytes().all(|b| b.is_ascii_digit() || b == b';'),
                    "{name}: not an SGR: {seq:?}"
                );
            }
            // A line ends with its colours reset.
            if line.contains('\x1b') {
                assert!(line.ends_with("\x1b[0m"), "{name}: {line:?}");
            }
        }
        // Without the sequences, it is the plain print, byte for byte,
        // but for the spaces that carry a code block's background to its
        // edge (themes without one keep none).
        assert_eq!(trimmed_lines(&strip_sgr(&coloured)), plain, "{name}");
        if theme.code_block.bg.is_none_or(|c| c == Color::Reset) {
            assert_eq!(strip_sgr(&coloured), plain, "{name}");
        }
    }
}

#[test]
fn a_printed_rust_line_shows_at_least_three_colours_and_diff_lines_differ() {
    for name in ThemeName::ALL {
        let (_, printed) = printed_in(&Theme::by_name(name), LANGUAGES);
        let c = printed_colours(&printed, "let x: u32 = 42;");
        assert!(c.len() >= 3, "{name:?}: {c:?}");
        assert_ne!(
            printed_colours(&printed, "added line"),
            printed_colours(&printed, "removed line"),
            "{name:?}"
        );
        assert_eq!(
            printed_colours(&printed, "\"not coloured\"").len(),
            1,
            "{name:?}: an unknown language is plain"
        );
    }
    // NO_COLOR's theme: attributes, no colour at all.
    let (_, printed) = printed_in(&Theme::no_color(), LANGUAGES);
    assert_eq!(printed_colours(&printed, "let x: u32 = 42;"), vec![None]);
    assert!(printed.contains("\x1b[1m"), "bold keywords stay");
}

#[test]
fn print_colours_headings_links_inline_code_and_code_as_the_reader_draws_them() {
    const DOC: &str = "# Top\n\n## Sub\n\nSome *em* and `code` and [a link](https://x.org).\n\n```rust\nlet x = 42;\n```\n";
    for (name, theme) in themes() {
        let (_, printed) = printed_in(&theme, DOC);
        // The text pane alone (the sidebar lists "Sub" too).
        let doc = parse_markdown("t.md", "t", DOC).expect("loads");
        let mut app = App::new(
            doc,
            Options {
                theme,
                sidebar: Some(false),
                ..Options::default()
            },
        );
        app.update(Event::Resize(100, 30));
        finish(&mut app);
        let buf = draw(&app);
        for text in ["Sub", "em", "code", "a link", "let", "42"] {
            let y = row_of(&buf, text);
            let r = row(&buf, y);
            let x = r[..r.find(text).unwrap()].chars().count() as u16;
            let cell = &buf[(x, y)];
            let drawn = Style::new()
                .fg(cell.fg)
                .bg(cell.bg)
                .add_modifier(cell.modifier);
            let line = printed
                .lines()
                .find(|l| strip_sgr(l).contains(text))
                .unwrap();
            // The run the text's first character is printed in.
            let from = strip_sgr(line).find(text).unwrap();
            let mut at = 0;
            let run = sgr_runs(line)
                .into_iter()
                .find(|(_, t)| {
                    at += t.len();
                    at > from
                })
                .unwrap();
            let printed_sgr = if run.0.is_empty() {
                String::new()
            } else {
                format!("\x1b[{}m", run.0)
            };
            assert_eq!(
                printed_sgr,
                camp_reader::render::print::sgr(drawn),
                "{name}: {text}"
            );
        }
    }
}

// ---- code-theme: a colour scheme bundled with the highlighter ----

fn with_code_theme(mut theme: Theme, scheme: &str) -> Theme {
    theme.code_theme = Some(scheme.to_string());
    theme
}

#[test]
fn a_code_theme_colours_code_with_its_own_colours_in_the_reader_and_print() {
    let mut roles = app_with(LANGUAGES, Theme::dark(), 100, 90);
    finish(&mut roles);
    let by_roles = draw(&roles);
    for scheme in ["Monokai Extended", "Solarized (light)", "GitHub"] {
        let mut app = app_with(LANGUAGES, with_code_theme(Theme::dark(), scheme), 100, 90);
        finish(&mut app);
        let buf = draw(&app);
        let text = "let x: u32 = 42;";
        let y = row_of(&buf, text);
        let c = colours(&buf, y, text);
        assert!(c.len() >= 3, "{scheme}: {c:?}");
        // The scheme's own colours (true colour), not the theme's roles.
        assert!(
            c.iter().all(|c| matches!(c, Color::Rgb(..))),
            "{scheme}: {c:?}"
        );
        assert_ne!(
            c,
            colours(&by_roles, row_of(&by_roles, text), text),
            "{scheme}"
        );
        // The prose around the code keeps the theme's colours.
        let heading = row_of(&buf, "Code");
        assert_eq!(
            styled_row(&buf, heading),
            styled_row(&by_roles, row_of(&by_roles, "Code")),
            "{scheme}"
        );
        // And --print writes the same scheme colours.
        let (_, printed) = printed_in(&with_code_theme(Theme::dark(), scheme), LANGUAGES);
        let p = printed_colours(&printed, text);
        assert_eq!(p.len(), c.len(), "{scheme}: {p:?} against {c:?}");
        assert!(
            p.iter()
                .all(|c| c.as_deref().is_some_and(|c| c.starts_with("38;2;"))),
            "{scheme}: {p:?}"
        );
    }
}

#[test]
fn the_ansi_code_theme_uses_the_terminals_palette_only() {
    let mut app = app_with(
        LANGUAGES,
        with_code_theme(Theme::terminal(), "ansi"),
        100,
        90,
    );
    finish(&mut app);
    let buf = draw(&app);
    let text = "let x: u32 = 42;";
    let c = colours(&buf, row_of(&buf, text), text);
    assert!(c.len() >= 2, "{c:?}");
    for colour in c {
        assert!(
            !matches!(colour, Color::Rgb(..) | Color::Indexed(8..)),
            "{colour:?}"
        );
    }
}

#[test]
fn code_in_a_toml_document_with_markdown_bodies_is_highlighted_the_same_way() {
    let toml = r#"title = "T"
markup = "markdown"
[[sections]]
title = "Code"
body = '''
```rust
// A comment
fn main() -> Result<(), String> {
    let x: u32 = 42;
}
```

```diff
-removed line
+added line
```
'''
"#;
    let md = "# T\n\n## Code\n\n```rust\n// A comment\nfn main() -> Result<(), String> {\n    let x: u32 = 42;\n}\n```\n\n```diff\n-removed line\n+added line\n```\n";
    for name in ThemeName::ALL {
        let theme = Theme::by_name(name);
        let options = Options {
            theme: theme.clone(),
            sidebar: Some(false),
            ..Options::default()
        };
        let mut from_toml = App::new(
            camp_reader::load::parse("t.toml", toml).expect("loads"),
            options.clone(),
        );
        from_toml.update(Event::Resize(80, 30));
        finish(&mut from_toml);
        let buf = draw(&from_toml);
        let text = "let x: u32 = 42;";
        let c = colours(&buf, row_of(&buf, text), text);
        assert!(c.len() >= 3, "{name:?}: {c:?}");
        let plus = row_of(&buf, "+added line");
        let minus = row_of(&buf, "-removed line");
        assert_ne!(
            colours(&buf, plus, "added"),
            colours(&buf, minus, "removed"),
            "{name:?}"
        );
        // The same colours as the same code in a Markdown file.
        let mut from_md = App::new(parse_markdown("t.md", "t", md).expect("loads"), options);
        from_md.update(Event::Resize(80, 30));
        finish(&mut from_md);
        let md_buf = draw(&from_md);
        for line in [text, "// A comment", "+added line"] {
            assert_eq!(
                styled_row(&buf, row_of(&buf, line)),
                styled_row(&md_buf, row_of(&md_buf, line)),
                "{name:?}: {line}"
            );
        }
    }
}

/// Runs this test alone in a process of its own (the test binary again,
/// told so by an environment variable): the grammars sit in a
/// process-wide `OnceLock` that other tests fill.
fn in_own_process(test: &str) -> bool {
    const CHILD: &str = "CAMP_READER_LAZY_TEST";
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .expect("run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 passed"), "the test ran: {stdout}");
    false
}

#[test]
fn nothing_of_the_highlighter_is_loaded_until_code_is_on_screen() {
    use camp_reader::render::highlight::{loaded, scheme_loaded};
    if !in_own_process("highlight::nothing_of_the_highlighter_is_loaded_until_code_is_on_screen") {
        return;
    }
    assert!(!loaded() && !scheme_loaded(), "nothing at start");
    let theme = with_code_theme(Theme::dark(), "Monokai Extended");
    // A document without code: opened, drawn, paged through, searched.
    let mut app = app_with(
        "# Prose\n\nNo code here, only `inline code`.\n\n## More\n\nText.\n",
        theme.clone(),
        100,
        20,
    );
    draw(&app);
    for key in [Command::PageDown, Command::Bottom, Command::Top] {
        app.update(key);
        finish(&mut app);
        draw(&app);
    }
    app.update(Event::StartSearch {
        query: "code".into(),
        regex: false,
    });
    finish(&mut app);
    draw(&app);
    assert!(!loaded() && !scheme_loaded(), "no code in the document");
    // Code far below the first screen: still nothing.
    let mut source = String::from("# Long\n\n");
    for i in 0..200 {
        source.push_str(&format!("Paragraph {i} of prose.\n\n"));
    }
    source.push_str("```rust\nfn main() { let x = 42; }\n```\n");
    let mut app = app_with(&source, theme, 100, 20);
    finish(&mut app);
    draw(&app);
    app.update(Command::PageDown);
    finish(&mut app);
    draw(&app);
    assert!(!loaded() && !scheme_loaded(), "code off screen");
    // Once the code is on screen, the grammars and the scheme load.
    app.update(Command::Bottom);
    finish(&mut app);
    let buf = draw(&app);
    assert!(loaded() && scheme_loaded(), "code on screen");
    let text = "let x = 42;";
    assert!(colours(&buf, row_of(&buf, text), text).len() >= 2);
}

// ---- Y: copying a code block ----

const TWO_BLOCKS: &str = "# Copy\n\nSome text.\n\n```rust,ignore\nfn main() {\n    let s = \"a line long enough to wrap in a narrow window, twice over\";\n\tprintln!(\"{s}\");\n}\n```\n\nBetween.\n\n```\nplain, no language\n```\n\nEnd.\n";

fn copy_app(osc52: bool) -> App {
    let doc = parse_markdown("t.md", "t", TWO_BLOCKS).expect("loads");
    let mut app = App::new(
        doc,
        Options {
            clipboard_osc52: osc52,
            sidebar: Some(false),
            ..Options::default()
        },
    );
    // Narrow: the long line wraps, drawn with a `↪`.
    app.update(Event::Resize(40, 30));
    finish(&mut app);
    app
}

#[test]
fn y_labels_every_code_block_on_screen_and_a_label_copies_its_code_exactly() {
    use camp_reader::app::{Effect, LabelsFor, Overlay};
    for osc52 in [true, false] {
        let mut app = copy_app(osc52);
        assert!(row_of(&draw(&app), "↪") > 0, "a continued line is shown");
        app.update(Command::CodeLabels);
        let Overlay::Labels(labels) = app.overlay() else {
            panic!("no labels: {:?}", app.status().message);
        };
        assert_eq!(labels.purpose, LabelsFor::CopyCode);
        assert_eq!(labels.targets.len(), 2, "both blocks are on screen");
        // Each label at the left of its block's first row.
        let buf = draw(&app);
        let first = row_of(&buf, "fn main()");
        let second = row_of(&buf, "plain, no language");
        let left = app.regions().text.x;
        let at = |y: u16| buf[(left, y)].symbol().to_string();
        assert!(
            (first.saturating_sub(1)..=first).any(|y| at(y) == "a"),
            "label a by the rust block: {:?}",
            row(&buf, first)
        );
        assert!(
            (second.saturating_sub(1)..=second).any(|y| at(y) == "s"),
            "label s by the plain block"
        );
        app.take_effects();
        app.update(Command::Insert('a'));
        assert!(matches!(app.overlay(), Overlay::None));
        // As written: the tab is a tab, though shown as 4 spaces.
        let want = "fn main() {\n    let s = \"a line long enough to wrap in a narrow window, twice over\";\n\tprintln!(\"{s}\");\n}";
        assert_eq!(
            app.take_effects(),
            vec![Effect::CopyCode {
                text: want.to_string(),
                what: "4 lines of rust".to_string(),
                extension: "rs".to_string(),
                osc52,
            }],
        );
        // The plain block: no language.
        app.update(Command::CodeLabels);
        app.update(Command::Insert('s'));
        assert_eq!(
            app.take_effects(),
            vec![Effect::CopyCode {
                text: "plain, no language".to_string(),
                what: "1 line".to_string(),
                extension: "txt".to_string(),
                osc52,
            }],
        );
    }
}

#[test]
fn y_without_code_on_screen_says_so_and_esc_or_a_wrong_label_copies_nothing() {
    use camp_reader::app::Overlay;
    let doc = parse_markdown("t.md", "t", "# T\n\nNo code.\n").expect("loads");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(80, 20));
    app.update(Command::CodeLabels);
    assert!(matches!(app.overlay(), Overlay::None));
    assert_eq!(
        app.status().message.as_deref(),
        Some("no code blocks on screen")
    );
    let mut app = copy_app(true);
    app.take_effects();
    app.update(Command::CodeLabels);
    app.update(Command::Close);
    assert!(matches!(app.overlay(), Overlay::None));
    app.update(Command::CodeLabels);
    app.update(Command::Insert('z'));
    assert_eq!(
        app.status().message.as_deref(),
        Some("no code block labelled z")
    );
    assert!(app.take_effects().is_empty());
}

// ---- console: commands after a prompt, output plain ----

const CONSOLE: &str = r#"# Session

```console
$ cargo install --locked ripgrep
    Updating crates.io index for "ripgrep" if then done
  Installed package `ripgrep v14.1.0` (executable `rg`)
user@host:~/src$ rg -n "fn main" --type rust
src/main.rs:3:fn main() { let x = 42; }
# echo "as root" > /etc/motd
(venv) $ export PATH="$HOME/bin:$PATH"
echo "output that looks like a command"
```
"#;

#[test]
fn console_blocks_colour_the_commands_after_a_prompt_and_leave_output_plain() {
    for (name, theme) in themes() {
        if name == "no-color" {
            continue;
        }
        let mut app = app_with(CONSOLE, theme.clone(), 100, 30);
        finish(&mut app);
        let buf = draw(&app);
        let plain = colours(&buf, row_of(&buf, "Installed package"), "Installed");
        assert_eq!(plain.len(), 1, "{name}");
        // Output stays plain, however much it looks like shell: strings,
        // keywords, a `$`-less command.
        for output in [
            "Updating crates.io index for \"ripgrep\" if then done",
            "Installed package `ripgrep v14.1.0` (executable `rg`)",
            "src/main.rs:3:fn main() { let x = 42; }",
            "echo \"output that looks like a command\"",
        ] {
            let y = row_of(&buf, output);
            assert_eq!(
                colours(&buf, y, output),
                plain,
                "{name}: output coloured: {}",
                row(&buf, y)
            );
        }
        // Commands are shell, after any kind of prompt.
        for (command, string) in [
            ("$ cargo install --locked ripgrep", None),
            (
                "user@host:~/src$ rg -n \"fn main\" --type rust",
                Some("\"fn main\""),
            ),
            ("# echo \"as root\" > /etc/motd", Some("\"as root\"")),
            (
                "(venv) $ export PATH=\"$HOME/bin:$PATH\"",
                Some("\"$HOME/bin:"),
            ),
        ] {
            let y = row_of(&buf, command);
            let c = colours(&buf, y, command);
            assert!(c.len() >= 2, "{name}: {c:?} on {}", row(&buf, y));
            if let Some(string) = string {
                assert_ne!(colours(&buf, y, string), plain, "{name}: {string}");
            }
        }
        // The prompt is not the command's colour.
        let y = row_of(&buf, "$ cargo install");
        assert_ne!(colours(&buf, y, "$"), colours(&buf, y, "cargo"), "{name}");
    }
}

/// The code blocks of `doc`, each as `Y` would copy it.
fn copies(doc: &camp_reader::model::document::Document) -> Vec<String> {
    use camp_reader::model::document::BlockKind;
    doc.blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Code { .. }))
        .map(|b| doc.code_as_written(b.range()))
        .collect()
}

/// Code whose look differs from how it is written: a Makefile's recipe
/// tabs, tabs after text (to the next stop), runs of tabs, Go's
/// indentation, and control and bidi characters shown as notation.
const AS_WRITTEN: [(&str, &str); 4] = [
    (
        "make",
        "CC=cc\n\nall: main.o\n\t$(CC) -o app main.o\n\t@echo \"done\"\t# built\n\nclean:\n\t\trm -f *.o\tapp",
    ),
    (
        "go",
        "func main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\t// a tab in a comment\n\t}\n}",
    ),
    (
        "sh",
        "printf 'bell \x07 esc \x1b[31m red'\nx=\u{202e}reversed\u{202c} lrm\u{200e}here c1\u{9b}!\ta\u{7f}",
    ),
    ("", "ab\tc\td\t\t\te\n\t\n\t"),
];

#[test]
fn y_copies_tabs_and_control_characters_exactly_as_written() {
    use camp_reader::app::Effect;
    let mut source = String::from("# Code\n\n");
    for (lang, code) in AS_WRITTEN {
        source.push_str(&format!("```{lang}\n{code}\n```\n\n"));
    }
    // In a list item and a quote, where the container's prefix is not
    // the code's.
    source
        .push_str("- item\n\n  ```make\n  x:\n  \techo\tx\n  ```\n\n> ```go\n> \treturn\n> ```\n");
    let doc = parse_markdown("t.md", "t", &source).expect("loads");
    let mut want: Vec<String> = AS_WRITTEN.iter().map(|(_, c)| c.to_string()).collect();
    want.push("x:\n\techo\tx".into());
    want.push("\treturn".into());
    assert_eq!(copies(&doc), want);
    // Shown as before: tabs to 4 columns, controls as notation.
    let shown = doc.text();
    assert!(shown.contains("\n    $(CC) -o app main.o\n"), "{shown}");
    assert!(shown.contains("@echo \"done\"    # built"), "{shown}");
    assert!(shown.contains("\n        rm -f *.o   app"), "{shown}");
    assert!(shown.contains("ab  c   d           e"), "{shown}");
    assert!(shown.contains("bell ^G esc ^[[31m"), "{shown}");
    assert!(!shown.contains('\t') && !shown.contains('\x1b'));
    // And Y hands the loop those exact bytes (OSC 52 sends them base64,
    // a saved file holds them).
    for osc52 in [true, false] {
        let mut app = App::new(
            parse_markdown("t.md", "t", &source).expect("loads"),
            Options {
                clipboard_osc52: osc52,
                sidebar: Some(false),
                ..Options::default()
            },
        );
        app.update(Event::Resize(80, 60));
        app.take_effects();
        app.update(Command::CodeLabels);
        app.update(Command::Insert('a'));
        let effects = app.take_effects();
        let [Effect::CopyCode { text, what, .. }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(text, AS_WRITTEN[0].1);
        assert_eq!(what, "8 lines of make");
    }
}

#[test]
fn code_keeps_its_written_form_in_a_book_and_from_toml_bodies() {
    use camp_reader::load::book::{BookSource, load_book};
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (i, (lang, code)) in AS_WRITTEN.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("{i}.md")),
            format!("# Part {i}\n\nText.\n\n```{lang}\n{code}\n```\n"),
        )
        .expect("writes");
    }
    let book = load_book(&BookSource::Dir(dir.path().to_path_buf()), 1 << 20).expect("loads");
    let want: Vec<String> = AS_WRITTEN.iter().map(|(_, c)| c.to_string()).collect();
    assert_eq!(copies(&book.doc), want);
    // A TOML document's Markdown body.
    let body = AS_WRITTEN[0].1.replace('\\', "\\\\");
    let toml = format!(
        "title = \"T\"\nmarkup = \"markdown\"\n[[sections]]\ntitle = \"Code\"\nbody = \"\"\"\n```make\n{}\n```\n\"\"\"\n",
        body.replace('\t', "\\t").replace('"', "\\\"")
    );
    let doc = camp_reader::load::parse("t.toml", &toml).expect("loads");
    assert_eq!(copies(&doc), vec![AS_WRITTEN[0].1.to_string()]);
}

// ---- the code block's background: unbroken to its edge, the scheme's ----

/// A block whose first line wraps (a `↪` line), and a block without a
/// language.
const WRAPPING: &str = "# Box\n\nProse.\n\n```rust\nfn main() { let numbers = vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]; }\n```\n\n```\nplain, no language\n```\n\nEnd.\n";

/// The rows of `buf` with cells of background `bg`, each checked to be
/// one unbroken run of it; the columns the runs end at.
fn unbroken_runs(buf: &Buffer, bg: Color, name: &str) -> (usize, std::collections::BTreeSet<u16>) {
    let mut rows = 0;
    let mut ends = std::collections::BTreeSet::new();
    for y in 0..buf.area.height {
        let xs: Vec<u16> = (0..buf.area.width)
            .filter(|&x| buf[(x, y)].bg == bg)
            .collect();
        let (Some(&first), Some(&last)) = (xs.first(), xs.last()) else {
            continue;
        };
        assert_eq!(
            xs.len(),
            usize::from(last - first + 1),
            "{name}: a gap in the background: {}",
            styled_row(buf, y)
        );
        rows += 1;
        ends.insert(last);
    }
    (rows, ends)
}

#[test]
fn the_code_background_runs_unbroken_to_the_blocks_edge() {
    for (name, theme) in [("dark", Theme::dark()), ("light", Theme::light())] {
        let bg = theme.code_block.bg.expect("a block background");
        for chop in [false, true] {
            let doc = parse_markdown("t.md", "t", WRAPPING).expect("loads");
            let mut app = App::new(
                doc,
                Options {
                    theme: theme.clone(),
                    chop,
                    sidebar: Some(false),
                    ..Options::default()
                },
            );
            app.update(Event::Resize(40, 20));
            if chop {
                app.update(Command::ScrollRight);
            }
            finish(&mut app);
            let buf = draw(&app);
            let mark = if chop { CHOP_LEFT } else { "↪" };
            let y = row_of(&buf, mark);
            let r = row(&buf, y);
            let x = r[..r.find(mark).unwrap()].chars().count() as u16;
            assert_eq!(buf[(x, y)].bg, bg, "{name} {chop}: {}", styled_row(&buf, y));
            let label = row_of(&buf, "rust");
            let (rows, ends) = unbroken_runs(&buf, bg, name);
            // The label, the code's line (three when wrapped), the plain
            // block's line.
            assert_eq!(rows, if chop { 3 } else { 5 }, "{name} {chop}");
            assert_eq!(ends.len(), 1, "{name} {chop}: one right edge: {ends:?}");
            assert!(
                (0..buf.area.width)
                    .any(|x| buf[(x, label)].symbol() == "r" && buf[(x, label)].bg == bg),
                "{name} {chop}: the label on the background"
            );
        }
    }
}

#[test]
fn a_code_theme_brings_its_own_background_and_foreground() {
    // Solarized (light): #657b83 on #fdf6e3, on the dark theme.
    let (fg, bg) = (Color::Rgb(101, 123, 131), Color::Rgb(253, 246, 227));
    let dark_bg = Theme::dark().code_block.bg.expect("a block background");
    let theme = with_code_theme(Theme::dark(), "Solarized (light)");
    let doc = parse_markdown("t.md", "t", WRAPPING).expect("loads");
    let mut app = App::new(
        doc,
        Options {
            theme: theme.clone(),
            sidebar: Some(false),
            ..Options::default()
        },
    );
    app.update(Event::Resize(40, 20));
    finish(&mut app);
    let buf = draw(&app);
    assert!(
        buf.content().iter().all(|c| c.bg != dark_bg),
        "the theme's block background is gone"
    );
    let (rows, ends) = unbroken_runs(&buf, bg, "Solarized (light)");
    assert_eq!(rows, 5);
    assert_eq!(ends.len(), 1, "{ends:?}");
    // A block without a language: the scheme's own text colour.
    let y = row_of(&buf, "plain, no language");
    assert_eq!(colours(&buf, y, "plain, no language"), vec![fg]);
    // The prose keeps the theme's look.
    let y = row_of(&buf, "Prose.");
    assert_eq!(buf[(0, y)].bg, Color::Reset);
    // --print: the same background, to the block's edge.
    let (plain, printed) = printed_in(&theme, WRAPPING);
    let code: Vec<&str> = printed
        .lines()
        .filter(|l| l.contains("48;2;253;246;227"))
        .collect();
    assert!(code.len() >= 4, "{printed}");
    for line in code {
        assert_eq!(strip_sgr(line).chars().count(), 72, "{line:?}");
    }
    assert!(!printed.contains("48;5;236"), "{printed}");
    assert_eq!(trimmed_lines(&strip_sgr(&printed)), plain);
}

/// `text` with each line's trailing spaces dropped, as the plain print.
fn trimmed_lines(text: &str) -> String {
    text.split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn printed_code_lines_carry_the_background_to_the_blocks_edge() {
    for (name, theme) in themes() {
        let (plain, printed) = printed_in(&theme, WRAPPING);
        let bg = theme
            .code_block
            .bg
            .filter(|&c| c != Color::Reset)
            .map(|c| camp_reader::render::print::sgr(Style::new().bg(c)));
        let code: Vec<&str> = printed
            .lines()
            .filter(|l| {
                ["fn main", "↪", "plain, no", "rust"]
                    .iter()
                    .any(|t| strip_sgr(l).contains(t))
            })
            .collect();
        assert!(code.len() >= 4, "{name}: {printed}");
        for line in code {
            let width = strip_sgr(line).chars().count();
            match &bg {
                // Each line of code is as wide as the block, the spaces
                // after its text in the block's background.
                Some(bg) => {
                    let bg = &bg[2..bg.len() - 1];
                    assert_eq!(width, 72, "{name}: {line:?}");
                    let last = sgr_runs(line).pop().expect("runs");
                    assert!(last.0.contains(bg), "{name}: {last:?} in {line:?}");
                }
                // No background to carry: no spaces kept.
                None => assert!(!strip_sgr(line).ends_with(' '), "{name}: {line:?}"),
            }
        }
        assert_eq!(trimmed_lines(&strip_sgr(&printed)), plain, "{name}");
    }
}

#[test]
fn while_the_rest_is_read_code_waits_plain_and_no_grammar_is_loaded() {
    use camp_reader::render::highlight::loaded;
    if !in_own_process(
        "highlight::while_the_rest_is_read_code_waits_plain_and_no_grammar_is_loaded",
    ) {
        return;
    }
    let text = common::code_heavy_markdown("rust");
    let input = camp_reader::load::Input::File("big.md".into());
    let (part, _) = camp_reader::load::markdown_prefix(&input, None, &text, text.len())
        .expect("reads")
        .expect("opens progressively");
    // As the reader opens it: told it is partial, then laid out.
    let mut app = App::new(part, Options::default());
    app.update(Event::Loading { section: None });
    app.update(Event::Resize(100, 30));
    finish(&mut app);
    let buf = draw(&app);
    let line = "let x = 42;";
    assert_eq!(colours(&buf, row_of(&buf, line), line).len(), 1, "plain");
    for key in [Command::PageDown, Command::PageUp] {
        app.update(key);
        finish(&mut app);
    }
    assert!(!loaded(), "no grammar while the rest is read");
    // The whole arrives: coloured.
    let whole = camp_reader::load::parse_markdown_reporting(&input, &text, &|_| {}).unwrap();
    app.update(Event::Loaded(Box::new(whole), 0));
    finish(&mut app);
    let buf = draw(&app);
    assert!(loaded());
    assert!(colours(&buf, row_of(&buf, line), line).len() >= 3);
}
