//! Links on screen: where each visible piece of a link's text is drawn,
//! from the document's link table and the wrapped lines, so drawing
//! (hyperlinks, labels, the link cursor) and the pointer (a click on a
//! link) agree on the same cells.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::App;
use crate::layout::heading_prefix_width;
use crate::wrap::cluster_width;

/// One line's part of a link's text on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPiece {
    /// Index in [`crate::document::Document::links`].
    pub link: usize,
    pub y: u16,
    /// The columns it covers.
    pub x: Range<u16>,
}

impl App {
    /// Every visible piece of link text, in reading order (a link wrapped
    /// over two lines is two pieces).
    pub fn visible_links(&self) -> Vec<LinkPiece> {
        let doc = &self.doc;
        let mut out = Vec::new();
        if doc.links.is_empty() {
            return out;
        }
        let area = self.regions().text;
        let mut block = self.top.block;
        let mut line = self.top.line;
        let mut y = area.y;
        while y < area.bottom() && block < doc.blocks.len() {
            let Some(lines) = self.layout.cached_lines(block) else {
                break;
            };
            let blank_after = block + 1 < doc.blocks.len();
            while y < area.bottom() && line < lines.len() + usize::from(blank_after) {
                if let Some(range) = lines.get(line) {
                    let x = area.x + heading_prefix_width(doc, block) as u16;
                    self.pieces_on_line(range.clone(), x, y, area.right(), &mut out);
                }
                y += 1;
                line += 1;
            }
            block += 1;
            line = 0;
        }
        out
    }

    /// The link pieces on the line showing `range` of the text, drawn from
    /// column `x` (as `view::put` draws it: one cluster after another).
    fn pieces_on_line(
        &self,
        range: Range<usize>,
        x: u16,
        y: u16,
        right: u16,
        out: &mut Vec<LinkPiece>,
    ) {
        let links = &self.doc.links;
        let first = links.partition_point(|l| (l.end as usize) <= range.start);
        let on_line = links[first..]
            .iter()
            .enumerate()
            .take_while(|(_, l)| (l.start as usize) < range.end)
            .filter(|(_, l)| l.end > l.start);
        let text = &self.doc.text()[range.clone()];
        for (i, link) in on_line {
            let (from, to) = (link.start as usize, link.end as usize);
            let mut col = x;
            let mut start = None;
            let mut end = x;
            for (at, g) in text.grapheme_indices(true) {
                let byte = range.start + at;
                let w = cluster_width(g) as u16;
                if byte >= to {
                    break;
                }
                if byte >= from && w > 0 {
                    start.get_or_insert(col);
                    end = col.saturating_add(w);
                }
                col = col.saturating_add(w);
            }
            if let Some(start) = start {
                let end = end.min(right);
                if start < end {
                    out.push(LinkPiece {
                        link: first + i,
                        y,
                        x: start..end,
                    });
                }
            }
        }
    }
}
