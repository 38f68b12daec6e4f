//! Scale invariants, counted rather than timed: the work one key does must
//! grow with the screen, not with the document. (Timings are in
//! `benches/scale.rs`.)

use camp_reader::app::{App, Options};
use camp_reader::app::{Event, Msg};
use camp_reader::find::search::Matcher;
use camp_reader::load::{self, parse};
use camp_reader::settings::keymap::Command;
use camp_reader::testing::sample::article_copies;

use crate::common;

const W: u16 = 120;
const H: u16 = 40;

fn open(copies: usize) -> App {
    let doc = parse("big.toml", &article_copies(copies)).unwrap();
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(W, H));
    app
}

/// Blocks wrapped while handling `action`.
fn wraps_for(app: &mut App, action: Msg) -> usize {
    app.reset_wrap_counter();
    app.update(action);
    app.reader().layout.wraps
}

fn key_work(copies: usize) -> Vec<(String, usize)> {
    let mut app = open(copies);
    let keys = [
        Msg::from(Command::PageDown),
        Msg::from(Command::LineDown),
        Msg::from(Command::HalfPageDown),
        Msg::from(Command::Bottom),
        Msg::from(Command::PageUp),
        Msg::from(Command::Top),
        Msg::from(Command::NextSection),
        Msg::from(Command::NextSection),
        Msg::from(Command::PrevSection),
        Msg::from(Event::Resize(100, 40)),
        Msg::from(Command::Bottom),
        Msg::from(Event::Resize(80, 30)),
        Msg::from(Event::Resize(W, H)),
        Msg::from(Command::ToggleSidebar),
        Msg::from(Command::ToggleSidebar),
        Msg::from(Command::FocusNext),
        Msg::from(Command::Bottom),
        Msg::from(Command::Activate),
    ];
    keys.into_iter()
        .map(|k| {
            let name = format!("{k:?}");
            (name, wraps_for(&mut app, k))
        })
        .collect()
}

#[test]
fn per_key_wrapping_is_bounded_by_the_screen_not_the_document() {
    // 300 copies: ~2 MB, 1,800 sections, ~40,000 blocks.
    let small = key_work(30);
    let big = key_work(300);
    assert!(
        !open(300).reader().layout.is_exact(),
        "a large document is laid out lazily"
    );
    // A key may wrap what it shows plus what it passes on the way; a page
    // of 40 rows touches at most a few dozen blocks.
    let bound = 3 * H as usize;
    for ((name, n_small), (_, n_big)) in small.iter().zip(&big) {
        assert!(
            *n_big <= bound,
            "{name} wrapped {n_big} blocks on the big document"
        );
        assert!(
            *n_big <= n_small + 10,
            "{name}: {n_big} blocks on 300 copies vs {n_small} on 30 — work grows with the document"
        );
    }
}

#[test]
fn a_search_keystroke_on_a_large_document_does_bounded_work() {
    let mut app = open(700);
    let text_len = app.reader().doc.text().len();
    // A keystroke runs at most two steps.
    assert!(
        text_len > 2 * camp_reader::app::SEARCH_STEP_BYTES,
        "{text_len}"
    );
    app.update(Command::PageDown);
    app.update(Command::SearchStart);
    app.update(Command::Insert('m'));
    assert!(
        app.search_in_progress(),
        "a keystroke does not search 2 MB at once"
    );
    // The event loop would now step between keys; each step is bounded.
    let mut steps = 0;
    while app.search_in_progress() {
        app.update(Event::SearchStep);
        steps += 1;
        assert!(steps < 100);
    }
    // Stepping found exactly what one pass over the whole text finds.
    let whole = Matcher::new("m", false)
        .unwrap()
        .unwrap()
        .find_all(app.reader().doc.text());
    let s = app.reader().search.as_ref().unwrap();
    let found: Vec<_> = s.iter_from(&app.reader().doc, 0).map(|(_, r)| r).collect();
    assert_eq!(found, whole);
    assert_eq!(
        s.counts.iter().map(|&c| c as usize).sum::<usize>(),
        whole.len()
    );
    // The current match is the first one at or after where the view was.
    let current = s.current_range(&app.reader().doc).unwrap();
    assert!(current.start > 0);
    // Typing again replaces the search (stale work is dropped).
    app.update(Command::Insert('e'));
    assert!(app.reader().search.as_ref().unwrap().query == "me");
}

#[test]
fn search_started_mid_document_wraps_and_keeps_matches_sorted() {
    let mut app = open(40);
    for _ in 0..50 {
        app.update(Command::NextSection);
    }
    app.update(Command::SearchStart);
    for c in "police".chars() {
        app.update(Command::Insert(c));
    }
    while app.search_in_progress() {
        app.update(Event::SearchStep);
    }
    let s = app.reader().search.as_ref().unwrap();
    let found: Vec<_> = s.iter_from(&app.reader().doc, 0).map(|(_, r)| r).collect();
    assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
    let whole = Matcher::new("police", false)
        .unwrap()
        .unwrap()
        .find_all(app.reader().doc.text());
    assert_eq!(found, whole);
}

#[test]
fn parsing_in_chunks_gives_the_same_document() {
    let text = article_copies(60);
    let serial = parse("big.toml", &text).unwrap();
    for chunks in [2, 3, 7] {
        let chunked = load::parse_in_chunks("big.toml", &text, chunks, 2)
            .expect("the generated document splits")
            .unwrap();
        assert_eq!(chunked, serial, "{chunks} chunks");
    }
    assert_eq!(serial.section_number(6).to_string(), "7");
    assert_eq!(serial.section_number(359).to_string(), "360");
}

#[test]
fn a_split_inside_a_multiline_string_falls_back() {
    // The second section's body holds a line that looks like a header.
    let body = "text\n".repeat(200);
    let text = format!(
        "title = \"t\"\n\n[[sections]]\ntitle = \"a\"\nbody = \"\"\"\n{body}\n[[sections]]\n{body}\"\"\"\n\n[[sections]]\ntitle = \"b\"\n"
    );
    let serial = parse("t.toml", &text).unwrap();
    assert_eq!(serial.sections.len(), 2);
    match load::parse_in_chunks("t.toml", &text, 2, 2) {
        None => {}
        Some(result) => assert_eq!(result.unwrap(), serial),
    }
}

#[test]
fn duplicate_slugs_across_chunks_stay_unique() {
    let mut text = String::from("title = \"t\"\n");
    for _ in 0..50 {
        text.push_str("\n[[sections]]\ntitle = \"Same\"\nbody = \"x\"\n");
    }
    let chunked = load::parse_in_chunks("t.toml", &text, 4, 3)
        .unwrap()
        .unwrap();
    let ids: std::collections::HashSet<&str> = (0..chunked.sections.len())
        .map(|i| chunked.section_id(i))
        .collect();
    assert_eq!(ids.len(), 50);
    assert_eq!(chunked.section_id(1), "same-2");
    assert_eq!(chunked, parse("t.toml", &text).unwrap());
}

/// Every input is drawn; only background search steps that find nothing
/// new skip the frame (they run back to back while no key waits).
#[test]
fn a_search_step_asks_for_a_frame_only_when_it_shows_something() {
    // About 7 MB: the prompt searches the first 4 MB at once, the rest
    // goes in steps; the only match is in the last copy.
    let copies = 1000;
    let mut app = open(copies);
    app.update(Command::SearchStart);
    for c in format!("Raid by Albanian police {copies}.5").chars() {
        assert!(app.update(Command::Insert(c)), "a key is always drawn");
    }
    assert!(app.search_in_progress());
    let mut frames = Vec::new();
    while app.search_in_progress() {
        frames.push(app.update(Event::SearchStep));
    }
    assert_eq!(
        app.reader().search.as_ref().map(|s| s.matches.len()),
        Some(1)
    );
    assert!(
        frames.contains(&false),
        "a step that found nothing asks for no frame: {frames:?}"
    );
    assert_eq!(
        frames.last(),
        Some(&true),
        "the step that found it: {frames:?}"
    );
    assert!(
        !app.update(Event::SearchStep),
        "no search left: nothing new"
    );
    app.update(Command::Close);
    assert!(
        app.update(Command::Close),
        "even a key that changes nothing"
    );
}

#[test]
fn every_counted_key_does_bounded_work_whatever_the_count() {
    // Issue 15 item 7: `999999999]` spun for minutes, one section at a time.
    let limit = std::time::Duration::from_secs(60);
    common::within("counted keys", limit, || {
        let mut app = open(300);
        app.update(Event::StartSearch {
            query: "police".into(),
            regex: false,
        });
        while app.search_in_progress() {
            app.update(Event::SearchStep);
        }
        let keys = [
            Command::LineDown,
            Command::NextSection,
            Command::SearchNext,
            Command::NextParagraph,
            Command::PageDown,
            Command::HalfPageDown,
            Command::LineUp,
            Command::PrevSection,
            Command::SearchPrev,
            Command::PrevParagraph,
            Command::PageUp,
            Command::HalfPageUp,
            Command::Percent,
            Command::Bottom,
            Command::Top,
        ];
        for key in keys {
            for _ in 0..9 {
                app.update(Command::Count(9));
            }
            let name = format!("999999999 {key:?}");
            let wraps = wraps_for(&mut app, key.into());
            assert!(wraps <= 3 * H as usize, "{name} wrapped {wraps} blocks");
        }
    });
}
