//! Syntax highlighting of code blocks: colours from each theme's code
//! roles, none under NO_COLOR, search matches on top, and highlighting in
//! bounded steps however large a block or a line.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::parse_markdown;
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
const KEYS: [Command; 6] = [
    Command::Bottom,
    Command::PageUp,
    Command::PageUp,
    Command::Top,
    Command::PageDown,
    Command::LineDown,
];

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
        for key in KEYS {
            let before = app.reader().highlight.steps;
            app.update(key.clone());
            // A key highlights at most one step's worth: the rest is left
            // to the loop, between keys.
            assert!(app.reader().highlight.steps - before <= 1, "{key:?}");
            assert!(
                app.reader().highlight.last_step_bytes <= STEP_BYTES + MAX_LINE,
                "{key:?}: {} bytes",
                app.reader().highlight.last_step_bytes
            );
            // Every step between keys is bounded too.
            let mut n = 0;
            while app.highlight_pending() && n < 5 {
                app.update(Event::HighlightStep);
                assert!(app.reader().highlight.last_step_bytes <= STEP_BYTES + MAX_LINE);
                n += 1;
            }
        }
        // Given the steps, what is on screen gets its colours.
        app.update(Command::Bottom);
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
