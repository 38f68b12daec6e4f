//! A search's memory is bounded whatever the pattern: `x` in a paragraph of
//! a million `x` does not keep a million byte ranges (16 MB), yet
//! the count, the sidebar counts, `n`/`N` and the match list stay exact.
//! One test in this file: it measures the heap of the whole process.

use std::sync::atomic::Ordering;

use crate::counting::{LIVE_BYTES as LIVE, ONE_AT_A_TIME, PEAK_BYTES as PEAK};

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::parse;
use camp_reader::settings::keymap::Command;

const XS: usize = 1 << 20;

#[test]
fn searching_a_letter_in_a_huge_paragraph_keeps_memory_bounded() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let toml = format!(
        "title = \"Many\"\n[[sections]]\ntitle = \"One\"\nbody = \"{}\"\n\
         [[sections]]\ntitle = \"Two\"\nbody = \"an x, and x\"\n",
        "x".repeat(XS)
    );
    let doc = parse("many.toml", &toml).expect("loads");
    drop(toml);
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(80, 24));

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    app.update(Command::SearchStart);
    app.update(Command::Insert('x'));
    app.update(Command::Accept);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    // 16 bytes a match would be 16 MiB; the compact list is ~1/256 of that.
    assert!(
        peak < 2 << 20,
        "searching took {peak} bytes at its peak for {XS} matches"
    );
    assert!(kept < 1 << 20, "the search keeps {kept} bytes");

    // Everything reads exactly within what is kept.
    let s = app.reader().search.as_ref().expect("a search");
    let total = XS + 2;
    assert_eq!(s.matches.len(), total);
    assert_eq!(s.counts, vec![XS as u32, 2]);
    assert_eq!(s.current, Some(0));
    app.update(Command::SearchPrev);
    let s = app.reader().search.as_ref().unwrap();
    assert_eq!(s.current, Some(total - 1), "N wraps to the last match");
    let last = s.current_range(&app.reader().doc).unwrap();
    assert_eq!(&app.reader().doc.text()[last.clone()], "x");
    assert!(app.reader().doc.text()[..last.start].ends_with("an x, and "));
    app.update(Command::SearchPrev);
    let s = app.reader().search.as_ref().unwrap();
    let r = s.current_range(&app.reader().doc).unwrap();
    assert_eq!(&app.reader().doc.text()[r.start - 3..r.end], "an x");
    // A match in the middle of the paragraph, found again from the list.
    app.update(Command::ShowResults);
    for _ in 0..3 {
        app.update(Command::PageUp);
    }
    let s = app.reader().search.as_ref().unwrap();
    let i = s.current.unwrap();
    let r = s.current_range(&app.reader().doc).unwrap();
    let first_block_start = app.reader().doc.blocks[1].start as usize;
    assert_eq!(r.start, first_block_start + i, "match {i} is the {i}th x");
    let after = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    assert!(after < 4 << 20, "reading the matches kept {after} bytes");
}
