//! Property test: any sequence of actions (keys, resizes to any size
//! including 0, mouse events anywhere, typing anything into the prompts)
//! leaves the reader in a consistent state, and every state draws without
//! a panic. Run over the embedded article and over tiny documents.

use std::sync::OnceLock;

use camp_reader::app::{App, Event, Msg, Options};
use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse};
use camp_reader::model::document::Document;
use camp_reader::settings::keymap::Command;

/// Commands and events in one list.
macro_rules! msgs {
    ($($m:expr),* $(,)?) => { vec![$(Msg::from($m)),*] };
}
use proptest::prelude::*;
use proptest::test_runner::Config;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// 64 cases by default (a few seconds); `PROPTEST_CASES=5000` for a hunt.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

const TINY: &str = "title = \"T\"\n[[sections]]\ntitle = \"S\"\nbody = \"word\"\n";

/// Small, but with what makes wrapping and searching interesting: wide
/// characters, emoji, combining marks, a long word, links, nesting.
const SMALL: &str = r#"title = "東京 😀 e\u0301"
[[sections]]
title = "Première"
body = """
a aa aaa aaaa é e\u0301 東京東京東京 👨‍👩‍👧 ❤️ (x+y)*z [a-z] ^$ \\ .

Supercalifragilisticexpialidocious_and_then_some_more_without_any_break_at_all
"""
[[sections.links]]
text = "a link"
url = "https://example.org/a?b=c"
[[sections.sections]]
title = "東"
[[sections]]
title = "last"
"#;

fn doc(which: usize) -> Document {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        vec![
            parse(EMBEDDED_NAME, EMBEDDED).expect("embedded"),
            parse("tiny.toml", TINY).expect("tiny"),
            parse("small.toml", SMALL).expect("small"),
        ]
    })[which]
        .clone()
}

fn size() -> impl Strategy<Value = u16> {
    prop_oneof![
        2 => Just(0u16),
        1 => Just(1u16),
        1 => Just(2u16),
        6 => 0u16..=120,
        2 => 121u16..=300,
    ]
}

/// Characters typed into prompts: regex metacharacters, letters and
/// words of the documents, multi-byte text, controls.
fn typed() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '\\', '-', ',',
        ]),
        6 => prop::sample::select(vec![
            'a', 'e', 'm', 'r', 'o', 'w', 'd', 'A', 'M', 'E', ' ', '\'', 'z', '1', '9',
        ]),
        2 => prop::sample::select(vec![
            'é', 'ë', '東', '京', '😀', '\u{301}', '\u{200d}', '❤', 'ß', 'İ', 'Σ', 'ﬀ',
        ]),
        1 => prop::sample::select(vec!['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\0', '\n', '\t']),
        1 => any::<char>(),
    ]
}

fn action() -> impl Strategy<Value = Msg> {
    use Command::*;
    let simple = prop::sample::select(vec![
        LineDown,
        LineUp,
        PageDown,
        PageUp,
        HalfPageDown,
        HalfPageUp,
        Top,
        Bottom,
        NextSection,
        PrevSection,
        NextParagraph,
        PrevParagraph,
        Info,
        FocusNext,
        FocusPrev,
        Activate,
        ToggleSidebar,
        Help,
        Close,
        Quit,
        Suspend,
        MarkSet,
        MarkJump,
        SearchStart,
        SearchNext,
        SearchPrev,
        ClearSearch,
        ShowResults,
        GoToSection,
        DeleteBack,
        DeleteForward,
        ClearInput,
        CursorLeft,
        CursorRight,
        CursorHome,
        CursorEnd,
        HistoryPrev,
        HistoryNext,
        ToggleRegex,
        Accept,
        SelectNext,
        SelectPrev,
    ])
    .prop_map(Msg::from);
    prop_oneof![
        10 => simple,
        // Prompts open often enough to be typed into.
        2 => prop::sample::select(vec![SearchStart, GoToSection, ShowResults, Accept, Close])
            .prop_map(Msg::from),
        8 => typed().prop_map(|c| Insert(c).into()),
        // A background search step, as the loop sends between keys.
        1 => Just(Event::SearchStep.into()),
        1 => (size(), size()).prop_map(|(w, h)| Event::Resize(w, h).into()),
        1 => (0u16..=300, 0u16..=300, prop_oneof![Just(3i16), Just(-3i16), any::<i16>()])
            .prop_map(|(column, row, lines)| Wheel { column, row, lines }.into()),
        1 => (0u16..=300, 0u16..=300).prop_map(|(column, row)| Click { column, row }.into()),
        1 => (0u16..=300, 0u16..=300).prop_map(|(column, row)| Drag { column, row }.into()),
        // Counts, up to the largest.
        1 => (0u8..=9).prop_map(|d| Count(d).into()),
    ]
}

/// Everything that must hold after any action.
fn check_invariants(app: &App, step: usize, action: &Msg) {
    let ctx = format!("after step {step} ({action:?})");
    let doc = &app.reader().doc;
    let blocks = doc.blocks.len();
    let sections = doc.sections.len();
    assert!(
        app.reader().top.block < blocks,
        "{ctx}: top block {:?}",
        app.reader().top
    );

    // The top line is inside its block and no lower than the last top.
    let rows = app.text_rows().max(1);
    let mut layout = app.reader().layout.clone();
    let height = layout.height(doc, app.reader().top.block);
    assert!(
        app.reader().top.line < height,
        "{ctx}: line {} of a {height}-line block",
        app.reader().top.line
    );
    let last = layout.last_top(doc, rows);
    assert!(
        app.reader().top <= last,
        "{ctx}: top {:?} past {last:?}",
        app.reader().top
    );
    let (top, total) = app.position();
    assert!(
        top == 0 || top + rows as u64 <= total,
        "{ctx}: top line {top} + {rows} rows > {total} lines"
    );

    assert!(app.reader().toc.cursor < sections, "{ctx}: sidebar cursor");
    assert!(
        app.reader().toc.offset < sections,
        "{ctx}: sidebar offset {} of {sections}",
        app.reader().toc.offset
    );
    assert!(
        app.reader().spy.jump_target.is_none_or(|t| t < sections),
        "{ctx}: jump target"
    );

    if let Some(s) = &app.reader().search {
        if let Some(c) = s.current {
            assert!(
                c < s.matches.len(),
                "{ctx}: current {c} of {}",
                s.matches.len()
            );
        }
        assert_eq!(s.counts.len(), sections, "{ctx}: counts");
        let text = doc.text();
        let found: Vec<_> = s.iter_from(doc, 0).map(|(_, r)| r).collect();
        assert_eq!(
            found.len(),
            s.matches.len(),
            "{ctx}: every match found again"
        );
        for w in found.windows(2) {
            assert!(w[0].end <= w[1].start, "{ctx}: matches overlap or unsorted");
        }
        for m in &found {
            assert!(m.start < m.end && m.end <= text.len(), "{ctx}: match {m:?}");
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
    }
    if let Some(r) = app.results() {
        let n = app.reader().search.as_ref().map_or(0, |s| s.matches.len());
        assert!(
            r.selected < n,
            "{ctx}: selected {} of {n} matches",
            r.selected
        );
        assert!(r.offset <= r.selected, "{ctx}: results offset");
    }
    if let Some(p) = app.prompt() {
        assert!(p.line.cursor() <= p.input().chars().count());
        assert!(
            p.candidates.is_empty() || p.selected < p.candidates.len(),
            "{ctx}: candidate {} of {}",
            p.selected,
            p.candidates.len()
        );
        assert!(p.candidates.iter().all(|&c| c < sections));
        assert!(p.origin.block < blocks, "{ctx}: prompt origin");
    }
}

/// Draws the state at the app's own size (nothing to draw at 0), into a
/// buffer as `Terminal::draw` does (without the diff, which is what costs
/// most at 300x300).
fn draw(app: &App, step: usize) {
    if app.size().width == 0 || app.size().height == 0 {
        return;
    }
    let area = Rect::new(0, 0, app.size().width, app.size().height);
    let mut buf = Buffer::empty(area);
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        app.render(area, &mut buf);
    }));
    assert!(drawn.is_ok(), "drawing after step {step} panicked");
}

fn run(which: usize, start: Option<(u16, u16)>, actions: &[Msg]) {
    let mut app = App::new(doc(which), Options::default());
    if let Some((w, h)) = start {
        app.update(Event::Resize(w, h));
    }
    check_invariants(
        &app,
        0,
        &Event::Resize(app.size().width, app.size().height).into(),
    );
    draw(&app, 0);
    for (i, a) in actions.iter().enumerate() {
        app.update(a.clone());
        check_invariants(&app, i + 1, a);
        draw(&app, i + 1);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_key_sequence_keeps_the_embedded_article_consistent(
        start in prop::option::weighted(0.9, (size(), size())),
        actions in prop::collection::vec(action(), 0..60),
    ) {
        run(0, start, &actions);
    }

    #[test]
    fn any_key_sequence_keeps_a_tiny_document_consistent(
        start in prop::option::weighted(0.9, (size(), size())),
        actions in prop::collection::vec(action(), 0..60),
    ) {
        run(1, start, &actions);
    }

    #[test]
    fn any_key_sequence_keeps_a_small_mixed_document_consistent(
        start in prop::option::weighted(0.9, (size(), size())),
        actions in prop::collection::vec(action(), 0..60),
    ) {
        run(2, start, &actions);
    }
}

/// Sequences that once looked risky, kept as plain tests.
#[test]
fn fixed_sequences() {
    use Command::*;
    use Event::Resize;
    let cases: Vec<(usize, Vec<Msg>)> = vec![
        // Everything at size 0.
        (
            0,
            msgs![Resize(0, 0), PageDown, Bottom, NextSection, Help, Close],
        ),
        // A search, then a resize that hides the pane, then n and the list.
        (
            0,
            msgs![
                Resize(100, 30),
                SearchStart,
                Insert('a'),
                Accept,
                Resize(1, 1),
                SearchNext,
                ShowResults,
                SelectNext,
                Resize(0, 0),
                SelectPrev,
                Accept,
            ],
        ),
        // The sidebar focused, then the terminal shrinks under it (see
        // `focused_sidebar_cursor_stays_visible_after_a_resize`).
        (
            0,
            msgs![
                Resize(120, 40),
                FocusNext,
                Bottom,
                Resize(120, 5),
                LineUp,
                Resize(120, 60),
                LineDown,
            ],
        ),
        // Regex metacharacters that are invalid, empty or match nothing.
        (
            2,
            msgs![
                Resize(80, 24),
                SearchStart,
                ToggleRegex,
                Insert('('),
                Insert('^'),
                Insert('$'),
                Accept,
                SearchStart,
                ToggleRegex,
                Insert('$'),
                Accept,
                SearchNext,
                ShowResults,
            ],
        ),
        // Go-to in a one-section document, with nothing matching.
        (
            1,
            msgs![Resize(3, 3), GoToSection, Insert('z'), SelectNext, Accept],
        ),
        // Marks across resizes.
        (
            0,
            msgs![
                Resize(100, 30),
                Bottom,
                MarkSet,
                Insert('a'),
                Resize(20, 5),
                Top,
                MarkJump,
                Insert('a'),
                MarkJump,
                Insert('\''),
            ],
        ),
        // Wheel and clicks outside the screen.
        (
            0,
            msgs![
                Resize(80, 24),
                Wheel {
                    column: 300,
                    row: 300,
                    lines: i16::MIN,
                },
                Wheel {
                    column: 5,
                    row: 5,
                    lines: i16::MAX,
                },
                Click { column: 0, row: 0 },
                Click { column: 5, row: 23 },
                Click {
                    column: 65535,
                    row: 65535,
                },
            ],
        ),
    ];
    for (which, actions) in cases {
        run(which, Some((0, 0)), &actions);
    }
}

/// With the sidebar focused, a resize that shortens the sidebar keeps the
/// cursor on a visible row (it used to stay below the last row until the
/// next sidebar key).
#[test]
fn focused_sidebar_cursor_stays_visible_after_a_resize() {
    use Command::*;
    use Event::Resize;
    let mut app = App::new(doc(0), Options::default());
    for a in msgs![Resize(120, 40), FocusNext, Bottom, Resize(120, 5)] {
        app.update(a);
    }
    let rows = app.regions().sidebar.expect("sidebar shown").height as usize;
    assert!(
        app.reader().toc.cursor >= app.reader().toc.offset
            && app.reader().toc.cursor < app.reader().toc.offset + rows,
        "cursor {} outside rows {}..{}",
        app.reader().toc.cursor,
        app.reader().toc.offset,
        app.reader().toc.offset + rows
    );
}
