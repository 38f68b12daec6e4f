//! The table of contents: a tree of sections, the one being read
//! highlighted (scroll-spy), and a cursor when the sidebar has focus.
//! Only the visible slice is drawn, so 60,000 sections cost nothing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::put;
use crate::app::{App, Focus};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.options.theme;
    let focused = app.sidebar.focus == Focus::Sidebar;
    // Right border: a line that brightens when the sidebar has focus.
    let border_x = area.right() - 1;
    let border_style = if focused {
        t.sidebar_border_focused
    } else {
        t.sidebar_border
    };
    for y in area.top()..area.bottom() {
        put(
            buf,
            border_x,
            y,
            if focused { "┃" } else { "│" },
            1,
            border_style,
        );
    }
    let width = area.width.saturating_sub(1) as usize;
    let current = app.current_section();
    for (row, index) in (app.sidebar.offset..app.doc.sections.len())
        .take(area.height as usize)
        .enumerate()
    {
        let s = &app.doc.sections[index];
        let y = area.y + row as u16;
        let is_current = index == current;
        let mut style = if is_current {
            t.sidebar_current
        } else {
            t.sidebar
        };
        if focused && index == app.sidebar.cursor {
            style = style.patch(t.sidebar_cursor);
        }
        let marker = if is_current { "▶" } else { " " };
        let indent = "  ".repeat(s.depth as usize);
        let label = format!("{marker}{indent}{} {}", s.number, s.title);
        // While searching, each entry shows its match count on the right.
        let count = app
            .find
            .search
            .as_ref()
            .and_then(|s| s.counts.get(index).copied())
            .filter(|&n| n > 0)
            .map(|n| format!(" {n}"));
        let count_w = count.as_ref().map_or(0, |c| c.len());
        let label = ellipsize(&label, width.saturating_sub(count_w));
        // Fill the whole row so the cursor bar is visible end to end.
        if focused && index == app.sidebar.cursor {
            put(buf, area.x, y, &" ".repeat(width), width, style);
        }
        put(buf, area.x, y, &label, width, style);
        if let Some(count) = &count {
            if count_w <= width {
                let cx = area.x + (width - count_w) as u16;
                put(buf, cx, y, count, count_w, style.patch(t.match_count));
            }
        }
        if is_current {
            buf[(area.x, y)].modifier.insert(Modifier::BOLD);
        }
    }
}

/// Cuts `s` to `width` columns, ending in `…` when cut.
pub(crate) fn ellipsize(s: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}
