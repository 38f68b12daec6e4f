//! Writes a large document in the content format to standard output: the
//! embedded article repeated COPIES times, with numbered section titles;
//! or, with `--shape NAME MEGABYTES`, a document of another shape
//! (article, inline, tiny-inline, short, links, inline-links, paragraphs,
//! nested) of about that size; with `--markdown COPIES`, the repeated
//! article as Markdown (the same sections and text). The shapes
//! nested-images, nested-emphasis, nested-strike and nested-mixed are
//! Markdown: one paragraph of inline markup nested as deep as the size
//! allows; so are code-spans, code-spans-note, emphasis-note, md-links,
//! table-rows, code-paragraphs (the peak-memory shapes of issue 25),
//! reference-links and long-line (the `--print` shapes), html-autolinks
//! (HTML blocks and bare addresses, issue 21's scale shape),
//! html-wide-table, underscore-words and underscore-urls (`_` runs that
//! can never open emphasis), tight-code-spans, tight-links,
//! tight-emphasis and tight-breaks (one paragraph with no space in it),
//! list-markers, number-markers and quote-list-markers (lists and quotes
//! nested on one line: `- - - … x`),
//! brackets (`x` then `[`), bracket-spaces (`[ `), angle-run (`<`),
//! escaped-stars (`\*`), inline-tags (`<a>x`), angle-autolinks
//! (`<https://…>` with no space), footnotes (a paragraph and its note's
//! definition, repeated) and headings (`# a` lines): the shapes the
//! paragraph cuts once did not reach; long-list (`- a` items),
//! nested-lists (`- a` holding `- b` holding `- c`), long-quote (`> a`,
//! `>`, `> > b`, `>`), deep-list-lines (items 64 deep on their line) and
//! list-quote-lines (half of those, then lines quoted 100 deep): one
//! list or quote, cut between its items; loose-list (`- a` and a blank
//! line), loose-numbered (`1. a`, `   b`, blank lines), checklist
//! (`- [ ] a` and a blank line), quoted-list (`> - a`), deep-quoted-list
//! (`> ` ×30 then `- a`), lazy-item (`- a` then lazy lines),
//! item-paragraphs (`- a` holding paragraphs), item-code (`- a`
//! holding one long fence) and long-fence (one fence at the top level):
//! lists with blank lines, lists in quotes, items of many blocks, fences.
//!
//!     cargo run --release --example make-doc -- 10000 > big.toml
//!     cargo run --release --example make-doc -- --markdown 10000 > big.md
//!     cargo run --release --example make-doc -- --shape inline 30 > inline.toml
//!     cargo run --release --example make-doc -- --shape nested-images 4 > images.md
//!
//! Used for the scale benchmarks and tests; the output is generated, never
//! committed.

use std::io::{BufWriter, Write};

use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse};
use camp_reader::testing::sample::{
    MarkdownShape, Shape, write_copies, write_markdown_copies, write_markdown_shape, write_shape,
};

fn usage() -> ! {
    eprintln!(
        "usage: make-doc COPIES > big.toml\n       make-doc --markdown COPIES > big.md\n       make-doc --shape NAME MEGABYTES > big.toml (or big.md)"
    );
    std::process::exit(2);
}

fn parse_copies(copies: &str) -> usize {
    match copies.parse() {
        Ok(n) if n > 0 => n,
        _ => usage(),
    }
}

fn article() -> camp_reader::model::document::Document {
    match parse(EMBEDDED_NAME, EMBEDDED) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("make-doc: {e}");
            std::process::exit(2);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = match args.as_slice() {
        [flag, name, megabytes] if flag == "--shape" => {
            let mb: usize = megabytes.parse().unwrap_or_else(|_| usage());
            match (Shape::from_name(name), MarkdownShape::from_name(name)) {
                (Some(shape), _) => write_shape(shape, mb << 20, &mut out),
                (None, Some(shape)) => write_markdown_shape(shape, mb << 20, &mut out),
                (None, None) => usage(),
            }
        }
        [copies] => write_copies(&article(), parse_copies(copies), &mut out),
        [flag, copies] if flag == "--markdown" => {
            write_markdown_copies(&article(), parse_copies(copies), &mut out)
        }
        _ => usage(),
    };
    if let Err(e) = written.and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("make-doc: {e}");
        std::process::exit(1);
    }
}
