//! The model's cost per piece, held so it cannot silently regrow: peak
//! memory is at most 3× the file only while each section, block and link
//! costs a few fixed words and no allocation of its own (README, "Large
//! documents", has the per-shape figures this keeps true).

use std::sync::atomic::Ordering;

use crate::counting::{LIVE_COUNT as LIVE, ONE_AT_A_TIME};

use camp_reader::load::{self, DEFAULT_MAX_SIZE, Input};
use camp_reader::model::document::{Block, Frame, Link, Section};
use camp_reader::testing::sample::{Shape, write_shape};

#[test]
fn a_section_a_block_a_link_and_a_frame_are_a_few_words() {
    // Section: heading block, subtree end, id end, parent, depth+ordinal.
    // Three `String`s (id, title, number) made it 104 bytes plus three
    // allocations; the smallest section is 12 bytes of TOML.
    assert!(
        size_of::<Section>() <= 24,
        "Section is {} bytes",
        size_of::<Section>()
    );
    assert!(
        size_of::<Block>() <= 24,
        "Block is {} bytes",
        size_of::<Block>()
    );
    // Text range, section, end of its target in one shared buffer (a
    // `Box<str>` target made it 32 bytes and an allocation).
    assert!(
        size_of::<Link>() <= 16,
        "Link is {} bytes",
        size_of::<Link>()
    );
    // Parent, first block, and its kind packed in 8 bytes (an enum of
    // 12 made it 20; a `u64` number, 32): a list item, a quote, a note.
    assert!(
        size_of::<Frame>() <= 16,
        "Frame is {} bytes",
        size_of::<Frame>()
    );
}

#[test]
fn a_loaded_document_holds_no_allocation_per_section_block_or_link() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("temp dir");
    // Anything loading sets up once (lazy tables) is made before counting.
    let warm = load::load(&Input::Embedded, DEFAULT_MAX_SIZE).expect("embedded loads");
    drop(warm);
    for shape in Shape::ALL {
        let mut text = Vec::new();
        write_shape(shape, 300 << 10, &mut text).expect("writing to memory");
        let path = dir.path().join(format!("{}.toml", shape.name()));
        std::fs::write(&path, &text).expect("write the document");
        let before = LIVE.load(Ordering::Relaxed);
        let doc = load::load(&Input::File(path), DEFAULT_MAX_SIZE).expect("valid document");
        let held = LIVE.load(Ordering::Relaxed) - before;
        let pieces = doc.sections.len() + doc.blocks.len() + doc.links.len();
        assert!(pieces > 1000, "{}: only {pieces} pieces", shape.name());
        // The document's own vectors and strings, whatever its size.
        assert!(
            held <= 32,
            "{}: {held} allocations held for {} sections, {} blocks and {} links",
            shape.name(),
            doc.sections.len(),
            doc.blocks.len(),
            doc.links.len()
        );
        drop(doc);
    }
}
