//! A new version of the document (a reload): every place the reader holds
//! — the view, marks, the jump list — is carried over by its structural
//! anchor (section id, block within the section, offset in the block: what
//! the state file remembers), and the search is run again on the new text.
//! A version that failed to load leaves everything as it was and its error
//! in the status line until a version loads.

use super::jumps::Place;
use super::{App, Overlay, Spot};
use crate::model::document::Document;
use crate::render::layout::Layout;
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
        block: (spot.block as u32).saturating_sub(doc.sections[section].heading_block),
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
    Some(Spot {
        block,
        offset: b.start as usize + (anchor.offset as usize).min(len),
    })
}

/// Where a place of the old version is in the new one: at its anchor
/// (`true`), else at the start of its section (`false`: the block is
/// gone), else nowhere.
fn carried(old: &Document, new: &Document, spot: Spot) -> Option<(Spot, bool)> {
    let anchor = anchor_of(old, spot, 0);
    if let Some(spot) = spot_of(new, &anchor) {
        return Some((spot, true));
    }
    let section = (0..new.sections.len()).find(|&i| new.section_id(i) == anchor.section_id)?;
    let block = new.sections[section].heading_block as usize;
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
        let top = self.spot();
        let top_line = self.layout.line_of(self.top);
        // The top line can be the blank line after a block.
        let blank = self.top.line >= self.layout.lines(&self.doc, self.top.block).len();
        let jump_target = self
            .spy
            .jump_target
            .map(|s| self.doc.section_id(s).to_string());
        let old = std::mem::replace(&mut self.doc, doc);
        let new = &self.doc;
        let carry = |spot: Spot| carried(&old, new, spot).map(|(spot, _)| spot);
        let place = carried(&old, new, top);
        let marks = std::mem::take(&mut self.marks.named)
            .into_iter()
            .filter_map(|(letter, spot)| Some((letter, carry(spot)?)))
            .collect();
        let last_jump = self.marks.last_jump.and_then(carry);
        self.jumps.carry(carry);
        let search = self.find.search.take().map(|s| (s.query, s.regex));
        drop(old);

        self.marks.named = marks;
        self.marks.last_jump = last_jump;
        self.lay_out_anew();
        self.top = match place {
            Some((spot, exact)) => {
                let mut pos = self.pos_of(spot);
                if exact && blank {
                    pos.line = self.layout.lines(&self.doc, pos.block).len();
                }
                pos
            }
            // The section is gone: the same line, as near as there is one.
            None => self.layout.pos_at_line(&self.doc, top_line),
        };
        self.spy.jump_target = jump_target
            .and_then(|id| (0..self.doc.sections.len()).find(|&i| self.doc.section_id(i) == id))
            .filter(|&s| s != self.current_section());
        // The match list's matches were the old version's.
        if matches!(self.overlay, Overlay::Results(_)) {
            self.overlay = Overlay::None;
        }
        if let Some((query, regex)) = search {
            self.rerun_search(query, regex);
        }
        self.carry_prompt();
        self.reload_error = None;
        self.status.message = Some(self.with_load_warning("reloaded".into()));
    }

    /// A status message, with the document's load warning (invalid
    /// UTF-8 shown as U+FFFD, and where) after it when it has one.
    fn with_load_warning(&self, message: String) -> String {
        match &self.doc.load_warning {
            Some(warning) => format!("{message} · {warning}"),
            None => message,
        }
    }

    /// Lays the document out afresh at the present width (a new version
    /// or another document is in place).
    fn lay_out_anew(&mut self) {
        let width = self.layout.width();
        self.layout = Layout::new(&self.doc, 0);
        self.layout.set_width(&self.doc, width);
        self.highlight.clear();
        self.resize_anchor = None;
        self.sidebar.followed = None;
        self.spy = Default::default();
    }

    /// Puts another document (a followed link) in place of the one on
    /// screen: at section `anchor` when it has one, else at `resume`, else
    /// at the top. The places held belong to the old document and go;
    /// the search is run again on the new one.
    pub(super) fn open_document(
        &mut self,
        mut doc: Document,
        file: std::path::PathBuf,
        anchor: Option<String>,
        resume: Option<(usize, usize)>,
    ) {
        doc.set_numbers(self.options.numbers);
        let search = self.find.search.take().map(|s| (s.query, s.regex));
        // The jump list's places here become places in this file; those
        // in the new file become places here.
        let left = self.doc_file.take();
        let old = &self.doc;
        self.jumps.map(|place| match place {
            Place::Here(spot) => Some(Place::Elsewhere {
                file: left.clone()?,
                anchor: anchor_of(old, spot, 0),
            }),
            elsewhere => Some(elsewhere),
        });
        let file: std::sync::Arc<std::path::Path> = file.into();
        self.left_behind = Some(Box::new(std::mem::replace(&mut self.doc, doc)));
        let new = &self.doc;
        self.jumps.map(|place| match place {
            Place::Elsewhere { file: f, anchor } if f == file => {
                spot_of(new, &anchor).map(Place::Here)
            }
            other => Some(other),
        });
        self.doc_dir = file.parent().map(std::path::Path::to_path_buf);
        if left.as_ref() != Some(&file) {
            self.docs_visited += 1;
        }
        self.doc_file = Some(file);
        self.marks = Default::default();
        self.link_cursor = None;
        self.lay_out_anew();
        self.top = Default::default();
        self.overlay = Overlay::None;
        let title = self.doc.title.clone();
        let section = anchor
            .as_ref()
            .and_then(|id| (0..self.doc.sections.len()).find(|&i| self.doc.section_id(i) == id));
        self.status.message = Some(match (section, &anchor, resume) {
            (Some(section), _, _) => {
                self.jump_to_section(section);
                format!("→ {}", self.doc.breadcrumb(section))
            }
            (None, Some(id), _) => format!("opened {title}; no section #{id} there"),
            (None, None, Some((block, offset))) => {
                self.go_to_spot(Spot { block, offset });
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
            self.rerun_search(query, regex);
        }
        self.reload_error = None;
    }

    /// A reload failed: the version on screen stays, and the error shows
    /// until one loads.
    pub(super) fn reload_failed(&mut self, error: String) {
        self.status.message = Some(error.clone());
        self.reload_error = Some(error);
    }
}
