//! Markdown to the document model: CommonMark with GitHub's extensions
//! (tables, strikethrough, task lists, footnotes, heading attributes,
//! YAML/TOML front matter), read by pulldown-cmark.
//!
//! A Markdown document's top-level headings make its section tree; inside
//! a TOML `markup = "markdown"` body (see [`push_body`]) every heading is a
//! [`BlockKind::Subheading`] and the body stays in its section. Every piece
//! of text goes through the sanitizer, as TOML text does.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, BrokenLink, CodeBlockKind, CowStr, Event, MetadataBlockKind,
    Options, Parser, Tag, TagEnd,
};
use unicase::UniCase;

use super::html::{Html, Op};
use super::rich::{HeadingKind, MAX_CONTAINER_DEPTH, Mode, OVERVIEW, Restart, Rich, TOP};
use super::{TooLarge, clean_line};
use crate::model::document::{
    AlertKind, Align, Builder, Document, FrameKind, Inline, Markup, NONE,
};

/// The extensions camp-reader reads.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_GFM
}

/// `text` with each carriage return that ends a line alone (old Mac line
/// endings) made a line feed, the same length, so every offset holds:
/// pulldown-cmark with heading attributes on reads an ATX heading to the
/// next line feed, so `## Sec\r\rtext\r` was one heading "Sec text"
/// (attack). A return at the very end is kept: in a first part read, a
/// line feed may follow it.
pub(super) fn line_feeds(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && i + 1 < bytes.len() && bytes[i + 1] != b'\n';
    let Some(first) = memchr::memchr_iter(b'\r', bytes).find(|&i| lone(i)) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = bytes.to_vec();
    for i in memchr::memchr_iter(b'\r', &bytes[first..]).map(|i| i + first) {
        if lone(i) {
            out[i] = b'\n';
        }
    }
    // Only ASCII bytes were changed, for ASCII bytes.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// Parses a Markdown document. `fallback_title` (the file name without its
/// extension) is the title when neither front matter nor a lone opening
/// level-1 heading gives one. Markdown has no syntax errors: this cannot
/// fail.
pub(super) fn parse(src: &str, fallback_title: &str) -> Result<Document, TooLarge> {
    parse_in_pieces(src, fallback_title, PIECE)
}

/// [`parse`], pulldown-cmark given about `piece` bytes at a time.
pub(super) fn parse_in_pieces(
    src: &str,
    fallback_title: &str,
    piece: usize,
) -> Result<Document, TooLarge> {
    parse_to(src, fallback_title, piece, Reach::Whole(&|_| {})).map(|(doc, _)| doc)
}

/// [`parse`], telling `progress` how many bytes of `src` have been read
/// after each piece (a second reading, when the first `#` heading was not
/// the title after all, counts again from 0).
pub(super) fn parse_reporting(
    src: &str,
    fallback_title: &str,
    progress: &dyn Fn(usize),
) -> Result<Document, TooLarge> {
    parse_to(src, fallback_title, PIECE, Reach::Whole(progress)).map(|(doc, _)| doc)
}

/// The first pieces of a long document of `size` bytes, of which `src`
/// is the start (at least twice `want` bytes of it, or all), about `want`
/// bytes, as a document of their own (its first screen, shown while the
/// rest is read), and how many bytes of `src` were parsed for it; `None`
/// when the text is not much longer than `want` or has no place to cut
/// near its start (one huge block).
///
/// Every block of it is the whole document's block, as the pieces of a
/// whole parse are (the pieces are found by [`scan`]ning a window of
/// twice `want`, of which the last piece, cut short, is dropped), with
/// two exceptions the reader checks for when the rest arrives: link
/// references and footnotes defined further down read as text until then,
/// and a second level-1 heading further down makes the first one a
/// section, not the title.
pub(super) fn parse_prefix(
    src: &str,
    size: usize,
    fallback_title: &str,
    want: usize,
) -> Option<Result<(Document, usize), TooLarge>> {
    let want = want.max(1);
    if size <= want.saturating_mul(4) {
        return None;
    }
    let mut end = (want * 2).min(src.len());
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    // Whole lines only.
    let end = memchr::memrchr(b'\n', &src.as_bytes()[..end])? + 1;
    let window = &src[..end];
    let scan = scan(window, PIECE);
    // Not inside a list or quote cut in pieces: its end (its numbers'
    // width, whether it is loose) may be further down; nor inside an item
    // or a fence cut in pieces (the first screen would show them ended).
    let &last = scan
        .cuts
        .iter()
        .rev()
        .find(|c| !scan.containers.contains_key(c) && !scan.item_cuts.contains_key(c))?;
    Some(parse_to(
        window,
        fallback_title,
        PIECE,
        Reach::Prefix(Box::new(scan), last),
    ))
}

/// How much of the text [`run_in_pieces`] reads.
enum Reach<'p> {
    /// All of it, saying how far it is after each piece.
    Whole(&'p dyn Fn(usize)),
    /// The pieces of this scan (of the text given) up to this cut.
    Prefix(Box<Scan>, usize),
}

/// A document from `src` (all of it, or a prefix), and how many bytes
/// were read for it.
fn parse_to(
    src: &str,
    fallback_title: &str,
    piece: usize,
    reach: Reach<'_>,
) -> Result<(Document, usize), TooLarge> {
    // Optimistically a lone opening `#` heading is the title; a second
    // level-1 heading means it was a section after all: read again.
    let (scan, upto, progress): (Option<&Scan>, usize, &dyn Fn(usize)) = match &reach {
        Reach::Whole(progress) => (None, src.len(), *progress),
        Reach::Prefix(scan, upto) => (Some(scan), *upto, &|_| {}),
    };
    let prefix = scan.map(|s| (s, upto));
    let (builder, title, title_heads) = match convert(src, true, piece, prefix, progress, None) {
        Ok(done) => done,
        Err(Restart) => match convert(src, false, piece, prefix, progress, None) {
            Ok(done) => done,
            Err(Restart) => unreachable_restart(),
        },
    };
    let title = title.unwrap_or_else(|| clean_line(fallback_title));
    let title = if title.is_empty() {
        "Untitled".to_string()
    } else {
        title
    };
    let (builder, ids) = builder;
    if builder.overflowed() {
        return Err(TooLarge);
    }
    let mut doc = Document::from_parts(title, None, None, builder, ids);
    doc.markup = Markup::Markdown;
    doc.set_from_markdown();
    if title_heads {
        doc.set_title_heads();
    }
    Ok((doc, upto))
}

/// `convert` restarts only when asked to take the title from a heading.
fn unreachable_restart() -> Converted {
    ((Builder::default(), String::new()), None, false)
}

/// Appends the blocks of a Markdown `body` to `builder`, in section
/// `section`: headings become sub-headings, footnotes are listed at the
/// end of the body.
pub(super) fn push_body(builder: &mut Builder, section: u32, body: &str) {
    // A TOML body's lone returns too (see `line_feeds`).
    let body = line_feeds(body);
    let mut conv = Conv::new(Rich::new(builder, Mode::Body), &body);
    conv.rich.set_section(section);
    let _ = run(&mut conv, &body);
}

/// The model's parts and the section ids end to end, the title when the
/// text gives one, and whether its heading heads the first section.
type Converted = ((Builder, String), Option<String>, bool);

/// Where a link `event` (at `range` of `src`) is used: an inline link's
/// address (`x.md` in `[a](x.md)`, where an editor is wanted), else
/// where it starts (a reference link's `[`: its address is written at
/// its definition, which many links may share).
fn place_of_use(src: &str, event: &Event<'_>, range: Range<usize>) -> usize {
    use pulldown_cmark::LinkType::Inline;
    let Event::Start(
        Tag::Link {
            link_type: Inline,
            dest_url,
            ..
        }
        | Tag::Image {
            link_type: Inline,
            dest_url,
            ..
        },
    ) = event
    else {
        return range.start;
    };
    let Some(text) = src.get(range.clone()) else {
        return range.start;
    };
    // After the text's `](` (the first: an image inside the text has its
    // own), where an address starts; escaped or encoded, the link's start.
    let after = text.find("](").map_or(0, |i| i + 2);
    address_in(&text[after..], dest_url.trim()).map_or(range.start, |i| range.start + after + i)
}

/// Where `target` is first written in `text` as an address: after `(`,
/// `<`, a quote, `=` or a space (`](x)`, `href="x"`).
fn address_in(text: &str, target: &str) -> Option<usize> {
    if target.is_empty() {
        return None;
    }
    text.match_indices(target)
        .find(|&(i, _)| {
            text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| "(<\"'=".contains(c) || c.is_whitespace())
        })
        .map(|(i, _)| i)
}

/// Appends `t` to `out` with each run of spaces and tabs as one space (none
/// at the start when `after_space`: the text before ended in one).
fn push_collapsed(out: &mut String, t: &str, after_space: bool) {
    let bytes = t.as_bytes();
    let runs = memchr::memchr(b'\t', bytes).is_some()
        || memchr::memmem::find(bytes, b"  ").is_some()
        || (after_space && bytes.first() == Some(&b' '));
    if !runs {
        out.push_str(t);
        return;
    }
    let mut space = after_space;
    for c in t.chars() {
        if c == ' ' || c == '\t' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
}

/// Where the value of the first `href` or `src` attribute in HTML `text`
/// starts (after its quote), the place of a link whose address the tag
/// does not write as the model holds it.
fn attribute_value_in(text: &str) -> Option<usize> {
    let lower = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'=', &lower[from..]).map(|i| from + i) {
        let name = text[..i].trim_end();
        let named = [&b"href"[..], b"src"].iter().any(|n| {
            name.len() >= n.len()
                && name.as_bytes()[name.len() - n.len()..].eq_ignore_ascii_case(n)
                && name.as_bytes()[..name.len() - n.len()]
                    .last()
                    .is_some_and(u8::is_ascii_whitespace)
        });
        if named {
            let value = i + 1 + (text[i + 1..].len() - text[i + 1..].trim_start().len());
            let quoted = matches!(lower.get(value), Some(b'"' | b'\''));
            return Some(value + usize::from(quoted));
        }
        from = i + 1;
    }
    None
}

/// Where each link of the document [`parse`] makes of `src` is used in
/// it (`--check`'s places): the byte offset of the event that made it
/// (a Markdown link's `[`, also a reference link's, whose address is
/// written elsewhere; an HTML tag's `<`), one for each of the model's
/// links, in their order; and the links themselves (their addresses as
/// written).
pub(super) fn link_places(src: &str) -> (Vec<u32>, Builder) {
    let mut places = Vec::new();
    let whole = src.len();
    let none = &|_| {};
    let links = match convert(src, true, PIECE, None, none, Some(&mut places)) {
        Ok(((builder, _), _, _)) => builder,
        Err(_) => {
            places.clear();
            convert(src, false, PIECE, None, none, Some(&mut places))
                .map(|((builder, _), _, _)| builder)
                .unwrap_or_default()
        }
    };
    debug_assert!(places.iter().all(|&p| p as usize <= whole));
    (places, links)
}

fn convert(
    src: &str,
    title_rule: bool,
    piece: usize,
    prefix: Option<(&Scan, usize)>,
    progress: &dyn Fn(usize),
    places: Option<&mut Vec<u32>>,
) -> Result<Converted, Restart> {
    let mut builder = Builder::default();
    // The text is never much longer than the Markdown it came from.
    builder.text.reserve(src.len());
    let mut rich = Rich::new(&mut builder, Mode::Document { title_rule });
    if has_heading_titled(src, OVERVIEW) {
        // once_cell's `# Overview` after its logo: the text before it is
        // not a second "Overview" (nor takes its `#overview`).
        rich.set_preamble(TOP);
    }
    // Read again without the title rule (a second `#` came), the first
    // `#` still heads a logo's section (see `Rich::begin_heading`).
    if titled_preamble(src) {
        rich.set_titled_preamble();
    }
    let mut conv = Conv::new(rich, src);
    let recording = places.is_some();
    if recording {
        conv.places = Some(Vec::new());
    }
    match prefix {
        Some((scan, upto)) => run_prefix(&mut conv, src, scan, upto)?,
        None => run_in_pieces(&mut conv, src, piece, progress)?,
    }
    conv.sync_places();
    let (at, kept) = (conv.at, conv.places.take());
    let mut rich = conv.rich;
    let title = rich.take_title();
    let heads = rich.title_heads();
    let ids = rich.finish();
    if let (Some(out), Some(mut kept)) = (places, kept) {
        // Links the end made (a title's badges): at the last place read.
        kept.resize(builder.links.len(), at as u32);
        *out = kept;
    }
    Ok(((builder, ids), title, heads))
}

/// A text longer than this is looked at only this far (its first lines)
/// by [`titled_preamble`]: the same for a long document's first screen
/// (see [`parse_prefix`]) and for the whole of it, so the first section
/// is not retitled once the rest is read.
const PREAMBLE_WHOLE: usize = 64 << 10;
const PREAMBLE_LOOK: usize = 8 << 10;

/// Whether the text before the first heading (a logo, badges: images and
/// HTML alone) will be headed by a title heading after it, as GitHub
/// shows crossterm's README: the first heading is the title, not a second
/// section after an invented "Overview". Found by reading up to that
/// heading as the document will be read, before any of it is shown.
fn titled_preamble(src: &str) -> bool {
    // Only text that opens with an image, a link or a tag can be one.
    if !matches!(
        src.trim_start().as_bytes().first(),
        Some(b'<' | b'[' | b'!')
    ) {
        return false;
    }
    let text = if src.len() <= PREAMBLE_WHOLE {
        src
    } else {
        let end = memchr::memrchr(b'\n', &src.as_bytes()[..PREAMBLE_LOOK]).map_or(0, |i| i + 1);
        &src[..end]
    };
    let mut builder = Builder::default();
    let mut rich = Rich::new(&mut builder, Mode::Document { title_rule: true });
    rich.set_probing();
    let mut conv = Conv::new(rich, text);
    // It stops at the first heading (`Err`), or reads to the end.
    let _ = run_in_pieces(&mut conv, text, PIECE, &|_| {});
    conv.rich.probed()
}

/// How much Markdown pulldown-cmark is given at once. Its tree costs tens
/// of bytes per inline token (`` `a` `` is four: 6 MB for a 64 KiB piece
/// of them, its node vector doubled), so the file is fed in pieces cut
/// where a fresh parse gives the same events (see [`scan`]): its tree
/// spans a piece, never the file. Small, as the tree of one piece is
/// what a file of any size pays on top of its model; a piece costs one
/// parser's set-up (microseconds). A paragraph with no exact cut (an
/// opener left open early) is parsed whole up to [`PARAGRAPH_BOUND`]; a
/// top-level list or quote is cut between its items or blocks.
pub(crate) const PIECE: usize = 16 << 10;

/// Text events gathered this long are told in parts (see
/// [`Conv::flush_long_text`]).
const LONG_TEXT: usize = 64 << 10;

/// Feeds every event of `src` to `conv`, in pieces of about [`PIECE`]
/// bytes, with footnote definitions set aside to be listed where they are
/// first referenced.
fn run(conv: &mut Conv<'_, '_>, src: &str) -> Result<(), Restart> {
    run_in_pieces(conv, src, PIECE, &|_| {})
}

fn run_in_pieces(
    conv: &mut Conv<'_, '_>,
    src: &str,
    piece: usize,
    progress: &dyn Fn(usize),
) -> Result<(), Restart> {
    if src.len() <= piece && !src.contains("[^") {
        // One piece and no footnotes: stream the events as they come.
        conv.feed(src, 0, Feed::Text)?;
        return conv.end();
    }
    let scan = scan(src, piece);
    let [spans, links, blocks, sections, frames] = scan.pieces;
    conv.rich.b.reserve_pieces(spans, links, blocks);
    conv.rich.b.frames.reserve_exact(frames + frames / 32);
    // One more: the overview's.
    conv.rich.b.sections.reserve_exact(sections + 1);
    let mut scan = scan;
    conv.notes.defs = std::mem::take(&mut scan.notes);
    conv.notes.defs.shrink();
    // Each note is queued once and its first reference links to `#fn-`
    // and its key: made once at that size, not doubled as they fill.
    let notes = conv.notes.defs.list.len();
    conv.notes.queue.reserve_exact(notes);
    (conv.rich.b.link_targets).reserve(conv.notes.defs.keys.len() + "#fn-".len() * notes);
    conv.refs = std::rc::Rc::new(std::mem::take(&mut scan.refs));
    conv.loose = std::mem::take(&mut scan.loose);
    let mut from = 0;
    for &cut in scan.cuts.iter().chain(std::iter::once(&src.len())) {
        feed_piece(conv, src, &scan, from, cut, true)?;
        progress(cut);
        from = cut;
    }
    // Definitions never referenced are not listed, as GitHub omits them.
    conv.end()
}

/// Feeds the piece `src[from..cut]` of a scanned text; `more`: a piece
/// follows it (a list or quote cut there goes on in it).
fn feed_piece(
    conv: &mut Conv<'_, '_>,
    src: &str,
    scan: &Scan,
    from: usize,
    cut: usize,
    more: bool,
) -> Result<(), Restart> {
    let mut join = Join {
        continues: scan.joins.contains_key(&from),
        spaces: scan.joins.get(&cut).map(|&q| q..cut),
        table_head: scan.tables.get(&from).cloned(),
        table_goes_on: scan.tables.contains_key(&cut),
        gap: None,
        container_continues: scan.containers.get(&from).copied().unwrap_or(0),
        container_goes_on: if !more {
            0
        } else if let Some(reopen) = scan.item_cuts.get(&cut) {
            reopen.ends
        } else {
            scan.containers.get(&cut).copied().unwrap_or(0)
        },
        item_head: scan.item_cuts.get(&from).map(|r| r.head.clone()),
        item_lazy: scan.item_cuts.get(&from).is_some_and(|r| r.lazy),
    };
    let text = &src[from..cut];
    if !join.continues
        && join.table_head.is_none()
        && join.item_head.is_none()
        && let Some((squeezed, at, removed)) = squeeze(src, from, text)
    {
        join.gap = Some((at, removed));
        return conv.feed_joined(&squeezed, from, Feed::Text, join);
    }
    conv.feed_joined(text, from, Feed::Text, join)
}

/// Container markers kept at the start of a line nested deeper (see
/// [`squeeze`]): past [`MAX_CONTAINER_DEPTH`] (each marker opens at least
/// one container), so what is dropped is read as nothing anyway.
const KEPT_MARKERS: usize = 2 * MAX_CONTAINER_DEPTH;

/// Where `q`, an offset in a text squeezed with `gap`, was before.
fn unsqueezed(q: usize, gap: Option<(usize, usize)>) -> usize {
    match gap {
        Some((at, removed)) if q >= at => q + removed,
        _ => q,
    }
}

/// `text` (at `src[base..]`, a cut) with the container markers of its
/// first line past the first [`KEPT_MARKERS`] dropped, but for the last
/// few, and where they were (at, how many bytes): `- - - … x` nested
/// thousands deep on one line is a tree of every list and item in
/// pulldown-cmark (150x the file), where the model keeps only
/// [`MAX_CONTAINER_DEPTH`] of them and reads the blocks of deeper ones as
/// the deepest kept's. Only where dropping them cannot change the parse:
/// the line starts a block (after a blank line), has no tab (columns), no
/// line after it reaches as deep (by indentation or markers), its kept
/// end has a character no thematic break has (so no level's rest of the
/// line becomes or stops being a `- - -` rule), and no footnote.
fn squeeze(src: &str, base: usize, text: &str) -> Option<(String, usize, usize)> {
    let bytes = text.as_bytes();
    let line_end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    if line_end < 2 * KEPT_MARKERS {
        return None;
    }
    let before = &src.as_bytes()[..base];
    let fresh = before.is_empty()
        || before.ends_with(b"\n")
            && before[..before.len() - 1]
                .rsplit(|&c| c == b'\n')
                .next()
                .is_some_and(|l| l.iter().all(|c| c.is_ascii_whitespace()));
    let line = &bytes[..line_end];
    if !fresh || line.contains(&b'\t') || memchr::memmem::find(bytes, b"[^").is_some() {
        return None;
    }
    // The last character no thematic break has.
    let witness = line
        .iter()
        .rposition(|c| !matches!(c, b'-' | b'*' | b'_' | b' ' | b'\r'))?;
    let mut i = 0;
    let mut count = 0;
    let mut drop_from = None;
    let mut last = 0;
    let mut last_before_witness = None;
    loop {
        let start = i;
        match line.get(i) {
            Some(b'>') => {
                i += 1;
                if line.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            Some(b'-' | b'*' | b'+') if line.get(i + 1) == Some(&b' ') => i += 2,
            Some(c) if c.is_ascii_digit() => {
                let digits = line[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = line.get(i + digits);
                if digits > 9
                    || !matches!(after, Some(b'.' | b')'))
                    || line.get(i + digits + 1) != Some(&b' ')
                {
                    break;
                }
                i += digits + 2;
            }
            _ => break,
        }
        count += 1;
        if count == KEPT_MARKERS + 1 {
            drop_from = Some(start);
        }
        last = start;
        if start <= witness {
            last_before_witness = Some(start);
        }
    }
    // The markers kept at the end: the last one, or from the last before
    // the witness when the line ends in markers.
    let keep_from = if witness >= i {
        last
    } else {
        last_before_witness?
    };
    let drop_from = drop_from?;
    if keep_from <= drop_from {
        return None;
    }
    // No later line may reach the dropped levels.
    let deep = bytes[line_end..].split(|&c| c == b'\n').any(|l| {
        let mut width = 0;
        for &c in l {
            match c {
                b'\t' => width += 4,
                b' ' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9' => width += 1,
                _ => break,
            }
        }
        width >= KEPT_MARKERS
    });
    if deep {
        return None;
    }
    let mut squeezed = String::with_capacity(text.len() - (keep_from - drop_from));
    squeezed.push_str(&text[..drop_from]);
    squeezed.push_str(&text[keep_from..]);
    Some((squeezed, drop_from, keep_from - drop_from))
}

/// Feeds the pieces of `src` before `scan`'s last cut (see
/// [`parse_prefix`]); definitions never referenced are not listed (they
/// may be further down).
fn run_prefix(conv: &mut Conv<'_, '_>, src: &str, scan: &Scan, upto: usize) -> Result<(), Restart> {
    conv.notes.defs = scan.notes.clone();
    conv.refs = std::rc::Rc::new(scan.refs.clone());
    conv.loose = scan.loose.clone();
    let mut from = 0;
    for &cut in scan.cuts.iter().take_while(|&&c| c <= upto) {
        feed_piece(conv, src, scan, from, cut, cut != upto)?;
        from = cut;
    }
    conv.end()
}

/// The cells of an HTML block holding one `<table>` (its `<td>` and
/// `<th>` tags, at most one a 10 bytes, as `<td>a</td>` takes), counted
/// so that their vector is made once at its size; 0 for any other block.
fn table_cells(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut tables, mut cells) = (0, 0);
    for at in memchr::memchr_iter(b'<', bytes) {
        let tag = |name: &[u8]| {
            bytes.len() > at + name.len() + 1
                && bytes[at + 1..at + 1 + name.len()].eq_ignore_ascii_case(name)
                && matches!(
                    bytes[at + 1 + name.len()],
                    b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'
                )
        };
        if tag(b"td") || tag(b"th") {
            cells += 1;
        } else if tag(b"table") {
            tables += 1;
        }
    }
    if tables == 1 {
        cells.min(html.len() / 10)
    } else {
        0
    }
}

/// Ops of an HTML block told to the builder at once (see
/// [`Html::read_block`]).
const HTML_BATCH: usize = 1024;

/// The label line above the listed footnotes.
pub const FOOTNOTES_LABEL: &str = "Footnotes";

fn note_key(label: &str) -> String {
    label.to_lowercase()
}

/// The footnote definitions of a text: each key once, in one buffer, its
/// definition's bytes and (once referenced) its number, found by a table
/// of 4-byte indices. A note was a key in three tables (definitions,
/// numbers, the queue of notes to list), about 150 bytes of the 390 a
/// note cost (issue 24).
#[derive(Default, Clone)]
struct NoteDefs {
    /// The keys, end to end, in the order of `list`.
    keys: String,
    list: Vec<NoteDef>,
    /// Indices into `list`, by the hash of their key.
    table: hashbrown::HashTable<u32>,
}

#[derive(Clone, Copy)]
struct NoteDef {
    /// End of its key in [`NoteDefs::keys`] (each starts where the one
    /// before ends).
    key_end: u32,
    /// Its definition's bytes in the text.
    start: u32,
    end: u32,
    /// Its number, given at its first reference; 0 before.
    number: u32,
}

impl NoteDefs {
    fn hash(key: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(key.as_bytes())
    }

    fn key(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .map_or(0, |b| self.list[b].key_end as usize);
        &self.keys[start..self.list[i].key_end as usize]
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.list.len()
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The note whose key is `key`.
    fn find(&self, key: &str) -> Option<usize> {
        self.table
            .find(Self::hash(key), |&i| self.key(i as usize) == key)
            .map(|&i| i as usize)
    }

    /// Where the definition of `key` is in the text.
    fn get(&self, key: &str) -> Option<Range<usize>> {
        self.find(key).map(|i| self.range(i))
    }

    fn range(&self, i: usize) -> Range<usize> {
        self.list[i].start as usize..self.list[i].end as usize
    }

    /// Keeps `r` as the definition of `key` unless it has one.
    fn insert_first(&mut self, key: &str, r: Range<usize>) {
        if self.find(key).is_some() {
            return;
        }
        let i = self.list.len() as u32;
        self.keys.push_str(key);
        self.list.push(NoteDef {
            key_end: self.keys.len() as u32,
            start: r.start as u32,
            end: r.end as u32,
            number: 0,
        });
        let (keys, list) = (&self.keys, &self.list);
        let key_of = |&j: &u32| {
            let j = j as usize;
            let start = j.checked_sub(1).map_or(0, |b| list[b].key_end as usize);
            Self::hash(&keys[start..list[j].key_end as usize])
        };
        self.table.insert_unique(Self::hash(key), i, key_of);
    }

    /// Gives back the room the scan's growth left over: these live as
    /// long as the load.
    fn shrink(&mut self) {
        self.keys.shrink_to_fit();
        self.list.shrink_to_fit();
        let (keys, list) = (&self.keys, &self.list);
        self.table.shrink_to_fit(|&j: &u32| {
            let j = j as usize;
            let start = j.checked_sub(1).map_or(0, |b| list[b].key_end as usize);
            Self::hash(&keys[start..list[j].key_end as usize])
        });
    }
}

/// The id of a footnote's definition: GitHub's (`fn-label`, once its
/// `user-content-` prefix is dropped, as GitHub's own links drop it).
fn note_id(key: &str) -> String {
    format!("fn-{key}")
}

/// Link reference definitions of the whole text, the first of each label
/// (matched as pulldown-cmark does, ignoring case): address and title.
type Refs = HashMap<UniCase<String>, (String, String)>;

/// What [`scan`] finds before the events are read.
#[derive(Default)]
struct Scan {
    /// Where each piece after the first starts.
    cuts: Vec<usize>,
    /// Cuts inside a paragraph (see [`inner_split`]) → where the spaces
    /// before them start: the piece before ends with them, and its parse
    /// drops them as a paragraph's trailing spaces.
    joins: HashMap<usize, usize>,
    /// Cuts between the rows of a table → its header and delimiter rows,
    /// which the piece from the cut is parsed after, so that its rows
    /// read as that table's (see [`table_cut`]).
    tables: HashMap<usize, Range<usize>>,
    refs: Refs,
    /// A footnote's key → its definition's bytes in the text (the first
    /// definition of a label).
    notes: NoteDefs,
    /// Cuts inside a paragraph longer than [`PARAGRAPH_BOUND`] where no
    /// cut gives the whole parse's events (see [`forced_split`]).
    forced: Vec<usize>,
    /// About how many spans, links, blocks, sections and frames the model
    /// will hold (see [`Counted`]).
    pieces: [usize; 5],
    /// References by the hash of their label, and how many (see
    /// [`Counted`]): those to a label defined are links.
    refs_used: HashMap<u64, usize>,
    /// Cuts inside a top-level list (before one of its items) or block
    /// quote (before one of its blocks), see [`ContainerCut`]: the piece
    /// from the cut goes on with the list or quote of the piece before.
    /// How many containers the piece from each such cut re-opens (their
    /// starts not told): 1 for a top-level list or quote, more for a list
    /// in quotes (`> > - a`: two quotes and the list).
    containers: HashMap<usize, usize>,
    /// Top-level lists cut in pieces that are loose as a whole, by where
    /// each piece's parse starts them (the list's start, then each cut):
    /// a piece that alone reads tight has its items' text put in
    /// paragraphs, as the whole parse does.
    loose: std::collections::HashSet<usize>,
    /// Cuts inside an item of a top-level list (before a block of the
    /// item after a blank line), or inside a fenced code block (at the
    /// top level or in such an item) → what re-opens them (see
    /// [`Reopen`]).
    item_cuts: HashMap<usize, Reopen>,
}

/// Lines that re-open what a cut is inside: a list item (its marker
/// alone, indented so its content starts at the item's column, see
/// [`item_reopener`]), then a fence (its line as written, without its
/// info string). The piece from the cut is parsed after them, their
/// starts not told, so its blocks are the item's and its lines the
/// fence's.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reopen {
    head: String,
    /// How much of `head` re-opens the item (0: none, a top-level fence).
    item: usize,
    /// How many ends the piece before does not tell: its fence's, its
    /// item's and its list's.
    ends: usize,
    /// The cut is among the lazy lines of a tight item's text (`- a`,
    /// then lines not indented): `head` re-opens the item with a text
    /// (`- x`), whose soft break is told, so the piece's first line goes
    /// on with the item's text.
    lazy: bool,
}

impl Reopen {
    /// The line re-opening the item alone (its marker, no text).
    fn item_line(&self) -> Option<String> {
        match (self.item, self.lazy) {
            (0, _) => None,
            (n, false) => Some(self.head[..n].to_string()),
            (n, true) => Some(format!("{}\n", &self.head[..n - 3])),
        }
    }
}

/// A top-level list or block quote cut in pieces: where each piece's
/// parse starts it (its start, then each cut), and whether it is loose.
#[derive(Default)]
struct ContainerRun {
    starts: Vec<usize>,
    loose: bool,
    /// It is a list (not a quote).
    list: bool,
    /// Where the last item before the last cut starts its line: the
    /// next piece's looseness is read with that item before it (see
    /// [`list_loose`]).
    overlap: usize,
    /// What the piece from `overlap` is read after, when it is a cut
    /// among an item's lazy lines (see [`Reopen::lazy`]).
    overlap_head: String,
    /// Cuts among an item's lazy lines: undone if the list is loose (its
    /// items' text is then in paragraphs, which those cuts would part).
    lazy: Vec<usize>,
}

impl ContainerRun {
    /// The list or quote ends: its pieces are told its looseness. Returns
    /// the cuts to undo.
    #[must_use]
    fn finish(&mut self, loose: &mut std::collections::HashSet<usize>) -> Vec<usize> {
        let run = std::mem::take(self);
        if run.loose {
            loose.extend(run.starts);
            return run.lazy;
        }
        Vec::new()
    }
}

/// Undoes `cuts` (among an item's lazy lines, see [`ContainerRun::lazy`]):
/// the pieces on both sides of each are one.
fn undo_cuts(out: &mut Scan, cuts: Vec<usize>) {
    if cuts.is_empty() {
        return;
    }
    let cuts: std::collections::HashSet<usize> = cuts.into_iter().collect();
    out.cuts.retain(|c| !cuts.contains(c));
    out.item_cuts.retain(|c, _| !cuts.contains(c));
}

/// Whether no line from `at` to the paragraph's end (as far as a blank
/// line) could be a setext underline (`=` or `-` alone): one would make
/// the whole paragraph a heading, so a cut among its lines would change
/// it. `ahead` keeps what was found (a paragraph is looked at once).
fn no_underline_ahead(src: &str, at: usize, ahead: &mut (usize, usize)) -> bool {
    let (clear_to, underline_at) = *ahead;
    if at < clear_to {
        return true;
    }
    if at < underline_at && underline_at != usize::MAX {
        return false;
    }
    let bytes = src.as_bytes();
    let mut p = at;
    while p < bytes.len() {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[p..]).map_or(bytes.len(), |i| p + i);
        let line = &bytes[p..end];
        let body: Vec<u8> = line
            .iter()
            .copied()
            .filter(|&c| c != b' ' && c != b'\t')
            .collect();
        if body.is_empty() {
            *ahead = (p, usize::MAX);
            return true;
        }
        if body.iter().all(|&c| c == b'=') || body.iter().all(|&c| c == b'-') {
            *ahead = (clear_to, p);
            return false;
        }
        p = end + 1;
    }
    *ahead = (bytes.len() + 1, usize::MAX);
    true
}

/// Where the line holding `text[at]` starts.
fn line_start(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    memchr::memrchr2(b'\n', b'\r', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
}

/// Whether pulldown-cmark reads the top-level list that `src[from..to]`
/// starts with (at a line's start: the list's first item, or the last
/// item of the piece before a cut) as loose, in so far as its items show
/// it. A list is loose when a blank line parts two adjacent items, or
/// two blocks of one item: each piece of a list cut in pieces is read
/// with the item before it (a one-item overlap), so every pair of
/// adjacent items and every item is judged by pulldown-cmark itself in
/// one parse, and the list is loose as a whole when any piece is (no
/// rule of ours: an item of a task marker alone, a blank line in a fence
/// or in a quote the next line closes, are its call). A probe item of
/// the list's marker is put first, with no blank line after it, so a
/// piece whose items hold no text of their own (`- > a`) still shows
/// whether it is loose: the probe's text is then a paragraph.
fn list_loose(src: &str, from: usize, to: usize, head: &str) -> bool {
    // A piece from a cut among an item's lazy lines is read after the
    // line re-opening its item.
    let owned;
    let text = if head.is_empty() {
        &src[from..to.max(from)]
    } else {
        owned = [head, &src[from..to.max(from)]].concat();
        owned.as_str()
    };
    let bytes = text.as_bytes();
    // The quotes the list is in (`> > - a`), then its indent.
    let line = &bytes[..memchr::memchr2(b'\n', b'\r', bytes).unwrap_or(bytes.len())];
    // A tab may stand among them (`> >\t- a`): the probe keeps the
    // prefix as written, so pulldown-cmark reads its columns as in the
    // text (read as not loose, one such item hid the blank line after it:
    // the attack).
    let lead = line
        .iter()
        .position(|c| !matches!(c, b' ' | b'>' | b'\t'))
        .unwrap_or(line.len());
    let quotes = match quote_markers(&line[..lead]) {
        Some(n) => n,
        None => line[..lead].iter().filter(|&&c| c == b'>').count(),
    };
    let marker: &str = match bytes.get(lead) {
        Some(b'-') => "- ",
        Some(b'*') => "* ",
        Some(b'+') => "+ ",
        Some(c) if c.is_ascii_digit() => {
            let digits = bytes[lead..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            match bytes.get(lead + digits) {
                Some(b'.') => "1. ",
                Some(b')') => "1) ",
                _ => return false,
            }
        }
        _ => return false,
    };
    // A first line nested thousands deep is read as it is fed.
    let squeezed = if head.is_empty() {
        squeeze(src, from, text)
    } else {
        None
    };
    let body = squeezed.as_ref().map_or(text, |(s, _, _)| s.as_str());
    let mut probe = String::with_capacity(body.len() + lead + 6);
    probe.push_str(&text[..lead.min(text.len())]);
    probe.push_str(marker);
    probe.push_str("p\n");
    probe.push_str(body);
    let mut depth = 0usize;
    let mut item = false;
    for (event, _) in Parser::new_ext(&probe, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == quotes + 1 {
                    item = matches!(tag, Tag::Item);
                }
                if depth == quotes + 2 && item && matches!(tag, Tag::Paragraph) {
                    return true;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth <= quotes {
                    // Only the first list.
                    return false;
                }
            }
            _ => {}
        }
    }
    false
}

/// A container open where [`scan`] reads, as far as cutting goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OpenKind {
    Quote,
    List,
    Other,
}

/// What a window's top-level list or quote is, as [`scan`] reads it.
#[derive(Clone, Copy)]
struct TopContainer {
    /// Where its start event is in the window's text, and where its last
    /// item read ends (the list's end may be further: a definition after
    /// it).
    start: usize,
    end: usize,
    quote: bool,
}

/// A cut before an item of a top-level list or a block of a top-level
/// quote, or an item of a list in quotes only: the line's start in the
/// window's text, the start of the list or quote cut (its `holder`), how
/// many containers the piece from it re-opens, and whether it is a list.
#[derive(Clone, Copy)]
struct ContainerCut {
    at: usize,
    holder: usize,
    depth: usize,
    list: bool,
    /// Inside an item, before one of its blocks (see [`Scan::item_cuts`]).
    in_item: bool,
}

/// A line that opens a list item whose content starts where that of the
/// item on `line` (a top-level list item's first line) does: its marker
/// alone (an item starting with a blank line takes its content from the
/// column after the marker and a space), indented to make up the width.
/// `None` where that cannot be written: a tab on the marker's line, or a
/// content column more than 3 spaces past a marker and a space.
fn item_reopener(line: &[u8]) -> Option<String> {
    let line = &line[..memchr::memchr2(b'\n', b'\r', line).unwrap_or(line.len())];
    let indent = line.iter().take_while(|&&c| c == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let marker = match rest.first()? {
        b'-' | b'*' | b'+' => 1,
        c if c.is_ascii_digit() => {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(rest.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let after = &rest[marker..];
    if after.contains(&b'\t') {
        return None;
    }
    let spaces = after.iter().take_while(|&&c| c == b' ').count();
    let width = if spaces == after.len() || spaces >= 5 {
        indent + marker + 1
    } else if spaces == 0 {
        return None;
    } else {
        indent + marker + spaces
    };
    let pad = width - marker - 1;
    if pad > 3 {
        return None;
    }
    let mut out = " ".repeat(pad);
    out.push_str(std::str::from_utf8(&rest[..marker]).ok()?);
    out.push('\n');
    Some(out)
}

/// How many quote markers (`>`, each after at most 3 spaces and with the
/// space after it) `prefix` is, with only spaces after the last; `None`
/// for anything else (a tab: columns).
fn quote_markers(prefix: &[u8]) -> Option<usize> {
    let mut i = 0;
    let mut n = 0;
    loop {
        let spaces = prefix[i..].iter().take_while(|&&c| c == b' ').count();
        match prefix.get(i + spaces) {
            Some(b'>') if spaces <= 3 => {
                i += spaces + 1;
                n += 1;
                if prefix.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            None => return Some(n),
            _ => return None,
        }
    }
}

/// Whether a top-level list item or a top-level quote's block starting at
/// `text[r_start..]` is a place to cut, as [`scan`] reads it: at the
/// start of its line, the line whole in the window (a line cut short by
/// the window's end may read otherwise: `- - -` a rule), and, in a quote,
/// after a line that is `>` alone (so nothing before it is still open,
/// nor could a fresh parse take its line for a lazy one), not starting an
/// alert (`> [!NOTE]` is one only as a quote's first line). Returns the
/// line's start.
fn container_cut_at(text: &str, r_start: usize, quote: bool, last: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let r_start = r_start.min(bytes.len());
    let ls = memchr::memrchr2(b'\n', b'\r', &bytes[..r_start]).map_or(0, |i| i + 1);
    if ls == 0 {
        return None;
    }
    if !last && memchr::memchr2(b'\n', b'\r', &bytes[r_start..]).is_none() {
        return None;
    }
    let prefix = &bytes[ls..r_start];
    if !quote {
        // pulldown-cmark starts an item at its line's start.
        return prefix.iter().all(|&c| c == b' ').then_some(ls);
    }
    let indent = prefix.iter().take_while(|&&c| c == b' ').count();
    if indent > 3
        || prefix.get(indent) != Some(&b'>')
        || !prefix[indent + 1..].iter().all(|&c| c == b' ')
        || bytes[r_start..].starts_with(b"[")
    {
        return None;
    }
    // The line before is `>` alone.
    let before = &bytes[..ls];
    let before = before
        .strip_suffix(b"\r\n")
        .or_else(|| before.strip_suffix(b"\n"))
        .or_else(|| before.strip_suffix(b"\r"))?;
    let from = memchr::memrchr2(b'\n', b'\r', before).map_or(0, |i| i + 1);
    let line = &before[from..];
    let indent = line.iter().take_while(|&&c| c == b' ').count();
    (indent <= 3
        && line.get(indent) == Some(&b'>')
        && line[indent + 1..].iter().all(|&c| c == b' ' || c == b'\t'))
    .then_some(ls)
}

/// The line that opens the fence starting at `text[at..]` again: its
/// indent and its run of backquotes or tildes, without the info string
/// (the block's start, which holds it, is not told again). `None` for a
/// tab in the indent, or a line not ended by `\n` (pulldown-cmark reads
/// an info string past a lone `\r`, see [`CrFences`]).
fn fence_reopener(text: &str, at: usize) -> Option<String> {
    let ls = line_start(text, at);
    let line = &text.as_bytes()[ls..];
    let eol = memchr::memchr2(b'\n', b'\r', line)?;
    if line[eol] == b'\r' && line.get(eol + 1) != Some(&b'\n') {
        return None;
    }
    let indent = line.iter().take_while(|&&c| c == b' ').count();
    let c = *line.get(indent).filter(|&&c| c == b'`' || c == b'~')?;
    let run = line[indent..].iter().take_while(|&&x| x == c).count();
    if run < 3 || text.as_bytes()[ls..at].iter().any(|&x| x != b' ') {
        return None;
    }
    let mut out = text[ls..ls + indent + run].to_string();
    out.push('\n');
    Some(out)
}

/// Inline constructs and blocks of a window, where each starts: each
/// makes (at least) a span, a link or a block of the model. Links by
/// reference are not counted (the label may be defined nowhere), nor
/// markup nested deeper than the model keeps.
/// Links by reference are counted by label, once the whole text's
/// definitions are known ([`Scan::refs_used`]); addresses in the text
/// (outside links) as [`super::gfm::count_links`] finds them.
#[derive(Default)]
struct Counted {
    spans: Vec<usize>,
    links: Vec<usize>,
    blocks: Vec<usize>,
    /// Headings at the top level: sections.
    sections: Vec<usize>,
    /// List items, quotes and notes: frames (a list of items nested 64
    /// deep on each line is mostly frames).
    frames: Vec<usize>,
    /// References: where, and a hash of the label (see [`label_hash`]).
    refs: Vec<(usize, u64)>,
    /// Links and images open.
    in_link: usize,
    /// A list item was just opened: its text, if inline content comes
    /// first (a tight item's, with no paragraph around it), is a block of
    /// its own, and an empty item is an empty one.
    item_opened: bool,
}

/// A reference's label as definitions are matched (ignoring case),
/// hashed: counting uses per label cost no string each.
fn label_hash(label: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
        .hash_one(UniCase::new(label))
}

/// Labels whose references [`scan`] counts at most (the count is a
/// reservation: past it, references are not counted).
const COUNTED_LABELS: usize = 1 << 16;

impl Counted {
    fn see(&mut self, event: &Event<'_>, at: usize, depth: usize) {
        use pulldown_cmark::LinkType::{
            Autolink, Collapsed, CollapsedUnknown, Email, Inline, Reference, ReferenceUnknown,
            Shortcut, ShortcutUnknown,
        };
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.in_link = self.in_link.saturating_sub(1);
            }
            Event::Text(t) if self.in_link == 0 && depth < 40 => {
                for _ in 0..super::gfm::count_links(t) {
                    self.spans.push(at);
                    self.links.push(at);
                }
            }
            _ => {}
        }
        if std::mem::take(&mut self.item_opened) {
            match event {
                // Its first paragraph or block is counted as such.
                Event::Start(_) | Event::Rule | Event::Html(_) => {}
                // The marker of a task item stays before its text.
                Event::TaskListMarker(_) => self.item_opened = true,
                _ if is_inline(event) => self.blocks.push(at),
                // An empty item shows its marker on an empty block.
                Event::End(TagEnd::Item) => self.blocks.push(at),
                _ => {}
            }
        }
        match event {
            Event::Code(_) | Event::InlineMath(_) => self.spans.push(at),
            // A footnote's reference: its number's span and its link.
            Event::FootnoteReference(_) if depth < 40 => {
                self.spans.push(at);
                self.links.push(at);
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) if depth < 40 => {
                self.spans.push(at);
            }
            Event::Start(Tag::Link {
                link_type: Inline | Autolink | Email,
                ..
            }) if depth < 40 => {
                self.spans.push(at);
                self.links.push(at);
            }
            Event::Start(Tag::Link {
                link_type:
                    Reference | ReferenceUnknown | Collapsed | CollapsedUnknown | Shortcut
                    | ShortcutUnknown,
                id,
                ..
            }) if depth < 40 => self.refs.push((at, label_hash(id))),
            Event::Start(Tag::Heading { .. }) => {
                self.blocks.push(at);
                if depth == 0 {
                    self.sections.push(at);
                }
            }
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_)) | Event::Rule => {
                self.blocks.push(at);
            }
            // The model keeps frames [`MAX_CONTAINER_DEPTH`] deep: a list
            // and its item are two levels here.
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_))
                if depth < 2 * MAX_CONTAINER_DEPTH =>
            {
                self.frames.push(at);
                self.item_opened = matches!(event, Event::Start(Tag::Item));
            }
            // Nested past the model's depth, an item's text still makes a
            // block (in the container above).
            Event::Start(Tag::Item) => self.item_opened = true,
            _ => {}
        }
    }

    /// How many spans, links, blocks, sections and frames start before
    /// `end`.
    fn before(&self, end: usize) -> [usize; 5] {
        [
            &self.spans,
            &self.links,
            &self.blocks,
            &self.sections,
            &self.frames,
        ]
        .map(|v| v.partition_point(|&p| p < end))
    }

    /// Counts the references before `end` by label into `used`.
    fn refs_before(&self, end: usize, used: &mut HashMap<u64, usize>) {
        for &(_, label) in self.refs.iter().take_while(|r| r.0 < end) {
            let full = used.len() >= COUNTED_LABELS;
            match used.entry(label) {
                std::collections::hash_map::Entry::Occupied(mut n) => *n.get_mut() += 1,
                std::collections::hash_map::Entry::Vacant(e) if !full => {
                    e.insert(1);
                }
                std::collections::hash_map::Entry::Vacant(_) => {}
            }
        }
    }
}

/// Finds where `src` may be cut, and its link reference and footnote
/// definitions, parsing it a window at a time.
///
/// A window's parse agrees with the whole text's on every block that
/// ends before the window's last top-level block starts: block structure
/// is decided line by line, looking one line ahead at most (a table's
/// delimiter row, a setext underline), and nothing later joins a block to
/// an earlier one. So the start of the last top-level block in a window
/// is a cut, if it starts a line, and a piece parsed from there gives the
/// events the whole text would, given the definitions from elsewhere
/// (link references resolve through [`Refs`], footnote labels are made
/// known to the piece's parser). The one look further ahead is
/// pulldown-cmark's front matter, which it reads anywhere: a `---` or
/// `+++` line whose closing line lies past the window ends the cuts of
/// that window there. A window whose one top-level block is a table is
/// cut between its rows ([`table_cut`]); one whose one block is a
/// paragraph, inside it ([`Para`]); any other with no second top-level
/// block doubles.
///
/// Every reference to a label the window does not define is read as a
/// link here (whatever its address), unless a `(` or `[` follows it or
/// the window ends there (more could make it an inline or full link): a
/// paragraph of references defined later can then be cut between them.
/// Whether it is a link or text in the whole parse, the brackets pair
/// alike (a `]` closes the nearest `[` either way), and whatever the
/// window leaves as text (a `[` or a delimiter never closed) still
/// forbids a cut after it.
fn scan(src: &str, piece: usize) -> Scan {
    let closings = Closings::of(src);
    let cr_fences = CrFences::of(src);
    let mut out = Scan::default();
    let mut a = 0;
    let mut window = piece.max(1);
    // Where the paragraph being cut inside starts, and a place where that
    // was undone (its end is a setext heading): no cut inside from there.
    let mut inner_from: Option<usize> = None;
    let mut no_inner_at: Option<usize> = None;
    let mut lines = Lines::default();
    // The list or quote the last cut is in, cut in pieces.
    let mut run = ContainerRun::default();
    // What was found of setext underlines ahead (see `no_underline_ahead`).
    let mut underline = (0, usize::MAX);
    while a < src.len() {
        let b = window_end(src, a, window);
        let last = b == src.len();
        // A window that goes on with a table cut between its rows is read
        // after the table's header and delimiter rows: `text[shift..]` is
        // `src[a..b]`, and `text[i]` is `src[base + i]` from `shift` on.
        let head = out.tables.get(&a).cloned();
        // A window that goes on inside a list item is read after a line
        // re-opening it (see `Scan::item_cuts`): its events are read as
        // the list's, but not counted nor cut at.
        let item_cut = out.item_cuts.get(&a).cloned();
        let item_head = item_cut.as_ref().map(|r| r.head.clone());
        let joined;
        let text = match (&head, &item_head) {
            (Some(h), _) => {
                joined = [&src[h.clone()], &src[a..b]].concat();
                joined.as_str()
            }
            (None, Some(h)) => {
                joined = [h.as_str(), &src[a..b]].concat();
                joined.as_str()
            }
            (None, None) => &src[a..b],
        };
        let shift = match (&head, &item_head) {
            (Some(h), _) => h.len(),
            (None, Some(h)) => h.len(),
            (None, None) => 0,
        };
        let base = a - shift;
        // A line nested thousands deep is read as it will be fed (see
        // `squeeze`), its offsets told as the text's.
        let squeezed = if head.is_none() && item_head.is_none() {
            squeeze(src, a, text)
        } else {
            None
        };
        let gap = squeezed.as_ref().map(|&(_, at, removed)| (at, removed));
        let parsed = squeezed.as_ref().map_or(text, |(s, _, _)| s.as_str());
        let any_link = |link: BrokenLink<'_>| {
            // Not where more could make it another link in the whole text
            // (`](` an inline link's address cut off by the window's end).
            let next = parsed.as_bytes().get(link.span.end);
            (next.is_some_and(|&c| c != b'(' && c != b'['))
                .then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
        };
        let mut events = Parser::new_with_broken_link_callback(parsed, options(), Some(any_link))
            .into_offset_iter();
        let mut depth = 0usize;
        // The last top-level block read was a list.
        let mut after_list = false;
        let mut cut = None;
        let mut table = TableSeen::default();
        // No cut at or before this offset: a piece must hold the line that
        // may close the front matter a `---` or `+++` line before it opens.
        let mut closed_by = 0;
        let mut notes: Vec<(String, Range<usize>)> = Vec::new();
        let mut para = Para::default();
        let mut counted = Counted::default();
        // Top-level lists and quotes, the one the last top-level block is,
        // and the last place one of them may be cut.
        let mut tops: Vec<TopContainer> = Vec::new();
        let mut top: Option<usize> = None;
        let mut container_cut: Option<ContainerCut> = None;
        // The items of the lists that may be cut, where their lines
        // start: which list (where it starts), and where.
        let mut items: Vec<(usize, usize)> = Vec::new();
        // The containers open (what, where each starts), and where the
        // window's first events, all starts, start (a piece from a cut in
        // a list or quote re-opens them).
        let mut open: Vec<(OpenKind, usize)> = Vec::new();
        let mut opening: Vec<usize> = Vec::new();
        let mut opening_done = false;
        // The item of the last top-level list being read, as a line that
        // re-opens it, and whether the list was read loose (a paragraph
        // in one of its items) before the block being read.
        let mut item_reopen: Option<Reopen> = None;
        let mut cur_item: Option<String> = None;
        let mut list_paragraphs = false;
        // The fenced code block being read that may be cut between its
        // lines: the depth of its lines' events, what re-opens it.
        let mut fence: Option<(usize, Reopen)> = None;
        // Where the text of the last block read ends (see
        // `adjacent_block_at`), and whether front matter was read.
        let mut leaf_end: Option<usize> = None;
        let mut metadata = false;
        // The current item's text holds nothing but plain text and soft
        // breaks so far (nothing a later line could close).
        let mut lazy_clean = false;
        lines.src = src;
        for (event, r) in events.by_ref() {
            let r = unsqueezed(r.start, gap)..unsqueezed(r.end, gap);
            let starts_block = matches!(event, Event::Start(_) | Event::Rule);
            table.see(&event, &r, depth, shift);
            if r.start < shift && head.is_some() {
                // The table's header, read again.
                match &event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                continue;
            }
            if r.start >= shift {
                counted.see(&event, r.start, depth);
            }
            if depth == 0 && starts_block {
                cur_item = None;
                list_paragraphs = false;
                top = match event {
                    Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                        tops.push(TopContainer {
                            start: r.start,
                            end: text.len(),
                            quote: matches!(event, Event::Start(Tag::BlockQuote(_))),
                        });
                        Some(tops.len() - 1)
                    }
                    _ => None,
                };
            } else if let Some(i) = top {
                let quote = tops[i].quote;
                if depth == 2 && matches!(event, Event::End(TagEnd::Item)) {
                    tops[i].end = r.end;
                }
                let child = if quote {
                    depth == 1 && starts_block
                } else {
                    depth == 1 && matches!(event, Event::Start(Tag::Item))
                };
                if !quote && child && r.start >= shift {
                    items.push((tops[i].start, line_start(text, r.start)));
                }
                if !quote && child {
                    lazy_clean = true;
                    cur_item = if r.start < shift {
                        item_cut.as_ref().and_then(Reopen::item_line)
                    } else {
                        let ls = line_start(text, r.start);
                        item_reopener(&text.as_bytes()[ls..])
                    };
                }
                // A block of an item after a blank line, in a list read
                // loose (so loose as a whole: the looseness of the pieces
                // after is known), on its own line.
                if !quote
                    && depth == 2
                    && starts_block
                    && list_paragraphs
                    && r.start > shift
                    && after_blank_line(text, line_start(text, r.start))
                    && (last
                        || memchr::memchr2(b'\n', b'\r', &text.as_bytes()[r.start..]).is_some())
                    && let Some(reopen) = &cur_item
                {
                    let ls = line_start(text, r.start);
                    // Not at a line indented with a tab: a tab straddling
                    // the item's content column made a tight sub-list
                    // after the cut loose (the attack's `1. a`, blank,
                    // `\t- x`, `\t- y`).
                    let tabbed = text.as_bytes()[ls..]
                        .iter()
                        .take_while(|&&c| c == b' ' || c == b'\t')
                        .any(|&c| c == b'\t');
                    if ls > shift
                        && ls > tops[i].start
                        && base + ls > closed_by
                        && text.as_bytes()[ls..r.start].iter().all(|&c| c == b' ')
                        && !tabbed
                    {
                        container_cut = Some(ContainerCut {
                            at: ls,
                            holder: tops[i].start,
                            depth: 1,
                            list: true,
                            in_item: true,
                        });
                        item_reopen = Some(Reopen {
                            head: reopen.clone(),
                            item: reopen.len(),
                            ends: 2,
                            lazy: false,
                        });
                    }
                }
                // A line of a tight item's text (a lazy one, or indented):
                // a cut, the piece from it re-opening the item with a text.
                if !quote && depth >= 2 {
                    let plain = |t: &str| {
                        !t.bytes().any(|c| {
                            matches!(
                                c,
                                b'`' | b'*'
                                    | b'_'
                                    | b'~'
                                    | b'['
                                    | b']'
                                    | b'<'
                                    | b'>'
                                    | b'!'
                                    | b'\\'
                                    | b'&'
                                    | b'|'
                                    | b'$'
                                    | b'^'
                                    | b':'
                                    | b'@'
                            )
                        })
                    };
                    match &event {
                        Event::Text(t) if depth == 2 && plain(t) => {}
                        Event::SoftBreak if depth == 2 => {}
                        _ => lazy_clean = false,
                    }
                }
                if !quote
                    && depth == 2
                    && lazy_clean
                    && !list_paragraphs
                    && matches!(event, Event::SoftBreak)
                    && r.start >= shift
                    && text.get(r.clone()) == Some("\n")
                    && let Some(item) = &cur_item
                {
                    let ls = r.end;
                    let rest = &text.as_bytes()[ls..];
                    let eol = memchr::memchr2(b'\n', b'\r', rest);
                    let indent = rest.iter().take_while(|&&c| c == b' ').count();
                    if ls > shift
                        && ls > tops[i].start
                        && base + ls > closed_by
                        && (last || eol.is_some())
                        && rest.get(indent).is_some_and(u8::is_ascii_alphabetic)
                        && no_underline_ahead(src, base + ls, &mut underline)
                    {
                        container_cut = Some(ContainerCut {
                            at: ls,
                            holder: tops[i].start,
                            depth: 1,
                            list: true,
                            in_item: true,
                        });
                        let marker = &item[..item.len() - 1];
                        item_reopen = Some(Reopen {
                            head: format!("{marker} x\n"),
                            item: marker.len() + 3,
                            ends: 2,
                            lazy: true,
                        });
                    }
                }
                // A fence directly in such an item.
                if !quote
                    && depth == 2
                    && list_paragraphs
                    && let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) = &event
                    && let Some(item) = &cur_item
                    && r.start >= shift
                    && let Some(line) = fence_reopener(text, r.start)
                {
                    fence = Some((
                        3,
                        Reopen {
                            head: format!("{item}{line}"),
                            item: item.len(),
                            ends: 3,
                            lazy: false,
                        },
                    ));
                }
                if !quote && depth == 2 && matches!(event, Event::Start(Tag::Paragraph)) {
                    list_paragraphs = true;
                }
                if child
                    && let Some(at) = container_cut_at(text, r.start, quote, last)
                    && at > shift
                    && at > tops[i].start
                    && base + at > closed_by
                {
                    container_cut = Some(ContainerCut {
                        at,
                        holder: tops[i].start,
                        depth: 1,
                        list: !quote,
                        in_item: false,
                    });
                }
                // An item of a list in quotes only (`> > - a`): the piece
                // from its line re-opens the quotes and the list, when the
                // line before the item's marker is those quotes' markers.
                let k = open.len().saturating_sub(1);
                if quote
                    && k >= 1
                    && matches!(event, Event::Start(Tag::Item))
                    && r.start >= shift
                    && open[k].0 == OpenKind::List
                    && open[..k].iter().all(|o| o.0 == OpenKind::Quote)
                {
                    let ls = line_start(text, r.start);
                    let holder = open[k].1;
                    items.push((holder, ls));
                    let whole_line = last
                        || memchr::memchr2(b'\n', b'\r', &text.as_bytes()[r.start..]).is_some();
                    if ls > 0
                        && whole_line
                        && quote_markers(&text.as_bytes()[ls..r.start]) == Some(k)
                        && ls > shift
                        && ls > holder
                        && base + ls > closed_by
                    {
                        container_cut = Some(ContainerCut {
                            at: ls,
                            holder,
                            depth: k + 1,
                            list: true,
                            in_item: false,
                        });
                    }
                }
            }
            match &event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) if r.start < shift => {
                    // The fence this window goes on with.
                    fence = item_cut.clone().map(|c| (depth + 1, c));
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) if depth == 0 => {
                    fence = fence_reopener(text, r.start).map(|line| {
                        (
                            1,
                            Reopen {
                                head: line,
                                item: 0,
                                ends: 1,
                                lazy: false,
                            },
                        )
                    });
                }
                Event::End(TagEnd::CodeBlock) => fence = None,
                Event::Text(_) => {
                    // A line of the fence, whole in the window, starting
                    // a line but for its indent: a cut.
                    if let Some((d, reopen)) = &fence
                        && *d == depth
                        && r.start >= shift
                    {
                        // One text may hold many lines (a fence at the
                        // top level): the start of its last whole line.
                        let bytes = &text.as_bytes()[..r.end.min(text.len())];
                        let eol = memchr::memrchr(b'\n', &bytes[r.start..]).map(|i| r.start + i);
                        let ls = match eol.and_then(|e| memchr::memrchr(b'\n', &bytes[r.start..e]))
                        {
                            Some(i) => r.start + i + 1,
                            None => line_start(text, r.start),
                        };
                        let from = ls.max(r.start);
                        let whole = eol.is_some()
                            || last
                            || memchr::memchr2(b'\n', b'\r', &text.as_bytes()[from..]).is_some();
                        if ls > shift
                            && whole
                            && base + ls > closed_by
                            && text.as_bytes()[ls..from].iter().all(|&c| c == b' ')
                        {
                            container_cut = Some(ContainerCut {
                                at: ls,
                                // The list holding the fence's item, or
                                // the fence.
                                holder: open.first().map_or(0, |o| o.1),
                                depth: 1,
                                list: reopen.item > 0,
                                in_item: true,
                            });
                            item_reopen = Some(reopen.clone());
                        }
                    }
                }
                _ => {}
            }
            // A `- - -` cut short by the window's end reads as a rule, where
            // the whole line may be an item of the list before it.
            let rule_cut_short = after_list
                && matches!(event, Event::Rule)
                && !last
                && memchr::memchr(b'\n', &text.as_bytes()[r.start.min(text.len())..]).is_none();
            // Digits cut short by the window's end read as a paragraph,
            // where the whole line (`1. 1. …`) may be an item of the list
            // before it.
            let number_cut_short =
                !last && digits_cut_short(&text.as_bytes()[r.start.min(text.len())..]);
            if depth == 0
                && starts_block
                && !rule_cut_short
                && !number_cut_short
                && r.start > shift
                && base + r.start > closed_by
                && (after_blank_line(text, r.start) || atx_heading_at(&event, text, r.start))
            {
                cut = Some(r.start);
            } else if depth == 0
                && starts_block
                && let Some(ls) = adjacent_block_at(text, r.start, last)
                && ls > shift
                && base + ls > closed_by
                // Right after the text of the block before (its last
                // line): no definition between, whose paragraph the line
                // goes on with (`+++` or `2. a` there is text, where a
                // fresh parse reads front matter or a list).
                && leaf_end
                    .and_then(|e| text.get(e..ls))
                    .is_some_and(|gap| gap.bytes().all(|c| c.is_ascii_whitespace()))
                // Front matter in the window may be closed by a line the
                // window cuts short (`+++` of `+++-`): the lines after its
                // opener may read otherwise in the whole text.
                && !metadata
            {
                cut = Some(ls);
            }
            // A tight list item's first line is text, not a paragraph: in
            // the whole text its `+++` may open front matter all the same.
            let may_open = starts_block || matches!(event, Event::Text(_));
            if may_open
                && r.start >= shift
                && let Some(c) = closings.closing(text, r.start, base)
            {
                closed_by = closed_by.max(c);
            }
            if shift == 0 {
                para.see(&event, &r, depth, text, &mut lines, a);
            }
            if opening_done || !matches!(event, Event::Start(_)) {
                opening_done = true;
            } else {
                opening.push(r.start);
            }
            match &event {
                Event::Start(tag) => {
                    if let Tag::FootnoteDefinition(label) = tag {
                        notes.push((note_key(label), r.clone()));
                    }
                    if depth == 0 {
                        after_list = false;
                    }
                    depth += 1;
                    open.push((
                        match tag {
                            Tag::BlockQuote(_) => OpenKind::Quote,
                            Tag::List(_) => OpenKind::List,
                            _ => OpenKind::Other,
                        },
                        r.start,
                    ));
                }
                Event::End(tag) => {
                    open.pop();
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        after_list = matches!(tag, TagEnd::List(_));
                    }
                }
                _ if depth == 0 => after_list = false,
                _ => {}
            }
            match &event {
                Event::Start(Tag::MetadataBlock(_)) => metadata = true,
                // Where the text of the last block read ends: a leaf's
                // content, never a container's end, whose range may reach
                // over a definition after it.
                Event::Text(_)
                | Event::Code(_)
                | Event::InlineMath(_)
                | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::FootnoteReference(_)
                | Event::TaskListMarker(_)
                | Event::Rule
                | Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => leaf_end = Some(r.end),
                _ => {}
            }
        }
        // A window that goes on with a paragraph cut inside (see
        // `inner_split`) must find a paragraph there: a setext underline
        // past the cut makes the whole a heading, read again uncut.
        if let Some(from) = inner_from
            && out.joins.contains_key(&a)
            && !para.first_is_paragraph
        {
            out.cuts.retain(|&c| c <= from);
            out.joins.retain(|&c, _| c <= from);
            a = from;
            inner_from = None;
            no_inner_at = Some(from);
            window = window.saturating_mul(2);
            continue;
        }
        let mut join = None;
        let mut forced = false;
        let mut table_head = None;
        // The rest is read whole, unless it is one paragraph longer than
        // the bound.
        let whole_rest =
            last && !(text.len() > PARAGRAPH_BOUND && para.blocks == 1 && para.first_is_paragraph);
        // A cut inside the last top-level list or quote, when no block
        // starts after it.
        let mut container_cut =
            container_cut.filter(|c| !whole_rest && cut.is_none_or(|k| c.at > k));
        let end = match (whole_rest, container_cut.map(|c| c.at).or(cut)) {
            (true, _) => text.len(),
            (false, Some(cut)) => cut,
            (false, None) => match (
                table_cut(src, &table, head.as_ref(), base, shift, closed_by),
                para.split.filter(|&(_, p)| {
                    para.blocks == 1
                        && !para.maybe_table
                        && no_inner_at != Some(a)
                        && a + p > closed_by
                }),
            ) {
                (Some((at, head)), _) => {
                    table_head = Some(head);
                    at - base
                }
                (None, Some((q, p))) => {
                    join = Some(a + q);
                    p
                }
                (None, None) => match forced_split(text, &para, &mut lines, a, closed_by) {
                    Some((q, p)) if shift == 0 => {
                        join = Some(a + q);
                        forced = true;
                        p
                    }
                    _ if last => text.len(),
                    _ => {
                        window = window.saturating_mul(2);
                        continue;
                    }
                },
            },
        };
        let mut end = end;
        if end < text.len() && cr_fences.hold(base + end) {
            // No cut inside a fence's `\n`-line (see `CrFences`).
            if !last {
                window = window.saturating_mul(2);
                continue;
            }
            end = text.len();
            join = None;
            table_head = None;
            container_cut = None;
        }
        // Definitions in the part kept; the rest is read again with the
        // next window. The first of each label wins, as in one parse.
        let mut defs: Vec<(usize, &str, String, String)> = events
            .reference_definitions()
            .iter()
            .map(|(label, d)| (unsqueezed(d.span.start, gap), label, d))
            .filter(|&(start, _, _)| start < end && start >= shift)
            .map(|(start, label, d)| {
                let title = d.title.as_deref().unwrap_or("").to_string();
                (start, label, d.dest.to_string(), title)
            })
            .collect();
        defs.sort_by_key(|d| d.0);
        for (_, label, dest, title) in defs {
            out.refs
                .entry(UniCase::new(label.to_string()))
                .or_insert((dest, title));
        }
        for (key, r) in notes {
            if r.start < end {
                out.notes.insert_first(&key, base + r.start..base + r.end);
            }
        }
        for (total, n) in out.pieces.iter_mut().zip(counted.before(end)) {
            *total += n;
        }
        counted.refs_before(end, &mut out.refs_used);
        // The list or quote cut before this window goes on in it (its
        // first block) and here ends, or is cut again.
        drop(events);
        // The list or quote this window goes on with: how many containers
        // its first events re-open, and where the last of them starts.
        let goes_on = out
            .containers
            .get(&a)
            .copied()
            .or_else(|| out.item_cuts.contains_key(&a).then_some(1));
        let reopened = goes_on.and_then(|n| opening.get(n.checked_sub(1)?).copied());
        let same_run = goes_on.is_some_and(|n| {
            container_cut.is_some_and(|c| c.depth == n && Some(c.holder) == reopened)
        });
        if goes_on.is_some() && !same_run && run.list {
            // The list ends in this window: its last piece, read after
            // the item before it, and up to the window's cut (the line
            // that ends the list is there, as in the whole text).
            run.loose = run.loose || list_loose(src, run.overlap, base + end, &run.overlap_head);
        }
        if !same_run {
            let undo = run.finish(&mut out.loose);
            undo_cuts(&mut out, undo);
        }
        if let Some(c) = container_cut {
            let (from, head) = if same_run {
                (run.overlap, std::mem::take(&mut run.overlap_head))
            } else {
                run.starts.push(base + c.holder);
                run.list = c.list;
                (line_start(src, base + c.holder), String::new())
            };
            let lazy = item_reopen.as_ref().filter(|r| c.in_item && r.lazy);
            if let Some(reopen) = lazy {
                // Tight in this window; the piece from the cut is read
                // after the item re-opened with a text. Undone if the
                // list is loose after all.
                run.loose = run.loose || list_loose(src, from, base + c.at, &head);
                run.overlap = base + c.at;
                run.overlap_head = reopen.head.clone();
                run.lazy.push(base + c.at);
            } else if c.in_item {
                // Read loose in this window, so loose as a whole (a
                // top-level fence is no list: this is never read).
                run.loose = true;
            } else if c.list {
                run.loose = run.loose || list_loose(src, from, base + c.at, &head);
                // The last item before the cut: the next piece is read
                // after it.
                run.overlap = items
                    .iter()
                    .filter(|&&(l, at)| l == c.holder && at < c.at)
                    .map(|&(_, at)| base + at)
                    .next_back()
                    .unwrap_or(from);
                if run.overlap == from {
                    run.overlap_head = head;
                }
            } else {
                run.overlap_head = head;
            }
            run.starts.push(base + c.at);
            match item_reopen.take() {
                Some(reopen) if c.in_item => {
                    out.item_cuts.insert(base + c.at, reopen);
                }
                _ => {
                    out.containers.insert(base + c.at, c.depth);
                }
            }
        }
        if last && end == text.len() {
            break;
        }
        out.cuts.push(base + end);
        if let Some(head) = table_head {
            out.tables.insert(base + end, head);
        }
        match join {
            Some(q) if forced => {
                // Never undone: a setext underline further down makes
                // only the rest a heading.
                out.joins.insert(a + end, q);
                out.forced.push(a + end);
                inner_from = None;
                no_inner_at = None;
            }
            Some(q) => {
                out.joins.insert(a + end, q);
                inner_from.get_or_insert(a);
            }
            None => {
                inner_from = None;
                no_inner_at = None;
            }
        }
        a = base + end;
        window = piece.max(1);
    }
    let undo = run.finish(&mut out.loose);
    undo_cuts(&mut out, undo);
    // A reference to a label defined is a span and a link.
    let used = std::mem::take(&mut out.refs_used);
    let links: usize = out
        .refs
        .keys()
        .filter_map(|label| used.get(&label_hash(label)))
        .sum();
    out.pieces[0] += links;
    out.pieces[1] += links;
    out
}

/// A window's last top-level block when it is a table: where it starts
/// and where its body rows do, in the window's text.
#[derive(Default)]
struct TableSeen {
    /// The table (its start) is the last top-level block so far.
    start: Option<usize>,
    first_row: Option<usize>,
    last_row: Option<usize>,
}

impl TableSeen {
    fn see(&mut self, event: &Event<'_>, r: &Range<usize>, depth: usize, shift: usize) {
        match event {
            Event::Start(Tag::Table(_)) if depth == 0 => {
                *self = TableSeen {
                    start: Some(r.start),
                    ..TableSeen::default()
                };
            }
            Event::Start(Tag::TableRow) if depth == 1 && self.start.is_some() => {
                if r.start >= shift {
                    self.first_row.get_or_insert(r.start);
                }
                self.last_row = Some(r.start);
            }
            Event::Start(_) | Event::Rule if depth == 0 => *self = TableSeen::default(),
            _ => {}
        }
    }
}

/// Where a window whose last top-level block is a table reaching its end
/// may be cut: at the start of the line of its last body row, with the
/// table's header and delimiter rows (`src` bytes) to read the rest
/// after. Rows are read one line at a time, each alone: the table's
/// header and delimiter rows decide how (its columns and alignments),
/// and a line is a row, or ends the table, whatever lines come before
/// it. So the rows before the cut are the whole parse's, and the piece
/// from the cut, read after the header, gives the same rows as it does.
/// A table is cut only at a row that starts a line after the window's
/// own first (the piece moves on) and past any front matter's end.
fn table_cut(
    src: &str,
    table: &TableSeen,
    head: Option<&Range<usize>>,
    base: usize,
    shift: usize,
    closed_by: usize,
) -> Option<(usize, Range<usize>)> {
    let start = table.start?;
    let first = table.first_row?;
    let last = table.last_row?;
    let bytes = src.as_bytes();
    // A line start, with only spaces before `at` in its line.
    let line_of = |at: usize| {
        let from = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
        bytes[from..at].iter().all(|&c| c == b' ').then_some(from)
    };
    let head = match head {
        // The table started before this window: its header is known.
        Some(h) if start < shift => h.clone(),
        _ if start >= shift => line_of(base + start)?..line_of(base + first)?,
        _ => return None,
    };
    let cut = line_of(base + last)?;
    (last > first && cut > base + shift && cut > closed_by && cut > head.end).then_some((cut, head))
}

/// What a window's first top-level block is, and, when it is a paragraph
/// reaching the window's end, the last place it may be cut inside.
///
/// A paragraph may be cut at `p`, a letter after spaces in a line, when
/// no inline construct spans `p` and nothing before `p` could still open
/// one: no backquote, `*`, `_`, `~`, `[` (bar a `[^note]`) or `<` is left
/// as text before it. Then every delimiter, code span, link and tag
/// before `p` is closed before `p` in the window, so it is in the whole
/// paragraph too (a closer only looks back), and the text before `p`
/// parses alone to the same events but for its trailing spaces, which
/// are put back. The rest of `p`'s line holds no `|`, so the piece from
/// `p` cannot start a table; and a paragraph whose first line holds one
/// is not cut before the window holds its second line (which could make
/// it a table's header).
#[derive(Default)]
struct Para {
    /// Top-level blocks seen.
    blocks: usize,
    first_is_paragraph: bool,
    /// Where the first text that could still open a construct is.
    unsafe_at: Option<usize>,
    /// The last cut found: the spaces before it start at `.0`.
    split: Option<(usize, usize)>,
    /// The paragraph's first line holds a `|` and is the window's last.
    maybe_table: bool,
    /// Where the title a paragraph starting with `'`, `"` or `(` would be
    /// ends (its closer), when the window holds it.
    title_end: Option<usize>,
    /// The last delimiter run looked at (see [`never_opens`]).
    run: Run,
    /// Where the first block starts in the window's text.
    start: usize,
    /// It starts as a link reference definition's label (`[a]:`): never
    /// cut, not even past [`PARAGRAPH_BOUND`].
    label_like: bool,
    /// The first block, a paragraph, ended in the window: what follows it
    /// makes no block (link reference definitions, blank lines), and is
    /// no paragraph to cut past [`PARAGRAPH_BOUND`].
    ended: bool,
}

impl Para {
    fn see(
        &mut self,
        event: &Event<'_>,
        r: &Range<usize>,
        depth: usize,
        text: &str,
        lines: &mut Lines<'_>,
        a: usize,
    ) {
        if depth == 0 && matches!(event, Event::Start(_) | Event::Rule) {
            self.blocks += 1;
            if self.blocks == 1 {
                self.first_is_paragraph = matches!(event, Event::Start(Tag::Paragraph));
                self.start = r.start;
                // Its first line, whole: a `|` in it makes it a table's
                // header if the next line, past the window, is a
                // delimiter row.
                let (_, eol, pipe) = lines.info(a + r.start);
                let end = a + text.len();
                // The next line starts past a CR LF as one line end: the
                // empty "line" between them hid a delimiter row cut short
                // (`a|b\r\n-|-`), and the header was cut from it.
                let bytes = lines.src.as_bytes();
                let next = if bytes.get(eol) == Some(&b'\r') && bytes.get(eol + 1) == Some(&b'\n') {
                    eol + 2
                } else {
                    eol + 1
                };
                self.maybe_table = self.first_is_paragraph
                    && pipe.is_some()
                    && (next >= end || lines.info(next).1 >= end);
                if self.first_is_paragraph {
                    match definition_like(&text.as_bytes()[r.start..]) {
                        // A paragraph that is a definition cut short (its
                        // address or title past the cut): never cut.
                        DefinitionLike::Label => {
                            self.unsafe_at = Some(r.start);
                            self.label_like = true;
                        }
                        DefinitionLike::Title(k) => self.title_end = Some(r.start + k),
                        // A title whose closer is past the window, on a
                        // line right after another (a definition's): its
                        // lines are the definition's in the whole text
                        // when the closer is there, so never cut inside
                        // (a cut among them made the definitions after it
                        // text: the attack's 826 two-line titles).
                        DefinitionLike::OpenTitle
                            if a + r.start > 0 && !after_blank_line(lines.src, a + r.start) =>
                        {
                            self.unsafe_at = Some(r.start);
                            self.label_like = true;
                        }
                        DefinitionLike::OpenTitle | DefinitionLike::No => {}
                    }
                }
            }
            return;
        }
        // Ended by a blank line in the window, not by the window's end.
        if depth == 1 && self.blocks == 1 && matches!(event, Event::End(TagEnd::Paragraph)) {
            let after = text.get(r.end..).unwrap_or("");
            self.ended = after
                .trim_start_matches([' ', '\t'])
                .starts_with(['\n', '\r']);
        }
        if self.blocks != 1 || !self.first_is_paragraph || depth == 0 || self.unsafe_at.is_some() {
            return;
        }
        // An inline construct closed in the window, right after another
        // or after punctuation: the piece may start with it.
        if depth == 1
            && construct_starts_cleanly(event, text, r.start)
            && cut_fits(text, r.start, lines, a, self.title_end)
        {
            self.split = Some((r.start, r.start));
        }
        let Event::Text(_) = event else {
            return;
        };
        let source = &text[r.clone()];
        if let Some(at) = open_text(text, r.clone(), &mut self.run) {
            self.unsafe_at = Some(r.start + at);
        }
        if depth != 1 {
            return;
        }
        let limit = self.unsafe_at.map_or(source.len(), |u| u - r.start);
        let spaced = inner_split(text, r.start, &source[..limit], lines, a, self.title_end);
        let tight =
            tight_split(text, r.start..r.start + limit, lines, a, self.title_end).map(|p| (p, p));
        if let Some(split) = spaced.into_iter().chain(tight).max_by_key(|&(_, p)| p) {
            self.split = Some(split);
        }
    }
}

/// Whether the event at `text[p..]`, directly in a paragraph, is an
/// inline construct (a link, an image, a code span, emphasis) that parses
/// from `p` alone as it does after what comes before it: not after a
/// space (a run of spaces is [`inner_split`]'s cut) or a backslash; an
/// emphasis or strikethrough run only after punctuation other than its
/// own character and before a letter or digit, so that it flanks alike
/// at a line's start (can open, cannot close).
fn construct_starts_cleanly(event: &Event<'_>, text: &str, p: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&prev) = p.checked_sub(1).and_then(|i| bytes.get(i)) else {
        return false;
    };
    if !prev.is_ascii_graphic() || prev == b'\\' {
        return false;
    }
    match event {
        Event::Code(_) | Event::Start(Tag::Link { .. } | Tag::Image { .. }) => true,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
            let Some(&c) = bytes.get(p) else {
                return false;
            };
            let run = bytes[p..].iter().take_while(|&&b| b == c).count();
            prev.is_ascii_punctuation()
                && prev != c
                && bytes.get(p + run).is_some_and(u8::is_ascii_alphanumeric)
        }
        _ => false,
    }
}

/// The last cut in `text[r]` (a Text event directly in a paragraph, up
/// to the first character that could still open a construct) with no
/// space before it: an ASCII letter after ASCII punctuation (`a<br>b`,
/// `` `a`b ``, `x.org/path`). Not after `&` or `#` (inside a character
/// reference) or a backslash. The letter flanks nothing, the text before
/// it is closed, so both sides parse alone as in the whole paragraph.
fn tight_split(
    text: &str,
    r: Range<usize>,
    lines: &mut Lines<'_>,
    a: usize,
    title_end: Option<usize>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    (r.start.max(1)..r.end).rev().find(|&p| {
        bytes[p].is_ascii_alphabetic()
            && tight_after(bytes[p - 1])
            && cut_fits(text, p, lines, a, title_end)
    })
}

/// Punctuation a cut with no space may follow.
fn tight_after(c: u8) -> bool {
    c.is_ascii_punctuation() && !matches!(c, b'\\' | b'&' | b'#')
}

/// Whether a paragraph in the window `text` (from `a` in the source) may
/// be cut at `p`, as far as its lines go: the piece from `p` starts as
/// paragraph text, and its line's rest holds no `|` (it cannot start a
/// table); the line before `p` reads as text alone (`---` would be a
/// setext underline, `1.` a list item); `p` does not end a definition's
/// title (see [`definition_like`]).
fn cut_fits(
    text: &str,
    p: usize,
    lines: &mut Lines<'_>,
    a: usize,
    title_end: Option<usize>,
) -> bool {
    let bytes = text.as_bytes();
    if p >= bytes.len() {
        return false;
    }
    let (line_start, eol, pipe) = lines.info(a + p);
    if pipe.is_some_and(|c| c > a + p && c < eol) || !plain_line_start(&bytes[p..]) {
        return false;
    }
    if title_end.is_some_and(|k| k < p && bytes[k + 1..p].iter().all(|&c| c == b' ' || c == b'\t'))
    {
        return false;
    }
    let line = &bytes[line_start.max(a) - a..p];
    let indent = line
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    let line = &line[indent..];
    plain_line_start(line) && !marker_alone(line) && !in_note_label(bytes, p)
}

/// Whether `p` is inside what may be a footnote reference's label
/// (`[^a-b]`, text to a window that does not define it, read as one
/// reference where it is defined): a `[^` before it with no bracket
/// between, within a label's length.
fn in_note_label(bytes: &[u8], p: usize) -> bool {
    let from = p.saturating_sub(1001);
    memchr::memrchr2(b'[', b']', &bytes[from..p])
        .is_some_and(|i| bytes[from + i] == b'[' && bytes.get(from + i + 1) == Some(&b'^'))
}

/// Whether `line` is a block's marker alone: an ordered list's (`1.`,
/// `12)`) or an empty ATX heading's (`#`).
fn marker_alone(line: &[u8]) -> bool {
    if !line.is_empty() && line.iter().all(|&c| c == b'#') {
        return true;
    }
    match line.split_last() {
        Some((b'.' | b')', digits)) => {
            !digits.is_empty() && digits.len() < 10 && digits.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// How long a paragraph is parsed as one piece at most. pulldown-cmark's
/// tree of a paragraph costs tens of bytes a byte where every construct
/// stays open to its end (nested images, emphasis) or nothing but
/// markup follows markup (a line of `[a](b)` links): past this, a
/// paragraph with no cut that keeps the whole parse's events is cut
/// anyway (`forced_split`), and a construct open across that cut reads
/// as text: only there does the reader show otherwise than GitHub. The
/// tree of a piece this long is at most a few megabytes (111 bytes a
/// byte measured, `nested-mixed`).
pub const PARAGRAPH_BOUND: usize = 64 << 10;

/// The best place to cut a paragraph that has no exact cut in the window
/// `text` (from `a` in the source), when the window is longer than
/// [`PARAGRAPH_BOUND`] and holds that paragraph alone: the last letter
/// (or non-ASCII character) in the first [`PARAGRAPH_BOUND`] bytes after
/// spaces in a line, else one after punctuation, else any character
/// after another (`![` after `![`), else inside a run of one character;
/// never inside a UTF-8 character or a character reference, at or after
/// a backslash, or before a digit or `#`; where the lines allow a cut ([`cut_fits`]: the piece from there is paragraph
/// text, the line before it too). The spaces before it (put back, as for
/// [`inner_split`]'s cuts) and it. A paragraph that starts as a link
/// reference definition's label, or that may be a table's header, is
/// never cut.
fn forced_split(
    text: &str,
    para: &Para,
    lines: &mut Lines<'_>,
    a: usize,
    closed_by: usize,
) -> Option<(usize, usize)> {
    if text.len() < PARAGRAPH_BOUND
        || para.blocks != 1
        || !para.first_is_paragraph
        || para.maybe_table
        || para.label_like
        || para.ended
    {
        return None;
    }
    let bytes = text.as_bytes();
    let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0xC0;
    let from = para.start + 1;
    let to = bytes.len().min(PARAGRAPH_BOUND);
    let fits = |p: usize, lines: &mut Lines<'_>| {
        a + p > closed_by && cut_fits(text, p, lines, a, para.title_end)
    };
    // The best of each kind yet, from the end: after punctuation, after
    // another character, inside a run of one character.
    let (mut punct, mut other, mut run, mut spaced) = (None, None, None, None);
    for p in (from..to).rev() {
        let (c, prev) = (bytes[p], bytes[p - 1]);
        // Never inside a character, before a digit or `#` (a list item or
        // a heading would start the piece), or after a backslash (at one
        // is a cut between escapes: `\*\*`).
        if (0x80..0xC0).contains(&c) || c.is_ascii_digit() || c == b'#' {
            continue;
        }
        if prev == b'\\' {
            continue;
        }
        if matches!(prev, b' ' | b'\t') && !c.is_ascii_whitespace() && !letter(c) {
            // Spaces before markup (`[ [ [`): they are put back, as
            // before a letter.
            let mut q = p - 1;
            while q > para.start && matches!(bytes[q - 1], b' ' | b'\t') {
                q -= 1;
            }
            if spaced.is_none()
                && q > para.start
                && !matches!(bytes[q - 1], b'\n' | b'\r')
                && fits(p, lines)
            {
                spaced = Some((q, p));
            }
            continue;
        }
        if letter(c) && (prev == b' ' || prev == b'\t') {
            let mut q = p - 1;
            while q > para.start && matches!(bytes[q - 1], b' ' | b'\t') {
                q -= 1;
            }
            // After text of the line, not its indent.
            if q > para.start && !matches!(bytes[q - 1], b'\n' | b'\r') && fits(p, lines) {
                return Some((q, p));
            }
        } else if letter(c) && tight_after(prev) {
            if punct.is_none() && fits(p, lines) {
                punct = Some(p);
            }
        } else if prev.is_ascii_whitespace() {
            // A line's start or spaces before something else: no text to
            // put back before it.
        } else if prev != c {
            if other.is_none() && !in_reference(bytes, p) && fits(p, lines) {
                other = Some(p);
            }
        } else if run.is_none() && fits(p, lines) {
            run = Some(p);
        }
    }
    punct
        .or(other)
        .map(|p| (p, p))
        .or(spaced)
        .or(run.map(|p| (p, p)))
}

/// Whether `p` is inside a character reference's name (`&amp;`, `&#38;`).
fn in_reference(bytes: &[u8], p: usize) -> bool {
    let name = bytes[..p]
        .iter()
        .rev()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let k = p - name;
    k > 0 && (bytes[k - 1] == b'&' || (bytes[k - 1] == b'#' && k > 1 && bytes[k - 2] == b'&'))
}

/// What a paragraph's start could be the rest of, once cut: a definition
/// whose label it starts with (`[a]:`, read whole as text when what
/// follows is no address), or the title of a definition just before it
/// (`'T' more`, text whole, a title when cut right after `'T'`).
enum DefinitionLike {
    No,
    Label,
    /// The title's closer, from the paragraph's start.
    Title(usize),
    /// A title's opener whose closer is not in the text (past the
    /// window, or further than is looked).
    OpenTitle,
}

fn definition_like(para: &[u8]) -> DefinitionLike {
    let indent = para.iter().take_while(|&&c| c == b' ').count();
    let para = &para[indent..para.len().min(indent + 4096)];
    let close = match para.first() {
        Some(b'[') => {
            // A label is at most 999 characters, with no unescaped `[`.
            let end = para
                .iter()
                .skip(1)
                .take(1000)
                .position(|&c| c == b']' || c == b'[');
            return match end.map(|e| e + 1) {
                Some(e) if para[e] == b']' && para.get(e + 1) == Some(&b':') => {
                    DefinitionLike::Label
                }
                _ => DefinitionLike::No,
            };
        }
        Some(b'\'') => b'\'',
        Some(b'"') => b'"',
        Some(b'(') => b')',
        _ => return DefinitionLike::No,
    };
    let mut i = 1;
    while i < para.len() {
        match para[i] {
            b'\\' => i += 2,
            c if c == close => return DefinitionLike::Title(indent + i),
            _ => i += 1,
        }
    }
    DefinitionLike::OpenTitle
}

/// Where in `text[r]` (a Text event) the first character that could open
/// an inline construct still unclosed is, from `r.start`. A `[^label]`
/// not followed by `(` or `[` is a footnote reference or plain text
/// either way (the parser may not know the note yet), never an opener.
fn open_text(text: &str, r: Range<usize>, run: &mut Run) -> Option<usize> {
    let all = text.as_bytes();
    let bytes = &all[..r.end];
    // The next of each set of characters from `i`, each searched again
    // only once passed (a line of `a_b` words is looked at once).
    let next_a = |i: usize| memchr::memchr3(b'`', b'*', b'_', &bytes[i..]).map(|k| i + k);
    let next_b = |i: usize| memchr::memchr3(b'~', b'[', b'<', &bytes[i..]).map(|k| i + k);
    let mut i = r.start;
    let (mut a, mut b) = (next_a(i), next_b(i));
    loop {
        if a.is_some_and(|a| a < i) {
            a = next_a(i);
        }
        if b.is_some_and(|b| b < i) {
            b = next_b(i);
        }
        let at = a.into_iter().chain(b).min()?;
        if let Some(end) = never_opens(all, at, run) {
            i = end.min(r.end);
            continue;
        }
        if all[at] == b'[' && all.get(at + 1) == Some(&b'^') {
            let tail = &all[at + 2..all.len().min(at + 1002)];
            let label_end = tail
                .iter()
                .position(|&c| c == b']' || c == b'[')
                .map(|e| at + 2 + e);
            if let Some(e) = label_end
                && all[e] == b']'
                && e > at + 2
                && all.get(e + 1).is_some_and(|c| !matches!(c, b'(' | b'['))
            {
                i = (e + 1).min(r.end);
                continue;
            }
        }
        return Some(at - r.start);
    }
}

/// When the `*`, `_` or `~` at `all[at]` is in a delimiter run that can
/// never open emphasis or strikethrough, whatever follows the window:
/// where the run ends. Such a run left as text closes nothing later (it
/// only looks back, as in the window), and nothing later pairs with it.
/// pulldown-cmark's rules, made stricter where the window cannot tell: a
/// run followed by a space, a tab or a line end is not left-flanking (one
/// reaching the window's end may be followed by anything); a `_` run
/// after an ASCII letter or digit (in its line) is intraword, or
/// right-flanking only (`x___`, `snake_case`); a run of three `~` or more
/// is never a delimiter.
fn never_opens(all: &[u8], at: usize, run: &mut Run) -> Option<usize> {
    let c = all[at];
    if !matches!(c, b'*' | b'_' | b'~') {
        return None;
    }
    // A run left as text may come one character an event: it is measured
    // once, not once a character (a run of a million `_`).
    if let Some((range, never)) = run
        && range.contains(&at)
    {
        return never.then_some(range.end);
    }
    let start = all[..at].iter().rposition(|&b| b != c).map_or(0, |i| i + 1);
    let end = all[at..]
        .iter()
        .position(|&b| b != c)
        .map_or(all.len(), |n| at + n);
    let next = all.get(end);
    let not_left_flanking = next.is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    let intraword = c == b'_' && start > 0 && all[start - 1].is_ascii_alphanumeric();
    let not_delimiter = c == b'~' && end - start > 2;
    // After a backslash, its first character may be escaped (`\~~~` is
    // a run of two): not measured, taken as one that may open.
    let escaped = start > 0 && all[start - 1] == b'\\';
    let never = !escaped && (not_left_flanking || intraword || not_delimiter);
    *run = Some((start..end, never));
    never.then_some(end)
}

/// A delimiter run of a window's text, and whether it can never open.
type Run = Option<(Range<usize>, bool)>;

/// Whether a line starting with `line` (its first word, at least) reads
/// as paragraph text however it is cut after a word: it starts with no
/// marker of a block, or its first word is more than markers (`*a*`,
/// `` `a` ``, `-x`, `[a](b)`; not `***`, `` ``` ``, `---`, `+++`, `<b>`,
/// `>`, `[a]:`).
fn plain_line_start(line: &[u8]) -> bool {
    // A word, a label: what is looked at is short, whatever the line.
    let line = &line[..line.len().min(1024)];
    let Some(&c) = line.first() else {
        return false;
    };
    // The run of its first character, and whether its word goes on
    // after it (looked at only as far as the run: this is asked at every
    // place a paragraph could be cut).
    let run = line.iter().take_while(|&&b| b == c).count();
    let more = line
        .get(run)
        .is_some_and(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    match c {
        b'`' | b'~' => run < 3,
        b'*' | b'_' | b'-' | b'=' | b'+' => more,
        b'<' => !may_open_html_block(line),
        b'>' | b'|' => false,
        // `[a]: /u` would be a link reference definition; a label holds no
        // `[` unescaped (`[[`, `[ [`).
        b'[' => {
            let eol = memchr::memchr2(b'\n', b'\r', line).unwrap_or(line.len());
            match memchr::memchr2(b'[', b']', &line[1..eol]).map(|i| i + 1) {
                Some(i) if line[i] == b'[' => line[i - 1] != b'\\',
                Some(e) => line.get(e + 1) != Some(&b':'),
                None => false,
            }
        }
        _ => !c.is_ascii_whitespace(),
    }
}

/// Whether a line starting with `line` (a `<`) may start an HTML block:
/// `<` then a letter, `/`, `!` or `?`, but for what no HTML block starts
/// with: an address (`<https:`, a name then `:`), or a tag not of a
/// block's name with text after it on its line (`<a>x`).
fn may_open_html_block(line: &[u8]) -> bool {
    // CommonMark's HTML blocks of kinds 1 and 6, by their tag's name.
    const NAMES: [&str; 66] = [
        "pre",
        "script",
        "style",
        "textarea",
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    let rest = &line[1..];
    let name_at = usize::from(rest.first() == Some(&b'/'));
    let name_len = rest[name_at..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    let name = &rest[name_at..name_at + name_len];
    match (rest.first(), rest.get(name_at + name_len)) {
        // Cut off: what follows is not known.
        (None, _) => true,
        (Some(c), _) if !(c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')) => false,
        (Some(b'!' | b'?'), _) => true,
        _ if name.is_empty() || !name[0].is_ascii_alphabetic() => name_at == 0,
        // A scheme: an address or text, never a tag.
        (_, Some(b':')) if name_at == 0 => false,
        (_, Some(b'>')) => {
            let after = &rest[name_at + name_len + 1..];
            let eol = memchr::memchr2(b'\n', b'\r', after).unwrap_or(after.len());
            NAMES
                .iter()
                .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
                || after[..eol].iter().all(|c| matches!(c, b' ' | b'\t'))
        }
        _ => true,
    }
}

/// The last cut in `source` (text from `start` of the window `text`): a
/// run of spaces inside a line, preceded by something else and followed
/// by an ASCII letter, where the rest of the line holds no `|` (so the
/// piece from there cannot start a table: a header row needs one). The
/// run's start and the letter's place.
fn inner_split(
    text: &str,
    start: usize,
    source: &str,
    lines: &mut Lines<'_>,
    a: usize,
    title_end: Option<usize>,
) -> Option<(usize, usize)> {
    let bytes = source.as_bytes();
    let mut end = bytes.len();
    loop {
        let space = memchr::memrchr(b' ', &bytes[..end])?;
        let letter = space + 1;
        let mut q = space;
        while q > 0 && bytes[q - 1] == b' ' {
            q -= 1;
        }
        end = q;
        // The run is all the spaces there: after text of the line, and
        // before the letter or the next inline piece (`` `a` `a` ``).
        let before = (start + q).checked_sub(1).map(|i| text.as_bytes()[i]);
        if !before.is_some_and(|c| c.is_ascii_graphic())
            || start + letter >= text.len()
            || !plain_line_start(&text.as_bytes()[start + letter..])
        {
            if end == 0 {
                return None;
            }
            continue;
        }
        let abs = start + letter;
        // Only spaces between a title's closer and the cut: the piece
        // would end a definition's title there (see [`definition_like`]).
        if title_end.is_some_and(|k| {
            k < abs
                && text.as_bytes()[k + 1..abs]
                    .iter()
                    .all(|&c| c == b' ' || c == b'\t')
        }) {
            continue;
        }
        // The part of the line before the cut must read as text alone
        // (`---- a` cut after the dashes would be a setext underline,
        // `*** a` a rule, `<b> a` an HTML block).
        let line_start = lines.info(a + abs).0.max(a) - a;
        let line = &text.as_bytes()[line_start..abs];
        let indent = line
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        if !plain_line_start(&line[indent..]) {
            continue;
        }
        // The whole line, past the window too.
        let (_, eol, pipe) = lines.info(a + abs);
        if pipe.is_some_and(|p| p > a + abs && p < eol) || in_note_label(text.as_bytes(), abs) {
            continue;
        }
        return Some((start + q, abs));
    }
}

/// Whether `event`, at `at`, is an ATX heading starting its line: a
/// heading line never continues the block before it (a paragraph, a
/// definition, a list), so a block starts there whatever came before
/// (`# a` lines with no blank line between were one piece).
/// Its `#` run must be followed by a space or a line end in the window:
/// a window ending right after `#` reads an empty heading where the
/// whole text may go on with `#[a](b)`, no heading.
fn atx_heading_at(event: &Event<'_>, text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let run = bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|&&c| c == b'#')
        .count();
    matches!(event, Event::Start(Tag::Heading { .. }))
        && (1..=6).contains(&run)
        && matches!(bytes.get(at + run), Some(b' ' | b'\t' | b'\n' | b'\r'))
        && at > 0
        && matches!(bytes[at - 1], b'\n' | b'\r')
}

/// Where the line starts of a top-level block that starts at `text[at]`
/// with no blank line before it (a list of another marker after a list,
/// a quote after a list, a rule or a heading after a paragraph): a cut
/// when only spaces stand before `at` in its line, that line is whole in
/// the window (cut short, `*` alone may be a lazy line's start) and not
/// the window's first.
///
/// Exact, as a cut after a blank line is: the window's parse starts a
/// top-level block there, so every block before it has ended (what ends
/// it is that line, whole in the window), and no container is open. A
/// line that starts a block where nothing is open starts the same block
/// where a paragraph is open, or does not start one at all (a lazy line,
/// a setext underline, `2.` or an HTML tag of the kind no paragraph is
/// interrupted by): so a fresh parse from its line reads the block the
/// whole parse does, and the lines after it alike. The piece before ends
/// where the whole parse ends its last block, a list's looseness decided
/// by its own items (a blank line after its last item does not count).
fn adjacent_block_at(text: &str, at: usize, last: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let ls = line_start(text, at);
    // Not at what may be a definition's title: with its closer past the
    // window it reads as a paragraph or a setext heading (`"t` then
    // `===`), whose lines are the title's in the whole text.
    let title_like = bytes[ls..]
        .iter()
        .find(|&&c| c != b' ' && c != b'\t')
        .is_some_and(|c| matches!(c, b'"' | b'\'' | b'('));
    (ls > 0
        && !title_like
        && bytes[ls..at].iter().all(|&c| c == b' ')
        && (last || memchr::memchr2(b'\n', b'\r', &bytes[at..]).is_some()))
    .then_some(ls)
}

/// Whether `rest`, the end of a window, is one line of digits (after up
/// to three spaces) that the window cut short: `1. …` in the whole text.
fn digits_cut_short(rest: &[u8]) -> bool {
    let lead = rest.iter().take_while(|&&c| c == b' ').count();
    lead <= 3
        && rest.len() > lead
        && rest[lead..].len() <= 9
        && rest[lead..].iter().all(u8::is_ascii_digit)
}

/// Whether `at` starts a line that follows a blank one: a block starts
/// there whatever came before (a top-level paragraph may also "start"
/// after link reference definitions, on a line that continues them).
fn after_blank_line(text: &str, at: usize) -> bool {
    let before = &text.as_bytes()[..at];
    let Some(stripped) = before
        .strip_suffix(b"\r\n")
        .or_else(|| before.strip_suffix(b"\n"))
        .or_else(|| before.strip_suffix(b"\r"))
    else {
        return false;
    };
    let line_start = memchr::memrchr2(b'\n', b'\r', stripped).map_or(0, |i| i + 1);
    stripped[line_start..]
        .iter()
        .all(|&c| c == b' ' || c == b'\t')
}

/// The line around a place of the text, and its last `|`: the line found
/// once for all the places asked in it (a line of megabytes is looked at
/// once, not once a window).
#[derive(Default)]
struct Lines<'s> {
    src: &'s str,
    start: usize,
    end: usize,
    pipe: Option<usize>,
}

impl Lines<'_> {
    /// The start and end of the line holding `at`, and its last `|`.
    fn info(&mut self, at: usize) -> (usize, usize, Option<usize>) {
        if !(self.start <= at && at < self.end) {
            let bytes = self.src.as_bytes();
            self.start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
            self.end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            self.pipe = memchr::memrchr(b'|', &bytes[self.start..self.end]).map(|i| self.start + i);
        }
        (self.start, self.end, self.pipe)
    }
}

/// The end of a window of at least `len` bytes from `a`: the start of a
/// line, the end of the text, or, in a line longer than a window, a place
/// inside it.
fn window_end(src: &str, a: usize, len: usize) -> usize {
    let at = a.saturating_add(len);
    if at >= src.len() {
        return src.len();
    }
    // The next line's start, unless the line goes on for more than a
    // window: then inside the line (a paragraph may be cut there).
    let reach = at.saturating_add(len).min(src.len());
    if let Some(i) = memchr::memchr(b'\n', &src.as_bytes()[at..reach]) {
        return at + i + 1;
    }
    let mut end = at;
    while end < src.len() && (!src.is_char_boundary(end) || src.as_bytes()[end - 1] == b'\r') {
        end += 1;
    }
    end
}

/// Places no cut may fall in: from a ```` ``` ```` to the next `\n`,
/// when a `\r` comes between. pulldown-cmark reads a backquote fence's
/// info string to the next `\n`, past any `\r` that ends a line before
/// it, and a backquote there means the line opens no fence: with CR-only
/// line endings a cut there changed whether a line before it opened a
/// fence (a piece's end stopped the look before the backquote).
struct CrFences(Vec<Range<usize>>);

impl CrFences {
    fn of(src: &str) -> CrFences {
        let bytes = src.as_bytes();
        let mut out: Vec<Range<usize>> = Vec::new();
        for at in memchr::memmem::find_iter(bytes, b"```") {
            if out.last().is_some_and(|r| at < r.end) {
                continue;
            }
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            if memchr::memchr(b'\r', &bytes[at..end]).is_some() {
                out.push(at + 3..end);
            }
        }
        CrFences(out)
    }

    /// A cut at `p` would fall inside such a range.
    fn hold(&self, p: usize) -> bool {
        let i = self.0.partition_point(|r| r.end <= p);
        self.0.get(i).is_some_and(|r| r.start < p)
    }
}

/// Where the lines that could close front matter start (`---` or `...`
/// for YAML, `+++` for TOML, then only spaces), in order.
struct Closings {
    dashes: Vec<usize>,
    pluses: Vec<usize>,
}

impl Closings {
    fn of(src: &str) -> Closings {
        let mut c = Closings {
            dashes: Vec::new(),
            pluses: Vec::new(),
        };
        let bytes = src.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // pulldown-cmark ends a line at `\n`, `\r` or both.
            let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            match src[at..end].trim_end_matches(' ') {
                "---" | "..." => c.dashes.push(at),
                "+++" => c.pluses.push(at),
                _ => {}
            }
            at = end + 1;
        }
        c
    }

    /// When the block at `text[at..]` (a window from `a`) starts with a
    /// `---` or `+++` line, which pulldown-cmark reads as opening front
    /// matter wherever it is if a closing line follows anywhere: where
    /// that closing line starts.
    fn closing(&self, text: &str, at: usize, a: usize) -> Option<usize> {
        let bytes = &text.as_bytes()[at..];
        let &ch = bytes.first().filter(|&&c| c == b'-' || c == b'+')?;
        if bytes.iter().take_while(|&&c| c == ch).count() != 3 {
            return None;
        }
        let rest = &bytes[3..];
        let eol = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        if !rest[..eol].iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let lines = if ch == b'-' {
            &self.dashes
        } else {
            &self.pluses
        };
        let from = a + at;
        lines.get(lines.partition_point(|&l| l <= from)).copied()
    }
}

/// Where [`Conv::deliver`] is in a piece.
struct FeedState {
    mode: Feed,
    /// Inside a footnote definition set aside: its depth.
    skip: usize,
    /// In [`Feed::Note`], the note's own definition was opened.
    unwrapped: bool,
}

/// How a piece cut inside a paragraph joins its neighbours.
#[derive(Default)]
struct Join {
    /// It goes on with the paragraph before: its own start is dropped.
    continues: bool,
    /// The paragraph goes on after it: its end is dropped, and these
    /// spaces (dropped by its parse) are put back.
    spaces: Option<Range<usize>>,
    /// It goes on with a table cut between its rows: that table's header
    /// and delimiter rows, parsed first (and not told).
    table_head: Option<Range<usize>>,
    /// The table it ends with goes on in the next piece: its end is not
    /// told.
    table_goes_on: bool,
    /// The text given is the piece with these bytes dropped (see
    /// [`squeeze`]): at, how many.
    gap: Option<(usize, usize)>,
    /// It starts inside a list or quote of the piece before (a top-level
    /// one, or a list in quotes): the starts its parse gives that list or
    /// quote and the quotes around it, this many, are not told.
    container_continues: usize,
    /// The list or quote it ends with goes on in the next piece: its end
    /// and those of the quotes around it, this many, are not told (2
    /// when it is cut inside an item: the item's end and its list's).
    container_goes_on: usize,
    /// It starts inside a list's item (see [`Scan::item_cuts`]): parsed
    /// after this line re-opening the item, whose starts are not told
    /// (its ends are, unless it goes on in the next piece).
    item_head: Option<String>,
    /// `item_head` re-opens the item with a text whose soft break, at its
    /// end, is told (see [`Reopen::lazy`]).
    item_lazy: bool,
}

/// How [`Conv::feed`] reads its text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Feed {
    /// A piece of the document: footnote definitions are set aside.
    Text,
    /// One footnote definition, for its list: its content is read.
    Note,
}

/// Footnotes: definitions set aside, numbers given at first reference.
#[derive(Default)]
struct Notes {
    /// Their keys, definitions and numbers (see [`Scan::notes`]).
    defs: NoteDefs,
    /// Numbers given so far.
    numbered: u32,
    /// Notes referenced, not yet listed: indices into `defs`, in the
    /// order of their numbers.
    queue: VecDeque<u32>,
}

/// Raw text (a code or HTML block) as it is gathered: where it is in the
/// source while each part is the source's next bytes, so a block as long
/// as the file (one HTML `<table>`) is not copied whole first; a copy once
/// a part is not (a container's markers or indent dropped between lines).
#[derive(Default)]
struct RawText {
    copied: Option<String>,
    span: Option<Range<usize>>,
}

impl RawText {
    /// Adds `t`, read at `r` of `src`.
    fn push(&mut self, src: &str, t: &str, r: Range<usize>) {
        if self.copied.is_none() {
            let next = self.span.as_ref().is_none_or(|s| s.end == r.start);
            if next && src.get(r.clone()) == Some(t) {
                self.span = Some(self.span.take().map_or(r.clone(), |s| s.start..r.end));
                return;
            }
            let mut copied = String::new();
            if let Some(s) = self.span.take() {
                copied.push_str(&src[s]);
            }
            self.copied = Some(copied);
        }
        if let Some(copied) = &mut self.copied {
            copied.push_str(t);
        }
    }

    /// The text gathered, from `src`.
    fn text(self, src: &str) -> std::borrow::Cow<'_, str> {
        match (self.copied, self.span) {
            (Some(copied), _) => std::borrow::Cow::Owned(copied),
            (None, Some(span)) => std::borrow::Cow::Borrowed(&src[span]),
            (None, None) => std::borrow::Cow::Borrowed(""),
        }
    }
}

/// What raw (not inline) text is being collected for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Raw {
    Code { lang: u32 },
    Html,
    Meta(MetadataBlockKind),
}

/// pulldown-cmark's events, told to the rich-text builder.
struct Conv<'b, 'e> {
    rich: Rich<'b>,
    src: &'e str,
    /// Source line counting: line of byte `line_at.0` is `line_at.1`.
    line_at: (usize, u32),
    raw: Option<(Raw, RawText)>,
    notes: Notes,
    /// The text's link reference definitions, for pieces that use one
    /// defined in another.
    refs: std::rc::Rc<Refs>,
    /// HTML blocks and inline tags.
    html: Html,
    /// A pipe table is open: inline HTML in its cells stays in the cell.
    pipe_table: bool,
    /// What the HTML read means, applied in order (kept to reuse it).
    ops: Vec<Op>,
    /// Where the event being read starts in the source.
    at: usize,
    /// An HTML heading asked to read again (see [`Restart`]).
    restart: bool,
    /// Open Markdown containers (quotes, list items): the HTML floor
    /// each saved (see [`Html::enter_container`]).
    floors: Vec<usize>,
    /// Text events not yet told: pulldown-cmark splits a run of text at
    /// characters that might have been markup (`_`, `[`, …), and an
    /// address or a `:short_code:` is found in the whole run.
    text: String,
    /// Events read so far (tests bound the work per input byte).
    events: u64,
    /// Lists and containers opened past [`MAX_CONTAINER_DEPTH`] and not
    /// yet closed: ignored, their blocks go to the container above.
    too_deep: u32,
    /// Where each link made so far was used in the source, when asked
    /// ([`link_places`]): the start of the event that made it.
    places: Option<Vec<u32>>,
    /// The place given to links the event being read makes: its start,
    /// or an inline link's address.
    place_at: usize,
    /// The HTML being read (what is left of it), where its links'
    /// addresses are looked for.
    place_in: Option<Range<usize>>,
    /// How long [`Conv::text`] may grow before it is told in parts.
    long_text_at: usize,
    /// Top-level lists cut in pieces and loose as a whole (see
    /// [`Scan::loose`]).
    loose: std::collections::HashSet<usize>,
}

impl<'b, 'e> Conv<'b, 'e> {
    fn new(rich: Rich<'b>, src: &'e str) -> Self {
        Conv {
            rich,
            src,
            line_at: (0, 1),
            raw: None,
            notes: Notes::default(),
            refs: std::rc::Rc::default(),
            html: Html::default(),
            pipe_table: false,
            ops: Vec::new(),
            at: 0,
            restart: false,
            floors: Vec::new(),
            text: String::new(),
            events: 0,
            too_deep: 0,
            places: None,
            place_at: 0,
            place_in: None,
            long_text_at: LONG_TEXT,
            loose: std::collections::HashSet::new(),
        }
    }

    /// The 1-based line of byte `offset` (offsets asked in increasing order).
    fn line_of(&mut self, offset: usize) -> u32 {
        let (at, line) = self.line_at;
        if offset < at {
            return line;
        }
        let end = offset.min(self.src.len());
        let more = memchr::memchr_iter(b'\n', &self.src.as_bytes()[at..end]).count() as u32;
        self.line_at = (end, line + more);
        line + more
    }

    /// Gives the links made since the last call the place of the event
    /// being read (a title dropped with its links drops their places).
    fn sync_places(&mut self) {
        let Some(places) = &mut self.places else {
            return;
        };
        let n = self.rich.b.links.len();
        places.truncate(n);
        for link in places.len()..n {
            // In HTML (`<a href="x.md">`), where its address is written,
            // each after the last found in the event.
            let mut at = self.place_at;
            if let Some(html) = &mut self.place_in {
                let target = self.rich.b.link_target(link);
                let text = self.src.get(html.clone());
                match text.and_then(|text| address_in(text, target)) {
                    Some(i) => {
                        at = html.start + i;
                        html.start = at + target.len();
                    }
                    // Not as written (`&amp;`, a tab or a control
                    // character in it): at the next `href=` or `src=`.
                    None => match text.and_then(attribute_value_in) {
                        Some(i) => {
                            at = html.start + i;
                            html.start = at + 1;
                        }
                        // The rest of the event is not searched again
                        // and again.
                        None => self.place_in = None,
                    },
                }
            }
            places.push(at as u32);
        }
    }

    fn event(&mut self, event: &Event<'_>, range: Range<usize>) -> Result<(), Restart> {
        self.events += 1;
        self.sync_places();
        if let Some((raw, buf)) = &mut self.raw {
            match event {
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    buf.push(self.src, t, range);
                    return Ok(());
                }
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                    let raw = *raw;
                    if self.places.is_some() {
                        // The block's links are made now, from all of it.
                        self.sync_places();
                        self.place_at = range.start;
                        self.place_in = Some(range.clone());
                    }
                    self.end_raw(raw);
                    if self.restart {
                        return Err(Restart);
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        if !matches!(event, Event::Text(_)) {
            self.flush_text();
        }
        self.sync_places();
        self.at = range.start;
        if self.places.is_some() {
            self.place_at = place_of_use(self.src, event, range.clone());
            self.place_in =
                matches!(event, Event::Html(_) | Event::InlineHtml(_)).then(|| range.clone());
        }
        if self.html.in_table()
            && !self.pipe_table
            && !matches!(event, Event::Start(Tag::HtmlBlock))
        {
            // Markdown between the blocks of an HTML table: the table ends
            // (its cells hold one line each).
            self.html.interrupt(&mut self.ops);
            self.apply_html()?;
        }
        let rich = &mut self.rich;
        match event {
            Event::Start(tag) => self.start(tag, range)?,
            Event::End(tag) => self.end_tag(*tag),
            Event::Text(t) => {
                // Spaces and tabs in a row are one space, as a browser
                // shows them (code keeps its own: a code span is not a text).
                let after_space = match self.text.as_bytes().last() {
                    Some(&b) => b == b' ',
                    None => rich.ends_with_space(),
                };
                push_collapsed(&mut self.text, t, after_space);
                if self.text.len() >= self.long_text_at {
                    self.flush_long_text();
                }
            }
            // Inside an inline `<script>` or `<style>`: nothing shown.
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
                if self.html.hiding() => {}
            Event::Code(t) => rich.styled(Inline::CODE, t),
            Event::InlineHtml(t) => {
                self.html.read(t, false, &mut self.ops);
                self.apply_html()?;
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => rich.styled(Inline::CODE, t),
            // An HTML event outside an HTML block: a block of its own.
            Event::Html(t) => self.html_block(t)?,
            Event::FootnoteReference(label) => self.note_ref(label),
            Event::SoftBreak => rich.soft_break(),
            Event::HardBreak => rich.hard_break(),
            Event::Rule => rich.rule(),
            Event::TaskListMarker(done) => rich.task_marker(*done),
        }
        Ok(())
    }

    /// Tells most of a long text read since the last other event (a
    /// paragraph of words, read in pieces, is one text): cut after a
    /// space before an ASCII letter or digit, where no address or
    /// shortcode can span the cut, so it is not held whole.
    fn flush_long_text(&mut self) {
        let bytes = self.text.as_bytes();
        let cut = (1..bytes.len())
            .rev()
            .take(LONG_TEXT / 2)
            .find(|&k| bytes[k - 1] == b' ' && bytes[k].is_ascii_alphanumeric());
        let Some(k) = cut else {
            // Tried again only when it has doubled: linear whatever it is.
            self.long_text_at = self.text.len().saturating_mul(2);
            return;
        };
        let rest = self.text[k..].to_string();
        self.text.truncate(k);
        self.flush_text();
        self.text.push_str(&rest);
    }

    /// Tells the text read since the last other event.
    fn flush_text(&mut self) {
        // Only the text right after the hidden element's end tag.
        let hid = self.html.take_hid();
        if self.html.hiding() {
            // The body of a `<script>` or `<style>` in a paragraph.
            self.text.clear();
        }
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            let mut shown = &text[..];
            if hid && self.rich.ends_with_space() {
                // `a <script>…</script> b`: one space between a and b.
                shown = shown.trim_start_matches(' ');
            }
            self.rich.prose(&self.html.shown(shown), true);
            self.text = text;
            self.text.clear();
        }
        self.long_text_at = LONG_TEXT;
    }

    fn start(&mut self, tag: &Tag<'_>, range: Range<usize>) -> Result<(), Restart> {
        let rich = &mut self.rich;
        if matches!(
            tag,
            Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)
        ) && (self.too_deep > 0 || rich.depth() >= MAX_CONTAINER_DEPTH)
        {
            // Its blocks go on in the container above; a tight item's
            // text is a paragraph of its own there.
            self.too_deep += 1;
            rich.close_inline();
            return Ok(());
        }
        match tag {
            Tag::Paragraph => rich.begin_paragraph(),
            Tag::Heading { level, id, .. } => {
                if self.floors.is_empty() {
                    // HTML lists left open end before a section.
                    self.html.end_lists(&mut self.ops);
                    self.apply_html()?;
                }
                self.heading(*level as u8, id.as_deref(), range.start)?
            }
            Tag::BlockQuote(None) => {
                rich.push_frame(FrameKind::Quote);
                self.floors.push(self.html.enter_container());
            }
            Tag::BlockQuote(Some(kind)) => {
                rich.start_alert(alert(*kind));
                self.floors.push(self.html.enter_container());
            }
            Tag::CodeBlock(kind) => {
                rich.close_inline();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => rich.lang(info),
                    CodeBlockKind::Indented => NONE,
                };
                self.raw = Some((Raw::Code { lang }, RawText::default()));
            }
            Tag::HtmlBlock => {
                if !self.html.in_table() {
                    // An HTML table open from an earlier block goes on in
                    // this one (see `html_block`).
                    rich.close_inline();
                }
                self.raw = Some((Raw::Html, RawText::default()));
            }
            Tag::MetadataBlock(kind) => {
                rich.close_inline();
                self.raw = Some((Raw::Meta(*kind), RawText::default()));
            }
            Tag::List(start) => rich.start_list(*start),
            Tag::Item => {
                rich.start_item();
                self.floors.push(self.html.enter_container());
            }
            Tag::FootnoteDefinition(_) => {
                // Only met when a definition sits where definitions are
                // not set aside (never with the splitting in `run`).
                rich.push_frame(FrameKind::Note {
                    number: 0,
                    indent: 4,
                });
                self.floors.push(self.html.enter_container());
            }
            Tag::Table(aligns) => {
                self.pipe_table = true;
                rich.start_table(aligns.iter().map(|a| align(*a)).collect());
            }
            Tag::TableHead | Tag::TableRow => rich.start_row(),
            Tag::TableCell => rich.start_cell(),
            Tag::Emphasis => rich.start_style(Inline::EMPHASIS),
            Tag::Strong => rich.start_style(Inline::STRONG),
            Tag::Strikethrough => rich.start_style(Inline::STRIKE),
            Tag::Superscript | Tag::Subscript => rich.start_style(Inline::default()),
            // `<user@host>` is a mail link: CommonMark's address is `mailto:` it.
            Tag::Link {
                link_type: pulldown_cmark::LinkType::Email,
                dest_url,
                ..
            } if !dest_url.contains(':') => rich.start_link(&format!("mailto:{dest_url}")),
            Tag::Link { dest_url, .. } => rich.start_link(dest_url),
            Tag::Image { dest_url, .. } => rich.start_image(dest_url),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {}
        }
        Ok(())
    }

    fn end_tag(&mut self, tag: TagEnd) {
        if self.too_deep > 0
            && matches!(
                tag,
                TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition
            )
        {
            // Containers nest: the innermost one open was ignored.
            self.too_deep -= 1;
            self.html.end_inline(&mut self.ops);
            let _ = self.apply_html();
            self.rich.close_inline();
            return;
        }
        if matches!(
            tag,
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item
        ) {
            if tag == TagEnd::TableCell && self.pipe_table {
                // An HTML table or `<pre>` opened in a pipe table's cell
                // ends with the cell.
                self.html.interrupt(&mut self.ops);
            }
            // Inline HTML left open ends with its block.
            self.html.end_inline(&mut self.ops);
            let _ = self.apply_html();
        }
        if matches!(
            tag,
            TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition
        ) && let Some(floor) = self.floors.pop()
        {
            // HTML opened inside the container (an `<ul>`) ends with it.
            self.html.leave_container(floor, &mut self.ops);
            let _ = self.apply_html();
        }
        let rich = &mut self.rich;
        match tag {
            TagEnd::Paragraph => rich.close_inline(),
            TagEnd::Heading(_) => rich.end_heading(),
            TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => rich.pop_frame(),
            TagEnd::Item => rich.pop_frame(),
            TagEnd::List(_) => rich.end_list(),
            TagEnd::Table => {
                self.pipe_table = false;
                rich.end_table();
            }
            TagEnd::TableHead | TagEnd::TableRow => rich.end_row(),
            TagEnd::TableCell => rich.end_cell(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => rich.end_style(),
            TagEnd::Link => rich.end_link(),
            TagEnd::Image => rich.end_image(),
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {}
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    // ---- sections ----

    fn heading(&mut self, level: u8, id: Option<&str>, at: usize) -> Result<(), Restart> {
        self.rich.close_inline();
        let kind = self.rich.heading_kind(level)?;
        self.rich.probe_heading(kind)?;
        let mut line = 0;
        if kind == HeadingKind::Section {
            self.end_section();
            line = self.line_of(at);
        } else if kind == HeadingKind::Title {
            // The title heading heads the text after it (see `Rich::end_heading`).
            line = self.line_of(at);
        }
        self.rich.begin_heading(kind, level, id, line);
        Ok(())
    }

    /// The section before a heading ends.
    fn end_section(&mut self) {
        self.rich.close_inline();
    }

    fn end(&mut self) -> Result<(), Restart> {
        self.flush_text();
        if let Some((raw, _)) = self.raw {
            self.end_raw(raw);
        }
        self.html.finish(&mut self.ops);
        self.apply_html()?;
        if self.restart {
            return Err(Restart);
        }
        self.rich.close_inline();
        while self.rich.in_frame() {
            self.rich.pop_frame();
        }
        self.end_section();
        self.list_all_notes();
        Ok(())
    }

    fn end_raw(&mut self, raw: Raw) {
        let Some((_, text)) = self.raw.take() else {
            return;
        };
        let src = self.src;
        let text = text.text(src);
        match raw {
            Raw::Meta(kind) => {
                if self.rich.meta_title.is_none() {
                    self.rich.meta_title = front_matter_title(&text, kind);
                }
            }
            Raw::Code { lang } => self.rich.code_block(lang, &text),
            Raw::Html => {
                if self.html_block(&text).is_err() {
                    self.restart = true;
                }
            }
        }
    }

    /// An HTML block, read as GitHub shows it.
    fn html_block(&mut self, text: &str) -> Result<(), Restart> {
        if !self.html.in_table() {
            // An HTML table open from an earlier block goes on in this
            // one: closing its block here put the rest of its cells in
            // the blocks after it (`<table><td>a` + blank line + `<h2>b`).
            self.rich.close_inline();
        }
        self.rich.cells_hint = table_cells(text);
        // Told as it is read (see `Html::read_block`): the reader and the
        // ops are taken out of `self` while `apply_html` uses it.
        let mut html = std::mem::take(&mut self.html);
        let mut ops = std::mem::take(&mut self.ops);
        let result = html.read_block(text, &mut ops, HTML_BATCH, |ops| {
            std::mem::swap(&mut self.ops, ops);
            let applied = self.apply_html();
            std::mem::swap(&mut self.ops, ops);
            applied
        });
        self.html = html;
        self.ops = ops;
        self.rich.cells_hint = 0;
        result
    }

    /// Tells the builder what the HTML read means.
    fn apply_html(&mut self) -> Result<(), Restart> {
        let mut ops = std::mem::take(&mut self.ops);
        if let Some(alt) = super::html::unwrap_banners(&mut ops) {
            self.rich.banner_title.get_or_insert(alt);
        }
        let mut result = Ok(());
        // Inline HTML in a pipe table's cell (a cell is one line): what
        // would start or end a block there (`<p>`, `<hr>`, `<h1>`, `<li>`,
        // `<pre>`, a `<table>`) is a break in the cell, as in an HTML
        // table's cell; ending the table block there broke the table.
        let in_pipe_cell = self.pipe_table;
        for op in ops.drain(..) {
            let rich = &mut self.rich;
            let op = match op {
                Op::Block
                | Op::Rule
                | Op::Heading(..)
                | Op::List(_)
                | Op::Item
                | Op::ItemEnd
                | Op::Table
                | Op::Row
                | Op::Cell
                | Op::CellEnd
                | Op::RowEnd
                    if in_pipe_cell =>
                {
                    Op::Break
                }
                Op::HeadingEnd | Op::ListEnd | Op::TableEnd if in_pipe_cell => continue,
                Op::Code(text) if in_pipe_cell => Op::Text(text),
                op => op,
            };
            match op {
                Op::Text(t) => rich.prose(&t, false),
                Op::Break => rich.hard_break(),
                Op::Block => rich.close_inline(),
                Op::Rule => rich.rule(),
                Op::Heading(level, id) => {
                    if let Err(e) = self.heading(level, id.as_deref(), self.at) {
                        result = Err(e);
                        break;
                    }
                }
                Op::HeadingEnd => rich.end_heading(),
                Op::Style(style) => rich.start_style(style),
                Op::StyleEnd => rich.end_style(),
                Op::Link(url) => rich.start_link(&url),
                Op::LinkEnd => rich.end_link(),
                Op::Image(src, alt) => {
                    rich.start_image(&src);
                    rich.text(&alt);
                    rich.end_image();
                }
                Op::Anchor(id) => rich.anchor(&id),
                Op::Table => rich.start_table(Vec::new()),
                Op::Row => rich.start_row(),
                Op::Cell => rich.start_cell(),
                Op::CellEnd => rich.end_cell(),
                Op::RowEnd => rich.end_row(),
                Op::TableEnd => rich.end_table(),
                Op::Code(text) => rich.code_block(NONE, &text),
                Op::List(start) => rich.start_list(start),
                Op::ListEnd => rich.end_list(),
                Op::Item => rich.start_item(),
                Op::ItemEnd => rich.pop_frame(),
            }
        }
        ops.clear();
        self.ops = ops;
        result
    }

    // ---- footnotes ----

    fn note_ref(&mut self, label: &str) {
        let key = note_key(label);
        let Some(i) = self.notes.defs.find(&key) else {
            self.rich.text(&format!("[^{label}]"));
            return;
        };
        let mut number = self.notes.defs.list[i].number;
        if number == 0 {
            self.notes.numbered += 1;
            number = self.notes.numbered;
            self.notes.defs.list[i].number = number;
            self.notes.queue.push_back(i as u32);
        }
        // A link to the definition, as GitHub's is (`Ctrl-o` comes back).
        self.rich.start_link(&format!("#{}", note_id(&key)));
        self.rich.styled(Inline::NOTE_REF, &format!("[{number}]"));
        self.rich.end_link();
    }

    /// The text has ended: its footnotes are listed in the order of their
    /// numbers where GitHub lists them, at the end of the document (of
    /// the body, in a TOML document), in its last section (opening
    /// "Overview" if there is none).
    fn list_all_notes(&mut self) {
        if self.notes.queue.is_empty() {
            return;
        }
        self.rich.close_inline();
        if self.rich.mode() != Mode::Body {
            self.rich.block_section();
        }
        // A rule and a label, as GitHub's page sets them apart, so the
        // notes do not read as part of the last section.
        self.rich.rule();
        self.rich.styled(Inline::STRONG, FOOTNOTES_LABEL);
        self.rich.close_inline();
        // A frame and an anchor (`fn-` and the key) a note: made once at
        // their size, not doubled as they fill.
        let ids: usize = (self.notes.queue.iter())
            .map(|&i| 3 + self.notes.defs.key(i as usize).len())
            .sum();
        let b = &mut self.rich.b;
        b.frames.reserve_exact(self.notes.queue.len());
        b.anchors.reserve(self.notes.queue.len(), ids);
        self.list_notes();
    }

    /// Lists the footnotes queued (and those their own text references):
    /// each definition is read again from its place in the text.
    fn list_notes(&mut self) {
        while let Some(i) = self.notes.queue.pop_front() {
            let i = i as usize;
            let number = self.notes.defs.list[i].number;
            let range = self.notes.defs.range(i);
            let indent = (number.to_string().len() + 3).min(u8::MAX as usize) as u8;
            self.rich.push_frame(FrameKind::Note { number, indent });
            let id = note_id(self.notes.defs.key(i));
            self.rich.frame_anchor(&id);
            let src = self.src;
            // Definitions hold no section headings (they are in a
            // container), so this never restarts.
            let _ = self.feed(&src[range.clone()], range.start, Feed::Note);
            self.flush_text();
            if let Some((raw, _)) = self.raw {
                self.end_raw(raw);
            }
            self.rich.pop_frame();
        }
    }

    // ---- pieces ----

    /// Reads `text`, the document's bytes from `base` on, and tells its
    /// events to the builder at their place in the document. Footnote
    /// definitions are set aside (in [`Feed::Note`], the one read is
    /// unwrapped); reference links use the text's first definition of
    /// their label, wherever it is.
    fn feed(&mut self, text: &str, base: usize, mode: Feed) -> Result<(), Restart> {
        self.feed_joined(text, base, mode, Join::default())
    }

    /// [`Conv::feed`] of a piece that may be part of a paragraph cut in
    /// pieces.
    fn feed_joined(
        &mut self,
        text: &str,
        base: usize,
        mode: Feed,
        join: Join,
    ) -> Result<(), Restart> {
        let mut prefix = self.note_prefix(text, base);
        if let Some(head) = &join.table_head {
            prefix.push_str(&self.src[head.clone()]);
        }
        if let Some(head) = &join.item_head {
            prefix.push_str(head);
        }
        let joined;
        let full = if prefix.is_empty() {
            text
        } else {
            joined = format!("{prefix}{text}");
            joined.as_str()
        };
        let shift = prefix.len();
        let refs = std::rc::Rc::clone(&self.refs);
        let mut state = FeedState {
            mode,
            skip: 0,
            unwrapped: false,
        };
        let mut first = join.continues;
        // The last events, held back: a piece's last ones may not be told.
        let mut held: VecDeque<(Event<'_>, Range<usize>)> = VecDeque::new();
        let hold = if join.spaces.is_some() || join.table_goes_on {
            1
        } else {
            join.container_goes_on
        };
        // Depth of the events read (the prefix's too), whether the piece's
        // first event is still to come, whether the top-level list read
        // is loose as a whole, and a paragraph put around an item's text.
        let mut depth = 0usize;
        let mut reopen = join.container_continues;
        let mut wrap: Option<usize> = None;
        let mut wrapped = false;
        let mut task: Option<(Event<'_>, Range<usize>)> = None;
        for (event, r) in parser(full, &refs) {
            let d = depth;
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            let r = if r.start >= shift {
                unsqueezed(r.start - shift, join.gap) + base
                    ..unsqueezed(r.end - shift, join.gap) + base
            } else if join.table_head.is_some() && matches!(event, Event::End(TagEnd::Table)) {
                // The end of a table going on from the piece before: told
                // unless it is this piece's last event and the table goes
                // on in the next (a piece may end another table after it).
                base..(r.end.max(shift) - shift + base).max(base)
            } else if join.item_lazy && matches!(event, Event::SoftBreak) && r.end == shift {
                // The line before goes on in this piece.
                base..base
            } else if join.item_head.is_some()
                && matches!(
                    event,
                    Event::End(TagEnd::Item | TagEnd::List(_) | TagEnd::CodeBlock)
                )
            {
                // The item re-opened and its list end here (told unless
                // they go on in the next piece).
                base..(r.end.max(shift) - shift + base).max(base)
            } else {
                if join.item_head.is_some()
                    && matches!(event, Event::Start(Tag::List(_)))
                    && self.loose.contains(&base)
                {
                    // The list re-opened is loose as a whole.
                    wrap = Some(d);
                }
                // The labels made known to this parser, and the header of
                // a table going on from the piece before.
                continue;
            };
            if reopen > 0 && matches!(event, Event::Start(Tag::List(_) | Tag::BlockQuote(_))) {
                // The list or quote of the piece before goes on (and the
                // quotes it is in).
                reopen -= 1;
                if reopen == 0
                    && matches!(event, Event::Start(Tag::List(_)))
                    && self.loose.contains(&base)
                {
                    wrap = Some(d);
                }
                continue;
            }
            reopen = 0;
            match &event {
                Event::Start(Tag::List(_)) if self.loose.contains(&r.start) => wrap = Some(d),
                Event::End(TagEnd::List(_)) if wrap == Some(depth) => wrap = None,
                _ => {}
            }
            // In a list loose as a whole, read tight in this piece, an
            // item's text is put in paragraphs, as pulldown-cmark does. A
            // task marker is in its item's paragraph only when text
            // follows it on its line (`- [x]` alone, or with its text on
            // the next line, stands before it): it waits for what follows.
            let mut around: [Option<(Event<'_>, Range<usize>)>; 3] = [None, None, None];
            let mut this = Some((event, r));
            if wrap.is_some_and(|w| d == w + 2)
                && let Some((event, r)) = this.take()
            {
                let inline = is_inline(&event);
                if let Some((marker, mr)) = task.take() {
                    let same_line = !wrapped
                        && inline
                        && mr.end <= r.start
                        && memchr::memchr2(b'\n', b'\r', &self.src.as_bytes()[mr.end..r.start])
                            .is_none();
                    if same_line {
                        wrapped = true;
                        around[0] = Some((Event::Start(Tag::Paragraph), mr.start..mr.start));
                    }
                    around[1] = Some((marker, mr));
                }
                if matches!(event, Event::TaskListMarker(_)) && !wrapped {
                    task = Some((event, r));
                } else {
                    if inline != wrapped {
                        wrapped = inline;
                        let tag = if inline {
                            Event::Start(Tag::Paragraph)
                        } else {
                            Event::End(TagEnd::Paragraph)
                        };
                        around[2] = Some((tag, r.start..r.start));
                    }
                    this = Some((event, r));
                }
            }
            for (event, r) in around.into_iter().flatten().chain(this) {
                if first {
                    first = false;
                    if matches!(event, Event::Start(Tag::Paragraph)) {
                        continue;
                    }
                    // Cut past the bound, the rest is not the paragraph's (a
                    // setext underline made it a heading): the paragraph ends.
                    let end = Event::End(TagEnd::Paragraph);
                    self.deliver(&end, r.start..r.start, &refs, &mut state)?;
                }
                if hold > 0 {
                    held.push_back((event, r));
                    if held.len() > hold
                        && let Some((e, er)) = held.pop_front()
                    {
                        self.deliver(&e, er, &refs, &mut state)?;
                    }
                } else {
                    self.deliver(&event, r, &refs, &mut state)?;
                }
            }
        }
        // The last events: a table's end when it goes on, a paragraph's
        // when it does, a list's or quote's (and those of the quotes
        // around it) when it does, are not told.
        let mut told = held.len();
        if let Some((e, _)) = held.back()
            && (join.table_goes_on && matches!(e, Event::End(TagEnd::Table))
                || join.spaces.is_some() && matches!(e, Event::End(TagEnd::Paragraph)))
        {
            told -= 1;
        }
        if join.container_goes_on > 0 {
            while told > 0
                && held.len() - told < join.container_goes_on
                && matches!(
                    held[told - 1].0,
                    Event::End(
                        TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::CodeBlock
                    )
                )
            {
                told -= 1;
            }
        }
        for (e, er) in held.drain(..).take(told) {
            self.deliver(&e, er, &refs, &mut state)?;
        }
        if let Some(spaces) = join.spaces {
            let src = self.src;
            let text = Event::Text(CowStr::Borrowed(&src[spaces.clone()]));
            self.deliver(&text, spaces, &refs, &mut state)?;
        }
        Ok(())
    }

    /// One event of [`Conv::feed`]: footnote definitions set aside, a
    /// reference given its first definition.
    fn deliver(
        &mut self,
        event: &Event<'_>,
        r: Range<usize>,
        refs: &Refs,
        state: &mut FeedState,
    ) -> Result<(), Restart> {
        if state.skip > 0 {
            match event {
                Event::Start(_) => state.skip += 1,
                Event::End(_) => state.skip -= 1,
                _ => {}
            }
            return Ok(());
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                if state.mode == Feed::Note && !state.unwrapped {
                    state.unwrapped = true;
                } else {
                    state.skip = 1;
                }
                return Ok(());
            }
            // The unwrapped definition's end (others are skipped whole).
            Event::End(TagEnd::FootnoteDefinition) => return Ok(()),
            _ => {}
        }
        match first_definition(event, refs) {
            Some(fixed) => self.event(&fixed, r),
            None => self.event(event, r),
        }
    }

    /// Definitions of the footnotes `text` (the document's bytes from
    /// `base` on) references but does not hold, for its parser: with
    /// GitHub's footnotes, `[^a]` is a reference only where `a` is
    /// defined.
    fn note_prefix(&self, text: &str, base: usize) -> String {
        let mut prefix = String::new();
        if self.notes.defs.is_empty() || !text.contains("[^") {
            return prefix;
        }
        let mut seen = std::collections::HashSet::new();
        for at in memchr::memmem::find_iter(text.as_bytes(), b"[^") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find([']', '[']).filter(|&e| e > 0 && e < 1000) else {
                continue;
            };
            if rest.as_bytes()[end] != b']' {
                continue;
            }
            let label = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
            let key = note_key(&label);
            let Some(def) = self.notes.defs.get(&key) else {
                continue;
            };
            if def.start >= base && def.end <= base + text.len() {
                continue;
            }
            if seen.insert(key) {
                prefix.push_str(&format!("[^{label}]: x\n"));
            }
        }
        if !prefix.is_empty() {
            // A rule closes the last definition, so an indented first line
            // of `text` is code, as at the start of a document, not more
            // of that note.
            prefix.push_str("\n***\n\n");
        }
        prefix
    }
}

/// Whether `event` is inline content: in a tight list's item it is
/// written with no paragraph around it.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(_) | Event::Rule | Event::Html(_) => false,
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
    }
}

/// pulldown-cmark's events for `text`, a reference to a label `text` does
/// not define resolved through `refs`.
fn parser<'t>(
    text: &'t str,
    refs: &'t Refs,
) -> pulldown_cmark::OffsetIter<'t, impl pulldown_cmark::BrokenLinkCallback<'t>> {
    let resolve = move |link: BrokenLink<'t>| {
        refs.get(&UniCase::new(link.reference.to_string()))
            .map(|(dest, title)| (CowStr::from(dest.as_str()), CowStr::from(title.as_str())))
    };
    Parser::new_with_broken_link_callback(text, options(), Some(resolve)).into_offset_iter()
}

/// A reference link or image resolved by its piece's own definition when
/// the text defines its label earlier elsewhere (the first definition
/// wins): the event with that address.
fn first_definition(event: &Event<'_>, refs: &Refs) -> Option<Event<'static>> {
    use pulldown_cmark::LinkType::{Collapsed, Reference, Shortcut};
    let (Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    })
    | Event::Start(Tag::Image {
        link_type,
        dest_url,
        title,
        id,
    })) = event
    else {
        return None;
    };
    if refs.is_empty() || !matches!(link_type, Reference | Collapsed | Shortcut) {
        return None;
    }
    let (dest, first_title) = refs.get(&UniCase::new(id.to_string()))?;
    if dest == dest_url.as_ref() && first_title == title.as_ref() {
        return None;
    }
    let (link_type, dest_url, title, id) = (
        *link_type,
        CowStr::from(dest.clone()),
        CowStr::from(first_title.clone()),
        CowStr::from(id.to_string()),
    );
    Some(Event::Start(match event {
        Event::Start(Tag::Image { .. }) => Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        },
        _ => Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        },
    }))
}

fn alert(kind: BlockQuoteKind) -> AlertKind {
    match kind {
        BlockQuoteKind::Note => AlertKind::Note,
        BlockQuoteKind::Tip => AlertKind::Tip,
        BlockQuoteKind::Important => AlertKind::Important,
        BlockQuoteKind::Warning => AlertKind::Warning,
        BlockQuoteKind::Caution => AlertKind::Caution,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Whether a line of `src` is a heading titled `title` (ASCII case
/// ignored): `# Overview`, `Overview` underlined with `=` or `-`, or
/// `<h2>Overview</h2>`. Lines only: one inside a code block counts too
/// (the preamble is then named otherwise, which is harmless).
fn has_heading_titled(src: &str, title: &str) -> bool {
    let bytes = src.as_bytes();
    // Where the title is written (in any case): found with a scan for its
    // first letter, as building a matcher for one word took longer than
    // this whole search of a README, at every start.
    let Some(&first) = title.as_bytes().first() else {
        return false;
    };
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut found = memchr::memchr2_iter(lower, upper, bytes)
        .map(|start| start..start + title.len())
        .filter(|m| {
            bytes
                .get(m.clone())
                .is_some_and(|w| w.eq_ignore_ascii_case(title.as_bytes()))
        });
    found.any(|m| {
        let start = memchr::memrchr(b'\n', &bytes[..m.start]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[m.end..]).map_or(src.len(), |i| m.end + i);
        let line = src[start..end].trim();
        let is = |t: &str| t.trim().eq_ignore_ascii_case(title);
        if let Some(rest) = line.strip_prefix('#') {
            let rest = rest.trim_start_matches('#');
            return line.len() - rest.len() <= 6
                && rest.starts_with([' ', '\t'])
                && is(rest.trim_end().trim_end_matches('#'));
        }
        if line.len() > 3 && line.as_bytes()[..2].eq_ignore_ascii_case(b"<h") {
            // The text between the tags.
            let mut text = String::new();
            let mut in_tag = false;
            for c in line.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            return is(&text);
        }
        let next = src[(end + 1).min(src.len())..]
            .lines()
            .next()
            .unwrap_or("")
            .trim();
        is(line)
            && !next.is_empty()
            && (next.bytes().all(|b| b == b'=') || next.bytes().all(|b| b == b'-'))
    })
}

/// `title` from YAML (`title: …`) or TOML (`title = "…"`) front matter.
fn front_matter_title(text: &str, kind: MetadataBlockKind) -> Option<String> {
    let title = match kind {
        MetadataBlockKind::PlusesStyle => {
            let table: toml::Table = toml::from_str(text).ok()?;
            table.get("title")?.as_str()?.to_string()
        }
        MetadataBlockKind::YamlStyle => {
            let line = text.lines().find_map(|l| l.strip_prefix("title:"))?;
            let v = line.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            v.to_string()
        }
    };
    let title = clean_line(&title);
    (!title.is_empty()).then_some(title)
}
#[cfg(test)]
mod piece_tests {
    use super::*;

    /// `--check`'s place of an HTML link is its address, also when the
    /// address is not written as the model holds it (a tab or a control
    /// character in it): it was the tag's `<`.
    #[test]
    fn an_html_links_place_is_its_address_whatever_it_holds() {
        for (src, value) in [
            (
                "Para <a href=\"#no\x01where\">x</a> and <a href=\"#gone\">y</a>.\n",
                ["#no", "#gone"],
            ),
            (
                "Para <a href=\"#no\twhere\">x</a> and <a href=\"#gone\">y</a>.\n",
                ["#no", "#gone"],
            ),
            (
                "<p><a class=x HREF = '#a\x02b'>x</a> <img src=\"i\x01.png\"></p>\n",
                ["#a", "i\x01"],
            ),
        ] {
            let (places, _) = link_places(src);
            let want: Vec<u32> = value.iter().map(|v| src.find(v).unwrap() as u32).collect();
            assert_eq!(places, want, "{src:?}");
        }
    }

    /// Events read and list entries examined converting `src`, per byte.
    fn work_per_byte(src: &str) -> f64 {
        let mut builder = Builder::default();
        let rich = Rich::new(&mut builder, Mode::Document { title_rule: true });
        let mut conv = Conv::new(rich, src);
        let _ = run(&mut conv, src);
        (conv.events + conv.rich.examined()) as f64 / src.len() as f64
    }

    /// List markers nested on one line (issue 25: `- ` ×16 000 took 5.7
    /// s to load and `> - ` ×100 000 over 120 s, each list counting the
    /// lists open around it): the work grows with the input, not its
    /// square.
    #[test]
    fn list_markers_nested_on_one_line_cost_linear_work() {
        type Shape = fn(usize) -> String;
        let shapes: [(&str, Shape); 6] = [
            ("- ", |n| "- ".repeat(n) + "x\n"),
            ("1. ", |n| "1. ".repeat(n) + "x\n"),
            ("> - ", |n| "> - ".repeat(n) + "x\n"),
            ("* 1. ", |n| "* 1. ".repeat(n) + "x\n"),
            ("> then -", |n| "> ".repeat(n) + &"- ".repeat(n) + "x\n"),
            ("lines", |n| {
                "- ".repeat(n) + "x\n" + &"  ".repeat(n) + "y\n"
            }),
        ];
        for (name, shape) in shapes {
            let small = work_per_byte(&shape(1_000));
            let large = work_per_byte(&shape(20_000));
            assert!(
                large <= small * 1.1 + 0.01,
                "{name}: {small} then {large} a byte"
            );
        }
    }

    #[test]
    fn blocks_after_a_blank_line_are_cuts() {
        // (The last window reaches the end, so `e` is no cut.)
        let src = "a\n\nb\nc\n\n# d\n\ne\n";
        assert_eq!(scan(src, 1).cuts, [3, 8]);
        // The whole text in one window: no cut.
        assert!(scan(src, usize::MAX).cuts.is_empty());
    }

    #[test]
    fn nothing_left_open_is_cut() {
        // A fence never closed holds every later line: cut inside it
        // only as a fence re-opened.
        let src = "a\n\nb\n\n```\nx\n\nb\n\nc\n";
        let s = scan(src, 1);
        assert_eq!(s.cuts, [3, 6, 10, 12, 13, 15]);
        assert!(s.cuts[2..].iter().all(|c| s.item_cuts[c].head == "```\n"));
        assert_eq!(
            parse_in_pieces(src, "t", 1),
            parse_in_pieces(src, "t", usize::MAX)
        );
        // A list item's paragraph after a blank line is a cut only as
        // one inside the item, the piece from it re-opening the item.
        let tail = "c\n\nd\n\ne\n\nf\n\ng\n";
        let src = format!("- a\n\n  b\n\n{tail}");
        let s = scan(&src, 1);
        assert_eq!(s.cuts, [5, 13, 16, 19], "the last block of each window");
        assert_eq!(s.item_cuts.keys().collect::<Vec<_>>(), [&5]);
        assert_eq!(
            parse_in_pieces(&src, "t", 1),
            parse_in_pieces(&src, "t", usize::MAX)
        );
        // Front matter pulldown-cmark reads mid-text: no cut before the
        // line that closes it.
        let src = "a\n\n---\nx\n\ny\n\n---\n\nz\n\nw\n\nv\n";
        assert_eq!(scan(src, 1).cuts, [3, 18, 21]);
    }

    #[test]
    fn a_long_paragraph_is_cut_inside_where_nothing_is_open() {
        let src = format!("# C\n\n{}\n", "`a` *b* [c](d) ".repeat(40));
        let s = scan(&src, 32);
        assert!(s.joins.len() > 5, "{:?}", s.joins);
        for (&p, &q) in &s.joins {
            assert!(src[q..p].bytes().all(|b| b == b' '), "{q}..{p}");
            assert!(plain_line_start(&src.as_bytes()[p..]));
        }
        // An emphasis left open holds every later word: no cut after it.
        let open = format!("# C\n\n*{}\n", "word ".repeat(100));
        assert!(scan(&open, 32).joins.is_empty());
    }

    #[test]
    fn runs_that_can_never_open_do_not_stop_the_cuts() {
        for body in [
            // Intraword `_`, and `_` runs after a letter before a line end.
            "a snake_case_name x___\n".repeat(40),
            // Addresses with `_` runs: after a letter or before a space.
            "see https://x.org/a___b/___ ".repeat(40),
            // `*` before a space, three `~`.
            "a * b ** c ~~~ d ".repeat(40),
        ] {
            let src = format!("# C\n\n{body}\n");
            let s = scan(&src, 32);
            assert!(s.joins.len() > 5, "{body:?}: {:?}", s.joins);
            assert_eq!(
                parse_in_pieces(&src, "t", 32),
                parse_in_pieces(&src, "t", usize::MAX)
            );
        }
        // A run that can open (after a space or a `(`, before a letter)
        // holds every word after it: no cut past it.
        for open in ["a _b ", "a (__b ", "a *b "] {
            let src = format!("# C\n\n{open}{}\n", "word x_y ".repeat(40));
            let opener = src.find(['_', '*']).expect("an opener");
            let s = scan(&src, 32);
            assert!(
                s.cuts.iter().all(|&c| c <= opener),
                "{open:?}: {:?}",
                s.cuts
            );
        }
    }

    #[test]
    fn a_paragraph_with_no_spaces_is_cut_between_closed_constructs() {
        for body in [
            "[a](b)".repeat(200),
            "a<br>".repeat(200),
            "`a`x".repeat(200),
            "![a](b)".repeat(200),
            "(*a*)".repeat(200),
            "x.org/path,".repeat(200),
        ] {
            let src = format!("# C\n\n{body}\n");
            let s = scan(&src, 32);
            assert!(s.joins.len() > 5, "{:?}: {:?}", &body[..8], s.joins);
            assert!(s.forced.is_empty());
            for (&p, &q) in &s.joins {
                assert_eq!(p, q, "no spaces to put back");
                assert!(plain_line_start(&src.as_bytes()[p..]), "{p}");
            }
            assert_eq!(
                parse_in_pieces(&src, "t", 32),
                parse_in_pieces(&src, "t", usize::MAX),
                "{:?}",
                &body[..8]
            );
        }
        // Never where the line before would read as a block's marker
        // alone, inside a character reference, after a backslash, or
        // before an emphasis run after a letter (it flanks otherwise at a
        // line's start): (the body, the place never cut).
        for (body, never) in [
            ("1.a", 2),
            ("#[a](b)", 1),
            ("-[a](b)", 1),
            ("&amp;b", 1),
            ("&#x26;b", 2),
            ("\\[a](b)", 1),
            ("a*b*", 1),
        ] {
            let src = format!("# C\n\n{body}{}\n", "w".repeat(64));
            for piece in [1, 4, 8] {
                let s = scan(&src, piece);
                assert!(
                    !s.joins.contains_key(&(5 + never)),
                    "{body:?}: {:?}",
                    s.joins
                );
                assert_eq!(
                    parse_in_pieces(&src, "t", piece),
                    parse_in_pieces(&src, "t", usize::MAX),
                    "{body:?}"
                );
            }
        }
    }

    #[test]
    fn a_paragraph_longer_than_the_bound_is_cut_anyway() {
        use crate::testing::sample::{MarkdownShape, write_markdown_shape};
        for shape in MarkdownShape::NESTED
            .into_iter()
            .chain([MarkdownShape::TightCodeSpans, MarkdownShape::TightEmphasis])
        {
            let mut bytes = Vec::new();
            write_markdown_shape(shape, 3 * PARAGRAPH_BOUND, &mut bytes).unwrap();
            let src = String::from_utf8(bytes).unwrap();
            let s = scan(&src, PIECE);
            let what = shape.name();
            assert!(!s.forced.is_empty(), "{what}: {:?}", s.cuts);
            let mut from = 0;
            for &cut in s.cuts.iter().chain([&src.len()]) {
                assert!(cut - from <= PARAGRAPH_BOUND, "{what}: {from}..{cut}");
                from = cut;
            }
            for &p in &s.forced {
                assert!(src.is_char_boundary(p));
                let c = src.as_bytes()[p];
                assert!(
                    !c.is_ascii_whitespace() && !c.is_ascii_digit(),
                    "{what}: {p}"
                );
                assert!(
                    !matches!(c, b'#' | b'\\' | b'<' | b'>' | b'|'),
                    "{what}: {p}"
                );
                assert_ne!(src.as_bytes()[p - 1], b'\\');
            }
            let doc = parse_in_pieces(&src, "t", PIECE).unwrap();
            // One paragraph still (after a heading): the pieces join.
            assert!(doc.blocks.len() <= 2, "{what}: {}", doc.blocks.len());
            // Under the bound, the same shape is never cut but exactly.
            let mut bytes = Vec::new();
            write_markdown_shape(shape, PARAGRAPH_BOUND / 2, &mut bytes).unwrap();
            let src = String::from_utf8(bytes).unwrap();
            assert!(scan(&src, PIECE).forced.is_empty());
            assert_eq!(
                parse_in_pieces(&src, "t", PIECE),
                parse_in_pieces(&src, "t", usize::MAX)
            );
        }
        // A setext underline after a paragraph cut past the bound makes
        // the rest a heading; the paragraph before it ends.
        let src = format!("{}a\n===\n\nafter\n", "*a ".repeat(PARAGRAPH_BOUND / 2));
        let s = scan(&src, PIECE);
        assert!(!s.forced.is_empty());
        let doc = parse_in_pieces(&src, "t", PIECE).unwrap();
        assert!(doc.text().trim_end().ends_with("*a a\nafter"));
        // (The "Overview" heading before the text before the first one.)
        let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
        use crate::model::document::BlockKind::{Heading, Paragraph};
        assert_eq!(kinds, [Heading, Paragraph, Heading, Paragraph]);
    }

    #[test]
    fn long_runs_and_lines_of_them_are_looked_at_once() {
        // Half a million `_` after a letter, left as text (one event a
        // character, each measuring the whole run, was quadratic), then
        // a half-megabyte line of `a_b` words (each searched to its end
        // for the next `[`, quadratic too). Both are cut after.
        for body in [
            format!("x{} y", "_".repeat(1 << 19)),
            "a_b ".repeat(1 << 17),
        ] {
            let lines = format!("{}\n", "word ".repeat(20)).repeat(2000);
            let src = format!("# C\n\n{body}\n{lines}");
            let s = scan(&src, 16 << 10);
            assert!(s.joins.len() > 3, "{:?}: {:?}", &body[..8], s.cuts);
        }
    }

    #[test]
    fn a_long_table_is_cut_between_rows_its_header_read_again() {
        let src = format!(
            "# T\n\n| a | b |\n|:-|-:|\n{}\nafter\n",
            "| 1 | `x` |\n".repeat(100)
        );
        let s = scan(&src, 64);
        assert!(s.tables.len() > 5, "{:?}", s.cuts);
        for (&cut, head) in &s.tables {
            assert_eq!(&src[head.clone()], "| a | b |\n|:-|-:|\n");
            assert!(src[cut..].starts_with("| 1 |"), "{cut}");
            assert!(s.cuts.contains(&cut));
        }
        // The pieces give the whole parse's model.
        assert_eq!(
            parse_in_pieces(&src, "t", 64),
            parse_in_pieces(&src, "t", usize::MAX)
        );
    }

    #[test]
    fn definitions_past_a_paragraph_bound_after_a_paragraph_stay_definitions() {
        // 1,800 definitions (70 KB) after a short paragraph: no block
        // follows the paragraph in the window, which was read as a
        // paragraph over 64 KiB and cut inside the definitions, making
        // the rest text and every reference a literal `[r][q1799]` (the
        // UI attack).
        let mut src = String::from("# M\n\n[r][q1799] [s][q0]\n\n");
        for i in 0..1800 {
            src.push_str(&format!("[q{i}]: https://example.com/nofile{i}\n"));
        }
        let pieced = parse_in_pieces(&src, "t", PIECE);
        assert_eq!(pieced, parse_in_pieces(&src, "t", usize::MAX));
        let doc = pieced.expect("loads");
        assert_eq!(doc.links.len(), 2, "{}", doc.text());
        assert!(!doc.text().contains("nofile"), "{}", doc.text());
    }

    #[test]
    fn long_lists_and_quotes_are_cut_between_items_and_blocks() {
        for (src, first) in [
            (
                format!("# L\n\n{}after\n", "- a\n  - b\n".repeat(100)),
                "- a",
            ),
            (format!("# L\n\n{}\n", "1. `x`\n".repeat(100)), "1. "),
            (
                format!("# Q\n\n{}after\n", "> a\n>\n> > b\n>\n".repeat(100)),
                "> ",
            ),
        ] {
            let s = scan(&src, 64);
            assert!(s.containers.len() > 5, "{:?}", s.cuts);
            for &cut in s.containers.keys() {
                assert!(src[cut..].starts_with(first), "{cut}");
                assert!(s.cuts.contains(&cut));
            }
            assert_eq!(
                parse_in_pieces(&src, "t", 64),
                parse_in_pieces(&src, "t", usize::MAX)
            );
        }
        // A list with a blank line in it is cut too, its looseness read
        // by pulldown-cmark piece by piece, each piece after the item
        // before it: loose only where a blank line parts two items.
        let src = format!("{}- x\n\n- y\n", "- a\n".repeat(100));
        let s = scan(&src, 64);
        assert!(s.containers.len() > 5, "{:?}", s.containers);
        assert!(s.loose.len() > 5, "{:?}", s.loose);
        let src = format!("{}- x\n- y\n", "- a\n".repeat(100));
        assert!(scan(&src, 64).loose.is_empty());
        // A list in quotes is cut between its items, the quotes and the
        // list re-opened by the piece from the cut, tight or loose.
        for src in [
            format!("# Q\n\n{}after\n", "> - a\n".repeat(100)),
            format!("# Q\n\n{}\n> x\n", "> > > - a\n".repeat(100)),
            format!("# Q\n\n{}> - z\n", "> - a\n>\n".repeat(100)),
            format!("# Q\n\n> 1. a\n{}", ">    b\n> 2. c\n".repeat(100)),
            // A tab among the quotes of the item before a cut, and the one
            // blank line right after it (the attack: read tight).
            format!(
                "{}> >\t- x\n> >\n{}",
                "> > - a\n".repeat(50),
                "> > - b\n".repeat(50)
            ),
        ] {
            let s = scan(&src, 64);
            assert!(s.containers.len() > 5, "{:?}", s.cuts);
            assert_eq!(
                parse_in_pieces(&src, "t", 64),
                parse_in_pieces(&src, "t", usize::MAX),
                "{src:?}"
            );
        }
        let src = "> >\t 115. item *x*\n> >\n> >  116. item *x*\n> >          ```\n";
        for piece in [16, 24, 32, 48] {
            assert_eq!(
                parse_in_pieces(src, "t", piece),
                parse_in_pieces(src, "t", usize::MAX),
                "{piece}"
            );
        }
        // Loose where no piece's items but the first piece's hold text of
        // their own.
        let src = format!("- > a\n\n{}- z\n", "- > b\n".repeat(100));
        assert!(!scan(&src, 64).loose.is_empty());
        for src in [
            format!("# D\n\n{}", "- [x]\n\n".repeat(300)),
            format!("{}- last\n  > - a\n  >\n\nAfter.\n", "- item\n".repeat(300)),
            format!("{}-\n  ---\n  [r]: /u\n\n  ---\n---\n", "- a\n".repeat(300)),
        ] {
            assert_eq!(
                parse_in_pieces(&src, "t", 64),
                parse_in_pieces(&src, "t", usize::MAX),
                "{src:?}"
            );
        }
        assert_eq!(
            parse_in_pieces(&src, "t", 64),
            parse_in_pieces(&src, "t", usize::MAX)
        );
        // A blank line in a fence the next item closes leaves it tight.
        let src = format!("{}- x\n  ```\n\n- y\n", "- a\n".repeat(100));
        assert!(scan(&src, 64).loose.is_empty());
    }

    /// A progressive open's first part never ends inside an item or a
    /// fence cut in pieces: it would show them ended.
    #[test]
    fn a_first_part_ends_before_an_item_or_a_fence_cut_in_pieces() {
        for src in [
            format!("# C\n\n```\n{}```\n", "code line\n".repeat(20000)),
            format!("# L\n\n- a\n\n{}", "  para\n\n".repeat(20000)),
            format!("# L\n\n- a\n{}", "lazy line\n".repeat(20000)),
        ] {
            let scan = scan(&src, PIECE);
            assert!(scan.item_cuts.len() > 1, "{:?}", scan.cuts);
            // (None: no first part, the whole is read before the first
            // screen, as for a list cut in pieces.)
            if let Some(Ok((_, upto))) = parse_prefix(&src, src.len(), "t", 20_000) {
                assert!(!scan.item_cuts.contains_key(&upto), "{src:.20}");
            }
        }
    }

    /// One item of many blocks (issue 25's `item-paragraphs`, 41x the
    /// file, never cut): cut before a block of the item after a blank
    /// line, the piece from the cut re-opening the item.
    #[test]
    fn a_tab_indented_block_of_an_item_gives_the_whole_parse() {
        // The attack's shrunk cases: a tab straddling the item's content
        // column before a tight sub-list after a blank line.
        for doc in [
            "1. a\n\n\t1.\n   1. a\n",
            "1. a\n\n\t1. x\n   1. a\n",
            "1. a\n\n\t- x\n\t- y\n",
            "- a\n\n \t- x\n  - y\n",
            "-  a\n\n\t- x\n   - y\n",
            "1. Step\n\n\t- sub a\n\t- sub b\n",
        ] {
            let src = format!("{}after\n", doc.repeat(40));
            for piece in [16, 24, 64, 200] {
                assert_eq!(
                    parse_in_pieces(&src, "t", piece),
                    parse_in_pieces(&src, "t", usize::MAX),
                    "{doc:?} in pieces of {piece}"
                );
            }
        }
    }

    #[test]
    fn an_item_of_many_blocks_is_cut_inside_the_item() {
        for (src, reopen) in [
            (format!("# L\n\n- a\n\n{}", "  para\n\n".repeat(100)), "-\n"),
            (
                format!("# L\n\n1. a\n\n{}2. b\n", "   para *x*\n\n".repeat(100)),
                "1.\n",
            ),
            (
                format!("-   a\n\n{}- b\n\n  c\n", "    para\n\n".repeat(100)),
                "  -\n",
            ),
            (
                format!(
                    "- a\n\n{}after\n",
                    "  p\n\n  - x\n\n  ```\n  c\n\n  ```\n\n  > q\n\n      code\n\n".repeat(30)
                ),
                "-\n",
            ),
            (
                format!("* [ ] a\n\n{}", "  para\n  more\n\n".repeat(100)),
                "*\n",
            ),
        ] {
            let s = scan(&src, 64);
            assert!(s.item_cuts.len() > 5, "{src:?} {:?}", s.cuts);
            for (&cut, r) in &s.item_cuts {
                // (Or inside a fence of the item.)
                assert!(r.head.starts_with(reopen), "{:?}", r.head);
                assert!(s.cuts.contains(&cut));
                assert!(r.head.len() > reopen.len() || after_blank_line(&src, cut));
            }
            assert_eq!(
                parse_in_pieces(&src, "t", 64),
                parse_in_pieces(&src, "t", usize::MAX),
                "{src:?}"
            );
        }
        // Inside a fence, at the top level or in such an item, the
        // piece from the cut re-opening the item and the fence.
        for (src, reopen) in [
            (
                format!(
                    "# C\n\n```rust\n{}```\n\nafter\n",
                    "let a = `b`;\n\n".repeat(100)
                ),
                "```\n",
            ),
            (
                format!(
                    "- a\n\n  ~~~~ x\n{}  ~~~~\n- b\n",
                    "  code ```\n".repeat(100)
                ),
                "-\n  ~~~~\n",
            ),
            (
                format!(
                    "1. a\n\n    ```\n{}\n2. b\n",
                    "    code\n      more\n".repeat(100)
                ),
                "1.\n    ```\n",
            ),
        ] {
            let s = scan(&src, 64);
            assert!(s.item_cuts.len() > 5, "{src:?} {:?}", s.cuts);
            for r in s.item_cuts.values() {
                assert_eq!(r.head, reopen);
            }
            assert_eq!(
                parse_in_pieces(&src, "t", 64),
                parse_in_pieces(&src, "t", usize::MAX),
                "{src:?}"
            );
        }
        // Among a tight item's lazy lines, the piece from the cut
        // re-opening the item with a text whose soft break is told; undone
        // where the list is loose after all, or a setext underline or
        // markup could reach across.
        for (src, lazy) in [
            (format!("# L\n\n- a\n{}", "lazy line\n".repeat(100)), true),
            (
                format!("1. a\n{}2. b\n   c\n", "  more words\n".repeat(100)),
                true,
            ),
            (format!("- a\n{}\n- b\n", "lazy line\n".repeat(100)), false),
            (
                format!("- a\n{}  ---\n- b\n", "lazy line\n".repeat(100)),
                false,
            ),
            (format!("- *a\n{}b*\n", "lazy line\n".repeat(100)), false),
            (
                format!("- a\n{}- b\n\n  c\n", "lazy line\n".repeat(100)),
                false,
            ),
        ] {
            let s = scan(&src, 64);
            let lazies = s.item_cuts.values().filter(|r| r.lazy).count();
            assert_eq!(lazies > 5, lazy, "{src:?} {:?}", s.cuts);
            assert_eq!(
                parse_in_pieces(&src, "t", 64),
                parse_in_pieces(&src, "t", usize::MAX),
                "{src:?}"
            );
        }
        // Not inside a tight item (its blocks parted by no blank line),
        // nor a quote's item.
        let src = format!("- a\n{}", "  > b\n".repeat(200));
        assert!(scan(&src, 64).item_cuts.is_empty());
    }

    #[test]
    fn a_paragraph_of_references_defined_after_it_is_cut() {
        let src = format!("# R\n\n{}\n\n[r]: /u\n", "[a][r] ".repeat(100));
        let s = scan(&src, 64);
        assert!(s.joins.len() > 5, "{:?}", s.cuts);
        let doc = parse_in_pieces(&src, "r", 64).ok();
        assert_eq!(doc, parse_in_pieces(&src, "r", usize::MAX).ok());
        let doc = doc.expect("not too large");
        assert_eq!(doc.links.len(), 100);
        // Never defined, they are text, but their brackets pair as a
        // link's would: nothing is left open, and they are cut alike.
        let src = format!("# R\n\n{}\n", "[a][none] ".repeat(100));
        assert!(scan(&src, 64).joins.len() > 5);
        assert_eq!(
            parse_in_pieces(&src, "r", 64),
            parse_in_pieces(&src, "r", usize::MAX)
        );
    }

    /// Raw text is where it is in the source while its parts follow one
    /// another there, and a copy of them all once one does not (a quote's
    /// `> ` dropped between a code block's lines).
    #[test]
    fn raw_text_is_copied_only_where_its_parts_are_not_the_source() {
        let src = "```\none\ntwo\n```\n> ```\n> three\n> four\n";
        let mut raw = RawText::default();
        raw.push(src, "one\n", 4..8);
        raw.push(src, "two\n", 8..12);
        assert!(raw.copied.is_none());
        assert!(matches!(
            raw.text(src),
            std::borrow::Cow::Borrowed("one\ntwo\n")
        ));
        let mut raw = RawText::default();
        raw.push(src, "three\n", 24..30);
        raw.push(src, "four\n", 32..37);
        assert_eq!(raw.text(src), "three\nfour\n");
        // A part that is not the source's bytes at its place is copied.
        let mut raw = RawText::default();
        raw.push(src, "    x", 0..5);
        assert_eq!(raw.text(src), "    x");
    }

    /// An HTML block's one table has its cells counted before it is read
    /// (their vector is made once); a block of two tables has none.
    #[test]
    fn an_html_tables_cells_are_counted_before_it_is_read() {
        let one = "<table><thead><TR><TH>a</TH><th\n>b</th></TR></thead>\
                   <tr><td>1</td><td class=x>2</td><tdx>no</tdx></tr></table>";
        assert_eq!(table_cells(one), 4);
        assert_eq!(table_cells(&format!("{one}{one}")), 0);
        assert_eq!(table_cells("<p><td>a</td></p>"), 0);
        // No more than one a 10 bytes, whatever the tags.
        let tags = format!("<table>{}", "<td>".repeat(100));
        assert_eq!(table_cells(&tags), tags.len() / 10);
    }

    #[test]
    fn definitions_are_gathered_across_pieces_first_one_winning() {
        let src = "[x]\n\n[X]: /one\n\nt[^n]\n\n[x]: /two\n\n[^n]: note\n";
        let s = scan(src, 1);
        assert_eq!(
            s.refs
                .get(&UniCase::new("x".to_string()))
                .map(|d| d.0.as_str()),
            Some("/one")
        );
        let note = s.notes.get("n").unwrap();
        assert_eq!(&src[note], "[^n]: note\n");
        assert_eq!(s.notes.len(), 1);
    }

    #[test]
    fn a_heading_titled_is_found_in_any_case_and_form_only_as_a_heading() {
        let t = "Overview";
        for yes in [
            "# Overview",
            "intro\n\n## overview ##\n",
            "text\nOVERVIEW\n===\nmore",
            "Overview\n---",
            "<h2 id=x>Overview</h2>",
            "an overview here\n# Overview",
        ] {
            assert!(has_heading_titled(yes, t), "{yes:?}");
        }
        for no in [
            "",
            "an overview",
            "# Overview of it",
            "####### Overview",
            "#Overview",
            "Overview\ntext",
            "Overvie",
            "# Overvi\u{e9}w",
            "<p>Overview and more</p>",
        ] {
            assert!(!has_heading_titled(no, t), "{no:?}");
        }
    }
}
