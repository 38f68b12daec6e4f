//! Peak memory of loading Markdown, per hostile shape (every shape of
//! `make-doc --shape` that is Markdown). pulldown-cmark's tree spans a
//! piece of the text (16 KiB: cut between blocks, inside a paragraph, or
//! between a table's rows), not the file, and no list of events is held.
//! The peak counted is the process's heap while loading, the file's text
//! included (the loader holds it), with a reallocation counted as both
//! blocks (this allocator has no `realloc` of its own) and a vector's
//! spare capacity as used: more than the resident size, where a large
//! block grows in place and pages never written are not resident. Each
//! shape has its bound: 3× the file, plus, per piece of the model (every
//! element it holds: block, span, link, table cell, frame, section,
//! anchor), what the model keeps for it (a 16-byte span or frame, a
//! 24-byte block or section, an 8-byte cell, a link and its address) and
//! its vector's growth; the README lists the figures.

use std::sync::atomic::Ordering;

use crate::counting::{LIVE_BYTES as LIVE, ONE_AT_A_TIME, PEAK_BYTES as PEAK};

use camp_reader::load::{PARAGRAPH_BOUND, parse_markdown};
use camp_reader::testing::sample::{MarkdownShape, write_markdown_shape};

/// Each shape at 2 MiB: 128 pieces of 16 KiB, so what a piece costs and
/// what the file costs are told apart.
const SIZE: usize = 2 << 20;

/// What `shape` may take over 3× the file: bytes per piece, and times the
/// file.
fn allowance(shape: MarkdownShape) -> (usize, usize) {
    match shape {
        // Cut in pieces of 16 KiB, whose tree (6 MB for 64 KiB of `a`
        // spans, its node vector doubled) is what any size pays on top
        // of the model. The span, link and block vectors are made once at
        // the size the first pass counted (they doubled as they filled:
        // one span past 2^19 took 16 MB, 8 of them spare, 24 while
        // copied): 17.2 bytes a piece measured (23.2 before; 32.8 with 64
        // KiB pieces), 12.9 for a table's rows (18.6).
        MarkdownShape::CodeSpans => (20, 0),
        MarkdownShape::TableRows => (16, 0),
        // The same: 17.2 (44.0 when the span vector doubled just past
        // 2^19). Links: 16.0 (16.9 with a copy of each `b`, 33.8 before);
        // code paragraphs: 19.6 (28.3).
        MarkdownShape::CodeSpansNote | MarkdownShape::EmphasisNote | MarkdownShape::Links => {
            (20, 0)
        }
        MarkdownShape::CodeParagraphs => (24, 0),
        // Cut; each reference link is a span and a link, counted by the
        // first pass by label (once the definitions are known), and a run
        // of links to one definition holds its address once: 19.0 bytes a
        // piece measured (44.1 with one copy of the address a link and
        // the vectors grown by a quarter past the count; 52.4 doubling).
        MarkdownShape::ReferenceLinks => (22, 0),
        // Cut between its HTML blocks and paragraphs (issue 21's scale
        // shape): 12.5 bytes a piece measured (13.4 without its sections).
        MarkdownShape::HtmlAutolinks => (14, 0),
        // Cut inside the paragraph: a `_` run after a letter, or any run
        // before a space or a line end, can never open emphasis (20x
        // before, not cut). Plain words, no longer held whole (in the
        // text of its events and the builder's run, 4.10× before, see
        // `long-line`): 2.19× measured.
        MarkdownShape::UnderscoreWords => (24, 0),
        // Cut as above; each address is a link counted by the first pass
        // that points at its own text (no copy of it): 5.2 bytes a piece
        // measured (51.3 with a copy of each and the vectors grown past
        // the count; 58.1 doubling; 20x the file before).
        MarkdownShape::UnderscoreUrls => (8, 0),
        // One HTML block, never cut: 21.6 bytes a piece measured (its
        // cells, 8 bytes each, and their text). What the HTML loader reads
        // of it is told to the model in batches of 1,024 ops as it is
        // read (it held the ops of the whole block first: 40.6x the file;
        // 46.3 bytes a piece once told in batches), the block's text is
        // not copied while its lines follow one another in the source
        // (31.8), and the table's cells are counted first (`<td`, `<th`)
        // so their vector is made once (21.6). Before all that its short
        // rows were padded to its first row's width, rows x columns
        // (72,000 x 72,000 cells at 2 MiB).
        MarkdownShape::HtmlWideTable => (24, 0),
        // Cut; a paragraph of plain words is told to the model in parts
        // of 64 KiB (it was gathered whole, in the text of its events and
        // in the builder's run: 5.02×): 2.12× measured.
        MarkdownShape::LongLine => (24, 0),
        // Every construct stays open to the paragraph's end: no cut gives
        // the whole parse's events, and the paragraph was parsed whole
        // (74–84× measured). Now cut anyway past `PARAGRAPH_BOUND` (64
        // KiB): what any size pays on top is the tree of one such piece
        // (tens of bytes a byte: a node per delimiter and per text
        // between them): 4.76–6.50× measured at 2 MiB.
        MarkdownShape::NestedImages
        | MarkdownShape::NestedEmphasis
        | MarkdownShape::NestedStrike
        | MarkdownShape::NestedMixed => (48, 0),
        // No spaces (each was one piece, 26–60× before). `` `a` ``: one
        // code span from the first backquote to the last, cut past the
        // bound: 24.0 bytes a piece measured. `*a*`: the same, 37.5 at
        // 2 MiB, of which 18 is the tree of one 64 KiB piece (6.3 MB,
        // heaptrack), paid once at any size (see `once`): 20 a piece on
        // top of it. It has no exact cut anywhere: each `**` between two
        // letters may open and close, may not close the first `*` (1 + 2
        // is a multiple of 3), so the `**` pair up among themselves and
        // the last `*` closes the first: the paragraph is one emphasis
        // (`<em>a<strong>a</strong>a…</em>`, CommonMark's rule of 3). `[a](b)`: cut before each link, 15.4 (16.2 with a
        // copy of each `b`). `a<br>`: cut after each tag: 2.51×.
        MarkdownShape::TightCodeSpans => (28, 0),
        MarkdownShape::TightLinks => (20, 0),
        MarkdownShape::TightEmphasis => (20, 0),
        MarkdownShape::TightBreaks => (24, 0),
        // One line, one block: never cut. The model keeps at most
        // `MAX_CONTAINER_DEPTH` frames, and pulldown-cmark is given the
        // line with its markers past the 128th dropped (but the last): its
        // tree held every list, item and quote of the line (about 100-150
        // bytes each, 154x / 82x / 78x at 2 MiB). 2.75x / 2.60x / 2.60x
        // measured.
        MarkdownShape::ListMarkers
        | MarkdownShape::NumberMarkers
        | MarkdownShape::QuoteListMarkers => (24, 0),
        // The attack's paragraphs the cuts did not reach (146×, 74×
        // and 23× at 2 MiB): a piece may now start with `[` where no
        // label can (`[[`, `[ [`), with `<` where no HTML block can (`<<`,
        // `<https:`, `<a>x`), at a backslash after another character, and
        // after spaces before markup. `x[[…`, `[ [ …`, `<<…` and `\*\*…`
        // are cut past the bound, as nested shapes are (see `once`):
        // 7.51×, 7.51×, 7.51×, 4.76× measured at 2 MiB, the same few
        // megabytes at any size. `<a>x`: cut after each tag, 2.84×.
        // `<https://…>` with no space: 10.6 bytes a piece.
        MarkdownShape::Brackets
        | MarkdownShape::BracketSpaces
        | MarkdownShape::AngleRun
        | MarkdownShape::EscapedStars
        | MarkdownShape::InlineTags => (24, 0),
        MarkdownShape::AngleAutolinks => (14, 0),
        // Each note is 6 pieces: its reference's span and link, its
        // paragraph, the definition's paragraph, its frame (16 bytes) and
        // its anchor (12 and `fn-` and its key); besides, its key once, in
        // one buffer, with its definition's place and its number (16, and
        // 4 to 10 in the table that finds it): 22.0 bytes a piece measured
        // (32.9 counted as 4 pieces, without the frame and the anchor).
        // It was 24.3 (36.5 as 4 pieces) with the link targets and the
        // queue of notes to list doubling as they filled and 20-byte
        // frames; 70.0 (105.0) with the key in three tables (5.4 MB for
        // 68,000 notes, heaptrack, and 4.3 and 4.2 MB), an anchor a string
        // of its own and the span, link, frame and anchor vectors doubled.
        MarkdownShape::Footnotes => (24, 0),
        // Each `# a` is two pieces, a section and its heading block (24
        // bytes each, their vectors made once at the first pass's count);
        // its id (`a-123456`, 8, in a buffer made once at its size) is
        // most of the rest: 26.4 bytes a piece measured (52.8 counted as
        // one piece; 26.9 while the headings' levels, a byte each, were
        // held as the ids were made). It was 33.9 (67.8): the buffer
        // doubled as it grew, and the table of ids taken held each. Cut before each heading
        // line (the file was one piece, 80.2×).
        MarkdownShape::Headings => (28, 0),
        // One top-level list or quote, cut between its items (a quote
        // between its blocks after a `>` line): pulldown-cmark's tree held
        // the whole of it (main at 691948a: 75.7x, 74.0x, 41.5x, 74.0x
        // and 74.0x at 2 MiB). An item or a quote is a frame of the model
        // (16 bytes: its kind packed in 8; 20 before), its vector made
        // once at the size the first pass counted. A tight item's text,
        // with no paragraph around it, is a block the first pass now
        // counts too: the block vector grew by a quarter past the count
        // (the old and new blocks held at once), 26.0, 31.8 and 30.6
        // bytes a piece for `long-list`, `nested-lists` and
        // `quoted-list`. The lists' runs of block indices have a step,
        // so an item's block with a sub-list between (every third block)
        // is one run. Measured now: 17.8, 22.1, 18.7, 15.8 and 15.7.
        MarkdownShape::LongList => (20, 0),
        MarkdownShape::NestedLists => (24, 0),
        MarkdownShape::LongQuote => (20, 0),
        MarkdownShape::DeepListLines | MarkdownShape::ListQuoteLines => (18, 0),
        // Lists with a blank line in them, cut between items since each
        // piece's looseness is read by pulldown-cmark with the item before
        // it (they were parsed whole: 85.6x, 44.9x and 44.4x at 2 MiB):
        // 19.5, 19.2 and 17.4 bytes a piece measured with 16-byte frames
        // (21.6, 20.6 and 19.5 with 20; 27.4, 28.1 and 24.7 with the
        // lists' side vectors doubling).
        MarkdownShape::LooseList => (21, 0),
        MarkdownShape::LooseNumbered => (21, 0),
        MarkdownShape::Checklist => (19, 0),
        // A list in quotes only, cut between its items, the piece from a
        // cut re-opening the quotes and the list (parsed whole: 79.5x and
        // 7.02x at 2 MiB): 19.3 bytes a piece and 2.72x the file measured
        // (30.6 and 6.2 bytes a piece while the blocks of tight items were
        // not counted by the first pass; a `> - a` line is 6 bytes, its
        // item a frame and a block).
        MarkdownShape::QuotedList => (21, 0),
        MarkdownShape::DeepQuotedList => (0, 0),
        // An item of paragraphs, cut before each (after its blank line),
        // the piece from the cut re-opening the item (its marker alone):
        // 19.2 bytes a piece measured (41.1x the file, 304.8 bytes a
        // piece, parsed whole). An item holding one fence, cut between
        // its lines, the fence re-opened too: 3.93x (11.0x: each line of
        // a fence in an item is a text of its own, its indent dropped). A
        // top-level fence, cut too: 2.03x (its text is one event a piece:
        // its resident size at 4 MiB was 15 MB before and after).
        MarkdownShape::ItemParagraphs => (21, 0),
        MarkdownShape::ItemCode => (0, 1),
        MarkdownShape::LongFence => (0, 0),
        // A tight item's lazy lines, cut between them, the piece from a
        // cut re-opening the item with a text (`- x`) whose soft break is
        // told: 2.21x measured (20.0x, one piece).
        MarkdownShape::LazyItem => (0, 0),
        // Top-level blocks with no blank line between, cut before each
        // block that follows the text of the one before (a list of another
        // marker, a quote after a list, a rule after a paragraph, a setext
        // heading after another): one piece each before (128x, 116x,
        // 107x, 112x, 112x, 68x and 56x measured at 4 MiB, resident).
        // 20.9, 19.6, 19.5, 19.8, 19.8, 23.4 and 25.4 bytes a piece
        // measured (a heading is two pieces, as `headings`).
        MarkdownShape::MarkerChange
        | MarkdownShape::MarkerCycle
        | MarkdownShape::NumberChange
        | MarkdownShape::QuoteThenList
        | MarkdownShape::ListThenQuote => (23, 0),
        MarkdownShape::ParagraphRule => (26, 0),
        MarkdownShape::SetextRun => (28, 0),
    }
}

/// What a shape with no exact cut pays once, whatever its size: the tree
/// of one piece of [`PARAGRAPH_BOUND`] (bounded by 128 bytes a byte; up
/// to 111 measured, `nested-mixed`).
///
/// A run of one character (`[`, `<`, `\*`) costs more a byte: the first
/// pass reads a window of twice the bound before it cuts inside it
/// (about 72 bytes a byte of that window measured, 9.5 MB).
fn once(shape: MarkdownShape) -> usize {
    match shape {
        MarkdownShape::Brackets
        | MarkdownShape::BracketSpaces
        | MarkdownShape::AngleRun
        | MarkdownShape::EscapedStars => 160 * PARAGRAPH_BOUND,
        s if MarkdownShape::NESTED.contains(&s) || s == MarkdownShape::TightEmphasis => {
            128 * PARAGRAPH_BOUND
        }
        _ => 0,
    }
}

#[test]
fn hostile_markdown_shapes_load_within_the_bound() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Lazy tables and the like, made once before counting.
    drop(parse_markdown(
        "warm.md",
        "warm",
        "# W\n\n`a` *b* [c](d)[^1]\n\n| a |\n|---|\n| b |\n\n[^1]: n\n",
    ));
    let mut report = Vec::new();
    let mut over = Vec::new();
    for shape in MarkdownShape::ALL {
        let mut bytes = Vec::new();
        write_markdown_shape(shape, SIZE, &mut bytes).expect("writing to memory");
        let text = String::from_utf8(bytes).expect("UTF-8");
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let doc = parse_markdown("shape.md", "shape", &text).expect("loads");
        let peak = PEAK.load(Ordering::Relaxed) - before + text.len();
        let cells: usize = doc.tables.iter().map(|t| t.cells.len()).sum();
        // Every element of the model is a piece: a block, a span, a link,
        // a table's cell, a frame (a list's item, a quote, a note), a
        // section and an anchor.
        let pieces = doc.blocks.len()
            + doc.spans.len()
            + doc.links.len()
            + cells
            + doc.frames.len()
            + doc.sections.len()
            + doc.anchors.len();
        // As pieces were counted before (no sections nor anchors, frames
        // only for the container shapes), for comparison in the report.
        let old_pieces = doc.blocks.len()
            + doc.spans.len()
            + doc.links.len()
            + cells
            + if MarkdownShape::CONTAINERS.contains(&shape) {
                doc.frames.len()
            } else {
                0
            };
        let (per_piece, times) = allowance(shape);
        let bound = (3 + times) * text.len() + per_piece * pieces + once(shape);
        let a_piece = |n: usize| peak.saturating_sub(3 * text.len()) as f64 / n.max(1) as f64;
        report.push(format!(
            "{}: {:.2}x the file, {} pieces, {:.1} bytes a piece over 3x \
             ({} and {:.1} counted as before), bound {:.2}x",
            shape.name(),
            peak as f64 / text.len() as f64,
            pieces,
            a_piece(pieces),
            old_pieces,
            a_piece(old_pieces),
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

/// Plain text (a `.txt` reached by a link, a LICENSE): one paragraph per
/// run of lines, a hard break per line. Its bound: 3× the file, plus 2×
/// its longest line (a line is gathered whole, then written into the
/// model), plus 48 bytes per line (its break and its share of the
/// paragraph's block).
#[test]
fn plain_text_loads_within_the_bound() {
    use camp_reader::load::{Format, Input, parse_input};
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let input = Input::File("notes.txt".into());
    drop(parse_input(
        &input,
        Some(Format::Text),
        "warm\n".to_string(),
    ));
    let one_line = "word ".repeat(SIZE / 5) + "\n";
    let short_lines = "a b\n".repeat(SIZE / 4);
    let paragraphs = "a\n\n".repeat(SIZE / 3);
    let mut report = Vec::new();
    let mut over = Vec::new();
    for (name, text) in [
        ("one line", one_line),
        ("short lines", short_lines),
        ("paragraphs", paragraphs),
    ] {
        let len = text.len();
        let lines = text.lines().count();
        let longest = text.lines().map(str::len).max().unwrap_or(0);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let doc = parse_input(&input, Some(Format::Text), text).expect("loads");
        let peak = PEAK.load(Ordering::Relaxed) - before + len;
        let bound = 3 * len + 2 * longest + 48 * lines;
        report.push(format!(
            "{name}: {:.2}x the file, {lines} lines, {:.1} bytes a line over 3x, bound {:.2}x",
            peak as f64 / len as f64,
            peak.saturating_sub(3 * len) as f64 / lines as f64,
            bound as f64 / len as f64,
        ));
        if peak > bound {
            over.push(name);
        }
        drop(doc);
    }
    // A `.txt` named on the command line: its format is guessed, and a
    // text no TOML document starts like is not given to TOML's parser
    // (which took 21x the file before it failed): read as Markdown, one
    // paragraph of words, gathered whole (7.05x measured).
    let guessed = Input::File("notes.txt".into());
    let text = "word ".repeat(SIZE / 5) + "\n";
    let len = text.len();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let doc = parse_input(&guessed, None, text).expect("loads");
    let peak = PEAK.load(Ordering::Relaxed) - before + len;
    report.push(format!(
        "one line, format guessed: {:.2}x the file",
        peak as f64 / len as f64
    ));
    if peak > 8 * len {
        over.push("one line, format guessed");
    }
    drop(doc);
    eprintln!("{}", report.join("\n"));
    assert!(
        over.is_empty(),
        "over the bound: {over:?}\n{}",
        report.join("\n")
    );
}
