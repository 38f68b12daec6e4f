//! Composing: where each line of a block breaks, and what it shows.
//!
//! A block's text is cut into lines (wrapped; verbatim for code and HTML;
//! a grid for tables), each a byte range of the text. Each line then
//! becomes styled segments: a [`Role`] (what kind of thing it is), inline
//! styles, and for text the bytes of the document it shows. The text pane
//! maps roles to theme styles and paints search matches by those bytes;
//! `--print` writes the same characters without colour, so the two cannot
//! disagree.
//!
//! Everything here works from a line start, so a long block is cut lazily,
//! in pieces, with the same result as all at once (see `layout`).

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::model::document::{
    AlertKind, Align, BlockKind, Document, FrameKind, Inline, Marker, NONE, Span, Table,
};
use crate::text::sanitize::{notation_len, printable_ascii_len};
use crate::text::wrap::{SOFT_HYPHEN, cluster_cut, cluster_width, shows_hyphen, text_width};

/// Starts each continuation piece of a code or HTML line too long for the
/// pane, so it reads as one line.
pub const CONTINUATION: &str = "↪";
/// Left of every line inside a block quote, one per level.
pub const QUOTE_BAR: &str = "│ ";
/// The bar of a GitHub alert: heavier than a quote's, so an alert is told
/// apart without colour too.
pub const ALERT_BAR: &str = "┃ ";
/// Columns a code block is set in from its frame, when the pane is wide
/// enough to spare them.
const CODE_INDENT: usize = 2;
/// How far a hard line (up to `\n`) is looked for past a line start: a
/// line never reaches further in practice (see `wrap::window_end`).
const HARD_LINE_WINDOW: usize = 64 << 10;

/// What a segment is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Blank columns: the pane leaves them untouched, print writes spaces.
    Gap,
    /// Body text (paragraphs, list items, quotes, table cells).
    Text,
    HeadingNumber,
    /// A section heading's title, `depth` levels down (0: top level).
    Heading {
        depth: u8,
    },
    /// A heading inside a body, level 1 to 6.
    Subheading {
        level: u8,
    },
    /// A TOML link block: its text, its `<address>`, or without an
    /// address (a reference).
    LinkText,
    Url,
    Reference,
    Source,
    QuoteBar,
    /// A GitHub alert's bar and title line, in the kind's colour.
    Alert(AlertKind),
    /// A list item's bullet, number or task box.
    Marker,
    /// A footnote definition's `[n]`.
    NoteMarker,
    /// A code block's text and the background around it.
    Code,
    Html,
    /// A code block's language, and its `↪` and chop marks: the label's
    /// style on the block's background, which runs unbroken to its edge.
    Label,
    /// The `↪` before a continued HTML line, and the chop marks outside
    /// code blocks.
    Continuation,
    Border,
    /// A table's header cells (and the keys of a narrow table's rows).
    Header,
    Rule,
}

/// A run of one style on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: Cow<'a, str>,
    pub role: Role,
    pub inline: Inline,
    /// The link this text belongs to ([`Document::links`]), or [`NONE`].
    pub link: u32,
    /// The bytes of the text this segment shows; `None` for decoration.
    /// A hyphen shown for a soft hyphen carries the soft hyphen's bytes.
    pub source: Option<Range<usize>>,
}

impl<'a> Segment<'a> {
    fn deco(text: impl Into<Cow<'a, str>>, role: Role) -> Self {
        Segment {
            text: text.into(),
            role,
            inline: Inline::default(),
            link: NONE,
            source: None,
        }
    }

    fn gap(cols: usize) -> Self {
        Segment::deco(" ".repeat(cols), Role::Gap)
    }

    pub fn width(&self) -> usize {
        text_width(&self.text)
    }
}

/// The text a block's lines are cut from: the document's, or (for
/// `--print` with link addresses) a copy with the addresses put in.
#[derive(Debug, Clone, Copy)]
pub struct Src<'a> {
    pub text: &'a str,
    /// The spans over `start..end`, sorted.
    pub spans: &'a [Span],
    pub start: usize,
    pub end: usize,
}

impl<'a> Src<'a> {
    pub fn of(doc: &'a Document, block: usize) -> Self {
        let b = doc.blocks[block];
        Src {
            text: doc.text(),
            spans: doc.spans_in(b.range()),
            start: b.start as usize,
            end: b.end as usize,
        }
    }
}

/// Whether chop mode (less's `-S`) cuts a block's lines at the pane's
/// edge instead of continuing them after `↪`: the preformatted blocks of
/// the model, that is code (fenced and indented code, and an HTML `<pre>`,
/// which the loader makes a code block without a language), a raw HTML
/// block kept literally, and tables (GFM's and HTML's `<table>`). Prose
/// (paragraphs, headings, items, quotes) always wraps.
pub fn chops(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Code { .. } | BlockKind::Html | BlockKind::Table { .. }
    )
}

/// The room a chopped block's lines are cut to: none in practice, a line
/// is as wide as its text.
pub const UNCUT: usize = u32::MAX as usize;

/// Shown at the left edge of a chopped line whose text goes on to the left
/// (scrolled sideways), and at its right edge when it goes on past it.
pub const CHOP_LEFT: &str = "«";
pub const CHOP_RIGHT: &str = "»";

/// How a block's text is cut into lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Wrapped at word breaks, `\n` a forced break.
    Wrap,
    /// Cut at `\n` only; a longer line continues on the next with `↪`.
    Verbatim,
    /// A grid of cells ([`TableGrid`]).
    Table,
    /// One line drawn across.
    Rule,
}

pub fn flow(kind: BlockKind) -> Flow {
    match kind {
        BlockKind::Code { .. } | BlockKind::Html => Flow::Verbatim,
        BlockKind::Table { .. } => Flow::Table,
        BlockKind::Rule => Flow::Rule,
        _ => Flow::Wrap,
    }
}

/// Columns of the `5.1 ` prefix before a heading's title (none when the
/// document's headings are not numbered).
pub fn heading_prefix_width(doc: &Document, block: usize) -> usize {
    let b = doc.blocks[block];
    if b.kind != BlockKind::Heading || !doc.numbered() {
        return 0;
    }
    doc.section_number(b.section as usize).len() + 1
}

/// Whether a blank line follows the block (not after the last block, nor
/// between the items of a tight list).
pub fn blank_after(doc: &Document, block: usize) -> bool {
    block + 1 < doc.blocks.len() && !doc.blocks[block].joins_next()
}

/// Frame indices around `block`, outermost first.
fn frame_chain(doc: &Document, block: usize) -> Vec<u32> {
    let mut chain = Vec::new();
    let mut f = doc.blocks[block].frame();
    while let Some(i) = f {
        let Some(frame) = doc.frames.get(i as usize) else {
            break;
        };
        // A parent after its child would be a loop; the model never has one.
        if chain.len() > doc.frames.len() {
            break;
        }
        chain.push(i);
        f = (frame.parent != NONE).then_some(frame.parent);
    }
    chain.reverse();
    chain
}

fn marker_text(marker: Marker) -> String {
    match marker {
        Marker::Bullet { level } => ["•", "◦", "▪"][usize::from(level) % 3].to_string(),
        Marker::Number(n) => format!("{n}."),
        Marker::Task { done } => (if done { "☑" } else { "☐" }).to_string(),
    }
}

fn digits(mut n: u32) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// The columns a frame takes on every line (without making its marker).
fn frame_cols(kind: FrameKind) -> usize {
    match kind {
        FrameKind::Quote => QUOTE_BAR.width(),
        FrameKind::Alert(_) => ALERT_BAR.width(),
        FrameKind::Item { marker, indent } => {
            let m = match marker {
                Marker::Number(n) => digits(n) + 1,
                Marker::Bullet { .. } | Marker::Task { .. } => 1,
            };
            (m + 1).max(usize::from(indent))
        }
        FrameKind::Note { number, indent } => (digits(number) + 3).max(usize::from(indent)),
    }
}

/// A frame's columns and, on its first line, its marker.
fn frame_piece(kind: FrameKind) -> (usize, Option<(String, Role)>) {
    let marker = match kind {
        FrameKind::Quote | FrameKind::Alert(_) => None,
        FrameKind::Item { marker, .. } => Some((marker_text(marker), Role::Marker)),
        FrameKind::Note { number, .. } => Some((format!("[{number}]"), Role::NoteMarker)),
    };
    (frame_cols(kind), marker)
}

/// Columns the frames take on every line of `block` at `width`: none when
/// they would leave less than two columns (a wide character) for the
/// text itself.
fn frames_width(doc: &Document, chain: &[u32], width: usize) -> usize {
    let w: usize = chain
        .iter()
        .map(|&f| frame_cols(doc.frames[f as usize].kind()))
        .sum();
    if w + 2 > width { 0 } else { w }
}

/// The frames' prefix of one line of `block`: quote bars, item indents,
/// and the markers of the items this line opens.
fn prefix<'a>(doc: &Document, block: usize, first_line: bool, width: usize) -> Vec<Segment<'a>> {
    let chain = frame_chain(doc, block);
    if frames_width(doc, &chain, width) == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &f in &chain {
        let frame = doc.frames[f as usize];
        let (cols, marker) = frame_piece(frame.kind());
        match (frame.kind(), marker) {
            (FrameKind::Quote, _) => out.push(Segment::deco(QUOTE_BAR, Role::QuoteBar)),
            (FrameKind::Alert(kind), _) => out.push(Segment::deco(ALERT_BAR, Role::Alert(kind))),
            (_, Some((m, role))) if first_line && frame.first_block as usize == block => {
                let mw = m.width();
                out.push(Segment::deco(m, role));
                out.push(Segment::gap(cols - mw));
            }
            _ => out.push(Segment::gap(cols)),
        }
    }
    out
}

/// Columns a code block is set in by, inside `inner` columns.
fn code_indent(kind: BlockKind, inner: usize) -> usize {
    match kind {
        BlockKind::Code { .. } if inner > CODE_INDENT + 2 => CODE_INDENT,
        _ => 0,
    }
}

/// The columns a block's text is cut to at pane width `width`: the width
/// less the frames, a heading's number or a code block's indent; at
/// least 1.
pub fn room(doc: &Document, block: usize, width: usize) -> usize {
    let width = width.max(1);
    // The frames' columns without collecting them: this runs for every
    // block at each new width (the layout's estimates).
    let mut frames = 0;
    let mut f = doc.blocks[block].frame();
    let mut depth = 0;
    while let Some(frame) = f.and_then(|i| doc.frames.get(i as usize)) {
        frames += frame_cols(frame.kind());
        depth += 1;
        f = (frame.parent != NONE && depth <= doc.frames.len()).then_some(frame.parent);
    }
    let inner = if frames + 2 > width {
        width
    } else {
        width - frames
    };
    let kind = doc.blocks[block].kind;
    inner
        .saturating_sub(heading_prefix_width(doc, block) + code_indent(kind, inner))
        .max(1)
}

/// Lines a block shows before its text: a code block's language.
pub fn head_lines(doc: &Document, block: usize) -> usize {
    match doc.blocks[block].kind {
        BlockKind::Code { lang } if lang != NONE && (lang as usize) < doc.langs.len() => 1,
        _ => 0,
    }
}

/// Moves `i` back to a character boundary of `s`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The hard line (up to `\n`) around byte `at` of `src`: its start (looked
/// for a little way back, for the wrapper's URL rule) and end.
fn hard_line(src: &Src, at: usize, room: usize, seen: &mut Newlines) -> (usize, usize) {
    let text = src.text;
    let mut floor = at.saturating_sub(1024).max(src.start);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let start =
        memchr::memrchr(b'\n', &text.as_bytes()[floor..at]).map_or(floor, |i| floor + i + 1);
    (start, hard_line_end(src, at, room, seen))
}

/// The end of [`hard_line`]: its `\n`, or as far as is looked ahead.
fn hard_line_end(src: &Src, at: usize, room: usize, seen: &mut Newlines) -> usize {
    let window = HARD_LINE_WINDOW.max(room.saturating_mul(16));
    let reach = src.end.min(at.saturating_add(window));
    match seen.find(src.text.as_bytes(), at, reach) {
        Some(i) => i,
        None => floor_boundary(src.text, reach),
    }
}

/// What the search for the next `\n` has already found, so the lines of
/// one block cut in turn ([`lines`]) look at each byte about once: a 1 MB
/// paragraph without a newline looked 64 KiB ahead for each of its 12,000
/// lines (about 4 s). The answer is the same as searching afresh.
#[derive(Debug, Default)]
pub struct Newlines {
    /// `[from, to)` was searched: `found` is its first `\n`, if any.
    from: usize,
    to: usize,
    found: Option<usize>,
}

impl Newlines {
    /// The first `\n` of `bytes[at..reach]`, absolute.
    fn find(&mut self, bytes: &[u8], at: usize, reach: usize) -> Option<usize> {
        if at < self.from || at > self.to {
            *self = Newlines {
                from: at,
                to: at,
                found: None,
            };
        }
        if let Some(f) = self.found {
            if f >= at {
                return (f < reach).then_some(f);
            }
            // Passed it: search again from here.
            *self = Newlines {
                from: at,
                to: at,
                found: None,
            };
        }
        if reach > self.to {
            count_scanned(reach - self.to);
            self.found = memchr::memchr(b'\n', &bytes[self.to..reach]).map(|i| self.to + i);
            self.to = reach;
        }
        self.found.filter(|&f| f < reach)
    }
}

#[cfg(test)]
thread_local! {
    /// Bytes searched for `\n` by [`Newlines`], for the test that a block's
    /// lines cost what its text does.
    pub(crate) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[inline]
fn count_scanned(_n: usize) {
    #[cfg(test)]
    SCANNED.with(|s| s.set(s.get() + _n));
}

/// The line of a wrapped or verbatim block starting at byte `at` (absolute,
/// `src.start <= at < src.end`) cut to `room` columns: its byte range and
/// where the next line starts (`src.end` after the last).
pub fn next_line(src: &Src, flow: Flow, at: usize, room: usize) -> (Range<usize>, usize) {
    next_line_seen(src, flow, at, room, &mut Newlines::default())
}

/// [`next_line`], reusing what `seen` knows of where the next `\n` is (for
/// a block's lines cut in turn).
pub fn next_line_seen(
    src: &Src,
    flow: Flow,
    at: usize,
    room: usize,
    seen: &mut Newlines,
) -> (Range<usize>, usize) {
    let room = room.max(1);
    if flow == Flow::Verbatim
        && let Some(cut) = ascii_verbatim_line(src, at, room)
    {
        return cut;
    }
    cut_line_seen(src, flow, at, room, seen, false)
}

/// [`next_line`] without the printable-ASCII shortcut.
#[cfg(test)]
fn cut_line(src: &Src, flow: Flow, at: usize, room: usize) -> (Range<usize>, usize) {
    cut_line_seen(src, flow, at, room, &mut Newlines::default(), false)
}

fn cut_line_seen(
    src: &Src,
    flow: Flow,
    at: usize,
    room: usize,
    seen: &mut Newlines,
    whole_urls: bool,
) -> (Range<usize>, usize) {
    let (line_start, line_end) = if flow == Flow::Verbatim {
        // A verbatim line needs only its end: its start was looked for
        // up to 1 KiB back for every screen line (330,000 of them in a
        // 30 MB line of code).
        (at, hard_line_end(src, at, room, seen))
    } else {
        hard_line(src, at, room, seen)
    };
    let after = |end: usize| {
        if end < src.end && src.text.as_bytes()[end] == b'\n' {
            end + 1
        } else {
            end
        }
    };
    if at >= line_end {
        // An empty line: `\n` right here.
        return (at..at, after(at));
    }
    match flow {
        Flow::Verbatim => {
            let first = at == src.start || src.text.as_bytes()[at - 1] == b'\n';
            let limit = if first || room < 2 { room } else { room - 1 };
            let end = verbatim_end(src.text, at, line_end, limit);
            (at..end, after(end))
        }
        _ => {
            let text = &src.text[line_start..line_end];
            let (r, next) =
                crate::text::wrap::next_line_as(text, at - line_start, room, whole_urls);
            let next = line_start + next;
            (
                line_start + r.start..line_start + r.end,
                if next >= line_end {
                    after(line_end)
                } else {
                    next
                },
            )
        }
    }
}

/// Where a verbatim line starting at `at` ends when cut to `limit`
/// columns (the hard line ending at `line_end`): after the last grapheme
/// cluster that fits, or after a joiner of a ZWJ chain wider than the line.
///
/// A character below U+0300 (one byte, or two with a lead byte up to
/// 0xCB) followed by another such is a cluster of its own: no combining
/// mark, joiner, Hangul or emoji rule of UAX #29 reaches below U+0300. Such
/// runs (Latin text with accents) are measured a character at a time;
/// clusters were found for every character, which made `G` at the end of a
/// 30 MB line of code with `ä` in it take a second.
fn verbatim_end(text: &str, at: usize, line_end: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut cols = 0;
    let mut end = at;
    while end < line_end {
        let b = bytes[end];
        if (0x20..0x7f).contains(&b) {
            // A run of printable ASCII, a column a byte, as far as the
            // room; its last character is left to the cluster path when
            // a mark may follow it.
            let reach = line_end.min(end + limit.saturating_sub(cols));
            let mut run = printable_ascii_len(&bytes[end..reach]);
            if run == 0 {
                break;
            }
            if bytes.get(end + run).is_some_and(|&n| n >= 0xCC) && end + run < line_end {
                run -= 1;
            }
            if run > 0 {
                cols += run;
                end += run;
                continue;
            }
        }
        let len = match b {
            0..0x80 => 1,
            0xC2..=0xCB => 2,
            _ => 0,
        };
        let next = end + len;
        let (g, w) = if len > 0 && (next >= line_end || bytes[next] < 0xCC) {
            let g = &text[end..next];
            // As `cluster_width` measures a one-character cluster.
            let w = if len == 1 {
                1
            } else {
                g.chars().next().map_or(0, |c| {
                    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
                })
            };
            (g, w)
        } else {
            let g = text[end..line_end].graphemes(true).next().unwrap_or("");
            (g, cluster_width(g))
        };
        if g.is_empty() {
            break;
        }
        if end > at && cols + w > limit {
            break;
        }
        if end == at && w > limit {
            // A ZWJ chain wider than the line: cut after a joiner.
            return end + cluster_cut(g, limit);
        }
        cols += w;
        end += g.len();
    }
    end
}

/// A verbatim line of printable ASCII, cut as the general path cuts it
/// (one column a byte) without looking for the hard line's ends: a 30 MB
/// line of code is cut in time linear in what is cut, not 64 KiB scanned
/// per screen line. `None` when a byte that is not printable ASCII (other
/// than the `\n` ending the line) comes first, or follows the cut (a mark
/// or joiner there would belong to the last character).
fn ascii_verbatim_line(src: &Src, at: usize, room: usize) -> Option<(Range<usize>, usize)> {
    let bytes = src.text.as_bytes();
    let first = at == src.start || bytes.get(at.wrapping_sub(1)) == Some(&b'\n');
    let limit = if first || room < 2 { room } else { room - 1 };
    let reach = src.end.min(at.saturating_add(limit));
    let run = at + printable_ascii_len(&bytes[at..reach]);
    if run < reach {
        // A line shorter than the room: it must end at its `\n`.
        return (bytes[run] == b'\n').then_some((at..run, run + 1));
    }
    match bytes.get(reach) {
        _ if reach == src.end => Some((at..reach, reach)),
        Some(b'\n') => Some((at..reach, reach + 1)),
        Some(b) if b.is_ascii() => Some((at..reach, reach)),
        _ => None,
    }
}

/// Whether a verbatim line piece continues one begun on a line above.
fn is_continuation(src: &Src, range: &Range<usize>) -> bool {
    range.start > src.start && src.text.as_bytes()[range.start - 1] != b'\n'
}

/// A block's lines, all at once (small blocks, `--print`); the layout cuts
/// long ones lazily with [`next_line`].
#[derive(Debug, Clone, Default)]
pub struct Lines {
    pub ranges: Vec<Range<usize>>,
    pub grid: Option<Box<TableGrid>>,
}

/// Cuts a whole block of `src` into lines at pane width `width`.
pub fn lines(doc: &Document, block: usize, src: &Src, width: usize) -> Lines {
    lines_chop(doc, block, src, width, false)
}

/// [`lines`] as `--print` cuts them: a URL wider than the line is never
/// broken, but is a line of its own ([`crate::text::wrap::next_line_as`]).
pub fn printed_lines(doc: &Document, block: usize, src: &Src, width: usize) -> Lines {
    lines_as(doc, block, src, width, false, true)
}

/// [`lines`], in chop mode when `chop`: a block that [`chops`] is cut at
/// its `\n`s alone (a table laid out at its natural width), as wide as
/// its lines are.
pub fn lines_chop(doc: &Document, block: usize, src: &Src, width: usize, chop: bool) -> Lines {
    lines_as(doc, block, src, width, chop, false)
}

fn lines_as(
    doc: &Document,
    block: usize,
    src: &Src,
    width: usize,
    chop: bool,
    whole_urls: bool,
) -> Lines {
    let kind = doc.blocks[block].kind;
    let room = if chop && chops(kind) {
        UNCUT
    } else {
        room(doc, block, width)
    };
    if let BlockKind::Table { table } = kind
        && let Some(t) = doc.tables.get(table as usize)
    {
        let grid = TableGrid::new(doc, t, src.start, room);
        return Lines {
            ranges: grid.ranges.clone(),
            grid: Some(Box::new(grid)),
        };
    }
    let flow = flow(kind);
    let mut ranges = vec![src.start..src.start; head_lines(doc, block)];
    let mut at = src.start;
    if src.start == src.end || flow == Flow::Rule {
        ranges.push(src.start..src.start);
    }
    let mut seen = Newlines::default();
    while at < src.end && flow != Flow::Rule {
        let (r, next) = if whole_urls && flow != Flow::Verbatim {
            cut_line_seen(src, flow, at, room.max(1), &mut seen, true)
        } else {
            next_line_seen(src, flow, at, room, &mut seen)
        };
        ranges.push(r);
        at = next;
    }
    Lines { ranges, grid: None }
}

/// [`lines`] of table block `block` with its text and cells given apart
/// from the document's (`--print` writes link addresses in its cells):
/// `table`'s cells are ranges of `text`, `start` where the block starts.
pub fn table_lines(
    doc: &Document,
    block: usize,
    text: &str,
    table: &Table,
    start: usize,
    width: usize,
) -> Lines {
    let grid = TableGrid::of_text(text, table, start, room(doc, block, width));
    Lines {
        ranges: grid.ranges.clone(),
        grid: Some(Box::new(grid)),
    }
}

#[cfg(feature = "test-support")]
thread_local! {
    /// Lines composed on this thread (tests count the work of a frame).
    static COMPOSED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Lines ([`line`] and [`blank_line`]) composed on this thread so far:
/// tests check a frame composes each visible line once.
#[cfg(feature = "test-support")]
pub fn lines_composed() -> u64 {
    COMPOSED.with(std::cell::Cell::get)
}

fn count_composed() {
    #[cfg(feature = "test-support")]
    COMPOSED.with(|c| c.set(c.get() + 1));
}

impl Segment<'_> {
    /// The same segment owning its text, to keep past the document's
    /// borrow (the composed frame the view draws).
    pub fn into_owned(self) -> Segment<'static> {
        Segment {
            text: Cow::Owned(self.text.into_owned()),
            role: self.role,
            inline: self.inline,
            link: self.link,
            source: self.source,
        }
    }
}

/// One shown line of a block, as segments, cut to `width` columns.
/// `lines` are the block's lines (as cut so far), `line` indexes them.
pub fn line<'a>(
    doc: &'a Document,
    block: usize,
    src: &Src<'a>,
    lines: &[Range<usize>],
    grid: Option<&TableGrid>,
    line: usize,
    width: usize,
) -> Vec<Segment<'a>> {
    line_as(doc, block, src, lines, grid, line, width, false)
}

/// [`line()`] of [`printed_lines`]: a URL wider than the line, a line of
/// its own there, is printed whole (past `width`), not cut.
pub fn printed_line<'a>(
    doc: &'a Document,
    block: usize,
    src: &Src<'a>,
    lines: &[Range<usize>],
    grid: Option<&TableGrid>,
    line: usize,
    width: usize,
) -> Vec<Segment<'a>> {
    line_as(doc, block, src, lines, grid, line, width, true)
}

#[allow(clippy::too_many_arguments)]
fn line_as<'a>(
    doc: &'a Document,
    block: usize,
    src: &Src<'a>,
    lines: &[Range<usize>],
    grid: Option<&TableGrid>,
    line: usize,
    width: usize,
    whole_urls: bool,
) -> Vec<Segment<'a>> {
    count_composed();
    let width = width.max(1);
    let b = doc.blocks[block];
    let Some(range) = lines.get(line).cloned() else {
        return Vec::new();
    };
    let mut out = prefix(doc, block, line == 0, width);
    let inner = width.saturating_sub(out.iter().map(Segment::width).sum());
    let room = room(doc, block, width);
    match b.kind {
        BlockKind::Table { .. } => match grid {
            Some(grid) => grid.compose(src, line, &mut out),
            None => out.extend(text_segments(src, range, Role::Text)),
        },
        BlockKind::Rule => out.push(Segment::deco("─".repeat(inner), Role::Rule)),
        BlockKind::Code { lang } => {
            let indent = code_indent(b.kind, inner);
            out.push(Segment::deco(" ".repeat(indent), Role::Code));
            let mut used = indent;
            if line < head_lines(doc, block) {
                let label = doc.langs.get(lang as usize).map_or("", |l| &**l);
                let label = cut(label, room);
                let w = label.width();
                out.push(Segment::deco(" ".repeat(room - w), Role::Code));
                out.push(Segment::deco(label, Role::Label));
                used += room;
            } else {
                if is_continuation(src, &range) && room >= 2 {
                    out.push(Segment::deco(CONTINUATION, Role::Label));
                    used += 1;
                }
                let text = text_segments(src, range, Role::Code);
                used += text.iter().map(Segment::width).sum::<usize>();
                out.extend(text);
            }
            // The background runs to the right edge, a box around the code.
            out.push(Segment::deco(
                " ".repeat(inner.saturating_sub(used)),
                Role::Code,
            ));
        }
        BlockKind::Html => {
            if is_continuation(src, &range) && room >= 2 {
                out.push(Segment::deco(CONTINUATION, Role::Continuation));
            }
            out.extend(text_segments(src, range, Role::Html));
        }
        BlockKind::Heading => {
            let section = b.section as usize;
            if !doc.numbered() {
            } else if line == 0 {
                let number = doc.section_number(section).to_string();
                out.push(Segment::deco(number, Role::HeadingNumber));
                out.push(Segment::gap(1));
            } else {
                out.push(Segment::gap(heading_prefix_width(doc, block)));
            }
            let last = line + 1 == lines.len();
            let depth = doc.sections[section].depth();
            push_wrapped(&mut out, src, range, Role::Heading { depth }, last);
        }
        BlockKind::Link { text_len } => {
            let split = (src.start + text_len as usize).clamp(range.start, range.end);
            let last = line + 1 == lines.len();
            if src.end - src.start <= text_len as usize {
                push_wrapped(&mut out, src, range, Role::Reference, last);
            } else {
                // Style the link text and its address apart; the text is
                // the link's (for hyperlinks, labels and the link cursor).
                let i = doc
                    .links
                    .partition_point(|l| (l.start as usize) < src.start);
                let link = doc
                    .links
                    .get(i)
                    .filter(|l| l.start as usize == src.start)
                    .map_or(NONE, |_| i as u32);
                let mut text = text_segments(src, range.start..split, Role::LinkText);
                for s in &mut text {
                    if s.link == NONE {
                        s.link = link;
                    }
                }
                out.extend(text);
                push_wrapped(&mut out, src, split..range.end, Role::Url, last);
            }
        }
        BlockKind::Subheading { level } => {
            let last = line + 1 == lines.len();
            push_wrapped(&mut out, src, range, Role::Subheading { level }, last);
        }
        BlockKind::Source => {
            let last = line + 1 == lines.len();
            push_wrapped(&mut out, src, range, Role::Source, last);
        }
        BlockKind::Paragraph => {
            let last = line + 1 == lines.len();
            let role = alert_title(doc, block).map_or(Role::Text, Role::Alert);
            push_wrapped(&mut out, src, range, role, last);
        }
    }
    // Only a whole URL's line is wider than its room (the wrap makes
    // every other fit).
    let overlong = whole_urls
        && grid.is_none()
        && flow(b.kind) != Flow::Verbatim
        && lines
            .get(line)
            .is_some_and(|r| crate::text::wrap::text_width(&src.text[r.clone()]) > room);
    fit(out, if overlong { usize::MAX } else { width })
}

/// A line of a block that [`chops`], in chop mode: the frames' prefix,
/// which stays where it is, and the content (a code line with its indent,
/// an HTML line, a table's line), which scrolls sideways under a window
/// of `room` columns.
#[derive(Debug, Clone)]
pub struct ChopLine<'a> {
    prefix: Vec<Segment<'a>>,
    /// The content's segments, from content column `lead` on; a code line
    /// brings only the part of its text around the window (a line of code
    /// may be megabytes long).
    content: Vec<Segment<'a>>,
    /// Each content segment's columns, measured once (a table's border
    /// may be thousands of columns).
    widths: Vec<usize>,
    lead: usize,
    /// Text left out of `content` before `lead` and after its end.
    more_left: bool,
    more_right: bool,
    /// The columns the content shows at once.
    room: usize,
    /// What fills the window's columns past the content: a code block's
    /// background, else nothing.
    fill: Role,
}

/// A chopped line cut to its window.
#[derive(Debug, Clone)]
pub struct Windowed<'a> {
    pub segments: Vec<Segment<'a>>,
    /// Whether text is hidden to the left and to the right of the window
    /// (each side then shows its marker).
    pub left: bool,
    pub right: bool,
}

/// Line `line` of `block` in chop mode, as content to show from content
/// column `xoff` on (the content is cut near that window): `None` for a
/// block that does not chop, and for a code block's language line (it is
/// drawn as [`line()`] draws it).
#[allow(clippy::too_many_arguments)]
pub fn chop_line<'a>(
    doc: &'a Document,
    block: usize,
    src: &Src<'a>,
    lines: &[Range<usize>],
    grid: Option<&TableGrid>,
    line: usize,
    width: usize,
    xoff: usize,
) -> Option<ChopLine<'a>> {
    let b = doc.blocks[block];
    if !chops(b.kind) || line < head_lines(doc, block) {
        return None;
    }
    let range = lines.get(line)?.clone();
    count_composed();
    let width = width.max(1);
    let prefix = prefix(doc, block, line == 0, width);
    let room = width.saturating_sub(prefix.iter().map(Segment::width).sum());
    let mut chopped = ChopLine {
        prefix,
        content: Vec::new(),
        widths: Vec::new(),
        lead: 0,
        more_left: false,
        more_right: false,
        room,
        fill: Role::Gap,
    };
    let (indent, role) = match b.kind {
        BlockKind::Table { .. } => {
            match grid {
                Some(grid) => grid.compose(src, line, &mut chopped.content),
                None => chopped
                    .content
                    .extend(text_segments(src, range, Role::Text)),
            }
            // A border is box-drawing characters, a column each: counted,
            // not measured cluster by cluster.
            chopped.widths = chopped
                .content
                .iter()
                .map(|s| match s.role {
                    Role::Border => s.text.chars().count(),
                    _ => s.width(),
                })
                .collect();
            return Some(chopped);
        }
        BlockKind::Code { .. } => {
            chopped.fill = Role::Code;
            (code_indent(b.kind, room), Role::Code)
        }
        _ => (0, Role::Html),
    };
    // The text from a little before the window to a little past it.
    let from = xoff.saturating_sub(indent);
    let near = near_window(src.text, range, from, room + 1);
    chopped.more_left = near.left;
    chopped.more_right = near.right;
    if near.col == 0 && indent > 0 {
        chopped
            .content
            .push(Segment::deco(" ".repeat(indent), Role::Code));
    } else {
        chopped.lead = indent + near.col;
    }
    chopped.content.extend(text_segments(src, near.bytes, role));
    chopped.widths = chopped.content.iter().map(Segment::width).collect();
    Some(chopped)
}

/// The content columns the bytes `bytes` of the text take on chopped line
/// `line` of `block` (see [`chop_line`]), and the columns its window
/// shows: where to scroll to show them. `None` when the line does not
/// chop or shows none of them.
#[allow(clippy::too_many_arguments)]
pub fn chop_columns(
    doc: &Document,
    block: usize,
    src: &Src,
    lines: &[Range<usize>],
    grid: Option<&TableGrid>,
    line: usize,
    width: usize,
    bytes: &Range<usize>,
) -> Option<(Range<usize>, usize)> {
    let kind = doc.blocks[block].kind;
    if let BlockKind::Table { .. } = kind {
        let c = chop_line(doc, block, src, lines, grid, line, width, 0)?;
        return Some((c.columns_of(bytes)?, c.room));
    }
    if !chops(kind) || line < head_lines(doc, block) {
        return None;
    }
    let range = lines.get(line)?.clone();
    if bytes.start > range.end || bytes.end < range.start {
        return None;
    }
    let width = width.max(1);
    let room = width - frames_width(doc, &frame_chain(doc, block), width);
    let indent = code_indent(kind, room);
    let text = src.text;
    let a = floor_boundary(text, bytes.start.clamp(range.start, range.end));
    let e = floor_boundary(text, bytes.end.clamp(a, range.end));
    let start = indent + text_width(&text[range.start..a]);
    let end = start + text_width(&text[a..e]).max(1);
    Some((start..end, room))
}

/// Where to scroll a chopped line (now from column `xoff`, a window of
/// `room` columns) so its columns `cols` show inside the markers: as it is
/// when they show; else from the start when they fit there, else with
/// them a third of the way in (their start, when they are wider).
pub fn reveal(xoff: usize, cols: Range<usize>, room: usize) -> usize {
    let room = room.max(3);
    let shows = |x: usize| cols.start >= x + usize::from(x > 0) && cols.end < x + room;
    if shows(xoff) {
        return xoff;
    }
    if cols.end < room {
        return 0;
    }
    let mut x = cols.start.saturating_sub(room / 3);
    if cols.end >= x + room {
        x = cols.end + 1 - room;
    }
    if cols.start < x + 1 {
        x = cols.start.saturating_sub(1);
    }
    x
}

/// The clusters of `text` with their offsets, a control character's
/// notation (`^?`, `<U+202E>`) taken as one: a chop edge shows it whole or
/// as blanks, as it does a wide character, never a part of it.
fn chop_units(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut clusters = text.grapheme_indices(true).peekable();
    std::iter::from_fn(move || {
        let (i, g) = clusters.next()?;
        if let Some(n) = notation_len(&text[i..]).filter(|&n| n > g.len()) {
            let end = i + n;
            let mut ahead = clusters.clone();
            while ahead.peek().is_some_and(|&(j, _)| j < end) {
                ahead.next();
            }
            // Only when it ends where a cluster does (a combining mark
            // after `^@` keeps the clusters as they are).
            if ahead.peek().map_or(text.len(), |&(j, _)| j) == end {
                clusters = ahead;
                return Some((i, &text[i..end]));
            }
        }
        Some((i, g))
    })
}

/// The part of a verbatim line near a window of its columns.
struct Near {
    /// The clusters that reach into columns `from..from + span`.
    bytes: Range<usize>,
    /// The column `bytes` starts at.
    col: usize,
    /// Whether text other than blanks lies before or after them.
    left: bool,
    right: bool,
}

/// The clusters of `text[range]` (one line, no `\n`) that reach into
/// columns `from..from + span`, found by walking only as far as the
/// window's end.
fn near_window(text: &str, range: Range<usize>, from: usize, span: usize) -> Near {
    let line = &text[range.clone()];
    let mut col = 0;
    let mut start = None;
    let mut left = false;
    let mut end = line.len();
    for (i, g) in chop_units(line) {
        let w = cluster_width(g);
        if start.is_none() {
            if col + w <= from && !(w == 0 && col == from) {
                left |= !g.trim().is_empty();
                col += w;
                continue;
            }
            start = Some((i, col));
        }
        if col >= from.saturating_add(span) {
            end = i;
            break;
        }
        col += w;
    }
    let (s, c) = start.unwrap_or((line.len(), col));
    Near {
        bytes: range.start + s..range.start + end.max(s),
        col: c,
        left,
        right: !line[end.max(s)..].trim().is_empty(),
    }
}

impl<'a> ChopLine<'a> {
    /// The line as shown from content column `xoff`: the prefix, then the
    /// window's columns, a marker at each edge past which text is hidden
    /// (when the window has 3 columns or more); a wide character the edge
    /// would halve shows as blanks.
    pub fn window(self, xoff: usize) -> Windowed<'a> {
        let room = self.room;
        let end = xoff.saturating_add(room);
        // Which sides hide text.
        let (mut left, mut right) = (self.more_left, self.more_right);
        let mut col = self.lead;
        for (s, &w) in self.content.iter().zip(&self.widths) {
            let c = col;
            col += w;
            if (c >= xoff && col <= end) || (left && right) {
                continue;
            }
            if col <= xoff {
                left |= !s.text.trim().is_empty();
                continue;
            }
            if c >= end {
                right |= !s.text.trim().is_empty();
                continue;
            }
            // Across an edge: cluster by cluster, up to where only the
            // right side is left to learn.
            let mut gc = c;
            for g in s.text.graphemes(true) {
                let gw = cluster_width(g);
                if !g.trim().is_empty() {
                    left |= gc < xoff;
                    right |= gc + gw > end;
                }
                gc += gw;
                if gc > end && right {
                    break;
                }
            }
        }
        let marks = room >= 3;
        let from = xoff + usize::from(left && marks);
        let to = end - usize::from(right && marks);
        let mut out = self.prefix;
        // In a code block the marks keep the block's background.
        let mark = if self.fill == Role::Code {
            Role::Label
        } else {
            Role::Continuation
        };
        if left && marks {
            out.push(Segment::deco(CHOP_LEFT, mark));
        }
        let mut at = from;
        let mut col = self.lead;
        for (s, w) in self.content.into_iter().zip(self.widths) {
            let (c, next) = (col, col + w);
            col = next;
            if next <= from || c >= to {
                // Wholly outside (a zero-width piece at the window's start
                // belongs to what is shown).
                if !(w == 0 && c == from) {
                    continue;
                }
            }
            if c < at {
                // Only its end shows: dealt with cluster by cluster below.
            } else if c > at {
                out.push(Segment::gap(c - at));
                at = c;
            }
            if c >= from && next <= to {
                out.push(s);
                at = next;
                continue;
            }
            // Cut at the window's edges, whole clusters only.
            let mut gcol = c;
            let mut kept: Option<Range<usize>> = None;
            let mut blanks_after = 0;
            let mut blanks_before = 0;
            for (i, g) in chop_units(&s.text) {
                let gw = cluster_width(g);
                let (gs, ge) = (gcol, gcol + gw);
                gcol = ge;
                if gs >= to {
                    break;
                }
                if ge <= from && !(gw == 0 && gs == from) {
                    continue;
                }
                if gs < from {
                    // A wide character or a control character's notation
                    // the left edge cuts (or both).
                    blanks_before += ge.min(to) - from;
                } else if ge > to {
                    // One the right edge halves.
                    blanks_after += to - gs;
                } else {
                    kept = Some(match kept {
                        Some(k) => k.start..i + g.len(),
                        None => i..i + g.len(),
                    });
                }
            }
            let blank = |n: usize, role: Role| Segment::deco(" ".repeat(n), role);
            if blanks_before > 0 {
                out.push(blank(blanks_before, s.role));
                at += blanks_before;
            }
            if let Some(k) = kept {
                let piece = sub_segment(&s, k);
                at += piece.width();
                out.push(piece);
            }
            if blanks_after > 0 {
                out.push(blank(blanks_after, s.role));
                at += blanks_after;
            }
        }
        let pad = to.saturating_sub(at);
        if pad > 0 && (self.fill != Role::Gap || (right && marks)) {
            out.push(Segment::deco(" ".repeat(pad), self.fill));
        }
        if right && marks {
            out.push(Segment::deco(CHOP_RIGHT, mark));
        }
        Windowed {
            segments: out,
            left,
            right,
        }
    }

    /// The content columns of each piece of link text on the line, whether
    /// the window shows it or not (a table's links: code has none).
    pub fn link_columns(&self) -> Vec<(u32, Range<usize>)> {
        let mut out: Vec<(u32, Range<usize>)> = Vec::new();
        let mut col = self.lead;
        for (s, &w) in self.content.iter().zip(&self.widths) {
            if s.link != NONE && s.source.is_some() && w > 0 {
                match out.last_mut() {
                    Some((link, cols)) if *link == s.link && cols.end == col => cols.end = col + w,
                    _ => out.push((s.link, col..col + w)),
                }
            }
            col += w;
        }
        out
    }

    /// The content columns the bytes `bytes` of the text show in, if this
    /// line shows any of them.
    pub fn columns_of(&self, bytes: &Range<usize>) -> Option<Range<usize>> {
        let mut col = self.lead;
        let mut found: Option<Range<usize>> = None;
        for (s, &w) in self.content.iter().zip(&self.widths) {
            if let Some(r) = s
                .source
                .clone()
                .filter(|r| r.start < bytes.end.max(bytes.start + 1) && r.end > bytes.start)
            {
                let text = &s.text;
                let same = text.len() == r.len();
                let (a, b) = if same {
                    let a = bytes.start.clamp(r.start, r.end) - r.start;
                    let b = bytes.end.clamp(r.start, r.end) - r.start;
                    (
                        col + text_width(&text[..floor_boundary(text, a)]),
                        col + text_width(&text[..floor_boundary(text, b)]),
                    )
                } else {
                    (col, col + w)
                };
                let b = b.max(a + 1);
                found = Some(match found {
                    Some(f) => f.start.min(a)..f.end.max(b),
                    None => a..b,
                });
            }
            col += w;
        }
        found
    }

    /// The columns the window shows.
    pub fn room(&self) -> usize {
        self.room
    }
}

/// The clusters `k` (byte offsets into its text) of segment `s`, with the
/// bytes of the document they show.
fn sub_segment<'a>(s: &Segment<'a>, k: Range<usize>) -> Segment<'a> {
    let text = match &s.text {
        Cow::Borrowed(t) => Cow::Borrowed(&t[k.clone()]),
        Cow::Owned(t) => Cow::Owned(t[k.clone()].to_string()),
    };
    let source = s.source.clone().and_then(|r| {
        // Only text shown as itself maps byte for byte.
        (r.len() == s.text.len()).then(|| r.start + k.start..r.start + k.end)
    });
    Segment {
        text,
        role: s.role,
        inline: s.inline,
        link: s.link,
        source,
    }
}

/// The alert whose title line `block` is (an alert's first block).
fn alert_title(doc: &Document, block: usize) -> Option<AlertKind> {
    let f = doc.blocks[block].frame()?;
    let frame = doc.frames.get(f as usize)?;
    match frame.kind() {
        FrameKind::Alert(kind) if frame.first_block as usize == block => Some(kind),
        _ => None,
    }
}

/// The blank line after `block`: the bars of the quotes it shares with
/// the next block, so a quote's bar runs unbroken between its paragraphs.
pub fn blank_line<'a>(doc: &Document, block: usize, width: usize) -> Vec<Segment<'a>> {
    count_composed();
    if block + 1 >= doc.blocks.len() {
        return Vec::new();
    }
    let (here, next) = (frame_chain(doc, block), frame_chain(doc, block + 1));
    if frames_width(doc, &here, width.max(1)) == 0 {
        return Vec::new();
    }
    let shared = here.iter().zip(&next).take_while(|(a, b)| a == b).count();
    let mut out = Vec::new();
    for &f in &here[..shared] {
        match doc.frames[f as usize].kind() {
            FrameKind::Quote => out.push(Segment::deco(QUOTE_BAR, Role::QuoteBar)),
            FrameKind::Alert(kind) => out.push(Segment::deco(ALERT_BAR, Role::Alert(kind))),
            kind => out.push(Segment::gap(frame_cols(kind))),
        }
    }
    // Trailing gaps show nothing.
    while out.last().is_some_and(|s| s.role == Role::Gap) {
        out.pop();
    }
    fit(out, width.max(1))
}

/// A wrapped line's text segments and, when it broke at a soft hyphen, the
/// hyphen (in the style of the text before it).
fn push_wrapped<'a>(
    out: &mut Vec<Segment<'a>>,
    src: &Src<'a>,
    range: Range<usize>,
    role: Role,
    last: bool,
) {
    let line = &src.text[range.clone()];
    let text = text_segments(src, range.clone(), role);
    let hyphen = shows_hyphen(line, last);
    let style = text.last().map(|s| (s.role, s.inline, s.link));
    out.extend(text);
    if hyphen {
        let (role, inline, link) = style.unwrap_or((role, Inline::default(), NONE));
        out.push(Segment {
            text: "-".into(),
            role,
            inline,
            link,
            source: Some(range.end - SOFT_HYPHEN.len_utf8()..range.end),
        });
    }
}

/// The text of `range`, one segment per run of one inline style.
fn text_segments<'a>(src: &Src<'a>, range: Range<usize>, role: Role) -> Vec<Segment<'a>> {
    let mut out = Vec::new();
    let mut at = range.start;
    let first = src
        .spans
        .partition_point(|s| (s.end as usize) <= range.start);
    let seg = |from: usize, to: usize, inline: Inline, link: u32| Segment {
        text: Cow::Borrowed(&src.text[from..to]),
        role,
        inline,
        link,
        source: Some(from..to),
    };
    for s in &src.spans[first..] {
        let (s_start, s_end) = (s.start as usize, s.end as usize);
        if s_start >= range.end {
            break;
        }
        let from = s_start.max(at);
        let to = s_end.min(range.end);
        if from > at {
            out.push(seg(at, from, Inline::default(), NONE));
        }
        if to > from {
            out.push(seg(from, to, s.style, s.link));
        }
        at = at.max(to);
    }
    if at < range.end || out.is_empty() {
        out.push(seg(at, range.end.max(at), Inline::default(), NONE));
    }
    out
}

/// `s` cut to `width` columns (whole clusters, but a ZWJ chain after a
/// joiner: see [`cluster_cut`]).
fn cut(s: &str, width: usize) -> &str {
    let mut cols = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = cluster_width(g);
        if cols + w > width {
            let part = &g[..cluster_cut(g, width - cols)];
            let end = if text_width(part) <= width - cols {
                i + part.len()
            } else {
                i
            };
            return &s[..end];
        }
        cols += w;
    }
    s
}

/// Cuts segments to `width` columns: nothing is ever drawn past the pane.
fn fit(segs: Vec<Segment<'_>>, width: usize) -> Vec<Segment<'_>> {
    let mut out = Vec::with_capacity(segs.len());
    let mut used = 0;
    for mut s in segs {
        let w = s.width();
        if used + w <= width {
            used += w;
            out.push(s);
            continue;
        }
        let kept = cut(&s.text, width - used).len();
        if kept > 0 {
            if let Some(r) = &mut s.source {
                r.end = r.start + kept.min(r.len());
            }
            s.text = match s.text {
                Cow::Borrowed(t) => Cow::Borrowed(&t[..kept]),
                Cow::Owned(mut t) => {
                    t.truncate(kept);
                    Cow::Owned(t)
                }
            };
            out.push(s);
        }
        break;
    }
    out
}

/// A line as plain text for `--print`: gaps as spaces, invisible
/// characters (zero-width space, word joiner, soft hyphen) left out,
/// trailing spaces trimmed.
pub fn plain(segs: &[Segment]) -> String {
    let mut out = String::new();
    for s in segs {
        out.extend(
            s.text
                .chars()
                .filter(|&c| !matches!(c, SOFT_HYPHEN | '\u{200b}' | '\u{2060}')),
        );
    }
    out.truncate(out.trim_end().len());
    out
}

/// One line of a table as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GridLine {
    Top,
    /// Between the header and the body.
    Middle,
    Bottom,
    /// Line `sub` of row `row`'s wrapped cells.
    Row {
        row: u32,
        sub: u32,
    },
    /// A narrow table: line `sub` of column `col` of row `row`, as
    /// `header: value`.
    Field {
        row: u32,
        col: u32,
        sub: u32,
    },
    /// A narrow table: between rows.
    Gap,
}

/// A table laid out at one width: column widths and each cell's lines.
/// When even one column of text per column does not fit, each row is
/// shown as `header: value` lines instead.
#[derive(Debug, Clone)]
pub struct TableGrid {
    /// Text columns per column; empty when shown as fields.
    widths: Vec<usize>,
    /// Spaces either side of a cell's text (1, or 0 when tight).
    pad: usize,
    align: Vec<Align>,
    /// Each stored cell's lines (absolute byte ranges), row-major: a
    /// short row's missing cells are empty and take nothing.
    cells: Vec<Vec<Range<usize>>>,
    /// Where each row's cells end in `cells`.
    row_ends: Vec<usize>,
    /// Narrow tables: each header cell's lines, and the columns a value
    /// hangs at (0: the value starts below its header).
    keys: Vec<Vec<Range<usize>>>,
    hang: usize,
    /// Narrow tables: the row whose field first shows each column's key.
    /// The key shown again in later rows is the same text of the header
    /// cell: only the first is that text (a search match in it is painted
    /// there, not once a row, each as the current match).
    key_rows: Vec<u32>,
    lines: Vec<GridLine>,
    /// A byte range per line, as the layout keeps them.
    ranges: Vec<Range<usize>>,
}

impl TableGrid {
    pub fn new(doc: &Document, table: &Table, block_start: usize, width: usize) -> Self {
        Self::of_text(doc.text(), table, block_start, width)
    }

    /// [`TableGrid::new`] of cells that are ranges of `text`.
    pub fn of_text(text: &str, table: &Table, block_start: usize, width: usize) -> Self {
        let columns = table.columns();
        // A cell range outside `text` (a model bug) is an empty cell at
        // the block's start: a wrong model must not panic the print.
        let mut home = block_start.min(text.len());
        while !text.is_char_boundary(home) {
            home -= 1;
        }
        let home = home as u32;
        let cell = |r: &Range<u32>| -> Range<u32> {
            match text.get(r.start as usize..r.end as usize) {
                Some(_) => r.clone(),
                None => home..home,
            }
        };
        let cell_text = |r: &Range<u32>| {
            let r = cell(r);
            &text[r.start as usize..r.end as usize]
        };
        let wrap = |r: &Range<u32>, w: usize| -> Vec<Range<usize>> {
            let r = &cell(r);
            crate::text::wrap::wrap_ranges(cell_text(r), w)
                .into_iter()
                .map(|l| l.start + r.start as usize..l.end + r.start as usize)
                .collect()
        };
        let mut grid = TableGrid {
            widths: Vec::new(),
            pad: 0,
            align: table.align.clone(),
            cells: Vec::new(),
            row_ends: Vec::new(),
            keys: Vec::new(),
            hang: 0,
            key_rows: Vec::new(),
            lines: Vec::new(),
            ranges: Vec::new(),
        };
        let rows = table.row_count();
        let mut end = 0;
        grid.row_ends = table
            .rows()
            .map(|r| {
                end += r.len();
                end
            })
            .collect();
        // Each stored cell with its column (a short row's missing cells
        // are empty: nothing to measure, wrap or lay out).
        let stored = || table.rows().flat_map(|r| r.iter().enumerate());
        let mut natural = vec![1usize; columns];
        // Each column's widest word: narrower, a word would be cut.
        let mut words = vec![1usize; columns];
        for (col, c) in stored() {
            let text = cell_text(c);
            natural[col] = natural[col].max(text_width(text));
            let widest = crate::text::wrap::widest_unbreakable(text);
            words[col] = words[col].max(widest);
        }
        let header_widest = table
            .row(0)
            .iter()
            .map(|c| text_width(cell_text(c)))
            .max()
            .unwrap_or(0);
        let field_room = if header_widest + 2 + 4 <= width {
            width - header_widest - 2
        } else {
            width
        };
        let least: Vec<usize> = words
            .iter()
            .map(|&w| w.clamp(1, field_room.max(1)))
            .collect();
        let needed: usize = least.iter().sum();
        // Cells padded with a space either side when that cuts no word, else
        // tight; neither: `header: value` lines.
        let pad = [1, 0]
            .into_iter()
            .find(|&pad| needed + (1 + 2 * pad) * columns < width);
        if let Some(pad) = pad {
            grid.pad = pad;
            let avail = width - (1 + 2 * grid.pad) * columns - 1;
            grid.widths = fit_columns(&natural, &least, avail);
            grid.cells = stored().map(|(col, c)| wrap(c, grid.widths[col])).collect();
            grid.lines.push(GridLine::Top);
            for row in 0..rows {
                let cells = grid.row_cells(row);
                let height = cells.iter().map(Vec::len).max().unwrap_or(1);
                for sub in 0..height {
                    grid.lines.push(GridLine::Row {
                        row: row as u32,
                        sub: sub as u32,
                    });
                }
                if row == 0 && rows > 1 {
                    grid.lines.push(GridLine::Middle);
                }
            }
            grid.lines.push(GridLine::Bottom);
        } else {
            let header = table.row(0);
            let widest = header
                .iter()
                .map(|c| text_width(cell_text(c)))
                .max()
                .unwrap_or(0);
            // A value hangs beside its key when both get room.
            grid.hang = if widest + 2 + 4 <= width {
                widest + 2
            } else {
                0
            };
            let key_width = if grid.hang > 0 { widest + 1 } else { width };
            // An empty header cell has no key: its values stand alone, no
            // bare `:` before them.
            grid.keys = header
                .iter()
                .map(|c| match text_width(cell_text(c)) {
                    0 => Vec::new(),
                    _ => wrap(c, key_width),
                })
                .collect();
            let value_width = (width - grid.hang).max(1);
            grid.cells = stored().map(|(_, c)| wrap(c, value_width)).collect();
            let body = if rows > 1 { 1..rows } else { 0..rows };
            for row in body.clone() {
                if row > body.start {
                    grid.lines.push(GridLine::Gap);
                }
                // A body row shows its cells that hold text, one field
                // each (an empty cell, stored or not, gives no line: a
                // wide header over short rows costs what the rows hold);
                // a row with none shows its first field's key.
                let stored = if rows > 1 {
                    grid.row_cells(row).len()
                } else {
                    grid.keys.len()
                };
                let shown: Vec<usize> = (0..stored)
                    .filter(|&col| {
                        rows == 1 || grid.row_cells(row)[col].iter().any(|l| !l.is_empty())
                    })
                    .collect();
                let shown = if shown.is_empty() { vec![0] } else { shown };
                for col in shown {
                    if grid.key_rows.len() <= col {
                        grid.key_rows.resize(col + 1, u32::MAX);
                    }
                    if grid.key_rows[col] == u32::MAX {
                        grid.key_rows[col] = row as u32;
                    }
                    let values = match rows > 1 {
                        true => grid.cell(row, col).map_or(0, Vec::len),
                        false => 0,
                    };
                    let keys = grid.keys.get(col).map_or(0, Vec::len);
                    let height = if grid.hang > 0 {
                        values.max(1)
                    } else {
                        keys + values
                    };
                    for sub in 0..height {
                        grid.lines.push(GridLine::Field {
                            row: row as u32,
                            col: col as u32,
                            sub: sub as u32,
                        });
                    }
                }
            }
            if grid.lines.is_empty() {
                grid.lines.push(GridLine::Gap);
            }
        }
        grid.ranges = grid.line_ranges(block_start);
        grid
    }

    /// A byte range per line, starts never decreasing: a row's line covers
    /// its cells' pieces on it; a border sits where the text goes on.
    fn line_ranges(&self, block_start: usize) -> Vec<Range<usize>> {
        let mut at = block_start;
        self.lines
            .iter()
            .map(|l| {
                let pieces: Vec<&Range<usize>> = match *l {
                    GridLine::Row { row, sub } => self
                        .row_cells(row as usize)
                        .iter()
                        .filter_map(|lines| lines.get(sub as usize))
                        .collect(),
                    GridLine::Field { row, col, sub } => {
                        self.field(row, col, sub).1.into_iter().collect()
                    }
                    _ => Vec::new(),
                };
                let start = pieces.iter().map(|r| r.start).min();
                let end = pieces.iter().map(|r| r.end).max();
                match (start, end) {
                    (Some(s), Some(e)) if s >= at => {
                        at = e;
                        s..e
                    }
                    _ => at..at,
                }
            })
            .collect()
    }

    /// A field line's key piece and value piece.
    fn field(
        &self,
        row: u32,
        col: u32,
        sub: u32,
    ) -> (Option<&Range<usize>>, Option<&Range<usize>>) {
        let (row, col, sub) = (row as usize, col as usize, sub as usize);
        let keys = self.keys.get(col).map_or(&[][..], Vec::as_slice);
        let has_body = self.row_ends.len() > 1;
        let values = if has_body {
            self.cell(row, col).map_or(&[][..], Vec::as_slice)
        } else {
            &[]
        };
        if self.hang > 0 {
            (keys.get(sub), values.get(sub))
        } else if sub < keys.len() {
            (keys.get(sub), None)
        } else {
            (None, values.get(sub - keys.len()))
        }
    }

    /// Row `row`'s stored cells' lines.
    fn row_cells(&self, row: usize) -> &[Vec<Range<usize>>] {
        let start = match row {
            0 => 0,
            _ => self.row_ends.get(row - 1).copied().unwrap_or(usize::MAX),
        };
        let end = self.row_ends.get(row).copied().unwrap_or(0);
        self.cells.get(start..end).unwrap_or(&[])
    }

    /// The lines of the cell at `row`, `col`; `None` for a cell a short
    /// row does not store (it is empty).
    fn cell(&self, row: usize, col: usize) -> Option<&Vec<Range<usize>>> {
        self.row_cells(row).get(col)
    }

    fn border(&self, left: &'static str, mid: &'static str, right: &'static str) -> String {
        let mut s = String::from(left);
        for (i, w) in self.widths.iter().enumerate() {
            if i > 0 {
                s.push_str(mid);
            }
            s.extend(std::iter::repeat_n('─', w + 2 * self.pad));
        }
        s.push_str(right);
        s
    }

    fn compose<'a>(&self, src: &Src<'a>, line: usize, out: &mut Vec<Segment<'a>>) {
        let Some(&l) = self.lines.get(line) else {
            return;
        };
        let pad = || Segment::deco(" ".repeat(self.pad), Role::Gap);
        match l {
            GridLine::Top => out.push(Segment::deco(self.border("┌", "┬", "┐"), Role::Border)),
            GridLine::Middle => out.push(Segment::deco(self.border("├", "┼", "┤"), Role::Border)),
            GridLine::Bottom => out.push(Segment::deco(self.border("└", "┴", "┘"), Role::Border)),
            GridLine::Gap => {}
            GridLine::Row { row, sub } => {
                let role = if row == 0 { Role::Header } else { Role::Text };
                out.push(Segment::deco("│", Role::Border));
                for (c, &w) in self.widths.iter().enumerate() {
                    let piece = self
                        .cell(row as usize, c)
                        .and_then(|lines| lines.get(sub as usize));
                    let text = piece.map_or(Vec::new(), |r| text_segments(src, r.clone(), role));
                    let used: usize = text.iter().map(Segment::width).sum();
                    let free = w.saturating_sub(used);
                    let before = match self.align.get(c) {
                        Some(Align::Right) => free,
                        Some(Align::Center) => free / 2,
                        _ => 0,
                    };
                    out.push(pad());
                    out.push(Segment::gap(before));
                    out.extend(text);
                    out.push(Segment::gap(free - before));
                    out.push(pad());
                    out.push(Segment::deco("│", Role::Border));
                }
            }
            GridLine::Field { row, col, sub } => {
                let (key, value) = self.field(row, col, sub);
                let mut used = 0;
                if let Some(k) = key {
                    let mut text = text_segments(src, k.clone(), Role::Header);
                    if self
                        .key_rows
                        .get(col as usize)
                        .is_some_and(|&first| first != row)
                    {
                        for seg in &mut text {
                            seg.source = None;
                        }
                    }
                    used = text.iter().map(Segment::width).sum::<usize>();
                    out.extend(text);
                    let last_key = self
                        .keys
                        .get(col as usize)
                        .is_some_and(|k| k.len() == sub as usize + 1);
                    if last_key {
                        out.push(Segment::deco(":", Role::Header));
                        used += 1;
                    }
                }
                if let Some(v) = value {
                    out.push(Segment::gap(self.hang.saturating_sub(used)));
                    out.extend(text_segments(src, v.clone(), Role::Text));
                }
            }
        }
    }
}

/// Column widths summing to at most `avail` (≥ `least` per column, which
/// the caller makes sure fits): each column its natural width, the widest
/// capped at the largest cap that fits (never below a column's `least`, its
/// widest word, so no word is cut while another column can give room), and
/// the columns left over one column wider each.
fn fit_columns(natural: &[usize], least: &[usize], avail: usize) -> Vec<usize> {
    let total: usize = natural.iter().sum();
    if total <= avail {
        return natural.to_vec();
    }
    let natural: Vec<usize> = natural.iter().zip(least).map(|(&n, &l)| n.max(l)).collect();
    let capped = |cap: usize| {
        natural
            .iter()
            .zip(least)
            .map(|(&n, &l)| n.min(cap).max(l))
            .sum::<usize>()
    };
    let (mut lo, mut hi) = (1, natural.iter().copied().max().unwrap_or(1));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if capped(mid) <= avail {
            lo = mid
        } else {
            hi = mid - 1
        }
    }
    let mut widths: Vec<usize> = natural
        .iter()
        .zip(least)
        .map(|(&n, &l)| n.min(lo).max(l))
        .collect();
    let mut left = avail.saturating_sub(capped(lo));
    for (w, &n) in widths.iter_mut().zip(&natural) {
        if left == 0 {
            break;
        }
        if n > *w {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell range outside the text (a model bug: a table's cells once
    /// pointed into the blocks after it) lays out as an empty cell, at
    /// any width, instead of panicking `--print` on a slice.
    #[test]
    #[allow(clippy::reversed_empty_ranges)] // a range a model bug could give
    fn a_table_cell_outside_its_text_is_an_empty_cell() {
        let text = "ab\ncd\né";
        let cells = [0..2, 30..40, 7..8, 3..2, 3..5];
        let table = Table {
            align: vec![Align::None; 5],
            cells: cells.to_vec(),
            row_ends: vec![5],
        };
        for width in [80, 12, 1] {
            let grid = TableGrid::of_text(text, &table, 0, width);
            for r in grid.cells.iter().chain(&grid.keys).flatten() {
                assert!(text.get(r.clone()).is_some(), "{r:?} at {width}");
            }
            for r in &grid.ranges {
                assert!(text.get(r.clone()).is_some(), "{r:?} at {width}");
            }
        }
    }

    /// [`verbatim_end`] as it was, a grapheme cluster at a time.
    fn verbatim_end_by_clusters(text: &str, at: usize, line_end: usize, limit: usize) -> usize {
        let mut cols = 0;
        let mut end = at;
        for (i, g) in text[at..line_end].grapheme_indices(true) {
            let w = cluster_width(g);
            if end > at && cols + w > limit {
                break;
            }
            if end == at && w > limit {
                return at + i + cluster_cut(g, limit);
            }
            cols += w;
            end = at + i + g.len();
        }
        end
    }

    proptest::proptest! {
        /// Measuring characters below U+0300 one at a time cuts where
        /// measuring every grapheme cluster does, whatever follows them.
        #[test]
        fn verbatim_lines_cut_the_same_a_character_or_a_cluster_at_a_time(
            text in proptest::collection::vec(proptest::sample::select(
                vec!["a", "bcd", "efghijk ", " ", "\t", "\r", "\u{7f}", "\u{80}", "\u{9f}", "\u{a0}", "\u{ad}", "\u{e4}",
                     "\u{2ff}", "\u{300}", "\u{301}", "\u{34f}", "\u{200d}", "\u{fe0f}", "\u{4e2d}",
                     "\u{1100}", "\u{1161}", "\u{1f1e6}", "\u{1f600}", "\u{1f468}\u{200d}\u{1f469}", "\u{903}", "\u{600}"]
            ), 0..60),
            limit in 1usize..10,
        ) {
            let text: String = text.concat();
            let mut at = 0;
            let mut guard = 0;
            while at < text.len() {
                let fast = verbatim_end(&text, at, text.len(), limit);
                let slow = verbatim_end_by_clusters(&text, at, text.len(), limit);
                proptest::prop_assert_eq!(fast, slow, "at {} in {:?}", at, text);
                if fast == at {
                    break;
                }
                at = fast;
                guard += 1;
                proptest::prop_assert!(guard < 1000);
            }
        }
    }

    proptest::proptest! {
        /// The printable-ASCII shortcut cuts verbatim lines exactly as the
        /// general path does, whatever follows (marks, joiners, wide
        /// characters, line ends) and wherever the block sits in the text.
        #[test]
        fn verbatim_lines_cut_the_same_with_and_without_the_ascii_shortcut(
            text in proptest::collection::vec(proptest::sample::select(
                vec!["a", "b", " ", "~", "\n", "\r", "\t", "\u{301}", "\u{200d}", "\u{fe0f}", "\u{4e2d}", "e\u{301}", "\u{1f600}"]
            ), 0..80),
            before in 0usize..3,
            room in 1usize..12,
        ) {
            let text: String = text.concat();
            let padded = format!("{}{text}{}", "x\n".repeat(before), "\nyz");
            let src = Src { text: &padded, spans: &[], start: before * 2, end: before * 2 + text.len() };
            let (mut a, mut b) = (src.start, src.start);
            let mut guard = 0;
            while a < src.end {
                let fast = next_line(&src, Flow::Verbatim, a, room);
                let slow = cut_line(&src, Flow::Verbatim, b, room);
                proptest::prop_assert_eq!(&fast, &slow, "at {} in {:?}", a, text);
                a = fast.1;
                b = slow.1;
                guard += 1;
                proptest::prop_assert!(guard < 1000);
            }
        }
    }

    #[test]
    fn reveal_scrolls_only_as_needed() {
        // Shown already: stays.
        assert_eq!(reveal(0, 3..8, 20), 0);
        assert_eq!(reveal(10, 12..20, 20), 10);
        // Behind the left marker: moved.
        assert_ne!(reveal(10, 10..12, 20), 10);
        // Fits from the start: back to it.
        assert_eq!(reveal(40, 3..8, 20), 0);
        // Far right: a third of the way in, inside both markers.
        for (cols, room) in [(100..106, 30), (50..90, 30), (7..8, 3), (200..201, 1)] {
            let x = reveal(0, cols.clone(), room);
            let room = room.max(3);
            assert!(
                cols.start > x && cols.start < x + room,
                "{cols:?} {room}: {x}"
            );
            if cols.len() < room - 1 {
                assert!(cols.end < x + room, "{cols:?} {room}: {x}");
            }
        }
    }

    #[test]
    fn near_window_takes_the_clusters_the_window_reaches() {
        let text = "ab東京cd  ";
        let n = near_window(text, 0..text.len(), 3, 2);
        // 東 (columns 2-3) reaches column 3; 京 (4-5) reaches column 4.
        assert_eq!(&text[n.bytes.clone()], "東京");
        assert_eq!((n.col, n.left, n.right), (2, true, true));
        let n = near_window(text, 0..text.len(), 0, 100);
        assert_eq!((n.col, n.left, n.right), (0, false, false));
        assert_eq!(n.bytes, 0..text.len());
        // Past the end: nothing, only blanks to the right.
        let n = near_window(text, 0..text.len(), 50, 10);
        assert!(n.bytes.is_empty() && n.left && !n.right);
    }

    #[test]
    fn columns_fit_the_room_and_keep_narrow_ones_whole() {
        let one = [1; 3];
        assert_eq!(fit_columns(&[3, 4], &one[..2], 10), vec![3, 4]);
        assert_eq!(fit_columns(&[3, 40], &one[..2], 20), vec![3, 17]);
        assert_eq!(fit_columns(&[30, 40], &one[..2], 20), vec![10, 10]);
        assert_eq!(fit_columns(&[1, 1, 1], &one, 3), vec![1, 1, 1]);
        assert_eq!(fit_columns(&[9, 9, 2], &one, 9).iter().sum::<usize>(), 9);
        // A column keeps its widest word; the others give the room.
        assert_eq!(fit_columns(&[14, 40], &[14, 5], 30), vec![14, 16]);
        assert_eq!(fit_columns(&[20, 20, 20], &[12, 3, 3], 30), vec![12, 9, 9]);
    }
}
