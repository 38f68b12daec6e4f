//! Chop mode (less's `-S`): the text pane scrolled sideways over the lines
//! of code, HTML and tables that are cut at its edge, and scrolled so what
//! a key moves to (a match, a link) shows.

use std::ops::Range;

use super::App;
use crate::render::compose::{self, Src};
use crate::settings::keymap::Command;

impl App {
    /// Columns a sideways step moves: the count typed before the last
    /// step that had one, else half the text pane, as in less.
    pub fn sideways_step(&self) -> usize {
        self.sideways
            .unwrap_or_else(|| usize::from(self.regions().text.width) / 2)
            .max(1)
    }

    /// `Right` (`right`) or `Left`: a step sideways (`count` columns, kept
    /// for later steps, as less's `N→`), to the right only while a row
    /// shown hides text there.
    pub(super) fn scroll_sideways(&mut self, right: bool, count: Option<u32>) {
        if let Some(n) = count {
            self.sideways = usize::try_from(n).ok();
        }
        if !self.chop {
            self.status.message = Some(match self.options.keymap.first_key(&Command::ToggleChop) {
                Some(key) => format!("lines wrap: {key} chops them to scroll sideways"),
                None => "lines wrap: chop mode is off".to_string(),
            });
            return;
        }
        let step = self.sideways_step();
        if right {
            if self.composed.hidden_right {
                self.reader.xoff = self.reader.xoff.saturating_add(step);
            } else {
                self.status.message = Some("nothing more to the right".into());
            }
        } else if self.reader.xoff == 0 {
            self.status.message = Some("at the left edge".into());
        } else {
            self.reader.xoff = self.reader.xoff.saturating_sub(step);
        }
    }

    /// After a re-wrap (a resize, the sidebar toggled): when chopped rows
    /// show and none hides text to the right, scrolls back left as far as
    /// that stays so (the widest row's end at the right edge), so a pane
    /// made wider shows more of the lines rather than blank columns.
    pub(super) fn fit_sideways(&mut self) {
        if !self.chop || self.reader.xoff == 0 {
            return;
        }
        if !self.composed.chopped || self.composed.hidden_right {
            return;
        }
        // Hiding text to the right only grows as the scroll goes left:
        // the least scroll that hides none, by halves.
        let (mut lo, mut hi) = (0, self.reader.xoff);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            self.reader.xoff = mid;
            self.compose_frame();
            if self.composed.hidden_right {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        self.reader.xoff = hi;
        self.compose_frame();
        self.settle_link_cursor();
    }

    /// The mouse's horizontal wheel over the text pane scrolls it
    /// sideways, as `Left` and `Right` do.
    pub(super) fn wheel_sideways(&mut self, column: u16, row: u16, right: bool) {
        let over = self
            .regions()
            .pane
            .contains(ratatui::layout::Position::new(column, row));
        if over && matches!(self.overlay, super::Overlay::None) {
            self.scroll_sideways(right, None);
            // The wheel at an edge is not news.
            self.status.message = None;
        }
    }

    /// In chop mode, scrolls sideways so the text `bytes` shows when it
    /// lies in a block that chops (the current match, the link the cursor
    /// moved to), as less does for a match.
    pub(super) fn reveal_sideways(&mut self, bytes: Range<usize>) {
        if !self.chop {
            return;
        }
        let doc = &self.reader.doc;
        let block = doc.block_at_offset(bytes.start);
        let Some(b) = doc.blocks.get(block) else {
            return;
        };
        if !compose::chops(b.kind) {
            return;
        }
        let table = matches!(b.kind, crate::model::document::BlockKind::Table { .. });
        let width = usize::from(self.regions().text.width).max(1);
        let candidates: Vec<usize> = if table {
            self.reader.layout.ensure(doc, block);
            (0..self.reader.layout.cached_lines(block).map_or(0, <[_]>::len)).collect()
        } else {
            vec![self.reader.layout.line_containing(doc, block, bytes.start)]
        };
        let Some((lines, grid)) = self.reader.layout.cached(block) else {
            return;
        };
        let src = Src::of(doc, block);
        let found = candidates.into_iter().find_map(|line| {
            compose::chop_columns(doc, block, &src, lines, grid, line, width, &bytes)
        });
        if let Some((cols, room)) = found {
            self.reader.xoff = compose::reveal(self.reader.xoff, cols, room);
        }
    }
}
