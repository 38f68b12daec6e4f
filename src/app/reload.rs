//! A new version of the document (a reload): every place the reader holds
//! — the view, marks, the jump list — is carried over by its structural
//! anchor (section id, block within the section, offset in the block: what
//! the state file remembers), and the search is run again on the new text.
//! A version that failed to load leaves everything as it was and its error
//! in the status line until a version loads.

use super::jumps::Place;
use super::{App, Overlay, READERS_KEPT, Reader, Spot, Stamp};
use crate::model::document::Document;
use crate::model::link::Target;
use crate::render::layout::Layout;
use crate::render::layout::Pos;
use crate::settings::state::Anchor;

/// The anchor of a spot: section id, block within the section, offset in
/// the block.
pub fn anchor_of(doc: &Document, spot: Spot, line: usize) -> Anchor {
    let Some(block) = doc.blocks.get(spot.block) else {
        return Anchor::default();
    };
    let section = block.section as usize;
    let start = block.start as usize;
    Anchor {
        section_id: doc.section_id(section).to_string(),
        block: (spot.block as u32).saturating_sub(doc.section_start(section) as u32),
        offset: spot.offset.saturating_sub(start).min(u32::MAX as usize) as u32,
        line: line.min(u32::MAX as usize) as u32,
    }
}

/// The spot an anchor names, if its section still exists and holds the
/// anchor's block; the offset is clamped into the block. An anchor past
/// its section's blocks (a crafted or stale state file) names nothing.
pub fn spot_of(doc: &Document, anchor: &Anchor) -> Option<Spot> {
    let section = (0..doc.sections.len()).find(|&i| doc.section_id(i) == anchor.section_id)?;
    let own = doc.own_blocks(section);
    // The source line after the last section belongs to no section's own
    // blocks; an anchor there is kept when it still exists.
    let end = if section + 1 == doc.sections.len() {
        doc.blocks.len()
    } else {
        own.end.max(own.start + 1)
    };
    let block = own
        .start
        .checked_add(anchor.block as usize)
        .filter(|&b| b < end)?;
    let b = doc.blocks.get(block)?;
    let len = (b.end - b.start) as usize;
    // One past the end is the blank line after the block (see
    // `Reader::offset_of`); further is clamped to the block.
    let offset = match anchor.offset as usize {
        o if o == len + 1 => o,
        o => o.min(len),
    };
    Some(Spot {
        block,
        offset: b.start as usize + offset,
    })
}

/// The anchor in `new` of a place whose section was renamed: the same
/// number of sections, and at the anchor's section's place one whose id
/// the old version did not have. A heading edited while it is read keeps
/// the reader on its text instead of calling the place gone.
fn renamed(old: &Document, new: &Document, anchor: &Anchor) -> Option<Anchor> {
    if old.sections.len() != new.sections.len() {
        return None;
    }
    let i = (0..old.sections.len()).find(|&i| old.section_id(i) == anchor.section_id)?;
    let id = new.section_id(i);
    if (0..old.sections.len()).any(|k| old.section_id(k) == id) {
        return None;
    }
    Some(Anchor {
        section_id: id.to_string(),
        ..anchor.clone()
    })
}

/// The spot of `anchor` in `new`, or of the same place under a renamed
/// heading.
fn spot_in(old: &Document, new: &Document, anchor: &Anchor) -> Option<Spot> {
    spot_of(new, anchor).or_else(|| spot_of(new, &renamed(old, new, anchor)?))
}

/// Where a place of the old version is in the new one: at its anchor
/// (`true`), else at the start of its section (`false`: the block is
/// gone), else nowhere.
fn carried(old: &Document, new: &Document, spot: Spot) -> Option<(Spot, bool)> {
    let anchor = anchor_of(old, spot, 0);
    if let Some(spot) = spot_in(old, new, &anchor) {
        return Some((spot, true));
    }
    let section = (0..new.sections.len()).find(|&i| new.section_id(i) == anchor.section_id)?;
    let block = new.section_start(section);
    let spot = Spot {
        block,
        offset: new.blocks.get(block)?.start as usize,
    };
    Some((spot, false))
}

impl App {
    /// Puts `doc` in place of the document on screen, keeping the reader's
    /// places and search.
    pub(super) fn reload(&mut self, mut doc: Document) {
        doc.set_numbers(self.options.numbers);
        let top = self.reader.spot();
        let top_line = self.reader.layout.line_of(self.reader.top);
        // The place being read: where the view is, or, while the view
        // stays where a version without it put it, that place.
        let wanted = match self.reader.wanted.take() {
            Some(w) if w.at == top => w.anchor,
            _ => anchor_of(&self.reader.doc, top, 0),
        };
        let jump_target = self
            .reader
            .spy
            .jump_target
            .map(|s| self.reader.doc.section_id(s).to_string());
        let old = self.reader.replace_doc(doc);
        let new = &self.reader.doc;
        let carry = |spot: Spot| carried(&old, new, spot).map(|(spot, _)| spot);
        // Marks go where their anchors are; a mark whose place this
        // version does not hold is kept away until one does.
        let mut marks = std::collections::BTreeMap::new();
        let mut away = std::mem::take(&mut self.reader.marks.away);
        for (letter, spot) in std::mem::take(&mut self.reader.marks.named) {
            let anchor = anchor_of(&old, spot, 0);
            match spot_in(&old, new, &anchor) {
                Some(spot) => {
                    marks.insert(letter, spot);
                }
                None => {
                    let section = old
                        .blocks
                        .get(spot.block)
                        .map_or("", |b| old.section_title(b.section as usize));
                    away.insert(
                        letter,
                        super::AwayMark {
                            anchor,
                            section: section.to_string(),
                        },
                    );
                }
            }
        }
        away.retain(|&letter, a| match spot_of(new, &a.anchor) {
            Some(spot) => {
                marks.insert(letter, spot);
                false
            }
            None => true,
        });
        let last_jump = self.reader.marks.last_jump.and_then(carry);
        self.jumps.carry(carry);
        let search = self.reader.search.take().map(|s| (s.query, s.regex));
        let wanted = match spot_of(new, &wanted) {
            Some(_) => wanted,
            None => renamed(&old, new, &wanted).unwrap_or(wanted),
        };
        drop(old);

        self.reader.marks.named = marks;
        self.reader.marks.away = away;
        self.reader.marks.last_jump = last_jump;
        self.lay_out_anew(self.reader.layout.width());
        let new = &self.reader.doc;
        let exact = spot_of(new, &wanted);
        let section = (0..new.sections.len()).find(|&i| new.section_id(i) == wanted.section_id);
        self.reader.top = match (exact, section) {
            (Some(spot), _) => self.reader.pos_of(spot),
            // Its paragraph is gone: the start of its section.
            (None, Some(section)) => Pos {
                block: new.section_start(section),
                line: 0,
            },
            // The section is gone: the same line, as near as there is one.
            (None, None) => self.reader.layout.pos_at_line(&self.reader.doc, top_line),
        };
        // Not there: kept, to go back to when a version holds it again.
        let missing = exact.is_none();
        if missing {
            self.clamp_top();
            let at = self.reader.spot();
            self.reader.wanted = Some(super::reader::Wanted { anchor: wanted, at });
        }
        self.reader.spy.jump_target = jump_target
            .and_then(|id| {
                (0..self.reader.doc.sections.len()).find(|&i| self.reader.doc.section_id(i) == id)
            })
            .filter(|&s| s != self.current_section());
        // The match list's matches were the old version's.
        if matches!(self.overlay, Overlay::Results(_)) {
            self.overlay = Overlay::None;
        }
        if let Some((query, regex)) = search {
            self.rerun_search(query, regex, false);
        }
        self.carry_prompt();
        self.reader.reload_error = None;
        let said = if missing {
            "reloaded; the place you were reading is not in this version (kept until it is back)"
        } else {
            "reloaded"
        };
        self.status.message = Some(self.with_load_warning(said.into()));
    }

    /// A status message, with the document's load warning (invalid
    /// UTF-8 shown as U+FFFD, and where) after it when it has one.
    fn with_load_warning(&self, message: String) -> String {
        match &self.reader.doc.load_warning {
            Some(warning) => format!("{message} · {warning}"),
            None => message,
        }
    }

    /// Lays the document out afresh at `width` (a new version or another
    /// document is in place).
    pub(super) fn lay_out_anew(&mut self, width: usize) {
        self.reader.layout = Layout::new(&self.reader.doc, 0);
        self.reader
            .layout
            .set_view(&self.reader.doc, width, self.chop);
        self.reader.highlight.clear();
        self.reader.resize_anchor = None;
        self.reader.toc.followed = None;
        self.reader.spy = Default::default();
    }

    /// Puts another document's reader (a followed link, `Ctrl-o` back to
    /// one) in place of the one on screen: at section `anchor` when it has
    /// one, else at `resume`, else at the top. The reader left is kept as
    /// it was left, with its file's `left_stamp`; the search is run again
    /// on the new document.
    pub(super) fn open_reader(
        &mut self,
        mut reader: Reader,
        anchor: Option<String>,
        resume: Option<Spot>,
        left_stamp: Option<Stamp>,
    ) {
        reader.doc.set_numbers(self.options.numbers);
        self.opened_elsewhere();
        let search = self.reader.search.take().map(|s| (s.query, s.regex));
        let width = self.reader.layout.width();
        // The jump list's places here become places in this file; those
        // in the new file become places here.
        // A book has no file: its places are the book's.
        let left = self.reader.file.clone();
        let left_a_book = left.is_none() && self.reader.book.is_some();
        let old = &self.reader.doc;
        self.jumps.map(|place| match place {
            Place::Here(spot) if left_a_book => Some(Place::Book {
                anchor: anchor_of(old, spot, 0),
            }),
            Place::Here(spot) => Some(Place::Elsewhere {
                file: left.clone()?,
                anchor: anchor_of(old, spot, 0),
            }),
            elsewhere => Some(elsewhere),
        });
        let mut old = std::mem::replace(&mut self.reader, reader);
        let file = self.reader.file.clone();
        let new = &self.reader.doc;
        let a_book = file.is_none() && self.reader.book.is_some();
        self.jumps.map(|place| match place {
            Place::Elsewhere { file: f, anchor } if Some(&f) == file.as_ref() => {
                spot_of(new, &anchor).map(Place::Here)
            }
            Place::Book { anchor } if a_book => spot_of(new, &anchor).map(Place::Here),
            other => Some(other),
        });
        if left != file {
            self.docs_visited += 1;
        }
        // Only a reader of a file can be asked for again.
        self.recent.retain(|r| r.file != file);
        if left_a_book {
            // The only way back into the book: kept whatever else is read.
            self.left_book = Some(Box::new(old));
        } else if old.file.is_some() {
            old.stamp = left_stamp;
            self.recent.retain(|r| r.file != old.file);
            self.recent.insert(0, old);
            self.recent.truncate(READERS_KEPT);
        }
        // Laid out at this width, from the top: where it goes is below.
        self.lay_out_anew(width);
        self.reader.top = Default::default();
        self.overlay = Overlay::None;
        let title = self.reader.doc.title.clone();
        // `other.md#id` lands where `#id` would inside it: a section, or
        // an anchor's block (`<a name>`, an element's `id`, a footnote).
        let place = anchor
            .as_ref()
            .and_then(|id| crate::model::link::place_of_id(&self.reader.doc, id));
        let section = match place {
            Some(Target::Section(section)) => {
                self.jump_to_section(section);
                Some(section)
            }
            Some(Target::Block { section, block }) => {
                if let Some(offset) = self.reader.doc.blocks.get(block).map(|b| b.start as usize) {
                    self.go_to_spot(Spot { block, offset });
                }
                Some(section)
            }
            _ => None,
        };
        self.status.message = Some(match (section, &anchor, resume) {
            (Some(section), _, _) => format!("→ {}", self.reader.doc.breadcrumb(section)),
            (None, Some(id), _) => format!("opened {title}; no section #{id} there"),
            (None, None, Some(spot)) => {
                self.go_to_spot(spot);
                format!("opened {title}; resumed where you left it")
            }
            (None, None, None) => format!("opened {title}"),
        });
        self.status.message = self
            .status
            .message
            .take()
            .map(|m| self.with_load_warning(m));
        if let Some((query, regex)) = search {
            self.rerun_search(query, regex, false);
        }
    }

    /// Shows again the reader kept for `file`, as it was left (at `at`, a
    /// place of the jump list, when given). Nothing happens when no reader
    /// is kept for it: the event loop asks only after [`App::kept`] found
    /// one.
    pub(super) fn reopen_reader(
        &mut self,
        file: &std::path::Path,
        anchor: Option<String>,
        at: Option<Anchor>,
        left_stamp: Option<Stamp>,
    ) {
        let Some(i) = self
            .recent
            .iter()
            .position(|r| r.file.as_deref() == Some(file))
        else {
            return;
        };
        let mut reader = self.recent.remove(i);
        let resume = at
            .and_then(|at| spot_of(&reader.doc, &at))
            .unwrap_or_else(|| reader.spot());
        self.open_reader(reader, anchor, Some(resume), left_stamp);
    }

    /// A reload failed: the version on screen stays, and the error shows
    /// until one loads.
    pub(super) fn reload_failed(&mut self, error: String) {
        self.status.message = Some(error.clone());
        self.reader.reload_error = Some(error);
    }
}
