//! Syntax highlighting: a 1,000-line Rust block highlighted whole (every
//! step the loop would run, in turn), with the theme's code roles and with
//! a bundled colour scheme (`code-theme`); and the grammars' first load,
//! which the first code block on screen pays once.
//!
//!     cargo bench --bench highlight

use std::hint::black_box;

use camp_reader::load::parse_markdown;
use camp_reader::model::document::{BlockKind, Document};
use camp_reader::render::highlight::{Highlighter, syntaxes};
use criterion::{Criterion, criterion_group, criterion_main};

/// A Markdown document holding one Rust block of `lines` lines, in the
/// shapes real code has (items, comments, strings, numbers, macros).
fn rust_block(lines: usize) -> Document {
    const SHAPES: [&str; 8] = [
        "/// Documentation for the item below.",
        "pub fn area(width: u32, height: u32) -> Result<u64, String> {",
        "    let total = (width as u64) * (height as u64) + 0x2a; // checked",
        "    if total > 1_000_000 { return Err(format!(\"too big: {total}\")); }",
        "    let names: Vec<&str> = vec![\"a\", \"b\", 'c'.to_string().as_str()];",
        "    println!(\"{} {:?}\", total, names.iter().map(|n| n.len()).sum::<usize>());",
        "    Ok(total)",
        "}",
    ];
    let mut md = String::from("# Code\n\n```rust\n");
    for i in 0..lines {
        md.push_str(SHAPES[i % SHAPES.len()]);
        md.push('\n');
    }
    md.push_str("```\n");
    parse_markdown("bench.md", "bench", &md).expect("loads")
}

fn highlight_all(doc: &Document, block: usize, scheme: Option<&str>) -> usize {
    let mut hl = Highlighter::default();
    hl.want(doc, block, usize::MAX);
    while hl.pending() {
        hl.step(doc, scheme);
    }
    hl.spans(0..doc.text().len()).len()
}

fn highlight(c: &mut Criterion) {
    let doc = rust_block(1000);
    let block = doc
        .blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Code { .. }))
        .expect("a code block");
    // The grammars load once per process, before the first block.
    black_box(syntaxes());
    let mut group = c.benchmark_group("highlight");
    group.sample_size(20);
    group.bench_function("rust-1000-lines", |b| {
        b.iter(|| black_box(highlight_all(&doc, block, None)))
    });
    group.bench_function("rust-1000-lines-monokai", |b| {
        b.iter(|| black_box(highlight_all(&doc, block, Some("Monokai Extended"))))
    });
    // One screenful (40 lines) from a block's start: what a page of code
    // costs the first time it is drawn.
    let screen = rust_block(40);
    let screen_block = screen
        .blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Code { .. }))
        .expect("a code block");
    group.bench_function("rust-40-lines", |b| {
        b.iter(|| black_box(highlight_all(&screen, screen_block, None)))
    });
    group.finish();
}

criterion_group!(benches, highlight);
criterion_main!(benches);
