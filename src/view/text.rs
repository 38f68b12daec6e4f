//! The text pane: the document as one continuous scroll of wrapped lines,
//! with a scrollbar on its right edge.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};
use unicode_width::UnicodeWidthStr;

use super::put;
use crate::app::App;
use crate::document::BlockKind;
use crate::layout::heading_prefix_width;

pub fn render(app: &App, area: Rect, scrollbar: Rect, buf: &mut Buffer) {
    if !area.is_empty() {
        render_lines(app, area, buf);
    }
    if !scrollbar.is_empty() {
        let (top, total) = app.position();
        let rows = area.height as usize;
        let max_top = total.saturating_sub(rows as u64);
        let mut state = ScrollbarState::new(max_top as usize + 1)
            .position(top.min(max_top) as usize)
            .viewport_content_length(rows);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .symbols(ratatui::symbols::scrollbar::VERTICAL)
            .style(app.options.theme.scrollbar)
            .render(scrollbar, buf, &mut state);
    }
}

fn render_lines(app: &App, area: Rect, buf: &mut Buffer) {
    let doc = &app.doc;
    let t = &app.options.theme;
    let width = area.width as usize;
    let mut block = app.top.block;
    let mut line = app.top.line;
    let mut y = area.y;
    while y < area.bottom() && block < doc.blocks.len() {
        // `update` wrapped every visible block; an uncached one ends the pane.
        let Some(lines) = app.layout.cached_lines(block) else {
            break;
        };
        let b = doc.blocks[block];
        let blank_after = block + 1 < doc.blocks.len();
        while y < area.bottom() && line < lines.len() + usize::from(blank_after) {
            if let Some(range) = lines.get(line) {
                let text = &doc.text()[range.clone()];
                let text_x = area.x + heading_prefix_width(doc, block) as u16;
                match b.kind {
                    BlockKind::Heading => {
                        let prefix = heading_prefix_width(doc, block);
                        let x = if line == 0 {
                            let number = &doc.sections[b.section as usize].number;
                            put(buf, area.x, y, number, width, t.heading_number);
                            area.x + prefix as u16
                        } else {
                            area.x + prefix as u16
                        };
                        let depth = doc.sections[b.section as usize].depth;
                        let style = t.heading_at(depth);
                        put(buf, x, y, text, width.saturating_sub(prefix), style);
                    }
                    BlockKind::Paragraph => {
                        put(buf, area.x, y, text, width, t.text);
                    }
                    BlockKind::Source => {
                        put(buf, area.x, y, text, width, t.source);
                    }
                    // Without an address it cannot be followed: a reference.
                    BlockKind::Link { text_len } if b.end - b.start <= text_len => {
                        put(buf, area.x, y, text, width, t.reference);
                    }
                    BlockKind::Link { text_len } => {
                        // Style the link text and its address apart.
                        let split =
                            (b.start as usize + text_len as usize).clamp(range.start, range.end);
                        let (link_part, url_part) = text.split_at(split - range.start);
                        let x = put(buf, area.x, y, link_part, width, t.link);
                        let used = link_part.width();
                        put(buf, x, y, url_part, width.saturating_sub(used), t.url);
                    }
                }
                let indent = (text_x - area.x) as usize;
                highlight(
                    app,
                    buf,
                    text_x,
                    y,
                    range.clone(),
                    width.saturating_sub(indent),
                );
            }
            y += 1;
            line += 1;
        }
        block += 1;
        line = 0;
    }
}

/// Paints search matches that fall on one line (`range` of the document
/// text, drawn from column `x`) over the already drawn text.
fn highlight(
    app: &App,
    buf: &mut Buffer,
    x: u16,
    y: u16,
    range: std::ops::Range<usize>,
    width: usize,
) {
    let Some(search) = &app.find.search else {
        return;
    };
    let text = app.doc.text();
    let first = search.matches.partition_point(|m| m.end <= range.start);
    for (i, m) in search.matches.iter().enumerate().skip(first) {
        if m.start >= range.end {
            break;
        }
        let start = m.start.max(range.start);
        let end = m.end.min(range.end);
        let offset = text[range.start..start].width();
        if offset >= width {
            break;
        }
        let style = if search.current == Some(i) {
            app.options.theme.search_current
        } else {
            app.options.theme.search_match
        };
        // Keep each cell's own style and add the match style on top.
        let mut col = x + offset as u16;
        for c in text[start..end].chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16;
            for dx in 0..w.max(1) {
                let cx = col + dx;
                if cx < buf.area.right() && ((cx - x) as usize) < width {
                    let cell = &mut buf[(cx, y)];
                    let patched = cell.style().patch(style);
                    cell.set_style(patched);
                }
            }
            col += w;
        }
    }
}
