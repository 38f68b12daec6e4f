//! The text pane: the document as one continuous scroll of wrapped lines,
//! with a scrollbar on its right edge.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};
use unicode_segmentation::UnicodeSegmentation;

use std::ops::Range;

use super::put;
use crate::app::App;
use crate::render::compose::{Role, Segment};
use crate::settings::theme::Theme;
use crate::text::wrap::cluster_width;

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
            .style(app.options().theme.scrollbar)
            .render(scrollbar, buf, &mut state);
    }
}

fn render_lines(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.options().theme;
    // Composed by `update` for this frame, at the pane's full size.
    for (y, segments) in &app.composed().rows {
        if (area.top()..area.bottom()).contains(y) {
            draw_segments(app, buf, area, *y, segments, t);
        }
    }
}

/// Draws one composed line at row `y`, then paints the search matches on
/// its text segments over it.
fn draw_segments(app: &App, buf: &mut Buffer, area: Rect, y: u16, segments: &[Segment], t: &Theme) {
    let mut x = area.x;
    let mut shown: Vec<Shown> = Vec::new();
    for seg in segments {
        let room = area.right().saturating_sub(x) as usize;
        if let Some(r) = &seg.source {
            // Text drawn as itself is painted cluster by cluster; a stand-in
            // (the hyphen of a soft hyphen) as a whole.
            let whole =
                (seg.text != app.reader().doc.text()[r.clone()]).then(|| seg.width() as u16);
            shown.push(Shown {
                x,
                bytes: r.clone(),
                whole,
            });
        }
        let w = seg.width();
        if seg.role != Role::Gap {
            let style = app
                .reader()
                .highlight
                .block_style(seg.role, t.segment(seg.role, seg.inline));
            put(buf, x, y, &seg.text, room, style);
        }
        if seg.role == Role::Code
            && let Some(r) = &seg.source
        {
            colour_code(app, buf, x, y, area.right(), r.clone(), t);
        }
        x = x.saturating_add(w.min(u16::MAX as usize) as u16);
    }
    highlight(app, buf, area.right(), y, &shown);
}

/// Lays the syntax colours highlighted so far over a code segment drawn
/// at `x` (the search matches are painted over them afterwards).
fn colour_code(
    app: &App,
    buf: &mut Buffer,
    x: u16,
    y: u16,
    right: u16,
    bytes: Range<usize>,
    t: &Theme,
) {
    let spans = app.reader().highlight.spans(bytes.clone());
    if spans.is_empty() || y >= buf.area.bottom() {
        return;
    }
    let right = buf.area.right().min(right);
    let mut col = x;
    let mut next = 0;
    for (i, g) in app.reader().doc.text()[bytes.clone()].grapheme_indices(true) {
        let at = (bytes.start + i) as u32;
        while next < spans.len() && spans[next].end <= at {
            next += 1;
        }
        let w = cluster_width(g) as u16;
        if let Some(s) = spans.get(next).filter(|s| s.start <= at) {
            let style = app.reader().highlight.style(s.paint, |r| t.code_role(r));
            for cx in col..col.saturating_add(w).min(right) {
                let cell = &mut buf[(cx, y)];
                let patched = cell.style().patch(style);
                cell.set_style(patched);
            }
        }
        col = col.saturating_add(w);
        if col >= right {
            break;
        }
    }
}

/// A text segment as drawn: its column and the bytes of the document text
/// it shows; `whole` is its width when it stands for them (the hyphen of
/// a soft hyphen) rather than showing them.
struct Shown {
    x: u16,
    bytes: Range<usize>,
    whole: Option<u16>,
}

/// Paints search matches that fall on one line over the already drawn
/// text: exactly the cells of the clusters a match touches, across style
/// changes, and the hyphen of a soft hyphen a match runs through.
fn highlight(app: &App, buf: &mut Buffer, right: u16, y: u16, shown: &[Shown]) {
    let Some(search) = &app.reader().search else {
        return;
    };
    let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
        return;
    };
    let range = first.bytes.start..last.bytes.end.max(first.bytes.end);
    // The matches on this line (the one starting before it may run onto
    // it), with their indices in the search: found without searching the
    // rest of the block.
    let matches = search.overlapping(&app.reader().doc, range);
    if matches.is_empty() {
        return;
    }
    let right = buf.area.right().min(right);
    let paint = |buf: &mut Buffer, col: u16, w: u16, bytes: Range<usize>| {
        let hit = matches
            .iter()
            .find(|(_, m)| m.start < bytes.end && m.end > bytes.start);
        let Some((index, _)) = hit else {
            return;
        };
        let style = if search.current == Some(*index) {
            app.options().theme.search_current
        } else {
            app.options().theme.search_match
        };
        for cx in col..col.saturating_add(w).min(right) {
            if y < buf.area.bottom() {
                // Keep each cell's own style and add the match style on top.
                let cell = &mut buf[(cx, y)];
                let patched = cell.style().patch(style);
                cell.set_style(patched);
            }
        }
    };
    let text = app.reader().doc.text();
    for s in shown {
        if let Some(w) = s.whole {
            paint(buf, s.x, w, s.bytes.clone());
            continue;
        }
        let mut col = s.x;
        for (i, g) in text[s.bytes.clone()].grapheme_indices(true) {
            let start = s.bytes.start + i;
            let w = cluster_width(g) as u16;
            if w > 0 {
                paint(buf, col, w, start..start + g.len());
            }
            col = col.saturating_add(w);
            if col >= right {
                break;
            }
        }
    }
}
