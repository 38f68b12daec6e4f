//! The matches of a search, in memory bounded whatever the pattern.
//!
//! A search for `x` in a 50 MB paragraph has 50 million matches; keeping
//! each as a byte range would take 800 MB. Instead a [`MatchList`] keeps,
//! per block with matches, how many it has (so the total, the per-section
//! counts and "match 31/40" are exact), plus a resume point every
//! [`CHECKPOINT_MATCHES`] matches or [`CHECKPOINT_BYTES`] bytes of a block.
//! A match is found again on demand by scanning from the nearest resume
//! point, which costs at most that many matches or bytes (the matching
//! rule of [`crate::find::search`] needs nothing but a position to resume).
//!
//! Memory: 16 bytes per block with matches (the document already spends
//! more per block) and 8 bytes per checkpoint: at most one per 256 matches
//! and one per 16 KiB of text.

use std::ops::Range;

use crate::find::search::{FindIter, Matcher};
use crate::model::document::Document;

/// A resume point at least every this many matches of a block.
pub const CHECKPOINT_MATCHES: u32 = 256;
/// And at least every this many bytes of a block with matches.
pub const CHECKPOINT_BYTES: usize = 16 << 10;

/// Matches of one block.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hits {
    block: u32,
    count: u32,
    /// Matches in the list before this block's.
    before: usize,
}

/// Where a scan can resume: a match's start, and how many matches of its
/// block come before it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Checkpoint {
    offset: u32,
    index: u32,
}

/// The matches of a search, in text order, stored compactly (see the
/// module comment). Matches are found again with the matcher that made
/// them, in the document they were made from.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchList {
    hits: Vec<Hits>,
    checkpoints: Vec<Checkpoint>,
    total: usize,
    every_matches: u32,
    every_bytes: usize,
}

impl Default for MatchList {
    fn default() -> Self {
        MatchList::with_spacing(CHECKPOINT_MATCHES, CHECKPOINT_BYTES)
    }
}

impl MatchList {
    /// A list with resume points every `matches` matches or `bytes` bytes
    /// (tests use small spacings to exercise them).
    pub fn with_spacing(matches: u32, bytes: usize) -> MatchList {
        MatchList {
            hits: Vec::new(),
            checkpoints: Vec::new(),
            total: 0,
            every_matches: matches.max(1),
            every_bytes: bytes.max(1),
        }
    }

    /// Every match of `matcher` in `doc`, at once (`--print --search`).
    pub fn search(doc: &Document, matcher: &Matcher) -> MatchList {
        let mut list = MatchList::default();
        let mut scan = Scan::new(doc, 0);
        while !scan.step(doc, matcher, &mut list, &mut [], usize::MAX) {}
        list
    }

    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The blocks that have matches, in order.
    pub fn blocks(&self) -> impl Iterator<Item = usize> + '_ {
        self.hits.iter().map(|h| h.block as usize)
    }

    /// Heap memory the list holds.
    pub fn heap_bytes(&self) -> usize {
        self.hits.capacity() * size_of::<Hits>()
            + self.checkpoints.capacity() * size_of::<Checkpoint>()
    }

    /// Adds the next match (they come in text order), starting at `start`
    /// in `block`.
    fn push(&mut self, doc: &Document, block: usize, start: usize) {
        let block_start = doc.blocks[block].start as usize;
        if self.hits.last().is_none_or(|h| h.block as usize != block) {
            self.hits.push(Hits {
                block: block as u32,
                count: 0,
                before: self.total,
            });
        }
        let Some(hits) = self.hits.last_mut() else {
            return;
        };
        let last_checkpoint = self
            .checkpoints
            .last()
            .map(|c| c.offset as usize)
            .filter(|&o| o >= block_start)
            .unwrap_or(block_start);
        if (hits.count > 0 && hits.count % self.every_matches == 0)
            || start - last_checkpoint >= self.every_bytes
        {
            self.checkpoints.push(Checkpoint {
                offset: start as u32,
                index: hits.count,
            });
        }
        hits.count += 1;
        self.total += 1;
    }

    /// Puts `before` (the matches of the text before this list's) in front.
    fn prepend(&mut self, mut before: MatchList) {
        let shift = before.total;
        for h in &mut self.hits {
            h.before += shift;
        }
        before.hits.append(&mut self.hits);
        before.checkpoints.append(&mut self.checkpoints);
        self.hits = before.hits;
        self.checkpoints = before.checkpoints;
        self.total += shift;
    }

    /// The checkpoints of one block.
    fn checkpoints_of(&self, doc: &Document, block: usize) -> &[Checkpoint] {
        let b = doc.blocks[block];
        let lo = self.checkpoints.partition_point(|c| c.offset < b.start);
        let hi = self.checkpoints.partition_point(|c| c.offset < b.end);
        &self.checkpoints[lo..hi.max(lo)]
    }

    /// Match `i` (0-based).
    pub fn get(&self, doc: &Document, matcher: &Matcher, i: usize) -> Option<Range<usize>> {
        self.iter_from(doc, matcher, i).next().map(|(_, r)| r)
    }

    /// The matches from `i` on, with their indices.
    pub fn iter_from<'a>(&'a self, doc: &'a Document, matcher: &'a Matcher, i: usize) -> Iter<'a> {
        let hit = self
            .hits
            .partition_point(|h| h.before + h.count as usize <= i);
        let local = self
            .hits
            .get(hit)
            .map_or(0, |h| i.saturating_sub(h.before) as u32);
        Iter {
            list: self,
            doc,
            matcher,
            index: i,
            hit,
            local,
            inner: None,
        }
    }

    /// How many matches start before `offset`: the index of the first one
    /// at or after it (`len()` when there is none).
    pub fn first_at_or_after(&self, doc: &Document, matcher: &Matcher, offset: usize) -> usize {
        if self.total == 0 || doc.blocks.is_empty() {
            return 0;
        }
        let block = doc.block_at_offset(offset);
        let j = self.hits.partition_point(|h| (h.block as usize) < block);
        let Some(h) = self.hits.get(j) else {
            return self.total;
        };
        if h.block as usize > block {
            return h.before;
        }
        // In this block: from the last resume point before `offset` up to
        // the next one, which is known to start at or after it.
        let checkpoints = self.checkpoints_of(doc, block);
        let k = checkpoints.partition_point(|c| (c.offset as usize) < offset);
        let (from, mut count) = match k.checked_sub(1).map(|k| checkpoints[k]) {
            Some(c) => (c.offset as usize, c.index),
            None => (doc.blocks[block].start as usize, 0),
        };
        let limit = checkpoints.get(k).map_or(h.count, |c| c.index);
        let mut matches = block_matches(doc, matcher, block, from);
        while count < limit {
            match matches.next() {
                Some(r) if r.start < offset => count += 1,
                _ => break,
            }
        }
        h.before + count as usize
    }
    /// The matches that overlap `range` (one that starts before it may run
    /// onto it), with their indices: what painting one line needs. One scan
    /// from the last resume point at or before `range.start`; it does not
    /// look for a match the list knows starts at or past `range.end` (a
    /// resume point's, or none left in the block), so it costs the text
    /// from that point to the range's end, never the rest of a big block.
    pub fn overlapping(
        &self,
        doc: &Document,
        matcher: &Matcher,
        range: Range<usize>,
    ) -> Vec<(usize, Range<usize>)> {
        let mut found = Vec::new();
        if self.total == 0 || doc.blocks.is_empty() {
            return found;
        }
        let end = range.end.max(range.start + 1);
        let block = doc.block_at_offset(range.start);
        let mut j = self.hits.partition_point(|h| (h.block as usize) < block);
        while let Some(h) = self.hits.get(j) {
            let b = doc.blocks[h.block as usize];
            if b.start as usize >= end {
                break;
            }
            let checkpoints = self.checkpoints_of(doc, h.block as usize);
            // A match before a resume point at or before the range ends
            // before that point: none of them can reach the range.
            let mut k = checkpoints.partition_point(|c| c.offset as usize <= range.start);
            let (from, mut index) = match k.checked_sub(1).map(|k| checkpoints[k]) {
                Some(c) => (c.offset as usize, c.index),
                None => (b.start as usize, 0),
            };
            let mut matches = block_matches(doc, matcher, h.block as usize, from);
            while index < h.count {
                while checkpoints.get(k).is_some_and(|c| c.index < index) {
                    k += 1;
                }
                if checkpoints
                    .get(k)
                    .is_some_and(|c| c.index == index && c.offset as usize >= end)
                {
                    return found;
                }
                let Some(m) = matches.next() else {
                    break;
                };
                if m.start >= end {
                    return found;
                }
                if m.end > range.start {
                    found.push((h.before + index as usize, m));
                }
                index += 1;
            }
            j += 1;
        }
        found
    }
}

/// The matches in `block` from byte `from` of the text on. Each block is
/// searched alone (`^`, `$`, `\A`, `\z` are its edges), so a search can
/// stop and resume at any block, and matches never span two blocks.
fn block_matches<'a>(
    doc: &'a Document,
    matcher: &'a Matcher,
    block: usize,
    from: usize,
) -> BlockMatches<'a> {
    let b = doc.blocks[block];
    let base = b.start as usize;
    let hay = &doc.text()[b.range()];
    BlockMatches {
        inner: matcher.find_iter(hay, from.saturating_sub(base).min(hay.len())),
        base,
    }
}

struct BlockMatches<'a> {
    inner: FindIter<'a>,
    base: usize,
}

impl Iterator for BlockMatches<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let r = self.inner.next()?;
        Some(r.start + self.base..r.end + self.base)
    }
}

/// Matches of a [`MatchList`] from some index on, found again by scanning.
pub struct Iter<'a> {
    list: &'a MatchList,
    doc: &'a Document,
    matcher: &'a Matcher,
    index: usize,
    hit: usize,
    /// Index of the next match within its block.
    local: u32,
    inner: Option<BlockMatches<'a>>,
}

impl Iterator for Iter<'_> {
    type Item = (usize, Range<usize>);

    fn next(&mut self) -> Option<(usize, Range<usize>)> {
        let h = *self.list.hits.get(self.hit)?;
        if self.inner.is_none() {
            let checkpoints = self.list.checkpoints_of(self.doc, h.block as usize);
            let k = checkpoints.partition_point(|c| c.index <= self.local);
            let (from, at) = match k.checked_sub(1).map(|k| checkpoints[k]) {
                Some(c) => (c.offset as usize, c.index),
                None => (self.doc.blocks[h.block as usize].start as usize, 0),
            };
            let mut inner = block_matches(self.doc, self.matcher, h.block as usize, from);
            for _ in at..self.local {
                inner.next()?;
            }
            self.inner = Some(inner);
        }
        let found = self.inner.as_mut()?.next()?;
        let item = (self.index, found);
        self.index += 1;
        self.local += 1;
        if self.local >= h.count {
            // The next block with matches may be far: resume at its start.
            self.hit += 1;
            self.local = 0;
            self.inner = None;
        }
        Some(item)
    }
}

/// A search under way: from block `start` to the end of the document,
/// then from the first block back to `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    start: usize,
    /// The block being searched, and where in the text to go on in it.
    block: usize,
    pos: usize,
    wrapped: bool,
    /// Matches before block `start`, found after wrapping; they go in front.
    before: MatchList,
}

impl Scan {
    /// A search from block `start`.
    pub fn new(doc: &Document, start: usize) -> Scan {
        let start = start.min(doc.blocks.len());
        Scan {
            start,
            block: start,
            pos: doc.blocks.get(start).map_or(0, |b| b.start as usize),
            wrapped: false,
            before: MatchList::default(),
        }
    }

    /// True once the scan has wrapped to the first block.
    pub fn wrapped(&self) -> bool {
        self.wrapped
    }

    /// Where in the text the scan goes on: every match starting before
    /// it in the part searched so far has been found.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Searches about `budget` bytes more: whole blocks, or inside a long
    /// one up to the first match past the budget. Matches go into `list`,
    /// per-section counts into `counts` (when it has a slot per section).
    /// Returns true when the whole document has been searched.
    pub fn step(
        &mut self,
        doc: &Document,
        matcher: &Matcher,
        list: &mut MatchList,
        counts: &mut [u32],
        budget: usize,
    ) -> bool {
        let mut used = 0usize;
        loop {
            let end = if self.wrapped {
                self.start
            } else {
                doc.blocks.len()
            };
            if self.block >= end {
                if !self.wrapped && self.start > 0 {
                    self.wrapped = true;
                    self.block = 0;
                    self.pos = doc.blocks.first().map_or(0, |b| b.start as usize);
                    return false;
                }
                list.prepend(std::mem::take(&mut self.before));
                return true;
            }
            if used >= budget {
                return false;
            }
            let target = if self.wrapped {
                &mut self.before
            } else {
                &mut *list
            };
            let b = doc.blocks[self.block];
            let from = self.pos.max(b.start as usize);
            // Blocks that cannot hold a match are passed over at once.
            let skip = matcher.skip_to(doc.text(), from, from.saturating_add(budget - used));
            if skip > b.end as usize {
                used += skip - from;
                self.block = doc.block_at_offset(skip).max(self.block + 1).min(end);
                self.pos = doc.blocks.get(self.block).map_or(0, |b| b.start as usize);
                continue;
            }
            let mut stopped = None;
            for found in block_matches(doc, matcher, self.block, from) {
                target.push(doc, self.block, found.start);
                if let Some(c) = counts.get_mut(b.section as usize) {
                    *c = c.saturating_add(1);
                }
                if used + (found.end - from) >= budget {
                    stopped = Some(found.end);
                    break;
                }
            }
            match stopped {
                Some(pos) => {
                    self.pos = pos;
                    return false;
                }
                None => {
                    used += (b.end as usize).saturating_sub(from) + 1;
                    self.block += 1;
                    self.pos = doc.blocks.get(self.block).map_or(0, |b| b.start as usize);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Document {
        let toml = format!(
            "title = \"T\"\n[[sections]]\ntitle = \"One\"\nbody = \"\"\"\n{body}\n\"\"\"\n\
             [[sections]]\ntitle = \"Two x\"\nbody = \"x and x\"\n"
        );
        crate::load::parse("t.toml", &toml).unwrap()
    }

    /// Builds the list in steps from `start`, then checks every way of
    /// reading it against one plain pass over the text.
    fn check(doc: &Document, query: &str, regex: bool, start_block: usize, spacing: (u32, usize)) {
        let matcher = Matcher::new(query, regex).unwrap().unwrap();
        let whole = matcher.find_all(doc.text());
        let mut list = MatchList::with_spacing(spacing.0, spacing.1);
        let mut scan = Scan::new(doc, start_block);
        let mut counts = vec![0u32; doc.sections.len()];
        let mut steps = 0;
        while !scan.step(doc, &matcher, &mut list, &mut counts, 7) {
            steps += 1;
            assert!(steps < 1_000_000);
        }
        assert_eq!(list.len(), whole.len(), "{query}");
        assert_eq!(
            counts.iter().map(|&c| c as usize).sum::<usize>(),
            whole.len()
        );
        let all: Vec<_> = list.iter_from(doc, &matcher, 0).map(|(_, r)| r).collect();
        assert_eq!(all, whole, "{query}: iterating");
        for (i, m) in whole.iter().enumerate() {
            assert_eq!(
                list.get(doc, &matcher, i).as_ref(),
                Some(m),
                "{query}: match {i}"
            );
        }
        assert_eq!(list.get(doc, &matcher, whole.len()), None);
        for offset in 0..=doc.text().len() {
            let expected = whole.partition_point(|r| r.start < offset);
            assert_eq!(
                list.first_at_or_after(doc, &matcher, offset),
                expected,
                "{query}: first at or after {offset}"
            );
        }
        let len = doc.text().len();
        for start in 0..=len {
            for width in [0, 1, 3, 10, len] {
                let end = (start + width).min(len);
                let expected: Vec<_> = whole
                    .iter()
                    .cloned()
                    .enumerate()
                    .filter(|(_, m)| m.end > start && m.start < end.max(start + 1))
                    .collect();
                assert_eq!(
                    list.overlapping(doc, &matcher, start..end),
                    expected,
                    "{query}: overlapping {start}..{end}"
                );
            }
        }
        let blocks: Vec<usize> = list.blocks().collect();
        let mut expected: Vec<usize> = whole.iter().map(|r| doc.block_at_offset(r.start)).collect();
        expected.dedup();
        assert_eq!(blocks, expected);
    }

    #[test]
    fn stepped_compact_list_reads_back_every_match() {
        let d = doc("xx xax xxx\n\naxxxa ääx Xx\n\nnothing here\n\nx");
        for start in 0..d.blocks.len() {
            for spacing in [(1, 1), (2, 3), (3, 1000), (256, 16 << 10)] {
                check(&d, "x", false, start, spacing);
                check(&d, "xx", false, start, spacing);
                check(&d, "a", false, start, spacing);
                check(&d, r"x+", true, start, spacing);
                check(&d, r"\bx", true, start, spacing);
                check(&d, r"^x|x$", true, start, spacing);
                check(&d, "x*", true, start, spacing);
            }
        }
    }

    #[test]
    fn a_scan_resumes_inside_a_block_between_steps() {
        let d = doc(&"ab".repeat(500));
        let matcher = Matcher::new("b", false).unwrap().unwrap();
        let mut list = MatchList::default();
        let mut scan = Scan::new(&d, 0);
        let mut steps = 0;
        while !scan.step(&d, &matcher, &mut list, &mut [], 100) {
            steps += 1;
        }
        assert!(steps >= 9, "{steps} steps for 1000 bytes in steps of 100");
        assert_eq!(list.len(), 500);
    }

    #[test]
    fn memory_is_bounded_by_checkpoints_not_matches() {
        let d = doc(&"x".repeat(1 << 20));
        let matcher = Matcher::new("x", false).unwrap().unwrap();
        let list = MatchList::search(&d, &matcher);
        assert_eq!(list.len(), (1 << 20) + 3);
        // 16 bytes a match would be 16 MiB.
        assert!(list.heap_bytes() < 64 << 10, "{} bytes", list.heap_bytes());
        let last = list.len() - 1;
        let m = list.get(&d, &matcher, last - 3).unwrap();
        assert_eq!(&d.text()[m], "x");
    }
}
