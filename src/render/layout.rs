//! Text layout: wraps blocks to the pane width lazily, per block and per
//! width, and keeps a Fenwick tree of block heights so any position maps to
//! an absolute line (and back) in O(log n). Small documents are wrapped in
//! full at each width (exact line counts); large ones start from estimated
//! heights that become exact as blocks are wrapped, so no key or resize ever
//! re-wraps the whole document.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::document::Document;
use crate::render::compose::{self, Flow, Src, TableGrid};

/// Documents with less text than this are wrapped eagerly, so line counts
/// and percentages are exact. The bound keeps a resize of an eagerly
/// wrapped document cheap (the `resize` figures of `benches/scale.rs`).
pub const EAGER_BYTES: usize = 128 << 10;
/// Cached wraps beyond this many blocks are dropped (and re-done on demand).
const CACHE_LIMIT: usize = 20_000;
/// Blocks longer than this are wrapped in pieces, as far as they are
/// shown: a paragraph is wrapped from its start, so a resize at the top of
/// a 4 MB paragraph costs only the lines above the view's bottom.
const LAZY_BYTES: usize = 64 << 10;
/// Lines wrapped ahead of what is asked for, in a long block.
const PIECE_LINES: usize = 256;
/// Bytes of a long block wrapped per step on the way to its end (`G` on a
/// paragraph of megabytes wraps this much per key and per step between
/// keys, about 5 ms, instead of the whole paragraph at once).
pub const WRAP_STEP_BYTES: usize = 192 << 10;

/// A block's wrapped lines so far.
#[derive(Debug, Clone, Default)]
struct Wrapped {
    lines: Vec<Range<usize>>,
    /// Where wrapping goes on (absolute byte), `None` once complete.
    next: Option<usize>,
    /// A table's grid (its lines are cut all at once).
    grid: Option<Box<TableGrid>>,
}

/// A position in the laid-out document: a block and a line within it. The
/// line may equal the block's line count: that is the blank line after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub block: usize,
    pub line: usize,
}

pub use crate::render::compose::heading_prefix_width;
pub use crate::text::wrap::wrap_ranges;

/// Fenwick (binary indexed) tree of block heights.
#[derive(Debug, Clone, Default)]
struct Fenwick {
    tree: Vec<u64>,
}

impl Fenwick {
    fn from_counts(counts: &[u32]) -> Self {
        let n = counts.len();
        let mut tree = vec![0u64; n + 1];
        for (i, &c) in counts.iter().enumerate() {
            tree[i + 1] += c as u64;
            let parent = (i + 1) + ((i + 1) & (i + 1).wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i + 1];
            }
        }
        Fenwick { tree }
    }

    fn add(&mut self, index: usize, delta: i64) {
        let mut i = index + 1;
        while i < self.tree.len() {
            self.tree[i] = (self.tree[i] as i64 + delta) as u64;
            i += i & i.wrapping_neg();
        }
    }

    /// Sum of the first `count` heights.
    fn prefix(&self, count: usize) -> u64 {
        let mut i = count.min(self.tree.len().saturating_sub(1));
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }

    /// The index whose span contains line `target`, and that span's start.
    fn find(&self, target: u64) -> (usize, u64) {
        let n = self.tree.len() - 1;
        let mut pos = 0;
        let mut rest = target;
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= rest {
                pos = next;
                rest -= self.tree[next];
            }
            step /= 2;
        }
        (pos, target - rest)
    }
}

/// The layout of one document at one width.
#[derive(Debug, Clone)]
pub struct Layout {
    width: usize,
    /// Chop mode: the blocks that [`compose::chops`] are cut at their
    /// `\n`s only, as wide as their lines.
    chop: bool,
    /// Display columns of each block, for estimates.
    cols: Vec<u32>,
    heights: Vec<u32>,
    exact: Vec<bool>,
    exact_count: usize,
    /// Bytes of the blocks whose height is still an estimate; once few are
    /// left they are wrapped too, so the total becomes exact.
    inexact_bytes: usize,
    /// A small document laid out by [`Self::set_view_lazily`]: wrapping
    /// the rest, to exact heights, is owed ([`Self::finish`]).
    owed: bool,
    fenwick: Fenwick,
    cache: HashMap<usize, Wrapped>,
    /// Blocks wrapped since the counter was last reset (for tests that
    /// check per-key work does not grow with the document).
    #[cfg(feature = "test-support")]
    pub wraps: usize,
    /// Bytes of text wrapped since the counter was last reset (for tests
    /// that check per-key work is bounded inside one long block).
    #[cfg(feature = "test-support")]
    pub wrapped_bytes: usize,
}

impl Layout {
    pub fn new(doc: &Document, width: usize) -> Self {
        let cols = doc
            .blocks
            .iter()
            .map(|b| {
                // Characters, not display columns: this is only for
                // estimates, and counting is many times faster than
                // measuring width over a large document. std's count
                // goes a word at a time (a byte-by-byte filter was 60 ms
                // of a 100 MB book's hand-over, on the loop's thread).
                let chars = doc.text()[b.range()].chars().count();
                chars.min(u32::MAX as usize) as u32
            })
            .collect();
        let mut layout = Layout {
            width: 0,
            chop: false,
            cols,
            heights: Vec::new(),
            exact: Vec::new(),
            exact_count: 0,
            inexact_bytes: 0,
            owed: false,
            fenwick: Fenwick::default(),
            cache: HashMap::new(),
            #[cfg(feature = "test-support")]
            wraps: 0,
            #[cfg(feature = "test-support")]
            wrapped_bytes: 0,
        };
        if width > 0 {
            layout.set_width(doc, width);
        }
        layout
    }

    /// The text width laid out for; 0 before the first layout.
    pub fn width(&self) -> usize {
        if self.heights.is_empty() {
            0
        } else {
            self.width
        }
    }

    /// Whether the layout is in chop mode.
    pub fn chop(&self) -> bool {
        self.chop
    }

    /// Re-lays out for a new text width. Cheap (estimates) for large documents.
    pub fn set_width(&mut self, doc: &Document, width: usize) {
        self.set_view(doc, width, self.chop);
    }

    /// Re-lays out for a text width and chop mode (on: code, HTML and
    /// table lines are not continued but cut at the pane's edge when
    /// drawn).
    pub fn set_view(&mut self, doc: &Document, width: usize, chop: bool) {
        self.lay_out(doc, width, chop, true);
    }

    /// [`Self::set_view`], leaving a small document's heights estimates
    /// until [`Self::finish`]: only what is shown gets wrapped, as for a
    /// large document. For the first frame, which needs one screen of a
    /// document and not its exact length.
    pub fn set_view_lazily(&mut self, doc: &Document, width: usize, chop: bool) {
        self.lay_out(doc, width, chop, false);
    }

    /// True while a small document laid out lazily is not wrapped whole.
    pub fn owed(&self) -> bool {
        self.owed
    }

    /// Wraps what [`Self::set_view_lazily`] left, making a small
    /// document's heights exact as `set_view` would have.
    pub fn finish(&mut self, doc: &Document) {
        if !std::mem::take(&mut self.owed) || self.heights.len() != doc.blocks.len() {
            return;
        }
        for b in 0..doc.blocks.len() {
            if !self.exact[b] {
                self.ensure(doc, b);
            }
        }
    }

    fn lay_out(&mut self, doc: &Document, width: usize, chop: bool, now: bool) {
        let width = width.max(1);
        if width == self.width && chop == self.chop && !self.heights.is_empty() {
            return;
        }
        self.width = width;
        self.chop = chop;
        self.cache.clear();
        let n = doc.blocks.len();
        let eager = doc.text().len() <= EAGER_BYTES;
        self.exact = vec![false; n];
        self.exact_count = 0;
        self.inexact_bytes = doc.text().len();
        self.heights = (0..n).map(|b| self.estimate(doc, b)).collect::<Vec<u32>>();
        self.fenwick = Fenwick::from_counts(&self.heights);
        self.owed = eager && !now;
        if eager && now {
            for b in 0..n {
                self.ensure(doc, b);
            }
        }
    }

    fn trailing_blank(doc: &Document, block: usize) -> u32 {
        u32::from(compose::blank_after(doc, block))
    }

    fn estimate(&self, doc: &Document, block: usize) -> u32 {
        if self.chop && compose::chops(doc.blocks[block].kind) {
            // A line a `\n`.
            let text = &doc.text().as_bytes()[doc.blocks[block].range()];
            let lines = memchr::memchr_iter(b'\n', text).count() + 1;
            let lines = lines + compose::head_lines(doc, block);
            return (lines.min(u32::MAX as usize / 2) as u32) + Self::trailing_blank(doc, block);
        }
        let w = compose::room(doc, block, self.width);
        // First fit wastes about half a word per line; allow for it.
        let usable = if w > 12 { w - 3 } else { w };
        let cols = self.cols[block] as usize;
        let lines = cols.div_ceil(usable).max(1);
        (lines.min(u32::MAX as usize / 2) as u32) + Self::trailing_blank(doc, block)
    }

    /// Wraps `block` whole, making its height exact.
    pub fn ensure(&mut self, doc: &Document, block: usize) {
        self.wrap_upto(doc, block, usize::MAX);
    }

    /// Wraps `block` until it has at least `want` lines or is complete
    /// (small blocks are always wrapped whole), keeping its height in the
    /// tree: exact once complete, an estimate of the rest before.
    fn wrap_upto(&mut self, doc: &Document, block: usize, want: usize) {
        self.wrap_within(doc, block, want, usize::MAX);
    }

    /// [`Self::wrap_upto`], stopping before a line that starts `bytes` or
    /// more past where wrapping went on (a bounded step of a long block).
    fn wrap_within(&mut self, doc: &Document, block: usize, want: usize, bytes: usize) {
        if let Some(w) = self.cache.get(&block)
            && (w.next.is_none() || w.lines.len() >= want)
        {
            return;
        }
        if self.heights.len() != doc.blocks.len() {
            // Not laid out yet (no width known): use the narrowest.
            self.set_width(doc, 1);
        }
        if !self.cache.contains_key(&block) && self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        let b = doc.blocks[block];
        let (start, end) = (b.start as usize, b.end as usize);
        let chopped = self.chop && compose::chops(b.kind);
        let width = if chopped {
            compose::UNCUT
        } else {
            compose::room(doc, block, self.width)
        };
        let target = if end - start <= LAZY_BYTES {
            usize::MAX
        } else {
            want.saturating_add(PIECE_LINES)
        };
        let src = Src::of(doc, block);
        let flow = compose::flow(b.kind);
        let pane = self.width;
        let w = self.cache.entry(block).or_insert_with(|| {
            if start == end || matches!(flow, Flow::Table | Flow::Rule) {
                // Cut whole: a table's columns depend on all its cells.
                let lines = compose::lines_chop(doc, block, &src, pane, chopped);
                return Wrapped {
                    lines: lines.ranges,
                    next: None,
                    grid: lines.grid,
                };
            }
            Wrapped {
                lines: vec![start..start; compose::head_lines(doc, block)],
                next: Some(start),
                grid: None,
            }
        });
        let stop = w.next.map_or(end, |at| at.saturating_add(bytes));
        // One search for the next `\n` serves all the lines cut here.
        let mut seen = compose::Newlines::default();
        #[cfg(feature = "test-support")]
        let from = w.next.unwrap_or(end);
        while w.lines.len() < target {
            let Some(at) = w.next else { break };
            if at >= stop {
                break;
            }
            let (line, next) = compose::next_line_seen(&src, flow, at, width, &mut seen);
            w.lines.push(line);
            w.next = (next < end).then_some(next);
        }
        #[cfg(feature = "test-support")]
        {
            self.wrapped_bytes += w.next.unwrap_or(end).saturating_sub(from);
        }
        let (lines, rest) = (w.lines.len(), w.next.map(|at| end - at));
        #[cfg(feature = "test-support")]
        {
            self.wraps += 1;
        }
        let n = self.heights.len();
        let complete = rest.is_none();
        let h = match rest {
            None => lines as u32,
            // The rest estimated from its share of the block's characters.
            // A chopped block's rest: about a line per 60 characters (its
            // `\n`s are not counted again at each piece).
            Some(bytes) if chopped => {
                let chars = self.cols[block] as usize * bytes / (end - start).max(1);
                (lines + chars.div_ceil(60).max(1)).min(u32::MAX as usize / 2) as u32
            }
            Some(bytes) => {
                let chars = self.cols[block] as usize * bytes / (end - start).max(1);
                let usable = if width > 12 { width - 3 } else { width };
                let more = chars.div_ceil(usable).max(1);
                (lines + more).min(u32::MAX as usize / 2) as u32
            }
        } + Self::trailing_blank(doc, block);
        if h != self.heights[block] {
            self.fenwick
                .add(block, h as i64 - self.heights[block] as i64);
            self.heights[block] = h;
        }
        if complete && !self.exact[block] {
            self.exact[block] = true;
            self.exact_count += 1;
            let was_many = self.inexact_bytes > EAGER_BYTES;
            self.inexact_bytes = self.inexact_bytes.saturating_sub(end - start);
            if was_many && self.inexact_bytes <= EAGER_BYTES {
                // What is left costs what an eager layout costs.
                for b in 0..n {
                    if !self.exact[b] {
                        self.ensure(doc, b);
                    }
                }
            }
        }
    }

    /// Byte ranges (into the document text) of a block's wrapped lines.
    pub fn lines(&mut self, doc: &Document, block: usize) -> &[Range<usize>] {
        self.ensure(doc, block);
        self.cached_lines(block).unwrap_or(&[])
    }

    /// The lines of a block wrapped so far, if any (for drawing: `update`
    /// wraps what shows).
    pub fn cached_lines(&self, block: usize) -> Option<&[Range<usize>]> {
        self.cache.get(&block).map(|w| w.lines.as_slice())
    }

    /// A block's lines wrapped so far with its table grid, if any: what
    /// [`compose::line`] needs to compose one.
    pub fn cached(&self, block: usize) -> Option<(&[Range<usize>], Option<&TableGrid>)> {
        self.cache
            .get(&block)
            .map(|w| (w.lines.as_slice(), w.grid.as_deref()))
    }

    /// Exact height of a block (wraps it if needed).
    pub fn height(&mut self, doc: &Document, block: usize) -> usize {
        self.ensure(doc, block);
        self.heights[block] as usize
    }

    /// The height of a block if it is at most `line + 1`, else a number
    /// greater than `line` (wrapping only that far into a long block).
    pub fn height_past(&mut self, doc: &Document, block: usize, line: usize) -> usize {
        self.wrap_upto(doc, block, line.saturating_add(1));
        match self.cache.get(&block) {
            Some(w) if w.next.is_some() => w.lines.len().max(line.saturating_add(1)) + 1,
            _ => self.heights[block] as usize,
        }
    }

    /// True when no more than `rows` lines lie from `pos` to the end: the
    /// view cannot scroll further (`pos` at or past `last_top(rows)`),
    /// found by wrapping forward from `pos` only.
    pub fn at_end(&mut self, doc: &Document, pos: Pos, rows: usize) -> bool {
        let pos = self.clamp_pos(doc, pos);
        let below = self.advance(doc, pos, rows as i64);
        self.line_of(below) - self.line_of(pos) < rows as u64
    }

    /// Total lines (exact for small documents, estimated for large ones).
    pub fn total_lines(&self) -> u64 {
        self.fenwick.prefix(self.heights.len())
    }

    /// True when every height is exact.
    pub fn is_exact(&self) -> bool {
        self.exact_count == self.exact.len()
    }

    /// Absolute line number (0-based) of a position.
    pub fn line_of(&self, pos: Pos) -> u64 {
        self.fenwick.prefix(pos.block) + pos.line as u64
    }

    /// The position at absolute line `line` (clamped into the document).
    pub fn pos_at_line(&mut self, doc: &Document, line: u64) -> Pos {
        let n = self.heights.len();
        if n == 0 {
            return Pos::default();
        }
        let total = self.total_lines();
        let line = line.min(total.saturating_sub(1));
        let (block, start) = self.fenwick.find(line);
        let block = block.min(n - 1);
        let offset = (line - start) as usize;
        let h = self.height_past(doc, block, offset);
        Pos {
            block,
            line: offset.min(h.saturating_sub(1)),
        }
    }

    /// Moves `pos` by `delta` lines, wrapping only the blocks it passes.
    pub fn advance(&mut self, doc: &Document, pos: Pos, delta: i64) -> Pos {
        let n = self.heights.len();
        if n == 0 {
            return Pos::default();
        }
        let mut p = self.clamp_pos(doc, pos);
        if delta >= 0 {
            let mut left = delta as u64;
            loop {
                let want = (p.line as u64).saturating_add(left).min(usize::MAX as u64) as usize;
                let h = self.height_past(doc, p.block, want) as u64;
                let room = h.saturating_sub(1 + p.line as u64);
                if left <= room {
                    p.line += left as usize;
                    return p;
                }
                if p.block + 1 >= n {
                    p.line = h.saturating_sub(1) as usize;
                    return p;
                }
                left -= room + 1;
                p = Pos {
                    block: p.block + 1,
                    line: 0,
                };
            }
        } else {
            let mut left = delta.unsigned_abs();
            loop {
                if left <= p.line as u64 {
                    p.line -= left as usize;
                    return p;
                }
                if p.block == 0 {
                    p.line = 0;
                    return p;
                }
                left -= p.line as u64 + 1;
                let prev = p.block - 1;
                let h = self.height(doc, prev);
                p = Pos {
                    block: prev,
                    line: h.saturating_sub(1),
                };
            }
        }
    }

    /// Keeps `pos` inside its block.
    pub fn clamp_pos(&mut self, doc: &Document, pos: Pos) -> Pos {
        let n = self.heights.len();
        if n == 0 {
            return Pos::default();
        }
        let block = pos.block.min(n - 1);
        let h = self.height_past(doc, block, pos.line);
        Pos {
            block,
            line: pos.line.min(h.saturating_sub(1)),
        }
    }

    /// The last position at which a view of `rows` rows can start.
    pub fn last_top(&mut self, doc: &Document, rows: usize) -> Pos {
        let n = self.heights.len();
        if n == 0 {
            return Pos::default();
        }
        let h = self.height(doc, n - 1);
        let end = Pos {
            block: n - 1,
            line: h.saturating_sub(1),
        };
        self.advance(doc, end, -(rows.saturating_sub(1) as i64))
    }

    /// The line of a block containing byte `offset` (absolute), for
    /// keeping the reading position across a re-wrap.
    pub fn line_containing(&mut self, doc: &Document, block: usize, offset: usize) -> usize {
        // Only as far into a long block as the offset.
        let mut want = PIECE_LINES;
        loop {
            self.wrap_upto(doc, block, want);
            let Some(w) = self.cache.get(&block) else {
                return 0;
            };
            let past = w.lines.last().is_some_and(|r| r.start > offset);
            if past || w.next.is_none() {
                return w.lines.iter().rposition(|r| r.start <= offset).unwrap_or(0);
            }
            want = w.lines.len().saturating_mul(2);
        }
    }

    /// The long block not wrapped to its end yet, nearest the end, that
    /// [`Self::last_top`] would wrap whole for a view of `rows` rows, if
    /// any: `G` then wraps it in steps ([`Self::wrap_step`]). Blocks cut
    /// whole (tables) are not stepped.
    pub fn tail_unwrapped(&mut self, doc: &Document, rows: usize) -> Option<usize> {
        let mut shown = 0;
        for b in (0..self.heights.len()).rev() {
            let block = doc.blocks[b];
            if !self.exact[b]
                && block.range().len() > LAZY_BYTES
                && !matches!(compose::flow(block.kind), Flow::Table | Flow::Rule)
            {
                return Some(b);
            }
            shown += self.height(doc, b);
            if shown >= rows {
                return None;
            }
        }
        None
    }

    /// Wraps about [`WRAP_STEP_BYTES`] more of `block`; true once it is
    /// wrapped to its end.
    pub fn wrap_step(&mut self, doc: &Document, block: usize) -> bool {
        self.wrap_within(doc, block, usize::MAX, WRAP_STEP_BYTES);
        self.exact.get(block).copied().unwrap_or(true)
    }

    /// Wraps about [`WRAP_STEP_BYTES`] more of `block` toward its line
    /// `line`; true once the block holds that line or is wrapped to its
    /// end (a far line of a long block is reached in steps).
    pub fn wrap_step_to_line(&mut self, doc: &Document, block: usize, line: usize) -> bool {
        self.wrap_within(doc, block, line.saturating_add(1), WRAP_STEP_BYTES);
        self.cache
            .get(&block)
            .is_none_or(|w| w.next.is_none() || w.lines.len() > line)
    }

    /// Wraps about [`WRAP_STEP_BYTES`] more of `block` toward byte
    /// `offset`; true once every line starting at or before it is
    /// wrapped ([`Self::line_containing`] then wraps nothing more).
    pub fn wrap_step_to_offset(&mut self, doc: &Document, block: usize, offset: usize) -> bool {
        let covered = |l: &Self| {
            l.cache
                .get(&block)
                .is_some_and(|w| w.next.is_none_or(|at| at > offset))
        };
        if !covered(self) {
            self.wrap_within(doc, block, usize::MAX, WRAP_STEP_BYTES);
        }
        covered(self) || !self.cache.contains_key(&block)
    }

    /// The long block not wrapped to its end yet that moving back
    /// `lines` from `pos` would enter (moving back wraps each block it
    /// enters whole), if any, found by the heights known now.
    pub fn long_unwrapped_before(&self, doc: &Document, pos: Pos, lines: u64) -> Option<usize> {
        let mut left = lines.saturating_sub(pos.line as u64);
        let mut b = pos.block.min(self.heights.len());
        while left > 0 && b > 0 {
            b -= 1;
            if !self.exact[b]
                && doc.blocks[b].range().len() > LAZY_BYTES
                && !matches!(compose::flow(doc.blocks[b].kind), Flow::Table | Flow::Rule)
            {
                return Some(b);
            }
            left = left.saturating_sub(u64::from(self.heights[b]));
        }
        None
    }

    /// The position at absolute line `line` by the heights known now
    /// (estimates where a block is not wrapped), wrapping nothing: what
    /// [`Self::pos_at_line`] gives before it clamps into the block.
    pub fn line_target(&self, line: u64) -> Pos {
        let n = self.heights.len();
        if n == 0 {
            return Pos::default();
        }
        let line = line.min(self.total_lines().saturating_sub(1));
        let (block, start) = self.fenwick.find(line);
        Pos {
            block: block.min(n - 1),
            line: (line - start) as usize,
        }
    }

    /// The view of `rows` rows whose last row is the last line of `block`
    /// wrapped so far: where `G` shows while it wraps toward the end.
    pub fn wrapped_end(&self, block: usize, rows: usize) -> Pos {
        let lines = self.cached_lines(block).map_or(0, <[_]>::len);
        Pos {
            block,
            line: lines.saturating_sub(rows),
        }
    }

    #[cfg(feature = "test-support")]
    pub fn reset_wrap_counter(&mut self) {
        self.wraps = 0;
        self.wrapped_bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_ranges_cover_words_and_respect_width() {
        let text = "alpha beta gamma delta epsilon";
        let lines = wrap_ranges(text, 11);
        let shown: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["alpha beta", "gamma delta", "epsilon"]);
    }

    #[test]
    fn long_words_are_broken_and_width_zero_is_safe() {
        let lines = wrap_ranges("abcdefghij", 4);
        assert_eq!(lines, vec![0..4, 4..8, 8..10]);
        assert_eq!(wrap_ranges("ab", 0).len(), 2);
        assert_eq!(wrap_ranges("", 10), vec![0..0]);
    }

    #[test]
    fn wide_characters_wrap_by_display_width() {
        use unicode_width::UnicodeWidthStr;
        let text = "東京都東京都";
        for r in wrap_ranges(text, 5) {
            assert!(text[r].width() <= 5);
        }
    }

    #[test]
    fn fenwick_prefix_and_find_agree() {
        let counts = [3, 1, 4, 1, 5, 9, 2, 6];
        let mut f = Fenwick::from_counts(&counts);
        assert_eq!(f.prefix(3), 8);
        assert_eq!(f.find(0), (0, 0));
        assert_eq!(f.find(3), (1, 3));
        assert_eq!(f.find(4), (2, 4));
        f.add(0, 2);
        assert_eq!(f.prefix(8), 33);
        assert_eq!(f.find(4), (0, 0));
        assert_eq!(f.find(5), (1, 5));
    }
}
