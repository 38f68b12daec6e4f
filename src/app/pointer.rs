//! The mouse: the wheel scrolls whatever is under the pointer, a click
//! selects (and a click on the selected row follows), the scrollbar can be
//! clicked or dragged. Where each list is drawn is computed here, so the
//! views and the pointer agree on it.

use ratatui::layout::{Position, Rect};

use super::{App, Focus, Overlay, PromptKind};
use crate::settings::keymap::Command;

/// Rows the go-to list shows at most.
const GOTO_ROWS: usize = 10;

impl App {
    /// The match list's frame (border included): the bottom of the text
    /// pane, so the previewed match shows above it.
    pub fn results_area(&self) -> Option<Rect> {
        self.results()?;
        let pane = self.regions().pane;
        if pane.width < 3 || pane.height < 3 {
            return None;
        }
        let h = self.results_height().min(pane.height);
        Some(Rect::new(pane.x, pane.bottom() - h, pane.width, h))
    }

    /// The go-to candidates' frame (border included), just above the
    /// status line.
    pub fn goto_area(&self) -> Option<Rect> {
        let p = self.prompt().filter(|p| {
            matches!(
                p.kind,
                PromptKind::GoTo | PromptKind::Links | PromptKind::Backlinks
            )
        })?;
        let pane = self.regions().pane;
        let rows = p.candidates.len().clamp(1, GOTO_ROWS) as u16;
        let h = (rows + 2).min(pane.height);
        if h < 3 || pane.width < 6 {
            return None;
        }
        Some(Rect::new(pane.x, pane.bottom() - h, pane.width, h))
    }

    /// The first go-to candidate shown: the list scrolls to keep the
    /// selected one on its last row.
    pub fn goto_first_shown(&self) -> usize {
        let visible = self
            .goto_area()
            .map_or(1, |a| a.height.saturating_sub(2).max(1) as usize);
        self.prompt()
            .map_or(0, |p| p.selected.saturating_sub(visible - 1))
    }

    pub(super) fn wheel(&mut self, column: u16, row: u16, lines: i16) {
        let r = self.regions();
        let pos = Position::new(column, row);
        let over = |area: Option<Rect>| area.is_some_and(|a| a.contains(pos));
        if matches!(self.overlay, Overlay::Help { .. }) {
            self.help_action(if lines > 0 {
                Command::LineDown
            } else {
                Command::LineUp
            });
        } else if over(self.results_area()) {
            let n = self.reader.search.as_ref().map_or(0, |s| s.matches.len());
            let n = self.results().map_or(n, |r| r.row_count(n));
            let max = n.saturating_sub(self.results_rows());
            if let Overlay::Results(res) = &mut self.overlay {
                res.offset = step(res.offset, lines).min(max);
            }
        } else if over(self.goto_area()) {
            if let Overlay::Prompt(p) = &mut self.overlay {
                let last = p.candidates.len().saturating_sub(1);
                p.selected = step(p.selected, lines).min(last);
            }
        } else if over(r.sidebar) {
            let rows = r.sidebar.map_or(0, |s| s.height as usize);
            let max = self.reader.doc.sections.len().saturating_sub(rows);
            self.reader.toc.offset = step(self.reader.toc.offset, lines).min(max);
        } else if r.pane.contains(pos) {
            self.scroll(lines as i64);
            // Wheel scrolling past the end is not news.
            self.status.message = None;
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let pos = Position::new(column, row);
        self.scrollbar_held = false;
        match &self.overlay {
            Overlay::Help { .. } => self.overlay = Overlay::None,
            Overlay::Results(r) => {
                let (offset, selected) = (r.offset, r.selected);
                let n = self.reader.search.as_ref().map_or(0, |s| s.matches.len());
                // A document's heading row stands for its first match.
                let at = |row: usize| match r.at_row(row) {
                    super::book::ResultRow::Match(m) => m,
                    super::book::ResultRow::Heading(g) => r.groups[g].first,
                };
                match list_row(self.results_area(), pos).map(|i| at(offset + i)) {
                    Some(i) if i == selected => self.results_action(Command::Accept),
                    Some(i) if i < n => self.select_result(i),
                    _ => {}
                }
            }
            Overlay::Prompt(p) => {
                let (selected, n) = (p.selected, p.candidates.len());
                let first = self.goto_first_shown();
                match list_row(self.goto_area(), pos).map(|i| first + i) {
                    Some(i) if i == selected => self.prompt_action(Command::Accept),
                    Some(i) if i < n => {
                        if let Overlay::Prompt(p) = &mut self.overlay {
                            p.selected = i;
                        }
                    }
                    _ => {}
                }
            }
            Overlay::Pending(_) => {}
            Overlay::Labels(_) => self.overlay = Overlay::None,
            Overlay::None => self.click_reading(pos),
        }
    }

    /// A click on the reading view: a link is followed, a sidebar entry
    /// jumps there, the scrollbar moves the view to that point.
    fn click_reading(&mut self, pos: Position) {
        let r = self.regions();
        if let Some(link) = self.link_at(pos.x, pos.y) {
            self.reader.link_cursor = Some(link);
            self.follow(link);
        } else if let Some(s) = r.sidebar.filter(|s| s.contains(pos)) {
            let entry = self.reader.toc.offset + (pos.y - s.y) as usize;
            if entry < self.reader.doc.sections.len() {
                self.reader.toc.cursor = entry;
                self.jump_to_section(entry);
                self.sidebar.focus = Focus::Text;
            }
        } else if r.scrollbar.contains(pos) {
            self.scrollbar_held = true;
            self.scroll_to_bar(pos.y);
        }
    }

    pub(super) fn drag(&mut self, _column: u16, row: u16) {
        if self.scrollbar_held && matches!(self.overlay, Overlay::None) {
            self.scroll_to_bar(row);
        }
    }

    /// Moves the view to the point of the document that row `y` of the
    /// scrollbar stands for: its top row the start, its bottom row the end.
    /// By the heights known now, as the thumb is drawn: finding the last
    /// top exactly wrapped a long last block whole, at every drag event
    /// (and a line far into a long block was wrapped to at once). Both
    /// go in steps now, as `G` and `50G` do.
    fn scroll_to_bar(&mut self, y: u16) {
        let bar = self.regions().scrollbar;
        if bar.height == 0 {
            return;
        }
        let rows = self.text_rows().max(1) as u64;
        let last_line = self.reader.layout.total_lines().saturating_sub(rows);
        let at = u64::from(y.clamp(bar.top(), bar.bottom() - 1) - bar.top());
        let span = u64::from(bar.height - 1).max(1);
        let line = last_line * at / span;
        self.reader.spy.jump_target = None;
        if line >= last_line {
            self.go_to_end();
        } else {
            let pos = self.reader.layout.line_target(line);
            self.step_to_line(pos);
        }
    }
}

/// `value` moved by `lines` (negative: back), not below 0.
fn step(value: usize, lines: i16) -> usize {
    if lines < 0 {
        value.saturating_sub(lines.unsigned_abs() as usize)
    } else {
        value.saturating_add(lines as usize)
    }
}

/// Which row of a bordered list's inside `pos` is on.
fn list_row(frame: Option<Rect>, pos: Position) -> Option<usize> {
    let frame = frame?;
    let inner = Rect::new(
        frame.x + 1,
        frame.y + 1,
        frame.width.saturating_sub(2),
        frame.height.saturating_sub(2),
    );
    inner.contains(pos).then(|| (pos.y - inner.y) as usize)
}
