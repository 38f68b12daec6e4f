//! Resizing keeps the reading position: any sequence of resizes (and
//! sidebar toggles) that returns to the original size returns to the same
//! top line, a blank line between paragraphs included.

use crate::common;

use camp_reader::app::Event;

use camp_reader::settings::keymap::Command;
use common::embedded_app;

use proptest::prelude::*;
use proptest::test_runner::Config;

/// Opens the embedded article at `w`×`h` with line `line` (1-based) at the top.
fn at_line(w: u16, h: u16, line: u32) -> camp_reader::app::App {
    let mut app = embedded_app(w, h);
    for d in line.to_string().bytes() {
        app.update(Command::Count(d - b'0'));
    }
    app.update(Command::Top);
    app
}

#[test]
fn line_51_at_120x40_survives_60x20_and_back() {
    let mut app = at_line(120, 40, 51);
    let (top, _) = app.position();
    assert_eq!(top, 50);
    let before = app.reader().top;
    app.update(Event::Resize(60, 20));
    app.update(Event::Resize(120, 40));
    assert_eq!(app.reader().top, before);
    // Dragging the width down a column at a time and back.
    for w in (40..120).rev().chain(40..=120) {
        app.update(Event::Resize(w, 40));
    }
    assert_eq!(app.reader().top, before);
}

#[test]
fn a_blank_line_at_the_top_stays_the_top() {
    // Find a blank line between two paragraphs.
    let blank = (1..100u32)
        .find(|&l| {
            let a = at_line(120, 40, l);
            a.reader()
                .layout
                .cached_lines(a.reader().top.block)
                .is_some_and(|lines| a.reader().top.line == lines.len())
        })
        .expect("a blank line in the first 100");
    let mut app = at_line(120, 40, blank);
    let before = app.reader().top;
    app.update(Event::Resize(70, 30));
    app.update(Event::Resize(120, 40));
    assert_eq!(app.reader().top, before);
}

/// Found by the proptest: at 79 columns the sidebar shown by default is
/// narrowed to leave the text 60 columns; `t` twice gave back a wider one,
/// asked for, and the top line one line lower.
#[test]
fn t_twice_at_79_columns_gives_back_the_layout_and_the_top_line() {
    let mut app = at_line(79, 10, 7);
    let (before, width) = (app.reader().top, app.sidebar_width());
    assert!(width > 0, "shown by default at 79 columns");
    app.update(Command::ToggleSidebar);
    assert_eq!(app.sidebar_width(), 0);
    app.update(Command::ToggleSidebar);
    assert_eq!(app.sidebar_width(), width);
    assert_eq!(app.reader().top, before);
    // Asked for where the default hides it, and hidden again.
    let mut app = at_line(60, 10, 7);
    let before = app.reader().top;
    assert_eq!(app.sidebar_width(), 0);
    app.update(Command::ToggleSidebar);
    assert!(app.sidebar_width() > 0, "t shows it on request");
    app.update(Command::ToggleSidebar);
    assert_eq!(app.sidebar_width(), 0);
    assert_eq!(app.reader().top, before);
}

fn config() -> Config {
    Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    }
}

#[derive(Debug, Clone)]
enum Step {
    Resize(u16, u16),
    ToggleSidebar,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (10u16..220, 4u16..70).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => Just(Step::ToggleSidebar),
    ]
}

proptest! {
    #![proptest_config(config())]

    // The sidebar is part of the layout: the end puts it back as it was
    // (`t` at most twice, as a reader would), then the top must be back.
    #[test]
    fn resizes_that_come_back_restore_the_top_line(
        (w, h) in (40u16..200, 10u16..60),
        line in 1u32..140,
        steps in prop::collection::vec(step(), 1..12),
    ) {
        let mut app = at_line(w, h, line);
        let before = app.reader().top;
        let sidebar = app.sidebar_width();
        for s in &steps {
            match s {
                Step::Resize(sw, sh) => app.update(Event::Resize(*sw, *sh)),
                Step::ToggleSidebar => app.update(Command::ToggleSidebar),
            };
        }
        app.update(Event::Resize(w, h));
        for _ in 0..2 {
            if app.sidebar_width() != sidebar {
                app.update(Command::ToggleSidebar);
            }
        }
        prop_assert_eq!(app.sidebar_width(), sidebar, "steps {:?}", steps);
        prop_assert_eq!(app.reader().top, before, "steps {:?}", steps);
    }
}
