//! Peak memory of loading Markdown, per hostile shape. pulldown-cmark's
//! tree spans a piece of the text (64 KiB, or a paragraph cut inside),
//! not the file, and no list of events is held: the peak is at most 3×
//! the file + 48 bytes per piece of the model (block, span or link) for
//! the shapes of issue 25's table that are cut (the README lists the
//! figures; about 31–44 bytes a piece at 2 MiB, the model's own 16-byte
//! span and its vector's growth included, as this allocator counts a
//! reallocation as both blocks). A table and a paragraph of references
//! defined after it are not cut yet and stay out of this test. The peak
//! counted is the process's heap while loading, the file's text included
//! (the loader holds it).

use std::sync::atomic::Ordering;

use crate::counting::{LIVE_BYTES as LIVE, ONE_AT_A_TIME, PEAK_BYTES as PEAK};

use camp_reader::load::parse_markdown;
use camp_reader::testing::sample::{MarkdownShape, write_markdown_shape};

/// Each shape at 2 MiB: 8 pieces of 256 KiB, so what a piece costs and
/// what the file costs are told apart.
const SIZE: usize = 2 << 20;

#[test]
fn hostile_markdown_shapes_load_within_the_bound() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Lazy tables and the like, made once before counting.
    drop(parse_markdown(
        "warm.md",
        "warm",
        "# W\n\n`a` *b* [c](d)[^1]\n\n[^1]: n\n",
    ));
    let mut report = Vec::new();
    let mut over = Vec::new();
    for shape in [
        MarkdownShape::CodeSpans,
        MarkdownShape::CodeSpansNote,
        MarkdownShape::EmphasisNote,
        MarkdownShape::Links,
        MarkdownShape::CodeParagraphs,
    ] {
        let mut bytes = Vec::new();
        write_markdown_shape(shape, SIZE, &mut bytes).expect("writing to memory");
        let text = String::from_utf8(bytes).expect("UTF-8");
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let doc = parse_markdown("shape.md", "shape", &text).expect("loads");
        let peak = PEAK.load(Ordering::Relaxed) - before + text.len();
        let pieces = doc.blocks.len() + doc.spans.len() + doc.links.len();
        let bound = 3 * text.len() + 48 * pieces;
        report.push(format!(
            "{}: {:.2}x the file, {} pieces, {:.1} bytes a piece over 3x, bound {:.2}x",
            shape.name(),
            peak as f64 / text.len() as f64,
            pieces,
            peak.saturating_sub(3 * text.len()) as f64 / pieces.max(1) as f64,
            bound as f64 / text.len() as f64,
        ));
        if peak > bound {
            over.push(shape.name());
        }
        drop(doc);
    }
    eprintln!("{}", report.join("\n"));
    assert!(
        over.is_empty(),
        "over the bound: {over:?}\n{}",
        report.join("\n")
    );
}
