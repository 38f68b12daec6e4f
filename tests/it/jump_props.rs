//! The jump list lands on exactly the same top line (issue 19 item 5): a
//! jump (`G`, `&` then Enter, Enter on a link, Enter in the sidebar, a
//! search, a mark) and `Ctrl-o` back and `Ctrl-r` forward again come back
//! to the very lines they left, a blank line between paragraphs included.

use camp_reader::app::{App, Event, Options};
use camp_reader::render::layout::Pos;
use camp_reader::settings::keymap::{Command, Context};

use proptest::prelude::*;
use proptest::test_runner::Config;

/// Sections of wrapped paragraphs of several lengths, a list, code, and
/// links between the sections; "word" in many places for `&`.
fn document() -> String {
    let mut text = String::from("# Jumps\n\nAn opening word.\n\n");
    for s in 1..=8 {
        text.push_str(&format!("## Part {s}\n\n"));
        for p in 0..(s % 3 + 2) {
            let words = "Some reading text with a word or two in it. ".repeat(1 + (s * 3 + p) % 7);
            text.push_str(&format!("{words}\n\n"));
        }
        text.push_str("- a list item\n- another word item\n\n");
        if s % 3 == 0 {
            text.push_str("```\ncode line\nmore code\n```\n\n");
        }
        let next = s % 8 + 1;
        text.push_str(&format!(
            "See [part {next}](#part-{next}) and [the start](#jumps).\n\n"
        ));
    }
    text
}

fn app(w: u16, h: u16) -> App {
    let doc = camp_reader::load::parse_markdown("jumps.md", "jumps", &document())
        .expect("the document loads");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(w, h));
    app.update(Event::StartSearch {
        query: "word".into(),
        regex: false,
    });
    app.update(Command::Top);
    app
}

/// One move of a test sequence.
#[derive(Debug, Clone)]
enum Move {
    Down(u8),
    Up(u8),
    Bottom,
    Top,
    NextSection,
    /// `&`, this many rows down the list, Enter.
    Results(u8),
    /// Tab this many times, Enter.
    Link(u8),
    /// The sidebar's cursor this many down, Enter.
    Sidebar(u8),
    SearchNext,
    Back,
    Forward,
}

fn moves() -> impl Strategy<Value = Move> {
    prop_oneof![
        (1u8..40).prop_map(Move::Down),
        (1u8..40).prop_map(Move::Up),
        Just(Move::Bottom),
        Just(Move::Top),
        Just(Move::NextSection),
        (0u8..12).prop_map(Move::Results),
        (1u8..4).prop_map(Move::Link),
        (0u8..8).prop_map(Move::Sidebar),
        Just(Move::SearchNext),
        Just(Move::Back),
        Just(Move::Forward),
    ]
}

fn times(app: &mut App, n: u8, command: Command) {
    for _ in 0..n {
        app.update(command.clone());
    }
}

/// Carries out a move; says whether it was a jump (a key that records
/// the place it leaves when the view moves).
fn perform(app: &mut App, m: &Move) -> bool {
    match *m {
        Move::Down(n) => times(app, n, Command::LineDown),
        Move::Up(n) => times(app, n, Command::LineUp),
        Move::Bottom => return app.update(Command::Bottom),
        Move::Top => return app.update(Command::Top),
        Move::NextSection => return app.update(Command::NextSection),
        Move::Results(n) => {
            app.update(Command::ShowResults);
            if app.context() == Context::Results {
                times(app, n, Command::SelectNext);
                app.update(Command::Accept);
                return true;
            }
        }
        Move::Link(n) => {
            times(app, n, Command::LinkNext);
            if app.reader().link_cursor.is_some() {
                app.update(Command::FollowSelected);
                return true;
            }
        }
        Move::Sidebar(n) => {
            app.update(Command::FocusNext);
            if app.context() == Context::Sidebar {
                times(app, n, Command::LineDown);
                app.update(Command::Activate);
                return true;
            }
        }
        Move::SearchNext => return app.update(Command::SearchNext),
        Move::Back => {
            app.update(Command::JumpBack);
        }
        Move::Forward => {
            app.update(Command::JumpForward);
        }
    }
    false
}

/// Checks that `first` then `second` (Ctrl-o then Ctrl-r, or the other
/// way) come back to the top line they started from, whenever the first
/// moved, and that doing it again does the same.
fn back_and_forth(app: &mut App, first: Command, second: Command) -> Result<(), TestCaseError> {
    let here: Pos = app.reader().top;
    let line = app.position().0;
    app.update(first.clone());
    if app.reader().top == here {
        return Ok(());
    }
    let there = app.reader().top;
    app.update(second.clone());
    prop_assert_eq!(
        app.reader().top,
        here,
        "{:?} then {:?} from line {} came back to line {}",
        first,
        second,
        line,
        app.position().0
    );
    app.update(first.clone());
    prop_assert_eq!(app.reader().top, there, "{:?} again", first);
    app.update(second);
    prop_assert_eq!(app.reader().top, here);
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 300, failure_persistence: None, ..Config::default() })]

    /// After every move of a sequence: a jump that moved is undone by
    /// Ctrl-o to the very top line it left and redone by Ctrl-r to the
    /// one it reached; and Ctrl-o/Ctrl-r then the other come back. (Not
    /// where the view was scrolled off a place reached with Ctrl-o: as
    /// in vim, the list then goes on from that place, not the scroll.)
    #[test]
    fn a_jump_back_and_forth_lands_on_the_same_top_line(
        w in 40u16..130,
        h in 6u16..40,
        start in 0u8..120,
        sequence in proptest::collection::vec(moves(), 1..8),
    ) {
        let mut a = app(w, h);
        times(&mut a, start, Command::LineDown);
        let mut going_through = false;
        let mut scrolled_off = false;
        for m in &sequence {
            let from = a.reader().top;
            let jumped = perform(&mut a, m);
            a.update(Command::Close);
            let moved = a.reader().top != from;
            match m {
                Move::Down(_) | Move::Up(_) => scrolled_off |= moved,
                Move::Back | Move::Forward if moved => {
                    going_through = true;
                    scrolled_off = false;
                }
                _ if jumped && moved => {
                    // Ctrl-o comes back to where the jump left.
                    let to = a.reader().top;
                    a.update(Command::JumpBack);
                    prop_assert_eq!(a.reader().top, from, "Ctrl-o after {:?}", m);
                    a.update(Command::JumpForward);
                    prop_assert_eq!(a.reader().top, to, "Ctrl-r after {:?} and Ctrl-o", m);
                    going_through = true;
                    scrolled_off = false;
                }
                _ => {}
            }
            if !(going_through && scrolled_off) {
                back_and_forth(&mut a, Command::JumpBack, Command::JumpForward)?;
                back_and_forth(&mut a, Command::JumpForward, Command::JumpBack)?;
            }
        }
    }
}
