//! The text pane as this frame shows it: each visible row composed once,
//! by `update` (in `settle`), and kept. The view draws these rows, the
//! link cursor, the labels and the hyperlink cells from them, and a click
//! finds its link in them: nothing composes a line twice, and nothing in
//! the view calls back into the app to compose.

use std::ops::Range;

use ratatui::layout::Rect;

use super::{App, Reader};
use crate::model::document::NONE;
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

/// The composed rows of the text pane and the link pieces on them.
#[derive(Debug, Clone, Default)]
pub struct Composed {
    /// The text pane's area the rows were composed for.
    pub area: Rect,
    /// Each row drawn, from the top (blank rows between blocks included):
    /// its screen row and its segments.
    pub rows: Vec<(u16, Vec<Segment<'static>>)>,
    /// Every visible piece of link text, in reading order (a link wrapped
    /// over two lines is two pieces).
    pub links: Vec<LinkPiece>,
    /// Chop mode: the links on the chopped rows shown, whether the window
    /// shows them or they lie to a side (Tab reaches them and scrolls).
    pub links_aside: Vec<usize>,
    /// Chop mode: whether a row shown hides text to the left, to the right.
    pub hidden_left: bool,
    pub hidden_right: bool,
    /// Chop mode: whether any row shown is a chopped one.
    pub chopped: bool,
}

impl App {
    /// The text pane as composed for the frame on screen.
    pub fn composed(&self) -> &Composed {
        &self.composed
    }

    /// Every visible piece of link text, in reading order.
    pub fn visible_links(&self) -> &[LinkPiece] {
        &self.composed.links
    }

    /// Composes the rows the text pane shows now (`settle`, once the
    /// visible blocks are wrapped).
    pub(super) fn compose_frame(&mut self) {
        let area = self.regions().text;
        let mut composed = Composed {
            area,
            rows: Vec::with_capacity(area.height as usize),
            links: Vec::new(),
            links_aside: Vec::new(),
            hidden_left: false,
            hidden_right: false,
            chopped: false,
        };
        let with_links = !self.reader.doc.links.is_empty();
        let chop = self.chop.then_some(self.reader.xoff);
        for_each_visible_line(&self.reader, area, chop, |y, line| {
            let segments = match line {
                Row::Whole(segments) => segments,
                Row::Chopped(chopped) => {
                    if with_links {
                        composed
                            .links_aside
                            .extend(chopped.link_columns().into_iter().map(|(l, _)| l as usize));
                    }
                    let w = chopped.window(chop.unwrap_or(0));
                    composed.hidden_left |= w.left;
                    composed.hidden_right |= w.right;
                    composed.chopped = true;
                    w.segments
                }
            };
            if with_links {
                pieces_on_line(&segments, area.x, y, area.right(), &mut composed.links);
            }
            let owned = segments.into_iter().map(Segment::into_owned).collect();
            composed.rows.push((y, owned));
        });
        self.composed = composed;
    }
}

/// A row of the text pane: composed whole, or (chop mode) a chopped line
/// still to be cut to its window.
enum Row<'a> {
    Whole(Vec<Segment<'a>>),
    Chopped(compose::ChopLine<'a>),
}

/// Each row of the text pane `area` from the top, composed (blank rows
/// between blocks included); with `chop` (the sideways scroll), the lines
/// of the blocks that chop as [`Row::Chopped`]. Only blocks `update` has
/// wrapped are walked; an uncached one ends it.
fn for_each_visible_line<'a>(
    reader: &'a Reader,
    area: Rect,
    chop: Option<usize>,
    mut each: impl FnMut(u16, Row<'a>),
) {
    let doc = &reader.doc;
    let width = area.width as usize;
    let mut block = reader.top.block;
    let mut line = reader.top.line;
    let mut y = area.y;
    while y < area.bottom() && block < doc.blocks.len() {
        let Some((lines, grid)) = reader.layout.cached(block) else {
            break;
        };
        let src = Src::of(doc, block);
        let blank_after = compose::blank_after(doc, block);
        while y < area.bottom() && line < lines.len() + usize::from(blank_after) {
            let chopped = chop.and_then(|xoff| {
                compose::chop_line(doc, block, &src, lines, grid, line, width, xoff)
            });
            let row = match chopped {
                Some(c) => Row::Chopped(c),
                None if line < lines.len() => {
                    Row::Whole(compose::line(doc, block, &src, lines, grid, line, width))
                }
                None => Row::Whole(compose::blank_line(doc, block, width)),
            };
            each(y, row);
            y += 1;
            line += 1;
        }
        block += 1;
        line = 0;
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
