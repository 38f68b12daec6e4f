//! Links on screen: where each visible piece of a link's text is drawn,
//! from the document's link table and the wrapped lines, so drawing
//! (hyperlinks, labels, the link cursor) and the pointer (a click on a
//! link) agree on the same cells.

use std::ops::Range;

use ratatui::layout::Rect;

use super::{App, Effect};
use crate::model::document::NONE;
use crate::model::link::{Target, classify};
use crate::render::compose::{self, Segment, Src};

/// One line's part of a link's text on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPiece {
    /// Index in [`crate::model::document::Document::links`].
    pub link: usize,
    pub y: u16,
    /// The columns it covers.
    pub x: Range<u16>,
}

impl App {
    /// Every visible piece of link text, in reading order (a link wrapped
    /// over two lines is two pieces): the composed lines' link segments,
    /// where the text pane draws them.
    pub fn visible_links(&self) -> Vec<LinkPiece> {
        let doc = &self.reader.doc;
        let mut out: Vec<LinkPiece> = Vec::new();
        if doc.links.is_empty() {
            return out;
        }
        let area = self.regions().text;
        self.for_each_visible_line(area, |y, segments| {
            pieces_on_line(segments, area.x, y, area.right(), &mut out);
        });
        out
    }

    /// Each row of the text pane `area` from the top, composed as the pane
    /// draws it (blank rows between blocks included): the one walk over
    /// what is on screen, for drawing and for finding links on it. Only
    /// blocks `update` has wrapped are walked; an uncached one ends it.
    pub fn for_each_visible_line(&self, area: Rect, mut each: impl FnMut(u16, &[Segment])) {
        let doc = &self.reader.doc;
        let width = area.width as usize;
        let mut block = self.reader.top.block;
        let mut line = self.reader.top.line;
        let mut y = area.y;
        while y < area.bottom() && block < doc.blocks.len() {
            let Some((lines, grid)) = self.reader.layout.cached(block) else {
                break;
            };
            let src = Src::of(doc, block);
            let blank_after = compose::blank_after(doc, block);
            while y < area.bottom() && line < lines.len() + usize::from(blank_after) {
                let segments = if line < lines.len() {
                    compose::line(doc, block, &src, lines, grid, line, width)
                } else {
                    compose::blank_line(doc, block, width)
                };
                each(y, &segments);
                y += 1;
                line += 1;
            }
            block += 1;
            line = 0;
        }
    }
}

/// The link pieces of one composed line drawn from column `x`: each run
/// of a link's segments, one piece (a link's text broken by a style
/// change is still one piece).
fn pieces_on_line(segments: &[Segment], x: u16, y: u16, right: u16, out: &mut Vec<LinkPiece>) {
    let mut col = x;
    for s in segments {
        let w = s.width().min(u16::MAX as usize) as u16;
        let (start, end) = (col, col.saturating_add(w).min(right));
        col = col.saturating_add(w);
        if s.link == NONE || s.source.is_none() || start >= end {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.link == s.link as usize && last.y == y && last.x.end == start => {
                last.x.end = end;
            }
            _ => out.push(LinkPiece {
                link: s.link as usize,
                y,
                x: start..end,
            }),
        }
    }
}

/// Label letters, home row first (as vimium and qutebrowser do).
const LABEL_LETTERS: &str = "asdfghjklqwertyuiopzxcvbnm";

/// What typing a label does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelsFor {
    Follow,
    Copy,
}

/// The labels shown over the links on screen (`o`, `C`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub purpose: LabelsFor,
    /// Letters typed so far.
    pub typed: String,
    /// Each labelled link: its label and its index in the link table.
    pub links: Vec<(String, usize)>,
}

/// `n` labels, all the same length so none is the start of another: one
/// letter each while there are few enough, else two.
pub fn labels(n: usize) -> Vec<String> {
    let letters: Vec<char> = LABEL_LETTERS.chars().collect();
    let k = letters.len();
    if n <= k {
        return letters[..n].iter().map(|c| c.to_string()).collect();
    }
    (0..n.min(k * k))
        .map(|i| [letters[i / k], letters[i % k]].iter().collect())
        .collect()
}

impl App {
    /// The links on screen, each once, in reading order.
    pub fn links_on_screen(&self) -> Vec<usize> {
        let mut links: Vec<usize> = self.visible_links().into_iter().map(|p| p.link).collect();
        links.sort_unstable();
        links.dedup();
        links
    }

    /// Tab / Shift-Tab: the next or previous link on screen, wrapping.
    pub(super) fn move_link_cursor(&mut self, forward: bool) {
        let on_screen = self.links_on_screen();
        if on_screen.is_empty() {
            self.reader.link_cursor = None;
            self.status.message = Some("no links on screen".into());
            return;
        }
        let at = self
            .reader
            .link_cursor
            .and_then(|l| on_screen.iter().position(|&x| x == l));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => on_screen.len() - 1,
            (Some(i), true) => (i + 1) % on_screen.len(),
            (Some(i), false) => (i + on_screen.len() - 1) % on_screen.len(),
        };
        self.reader.link_cursor = Some(on_screen[next]);
        self.status.message = Some(self.describe_link(on_screen[next]));
    }

    /// `text → address` for the status line.
    fn describe_link(&self, link: usize) -> String {
        let l = &self.reader.doc.links[link];
        let text = &self.reader.doc.text()[l.start as usize..l.end as usize];
        format!("{text} → {}", self.reader.doc.link_target(link))
    }

    /// Opens the labels over the links on screen.
    pub(super) fn open_labels(&mut self, purpose: LabelsFor) {
        let on_screen = self.links_on_screen();
        if on_screen.is_empty() {
            self.status.message = Some("no links on screen".into());
            return;
        }
        let links = labels(on_screen.len()).into_iter().zip(on_screen).collect();
        self.overlay = super::Overlay::Labels(Labels {
            purpose,
            typed: String::new(),
            links,
        });
        self.status.message = Some(match purpose {
            LabelsFor::Follow => "follow: type a label (Esc cancels)".into(),
            LabelsFor::Copy => "copy: type a label (Esc cancels)".into(),
        });
    }

    /// A key while the labels are shown.
    pub(super) fn labels_action(&mut self, action: crate::settings::keymap::Command) {
        let super::Overlay::Labels(labels) = &mut self.overlay else {
            return;
        };
        let crate::settings::keymap::Command::Insert(c) = action else {
            // Esc, or anything else: no label.
            self.overlay = super::Overlay::None;
            return;
        };
        labels.typed.push(c.to_ascii_lowercase());
        let typed = labels.typed.clone();
        let purpose = labels.purpose;
        let matching: Vec<(String, usize)> = labels
            .links
            .iter()
            .filter(|(label, _)| label.starts_with(&typed))
            .cloned()
            .collect();
        match matching.as_slice() {
            [] => {
                self.overlay = super::Overlay::None;
                self.status.message = Some(format!("no link labelled {typed}"));
            }
            [(label, link)] if *label == typed => {
                self.overlay = super::Overlay::None;
                self.reader.link_cursor = Some(*link);
                match purpose {
                    LabelsFor::Follow => self.follow(*link),
                    LabelsFor::Copy => self.copy(*link),
                }
            }
            // A first letter of two-letter labels: wait for the second.
            _ => {}
        }
    }

    /// Follows link `link` of the document.
    pub fn follow(&mut self, link: usize) {
        if link >= self.reader.doc.links.len() {
            return;
        }
        let target = self.reader.doc.link_target(link);
        match classify(target, &self.reader.doc, self.reader.dir.as_deref()) {
            Target::Section(section) => {
                let from = self.reader.spot();
                self.jump_to_section(section);
                if self.reader.spot() != from {
                    self.record_jump(from);
                }
                self.status.message = Some(format!("→ {}", self.place_name(section)));
            }
            Target::Broken { id } => {
                self.status.message = Some(format!("broken link: no section #{id} here"));
            }
            Target::Web(url) => self.effects.push(Effect::OpenUrl(url)),
            Target::Document { path, fragment } => {
                // Ctrl-o comes back here (a failed load leaves the view
                // where it is, and this place on the list is harmless).
                let from = self.reader.spot();
                self.record_jump(from);
                self.effects.push(Effect::OpenDocument {
                    path,
                    anchor: fragment,
                    at: None,
                });
            }
            Target::Refused(why) => self.status.message = Some(format!("not opened: {why}")),
        }
    }

    /// Copies link `link`'s address: to the clipboard through the terminal
    /// when the config allows it, else shown whole in the status line.
    pub fn copy(&mut self, link: usize) {
        if link >= self.reader.doc.links.len() {
            return;
        }
        let address = self.reader.doc.link_target(link).to_string();
        if self.options.clipboard_osc52 {
            self.effects.push(Effect::Copy(address));
        } else {
            self.status.message = Some(address);
        }
    }

    /// Keeps the link cursor on a link that is on screen.
    pub(super) fn settle_link_cursor(&mut self) {
        if let Some(link) = self.reader.link_cursor
            && !self.visible_links().iter().any(|p| p.link == link)
        {
            self.reader.link_cursor = None;
        }
    }

    /// The link drawn at a screen cell, if any.
    pub fn link_at(&self, x: u16, y: u16) -> Option<usize> {
        self.visible_links()
            .into_iter()
            .find(|p| p.y == y && p.x.contains(&x))
            .map(|p| p.link)
    }
}
