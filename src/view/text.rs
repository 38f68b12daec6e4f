//! The text pane: the document as one continuous scroll of wrapped lines,
//! with a scrollbar on its right edge.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};
use unicode_segmentation::UnicodeSegmentation;

use super::put;
use crate::app::App;
use crate::document::BlockKind;
use crate::layout::heading_prefix_width;
use crate::wrap::{cluster_width, shows_hyphen, text_width};

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
                let prefix = heading_prefix_width(doc, block);
                let text_x = area.x + prefix as u16;
                let room = width.saturating_sub(prefix);
                let last_style = match b.kind {
                    BlockKind::Heading => {
                        if line == 0 {
                            let number = doc.section_number(b.section as usize).to_string();
                            put(buf, area.x, y, &number, width, t.heading_number);
                        }
                        let depth = doc.sections[b.section as usize].depth();
                        let style = t.heading_at(depth);
                        put(buf, text_x, y, text, room, style);
                        style
                    }
                    // Rich blocks are drawn as plain text until the
                    // compose step knows them.
                    BlockKind::Paragraph
                    | BlockKind::Subheading { .. }
                    | BlockKind::Code { .. }
                    | BlockKind::Html
                    | BlockKind::Rule
                    | BlockKind::Table { .. } => {
                        put(buf, area.x, y, text, width, t.text);
                        t.text
                    }
                    BlockKind::Source => {
                        put(buf, area.x, y, text, width, t.source);
                        t.source
                    }
                    // Without an address it cannot be followed: a reference.
                    BlockKind::Link { text_len } if b.end - b.start <= text_len => {
                        put(buf, area.x, y, text, width, t.reference);
                        t.reference
                    }
                    BlockKind::Link { text_len } => {
                        // Style the link text and its address apart.
                        let split =
                            (b.start as usize + text_len as usize).clamp(range.start, range.end);
                        let (link_part, url_part) = text.split_at(split - range.start);
                        let x = put(buf, area.x, y, link_part, width, t.link);
                        let used = (x - area.x) as usize;
                        put(buf, x, y, url_part, width.saturating_sub(used), t.url);
                        if url_part.is_empty() { t.link } else { t.url }
                    }
                };
                let last = line + 1 == lines.len();
                let hyphen = shows_hyphen(text, last);
                if hyphen {
                    let x = text_x + text_width(text).min(room) as u16;
                    put(
                        buf,
                        x,
                        y,
                        "-",
                        room.saturating_sub(text_width(text)),
                        last_style,
                    );
                }
                highlight(app, buf, text_x, y, range.clone(), room, hyphen);
            }
            y += 1;
            line += 1;
        }
        block += 1;
        line = 0;
    }
}

/// Paints search matches that fall on one line (`range` of the document
/// text, drawn from column `x`) over the already drawn text: exactly the
/// cells of the clusters a match touches, and the hyphen shown after a
/// line that broke at a soft hyphen inside a match.
fn highlight(
    app: &App,
    buf: &mut Buffer,
    x: u16,
    y: u16,
    range: std::ops::Range<usize>,
    width: usize,
    hyphen: bool,
) {
    let Some(search) = &app.find.search else {
        return;
    };
    let text = app.doc.text();
    // The matches on this line (the one starting before it may run onto it),
    // with their indices in the search.
    let first = search
        .first_at_or_after(&app.doc, range.start)
        .saturating_sub(1);
    let matches: Vec<(usize, std::ops::Range<usize>)> = search
        .iter_from(&app.doc, first)
        .skip_while(|(_, m)| m.end <= range.start)
        .take_while(|(_, m)| m.start < range.end)
        .collect();
    if matches.is_empty() {
        return;
    }
    let line = &text[range.clone()];
    let right = buf
        .area
        .right()
        .min(x.saturating_add(width.min(u16::MAX as usize) as u16));
    let mut paint = |from: u16, w: u16, index: usize| {
        let style = if search.current == Some(index) {
            app.options.theme.search_current
        } else {
            app.options.theme.search_match
        };
        for cx in from..from + w {
            if cx < right && y < buf.area.bottom() {
                // Keep each cell's own style and add the match style on top.
                let cell = &mut buf[(cx, y)];
                let patched = cell.style().patch(style);
                cell.set_style(patched);
            }
        }
    };
    let mut col = x;
    let mut m = 0;
    for (i, g) in line.grapheme_indices(true) {
        let (start, end) = (range.start + i, range.start + i + g.len());
        while matches.get(m).is_some_and(|(_, mm)| mm.end <= start) {
            m += 1;
        }
        let Some((index, found)) = matches.get(m) else {
            return;
        };
        let w = cluster_width(g) as u16;
        if w > 0 && found.start < end {
            paint(col, w, *index);
        }
        col = col.saturating_add(w);
        if col >= right {
            return;
        }
    }
    // The shown hyphen stands for the soft hyphen that ends the line.
    let shy = range
        .end
        .saturating_sub(crate::wrap::SOFT_HYPHEN.len_utf8());
    if hyphen {
        if let Some((index, mm)) = matches[m..].iter().find(|(_, mm)| mm.end > shy) {
            if mm.start <= shy {
                paint(col, 1, *index);
            }
        }
    }
}
