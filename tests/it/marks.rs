//! Marks and jumping back, through `App::update`.

use crate::common;

use camp_reader::app::App;
use camp_reader::app::Event;
use camp_reader::settings::keymap::{Command, Context};

fn app() -> App {
    common::embedded_app(100, 30)
}

fn set_mark(app: &mut App, c: char) {
    app.update(Command::MarkSet);
    assert_eq!(app.context(), Context::MarkSet);
    app.update(Command::Insert(c));
}

fn jump_mark(app: &mut App, c: char) {
    app.update(Command::MarkJump);
    assert_eq!(app.context(), Context::MarkJump);
    app.update(Command::Insert(c));
}

#[test]
fn a_mark_returns_to_its_place_even_after_a_resize() {
    let mut a = app();
    for _ in 0..17 {
        a.update(Command::LineDown);
    }
    let here = a.spot();
    set_mark(&mut a, 'a');
    assert_eq!(a.status().message.as_deref(), Some("mark a set"));
    a.update(Command::Bottom);
    a.update(Event::Resize(70, 30));
    jump_mark(&mut a, 'a');
    let back = a.spot();
    assert_eq!(back.block, here.block, "same paragraph at another width");
    let lines = a
        .reader()
        .layout
        .cached_lines(a.reader().top.block)
        .unwrap();
    let r = &lines[a.reader().top.line];
    assert!(
        r.start <= here.offset && here.offset <= r.end,
        "the marked line is at the top"
    );
}

#[test]
fn quote_quote_goes_back_before_the_last_jump_and_toggles() {
    let mut a = app();
    a.update(Command::NextSection);
    a.update(Command::NextSection);
    let second = a.reader().top;
    a.update(Command::Bottom);
    let end = a.reader().top;
    jump_mark(&mut a, '\'');
    assert_eq!(a.reader().top, second);
    jump_mark(&mut a, '\'');
    assert_eq!(a.reader().top, end);
}

#[test]
fn searches_and_mark_jumps_count_as_jumps() {
    let mut a = app();
    a.update(Command::SearchStart);
    for c in "rrumbullaku".chars() {
        a.update(Command::Insert(c));
    }
    a.update(Command::Accept);
    assert_ne!(a.position().0, 0);
    jump_mark(&mut a, '\'');
    assert_eq!(a.position().0, 0, "'' returns to where the search started");

    set_mark(&mut a, 'z');
    a.update(Command::PageDown);
    a.update(Command::PageDown);
    let later = a.reader().top;
    jump_mark(&mut a, 'z');
    assert_eq!(a.position().0, 0);
    jump_mark(&mut a, '\'');
    assert_eq!(a.reader().top, later, "'' after a mark jump goes back");
}

#[test]
fn plain_scrolling_is_not_a_jump() {
    let mut a = app();
    a.update(Command::PageDown);
    jump_mark(&mut a, '\'');
    assert_eq!(
        a.status().message.as_deref(),
        Some("no earlier position yet")
    );
}

#[test]
fn unknown_marks_and_bad_letters_say_so() {
    let mut a = app();
    jump_mark(&mut a, 'q');
    assert_eq!(a.status().message.as_deref(), Some("mark q is not set"));
    set_mark(&mut a, '1');
    assert!(
        a.status()
            .message
            .as_deref()
            .unwrap()
            .starts_with("marks are letters")
    );
    a.update(Command::MarkSet);
    a.update(Command::Close);
    assert_eq!(a.context(), Context::Text);
    assert!(a.reader().marks.named.is_empty());
}

#[test]
fn ctrl_o_goes_back_through_section_search_and_mark_jumps_and_forward_returns() {
    let mut a = app();
    let start = a.reader().top;
    a.update(Command::NextSection);
    let section = a.reader().top;
    a.update(Command::SearchStart);
    common::type_query(&mut a, "rrumbullaku");
    a.update(Command::Accept);
    let found = a.reader().top;
    assert_ne!(found, section);
    set_mark(&mut a, 'q');
    a.update(Command::Bottom);
    let end = a.reader().top;
    jump_mark(&mut a, 'q');
    assert_eq!(a.reader().top, found);
    // Back: end, the match (where the mark was set, left by G), the
    // section, the start.
    for (expected, name) in [
        (end, "before the mark jump"),
        (found, "before G"),
        (section, "before the search"),
        (start, "before ]"),
    ] {
        a.update(Command::JumpBack);
        assert_eq!(a.reader().top, expected, "{name}");
    }
    a.update(Command::JumpBack);
    assert_eq!(a.status().message.as_deref(), Some("no older jump"));
    assert_eq!(a.reader().top, start);
    for expected in [section, found, end, found] {
        a.update(Command::JumpForward);
        assert_eq!(a.reader().top, expected);
    }
    a.update(Command::JumpForward);
    assert_eq!(a.status().message.as_deref(), Some("no newer jump"));
}

#[test]
fn a_count_goes_back_that_many_and_a_new_jump_drops_the_places_ahead() {
    let mut a = app();
    let start = a.reader().top;
    a.update(Command::NextSection);
    let first = a.reader().top;
    a.update(Command::NextSection);
    a.update(Command::NextSection);
    a.update(Command::Count(2));
    a.update(Command::JumpBack);
    assert_eq!(a.reader().top, first, "two back from the third section");
    a.update(Command::Bottom);
    let end = a.reader().top;
    a.update(Command::JumpBack);
    assert_eq!(a.reader().top, first);
    a.update(Command::JumpForward);
    assert_eq!(a.reader().top, end);
    a.update(Command::JumpForward);
    assert_eq!(
        a.status().message.as_deref(),
        Some("no newer jump"),
        "G dropped the places after the first section"
    );
    a.update(Command::JumpBack);
    a.update(Command::JumpBack);
    assert_eq!(a.reader().top, start);
}

#[test]
fn quote_quote_still_swaps_after_ctrl_o() {
    let mut a = app();
    a.update(Command::Bottom);
    let end = a.reader().top;
    a.update(Command::JumpBack);
    assert_eq!(a.position().0, 0);
    jump_mark(&mut a, '\'');
    assert_eq!(a.reader().top, end, "'' returns to where Ctrl-o left");
    jump_mark(&mut a, '\'');
    assert_eq!(a.position().0, 0);
}

#[test]
fn scrolling_records_no_jump() {
    let mut a = app();
    a.update(Command::PageDown);
    a.update(Command::LineDown);
    a.update(Command::JumpBack);
    assert_eq!(a.status().message.as_deref(), Some("no older jump"));
    assert!(a.jumps().len() <= 1);
}

#[test]
fn info_shows_the_jump_lists_depth() {
    let mut a = app();
    a.update(Command::Info);
    assert!(!a.status().message.as_deref().unwrap().contains("jumps"));
    a.update(Command::NextSection);
    a.update(Command::NextSection);
    a.update(Command::Info);
    assert!(
        a.status()
            .message
            .as_deref()
            .unwrap()
            .ends_with(" · jumps: 2 back, 0 forward"),
        "{:?}",
        a.status().message
    );
    a.update(Command::JumpBack);
    a.update(Command::Info);
    assert!(
        a.status()
            .message
            .as_deref()
            .unwrap()
            .ends_with(" · jumps: 1 back, 1 forward")
    );
}
