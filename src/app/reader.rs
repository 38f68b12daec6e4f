//! One open document and everything about reading it: the text, its
//! layout at the current width, where the view is, the search, the marks,
//! the link cursor, the sidebar's cursor, the code highlighting, the file
//! it came from. The app (the shell) holds the reader on screen and a few
//! recently left; opening another document swaps readers, so nothing of
//! one document is reset by hand or leaks into another.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::find::Search;
use super::marks::Spot;
use super::reload::{anchor_of, spot_of};
use crate::model::document::Document;
use crate::render::highlight::Highlighter;
use crate::render::layout::{Layout, Pos};
use crate::settings::state::{Anchor, DocState, StateFile, now_unix};

/// Which section counts as the one being read when the top line alone
/// cannot tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScrollSpy {
    /// Section the last jump went to, shown as current until the next scroll
    /// (a short last section can never reach the top of the pane).
    pub jump_target: Option<usize>,
    /// At the end of the document: the last section whose heading shows.
    pub(super) end_section: Option<usize>,
}

/// Marks set with `m`, and where `''` goes back to.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub named: std::collections::BTreeMap<char, Spot>,
    /// Marks whose place the version on screen does not hold (a file
    /// caught half-written, a section cut to be pasted back): kept by
    /// anchor, and back in `named` as soon as a version holds the place.
    pub away: std::collections::BTreeMap<char, AwayMark>,
    /// Where the view was before the last jump.
    pub last_jump: Option<Spot>,
}

/// A mark whose place is not in the version on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwayMark {
    /// Where it was: section id, paragraph in it, place in the paragraph.
    pub anchor: Anchor,
    /// The title of its section, to say where it was.
    pub section: String,
}

/// The place being read when a new version did not hold it: the view was
/// put at `at` instead, and goes back to `anchor` when a later version
/// holds it again, unless the view has moved from `at` meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Wanted {
    pub(super) anchor: Anchor,
    pub(super) at: Spot,
}

/// Where the sidebar (the table of contents) stands in this document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Toc {
    /// The entry under the cursor while the sidebar has focus.
    pub cursor: usize,
    /// The first entry shown.
    pub offset: usize,
    /// The section the sidebar last scrolled to follow; it re-follows only
    /// when the reader moves to another one, so the wheel can browse it.
    pub(super) followed: Option<usize>,
}

/// A file's mtime and size: what tells a changed file apart without
/// reading it.
pub type Stamp = (SystemTime, u64);

/// Where a key that is wrapping a long block in steps is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WrapGoal {
    /// The end of the document (`G`).
    End,
    /// A line of a block (`50G`, `%`, `:N`, a long scroll).
    Line(Pos),
    /// `delta` lines back from `from`, once `block` (a long block it
    /// enters) is wrapped to its end (page-up into it).
    Back { from: Pos, delta: i64, block: usize },
    /// The line holding a byte of a block, or the blank line after it
    /// (a re-wrap keeping the top line's place).
    Offset {
        block: usize,
        offset: usize,
        blank: bool,
    },
}

/// A top line kept across re-wraps: the byte where it starts in its block
/// (or the blank line after the block), and the top it gave last.
#[derive(Debug, Clone, Copy)]
pub(super) struct ResizeAnchor {
    pub(super) block: usize,
    pub(super) offset: usize,
    pub(super) blank: bool,
    /// The top after the re-wrap settled (clamped at the end).
    pub(super) top: Pos,
    /// Set by a re-wrap until the action that caused it has settled.
    pub(super) fresh: bool,
}

/// One document being read. The app hands it out read-only: it changes
/// only in [`App::update`](super::App::update).
pub struct Reader {
    pub doc: Document,
    pub layout: Layout,
    /// First visible line of the text pane.
    pub top: Pos,
    /// Chop mode: the columns the chopped lines (code, HTML, tables) are
    /// scrolled sideways by.
    pub xoff: usize,
    pub spy: ScrollSpy,
    /// The sidebar's cursor and scroll in this document.
    pub toc: Toc,
    /// The search in force.
    pub search: Option<Search>,
    /// Whether the current match is on screen (kept by `settle`): the
    /// status line counts `match 3/12` only then, else `12 matches`.
    pub current_in_view: bool,
    pub marks: Marks,
    /// The link selected with Tab / Shift-Tab, while it is on screen.
    pub link_cursor: Option<usize>,
    /// Where relative links start: the file's directory, or a book's root
    /// (`None` for standard input and the embedded article).
    pub dir: Option<PathBuf>,
    /// The document's file, canonical (`None` for standard input, the
    /// embedded article and a book): what the jump list's places
    /// elsewhere name.
    pub file: Option<Arc<Path>>,
    /// Read from standard input (`=` says so; with no `file` and no
    /// `book` otherwise, it is the embedded article or a test's).
    pub stdin: bool,
    /// The hash of the bytes the document was read from
    /// ([`crate::load::source_hash`]).
    pub source_hash: u64,
    /// The file's mtime and size when the reader was left: a reader kept
    /// since is shown again without reading the file while they hold.
    pub stamp: Option<Stamp>,
    /// The book the document is, when it is one: each part's file and
    /// sections (the status line names the document, `B` lists backlinks).
    pub book: Option<Arc<crate::load::book::BookIndex>>,
    /// Why the document's file failed to load again: shown in the status
    /// line until a version loads.
    pub reload_error: Option<String>,
    /// The code blocks' syntax highlighting, advanced by `update` (a step
    /// per action, more between keys) and only read while drawing.
    pub highlight: Highlighter,
    /// A key is still wrapping a long block on its way to a place far
    /// into it (`G`, `50G`, `%`, `:N`, a resize): the loop sends
    /// `Event::WrapStep` between keys, the view follows the wrapped part
    /// and settles at the place; any other key stops it.
    pub(super) wrap_goal: Option<WrapGoal>,
    /// Where the top line was anchored at the last re-wrap, kept while the
    /// view has not moved since, so resizes that come back to a size come
    /// back to the same top line (each re-wrap anchoring afresh drifts up).
    pub(super) resize_anchor: Option<ResizeAnchor>,
    /// The place being read that the version on screen does not hold.
    pub(super) wanted: Option<Wanted>,
    /// [`crate::settings::state::content_hash`] of `doc`'s text, made
    /// once: leaving a 100 MB book by `Ctrl-o` hashed all of it each time
    /// (attack). Emptied with the document ([`Reader::replace_doc`]).
    text_hash: std::cell::OnceCell<String>,
    /// [`Reader::widest_entry`], once measured.
    widest_entry: std::cell::OnceCell<u16>,
    /// Where the match shown when `Esc` cleared the search starts: `n`
    /// straight after goes on from it, as less's does after `ESC-u`.
    pub(super) cleared_match: Option<usize>,
}

impl Reader {
    /// A reader at the top of `doc`, read from no file (tests, the
    /// embedded article, standard input), laid out once the width is
    /// known.
    pub fn new(doc: Document) -> Self {
        let layout = Layout::new(&doc, 0);
        Reader {
            doc,
            layout,
            top: Pos::default(),
            xoff: 0,
            spy: ScrollSpy::default(),
            toc: Toc::default(),
            search: None,
            current_in_view: false,
            marks: Marks::default(),
            link_cursor: None,
            dir: None,
            file: None,
            stdin: false,
            source_hash: 0,
            stamp: None,
            book: None,
            reload_error: None,
            highlight: Highlighter::default(),
            wrap_goal: None,
            resize_anchor: None,
            wanted: None,
            text_hash: std::cell::OnceCell::new(),
            widest_entry: std::cell::OnceCell::new(),
            cleared_match: None,
        }
    }

    /// The columns the widest sidebar entry takes whole (its indent,
    /// number and title, the marker and a count's room), measured once,
    /// over the first entries (a million titles are not read for it).
    pub fn widest_entry(&self) -> u16 {
        *self.widest_entry.get_or_init(|| {
            use unicode_width::UnicodeWidthStr;
            let numbered = self.doc.numbered();
            (0..self.doc.sections.len().min(4096))
                .map(|i| {
                    // `5.1.2 `: about two columns a level.
                    let depth = usize::from(self.doc.sections[i].depth());
                    let number = if numbered { 2 * depth + 3 } else { 0 };
                    depth * 2 + number + self.doc.section_title(i).width()
                })
                .max()
                .map_or(0, |w| (w + 6).min(usize::from(u16::MAX)) as u16)
        })
    }

    /// The version of the text on screen, as the state file records it.
    pub fn text_hash(&self) -> &str {
        self.text_hash
            .get_or_init(|| crate::settings::state::content_hash(self.doc.text()))
    }

    /// Puts `doc` in the place of the document (a new version of it),
    /// and gives back the one it replaces.
    pub(super) fn replace_doc(&mut self, doc: Document) -> Document {
        self.text_hash = std::cell::OnceCell::new();
        self.widest_entry = std::cell::OnceCell::new();
        std::mem::replace(&mut self.doc, doc)
    }

    /// The same, read from `file` (canonical), whose bytes hashed to
    /// `source_hash`: relative links start in its directory.
    pub fn from_file(doc: Document, file: Arc<Path>, source_hash: u64) -> Self {
        Reader {
            dir: file.parent().map(Path::to_path_buf),
            file: Some(file),
            source_hash,
            ..Reader::new(doc)
        }
    }

    /// Link `link`'s address as the document writes it (`./LICENSE`,
    /// `#features`): in a book, not as the book rewrote it to resolve it
    /// from its root ([`crate::load::book::Part::written`]).
    ///
    /// [`Reader::shown_target`] is the address the book resolves.
    pub fn written_target(&self, link: usize) -> &str {
        let written = self.book.as_ref().and_then(|book| {
            let section = self.doc.links.get(link)?.section as usize;
            let part = book.parts.get(book.part_of_section(section)?)?;
            let i = part
                .written
                .binary_search_by_key(&(link as u32), |(l, _)| *l)
                .ok()?;
            Some(&*part.written[i].1)
        });
        written.unwrap_or_else(|| self.doc.link_target(link))
    }

    /// Link `link`'s address as the reader shows it: in a book, a link to
    /// another of its documents was made `#guide/install.md#usage` when the
    /// book was read; it shows as written, `guide/install.md#usage`
    /// (relative to the book's root).
    pub fn shown_target(&self, link: usize) -> &str {
        let target = self.doc.link_target(link);
        if let (Some(book), Some(rest)) = (&self.book, target.strip_prefix('#')) {
            let name = rest.split_once('#').map_or(rest, |(name, _)| name);
            if book.parts.iter().any(|p| p.name == name) {
                return rest;
            }
        }
        target
    }

    /// The same with relative links starting in `dir` (a book's root).
    pub fn in_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.dir = dir;
        self
    }

    /// The same, read from standard input.
    pub fn from_stdin(mut self) -> Self {
        self.stdin = true;
        self
    }

    /// The same as the book `book`.
    pub fn in_book(mut self, book: Option<Arc<crate::load::book::BookIndex>>) -> Self {
        self.book = book;
        self
    }

    /// Where the view is, as a width-independent spot.
    pub fn spot(&mut self) -> Spot {
        // A re-wrap on its way to the top line's place shows the part
        // wrapped so far: the place is the one it goes to.
        if let Some(WrapGoal::Offset {
            block,
            offset,
            blank,
        }) = self.wrap_goal
            && let Some(b) = self.doc.blocks.get(block)
        {
            let offset = if blank { b.end as usize + 1 } else { offset };
            return Spot { block, offset };
        }
        self.spot_of(self.top)
    }

    pub(super) fn spot_of(&mut self, pos: Pos) -> Spot {
        let offset = self.offset_of(pos);
        Spot {
            block: pos.block.min(self.doc.blocks.len().saturating_sub(1)),
            offset,
        }
    }

    /// The position of a spot at the current width.
    pub(super) fn pos_of(&mut self, spot: Spot) -> Pos {
        let Some(last) = self.doc.blocks.len().checked_sub(1) else {
            return Pos::default();
        };
        let block = spot.block.min(last);
        let mut line = self.layout.line_containing(&self.doc, block, spot.offset);
        // Past the end of the block's last line: the blank line after it
        // ([`Reader::offset_of`] gives it so), not the last line.
        if let Some(lines) = self.layout.cached_lines(block)
            && line + 1 == lines.len()
            && lines.get(line).is_some_and(|r| spot.offset > r.end)
        {
            line = lines.len();
        }
        Pos { block, line }
    }

    /// The document offset where a position's line starts.
    pub(super) fn offset_of(&mut self, pos: Pos) -> usize {
        if pos.block >= self.doc.blocks.len() {
            return self.doc.text().len();
        }
        // Only as far into a long block as the line (a quit or a mark at
        // the top of a paragraph of megabytes).
        self.layout.height_past(&self.doc, pos.block, pos.line);
        let lines = self.layout.cached_lines(pos.block).unwrap_or(&[]);
        match lines.get(pos.line) {
            Some(r) => r.start,
            // The blank line after a block: just past it.
            None => lines.last().map_or(0, |r| r.end + 1),
        }
    }

    /// What to remember about this document in the state file, under `key`
    /// with content `hash`: where the view is and the marks.
    pub fn record(&mut self, key: &str, hash: &str) -> DocState {
        let spot = self.spot();
        let position = match &self.wanted {
            Some(w) if w.at == spot => w.anchor.clone(),
            _ => anchor_of(&self.doc, spot, self.top.line),
        };
        let marks = self
            .marks
            .named
            .iter()
            .map(|(&letter, &spot)| (letter, anchor_of(&self.doc, spot, 0)))
            .chain(
                self.marks
                    .away
                    .iter()
                    .map(|(&letter, away)| (letter, away.anchor.clone())),
            )
            .collect();
        DocState {
            key: key.to_string(),
            content_hash: hash.to_string(),
            position,
            sidebar: None,
            chop: None,
            marks,
            saved: now_unix(),
        }
    }

    /// Takes back the marks `file` remembers for `key` (this version,
    /// else any), and says where the view was left: `None` when nothing
    /// is remembered or the place is gone.
    pub fn restore(&mut self, file: &StateFile, key: &str, hash: &str) -> Option<Restored> {
        let (saved, same) = match file.get(key, hash) {
            Some(saved) => (saved, true),
            None => (file.get_any(key)?, false),
        };
        // Left before it was read whole: the version is not known, and
        // taken for this one while its place is there.
        let unknown = saved.content_hash == crate::settings::state::UNKNOWN_VERSION;
        for (&letter, anchor) in &saved.marks {
            match spot_of(&self.doc, anchor) {
                Some(spot) => {
                    self.marks.named.insert(letter, spot);
                }
                None => {
                    let away = self.away_mark(anchor.clone());
                    self.marks.away.insert(letter, away);
                }
            }
        }
        // The same anchor marks and live reload use, whatever the
        // version; the section's start only when the anchor is gone.
        if let Some(spot) = spot_of(&self.doc, &saved.position) {
            return Some(if same || unknown {
                Restored::Spot(spot)
            } else {
                Restored::Moved(spot)
            });
        }
        // (The same version with a place that is not there: a stale or
        // crafted state file, nothing to resume.)
        let id = &saved.position.section_id;
        (0..self.doc.sections.len())
            .filter(|_| !same)
            .find(|&i| self.doc.section_id(i) == id)
            .map(Restored::Section)
    }
}

impl Reader {
    /// A mark at `anchor`, which this version does not hold.
    pub(super) fn away_mark(&self, anchor: Anchor) -> AwayMark {
        let section = (0..self.doc.sections.len())
            .find(|&i| self.doc.section_id(i) == anchor.section_id)
            .map_or_else(
                || anchor.section_id.clone(),
                |i| self.doc.section_title(i).to_string(),
            );
        AwayMark { anchor, section }
    }
}

/// Where a restored reader was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restored {
    /// The same version: that very place.
    Spot(Spot),
    /// Edited since, the place still there (its section, its paragraph
    /// in the section, the place in the paragraph): that place.
    Moved(Spot),
    /// Edited since, the place gone: the start of its section.
    Section(usize),
}

#[cfg(test)]
mod text_hash_tests {
    use super::Reader;
    use crate::settings::state::content_hash;

    fn doc(text: &str) -> crate::model::document::Document {
        crate::load::parse_markdown("a.md", "a", text).expect("loads")
    }

    #[test]
    fn the_text_hash_is_the_documents_and_follows_a_new_version() {
        let a = doc("# A\n\nOne.\n");
        let b = doc("# A\n\nTwo.\n");
        let (ha, hb) = (content_hash(a.text()), content_hash(b.text()));
        assert_ne!(ha, hb);
        let mut reader = Reader::new(a);
        assert_eq!(reader.text_hash(), ha);
        assert_eq!(reader.text_hash(), ha, "asked again: the same");
        drop(reader.replace_doc(b));
        assert_eq!(reader.text_hash(), hb);
    }

    /// A live reload puts the new version in place: its hash, not the
    /// one made before (a position saved on leaving names the version).
    #[test]
    fn a_reload_gives_the_new_versions_hash() {
        use crate::app::{App, Event, Options};
        let (a, b) = (doc("# A\n\nOne.\n"), doc("# A\n\nTwo.\n"));
        let hb = content_hash(b.text());
        let mut app = App::new(a, Options::default());
        app.update(Event::Resize(80, 24));
        let before = app.reader().text_hash().to_string();
        app.update(Event::Reloaded(Box::new(b)));
        assert_ne!(app.reader().text_hash(), before);
        assert_eq!(app.reader().text_hash(), hb);
    }
}
